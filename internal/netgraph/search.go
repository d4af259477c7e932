package netgraph

import (
	"math"
	"sync"
)

// This file holds the search machinery shared by the path functions:
// breadth-first search and Dijkstra's algorithm, one-way and bidirectional,
// over scratch arrays that are pooled and reset sparsely, so that a query
// touching a few thousand nodes of a million-node graph costs time in
// proportion to what it touches, not to N.

var inf = math.Inf(1)

// side is the state of one direction of a search. Between uses every entry
// is clean: dist +Inf, par, ord and pos -1. touched lists the nodes whose
// dist has been made finite (the only nodes whose entries can be dirty).
type side struct {
	dist    []float64 // distance from the root (hops or weight); +Inf if unseen
	par     []int32   // parent in the search tree; -1 for the root and unseen nodes
	ord     []int32   // settle order: 0 for the root, then 1, 2, ...; -1 if not settled
	pos     []int32   // index in heap, -1 if not queued
	heap    []int32   // binary min-heap of nodes keyed by dist (Dijkstra)
	queue   []int32   // nodes in discovery order (breadth-first search)
	touched []int32
	settled int32 // the next ord
}

func newSide(n int) side {
	s := side{
		dist: make([]float64, n),
		par:  make([]int32, n),
		ord:  make([]int32, n),
		pos:  make([]int32, n),
	}
	for i := range s.dist {
		s.dist[i] = inf
		s.par[i] = -1
		s.ord[i] = -1
		s.pos[i] = -1
	}
	return s
}

// set gives v distance d and parent p, recording v as touched.
func (s *side) set(v int32, d float64, p int32) {
	if s.dist[v] == inf {
		s.touched = append(s.touched, v)
	}
	s.dist[v] = d
	s.par[v] = p
}

// settle gives v the next settle order.
func (s *side) settle(v int32) {
	s.ord[v] = s.settled
	s.settled++
}

func (s *side) reset() {
	for _, v := range s.touched {
		s.dist[v] = inf
		s.par[v] = -1
		s.ord[v] = -1
		s.pos[v] = -1
	}
	s.touched = s.touched[:0]
	s.heap = s.heap[:0]
	s.queue = s.queue[:0]
	s.settled = 0
}

// push adds v, which must not be queued, to the heap.
func (s *side) push(v int32) {
	s.pos[v] = int32(len(s.heap))
	s.heap = append(s.heap, v)
	s.up(len(s.heap) - 1)
}

// fix restores the heap after dist[v] decreased.
func (s *side) fix(v int32) { s.up(int(s.pos[v])) }

// pop removes and returns the queued node of least dist.
func (s *side) pop() int32 {
	h := s.heap
	v := h[0]
	last := len(h) - 1
	h[0] = h[last]
	s.pos[h[0]] = 0
	s.heap = h[:last]
	s.pos[v] = -1
	if last > 0 {
		s.down(0)
	}
	return v
}

func (s *side) up(i int) {
	h, d, pos := s.heap, s.dist, s.pos
	v := h[i]
	dv := d[v]
	for i > 0 {
		p := (i - 1) / 2
		if d[h[p]] <= dv {
			break
		}
		h[i] = h[p]
		pos[h[i]] = int32(i)
		i = p
	}
	h[i] = v
	pos[v] = int32(i)
}

func (s *side) down(i int) {
	h, d, pos := s.heap, s.dist, s.pos
	n := len(h)
	v := h[i]
	dv := d[v]
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if r := c + 1; r < n && d[h[r]] < d[h[c]] {
			c = r
		}
		if d[h[c]] >= dv {
			break
		}
		h[i] = h[c]
		pos[h[i]] = int32(i)
		i = c
	}
	h[i] = v
	pos[v] = int32(i)
}

// scratch is the reusable state of one query. f is the forward (or only)
// side, b the backward side of a bidirectional search. blocked nodes are
// never entered; banned marks the neighbours v of the search source src
// whose edge {src, v} may not be used (both only when restricted). mark and
// loc are free for the caller: clean values false and -1.
type scratch struct {
	n       int
	f, b    side
	blocked []bool
	banned  []bool
	mark    []bool
	loc     []int32
	marked  []int32 // nodes with mark set
	blocks  []int32 // nodes with blocked set
	bans    []int32 // nodes with banned set
}

var scratchPool sync.Pool

// getScratch returns clean scratch for graphs of up to n nodes. Callers
// return it with putScratch, deferred: changes made through set, setMark,
// block and ban are recorded in a list as they are made, so the reset is
// complete even after a panic (in a caller's predicate, say); code that
// writes mark or loc directly clears them itself, deferred too.
func getScratch(n int) *scratch {
	if sc, ok := scratchPool.Get().(*scratch); ok && sc.n >= n {
		return sc
	}
	sc := &scratch{n: n, f: newSide(n), b: newSide(n),
		blocked: make([]bool, n), banned: make([]bool, n), mark: make([]bool, n), loc: make([]int32, n)}
	for i := range sc.loc {
		sc.loc[i] = -1
	}
	return sc
}

func putScratch(sc *scratch) {
	sc.f.reset()
	sc.b.reset()
	sc.clearMarks()
	sc.clearRestrictions()
	scratchPool.Put(sc)
}

// block keeps restricted searches out of v.
func (sc *scratch) block(v int32) {
	if !sc.blocked[v] {
		sc.blocked[v] = true
		sc.blocks = append(sc.blocks, v)
	}
}

// ban removes the edge between the source of restricted searches and v.
func (sc *scratch) ban(v int32) {
	if !sc.banned[v] {
		sc.banned[v] = true
		sc.bans = append(sc.bans, v)
	}
}

func (sc *scratch) clearRestrictions() {
	for _, v := range sc.blocks {
		sc.blocked[v] = false
	}
	for _, v := range sc.bans {
		sc.banned[v] = false
	}
	sc.blocks, sc.bans = sc.blocks[:0], sc.bans[:0]
}

// setMark marks v once, remembering it for clearMarks.
func (sc *scratch) setMark(v int32) bool {
	if sc.mark[v] {
		return false
	}
	sc.mark[v] = true
	sc.marked = append(sc.marked, v)
	return true
}

func (sc *scratch) clearMarks() {
	for _, v := range sc.marked {
		sc.mark[v] = false
		sc.loc[v] = -1
	}
	sc.marked = sc.marked[:0]
}

// allowed reports whether the arc u→v may be used by a restricted search
// from src: v is not blocked and the edge is not a banned edge at src.
func (sc *scratch) allowed(u, v, src int32) bool {
	return !sc.blocked[v] && !(u == src && sc.banned[v]) && !(v == src && sc.banned[u])
}

// pointToPoint returns one shortest src–dst path as a node sequence, or nil
// if dst cannot be reached. With restricted set it honours blocked and
// banned. The scratch sides are left dirty (call reset).
//
// Unweighted, it is a bidirectional breadth-first search (I. Pohl 1971
// "Bi-directional search", Machine Intelligence 6:127-140) that expands,
// one whole level at a time, the side with the smaller frontier and stops
// after the first level that finds a meeting. Weighted, it is bidirectional
// Dijkstra: each step settles the top of the smaller heap, and the search
// stops once top_f + top_b ≥ μ, the best s–t length seen (A. V. Goldberg
// and C. Harrelson 2005, SODA).
func (sc *scratch) pointToPoint(g *Graph, src, dst int32, weighted, restricted bool) []int32 {
	if src == dst {
		return []int32{src}
	}
	var a, b int32
	if weighted {
		a, b = sc.biDijkstra(g, src, dst, restricted)
	} else {
		a, b = sc.biBFS(g, src, dst, restricted)
	}
	if a < 0 {
		return nil
	}
	var path []int32
	for v := a; v >= 0; v = sc.f.par[v] {
		path = append(path, v)
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	for v := b; v >= 0; v = sc.b.par[v] {
		path = append(path, v)
	}
	if weighted {
		path = sc.shortcut(path)
	}
	return path
}

// shortcut removes cycles from a walk (which the two search trees can form
// only through zero-weight edges, so the length is unchanged): the part
// between two visits of a node is cut out. Uses and clears loc.
func (sc *scratch) shortcut(path []int32) []int32 {
	out := path[:0]
	for _, v := range path {
		if i := sc.loc[v]; i >= 0 {
			for _, w := range out[i+1:] {
				sc.loc[w] = -1
			}
			out = out[:i+1]
			continue
		}
		sc.loc[v] = int32(len(out))
		out = append(out, v)
	}
	for _, v := range out {
		sc.loc[v] = -1
	}
	return out
}

// biBFS returns the meeting edge (a, b) of a shortest path: a is reached
// by the forward tree, b by the backward one; (-1, -1) if none.
func (sc *scratch) biBFS(g *Graph, src, dst int32, restricted bool) (int32, int32) {
	off, adj := g.offsets, g.targets
	f, bk := &sc.f, &sc.b
	f.set(src, 0, -1)
	f.queue = append(f.queue, src)
	bk.set(dst, 0, -1)
	bk.queue = append(bk.queue, dst)
	fLo, fHi, bLo, bHi := 0, 1, 0, 1
	best := inf
	ma, mb := int32(-1), int32(-1)
	for fLo < fHi && bLo < bHi {
		x, y, lo, hi, fwd := f, bk, fLo, fHi, true
		if fHi-fLo > bHi-bLo {
			x, y, lo, hi, fwd = bk, f, bLo, bHi, false
		}
		for i := lo; i < hi; i++ {
			u := x.queue[i]
			du := x.dist[u] + 1
			for _, v := range adj[off[u]:off[u+1]] {
				if x.dist[v] != inf || restricted && !sc.allowed(u, v, src) {
					continue
				}
				x.set(v, du, u)
				x.queue = append(x.queue, v)
				if dy := y.dist[v]; dy != inf && du+dy < best {
					best = du + dy
					if fwd {
						ma, mb = u, v
					} else {
						ma, mb = v, u
					}
				}
			}
		}
		if fwd {
			fLo, fHi = hi, len(f.queue)
		} else {
			bLo, bHi = hi, len(bk.queue)
		}
		if best != inf {
			break
		}
	}
	return ma, mb
}

// biDijkstra is the weighted counterpart of biBFS.
func (sc *scratch) biDijkstra(g *Graph, src, dst int32, restricted bool) (int32, int32) {
	off, adj, wt := g.offsets, g.targets, g.weights
	f, bk := &sc.f, &sc.b
	f.set(src, 0, -1)
	f.push(src)
	bk.set(dst, 0, -1)
	bk.push(dst)
	best := inf
	ma, mb := int32(-1), int32(-1)
	for len(f.heap) > 0 && len(bk.heap) > 0 {
		if f.dist[f.heap[0]]+bk.dist[bk.heap[0]] >= best {
			break
		}
		x, y, fwd := f, bk, true
		if len(f.heap) > len(bk.heap) {
			x, y, fwd = bk, f, false
		}
		u := x.pop()
		du := x.dist[u]
		for p := off[u]; p < off[u+1]; p++ {
			v := adj[p]
			if restricted && !sc.allowed(u, v, src) {
				continue
			}
			nd := du + wt[p]
			if nd < x.dist[v] {
				x.set(v, nd, u)
				if x.pos[v] < 0 {
					x.push(v)
				} else {
					x.fix(v)
				}
			}
			if dy := y.dist[v]; dy != inf && nd+dy < best {
				best = nd + dy
				if fwd {
					ma, mb = u, v
				} else {
					ma, mb = v, u
				}
			}
		}
	}
	return ma, mb
}

// sssp searches from src on side f, recording dist, par and settle order
// ord, until every node marked in want has been settled (want counts them)
// or everything reachable has. Unweighted it is breadth-first search (nodes
// are settled when discovered: their distance is final then), weighted it is
// Dijkstra's algorithm with a binary heap, E. W. Dijkstra (1959) "A note on
// two problems in connexion with graphs", Numer. Math. 1:269-271.
// It returns the number of wanted nodes settled.
func (sc *scratch) sssp(g *Graph, src int32, weighted bool, want int) int {
	off, adj, wt := g.offsets, g.targets, g.weights
	f := &sc.f
	got := 0
	f.set(src, 0, -1)
	if weighted {
		f.push(src)
		for len(f.heap) > 0 && got < want {
			u := f.pop()
			f.settle(u)
			if sc.mark[u] {
				got++
			}
			du := f.dist[u]
			for p := off[u]; p < off[u+1]; p++ {
				v := adj[p]
				if nd := du + wt[p]; nd < f.dist[v] {
					f.set(v, nd, u)
					if f.pos[v] < 0 {
						f.push(v)
					} else {
						f.fix(v)
					}
				}
			}
		}
		return got
	}
	f.settle(src)
	if sc.mark[src] {
		got++
	}
	f.queue = append(f.queue, src)
	for head := 0; head < len(f.queue) && got < want; head++ {
		u := f.queue[head]
		du := f.dist[u] + 1
		for _, v := range adj[off[u]:off[u+1]] {
			if f.dist[v] != inf {
				continue
			}
			f.set(v, du, u)
			f.settle(v)
			f.queue = append(f.queue, v)
			if sc.mark[v] {
				got++
			}
		}
	}
	return got
}

// tight reports whether arc u→v (weight w) of the last sssp lies on a
// shortest path: u was settled before v and dist[u] + w = dist[v] exactly
// (w counts as 1 when unweighted). The same sum computed by the search makes
// the equality exact in floating point.
func (sc *scratch) tight(u, v int32, w float64, weighted bool) bool {
	f := &sc.f
	if !weighted {
		w = 1
	}
	return f.ord[u] >= 0 && f.ord[u] < f.ord[v] && f.dist[u]+w == f.dist[v]
}

// pathLength is the length of path in g: hops, or the sum of its edge
// weights taken left to right.
func pathLength(g *Graph, path []int32, weighted bool) float64 {
	if !weighted {
		return float64(len(path) - 1)
	}
	var l float64
	for i := 1; i < len(path); i++ {
		w, _ := g.EdgeWeight(int(path[i-1]), int(path[i]))
		l += w
	}
	return l
}

func ints(p []int32) []int {
	out := make([]int, len(p))
	for i, v := range p {
		out[i] = int(v)
	}
	return out
}
