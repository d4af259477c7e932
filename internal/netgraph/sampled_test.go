package netgraph_test

import (
	"math"
	"slices"
	"testing"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

func TestVertexDiameterBound(t *testing.T) {
	path := func(n, from int) []netgraph.Edge {
		var e []netgraph.Edge
		for v := from + 1; v < from+n; v++ {
			e = append(e, netgraph.Edge{U: v - 1, V: v, W: 1})
		}
		return e
	}
	star := []netgraph.Edge{{U: 0, V: 1, W: 1}, {U: 0, V: 2, W: 1}, {U: 0, V: 3, W: 1}}
	for _, tc := range []struct {
		name  string
		n     int
		edges []netgraph.Edge
		want  int
	}{
		{"empty", 0, nil, 0},
		{"isolated", 3, nil, 1},
		{"edge", 3, []netgraph.Edge{{U: 1, V: 2, W: 1}}, 2},
		{"star", 4, star, 3},
		// Path 0..5: from hub 1 the two largest distances are 4 and 3.
		{"path6", 6, path(6, 0), 8},
		// A path of 3 (bound 3, from its middle) beside a path of 6 (8).
		{"two paths", 9, append(path(3, 0), path(6, 3)...), 8},
	} {
		if got := netgraph.VertexDiameterBound(netgraph.NewUndirected(tc.n, tc.edges)); got != tc.want {
			t.Errorf("VertexDiameterBound(%s) = %d; want %d", tc.name, got, tc.want)
		}
	}

	// On random and real graphs: VD <= bound <= 2 VD - 1.
	graphs := map[string]*netgraph.Graph{
		"meetings":   montagna(t, "meetings").g,
		"phonecalls": montagna(t, "phonecalls").g,
		"caviar":     readMatrix(t, "networks", "ucinet_covert", "morselli_caviar.csv").undirectedBinary(),
	}
	for _, tc := range oracleCases {
		graphs[tc.name] = randomGraph(uint64(tc.n+tc.m), tc.n, tc.m, false)
	}
	graphs["tree"] = randomGraph(3, 400, 399, false)
	for name, g := range graphs {
		vd := exactVertexDiameter(g)
		if got := netgraph.VertexDiameterBound(g); got < vd || got > max(1, 2*vd-1) {
			t.Errorf("VertexDiameterBound(%s) = %d; want in [%d, %d]", name, got, vd, 2*vd-1)
		}
	}
}

func TestSampledBetweenness(t *testing.T) {
	t.Run("Star", func(t *testing.T) {
		// Centre of a 10-leaf star: normalised betweenness 1, every leaf 0.
		// VD = 3, so r = ⌈0.5/(0.1·9/11)² (0 + 1 + ln 10)⌉ = 247.
		var edges []netgraph.Edge
		for v := 1; v <= 10; v++ {
			edges = append(edges, netgraph.Edge{U: 0, V: v, W: 1})
		}
		g := netgraph.NewUndirected(11, edges)
		bc, r := netgraph.SampledBetweenness(g, 0.1, 0.1, 7, 0)
		if r != 247 {
			t.Errorf("samples = %d; want 247", r)
		}
		netgraph.NormaliseBetweenness(g, bc)
		if !near(bc[0], 1, 0.1) {
			t.Errorf("SampledBetweenness(star) centre = %v; want 1 ± 0.1", bc[0])
		}
		if leaves := bc[1:]; slices.Max(leaves) != 0 {
			t.Errorf("SampledBetweenness(star) leaves = %v; want 0", leaves)
		}
	})

	t.Run("SampleSize", func(t *testing.T) {
		// Path of 5: VD bound 6, r = ⌈0.5/(0.2·3/5)² (⌊log2 4⌋ + 1 + ln 20)⌉.
		g := netgraph.NewUndirected(5, []netgraph.Edge{{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 2, V: 3, W: 1}, {U: 3, V: 4, W: 1}})
		if _, r := netgraph.SampledBetweenness(g, 0.2, 0.05, 1, 1); r != 209 {
			t.Errorf("samples = %d; want 209", r)
		}
	})

	t.Run("NothingToSample", func(t *testing.T) {
		for _, tc := range []struct {
			name    string
			g       *netgraph.Graph
			samples bool
		}{
			{"empty", netgraph.NewUndirected(0, nil), false},
			{"n2", netgraph.NewUndirected(2, []netgraph.Edge{{U: 0, V: 1, W: 1}}), false},
			{"matching", netgraph.NewUndirected(4, []netgraph.Edge{{U: 0, V: 1, W: 1}, {U: 2, V: 3, W: 1}}), false},
			{"isolated", netgraph.NewUndirected(5, nil), false},
			// Every pair adjacent: paths are drawn but have no inner node.
			{"triangle", netgraph.NewUndirected(3, []netgraph.Edge{{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 2, V: 0, W: 1}}), true},
		} {
			bc, r := netgraph.SampledBetweenness(tc.g, 0.1, 0.1, 1, 0)
			if (r > 0) != tc.samples {
				t.Errorf("%s: samples = %d; want > 0: %v", tc.name, r, tc.samples)
			}
			if want := make([]float64, tc.g.N()); !slices.Equal(bc, want) {
				t.Errorf("%s: SampledBetweenness = %v; want %v", tc.name, bc, want)
			}
		}
	})

	t.Run("ErrorBound", func(t *testing.T) {
		// The guarantee holds with probability >= 1 − δ per run; with
		// these fixed seeds every run is inside ε (observed worst errors
		// are 0.2–0.8 ε), so the test is deterministic.
		graphs := []struct {
			name string
			g    *netgraph.Graph
		}{
			{"Montagna meetings", montagna(t, "meetings").g},
			{"Montagna phone calls", montagna(t, "phonecalls").g},
			{"CAVIAR", readMatrix(t, "networks", "ucinet_covert", "morselli_caviar.csv").undirectedBinary()},
			{"French Connection", readMatrix(t, "networks", "ucinet_covert", "macdonald_tfc.csv").undirectedBinary()},
			{"Oversize", readMatrix(t, "networks", "ucinet_covert", "berlusconietal_oversize.csv").undirectedBinary()},
			{"random sparse", randomGraph(5, 300, 450, false)},
			{"random dense", randomGraph(6, 80, 800, false)},
			{"preferential attachment", netgraph.NewUndirected(1000, prefAttach(3, 1000, 2))},
		}
		for _, tc := range graphs {
			exact := netgraph.NormaliseBetweenness(tc.g, netgraph.Betweenness(tc.g, 0))
			for _, eps := range []float64{0.05, 0.02} {
				worst := 0.0
				for seed := uint64(0); seed < 6; seed++ {
					bc, _ := netgraph.SampledBetweenness(tc.g, eps, 0.1, seed, 0)
					d, v := maxAbsDiff(netgraph.NormaliseBetweenness(tc.g, bc), exact)
					if d > eps {
						t.Errorf("%s, ε=%v, seed %d: |error| at node %d = %.4f; want <= ε (estimate %.4f, exact %.4f)",
							tc.name, eps, seed, v, d, bc[v], exact[v])
					}
					worst = max(worst, d)
				}
				t.Logf("%s (n=%d, max exact %.3f): ε=%v worst error %.4f", tc.name, tc.g.N(), slices.Max(exact), eps, worst)
			}
		}
	})

	t.Run("Unbiased", func(t *testing.T) {
		// The mean of 40 independent estimates (about 44,000 paths in all)
		// has a standard error near 0.003: a sampler that drew paths or
		// pairs with the wrong probabilities would be off by more than 0.01
		// somewhere.
		for _, tc := range []struct {
			name string
			g    *netgraph.Graph
		}{
			{"Montagna meetings", montagna(t, "meetings").g},
			{"grid with ties", grid(12, 9)},
		} {
			exact := netgraph.NormaliseBetweenness(tc.g, netgraph.Betweenness(tc.g, 0))
			mean := make([]float64, tc.g.N())
			const runs = 40
			for seed := uint64(100); seed < 100+runs; seed++ {
				bc, _ := netgraph.SampledBetweenness(tc.g, 0.05, 0.1, seed, 0)
				for v, x := range netgraph.NormaliseBetweenness(tc.g, bc) {
					mean[v] += x / runs
				}
			}
			if d, v := maxAbsDiff(mean, exact); d > 0.01 {
				t.Errorf("%s: mean estimate at node %d = %.4f; want %.4f ± 0.01", tc.name, v, mean[v], exact[v])
			}
		}
	})

	t.Run("IndependentOfWorkers", func(t *testing.T) {
		g := randomGraph(8, 500, 1200, false)
		one, r := netgraph.SampledBetweenness(g, 0.03, 0.1, 42, 1)
		for _, w := range []int{2, 3, 0, 64} {
			got, rw := netgraph.SampledBetweenness(g, 0.03, 0.1, 42, w)
			if rw != r || !slices.Equal(got, one) {
				t.Errorf("SampledBetweenness(workers=%d) differs from workers=1", w)
			}
		}
		other, _ := netgraph.SampledBetweenness(g, 0.03, 0.1, 43, 1)
		if slices.Equal(other, one) {
			t.Errorf("SampledBetweenness gives the same estimate for seeds 42 and 43")
		}
	})

	t.Run("Panics", func(t *testing.T) {
		g := netgraph.NewUndirected(3, []netgraph.Edge{{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}})
		for _, p := range [][2]float64{{0, 0.1}, {1, 0.1}, {math.NaN(), 0.1}, {0.1, 0}, {0.1, 1}, {0.1, math.NaN()}, {1e-9, 0.1}} {
			mustPanic(t, "SampledBetweenness(ε, δ bad)", func() {
				netgraph.SampledBetweenness(g, p[0], p[1], 1, 1)
			})
		}
	})
}

// exactVertexDiameter is 1 + the largest finite distance, by a BFS from
// every node (0 for an empty graph).
func exactVertexDiameter(g *netgraph.Graph) int {
	best := 0
	dist := make([]int, g.N())
	for s := 0; s < g.N(); s++ {
		for i := range dist {
			dist[i] = -1
		}
		dist[s] = 0
		queue := []int{s}
		for len(queue) > 0 {
			v := queue[0]
			queue = queue[1:]
			best = max(best, dist[v]+1)
			for _, w := range g.Neighbours(v) {
				if dist[w] < 0 {
					dist[w] = dist[v] + 1
					queue = append(queue, int(w))
				}
			}
		}
	}
	return best
}

// grid returns the w×h grid graph, whose node pairs have many tied shortest
// paths.
func grid(w, h int) *netgraph.Graph {
	var edges []netgraph.Edge
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := y*w + x
			if x+1 < w {
				edges = append(edges, netgraph.Edge{U: v, V: v + 1, W: 1})
			}
			if y+1 < h {
				edges = append(edges, netgraph.Edge{U: v, V: v + w, W: 1})
			}
		}
	}
	return netgraph.NewUndirected(w*h, edges)
}
