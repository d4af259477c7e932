package resolve

import (
	"sort"
	"strings"
)

// Name is a person's or organisation's name prepared for comparison:
// tokens with particles folded (al-, el-, bin/ibn, abd/abdul joined or not,
// -ullah and -uddin attached), titles dropped, each token with its
// skeleton. Names must be Latin-script and lower-case (transliterate
// first; the resolution adapter uses normalize.LatinKey).
type Name struct {
	Tokens []Token
	// Key is the tokens joined by spaces: equal Keys are the same name.
	Key string
	// SkelKey is the tokens' skeletons, sorted and joined: equal SkelKeys
	// are the same name up to transliteration and order.
	SkelKey string
	// Patronymic is set when the name says whose son or daughter the
	// person is (bin, ibn, ben, ould...): its order then carries meaning.
	Patronymic bool
}

// Token is one name part.
type Token struct {
	S       string // the folded token ("alhassan", "abdrahman")
	Alt     string // the token without its article ("hassan"), "" when none
	Skel    string // Skeleton(S)
	AltSkel string
}

// titles are honorifics and religious or professional titles that records
// include or leave out at will.
var titles = map[string]bool{"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "prof": true,
	"sir": true, "sheikh": true, "shaikh": true, "shaykh": true, "sheik": true, "haji": true, "hajji": true, "alhaj": true,
	"alhajj": true, "mullah": true, "mulla": true, "maulana": true, "maulvi": true, "mawlawi": true, "qari": true,
	"hafiz": true, "hajj": true, "imam": true, "president": true, "general": true, "gen": true, "colonel": true,
	"col": true, "major": true, "maj": true, "capt": true, "captain": true, "minister": true, "senator": true,
	"judge": true, "prince": true, "king": true, "queen": true, "lord": true, "lady": true, "monsieur": true,
	"madame": true, "mme": true, "mlle": true, "herr": true, "frau": true, "sayyid": true}

// connectors mark descent (son or daughter of) and are left out.
var connectors = map[string]bool{"bin": true, "ibn": true, "ben": true, "bint": true, "binti": true, "bte": true,
	"ould": true, "wuld": true, "walad": true, "bn": true}

// articles are Arabic articles written apart ("al Hassan", "el-Sayed").
var articles = map[string]bool{"al": true, "el": true, "ul": true, "ad": true, "ar": true, "as": true, "ash": true,
	"at": true, "az": true, "an": true, "ed": true, "er": true, "es": true, "ud": true, "ur": true}

// suffixParts are the second halves of compound names written apart
// ("Saif Ullah", "Zia ud Din"): joined to the part before.
var suffixParts = map[string]bool{"ullah": true, "ulla": true, "allah": true, "illah": true, "uddin": true, "addin": true,
	"eddin": true, "eddine": true, "aldin": true, "din": true, "deen": true, "uldin": true}

// PrepareName prepares a name for comparison. O(len(s)).
func PrepareName(s string) Name {
	raw := Tokens(strings.ToLower(s))
	for i, t := range raw {
		raw[i] = unLeet(t)
	}
	var parts []string
	patronymic := false
	for i := 0; i < len(raw); i++ {
		t := raw[i]
		switch {
		case titles[t] && len(raw) > 1:
			continue
		case connectors[t] && i > 0:
			// Between two names it says whose child the person is; first,
			// it is a name (Ben Netanyahu).
			patronymic = patronymic || i+1 < len(raw)
			continue
		case articles[t] && i+2 < len(raw) && connectors[raw[i+1]]:
			// A family name "Al Bin Ali" is written "Al Ben Ali" and
			// "Al Ali": the connector inside it is left out.
			raw[i+1] = t
		case articles[t] && i+1 < len(raw):
			// "al hassan" -> "alhassan"; "abd al rahman" -> "abdalrahman".
			if len(parts) > 0 && isAbd(parts[len(parts)-1]) {
				parts[len(parts)-1] += t + raw[i+1]
			} else {
				parts = append(parts, t+raw[i+1])
			}
			i++
		case suffixParts[t] && len(parts) > 0:
			parts[len(parts)-1] += t
		default:
			parts = append(parts, t)
		}
	}
	n := Name{Tokens: make([]Token, 0, len(parts)), Patronymic: patronymic}
	keys := make([]string, 0, len(parts))
	skels := make([]string, 0, len(parts))
	for _, p := range parts {
		tok := Token{S: foldAbd(p)}
		if rest, ok := stripArticle(tok.S); ok {
			tok.Alt = rest
			tok.AltSkel = Skeleton(rest)
		}
		tok.Skel = Skeleton(tok.S)
		n.Tokens = append(n.Tokens, tok)
		keys = append(keys, tok.S)
		sk := tok.Skel
		if tok.AltSkel != "" {
			sk = tok.AltSkel
		}
		skels = append(skels, sk)
	}
	n.Key = strings.Join(keys, " ")
	sort.Strings(skels)
	n.SkelKey = strings.Join(skels, " ")
	return n
}

// syllabic reports whether s holds Han, Hangul or kana characters, scripts
// in which one character is a syllable, so that one different character
// makes another name.
func syllabic(s string) bool {
	if isASCII(s) {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 0x1100 && r <= 0x11FF, r >= 0x3040 && r <= 0x30FF, r >= 0x3130 && r <= 0x318F,
			r >= 0x3400 && r <= 0x4DBF, r >= 0x4E00 && r <= 0x9FFF, r >= 0xAC00 && r <= 0xD7AF, r >= 0xF900 && r <= 0xFAFF:
			return true
		}
	}
	return false
}

// unLeet reads digits in a token of letters as the letters they are
// mistaken for (OCR and typing: Ig0r Sech1n is Igor Sechin).
func unLeet(t string) string {
	letters, digits := false, false
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c >= '0' && c <= '9':
			digits = true
		case c >= 'a' && c <= 'z':
			letters = true
		}
	}
	if !letters || !digits {
		return t
	}
	return strings.NewReplacer("0", "o", "1", "i", "3", "e", "4", "a", "5", "s", "7", "t", "8", "b", "9", "g").Replace(t)
}

// isAbd reports whether t is "abd" and its spellings as a separate word.
func isAbd(t string) bool {
	switch t {
	case "abd", "abdul", "abdel", "abdal", "abdol", "abdur", "abdu", "abdi", "abde", "abdo", "abdil":
		return true
	}
	return false
}

// foldAbd writes the "servant of" compounds one way: abdulrahman,
// abdelrahman, abd al-rahman, abdurrahman and abdirahman all become
// abdrahman.
func foldAbd(t string) string {
	if !strings.HasPrefix(t, "abd") || len(t) < 6 {
		return t
	}
	rest := t[3:]
	for _, conn := range []string{"ul", "el", "al", "ol", "ur", "ar", "ir", "il", "u", "e", "a", "i", "o"} {
		if strings.HasPrefix(rest, conn) && len(rest)-len(conn) >= 3 {
			rest = rest[len(conn):]
			break
		}
	}
	if len(rest) > 1 && rest[0] == rest[1] { // assimilated article: abdur-rahman
		rest = rest[1:]
	}
	return "abd" + rest
}

// stripArticle returns t without a leading al/el/ul when what remains is a
// name of three letters or more.
func stripArticle(t string) (string, bool) {
	for _, a := range []string{"al", "el", "ul"} {
		if strings.HasPrefix(t, a) && len(t)-len(a) >= 3 {
			rest := t[len(a):]
			if len(rest) > 1 && rest[0] == rest[1] { // as-sayed written assayed
				rest = rest[1:]
			}
			return rest, true
		}
	}
	return "", false
}

// Token similarity classes.
const (
	simEqual      = 1.0  // the same token, or the same without its article
	simSkel       = 0.95 // the same skeleton: another romanisation
	simInitial    = 0.9  // an initial and a token it begins
	simTypo       = 0.92 // one typo
	simEquivalent = 0.93 // the same given name in another form (Tom, Thomas; Yusuf, Joseph)
	jwScale       = 0.85 // Jaro-Winkler of tokens two edits or more apart, scaled
)

// tokenSim returns the similarity of two tokens in [0, 1]: 1 for equal
// tokens (with or without article), 0.95 for equal skeletons, 0.93 for
// equivalent given names (Tom and Thomas, Yusuf and Joseph: see
// equivalents), 0.9 for an initial and a token it begins, 0.92 for one typo (one edit, in tokens of
// four letters or more), else Jaro-Winkler scaled by 0.85: two edits or
// more make another name more often than a misspelling. Tokens left in a
// non-Latin script (Han, Hangul, where a character is a syllable) are
// equal or not. A Slavic surname in its feminine form against one in its
// masculine form (-ova/-ov, -ina/-in, -skaya/-sky) scores 0: the surname
// says the two are a woman and a man.
func tokenSim(a, b *Token) float64 {
	if a.S == b.S || a.Alt != "" && (a.Alt == b.S || a.Alt == b.Alt) || b.Alt != "" && b.Alt == a.S {
		return simEqual
	}
	if genders(a.S, b.S) {
		return 0 // Barynova and Baranov: a woman's and a man's surname
	}
	if len(a.S) == 1 || len(b.S) == 1 {
		if a.S[0] == b.S[0] {
			return simInitial
		}
		return 0
	}
	if len(a.Skel) >= 2 && (a.Skel == b.Skel || a.AltSkel != "" && (a.AltSkel == b.Skel || a.AltSkel == b.AltSkel) || b.AltSkel != "" && b.AltSkel == a.Skel) {
		return simSkel
	}
	if equivalent(a.S, b.S) {
		return simEquivalent
	}
	if syllabic(a.S) || syllabic(b.S) {
		return 0 // Han, Hangul, kana left untransliterated: one character is a syllable
	}
	best := 0.0
	for _, x := range []string{a.S, a.Alt} {
		for _, y := range []string{b.S, b.Alt} {
			if x == "" || y == "" {
				continue
			}
			if min(len(x), len(y)) >= 4 && abs(len(x)-len(y)) <= 1 && Damerau(x, y) == 1 {
				return simTypo
			}
			best = max(best, jwScale*JaroWinkler(x, y))
		}
	}
	return best
}

// NameMatch is how two names align token by token.
type NameMatch struct {
	Exact   bool    // the same tokens in the same order
	Shorter int     // tokens of the shorter name
	Longer  int     // tokens of the longer name
	Strong  int     // tokens of the shorter name matched at 0.95 or more
	Initial int     // tokens matched by an initial only
	Min     float64 // the weakest match among the shorter name's tokens (0 when one is unmatched)
	Mean    float64 // the mean match of the shorter name's tokens
	Ordered bool    // the matched tokens are in the same order in both names
	Score   float64 // overall similarity in [0, 1] (see MatchNames)
}

// MatchNames aligns the tokens of a and b: each token of the shorter name
// is paired with at most one of the longer, greedily by similarity (the
// pairs at or above 0.6 are kept), after joining consecutive tokens that
// one name writes as one ("Abdul Rahman"/"Abdulrahman", "SergeiLavrov").
// Score is the product of the shorter name's token similarities (the
// weakest link dominates: one different surname makes different people)
// times 0.88 per extra token in the longer name beyond the first; 0.6 when
// the shorter name is initials only, 0.7 for a one-token name against a
// longer one; for tokens out of order 0.85 (0.5 when a name is
// patronymic: "Salman bin Muhammad" is not "Muhammad bin Salman"); 0.8
// when the shorter name's first token matches a later token of the longer
// and the longer's first matches nothing. O(n·m) token comparisons.
func MatchNames(a, b *Name) NameMatch {
	if len(a.Tokens) == 0 || len(b.Tokens) == 0 {
		return NameMatch{}
	}
	if a.Key == b.Key {
		n := len(a.Tokens)
		return NameMatch{Exact: true, Shorter: n, Longer: n, Strong: n, Min: 1, Mean: 1, Ordered: true, Score: 1}
	}
	at, bt := joinRuns(splitInitials(a.Tokens, b.Tokens), b.Tokens), joinRuns(splitInitials(b.Tokens, a.Tokens), a.Tokens)
	if len(at) > len(bt) {
		at, bt = bt, at
	}
	m := NameMatch{Shorter: len(at), Longer: len(bt), Ordered: true}
	type cell struct {
		i, j int
		s    float64
	}
	var cells [36]cell
	cs := cells[:0]
	for i := range at {
		for j := range bt {
			if s := tokenSim(&at[i], &bt[j]); s >= 0.6 {
				cs = append(cs, cell{i, j, s})
			}
		}
	}
	// Insertion sort (a handful of cells); ties favour the same position,
	// so "Ali Ali" stays aligned.
	for x := 1; x < len(cs); x++ {
		for y := x; y > 0; y-- {
			p, q := cs[y-1], cs[y]
			if q.s > p.s || q.s == p.s && abs(q.i-q.j) < abs(p.i-p.j) {
				cs[y-1], cs[y] = q, p
			} else {
				break
			}
		}
	}
	var usedA, usedB [64]bool
	var bestBuf [16]float64
	var posBuf [16]int
	best, pos := bestBuf[:0], posBuf[:0]
	for range at {
		best, pos = append(best, 0), append(pos, -1)
	}
	for _, c := range cs {
		if c.i >= 64 || c.j >= 64 || usedA[c.i] || usedB[c.j] {
			continue
		}
		usedA[c.i], usedB[c.j] = true, true
		best[c.i], pos[c.i] = c.s, c.j
	}
	m.Min, m.Score = 1, 1
	last := -1
	for i, s := range best {
		m.Mean += s
		m.Min = min(m.Min, s)
		m.Score *= s
		switch {
		case s >= simSkel:
			m.Strong++
		case s == simInitial:
			m.Initial++
		}
		if pos[i] >= 0 {
			if pos[i] < last {
				m.Ordered = false
			}
			last = pos[i]
		}
	}
	m.Mean /= float64(len(at))
	for k := 1; k < m.Longer-m.Shorter; k++ {
		m.Score *= 0.88 // the first extra token (a middle name) is free
	}
	initials := true
	for _, t := range at {
		initials = initials && len(t.S) == 1
	}
	switch {
	case initials && m.Longer > 1:
		m.Score *= 0.6 // initials alone ("N. N.") say little
	case m.Shorter == 1 && m.Longer > 1:
		m.Score *= 0.7 // a single name against a full one says little
	case !m.Ordered && a.Patronymic && b.Patronymic:
		m.Score *= 0.5 // son and father swapped: another person
	case !m.Ordered:
		m.Score *= 0.85
	case m.Longer > m.Shorter && pos[0] > 0 && !usedB[0]:
		// The shorter name's first token matches a later one of the longer,
		// whose first token matches nothing: a patronymic or middle name
		// taken for the given name (Oleksandr against Volodymyr
		// Oleksandrovych).
		m.Score *= 0.8
	}
	return m
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// joinRuns returns a's tokens with runs of two or three consecutive
// tokens joined when the join equals a token of b (or its skeleton
// does): "abdul rahman" against "abdulrahman", "sergei lavrov" against
// "sergeilavrov".
func joinRuns(a, b []Token) []Token {
	if len(a) < 2 {
		return a
	}
	// A join of two tokens matches a token at most three letters shorter
	// (a skeleton drops letters): skip when b has none that long.
	shortest := len(a[0].S) + len(a[1].S)
	for i := 1; i+1 < len(a); i++ {
		shortest = min(shortest, len(a[i].S)+len(a[i+1].S))
	}
	long := false
	for i := range b {
		if len(b[i].S) >= 5 && len(b[i].S) >= shortest-3 {
			long = true
			break
		}
	}
	if !long {
		return a
	}
	matches := func(j string) bool {
		sk := ""
		for i := range b {
			if len(b[i].S) < 5 || len(b[i].S) < len(j)-3 {
				continue
			}
			if b[i].S == j {
				return true
			}
			if sk == "" {
				sk = Skeleton(j)
			}
			if b[i].Skel == sk {
				return true
			}
		}
		return false
	}
	var out []Token
	for i := 0; i < len(a); i++ {
		joined := false
		for n := 3; n >= 2 && !joined; n-- {
			if i+n > len(a) {
				continue
			}
			size, initial := 0, false
			for k := i; k < i+n; k++ {
				size += len(a[k].S)
				initial = initial || len(a[k].S) == 1
			}
			if size < 5 || initial {
				continue // an initial is not a piece of a name: N. Nazarbayev
			}
			var s strings.Builder
			s.Grow(size)
			for k := i; k < i+n; k++ {
				s.WriteString(a[k].S)
			}
			j := foldAbd(s.String())
			if matches(j) {
				if out == nil {
					out = append(make([]Token, 0, len(a)), a[:i]...)
				}
				t := Token{S: j, Skel: Skeleton(j)}
				if rest, ok := stripArticle(j); ok {
					t.Alt, t.AltSkel = rest, Skeleton(rest)
				}
				out = append(out, t)
				i += n - 1
				joined = true
			}
		}
		if !joined && out != nil {
			out = append(out, a[i])
		}
	}
	if out == nil {
		return a
	}
	return out
}

// splitInitials returns a's tokens with a run of initials written as one
// token ("JC", "jc") split into initials when b has consecutive tokens
// they begin ("Jean-Claude"): a token of two or three consonants that
// is no token of b.
func splitInitials(a, b []Token) []Token {
	var out []Token
	for i := range a {
		t := a[i].S
		if n := len(t); n < 2 || n > 3 || !consonants(t) || !initialsOf(t, b) {
			if out != nil {
				out = append(out, a[i])
			}
			continue
		}
		if out == nil {
			out = append(make([]Token, 0, len(a)+2), a[:i]...)
		}
		for k := 0; k < len(t); k++ {
			out = append(out, Token{S: t[k : k+1], Skel: t[k : k+1]})
		}
	}
	if out == nil {
		return a
	}
	return out
}

func consonants(t string) bool {
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c < 'a' || c > 'z', c == 'a', c == 'e', c == 'i', c == 'o', c == 'u', c == 'y':
			return false
		}
	}
	return true
}

// initialsOf reports whether the letters of t begin consecutive tokens of b.
func initialsOf(t string, b []Token) bool {
	for j := 0; j+len(t) <= len(b); j++ {
		ok := true
		for k := 0; k < len(t) && ok; k++ {
			ok = len(b[j+k].S) > 1 && b[j+k].S[0] == t[k]
		}
		if ok {
			return true
		}
	}
	return false
}

// slavicGender pairs the feminine and masculine endings of Slavic
// surnames (Russian, Ukrainian, Bulgarian, Czech, Polish forms).
var slavicGender = [][2]string{{"ova", "ov"}, {"eva", "ev"}, {"yova", "yov"}, {"ina", "in"}, {"yna", "yn"},
	{"skaya", "sky"}, {"skaya", "skiy"}, {"skaya", "skii"}, {"skaya", "ski"}, {"ska", "ski"}, {"cka", "cki"},
	{"ova", "ovy"}}

// genders reports whether one token ends in a feminine Slavic surname
// ending and the other in the masculine ending that pairs with it, both
// with a stem of three letters or more.
func genders(a, b string) bool {
	// Quick refusal: a feminine ending ends in a, a masculine one does not.
	if len(a) < 5 || len(b) < 5 || (a[len(a)-1] == 'a') == (b[len(b)-1] == 'a') {
		return false
	}
	for _, x := range [][2]string{{a, b}, {b, a}} {
		for _, g := range slavicGender {
			if strings.HasSuffix(x[0], g[0]) && strings.HasSuffix(x[1], g[1]) && !strings.HasSuffix(x[1], g[0]) &&
				len(x[0])-len(g[0]) >= 3 && len(x[1])-len(g[1]) >= 3 {
				return true
			}
		}
	}
	return false
}
