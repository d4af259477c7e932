package netgraph

import (
	"cmp"
	"slices"
)

// Subgraph is a part of a graph returned for display: Nodes in increasing id
// order and Edges among them with U < V, ordered by U then V, each with its
// weight in the graph it came from.
type Subgraph struct {
	Nodes []int
	Edges []Edge
}

// ConnectingSubgraph answers "show me how these people are connected": it
// returns the union of all shortest paths between every pair of terminals,
// with every terminal among the nodes, and connected, which reports whether
// all terminals lie in one component of g. Pairs in different components
// contribute nothing, so a terminal with no path to the others appears
// alone. weighted has the meaning of [ShortestPath] (hops, or edge weights
// as lengths), with the same caveats on ties and zero-weight edges as
// [AllShortestPaths]. Duplicate terminals count once; no terminals give an
// empty Subgraph and true.
//
// For each terminal in increasing id order, one search (breadth-first or
// Dijkstra) runs until every later terminal is settled, and a sweep
// backwards from those terminals over the arcs of the shortest-path DAG
// (dist(u) + w = dist(v)) collects the union of the shortest paths to all of
// them at once. With k terminals that is k−1 searches, O(k(N+M)) unweighted
// or O(k(N+M) log N) weighted, plus sorting the result; memory is the
// pooled scratch and the result. See [SteinerTree] for a small tree instead
// of every shortest path.
//
// It panics, with a "netgraph: " prefix, if a terminal is out of range.
func ConnectingSubgraph(g *Graph, terminals []int, weighted bool) (sub Subgraph, connected bool) {
	ts := uniqueNodes(g, terminals)
	if len(ts) == 0 {
		return Subgraph{}, true
	}
	sc := getScratch(g.N())
	defer putScratch(sc)
	off, adj, wt := g.offsets, g.targets, g.weights
	connected = true
	var nodes []int32
	var edges []Edge
	for i := 0; i < len(ts)-1; i++ {
		for _, v := range ts[i+1:] {
			sc.setMark(v)
		}
		got := sc.sssp(g, ts[i], weighted, len(ts)-1-i)
		if i == 0 && got < len(ts)-1 {
			connected = false
		}
		sc.clearMarks()
		for _, v := range ts[i+1:] {
			if sc.f.ord[v] >= 0 {
				sc.setMark(v)
			}
		}
		for k := 0; k < len(sc.marked); k++ {
			v := sc.marked[k]
			for p := off[v]; p < off[v+1]; p++ {
				if u := adj[p]; sc.tight(u, v, wt[p], weighted) {
					edges = append(edges, Edge{U: int(min(u, v)), V: int(max(u, v)), W: wt[p]})
					sc.setMark(u)
				}
			}
		}
		nodes = append(nodes, sc.marked...)
		sc.clearMarks()
		sc.f.reset()
	}
	nodes = append(nodes, ts...)
	return makeSubgraph(nodes, edges), connected
}

// SteinerTree returns a tree of g that connects the terminals and is at
// most 2(1 − 1/l) times as long as the shortest such tree (a Steiner minimal
// tree, NP-hard to find), l being the number of leaves of that optimum
// (l ≤ number of terminals), with connected as for [ConnectingSubgraph].
// weighted false measures trees by their number of edges, true by the sum
// of their edge weights taken as lengths (see [Reweight]). When the
// terminals lie in several components the result is a forest: one such
// tree per component holding terminals. Duplicate terminals count once; no
// terminals give an empty Subgraph and true.
//
// The algorithm is L. Kou, G. Markowsky and L. Berman (1981) "A fast
// algorithm for Steiner trees", Acta Informatica 15:141-145: (1) the
// distance network of the terminals by one search per terminal, (2) its
// minimum spanning tree (Prim, dense), (3) each tree edge replaced by a
// shortest path of g, (4) a minimum spanning tree of the union of those
// paths (Kruskal), (5) non-terminal leaves pruned repeatedly. Ties are
// broken by smaller terminal index and node ids, so the result is
// deterministic. With k terminals: k−1 searches, O(k(N+M) log N), plus
// O(k²) for the distance network, whose k² shortest paths are kept in
// memory.
//
// It panics, with a "netgraph: " prefix, if a terminal is out of range.
func SteinerTree(g *Graph, terminals []int, weighted bool) (sub Subgraph, connected bool) {
	ts := uniqueNodes(g, terminals)
	k := len(ts)
	if k <= 1 {
		return makeSubgraph(ts, nil), true
	}
	sc := getScratch(g.N())
	defer putScratch(sc)

	// (1) Distance network: dist[i*k+j] and one shortest path for i < j.
	dist := make([]float64, k*k)
	for i := range dist {
		dist[i] = inf
	}
	paths := make([][]int32, k*k)
	for i := 0; i < k-1; i++ {
		for _, v := range ts[i+1:] {
			sc.setMark(v)
		}
		sc.sssp(g, ts[i], weighted, k-1-i)
		sc.clearMarks()
		for j := i + 1; j < k; j++ {
			v := ts[j]
			if sc.f.ord[v] < 0 {
				continue
			}
			dist[i*k+j], dist[j*k+i] = sc.f.dist[v], sc.f.dist[v]
			var p []int32
			for x := v; x >= 0; x = sc.f.par[x] {
				p = append(p, x)
			}
			paths[i*k+j] = p
		}
		sc.f.reset()
	}
	connected = true
	for j := 1; j < k; j++ {
		if dist[j] == inf {
			connected = false
		}
	}

	// (2) Prim on the distance network; a forest when it is disconnected.
	in := make([]bool, k)
	best := make([]float64, k)
	from := make([]int, k)
	var union []Edge // (3) edges of the chosen paths
	for root := 0; root < k; root++ {
		if in[root] {
			continue
		}
		for j := range best {
			best[j], from[j] = inf, -1
		}
		for c := root; c >= 0; {
			in[c] = true
			if f := from[c]; f >= 0 {
				i, j := min(f, c), max(f, c)
				p := paths[i*k+j]
				for x := 1; x < len(p); x++ {
					u, v := p[x-1], p[x]
					w, _ := g.EdgeWeight(int(u), int(v))
					union = append(union, Edge{U: int(min(u, v)), V: int(max(u, v)), W: w})
				}
			}
			next := -1
			for j := 0; j < k; j++ {
				if in[j] {
					continue
				}
				if d := dist[c*k+j]; d < best[j] {
					best[j], from[j] = d, c
				}
				if best[j] != inf && (next < 0 || best[j] < best[next]) {
					next = j
				}
			}
			c = next
		}
	}
	union = dedupeEdges(union)

	// (4) Kruskal on the union, by length, then ids.
	length := func(e Edge) float64 {
		if weighted {
			return e.W
		}
		return 1
	}
	slices.SortStableFunc(union, func(a, b Edge) int { return cmp.Compare(length(a), length(b)) })
	var local []int32 // local index -> node
	for _, e := range union {
		for _, v := range [2]int32{int32(e.U), int32(e.V)} {
			if sc.setMark(v) {
				sc.loc[v] = int32(len(local))
				local = append(local, v)
			}
		}
	}
	parent := make([]int32, len(local))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	tree := union[:0]
	for _, e := range union {
		a, b := find(sc.loc[e.U]), find(sc.loc[e.V])
		if a == b {
			continue
		}
		parent[a] = b
		tree = append(tree, e)
	}

	// (5) Prune non-terminal leaves.
	terminal := make([]bool, len(local))
	for _, v := range ts {
		if i := sc.loc[v]; i >= 0 {
			terminal[i] = true
		}
	}
	deg := make([]int, len(local))
	inc := make([][]int, len(local)) // tree edges at each local node
	for ei, e := range tree {
		for _, v := range [2]int{e.U, e.V} {
			i := sc.loc[v]
			deg[i]++
			inc[i] = append(inc[i], ei)
		}
	}
	removed := make([]bool, len(tree))
	var leaves []int32
	for i := range local {
		if deg[i] == 1 && !terminal[i] {
			leaves = append(leaves, int32(i))
		}
	}
	for len(leaves) > 0 {
		i := leaves[len(leaves)-1]
		leaves = leaves[:len(leaves)-1]
		for _, ei := range inc[i] {
			if removed[ei] {
				continue
			}
			removed[ei] = true
			deg[i]--
			e := tree[ei]
			o := sc.loc[e.U]
			if o == i {
				o = sc.loc[e.V]
			}
			if deg[o]--; deg[o] == 1 && !terminal[o] {
				leaves = append(leaves, o)
			}
		}
	}
	var edges []Edge
	var nodes []int32
	for ei, e := range tree {
		if !removed[ei] {
			edges = append(edges, e)
			nodes = append(nodes, int32(e.U), int32(e.V))
		}
	}
	nodes = append(nodes, ts...)
	return makeSubgraph(nodes, edges), connected
}

// uniqueNodes validates ids and returns them sorted without duplicates.
func uniqueNodes(g *Graph, ids []int) []int32 {
	out := make([]int32, len(ids))
	for i, v := range ids {
		g.check(v)
		out[i] = int32(v)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// dedupeEdges sorts edges (U < V) by U, V and drops repeats.
func dedupeEdges(edges []Edge) []Edge {
	slices.SortFunc(edges, func(a, b Edge) int {
		if c := cmp.Compare(a.U, b.U); c != 0 {
			return c
		}
		return cmp.Compare(a.V, b.V)
	})
	return slices.CompactFunc(edges, func(a, b Edge) bool { return a.U == b.U && a.V == b.V })
}

func makeSubgraph(nodes []int32, edges []Edge) Subgraph {
	slices.Sort(nodes)
	nodes = slices.Compact(nodes)
	return Subgraph{Nodes: ints(nodes), Edges: dedupeEdges(edges)}
}
