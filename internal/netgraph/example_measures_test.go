package netgraph_test

import (
	"fmt"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

// ExampleDistanceGraph ranks brokers by shortest paths over call counts:
// counts measure tie strength, so they are turned into lengths 1/w first.
func ExampleDistanceGraph() {
	// Two cells joined through 2 and 3; 2 and 4 also speak, but rarely.
	calls := netgraph.NewUndirected(6, []netgraph.Edge{
		{U: 0, V: 1, W: 9}, {U: 1, V: 2, W: 6}, {U: 0, V: 2, W: 7},
		{U: 2, V: 3, W: 8}, {U: 3, V: 4, W: 5}, {U: 4, V: 5, W: 9}, {U: 3, V: 5, W: 4},
		{U: 2, V: 4, W: 1},
	})
	d := netgraph.DistanceGraph(calls)
	bc := netgraph.NormaliseBetweenness(d, netgraph.BetweennessWeighted(d, 0))
	fmt.Printf("weighted betweenness %.2f\n", bc)
	fmt.Printf("hop betweenness      %.2f\n", netgraph.NormaliseBetweenness(calls, netgraph.Betweenness(calls, 0)))
	fmt.Printf("closeness            %.2f\n", netgraph.ClosenessWeighted(d, 0))
	fmt.Println("core numbers        ", netgraph.CoreNumber(calls))
	// Output:
	// weighted betweenness [0.00 0.00 0.60 0.60 0.00 0.00]
	// hop betweenness      [0.00 0.00 0.60 0.15 0.15 0.00]
	// closeness            [3.32 3.12 4.41 4.41 3.13 2.78]
	// core numbers         [2 2 2 2 2 2]
}

// ExampleNewDirected scores who is called, not who calls.
func ExampleNewDirected() {
	// 1, 2 and 3 call 0; 0 calls 4; 4 calls nobody back.
	d := netgraph.NewDirected(5, []netgraph.Arc{
		{From: 1, To: 0, W: 3}, {From: 2, To: 0, W: 1}, {From: 3, To: 0, W: 2},
		{From: 0, To: 4, W: 5}, {From: 1, To: 0, W: 1}, // 1→0 twice: 4 calls
	})
	fmt.Println("in-degree of 0:", d.InDegree(0), "in-strength:", d.InStrength(0), "out-degree:", d.OutDegree(0))
	fmt.Printf("pagerank %.3f\n", netgraph.PageRankDirected(d, 0.85, 1e-10, 100, true))
	// Output:
	// in-degree of 0: 3 in-strength: 7 out-degree: 1
	// pagerank [0.336 0.095 0.095 0.095 0.380]
}

// ExampleSampledBetweenness estimates betweenness within ε = 0.05 (with
// probability 0.9) from a few hundred shortest paths; the result depends on
// the seed only, not on the number of workers.
func ExampleSampledBetweenness() {
	var edges []netgraph.Edge
	for v := 1; v < 30; v++ {
		edges = append(edges, netgraph.Edge{U: (v - 1) / 3, V: v, W: 1}) // a ternary tree
	}
	g := netgraph.NewUndirected(30, edges)
	est, r := netgraph.SampledBetweenness(g, 0.05, 0.1, 42, 0)
	exact := netgraph.Betweenness(g, 0)
	netgraph.NormaliseBetweenness(g, est)
	netgraph.NormaliseBetweenness(g, exact)
	fmt.Printf("%d paths; root %.3f (exact %.3f), node 1 %.3f (exact %.3f)\n", r, est[0], exact[0], est[1], exact[1])
	// Output:
	// 1218 paths; root 0.621 (exact 0.631), node 1 0.630 (exact 0.621)
}
