package netgraph

// RemovalCohesion exposes the articulation search of KeyPlayers to tests:
// for every v with alive[v], the number of ordered pairs of the alive
// subgraph without v that reach each other.
func RemovalCohesion(g *Graph, alive []bool) []float64 {
	a := newArticulation(g.N())
	out := make([]float64, g.N())
	a.removalCohesion(g, alive, out)
	return out
}

// VertexDiameterBound exposes vertexDiameterBound to the external tests.
var VertexDiameterBound = vertexDiameterBound
