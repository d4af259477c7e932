package memstore

// index maps statement ids to record positions: an open-addressing hash
// table with linear probing whose slots are one uint64 each, the id's tag
// (its first 32 bits, the id being a uniformly distributed SHA-1) in the high
// half and position+1 in the low half, 0 marking an empty slot. The home
// slot of a tag is its top bits, so the table grows without reading the
// records. A tag match is only a candidate: the caller confirms it against
// the record. 8 bytes per slot, at most 80% full: 10 to 20 bytes per
// statement, against some 40 for a Go map keyed by the 20-byte id.
//
// Entries are never removed (statements are never deleted). The zero index
// is empty and ready to use; it is not safe for concurrent writes.
type index struct {
	slots []uint64
	bits  uint // len(slots) == 1 << bits
	n     int  // entries
}

const minIndexBits = 10

// home returns the first slot to probe for tag.
func (x *index) home(tag uint32) int { return int(tag >> (32 - x.bits)) }

// reserve makes room for one more entry, doubling the table when it would
// be over 80% full. O(1) amortised; a doubling is O(len(slots)).
func (x *index) reserve() {
	if x.slots == nil {
		x.bits = minIndexBits
		x.slots = make([]uint64, 1<<x.bits)
		return
	}
	if (x.n+1)*5 <= len(x.slots)*4 {
		return
	}
	old := x.slots
	x.bits++
	x.slots = make([]uint64, 1<<x.bits)
	mask := len(x.slots) - 1
	for _, v := range old {
		if v == 0 {
			continue
		}
		i := x.home(uint32(v >> 32))
		for x.slots[i] != 0 {
			i = (i + 1) & mask
		}
		x.slots[i] = v
	}
}

// lookup returns the position of the entry with tag for which same reports
// true, or the free slot where such an entry belongs. Call reserve first
// when the entry may be inserted. Expected O(1).
func (x *index) lookup(tag uint32, same func(pos uint32) bool) (pos uint32, slot int, found bool) {
	if x.slots == nil {
		return 0, -1, false
	}
	mask := len(x.slots) - 1
	for i := x.home(tag); ; i = (i + 1) & mask {
		v := x.slots[i]
		if v == 0 {
			return 0, i, false
		}
		if uint32(v>>32) == tag && same(uint32(v)-1) {
			return uint32(v) - 1, i, true
		}
	}
}

// set fills the free slot returned by lookup.
func (x *index) set(slot int, tag, pos uint32) {
	x.slots[slot] = uint64(tag)<<32 | uint64(pos+1)
	x.n++
}

// tagOf returns the first 32 bits of a statement id (40 lower-case hex
// digits, as tideline.ValidateStatements ensures).
func tagOf(id string) uint32 {
	var t uint32
	for i := range 8 {
		c := id[i]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		default:
			c = 0
		}
		t = t<<4 | uint32(c)
	}
	return t
}
