package netgraph_test

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/path"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

// intWeightGraph is a random graph whose merged weights are small integers,
// so that many shortest paths tie exactly in float64.
func intWeightGraph(seed uint64, n, m int) *netgraph.Graph {
	rng := rand.New(rand.NewPCG(seed, 2))
	edges := randomEdges(seed, n, m, false)
	for i := range edges {
		edges[i].W = float64(1 + rng.IntN(3))
	}
	return netgraph.NewUndirected(n, edges)
}

// connectedGraph is randomEdges plus the path 0-1-...-(n-1), so it is
// connected.
func connectedGraph(seed uint64, n, m int, weighted bool) *netgraph.Graph {
	edges := randomEdges(seed, n, m, weighted)
	for v := 1; v < n; v++ {
		w := 1.0
		if weighted {
			w = 0.5 + float64(v%7)
		}
		edges = append(edges, netgraph.Edge{U: v - 1, V: v, W: w})
	}
	return netgraph.NewUndirected(n, edges)
}

// gonumShortest returns gonum's all-pairs shortest paths on g (edge weights
// as lengths when weighted, else unit lengths) and the gonum graph.
func gonumShortest(g *netgraph.Graph, weighted bool) (graph.Undirected, path.AllShortest) {
	gg := toGonumUndirected(g, weighted)
	return gg, path.DijkstraAllPaths(gg)
}

// gonumClosenessWF converts gonum's farness to networkx's closeness with the
// Wasserman–Faust factor: (r−1)/farness · (r−1)/(n−1), r the number of nodes
// at finite distance (the node itself included), 0 if farness is 0.
func gonumClosenessWF(gg graph.Undirected, p path.AllShortest, n int) []float64 {
	far := network.Farness(gg, p)
	out := make([]float64, n)
	for v := 0; v < n; v++ {
		reach := 0
		for u := 0; u < n; u++ {
			if !math.IsInf(p.Weight(int64(u), int64(v)), 0) {
				reach++
			}
		}
		if f := far[int64(v)]; f > 0 && n > 1 {
			r := float64(reach - 1)
			out[v] = r / f * (r / float64(n-1))
		}
	}
	return out
}

// maxAbsDiff returns max_i |a_i − b_i| and its index.
func maxAbsDiff(a, b []float64) (float64, int) {
	worst, at := 0.0, -1
	for i := range a {
		if d := math.Abs(a[i] - b[i]); d > worst || at < 0 {
			worst, at = d, i
		}
	}
	return worst, at
}
