package netgraph_test

import (
	"math"
	"slices"
	"testing"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

func TestNewUndirected(t *testing.T) {
	t.Run("MergesParallelReciprocalAndLoops", func(t *testing.T) {
		g := netgraph.NewUndirected(5, []netgraph.Edge{
			{U: 0, V: 1, W: 1},
			{U: 1, V: 0, W: 2}, // reciprocal: merged, 3
			{U: 0, V: 1, W: 0.5},
			{U: 2, V: 2, W: 7}, // self-loop: dropped
			{U: 3, V: 1, W: 4},
			{U: 1, V: 2, W: 1},
		})
		if got, want := g.N(), 5; got != want {
			t.Errorf("N() = %d; want %d", got, want)
		}
		if got, want := g.M(), 3; got != want {
			t.Errorf("M() = %d; want %d", got, want)
		}
		if got, want := g.Neighbours(1), []int32{0, 2, 3}; !slices.Equal(got, want) {
			t.Errorf("Neighbours(1) = %v; want %v", got, want)
		}
		if got, want := g.Weights(1), []float64{3.5, 1, 4}; !slices.Equal(got, want) {
			t.Errorf("Weights(1) = %v; want %v", got, want)
		}
		if got, want := g.Weights(0), []float64{3.5}; !slices.Equal(got, want) {
			t.Errorf("Weights(0) = %v; want %v", got, want)
		}
		if got, want := g.Degree(1), 3; got != want {
			t.Errorf("Degree(1) = %d; want %d", got, want)
		}
		if got, want := g.Degree(4), 0; got != want {
			t.Errorf("Degree(4) = %d; want %d", got, want)
		}
		if got, want := g.Strength(1), 8.5; got != want {
			t.Errorf("Strength(1) = %v; want %v", got, want)
		}
		if got, want := g.TotalWeight(), 8.5; got != want {
			t.Errorf("TotalWeight() = %v; want %v", got, want)
		}
		if w, ok := g.EdgeWeight(3, 1); !ok || w != 4 {
			t.Errorf("EdgeWeight(3, 1) = %v, %v; want 4, true", w, ok)
		}
		if w, ok := g.EdgeWeight(2, 2); ok {
			t.Errorf("EdgeWeight(2, 2) = %v, %v; want 0, false", w, ok)
		}
		want := []netgraph.Edge{{U: 0, V: 1, W: 3.5}, {U: 1, V: 2, W: 1}, {U: 1, V: 3, W: 4}}
		if got := g.Edges(); !slices.Equal(got, want) {
			t.Errorf("Edges() = %v; want %v", got, want)
		}
	})

	t.Run("SymmetricSortedRows", func(t *testing.T) {
		g := randomGraph(7, 300, 2000, true)
		off, tgt, wt := g.CSR()
		if got, want := len(off), g.N()+1; got != want {
			t.Fatalf("len(offsets) = %d; want %d", got, want)
		}
		if got, want := len(tgt), 2*g.M(); got != want {
			t.Fatalf("len(targets) = %d; want %d", got, want)
		}
		if len(wt) != len(tgt) {
			t.Fatalf("len(weights) = %d; want %d", len(wt), len(tgt))
		}
		for u := 0; u < g.N(); u++ {
			nb := g.Neighbours(u)
			if !slices.IsSorted(nb) {
				t.Fatalf("Neighbours(%d) = %v; want sorted", u, nb)
			}
			var s float64
			for i, v := range nb {
				if int(v) == u {
					t.Fatalf("node %d has a self-loop", u)
				}
				if i > 0 && nb[i-1] == v {
					t.Fatalf("node %d lists %d twice", u, v)
				}
				back, ok := g.EdgeWeight(int(v), u)
				if !ok || back != g.Weights(u)[i] {
					t.Fatalf("EdgeWeight(%d, %d) = %v, %v; want %v, true", v, u, back, ok, g.Weights(u)[i])
				}
				s += g.Weights(u)[i]
			}
			if got := g.Strength(u); math.Abs(got-s) > 1e-12 {
				t.Fatalf("Strength(%d) = %v; want %v", u, got, s)
			}
		}
		// Round trip through Edges gives the same arrays.
		h := netgraph.NewUndirected(g.N(), g.Edges())
		off2, tgt2, wt2 := h.CSR()
		if !slices.Equal(off, off2) || !slices.Equal(tgt, tgt2) || !slices.Equal(wt, wt2) {
			t.Errorf("NewUndirected(N, Edges()) differs from the original graph")
		}
	})

	t.Run("Unweighted", func(t *testing.T) {
		g := randomGraph(3, 50, 200, true)
		u := g.Unweighted()
		if u.N() != g.N() || u.M() != g.M() {
			t.Fatalf("Unweighted() has N, M = %d, %d; want %d, %d", u.N(), u.M(), g.N(), g.M())
		}
		for v := 0; v < g.N(); v++ {
			if got, want := u.Strength(v), float64(g.Degree(v)); got != want {
				t.Errorf("Unweighted().Strength(%d) = %v; want %v", v, got, want)
			}
		}
		if got, want := u.TotalWeight(), float64(g.M()); got != want {
			t.Errorf("Unweighted().TotalWeight() = %v; want %v", got, want)
		}
	})

	t.Run("Empty", func(t *testing.T) {
		g := netgraph.NewUndirected(0, nil)
		if g.N() != 0 || g.M() != 0 {
			t.Errorf("NewUndirected(0, nil) has N, M = %d, %d; want 0, 0", g.N(), g.M())
		}
		if got := g.Edges(); len(got) != 0 {
			t.Errorf("Edges() = %v; want none", got)
		}
	})

	t.Run("Panics", func(t *testing.T) {
		mustPanic(t, "NewUndirected(-1, nil)", func() { netgraph.NewUndirected(-1, nil) })
		mustPanic(t, "NewUndirected with id n", func() {
			netgraph.NewUndirected(3, []netgraph.Edge{{U: 0, V: 3, W: 1}})
		})
		mustPanic(t, "NewUndirected with negative id", func() {
			netgraph.NewUndirected(3, []netgraph.Edge{{U: -1, V: 2, W: 1}})
		})
		mustPanic(t, "NewUndirected with negative weight", func() {
			netgraph.NewUndirected(3, []netgraph.Edge{{U: 0, V: 2, W: -1}})
		})
		mustPanic(t, "NewUndirected with NaN weight", func() {
			netgraph.NewUndirected(3, []netgraph.Edge{{U: 0, V: 2, W: math.NaN()}})
		})
		g := netgraph.NewUndirected(3, nil)
		mustPanic(t, "Neighbours(3)", func() { g.Neighbours(3) })
		mustPanic(t, "Degree(-1)", func() { g.Degree(-1) })
	})
}

func TestDensity(t *testing.T) {
	for _, tc := range []struct {
		n, m int
		want float64
	}{
		{0, 0, 0},
		{1, 0, 0},
		{2, 1, 1},
		{4, 3, 0.5},
		{101, 256, 512.0 / (101 * 100)},
	} {
		if got := netgraph.Density(tc.n, tc.m); got != tc.want {
			t.Errorf("Density(%d, %d) = %v; want %v", tc.n, tc.m, got, tc.want)
		}
	}
}

func TestComponents(t *testing.T) {
	// Components {0,5} (size 2), {1,2,3} (size 3), {4} (1), {6,7} (2), {8} (1).
	g := netgraph.NewUndirected(9, []netgraph.Edge{
		{U: 0, V: 5, W: 1}, {U: 1, V: 2, W: 1}, {U: 3, V: 2, W: 1}, {U: 7, V: 6, W: 1},
	})
	labels, sizes := netgraph.Components(g)
	if want := []int{1, 0, 0, 0, 3, 1, 2, 2, 4}; !slices.Equal(labels, want) {
		t.Errorf("Components labels = %v; want %v", labels, want)
	}
	if want := []int{3, 2, 2, 1, 1}; !slices.Equal(sizes, want) {
		t.Errorf("Components sizes = %v; want %v", sizes, want)
	}

	labels, sizes = netgraph.Components(netgraph.NewUndirected(0, nil))
	if len(labels) != 0 || len(sizes) != 0 {
		t.Errorf("Components(empty) = %v, %v; want empty", labels, sizes)
	}
}
