package netgraph

import (
	"fmt"
	"math"
	"slices"
)

// Path is a simple path through a graph: Nodes from the source to the target
// (Nodes[0] is the source; a path from a node to itself is that one node)
// and its Length, in the units of the search that found it: the number of
// edges (len(Nodes) − 1) for an unweighted search, the sum of the edge
// weights along the path, taken as distances, for a weighted one.
type Path struct {
	Nodes  []int
	Length float64
}

// ShortestPath returns one shortest path from s to t and true, or the zero
// Path and false if t cannot be reached from s (that is no error). With
// weighted false every edge has length 1 and the path has the fewest edges;
// with weighted true edge weights are lengths (zero weights are edges of
// length 0) and the path has the least total weight. Tie strengths such as
// call or meeting counts are the opposite of lengths (more calls, a closer
// tie), so the caller must turn them into distances first, for example with
// Reweight(g, Inverse), which uses 1/w. s == t gives the one-node path of
// length 0. Which of several shortest paths is returned is unspecified but
// deterministic.
//
// Unweighted, it is a bidirectional breadth-first search (I. Pohl 1971
// "Bi-directional search", Machine Intelligence 6:127-140) that expands the
// side with the smaller frontier one level at a time. Weighted, it is
// bidirectional Dijkstra (E. W. Dijkstra 1959 "A note on two problems in
// connexion with graphs", Numer. Math. 1:269-271; stopping rule as in
// A. V. Goldberg and C. Harrelson 2005 "Computing the shortest path: A*
// search meets graph theory", SODA), settling the top of the smaller heap
// and stopping once the two tops sum to at least the best s–t length seen.
// Worst case O(N+M) unweighted and O((N+M) log N) weighted; on small-world
// graphs it touches far fewer nodes than a one-sided search. Scratch arrays
// (about 50 bytes per node) are pooled across calls, so a query costs time
// in proportion to the nodes it touches, not to N.
//
// It panics, with a "netgraph: " prefix, if s or t is out of range.
func ShortestPath(g *Graph, s, t int, weighted bool) (Path, bool) {
	g.check(s)
	g.check(t)
	sc := getScratch(g.N())
	p := sc.pointToPoint(g, int32(s), int32(t), weighted, false)
	putScratch(sc)
	if p == nil {
		return Path{}, false
	}
	return Path{Nodes: ints(p), Length: pathLength(g, p, weighted)}, true
}

// AllShortestPaths returns the shortest paths from s to t, at most limit of
// them, in lexicographic order of their node sequences, and total, the
// number of shortest s–t paths (paths is complete when total equals
// len(paths); total is a float64 because the count grows exponentially on
// some graphs, exact up to 2^53). All paths have the same Length. If t is
// unreachable it returns nil and 0; s == t gives the one-node path and 1.
// limit 0 counts without listing.
//
// weighted has the meaning of [ShortestPath]. Weighted lengths tie only when
// the floating-point sums are equal, so integer (or dyadic) weights tie
// reliably and weights such as 1/w seldom do. Zero-weight edges: a path
// through a zero-length edge is listed only in the direction in which the
// search settled that edge's ends, so with zero weights some shortest paths
// may be missing from both paths and total.
//
// The search from s (breadth-first or Dijkstra, stopping when t is settled)
// defines the shortest-path DAG: arcs u→v with dist(u) + w = dist(v) and u
// settled before v. The nodes that reach t in that DAG are found backwards
// from t, total is the number of s–t paths in it (dynamic programming in
// settle order, as for σ in U. Brandes 2001, J. Math. Sociol. 25(2):163-177),
// and paths are listed by depth-first search over those nodes only, so every
// branch ends at t. Time O(N+M) (unweighted) or O((N+M) log N) (weighted)
// for the search plus O(limit·L) for listing L-node paths.
//
// It panics, with a "netgraph: " prefix, if s or t is out of range or limit
// is negative.
func AllShortestPaths(g *Graph, s, t int, weighted bool, limit int) (paths []Path, total float64) {
	g.check(s)
	g.check(t)
	if limit < 0 {
		panic(fmt.Sprintf("netgraph: AllShortestPaths limit %d is negative", limit))
	}
	if s == t {
		if limit == 0 {
			return nil, 1
		}
		return []Path{{Nodes: []int{s}}}, 1
	}
	sc := getScratch(g.N())
	defer putScratch(sc)
	src, dst := int32(s), int32(t)
	sc.setMark(dst)
	sc.sssp(g, src, weighted, 1)
	sc.clearMarks()
	if sc.f.ord[dst] < 0 {
		return nil, 0
	}
	length := sc.f.dist[dst]

	// Nodes on some shortest s–t path, found backwards from t.
	sc.setMark(dst)
	off, adj, wt := g.offsets, g.targets, g.weights
	for i := 0; i < len(sc.marked); i++ {
		v := sc.marked[i]
		for p := off[v]; p < off[v+1]; p++ {
			if u := adj[p]; sc.tight(u, v, wt[p], weighted) {
				sc.setMark(u)
			}
		}
	}
	nodes := slices.Clone(sc.marked)
	ord := sc.f.ord
	slices.SortFunc(nodes, func(a, b int32) int { return int(ord[a] - ord[b]) })
	for i, v := range nodes {
		sc.loc[v] = int32(i)
	}
	// The DAG restricted to those nodes, successors in increasing id.
	start := make([]int32, len(nodes)+1)
	var succ []int32
	for i, v := range nodes {
		for p := off[v]; p < off[v+1]; p++ {
			if w := adj[p]; sc.mark[w] && sc.tight(v, w, wt[p], weighted) {
				succ = append(succ, sc.loc[w])
			}
		}
		start[i+1] = int32(len(succ))
	}
	// nodes[0] is s (settled first), nodes[len-1] is t (settled last among
	// them: every other node precedes it on a path to it).
	cnt := make([]float64, len(nodes))
	last := int32(len(nodes) - 1)
	cnt[last] = 1
	for i := last - 1; i >= 0; i-- {
		var c float64
		for _, j := range succ[start[i]:start[i+1]] {
			c += cnt[j]
		}
		cnt[i] = c
	}
	total = cnt[0]

	// Depth-first listing: stack[d] is the local node at depth d, next[d]
	// the position in its successor list to try next.
	stack := []int32{0}
	next := []int32{start[0]}
	for len(stack) > 0 && len(paths) < limit {
		d := len(stack) - 1
		v := stack[d]
		if v == last {
			p := make([]int, len(stack))
			for k, x := range stack {
				p[k] = int(nodes[x])
			}
			paths = append(paths, Path{Nodes: p, Length: length})
			stack, next = stack[:d], next[:d]
			continue
		}
		if next[d] == start[v+1] {
			stack, next = stack[:d], next[:d]
			continue
		}
		w := succ[next[d]]
		next[d]++
		stack = append(stack, w)
		next = append(next, start[w])
	}
	return paths, total
}

// Reweight returns a graph with g's nodes and edges and each edge weight w
// replaced by f(w), typically to turn tie strengths into distances for the
// weighted path functions: Reweight(g, Inverse) makes a tie of 5 calls
// length 0.2 and one of 1 call length 1. Edges for which f returns +Inf are
// left out (Inverse(0) is +Inf, so zero-weight ties do not connect). f is
// called once per edge, in the order of [Graph.Edges], and must return a
// non-negative, non-NaN value. O(N+M).
//
// It panics, with a "netgraph: " prefix, if f returns a negative or NaN
// value.
func Reweight(g *Graph, f func(w float64) float64) *Graph {
	edges := g.Edges()
	out := edges[:0]
	for _, e := range edges {
		d := f(e.W)
		if d < 0 || math.IsNaN(d) {
			panic(fmt.Sprintf("netgraph: Reweight maps weight %v of edge (%d, %d) to %v", e.W, e.U, e.V, d))
		}
		if math.IsInf(d, 1) {
			continue
		}
		e.W = d
		out = append(out, e)
	}
	return NewUndirected(g.N(), out)
}

// Inverse returns 1/w, the usual distance for a tie of strength w (a number
// of calls, meetings or payments), for use with [Reweight]. Inverse(0) is
// +Inf: no tie.
func Inverse(w float64) float64 { return 1 / w }
