package netgraph_test

import (
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

// Benchmarks run on the preferential-attachment graphs of bench_test.go
// (100k nodes, 1M edges; 10k nodes, 50k edges), unweighted and with
// distances drawn uniformly from [0.5, 5). Each iteration is one query;
// queries cycle through fixed random node pairs.

var (
	weightedOnce sync.Once
	weighted100k *netgraph.Graph
)

func benchWeighted() *netgraph.Graph {
	weightedOnce.Do(func() {
		rng := rand.New(rand.NewPCG(1, 2))
		weighted100k = netgraph.Reweight(bench100k.graph(), func(float64) float64 { return 0.5 + 4.5*rng.Float64() })
	})
	return weighted100k
}

type benchCase struct {
	name     string
	g        func() *netgraph.Graph
	weighted bool
}

var pathBenchCases = []benchCase{
	{"n=100k_m=1M/unweighted", bench100k.graph, false},
	{"n=100k_m=1M/weighted", benchWeighted, true},
}

func benchPairs(n int) [][2]int { return pairs(42, n, 64) }

func BenchmarkShortestPath(b *testing.B) {
	for _, bc := range pathBenchCases {
		g := bc.g()
		ps := benchPairs(g.N())
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				p := ps[i%len(ps)]
				netgraph.ShortestPath(g, p[0], p[1], bc.weighted)
				i++
			}
		})
	}
}

func BenchmarkAllShortestPaths(b *testing.B) {
	for _, bc := range pathBenchCases {
		g := bc.g()
		ps := benchPairs(g.N())
		b.Run(bc.name+"/limit=100", func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			var paths float64
			for b.Loop() {
				p := ps[i%len(ps)]
				got, _ := netgraph.AllShortestPaths(g, p[0], p[1], bc.weighted, 100)
				paths += float64(len(got))
				i++
			}
			b.ReportMetric(paths/float64(i), "paths/op")
		})
	}
}

func BenchmarkKShortestPaths(b *testing.B) {
	for _, bc := range pathBenchCases {
		g := bc.g()
		ps := benchPairs(g.N())
		b.Run(bc.name+"/k=10", func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				p := ps[i%len(ps)]
				netgraph.KShortestPaths(g, p[0], p[1], 10, bc.weighted)
				i++
			}
		})
	}
}

func BenchmarkSimplePaths(b *testing.B) {
	g := bench100k.graph()
	ps := benchPairs(g.N())
	b.Run("n=100k_m=1M/maxHops=3/limit=1000", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		var paths float64
		for b.Loop() {
			p := ps[i%len(ps)]
			got, _ := netgraph.SimplePaths(g, p[0], p[1], 3, 1000)
			paths += float64(len(got))
			i++
		}
		b.ReportMetric(paths/float64(i), "paths/op")
	})
}

func BenchmarkNeighbourhood(b *testing.B) {
	g := bench100k.graph()
	ps := benchPairs(g.N())
	even := func(v int) bool { return v%2 == 0 }
	for _, tc := range []struct {
		name string
		keep func(int) bool
	}{{"n=100k_m=1M/hops=2", nil}, {"n=100k_m=1M/hops=2/even", even}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			var size float64
			for b.Loop() {
				nodes, _ := netgraph.Neighbourhood(g, []int{ps[i%len(ps)][0]}, 2, tc.keep)
				size += float64(len(nodes))
				i++
			}
			b.ReportMetric(size/float64(i), "nodes/op")
		})
	}
}

func BenchmarkConnectingSubgraph(b *testing.B) {
	for _, bc := range pathBenchCases {
		g := bc.g()
		ps := benchPairs(g.N())
		terms := []int{ps[0][0], ps[0][1], ps[1][0], ps[1][1], ps[2][0]}
		b.Run(bc.name+"/terminals=5", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				netgraph.ConnectingSubgraph(g, terms, bc.weighted)
			}
		})
	}
}

func BenchmarkSteinerTree(b *testing.B) {
	for _, bc := range pathBenchCases {
		g := bc.g()
		ps := benchPairs(g.N())
		terms := []int{ps[0][0], ps[0][1], ps[1][0], ps[1][1], ps[2][0]}
		b.Run(bc.name+"/terminals=5", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				netgraph.SteinerTree(g, terms, bc.weighted)
			}
		})
	}
}

// benchTemporal is 1M contacts on 100k nodes over 30 days of Unix seconds:
// the pairs of the 100k benchmark graph's edges, each at a random time.
var benchTemporal = sync.OnceValue(func() *netgraph.Temporal {
	rng := rand.New(rand.NewPCG(3, 4))
	g := bench100k.graph()
	var edges []netgraph.TemporalEdge
	const start, span = 1_700_000_000, 30 * 24 * 3600
	for _, e := range g.Edges() {
		edges = append(edges, netgraph.TemporalEdge{U: e.U, V: e.V, Time: start + rng.Int64N(span), W: 1})
	}
	return netgraph.NewTemporal(g.N(), edges, true)
})

func BenchmarkNewTemporal(b *testing.B) {
	tg := benchTemporal()
	sorted := tg.Edges(math.MinInt64, math.MaxInt64)
	shuffled := append([]netgraph.TemporalEdge(nil), sorted...)
	rand.New(rand.NewPCG(5, 6)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	for _, tc := range []struct {
		name  string
		edges []netgraph.TemporalEdge
	}{{"m=1M/sorted", sorted}, {"m=1M/shuffled", shuffled}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				netgraph.NewTemporal(tg.N(), tc.edges, true)
			}
		})
	}
}

func BenchmarkTemporalWindow(b *testing.B) {
	tg := benchTemporal()
	b.Run("m=1M/3_days", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tg.Window(1_700_000_000+86400*10, 1_700_000_000+86400*13)
		}
	})
}

func BenchmarkEarliestArrivals(b *testing.B) {
	tg := benchTemporal()
	ps := benchPairs(tg.N())
	for _, tc := range []struct {
		name    string
		maxWait int64
	}{{"m=1M/all_nodes", 0}, {"m=1M/all_nodes/maxWait=1day", 86400}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				netgraph.EarliestArrivals(tg, ps[i%len(ps)][0], math.MinInt64, math.MaxInt64, tc.maxWait)
				i++
			}
		})
	}
	b.Run("m=1M/one_target", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			p := ps[i%len(ps)]
			netgraph.EarliestJourney(tg, p[0], p[1], math.MinInt64, math.MaxInt64, 0)
			i++
		}
	})
}
