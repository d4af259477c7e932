package netgraph

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
)

// KeyPlayerOptions configures [KeyPlayers]. The zero value maximises
// fragmentation F from the greedy start only, with at most 10·k swaps.
type KeyPlayerOptions struct {
	// Distance maximises Borgatti's distance-weighted fragmentation
	// DF = 1 − E (E the global efficiency of the remaining network, see
	// [GlobalEfficiency]) instead of F: it also rewards sets that lengthen
	// the paths they do not cut. Each evaluation then costs O(N(N+M))
	// instead of O(N+M) for all candidates at once.
	Distance bool

	// Restarts is the number of further searches started from uniformly
	// random sets of k nodes drawn from a generator seeded with Seed; the
	// best set over all starts is returned (the greedy start on ties).
	Restarts int
	Seed     uint64

	// MaxSwaps bounds the swaps made from each start; 0 means 10·k.
	MaxSwaps int

	// Workers is the number of goroutines that evaluate DF candidates
	// (<= 0: runtime.GOMAXPROCS(0)); the result does not depend on it. F
	// is evaluated in one goroutine.
	Workers int
}

// KeyPlayerResult is the set found by [KeyPlayers].
type KeyPlayerResult struct {
	// Set holds the k nodes, in increasing order.
	Set []int

	// Fragmentation is the objective reached: F (or DF with
	// KeyPlayerOptions.Distance) of g with Set removed, over the N−k
	// remaining nodes, as [Fragmentation] defines it (1 when fewer than two
	// nodes remain).
	Fragmentation float64

	// Swaps is the number of improving swaps made over all starts.
	Swaps int

	// LocalOptimum reports that the search that produced Set stopped
	// because no swap of one member for one non-member improves the
	// objective; false means it stopped at MaxSwaps.
	LocalOptimum bool
}

// KeyPlayers looks for the k nodes whose removal fragments g most: Borgatti's
// key-player problem KPP-Neg (S. P. Borgatti (2006) "Identifying sets of key
// players in a social network", Comput. Math. Organ. Theory 12:21-34),
// maximising the fragmentation F of the remaining network (see
// [Fragmentation]) or, with opts.Distance, the distance-weighted
// fragmentation DF = 1 − (1/(n(n−1))) Σ_{i≠j} 1/d_ij (Borgatti 2006, eq. 9),
// n = N − k.
//
// The search is Borgatti's: start from a set, then repeatedly make the swap
// of a member u for a non-member v that improves the objective most (ties:
// smallest u, then smallest v), until no swap improves it (a local optimum)
// or opts.MaxSwaps swaps have been made. The first start is greedy: k times,
// add the node whose removal, with those already chosen, fragments most
// (ties: smallest id). opts.Restarts further starts are random. The result is
// deterministic for given options.
//
// For F, one depth-first search of the remaining network gives the
// fragmentation after removing each candidate at once, from its articulation
// structure (the pieces a node's removal leaves are its DFS subtrees cut off
// at it, J. Hopcroft and R. Tarjan (1973), Commun. ACM 16(6):372-378): the
// greedy start costs O(k(N+M)) and each swap round O(k(N+M)). For DF each
// candidate set costs O(N(N+M)), so a greedy start costs O(kN·N(N+M)) and a
// round O(k(N−k)·N(N+M)), spread over opts.Workers goroutines: meant for
// networks of a few hundred nodes.
//
// k = 0 gives the empty set and the fragmentation of g. KeyPlayers panics,
// with a "netgraph: " prefix, if k is outside 0..N or opts.Restarts or
// opts.MaxSwaps is negative.
func KeyPlayers(g *Graph, k int, opts KeyPlayerOptions) KeyPlayerResult {
	n := g.N()
	if k < 0 || k > n {
		panic(fmt.Sprintf("netgraph: KeyPlayers k = %d outside 0..%d", k, n))
	}
	if opts.Restarts < 0 {
		panic(fmt.Sprintf("netgraph: KeyPlayers restarts %d is negative", opts.Restarts))
	}
	if opts.MaxSwaps < 0 {
		panic(fmt.Sprintf("netgraph: KeyPlayers max swaps %d is negative", opts.MaxSwaps))
	}
	maxSwaps := opts.MaxSwaps
	if maxSwaps == 0 {
		maxSwaps = 10 * k
	}
	kp := newKeyPlayerSearch(g, opts.Distance, opts.Workers)

	best := kp.improve(kp.greedy(k), maxSwaps)
	swaps := best.swaps
	rng := rand.New(rand.NewPCG(opts.Seed, 0x6b6579706c6179)) // "keyplay"
	perm := make([]int, n)
	for r := 0; r < opts.Restarts; r++ {
		for i := range perm {
			perm[i] = i
		}
		for i := 0; i < k; i++ { // partial Fisher–Yates
			j := i + rng.IntN(n-i)
			perm[i], perm[j] = perm[j], perm[i]
		}
		start := append([]int(nil), perm[:k]...)
		slices.Sort(start)
		run := kp.improve(start, maxSwaps)
		swaps += run.swaps
		if kp.better(run.cost, best.cost) {
			best = run
		}
	}

	res := KeyPlayerResult{Set: best.set, Swaps: swaps, LocalOptimum: best.optimal, Fragmentation: 1}
	if rest := float64(n - k); rest >= 2 {
		res.Fragmentation = 1 - best.cost/(rest*(rest-1))
	}
	return res
}

// keyPlayerSearch holds the graph and scratch state of one KeyPlayers call.
// The cost it minimises is the cohesion of the remaining network: the number
// of ordered pairs that reach each other (F), or Σ 1/d over them (DF).
type keyPlayerSearch struct {
	g        *Graph
	distance bool
	alive    []bool
	cohesion []float64 // per candidate, from removalCohesion
	art      articulation
	scratch  []efficiencyScratch // per worker, for DF
}

type keyPlayerRun struct {
	set     []int
	cost    float64
	swaps   int
	optimal bool
}

func newKeyPlayerSearch(g *Graph, distance bool, workers int) *keyPlayerSearch {
	n := g.N()
	kp := &keyPlayerSearch{
		g:        g,
		distance: distance,
		alive:    make([]bool, n),
		cohesion: make([]float64, n),
	}
	if !distance {
		kp.art = newArticulation(n)
		return kp
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	kp.scratch = make([]efficiencyScratch, max(1, min(workers, n)))
	for i := range kp.scratch {
		kp.scratch[i] = newEfficiencyScratch(n)
	}
	return kp
}

// better reports whether cost a improves on b: strictly for F (integer
// counts), by more than 1e-12 relative for DF, so that rounding cannot drive
// the search.
func (kp *keyPlayerSearch) better(a, b float64) bool {
	if kp.distance {
		return a < b-1e-12*b
	}
	return a < b
}

// setAlive marks every node alive except those in removed.
func (kp *keyPlayerSearch) setAlive(removed []int) {
	for v := range kp.alive {
		kp.alive[v] = true
	}
	for _, v := range removed {
		kp.alive[v] = false
	}
}

// candidates fills kp.cohesion[v], for every alive v, with the cost after
// also removing v, given kp.alive.
func (kp *keyPlayerSearch) candidates() {
	if !kp.distance {
		kp.art.removalCohesion(kp.g, kp.alive, kp.cohesion)
		return
	}
	var cand []int
	for v, a := range kp.alive {
		if a {
			cand = append(cand, v)
		}
	}
	workers := min(len(kp.scratch), len(cand))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			sc := &kp.scratch[w]
			copy(sc.alive, kp.alive)
			for i := w; i < len(cand); i += workers {
				v := cand[i]
				sc.alive[v] = false
				kp.cohesion[v] = sc.sum(kp.g)
				sc.alive[v] = true
			}
		}(w)
	}
	wg.Wait()
}

// cost returns the cost of the network without removed.
func (kp *keyPlayerSearch) cost(removed []int) float64 {
	kp.setAlive(removed)
	if !kp.distance {
		return kp.art.cohesion(kp.g, kp.alive)
	}
	sc := &kp.scratch[0]
	copy(sc.alive, kp.alive)
	return sc.sum(kp.g)
}

// efficiencyScratch is one worker's state for Σ 1/d over a node subset.
type efficiencyScratch struct {
	alive []bool
	dist  []int32
	queue []int32
	hist  []int64
}

func newEfficiencyScratch(n int) efficiencyScratch {
	sc := efficiencyScratch{alive: make([]bool, n), dist: make([]int32, n), queue: make([]int32, 0, n)}
	for i := range sc.dist {
		sc.dist[i] = -1
	}
	return sc
}

// sum returns Σ_{i≠j} 1/d_ij over the nodes with sc.alive, by one
// breadth-first search per node within them and a distance histogram.
func (sc *efficiencyScratch) sum(g *Graph) float64 {
	alive, dist, hist := sc.alive, sc.dist, sc.hist[:0]
	for s := range alive {
		if !alive[s] {
			continue
		}
		queue := append(sc.queue[:0], int32(s))
		dist[s] = 0
		for head := 0; head < len(queue); head++ {
			v := queue[head]
			dv := dist[v] + 1
			for _, w := range g.targets[g.offsets[v]:g.offsets[v+1]] {
				if alive[w] && dist[w] < 0 {
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
		sc.queue = queue
	}
	sc.hist = hist
	var sum float64
	for d := 1; d < len(hist); d++ {
		sum += float64(hist[d]) / float64(d)
	}
	return sum
}

// greedy returns k nodes chosen one at a time, each the candidate whose
// removal lowers the cost most (ties: smallest id), in increasing order.
func (kp *keyPlayerSearch) greedy(k int) []int {
	set := make([]int, 0, k)
	kp.setAlive(nil)
	for len(set) < k {
		kp.candidates()
		best := -1
		for v, a := range kp.alive {
			if a && (best < 0 || kp.cohesion[v] < kp.cohesion[best]) {
				best = v
			}
		}
		set = append(set, best)
		kp.alive[best] = false
	}
	slices.Sort(set)
	return set
}

// improve applies best-improvement swaps to set (sorted) until none
// improves or maxSwaps have been made.
func (kp *keyPlayerSearch) improve(set []int, maxSwaps int) keyPlayerRun {
	run := keyPlayerRun{set: set, cost: kp.cost(set)}
	n := kp.g.N()
	if len(set) == 0 || len(set) == n {
		run.optimal = true
		return run
	}
	for {
		bestCost, bestI, bestV := run.cost, -1, -1
		for i, u := range set {
			kp.setAlive(set)
			kp.alive[u] = true
			kp.candidates()
			for v, a := range kp.alive {
				if a && v != u && kp.better(kp.cohesion[v], bestCost) {
					bestCost, bestI, bestV = kp.cohesion[v], i, v
				}
			}
		}
		if bestI < 0 {
			run.optimal = true
			return run
		}
		if run.swaps == maxSwaps {
			return run
		}
		set[bestI] = bestV
		slices.Sort(set)
		run.cost = bestCost
		run.swaps++
	}
}

// articulation is scratch state for an iterative depth-first search that
// finds, for every node, the pieces its removal splits its component into.
type articulation struct {
	disc, low []int32
	size      []int64 // DFS subtree size
	cut       []int64 // Σ sizes of child subtrees cut off at the node
	cutPairs  []int64 // Σ s(s−1) over those subtrees
	comp      []int64 // size of the node's component
	stack     []int32 // DFS path
	edge      []int32 // next arc to scan, per node on the path
	members   []int32 // nodes of the current component
	pairs     int64   // Σ s(s−1) over the components
}

func newArticulation(n int) articulation {
	return articulation{
		disc:     make([]int32, n),
		low:      make([]int32, n),
		size:     make([]int64, n),
		cut:      make([]int64, n),
		cutPairs: make([]int64, n),
		comp:     make([]int64, n),
		stack:    make([]int32, 0, n),
		edge:     make([]int32, n),
		members:  make([]int32, 0, n),
	}
}

// cohesion returns Σ s(s−1) over the components of the alive subgraph.
// O(N+M).
func (a *articulation) cohesion(g *Graph, alive []bool) float64 {
	a.search(g, alive)
	return float64(a.pairs)
}

// removalCohesion sets out[v], for every alive v, to Σ s(s−1) over the
// components of the alive subgraph with v also removed. Removing v from its
// component C (size c) leaves the child subtrees of v cut off at v
// (low(child) ≥ disc(v)), and the rest of C, of size c − 1 − Σ their sizes.
// O(N+M).
func (a *articulation) removalCohesion(g *Graph, alive []bool, out []float64) {
	a.search(g, alive)
	base := a.pairs
	for v, ok := range alive {
		if !ok {
			continue
		}
		c := a.comp[v]
		rest := c - 1 - a.cut[v]
		out[v] = float64(base - c*(c-1) + a.cutPairs[v] + rest*(rest-1))
	}
}

// search runs the depth-first search over the alive subgraph, filling disc,
// low, size, cut, cutPairs and comp for alive nodes, and pairs.
func (a *articulation) search(g *Graph, alive []bool) {
	off, adj := g.offsets, g.targets
	for v := range a.disc {
		a.disc[v] = -1
	}
	var timer int32
	a.pairs = 0
	for r := range alive {
		if !alive[r] || a.disc[r] >= 0 {
			continue
		}
		a.members = a.members[:0]
		a.stack = append(a.stack[:0], int32(r))
		a.open(int32(r), &timer, off)
		for len(a.stack) > 0 {
			v := a.stack[len(a.stack)-1]
			if p := a.edge[v]; p < off[v+1] {
				a.edge[v]++
				w := adj[p]
				if !alive[w] {
					continue
				}
				if a.disc[w] < 0 {
					a.open(w, &timer, off)
					a.stack = append(a.stack, w)
				} else if a.disc[w] < a.low[v] {
					a.low[v] = a.disc[w] // includes the tree edge to the parent: see below
				}
				continue
			}
			a.stack = a.stack[:len(a.stack)-1]
			if len(a.stack) == 0 {
				break
			}
			p := a.stack[len(a.stack)-1]
			a.size[p] += a.size[v]
			if a.low[v] < a.low[p] {
				a.low[p] = a.low[v]
			}
			// low[v] counts the edge back to p, so low[v] <= disc[p] and the
			// usual test low'(v) >= disc(p), low' excluding that edge, is
			// low[v] == disc[p] on a simple graph.
			if a.low[v] >= a.disc[p] {
				a.cut[p] += a.size[v]
				a.cutPairs[p] += a.size[v] * (a.size[v] - 1)
			}
		}
		c := int64(len(a.members))
		for _, v := range a.members {
			a.comp[v] = c
		}
		a.pairs += c * (c - 1)
	}
}

// open starts the DFS visit of v.
func (a *articulation) open(v int32, timer *int32, off []int32) {
	a.disc[v] = *timer
	a.low[v] = *timer
	*timer++
	a.size[v] = 1
	a.cut[v] = 0
	a.cutPairs[v] = 0
	a.edge[v] = off[v]
	a.members = append(a.members, v)
}
