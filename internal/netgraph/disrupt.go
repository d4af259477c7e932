package netgraph

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
)

// Score assigns every node of a graph a removal priority for [Disrupt]:
// higher scores are removed first. Disrupt calls it with the remaining
// network, the subgraph induced by the nodes not yet removed, renumbered
// 0..n-1 in increasing order of their original ids, and ids[i], the original
// id of node i (scores of the built-in strategies depend on g alone; ids is
// for scores that look nodes up elsewhere). It must return n values, none
// NaN.
//
// DegreeScore, BetweennessScore, KatzScore, KatzSolveScore and
// CollectiveInfluenceScore build the strategies of Cavallaro et al. (2020),
// PLOS ONE 15(8):e0236476; any other function of the graph may be given.
type Score func(g *Graph, ids []int) []float64

// DegreeScore ranks nodes by degree (weighted = false) or by strength, the
// sum of edge weights ([Graph.Strength], weighted = true). O(N) per call.
// Cavallaro et al. (2020) used degree centrality, degree/(N−1), and its
// weighted form strength/(N−1): the same order.
func DegreeScore(weighted bool) Score {
	return func(g *Graph, _ []int) []float64 {
		s := make([]float64, g.N())
		for v := range s {
			if weighted {
				s[v] = g.strength[v]
			} else {
				s[v] = float64(g.offsets[v+1] - g.offsets[v])
			}
		}
		return s
	}
}

// BetweennessScore ranks nodes by shortest-path betweenness (U. Brandes 2001,
// J. Math. Sociol. 25(2):163-177), unnormalised, each unordered pair counted
// once. With weighted = false every edge has length 1 ([Betweenness], O(NM)
// per call). With weighted = true each edge's weight is its length, as in
// networkx betweenness_centrality(G, weight="weight"), which Cavallaro et al.
// (2020) used for their weighted strategy (so that more meetings or calls make
// a tie longer, not shorter); shortest paths then come from Dijkstra's
// algorithm (E. W. Dijkstra 1959, Numer. Math. 1:269-271) with a binary heap,
// O(NM log N) per call, and path lengths are compared exactly,
// as networkx does: use weights whose sums are exact (integers) when ties
// between paths matter. Sources are spread over workers goroutines
// (workers <= 0: runtime.GOMAXPROCS(0)).
//
// The weighted score panics, with a "netgraph: " prefix, on an edge weight
// that is not positive.
func BetweennessScore(weighted bool, workers int) Score {
	if !weighted {
		return func(g *Graph, _ []int) []float64 { return Betweenness(g, workers) }
	}
	return func(g *Graph, _ []int) []float64 { return BetweennessWeighted(g, workers) }
}

// KatzScore ranks nodes by Katz centrality ([Katz], power iteration) with
// attenuation alpha and base score beta, on edge weights when weighted is
// true. It iterates to a relative precision of 1e-12 (tol = 1e-12·|β|) within
// 10000 iterations; beta = 0 gives every node 0. Cavallaro et al. (2020) used
// α = 0.1, β = 1.
//
// KatzScore panics, with a "netgraph: " prefix, if alpha or beta is not
// finite, and the returned Score panics if the iteration does not converge,
// which means |α| ≥ 1/λmax (or |α|λmax so close to 1 that 10000 iterations
// do not suffice). Removing nodes never increases λmax, so it is enough that
// Katz converges on the whole graph. Use [KatzSolveScore] to rank by the
// solution of the linear system when α is larger.
func KatzScore(alpha, beta float64, weighted bool) Score {
	katzCheck("KatzScore", alpha, beta)
	return func(g *Graph, _ []int) []float64 {
		if beta == 0 {
			return make([]float64, g.N())
		}
		x, ok := Katz(g, alpha, beta, 1e-12*math.Abs(beta), 10000, weighted)
		if !ok {
			panic(fmt.Sprintf("netgraph: Katz alpha %v did not converge in 10000 iterations (alpha must be below 1/λmax)", alpha))
		}
		return x
	}
}

// KatzSolveScore ranks nodes by [KatzSolve], the solution of (I − αA)x = β1
// normalised as networkx katz_centrality_numpy does, which is what Cavallaro
// et al. (2020) ranked by (α = 0.1, β = 1), also where α ≥ 1/λmax and the
// Katz series diverges. O(N³) time and 8N² bytes per call.
//
// KatzSolveScore panics, with a "netgraph: " prefix, if alpha or beta is not
// finite, and the returned Score panics if the system is singular.
func KatzSolveScore(alpha, beta float64, weighted bool) Score {
	katzCheck("KatzSolveScore", alpha, beta)
	return func(g *Graph, _ []int) []float64 {
		x, ok := KatzSolve(g, alpha, beta, weighted)
		if !ok {
			panic(fmt.Sprintf("netgraph: KatzSolve alpha %v: I − αA is singular", alpha))
		}
		return x
	}
}

// CollectiveInfluenceScore ranks nodes by [CollectiveInfluence] at radius l
// (Morone and Makse 2015, Nature 524:65-68), with strengths in place of
// degrees when weighted is true. Sequential removal by this score is Morone
// and Makse's adaptive CI algorithm. Cavallaro et al. (2020) used l = 1. It
// panics, with a "netgraph: " prefix, if l < 1.
func CollectiveInfluenceScore(l int, weighted bool) Score {
	if l < 1 {
		panic(fmt.Sprintf("netgraph: CollectiveInfluence radius %d < 1", l))
	}
	return func(g *Graph, _ []int) []float64 { return CollectiveInfluence(g, l, weighted) }
}

// DefaultTieTolerance is the relative tolerance within which [Disrupt]
// treats scores as tied when DisruptOptions.TieTolerance is 0. Scores that
// are mathematically equal (symmetric nodes, isolated nodes) often differ in
// their last bits, depending on the order of floating-point operations; the
// tolerance lets the documented tie order, rather than rounding, decide.
const DefaultTieTolerance = 1e-9

// DisruptOptions configures [Disrupt]. The zero value removes every node,
// one at a time, ties broken by increasing id.
type DisruptOptions struct {
	// Block is the number of nodes removed per step. 0 or 1 is sequential
	// removal: the scores are recomputed on the remaining graph after every
	// removal. k > 1 is block removal: the k highest-scoring nodes are
	// removed at once, then the scores are recomputed.
	Block int

	// Removals is the total number of nodes to remove (the last block may
	// be smaller); 0, or a value above N, means all N nodes.
	Removals int

	// Priority breaks ties: a permutation of 0..N-1 in which, among nodes
	// with tied scores, the node listed first is removed first. nil means
	// increasing id.
	Priority []int

	// TieTolerance is the relative tolerance for ties: with m the highest
	// score among the remaining nodes, every remaining node whose score is
	// at least m − TieTolerance·|m| is tied with the top, and the first of
	// them in Priority is removed; in a block, the rule is applied again to
	// the nodes not yet picked. 0 means [DefaultTieTolerance]; a negative
	// value means exact comparison (ties only between equal scores).
	TieTolerance float64

	// SkipEfficiency leaves DisruptStep.Efficiency as NaN instead of
	// computing it (all-pairs breadth-first search, O(N(N+M)) per step).
	SkipEfficiency bool

	// Workers is the number of goroutines used for the efficiency;
	// <= 0 means runtime.GOMAXPROCS(0). Scores use their own setting.
	Workers int
}

// DisruptStep describes the network after one step of [Disrupt].
type DisruptStep struct {
	// Removed lists the nodes removed at this step, in the order they were
	// picked (decreasing score, ties by priority). It is empty for step 0,
	// the intact network.
	Removed []int

	// Nodes is the number of nodes remaining.
	Nodes int

	// LCC is the size of the largest connected component of the remaining
	// network, and LCCFraction is LCC divided by the LCC of the intact
	// network (1 at step 0; 0 if the intact network has no nodes).
	LCC         int
	LCCFraction float64

	// Components is the number of connected components of the remaining
	// network, isolated nodes included.
	Components int

	// Fragmentation is [Fragmentation] of the remaining network's component
	// sizes: the fraction of pairs of remaining nodes that are disconnected.
	Fragmentation float64

	// Efficiency is the global efficiency of the remaining network (see
	// [GlobalEfficiency]), or NaN if DisruptOptions.SkipEfficiency.
	Efficiency float64
}

// Disrupt simulates the arrest of members of the network g: it removes nodes
// in the order given by score, sequentially or in blocks (see
// [DisruptOptions]), and after each step measures what is left: the largest
// connected component (absolute and as a fraction of the initial one), the
// number of components, Borgatti's fragmentation and Latora and Marchiori's
// global efficiency. This is the simulation of Cavallaro et al. (2020)
// "Disrupting resilient criminal networks through data analysis: the case of
// Sicilian Mafia", PLOS ONE 15(8):e0236476, extended with fragmentation
// (S. P. Borgatti 2006, Comput. Math. Organ. Theory 12:21-34) and efficiency
// (V. Latora and M. Marchiori 2001, Phys. Rev. Lett. 87:198701).
//
// The result has one DisruptStep per step, step 0 being the intact network:
// ⌈Removals/Block⌉ + 1 entries. Before each step score is computed on the
// remaining network (the subgraph induced by the nodes not yet removed; see
// [Score]), and the highest-scoring nodes are removed. Among tied scores the
// node first in opts.Priority is removed first (see TieTolerance). To
// reproduce a networkx simulation that sorts nodes by score with Python's
// stable sort and takes the highest from the end of the list, as Cavallaro et
// al. did, give Priority as the reverse of networkx's node order (the order
// in which nodes first appear in the edge list).
//
// Each step costs the score, O(N+M) to build the remaining network and find
// its components, O(N log N) to rank a block (O(N) for sequential removal)
// and, unless skipped, O(N(N+M)) for the efficiency. Disrupt panics, with a
// "netgraph: " prefix, if opts.Block or opts.Removals is negative,
// opts.Priority is not nil and not a permutation of 0..N-1, or score returns
// a slice of the wrong length or a NaN.
func Disrupt(g *Graph, score Score, opts DisruptOptions) []DisruptStep {
	n := g.N()
	if opts.Block < 0 {
		panic(fmt.Sprintf("netgraph: Disrupt block size %d is negative", opts.Block))
	}
	if opts.Removals < 0 {
		panic(fmt.Sprintf("netgraph: Disrupt removals %d is negative", opts.Removals))
	}
	block := max(opts.Block, 1)
	total := opts.Removals
	if total == 0 || total > n {
		total = n
	}
	rank := priorityRank(opts.Priority, n)
	tol := opts.TieTolerance
	switch {
	case tol == 0:
		tol = DefaultTieTolerance
	case tol < 0:
		tol = 0
	}

	// cur is the remaining network; ids[i] is the original id of its node i
	// and curRank[i] its priority rank.
	cur := g
	ids := make([]int, n)
	curRank := make([]int32, n)
	for v := range ids {
		ids[v] = v
	}
	copy(curRank, rank)
	keep := make([]bool, n)
	order := make([]int, 0, total)
	m := newDisruptMeter(n, opts.Workers, !opts.SkipEfficiency)
	steps := make([]DisruptStep, 0, (total+block-1)/block+1)
	first := m.measure(g)
	lcc0 := first.LCC
	if lcc0 > 0 {
		first.LCCFraction = 1
	}
	steps = append(steps, first)

	var cand []int32
	for len(order) < total {
		k := min(block, total-len(order))
		cn := cur.N()
		sc := score(cur, ids[:cn:cn])
		if len(sc) != cn {
			panic(fmt.Sprintf("netgraph: Disrupt score returned %d values, want %d", len(sc), cn))
		}
		for i, s := range sc {
			if math.IsNaN(s) {
				panic(fmt.Sprintf("netgraph: Disrupt score of node %d is NaN", ids[i]))
			}
		}
		keep = keep[:cn]
		for i := range keep {
			keep[i] = true
		}
		start := len(order)
		if k == 1 {
			i := pickTop(sc, curRank[:cn], tol)
			order = append(order, ids[i])
			keep[i] = false
		} else {
			cand = cand[:0]
			for i := 0; i < cn; i++ {
				cand = append(cand, int32(i))
			}
			for _, i := range pickBlock(sc, cand, curRank[:cn], tol, k) {
				order = append(order, ids[i])
				keep[i] = false
			}
		}
		cur = induced(cur, keep)
		j := 0
		for i := 0; i < cn; i++ {
			if keep[i] {
				ids[j], curRank[j] = ids[i], curRank[i]
				j++
			}
		}
		st := m.measure(cur)
		st.Removed = order[start:len(order):len(order)]
		if lcc0 > 0 {
			st.LCCFraction = float64(st.LCC) / float64(lcc0)
		}
		steps = append(steps, st)
	}
	return steps
}

// priorityRank returns rank[v] = position of v in priority (nil: v), checking
// that priority is a permutation of 0..n-1.
func priorityRank(priority []int, n int) []int32 {
	rank := make([]int32, n)
	if priority == nil {
		for v := range rank {
			rank[v] = int32(v)
		}
		return rank
	}
	if len(priority) != n {
		panic(fmt.Sprintf("netgraph: priority has length %d, want %d", len(priority), n))
	}
	for v := range rank {
		rank[v] = -1
	}
	for i, v := range priority {
		if v < 0 || v >= n {
			panic(fmt.Sprintf("netgraph: priority[%d] = %d out of range for %d nodes", i, v, n))
		}
		if rank[v] >= 0 {
			panic(fmt.Sprintf("netgraph: priority lists node %d twice", v))
		}
		rank[v] = int32(i)
	}
	return rank
}

// tieFloor returns the lowest score tied with the top score m.
func tieFloor(m, tol float64) float64 {
	f := m - tol*math.Abs(m)
	if math.IsNaN(f) { // m = +Inf
		return m
	}
	return f
}

// pickTop returns the node to remove in a sequential step: among the nodes
// tied with the top score, the one of smallest rank. O(n), n = len(sc) > 0.
func pickTop(sc []float64, rank []int32, tol float64) int {
	top := sc[0]
	for _, s := range sc[1:] {
		top = max(top, s)
	}
	floor := tieFloor(top, tol)
	best := -1
	for v, s := range sc {
		if s >= floor && (best < 0 || rank[v] < rank[best]) {
			best = v
		}
	}
	return best
}

// pickBlock returns the k nodes of cand to remove at once, by repeated
// application of pickTop's rule to the nodes not yet picked. It reorders
// cand. O(n log n + k·w), w the largest number of nodes tied at a pick.
func pickBlock(sc []float64, cand []int32, rank []int32, tol float64, k int) []int32 {
	slices.SortFunc(cand, func(a, b int32) int {
		switch {
		case sc[a] > sc[b]:
			return -1
		case sc[a] < sc[b]:
			return 1
		}
		return int(rank[a] - rank[b])
	})
	k = min(k, len(cand))
	picked := make([]bool, len(cand))
	out := make([]int32, 0, k)
	head := 0
	for range k {
		for picked[head] {
			head++
		}
		floor := tieFloor(sc[cand[head]], tol)
		best := head
		for j := head + 1; j < len(cand) && sc[cand[j]] >= floor; j++ {
			if !picked[j] && rank[cand[j]] < rank[cand[best]] {
				best = j
			}
		}
		picked[best] = true
		out = append(out, cand[best])
	}
	return out
}

// induced returns the subgraph of g induced by the nodes v with keep[v],
// renumbered 0..n'-1 in increasing order (so rows stay sorted). O(N+M).
func induced(g *Graph, keep []bool) *Graph {
	n := g.N()
	newID := make([]int32, n)
	var nn int32
	for v := 0; v < n; v++ {
		newID[v] = -1
		if keep[v] {
			newID[v] = nn
			nn++
		}
	}
	off := make([]int32, nn+1)
	var arcs int32
	for v := 0; v < n; v++ {
		if !keep[v] {
			continue
		}
		for _, u := range g.targets[g.offsets[v]:g.offsets[v+1]] {
			if keep[u] {
				arcs++
			}
		}
		off[newID[v]+1] = arcs
	}
	tgt := make([]int32, arcs)
	wt := make([]float64, arcs)
	var p int32
	for v := 0; v < n; v++ {
		if !keep[v] {
			continue
		}
		for q := g.offsets[v]; q < g.offsets[v+1]; q++ {
			if u := g.targets[q]; keep[u] {
				tgt[p], wt[p] = newID[u], g.weights[q]
				p++
			}
		}
	}
	return newGraph(off, tgt, wt)
}

// disruptMeter holds the scratch arrays for measuring a remaining network.
type disruptMeter struct {
	label      []int32
	queue      []int32
	sizes      []int
	workers    int
	efficiency bool
}

func newDisruptMeter(n, workers int, efficiency bool) *disruptMeter {
	return &disruptMeter{
		label:      make([]int32, n),
		queue:      make([]int32, 0, n),
		workers:    workers,
		efficiency: efficiency,
	}
}

// measure fills a DisruptStep (all but Removed and LCCFraction) for the
// remaining network g. O(N+M), plus O(N(N+M)) for the efficiency.
func (m *disruptMeter) measure(g *Graph) DisruptStep {
	n := g.N()
	label, queue := m.label[:n], m.queue
	for v := range label {
		label[v] = -1
	}
	m.sizes = m.sizes[:0]
	var k int32
	for s := range label {
		if label[s] >= 0 {
			continue
		}
		label[s] = k
		queue = append(queue[:0], int32(s))
		for head := 0; head < len(queue); head++ {
			v := queue[head]
			for _, w := range g.targets[g.offsets[v]:g.offsets[v+1]] {
				if label[w] < 0 {
					label[w] = k
					queue = append(queue, w)
				}
			}
		}
		m.sizes = append(m.sizes, len(queue))
		k++
	}
	m.queue = queue
	st := DisruptStep{
		Nodes:         n,
		Components:    len(m.sizes),
		Fragmentation: Fragmentation(m.sizes),
		Efficiency:    math.NaN(),
	}
	for _, s := range m.sizes {
		st.LCC = max(st.LCC, s)
	}
	if m.efficiency {
		st.Efficiency = GlobalEfficiency(g, m.workers)
	}
	return st
}

// Fragmentation returns Borgatti's fragmentation of a network whose
// connected components have the given sizes,
//
//	F = 1 − Σ_k s_k (s_k − 1) / (n (n − 1)),  n = Σ_k s_k,
//
// the fraction of ordered pairs of distinct nodes that cannot reach each
// other: 0 for a connected network, 1 when every node is isolated (S. P.
// Borgatti (2006) "Identifying sets of key players in a social network",
// Comput. Math. Organ. Theory 12:21-34, eq. 4). Networks of fewer than two
// nodes have no pairs; F is then 1, the limit of removing nodes one by one.
// Use the sizes from [Components]. O(len(sizes)). Fragmentation panics, with
// a "netgraph: " prefix, on a negative size.
func Fragmentation(sizes []int) float64 {
	var n, pairs int64
	for _, s := range sizes {
		if s < 0 {
			panic(fmt.Sprintf("netgraph: negative component size %d", s))
		}
		n += int64(s)
		pairs += int64(s) * int64(s-1)
	}
	if n < 2 {
		return 1
	}
	return 1 - float64(pairs)/(float64(n)*float64(n-1))
}

// GlobalEfficiency returns the global efficiency of g,
//
//	E = 1/(N(N−1)) Σ_{i≠j} 1/d_ij,
//
// d_ij the shortest-path distance in hops (1/d_ij = 0 for nodes in different
// components): 1 for a complete graph, 0 for one without edges (V. Latora and
// M. Marchiori (2001) "Efficient behavior of small-world networks", Phys.
// Rev. Lett. 87(19):198701), equal to networkx global_efficiency. Borgatti's
// (2006) distance-weighted fragmentation is 1 − E. Graphs of fewer than two
// nodes give 0.
//
// One breadth-first search per node, O(N(N+M)) time, spread over workers
// goroutines (workers <= 0: runtime.GOMAXPROCS(0)), O(N) memory per worker.
// Distances are counted in integer histograms and summed in a fixed order,
// so the result does not depend on workers.
func GlobalEfficiency(g *Graph, workers int) float64 {
	n := g.N()
	if n < 2 {
		return 0
	}
	return efficiencySum(g, workers) / (float64(n) * float64(n-1))
}

// efficiencySum returns Σ_{i≠j} 1/d_ij over ordered pairs of g (isolated
// nodes contribute nothing).
func efficiencySum(g *Graph, workers int) float64 {
	n := g.N()
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, n/64)) // small graphs: not worth a goroutine
	hists := make([][]int64, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			dist := make([]int32, n)
			for i := range dist {
				dist[i] = -1
			}
			queue := make([]int32, 0, n)
			var hist []int64
			for s := w; s < n; s += workers {
				if g.offsets[s] == g.offsets[s+1] {
					continue
				}
				hist = bfsHistogram(g, int32(s), dist, queue, hist)
			}
			hists[w] = hist
		}(w)
	}
	wg.Wait()
	var total []int64
	for _, h := range hists {
		if len(h) > len(total) {
			total = append(total, make([]int64, len(h)-len(total))...)
		}
		for d, c := range h {
			total[d] += c
		}
	}
	var sum float64
	for d := 1; d < len(total); d++ {
		sum += float64(total[d]) / float64(d)
	}
	return sum
}

// bfsHistogram adds to hist[d] the number of nodes at distance d from s and
// leaves dist clean (-1). queue is scratch of capacity N.
func bfsHistogram(g *Graph, s int32, dist []int32, queue []int32, hist []int64) []int64 {
	queue = append(queue[:0], s)
	dist[s] = 0
	for head := 0; head < len(queue); head++ {
		v := queue[head]
		dv := dist[v] + 1
		for _, w := range g.targets[g.offsets[v]:g.offsets[v+1]] {
			if dist[w] < 0 {
				dist[w] = dv
				queue = append(queue, w)
				for int(dv) >= len(hist) {
					hist = append(hist, 0)
				}
				hist[dv]++
			}
		}
	}
	for _, v := range queue {
		dist[v] = -1
	}
	return hist
}
