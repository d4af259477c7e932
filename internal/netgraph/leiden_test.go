package netgraph_test

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tideline-oss/tideline/internal/netgraph"
	"github.com/tideline-oss/tideline/internal/sharedtest"
)

// plantedPartition returns a stochastic block model (Holland, Laskey and
// Leinhardt 1983, Social Networks 5:109) of k groups of s nodes: each pair
// inside a group is an edge with probability pin, each pair across groups
// with probability pout. Weights are 1, or uniform in [0.5, 5) when
// weighted. It also returns the planted membership.
func plantedPartition(seed uint64, k, s int, pin, pout float64, weighted bool) (*netgraph.Graph, []int) {
	rng := rand.New(rand.NewPCG(seed, 5))
	n := k * s
	planted := make([]int, n)
	var edges []netgraph.Edge
	for u := 0; u < n; u++ {
		planted[u] = u / s
		for v := u + 1; v < n; v++ {
			p := pout
			if u/s == v/s {
				p = pin
			}
			if rng.Float64() < p {
				w := 1.0
				if weighted {
					w = 0.5 + 4.5*rng.Float64()
				}
				edges = append(edges, netgraph.Edge{U: u, V: v, W: w})
			}
		}
	}
	return netgraph.NewUndirected(n, edges), planted
}

// smallComponents returns a graph of many small connected pieces: trees of
// 1 to 8 nodes with a few extra random edges inside each, so Leiden must
// keep every piece apart and may split the larger ones.
func smallComponents(seed uint64, pieces int, weighted bool) *netgraph.Graph {
	rng := rand.New(rand.NewPCG(seed, 6))
	var edges []netgraph.Edge
	n := 0
	for range pieces {
		size := 1 + rng.IntN(8)
		for i := 1; i < size; i++ {
			w := 1.0
			if weighted {
				w = 0.5 + 4.5*rng.Float64()
			}
			edges = append(edges, netgraph.Edge{U: n + i, V: n + rng.IntN(i), W: w})
		}
		for range rng.IntN(size) {
			edges = append(edges, netgraph.Edge{U: n + rng.IntN(size), V: n + rng.IntN(size), W: 1})
		}
		n += size
	}
	return netgraph.NewUndirected(n, edges)
}

// assertNodeOptimal checks that no node of g can raise the modularity of
// membership at resolution gamma by moving to a neighbouring community or to
// a community of its own (the guarantee of a stable Leiden iteration).
func assertNodeOptimal(t *testing.T, g *netgraph.Graph, membership []int, gamma float64) {
	t.Helper()
	twoM := 2 * g.TotalWeight()
	tot := make([]float64, g.N())
	for v, c := range membership {
		tot[c] += g.Strength(v)
	}
	bad := 0
	for v, d := range membership {
		kv := g.Strength(v)
		into := map[int]float64{}
		for j, u := range g.Neighbours(v) {
			into[membership[u]] += g.Weights(v)[j]
		}
		stay := into[d] - gamma*kv*(tot[d]-kv)/twoM
		best, to := 0-stay, -1 // a community of its own
		for c, x := range into {
			if c != d {
				if gain := x - gamma*kv*tot[c]/twoM - stay; gain > best {
					best, to = gain, c
				}
			}
		}
		if best > 1e-9 {
			if bad++; bad <= 3 {
				t.Errorf("node %d in community %d gains ΔH = %g by moving to %d (-1: alone); want no gain", v, d, best, to)
			}
		}
	}
}

func TestLeiden(t *testing.T) {
	opt := netgraph.LeidenOptions{}
	stable := netgraph.LeidenOptions{Iterations: -1}

	t.Run("PlantedCliques", func(t *testing.T) {
		g, planted := ringOfCliques(6, 8)
		for seed := uint64(0); seed < 10; seed++ {
			got, q := netgraph.Leiden(g, 1, seed, opt)
			if !samePartition(got, planted) {
				t.Errorf("Leiden(ring of 6 K8, seed %d) = %v; want planted %v", seed, got, planted)
			}
			if want := netgraph.Modularity(g, planted, 1); !near(q, want, 1e-12) {
				t.Errorf("Leiden(seed %d) Q = %v; want %v", seed, q, want)
			}
		}
	})

	t.Run("PlantedPartition", func(t *testing.T) {
		// Ten groups of 40, expected inside degree 12, outside 3.6: the
		// planted partition is far above the detectability threshold and
		// every seed must find it exactly.
		for _, weighted := range []bool{false, true} {
			g, planted := plantedPartition(11, 10, 40, 0.3, 0.01, weighted)
			for seed := uint64(0); seed < 5; seed++ {
				got, q := netgraph.Leiden(g, 1, seed, opt)
				if !samePartition(got, planted) {
					t.Errorf("Leiden(planted, weighted=%v, seed %d) misses the planted partition: Q = %.4f, planted Q = %.4f",
						weighted, seed, q, netgraph.Modularity(g, planted, 1))
				}
			}
		}
	})

	t.Run("Deterministic", func(t *testing.T) {
		g := randomGraph(21, 2000, 8000, true)
		a, qa := netgraph.Leiden(g, 1, 7, opt)
		b, qb := netgraph.Leiden(g, 1, 7, opt)
		if !slices.Equal(a, b) || qa != qb {
			t.Errorf("Leiden(seed 7) differs between runs: Q %v vs %v", qa, qb)
		}
		assertCanonical(t, a)
		if got := netgraph.Modularity(g, a, 1); !near(got, qa, 1e-12) {
			t.Errorf("Modularity(Leiden membership) = %v; want returned Q %v", got, qa)
		}
	})

	t.Run("IteratingNeverLowersQ", func(t *testing.T) {
		// Every iteration starts from the last one's partition and only
		// makes improving moves and splits, so with the same seed (the same
		// first iteration) more iterations cannot lower Q.
		for seed := uint64(0); seed < 10; seed++ {
			g := randomGraph(100+seed, 600, 1800, seed%2 == 0)
			_, q1 := netgraph.Leiden(g, 1, seed, netgraph.LeidenOptions{Iterations: 1})
			_, q2 := netgraph.Leiden(g, 1, seed, opt)
			member, qs := netgraph.Leiden(g, 1, seed, stable)
			if q2 < q1-1e-12 || qs < q2-1e-12 {
				t.Errorf("Leiden(seed %d) Q after 1, 2, stable iterations = %.6f, %.6f, %.6f; want non-decreasing", seed, q1, q2, qs)
			}
			assertNodeOptimal(t, g, member, 1)
		}
	})

	t.Run("Randomness", func(t *testing.T) {
		// A large θ makes refinement merges nearly uniform among the
		// non-negative ones; the result must stay a valid, connected,
		// node-optimal partition.
		g := randomGraph(5, 500, 2000, false)
		for _, theta := range []float64{1e-6, 0.01, 1, 100} {
			m, q := netgraph.Leiden(g, 1, 3, netgraph.LeidenOptions{Randomness: theta, Iterations: -1})
			assertConnected(t, g, m)
			assertNodeOptimal(t, g, m, 1)
			if q < 0.3 {
				t.Errorf("Leiden(θ=%v) Q = %.4f; want >= 0.3 on this sparse graph", theta, q)
			}
		}
	})

	t.Run("Resolution", func(t *testing.T) {
		g, _ := ringOfCliques(4, 10)
		zero, _ := netgraph.Leiden(g, 0, 1, opt)
		if want := make([]int, 40); !slices.Equal(zero, want) {
			t.Errorf("Leiden(γ=0) = %v; want one community", zero)
		}
		high, _ := netgraph.Leiden(g, 100, 1, opt)
		if got := slices.Max(high) + 1; got <= 4 {
			t.Errorf("Leiden(γ=100) found %d communities; want more than 4", got)
		}
		for _, gamma := range []float64{0.5, 2} {
			g := randomGraph(8, 300, 1200, true)
			m, q := netgraph.Leiden(g, gamma, 1, stable)
			if got := netgraph.Modularity(g, m, gamma); !near(got, q, 1e-12) {
				t.Errorf("Leiden(γ=%v) Q = %v; want Modularity(γ) %v", gamma, q, got)
			}
			assertNodeOptimal(t, g, m, gamma)
		}
	})

	t.Run("CPM", func(t *testing.T) {
		cpm := netgraph.LeidenOptions{Objective: netgraph.ObjectiveCPM}
		g, planted := ringOfCliques(5, 6)
		m, h := netgraph.Leiden(g, 0.5, 1, cpm)
		if !samePartition(m, planted) {
			t.Errorf("Leiden(CPM γ=0.5, ring of K6) = %v; want the cliques %v", m, planted)
		}
		// Five K6 with 15 edges each, minus 0.5·15 per clique.
		if want := 5 * (15 - 0.5*15); h != want {
			t.Errorf("Leiden(CPM γ=0.5) H = %v; want %v", h, want)
		}
		// γ above every edge density: unit edges never pay for a pair.
		if m, h := netgraph.Leiden(g, 1.5, 1, cpm); slices.Max(m)+1 != g.N() || h != 0 {
			t.Errorf("Leiden(CPM γ=1.5) = %d communities, H %v; want %d singletons, 0", slices.Max(m)+1, h, g.N())
		}
		// γ = 0: every component is one community.
		sc := smallComponents(3, 30, false)
		m, _ = netgraph.Leiden(sc, 0, 1, cpm)
		labels, _ := netgraph.Components(sc)
		if !samePartition(m, labels) {
			t.Errorf("Leiden(CPM γ=0) = %v; want the components %v", m, labels)
		}
		// Planted groups of density ~0.3 against 0.01 across: γ = 0.1
		// recovers them without the resolution limit of modularity, even
		// with many small groups.
		pg, planted := plantedPartition(12, 40, 12, 0.6, 0.005, false)
		m, h = netgraph.Leiden(pg, 0.1, 2, cpm)
		if !samePartition(m, planted) {
			t.Errorf("Leiden(CPM γ=0.1, 40 groups of 12) misses the planted groups: H = %v, planted H = %v", h, netgraph.CPM(pg, planted, 0.1))
		}
		assertConnected(t, pg, m)
	})

	t.Run("Empty", func(t *testing.T) {
		m, q := netgraph.Leiden(netgraph.NewUndirected(0, nil), 1, 1, opt)
		if len(m) != 0 || q != 0 {
			t.Errorf("Leiden(empty) = %v, %v; want [], 0", m, q)
		}
	})

	t.Run("Edgeless", func(t *testing.T) {
		g := netgraph.NewUndirected(4, []netgraph.Edge{{U: 1, V: 1, W: 1}, {U: 0, V: 2, W: 0}})
		for _, o := range []netgraph.Objective{netgraph.ObjectiveModularity, netgraph.ObjectiveCPM} {
			m, q := netgraph.Leiden(g, 1, 1, netgraph.LeidenOptions{Objective: o})
			if want := []int{0, 1, 2, 3}; !slices.Equal(m, want) || q != 0 {
				t.Errorf("Leiden(%v, 4 nodes without edge weight) = %v, %v; want %v, 0", o, m, q, want)
			}
		}
	})

	t.Run("Disconnected", func(t *testing.T) {
		g := netgraph.NewUndirected(7, []netgraph.Edge{
			{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 2, V: 0, W: 1},
			{U: 4, V: 5, W: 1}, {U: 5, V: 6, W: 1}, {U: 6, V: 4, W: 1},
		})
		m, q := netgraph.Leiden(g, 1, 1, opt)
		if want := []int{0, 0, 0, 2, 1, 1, 1}; !slices.Equal(m, want) || !near(q, 0.5, 1e-15) {
			t.Errorf("Leiden(two triangles + isolate) = %v, Q %v; want %v, 0.5", m, q, want)
		}
	})

	t.Run("Panics", func(t *testing.T) {
		g := netgraph.NewUndirected(3, []netgraph.Edge{{U: 0, V: 1, W: 1}})
		mustPanic(t, "Leiden(negative resolution)", func() { netgraph.Leiden(g, -1, 1, opt) })
		mustPanic(t, "Leiden(NaN randomness)", func() { netgraph.Leiden(g, 1, 1, netgraph.LeidenOptions{Randomness: math.NaN()}) })
		mustPanic(t, "Leiden(negative randomness)", func() { netgraph.Leiden(g, 1, 1, netgraph.LeidenOptions{Randomness: -0.1}) })
		mustPanic(t, "Leiden(infinite randomness)", func() { netgraph.Leiden(g, 1, 1, netgraph.LeidenOptions{Randomness: math.Inf(1)}) })
		mustPanic(t, "Leiden(unknown objective)", func() { netgraph.Leiden(g, 1, 1, netgraph.LeidenOptions{Objective: 7}) })
		mustPanic(t, "CPM(short membership)", func() { netgraph.CPM(g, []int{0}, 1) })
		mustPanic(t, "CPM(negative label)", func() { netgraph.CPM(g, []int{0, -2, 0}, 1) })
		mustPanic(t, "CPM(infinite resolution)", func() { netgraph.CPM(g, []int{0, 0, 0}, math.Inf(1)) })
	})
}

// TestLeidenProperties runs Leiden (default options and until stable) and
// Louvain on many seeded random graphs of four kinds and checks that every
// Leiden community is connected, that the partitions are canonical, that the
// stable one is node-optimal and no worse than the default, and that
// Leiden's modularity is at least Louvain's on average.
func TestLeidenProperties(t *testing.T) {
	type family struct {
		name   string
		graphs int
		make   func(seed uint64) *netgraph.Graph
	}
	families := []family{
		{"ErdosRenyi", 40, func(seed uint64) *netgraph.Graph {
			rng := rand.New(rand.NewPCG(seed, 7))
			n := 20 + rng.IntN(300)
			return randomGraph(seed, n, n*(1+rng.IntN(5)), seed%2 == 1)
		}},
		{"SparseLarge", 16, func(seed uint64) *netgraph.Graph {
			// Sparse graphs of a few thousand nodes are where iterated
			// Louvain-style aggregation leaves disconnected communities.
			return randomGraph(seed, 2500, 5000+int(seed%3)*1250, seed%2 == 1)
		}},
		{"Planted", 40, func(seed uint64) *netgraph.Graph {
			rng := rand.New(rand.NewPCG(seed, 8))
			g, _ := plantedPartition(seed, 2+rng.IntN(10), 5+rng.IntN(30), 0.2+0.5*rng.Float64(), 0.02*rng.Float64(), seed%2 == 1)
			return g
		}},
		{"SmallComponents", 40, func(seed uint64) *netgraph.Graph {
			return smallComponents(seed, 20+int(seed%40), seed%2 == 1)
		}},
	}
	for _, f := range families {
		t.Run(f.name, func(t *testing.T) {
			var sumDiff, worst float64
			wins := 0
			graphs := f.graphs
			for seed := uint64(1); seed <= uint64(graphs); seed++ {
				g := f.make(seed)
				m, q := netgraph.Leiden(g, 1, seed, netgraph.LeidenOptions{})
				_, ql := netgraph.Louvain(g, 1, seed)
				assertCanonical(t, m)
				assertConnected(t, g, m)
				if got := netgraph.Modularity(g, m, 1); !near(got, q, 1e-12) {
					t.Errorf("graph %d: Leiden Q = %v; want Modularity %v", seed, q, got)
				}
				stable, qs := netgraph.Leiden(g, 1, seed, netgraph.LeidenOptions{Iterations: -1})
				assertConnected(t, g, stable)
				assertNodeOptimal(t, g, stable, 1)
				if qs < q-1e-12 {
					t.Errorf("graph %d: Leiden Q until stable = %v; want >= %v after two iterations", seed, qs, q)
				}
				d := q - ql
				sumDiff += d
				worst = min(worst, d)
				if d >= -1e-12 {
					wins++
				}
			}
			mean := sumDiff / float64(graphs)
			t.Logf("Q(Leiden) − Q(Louvain): mean %+.5f, worst %+.5f, Leiden ≥ Louvain on %d of %d graphs", mean, worst, wins, graphs)
			if mean < -0.002 {
				t.Errorf("mean Q(Leiden) − Q(Louvain) = %+.5f over %d graphs; want >= -0.002", mean, graphs)
			}
			if worst < -0.03 {
				t.Errorf("worst Q(Leiden) − Q(Louvain) = %+.5f; want >= -0.03", worst)
			}
		})
	}
}

// montagnaLastWeight loads a Montagna layer the way the README's networkx
// figures were made: one edge per unordered pair, carrying the weight of the
// last row seen for it (the authors' code), not the sum.
func montagnaLastWeight(t *testing.T, layer string) *netgraph.Graph {
	t.Helper()
	l := montagna(t, layer)
	f, err := os.Open(sharedtest.Path(t, "networks", "montagna", "Montagna_"+layer+"_edgelist.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pos := map[[2]int]int{}
	var edges []netgraph.Edge
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 3 {
			continue
		}
		a, err1 := strconv.Atoi(fields[0])
		b, err2 := strconv.Atoi(fields[1])
		w, err3 := strconv.ParseFloat(fields[2], 64)
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatalf("bad row %q", sc.Text())
		}
		u, v := l.node(t, a), l.node(t, b)
		if u > v {
			u, v = v, u
		}
		if i, ok := pos[[2]int{u, v}]; ok {
			edges[i].W = w
			continue
		}
		pos[[2]int{u, v}] = len(edges)
		edges = append(edges, netgraph.Edge{U: u, V: v, W: w})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return netgraph.NewUndirected(l.g.N(), edges)
}

func TestLeidenMontagna(t *testing.T) {
	// Reference figures: /work/shared/data/networks/README.md §1 (networkx
	// 3.6.1 louvain_communities, seed 42: meetings Q = 0.588, phone calls
	// Q = 0.653, on the last-weight graphs) and the networkx ranges over
	// seeds 0..29 quoted in montagna_test.go (unweighted meetings [0.603,
	// 0.612], phone calls [0.633, 0.641]; summed weights [0.554, 0.571]).
	for _, tc := range []struct {
		name   string
		g      func(t *testing.T) *netgraph.Graph
		lo, hi float64
	}{
		{"meetings/last-weight", func(t *testing.T) *netgraph.Graph { return montagnaLastWeight(t, "meetings") }, 0.585, 0.595},
		{"phonecalls/last-weight", func(t *testing.T) *netgraph.Graph { return montagnaLastWeight(t, "phonecalls") }, 0.650, 0.660},
		{"meetings/unweighted", func(t *testing.T) *netgraph.Graph { return montagna(t, "meetings").g.Unweighted() }, 0.603, 0.620},
		{"phonecalls/unweighted", func(t *testing.T) *netgraph.Graph { return montagna(t, "phonecalls").g.Unweighted() }, 0.633, 0.645},
		{"meetings/summed", func(t *testing.T) *netgraph.Graph { return montagna(t, "meetings").g }, 0.554, 0.580},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := tc.g(t)
			var sumLeiden, sumLouvain float64
			const seeds = 20
			for seed := uint64(0); seed < seeds; seed++ {
				m, q := netgraph.Leiden(g, 1, seed, netgraph.LeidenOptions{})
				if q < tc.lo || q > tc.hi {
					t.Errorf("Leiden(seed %d) Q = %.4f; want in [%.3f, %.3f]", seed, q, tc.lo, tc.hi)
				}
				assertCanonical(t, m)
				assertConnected(t, g, m)
				_, ql := netgraph.Louvain(g, 1, seed)
				sumLeiden += q
				sumLouvain += ql
			}
			if sumLeiden < sumLouvain-1e-9 {
				t.Errorf("mean Q: Leiden %.4f < Louvain %.4f over %d seeds", sumLeiden/seeds, sumLouvain/seeds, seeds)
			}
		})
	}
}

func TestCPM(t *testing.T) {
	// Triangle 0-1-2 (weights 1, 2, 3), edge 2-3 (weight 4), node 4 alone.
	g := netgraph.NewUndirected(5, []netgraph.Edge{
		{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 2}, {U: 2, V: 0, W: 3}, {U: 2, V: 3, W: 4},
	})
	for _, tc := range []struct {
		membership []int
		gamma      float64
		want       float64
	}{
		{[]int{0, 1, 2, 3, 4}, 1, 0},
		{[]int{0, 0, 0, 1, 2}, 1, 6 - 3},
		{[]int{0, 0, 0, 1, 2}, 0.5, 6 - 1.5},
		{[]int{0, 0, 0, 0, 0}, 1, 10 - 10},
		{[]int{7, 7, 9, 9, 7}, 2, 1 + 4 - 2*3 - 2*1},
	} {
		if got := netgraph.CPM(g, tc.membership, tc.gamma); got != tc.want {
			t.Errorf("CPM(%v, γ=%v) = %v; want %v", tc.membership, tc.gamma, got, tc.want)
		}
	}
}

func ExampleLeiden() {
	// Two cells of four joined through one courier pair (3–4).
	var edges []netgraph.Edge
	for _, cell := range [][]int{{0, 1, 2, 3}, {4, 5, 6, 7}} {
		for i, u := range cell {
			for _, v := range cell[i+1:] {
				edges = append(edges, netgraph.Edge{U: u, V: v, W: 1})
			}
		}
	}
	edges = append(edges, netgraph.Edge{U: 3, V: 4, W: 1})
	g := netgraph.NewUndirected(8, edges)

	m, q := netgraph.Leiden(g, 1, 42, netgraph.LeidenOptions{})
	fmt.Printf("modularity: %v Q=%.3f\n", m, q)
	m, h := netgraph.Leiden(g, 0.5, 42, netgraph.LeidenOptions{Objective: netgraph.ObjectiveCPM})
	fmt.Printf("CPM γ=0.5: %v H=%.1f\n", m, h)
	// Output:
	// modularity: [0 0 0 0 1 1 1 1] Q=0.423
	// CPM γ=0.5: [0 0 0 0 1 1 1 1] H=6.0
}
