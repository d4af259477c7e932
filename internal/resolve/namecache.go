package resolve

import "sync"

// nameCache remembers the level of each pair of name sets compared:
// records of one person, and people of common names, repeat the same
// names, and MatchNames is the costliest comparison. Safe for concurrent
// use (64 shards, each with its lock).
type nameCache struct {
	sets   [][]uint32 // per field: each record's name set (0: none)
	shards [64]struct {
		sync.Mutex
		m map[uint64]nameHit
	}
}

type nameHit struct {
	level int
	key   string
}

// newNameCache interns the name sets of the fields compared by MethodName.
func newNameCache(recs []prepared, comps []Comparison, fields int) *nameCache {
	c := &nameCache{sets: make([][]uint32, fields)}
	for _, cmp := range comps {
		if cmp.Method != MethodName || c.sets[cmp.Field] != nil {
			continue
		}
		ids := map[string]uint32{}
		set := make([]uint32, len(recs))
		var key []byte
		for i := range recs {
			key = key[:0]
			for _, n := range of(recs[i].names, cmp.Field) {
				key = append(append(key, n.v.Key...), 0)
			}
			if len(key) == 0 {
				continue
			}
			id, ok := ids[string(key)]
			if !ok {
				id = uint32(len(ids) + 1)
				ids[string(key)] = id
			}
			set[i] = id
		}
		c.sets[cmp.Field] = set
	}
	for i := range c.shards {
		c.shards[i].m = map[uint64]nameHit{}
	}
	return c
}

// level returns the level of comparison cmp (MethodName) for records i
// and j, computing it once per pair of name sets.
func (c *nameCache) level(cmp *Comparison, recs []prepared, i, j int) (int, string) {
	set := c.sets[cmp.Field]
	a, b := set[i], set[j]
	if a == 0 || b == 0 {
		return 0, ""
	}
	k := uint64(a)<<32 | uint64(b)
	sh := &c.shards[(k*0x9e3779b97f4a7c15)>>58]
	sh.Lock()
	h, ok := sh.m[k]
	sh.Unlock()
	if ok {
		return h.level, h.key
	}
	l, key := cmp.compare(&recs[i], &recs[j])
	sh.Lock()
	if len(sh.m) >= shardCap {
		clear(sh.m) // bounded memory: start the shard afresh
	}
	sh.m[k] = nameHit{l, key}
	sh.Unlock()
	return l, key
}

// shardCap bounds each shard of a nameCache: 64 shards of 32,768 pairs,
// about 100 MiB in all.
const shardCap = 1 << 15
