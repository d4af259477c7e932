package netgraph

import (
	"fmt"
	"math"
)

// Arc is one weighted arc From→To between nodes 0..n-1, as given to
// [NewDirected], for example the calls placed from one phone to another. W is
// the arc weight in the caller's unit (the number of calls); pass W = 1 for an
// unweighted arc. W must be finite and non-negative.
type Arc struct {
	From, To int
	W        float64
}

// Digraph is an immutable directed simple graph in CSR form over nodes
// 0..N()-1, the directed counterpart of [Graph]. Each arc u→v is stored twice:
// in u's out-row and in v's in-row, with identical weights.
//
//	outOff []int32 length N+1, out-row v is outTgt[outOff[v]:outOff[v+1]], sorted by target
//	inOff  []int32 length N+1, in-row v is inSrc[inOff[v]:inOff[v+1]], sorted by source
//	outTgt, inSrc []int32 and outW, inW []float64, length M each
//	outStr, inStr []float64 length N: out- and in-strength
//
// Memory is 8(N+1) + 16N + 24M bytes. N and M are limited to math.MaxInt32.
// A Digraph is safe for concurrent use by multiple goroutines.
type Digraph struct {
	outOff, outTgt []int32
	outW           []float64
	inOff, inSrc   []int32
	inW            []float64
	outStr, inStr  []float64
}

// NewDirected builds a simple directed graph on nodes 0..n-1 from arcs.
// Self-loops (From == To) are dropped, as [NewUndirected] does; parallel arcs
// (the same From→To given more than once) are merged into one arc whose
// weight is the sum of theirs, added in input order. Reciprocal arcs u→v and
// v→u stay two arcs. Zero-weight arcs are kept (they count for degrees and
// unweighted algorithms, and contribute nothing to weighted ones).
//
// O(n+m) time and memory (stable counting sorts), m = len(arcs).
//
// NewDirected panics, with a "netgraph: " prefix, if n < 0, n >
// math.MaxInt32, an id lies outside 0..n-1, a weight is negative, NaN or
// infinite, or there are more than math.MaxInt32 arcs.
func NewDirected(n int, arcs []Arc) *Digraph {
	if n < 0 {
		panic(fmt.Sprintf("netgraph: negative node count %d", n))
	}
	if n > math.MaxInt32 {
		panic(fmt.Sprintf("netgraph: node count %d exceeds %d", n, math.MaxInt32))
	}
	indeg := make([]int32, n+1)
	var m int64
	for i, a := range arcs {
		if a.From < 0 || a.From >= n || a.To < 0 || a.To >= n {
			panic(fmt.Sprintf("netgraph: arc %d (%d→%d) out of range for %d nodes", i, a.From, a.To, n))
		}
		if a.W < 0 || math.IsNaN(a.W) || math.IsInf(a.W, 0) {
			panic(fmt.Sprintf("netgraph: arc %d (%d→%d) has invalid weight %v", i, a.From, a.To, a.W))
		}
		if a.From == a.To {
			continue
		}
		m++
		if m > math.MaxInt32 {
			panic(fmt.Sprintf("netgraph: more than %d arcs", math.MaxInt32))
		}
		indeg[a.To+1]++
	}
	// Pass 1: bucket by target, input order inside a bucket.
	for v := 0; v < n; v++ {
		indeg[v+1] += indeg[v]
	}
	next := make([]int32, n)
	copy(next, indeg[:n])
	src := make([]int32, m)
	w1 := make([]float64, m)
	outdeg := make([]int32, n+1)
	for _, a := range arcs {
		if a.From == a.To {
			continue
		}
		p := next[a.To]
		src[p], w1[p] = int32(a.From), a.W
		next[a.To]++
		outdeg[a.From+1]++
	}
	// Pass 2: stable bucket by source, so out-rows are sorted by target with
	// copies of one arc adjacent, in input order.
	for v := 0; v < n; v++ {
		outdeg[v+1] += outdeg[v]
	}
	off := outdeg
	copy(next, off[:n])
	tgt := make([]int32, m)
	wt := make([]float64, m)
	for t := 0; t < n; t++ {
		for p := indeg[t]; p < indeg[t+1]; p++ {
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
	off[n] = wpos
	if wpos < int32(m) {
		tgt = append([]int32(nil), tgt[:wpos]...)
		wt = append([]float64(nil), wt[:wpos]...)
	}
	// In-rows: transpose the merged out-rows; scanning sources in increasing
	// order sorts each in-row by source.
	inOff := make([]int32, n+1)
	for _, t := range tgt {
		inOff[t+1]++
	}
	for v := 0; v < n; v++ {
		inOff[v+1] += inOff[v]
	}
	copy(next, inOff[:n])
	inSrc := make([]int32, wpos)
	inW := make([]float64, wpos)
	for s := 0; s < n; s++ {
		for p := off[s]; p < off[s+1]; p++ {
			t := tgt[p]
			q := next[t]
			inSrc[q], inW[q] = int32(s), wt[p]
			next[t]++
		}
	}
	d := &Digraph{outOff: off, outTgt: tgt, outW: wt, inOff: inOff, inSrc: inSrc, inW: inW,
		outStr: make([]float64, n), inStr: make([]float64, n)}
	for v := 0; v < n; v++ {
		d.outStr[v] = sum(wt[off[v]:off[v+1]])
		d.inStr[v] = sum(inW[inOff[v]:inOff[v+1]])
	}
	return d
}

func sum(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s
}

// N returns the number of nodes. O(1).
func (d *Digraph) N() int { return len(d.outOff) - 1 }

// M returns the number of arcs (after merging). O(1).
func (d *Digraph) M() int { return len(d.outTgt) }

func (d *Digraph) check(v int) {
	if v < 0 || v >= d.N() {
		panic(fmt.Sprintf("netgraph: node %d out of range for %d nodes", v, d.N()))
	}
}

// OutNeighbours returns the heads of v's out-arcs (the nodes v points to) in
// increasing id order, as a view into the graph's storage: callers must not
// modify it. O(1). It panics if v is out of range.
func (d *Digraph) OutNeighbours(v int) []int32 {
	d.check(v)
	a, b := d.outOff[v], d.outOff[v+1]
	return d.outTgt[a:b:b]
}

// OutWeights returns the weights of v's out-arcs, parallel to
// OutNeighbours(v), as a view callers must not modify. O(1). It panics if v
// is out of range.
func (d *Digraph) OutWeights(v int) []float64 {
	d.check(v)
	a, b := d.outOff[v], d.outOff[v+1]
	return d.outW[a:b:b]
}

// InNeighbours returns the tails of v's in-arcs (the nodes pointing to v) in
// increasing id order, as a view callers must not modify. O(1). It panics if
// v is out of range.
func (d *Digraph) InNeighbours(v int) []int32 {
	d.check(v)
	a, b := d.inOff[v], d.inOff[v+1]
	return d.inSrc[a:b:b]
}

// InWeights returns the weights of v's in-arcs, parallel to InNeighbours(v),
// as a view callers must not modify. O(1). It panics if v is out of range.
func (d *Digraph) InWeights(v int) []float64 {
	d.check(v)
	a, b := d.inOff[v], d.inOff[v+1]
	return d.inW[a:b:b]
}

// OutDegree returns the number of distinct nodes v points to (networkx
// DiGraph.out_degree). O(1). It panics if v is out of range.
func (d *Digraph) OutDegree(v int) int {
	d.check(v)
	return int(d.outOff[v+1] - d.outOff[v])
}

// InDegree returns the number of distinct nodes pointing to v (networkx
// DiGraph.in_degree). O(1). It panics if v is out of range.
func (d *Digraph) InDegree(v int) int {
	d.check(v)
	return int(d.inOff[v+1] - d.inOff[v])
}

// OutStrength returns the weighted out-degree of v, Σ_u w_vu over its
// out-arcs (A. Barrat, M. Barthélemy, R. Pastor-Satorras and A. Vespignani
// (2004) "The architecture of complex weighted networks", PNAS
// 101(11):3747-3752; networkx out_degree(weight="weight")), in weight units.
// O(1). It panics if v is out of range.
func (d *Digraph) OutStrength(v int) float64 {
	d.check(v)
	return d.outStr[v]
}

// InStrength returns the weighted in-degree of v, Σ_u w_uv over its in-arcs
// (Barrat et al. 2004, as [Digraph.OutStrength]; networkx
// in_degree(weight="weight")), in weight units. O(1). It panics if v is out
// of range.
func (d *Digraph) InStrength(v int) float64 {
	d.check(v)
	return d.inStr[v]
}

// PageRankDirected returns the PageRank of every node of the directed graph
// d, following arcs in their direction. The result has length N, entries
// positive and summing to 1 (up to rounding).
//
// It is the power iteration of S. Brin and L. Page (1998) "The anatomy of a
// large-scale hypertextual Web search engine", Computer Networks and ISDN
// Systems 30:107-117, in the form used by networkx pagerank on a DiGraph:
//
//	x_v ← d Σ_{u→v} x_u w_uv / s_u + d D / N + (1 − d) / N
//
// starting from x = 1/N, where d is the damping factor (0.85 is customary),
// s_u is u's out-strength (weighted=true, arc weights) or out-degree
// (weighted=false, every arc weight 1), and D = Σ x_u over dangling nodes
// (s_u = 0: no out-arcs, or all of weight 0), whose mass is spread uniformly
// over all nodes. Iteration stops when the L1 change Σ_v |x_v − x_v'| < N·tol
// or after maxIter iterations, whichever is first (networkx raises an error
// in the second case; this function returns the last iterate). networkx
// defaults are tol = 1e-6, maxIter = 100. It is [PageRank] with directed arcs:
// on a Digraph holding both arcs of every edge the two agree.
//
// Each iteration is O(N+M) time, pulling along in-arcs; memory is three
// N-length arrays. An empty graph yields an empty result. PageRankDirected
// panics, with a "netgraph: " prefix, if damping is outside [0, 1] or tol is
// negative or NaN.
func PageRankDirected(d *Digraph, damping, tol float64, maxIter int, weighted bool) []float64 {
	if !(damping >= 0 && damping <= 1) {
		panic(fmt.Sprintf("netgraph: PageRankDirected damping %v outside [0, 1]", damping))
	}
	if !(tol >= 0) {
		panic(fmt.Sprintf("netgraph: PageRankDirected tolerance %v is negative or NaN", tol))
	}
	n := d.N()
	x := make([]float64, n)
	if n == 0 {
		return x
	}
	off, src, wt := d.inOff, d.inSrc, d.inW
	inv := make([]float64, n) // 1/s_u, or 0 for dangling nodes
	for u := 0; u < n; u++ {
		s := d.outStr[u]
		if !weighted {
			s = float64(d.outOff[u+1] - d.outOff[u])
		}
		if s > 0 {
			inv[u] = 1 / s
		}
	}
	fn := float64(n)
	for v := range x {
		x[v] = 1 / fn
	}
	y := make([]float64, n) // x_u / s_u
	next := make([]float64, n)
	for it := 0; it < maxIter; it++ {
		var dangling float64
		for u, xu := range x {
			if inv[u] == 0 {
				dangling += xu
			}
			y[u] = xu * inv[u]
		}
		base := (1-damping)/fn + damping*dangling/fn
		var change float64
		for v := 0; v < n; v++ {
			var s float64
			a, b := off[v], off[v+1]
			if weighted {
				for p := a; p < b; p++ {
					s += y[src[p]] * wt[p]
				}
			} else {
				for _, u := range src[a:b] {
					s += y[u]
				}
			}
			nv := base + damping*s
			change += math.Abs(nv - x[v])
			next[v] = nv
		}
		x, next = next, x
		if change < fn*tol {
			break
		}
	}
	return x
}
