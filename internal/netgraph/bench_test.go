package netgraph_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

// prefAttach returns a seeded Barabási–Albert preferential-attachment edge
// list (Barabási and Albert 1999, Science 286:509): a clique on k+1 nodes,
// then each new node links to k distinct earlier nodes chosen with probability
// proportional to degree. m ≈ n·k.
func prefAttach(seed uint64, n, k int) []netgraph.Edge {
	rng := rand.New(rand.NewPCG(seed, 99))
	edges := make([]netgraph.Edge, 0, n*k)
	ends := make([]int, 0, 2*n*k) // each node once per incident edge
	for u := 0; u <= k; u++ {
		for v := u + 1; v <= k; v++ {
			edges = append(edges, netgraph.Edge{U: u, V: v, W: 1})
			ends = append(ends, u, v)
		}
	}
	chosen := make([]int, 0, k)
	for u := k + 1; u < n; u++ {
		chosen = chosen[:0]
		for len(chosen) < k {
			v := ends[rng.IntN(len(ends))]
			if !slices.Contains(chosen, v) {
				chosen = append(chosen, v)
			}
		}
		for _, v := range chosen {
			edges = append(edges, netgraph.Edge{U: u, V: v, W: 1})
			ends = append(ends, u, v)
		}
	}
	return edges
}

// plantedEdges returns a seeded planted-partition edge list in O(m): n nodes
// in groups of about size consecutive ids (sizes uniform in [size/2,
// 3size/2)), node ids then shuffled; each of the m draws picks u uniformly
// and, with probability 1−mu, v uniformly in u's group, else v uniformly in
// the whole graph (the mixing parameter μ of Lancichinetti, Fortunato and
// Radicchi 2008, Phys. Rev. E 78:046110). Self-loops are redrawn; repeated
// pairs are left for NewUndirected to merge.
func plantedEdges(seed uint64, n, m, size int, mu float64) []netgraph.Edge {
	rng := rand.New(rand.NewPCG(seed, 77))
	start := make([]int, n) // start[v]: first id of v's group
	end := make([]int, n)
	for a := 0; a < n; {
		b := min(n, a+size/2+rng.IntN(size))
		for v := a; v < b; v++ {
			start[v], end[v] = a, b
		}
		a = b
	}
	perm := rng.Perm(n)
	edges := make([]netgraph.Edge, 0, m)
	for len(edges) < m {
		u := rng.IntN(n)
		var v int
		if rng.Float64() < mu || end[u]-start[u] < 2 {
			v = rng.IntN(n)
		} else {
			v = start[u] + rng.IntN(end[u]-start[u])
		}
		if u != v {
			edges = append(edges, netgraph.Edge{U: perm[u], V: perm[v], W: 1})
		}
	}
	return edges
}

type benchGraph struct {
	name string
	n, k int // k: edges per node (preferential attachment) or m/n (planted)
	// planted selects plantedEdges (groups of 50, μ = 0.3) over prefAttach.
	planted bool
	once    sync.Once
	g       *netgraph.Graph
}

func (b *benchGraph) edges() []netgraph.Edge {
	if b.planted {
		return plantedEdges(uint64(b.n), b.n, b.n*b.k, 50, 0.3)
	}
	return prefAttach(uint64(b.n), b.n, b.k)
}

func (b *benchGraph) graph() *netgraph.Graph {
	b.once.Do(func() { b.g = netgraph.NewUndirected(b.n, b.edges()) })
	return b.g
}

var (
	bench10k         = &benchGraph{name: "n=10k_m=50k", n: 10_000, k: 5}
	bench100k        = &benchGraph{name: "n=100k_m=1M", n: 100_000, k: 10}
	benchPlanted10k  = &benchGraph{name: "planted_n=10k_m=50k", n: 10_000, k: 5, planted: true}
	benchPlanted100k = &benchGraph{name: "planted_n=100k_m=1M", n: 100_000, k: 10, planted: true}
	communityGraphs  = []*benchGraph{bench10k, bench100k, benchPlanted10k, benchPlanted100k}
)

func BenchmarkNewUndirected(b *testing.B) {
	for _, bg := range []*benchGraph{bench10k, bench100k} {
		edges := prefAttach(uint64(bg.n), bg.n, bg.k)
		b.Run(bg.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				netgraph.NewUndirected(bg.n, edges)
			}
		})
	}
}

func BenchmarkComponents(b *testing.B) {
	for _, bg := range []*benchGraph{bench10k, bench100k} {
		g := bg.graph()
		b.Run(bg.name, func(b *testing.B) {
			for b.Loop() {
				netgraph.Components(g)
			}
		})
	}
}

func BenchmarkBetweenness(b *testing.B) {
	g := bench10k.graph()
	for _, workers := range []int{1, 0} {
		b.Run(fmt.Sprintf("%s/workers=%d", bench10k.name, workers), func(b *testing.B) {
			for b.Loop() {
				netgraph.Betweenness(g, workers)
			}
		})
	}
}

func BenchmarkPageRank(b *testing.B) {
	for _, bg := range []*benchGraph{bench10k, bench100k} {
		g := bg.graph()
		b.Run(bg.name, func(b *testing.B) {
			for b.Loop() {
				netgraph.PageRank(g, 0.85, 1e-6, 100, false)
			}
		})
	}
}

func BenchmarkLouvain(b *testing.B) {
	for _, bg := range communityGraphs {
		g := bg.graph()
		b.Run(bg.name, func(b *testing.B) {
			b.ReportAllocs()
			var q float64
			for b.Loop() {
				_, q = netgraph.Louvain(g, 1, 1)
			}
			b.ReportMetric(q, "Q")
		})
	}
}

func BenchmarkLeiden(b *testing.B) {
	for _, bg := range communityGraphs {
		g := bg.graph()
		for _, it := range []int{1, 2, -1} {
			b.Run(fmt.Sprintf("%s/iterations=%d", bg.name, it), func(b *testing.B) {
				b.ReportAllocs()
				var q float64
				for b.Loop() {
					_, q = netgraph.Leiden(g, 1, 1, netgraph.LeidenOptions{Iterations: it})
				}
				b.ReportMetric(q, "Q")
			})
		}
	}
}
