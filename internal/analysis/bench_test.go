package analysis_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/tideline-oss/tideline/internal/analysis"
	"github.com/tideline-oss/tideline/internal/netgraph"
)

// generated returns a graph of n nodes and about m edges with planted
// cells: nodes fall into groups of 40 and most edges stay inside a group, the
// shape of a smuggling ecosystem of crews linked by shared suppliers.
func generated(n, m int, seed uint64) *analysis.Graph {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	g := &analysis.Graph{Nodes: make([]analysis.Node, n)}
	for i := range g.Nodes {
		g.Nodes[i] = analysis.Node{ID: fmt.Sprintf("p%d", i), Schema: "Person", Caption: fmt.Sprintf("person %d", i)}
	}
	edges := make([]netgraph.Edge, 0, m)
	for len(edges) < m {
		u := rng.IntN(n)
		var v int
		if rng.Float64() < 0.9 {
			v = (u/40)*40 + rng.IntN(40)
			if v >= n {
				v = rng.IntN(n)
			}
		} else {
			v = rng.IntN(n)
		}
		if u != v {
			edges = append(edges, netgraph.Edge{U: u, V: v, W: 1})
		}
	}
	g.G = netgraph.NewUndirected(n, edges)
	return g
}

// BenchmarkReport times the full network report (exact betweenness,
// PageRank, Louvain over the graph and per component) on 10k nodes / 50k
// edges.
//
//	go test -run='^$' -bench=Report -benchmem ./internal/analysis/
func BenchmarkReport(b *testing.B) {
	g := generated(10_000, 50_000, 1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := analysis.Analyse(g, analysis.ReportOptions{TopN: 10})
		if r.Nodes != 10_000 || r.Modularity < 0.3 {
			b.Fatalf("report n=%d Q=%.3f", r.Nodes, r.Modularity)
		}
	}
}
