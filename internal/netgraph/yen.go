package netgraph

import (
	"container/heap"
	"fmt"
	"slices"
)

// KShortestPaths returns up to k loopless paths from s to t in order of
// non-decreasing Length: the k shortest simple paths (fewer if fewer exist,
// nil if t is unreachable or k is 0). weighted has the meaning of
// [ShortestPath]: hop counts, or edge weights as lengths. The paths are
// sorted by Length, then number of nodes, then node sequence
// (lexicographically). Where several paths tie for the k-th place, which of
// them are returned depends on the order in which the algorithm meets them.
// s == t gives the one-node path only.
//
// The algorithm is J. Y. Yen (1971) "Finding the k shortest loopless paths
// in a network", Management Science 17(11):712-716: path i+1 is the best
// candidate formed by a root (a prefix of an accepted path, ending at the
// spur node) and a shortest spur path to t that avoids the root's other
// nodes and the next edges of every accepted path sharing that root. Spur
// nodes start at each path's deviation index (E. L. Lawler 1972 "A
// procedure for computing the K best solutions to discrete optimization
// problems and its application to the shortest path problem", Management
// Science 18(7):401-405), and each spur search is the bidirectional search of
// [ShortestPath] over pooled scratch with the removed nodes and edges masked,
// not copied. Time is O(k·L) spur searches for paths of up to L nodes, each
// O(N+M) (unweighted) or O((N+M) log N) (weighted) in the worst case; memory
// is the pooled scratch plus the candidates.
//
// It panics, with a "netgraph: " prefix, if s or t is out of range or k is
// negative.
func KShortestPaths(g *Graph, s, t, k int, weighted bool) []Path {
	g.check(s)
	g.check(t)
	if k < 0 {
		panic(fmt.Sprintf("netgraph: KShortestPaths k %d is negative", k))
	}
	if k == 0 {
		return nil
	}
	sc := getScratch(g.N())
	defer putScratch(sc)
	src, dst := int32(s), int32(t)
	first := sc.pointToPoint(g, src, dst, weighted, false)
	sc.f.reset()
	sc.b.reset()
	if first == nil {
		return nil
	}
	accepted := []yenPath{{nodes: first, length: pathLength(g, first, weighted)}}
	if src == dst {
		return yenResult(accepted)
	}
	var cands yenHeap
	seen := map[string]bool{pathKey(first): true}
	for len(accepted) < k {
		prev := accepted[len(accepted)-1]
		for i := prev.dev; i < len(prev.nodes)-1; i++ {
			spur := prev.nodes[i]
			root := prev.nodes[:i+1]
			for _, a := range accepted {
				if len(a.nodes) > i+1 && slices.Equal(a.nodes[:i+1], root) {
					sc.ban(a.nodes[i+1])
				}
			}
			for _, v := range root[:i] {
				sc.block(v)
			}
			tail := sc.pointToPoint(g, spur, dst, weighted, true)
			sc.f.reset()
			sc.b.reset()
			sc.clearRestrictions()
			if tail == nil {
				continue
			}
			p := append(slices.Clip(root[:i]), tail...)
			key := pathKey(p)
			if seen[key] {
				continue
			}
			seen[key] = true
			heap.Push(&cands, yenPath{nodes: p, length: pathLength(g, p, weighted), dev: i})
		}
		if cands.Len() == 0 {
			break
		}
		accepted = append(accepted, heap.Pop(&cands).(yenPath))
	}
	return yenResult(accepted)
}

// yenPath is an accepted or candidate path; dev is the index of its spur
// node (its deviation from the path it was grown from).
type yenPath struct {
	nodes  []int32
	length float64
	dev    int
}

func yenLess(a, b yenPath) bool {
	if a.length != b.length {
		return a.length < b.length
	}
	if len(a.nodes) != len(b.nodes) {
		return len(a.nodes) < len(b.nodes)
	}
	return slices.Compare(a.nodes, b.nodes) < 0
}

type yenHeap []yenPath

func (h yenHeap) Len() int           { return len(h) }
func (h yenHeap) Less(i, j int) bool { return yenLess(h[i], h[j]) }
func (h yenHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *yenHeap) Push(x any)        { *h = append(*h, x.(yenPath)) }
func (h *yenHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// pathKey is the bytes of p's node ids, for deduplicating candidates.
func pathKey(p []int32) string {
	b := make([]byte, 0, 4*len(p))
	for _, v := range p {
		b = append(b, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
	}
	return string(b)
}

func yenResult(ps []yenPath) []Path {
	slices.SortFunc(ps, func(a, b yenPath) int {
		switch {
		case yenLess(a, b):
			return -1
		case yenLess(b, a):
			return 1
		}
		return 0
	})
	out := make([]Path, len(ps))
	for i, p := range ps {
		out[i] = Path{Nodes: ints(p.nodes), Length: p.length}
	}
	return out
}
