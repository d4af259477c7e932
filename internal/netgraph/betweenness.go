package netgraph

import (
	"runtime"
	"sync"
)

// Betweenness returns the exact shortest-path betweenness centrality of every
// node of g, ignoring edge weights (each edge has length 1):
//
//	C_B(v) = Σ_{s<t, s≠v≠t} σ_st(v) / σ_st
//
// where σ_st is the number of shortest s–t paths and σ_st(v) the number of
// those through v. Each unordered pair {s,t} is counted once, so the result
// equals networkx betweenness_centrality(G, normalized=False) on an undirected
// graph and is exactly half of gonum network.Betweenness (which counts ordered
// pairs). Pairs in different components contribute nothing. The result has
// length N; use [NormaliseBetweenness] for values in [0, 1].
//
// The algorithm is U. Brandes (2001) "A faster algorithm for betweenness
// centrality", J. Math. Sociol. 25(2):163-177: one breadth-first search per
// source followed by dependency accumulation in reverse BFS order. Predecessor
// lists are not stored; predecessors of w are found as the neighbours one
// level closer to the source. O(NM) time; O(N) memory per worker besides the
// graph (five N-length arrays).
//
// Sources are dealt to workers goroutines in a fixed stride (worker i takes
// sources i, i+workers, ...); workers <= 0 means runtime.GOMAXPROCS(0). Each
// worker sums into its own array and the arrays are added in worker order, so
// the result is bitwise reproducible for a given workers value (different
// worker counts differ only by floating-point rounding).
func Betweenness(g *Graph, workers int) []float64 {
	n := g.N()
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers > n {
		workers = n
	}
	bc := make([]float64, n)
	if n == 0 {
		return bc
	}
	partial := make([][]float64, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			st := newBrandes(n)
			for s := w; s < n; s += workers {
				if g.offsets[s] == g.offsets[s+1] {
					continue // isolated source: no paths
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
	// Every unordered pair was seen from both ends.
	for v := range bc {
		bc[v] /= 2
	}
	return bc
}

// NormaliseBetweenness scales raw betweenness bc (from [Betweenness] on g)
// in place by 2/((n-1)(n-2)), n = g.N(), the number of unordered pairs not
// involving v, giving values in [0, 1] equal to networkx
// betweenness_centrality(G, normalized=True) for undirected graphs (Freeman
// 1977, Sociometry 40(1):35-41). For n <= 2 the values are left unchanged
// (they are all 0). It returns bc. O(N).
func NormaliseBetweenness(g *Graph, bc []float64) []float64 {
	n := g.N()
	if n <= 2 {
		return bc
	}
	f := 2 / (float64(n-1) * float64(n-2))
	for v := range bc {
		bc[v] *= f
	}
	return bc
}

// brandes is one worker's scratch state for single-source Brandes passes.
type brandes struct {
	dist  []int32   // BFS level from the source, -1 if unseen
	sigma []float64 // number of shortest paths from the source
	delta []float64 // dependency of the source on each node
	order []int32   // nodes in BFS order (queue, then stack)
	bc    []float64 // accumulated dependencies
}

func newBrandes(n int) *brandes {
	st := &brandes{
		dist:  make([]int32, n),
		sigma: make([]float64, n),
		delta: make([]float64, n),
		order: make([]int32, 0, n),
		bc:    make([]float64, n),
	}
	for i := range st.dist {
		st.dist[i] = -1
	}
	return st
}

// source adds the dependencies of source s to st.bc and leaves the scratch
// arrays clean. O(size of s's component).
func (st *brandes) source(g *Graph, s int32) {
	off, adj := g.offsets, g.targets
	dist, sigma, delta := st.dist, st.sigma, st.delta
	order := append(st.order[:0], s)
	dist[s] = 0
	sigma[s] = 1
	for head := 0; head < len(order); head++ {
		v := order[head]
		dn := dist[v] + 1
		sv := sigma[v]
		for _, w := range adj[off[v]:off[v+1]] {
			dw := dist[w]
			if dw < 0 {
				dist[w] = dn
				order = append(order, w)
				sigma[w] = sv
			} else if dw == dn {
				sigma[w] += sv
			}
		}
	}
	bc := st.bc
	for i := len(order) - 1; i > 0; i-- {
		w := order[i]
		c := (1 + delta[w]) / sigma[w]
		dp := dist[w] - 1
		for _, v := range adj[off[w]:off[w+1]] {
			if dist[v] == dp {
				delta[v] += sigma[v] * c
			}
		}
		bc[w] += delta[w]
	}
	for _, v := range order {
		dist[v] = -1
		sigma[v] = 0
		delta[v] = 0
	}
	st.order = order
}
