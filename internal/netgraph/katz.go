package netgraph

import (
	"fmt"
	"math"
)

// Katz returns the Katz centrality of every node of g by power iteration,
// treating each undirected edge {u,v} as the two arcs u→v and v→u:
//
//	x ← α A x + β 1,  starting from x = 0,
//
// so that after t iterations x = β Σ_{k<t} α^k A^k 1, the number of walks
// ending at each node, a walk of length k discounted by α^k (L. Katz (1953)
// "A new status index derived from sociometric analysis", Psychometrika
// 18(1):39-43). A is the adjacency matrix: A_uv = w_uv, the edge weight, when
// weighted is true, else 1 for every edge. The result has length N and is
// scaled to unit Euclidean norm (Σ_v x_v² = 1; an all-zero vector, from
// β = 0, is left as it is), exactly as networkx katz_centrality(G, alpha,
// beta, max_iter, tol, normalized=True, weight) computes it.
//
// Convergence: the series, and so the iteration, converges if and only if
// |α| < 1/λmax, λmax being the largest eigenvalue (spectral radius) of A; the
// error then shrinks by a factor |α|λmax per iteration. For α ≥ 1/λmax the
// iterates grow without bound. Removing nodes or edges never increases λmax
// (for non-negative weights), so an α that converges on g converges on every
// subgraph of g. Iteration stops when the L1 change Σ_v |x_v − x_v'| < N·tol
// (converged = true) or after maxIter iterations (converged = false, and x is
// the last iterate, normalised when its norm is finite and non-zero; networkx
// raises PowerIterationFailedConvergence instead). networkx defaults are
// α = 0.1, β = 1, tol = 1e-6, maxIter = 1000.
//
// For α ≥ 1/λmax, where the Katz series diverges, [KatzSolve] still returns
// the solution of the linear system, as networkx katz_centrality_numpy does.
//
// Each iteration is O(N+M) time; memory is two N-length arrays. An empty graph
// yields an empty result and converged = true. Katz panics, with a
// "netgraph: " prefix, if alpha or beta is NaN or infinite, tol is negative or
// NaN, or maxIter is negative.
func Katz(g *Graph, alpha, beta, tol float64, maxIter int, weighted bool) (x []float64, converged bool) {
	katzCheck("Katz", alpha, beta)
	if !(tol >= 0) {
		panic(fmt.Sprintf("netgraph: Katz tolerance %v is negative or NaN", tol))
	}
	if maxIter < 0 {
		panic(fmt.Sprintf("netgraph: Katz maxIter %d is negative", maxIter))
	}
	n := g.N()
	x = make([]float64, n)
	if n == 0 {
		return x, true
	}
	off, adj, wt := g.offsets, g.targets, g.weights
	next := make([]float64, n)
	limit := float64(n) * tol
	for it := 0; it < maxIter; it++ {
		var change float64
		for v := 0; v < n; v++ {
			var s float64
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
			nv := alpha*s + beta
			change += math.Abs(nv - x[v])
			next[v] = nv
		}
		x, next = next, x
		if change < limit {
			converged = true
			break
		}
	}
	if norm := euclidean(x); norm > 0 && !math.IsInf(norm, 0) {
		for v := range x {
			x[v] /= norm
		}
	}
	return x, converged
}

// KatzSolve returns the solution x of the linear system
//
//	(I − α A) x = β 1
//
// scaled by 1 / (sign(Σ_v x_v) · ‖x‖₂), as networkx
// katz_centrality_numpy(G, alpha, beta, normalized=True, weight) computes it
// (A as in [Katz]: edge weights when weighted is true, else 1 per edge). For
// |α| < 1/λmax the solution is the Katz centrality of L. Katz (1953),
// Psychometrika 18(1):39-43, equal to [Katz]'s limit; for larger α the Katz
// series diverges and x, which may then have negative entries, is only the
// solution of the system. Cavallaro et al. (2020), PLOS ONE 15(8):e0236476,
// ranked the Montagna networks by this solution with α = 0.1, beyond 1/λmax
// on both weighted layers.
//
// The system is solved by dense Gaussian elimination with partial pivoting
// (LU factorisation, as LAPACK dgesv does), O(N³) time and 8N² bytes of
// memory: meant for graphs of up to a few thousand nodes. ok is false, and x
// nil, if a pivot is exactly zero (α is the reciprocal of an eigenvalue of A
// and the system is singular). An empty graph yields an empty result and
// ok = true. KatzSolve panics, with a "netgraph: " prefix, if alpha or beta
// is NaN or infinite.
func KatzSolve(g *Graph, alpha, beta float64, weighted bool) (x []float64, ok bool) {
	katzCheck("KatzSolve", alpha, beta)
	n := g.N()
	if n == 0 {
		return []float64{}, true
	}
	// m is I − αA in row-major order.
	m := make([]float64, n*n)
	for v := 0; v < n; v++ {
		row := m[v*n : (v+1)*n]
		row[v] = 1
		for p := g.offsets[v]; p < g.offsets[v+1]; p++ {
			w := 1.0
			if weighted {
				w = g.weights[p]
			}
			row[g.targets[p]] -= alpha * w
		}
	}
	x = make([]float64, n)
	for v := range x {
		x[v] = beta
	}
	if !solveDense(m, x, n) {
		return nil, false
	}
	var sum float64
	for _, xv := range x {
		sum += xv
	}
	norm := euclidean(x)
	if sum < 0 {
		norm = -norm
	}
	if norm != 0 && !math.IsInf(norm, 0) && !math.IsNaN(norm) {
		for v := range x {
			x[v] /= norm
		}
	}
	return x, true
}

func katzCheck(name string, alpha, beta float64) {
	if math.IsNaN(alpha) || math.IsInf(alpha, 0) {
		panic(fmt.Sprintf("netgraph: %s alpha %v is not finite", name, alpha))
	}
	if math.IsNaN(beta) || math.IsInf(beta, 0) {
		panic(fmt.Sprintf("netgraph: %s beta %v is not finite", name, beta))
	}
}

// euclidean returns ‖x‖₂.
func euclidean(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s)
}

// solveDense overwrites b with the solution of m x = b, m an n×n row-major
// matrix (overwritten by its LU factors), by Gaussian elimination with
// partial pivoting (the largest |pivot| in the column, first row on ties). It
// reports false if a pivot is zero. O(n³).
func solveDense(m, b []float64, n int) bool {
	for k := 0; k < n; k++ {
		p, best := k, math.Abs(m[k*n+k])
		for i := k + 1; i < n; i++ {
			if a := math.Abs(m[i*n+k]); a > best {
				p, best = i, a
			}
		}
		if best == 0 {
			return false
		}
		if p != k {
			rk, rp := m[k*n:(k+1)*n], m[p*n:(p+1)*n]
			for j := range rk {
				rk[j], rp[j] = rp[j], rk[j]
			}
			b[k], b[p] = b[p], b[k]
		}
		rk := m[k*n : (k+1)*n]
		piv := rk[k]
		for i := k + 1; i < n; i++ {
			ri := m[i*n : (i+1)*n]
			f := ri[k] / piv
			if f == 0 {
				continue
			}
			ri[k] = 0
			for j := k + 1; j < n; j++ {
				ri[j] -= f * rk[j]
			}
			b[i] -= f * b[k]
		}
	}
	for k := n - 1; k >= 0; k-- {
		rk := m[k*n : (k+1)*n]
		s := b[k]
		for j := k + 1; j < n; j++ {
			s -= rk[j] * b[j]
		}
		b[k] = s / rk[k]
	}
	return true
}
