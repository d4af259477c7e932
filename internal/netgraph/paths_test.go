package netgraph_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/path"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

// intWeightGraph draws m random edges on n nodes with integer weights in
// lo..hi, so that weighted shortest paths tie often (and exactly).
func pathWeightGraph(seed uint64, n, m, lo, hi int) *netgraph.Graph {
	rng := rand.New(rand.NewPCG(seed, 5))
	edges := make([]netgraph.Edge, m)
	for i := range edges {
		edges[i] = netgraph.Edge{U: rng.IntN(n), V: rng.IntN(n), W: float64(lo + rng.IntN(hi-lo+1))}
	}
	// NewUndirected sums parallel edges; keep the weights in range by
	// building from the merged graph's edges reduced modulo the range.
	g := netgraph.NewUndirected(n, edges)
	es := g.Edges()
	for i := range es {
		es[i].W = float64(lo + int(es[i].W)%(hi-lo+1))
	}
	return netgraph.NewUndirected(n, es)
}

// checkPath fails t unless p is a simple path from s to u in g whose Length
// is its hop count (unweighted) or weight sum (weighted).
func checkPath(t *testing.T, g *netgraph.Graph, p netgraph.Path, s, u int, weighted bool) {
	t.Helper()
	if len(p.Nodes) == 0 || p.Nodes[0] != s || p.Nodes[len(p.Nodes)-1] != u {
		t.Fatalf("path %v does not run from %d to %d", p.Nodes, s, u)
	}
	seen := map[int]bool{}
	var l float64
	for i, v := range p.Nodes {
		if seen[v] {
			t.Fatalf("path %v visits %d twice", p.Nodes, v)
		}
		seen[v] = true
		if i == 0 {
			continue
		}
		w, ok := g.EdgeWeight(p.Nodes[i-1], v)
		if !ok {
			t.Fatalf("path %v uses missing edge (%d, %d)", p.Nodes, p.Nodes[i-1], v)
		}
		if weighted {
			l += w
		} else {
			l++
		}
	}
	if !near(p.Length, l, 1e-9*max(1, l)) {
		t.Fatalf("path %v has Length %v; want %v", p.Nodes, p.Length, l)
	}
}

func gonumIDs(nodes []graph.Node) []int {
	out := make([]int, len(nodes))
	for i, n := range nodes {
		out[i] = int(n.ID())
	}
	return out
}

// pairs draws k (s, t) pairs on n nodes.
func pairs(seed uint64, n, k int) [][2]int {
	rng := rand.New(rand.NewPCG(seed, 8))
	out := make([][2]int, k)
	for i := range out {
		out[i] = [2]int{rng.IntN(n), rng.IntN(n)}
	}
	return out
}

func TestShortestPath(t *testing.T) {
	t.Run("HandChecked", func(t *testing.T) {
		// 0-1-2-3 in a line of weight-1 edges, plus a heavy shortcut 0-3
		// of weight 5 and a light detour 1-4-2 of total 0.5.
		g := netgraph.NewUndirected(6, []netgraph.Edge{
			{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 2, V: 3, W: 1},
			{U: 0, V: 3, W: 5}, {U: 1, V: 4, W: 0.25}, {U: 4, V: 2, W: 0.25},
		})
		for _, tc := range []struct {
			s, t     int
			weighted bool
			want     []int
			length   float64
		}{
			{0, 3, false, []int{0, 3}, 1},
			{0, 3, true, []int{0, 1, 4, 2, 3}, 2.5},
			{3, 0, true, []int{3, 2, 4, 1, 0}, 2.5},
			{1, 2, false, []int{1, 2}, 1},
			{1, 2, true, []int{1, 4, 2}, 0.5},
			{2, 2, true, []int{2}, 0},
		} {
			p, ok := netgraph.ShortestPath(g, tc.s, tc.t, tc.weighted)
			if !ok || !slices.Equal(p.Nodes, tc.want) || p.Length != tc.length {
				t.Errorf("ShortestPath(%d, %d, weighted=%v) = %v, %v; want %v length %v", tc.s, tc.t, tc.weighted, p, ok, tc.want, tc.length)
			}
		}
		for _, weighted := range []bool{false, true} {
			if p, ok := netgraph.ShortestPath(g, 0, 5, weighted); ok || p.Nodes != nil {
				t.Errorf("ShortestPath(0, isolated 5, weighted=%v) = %v, %v; want none", weighted, p, ok)
			}
		}
	})

	t.Run("AgreesWithGonum", func(t *testing.T) {
		for _, weighted := range []bool{false, true} {
			for _, tc := range oracleCases {
				t.Run(fmt.Sprintf("%s/weighted=%v", tc.name, weighted), func(t *testing.T) {
					g := randomGraph(uint64(tc.n*31+tc.m), tc.n, tc.m, weighted)
					gg := toGonumUndirected(g, weighted)
					for _, st := range pairs(uint64(tc.m), tc.n, 40) {
						s, u := st[0], st[1]
						ref := path.DijkstraFrom(gg.Node(int64(s)), gg)
						want := ref.WeightTo(int64(u))
						p, ok := netgraph.ShortestPath(g, s, u, weighted)
						if math.IsInf(want, 1) {
							if ok {
								t.Errorf("ShortestPath(%d, %d) = %v; want unreachable (gonum)", s, u, p)
							}
							continue
						}
						if !ok {
							t.Fatalf("ShortestPath(%d, %d) unreachable; want length %v (gonum)", s, u, want)
						}
						checkPath(t, g, p, s, u, weighted)
						if !near(p.Length, want, 1e-9*max(1, want)) {
							t.Errorf("ShortestPath(%d, %d).Length = %v; want %v (gonum)", s, u, p.Length, want)
						}
					}
				})
			}
		}
	})

	t.Run("ZeroWeights", func(t *testing.T) {
		// Weights 0..2: zero-length edges, ties and detours.
		for seed := uint64(0); seed < 20; seed++ {
			g := pathWeightGraph(seed, 40, 90, 0, 2)
			gg := toGonumUndirected(g, true)
			for _, st := range pairs(seed, 40, 20) {
				s, u := st[0], st[1]
				want := path.DijkstraFrom(gg.Node(int64(s)), gg).WeightTo(int64(u))
				p, ok := netgraph.ShortestPath(g, s, u, true)
				if ok != !math.IsInf(want, 1) {
					t.Fatalf("seed %d: ShortestPath(%d, %d) ok = %v; gonum length %v", seed, s, u, ok, want)
				}
				if ok {
					checkPath(t, g, p, s, u, true)
					if p.Length != want {
						t.Errorf("seed %d: ShortestPath(%d, %d).Length = %v; want %v (gonum)", seed, s, u, p.Length, want)
					}
				}
			}
		}
	})

	t.Run("Panics", func(t *testing.T) {
		g := netgraph.NewUndirected(3, nil)
		mustPanic(t, "ShortestPath(3, 0)", func() { netgraph.ShortestPath(g, 3, 0, false) })
		mustPanic(t, "ShortestPath(0, -1)", func() { netgraph.ShortestPath(g, 0, -1, true) })
	})
}

func TestAllShortestPaths(t *testing.T) {
	t.Run("Grid", func(t *testing.T) {
		// 3×3 grid, corner to corner: C(4,2) = 6 shortest paths of 4 hops.
		//	0 1 2
		//	3 4 5
		//	6 7 8
		var edges []netgraph.Edge
		for r := 0; r < 3; r++ {
			for c := 0; c < 3; c++ {
				v := 3*r + c
				if c < 2 {
					edges = append(edges, netgraph.Edge{U: v, V: v + 1, W: 1})
				}
				if r < 2 {
					edges = append(edges, netgraph.Edge{U: v, V: v + 3, W: 1})
				}
			}
		}
		g := netgraph.NewUndirected(9, edges)
		paths, total := netgraph.AllShortestPaths(g, 0, 8, false, 10)
		want := [][]int{
			{0, 1, 2, 5, 8}, {0, 1, 4, 5, 8}, {0, 1, 4, 7, 8},
			{0, 3, 4, 5, 8}, {0, 3, 4, 7, 8}, {0, 3, 6, 7, 8},
		}
		if total != 6 || len(paths) != 6 {
			t.Fatalf("AllShortestPaths(grid, 0, 8) = %d paths, total %v; want 6, 6", len(paths), total)
		}
		for i, p := range paths {
			if !slices.Equal(p.Nodes, want[i]) || p.Length != 4 {
				t.Errorf("path %d = %v length %v; want %v length 4", i, p.Nodes, p.Length, want[i])
			}
		}
		paths, total = netgraph.AllShortestPaths(g, 0, 8, true, 2)
		if total != 6 || len(paths) != 2 || !slices.Equal(paths[1].Nodes, want[1]) {
			t.Errorf("AllShortestPaths(grid, limit 2) = %v, total %v; want the first 2 of 6", paths, total)
		}
		if paths, total = netgraph.AllShortestPaths(g, 0, 8, false, 0); paths != nil || total != 6 {
			t.Errorf("AllShortestPaths(grid, limit 0) = %v, %v; want nil, 6", paths, total)
		}
		if paths, total = netgraph.AllShortestPaths(g, 4, 4, false, 3); len(paths) != 1 || total != 1 || !slices.Equal(paths[0].Nodes, []int{4}) {
			t.Errorf("AllShortestPaths(4, 4) = %v, %v; want [[4]], 1", paths, total)
		}
	})

	t.Run("Unreachable", func(t *testing.T) {
		g := netgraph.NewUndirected(4, []netgraph.Edge{{U: 0, V: 1, W: 1}, {U: 2, V: 3, W: 1}})
		if paths, total := netgraph.AllShortestPaths(g, 0, 3, true, 5); paths != nil || total != 0 {
			t.Errorf("AllShortestPaths(0, 3) = %v, %v; want nil, 0", paths, total)
		}
	})

	t.Run("ExponentialCount", func(t *testing.T) {
		// A chain of 70 diamonds has 2^70 shortest paths: the count is a
		// float64 and the listing stops at the limit.
		const k = 70
		var edges []netgraph.Edge
		for i := 0; i < k; i++ {
			a := 3 * i
			edges = append(edges, netgraph.Edge{U: a, V: a + 1, W: 1}, netgraph.Edge{U: a, V: a + 2, W: 1},
				netgraph.Edge{U: a + 1, V: a + 3, W: 1}, netgraph.Edge{U: a + 2, V: a + 3, W: 1})
		}
		g := netgraph.NewUndirected(3*k+1, edges)
		paths, total := netgraph.AllShortestPaths(g, 0, 3*k, false, 3)
		if total != math.Pow(2, k) || len(paths) != 3 {
			t.Errorf("AllShortestPaths(diamonds) = %d paths, total %v; want 3, 2^%d", len(paths), total, k)
		}
		for _, p := range paths {
			checkPath(t, g, p, 0, 3*k, false)
			if p.Length != 2*k {
				t.Errorf("Length = %v; want %d", p.Length, 2*k)
			}
		}
	})

	t.Run("AgreesWithGonum", func(t *testing.T) {
		for _, weighted := range []bool{false, true} {
			for seed := uint64(0); seed < 30; seed++ {
				n, m := 25+int(seed), 40+3*int(seed)
				g := pathWeightGraph(seed, n, m, 1, 3)
				gg := toGonumUndirected(g, weighted)
				for _, st := range pairs(seed+100, n, 10) {
					s, u := st[0], st[1]
					refPaths, _ := path.DijkstraAllFrom(gg.Node(int64(s)), gg).AllTo(int64(u))
					var want [][]int
					for _, rp := range refPaths {
						want = append(want, gonumIDs(rp))
					}
					slices.SortFunc(want, slices.Compare)
					got, total := netgraph.AllShortestPaths(g, s, u, weighted, 1000)
					if total != float64(len(want)) || len(got) != len(want) {
						t.Fatalf("seed %d, weighted=%v: AllShortestPaths(%d, %d) = %d paths, total %v; want %d (gonum)", seed, weighted, s, u, len(got), total, len(want))
					}
					for i, p := range got {
						checkPath(t, g, p, s, u, weighted)
						if !slices.Equal(p.Nodes, want[i]) {
							t.Errorf("seed %d: path %d = %v; want %v (gonum, sorted)", seed, i, p.Nodes, want[i])
						}
						if p.Length != got[0].Length {
							t.Errorf("seed %d: path %d Length %v; want %v like the first", seed, i, p.Length, got[0].Length)
						}
					}
				}
			}
		}
	})

	t.Run("ZeroWeightsSubsetOfGonum", func(t *testing.T) {
		// With zero-length edges the listing may miss paths (documented),
		// but whatever it lists is a shortest path, each once.
		for seed := uint64(0); seed < 20; seed++ {
			g := pathWeightGraph(seed, 30, 70, 0, 2)
			gg := toGonumUndirected(g, true)
			for _, st := range pairs(seed+7, 30, 10) {
				s, u := st[0], st[1]
				refPaths, w := path.DijkstraAllFrom(gg.Node(int64(s)), gg).AllTo(int64(u))
				ref := map[string]bool{}
				for _, rp := range refPaths {
					ref[fmt.Sprint(gonumIDs(rp))] = true
				}
				got, total := netgraph.AllShortestPaths(g, s, u, true, 1000)
				if (len(refPaths) == 0) != (total == 0) || total != float64(len(got)) {
					t.Fatalf("seed %d: AllShortestPaths(%d, %d) = %d paths, total %v; gonum has %d", seed, s, u, len(got), total, len(refPaths))
				}
				seen := map[string]bool{}
				for _, p := range got {
					key := fmt.Sprint(p.Nodes)
					if !ref[key] || seen[key] || p.Length != w {
						t.Errorf("seed %d: path %v (length %v) not a distinct gonum shortest path of length %v", seed, p.Nodes, p.Length, w)
					}
					seen[key] = true
				}
			}
		}
	})

	t.Run("Panics", func(t *testing.T) {
		g := netgraph.NewUndirected(3, nil)
		mustPanic(t, "AllShortestPaths(limit -1)", func() { netgraph.AllShortestPaths(g, 0, 1, false, -1) })
		mustPanic(t, "AllShortestPaths(0, 3)", func() { netgraph.AllShortestPaths(g, 0, 3, false, 1) })
	})
}

func TestReweight(t *testing.T) {
	// Call counts: 0-1 ×4, 1-2 ×1, 0-2 ×1, 2-3 ×0 (a recorded tie with no
	// calls). As distances 1/w: 0-1 0.25, 1-2 1, 0-2 1; 2-3 gone.
	g := netgraph.NewUndirected(4, []netgraph.Edge{{U: 0, V: 1, W: 4}, {U: 1, V: 2, W: 1}, {U: 0, V: 2, W: 1}, {U: 2, V: 3, W: 0}})
	d := netgraph.Reweight(g, netgraph.Inverse)
	want := []netgraph.Edge{{U: 0, V: 1, W: 0.25}, {U: 0, V: 2, W: 1}, {U: 1, V: 2, W: 1}}
	if got := d.Edges(); !slices.Equal(got, want) || d.N() != 4 {
		t.Errorf("Reweight(g, Inverse).Edges() = %v (N %d); want %v (N 4)", got, d.N(), want)
	}
	if w, ok := d.EdgeWeight(1, 0); !ok || w != 0.25 {
		t.Errorf("EdgeWeight(1, 0) = %v, %v; want 0.25, true", w, ok)
	}
	if p, ok := netgraph.ShortestPath(d, 3, 0, true); ok {
		t.Errorf("ShortestPath over a zero-call tie = %v; want none", p)
	}
	if got := netgraph.Inverse(0); !math.IsInf(got, 1) {
		t.Errorf("Inverse(0) = %v; want +Inf", got)
	}
	mustPanic(t, "Reweight to a negative weight", func() { netgraph.Reweight(g, func(w float64) float64 { return -w }) })
	mustPanic(t, "Reweight to NaN", func() { netgraph.Reweight(g, func(float64) float64 { return math.NaN() }) })
}

func TestShortestPathMontagna(t *testing.T) {
	// README §1 (networkx 3.6.1): the largest component of each layer has
	// diameter 7. Every pair inside it is connected, every pair across
	// components is not.
	for _, layer := range []string{"meetings", "phonecalls"} {
		t.Run(layer, func(t *testing.T) {
			l := montagna(t, layer)
			g := l.g
			labels, _ := netgraph.Components(g)
			diameter := 0.0
			for s := 0; s < g.N(); s++ {
				for u := s + 1; u < g.N(); u++ {
					p, ok := netgraph.ShortestPath(g, s, u, false)
					if ok != (labels[s] == labels[u]) {
						t.Fatalf("ShortestPath(%d, %d) ok = %v; components %d, %d", l.labels[s], l.labels[u], ok, labels[s], labels[u])
					}
					if ok && labels[s] == 0 {
						diameter = max(diameter, p.Length)
					}
				}
			}
			if diameter != 7 {
				t.Errorf("LCC diameter = %v; want 7", diameter)
			}
		})
	}
}

func TestPathsConcurrent(t *testing.T) {
	// Queries from several goroutines share the scratch pool; each must
	// get the answer it gets alone.
	g := randomGraph(77, 2000, 6000, true)
	ps := pairs(77, g.N(), 60)
	want := make([]netgraph.Path, len(ps))
	for i, p := range ps {
		want[i], _ = netgraph.ShortestPath(g, p[0], p[1], i%2 == 0)
	}
	errs := make(chan string, 4*len(ps))
	done := make(chan bool)
	for w := 0; w < 4; w++ {
		go func() {
			for i, p := range ps {
				got, _ := netgraph.ShortestPath(g, p[0], p[1], i%2 == 0)
				netgraph.KShortestPaths(g, p[0], p[1], 3, true)
				netgraph.Neighbourhood(g, []int{p[0]}, 2, nil)
				if !slices.Equal(got.Nodes, want[i].Nodes) || got.Length != want[i].Length {
					errs <- fmt.Sprintf("ShortestPath(%d, %d) = %v concurrently; want %v", p[0], p[1], got, want[i])
				}
			}
			done <- true
		}()
	}
	for w := 0; w < 4; w++ {
		<-done
	}
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
