package netgraph

// CoreNumber returns the core number of every node of g, ignoring edge
// weights: core[v] is the largest k such that v belongs to the k-core, the
// maximal subgraph in which every node has at least k neighbours
// (S. B. Seidman (1983) "Network structure and minimum degree", Social
// Networks 5(3):269-287). A node of degree d has core number at most d;
// isolated nodes have 0. The result has length N and equals networkx
// core_number(G) (which is uniquely defined, so any correct algorithm
// agrees).
//
// The algorithm is V. Batagelj and M. Zaversnik (2003) "An O(m) algorithm
// for cores decomposition of networks", arXiv:cs/0310049 (Adv. Data Anal.
// Classif. 5(2):129-145, 2011): nodes are kept in bins by current degree and
// peeled in non-decreasing order, each removal lowering its higher-degree
// neighbours by one. O(N+M) time; memory is three N-length and two
// (maximum degree + 2)-length int32 arrays besides the result.
func CoreNumber(g *Graph) []int {
	n := g.N()
	off, adj := g.offsets, g.targets
	deg := make([]int32, n)
	var maxDeg int32
	for v := 0; v < n; v++ {
		d := off[v+1] - off[v]
		deg[v] = d
		maxDeg = max(maxDeg, d)
	}
	// bin[d]: start in vert of the nodes of current degree d.
	bin := make([]int32, maxDeg+2)
	for _, d := range deg {
		bin[d+1]++
	}
	for d := int32(1); d <= maxDeg+1; d++ {
		bin[d] += bin[d-1]
	}
	vert := make([]int32, n) // nodes sorted by current degree
	pos := make([]int32, n)  // pos[v]: index of v in vert
	next := make([]int32, maxDeg+1)
	copy(next, bin[:maxDeg+1])
	for v, d := range deg {
		pos[v] = next[d]
		vert[next[d]] = int32(v)
		next[d]++
	}
	for i := 0; i < n; i++ {
		v := vert[i]
		dv := deg[v]
		for _, u := range adj[off[v]:off[v+1]] {
			du := deg[u]
			if du <= dv {
				continue
			}
			// Move u to the front of its bin, then shrink the bin by one:
			// u now has degree du-1.
			pu, pw := pos[u], bin[du]
			if w := vert[pw]; w != u {
				vert[pu], vert[pw] = w, u
				pos[w], pos[u] = pu, pw
			}
			bin[du]++
			deg[u] = du - 1
		}
	}
	core := make([]int, n)
	for v, d := range deg {
		core[v] = int(d)
	}
	return core
}
