package scenario

import (
	"fmt"
	"strings"
	"time"
)

// NoiseKind is one kind of recording error the generator applies.
type NoiseKind int

// The noise kinds, in the order of Noise's fields.
const (
	NoiseTranslit NoiseKind = iota
	NoiseNameSwap
	NoiseDOBTypo
	NoiseDOBSwap
	NoiseDOBYearOnly
	NoiseMissing
	NoiseAlias
	NoiseAliasAsName
	NoiseOCR
	NoisePhoneFormat
	NoisePlateFormat
	numNoise
)

var noiseNames = [numNoise]string{"translit", "name_swap", "dob_typo", "dob_swap", "dob_year_only", "missing",
	"alias", "alias_as_name", "ocr", "phone_format", "plate_format"}

// String returns the kind's name as the truth files write it.
func (k NoiseKind) String() string { return noiseNames[k] }

// NoiseKinds lists every noise kind.
func NoiseKinds() []NoiseKind {
	out := make([]NoiseKind, numNoise)
	for i := range out {
		out[i] = NoiseKind(i)
	}
	return out
}

// rate returns the configured rate of kind k.
func (n *Noise) rate(k NoiseKind) float64 {
	return [numNoise]float64{n.Translit, n.NameSwap, n.DOBTypo, n.DOBSwap, n.DOBYearOnly, n.Missing,
		n.Alias, n.AliasAsName, n.OCR, n.PhoneFormat, n.PlateFormat}[k]
}

// Rate returns the configured rate of kind k.
func (n Noise) Rate(k NoiseKind) float64 { return n.rate(k) }

// NoiseCount is how often a kind could have been applied and was.
type NoiseCount struct {
	Eligible int64 `json:"eligible"`
	Applied  int64 `json:"applied"`
}

// noiseStats counts opportunities and applications per kind.
type noiseStats [numNoise]NoiseCount

func (s *noiseStats) add(o *noiseStats) {
	for i := range s {
		s[i].Eligible += o[i].Eligible
		s[i].Applied += o[i].Applied
	}
}

// rec draws the noise of one record: a stream keyed by the source and the
// record, the kinds applied so far, and the counts.
type rec struct {
	r     rng
	noise *Noise
	stats *noiseStats
	kinds uint32
}

// try counts an opportunity for kind k and reports whether it is applied.
func (rc *rec) try(k NoiseKind) bool {
	rc.stats[k].Eligible++
	if rc.r.chance(rc.noise.rate(k)) {
		rc.stats[k].Applied++
		rc.kinds |= 1 << k
		return true
	}
	return false
}

// label lists the kinds applied to the record, "+"-joined ("" for none).
func (rc *rec) label() string { return kindsLabel(rc.kinds) }

func kindsLabel(kinds uint32) string {
	if kinds == 0 {
		return ""
	}
	var parts []string
	for k := NoiseKind(0); k < numNoise; k++ {
		if kinds&(1<<k) != 0 {
			parts = append(parts, k.String())
		}
	}
	return strings.Join(parts, "+")
}

// nameStyle says how a source writes names.
type nameStyle struct {
	upperFamily bool    // family name in capitals (Border Force, custody, Europol)
	upperAll    bool    // the whole name in capitals (banks)
	grandfather float64 // chance of adding the grandfather's name in patronymic cultures
	aliasColumn bool    // the layout has an alias field
}

// writtenName is a person's name as one record writes it.
type writtenName struct {
	given, family string // the two fields of layouts that separate them
	full          string // the single field of layouts that do not
	alias         string // the alias field, "" when none
	script        string // the name in its original script, "" when unknown
}

// variants returns the other spellings of one name token that a record
// can show: its variants (and, for Vietnamese names, the form with
// diacritics), leaving out those that read as the canon once upper-cased
// when the source writes the token in capitals (Turkish Yılmaz and Yilmaz
// are both YILMAZ).
func variants(f *nameForm, vietnamese, upper bool) []string {
	out := f.variants
	if vietnamese && f.script != "" && f.script != f.canon {
		out = append(append([]string{}, out...), f.script)
	}
	if !upper {
		return out
	}
	var kept []string
	for _, v := range out {
		if strings.ToUpper(v) != strings.ToUpper(f.canon) {
			kept = append(kept, v)
		}
	}
	return kept
}

// name writes identity id's name, with noise: another romanisation, an
// alias in place of the name, an alias beside it, given and family names
// swapped.
func (rc *rec) name(id *identity, st nameStyle) writtenName {
	given, family := id.given, id.family
	if len(id.aliases) > 0 && rc.try(NoiseAliasAsName) {
		a := id.aliases[rc.r.intn(len(id.aliases))]
		given, family = a.given, a.family
	}
	viet := id.cult != nil && id.cult.familyFirst
	tokens := []*nameForm{given, id.middle, family}
	if id.cult != nil && id.cult.patronymic && id.grand != nil && rc.r.chance(st.grandfather) {
		tokens = append(tokens, id.grand)
	}
	spell := make([]string, len(tokens))
	var varied []int
	// Which tokens a source writes in capitals: all of them, or the
	// family name (tokens after the given and middle names).
	// Given and family names are swapped (noise) before they are spelt,
	// so that the capitals fall where the record puts them.
	swap := rc.try(NoiseNameSwap)
	upper := func(i int) bool { return st.upperAll || st.upperFamily && (i >= 2) != swap }
	for i, t := range tokens {
		if t == nil {
			continue
		}
		spell[i] = t.canon
		if len(variants(t, viet, upper(i))) > 0 {
			varied = append(varied, i)
		}
	}
	if len(varied) > 0 && rc.try(NoiseTranslit) {
		first := varied[rc.r.intn(len(varied))]
		for _, i := range varied {
			if i == first || rc.r.chance(0.3) {
				v := variants(tokens[i], viet, upper(i))
				spell[i] = v[rc.r.zipf(len(v))]
			}
		}
	}
	join := func(parts ...string) string {
		var nonEmpty []string
		for _, p := range parts {
			if p != "" {
				nonEmpty = append(nonEmpty, p)
			}
		}
		return strings.Join(nonEmpty, " ")
	}
	var out writtenName
	out.given = join(spell[0], spell[1])
	out.family = join(spell[2:]...)
	if viet {
		out.full = join(out.family, out.given) // Vietnamese order: family, middle, given
	} else {
		out.full = join(out.given, out.family)
	}
	if swap {
		out.given, out.family = out.family, out.given
		if viet {
			out.full = join(out.family, out.given)
		} else {
			out.full = join(out.given, out.family)
		}
	}
	if st.aliasColumn && len(id.aliases) > 0 && rc.try(NoiseAlias) {
		a := id.aliases[rc.r.intn(len(id.aliases))]
		out.alias = join(a.given.canon, a.family.canon)
	}
	if st.upperAll {
		out.given, out.family, out.full = strings.ToUpper(out.given), strings.ToUpper(out.family), strings.ToUpper(out.full)
	} else if st.upperFamily {
		out.family = strings.ToUpper(out.family)
	}
	out.script = scriptName(tokens)
	return out
}

// scriptName joins the original-script forms of the tokens, "" unless
// every token has one.
func scriptName(tokens []*nameForm) string {
	var parts []string
	for _, t := range tokens {
		if t == nil {
			continue
		}
		if t.script == "" {
			return ""
		}
		parts = append(parts, t.script)
	}
	return strings.Join(parts, " ")
}

// Date layouts sources write dates of birth in.
const (
	layoutDMY    = "02/01/2006"
	layoutDMon   = "02-Jan-2006" // written upper-case: 07-MAR-1991
	layoutISO    = "2006-01-02"
	layoutDMYDot = "02.01.2006"
)

func formatCivil(c civil, layout string) string {
	s := time.Date(c.y, time.Month(c.m), c.d, 0, 0, 0, 0, time.UTC).Format(layout)
	if layout == layoutDMon {
		s = strings.ToUpper(s)
	}
	return s
}

// dob writes a date of birth, with noise: left out, the year only, day and
// month swapped (when both are 12 or less and differ), or one digit wrong.
// The kinds are exclusive and drawn in that order from one uniform number,
// so each occurs at its configured rate among the records eligible for it.
func (rc *rec) dob(c civil, layout string) string {
	n := rc.noise
	swappable := c.d <= 12 && c.d != c.m
	for _, k := range []NoiseKind{NoiseMissing, NoiseDOBYearOnly, NoiseDOBTypo} {
		rc.stats[k].Eligible++
	}
	if swappable {
		rc.stats[NoiseDOBSwap].Eligible++
	}
	u := rc.r.float()
	apply := func(k NoiseKind) {
		rc.stats[k].Applied++
		rc.kinds |= 1 << k
	}
	switch {
	case u < n.Missing:
		apply(NoiseMissing)
		return ""
	case u < n.Missing+n.DOBYearOnly:
		apply(NoiseDOBYearOnly)
		return fmt.Sprintf("%04d", c.y)
	case u < n.Missing+n.DOBYearOnly+n.DOBSwap:
		if swappable {
			apply(NoiseDOBSwap)
			return formatCivil(civil{c.y, c.d, c.m}, layout)
		}
	case u < n.Missing+n.DOBYearOnly+n.DOBSwap+n.DOBTypo:
		apply(NoiseDOBTypo)
		return formatCivil(rc.typo(c), layout)
	}
	return formatCivil(c, layout)
}

// typo changes one digit of a date so that it stays a valid, different
// date: a day digit, a month digit, or one of the year's last two.
func (rc *rec) typo(c civil) civil {
	for tries := 0; tries < 32; tries++ {
		t := c
		digit := rc.r.intn(10)
		switch rc.r.intn(5) {
		case 0:
			t.d = t.d/10*10 + digit
		case 1:
			t.d = digit*10 + t.d%10
		case 2:
			t.m = t.m/10*10 + digit
		case 3:
			t.y = t.y/10*10 + digit
		default:
			t.y = t.y/100*100 + digit*10 + t.y%10
		}
		if t != c && t.valid() && t.y <= 2024 {
			return t
		}
	}
	return civil{c.y - 1, c.m, min(c.d, 28)}
}

// opt writes an optional field, or leaves it empty (missing).
func (rc *rec) opt(v string) string {
	if v == "" {
		return ""
	}
	if rc.try(NoiseMissing) {
		return ""
	}
	return v
}

var ocrSwap = map[byte]byte{'0': 'O', 'O': '0', '1': 'I', 'I': '1', '5': 'S', 'S': '5', '8': 'B', 'B': '8', '2': 'Z', 'Z': '2'}

// ocr writes a document or serial number, with one character misread.
func (rc *rec) ocr(v string) string {
	var pos []int
	for i := 0; i < len(v); i++ {
		if _, ok := ocrSwap[v[i]]; ok {
			pos = append(pos, i)
		}
	}
	if len(pos) == 0 || !rc.try(NoiseOCR) {
		return v
	}
	b := []byte(v)
	i := pos[rc.r.intn(len(pos))]
	b[i] = ocrSwap[b[i]]
	return string(b)
}

// phone writes a number as a record made in region (ISO alpha-2, lower
// case: the country whose numbering the record's national numbers follow)
// writes it. A number of that country is written in national form, or
// (noise) in international form; a foreign number is always written in
// international form, since in national form it would read as another
// number of region's (and is then no opportunity for the noise). The
// spacing varies freely.
func (rc *rec) phone(p *phone, region string) string {
	intl := true
	if p.country == region {
		intl = rc.try(NoisePhoneFormat)
	}
	spaced := rc.r.chance(0.6)
	if intl {
		if spaced {
			return international(p.e164)
		}
		return p.e164
	}
	if spaced {
		return p.national
	}
	return strings.ReplaceAll(p.national, " ", "")
}

// plate writes a registration plate, usually with its country's spacing,
// or (noise) with the separators dropped or replaced.
func (rc *rec) plate(v *vehicle) string {
	if !rc.try(NoisePlateFormat) {
		return v.plate
	}
	compact := strings.NewReplacer(" ", "", "-", "").Replace(v.plate)
	if v.country != "gb" && rc.r.chance(0.5) {
		return strings.ReplaceAll(v.plate, "-", " ")
	}
	return compact
}
