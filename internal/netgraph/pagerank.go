package netgraph

import (
	"fmt"
	"math"
)

// PageRank returns the PageRank of every node of g, treating each undirected
// edge {u,v} as the two arcs u→v and v→u. The result has length N, entries
// positive and summing to 1 (up to rounding).
//
// It is the power iteration of S. Brin and L. Page (1998) "The anatomy of a
// large-scale hypertextual Web search engine", Computer Networks and ISDN
// Systems 30:107-117, in the form used by networkx pagerank:
//
//	x_v ← d Σ_{u~v} x_u w_uv / s_u + d D / N + (1 − d) / N
//
// starting from x = 1/N, where d is the damping factor (0.85 is customary),
// s_u is u's strength (weighted=true, edge weights) or degree (weighted=false,
// every edge weight 1), and D = Σ x_u over dangling nodes (s_u = 0: isolated
// nodes, or nodes whose edges all weigh 0), whose mass is spread uniformly.
// Iteration stops when the L1 change Σ_v |x_v − x_v'| < N·tol or after
// maxIter iterations, whichever is first (networkx raises an error in the
// second case; this function returns the last iterate). networkx defaults are
// tol = 1e-6, maxIter = 100.
//
// Each iteration is O(N+M) time; memory is three N-length arrays. An empty
// graph yields an empty result. PageRank panics, with a "netgraph: " prefix,
// if damping is outside [0, 1] or tol is negative or NaN.
func PageRank(g *Graph, damping, tol float64, maxIter int, weighted bool) []float64 {
	if !(damping >= 0 && damping <= 1) {
		panic(fmt.Sprintf("netgraph: PageRank damping %v outside [0, 1]", damping))
	}
	if !(tol >= 0) {
		panic(fmt.Sprintf("netgraph: PageRank tolerance %v is negative or NaN", tol))
	}
	n := g.N()
	x := make([]float64, n)
	if n == 0 {
		return x
	}
	off, adj, wt := g.offsets, g.targets, g.weights
	// inv[u] = 1/s_u, or 0 for dangling nodes.
	inv := make([]float64, n)
	for u := 0; u < n; u++ {
		s := g.strength[u]
		if !weighted {
			s = float64(off[u+1] - off[u])
		}
		if s > 0 {
			inv[u] = 1 / s
		}
	}
	fn := float64(n)
	for v := range x {
		x[v] = 1 / fn
	}
	y := make([]float64, n) // x_u / s_u
	next := make([]float64, n)
	for it := 0; it < maxIter; it++ {
		var dangling float64
		for u, xu := range x {
			if inv[u] == 0 {
				dangling += xu
			}
			y[u] = xu * inv[u]
		}
		base := (1-damping)/fn + damping*dangling/fn
		var change float64
		for v := 0; v < n; v++ {
			var s float64
			a, b := off[v], off[v+1]
			if weighted {
				for p := a; p < b; p++ {
					s += y[adj[p]] * wt[p]
				}
			} else {
				for _, u := range adj[a:b] {
					s += y[u]
				}
			}
			nv := base + damping*s
			change += math.Abs(nv - x[v])
			next[v] = nv
		}
		x, next = next, x
		if change < fn*tol {
			break
		}
	}
	return x
}
