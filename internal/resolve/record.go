package resolve

import (
	"strconv"
	"strings"
)

// Kind is the type of a field's values, which decides how they are
// prepared and compared.
type Kind uint8

// Field kinds.
const (
	KindName       Kind = iota // a person's or organisation's name (Latin script, lower case)
	KindDate                   // ISO 8601 date, possibly partial: 1990, 1990-03, 1990-03-12
	KindPhone                  // E.164 number (+447912345678)
	KindIdentifier             // a document, account, plate or serial number
	KindText                   // a short value compared as written (city, postcode, gender, country)
	KindAddress                // free-text address compared by its tokens
	KindEmail                  // e-mail address
)

// Field is one attribute of the records.
type Field struct {
	Name string
	Kind Kind
	// Link marks identifiers of other entities the record is tied to (the
	// accounts a person holds, the vehicles they drive) rather than of
	// its own: a person has several, so they do not make a record one
	// that stands on its own (see Settings.AttachFrom).
	Link bool
}

// Record is one mention of an entity in one source: an id, the source it
// came from and the values of each field, in the order of the Schema's
// fields. A field may hold several values (aliases, several phones).
type Record struct {
	ID     string
	Source string
	Values [][]string
	// Class separates records that scores never merge: two records of
	// different classes join only by an analyst's judgement (Judgement
	// Match), and a cluster never mixes classes otherwise. The resolution
	// adapter puts people recorded as victims in their own class: a
	// passenger is not merged with a smuggler of the same name by score.
	Class string
}

// prepared holds a record's values ready for comparison, one slice per
// kind with each value tagged by its field: compact for millions of
// records, and fields have few values.
type prepared struct {
	names  []fv[Name]
	dates  []fv[dateVal]
	phones []fv[phoneVal]
	ids    []fv[idVal]
	texts  []fv[string]   // KindText and KindEmail, lower-cased
	addrs  []fv[[]string] // KindAddress: sorted distinct tokens
}

// fv is one prepared value of a field.
type fv[T any] struct {
	f uint8
	v T
}

// of returns the values of field f in vs (a sub-slice when they are
// contiguous, which prepare guarantees).
func of[T any](vs []fv[T], f int) []fv[T] {
	lo := 0
	for lo < len(vs) && int(vs[lo].f) != f {
		lo++
	}
	hi := lo
	for hi < len(vs) && int(vs[hi].f) == f {
		hi++
	}
	return vs[lo:hi]
}

type dateVal struct {
	y, m, d int // m and d 0 when unknown
}

// digitArray returns the date's YYYYMMDD digits.
func (d dateVal) digitArray() [8]byte {
	var out [8]byte
	y := d.y
	for i := 3; i >= 0; i-- {
		out[i] = byte('0' + y%10)
		y /= 10
	}
	out[4], out[5] = byte('0'+d.m/10), byte('0'+d.m%10)
	out[6], out[7] = byte('0'+d.d/10), byte('0'+d.d%10)
	return out
}

// parseDate reads YYYY, YYYY-MM or YYYY-MM-DD (a time part is ignored);
// ok is false for anything else. A month or day out of range (1856-86-18,
// a typo) is kept: it can still be one typo from the true date.
func parseDate(s string) (dateVal, bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, 'T'); i > 0 {
		s = s[:i]
	}
	parts := strings.Split(s, "-")
	if len(parts) == 0 || len(parts) > 3 || len(parts[0]) != 4 {
		return dateVal{}, false
	}
	var v [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return dateVal{}, false
		}
		v[i] = n
	}
	if v[0] < 1000 || v[1] > 99 || v[2] > 99 {
		return dateVal{}, false
	}
	return dateVal{v[0], v[1], v[2]}, true
}

type phoneVal struct {
	e164 string
	nsn  string // the last nine digits: the national number without country code or trunk prefix
}

type idVal struct {
	s   string // upper-case, letters and digits only
	ocr string // with OCR-confusable characters folded (O→0, I→1, S→5, B→8, Z→2)
}

var ocrFold = strings.NewReplacer("O", "0", "Q", "0", "D", "0", "I", "1", "L", "1", "S", "5", "B", "8", "Z", "2", "G", "6")

func prepareID(s string) idVal {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	v := b.String()
	return idVal{s: v, ocr: ocrFold.Replace(v)}
}

func preparePhone(s string) phoneVal {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	nsn := d
	if len(nsn) > 9 {
		nsn = nsn[len(nsn)-9:]
	}
	return phoneVal{e164: s, nsn: nsn}
}

// prepare readies a record's values for the schema's fields. Fields
// beyond 255 are ignored.
func prepare(fields []Field, r *Record) prepared {
	var p prepared
	for i, f := range fields {
		if i >= len(r.Values) || i > 255 {
			break
		}
		fi := uint8(i)
		for _, v := range r.Values[i] {
			v = strings.TrimSpace(v)
			if v == "" {
				continue
			}
			switch f.Kind {
			case KindName:
				if n := PrepareName(v); len(n.Tokens) > 0 {
					p.names = append(p.names, fv[Name]{fi, n})
				}
			case KindDate:
				if d, ok := parseDate(v); ok {
					p.dates = append(p.dates, fv[dateVal]{fi, d})
				}
			case KindPhone:
				if ph := preparePhone(v); len(ph.nsn) >= 6 {
					p.phones = append(p.phones, fv[phoneVal]{fi, ph})
				}
			case KindIdentifier:
				if id := prepareID(v); len(id.s) >= 3 {
					p.ids = append(p.ids, fv[idVal]{fi, id})
				}
			case KindText, KindEmail:
				p.texts = append(p.texts, fv[string]{fi, strings.ToLower(v)})
			case KindAddress:
				if toks := addressTokens(v); len(toks) > 0 {
					p.addrs = append(p.addrs, fv[[]string]{fi, toks})
				}
			}
		}
	}
	return p
}

// addressTokens returns the sorted distinct lower-case tokens of an address.
func addressTokens(s string) []string {
	toks := Tokens(strings.ToLower(s))
	out := toks[:0]
	seen := map[string]bool{}
	for _, t := range toks {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	sortStrings(out)
	return out
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
