package netgraph_test

import (
	"fmt"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

// Two cells of three people joined by one broker pair (2–3), plus a
// person with no recorded contact (6). Weights count intercepted calls.
func Example() {
	g := netgraph.NewUndirected(7, []netgraph.Edge{
		{U: 0, V: 1, W: 4}, {U: 1, V: 2, W: 2}, {U: 2, V: 0, W: 1},
		{U: 2, V: 3, W: 1},
		{U: 3, V: 4, W: 3}, {U: 4, V: 5, W: 5}, {U: 5, V: 3, W: 1},
		{U: 1, V: 0, W: 1}, // the same pair seen again: weights add up
	})
	fmt.Println("nodes", g.N(), "edges", g.M(), "weight(0,1)", g.Weights(0)[0])

	labels, sizes := netgraph.Components(g)
	fmt.Println("components", labels, sizes)

	bc := netgraph.NormaliseBetweenness(g, netgraph.Betweenness(g, 0))
	fmt.Printf("betweenness of brokers 2 and 3: %.3f %.3f\n", bc[2], bc[3])

	membership, q := netgraph.Louvain(g, 1, 42)
	fmt.Printf("communities %v Q=%.3f\n", membership, q)

	pr := netgraph.PageRank(g, 0.85, 1e-10, 100, true)
	fmt.Printf("pagerank of 4: %.3f, of isolated 6: %.3f\n", pr[4], pr[6])
	// Output:
	// nodes 7 edges 7 weight(0,1) 5
	// components [0 0 0 0 0 0 1] [6 1]
	// betweenness of brokers 2 and 3: 0.400 0.400
	// communities [0 0 0 1 1 1 2] Q=0.443
	// pagerank of 4: 0.205, of isolated 6: 0.024
}

// ExampleModularity scores a partition at two resolutions: larger γ
// penalises big communities more.
func ExampleModularity() {
	g := netgraph.NewUndirected(6, []netgraph.Edge{
		{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 2, V: 0, W: 1},
		{U: 3, V: 4, W: 1}, {U: 4, V: 5, W: 1}, {U: 5, V: 3, W: 1},
		{U: 2, V: 3, W: 1},
	})
	cells := []int{0, 0, 0, 1, 1, 1}
	fmt.Printf("γ=1: %.4f\n", netgraph.Modularity(g, cells, 1))
	fmt.Printf("γ=2: %.4f\n", netgraph.Modularity(g, cells, 2))
	// Output:
	// γ=1: 0.3571
	// γ=2: -0.1429
}
