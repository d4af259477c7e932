package netgraph

// distHeap is an indexed binary min-heap of nodes keyed by a shared distance
// array, with decrease-key, for Dijkstra's algorithm (E. W. Dijkstra 1959,
// "A note on two problems in connexion with graphs", Numer. Math. 1:269-271).
// Push and Pop are O(log N); memory is two N-length int32 arrays.
type distHeap struct {
	key   []float64 // key[v]: tentative distance of v, owned by the caller
	nodes []int32   // the heap, ordered by key
	pos   []int32   // pos[v]: index of v in nodes, or -1 if v is not queued
}

func newDistHeap(key []float64) *distHeap {
	h := &distHeap{key: key, nodes: make([]int32, 0, len(key)), pos: make([]int32, len(key))}
	for i := range h.pos {
		h.pos[i] = -1
	}
	return h
}

func (h *distHeap) len() int { return len(h.nodes) }

// update inserts v, or moves it up after key[v] decreased.
func (h *distHeap) update(v int32) {
	i := h.pos[v]
	if i < 0 {
		i = int32(len(h.nodes))
		h.nodes = append(h.nodes, v)
		h.pos[v] = i
	}
	h.up(i)
}

// pop removes and returns the node of smallest key.
func (h *distHeap) pop() int32 {
	nodes := h.nodes
	v := nodes[0]
	last := len(nodes) - 1
	h.pos[v] = -1
	if last > 0 {
		nodes[0] = nodes[last]
		h.pos[nodes[0]] = 0
	}
	h.nodes = nodes[:last]
	if last > 1 {
		h.down(0)
	}
	return v
}

func (h *distHeap) up(i int32) {
	nodes, key, pos := h.nodes, h.key, h.pos
	v := nodes[i]
	kv := key[v]
	for i > 0 {
		p := (i - 1) / 2
		u := nodes[p]
		if key[u] <= kv {
			break
		}
		nodes[i] = u
		pos[u] = i
		i = p
	}
	nodes[i] = v
	pos[v] = i
}

func (h *distHeap) down(i int32) {
	nodes, key, pos := h.nodes, h.key, h.pos
	n := int32(len(nodes))
	v := nodes[i]
	kv := key[v]
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if r := c + 1; r < n && key[nodes[r]] < key[nodes[c]] {
			c = r
		}
		u := nodes[c]
		if key[u] >= kv {
			break
		}
		nodes[i] = u
		pos[u] = i
		i = c
	}
	nodes[i] = v
	pos[v] = i
}
