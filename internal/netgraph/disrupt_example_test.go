package netgraph_test

import (
	"fmt"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

// Two cells of three joined through one go-between (3). Arresting by
// betweenness, one person at a time, takes the go-between first.
func ExampleDisrupt() {
	g := netgraph.NewUndirected(7, []netgraph.Edge{
		{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 0, V: 2, W: 1},
		{U: 2, V: 3, W: 1}, {U: 3, V: 4, W: 1},
		{U: 4, V: 5, W: 1}, {U: 5, V: 6, W: 1}, {U: 4, V: 6, W: 1},
	})
	steps := netgraph.Disrupt(g, netgraph.BetweennessScore(false, 0), netgraph.DisruptOptions{Removals: 2})
	for _, s := range steps {
		fmt.Printf("removed %v: LCC %d (%.2f), %d components, F %.2f, E %.2f\n",
			s.Removed, s.LCC, s.LCCFraction, s.Components, s.Fragmentation, s.Efficiency)
	}
	// Output:
	// removed []: LCC 7 (1.00), 1 components, F 0.00, E 0.61
	// removed [3]: LCC 3 (0.43), 2 components, F 0.60, E 0.40
	// removed [0]: LCC 3 (0.43), 2 components, F 0.60, E 0.40
}

// The same network: the single key player is the go-between; for two,
// the greedy start is stuck at a local optimum that random restarts leave.
func ExampleKeyPlayers() {
	g := netgraph.NewUndirected(7, []netgraph.Edge{
		{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 0, V: 2, W: 1},
		{U: 2, V: 3, W: 1}, {U: 3, V: 4, W: 1},
		{U: 4, V: 5, W: 1}, {U: 5, V: 6, W: 1}, {U: 4, V: 6, W: 1},
	})
	one := netgraph.KeyPlayers(g, 1, netgraph.KeyPlayerOptions{})
	greedy := netgraph.KeyPlayers(g, 2, netgraph.KeyPlayerOptions{})
	restarts := netgraph.KeyPlayers(g, 2, netgraph.KeyPlayerOptions{Restarts: 5, Seed: 1})
	fmt.Printf("k=1 %v F %.2f\n", one.Set, one.Fragmentation)
	fmt.Printf("k=2 greedy %v F %.2f\n", greedy.Set, greedy.Fragmentation)
	fmt.Printf("k=2 restarts %v F %.2f\n", restarts.Set, restarts.Fragmentation)
	// Output:
	// k=1 [3] F 0.60
	// k=2 greedy [0 3] F 0.60
	// k=2 restarts [2 4] F 0.80
}
