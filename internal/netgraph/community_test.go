package netgraph_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph/community"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

func TestModularity(t *testing.T) {
	t.Run("AgreesWithGonum", func(t *testing.T) {
		for _, weighted := range []bool{false, true} {
			for _, tc := range oracleCases {
				for _, gamma := range []float64{1, 0.5, 2} {
					name := fmt.Sprintf("%s/weighted=%v/gamma=%v", tc.name, weighted, gamma)
					t.Run(name, func(t *testing.T) {
						g := randomGraph(uint64(tc.n*13+tc.m), tc.n, tc.m, weighted)
						if !weighted {
							g = g.Unweighted()
						}
						if g.M() == 0 {
							t.Skip("gonum Q is NaN without edges; covered by TestLouvain/Edgeless")
						}
						rng := rand.New(rand.NewPCG(uint64(tc.n), 2))
						k := 1 + rng.IntN(max(1, tc.n/5))
						random := make([]int, tc.n)
						for v := range random {
							random[v] = rng.IntN(k)
						}
						louvain, _ := netgraph.Louvain(g, gamma, 1)
						singletons := make([]int, tc.n)
						for v := range singletons {
							singletons[v] = v
						}
						gg := toGonumUndirected(g, weighted)
						for pname, p := range map[string][]int{"random": random, "louvain": louvain, "singletons": singletons, "one": make([]int, tc.n)} {
							got := netgraph.Modularity(g, p, gamma)
							want := community.Q(gg, gonumCommunities(p), gamma)
							if !near(got, want, 1e-9) {
								t.Errorf("Modularity(%s partition) = %v; want %v (gonum Q)", pname, got, want)
							}
						}
					})
				}
			}
		}
	})

	t.Run("ArbitraryLabels", func(t *testing.T) {
		g := randomGraph(9, 40, 100, true)
		base := make([]int, 40)
		big := make([]int, 40)
		for v := range base {
			base[v] = v % 4
			big[v] = 1_000_000 + 7*(v%4)
		}
		if got, want := netgraph.Modularity(g, big, 1), netgraph.Modularity(g, base, 1); !near(got, want, 1e-15) {
			t.Errorf("Modularity(large labels) = %v; want %v", got, want)
		}
	})

	t.Run("Panics", func(t *testing.T) {
		g := netgraph.NewUndirected(3, []netgraph.Edge{{U: 0, V: 1, W: 1}})
		mustPanic(t, "Modularity(short membership)", func() { netgraph.Modularity(g, []int{0, 0}, 1) })
		mustPanic(t, "Modularity(negative label)", func() { netgraph.Modularity(g, []int{0, -1, 0}, 1) })
		mustPanic(t, "Modularity(negative resolution)", func() { netgraph.Modularity(g, []int{0, 0, 0}, -1) })
		mustPanic(t, "Louvain(NaN resolution)", func() { netgraph.Louvain(g, math.NaN(), 1) })
	})
}

// ringOfCliques returns k cliques of size s, clique i joined to clique i+1
// (mod k) by one edge, and the planted membership.
func ringOfCliques(k, s int) (*netgraph.Graph, []int) {
	var edges []netgraph.Edge
	planted := make([]int, k*s)
	for c := 0; c < k; c++ {
		for i := 0; i < s; i++ {
			planted[c*s+i] = c
			for j := i + 1; j < s; j++ {
				edges = append(edges, netgraph.Edge{U: c*s + i, V: c*s + j, W: 1})
			}
		}
		next := (c + 1) % k
		edges = append(edges, netgraph.Edge{U: c*s + s - 1, V: next * s, W: 1})
	}
	return netgraph.NewUndirected(k*s, edges), planted
}

// samePartition reports whether a and b are equal up to relabelling.
func samePartition(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	ab, ba := map[int]int{}, map[int]int{}
	for i := range a {
		if x, ok := ab[a[i]]; ok && x != b[i] {
			return false
		}
		if y, ok := ba[b[i]]; ok && y != a[i] {
			return false
		}
		ab[a[i]], ba[b[i]] = b[i], a[i]
	}
	return true
}

// assertCanonical checks membership uses 0..k-1 with sizes non-increasing.
func assertCanonical(t *testing.T, membership []int) {
	t.Helper()
	var sizes []int
	for _, c := range membership {
		if c < 0 {
			t.Fatalf("membership has negative label %d", c)
		}
		for len(sizes) <= c {
			sizes = append(sizes, 0)
		}
		sizes[c]++
	}
	for c, s := range sizes {
		if s == 0 {
			t.Errorf("community %d is empty; want labels 0..%d all used", c, len(sizes)-1)
		}
		if c > 0 && s > sizes[c-1] {
			t.Errorf("community %d has %d members, more than community %d (%d)", c, s, c-1, sizes[c-1])
		}
	}
}

// assertConnected checks each community of membership induces a connected
// subgraph of g.
func assertConnected(t *testing.T, g *netgraph.Graph, membership []int) {
	t.Helper()
	k := slices.Max(membership) + 1
	local := make([]int, g.N())
	counts := make([]int, k)
	for v, c := range membership {
		local[v] = counts[c]
		counts[c]++
	}
	edges := make([][]netgraph.Edge, k)
	for _, e := range g.Edges() {
		if c := membership[e.U]; c == membership[e.V] {
			edges[c] = append(edges[c], netgraph.Edge{U: local[e.U], V: local[e.V], W: 1})
		}
	}
	for c := 0; c < k; c++ {
		_, sizes := netgraph.Components(netgraph.NewUndirected(counts[c], edges[c]))
		if len(sizes) != 1 {
			t.Errorf("community %d (%d nodes) induces %d components %v; want 1", c, counts[c], len(sizes), sizes)
		}
	}
}

func TestLouvain(t *testing.T) {
	t.Run("PlantedCliques", func(t *testing.T) {
		g, planted := ringOfCliques(4, 10)
		for seed := uint64(0); seed < 10; seed++ {
			got, q := netgraph.Louvain(g, 1, seed)
			if !samePartition(got, planted) {
				t.Errorf("Louvain(ring of 4 K10, seed %d) = %v; want planted %v", seed, got, planted)
			}
			if want := netgraph.Modularity(g, planted, 1); !near(q, want, 1e-12) {
				t.Errorf("Louvain(seed %d) Q = %v; want %v", seed, q, want)
			}
		}
	})

	t.Run("PlantedWeighted", func(t *testing.T) {
		// Eight groups of 15 with dense heavy ties inside and sparse light
		// ties across: recovery needs the weights.
		rng := rand.New(rand.NewPCG(42, 42))
		const k, s = 8, 15
		planted := make([]int, k*s)
		var edges []netgraph.Edge
		for u := 0; u < k*s; u++ {
			planted[u] = u / s
			for v := u + 1; v < k*s; v++ {
				switch {
				case u/s == v/s && rng.Float64() < 0.5:
					edges = append(edges, netgraph.Edge{U: u, V: v, W: 5})
				case u/s != v/s && rng.Float64() < 0.1:
					edges = append(edges, netgraph.Edge{U: u, V: v, W: 1})
				}
			}
		}
		g := netgraph.NewUndirected(k*s, edges)
		for seed := uint64(0); seed < 5; seed++ {
			got, _ := netgraph.Louvain(g, 1, seed)
			if !samePartition(got, planted) {
				t.Errorf("Louvain(weighted planted, seed %d) = %v; want planted %v", seed, got, planted)
			}
		}
	})

	t.Run("Deterministic", func(t *testing.T) {
		g := randomGraph(21, 2000, 8000, true)
		a, qa := netgraph.Louvain(g, 1, 7)
		b, qb := netgraph.Louvain(g, 1, 7)
		if !slices.Equal(a, b) || qa != qb {
			t.Errorf("Louvain(seed 7) differs between runs: Q %v vs %v", qa, qb)
		}
		assertCanonical(t, a)
	})

	t.Run("BeatsOrMatchesGonum", func(t *testing.T) {
		// Both are heuristics; on a clustered random graph they should land
		// within a few hundredths of each other.
		g := randomGraph(33, 1000, 5000, true)
		_, q := netgraph.Louvain(g, 1, 3)
		ref := community.Modularize(toGonumUndirected(g, true), 1, rand.NewPCG(3, 3))
		want := community.Q(toGonumUndirected(g, true), ref.Communities(), 1)
		if q < want-0.02 {
			t.Errorf("Louvain Q = %v; want >= gonum Modularize Q %v - 0.02", q, want)
		}
	})

	t.Run("Resolution", func(t *testing.T) {
		g, _ := ringOfCliques(4, 10)
		zero, _ := netgraph.Louvain(g, 0, 1)
		if want := make([]int, 40); !slices.Equal(zero, want) {
			t.Errorf("Louvain(γ=0) = %v; want one community", zero)
		}
		high, _ := netgraph.Louvain(g, 100, 1)
		if got := slices.Max(high) + 1; got <= 4 {
			t.Errorf("Louvain(γ=100) found %d communities; want more than 4", got)
		}
	})

	t.Run("Empty", func(t *testing.T) {
		m, q := netgraph.Louvain(netgraph.NewUndirected(0, nil), 1, 1)
		if len(m) != 0 || q != 0 {
			t.Errorf("Louvain(empty) = %v, %v; want [], 0", m, q)
		}
	})

	t.Run("SingleNode", func(t *testing.T) {
		m, q := netgraph.Louvain(netgraph.NewUndirected(1, nil), 1, 1)
		if !slices.Equal(m, []int{0}) || q != 0 {
			t.Errorf("Louvain(single node) = %v, %v; want [0], 0", m, q)
		}
	})

	t.Run("Edgeless", func(t *testing.T) {
		g := netgraph.NewUndirected(5, []netgraph.Edge{{U: 2, V: 2, W: 1}})
		m, q := netgraph.Louvain(g, 1, 1)
		if want := []int{0, 1, 2, 3, 4}; !slices.Equal(m, want) || q != 0 {
			t.Errorf("Louvain(5 isolated) = %v, %v; want %v, 0", m, q, want)
		}
		if got := netgraph.Modularity(g, []int{0, 0, 1, 1, 1}, 1); got != 0 {
			t.Errorf("Modularity(edgeless) = %v; want 0", got)
		}
	})

	t.Run("Disconnected", func(t *testing.T) {
		// Two triangles and an isolated node: three communities.
		g := netgraph.NewUndirected(7, []netgraph.Edge{
			{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 2, V: 0, W: 1},
			{U: 4, V: 5, W: 1}, {U: 5, V: 6, W: 1}, {U: 6, V: 4, W: 1},
		})
		m, q := netgraph.Louvain(g, 1, 1)
		if want := []int{0, 0, 0, 2, 1, 1, 1}; !slices.Equal(m, want) {
			t.Errorf("Louvain(two triangles + isolate) = %v; want %v", m, want)
		}
		if want := 0.5; !near(q, want, 1e-15) {
			t.Errorf("Louvain Q = %v; want %v", q, want)
		}
	})
}
