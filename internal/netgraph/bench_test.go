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

type benchGraph struct {
	name string
	n, k int
	once sync.Once
	g    *netgraph.Graph
}

func (b *benchGraph) graph() *netgraph.Graph {
	b.once.Do(func() { b.g = netgraph.NewUndirected(b.n, prefAttach(uint64(b.n), b.n, b.k)) })
	return b.g
}

var (
	bench10k  = &benchGraph{name: "n=10k_m=50k", n: 10_000, k: 5}
	bench100k = &benchGraph{name: "n=100k_m=1M", n: 100_000, k: 10}
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
	for _, bg := range []*benchGraph{bench10k, bench100k} {
		g := bg.graph()
		b.Run(bg.name, func(b *testing.B) {
			var q float64
			for b.Loop() {
				_, q = netgraph.Louvain(g, 1, 1)
			}
			b.ReportMetric(q, "Q")
		})
	}
}
