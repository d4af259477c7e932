package resolve

// clusters is a union-find over records with member lists, the sources
// each cluster holds (when sources is given: the one-per-source rule) and
// the pairs judged not to match.
type clusters struct {
	parent  []int32
	members map[int32][]int32 // root -> members, for clusters of two or more
	sources []int32
	srcSet  map[int32]map[int32]bool // root -> sources, for clusters of two or more
	cannot  map[int32][]int32        // record -> records it must not join
	judged  map[int32]bool           // root -> the cluster holds records an analyst joined
}

func newClusters(n int, sources []int32) *clusters {
	c := &clusters{parent: make([]int32, n), members: map[int32][]int32{}, sources: sources,
		srcSet: map[int32]map[int32]bool{}, cannot: map[int32][]int32{}, judged: map[int32]bool{}}
	for i := range c.parent {
		c.parent[i] = int32(i)
	}
	return c
}

func (c *clusters) find(x int32) int32 {
	for c.parent[x] != x {
		c.parent[x] = c.parent[c.parent[x]]
		x = c.parent[x]
	}
	return x
}

func (c *clusters) membersOf(root int32) []int32 {
	if m, ok := c.members[root]; ok {
		return m
	}
	return []int32{root}
}

func (c *clusters) union(a, b int32) {
	ra, rb := c.find(a), c.find(b)
	if ra == rb {
		return
	}
	ma, mb := c.membersOf(ra), c.membersOf(rb)
	if len(ma) < len(mb) || len(ma) == len(mb) && rb < ra {
		ra, rb, ma, mb = rb, ra, mb, ma
	}
	c.parent[rb] = ra
	c.members[ra] = append(ma, mb...)
	delete(c.members, rb)
	if c.sources != nil {
		set := c.srcSet[ra]
		if set == nil {
			set = map[int32]bool{c.sources[ra]: true}
		}
		for _, m := range mb {
			set[c.sources[m]] = true
		}
		c.srcSet[ra] = set
		delete(c.srcSet, rb)
	}
	if c.judged[rb] {
		c.judged[ra] = true
		delete(c.judged, rb)
	}
}

func (c *clusters) forbid(a, b int32) {
	c.cannot[a] = append(c.cannot[a], b)
	c.cannot[b] = append(c.cannot[b], a)
}

func (c *clusters) forbidden(a, b int32) bool { return c.conflict(c.find(a), c.find(b)) }

// conflict reports whether a judgement keeps the clusters of roots ra and
// rb apart. O(members of the smaller cluster · their judgements).
func (c *clusters) conflict(ra, rb int32) bool {
	if len(c.cannot) == 0 {
		return false
	}
	ma, other := c.membersOf(ra), rb
	if mb := c.membersOf(rb); len(mb) < len(ma) {
		ma, other = mb, ra
	}
	for _, m := range ma {
		for _, x := range c.cannot[m] {
			if c.find(x) == other {
				return true
			}
		}
	}
	return false
}

func (c *clusters) sourcesOverlap(ra, rb int32) bool {
	sa, sb := c.srcSet[ra], c.srcSet[rb]
	switch {
	case sa == nil && sb == nil:
		return c.sources[ra] == c.sources[rb]
	case sa == nil:
		return sb[c.sources[ra]]
	case sb == nil:
		return sa[c.sources[rb]]
	}
	for s := range sa {
		if sb[s] {
			return true
		}
	}
	return false
}

// labels gives each record the smallest record index of its cluster.
func (c *clusters) labels() []int32 {
	minOf := map[int32]int32{}
	for i := range c.parent {
		r := c.find(int32(i))
		if m, ok := minOf[r]; !ok || int32(i) < m {
			minOf[r] = int32(i)
		}
	}
	out := make([]int32, len(c.parent))
	for i := range out {
		out[i] = minOf[c.find(int32(i))]
	}
	return out
}
