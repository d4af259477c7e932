package netgraph_test

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph/path"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

// ciOracle computes CI_l from gonum's all-pairs shortest paths (unit
// lengths): (k_i − 1) Σ_{d(i,j) = l} (k_j − 1), strengths if weighted.
func ciOracle(g *netgraph.Graph, l int, weighted bool) []float64 {
	all := path.DijkstraAllPaths(toGonumUndirected(g, false))
	k := func(v int) float64 {
		if weighted {
			return g.Strength(v)
		}
		return float64(g.Degree(v))
	}
	out := make([]float64, g.N())
	for i := range out {
		var s float64
		for j := 0; j < g.N(); j++ {
			if d := all.Weight(int64(i), int64(j)); !math.IsInf(d, 1) && int(d) == l {
				s += k(j) - 1
			}
		}
		out[i] = (k(i) - 1) * s
	}
	return out
}

func TestCollectiveInfluence(t *testing.T) {
	t.Run("Path", func(t *testing.T) {
		// 0-1-2-3-4, degrees 1 2 2 2 1, plus isolated 5.
		g := netgraph.NewUndirected(6, []netgraph.Edge{{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 2, V: 3, W: 1}, {U: 3, V: 4, W: 1}})
		for _, tc := range []struct {
			l    int
			want []float64
		}{
			{1, []float64{0, 1, 2, 1, 0, 0}}, // node 2: (2−1)·((2−1)+(2−1))
			{2, []float64{0, 1, 0, 1, 0, 0}}, // node 1: (2−1)·(k_3 − 1); node 2: ends have k−1 = 0
			{3, []float64{0, 0, 0, 0, 0, 0}}, // node 1: k_4 − 1 = 0; node 0: k_0 − 1 = 0
			{5, []float64{0, 0, 0, 0, 0, 0}}, // beyond the component
		} {
			if got := netgraph.CollectiveInfluence(g, tc.l, false); !slices.Equal(got, tc.want) {
				t.Errorf("CollectiveInfluence(path5, %d) = %v; want %v", tc.l, got, tc.want)
			}
		}
		// Weighted: a star whose centre has strength 6 and leaves 1, 2, 3:
		// CI_1(centre) = 5·(0 + 1 + 2) = 15, CI_1(leaf 3) = 2·5 = 10.
		star := netgraph.NewUndirected(4, []netgraph.Edge{{U: 0, V: 1, W: 1}, {U: 0, V: 2, W: 2}, {U: 0, V: 3, W: 3}})
		if got, want := netgraph.CollectiveInfluence(star, 1, true), []float64{15, 0, 5, 10}; !slices.Equal(got, want) {
			t.Errorf("CollectiveInfluence(weighted star, 1) = %v; want %v", got, want)
		}
	})

	t.Run("AgreesWithShortestPaths", func(t *testing.T) {
		for _, weighted := range []bool{false, true} {
			for _, tc := range oracleCases[:7] {
				g := randomGraph(uint64(tc.n*3+tc.m), tc.n, tc.m, weighted)
				for _, l := range []int{1, 2, 3} {
					t.Run(fmt.Sprintf("%s/l=%d/weighted=%v", tc.name, l, weighted), func(t *testing.T) {
						got := netgraph.CollectiveInfluence(g, l, weighted)
						want := ciOracle(g, l, weighted)
						for v := range want {
							if !near(got[v], want[v], 1e-9*max(1, math.Abs(want[v]))) {
								t.Errorf("CI[%d] = %v; want %v", v, got[v], want[v])
							}
						}
					})
				}
			}
		}
	})

	t.Run("Montagna", func(t *testing.T) {
		// networkx 2.8.8 (k_i − 1) Σ over the sphere of radius l, on the
		// graphs as Cavallaro et al. build them (last weight kept).
		for _, tc := range []struct {
			layer    string
			weighted bool
			l        int
			top      []int
			values   []float64
		}{
			{"meetings", false, 1, []int{18, 47, 27, 12, 68}, []float64{3496, 2790, 2085, 1665, 1610}},
			{"meetings", false, 2, []int{18, 27, 47, 25, 29}, []float64{4301, 2520, 2448, 2376, 2016}},
			{"meetings", true, 1, []int{47, 18, 89, 27, 68}, []float64{14575, 7308, 7293, 7124, 5784}},
			{"phonecalls", false, 1, []int{47, 18, 61, 29, 27}, []float64{1040, 816, 608, 456, 430}},
			{"phonecalls", true, 2, []int{18, 61, 47, 29, 75}, []float64{5950, 3810, 3534, 2363, 1568}},
		} {
			nx := montagnaNX(t, tc.layer)
			ci := netgraph.CollectiveInfluence(nx.g, tc.l, tc.weighted)
			top := topK(ci, len(tc.top))
			for i, label := range tc.top {
				if got := nx.labels[top[i]]; got != label {
					t.Errorf("%s l=%d weighted=%v: CI rank %d = node %d; want %d", tc.layer, tc.l, tc.weighted, i+1, got, label)
				}
				if got := ci[nx.node(t, label)]; got != tc.values[i] {
					t.Errorf("%s l=%d weighted=%v: CI(%d) = %v; want %v", tc.layer, tc.l, tc.weighted, label, got, tc.values[i])
				}
			}
		}
	})

	t.Run("Panics", func(t *testing.T) {
		g := netgraph.NewUndirected(3, nil)
		mustPanic(t, "CollectiveInfluence(l=0)", func() { netgraph.CollectiveInfluence(g, 0, false) })
	})
}
