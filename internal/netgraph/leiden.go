package netgraph

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Objective selects the quality function that [Leiden] maximises.
type Objective int

const (
	// ObjectiveModularity is modularity with the Reichardt–Bornholdt
	// resolution γ, as in [Modularity]: node weights are strengths and the
	// penalty per pair of nodes is γ k_i k_j / (2m).
	ObjectiveModularity Objective = iota
	// ObjectiveCPM is the Constant Potts Model of V. A. Traag, P. Van Dooren
	// and Y. Nesterov (2011) "Narrow scope for resolution-limit-free
	// community detection", Phys. Rev. E 84:016114, as in [CPM]: every node
	// weighs 1 and the penalty per pair of nodes is γ, so γ is the edge
	// density (edge weight per pair of nodes) a community must exceed.
	ObjectiveCPM
)

// String returns "modularity", "CPM", or "Objective(n)" for an unknown
// value.
func (o Objective) String() string {
	switch o {
	case ObjectiveModularity:
		return "modularity"
	case ObjectiveCPM:
		return "CPM"
	}
	return fmt.Sprintf("Objective(%d)", int(o))
}

// DefaultLeidenRandomness is the randomness θ of the refinement phase used
// when [LeidenOptions.Randomness] is zero: 0.01, the value recommended and
// used by Traag, Waltman and van Eck (2019).
const DefaultLeidenRandomness = 0.01

// DefaultLeidenIterations is the number of iterations [Leiden] runs when
// [LeidenOptions.Iterations] is zero: 2, the default of leidenalg and igraph.
const DefaultLeidenIterations = 2

// LeidenMaxIterations bounds the iterations of [Leiden] when
// [LeidenOptions.Iterations] is negative (iterate until stable). Each
// changing iteration strictly raises the quality, so the bound guards
// against slow creep as much as against floating-point cycling: on sparse
// graphs with weak community structure the last iterations each gain less
// than 1e-4 in Q.
const LeidenMaxIterations = 100

// LeidenOptions tunes [Leiden]. The zero value maximises modularity with
// θ = 0.01 and two iterations.
type LeidenOptions struct {
	// Objective is the quality function; the zero value is modularity.
	Objective Objective
	// Randomness is θ > 0 of the refinement phase, in the units of the
	// quality gain ΔH (edge weight; see [Leiden]). Smaller is greedier:
	// with unit edge weights θ = 0.01 merges greedily except between
	// near-equal gains. Zero means [DefaultLeidenRandomness].
	Randomness float64
	// Iterations is the number of Leiden iterations, each starting from the
	// previous one's partition; zero means [DefaultLeidenIterations].
	// Negative means iterate until an iteration changes nothing (at most
	// [LeidenMaxIterations]), the state in which the paper guarantees every
	// node locally optimal; that can take tens of iterations on graphs
	// with weak community structure, each costing one to two Louvain runs.
	Iterations int
}

// Leiden partitions g into communities with the Leiden algorithm of V. A.
// Traag, L. Waltman and N. J. van Eck (2019) "From Louvain to Leiden:
// guaranteeing well-connected communities", Sci. Rep. 9:5233, using edge
// weights and resolution γ. It maximises
//
//	H = Σ_c [ e_c − γ' N_c² / 2 ]
//
// with e_c the edge weight inside community c and N_c the total node weight
// of c. For [ObjectiveModularity] (the default) node weights are strengths
// and γ' = γ/(2m), m the total edge weight, so that H/m is exactly the
// modularity Q of [Modularity] (M. E. J. Newman and M. Girvan 2004, Phys.
// Rev. E 69:026113, with the resolution of J. Reichardt and S. Bornholdt
// 2006, Phys. Rev. E 74:016110). For [ObjectiveCPM] node weights count
// original nodes and γ' = γ, so H differs from [CPM] only by the constant
// γN/2. The gain of moving node v of weight n_v from community D to C (both
// without v) is
//
//	ΔH = w(v,C) − γ' n_v N_C − [w(v,D) − γ' n_v N_D]
//
// in edge-weight units, m times the ΔQ of [Louvain] for modularity.
//
// Each iteration repeats three phases until every community of the current
// level is a single node:
//
//  1. Fast local moving: nodes wait in a FIFO queue, initially all of them
//     in seeded random order; a dequeued node moves to the neighbouring or
//     empty community with the largest strictly positive gain, and its
//     neighbours outside its new community rejoin the queue unless already
//     waiting. The phase ends when the queue is empty, every node then
//     being locally optimal.
//  2. Refinement: inside each community S a singleton partition is merged.
//     Nodes are visited in random order; a node v still alone and well
//     connected to S, w(v, S−v) ≥ γ' n_v (N_S − n_v), joins a refined
//     community C ⊆ S that is itself well connected, w(C, S−C) ≥ γ' N_C
//     (N_S − N_C), or stays alone, with probability ∝ exp(ΔH/θ) over the
//     choices with ΔH ≥ 0 (staying has ΔH = 0). θ is in the units of ΔH,
//     as in the authors' reference implementation (Waltman and van Eck's
//     networkanalysis) and igraph's beta. Refined communities are
//     connected, so a community that local moving left disconnected or
//     poorly connected falls apart into its refined pieces.
//  3. Aggregation: every refined community becomes one node (weights
//     between them summed, internal weight dropped, which changes no gain)
//     and starts in the community of phase 1 that contains it, so the next
//     level moves the refined pieces of a community separately.
//
// If refinement merges nothing (rare: it needs every merge to be declined at
// random), each community is split into its connected components instead,
// which never lowers H, and those are aggregated; igraph aggregates the
// unrefined communities there, which can leave one disconnected. So every
// returned community induces a connected subgraph of g, and after an
// iteration that changes nothing no node can raise H by moving to another
// community or to one of its own. Leiden's modularity is usually higher than
// Louvain's; each iteration costs about one to two [Louvain] runs.
//
// Randomness comes from one math/rand/v2 PCG seeded with seed, so the result
// is deterministic for a given seed and options. membership has length N,
// communities numbered 0..k-1 by decreasing size, ties broken by smallest
// member id, as [Louvain] does; quality is [Modularity] (γ) or [CPM] (γ) of
// that partition. A graph without edge weight yields singletons and quality
// 0; an empty graph an empty membership. Time per iteration is O(degree) per
// node visit plus O(N+M) per level, with a few visits per node and O(log N)
// levels in practice; memory is about 100 bytes per node of scratch plus the
// aggregated graphs, at most 12 bytes per arc of g each.
//
// Leiden panics, with a "netgraph: " prefix, if resolution is negative, NaN
// or infinite, opt.Objective is unknown, or opt.Randomness is negative, NaN
// or infinite.
func Leiden(g *Graph, resolution float64, seed uint64, opt LeidenOptions) (membership []int, quality float64) {
	checkResolution(resolution)
	theta := opt.Randomness
	if !(theta >= 0) || math.IsInf(theta, 1) {
		panic(fmt.Sprintf("netgraph: Leiden randomness %v must be finite and non-negative", theta))
	}
	if theta == 0 {
		theta = DefaultLeidenRandomness
	}
	n := g.N()
	var twoM float64
	for _, s := range g.strength {
		twoM += s
	}
	var nodeW []float64
	var r float64
	switch opt.Objective {
	case ObjectiveModularity:
		nodeW = g.strength
		if twoM > 0 {
			r = resolution / twoM
		}
	case ObjectiveCPM:
		nodeW = make([]float64, n)
		for i := range nodeW {
			nodeW[i] = 1
		}
		r = resolution
	default:
		panic(fmt.Sprintf("netgraph: unknown Leiden objective %d", int(opt.Objective)))
	}
	part := make([]int32, n)
	for i := range part {
		part[i] = int32(i)
	}
	if n > 0 && twoM > 0 {
		rng := rand.New(rand.NewPCG(seed, 0x853c49e6748fea9b))
		sc := newLeidenScratch(n)
		lv0 := &level{off: g.offsets, adj: g.targets, w: g.weights, k: nodeW}
		iters, untilStable := opt.Iterations, opt.Iterations < 0
		switch {
		case iters == 0:
			iters = DefaultLeidenIterations
		case untilStable:
			iters = LeidenMaxIterations
		}
		for it := 0; it < iters; it++ {
			if !leidenIteration(lv0, part, r, theta, rng, sc) && untilStable {
				break
			}
		}
	}
	k := 0
	for _, c := range part {
		k = max(k, int(c)+1)
	}
	membership, _ = canonical(part, k)
	if opt.Objective == ObjectiveCPM {
		return membership, CPM(g, membership, resolution)
	}
	return membership, Modularity(g, membership, resolution)
}

// leidenScratch holds the O(N) arrays one Leiden run reuses at every level
// and iteration; each level uses a prefix of length n ≤ N.
type leidenScratch struct {
	ls      louvainScratch // aggregation's nw, local moving's acc, touched list
	tot     []float64      // node weight of each community, for refinement
	size    []int32        // node count of each community, for local moving
	queue   []int32
	waiting []bool
	empty   []int32 // stack of community ids that were empty when pushed

	cells []refineCell
	order []int32
	cand  []int32
	gain  []float64
	relab []int32

	comm, next []int32 // community of each node at the current and next level
	nodeOf     []int32 // node of the current level holding each original node
}

func newLeidenScratch(n int) *leidenScratch {
	sc := &leidenScratch{
		ls:      louvainScratch{nw: make([]float64, n), acc: make([]commAcc, n)},
		tot:     make([]float64, n),
		size:    make([]int32, n),
		queue:   make([]int32, n),
		waiting: make([]bool, n),
		cells:   make([]refineCell, n),
		order:   make([]int32, n),
		relab:   make([]int32, n),
		comm:    make([]int32, n),
		next:    make([]int32, n),
		nodeOf:  make([]int32, n),
	}
	for i := range sc.ls.nw {
		sc.ls.nw[i] = -1
	}
	return sc
}

// leidenIteration runs one Leiden iteration from partition part of the
// original nodes (labels < N), writes the resulting partition back into part
// and reports whether any node moved or any community was split.
func leidenIteration(lv0 *level, part []int32, r, theta float64, rng *rand.Rand, sc *leidenScratch) (changed bool) {
	lv := lv0
	N := lv0.n()
	comm := sc.comm[:N]
	copy(comm, part)
	nodeOf := sc.nodeOf[:N]
	for v := range nodeOf {
		nodeOf[v] = int32(v)
	}
	for {
		n := lv.n()
		comm = comm[:n]
		if lv.fastMove(comm, r, rng, sc) {
			changed = true
		}
		k := relabel(comm, sc.relab[:n])
		if k == n {
			break
		}
		ref, nr := lv.refine(comm, k, r, theta, rng, sc)
		next := sc.next[:nr]
		if nr == n {
			// Nothing merged: aggregate the connected parts of each
			// community instead, each starting on its own.
			cm, nc := lv.split(comm)
			if nc > k {
				changed = true
			}
			copy(comm, cm)
			if nc == n {
				break
			}
			ref, nr = cm, nc
			next = sc.next[:nr]
			for c := range next {
				next[c] = int32(c)
			}
		} else {
			for v, c := range ref {
				next[c] = comm[v]
			}
		}
		for v, x := range nodeOf {
			nodeOf[v] = ref[x]
		}
		lv = lv.aggregate(ref, nr, &sc.ls)
		sc.comm, sc.next = sc.next, sc.comm
		comm = sc.comm[:nr]
	}
	for v, x := range nodeOf {
		part[v] = comm[x]
	}
	return changed
}

// relabel renumbers comm in place to 0..k-1 in order of first appearance and
// returns k. id is scratch of length len(comm).
func relabel(comm, id []int32) int {
	for i := range id {
		id[i] = -1
	}
	k := int32(0)
	for v, c := range comm {
		if id[c] < 0 {
			id[c] = k
			k++
		}
		comm[v] = id[c]
	}
	return int(k)
}

// fastMove is the fast local-moving phase of Leiden on this level, starting
// from partition comm (labels < n) and updating it in place. It reports
// whether any node moved. The gain uses node weights lv.k and γ' = r.
func (lv *level) fastMove(comm []int32, r float64, rng *rand.Rand, sc *leidenScratch) (moved bool) {
	n := lv.n()
	acc, size := sc.ls.acc[:n], sc.size[:n]
	queue, waiting := sc.queue[:n], sc.waiting[:n]
	for c := range acc {
		acc[c], size[c] = commAcc{nw: -1}, 0
	}
	for i, c := range comm {
		acc[c].tot += lv.k[i]
		size[c]++
		queue[i] = int32(i)
		waiting[i] = true
	}
	empty := sc.empty[:0]
	for c := n - 1; c >= 0; c-- {
		if size[c] == 0 {
			empty = append(empty, int32(c))
		}
	}
	rng.Shuffle(n, func(i, j int) { queue[i], queue[j] = queue[j], queue[i] })
	off, adj, w := lv.off, lv.adj, lv.w
	head, pending := 0, n
	for visits := 0; pending > 0 && visits < louvainMaxVisits*n; visits++ {
		i := queue[head]
		head++
		if head == n {
			head = 0
		}
		pending--
		waiting[i] = false

		touched := sc.ls.touched[:0]
		for p := off[i]; p < off[i+1]; p++ {
			a := &acc[comm[adj[p]]]
			if a.nw < 0 {
				a.nw = 0
				touched = append(touched, comm[adj[p]])
			}
			a.nw += w[p]
		}
		ci, ki := comm[i], lv.k[i]
		own := &acc[ci]
		own.tot -= ki
		size[ci]--
		f := r * ki
		best, bestGain := ci, -f*own.tot
		if own.nw > 0 {
			bestGain += own.nw
		}
		for _, c := range touched {
			a := &acc[c]
			if gain := a.nw - f*a.tot; gain > bestGain {
				best, bestGain = c, gain
			}
			a.nw = -1
		}
		sc.ls.touched = touched
		if bestGain < 0 && size[ci] > 0 {
			// A community of its own (gain 0) beats every other choice.
			for size[empty[len(empty)-1]] > 0 {
				empty = empty[:len(empty)-1]
			}
			best = empty[len(empty)-1]
			empty = empty[:len(empty)-1]
		}
		acc[best].tot += ki
		size[best]++
		if best == ci {
			continue
		}
		if size[ci] == 0 {
			empty = append(empty, ci)
		}
		comm[i] = best
		moved = true
		for _, j := range adj[off[i]:off[i+1]] {
			if !waiting[j] && comm[j] != best {
				waiting[j] = true
				tail := head + pending
				if tail >= n {
					tail -= n
				}
				queue[tail] = j
				pending++
			}
		}
	}
	sc.empty = empty
	return moved
}

// refineCell is the refinement's state for node v and for the refined
// community numbered v (a refined community is named after the node it
// started from), in one 32-byte cell so that a neighbour costs one cache
// line: nw is the weight from the node being merged (-1 when untouched), rw
// the community's node weight, ext its weight to the rest of its community,
// ref the refined community of node v and merged whether community v has
// grown beyond its first node.
type refineCell struct {
	nw, rw, ext float64
	ref         int32
	merged      bool
}

// refine is Leiden's refinement phase: within each community of comm
// (labels 0..k-1) it merges a singleton partition as described on [Leiden]
// and returns the refined partition, labels 0..nr-1 in order of their
// smallest node. Every refined community lies inside one community of comm
// and induces a connected subgraph of this level. O(N+M) of this level.
func (lv *level) refine(comm []int32, k int, r, theta float64, rng *rand.Rand, sc *leidenScratch) (ref []int32, nr int) {
	n := lv.n()
	off, adj, w, kw := lv.off, lv.adj, lv.w, lv.k
	tot := sc.tot[:k] // node weight of each community
	for c := range tot {
		tot[c] = 0
	}
	cells, order := sc.cells[:n], sc.order[:n]
	for v := 0; v < n; v++ {
		cv := comm[v]
		tot[cv] += kw[v]
		var e float64
		for p := off[v]; p < off[v+1]; p++ {
			if comm[adj[p]] == cv {
				e += w[p]
			}
		}
		cells[v] = refineCell{nw: -1, rw: kw[v], ext: e, ref: int32(v)}
		order[v] = int32(v)
	}
	rng.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
	for _, v := range order {
		cv := &cells[v]
		if cv.ref != v || cv.merged {
			continue // no longer a singleton
		}
		s := comm[v]
		kv, ns := kw[v], tot[s]
		if cv.ext < r*kv*(ns-kv) {
			continue // not well connected to its community
		}
		touched := sc.ls.touched[:0]
		for p := off[v]; p < off[v+1]; p++ {
			u := adj[p]
			if comm[u] != s {
				continue
			}
			c := cells[u].ref
			cc := &cells[c]
			if cc.nw < 0 {
				cc.nw = 0
				touched = append(touched, c)
			}
			cc.nw += w[p]
		}
		cand, gain := sc.cand[:0], sc.gain[:0]
		var maxGain float64 // staying alone gains 0
		for _, c := range touched {
			cc := &cells[c]
			if cc.ext >= r*cc.rw*(ns-cc.rw) {
				if d := cc.nw - r*kv*cc.rw; d >= 0 {
					cand = append(cand, c)
					gain = append(gain, d)
					maxGain = max(maxGain, d)
				}
			}
		}
		if len(cand) > 0 {
			// P(C) ∝ exp(ΔH_C/θ), shifted by the largest gain so that
			// the largest weight is 1 and nothing overflows.
			total := math.Exp(-maxGain / theta)
			for j, d := range gain {
				x := math.Exp((d - maxGain) / theta)
				gain[j] = x
				total += x
			}
			x := rng.Float64() * total
			chosen := int32(-1)
			if acc := math.Exp(-maxGain / theta); x >= acc {
				for j, c := range cand {
					acc += gain[j]
					chosen = c
					if x < acc {
						break
					}
				}
			}
			if chosen >= 0 {
				cc := &cells[chosen]
				cv.ref = chosen
				cc.rw += kv
				cc.ext += cv.ext - 2*cc.nw
				cc.merged = true
			}
		}
		for _, c := range touched {
			cells[c].nw = -1
		}
		sc.ls.touched, sc.cand, sc.gain = touched, cand, gain
	}
	ref = make([]int32, n)
	for v := range ref {
		ref[v] = cells[v].ref
	}
	return ref, relabel(ref, sc.relab[:n])
}

// CPM returns the Constant Potts Model quality of the partition membership of
// g at resolution γ (V. A. Traag, P. Van Dooren and Y. Nesterov 2011 "Narrow
// scope for resolution-limit-free community detection", Phys. Rev. E
// 84:016114), in the form of the leidenalg package:
//
//	H = Σ_c [ e_c − γ n_c (n_c − 1) / 2 ]
//
// with e_c the edge weight inside community c (each edge once) and n_c its
// number of nodes. Unlike modularity it is not normalised: it is in
// edge-weight units and grows with the graph. γ is a density threshold: a
// group of nodes is worth keeping together when its internal edge weight per
// pair exceeds γ. membership has length N; labels are arbitrary non-negative
// ints. O(N+M) time, O(N) memory. CPM panics, with a "netgraph: " prefix, if
// len(membership) != N, a label is negative, or resolution is negative, NaN
// or infinite.
func CPM(g *Graph, membership []int, resolution float64) float64 {
	checkResolution(resolution)
	n := g.N()
	if len(membership) != n {
		panic(fmt.Sprintf("netgraph: membership has length %d, want %d", len(membership), n))
	}
	lab, k := compact(membership)
	in := make([]float64, k)
	cnt := make([]float64, k)
	for u := 0; u < n; u++ {
		cu := lab[u]
		cnt[cu]++
		for p := g.offsets[u]; p < g.offsets[u+1]; p++ {
			if v := g.targets[p]; int(v) > u && lab[v] == cu {
				in[cu] += g.weights[p]
			}
		}
	}
	var h float64
	for c := range in {
		h += in[c] - resolution*cnt[c]*(cnt[c]-1)/2
	}
	return h
}
