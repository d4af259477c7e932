package netgraph

import (
	"fmt"
	"slices"
)

// Neighbourhood returns the nodes within maxHops edges of any of sources,
// with their hop distance to the nearest source: nodes[i] is at hops[i]
// edges. Sources come first at distance 0, then distance 1, and so on; nodes
// of equal distance are in increasing id order. Weights are ignored.
//
// keep, if not nil, restricts the search to the nodes it accepts (for
// example by entity type, "people only"): a rejected node is neither
// returned nor passed through, so distances are measured in the subgraph
// induced by the accepted nodes. Sources are always included and expanded,
// whether accepted or not. keep is called at most once per node. To count
// hops through every node but report only some, pass nil and filter the
// result.
//
// Multi-source breadth-first search, O(size of the neighbourhood and the
// edges it scans) with the pooled scratch; duplicate sources count once.
//
// It panics, with a "netgraph: " prefix, if a source is out of range or
// maxHops is negative.
func Neighbourhood(g *Graph, sources []int, maxHops int, keep func(v int) bool) (nodes, hops []int) {
	if maxHops < 0 {
		panic(fmt.Sprintf("netgraph: Neighbourhood maxHops %d is negative", maxHops))
	}
	for _, s := range sources {
		g.check(s)
	}
	sc := getScratch(g.N())
	defer putScratch(sc)
	f := &sc.f
	const rejected = -1
	for _, s := range sources {
		if f.dist[s] == inf {
			f.set(int32(s), 0, -1)
			f.queue = append(f.queue, int32(s))
		}
	}
	off, adj := g.offsets, g.targets
	lo, hi := 0, len(f.queue)
	for d := 1; d <= maxHops && lo < hi; d++ {
		fd := float64(d)
		for _, u := range f.queue[lo:hi] {
			for _, v := range adj[off[u]:off[u+1]] {
				if f.dist[v] != inf {
					continue
				}
				if keep != nil && !keep(int(v)) {
					f.set(v, rejected, -1)
					continue
				}
				f.set(v, fd, u)
				f.queue = append(f.queue, v)
			}
		}
		lo, hi = hi, len(f.queue)
	}
	q := f.queue
	nodes = make([]int, len(q))
	hops = make([]int, len(q))
	for i, v := range q {
		nodes[i] = int(v)
		hops[i] = int(f.dist[v])
	}
	// Sort each level by id (levels are contiguous in BFS order).
	for i := 0; i < len(nodes); {
		j := i
		for j < len(nodes) && hops[j] == hops[i] {
			j++
		}
		slices.Sort(nodes[i:j])
		i = j
	}
	return nodes, hops
}
