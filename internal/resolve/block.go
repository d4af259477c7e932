package resolve

import (
	"slices"
	"strconv"
	"strings"
)

// keyHash is FNV-1a (64 bits) over a key's parts, each ended by a zero
// byte: deterministic, so that a run gives the same candidates each time.
type keyHash uint64

func (h *keyHash) reset(tag byte) {
	*h = 14695981039346656037
	h.byte(tag)
}

func (h *keyHash) byte(c byte) { *h = (*h ^ keyHash(c)) * 1099511628211 }

func (h *keyHash) str(s string) {
	for i := 0; i < len(s); i++ {
		h.byte(s[i])
	}
	h.byte(0)
}

// BlockRule names a way of making blocking keys from a record: two
// records become a candidate pair when they share a key.
type BlockRule uint8

// Blocking rules. Keys are built from the fields a Block names.
const (
	// BlockNameYear: each name token's skeleton with the birth year
	// (Field a name field, Date a date field). Catches transliterations,
	// swapped and dropped names.
	BlockNameYear BlockRule = iota
	// BlockNamePair: each pair of name-token skeletons (no date), for
	// records without a birth date or with a mistyped year.
	BlockNamePair
	// BlockDateInitial: the full birth date with the first letter of each
	// name token (Field the name, Date the date); catches names spelt far
	// apart.
	BlockDateInitial
	// BlockDateSwap: year, the day and month in either order and each
	// name-token initial: day and month swapped.
	BlockDateSwap
	// BlockValue: each value of Field as written (phones, e-mails,
	// postcodes); identifiers are folded for OCR confusion first.
	BlockValue
	// BlockValuePair: each value of Field with each value of Date (two
	// fields), e.g. postcode and surname initial.
	BlockValuePair
)

// Block is one blocking rule over fields of the schema.
type Block struct {
	Rule  BlockRule
	Field int
	Date  int // second field, for rules that use two
}

// keys appends record p's blocking keys for rule b, hashed and tagged
// with the rule's index r.
func (b *Block) keys(r int, p *prepared, fields []Field, out []uint64) []uint64 {
	var h keyHash
	emit := func(parts ...string) {
		h.reset(byte(r))
		for _, s := range parts {
			h.str(s)
		}
		out = append(out, uint64(h))
	}
	years := func() []string {
		var ys []string
		for _, d := range of(p.dates, b.Date) {
			ys = append(ys, strconv.Itoa(d.v.y))
		}
		return ys
	}
	switch b.Rule {
	case BlockNameYear:
		ys := years()
		for _, n := range of(p.names, b.Field) {
			for _, t := range n.v.Tokens {
				sk := t.Skel
				if t.AltSkel != "" {
					sk = t.AltSkel
				}
				if len(sk) < 2 {
					continue
				}
				for _, y := range ys {
					emit(sk, y)
				}
			}
		}
	case BlockNamePair:
		for _, n := range of(p.names, b.Field) {
			ts := n.v.Tokens
			for i := range ts {
				for j := i + 1; j < len(ts); j++ {
					x, y := tokenKey(&ts[i]), tokenKey(&ts[j])
					if len(x) < 2 || len(y) < 2 {
						continue
					}
					if x > y {
						x, y = y, x
					}
					emit(x, y)
				}
			}
		}
	case BlockDateInitial, BlockDateSwap:
		for _, d := range of(p.dates, b.Date) {
			if d.v.d == 0 {
				continue
			}
			dm := [2]int{d.v.m, d.v.d}
			if b.Rule == BlockDateSwap && dm[0] > dm[1] {
				dm[0], dm[1] = dm[1], dm[0]
			}
			date := strconv.Itoa(d.v.y) + "-" + strconv.Itoa(dm[0]) + "-" + strconv.Itoa(dm[1])
			for _, n := range of(p.names, b.Field) {
				for _, t := range n.v.Tokens {
					k := tokenKey(&t)
					if k != "" {
						emit(date, k[:1])
					}
				}
			}
		}
	case BlockValue:
		switch fields[b.Field].Kind {
		case KindIdentifier:
			for _, v := range of(p.ids, b.Field) {
				emit(v.v.ocr)
			}
		case KindPhone:
			for _, v := range of(p.phones, b.Field) {
				emit(v.v.nsn)
			}
		case KindName:
			for _, v := range of(p.names, b.Field) {
				emit(v.v.SkelKey)
			}
		default:
			for _, v := range of(p.texts, b.Field) {
				emit(v.v)
			}
		}
	case BlockValuePair:
		var as, bs []string
		for _, f := range []int{b.Field, b.Date} {
			var vals []string
			switch fields[f].Kind {
			case KindName:
				for _, n := range of(p.names, f) {
					for _, t := range n.v.Tokens {
						if k := tokenKey(&t); k != "" {
							vals = append(vals, k)
						}
					}
				}
			case KindDate:
				for _, d := range of(p.dates, f) {
					vals = append(vals, strconv.Itoa(d.v.y))
				}
			default:
				for _, v := range of(p.texts, f) {
					vals = append(vals, v.v)
				}
			}
			if f == b.Field {
				as = vals
			} else {
				bs = vals
			}
		}
		for _, x := range as {
			for _, y := range bs {
				emit(x, y)
			}
		}
	}
	return out
}

// tokenKey is the skeleton a token blocks on (without its article).
func tokenKey(t *Token) string {
	if t.AltSkel != "" {
		return t.AltSkel
	}
	return t.Skel
}

// BlockStats counts what blocking did.
type BlockStats struct {
	Keys       int `json:"keys"`        // distinct keys
	Capped     int `json:"capped_keys"` // keys shared by more than MaxBlock records: sorted neighbourhoods
	Candidates int `json:"candidate_pairs"`
	// PerRule counts, for each blocking rule (in Settings.Blocking
	// order), the candidate pairs it produced; a pair two rules produce
	// counts for both.
	PerRule []int `json:"pairs_per_rule"`
}

// Window is how many neighbours each record of an oversized block is
// paired with (see candidates).
const Window = 5

// cmpSortKey orders records by their first name's key, then first date,
// phone and identifier: the order of a sorted neighbourhood.
func cmpSortKey(a, b *prepared) int {
	if c := cmpFirst(a.names, b.names, func(x, y *Name) int { return strings.Compare(x.SkelKey, y.SkelKey) }); c != 0 {
		return c
	}
	if c := cmpFirst(a.dates, b.dates, func(x, y *dateVal) int { return (x.y*10000 + x.m*100 + x.d) - (y.y*10000 + y.m*100 + y.d) }); c != 0 {
		return c
	}
	if c := cmpFirst(a.phones, b.phones, func(x, y *phoneVal) int { return strings.Compare(x.nsn, y.nsn) }); c != 0 {
		return c
	}
	return cmpFirst(a.ids, b.ids, func(x, y *idVal) int { return strings.Compare(x.ocr, y.ocr) })
}

// cmpFirst compares the first values of two lists; a missing value sorts
// last.
func cmpFirst[T any](a, b []fv[T], cmp func(x, y *T) int) int {
	switch {
	case len(a) == 0 && len(b) == 0:
		return 0
	case len(a) == 0:
		return 1
	case len(b) == 0:
		return -1
	}
	return cmp(&a[0].v, &b[0].v)
}

// candidates returns the distinct pairs (i<j, packed i<<32|j, in
// increasing order) of records sharing a key and, with linkOnly, in
// different sources; and for each pair the rules (bit r for blocks[r]) that
// produced it. A key held by more than maxBlock records pairs each record
// with its Window next in cmpSortKey order (see Window). The keys are
// grouped into blocks once; then each record gathers its partners of
// higher index from its blocks, in parallel over records, so no pair is
// ever held twice. Time O(K log K + P log d) for K keys, P pairs and d
// partners per record; memory O(K + P).
func candidates(recs []prepared, sources []int32, fields []Field, blocks []Block, maxBlock int, linkOnly bool, workers int) ([]uint64, []uint16, BlockStats) {
	type kr struct {
		key  uint64
		rec  int32
		rule uint8
	}
	var all []kr
	var buf []uint64
	for i := range recs {
		for r := range blocks {
			buf = blocks[r].keys(r, &recs[i], fields, buf[:0])
			slices.Sort(buf)
			buf = slices.Compact(buf)
			for _, k := range buf {
				all = append(all, kr{k, int32(i), uint8(r)})
			}
		}
	}
	slices.SortFunc(all, func(a, b kr) int {
		if a.key != b.key {
			if a.key < b.key {
				return -1
			}
			return 1
		}
		return int(a.rec - b.rec)
	})
	// Blocks: runs of one key. Oversized ones are put in neighbourhood
	// order. Each record then learns its blocks and its place in each.
	var st BlockStats
	type blk struct {
		lo, hi int32 // all[lo:hi]
		rule   uint8
		window bool
	}
	var blks []blk
	for lo := 0; lo < len(all); {
		hi := lo + 1
		for hi < len(all) && all[hi].key == all[lo].key {
			hi++
		}
		st.Keys++
		if hi-lo >= 2 {
			b := blk{lo: int32(lo), hi: int32(hi), rule: all[lo].rule}
			if hi-lo > maxBlock {
				st.Capped++
				b.window = true
				block := all[lo:hi]
				slices.SortFunc(block, func(a, b kr) int {
					if c := cmpSortKey(&recs[a.rec], &recs[b.rec]); c != 0 {
						return c
					}
					return int(a.rec - b.rec)
				})
			}
			blks = append(blks, b)
		}
		lo = hi
	}
	// Per record, its (block, position) entries, in CSR form.
	offs := make([]int32, len(recs)+1)
	for _, b := range blks {
		for x := b.lo; x < b.hi; x++ {
			offs[all[x].rec+1]++
		}
	}
	for i := range recs {
		offs[i+1] += offs[i]
	}
	type member struct{ blk, pos int32 }
	mem := make([]member, offs[len(recs)])
	fill := slices.Clone(offs[:len(recs)])
	for bi, b := range blks {
		for x := b.lo; x < b.hi; x++ {
			r := all[x].rec
			mem[fill[r]] = member{int32(bi), x}
			fill[r]++
		}
	}
	fill = nil
	// Each record's partners of higher index, sorted and merged over its
	// blocks, chunk by chunk.
	type part struct {
		pairs []uint64
		rules []uint16
	}
	const chunk = 2048
	parts := make([]part, (len(recs)+chunk-1)/chunk)
	parallel(len(parts), workers, func(plo, phi int) {
		type pr struct {
			j    int32
			rule uint16
		}
		var ps []pr
		for c := plo; c < phi; c++ {
			var out part
			for i := c * chunk; i < min((c+1)*chunk, len(recs)); i++ {
				ps = ps[:0]
				add := func(j int32, rule uint8) {
					if j <= int32(i) || linkOnly && sources[i] == sources[j] {
						return
					}
					ps = append(ps, pr{j, 1 << rule})
				}
				for _, m := range mem[offs[i]:offs[i+1]] {
					b := blks[m.blk]
					if b.window {
						// Neighbours on both sides: a pair is kept by the
						// record of lower index, whichever side it is on.
						for x := max(b.lo, m.pos-Window); x < min(b.hi, m.pos+Window+1); x++ {
							if x != m.pos {
								add(all[x].rec, b.rule)
							}
						}
						continue
					}
					for x := b.lo; x < b.hi; x++ {
						add(all[x].rec, b.rule)
					}
				}
				slices.SortFunc(ps, func(a, b pr) int { return int(a.j - b.j) })
				for k := 0; k < len(ps); {
					j, rules := ps[k].j, uint16(0)
					for ; k < len(ps) && ps[k].j == j; k++ {
						rules |= ps[k].rule
					}
					out.pairs = append(out.pairs, uint64(i)<<32|uint64(j))
					out.rules = append(out.rules, rules)
				}
			}
			parts[c] = out
		}
	})
	n := 0
	for _, p := range parts {
		n += len(p.pairs)
	}
	pairs, rules := make([]uint64, 0, n), make([]uint16, 0, n)
	for c := range parts {
		pairs, rules = append(pairs, parts[c].pairs...), append(rules, parts[c].rules...)
		parts[c] = part{}
	}
	st.Candidates = len(pairs)
	st.PerRule = make([]int, len(blocks))
	for _, r := range rules {
		for b := range blocks {
			if r&(1<<b) != 0 {
				st.PerRule[b]++
			}
		}
	}
	return pairs, rules, st
}
