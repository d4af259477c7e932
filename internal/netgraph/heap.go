package netgraph

// distHeap is an indexed 4-ary min-heap of nodes keyed by tentative
// distance, with decrease-key, for Dijkstra's algorithm (E. W. Dijkstra
// 1959, "A note on two problems in connexion with graphs", Numer. Math.
// 1:269-271; d-ary heaps: D. B. Johnson (1975) "Priority queues with update
// and finding minimum spanning trees", Inf. Process. Lett. 4(3):53-57).
// Keys are stored beside the nodes in the heap so that sifting reads one
// array. Push and Pop are O(log N); memory is 16 bytes per queued node plus
// an N-length int32 position array.
type distHeap struct {
	items []heapItem
	pos   []int32 // pos[v]: index of v in items, or -1 if v is not queued
}

type heapItem struct {
	key  float64
	node int32
}

func newDistHeap(n int) *distHeap {
	h := &distHeap{items: make([]heapItem, 0, 64), pos: make([]int32, n)}
	for i := range h.pos {
		h.pos[i] = -1
	}
	return h
}

func (h *distHeap) len() int { return len(h.items) }

// update inserts v with key d, or lowers v's key to d (d must not exceed
// v's current key).
func (h *distHeap) update(v int32, d float64) {
	i := h.pos[v]
	if i < 0 {
		i = int32(len(h.items))
		h.items = append(h.items, heapItem{})
	}
	h.up(i, heapItem{key: d, node: v})
}

// pop removes and returns the node of smallest key.
func (h *distHeap) pop() int32 {
	items := h.items
	v := items[0].node
	h.pos[v] = -1
	last := len(items) - 1
	x := items[last]
	h.items = items[:last]
	if last > 0 {
		h.down(x)
	}
	return v
}

// up places x at hole i or above it.
func (h *distHeap) up(i int32, x heapItem) {
	items, pos := h.items, h.pos
	for i > 0 {
		p := (i - 1) / 4
		if items[p].key <= x.key {
			break
		}
		items[i] = items[p]
		pos[items[i].node] = i
		i = p
	}
	items[i] = x
	pos[x.node] = i
}

// down places x at the root hole or below it.
func (h *distHeap) down(x heapItem) {
	items, pos := h.items, h.pos
	n := int32(len(items))
	var i int32
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		best, bk := c, items[c].key
		for j := c + 1; j < min(c+4, n); j++ {
			if k := items[j].key; k < bk {
				best, bk = j, k
			}
		}
		if bk >= x.key {
			break
		}
		items[i] = items[best]
		pos[items[i].node] = i
		i = best
	}
	items[i] = x
	pos[x.node] = i
}
