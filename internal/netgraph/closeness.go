package netgraph

import (
	"math"
	"runtime"
	"sync"
)

// Closeness returns the closeness centrality of every node of g, ignoring
// edge weights (each edge has length 1), in networkx's convention for graphs
// that may be disconnected:
//
//	C(v) = (r_v − 1) / Σ_u d(v, u) · (r_v − 1) / (N − 1)
//
// where the sum runs over the r_v nodes reachable from v (v included, at
// distance 0) and d is the shortest-path length in edges. The first factor is
// the closeness of L. C. Freeman (1979) "Centrality in social networks:
// conceptual clarification", Social Networks 1(3):215-239, computed inside
// v's component; the second is the scaling by the fraction of the other nodes
// v reaches of S. Wasserman and K. Faust (1994) Social Network Analysis:
// Methods and Applications, Cambridge University Press, p. 201, so that a
// node of a small component does not look central. Values lie in [0, 1] and
// equal networkx closeness_centrality(G, wf_improved=True), the default; a
// node that reaches no other node (and every node when N = 1) gets 0. On a
// connected graph C(v) = (N − 1) / Σ_u d(v, u), which is (N − 1) times gonum
// network.Closeness.
//
// One breadth-first search per source: O(NM) time, O(N) memory per worker.
// Sources are dealt to workers goroutines (workers <= 0 means
// runtime.GOMAXPROCS(0)); each source writes only its own entry, so the result
// is bitwise identical for every workers value.
func Closeness(g *Graph, workers int) []float64 {
	return distanceCentrality(g, workers, false, closenessWF)
}

// ClosenessWeighted is [Closeness] with each edge weight read as a length
// (a distance, in the caller's unit), shortest paths found by Dijkstra's
// algorithm (E. W. Dijkstra 1959, "A note on two problems in connexion with
// graphs", Numer. Math. 1:269-271). It equals networkx
// closeness_centrality(G, distance="weight") (wf_improved=True), and on a
// connected graph (N − 1) times gonum network.Closeness over
// path.DijkstraAllPaths. Zero-length edges are allowed (a node that reaches
// others only at distance 0 gets 0, as in networkx).
//
// Weights such as call or meeting counts measure tie strength, not distance:
// a strong tie should be short. Convert them first, for example with
// [DistanceGraph] (length 1/w).
//
// O(N(M + N) log N) time, O(N) memory per worker, parallel and bitwise
// independent of workers as [Closeness].
func ClosenessWeighted(g *Graph, workers int) []float64 {
	return distanceCentrality(g, workers, true, closenessWF)
}

// Harmonic returns the harmonic centrality of every node of g, ignoring edge
// weights (each edge has length 1):
//
//	H(v) = Σ_{u ≠ v, d(v,u) < ∞} 1 / d(v, u)
//
// (M. Marchiori and V. Latora (2000) "Harmony in the small-world", Physica A
// 285(3-4):539-546; P. Boldi and S. Vigna (2014) "Axioms for centrality",
// Internet Math. 10(3-4):222-262). Unreachable nodes contribute 0, so it needs
// no correction for disconnected graphs. The values are not normalised (they
// lie in [0, N − 1]; divide by N − 1 for [0, 1]) and equal networkx
// harmonic_centrality(G) and gonum network.Harmonic.
//
// One breadth-first search per source: O(NM) time, O(N) memory per worker;
// parallel and bitwise independent of workers as [Closeness].
func Harmonic(g *Graph, workers int) []float64 {
	return distanceCentrality(g, workers, false, harmonic)
}

// HarmonicWeighted is [Harmonic] with each edge weight read as a length,
// shortest paths found by Dijkstra's algorithm as in [ClosenessWeighted]. It
// equals networkx harmonic_centrality(G, distance="weight") and gonum
// network.Harmonic over path.DijkstraAllPaths. Nodes at distance 0 (through
// zero-length edges) contribute 0, as in networkx. Convert tie strengths to
// lengths first, for example with [DistanceGraph].
//
// O(N(M + N) log N) time, O(N) memory per worker, parallel and bitwise
// independent of workers as [Closeness].
func HarmonicWeighted(g *Graph, workers int) []float64 {
	return distanceCentrality(g, workers, true, harmonic)
}

// closenessWF is networkx's closeness with the Wasserman–Faust factor, in
// networkx's order of operations.
func closenessWF(n, reach int, far, _ float64) float64 {
	if far <= 0 || n <= 1 {
		return 0
	}
	r := float64(reach - 1)
	return r / far * (r / float64(n-1))
}

func harmonic(_, _ int, _, harm float64) float64 { return harm }

// distanceCentrality runs one single-source shortest-path search per source
// and stores score(N, reach, farness, harmonic sum) for it.
func distanceCentrality(g *Graph, workers int, weighted bool, score func(n, reach int, far, harm float64) float64) []float64 {
	n := g.N()
	out := make([]float64, n)
	forSources(n, workers, func() func(s int32) {
		st := newSSSP(n, weighted)
		return func(s int32) {
			var reach int
			var far, harm float64
			if weighted {
				reach, far, harm = st.dijkstra(g, s)
			} else {
				reach, far, harm = st.bfs(g, s)
			}
			out[s] = score(n, reach, far, harm)
		}
	})
	return out
}

// forSources calls a per-worker function for every source 0..n-1, sources
// dealt to workers goroutines in a fixed stride (worker i takes i,
// i+workers, ...); workers <= 0 means runtime.GOMAXPROCS(0). newWorker runs
// once in each goroutine and returns the function that handles one source.
func forSources(n, workers int, newWorker func() func(s int32)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			f := newWorker()
			for s := w; s < n; s += workers {
				f(int32(s))
			}
		}(w)
	}
	wg.Wait()
}

// sssp is one worker's scratch state for single-source shortest paths.
type sssp struct {
	dist  []int32   // BFS level, -1 if unseen
	queue []int32   // BFS queue, or Dijkstra settle order
	wdist []float64 // Dijkstra distance, +Inf if unseen
	heap  *distHeap
}

func newSSSP(n int, weighted bool) *sssp {
	st := &sssp{queue: make([]int32, n)}
	if weighted {
		st.wdist = make([]float64, n)
		for i := range st.wdist {
			st.wdist[i] = math.Inf(1)
		}
		st.heap = newDistHeap(n)
		return st
	}
	st.dist = make([]int32, n)
	for i := range st.dist {
		st.dist[i] = -1
	}
	return st
}

// bfs returns the number of nodes reachable from s (s included), the sum of
// their distances and the sum of their inverse distances (s excluded).
func (st *sssp) bfs(g *Graph, s int32) (reach int, far, harm float64) {
	off, adj := g.offsets, g.targets
	dist, queue := st.dist, st.queue
	dist[s] = 0
	queue[0] = s
	seen := 1
	var sum int64
	for head := 0; head < seen; head++ {
		v := queue[head]
		dn := dist[v] + 1
		inv := 1 / float64(dn)
		for _, w := range adj[off[v]:off[v+1]] {
			if dist[w] < 0 {
				dist[w] = dn
				queue[seen] = w
				seen++
				sum += int64(dn)
				harm += inv
			}
		}
	}
	for _, v := range queue[:seen] {
		dist[v] = -1
	}
	return seen, float64(sum), harm
}

// dijkstra is bfs with edge weights as lengths.
func (st *sssp) dijkstra(g *Graph, s int32) (reach int, far, harm float64) {
	off, adj, wt := g.offsets, g.targets, g.weights
	dist, order, h := st.wdist, st.queue, st.heap
	dist[s] = 0
	h.update(s, 0)
	seen := 0
	for h.len() > 0 {
		v := h.pop()
		order[seen] = v
		seen++
		dv := dist[v]
		far += dv
		if dv > 0 {
			harm += 1 / dv
		}
		for p := off[v]; p < off[v+1]; p++ {
			w := adj[p]
			if nd := dv + wt[p]; nd < dist[w] {
				dist[w] = nd
				h.update(w, nd)
			}
		}
	}
	inf := math.Inf(1)
	for _, v := range order[:seen] {
		dist[v] = inf
	}
	return seen, far, harm
}
