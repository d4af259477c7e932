package netgraph_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

// weighted10k is bench10k's graph with lengths uniform in [1, 10), for the
// Dijkstra-based measures.
var weighted10k = sync.OnceValue(func() *netgraph.Graph {
	edges := prefAttach(uint64(bench10k.n), bench10k.n, bench10k.k)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range edges {
		edges[i].W = 1 + 9*rng.Float64()
	}
	return netgraph.NewUndirected(bench10k.n, edges)
})

// benchArcs is a directed version of bench100k: each preferential-attachment
// edge becomes one arc of random direction, plus the reverse arc for one edge
// in four (reciprocated calls), weights 1..5 calls.
var benchArcs = sync.OnceValue(func() []netgraph.Arc {
	edges := prefAttach(uint64(bench100k.n), bench100k.n, bench100k.k)
	rng := rand.New(rand.NewPCG(3, 4))
	arcs := make([]netgraph.Arc, 0, len(edges)*5/4)
	for _, e := range edges {
		a := netgraph.Arc{From: e.U, To: e.V, W: float64(1 + rng.IntN(5))}
		if rng.IntN(2) == 0 {
			a.From, a.To = a.To, a.From
		}
		arcs = append(arcs, a)
		if rng.IntN(4) == 0 {
			arcs = append(arcs, netgraph.Arc{From: a.To, To: a.From, W: float64(1 + rng.IntN(5))})
		}
	}
	return arcs
})

func BenchmarkCloseness(b *testing.B) {
	g := bench10k.graph()
	for _, workers := range []int{1, 0} {
		b.Run(fmt.Sprintf("%s/workers=%d", bench10k.name, workers), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				netgraph.Closeness(g, workers)
			}
		})
	}
}

func BenchmarkHarmonic(b *testing.B) {
	g := bench10k.graph()
	b.Run(bench10k.name, func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			netgraph.Harmonic(g, 0)
		}
	})
}

func BenchmarkClosenessWeighted(b *testing.B) {
	g := weighted10k()
	for _, workers := range []int{1, 0} {
		b.Run(fmt.Sprintf("%s/workers=%d", bench10k.name, workers), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				netgraph.ClosenessWeighted(g, workers)
			}
		})
	}
}

func BenchmarkBetweennessWeighted(b *testing.B) {
	g := weighted10k()
	for _, workers := range []int{1, 0} {
		b.Run(fmt.Sprintf("%s/workers=%d", bench10k.name, workers), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				netgraph.BetweennessWeighted(g, workers)
			}
		})
	}
}

func BenchmarkDistanceGraph(b *testing.B) {
	g := bench100k.graph()
	b.Run(bench100k.name, func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			netgraph.DistanceGraph(g)
		}
	})
}

// BenchmarkSampledBetweenness runs the Riondato–Kornaropoulos estimator
// with ε = 0.01, δ = 0.1 (every normalised value within 0.01 of the exact
// one with probability >= 0.9).
func BenchmarkSampledBetweenness(b *testing.B) {
	for _, bg := range []*benchGraph{bench10k, bench100k} {
		g := bg.graph()
		for _, workers := range []int{1, 0} {
			b.Run(fmt.Sprintf("%s/workers=%d", bg.name, workers), func(b *testing.B) {
				b.ReportAllocs()
				var r int
				for b.Loop() {
					_, r = netgraph.SampledBetweenness(g, 0.01, 0.1, 1, workers)
				}
				b.ReportMetric(float64(r), "samples")
			})
		}
	}
}

func BenchmarkEigenvector(b *testing.B) {
	for _, bg := range []*benchGraph{bench10k, bench100k} {
		g := bg.graph()
		b.Run(bg.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				netgraph.Eigenvector(g, 1e-6, 100, false)
			}
		})
	}
}

func BenchmarkCoreNumber(b *testing.B) {
	for _, bg := range []*benchGraph{bench10k, bench100k} {
		g := bg.graph()
		b.Run(bg.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				netgraph.CoreNumber(g)
			}
		})
	}
}

func BenchmarkNewDirected(b *testing.B) {
	arcs := benchArcs()
	b.Run(fmt.Sprintf("n=100k_arcs=%d", len(arcs)), func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			netgraph.NewDirected(bench100k.n, arcs)
		}
	})
}

func BenchmarkPageRankDirected(b *testing.B) {
	d := netgraph.NewDirected(bench100k.n, benchArcs())
	for _, weighted := range []bool{false, true} {
		b.Run(fmt.Sprintf("n=100k_arcs=%d/weighted=%v", d.M(), weighted), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				netgraph.PageRankDirected(d, 0.85, 1e-6, 100, weighted)
			}
		})
	}
}
