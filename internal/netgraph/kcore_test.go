package netgraph_test

import (
	"slices"
	"testing"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

func TestCoreNumber(t *testing.T) {
	t.Run("Small", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			n     int
			edges [][2]int
			want  []int
		}{
			{"empty", 0, nil, []int{}},
			{"isolated", 3, nil, []int{0, 0, 0}},
			// Triangle 0-1-2 with pendant 3 and isolated 4.
			{"triangle+pendant", 5, [][2]int{{0, 1}, {1, 2}, {2, 0}, {2, 3}}, []int{2, 2, 2, 1, 0}},
			// K4 on 0..3, then a path 3-4-5 and a 4-cycle 6-7-8-9.
			{"K4+path+cycle", 10, [][2]int{{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}, {3, 4}, {4, 5}, {6, 7}, {7, 8}, {8, 9}, {9, 6}},
				[]int{3, 3, 3, 3, 1, 1, 2, 2, 2, 2}},
			// Star: the hub has degree 4 but core number 1.
			{"star", 5, [][2]int{{0, 1}, {0, 2}, {0, 3}, {0, 4}}, []int{1, 1, 1, 1, 1}},
		} {
			edges := make([]netgraph.Edge, len(tc.edges))
			for i, e := range tc.edges {
				edges[i] = netgraph.Edge{U: e[0], V: e[1], W: 1}
			}
			if got := netgraph.CoreNumber(netgraph.NewUndirected(tc.n, edges)); !slices.Equal(got, tc.want) {
				t.Errorf("CoreNumber(%s) = %v; want %v", tc.name, got, tc.want)
			}
		}
	})

	t.Run("AgreesWithPeeling", func(t *testing.T) {
		for _, tc := range append(oracleCases, struct {
			name string
			n, m int
		}{"n500_m3000", 500, 3000}) {
			g := randomGraph(uint64(tc.n*3+tc.m), tc.n, tc.m, true)
			if got, want := netgraph.CoreNumber(g), peelCores(g); !slices.Equal(got, want) {
				t.Errorf("%s: CoreNumber = %v; want %v (peeling)", tc.name, got, want)
			}
		}
		g := netgraph.NewUndirected(3000, prefAttachEdges(3000, 4))
		if got, want := netgraph.CoreNumber(g), peelCores(g); !slices.Equal(got, want) {
			t.Errorf("preferential attachment: CoreNumber differs from peeling")
		}
	})
}

// TestCoreNumberMontagna checks networkx 3.6.1 core_number(G) on the
// Montagna layers: how many nodes have each core number and which form the
// innermost core.
func TestCoreNumberMontagna(t *testing.T) {
	for _, tc := range []struct {
		layer string
		count []int // count[k]: nodes of core number k
		inner []int // labels of the innermost core
	}{
		{"meetings", []int{0, 15, 27, 16, 10, 26, 7}, []int{3, 4, 5, 6, 7, 8, 9}},
		{"phonecalls", []int{0, 68, 23, 9}, []int{27, 29, 43, 45, 47, 51, 54, 68, 97}},
	} {
		l := montagna(t, tc.layer)
		core := netgraph.CoreNumber(l.g)
		count := make([]int, slices.Max(core)+1)
		var inner []int
		for v, k := range core {
			count[k]++
			if k == len(tc.count)-1 {
				inner = append(inner, l.labels[v])
			}
		}
		if !slices.Equal(count, tc.count) {
			t.Errorf("%s: nodes per core number = %v; want %v (networkx)", tc.layer, count, tc.count)
		}
		slices.Sort(inner)
		if !slices.Equal(inner, tc.inner) {
			t.Errorf("%s: innermost core = %v; want %v (networkx)", tc.layer, inner, tc.inner)
		}
	}
}

// peelCores computes core numbers from the definition: for k = 1, 2, ...,
// delete nodes of remaining degree < k until none is left; the survivors
// have core number >= k. O(N·M).
func peelCores(g *netgraph.Graph) []int {
	n := g.N()
	core := make([]int, n)
	alive := make([]bool, n)
	for v := range alive {
		alive[v] = true
	}
	for k := 1; ; k++ {
		for changed := true; changed; {
			changed = false
			for v := 0; v < n; v++ {
				if !alive[v] {
					continue
				}
				d := 0
				for _, u := range g.Neighbours(v) {
					if alive[u] {
						d++
					}
				}
				if d < k {
					alive[v] = false
					changed = true
				}
			}
		}
		any := false
		for v := 0; v < n; v++ {
			if alive[v] {
				core[v] = k
				any = true
			}
		}
		if !any {
			return core
		}
	}
}

// prefAttachEdges is prefAttach with a seed derived from n.
func prefAttachEdges(n, k int) []netgraph.Edge { return prefAttach(uint64(n)+1, n, k) }
