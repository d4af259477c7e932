package netgraph_test

import (
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/network"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

func TestBetweennessWeighted(t *testing.T) {
	t.Run("Detour", func(t *testing.T) {
		// 0-2 is longer (3) than 0-1-2 (2): the pair {0,2} routes through 1.
		g := netgraph.NewUndirected(3, []netgraph.Edge{{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 0, V: 2, W: 3}})
		if got, want := netgraph.BetweennessWeighted(g, 1), []float64{0, 1, 0}; !slices.Equal(got, want) {
			t.Errorf("BetweennessWeighted(detour) = %v; want %v", got, want)
		}
		if got, want := netgraph.Betweenness(g, 1), []float64{0, 0, 0}; !slices.Equal(got, want) {
			t.Errorf("Betweenness(detour) = %v; want %v", got, want)
		}
	})

	t.Run("Tie", func(t *testing.T) {
		// 0-2 of length 2 ties with 0-1-2: half of the pair {0,2} via 1.
		g := netgraph.NewUndirected(3, []netgraph.Edge{{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 0, V: 2, W: 2}})
		if got, want := netgraph.BetweennessWeighted(g, 1), []float64{0, 0.5, 0}; !slices.Equal(got, want) {
			t.Errorf("BetweennessWeighted(tie) = %v; want %v", got, want)
		}
	})

	t.Run("AgreesWithGonum", func(t *testing.T) {
		for _, tc := range oracleCases {
			t.Run(tc.name, func(t *testing.T) {
				g := randomGraph(uint64(tc.n*13+tc.m), tc.n, tc.m, true)
				gg, p := gonumShortest(g, true)
				ref := network.BetweennessWeighted(gg.(graph.Weighted), p)
				got := netgraph.BetweennessWeighted(g, 3)
				for v := range got {
					if want := ref[int64(v)] / 2; !near(got[v], want, 1e-9*max(1, want)) {
						t.Errorf("BetweennessWeighted[%d] = %v; want %v (gonum/2)", v, got[v], want)
					}
				}
			})
		}
	})

	t.Run("IntegerTiesAgreeWithGonum", func(t *testing.T) {
		// Weights 1..3: many exactly tied shortest paths.
		for i, size := range [][2]int{{40, 90}, {120, 300}, {200, 700}} {
			g := intWeightGraph(uint64(50+i), size[0], size[1])
			gg, p := gonumShortest(g, true)
			ref := network.BetweennessWeighted(gg.(graph.Weighted), p)
			got := netgraph.BetweennessWeighted(g, 2)
			for v := range got {
				if want := ref[int64(v)] / 2; !near(got[v], want, 1e-9*max(1, want)) {
					t.Errorf("n=%d: BetweennessWeighted[%d] = %v; want %v (gonum/2)", size[0], v, got[v], want)
				}
			}
		}
	})

	t.Run("UnitWeightsMatchBetweenness", func(t *testing.T) {
		g := randomGraph(6, 400, 1200, true).Unweighted()
		want := netgraph.Betweenness(g, 2)
		got := netgraph.BetweennessWeighted(g, 2)
		for v := range got {
			if !near(got[v], want[v], 1e-9*max(1, want[v])) {
				t.Errorf("BetweennessWeighted(unit)[%d] = %v; want %v (Betweenness)", v, got[v], want[v])
			}
		}
	})

	t.Run("Deterministic", func(t *testing.T) {
		g := randomGraph(7, 300, 900, true)
		a, b := netgraph.BetweennessWeighted(g, 3), netgraph.BetweennessWeighted(g, 3)
		if !slices.Equal(a, b) {
			t.Errorf("BetweennessWeighted(g, 3) differs between runs")
		}
		one := netgraph.BetweennessWeighted(g, 1)
		for v := range one {
			if !near(a[v], one[v], 1e-9*max(1, one[v])) {
				t.Errorf("BetweennessWeighted(g, 3)[%d] = %v; want %v (workers=1)", v, a[v], one[v])
			}
		}
	})

	t.Run("TinyLengthKeepsDAGAcyclic", func(t *testing.T) {
		// 1-2 is far below the resolution of d = 1: in float64 d(0,1) =
		// d(0,2) = 1, and neither node may become the other's predecessor
		// (a cycle in the shortest-path DAG would inflate the counts past
		// the (N-1)(N-2)/2 = 3 pairs a node can lie between).
		g := netgraph.NewUndirected(4, []netgraph.Edge{
			{U: 0, V: 1, W: 1}, {U: 0, V: 2, W: 1}, {U: 1, V: 2, W: 1e-300}, {U: 2, V: 3, W: 1}, {U: 1, V: 3, W: 1},
		})
		for v, x := range netgraph.BetweennessWeighted(g, 1) {
			if !(x >= 0 && x <= 3) {
				t.Errorf("BetweennessWeighted(tiny)[%d] = %v; want in [0, 3]", v, x)
			}
		}
	})

	t.Run("Panics", func(t *testing.T) {
		g := netgraph.NewUndirected(3, []netgraph.Edge{{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 0}})
		mustPanic(t, "BetweennessWeighted(zero length)", func() { netgraph.BetweennessWeighted(g, 1) })
		// DistanceGraph drops the zero-weight tie, leaving a valid input.
		if got, want := netgraph.BetweennessWeighted(netgraph.DistanceGraph(g), 1), []float64{0, 0, 0}; !slices.Equal(got, want) {
			t.Errorf("BetweennessWeighted(DistanceGraph) = %v; want %v", got, want)
		}
	})
}

func TestDistanceGraph(t *testing.T) {
	g := netgraph.NewUndirected(5, []netgraph.Edge{
		{U: 0, V: 1, W: 4}, {U: 1, V: 2, W: 0.5}, {U: 2, V: 3, W: 0}, {U: 1, V: 0, W: 1}, {U: 3, V: 4, W: 2},
	})
	d := netgraph.DistanceGraph(g)
	if got, want := d.N(), 5; got != want {
		t.Errorf("N() = %d; want %d", got, want)
	}
	want := []netgraph.Edge{{U: 0, V: 1, W: 0.2}, {U: 1, V: 2, W: 2}, {U: 3, V: 4, W: 0.5}}
	if got := d.Edges(); !slices.Equal(got, want) {
		t.Errorf("DistanceGraph().Edges() = %v; want %v", got, want)
	}
	if got := d.Neighbours(3); !slices.Equal(got, []int32{4}) {
		t.Errorf("DistanceGraph().Neighbours(3) = %v; want [4]", got)
	}
	if got, want := d.Strength(1), 2.2; !near(got, want, 1e-15) {
		t.Errorf("DistanceGraph().Strength(1) = %v; want %v", got, want)
	}
}

// TestBetweennessWeightedMontagna checks networkx 3.6.1
// betweenness_centrality(G, weight="dist") with dist = 1/weight on the
// Montagna layers (duplicate rows summed), and shows what reading the counts
// themselves as lengths does instead (weight="weight").
func TestBetweennessWeightedMontagna(t *testing.T) {
	type ref struct {
		label int
		bc    float64
	}
	for _, tc := range []struct {
		layer     string
		dist, raw []ref
	}{
		{
			layer: "meetings",
			dist:  []ref{{18, 0.4906657046657045}, {29, 0.3999562289562288}, {27, 0.3972356902356904}, {47, 0.230976430976431}, {12, 0.20231457431457459}},
			raw:   []ref{{18, 0.4379976397142171}, {47, 0.19518301771510316}, {68, 0.18468635982094098}, {11, 0.16606449779177065}, {43, 0.1345815789149123}},
		},
		{
			layer: "phonecalls",
			dist:  []ref{{18, 0.4778396206967635}, {47, 0.3632240775097918}, {29, 0.2803545660688518}, {43, 0.23273551844980414}, {61, 0.230571016285302}},
			raw:   []ref{{61, 0.4197072768501341}, {18, 0.37744794887652033}, {27, 0.2529031814746101}, {47, 0.2240087954373669}, {70, 0.21363292791864222}},
		},
	} {
		t.Run(tc.layer, func(t *testing.T) {
			l := montagna(t, tc.layer)
			for _, m := range []struct {
				name string
				g    *netgraph.Graph
				want []ref
			}{
				{"BetweennessWeighted(DistanceGraph)", netgraph.DistanceGraph(l.g), tc.dist},
				{"BetweennessWeighted(counts as lengths)", l.g, tc.raw},
			} {
				bc := netgraph.NormaliseBetweenness(m.g, netgraph.BetweennessWeighted(m.g, 0))
				top := topK(bc, len(m.want))
				for i, r := range m.want {
					if got := bc[l.node(t, r.label)]; !near(got, r.bc, 1e-12) {
						t.Errorf("%s(%d) = %v; want %v (networkx)", m.name, r.label, got, r.bc)
					}
					if got := l.labels[top[i]]; got != r.label {
						t.Errorf("%s rank %d = node %d; want %d", m.name, i+1, got, r.label)
					}
				}
			}
		})
	}
}
