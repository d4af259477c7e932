package memstore

import (
	"encoding/binary"
	"unsafe"
)

// Arena chunk sizes: the first chunk is small so that an empty store costs
// little, later ones double up to maxChunk. A text longer than the chunk
// being opened gets a chunk of its own.
const (
	minChunk = 64 << 10
	maxChunk = 4 << 20
)

// arena holds the store's variable-length text (entity ids, and each
// statement's value, original value and invalid reason) in large byte
// chunks. Bytes are written once and never changed or moved, and chunks are
// never reallocated, so strings returned to callers point into the chunks
// without being copied (unsafe.String); a chunk lives as long as any of its
// strings. The chunks hold no pointers, so the garbage collector never scans
// them.
//
// A reference is the chunk index in the high 32 bits and the offset in the
// low 32. The zero arena is empty and ready to use; it is not safe for
// concurrent writes.
type arena struct {
	chunks [][]byte
	cur    int  // chunk being filled, valid when open
	open   bool // whether cur is valid
	size   int  // bytes allocated to chunks
}

// alloc reserves n bytes and returns their reference and the bytes to fill
// (len n). O(1) amortised.
func (a *arena) alloc(n int) (uint64, []byte) {
	if a.open {
		c := a.chunks[a.cur]
		if off := len(c); cap(c)-off >= n {
			a.chunks[a.cur] = c[:off+n]
			return uint64(a.cur)<<32 | uint64(off), c[off : off+n : off+n]
		}
	}
	size := maxChunk
	if len(a.chunks) < 7 {
		size = minChunk << len(a.chunks)
	}
	if n > size {
		// A chunk of its own; the open chunk stays open.
		c := make([]byte, n)
		a.chunks = append(a.chunks, c)
		a.size += n
		return uint64(len(a.chunks)-1) << 32, c
	}
	c := make([]byte, n, size)
	a.chunks = append(a.chunks, c)
	a.size += size
	a.cur, a.open = len(a.chunks)-1, true
	return uint64(a.cur) << 32, c
}

// str copies s into the arena and returns the arena's copy. O(len(s)).
func (a *arena) str(s string) string {
	if s == "" {
		return ""
	}
	_, b := a.alloc(len(s))
	copy(b, s)
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// putText stores a statement's value, original value and invalid reason,
// each preceded by its length as a uvarint, and returns the reference.
// O(total length).
func (a *arena) putText(value, original, invalid string) uint64 {
	n := uvarintLen(len(value)) + uvarintLen(len(original)) + uvarintLen(len(invalid)) +
		len(value) + len(original) + len(invalid)
	ref, b := a.alloc(n)
	i := binary.PutUvarint(b, uint64(len(value)))
	i += binary.PutUvarint(b[i:], uint64(len(original)))
	i += binary.PutUvarint(b[i:], uint64(len(invalid)))
	i += copy(b[i:], value)
	i += copy(b[i:], original)
	copy(b[i:], invalid)
	return ref
}

// text returns the three strings stored at ref by putText, without copying.
func (a *arena) text(ref uint64) (value, original, invalid string) {
	b := a.chunks[ref>>32][uint32(ref):]
	lv, i := binary.Uvarint(b)
	lo, k := binary.Uvarint(b[i:])
	i += k
	li, k := binary.Uvarint(b[i:])
	i += k
	value = view(b[i:], int(lv))
	i += int(lv)
	original = view(b[i:], int(lo))
	i += int(lo)
	invalid = view(b[i:], int(li))
	return value, original, invalid
}

// value returns the value stored at ref by putText, without copying.
func (a *arena) value(ref uint64) string {
	b := a.chunks[ref>>32][uint32(ref):]
	lv, i := binary.Uvarint(b)
	_, k := binary.Uvarint(b[i:])
	i += k
	_, k = binary.Uvarint(b[i:])
	i += k
	return view(b[i:], int(lv))
}

// view returns the first n bytes of b as a string sharing b's memory.
func view(b []byte, n int) string {
	if n == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), n)
}

func uvarintLen(n int) int {
	l := 1
	for n >= 0x80 {
		n >>= 7
		l++
	}
	return l
}
