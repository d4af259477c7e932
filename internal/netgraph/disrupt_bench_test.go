package netgraph_test

import (
	"fmt"
	"testing"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

var bench2k = &benchGraph{name: "n=2k_m=10k", n: 2_000, k: 5}

func BenchmarkKatz(b *testing.B) {
	for _, bg := range []*benchGraph{bench10k, bench100k} {
		g := bg.graph()
		b.Run(bg.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := netgraph.Katz(g, 0.01, 1, 1e-6, 1000, false); !ok {
					b.Fatal("Katz did not converge")
				}
			}
		})
	}
}

func BenchmarkKatzSolve(b *testing.B) {
	g := randomGraph(1, 500, 2500, false)
	b.Run("n=500_m=2.5k", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			netgraph.KatzSolve(g, 0.01, 1, false)
		}
	})
}

func BenchmarkCollectiveInfluence(b *testing.B) {
	for _, tc := range []struct {
		bg *benchGraph
		l  int
	}{{bench10k, 1}, {bench100k, 1}, {bench10k, 2}, {bench10k, 3}} {
		g := tc.bg.graph()
		b.Run(fmt.Sprintf("%s/l=%d", tc.bg.name, tc.l), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				netgraph.CollectiveInfluence(g, tc.l, false)
			}
		})
	}
}

func BenchmarkGlobalEfficiency(b *testing.B) {
	g := bench2k.graph()
	for _, workers := range []int{1, 0} {
		b.Run(fmt.Sprintf("%s/workers=%d", bench2k.name, workers), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				netgraph.GlobalEfficiency(g, workers)
			}
		})
	}
}

func BenchmarkDisrupt(b *testing.B) {
	for _, tc := range []struct {
		name  string
		bg    *benchGraph
		score netgraph.Score
		opts  netgraph.DisruptOptions
	}{
		{"degree/sequential/100", bench10k, netgraph.DegreeScore(false), netgraph.DisruptOptions{Removals: 100, SkipEfficiency: true}},
		{"degree/sequential/100", bench100k, netgraph.DegreeScore(false), netgraph.DisruptOptions{Removals: 100, SkipEfficiency: true}},
		{"ci1/block10/1000", bench100k, netgraph.CollectiveInfluenceScore(1, false), netgraph.DisruptOptions{Block: 10, Removals: 1000, SkipEfficiency: true}},
		{"betweenness/block10/50", bench2k, netgraph.BetweennessScore(false, 0), netgraph.DisruptOptions{Block: 10, Removals: 50, SkipEfficiency: true}},
		{"degree/sequential/10+efficiency", bench2k, netgraph.DegreeScore(false), netgraph.DisruptOptions{Removals: 10}},
	} {
		g := tc.bg.graph()
		b.Run(tc.bg.name+"/"+tc.name, func(b *testing.B) {
			b.ReportAllocs()
			var lcc float64
			for b.Loop() {
				steps := netgraph.Disrupt(g, tc.score, tc.opts)
				lcc = steps[len(steps)-1].LCCFraction
			}
			b.ReportMetric(lcc, "LCC/LCC0")
		})
	}
}

func BenchmarkKeyPlayers(b *testing.B) {
	// Sparse random graphs (mean degree 2.4): full of cut vertices, unlike
	// the preferential-attachment graphs, where removing ten nodes leaves
	// F = 0 for every choice.
	for _, n := range []int{10_000, 100_000} {
		g := randomGraph(uint64(n), n, n*6/5, false)
		for _, k := range []int{5, 20} {
			b.Run(fmt.Sprintf("n=%dk_m=%dk/F/k=%d", n/1000, n*6/5000, k), func(b *testing.B) {
				b.ReportAllocs()
				var r netgraph.KeyPlayerResult
				for b.Loop() {
					r = netgraph.KeyPlayers(g, k, netgraph.KeyPlayerOptions{})
				}
				b.ReportMetric(r.Fragmentation, "F")
				b.ReportMetric(float64(r.Swaps), "swaps")
			})
		}
	}
	g := randomGraph(2, 200, 400, false)
	for _, workers := range []int{1, 0} {
		b.Run(fmt.Sprintf("n=200_m=400/DF/k=3/workers=%d", workers), func(b *testing.B) {
			b.ReportAllocs()
			var r netgraph.KeyPlayerResult
			for b.Loop() {
				r = netgraph.KeyPlayers(g, 3, netgraph.KeyPlayerOptions{Distance: true, Workers: workers})
			}
			b.ReportMetric(r.Fragmentation, "DF")
		})
	}
}
