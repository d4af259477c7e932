package netgraph_test

import (
	"slices"
	"testing"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

// lexicographic sorts paths by node sequence only.
func lexicographic(ps []netgraph.Path) []netgraph.Path {
	ps = slices.Clone(ps)
	slices.SortFunc(ps, func(a, b netgraph.Path) int { return slices.Compare(a.Nodes, b.Nodes) })
	return ps
}

func samePaths(a, b []netgraph.Path) bool {
	return slices.EqualFunc(a, b, func(x, y netgraph.Path) bool {
		return slices.Equal(x.Nodes, y.Nodes) && x.Length == y.Length
	})
}

func TestSimplePaths(t *testing.T) {
	t.Run("HandChecked", func(t *testing.T) {
		// Square 0-1-2-3-0 with diagonal 1-3 and a tail 2-4.
		g := netgraph.NewUndirected(5, []netgraph.Edge{
			{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 2, V: 3, W: 1}, {U: 3, V: 0, W: 1},
			{U: 1, V: 3, W: 1}, {U: 2, V: 4, W: 1},
		})
		// 0 to 4: 0-1-2-4, 0-3-2-4 (3 hops), 0-1-3-2-4, 0-3-1-2-4 (4 hops).
		paths, truncated := netgraph.SimplePaths(g, 0, 4, 4, 10)
		want := []netgraph.Path{
			{Nodes: []int{0, 1, 2, 4}, Length: 3}, {Nodes: []int{0, 1, 3, 2, 4}, Length: 4},
			{Nodes: []int{0, 3, 1, 2, 4}, Length: 4}, {Nodes: []int{0, 3, 2, 4}, Length: 3},
		}
		if !samePaths(paths, want) || truncated {
			t.Errorf("SimplePaths(0, 4, 4 hops) = %v, %v; want %v, false", paths, truncated, want)
		}
		paths, truncated = netgraph.SimplePaths(g, 0, 4, 3, 10)
		if !samePaths(paths, []netgraph.Path{want[0], want[3]}) || truncated {
			t.Errorf("SimplePaths(0, 4, 3 hops) = %v, %v; want the two 3-hop paths", paths, truncated)
		}
		paths, truncated = netgraph.SimplePaths(g, 0, 4, 4, 3)
		if !samePaths(paths, want[:3]) || !truncated {
			t.Errorf("SimplePaths(limit 3) = %v, %v; want the first 3, true", paths, truncated)
		}
		paths, truncated = netgraph.SimplePaths(g, 0, 4, 4, 4)
		if len(paths) != 4 || truncated {
			t.Errorf("SimplePaths(limit 4 = count) = %d paths, %v; want 4, false", len(paths), truncated)
		}
		if paths, truncated = netgraph.SimplePaths(g, 0, 4, 2, 10); paths != nil || truncated {
			t.Errorf("SimplePaths(0, 4, 2 hops) = %v, %v; want nil, false", paths, truncated)
		}
		if paths, truncated = netgraph.SimplePaths(g, 0, 4, 4, 0); paths != nil || !truncated {
			t.Errorf("SimplePaths(limit 0) = %v, %v; want nil, true", paths, truncated)
		}
		if paths, truncated = netgraph.SimplePaths(g, 2, 2, 0, 5); len(paths) != 1 || paths[0].Length != 0 || truncated {
			t.Errorf("SimplePaths(2, 2) = %v, %v; want [[2]], false", paths, truncated)
		}
	})

	t.Run("AgreesWithBruteForce", func(t *testing.T) {
		for seed := uint64(0); seed < 60; seed++ {
			n, m := 9+int(seed%6), 12+int(seed%17)
			g := randomGraph(seed, n, m, false)
			for _, st := range pairs(seed, n, 5) {
				s, u := st[0], st[1]
				for _, hops := range []int{0, 1, 2, 3, 5, n} {
					want := lexicographic(bruteSimplePaths(g, s, u, hops, false))
					got, truncated := netgraph.SimplePaths(g, s, u, hops, 1<<20)
					if !samePaths(got, want) || truncated {
						t.Fatalf("seed %d: SimplePaths(%d, %d, %d hops) = %d paths (truncated %v); want %d (brute force)", seed, s, u, hops, len(got), truncated, len(want))
					}
					if len(want) > 1 {
						k := len(want) / 2
						got, truncated = netgraph.SimplePaths(g, s, u, hops, k)
						if !samePaths(got, want[:k]) || !truncated {
							t.Fatalf("seed %d: SimplePaths(limit %d of %d) = %d paths, truncated %v; want the first %d, true", seed, k, len(want), len(got), truncated, k)
						}
					}
				}
			}
		}
	})

	t.Run("Montagna", func(t *testing.T) {
		// The two top brokers of the meetings layer (README §1), through
		// at most 3 hops: the pruned search lists exactly what the plain
		// DFS finds, and every path has 1 to 3 edges.
		l := montagna(t, "meetings")
		a, b := l.node(t, 18), l.node(t, 47)
		want := lexicographic(bruteSimplePaths(l.g, a, b, 3, false))
		got, truncated := netgraph.SimplePaths(l.g, a, b, 3, 100000)
		if truncated || !samePaths(got, want) || len(want) < 10 {
			t.Fatalf("SimplePaths(18, 47, 3 hops) = %d paths, truncated %v; want %d (brute force, at least 10)", len(got), truncated, len(want))
		}
		// One-edge paths: the direct tie; two-edge paths: one per common
		// neighbour.
		_, direct := l.g.EdgeWeight(a, b)
		common := 0
		for _, v := range l.g.Neighbours(a) {
			if _, ok := l.g.EdgeWeight(int(v), b); ok {
				common++
			}
		}
		byLength := map[float64]int{}
		for _, p := range got {
			byLength[p.Length]++
		}
		if want := map[bool]int{true: 1}[direct]; byLength[1] != want || byLength[2] != common {
			t.Errorf("paths of 1 and 2 edges = %d, %d; want %d (direct tie) and %d (common neighbours)", byLength[1], byLength[2], want, common)
		}
	})

	t.Run("Panics", func(t *testing.T) {
		g := netgraph.NewUndirected(3, nil)
		mustPanic(t, "SimplePaths(maxHops -1)", func() { netgraph.SimplePaths(g, 0, 1, -1, 1) })
		mustPanic(t, "SimplePaths(limit -1)", func() { netgraph.SimplePaths(g, 0, 1, 2, -1) })
		mustPanic(t, "SimplePaths(3, 0)", func() { netgraph.SimplePaths(g, 3, 0, 2, 1) })
	})
}
