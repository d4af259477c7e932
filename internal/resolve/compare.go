package resolve

// Method says how a comparison grades a pair of records.
type Method uint8

// Comparison methods. Each has ordered levels, best first after level 0,
// which means that one side has no value (the comparison then carries no
// weight).
const (
	// MethodName compares full names: exact; equal after transliteration
	// and particle folding; the same tokens reordered (given and family
	// names swapped); the tokens of the shorter name all in the longer
	// (middle names dropped); Score at least 0.85; at least 0.65;
	// initials; else.
	MethodName Method = iota
	// MethodNamePart compares one name part (a given name, a surname):
	// exact; equal after transliteration; Score at least 0.88; at least
	// 0.7; equal to the other record's Other field (given and family
	// names swapped); an initial; else.
	MethodNamePart
	// MethodDate compares dates of birth: exact; one typo (an optimal
	// string alignment distance of 1 on YYYYMMDD); day and month swapped;
	// one side only a year (or year and month) that agrees; within 365
	// days; else.
	MethodDate
	// MethodPhone compares phone numbers: the same E.164 number; the same
	// national significant number (last nine digits); else.
	MethodPhone
	// MethodIdentifier compares document, account, plate or serial
	// numbers: exact; equal once OCR-confusable characters are folded
	// (O/0, I/1, S/5, B/8, Z/2); one character apart (an optimal string
	// alignment distance of 1, five characters or more); else.
	MethodIdentifier
	// MethodExact compares short values: equal; else.
	MethodExact
	// MethodText compares short values: equal; Jaro-Winkler at least
	// 0.9; at least 0.75; else.
	MethodText
	// MethodAddress compares address token sets: equal; Jaccard at least
	// 0.7; at least 0.4; else.
	MethodAddress
	// MethodEmail compares e-mail addresses: equal; the same local part
	// or Jaro-Winkler at least 0.9; else.
	MethodEmail
)

var methodLevels = map[Method][]string{
	MethodName:       {"null", "exact", "same after transliteration", "same names reordered", "shorter name within longer", "similar (score >= 0.85)", "similar (score >= 0.65)", "initials", "different"},
	MethodNamePart:   {"null", "exact", "same after transliteration", "similar (score >= 0.88)", "similar (score >= 0.7)", "swapped with the other name field", "initial", "different"},
	MethodDate:       {"null", "exact", "one typo", "day and month swapped", "year only, agrees", "within a year", "different"},
	MethodPhone:      {"null", "same E.164 number", "same national number", "different"},
	MethodIdentifier: {"null", "exact", "same but for OCR confusion (O/0, I/1, S/5, B/8, Z/2)", "one character apart", "different"},
	MethodExact:      {"null", "exact", "different"},
	MethodText:       {"null", "exact", "Jaro-Winkler >= 0.9", "Jaro-Winkler >= 0.75", "different"},
	MethodAddress:    {"null", "exact", "Jaccard >= 0.7", "Jaccard >= 0.4", "different"},
	MethodEmail:      {"null", "exact", "same local part or Jaro-Winkler >= 0.9", "different"},
}

// tfLevels are the levels whose weight is adjusted by term frequency.
var tfLevels = map[Method]map[int]bool{
	MethodName: {1: true, 2: true, 3: true}, MethodNamePart: {1: true, 2: true}, MethodExact: {1: true}, MethodText: {1: true},
}

// Comparison compares one field (or a pair of fields) of two records.
type Comparison struct {
	Name   string // as shown in explanations, e.g. "name", "birth date"
	Method Method
	Field  int // the field compared
	// Other is a second field of MethodNamePart: the surname when Field is
	// the given name, or the reverse, to detect swaps; -1 for none.
	Other int
	// TF adjusts the exact levels by the value's frequency: agreeing on a
	// rare name weighs more than on Mohammed (Splink's term-frequency
	// adjustment: the level's u is replaced by the value's frequency).
	TF bool
	// Unique marks identifiers that belong to one entity (a passport, a
	// plate, an IBAN, an engine serial): two different entities share one
	// only by a recording error. The u of the exact level is then at most
	// UniqueU. Estimated from random pairs, it would count the pairs of
	// records of one entity that random sampling draws, which in a source
	// with many records per entity makes agreement look common.
	Unique bool
	// Contradicts makes disagreement at the last level ("different") keep
	// clusters apart in the coherence check, whatever else agrees: for
	// fields that rarely differ in records of one entity beyond the levels
	// that tolerate errors (a date of birth, a passport number).
	Contradicts bool
	// ContradictsFrom, when set, is the first level that contradicts
	// (instead of the last alone): for dates of birth, "within a year"
	// too, as two full dates that differ beyond a typo or a swap are two
	// people.
	ContradictsFrom int
	// Vetoes makes disagreement at the last level keep two records apart
	// unless a Unique comparison agrees (exactly, or but for OCR
	// confusion) or a phone comparison finds one E.164 number: two people
	// with different names are not linked by a shared date of birth and
	// nationality, but may be by one passport or phone, as aliases are. It applies to the pair scored and to every
	// pair of the coherence check.
	Vetoes bool
}

// UniqueU is the highest u of the exact level of a Unique identifier: one
// pair of different entities in 100,000 sharing a number by error.
const UniqueU = 1e-5

// Levels returns the comparison's level labels; level 0 is "null".
func (c *Comparison) Levels() []string { return methodLevels[c.Method] }

// compare returns the level of the pair (0 when a side has no value) and,
// for TF levels, the value they agree on.
func (c *Comparison) compare(a, b *prepared) (int, string) {
	switch c.Method {
	case MethodName:
		return compareNames(of(a.names, c.Field), of(b.names, c.Field))
	case MethodNamePart:
		return compareNamePart(of(a.names, c.Field), of(b.names, c.Field), c.Other, a, b)
	case MethodDate:
		return compareDates(of(a.dates, c.Field), of(b.dates, c.Field)), ""
	case MethodPhone:
		return comparePhones(of(a.phones, c.Field), of(b.phones, c.Field)), ""
	case MethodIdentifier:
		return compareIDs(of(a.ids, c.Field), of(b.ids, c.Field)), ""
	case MethodExact, MethodText, MethodEmail:
		return compareTexts(c.Method, of(a.texts, c.Field), of(b.texts, c.Field))
	case MethodAddress:
		return compareAddrs(of(a.addrs, c.Field), of(b.addrs, c.Field)), ""
	}
	return 0, ""
}

func compareNames(as, bs []fv[Name]) (int, string) {
	if len(as) == 0 || len(bs) == 0 {
		return 0, ""
	}
	best, key := 8, ""
	for i := range as {
		for j := range bs {
			l, k := nameLevel(&as[i].v, &bs[j].v)
			if l < best {
				best, key = l, k
			}
			if best == 1 {
				return best, key
			}
		}
	}
	return best, key
}

func nameLevel(a, b *Name) (int, string) {
	m := MatchNames(a, b)
	switch {
	case m.Exact:
		return 1, a.Key
	case m.Shorter == m.Longer && m.Strong == m.Shorter && m.Ordered:
		return 2, a.SkelKey
	case m.Shorter == m.Longer && m.Strong == m.Shorter:
		return 3, a.SkelKey
	case m.Strong == m.Shorter && m.Shorter >= 2:
		return 4, ""
	case m.Score >= 0.85:
		return 5, ""
	case m.Score >= 0.65:
		return 6, ""
	case m.Initial > 0 && m.Strong+m.Initial == m.Shorter:
		return 7, ""
	}
	return 8, ""
}

func compareNamePart(as, bs []fv[Name], other int, a, b *prepared) (int, string) {
	if len(as) == 0 || len(bs) == 0 {
		return 0, ""
	}
	best, key := 7, ""
	for i := range as {
		for j := range bs {
			m := MatchNames(&as[i].v, &bs[j].v)
			l, k := 7, ""
			switch {
			case m.Exact:
				l, k = 1, as[i].v.Key
			case m.Strong == m.Shorter && m.Shorter == m.Longer:
				l, k = 2, as[i].v.SkelKey
			case m.Score >= 0.88:
				l = 3
			case m.Score >= 0.7:
				l = 4
			case m.Initial > 0:
				l = 6
			}
			if l < best {
				best, key = l, k
			}
		}
	}
	if best > 4 && other >= 0 {
		// Given and family names swapped: a's part is b's other part.
		for _, x := range as {
			for _, y := range of(b.names, other) {
				if m := MatchNames(&x.v, &y.v); m.Strong == m.Shorter && m.Shorter == m.Longer {
					return 5, ""
				}
			}
		}
	}
	return best, key
}

func compareDates(as, bs []fv[dateVal]) int {
	if len(as) == 0 || len(bs) == 0 {
		return 0
	}
	best := 6
	for _, x := range as {
		for _, y := range bs {
			best = min(best, dateLevel(x.v, y.v))
		}
	}
	return best
}

func dateLevel(a, b dateVal) int {
	full := a.d > 0 && b.d > 0
	switch {
	case a == b && full:
		return 1
	case full && dateTypo(a, b):
		return 2
	case full && a.y == b.y && a.m == b.d && a.d == b.m:
		return 3
	case !full && a.y == b.y && (a.m == 0 || b.m == 0 || a.m == b.m):
		return 4
	case full && a.m <= 12 && b.m <= 12 && a.d <= 31 && b.d <= 31:
		if days := abs(dayNumber(a) - dayNumber(b)); days <= 365 {
			return 5
		}
	}
	return 6
}

// dateTypo reports whether two dates are one typo apart: their YYYYMMDD
// digits differ in one place, or by two adjacent digits swapped.
func dateTypo(a, b dateVal) bool {
	da, db := a.digitArray(), b.digitArray()
	diff, first := 0, -1
	for i := range da {
		if da[i] != db[i] {
			if diff == 0 {
				first = i
			}
			diff++
		}
	}
	switch diff {
	case 1:
		return true
	case 2:
		return first+1 < len(da) && da[first] == db[first+1] && da[first+1] == db[first] && da[first+1] != db[first+1]
	}
	return false
}

// dayNumber counts days from a fixed origin (a proleptic Gregorian day
// number), for differences between dates.
func dayNumber(d dateVal) int {
	y, m := d.y, d.m
	if m <= 2 {
		y--
		m += 12
	}
	return 365*y + y/4 - y/100 + y/400 + (153*(m-3)+2)/5 + d.d
}

func comparePhones(as, bs []fv[phoneVal]) int {
	if len(as) == 0 || len(bs) == 0 {
		return 0
	}
	best := 3
	for _, x := range as {
		for _, y := range bs {
			switch {
			case x.v.e164 == y.v.e164:
				return 1
			case x.v.nsn == y.v.nsn:
				best = min(best, 2)
			}
		}
	}
	return best
}

func compareIDs(as, bs []fv[idVal]) int {
	if len(as) == 0 || len(bs) == 0 {
		return 0
	}
	best := 4
	for _, x := range as {
		for _, y := range bs {
			switch {
			case x.v.s == y.v.s:
				return 1
			case x.v.ocr == y.v.ocr:
				best = min(best, 2)
			case len(x.v.s) >= 5 && abs(len(x.v.s)-len(y.v.s)) <= 1 && Damerau(x.v.s, y.v.s) == 1:
				best = min(best, 3)
			}
		}
	}
	return best
}

func compareTexts(m Method, as, bs []fv[string]) (int, string) {
	if len(as) == 0 || len(bs) == 0 {
		return 0, ""
	}
	last := len(methodLevels[m]) - 1
	best := last
	for _, x := range as {
		for _, y := range bs {
			if x.v == y.v {
				return 1, x.v
			}
			switch m {
			case MethodText:
				j := JaroWinkler(x.v, y.v)
				if j >= 0.9 {
					best = min(best, 2)
				} else if j >= 0.75 {
					best = min(best, 3)
				}
			case MethodEmail:
				lx, ly := localPart(x.v), localPart(y.v)
				if lx == ly || JaroWinkler(x.v, y.v) >= 0.9 {
					best = min(best, 2)
				}
			}
		}
	}
	return best, ""
}

func localPart(e string) string {
	for i := 0; i < len(e); i++ {
		if e[i] == '@' {
			return e[:i]
		}
	}
	return e
}

func compareAddrs(as, bs []fv[[]string]) int {
	if len(as) == 0 || len(bs) == 0 {
		return 0
	}
	best := 4
	for _, x := range as {
		for _, y := range bs {
			j := jaccard(x.v, y.v)
			switch {
			case j == 1:
				return 1
			case j >= 0.7:
				best = min(best, 2)
			case j >= 0.4:
				best = min(best, 3)
			}
		}
	}
	return best
}

// jaccard returns |a∩b| / |a∪b| of two sorted distinct token lists.
func jaccard(a, b []string) float64 {
	i, j, inter := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}
