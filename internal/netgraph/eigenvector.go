package netgraph

import (
	"fmt"
	"math"
)

// Eigenvector returns the eigenvector centrality of every node of g: the
// entries of the principal eigenvector x of the adjacency matrix A,
//
//	λ x_v = Σ_u A_vu x_u,
//
// scaled to unit Euclidean norm (Σ_v x_v² = 1), entries non-negative
// (P. Bonacich (1972) "Factoring and weighting approaches to status scores
// and clique identification", J. Math. Sociol. 2(1):113-120; P. Bonacich
// (1987) "Power and centrality: a family of measures", Am. J. Sociol.
// 92(5):1170-1182). A_vu is the edge weight when weighted is true, else 1 for
// every edge (including zero-weight ones).
//
// It is the power iteration of networkx eigenvector_centrality, step for
// step: x starts at 1/N everywhere (networkx's vector of ones, normalised to
// sum 1), each iteration computes x ← (A + I) x (the shift by I keeps the
// iteration from oscillating on bipartite graphs without changing the
// eigenvectors) and divides by the Euclidean norm, and the iteration stops
// when the L1 change Σ_v |x_v − x_v'| < N·tol. networkx defaults are
// tol = 1e-6, maxIter = 100, and its result is accurate to about tol per
// entry, not to machine precision; use a smaller tol for more digits. The
// values match networkx eigenvector_centrality(G, max_iter=maxIter, tol=tol,
// weight="weight" or None) to rounding, on disconnected graphs too (where
// the eigenvector is not unique and the iteration's limit depends on the
// starting vector: components whose largest eigenvalue is not the overall
// largest decay towards 0, slowly).
//
// converged reports whether the tolerance was met within maxIter
// iterations; networkx raises PowerIterationFailedConvergence when it is
// not, this function returns the last iterate. An empty graph yields an
// empty result and converged = true (networkx raises
// NetworkXPointlessConcept). A graph without edges yields 1/√N everywhere.
//
// Each iteration is O(N+M) time; memory is two N-length arrays. Eigenvector
// panics, with a "netgraph: " prefix, if tol is negative or NaN or maxIter
// is negative.
func Eigenvector(g *Graph, tol float64, maxIter int, weighted bool) (x []float64, converged bool) {
	if !(tol >= 0) {
		panic(fmt.Sprintf("netgraph: Eigenvector tolerance %v is negative or NaN", tol))
	}
	if maxIter < 0 {
		panic(fmt.Sprintf("netgraph: Eigenvector maxIter %d is negative", maxIter))
	}
	n := g.N()
	x = make([]float64, n)
	if n == 0 {
		return x, true
	}
	off, adj, wt := g.offsets, g.targets, g.weights
	fn := float64(n)
	for v := range x {
		x[v] = 1 / fn
	}
	next := make([]float64, n)
	for it := 0; it < maxIter; it++ {
		var big float64 // max entry, to scale the norm against overflow
		for v := 0; v < n; v++ {
			s := x[v]
			a, b := off[v], off[v+1]
			if weighted {
				for p := a; p < b; p++ {
					s += x[adj[p]] * wt[p]
				}
			} else {
				for _, u := range adj[a:b] {
					s += x[u]
				}
			}
			next[v] = s
			big = max(big, s)
		}
		norm := 1.0
		if big > 0 {
			var sq float64
			inv := 1 / big
			for _, s := range next {
				s *= inv
				sq += s * s
			}
			norm = big * math.Sqrt(sq)
		}
		var change float64
		for v, s := range next {
			s /= norm
			change += math.Abs(s - x[v])
			next[v] = s
		}
		x, next = next, x
		if change < fn*tol {
			return x, true
		}
	}
	return x, false
}
