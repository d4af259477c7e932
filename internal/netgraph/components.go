package netgraph

import "sort"

// Components returns the connected components of g.
//
// labels has length N and labels[v] in 0..k-1 is v's component; sizes has
// length k and sizes[c] is the number of nodes in component c. Components are
// numbered by decreasing size, ties broken by smallest member id, so label 0
// is the largest connected component (LCC) and isolated nodes come last.
// Breadth-first search, O(N+M) time, O(N) extra memory.
func Components(g *Graph) (labels []int, sizes []int) {
	n := g.N()
	raw := make([]int32, n)
	for i := range raw {
		raw[i] = -1
	}
	queue := make([]int32, 0, n)
	var k int32
	for s := 0; s < n; s++ {
		if raw[s] >= 0 {
			continue
		}
		raw[s] = k
		queue = append(queue[:0], int32(s))
		for head := 0; head < len(queue); head++ {
			v := queue[head]
			for _, w := range g.targets[g.offsets[v]:g.offsets[v+1]] {
				if raw[w] < 0 {
					raw[w] = k
					queue = append(queue, w)
				}
			}
		}
		k++
	}
	return canonical(raw, int(k))
}

// canonical renumbers labels raw (values in 0..k-1, every value used) by
// decreasing class size, ties broken by the smallest member id, and returns
// the new labels and the class sizes. O(N + k log k).
func canonical(raw []int32, k int) (labels []int, sizes []int) {
	count := make([]int, k)
	first := make([]int, k)
	for i := range first {
		first[i] = -1
	}
	for v, c := range raw {
		count[c]++
		if first[c] < 0 {
			first[c] = v
		}
	}
	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		ca, cb := order[a], order[b]
		if count[ca] != count[cb] {
			return count[ca] > count[cb]
		}
		return first[ca] < first[cb]
	})
	rank := make([]int, k)
	sizes = make([]int, k)
	for r, c := range order {
		rank[c] = r
		sizes[r] = count[c]
	}
	labels = make([]int, len(raw))
	for v, c := range raw {
		labels[v] = rank[c]
	}
	return labels, sizes
}

// Density returns the density of a simple undirected graph with n nodes and m
// edges, 2m / (n(n-1)) (Wasserman and Faust 1994, Social Network Analysis,
// §4.2), the fraction of possible ties present, in [0, 1] for simple graphs.
// It returns 0 when n < 2. O(1).
func Density(n, m int) float64 {
	if n < 2 {
		return 0
	}
	return 2 * float64(m) / (float64(n) * float64(n-1))
}
