package netgraph_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/path"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

// barbell is two triangles {0,1,2} and {4,5,6} joined through broker 3.
func barbell() *netgraph.Graph {
	return netgraph.NewUndirected(7, []netgraph.Edge{
		{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 0, V: 2, W: 1},
		{U: 2, V: 3, W: 1}, {U: 3, V: 4, W: 1},
		{U: 4, V: 5, W: 1}, {U: 5, V: 6, W: 1}, {U: 4, V: 6, W: 1},
	})
}

// efficiencyOracle is Σ_v harmonic(v) / (n(n−1)) from gonum.
func efficiencyOracle(g *netgraph.Graph) float64 {
	n := g.N()
	if n < 2 {
		return 0
	}
	gg := toGonumUndirected(g, false)
	var sum float64
	for _, h := range network.Harmonic(gg, path.DijkstraAllPaths(gg)) {
		sum += h
	}
	return sum / float64(n*(n-1))
}

// remaining builds, independently of Disrupt, the graph of g without the
// removed nodes, renumbered in increasing id order.
func remaining(g *netgraph.Graph, removed []int) (*netgraph.Graph, []int) {
	gone := make([]bool, g.N())
	for _, v := range removed {
		gone[v] = true
	}
	newID := make([]int, g.N())
	var ids []int
	for v := range newID {
		newID[v] = -1
		if !gone[v] {
			newID[v] = len(ids)
			ids = append(ids, v)
		}
	}
	var edges []netgraph.Edge
	for _, e := range g.Edges() {
		if !gone[e.U] && !gone[e.V] {
			edges = append(edges, netgraph.Edge{U: newID[e.U], V: newID[e.V], W: e.W})
		}
	}
	return netgraph.NewUndirected(len(ids), edges), ids
}

func TestFragmentation(t *testing.T) {
	for _, tc := range []struct {
		sizes []int
		want  float64
	}{
		{nil, 1},
		{[]int{1}, 1},
		{[]int{4}, 0},
		{[]int{1, 1, 1}, 1},
		{[]int{3, 1, 1}, 1 - 6.0/20}, // 6 of 20 ordered pairs connected
		{[]int{3, 3}, 1 - 12.0/30},
	} {
		if got := netgraph.Fragmentation(tc.sizes); got != tc.want {
			t.Errorf("Fragmentation(%v) = %v; want %v", tc.sizes, got, tc.want)
		}
	}
	mustPanic(t, "Fragmentation(negative)", func() { netgraph.Fragmentation([]int{2, -1}) })
}

func TestGlobalEfficiency(t *testing.T) {
	// Path 0-1-2: ordered pairs at distances 1, 1, 2 (twice each).
	p3 := netgraph.NewUndirected(3, []netgraph.Edge{{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 7}})
	if got, want := netgraph.GlobalEfficiency(p3, 1), 5.0/6; got != want {
		t.Errorf("GlobalEfficiency(P3) = %v; want %v", got, want)
	}
	for _, n := range []int{0, 1} {
		if got := netgraph.GlobalEfficiency(netgraph.NewUndirected(n, nil), 0); got != 0 {
			t.Errorf("GlobalEfficiency(%d nodes) = %v; want 0", n, got)
		}
	}
	for _, tc := range oracleCases {
		g := randomGraph(uint64(tc.n+5*tc.m), tc.n, tc.m, false)
		want := efficiencyOracle(g)
		one := netgraph.GlobalEfficiency(g, 1)
		if !near(one, want, 1e-12) {
			t.Errorf("%s: GlobalEfficiency = %v; want %v (gonum harmonic)", tc.name, one, want)
		}
		if got := netgraph.GlobalEfficiency(g, 3); got != one {
			t.Errorf("%s: GlobalEfficiency(workers 3) = %v; want %v bitwise (workers 1)", tc.name, got, one)
		}
	}
	big := randomGraph(3, 400, 1200, false)
	if a, b := netgraph.GlobalEfficiency(big, 1), netgraph.GlobalEfficiency(big, 4); a != b {
		t.Errorf("GlobalEfficiency(n=400) workers 1 vs 4: %v != %v", a, b)
	}
}

func TestWeightedBetweenness(t *testing.T) {
	score := netgraph.BetweennessScore(true, 3)
	for _, integer := range []bool{false, true} {
		for _, tc := range oracleCases {
			t.Run(fmt.Sprintf("%s/integer=%v", tc.name, integer), func(t *testing.T) {
				edges := randomEdges(uint64(tc.n*11+tc.m), tc.n, tc.m, true)
				if integer { // lengths 1..3: many tied shortest paths
					for i := range edges {
						edges[i].W = math.Ceil(edges[i].W / 2)
					}
				}
				g := netgraph.NewUndirected(tc.n, edges)
				got := score(g, nil)
				gg := toGonumUndirected(g, true).(graph.Weighted)
				ref := network.BetweennessWeighted(gg, path.DijkstraAllPaths(gg))
				for v := range got {
					want := ref[int64(v)] / 2
					if !near(got[v], want, 1e-9*max(1, want)) {
						t.Errorf("weighted betweenness[%d] = %v; want %v (gonum/2)", v, got[v], want)
					}
				}
			})
		}
	}
	t.Run("UnitWeightsEqualBetweenness", func(t *testing.T) {
		g := randomGraph(8, 200, 600, false).Unweighted()
		got := score(g, nil)
		want := netgraph.Betweenness(g, 1)
		for v := range want {
			if !near(got[v], want[v], 1e-9*max(1, want[v])) {
				t.Errorf("weighted betweenness (unit weights)[%d] = %v; want %v", v, got[v], want[v])
			}
		}
	})
	t.Run("WeightsAreLengths", func(t *testing.T) {
		// Square 0-1-2-3-0 with one long edge 0-1: the shortest 0–1 path
		// runs 0-3-2-1 (length 3, not 10), so 2 and 3 carry the pairs
		// {0,1}, {0,2} (through 3) and {1,3} (through 2), and 0 and 1
		// carry none.
		g := netgraph.NewUndirected(4, []netgraph.Edge{{U: 0, V: 1, W: 10}, {U: 1, V: 2, W: 1}, {U: 2, V: 3, W: 1}, {U: 3, V: 0, W: 1}})
		if got, want := score(g, nil), []float64{0, 0, 2, 2}; !slices.Equal(got, want) {
			t.Errorf("weighted betweenness = %v; want %v", got, want)
		}
	})
	mustPanic(t, "weighted betweenness(zero weight)", func() {
		score(netgraph.NewUndirected(2, []netgraph.Edge{{U: 0, V: 1, W: 0}}), nil)
	})
}

func TestDisrupt(t *testing.T) {
	t.Run("BarbellBetweenness", func(t *testing.T) {
		g := barbell()
		steps := netgraph.Disrupt(g, netgraph.BetweennessScore(false, 1), netgraph.DisruptOptions{Removals: 3})
		want := []netgraph.DisruptStep{
			{Removed: nil, Nodes: 7, LCC: 7, LCCFraction: 1, Components: 1, Fragmentation: 0, Efficiency: efficiencyOracle(g)},
			// The broker goes first; the triangles are left.
			{Removed: []int{3}, Nodes: 6, LCC: 3, LCCFraction: 3.0 / 7, Components: 2, Fragmentation: 0.6, Efficiency: 0.4},
			// All betweenness is 0: ties go to the smallest id.
			{Removed: []int{0}, Nodes: 5, LCC: 3, LCCFraction: 3.0 / 7, Components: 2, Fragmentation: 0.6, Efficiency: 0.4},
			{Removed: []int{1}, Nodes: 4, LCC: 3, LCCFraction: 3.0 / 7, Components: 2, Fragmentation: 0.5, Efficiency: 0.5},
		}
		assertSteps(t, steps, want)
	})

	t.Run("BarbellDegreeAndPriority", func(t *testing.T) {
		g := barbell()
		// Degrees 2 2 3 2 3 2 2: 2 and 4 tie; 2 goes first by id.
		steps := netgraph.Disrupt(g, netgraph.DegreeScore(false), netgraph.DisruptOptions{Removals: 2})
		after := netgraph.DisruptStep{Nodes: 5, LCC: 2, LCCFraction: 2.0 / 7, Components: 3, Fragmentation: 0.8, Efficiency: 0.2}
		assertSteps(t, steps[2:], []netgraph.DisruptStep{withRemoved(after, 4)})
		if got := steps[1].Removed; !slices.Equal(got, []int{2}) {
			t.Errorf("first removal = %v; want [2]", got)
		}
		// Reversed priority: 4 first.
		rev := []int{6, 5, 4, 3, 2, 1, 0}
		steps = netgraph.Disrupt(g, netgraph.DegreeScore(false), netgraph.DisruptOptions{Removals: 2, Priority: rev})
		if a, b := steps[1].Removed, steps[2].Removed; !slices.Equal(a, []int{4}) || !slices.Equal(b, []int{2}) {
			t.Errorf("removals with reversed priority = %v, %v; want [4], [2]", a, b)
		}
		// Block of 2: the same two at once, in priority order.
		steps = netgraph.Disrupt(g, netgraph.DegreeScore(false), netgraph.DisruptOptions{Block: 2, Removals: 2, Priority: rev})
		assertSteps(t, steps[1:], []netgraph.DisruptStep{withRemoved(after, 4, 2)})
	})

	t.Run("TieTolerance", func(t *testing.T) {
		g := netgraph.NewUndirected(3, nil)
		score := func(g *netgraph.Graph, ids []int) []float64 {
			s := []float64{1, 1 + 1e-12, 0.5}
			out := make([]float64, len(ids))
			for i, v := range ids {
				out[i] = s[v]
			}
			return out
		}
		for _, tc := range []struct {
			tol  float64
			want []int
		}{
			{0, []int{0, 1, 2}},       // default 1e-9: 0 and 1 tie, 0 first by id
			{-1, []int{1, 0, 2}},      // exact
			{1e-15, []int{1, 0, 2}},   // too tight to tie
			{0.6, []int{0, 1, 2}},     // 0.5 ≥ 1 − 0.6: all three tie at first
			{0.49, []int{0, 1, 2}},    // 0.5 < (1+1e-12)(1 − 0.49)
			{1e-11, []int{0, 1, 2}},   // 1 ≥ (1+1e-12)(1 − 1e-11)
			{1e-13, []int{1, 0, 2}},   // 1 < (1+1e-12)(1 − 1e-13)
			{1e300, []int{0, 1, 2}},   // everything ties
			{-1e-300, []int{1, 0, 2}}, // any negative value: exact
		} {
			for _, block := range []int{1, 3} {
				steps := netgraph.Disrupt(g, score, netgraph.DisruptOptions{Block: block, TieTolerance: tc.tol, SkipEfficiency: true})
				var got []int
				for _, s := range steps {
					got = append(got, s.Removed...)
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("TieTolerance %v, block %d: removal order %v; want %v", tc.tol, block, got, tc.want)
				}
			}
		}
	})

	t.Run("ScoreSeesRemainingNetwork", func(t *testing.T) {
		g := barbell()
		var seen []string
		// Score by original id: the largest id goes first.
		byID := func(h *netgraph.Graph, ids []int) []float64 {
			seen = append(seen, fmt.Sprintf("n=%d m=%d ids=%v", h.N(), h.M(), ids))
			out := make([]float64, len(ids))
			for i, v := range ids {
				out[i] = float64(v)
			}
			return out
		}
		steps := netgraph.Disrupt(g, byID, netgraph.DisruptOptions{Block: 2, Removals: 5})
		want := []string{
			"n=7 m=8 ids=[0 1 2 3 4 5 6]",
			"n=5 m=5 ids=[0 1 2 3 4]", // 5 and 6 gone: triangle 0-1-2, 2-3, 3-4
			"n=3 m=3 ids=[0 1 2]",
		}
		if !slices.Equal(seen, want) {
			t.Errorf("Score calls:\n%v\nwant\n%v", seen, want)
		}
		if len(steps) != 4 {
			t.Fatalf("%d steps; want 4 (0, 2, 2, 1 removed)", len(steps))
		}
		for i, want := range [][]int{nil, {6, 5}, {4, 3}, {2}} {
			if got := steps[i].Removed; !slices.Equal(got, want) {
				t.Errorf("step %d removed %v; want %v", i, got, want)
			}
		}
		if st := steps[3]; st.Nodes != 2 || st.LCC != 2 || st.Components != 1 || st.Fragmentation != 0 || st.Efficiency != 1 {
			t.Errorf("last step = %+v; want 2 nodes, one edge", st)
		}
	})

	t.Run("RemoveEverything", func(t *testing.T) {
		g := barbell()
		steps := netgraph.Disrupt(g, netgraph.DegreeScore(false), netgraph.DisruptOptions{Block: 3, Removals: 100})
		if len(steps) != 4 {
			t.Fatalf("%d steps; want 4 (3 + 3 + 1 removals)", len(steps))
		}
		last := steps[3]
		if last.Nodes != 0 || last.LCC != 0 || last.LCCFraction != 0 || last.Components != 0 || last.Fragmentation != 1 || last.Efficiency != 0 {
			t.Errorf("empty network step = %+v", last)
		}
		var all []int
		for _, s := range steps {
			all = append(all, s.Removed...)
		}
		slices.Sort(all)
		if !slices.Equal(all, []int{0, 1, 2, 3, 4, 5, 6}) {
			t.Errorf("removed %v; want every node once", all)
		}
		if s := netgraph.Disrupt(netgraph.NewUndirected(0, nil), netgraph.DegreeScore(false), netgraph.DisruptOptions{}); len(s) != 1 || s[0].LCCFraction != 0 {
			t.Errorf("Disrupt(empty) = %+v; want one step, LCCFraction 0", s)
		}
	})

	t.Run("AgreesWithRecomputation", func(t *testing.T) {
		// Every step against an independent rebuild of the remaining
		// network: the pick is the top betweenness node (ties by a random
		// priority) and the measures are those of the rebuilt graph.
		for seed := uint64(1); seed <= 3; seed++ {
			g := randomGraph(seed, 60, 100, false)
			rng := rand.New(rand.NewPCG(seed, 7))
			priority := rng.Perm(g.N())
			rank := make([]int, g.N())
			for i, v := range priority {
				rank[v] = i
			}
			steps := netgraph.Disrupt(g, netgraph.BetweennessScore(false, 2), netgraph.DisruptOptions{Removals: 25, Priority: priority})
			var removed []int
			lcc0 := steps[0].LCC
			for i, st := range steps {
				h, ids := remaining(g, removed)
				_, sizes := netgraph.Components(h)
				if st.Nodes != h.N() || st.LCC != sizes[0] || st.Components != len(sizes) {
					t.Fatalf("seed %d step %d: nodes/LCC/components %d/%d/%d; want %d/%d/%d", seed, i, st.Nodes, st.LCC, st.Components, h.N(), sizes[0], len(sizes))
				}
				if want := netgraph.Fragmentation(sizes); st.Fragmentation != want {
					t.Errorf("seed %d step %d: Fragmentation %v; want %v", seed, i, st.Fragmentation, want)
				}
				if want := efficiencyOracle(h); !near(st.Efficiency, want, 1e-12) {
					t.Errorf("seed %d step %d: Efficiency %v; want %v", seed, i, st.Efficiency, want)
				}
				if want := float64(sizes[0]) / float64(lcc0); st.LCCFraction != want {
					t.Errorf("seed %d step %d: LCCFraction %v; want %v", seed, i, st.LCCFraction, want)
				}
				if i+1 < len(steps) {
					bc := netgraph.Betweenness(h, 1)
					top := slices.Max(bc)
					best := -1
					for j, x := range bc {
						if x >= top-1e-9*top && (best < 0 || rank[ids[j]] < rank[ids[best]]) {
							best = j
						}
					}
					if got := steps[i+1].Removed; len(got) != 1 || got[0] != ids[best] {
						t.Fatalf("seed %d step %d: removed %v; want [%d]", seed, i+1, got, ids[best])
					}
					removed = append(removed, ids[best])
				}
			}
		}
	})

	t.Run("SkipEfficiency", func(t *testing.T) {
		steps := netgraph.Disrupt(barbell(), netgraph.DegreeScore(false), netgraph.DisruptOptions{Removals: 1, SkipEfficiency: true})
		for i, s := range steps {
			if !math.IsNaN(s.Efficiency) {
				t.Errorf("step %d Efficiency = %v; want NaN when skipped", i, s.Efficiency)
			}
		}
	})

	t.Run("Panics", func(t *testing.T) {
		g := barbell()
		deg := netgraph.DegreeScore(false)
		mustPanic(t, "CollectiveInfluenceScore(l=-1)", func() { netgraph.CollectiveInfluenceScore(-1, false) })
		mustPanic(t, "KatzScore(NaN beta)", func() { netgraph.KatzScore(0.1, math.NaN(), false) })
		mustPanic(t, "KatzSolveScore(NaN alpha)", func() { netgraph.KatzSolveScore(math.NaN(), 1, false) })
		diverging := netgraph.KatzScore(10, 1, false)
		mustPanic(t, "KatzScore(α = 10)(g)", func() { diverging(g, nil) })
		singular := netgraph.KatzSolveScore(1, 1, false)
		mustPanic(t, "KatzSolveScore(K2, α = 1)(g)", func() {
			singular(netgraph.NewUndirected(2, []netgraph.Edge{{U: 0, V: 1, W: 1}}), nil)
		})
		mustPanic(t, "Disrupt(negative block)", func() { netgraph.Disrupt(g, deg, netgraph.DisruptOptions{Block: -1}) })
		mustPanic(t, "Disrupt(negative removals)", func() { netgraph.Disrupt(g, deg, netgraph.DisruptOptions{Removals: -2}) })
		mustPanic(t, "Disrupt(short priority)", func() { netgraph.Disrupt(g, deg, netgraph.DisruptOptions{Priority: []int{0, 1}}) })
		mustPanic(t, "Disrupt(repeated priority)", func() {
			netgraph.Disrupt(g, deg, netgraph.DisruptOptions{Priority: []int{0, 1, 2, 3, 4, 5, 5}})
		})
		mustPanic(t, "Disrupt(priority out of range)", func() {
			netgraph.Disrupt(g, deg, netgraph.DisruptOptions{Priority: []int{0, 1, 2, 3, 4, 5, 7}})
		})
		mustPanic(t, "Disrupt(short score)", func() {
			netgraph.Disrupt(g, func(*netgraph.Graph, []int) []float64 { return []float64{1} }, netgraph.DisruptOptions{})
		})
		mustPanic(t, "Disrupt(NaN score)", func() {
			netgraph.Disrupt(g, func(h *netgraph.Graph, _ []int) []float64 {
				s := make([]float64, h.N())
				s[3] = math.NaN()
				return s
			}, netgraph.DisruptOptions{})
		})
	})
}

func withRemoved(st netgraph.DisruptStep, removed ...int) netgraph.DisruptStep {
	st.Removed = removed
	return st
}

func assertSteps(t *testing.T, got, want []netgraph.DisruptStep) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d steps; want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if !slices.Equal(g.Removed, w.Removed) || g.Nodes != w.Nodes || g.LCC != w.LCC || g.Components != w.Components ||
			!near(g.LCCFraction, w.LCCFraction, 1e-15) || !near(g.Fragmentation, w.Fragmentation, 1e-15) || !near(g.Efficiency, w.Efficiency, 1e-15) {
			t.Errorf("step %d = %+v; want %+v", i, g, w)
		}
	}
}
