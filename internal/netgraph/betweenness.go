package netgraph

import (
	"fmt"
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
// source followed by dependency accumulation in reverse BFS order, here
// pulling from successor lists recorded during the search. O(NM) time; O(N+M) memory per worker besides
// the graph (six N-length arrays and one 2M-length int32 array holding the
// shortest-path DAG of the current source).
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
			st := newBrandes(g)
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
// (they are all 0). It returns bc. O(N). It panics, with a "netgraph: "
// prefix, if len(bc) != g.N().
func NormaliseBetweenness(g *Graph, bc []float64) []float64 {
	n := g.N()
	if len(bc) != n {
		panic(fmt.Sprintf("netgraph: betweenness has length %d, want %d", len(bc), n))
	}
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
	coef  []float64 // (1 + δ_s(w)) / σ_sw, filled in reverse BFS order
	order []int32   // nodes in BFS order
	dag   []int32   // shortest-path DAG children, grouped by parent in BFS order
	end   []int32   // end[i]: end in dag of the children of order[i]
	bc    []float64 // accumulated dependencies
}

func newBrandes(g *Graph) *brandes {
	n := g.N()
	st := &brandes{
		dist:  make([]int32, n),
		sigma: make([]float64, n),
		coef:  make([]float64, n),
		order: make([]int32, n),
		dag:   make([]int32, len(g.targets)),
		end:   make([]int32, n),
		bc:    make([]float64, n),
	}
	for i := range st.dist {
		st.dist[i] = -1
	}
	return st
}

// source adds the dependencies δ_s(v) of source s to st.bc and leaves dist
// clean (-1) for the next source. O(size of s's component).
//
// The forward BFS records each shortest-path DAG arc v→w (dist w = dist v +
// 1) under v, so the backward sweep reads children sequentially instead of
// rescanning adjacency rows, and pulls rather than scatters:
//
//	δ_s(v) = σ_sv Σ_{w child of v} (1 + δ_s(w)) / σ_sw.
func (st *brandes) source(g *Graph, s int32) {
	off, adj := g.offsets, g.targets
	dist, sigma, coef, order, dag, end := st.dist, st.sigma, st.coef, st.order, st.dag, st.end
	order[0] = s
	dist[s] = 0
	sigma[s] = 1
	seen, nd := 1, int32(0)
	for head := 0; head < seen; head++ {
		v := order[head]
		dn := dist[v] + 1
		sv := sigma[v]
		for _, w := range adj[off[v]:off[v+1]] {
			dw := dist[w]
			if dw < 0 {
				dist[w] = dn
				sigma[w] = sv
				order[seen] = w
				seen++
				dag[nd] = w
				nd++
			} else if dw == dn {
				sigma[w] += sv
				dag[nd] = w
				nd++
			}
		}
		end[head] = nd
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
	for _, v := range order[:seen] {
		dist[v] = -1
	}
}
