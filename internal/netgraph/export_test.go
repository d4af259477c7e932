package netgraph

// VertexDiameterBound exposes vertexDiameterBound to the external tests.
var VertexDiameterBound = vertexDiameterBound
