package netgraph_test

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

func TestEigenvector(t *testing.T) {
	t.Run("Star", func(t *testing.T) {
		// K_{1,3}: λ = √3, centre 1/√2, leaves 1/√6.
		g := netgraph.NewUndirected(4, []netgraph.Edge{{U: 0, V: 1, W: 1}, {U: 0, V: 2, W: 1}, {U: 0, V: 3, W: 1}})
		x, ok := netgraph.Eigenvector(g, 1e-15, 1000, false)
		if !ok {
			t.Errorf("Eigenvector(star) did not converge")
		}
		l := 1 / math.Sqrt(6)
		assertNear(t, "Eigenvector(star)", x, []float64{1 / math.Sqrt2, l, l, l}, 1e-13)
	})

	t.Run("WeightedPath", func(t *testing.T) {
		// 0 -2- 1 -1- 2: A has λ = √5, x ∝ (2, √5, 1), norm √10.
		g := netgraph.NewUndirected(3, []netgraph.Edge{{U: 0, V: 1, W: 2}, {U: 1, V: 2, W: 1}})
		x, _ := netgraph.Eigenvector(g, 1e-15, 1000, true)
		s := math.Sqrt(10)
		assertNear(t, "Eigenvector(weighted path)", x, []float64{2 / s, math.Sqrt(5) / s, 1 / s}, 1e-13)
		// Unweighted it is the plain path: (1, √2, 1)/2.
		x, _ = netgraph.Eigenvector(g, 1e-15, 1000, false)
		assertNear(t, "Eigenvector(path)", x, []float64{0.5, 1 / math.Sqrt2, 0.5}, 1e-13)
	})

	t.Run("NoEdges", func(t *testing.T) {
		x, ok := netgraph.Eigenvector(netgraph.NewUndirected(4, nil), 1e-6, 100, true)
		if !ok {
			t.Errorf("Eigenvector(4 isolated) did not converge")
		}
		assertNear(t, "Eigenvector(4 isolated)", x, []float64{0.5, 0.5, 0.5, 0.5}, 1e-15)
		x, ok = netgraph.Eigenvector(netgraph.NewUndirected(0, nil), 1e-6, 100, true)
		if len(x) != 0 || !ok {
			t.Errorf("Eigenvector(empty) = %v, %v; want [], true", x, ok)
		}
	})

	t.Run("NotConverged", func(t *testing.T) {
		g := randomGraph(1, 50, 100, false)
		if _, ok := netgraph.Eigenvector(g, 1e-6, 1, false); ok {
			t.Errorf("Eigenvector(maxIter 1) reports convergence")
		}
		x, ok := netgraph.Eigenvector(g, 1e-6, 0, false)
		if ok || x[0] != 1.0/50 {
			t.Errorf("Eigenvector(maxIter 0) = %v..., %v; want the start 1/N, false", x[0], ok)
		}
	})

	t.Run("AgreesWithEigenSym", func(t *testing.T) {
		// The principal eigenvector of the (connected) adjacency matrix from
		// gonum's dense symmetric eigendecomposition.
		for _, weighted := range []bool{false, true} {
			for i, size := range [][2]int{{10, 10}, {60, 150}, {40, 500}, {200, 600}} {
				g := connectedGraph(uint64(70+i), size[0], size[1], weighted)
				n := g.N()
				a := mat.NewSymDense(n, nil)
				for _, e := range g.Edges() {
					w := e.W
					if !weighted {
						w = 1
					}
					a.SetSym(e.U, e.V, w)
				}
				var es mat.EigenSym
				if !es.Factorize(a, true) {
					t.Fatalf("EigenSym failed")
				}
				var vecs mat.Dense
				es.VectorsTo(&vecs)
				want := mat.Col(nil, n-1, &vecs) // eigenvalues ascend
				if want[0] < 0 {
					for v := range want {
						want[v] = -want[v]
					}
				}
				got, ok := netgraph.Eigenvector(g, 1e-15, 100000, weighted)
				if !ok {
					t.Errorf("n=%d weighted=%v: did not converge", n, weighted)
				}
				if d, v := maxAbsDiff(got, want); d > 1e-9 {
					t.Errorf("n=%d weighted=%v: Eigenvector[%d] = %v; want %v (EigenSym)", n, weighted, v, got[v], want[v])
				}
			}
		}
	})

	t.Run("Panics", func(t *testing.T) {
		g := netgraph.NewUndirected(2, nil)
		mustPanic(t, "Eigenvector(tol NaN)", func() { netgraph.Eigenvector(g, math.NaN(), 100, false) })
		mustPanic(t, "Eigenvector(tol -1)", func() { netgraph.Eigenvector(g, -1, 100, false) })
		mustPanic(t, "Eigenvector(maxIter -1)", func() { netgraph.Eigenvector(g, 1e-6, -1, false) })
	})
}

// TestEigenvectorMontagna checks networkx 3.6.1 eigenvector_centrality(G)
// and eigenvector_centrality(G, weight="weight") with the defaults
// (max_iter 100, tol 1e-6) on the Montagna layers (duplicate rows summed).
// Both graphs have 5 components, so the values are those of the iteration,
// not of a unique eigenvector.
func TestEigenvectorMontagna(t *testing.T) {
	type ref struct {
		label int
		x     float64
	}
	for _, tc := range []struct {
		layer         string
		plain, valued []ref
	}{
		{"meetings",
			[]ref{{47, 0.34784411229624435}, {27, 0.29831262977611894}, {18, 0.2712195138578973}, {68, 0.26773879486803437}, {45, 0.24120993943806282}},
			[]ref{{47, 0.4789865638660052}, {45, 0.356635157392957}, {89, 0.34809731774962843}, {27, 0.3255209443402783}, {51, 0.3042275226499111}}},
		{"phonecalls",
			[]ref{{47, 0.5142387089668825}, {27, 0.30798284585749935}, {68, 0.30259894470134835}, {29, 0.24985199535629865}, {54, 0.22278006737434536}},
			[]ref{{18, 0.6613216247415766}, {29, 0.49996077889627244}, {19, 0.3164505218312748}, {33, 0.17184064859478135}, {43, 0.16779776018091952}}},
	} {
		t.Run(tc.layer, func(t *testing.T) {
			l := montagna(t, tc.layer)
			for _, weighted := range []bool{false, true} {
				want := tc.plain
				if weighted {
					want = tc.valued
				}
				x, ok := netgraph.Eigenvector(l.g, 1e-6, 100, weighted)
				if !ok {
					t.Errorf("weighted=%v: did not converge", weighted)
				}
				top := topK(x, len(want))
				for i, r := range want {
					if got := x[l.node(t, r.label)]; !near(got, r.x, 1e-12) {
						t.Errorf("weighted=%v: Eigenvector(%d) = %v; want %v (networkx)", weighted, r.label, got, r.x)
					}
					if got := l.labels[top[i]]; got != r.label {
						t.Errorf("weighted=%v: rank %d = node %d; want %d", weighted, i+1, got, r.label)
					}
				}
			}
		})
	}
}
