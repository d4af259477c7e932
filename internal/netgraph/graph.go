package netgraph

import (
	"fmt"
	"math"
	"sort"
)

// Edge is one weighted, undirected edge between nodes U and V (ids in 0..n-1)
// as given to [NewUndirected]. W is the edge weight in the caller's unit (for
// example the number of calls or meetings); pass W = 1 for an unweighted tie.
// W must be finite and non-negative.
type Edge struct {
	U, V int
	W    float64
}

// Graph is an immutable undirected simple graph in CSR (compressed sparse row)
// form over nodes 0..N()-1.
//
// Row v holds the neighbours of v sorted by increasing id, with the weight of
// each edge beside it; every undirected edge {u,v} is stored twice, as arc
// u→v in row u and arc v→u in row v, with identical weights. The arrays are:
//
//	offsets  []int32   length N+1, offsets[0] = 0, offsets[N] = 2M
//	targets  []int32   length 2M, row v is targets[offsets[v]:offsets[v+1]]
//	weights  []float64 length 2M, parallel to targets
//	strength []float64 length N, strength[v] = Σ weights of row v
//
// Memory is 4(N+1) + 8N + 24M bytes. N and 2M are limited to math.MaxInt32.
// The layout leaves room for directed graphs (in-arc arrays beside the out-arc
// ones) without changing the algorithms' access pattern.
//
// A Graph is safe for concurrent use by multiple goroutines.
type Graph struct {
	offsets  []int32
	targets  []int32
	weights  []float64
	strength []float64
}

// NewUndirected builds a simple undirected graph on nodes 0..n-1 from edges.
// Self-loops (U == V) are dropped; parallel edges and reciprocal pairs ({u,v}
// given as both (u,v) and (v,u)) are merged into one edge whose weight is the
// sum of their weights, added in input order so both arcs carry bitwise
// identical weights. Zero-weight edges are kept: they exist for unweighted
// algorithms (Components, Betweenness) and contribute nothing to weighted ones.
//
// It runs in O(n+m) time and memory (two stable counting sorts, no comparison
// sort), m = len(edges).
//
// NewUndirected panics, with a "netgraph: " prefix, if n < 0, n >
// math.MaxInt32, an id lies outside 0..n-1, a weight is negative, NaN or
// infinite, or the graph would hold more than math.MaxInt32 arcs.
func NewUndirected(n int, edges []Edge) *Graph {
	if n < 0 {
		panic(fmt.Sprintf("netgraph: negative node count %d", n))
	}
	if n > math.MaxInt32 {
		panic(fmt.Sprintf("netgraph: node count %d exceeds %d", n, math.MaxInt32))
	}
	deg := make([]int64, n+1)
	var arcs int64
	for i, e := range edges {
		if e.U < 0 || e.U >= n || e.V < 0 || e.V >= n {
			panic(fmt.Sprintf("netgraph: edge %d (%d, %d) out of range for %d nodes", i, e.U, e.V, n))
		}
		if e.W < 0 || math.IsNaN(e.W) || math.IsInf(e.W, 0) {
			panic(fmt.Sprintf("netgraph: edge %d (%d, %d) has invalid weight %v", i, e.U, e.V, e.W))
		}
		if e.U == e.V {
			continue
		}
		deg[e.U+1]++
		deg[e.V+1]++
		arcs += 2
	}
	if arcs > math.MaxInt32 {
		panic(fmt.Sprintf("netgraph: %d arcs exceed %d", arcs, math.MaxInt32))
	}
	off := make([]int32, n+1)
	for v := 0; v < n; v++ {
		off[v+1] = off[v] + int32(deg[v+1])
	}
	next := make([]int32, n)

	// Pass 1: bucket arcs by target, keeping input order inside a bucket.
	src := make([]int32, arcs)
	w1 := make([]float64, arcs)
	copy(next, off[:n])
	for _, e := range edges {
		if e.U == e.V {
			continue
		}
		p := next[e.V]
		src[p], w1[p] = int32(e.U), e.W
		next[e.V]++
		p = next[e.U]
		src[p], w1[p] = int32(e.V), e.W
		next[e.U]++
	}

	// Pass 2: stable bucket by source, so each row is sorted by target and
	// copies of one edge are adjacent, in input order.
	tgt := make([]int32, arcs)
	wt := make([]float64, arcs)
	copy(next, off[:n])
	for t := 0; t < n; t++ {
		for p := off[t]; p < off[t+1]; p++ {
			s := src[p]
			q := next[s]
			tgt[q], wt[q] = int32(t), w1[p]
			next[s]++
		}
	}
	src, w1 = nil, nil

	// Pass 3: merge adjacent duplicates in place.
	var wpos int32
	for s := 0; s < n; s++ {
		start := wpos
		for p := off[s]; p < off[s+1]; p++ {
			if wpos > start && tgt[wpos-1] == tgt[p] {
				wt[wpos-1] += wt[p]
				continue
			}
			tgt[wpos], wt[wpos] = tgt[p], wt[p]
			wpos++
		}
		off[s] = start
	}
	// off[0..n-1] now hold the merged row starts.
	off[n] = wpos
	if wpos < int32(arcs) {
		tgt = append([]int32(nil), tgt[:wpos]...)
		wt = append([]float64(nil), wt[:wpos]...)
	}
	return newGraph(off, tgt, wt)
}

// newGraph wraps validated CSR arrays and computes strengths.
func newGraph(off, tgt []int32, wt []float64) *Graph {
	n := len(off) - 1
	str := make([]float64, n)
	for v := 0; v < n; v++ {
		var s float64
		for _, w := range wt[off[v]:off[v+1]] {
			s += w
		}
		str[v] = s
	}
	return &Graph{offsets: off, targets: tgt, weights: wt, strength: str}
}

// N returns the number of nodes. O(1).
func (g *Graph) N() int { return len(g.offsets) - 1 }

// M returns the number of undirected edges (after merging). O(1).
func (g *Graph) M() int { return len(g.targets) / 2 }

func (g *Graph) check(v int) {
	if v < 0 || v >= g.N() {
		panic(fmt.Sprintf("netgraph: node %d out of range for %d nodes", v, g.N()))
	}
}

// Neighbours returns the neighbours of v in increasing id order, as a view
// into the graph's storage: callers must not modify it. O(1). It panics if v
// is out of range.
func (g *Graph) Neighbours(v int) []int32 {
	g.check(v)
	a, b := g.offsets[v], g.offsets[v+1]
	return g.targets[a:b:b]
}

// Weights returns the weights of v's edges, parallel to Neighbours(v), as a
// view into the graph's storage: callers must not modify it. O(1). It panics
// if v is out of range.
func (g *Graph) Weights(v int) []float64 {
	g.check(v)
	a, b := g.offsets[v], g.offsets[v+1]
	return g.weights[a:b:b]
}

// Degree returns the number of distinct neighbours of v. O(1). It panics if v
// is out of range.
func (g *Graph) Degree(v int) int {
	g.check(v)
	return int(g.offsets[v+1] - g.offsets[v])
}

// Strength returns the weighted degree of v, Σ_u w_vu (Barrat et al. 2004,
// PNAS 101(11):3747), in edge-weight units. O(1). It panics if v is out of
// range.
func (g *Graph) Strength(v int) float64 {
	g.check(v)
	return g.strength[v]
}

// EdgeWeight returns the weight of edge {u,v} and whether it exists, by
// binary search of u's row: O(log Degree(u)). It panics if u or v is out of
// range.
func (g *Graph) EdgeWeight(u, v int) (w float64, ok bool) {
	g.check(u)
	g.check(v)
	a, b := int(g.offsets[u]), int(g.offsets[u+1])
	row := g.targets[a:b]
	i := sort.Search(len(row), func(i int) bool { return row[i] >= int32(v) })
	if i < len(row) && row[i] == int32(v) {
		return g.weights[a+i], true
	}
	return 0, false
}

// TotalWeight returns Σ over undirected edges of the edge weight, that is m in
// the modularity formula (M() for unit weights). O(N).
func (g *Graph) TotalWeight() float64 {
	var s float64
	for _, x := range g.strength {
		s += x
	}
	return s / 2
}

// Edges returns the M() undirected edges with U < V, ordered by U then V,
// with their merged weights. O(N+M).
func (g *Graph) Edges() []Edge {
	out := make([]Edge, 0, g.M())
	for u := 0; u < g.N(); u++ {
		for p := g.offsets[u]; p < g.offsets[u+1]; p++ {
			if v := int(g.targets[p]); v > u {
				out = append(out, Edge{U: u, V: v, W: g.weights[p]})
			}
		}
	}
	return out
}

// Unweighted returns a graph with the same nodes and edges as g and every
// weight set to 1, so that Strength equals Degree and weighted algorithms see
// the plain adjacency matrix. The offsets and targets arrays are shared with g;
// only the weights (8·2M bytes) and strengths are new. O(N+M).
func (g *Graph) Unweighted() *Graph {
	wt := make([]float64, len(g.targets))
	for i := range wt {
		wt[i] = 1
	}
	return newGraph(g.offsets, g.targets, wt)
}

// CSR returns the graph's raw arrays: offsets (length N+1), targets and
// weights (length 2M), laid out as described on [Graph]. They are the graph's
// own storage, returned without copying for serialisation and for algorithms
// outside this package; callers must not modify them.
func (g *Graph) CSR() (offsets, targets []int32, weights []float64) {
	return g.offsets, g.targets, g.weights
}
