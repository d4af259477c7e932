package netgraph_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

func TestNeighbourhood(t *testing.T) {
	t.Run("HandChecked", func(t *testing.T) {
		// People 0, 2, 4, 6 and phones 1, 3, 5: 0–1–2–3–4, and 0–6
		// directly (they met).
		g := netgraph.NewUndirected(7, []netgraph.Edge{
			{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 2, V: 3, W: 1}, {U: 3, V: 4, W: 1},
			{U: 0, V: 6, W: 1}, {U: 5, V: 4, W: 1},
		})
		person := func(v int) bool { return v%2 == 0 }
		for _, tc := range []struct {
			name    string
			sources []int
			hops    int
			keep    func(int) bool
			nodes   []int
			dist    []int
		}{
			{"two hops from 0", []int{0}, 2, nil, []int{0, 1, 6, 2}, []int{0, 1, 1, 2}},
			{"people only: phones block", []int{0}, 4, person, []int{0, 6}, []int{0, 1}},
			{"zero hops", []int{2, 0, 2}, 0, nil, []int{0, 2}, []int{0, 0}},
			{"two sources", []int{6, 4}, 1, nil, []int{4, 6, 0, 3, 5}, []int{0, 0, 1, 1, 1}},
			{"source a phone", []int{3}, 3, person, []int{3, 2, 4}, []int{0, 1, 1}},
			{"whole component", []int{5}, 100, nil, []int{5, 4, 3, 2, 1, 0, 6}, []int{0, 1, 2, 3, 4, 5, 6}},
		} {
			nodes, dist := netgraph.Neighbourhood(g, tc.sources, tc.hops, tc.keep)
			if !slices.Equal(nodes, tc.nodes) || !slices.Equal(dist, tc.dist) {
				t.Errorf("%s: Neighbourhood = %v, %v; want %v, %v", tc.name, nodes, dist, tc.nodes, tc.dist)
			}
		}
	})

	t.Run("AgreesWithGonum", func(t *testing.T) {
		// Distances in the subgraph induced by the kept nodes and the
		// sources, by gonum Dijkstra from each source (unit weights).
		for seed := uint64(0); seed < 40; seed++ {
			n, m := 30+int(seed), 40+2*int(seed)
			g := randomGraph(seed, n, m, false)
			rng := rand.New(rand.NewPCG(seed, 3))
			kept := make([]bool, n)
			for v := range kept {
				kept[v] = rng.IntN(4) > 0
			}
			sources := []int{rng.IntN(n), rng.IntN(n), rng.IntN(n)}[:1+rng.IntN(3)]
			inSub := slices.Clone(kept)
			for _, s := range sources {
				inSub[s] = true
			}
			sub := simple.NewUndirectedGraph()
			for v := 0; v < n; v++ {
				sub.AddNode(simple.Node(v))
			}
			for _, e := range g.Edges() {
				if inSub[e.U] && inSub[e.V] {
					sub.SetEdge(sub.NewEdge(simple.Node(e.U), simple.Node(e.V)))
				}
			}
			want := make([]float64, n)
			for v := range want {
				want[v] = math.Inf(1)
			}
			for _, s := range sources {
				ref := path.DijkstraFrom(simple.Node(s), sub)
				for v := range want {
					want[v] = min(want[v], ref.WeightTo(int64(v)))
				}
			}
			calls := make([]int, n)
			keep := func(v int) bool { calls[v]++; return kept[v] }
			for _, hops := range []int{0, 1, 2, 4, n} {
				clear(calls)
				nodes, dist := netgraph.Neighbourhood(g, sources, hops, keep)
				got := map[int]int{}
				for i, v := range nodes {
					got[v] = dist[i]
					if i > 0 && (dist[i] < dist[i-1] || dist[i] == dist[i-1] && v <= nodes[i-1]) {
						t.Fatalf("seed %d: result not ordered by (distance, id) at %d: %v %v", seed, i, nodes, dist)
					}
				}
				for v := 0; v < n; v++ {
					d, ok := got[v]
					if inReach := want[v] <= float64(hops); ok != inReach || ok && float64(d) != want[v] {
						t.Fatalf("seed %d, %d hops: node %d got (%d, %v); want distance %v", seed, hops, v, d, ok, want[v])
					}
					if calls[v] > 1 {
						t.Fatalf("seed %d: keep(%d) called %d times", seed, v, calls[v])
					}
				}
			}
		}
	})

	t.Run("Montagna", func(t *testing.T) {
		// Meetings layer, README §1: node 18 has degree 24 and the LCC
		// (92 nodes) has diameter 7, so 7 hops from 18 reach all of it.
		l := montagna(t, "meetings")
		v := l.node(t, 18)
		nodes, _ := netgraph.Neighbourhood(l.g, []int{v}, 1, nil)
		if got, want := len(nodes), 25; got != want {
			t.Errorf("1-hop neighbourhood of 18 has %d nodes; want %d", got, want)
		}
		nodes, dist := netgraph.Neighbourhood(l.g, []int{v}, 7, nil)
		if got, want := len(nodes), 92; got != want {
			t.Errorf("7-hop neighbourhood of 18 has %d nodes; want %d (the LCC)", got, want)
		}
		if nodes2, _ := netgraph.Neighbourhood(l.g, []int{v}, 1000, nil); len(nodes2) != len(nodes) {
			t.Errorf("1000-hop neighbourhood of 18 has %d nodes; want %d", len(nodes2), len(nodes))
		}
		if ecc := dist[len(dist)-1]; ecc > 7 || ecc < 4 {
			t.Errorf("eccentricity of 18 = %d; want between the radius bound 4 and the diameter 7", ecc)
		}
	})

	t.Run("Panics", func(t *testing.T) {
		g := netgraph.NewUndirected(3, nil)
		mustPanic(t, "Neighbourhood(maxHops -1)", func() { netgraph.Neighbourhood(g, []int{0}, -1, nil) })
		mustPanic(t, "Neighbourhood(source 3)", func() { netgraph.Neighbourhood(g, []int{0, 3}, 1, nil) })
	})
}
