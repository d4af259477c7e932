package netgraph

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
)

// sampleConstant is the universal constant c of the ε-sample bound used by
// [SampledBetweenness], "approximately 0.5" per Riondato and Kornaropoulos
// (2016), citing M. Löffler and J. M. Phillips (2009) "Shape fitting on
// point sets with probability distributions", ESA 2009 (arXiv:0812.2967).
const sampleConstant = 0.5

// SampledBetweenness estimates the shortest-path betweenness centrality of
// every node of g, ignoring edge weights (each edge has length 1), by
// sampling shortest paths, with a guaranteed error: with probability at least
// 1 − δ, simultaneously for every node v,
//
//	| NormaliseBetweenness(g, bc)[v] − NormaliseBetweenness(g, Betweenness(g, ·))[v] | ≤ ε,
//
// that is, every estimate is within ε of networkx betweenness_centrality(G,
// normalized=True). bc is on the scale of [Betweenness] (unordered pairs
// counted once), so it can replace Betweenness directly; samples is the
// number r of paths drawn (0 when no node can lie inside a shortest path:
// N < 3 or no component has a path of two edges, and then bc is exactly 0).
//
// The method is M. Riondato and E. M. Kornaropoulos (2016) "Fast
// approximation of betweenness centrality through sampling", Data Min. Knowl.
// Disc. 30(2):438-475, its estimator for all nodes: draw r ordered pairs
// (u, v), u ≠ v, uniformly at random, draw one shortest u–v path uniformly
// among the σ_uv (none if v is unreachable) and credit each of its inner
// nodes with 1/r.
// The credit of v estimates b(v) = Σ_{u≠w} σ_uw(v)/σ_uw / (N(N−1)), and by
// the paper's bound ⌊log2(VD − 2)⌋ + 1 on the VC-dimension of the shortest
// paths' range set all N estimates are within ε' of b with probability
// ≥ 1 − δ once
//
//	r = ⌈ (c / ε'²) (⌊log2(VD − 2)⌋ + 1 + ln(1/δ)) ⌉,  c = 0.5,
//
// where VD is the vertex diameter (the number of nodes on a longest shortest
// path). VD is replaced by an upper bound, the paper's 2-approximation for
// undirected graphs: in each component, a breadth-first search from its
// highest-degree node s gives VD ≤ d₁ + d₂ + 1 with d₁ ≥ d₂ the two largest
// distances from s (at most twice the true VD). networkx's normalisation is b(v)·N/(N − 2), so ε' is
// set to ε(N − 2)/N to state the bound in it.
//
// Each path is found by a balanced bidirectional breadth-first search from u
// and v (expanding whichever frontier has the smaller total degree, the
// technique of M. Borassi and E. Natale (2016) "KADABRA is an ADaptive
// Algorithm for Betweenness via Random Approximation", ESA 2016,
// arXiv:1604.08553), and drawn uniformly by choosing the meeting edge
// (x, y) with probability σ_ux σ_yv / σ_uv and then predecessors back to u
// and v in proportion to their path counts. Time is O(N + M) for the bound
// plus r searches, each O(N + M) at worst and far less on small-world graphs;
// memory is O(N) per worker. For ε = 0.01 and δ = 0.1, r is about 31,500
// whenever the bound on VD lies in 10..17, whatever N.
//
// Randomness: sample i draws from a math/rand/v2 PCG seeded with (seed, a
// hash of i), and credits are integer counts, so the result depends only on
// g, ε, δ and seed: it is bitwise identical for every workers value (workers
// <= 0 means runtime.GOMAXPROCS(0)). SampledBetweenness panics, with a
// "netgraph: " prefix, unless 0 < ε < 1 and 0 < δ < 1, or if more than 2^53
// samples would be needed.
func SampledBetweenness(g *Graph, eps, delta float64, seed uint64, workers int) (bc []float64, samples int) {
	if !(eps > 0 && eps < 1) {
		panic(fmt.Sprintf("netgraph: SampledBetweenness ε %v outside (0, 1)", eps))
	}
	if !(delta > 0 && delta < 1) {
		panic(fmt.Sprintf("netgraph: SampledBetweenness δ %v outside (0, 1)", delta))
	}
	n := g.N()
	bc = make([]float64, n)
	if n < 3 {
		return bc, 0
	}
	vd := vertexDiameterBound(g)
	if vd < 3 {
		return bc, 0
	}
	epsPaper := eps * float64(n-2) / float64(n)
	rf := math.Ceil(sampleConstant / (epsPaper * epsPaper) *
		(math.Floor(math.Log2(float64(vd-2))) + 1 + math.Log(1/delta)))
	if rf > 1<<53 {
		panic(fmt.Sprintf("netgraph: SampledBetweenness ε %v, δ %v need %g samples", eps, delta, rf))
	}
	r := int64(rf)

	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	const chunk = 256
	workers = int(min(int64(workers), (r+chunk-1)/chunk))
	partial := make([][]int64, workers)
	var nextChunk atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			st := newPathSampler(n)
			src := rand.NewPCG(0, 0)
			rng := rand.New(src)
			for {
				lo := nextChunk.Add(chunk) - chunk
				if lo >= r {
					break
				}
				for i := lo; i < min(lo+chunk, r); i++ {
					src.Seed(seed, splitmix64(uint64(i)))
					u := rng.IntN(n)
					v := rng.IntN(n - 1)
					if v >= u {
						v++
					}
					st.sample(g, int32(u), int32(v), rng)
				}
			}
			partial[w] = st.count
		}(w)
	}
	wg.Wait()
	// Integer totals: the sum is exact whatever the split between workers.
	total := make([]int64, n)
	for _, p := range partial {
		for v, c := range p {
			total[v] += c
		}
	}
	// b̃(v) = count/r over ordered pairs; Betweenness's scale counts each of
	// the N(N−1)/2 unordered pairs once.
	scale := float64(n) * float64(n-1) / 2 / float64(r)
	for v, c := range total {
		bc[v] = float64(c) * scale
	}
	return bc, int(r)
}

// splitmix64 is the output function of S. Vigna's SplitMix64 (G. L. Steele,
// D. Lea and C. H. Flood (2014) "Fast splittable pseudorandom number
// generators", OOPSLA 2014), used to spread sample indices over PCG seeds.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// vertexDiameterBound returns an upper bound on the vertex diameter of g (the
// largest number of nodes on a shortest path, 1 for a graph without edges, 0
// for an empty one): the maximum over components of d₁ + d₂ + 1, d₁ ≥ d₂ the
// two largest distances from the component's highest-degree node (lowest id
// on ties; d₂ = 0 for a single node). By the triangle inequality every
// shortest path in the component has at most d₁ + d₂ edges; the bound is at
// most 2·ecc + 1 ≤ 2·VD − 1. Two breadth-first searches per component,
// O(N+M).
func vertexDiameterBound(g *Graph) int {
	n := g.N()
	off, adj := g.offsets, g.targets
	dist := make([]int32, n)
	for i := range dist {
		dist[i] = -1
	}
	queue := make([]int32, n)
	bfs := func(s int32) (seen int) {
		dist[s] = 0
		queue[0] = s
		seen = 1
		for head := 0; head < seen; head++ {
			v := queue[head]
			for _, w := range adj[off[v]:off[v+1]] {
				if dist[w] < 0 {
					dist[w] = dist[v] + 1
					queue[seen] = w
					seen++
				}
			}
		}
		return seen
	}
	done := make([]bool, n)
	best := 0
	if n > 0 {
		best = 1
	}
	for s := 0; s < n; s++ {
		if done[s] || off[s] == off[s+1] {
			continue
		}
		// First search: find the component and its highest-degree node.
		seen := bfs(int32(s))
		hub := int32(s)
		for _, v := range queue[:seen] {
			done[v] = true
			if dv, dh := off[v+1]-off[v], off[hub+1]-off[hub]; dv > dh || dv == dh && v < hub {
				hub = v
			}
		}
		for _, v := range queue[:seen] {
			dist[v] = -1
		}
		// Second search, from the hub: BFS order is non-decreasing in
		// distance, so the last two nodes hold d₁ and d₂.
		seen = bfs(hub)
		d1, d2 := dist[queue[seen-1]], dist[queue[seen-2]]
		best = max(best, int(d1+d2)+1)
		for _, v := range queue[:seen] {
			dist[v] = -1
		}
	}
	return best
}

// pathSampler is one worker's scratch state for drawing uniform random
// shortest paths by balanced bidirectional breadth-first search.
type pathSampler struct {
	side    []uint8   // 0 unseen, 1 reached from u, 2 reached from v
	dist    []int32   // distance from the side's root
	sigma   []float64 // number of shortest paths from the side's root
	touched []int32   // nodes whose side is set, to reset
	front   [3][]int32
	next    []int32
	meetX   []int32 // meeting arcs x→y, x on the expanded side
	meetY   []int32
	count   []int64 // inner-node credits
}

func newPathSampler(n int) *pathSampler {
	return &pathSampler{
		side:  make([]uint8, n),
		dist:  make([]int32, n),
		sigma: make([]float64, n),
		count: make([]int64, n),
	}
}

// sample draws one shortest u–v path uniformly at random, if v is reachable
// from u, and adds 1 to the count of each of its inner nodes.
func (st *pathSampler) sample(g *Graph, u, v int32, rng *rand.Rand) {
	off, adj := g.offsets, g.targets
	if off[u] == off[u+1] || off[v] == off[v+1] {
		return
	}
	side, dist, sigma := st.side, st.dist, st.sigma
	st.touched = append(st.touched[:0], u, v)
	side[u], dist[u], sigma[u] = 1, 0, 1
	side[v], dist[v], sigma[v] = 2, 0, 1
	st.front[1] = append(st.front[1][:0], u)
	st.front[2] = append(st.front[2][:0], v)
	work := [3]int64{0, int64(off[u+1] - off[u]), int64(off[v+1] - off[v])}
	defer func() {
		for _, w := range st.touched {
			side[w] = 0
		}
	}()
	for {
		if len(st.front[1]) == 0 || len(st.front[2]) == 0 {
			return // one side's component is exhausted: v is unreachable
		}
		s := uint8(1)
		if work[2] < work[1] {
			s = 2
		}
		o := 3 - s
		next := st.next[:0]
		meetX, meetY := st.meetX[:0], st.meetY[:0]
		var total float64
		var nextWork int64
		for _, x := range st.front[s] {
			dn := dist[x] + 1
			sx := sigma[x]
			for _, y := range adj[off[x]:off[x+1]] {
				switch side[y] {
				case 0:
					if len(meetX) == 0 {
						side[y], dist[y], sigma[y] = s, dn, sx
						st.touched = append(st.touched, y)
						next = append(next, y)
						nextWork += int64(off[y+1] - off[y])
					}
				case s:
					if dist[y] == dn {
						sigma[y] += sx
					}
				case o:
					// Every y reached from the other side here lies on its
					// frontier, so x→y closes a shortest u–v path.
					meetX = append(meetX, x)
					meetY = append(meetY, y)
					total += sx * sigma[y]
				}
			}
		}
		st.next, st.meetX, st.meetY = next, meetX, meetY
		if len(meetX) > 0 {
			// Choose the meeting arc with probability σ_x σ_y / σ_uv.
			t := rng.Float64() * total
			k := len(meetX) - 1
			var acc float64
			for i := range meetX {
				acc += sigma[meetX[i]] * sigma[meetY[i]]
				if t < acc {
					k = i
					break
				}
			}
			st.walkBack(g, meetX[k], rng)
			st.walkBack(g, meetY[k], rng)
			return
		}
		st.front[s], st.next = next, st.front[s]
		work[s] = nextWork
	}
}

// walkBack credits x and the nodes of a uniformly drawn shortest path from x
// back to its side's root, the root excluded.
func (st *pathSampler) walkBack(g *Graph, x int32, rng *rand.Rand) {
	off, adj := g.offsets, g.targets
	side, dist, sigma := st.side, st.dist, st.sigma
	s := side[x]
	for dist[x] > 0 {
		st.count[x]++
		d := dist[x] - 1
		t := rng.Float64() * sigma[x]
		var acc float64
		pred := int32(-1)
		for _, p := range adj[off[x]:off[x+1]] {
			if side[p] == s && dist[p] == d {
				pred = p
				acc += sigma[p]
				if t < acc {
					break
				}
			}
		}
		x = pred
	}
}
