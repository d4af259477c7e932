package netgraph_test

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph/network"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

func TestBetweenness(t *testing.T) {
	t.Run("Path", func(t *testing.T) {
		// 0-1-2-3-4: node 1 lies on 3 pairs, node 2 on 4.
		g := netgraph.NewUndirected(5, []netgraph.Edge{{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 2, V: 3, W: 1}, {U: 3, V: 4, W: 1}})
		got := netgraph.Betweenness(g, 2)
		if want := []float64{0, 3, 4, 3, 0}; !slices.Equal(got, want) {
			t.Errorf("Betweenness(path5) = %v; want %v", got, want)
		}
		netgraph.NormaliseBetweenness(g, got)
		if want := []float64{0, 0.5, 4.0 / 6, 0.5, 0}; !slices.Equal(got, want) {
			t.Errorf("NormaliseBetweenness(path5) = %v; want %v", got, want)
		}
	})

	t.Run("Square", func(t *testing.T) {
		// 4-cycle: each pair of opposite nodes has two shortest paths.
		g := netgraph.NewUndirected(4, []netgraph.Edge{{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 2, V: 3, W: 1}, {U: 3, V: 0, W: 1}})
		got := netgraph.Betweenness(g, 1)
		if want := []float64{0.5, 0.5, 0.5, 0.5}; !slices.Equal(got, want) {
			t.Errorf("Betweenness(C4) = %v; want %v", got, want)
		}
	})

	t.Run("AgreesWithGonum", func(t *testing.T) {
		for _, tc := range oracleCases {
			t.Run(tc.name, func(t *testing.T) {
				g := randomGraph(uint64(tc.n*1000+tc.m), tc.n, tc.m, false)
				got := netgraph.Betweenness(g, 3)
				ref := network.Betweenness(toGonumUndirected(g, false))
				for v := range got {
					want := ref[int64(v)] / 2 // gonum counts ordered pairs and omits zeros
					if !near(got[v], want, 1e-9) {
						t.Errorf("Betweenness[%d] = %v; want %v (gonum/2)", v, got[v], want)
					}
				}
			})
		}
	})

	t.Run("DeterministicAcrossRuns", func(t *testing.T) {
		g := randomGraph(11, 500, 1500, false)
		a := netgraph.Betweenness(g, 3)
		b := netgraph.Betweenness(g, 3)
		if !slices.Equal(a, b) {
			t.Errorf("Betweenness(g, 3) differs between runs")
		}
		one := netgraph.Betweenness(g, 1)
		for v := range one {
			if !near(a[v], one[v], 1e-9*max(1, one[v])) {
				t.Errorf("Betweenness(g, 3)[%d] = %v; want %v (workers=1)", v, a[v], one[v])
			}
		}
		all := netgraph.Betweenness(g, 0)
		for v := range one {
			if !near(all[v], one[v], 1e-9*max(1, one[v])) {
				t.Errorf("Betweenness(g, 0)[%d] = %v; want %v (workers=1)", v, all[v], one[v])
			}
		}
	})

	t.Run("NormalisePanics", func(t *testing.T) {
		g := netgraph.NewUndirected(4, nil)
		mustPanic(t, "NormaliseBetweenness(short)", func() { netgraph.NormaliseBetweenness(g, make([]float64, 3)) })
	})

	t.Run("Small", func(t *testing.T) {
		for _, n := range []int{0, 1, 2} {
			g := netgraph.NewUndirected(n, nil)
			if n == 2 {
				g = netgraph.NewUndirected(2, []netgraph.Edge{{U: 0, V: 1, W: 1}})
			}
			got := netgraph.NormaliseBetweenness(g, netgraph.Betweenness(g, 8))
			if want := make([]float64, n); !slices.Equal(got, want) {
				t.Errorf("Betweenness(n=%d) = %v; want %v", n, got, want)
			}
		}
	})
}

func TestPageRank(t *testing.T) {
	t.Run("AgreesWithGonum", func(t *testing.T) {
		for _, weighted := range []bool{false, true} {
			for _, tc := range oracleCases {
				name := tc.name + "/unweighted"
				if weighted {
					name = tc.name + "/weighted"
				}
				t.Run(name, func(t *testing.T) {
					g := randomGraph(uint64(tc.n*7+tc.m), tc.n, tc.m, weighted)
					got := netgraph.PageRank(g, 0.85, 1e-14, 10000, weighted)
					ref := network.PageRank(toGonumDirected(g, weighted), 0.85, 1e-12)
					var sum float64
					for v := range got {
						sum += got[v]
						if want := ref[int64(v)]; !near(got[v], want, 1e-8) {
							t.Errorf("PageRank[%d] = %v; want %v (gonum)", v, got[v], want)
						}
					}
					if !near(sum, 1, 1e-12) {
						t.Errorf("sum of PageRank = %v; want 1", sum)
					}
				})
			}
		}
	})

	t.Run("UnweightedIgnoresWeights", func(t *testing.T) {
		g := randomGraph(5, 80, 200, true)
		got := netgraph.PageRank(g, 0.85, 1e-12, 1000, false)
		want := netgraph.PageRank(g.Unweighted(), 0.85, 1e-12, 1000, true)
		for v := range got {
			if !near(got[v], want[v], 1e-15) {
				t.Errorf("PageRank(g, unweighted)[%d] = %v; want %v", v, got[v], want[v])
			}
		}
	})

	t.Run("Isolated", func(t *testing.T) {
		got := netgraph.PageRank(netgraph.NewUndirected(4, nil), 0.85, 1e-10, 100, false)
		if want := []float64{0.25, 0.25, 0.25, 0.25}; !slices.Equal(got, want) {
			t.Errorf("PageRank(4 isolated) = %v; want %v", got, want)
		}
		if got := netgraph.PageRank(netgraph.NewUndirected(0, nil), 0.85, 1e-10, 100, true); len(got) != 0 {
			t.Errorf("PageRank(empty) = %v; want empty", got)
		}
	})

	t.Run("Panics", func(t *testing.T) {
		g := netgraph.NewUndirected(2, nil)
		mustPanic(t, "PageRank(damping 1.5)", func() { netgraph.PageRank(g, 1.5, 1e-6, 100, false) })
		mustPanic(t, "PageRank(tol NaN)", func() { netgraph.PageRank(g, 0.85, math.NaN(), 100, false) })
	})
}
