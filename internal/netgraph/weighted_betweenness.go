package netgraph

import (
	"fmt"
	"math"
	"runtime"
	"sync"
)

// BetweennessWeighted returns the exact shortest-path betweenness centrality
// of every node of g with each edge weight read as a length (a distance):
//
//	C_B(v) = Σ_{s<t, s≠v≠t} σ_st(v) / σ_st
//
// where σ_st is the number of shortest (least total length) s–t paths and
// σ_st(v) the number of those through v. Path lengths are compared exactly, as
// networkx does: two paths tie only if their float64 lengths, summed from s
// outwards, are equal. Each unordered pair {s,t} is counted once, so the
// result equals networkx betweenness_centrality(G, weight="weight",
// normalized=False) and half of gonum network.BetweennessWeighted over
// path.DijkstraAllPaths; [NormaliseBetweenness] gives networkx's normalised
// values. The result has length N.
//
// Weights are lengths: a tie strength such as a call or meeting count must be
// inverted by the caller so that strong ties are short, for example with
// [DistanceGraph] (length 1/w, M. E. J. Newman (2001) "Scientific
// collaboration networks. II. Shortest paths, weighted networks, and
// centrality", Phys. Rev. E 64:016132). Passing counts unconverted ranks the
// weakest ties as the shortest routes.
//
// The algorithm is U. Brandes (2001) "A faster algorithm for betweenness
// centrality", J. Math. Sociol. 25(2):163-177, with Dijkstra's algorithm in
// place of breadth-first search (E. W. Dijkstra 1959, Numer. Math.
// 1:269-271, 4-ary heap). O(N(M + N) log N) time; O(N+M) memory per worker
// besides the graph. Sources are dealt to workers goroutines as in
// [Betweenness] (workers <= 0 means runtime.GOMAXPROCS(0)); the result is
// bitwise reproducible for a given workers value.
//
// BetweennessWeighted panics, with a "netgraph: " prefix, if an edge has
// length 0: distinct nodes at distance 0 make the shortest-path counts depend
// on the order of the search (networkx accepts them and gives such
// order-dependent values). [DistanceGraph] drops zero-weight ties.
func BetweennessWeighted(g *Graph, workers int) []float64 {
	for v := 0; v < g.N(); v++ {
		for p := g.offsets[v]; p < g.offsets[v+1]; p++ {
			if g.weights[p] == 0 {
				panic(fmt.Sprintf("netgraph: BetweennessWeighted: edge (%d, %d) has length 0; lengths must be positive", v, g.targets[p]))
			}
		}
	}
	n := g.N()
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	bc := make([]float64, n)
	partial := make([][]float64, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			st := newWeightedBrandes(g)
			for s := w; s < n; s += workers {
				if g.offsets[s] == g.offsets[s+1] {
					continue
				}
				st.source(g, int32(s))
			}
			partial[w] = st.bc
		}(w)
	}
	wg.Wait()
	for _, p := range partial {
		for v, x := range p {
			bc[v] += x
		}
	}
	for v := range bc {
		bc[v] /= 2
	}
	return bc
}

// DistanceGraph returns a graph on the same nodes whose edge lengths are the
// inverses of g's weights, 1/w, the usual conversion of tie strength (calls,
// meetings, shared documents) into distance for shortest-path measures
// (M. E. J. Newman (2001) "Scientific collaboration networks. II. Shortest
// paths, weighted networks, and centrality", Phys. Rev. E 64:016132; T.
// Opsahl, F. Agneessens and J. Skvoretz (2010) "Node centrality in weighted
// networks: generalizing degree and shortest paths", Social Networks
// 32(3):245-251, with α = 1). Edges of weight 0 carry no tie and are dropped,
// so every length is positive (1/w of a finite positive float64 never rounds
// to 0). The result feeds
// [BetweennessWeighted], [ClosenessWeighted] and [HarmonicWeighted]; its
// Strength is Σ 1/w, which has no standard meaning. O(N+M).
func DistanceGraph(g *Graph) *Graph {
	n := g.N()
	off := make([]int32, n+1)
	tgt := make([]int32, 0, len(g.targets))
	wt := make([]float64, 0, len(g.weights))
	for v := 0; v < n; v++ {
		for p := g.offsets[v]; p < g.offsets[v+1]; p++ {
			w := g.weights[p]
			if w == 0 {
				continue
			}
			tgt = append(tgt, g.targets[p])
			wt = append(wt, 1/w)
		}
		off[v+1] = int32(len(tgt))
	}
	return newGraph(off, tgt, wt)
}

// weightedBrandes is one worker's scratch state for single-source weighted
// Brandes passes.
type weightedBrandes struct {
	dist  []float64 // distance from the source, +Inf if unseen
	heap  *distHeap
	sigma []float64 // number of shortest paths from the source
	coef  []float64 // (1 + δ_s(w)) / σ_sw, filled in reverse settle order
	order []int32   // nodes in the order Dijkstra settles them
	dag   []int32   // shortest-path DAG children, grouped by parent in order
	end   []int32   // end[i]: end in dag of the children of order[i]
	bc    []float64 // accumulated dependencies
}

func newWeightedBrandes(g *Graph) *weightedBrandes {
	n := g.N()
	st := &weightedBrandes{
		dist:  make([]float64, n),
		sigma: make([]float64, n),
		coef:  make([]float64, n),
		order: make([]int32, n),
		dag:   make([]int32, len(g.targets)),
		end:   make([]int32, n),
		bc:    make([]float64, n),
	}
	for i := range st.dist {
		st.dist[i] = math.Inf(1)
	}
	st.heap = newDistHeap(n)
	return st
}

// source adds the dependencies δ_s(v) of source s to st.bc and leaves dist at
// +Inf for the next source.
//
// Dijkstra settles the nodes in non-decreasing distance; a second sweep in
// that order records each DAG arc v→w with dist v + length(v,w) == dist w
// (the same exact test as networkx) and accumulates σ, then dependencies are
// pulled in reverse order as in [Betweenness]. With positive lengths every
// DAG parent is settled before its child.
func (st *weightedBrandes) source(g *Graph, s int32) {
	off, adj, wt := g.offsets, g.targets, g.weights
	dist, h, sigma, coef, order, dag, end := st.dist, st.heap, st.sigma, st.coef, st.order, st.dag, st.end
	dist[s] = 0
	h.update(s, 0)
	seen := 0
	for h.len() > 0 {
		v := h.pop()
		order[seen] = v
		seen++
		dv := dist[v]
		for p := off[v]; p < off[v+1]; p++ {
			w := adj[p]
			if nd := dv + wt[p]; nd < dist[w] {
				dist[w] = nd
				h.update(w, nd)
			}
		}
	}
	for _, v := range order[:seen] {
		sigma[v] = 0
	}
	sigma[s] = 1
	nd := int32(0)
	for i, v := range order[:seen] {
		dv, sv := dist[v], sigma[v]
		for p := off[v]; p < off[v+1]; p++ {
			w := adj[p]
			// dw > dv keeps the DAG acyclic even when dv + length
			// rounds to dv (a length below dv's float64 resolution).
			if dw := dist[w]; dv+wt[p] == dw && dw > dv {
				sigma[w] += sv
				dag[nd] = w
				nd++
			}
		}
		end[i] = nd
	}
	bc := st.bc
	for i := seen - 1; i > 0; i-- {
		v := order[i]
		var sum float64
		for _, w := range dag[end[i-1]:end[i]] {
			sum += coef[w]
		}
		sv := sigma[v]
		coef[v] = 1/sv + sum
		bc[v] += sv * sum
	}
	inf := math.Inf(1)
	for _, v := range order[:seen] {
		dist[v] = inf
	}
}
