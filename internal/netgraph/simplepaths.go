package netgraph

import "fmt"

// SimplePaths returns the simple paths (no repeated node) from s to t with at
// most maxHops edges, in lexicographic order of their node sequences, at most
// limit of them. truncated reports that the limit was hit: at least one more
// such path exists. Each Path's Length is its number of edges; weights are
// ignored. s == t gives the one-node path; an unreachable t (or one further
// than maxHops) gives nil and false.
//
// The search is a depth-first enumeration from s pruned by hop distance to
// t: a breadth-first search from t, cut off at maxHops levels, gives
// d_t(v), and the walk extends a partial path of h edges to v only when
// h + d_t(v) ≤ maxHops. d_t ignores the nodes already on the path, so it is
// a lower bound and no path is lost. Time is O(N+M) for the BFS (touching
// only nodes within maxHops of t) plus the enumeration, which is exponential
// in maxHops in the worst case: the number of paths grows that fast, and
// limit bounds the output; a branch can still die where the only short
// routes left to t run through nodes already on the path. Memory is the
// pooled scratch plus the output.
//
// It panics, with a "netgraph: " prefix, if s or t is out of range or
// maxHops or limit is negative.
func SimplePaths(g *Graph, s, t, maxHops, limit int) (paths []Path, truncated bool) {
	g.check(s)
	g.check(t)
	if maxHops < 0 {
		panic(fmt.Sprintf("netgraph: SimplePaths maxHops %d is negative", maxHops))
	}
	if limit < 0 {
		panic(fmt.Sprintf("netgraph: SimplePaths limit %d is negative", limit))
	}
	if s == t {
		if limit == 0 {
			return nil, true
		}
		return []Path{{Nodes: []int{s}}}, false
	}
	sc := getScratch(g.N())
	defer putScratch(sc)
	off, adj := g.offsets, g.targets
	src, dst := int32(s), int32(t)

	// Hop distances to t, up to maxHops.
	b := &sc.b
	b.set(dst, 0, -1)
	b.queue = append(b.queue, dst)
	for head := 0; head < len(b.queue); head++ {
		u := b.queue[head]
		du := b.dist[u] + 1
		if du > float64(maxHops) {
			break
		}
		for _, v := range adj[off[u]:off[u+1]] {
			if b.dist[v] == inf {
				b.set(v, du, u)
				b.queue = append(b.queue, v)
			}
		}
	}
	dt := b.dist
	if dt[src] == inf {
		return nil, false
	}

	budget := float64(maxHops)
	on := sc.mark
	stack := []int32{src}
	next := []int32{off[src]}
	on[src] = true
	defer func() { // exactly the nodes on the stack are marked
		for _, v := range stack {
			on[v] = false
		}
	}()
	for len(stack) > 0 {
		d := len(stack) - 1
		v := stack[d]
		if next[d] == off[v+1] {
			on[v] = false
			stack, next = stack[:d], next[:d]
			continue
		}
		w := adj[next[d]]
		next[d]++
		if on[w] || float64(d+1)+dt[w] > budget {
			continue
		}
		if w == dst {
			if len(paths) == limit {
				truncated = true
				break
			}
			p := make([]int, len(stack)+1)
			for i, x := range stack {
				p[i] = int(x)
			}
			p[len(stack)] = t
			paths = append(paths, Path{Nodes: p, Length: float64(len(stack))})
			continue
		}
		on[w] = true
		stack = append(stack, w)
		next = append(next, off[w])
	}
	return paths, truncated
}
