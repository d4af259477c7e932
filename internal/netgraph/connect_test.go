package netgraph_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph/path"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

// subWeight is the length of a subgraph: its edge count, or weight sum.
func subWeight(s netgraph.Subgraph, weighted bool) float64 {
	if !weighted {
		return float64(len(s.Edges))
	}
	var w float64
	for _, e := range s.Edges {
		w += e.W
	}
	return w
}

// checkSubgraph fails t unless s is well formed: sorted unique nodes, sorted
// unique edges of g (with g's weights) between listed nodes, every terminal
// listed.
func checkSubgraph(t *testing.T, g *netgraph.Graph, s netgraph.Subgraph, terminals []int) {
	t.Helper()
	if !slices.IsSorted(s.Nodes) || len(slices.Compact(slices.Clone(s.Nodes))) != len(s.Nodes) {
		t.Fatalf("Nodes %v not sorted and unique", s.Nodes)
	}
	for _, v := range terminals {
		if _, ok := slices.BinarySearch(s.Nodes, v); !ok {
			t.Fatalf("terminal %d missing from %v", v, s.Nodes)
		}
	}
	for i, e := range s.Edges {
		if e.U >= e.V || i > 0 && (s.Edges[i-1].U > e.U || s.Edges[i-1].U == e.U && s.Edges[i-1].V >= e.V) {
			t.Fatalf("Edges not sorted, unique, U < V at %d: %v", i, s.Edges)
		}
		if w, ok := g.EdgeWeight(e.U, e.V); !ok || w != e.W {
			t.Fatalf("edge %v not in g (weight %v, %v)", e, w, ok)
		}
		_, ok1 := slices.BinarySearch(s.Nodes, e.U)
		_, ok2 := slices.BinarySearch(s.Nodes, e.V)
		if !ok1 || !ok2 {
			t.Fatalf("edge %v has an end outside Nodes %v", e, s.Nodes)
		}
	}
}

// isForest reports whether s has no cycle and whether every non-terminal
// node has degree at least 2 (no useless leaves), and counts components.
func isForest(s netgraph.Subgraph, terminals []int) (forest, noSpareLeaves bool, components int) {
	idx := map[int]int{}
	for i, v := range s.Nodes {
		idx[v] = i
	}
	parent := make([]int, len(s.Nodes))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(x int) int {
		if parent[x] != x {
			parent[x] = find(parent[x])
		}
		return parent[x]
	}
	deg := make([]int, len(s.Nodes))
	forest = true
	for _, e := range s.Edges {
		a, b := find(idx[e.U]), find(idx[e.V])
		deg[idx[e.U]]++
		deg[idx[e.V]]++
		if a == b {
			forest = false
		}
		parent[a] = b
	}
	noSpareLeaves = true
	for i, v := range s.Nodes {
		if !slices.Contains(terminals, v) && deg[i] < 2 {
			noSpareLeaves = false
		}
		if find(i) == i {
			components++
		}
	}
	return forest, noSpareLeaves, components
}

// bruteSteiner returns the weight of a minimal Steiner tree of the
// terminals by trying every set of extra nodes: the optimum is a minimum
// spanning tree of the subgraph induced by the terminals and some extra
// nodes. Small graphs only (2^(n-k) subsets).
func bruteSteiner(g *netgraph.Graph, terminals []int, weighted bool) float64 {
	var others []int
	for v := 0; v < g.N(); v++ {
		if !slices.Contains(terminals, v) {
			others = append(others, v)
		}
	}
	best := math.Inf(1)
	for mask := 0; mask < 1<<len(others); mask++ {
		in := make([]bool, g.N())
		count := len(terminals)
		for _, v := range terminals {
			in[v] = true
		}
		for i, v := range others {
			if mask&(1<<i) != 0 {
				in[v] = true
				count++
			}
		}
		// Prim on the induced subgraph.
		dist := make([]float64, g.N())
		done := make([]bool, g.N())
		for v := range dist {
			dist[v] = math.Inf(1)
		}
		dist[terminals[0]] = 0
		var total float64
		for it := 0; it < count; it++ {
			u := -1
			for v := range dist {
				if in[v] && !done[v] && (u < 0 || dist[v] < dist[u]) {
					u = v
				}
			}
			if math.IsInf(dist[u], 1) {
				total = math.Inf(1)
				break
			}
			done[u] = true
			total += dist[u]
			for i, v := range g.Neighbours(u) {
				w := 1.0
				if weighted {
					w = g.Weights(u)[i]
				}
				if in[v] && !done[v] && w < dist[v] {
					dist[v] = w
				}
			}
		}
		best = min(best, total)
	}
	return best
}

func TestConnectingSubgraph(t *testing.T) {
	t.Run("HandChecked", func(t *testing.T) {
		// 3×3 grid (ids row by row) plus a pendant 9 on 4 and an isolated
		// 10. Corners 0 and 2 are joined by one shortest path (the top
		// row); 0 and 8 by six covering the whole grid.
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
		edges = append(edges, netgraph.Edge{U: 4, V: 9, W: 1})
		g := netgraph.NewUndirected(11, edges)

		sub, connected := netgraph.ConnectingSubgraph(g, []int{2, 0, 2}, false)
		want := netgraph.Subgraph{Nodes: []int{0, 1, 2}, Edges: []netgraph.Edge{{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}}}
		if !slices.Equal(sub.Nodes, want.Nodes) || !slices.Equal(sub.Edges, want.Edges) || !connected {
			t.Errorf("ConnectingSubgraph(0, 2) = %v, %v; want %v, true", sub, connected, want)
		}
		sub, _ = netgraph.ConnectingSubgraph(g, []int{0, 8}, false)
		if len(sub.Nodes) != 9 || len(sub.Edges) != 12 {
			t.Errorf("ConnectingSubgraph(0, 8) = %v; want the whole grid (9 nodes, 12 edges)", sub)
		}
		sub, connected = netgraph.ConnectingSubgraph(g, []int{9, 1, 10}, false)
		want = netgraph.Subgraph{Nodes: []int{1, 4, 9, 10}, Edges: []netgraph.Edge{{U: 1, V: 4, W: 1}, {U: 4, V: 9, W: 1}}}
		if !slices.Equal(sub.Nodes, want.Nodes) || !slices.Equal(sub.Edges, want.Edges) || connected {
			t.Errorf("ConnectingSubgraph(1, 9, isolated 10) = %v, %v; want %v, false", sub, connected, want)
		}
		if sub, connected = netgraph.ConnectingSubgraph(g, nil, true); len(sub.Nodes) != 0 || !connected {
			t.Errorf("ConnectingSubgraph(none) = %v, %v; want empty, true", sub, connected)
		}
		if sub, connected = netgraph.ConnectingSubgraph(g, []int{10}, true); !slices.Equal(sub.Nodes, []int{10}) || len(sub.Edges) != 0 || !connected {
			t.Errorf("ConnectingSubgraph(10) = %v, %v; want [10], true", sub, connected)
		}
	})

	t.Run("AgreesWithGonum", func(t *testing.T) {
		// The union, over pairs, of gonum's DijkstraAllFrom(...).AllTo
		// paths; integer weights make weighted ties common.
		for _, weighted := range []bool{false, true} {
			for seed := uint64(0); seed < 30; seed++ {
				n, m := 20+int(seed), 30+2*int(seed)
				g := pathWeightGraph(seed, n, m, 1, 3)
				gg := toGonumUndirected(g, weighted)
				rng := rand.New(rand.NewPCG(seed, 4))
				terms := make([]int, 2+rng.IntN(4))
				for i := range terms {
					terms[i] = rng.IntN(n)
				}
				nodes := map[int]bool{}
				edges := map[[2]int]bool{}
				for _, v := range terms {
					nodes[v] = true
				}
				uniq := slices.Compact(slices.Sorted(slices.Values(terms)))
				allReach := true
				for i, a := range uniq {
					ref := path.DijkstraAllFrom(gg.Node(int64(a)), gg)
					for _, b := range uniq[i+1:] {
						ps, _ := ref.AllTo(int64(b))
						if ps == nil {
							if i == 0 {
								allReach = false
							}
							continue
						}
						for _, p := range ps {
							ids := gonumIDs(p)
							for x, v := range ids {
								nodes[v] = true
								if x > 0 {
									edges[[2]int{min(ids[x-1], v), max(ids[x-1], v)}] = true
								}
							}
						}
					}
				}
				sub, connected := netgraph.ConnectingSubgraph(g, terms, weighted)
				checkSubgraph(t, g, sub, terms)
				if connected != allReach || len(sub.Nodes) != len(nodes) || len(sub.Edges) != len(edges) {
					t.Fatalf("seed %d, weighted=%v: ConnectingSubgraph(%v) = %d nodes, %d edges, connected %v; want %d, %d, %v (gonum)",
						seed, weighted, terms, len(sub.Nodes), len(sub.Edges), connected, len(nodes), len(edges), allReach)
				}
				for _, v := range sub.Nodes {
					if !nodes[v] {
						t.Fatalf("seed %d: node %d not on any shortest path between terminals", seed, v)
					}
				}
				for _, e := range sub.Edges {
					if !edges[[2]int{e.U, e.V}] {
						t.Fatalf("seed %d: edge %v not on any shortest path between terminals", seed, e)
					}
				}
			}
		}
	})

	t.Run("Montagna", func(t *testing.T) {
		// The five top brokers of the meetings layer (README §1). Inside
		// the connecting network every pair is as close as in the whole
		// graph, and the network is far smaller than the graph.
		l := montagna(t, "meetings")
		g := l.g.Unweighted()
		var terms []int
		for _, lab := range []int{18, 47, 27, 68, 12} {
			terms = append(terms, l.node(t, lab))
		}
		sub, connected := netgraph.ConnectingSubgraph(g, terms, false)
		checkSubgraph(t, g, sub, terms)
		if !connected || len(sub.Nodes) >= 92/2 {
			t.Fatalf("ConnectingSubgraph(top 5) = %d nodes, connected %v; want connected and under half the LCC", len(sub.Nodes), connected)
		}
		h := netgraph.NewUndirected(g.N(), sub.Edges)
		for i, a := range terms {
			for _, b := range terms[i+1:] {
				pg, _ := netgraph.ShortestPath(g, a, b, false)
				ph, ok := netgraph.ShortestPath(h, a, b, false)
				if !ok || ph.Length != pg.Length {
					t.Errorf("distance %d–%d in the connecting network = %v (%v); want %v as in the graph", l.labels[a], l.labels[b], ph.Length, ok, pg.Length)
				}
			}
		}
	})

	t.Run("Panics", func(t *testing.T) {
		g := netgraph.NewUndirected(3, nil)
		mustPanic(t, "ConnectingSubgraph(3)", func() { netgraph.ConnectingSubgraph(g, []int{0, 3}, false) })
		mustPanic(t, "SteinerTree(-1)", func() { netgraph.SteinerTree(g, []int{-1}, true) })
	})
}

func TestSteinerTree(t *testing.T) {
	t.Run("HandChecked", func(t *testing.T) {
		// Terminals 0, 1, 2 around a hub 3 (edges of length 1). Direct
		// terminal–terminal edges of 1.9 are shorter than the 2 via the
		// hub, so KMB keeps two of them (3.8) where the optimum is the
		// star (3): within the bound 2(1 − 1/3)·3 = 4. With direct edges
		// of 2.5 the hub is on every shortest path and KMB finds the star.
		for _, tc := range []struct {
			direct float64
			edges  []netgraph.Edge
		}{
			{1.9, []netgraph.Edge{{U: 0, V: 1, W: 1.9}, {U: 0, V: 2, W: 1.9}}},
			{2.5, []netgraph.Edge{{U: 0, V: 3, W: 1}, {U: 1, V: 3, W: 1}, {U: 2, V: 3, W: 1}}},
		} {
			g := netgraph.NewUndirected(5, []netgraph.Edge{
				{U: 0, V: 3, W: 1}, {U: 1, V: 3, W: 1}, {U: 2, V: 3, W: 1},
				{U: 0, V: 1, W: tc.direct}, {U: 1, V: 2, W: tc.direct}, {U: 0, V: 2, W: tc.direct},
				{U: 3, V: 4, W: 1},
			})
			sub, connected := netgraph.SteinerTree(g, []int{2, 1, 0}, true)
			if !slices.Equal(sub.Edges, tc.edges) || !connected {
				t.Errorf("direct %v: SteinerTree(0, 1, 2) = %v, %v; want edges %v", tc.direct, sub, connected, tc.edges)
			}
			if opt := bruteSteiner(g, []int{0, 1, 2}, true); opt != 3 {
				t.Errorf("brute-force optimum = %v; want 3", opt)
			}
		}
		g := netgraph.NewUndirected(4, []netgraph.Edge{{U: 0, V: 1, W: 1}})
		sub, connected := netgraph.SteinerTree(g, []int{0, 1, 3}, false)
		if !slices.Equal(sub.Nodes, []int{0, 1, 3}) || len(sub.Edges) != 1 || connected {
			t.Errorf("SteinerTree(0, 1, isolated 3) = %v, %v; want edge 0-1 and node 3 alone, false", sub, connected)
		}
		if sub, connected := netgraph.SteinerTree(g, []int{2, 2}, false); !slices.Equal(sub.Nodes, []int{2}) || !connected {
			t.Errorf("SteinerTree(2, 2) = %v, %v; want [2], true", sub, connected)
		}
	})

	t.Run("PrunesNonTerminalLeaves", func(t *testing.T) {
		// Found by random search: with zero-length edges the spanning tree
		// of the union of paths (KMB step 4) keeps 1-14 and 1-7, leaving
		// non-terminal leaves 14 and then 1 for step 5 to prune.
		g := netgraph.NewUndirected(15, []netgraph.Edge{
			{U: 0, V: 3, W: 2}, {U: 0, V: 9, W: 1}, {U: 0, V: 11, W: 2}, {U: 0, V: 12, W: 1},
			{U: 1, V: 7, W: 0}, {U: 1, V: 14, W: 0}, {U: 2, V: 8, W: 2}, {U: 2, V: 13, W: 2},
			{U: 3, V: 6, W: 2}, {U: 5, V: 13, W: 1}, {U: 7, V: 10, W: 0}, {U: 8, V: 10, W: 1},
			{U: 8, V: 11, W: 1}, {U: 8, V: 14, W: 1}, {U: 9, V: 10, W: 2}, {U: 11, V: 12, W: 1},
		})
		terms := []int{6, 2, 10, 7, 11, 9}
		sub, connected := netgraph.SteinerTree(g, terms, true)
		want := []netgraph.Edge{
			{U: 0, V: 3, W: 2}, {U: 0, V: 9, W: 1}, {U: 2, V: 8, W: 2}, {U: 3, V: 6, W: 2},
			{U: 7, V: 10, W: 0}, {U: 8, V: 10, W: 1}, {U: 8, V: 11, W: 1}, {U: 9, V: 10, W: 2},
		}
		if !slices.Equal(sub.Edges, want) || !slices.Equal(sub.Nodes, []int{0, 2, 3, 6, 7, 8, 9, 10, 11}) || !connected {
			t.Errorf("SteinerTree = %v, %v; want edges %v", sub, connected, want)
		}
		opt := bruteSteiner(g, terms, true)
		if got := subWeight(sub, true); got < opt || got > 2*(1-1.0/6)*opt {
			t.Errorf("weight %v outside [%v, %v]", got, opt, 2*(1-1.0/6)*opt)
		}
	})

	t.Run("AgreesWithBruteForce", func(t *testing.T) {
		// Within 2(1 − 1/k) of the optimum, never below it, a tree (a
		// forest across components) whose leaves are all terminals.
		for _, kind := range []string{"unweighted", "weighted", "zero-length edges"} {
			weighted := kind != "unweighted"
			for seed := uint64(0); seed < 40; seed++ {
				n := 9 + int(seed%4)
				g := randomGraph(seed, n, 12+int(seed%10), weighted)
				if kind == "zero-length edges" {
					g = pathWeightGraph(seed, n, 12+int(seed%10), 0, 2)
				}
				rng := rand.New(rand.NewPCG(seed, 6))
				k := 2 + rng.IntN(3)
				terms := rng.Perm(n)[:k]
				sub, connected := netgraph.SteinerTree(g, terms, weighted)
				checkSubgraph(t, g, sub, terms)
				forest, noSpare, comps := isForest(sub, terms)
				if !forest || !noSpare {
					t.Fatalf("seed %d: SteinerTree = %v: forest %v, leaves all terminals %v", seed, sub, forest, noSpare)
				}
				labels, _ := netgraph.Components(g)
				want := map[int]bool{}
				for _, v := range terms {
					want[labels[v]] = true
				}
				if comps != len(want) || connected != (len(want) == 1) {
					t.Fatalf("seed %d: %d trees, connected %v; want one tree per component with terminals (%d)", seed, comps, connected, len(want))
				}
				if !connected {
					continue
				}
				opt := bruteSteiner(g, terms, weighted)
				got := subWeight(sub, weighted)
				bound := 2 * (1 - 1/float64(k)) * opt
				if got < opt-1e-9 || got > bound+1e-9 {
					t.Fatalf("seed %d, %s: SteinerTree weight %v; want in [%v, %v] (optimum %v, k %d)", seed, kind, got, opt, bound, opt, k)
				}
			}
		}
	})

	t.Run("Montagna", func(t *testing.T) {
		// Top five brokers of the meetings layer: a tree no longer than
		// the minimum spanning tree of their distance network (KMB's
		// guarantee, computed here from pairwise ShortestPath) and no
		// larger than the union of all their shortest paths.
		l := montagna(t, "meetings")
		g := l.g.Unweighted()
		var terms []int
		for _, lab := range []int{18, 47, 27, 68, 12} {
			terms = append(terms, l.node(t, lab))
		}
		sub, connected := netgraph.SteinerTree(g, terms, false)
		checkSubgraph(t, g, sub, terms)
		if forest, noSpare, comps := isForest(sub, terms); !forest || !noSpare || comps != 1 || !connected {
			t.Fatalf("SteinerTree(top 5) = %v; want one tree with terminal leaves", sub)
		}
		k := len(terms)
		d := make([][]float64, k)
		for i := range d {
			d[i] = make([]float64, k)
			for j := range d[i] {
				p, _ := netgraph.ShortestPath(g, terms[i], terms[j], false)
				d[i][j] = p.Length
			}
		}
		in := []bool{true, false, false, false, false}
		var mst float64
		for it := 1; it < k; it++ {
			bi, bj := -1, -1
			for i := range d {
				for j := range d {
					if in[i] && !in[j] && (bi < 0 || d[i][j] < d[bi][bj]) {
						bi, bj = i, j
					}
				}
			}
			in[bj] = true
			mst += d[bi][bj]
		}
		conn, _ := netgraph.ConnectingSubgraph(g, terms, false)
		if got := float64(len(sub.Edges)); got > mst || got < float64(k-1) || len(sub.Edges) > len(conn.Edges) {
			t.Errorf("SteinerTree(top 5) has %v edges; want between %d and the distance-network MST %v, and at most the %d of the connecting network", got, k-1, mst, len(conn.Edges))
		}
	})
}
