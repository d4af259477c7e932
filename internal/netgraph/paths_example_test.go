package netgraph_test

import (
	"fmt"
	"math"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

// How are suspects 0 and 4 connected? Weights count intercepted calls, so
// they are turned into distances (1/calls) before the weighted search: the
// route through the frequent callers wins over the shorter but thin one.
func ExampleShortestPath() {
	calls := netgraph.NewUndirected(6, []netgraph.Edge{
		{U: 0, V: 1, W: 12}, {U: 1, V: 2, W: 9}, {U: 2, V: 4, W: 10},
		{U: 0, V: 3, W: 1}, {U: 3, V: 4, W: 1},
		{U: 4, V: 5, W: 2},
	})
	hops, _ := netgraph.ShortestPath(calls, 0, 4, false)
	fmt.Println("fewest hops:", hops.Nodes)
	dist := netgraph.Reweight(calls, netgraph.Inverse)
	strong, _ := netgraph.ShortestPath(dist, 0, 4, true)
	fmt.Printf("strongest ties: %v (length %.3f)\n", strong.Nodes, strong.Length)
	for _, p := range netgraph.KShortestPaths(calls, 0, 5, 3, false) {
		fmt.Println("route to 5:", p.Nodes, p.Length)
	}
	// Output:
	// fewest hops: [0 3 4]
	// strongest ties: [0 1 2 4] (length 0.294)
	// route to 5: [0 3 4 5] 3
	// route to 5: [0 1 2 4 5] 4
}

// Show how three people are connected: every shortest path among them, or
// a small tree.
func ExampleConnectingSubgraph() {
	g := netgraph.NewUndirected(7, []netgraph.Edge{
		{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 0, V: 3, W: 1}, {U: 3, V: 2, W: 1},
		{U: 2, V: 4, W: 1}, {U: 4, V: 5, W: 1}, {U: 5, V: 6, W: 1},
	})
	all, _ := netgraph.ConnectingSubgraph(g, []int{0, 2, 5}, false)
	fmt.Println("all shortest paths:", all.Nodes, len(all.Edges), "edges")
	tree, _ := netgraph.SteinerTree(g, []int{0, 2, 5}, false)
	fmt.Println("Steiner tree:", tree.Nodes, len(tree.Edges), "edges")
	// Output:
	// all shortest paths: [0 1 2 3 4 5] 6 edges
	// Steiner tree: [0 1 2 4 5] 4 edges
}

// A chain of calls: did word from 0 reach 3, with each call after the one
// before and at most an hour between them? Times are Unix seconds.
func ExampleEarliestJourney() {
	const h = 3600
	t0 := int64(1_700_000_000)
	calls := netgraph.NewTemporal(4, []netgraph.TemporalEdge{
		{U: 0, V: 1, Time: t0, W: 1},
		{U: 1, V: 2, Time: t0 + 2*h, W: 1}, // two hours later
		{U: 1, V: 3, Time: t0 + h/2, W: 1},
		{U: 3, V: 2, Time: t0 + h, W: 1},
	}, true)
	j, ok := netgraph.EarliestJourney(calls, 0, 2, math.MinInt64, math.MaxInt64, h)
	fmt.Println(ok, j.Nodes(), (j.Arrival-t0)/60, "minutes")
	week := calls.Window(t0, t0+7*24*h)
	fmt.Println("static graph:", week.N(), "nodes", week.M(), "edges")
	// Output:
	// true [0 1 3 2] 60 minutes
	// static graph: 4 nodes 4 edges
}
