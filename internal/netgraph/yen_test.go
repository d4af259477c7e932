package netgraph_test

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph/path"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

// bruteSimplePaths enumerates every simple s–t path of g with at most
// maxHops edges by plain depth-first search (no pruning), each with its hop
// count or weight sum, sorted by length then node sequence.
func bruteSimplePaths(g *netgraph.Graph, s, t, maxHops int, weighted bool) []netgraph.Path {
	var out []netgraph.Path
	on := make([]bool, g.N())
	var walk func(stack []int, l float64)
	walk = func(stack []int, l float64) {
		v := stack[len(stack)-1]
		if v == t {
			out = append(out, netgraph.Path{Nodes: slices.Clone(stack), Length: l})
			return
		}
		if len(stack)-1 == maxHops {
			return
		}
		on[v] = true
		for i, w := range g.Neighbours(v) {
			if on[w] {
				continue
			}
			step := 1.0
			if weighted {
				step = g.Weights(v)[i]
			}
			walk(append(stack, int(w)), l+step)
		}
		on[v] = false
	}
	walk([]int{s}, 0)
	slices.SortStableFunc(out, func(a, b netgraph.Path) int {
		if c := cmp.Compare(a.Length, b.Length); c != 0 {
			return c
		}
		return slices.Compare(a.Nodes, b.Nodes)
	})
	return out
}

// checkKShortest fails t unless got is a correct answer for the k shortest
// loopless paths given the reference list want (all paths, or the first k
// of some correct answer, sorted by length): same lengths, distinct valid
// paths, and the same set of paths below the k-th length (ties at the k-th
// length may be any of the tied paths).
func checkKShortest(t *testing.T, g *netgraph.Graph, got, want []netgraph.Path, s, u, k int, weighted bool, complete bool) {
	t.Helper()
	if complete && len(want) > k {
		want = want[:k]
	}
	if len(got) != len(want) {
		t.Fatalf("KShortestPaths(%d, %d, k=%d) returned %d paths; want %d", s, u, k, len(got), len(want))
	}
	if len(got) == 0 {
		return
	}
	seen := map[string]bool{}
	for i, p := range got {
		checkPath(t, g, p, s, u, weighted)
		if !near(p.Length, want[i].Length, 1e-9*max(1, want[i].Length)) {
			t.Fatalf("path %d %v has Length %v; want %v", i, p.Nodes, p.Length, want[i].Length)
		}
		if i > 0 && p.Length < got[i-1].Length {
			t.Fatalf("path %d Length %v < path %d Length %v", i, p.Length, i-1, got[i-1].Length)
		}
		key := fmt.Sprint(p.Nodes)
		if seen[key] {
			t.Fatalf("path %v returned twice", p.Nodes)
		}
		seen[key] = true
	}
	top := got[len(got)-1].Length
	for _, p := range want {
		if p.Length < top-1e-9*max(1, top) && !seen[fmt.Sprint(p.Nodes)] {
			t.Fatalf("path %v (length %v < k-th length %v) missing", p.Nodes, p.Length, top)
		}
	}
}

func TestKShortestPaths(t *testing.T) {
	t.Run("HandChecked", func(t *testing.T) {
		// Yen's textbook graph (Wikipedia "Yen's algorithm"): C=0 D=1 E=2
		// F=3 G=4 H=5, from C to H, made undirected, which adds the
		// detours through D-E. Enumerated by hand, the seven paths of
		// length at most 8 are C-E-F-H 5; C-E-G-H 7, C-D-E-F-H 7; and
		// C-D-F-H, C-E-D-F-H, C-E-F-G-H, C-E-G-F-H 8 (the next is 9).
		g := netgraph.NewUndirected(6, []netgraph.Edge{
			{U: 0, V: 1, W: 3}, {U: 0, V: 2, W: 2}, {U: 1, V: 3, W: 4}, {U: 2, V: 1, W: 1},
			{U: 2, V: 3, W: 2}, {U: 2, V: 4, W: 3}, {U: 3, V: 4, W: 2}, {U: 3, V: 5, W: 1},
			{U: 4, V: 5, W: 2},
		})
		got := netgraph.KShortestPaths(g, 0, 5, 7, true)
		want := []netgraph.Path{
			{Nodes: []int{0, 2, 3, 5}, Length: 5},
			{Nodes: []int{0, 2, 4, 5}, Length: 7},
			{Nodes: []int{0, 1, 2, 3, 5}, Length: 7},
			{Nodes: []int{0, 1, 3, 5}, Length: 8},
			{Nodes: []int{0, 2, 1, 3, 5}, Length: 8},
			{Nodes: []int{0, 2, 3, 4, 5}, Length: 8},
			{Nodes: []int{0, 2, 4, 3, 5}, Length: 8},
		}
		if len(got) != len(want) {
			t.Fatalf("KShortestPaths(C, H, 7) = %v; want %v", got, want)
		}
		for i := range want {
			if !slices.Equal(got[i].Nodes, want[i].Nodes) || got[i].Length != want[i].Length {
				t.Errorf("path %d = %v; want %v", i, got[i], want[i])
			}
		}
		if got := netgraph.KShortestPaths(g, 0, 5, 8, true); len(got) != 8 || got[7].Length != 9 {
			t.Errorf("KShortestPaths(C, H, 8) = %v; want the seven above and a path of length 9", got)
		}
		// Unweighted: C-D-F-H, C-E-F-H, C-E-G-H are the 3-hop paths (in
		// lexicographic order), then 4-hop ones.
		got = netgraph.KShortestPaths(g, 0, 5, 4, false)
		for i, w := range [][]int{{0, 1, 3, 5}, {0, 2, 3, 5}, {0, 2, 4, 5}} {
			if !slices.Equal(got[i].Nodes, w) || got[i].Length != 3 {
				t.Errorf("unweighted path %d = %v; want %v length 3", i, got[i], w)
			}
		}
		if got[3].Length != 4 {
			t.Errorf("unweighted path 3 = %v; want length 4", got[3])
		}
	})

	t.Run("FewerThanK", func(t *testing.T) {
		// A triangle 0-1-2 plus a pendant 3 on 2: two paths from 0 to 3.
		g := netgraph.NewUndirected(5, []netgraph.Edge{{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 0, V: 2, W: 1}, {U: 2, V: 3, W: 1}})
		got := netgraph.KShortestPaths(g, 0, 3, 10, false)
		if len(got) != 2 || !slices.Equal(got[0].Nodes, []int{0, 2, 3}) || !slices.Equal(got[1].Nodes, []int{0, 1, 2, 3}) {
			t.Errorf("KShortestPaths(0, 3, 10) = %v; want [0 2 3] and [0 1 2 3]", got)
		}
		if got := netgraph.KShortestPaths(g, 0, 4, 3, false); got != nil {
			t.Errorf("KShortestPaths(0, isolated 4) = %v; want nil", got)
		}
		if got := netgraph.KShortestPaths(g, 0, 3, 0, false); got != nil {
			t.Errorf("KShortestPaths(k=0) = %v; want nil", got)
		}
		if got := netgraph.KShortestPaths(g, 2, 2, 5, true); len(got) != 1 || !slices.Equal(got[0].Nodes, []int{2}) {
			t.Errorf("KShortestPaths(2, 2) = %v; want [[2]]", got)
		}
	})

	t.Run("AgreesWithBruteForce", func(t *testing.T) {
		// Every simple path of small random graphs, listed by plain DFS.
		for _, weighted := range []bool{false, true} {
			for seed := uint64(0); seed < 40; seed++ {
				n, m := 8+int(seed%5), 14+int(seed%9)
				var g *netgraph.Graph
				if weighted {
					g = pathWeightGraph(seed, n, m, 1, 4) // ties
				} else {
					g = randomGraph(seed, n, m, false)
				}
				for _, st := range pairs(seed, n, 4) {
					s, u := st[0], st[1]
					all := bruteSimplePaths(g, s, u, n, weighted)
					for _, k := range []int{1, 3, 10, 1000} {
						got := netgraph.KShortestPaths(g, s, u, k, weighted)
						checkKShortest(t, g, got, all, s, u, k, weighted, true)
					}
				}
			}
		}
	})

	t.Run("AgreesWithGonum", func(t *testing.T) {
		for _, weighted := range []bool{false, true} {
			for _, tc := range oracleCases[2:] {
				t.Run(fmt.Sprintf("%s/weighted=%v", tc.name, weighted), func(t *testing.T) {
					var g *netgraph.Graph
					if weighted {
						g = randomGraph(uint64(tc.n*17+tc.m), tc.n, tc.m, true)
					} else {
						g = randomGraph(uint64(tc.n*17+tc.m), tc.n, tc.m, false)
					}
					gg := toGonumUndirected(g, weighted)
					const k = 12
					for _, st := range pairs(uint64(tc.n), tc.n, 6) {
						s, u := st[0], st[1]
						var want []netgraph.Path
						for _, rp := range path.YenKShortestPaths(gg, k, math.Inf(1), gg.Node(int64(s)), gg.Node(int64(u))) {
							p := netgraph.Path{Nodes: gonumIDs(rp)}
							for i := 1; i < len(p.Nodes); i++ {
								w, _ := g.EdgeWeight(p.Nodes[i-1], p.Nodes[i])
								if !weighted {
									w = 1
								}
								p.Length += w
							}
							want = append(want, p)
						}
						got := netgraph.KShortestPaths(g, s, u, k, weighted)
						checkKShortest(t, g, got, want, s, u, k, weighted, false)
					}
				})
			}
		}
	})

	t.Run("ZeroWeights", func(t *testing.T) {
		for seed := uint64(0); seed < 20; seed++ {
			g := pathWeightGraph(seed, 9, 18, 0, 2)
			for _, st := range pairs(seed, 9, 4) {
				s, u := st[0], st[1]
				all := bruteSimplePaths(g, s, u, 9, true)
				got := netgraph.KShortestPaths(g, s, u, 8, true)
				checkKShortest(t, g, got, all, s, u, 8, true, true)
			}
		}
	})

	t.Run("Panics", func(t *testing.T) {
		g := netgraph.NewUndirected(3, nil)
		mustPanic(t, "KShortestPaths(k -1)", func() { netgraph.KShortestPaths(g, 0, 1, -1, false) })
		mustPanic(t, "KShortestPaths(0, 7)", func() { netgraph.KShortestPaths(g, 0, 7, 1, false) })
	})
}
