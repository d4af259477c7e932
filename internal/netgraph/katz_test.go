package netgraph_test

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

// adjacencyDense returns g's adjacency matrix (weights or 1 per edge).
func adjacencyDense(g *netgraph.Graph, weighted bool) *mat.SymDense {
	a := mat.NewSymDense(max(g.N(), 1), nil)
	for _, e := range g.Edges() {
		w := 1.0
		if weighted {
			w = e.W
		}
		a.SetSym(e.U, e.V, w)
	}
	return a
}

// lambdaMax returns the largest eigenvalue of g's adjacency matrix.
func lambdaMax(t *testing.T, g *netgraph.Graph, weighted bool) float64 {
	t.Helper()
	var eig mat.EigenSym
	if !eig.Factorize(adjacencyDense(g, weighted), false) {
		t.Fatal("EigenSym failed")
	}
	vals := eig.Values(nil)
	return vals[len(vals)-1]
}

// katzOracle solves (I − αA)x = β1 with gonum and normalises it by
// sign(Σx)·‖x‖₂.
func katzOracle(t *testing.T, g *netgraph.Graph, alpha, beta float64, weighted bool) []float64 {
	t.Helper()
	n := g.N()
	a := adjacencyDense(g, weighted)
	m := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := -alpha * a.At(i, j)
			if i == j {
				v++
			}
			m.Set(i, j, v)
		}
	}
	b := mat.NewVecDense(n, nil)
	for i := 0; i < n; i++ {
		b.SetVec(i, beta)
	}
	var x mat.VecDense
	if err := x.SolveVec(m, b); err != nil {
		t.Fatalf("gonum SolveVec: %v", err)
	}
	out := make([]float64, n)
	var sum, sq float64
	for i := range out {
		out[i] = x.AtVec(i)
		sum += out[i]
		sq += out[i] * out[i]
	}
	norm := math.Copysign(math.Sqrt(sq), sum)
	for i := range out {
		out[i] /= norm
	}
	return out
}

func TestKatz(t *testing.T) {
	t.Run("Star", func(t *testing.T) {
		// Centre c and three leaves l: c = 1 + 3αl, l = 1 + αc, so
		// c = (1+3α)/(1−3α²) and l = 1 + αc before normalisation.
		g := netgraph.NewUndirected(4, []netgraph.Edge{{U: 0, V: 1, W: 1}, {U: 0, V: 2, W: 1}, {U: 0, V: 3, W: 1}})
		const alpha = 0.1
		c := (1 + 3*alpha) / (1 - 3*alpha*alpha)
		l := 1 + alpha*c
		norm := math.Sqrt(c*c + 3*l*l)
		for _, name := range []string{"Katz", "KatzSolve"} {
			var x []float64
			var ok bool
			if name == "Katz" {
				x, ok = netgraph.Katz(g, alpha, 1, 1e-14, 1000, false)
			} else {
				x, ok = netgraph.KatzSolve(g, alpha, 1, false)
			}
			if !ok {
				t.Fatalf("%s(star) did not converge", name)
			}
			for v, want := range []float64{c / norm, l / norm, l / norm, l / norm} {
				if !near(x[v], want, 1e-14) {
					t.Errorf("%s(star)[%d] = %.16f; want %.16f", name, v, x[v], want)
				}
			}
		}
	})

	t.Run("WeightsCount", func(t *testing.T) {
		// One edge of weight 3: both ends (1 + 3αx) = x → equal scores, and
		// unweighted the same. A path 0-1-2 with weights 1 and 4: node 2
		// outranks node 0 only when weighted.
		g := netgraph.NewUndirected(3, []netgraph.Edge{{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 4}})
		w, _ := netgraph.Katz(g, 0.1, 1, 1e-14, 1000, true)
		u, _ := netgraph.Katz(g, 0.1, 1, 1e-14, 1000, false)
		if !(w[2] > w[0]) {
			t.Errorf("weighted Katz = %v; want node 2 above node 0", w)
		}
		if u[2] != u[0] {
			t.Errorf("unweighted Katz = %v; want nodes 0 and 2 equal", u)
		}
	})

	t.Run("AgreesWithLinearSolve", func(t *testing.T) {
		for _, weighted := range []bool{false, true} {
			for _, tc := range oracleCases {
				g := randomGraph(uint64(tc.n*7+tc.m), tc.n, tc.m, weighted)
				if g.M() == 0 {
					continue
				}
				alpha := 0.9 / lambdaMax(t, g, weighted)
				want := katzOracle(t, g, alpha, 1, weighted)
				got, ok := netgraph.Katz(g, alpha, 1, 1e-14, 100000, weighted)
				if !ok {
					t.Fatalf("%s weighted=%v: Katz(α = 0.9/λmax) did not converge", tc.name, weighted)
				}
				solved, ok := netgraph.KatzSolve(g, alpha, 1, weighted)
				if !ok {
					t.Fatalf("%s weighted=%v: KatzSolve singular", tc.name, weighted)
				}
				for v := range want {
					if !near(got[v], want[v], 1e-10) {
						t.Errorf("%s weighted=%v: Katz[%d] = %v; want %v (gonum solve)", tc.name, weighted, v, got[v], want[v])
					}
					if !near(solved[v], want[v], 1e-12) {
						t.Errorf("%s weighted=%v: KatzSolve[%d] = %v; want %v (gonum solve)", tc.name, weighted, v, solved[v], want[v])
					}
				}
			}
		}
	})

	t.Run("BeyondConvergence", func(t *testing.T) {
		// α = 1.5/λmax: the series diverges, the power iteration fails, the
		// linear system still has a solution (with negative entries).
		g := randomGraph(5, 60, 150, false)
		alpha := 1.5 / lambdaMax(t, g, false)
		if _, ok := netgraph.Katz(g, alpha, 1, 1e-6, 1000, false); ok {
			t.Errorf("Katz(α = 1.5/λmax) converged; want divergence")
		}
		got, ok := netgraph.KatzSolve(g, alpha, 1, false)
		if !ok {
			t.Fatal("KatzSolve(α = 1.5/λmax) singular")
		}
		want := katzOracle(t, g, alpha, 1, false)
		negative := 0
		for v := range want {
			if !near(got[v], want[v], 1e-10) {
				t.Errorf("KatzSolve[%d] = %v; want %v (gonum solve)", v, got[v], want[v])
			}
			if got[v] < 0 {
				negative++
			}
		}
		if negative == 0 {
			t.Errorf("KatzSolve(α = 1.5/λmax) has no negative entry; the test graph no longer shows divergence")
		}
	})

	t.Run("Singular", func(t *testing.T) {
		// A single edge has eigenvalues ±1: α = 1 makes I − αA singular.
		g := netgraph.NewUndirected(2, []netgraph.Edge{{U: 0, V: 1, W: 1}})
		if x, ok := netgraph.KatzSolve(g, 1, 1, false); ok {
			t.Errorf("KatzSolve(K2, α=1) = %v, true; want singular", x)
		}
	})

	t.Run("Montagna", func(t *testing.T) {
		// networkx 2.8.8 katz_centrality(G, alpha=0.1, beta=1.0, tol=1e-12,
		// max_iter=10000) and katz_centrality_numpy(G, 0.1, 1.0,
		// weight="weight"), on the graphs as the Cavallaro et al. code builds
		// them (a repeated pair keeps its last weight).
		for _, tc := range []struct {
			layer    string
			weighted bool
			top      []int
			values   []float64
		}{
			{"meetings", false, []int{47, 18, 27, 68, 29}, []float64{0.315533830757724, 0.28158083468247286, 0.2765334976733412, 0.24435703817440163, 0.22657121836074307}},
			{"phonecalls", false, []int{47, 18, 61, 27, 68}, []float64{0.2960260827255845, 0.29489743411058617, 0.22283346400022463, 0.1947747647516437, 0.1868217192545783}},
			// α = 0.1 > 1/λmax (λmax 23.4 and 14.3): the series diverges;
			// 50 and 30 of the solution's entries are negative.
			{"meetings", true, []int{18, 29, 22, 64, 25}, []float64{0.4271868356939198, 0.3019802738425065, 0.29538712913641185, 0.2520889924307031, 0.2429156223323323}},
			{"phonecalls", true, []int{61, 75, 67, 131, 112}, []float64{0.31749476164689977, 0.22538828296373967, 0.19233570059752866, 0.16058622443283874, 0.1462824612559486}},
		} {
			nx := montagnaNX(t, tc.layer)
			g := nx.g
			var x []float64
			var ok bool
			if tc.weighted {
				x, ok = netgraph.KatzSolve(g, 0.1, 1, true)
				if _, conv := netgraph.Katz(g, 0.1, 1, 1e-6, 1000, true); conv {
					t.Errorf("%s: weighted Katz(α=0.1) converged; want divergence (α > 1/λmax)", tc.layer)
				}
			} else {
				x, ok = netgraph.Katz(g, 0.1, 1, 1e-12, 10000, false)
			}
			if !ok {
				t.Fatalf("%s weighted=%v: no solution", tc.layer, tc.weighted)
			}
			top := topK(x, len(tc.top))
			for i, label := range tc.top {
				if got := nx.labels[top[i]]; got != label {
					t.Errorf("%s weighted=%v: Katz rank %d = node %d; want %d", tc.layer, tc.weighted, i+1, got, label)
				}
				if got := x[nx.node(t, label)]; !near(got, tc.values[i], 1e-13) {
					t.Errorf("%s weighted=%v: Katz(%d) = %.17g; want %.17g", tc.layer, tc.weighted, label, got, tc.values[i])
				}
			}
			negative := 0
			for _, v := range x {
				if v < 0 {
					negative++
				}
			}
			if want := map[string]int{"meetings": 50, "phonecalls": 30}[tc.layer]; tc.weighted && negative != want {
				t.Errorf("%s: %d negative weighted Katz values; want %d", tc.layer, negative, want)
			}
		}
		// networkx defaults (tol 1e-6): the stopping rule is networkx's,
		// so the unconverged digits agree too (the converged value is
		// 0.28158083468247286).
		nx := montagnaNX(t, "meetings")
		x, ok := netgraph.Katz(nx.g, 0.1, 1, 1e-6, 1000, false)
		if got, want := x[nx.node(t, 18)], 0.28158084873653383; !ok || !near(got, want, 1e-15) {
			t.Errorf("Katz(meetings, networkx defaults)(18) = %.17g, %v; want %.17g, true", got, ok, want)
		}
	})

	t.Run("Edges", func(t *testing.T) {
		empty := netgraph.NewUndirected(0, nil)
		if x, ok := netgraph.Katz(empty, 0.1, 1, 1e-6, 10, false); len(x) != 0 || !ok {
			t.Errorf("Katz(empty) = %v, %v; want [], true", x, ok)
		}
		if x, ok := netgraph.KatzSolve(empty, 0.1, 1, false); len(x) != 0 || !ok {
			t.Errorf("KatzSolve(empty) = %v, %v; want [], true", x, ok)
		}
		// No edges: every node scores β, normalised to 1/√N.
		g := netgraph.NewUndirected(4, nil)
		x, ok := netgraph.Katz(g, 0.1, 2, 1e-6, 10, false)
		for v := range x {
			if !ok || !near(x[v], 0.5, 1e-15) {
				t.Errorf("Katz(4 isolated)[%d] = %v, %v; want 0.5, true", v, x[v], ok)
			}
		}
		// β = 0: the zero vector, left unnormalised.
		x, ok = netgraph.Katz(randomGraph(1, 10, 20, false), 0.1, 0, 1e-6, 10, false)
		for v := range x {
			if !ok || x[v] != 0 {
				t.Errorf("Katz(β=0)[%d] = %v, %v; want 0, true", v, x[v], ok)
			}
		}
	})

	t.Run("Panics", func(t *testing.T) {
		g := randomGraph(1, 5, 5, false)
		mustPanic(t, "Katz(NaN alpha)", func() { netgraph.Katz(g, math.NaN(), 1, 1e-6, 10, false) })
		mustPanic(t, "Katz(Inf beta)", func() { netgraph.Katz(g, 0.1, math.Inf(1), 1e-6, 10, false) })
		mustPanic(t, "Katz(negative tol)", func() { netgraph.Katz(g, 0.1, 1, -1, 10, false) })
		mustPanic(t, "Katz(negative maxIter)", func() { netgraph.Katz(g, 0.1, 1, 1e-6, -1, false) })
		mustPanic(t, "KatzSolve(Inf alpha)", func() { netgraph.KatzSolve(g, math.Inf(-1), 1, false) })
	})
}
