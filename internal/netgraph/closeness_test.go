package netgraph_test

import (
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph/network"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

func TestCloseness(t *testing.T) {
	t.Run("Path", func(t *testing.T) {
		// 0-1-2-3-4: farness 10, 7, 6, 7, 10 over N-1 = 4 reachable nodes.
		g := netgraph.NewUndirected(5, []netgraph.Edge{{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 2, V: 3, W: 1}, {U: 3, V: 4, W: 1}})
		assertNear(t, "Closeness(path5)", netgraph.Closeness(g, 2), []float64{0.4, 4.0 / 7, 4.0 / 6, 4.0 / 7, 0.4}, 1e-15)
		assertNear(t, "Harmonic(path5)", netgraph.Harmonic(g, 2), []float64{25.0 / 12, 17.0 / 6, 3, 17.0 / 6, 25.0 / 12}, 1e-15)
	})

	t.Run("Disconnected", func(t *testing.T) {
		// Path 0-1-2, edge 3-4, isolated 5; N = 6. Node 0 reaches 2 others
		// at total distance 3: (2/3)(2/5). Node 3 reaches 1 at distance 1:
		// (1/1)(1/5). Isolated nodes get 0.
		g := netgraph.NewUndirected(6, []netgraph.Edge{{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 3, V: 4, W: 1}})
		assertNear(t, "Closeness", netgraph.Closeness(g, 0), []float64{4.0 / 15, 0.4, 4.0 / 15, 0.2, 0.2, 0}, 1e-15)
		assertNear(t, "Harmonic", netgraph.Harmonic(g, 0), []float64{1.5, 2, 1.5, 1, 1, 0}, 1e-15)
	})

	t.Run("WeightedTriangle", func(t *testing.T) {
		// Lengths 0-1: 1, 1-2: 1, 0-2: 3, so d(0,2) = 2 through 1.
		g := netgraph.NewUndirected(3, []netgraph.Edge{{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 0, V: 2, W: 3}})
		assertNear(t, "ClosenessWeighted", netgraph.ClosenessWeighted(g, 1), []float64{2.0 / 3, 1, 2.0 / 3}, 1e-15)
		assertNear(t, "HarmonicWeighted", netgraph.HarmonicWeighted(g, 1), []float64{1.5, 2, 1.5}, 1e-15)
		// Unweighted, every pair is adjacent.
		assertNear(t, "Closeness", netgraph.Closeness(g, 1), []float64{1, 1, 1}, 0)
	})

	t.Run("ZeroLength", func(t *testing.T) {
		// networkx: a node reaching others only at distance 0 has closeness
		// 0, and distance-0 pairs add nothing to harmonic centrality.
		g := netgraph.NewUndirected(3, []netgraph.Edge{{U: 0, V: 1, W: 0}, {U: 1, V: 2, W: 2}})
		assertNear(t, "ClosenessWeighted", netgraph.ClosenessWeighted(g, 1), []float64{1, 1, 0.5}, 1e-15)
		assertNear(t, "HarmonicWeighted", netgraph.HarmonicWeighted(g, 1), []float64{0.5, 0.5, 1}, 1e-15)
		g2 := netgraph.NewUndirected(2, []netgraph.Edge{{U: 0, V: 1, W: 0}})
		assertNear(t, "ClosenessWeighted(one zero edge)", netgraph.ClosenessWeighted(g2, 1), []float64{0, 0}, 0)
		assertNear(t, "HarmonicWeighted(one zero edge)", netgraph.HarmonicWeighted(g2, 1), []float64{0, 0}, 0)
	})

	t.Run("Small", func(t *testing.T) {
		for n := 0; n <= 1; n++ {
			g := netgraph.NewUndirected(n, nil)
			for name, got := range map[string][]float64{
				"Closeness": netgraph.Closeness(g, 4), "ClosenessWeighted": netgraph.ClosenessWeighted(g, 4),
				"Harmonic": netgraph.Harmonic(g, 4), "HarmonicWeighted": netgraph.HarmonicWeighted(g, 4),
			} {
				if want := make([]float64, n); !slices.Equal(got, want) {
					t.Errorf("%s(n=%d) = %v; want %v", name, n, got, want)
				}
			}
		}
	})

	t.Run("AgreesWithGonum", func(t *testing.T) {
		for _, weighted := range []bool{false, true} {
			for _, tc := range oracleCases {
				name := tc.name + "/unweighted"
				if weighted {
					name = tc.name + "/weighted"
				}
				t.Run(name, func(t *testing.T) {
					g := randomGraph(uint64(tc.n*31+tc.m), tc.n, tc.m, weighted)
					gg, p := gonumShortest(g, weighted)
					close, harm := netgraph.Closeness, netgraph.Harmonic
					if weighted {
						close, harm = netgraph.ClosenessWeighted, netgraph.HarmonicWeighted
					}
					assertNear(t, "Closeness", close(g, 3), gonumClosenessWF(gg, p, g.N()), 1e-9)
					gh := network.Harmonic(gg, p)
					h := harm(g, 3)
					for v := range h {
						if want := gh[int64(v)]; !near(h[v], want, 1e-9*max(1, want)) {
							t.Errorf("Harmonic[%d] = %v; want %v (gonum)", v, h[v], want)
						}
					}
				})
			}
		}
	})

	t.Run("ConnectedIsNMinus1TimesGonum", func(t *testing.T) {
		g := connectedGraph(8, 120, 200, true)
		gg, p := gonumShortest(g, true)
		ref := network.Closeness(gg, p)
		got := netgraph.ClosenessWeighted(g, 0)
		for v := range got {
			if want := float64(g.N()-1) * ref[int64(v)]; !near(got[v], want, 1e-12) {
				t.Errorf("ClosenessWeighted[%d] = %v; want %v ((N-1)·gonum)", v, got[v], want)
			}
		}
	})

	t.Run("IntegerTies", func(t *testing.T) {
		g := intWeightGraph(21, 150, 400)
		gg, p := gonumShortest(g, true)
		assertNear(t, "ClosenessWeighted", netgraph.ClosenessWeighted(g, 2), gonumClosenessWF(gg, p, g.N()), 1e-12)
	})

	t.Run("UnitWeightsMatchUnweighted", func(t *testing.T) {
		g := randomGraph(4, 300, 700, false).Unweighted() // merged parallels weigh 2
		assertNear(t, "ClosenessWeighted(unit)", netgraph.ClosenessWeighted(g, 0), netgraph.Closeness(g, 0), 1e-15)
		assertNear(t, "HarmonicWeighted(unit)", netgraph.HarmonicWeighted(g, 0), netgraph.Harmonic(g, 0), 1e-12)
	})

	t.Run("IndependentOfWorkers", func(t *testing.T) {
		g := randomGraph(12, 400, 900, true)
		for name, f := range map[string]func(*netgraph.Graph, int) []float64{
			"Closeness": netgraph.Closeness, "ClosenessWeighted": netgraph.ClosenessWeighted,
			"Harmonic": netgraph.Harmonic, "HarmonicWeighted": netgraph.HarmonicWeighted,
		} {
			one := f(g, 1)
			for _, w := range []int{2, 3, 0, 1000} {
				if got := f(g, w); !slices.Equal(got, one) {
					t.Errorf("%s(g, %d) differs from workers=1", name, w)
				}
			}
		}
	})
}

// TestClosenessMontagna checks networkx 3.6.1 values computed on the
// Montagna layers (read as in montagna(): duplicate rows summed) with
// closeness_centrality(G), harmonic_centrality(G) and, for the weighted
// variants, distance = 1/weight (DistanceGraph).
func TestClosenessMontagna(t *testing.T) {
	type ref struct {
		label int
		value float64
	}
	for _, tc := range []struct {
		layer                      string
		close, harm, closeW, harmW []ref
	}{
		{
			layer:  "meetings",
			close:  []ref{{18, 0.4428342245989305}, {47, 0.41613065326633164}, {27, 0.41405000000000003}, {29, 0.3962200956937799}, {43, 0.3833796296296296}},
			harm:   []ref{{18, 53.08333333333335}, {47, 49.33333333333337}, {27, 47.9166666666667}, {29, 45.75000000000002}, {25, 44.86666666666669}},
			closeW: []ref{{29, 0.6780799483883774}, {18, 0.6746731844609856}, {27, 0.6683207180327467}, {43, 0.6332286730544193}, {47, 0.6297374682421258}},
			harmW:  []ref{{47, 114.49382082847539}, {27, 108.68205971951603}, {45, 102.74364348479419}, {89, 101.24085474545925}, {29, 96.64470127721155}},
		},
		{
			layer:  "phonecalls",
			close:  []ref{{18, 0.4052964881980426}, {61, 0.3853311439518336}, {29, 0.3815718157181572}, {47, 0.3604710701484895}, {36, 0.34307992202729043}},
			harm:   []ref{{18, 50.16666666666669}, {61, 45.66666666666668}, {47, 45.40000000000001}, {29, 42.416666666666686}, {36, 37.68333333333334}},
			closeW: []ref{{18, 0.8489147005785701}, {29, 0.8382151127055123}, {43, 0.8033504551153416}, {19, 0.7860942753374666}, {47, 0.7828859242142506}},
			harmW:  []ref{{18, 136.36991696498688}, {29, 127.53712040583778}, {47, 116.10300073051627}, {19, 111.536295064784}, {43, 108.89452053159425}},
		},
	} {
		t.Run(tc.layer, func(t *testing.T) {
			l := montagna(t, tc.layer)
			dg := netgraph.DistanceGraph(l.g)
			for _, m := range []struct {
				name string
				got  []float64
				want []ref
			}{
				{"Closeness", netgraph.Closeness(l.g, 0), tc.close},
				{"Harmonic", netgraph.Harmonic(l.g, 0), tc.harm},
				{"ClosenessWeighted(DistanceGraph)", netgraph.ClosenessWeighted(dg, 0), tc.closeW},
				{"HarmonicWeighted(DistanceGraph)", netgraph.HarmonicWeighted(dg, 0), tc.harmW},
			} {
				top := topK(m.got, len(m.want))
				for i, r := range m.want {
					if got := m.got[l.node(t, r.label)]; !near(got, r.value, 1e-12*max(1, r.value)) {
						t.Errorf("%s(%d) = %v; want %v (networkx)", m.name, r.label, got, r.value)
					}
					if got := l.labels[top[i]]; got != r.label {
						t.Errorf("%s rank %d = node %d; want %d", m.name, i+1, got, r.label)
					}
				}
			}
		})
	}
}

// assertNear fails t unless got and want have the same length and agree
// entrywise within tol.
func assertNear(t *testing.T, name string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s has length %d; want %d", name, len(got), len(want))
		return
	}
	for i := range got {
		if !near(got[i], want[i], tol) {
			t.Errorf("%s[%d] = %v; want %v", name, i, got[i], want[i])
		}
	}
}
