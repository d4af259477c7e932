package netgraph

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// TemporalEdge is one timed contact between U and V (ids in 0..n-1) at
// Time, with weight W: a call, a meeting, a payment. In a directed
// [Temporal] graph it is the arc U→V (caller → receiver, payer → payee).
// Time is in the caller's unit, for example Unix seconds; W in the caller's
// unit too (1 per contact, a duration, an amount), finite and non-negative.
// Contacts are instantaneous: a journey may leave V only strictly after Time.
type TemporalEdge struct {
	U, V int
	Time int64
	W    float64
}

// Temporal is an immutable temporal graph on nodes 0..N()-1: a list of
// timed edges (undirected) or arcs (directed), held sorted by time in
// parallel arrays (two int32 ids, an int64 time and a float64 weight, 24
// bytes per contact). A Temporal is safe for concurrent use.
type Temporal struct {
	n        int
	directed bool
	u, v     []int32
	t        []int64
	w        []float64
}

// NewTemporal builds a temporal graph on nodes 0..n-1 from edges, directed
// (arcs U→V) or undirected. Contacts are kept individually, repeated pairs
// and self-loops included, ordered by Time; contacts with equal Time keep
// their input order. O(m log m) time (O(m) when edges are already in time
// order), O(m) memory, m = len(edges).
//
// It panics, with a "netgraph: " prefix, if n < 0, n > math.MaxInt32, an id
// lies outside 0..n-1, a weight is negative, NaN or infinite, or there are
// more than math.MaxInt32 edges.
func NewTemporal(n int, edges []TemporalEdge, directed bool) *Temporal {
	if n < 0 || n > math.MaxInt32 {
		panic(fmt.Sprintf("netgraph: node count %d outside 0..%d", n, math.MaxInt32))
	}
	if len(edges) > math.MaxInt32 {
		panic(fmt.Sprintf("netgraph: %d temporal edges exceed %d", len(edges), math.MaxInt32))
	}
	for i, e := range edges {
		if e.U < 0 || e.U >= n || e.V < 0 || e.V >= n {
			panic(fmt.Sprintf("netgraph: temporal edge %d (%d, %d) out of range for %d nodes", i, e.U, e.V, n))
		}
		if e.W < 0 || math.IsNaN(e.W) || math.IsInf(e.W, 0) {
			panic(fmt.Sprintf("netgraph: temporal edge %d (%d, %d) has invalid weight %v", i, e.U, e.V, e.W))
		}
	}
	m := len(edges)
	tg := &Temporal{n: n, directed: directed,
		u: make([]int32, m), v: make([]int32, m), t: make([]int64, m), w: make([]float64, m)}
	sorted := true
	for i := 1; i < m && sorted; i++ {
		sorted = edges[i-1].Time <= edges[i].Time
	}
	if sorted {
		for i, e := range edges {
			tg.u[i], tg.v[i], tg.t[i], tg.w[i] = int32(e.U), int32(e.V), e.Time, e.W
		}
		return tg
	}
	// Sort (time, input index) keys: 12 bytes moved per swap instead of a
	// whole edge, and the index makes the order stable.
	type key struct {
		t int64
		i int32
	}
	keys := make([]key, m)
	for i, e := range edges {
		keys[i] = key{e.Time, int32(i)}
	}
	slices.SortFunc(keys, func(a, b key) int {
		switch {
		case a.t < b.t:
			return -1
		case a.t > b.t:
			return 1
		}
		return int(a.i - b.i)
	})
	for j, k := range keys {
		e := edges[k.i]
		tg.u[j], tg.v[j], tg.t[j], tg.w[j] = int32(e.U), int32(e.V), e.Time, e.W
	}
	return tg
}

// N returns the number of nodes. O(1).
func (tg *Temporal) N() int { return tg.n }

// Len returns the number of timed edges. O(1).
func (tg *Temporal) Len() int { return len(tg.t) }

// Directed reports whether the edges are arcs U→V. O(1).
func (tg *Temporal) Directed() bool { return tg.directed }

// span returns the index range of the edges with from ≤ Time < to.
func (tg *Temporal) span(from, to int64) (lo, hi int) {
	if from > to {
		panic(fmt.Sprintf("netgraph: time window [%d, %d) ends before it starts", from, to))
	}
	lo = sort.Search(len(tg.t), func(i int) bool { return tg.t[i] >= from })
	hi = lo + sort.Search(len(tg.t)-lo, func(i int) bool { return tg.t[lo+i] >= to })
	return lo, hi
}

func (tg *Temporal) edge(i int) TemporalEdge {
	return TemporalEdge{U: int(tg.u[i]), V: int(tg.v[i]), Time: tg.t[i], W: tg.w[i]}
}

// Edges returns a copy of the edges with from ≤ Time < to, in time order.
// Use math.MinInt64 and math.MaxInt64 for all of them. O(log m + output).
// It panics, with a "netgraph: " prefix, if from > to.
func (tg *Temporal) Edges(from, to int64) []TemporalEdge {
	lo, hi := tg.span(from, to)
	out := make([]TemporalEdge, hi-lo)
	for i := range out {
		out[i] = tg.edge(lo + i)
	}
	return out
}

// Window returns the static graph of the contacts in the time window
// [from, to): an undirected [Graph] on all N nodes with an edge {u,v} of
// weight Σ W over the contacts between u and v in the window (the number of
// contacts when every W is 1). Arc direction is dropped, as [Graph] is
// undirected; self-loops are dropped as by [NewUndirected]. O(log m + k + N)
// for k contacts in the window.
//
// It panics, with a "netgraph: " prefix, if from > to.
func (tg *Temporal) Window(from, to int64) *Graph {
	lo, hi := tg.span(from, to)
	edges := make([]Edge, hi-lo)
	for i := range edges {
		edges[i] = Edge{U: int(tg.u[lo+i]), V: int(tg.v[lo+i]), W: tg.w[lo+i]}
	}
	return NewUndirected(tg.n, edges)
}

// Journey is a time-respecting path: Hops in travel order, each oriented
// from the node it leaves (U) to the node it reaches (V), Hops[i].V ==
// Hops[i+1].U, with strictly increasing times. Arrival is the time of the
// last hop, or the window start for the empty journey of a source to
// itself.
type Journey struct {
	Hops    []TemporalEdge
	Arrival int64
}

// Nodes returns the nodes visited, from the source to the destination,
// len(Hops)+1 of them, or nil when there are no hops.
func (j Journey) Nodes() []int {
	if len(j.Hops) == 0 {
		return nil
	}
	out := make([]int, len(j.Hops)+1)
	out[0] = j.Hops[0].U
	for i, h := range j.Hops {
		out[i+1] = h.V
	}
	return out
}

// Arrivals holds the earliest-arrival (foremost) journeys from one source,
// as computed by [EarliestArrivals].
type Arrivals struct {
	tg     *Temporal
	src    int
	from   int64
	first  []int32 // first arrival event at each node, -1 if none
	events []tevent
}

// tevent is one use of a contact by a journey.
type tevent struct {
	edge   int32 // index of the contact in time order
	parent int32 // event that brought the journey to the departure node; -1 from the source
	rev    bool  // contact traversed V→U
}

// EarliestArrivals computes, for every node v, the earliest time at which a
// journey that leaves s at or after from can reach v using contacts with
// from ≤ Time < to, each hop strictly later than the previous one (a chain
// of calls or payments) and, if maxWait > 0, at most maxWait later (the time
// between consecutive hops, in the unit of Time; the wait at s before the
// first hop is not limited). maxWait = 0 means no limit. Undirected contacts
// can be used either way; directed ones only U→V. The source itself is
// reached at from with the empty journey. Use math.MinInt64 and
// math.MaxInt64 for the whole history.
//
// Without a waiting limit every journey returned is a path (no node twice):
// each hop leaves its node from the node's foremost arrival. With a limit,
// arriving earlier is not always better (the next contact may come too
// late), so the journey to a node can be a walk that revisits nodes, each
// hop leaving from the latest arrival before it; the arrival times are
// exact either way.
//
// The algorithm is the one-pass edge-stream scan for earliest-arrival paths
// of H. Wu, J. Cheng, S. Huang, Y. Ke, Y. Lu and Y. Xu (2014) "Path problems
// in temporal graphs", PVLDB 7(9):721-732, for contacts of zero duration
// with strict succession; it computes the foremost journeys of B.-M.
// Bui-Xuan, A. Ferreira and A. Jarry (2003) "Computing shortest, fastest,
// and foremost journeys in dynamic networks", Int. J. Found. Comput. Sci.
// 14(2):267-285.
// Contacts are scanned once in time order; a node is left at time t from an
// arrival strictly before t (contacts at equal times never chain), and with
// maxWait the latest two arrival times per node suffice. O(log m + k) time
// for the k contacts in the window, O(N) memory plus one event per arrival
// recorded (at most N without maxWait, at most 2k with it).
//
// It panics, with a "netgraph: " prefix, if s is out of range, from > to or
// maxWait < 0.
func EarliestArrivals(tg *Temporal, s int, from, to, maxWait int64) *Arrivals {
	return tg.foremost(s, -1, from, to, maxWait)
}

// EarliestJourney returns an earliest-arrival journey from s to t under the
// rules of [EarliestArrivals], stopping the scan as soon as t is reached,
// and false if no journey reaches t in the window. s == t gives the empty
// journey arriving at from.
//
// It panics, with a "netgraph: " prefix, if s or t is out of range, from >
// to or maxWait < 0.
func EarliestJourney(tg *Temporal, s, t int, from, to, maxWait int64) (Journey, bool) {
	tg.check(t)
	return tg.foremost(s, t, from, to, maxWait).Journey(t)
}

func (tg *Temporal) check(v int) {
	if v < 0 || v >= tg.n {
		panic(fmt.Sprintf("netgraph: node %d out of range for %d nodes", v, tg.n))
	}
}

// foremost runs the scan from s; target ≥ 0 stops it when target is reached.
func (tg *Temporal) foremost(s, target int, from, to, maxWait int64) *Arrivals {
	tg.check(s)
	if maxWait < 0 {
		panic(fmt.Sprintf("netgraph: maximum waiting time %d is negative", maxWait))
	}
	lo, hi := tg.span(from, to)
	a := &Arrivals{tg: tg, src: s, from: from, first: make([]int32, tg.n)}
	for i := range a.first {
		a.first[i] = -1
	}
	if s == target {
		return a
	}
	src, tgt := int32(s), int32(target)
	us, vs, ts := tg.u, tg.v, tg.t
	first := a.first
	if maxWait == 0 {
		// A node can be left at t from its first arrival if that is before t.
		for i := lo; i < hi; i++ {
			ti := ts[i]
			for dir := 0; dir < 2; dir++ {
				x, y := us[i], vs[i]
				if dir == 1 {
					if tg.directed {
						break
					}
					x, y = y, x
				}
				if y == src || x == y || first[y] >= 0 {
					continue
				}
				parent := int32(-1)
				if x != src {
					parent = first[x]
					if parent < 0 || ts[a.events[parent].edge] >= ti {
						continue
					}
				}
				first[y] = int32(len(a.events))
				a.events = append(a.events, tevent{edge: int32(i), parent: parent, rev: dir == 1})
				if y == tgt {
					return a
				}
			}
		}
		return a
	}
	// With a waiting limit: the latest arrival at each node (time and event)
	// and the latest one strictly before it.
	n := tg.n
	last := make([]int64, n)
	prev := make([]int64, n)
	lastEv := make([]int32, n)
	prevEv := make([]int32, n)
	for i := range lastEv {
		lastEv[i], prevEv[i] = -1, -1
	}
	for i := lo; i < hi; i++ {
		ti := ts[i]
		for dir := 0; dir < 2; dir++ {
			x, y := us[i], vs[i]
			if dir == 1 {
				if tg.directed {
					break
				}
				x, y = y, x
			}
			if y == src || x == y {
				continue
			}
			parent := int32(-1)
			if x != src {
				at, e := last[x], lastEv[x]
				if e >= 0 && at == ti {
					at, e = prev[x], prevEv[x]
				}
				// ti > at, so the unsigned difference is exact.
				if e < 0 || uint64(ti)-uint64(at) > uint64(maxWait) {
					continue
				}
				parent = e
			}
			if lastEv[y] >= 0 && last[y] == ti {
				continue // already reached at this instant
			}
			ev := int32(len(a.events))
			a.events = append(a.events, tevent{edge: int32(i), parent: parent, rev: dir == 1})
			prev[y], prevEv[y] = last[y], lastEv[y]
			last[y], lastEv[y] = ti, ev
			if first[y] < 0 {
				first[y] = ev
				if y == tgt {
					return a
				}
			}
		}
	}
	return a
}

// Source returns the source node. O(1).
func (a *Arrivals) Source() int { return a.src }

// Time returns the earliest arrival time at v and true, or 0 and false if
// no journey reaches v; the source is reached at the window start. O(1).
// It panics, with a "netgraph: " prefix, if v is out of range.
func (a *Arrivals) Time(v int) (int64, bool) {
	a.tg.check(v)
	if v == a.src {
		return a.from, true
	}
	e := a.first[v]
	if e < 0 {
		return 0, false
	}
	return a.tg.t[a.events[e].edge], true
}

// Journey returns an earliest-arrival journey to v and true, or the zero
// Journey and false if none reaches v; for the source it is the empty
// journey arriving at the window start. O(hops). It panics, with a
// "netgraph: " prefix, if v is out of range.
func (a *Arrivals) Journey(v int) (Journey, bool) {
	a.tg.check(v)
	if v == a.src {
		return Journey{Arrival: a.from}, true
	}
	e := a.first[v]
	if e < 0 {
		return Journey{}, false
	}
	var hops []TemporalEdge
	for ; e >= 0; e = a.events[e].parent {
		ev := a.events[e]
		h := a.tg.edge(int(ev.edge))
		if ev.rev {
			h.U, h.V = h.V, h.U
		}
		hops = append(hops, h)
	}
	slices.Reverse(hops)
	return Journey{Hops: hops, Arrival: hops[len(hops)-1].Time}, true
}
