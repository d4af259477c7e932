package normalize

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// foldPool holds case-folding transformers: a cases.Caser keeps state and
// must not be shared between goroutines.
var foldPool = sync.Pool{New: func() any {
	c := cases.Fold()
	return &c
}}

// Name normalises a personal or organisation name for comparison while
// keeping its script: Arabic stays Arabic, Cyrillic stays Cyrillic.
//
// The steps are: Unicode NFKC (UAX #15; fullwidth forms, ligatures and Arabic
// presentation forms become plain letters); Unicode full case folding (so
// "ß" becomes "ss" and Greek final sigma becomes σ); canonical decomposition
// (NFD) and removal of nonspacing and enclosing marks (categories Mn, Me:
// accents, Arabic harakat and hamza seats, Hebrew points; the kana voicing
// marks U+3099 and U+309A are kept, バ is not ハ); removal of format
// characters (Cf: ZWNJ, ZWJ, bidi marks, soft hyphen) and the Arabic tatweel;
// every punctuation, symbol, control and separator character, and the
// modifier-letter apostrophes U+02B9..U+02BF, becomes a space; runs of
// spaces collapse to one and the ends are trimmed; the result is recomposed
// to NFC.
//
// Stripping marks also folds letters that Unicode builds from a base and a
// mark: Russian "й" becomes "и", "ё" becomes "е", Ukrainian "ї" becomes "і",
// Arabic "أ", "إ" and "آ" become "ا". Letters without a decomposition
// ("ø", "ł", "đ", "ı", Persian "ی" versus Arabic "ي") are kept; LatinKey
// maps those. Digits in any script are kept as they are.
//
// Invalid UTF-8 bytes count as separators. Example: "  José  O'Neil " gives
// "jose o neil". Name never fails; an input without letters or digits gives
// "". Name is idempotent.
func Name(s string) string {
	if isASCII(s) {
		return asciiName(s)
	}
	if !utf8.ValidString(s) {
		// The norm package does not decompose after invalid bytes.
		s = strings.ToValidUTF8(s, " ")
	}
	s = norm.NFKC.String(s)
	c := foldPool.Get().(*cases.Caser)
	s = c.String(s)
	foldPool.Put(c)
	s = norm.NFD.String(s)

	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch nameClass(r) {
		case nameDrop:
		case nameSpace:
			space = b.Len() > 0
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(foldCherokee(r))
		}
	}
	return norm.NFC.String(b.String())
}

// foldCherokee maps Cherokee small letters to capitals, the direction of
// Unicode case folding for Cherokee. golang.org/x/text/cases folds capitals
// to small letters and small letters to capitals, which would make Name
// flip-flop on Cherokee text.
func foldCherokee(r rune) rune {
	switch {
	case r >= 0xAB70 && r <= 0xABBF:
		return r - 0xAB70 + 0x13A0
	case r >= 0x13F8 && r <= 0x13FD:
		return r - 8
	}
	return r
}

// Classes of characters in Name.
const (
	nameKeep  = iota // letters, numbers, spacing marks, unassigned
	nameDrop         // removed without a trace
	nameSpace        // becomes a word separator
)

// nameClass classifies a character of a case-folded NFD string.
func nameClass(r rune) int {
	switch {
	case r == 0x0640: // ARABIC TATWEEL, a stretching stroke (Lm)
		return nameDrop
	case r >= 0x02B9 && r <= 0x02BF: // modifier-letter primes, apostrophes, ʾ ʿ (Lm)
		return nameSpace
	case r == 0x3099 || r == 0x309A: // kana voicing marks: バ is not ハ
		return nameKeep
	case unicode.IsLetter(r) || unicode.IsNumber(r):
		return nameKeep
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return nameDrop
	case r == utf8.RuneError || unicode.IsSpace(r) ||
		unicode.In(r, unicode.P, unicode.S, unicode.Z, unicode.Cc, unicode.Co, unicode.Cs):
		return nameSpace
	}
	return nameKeep
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiName is Name for ASCII input: every byte that is not a letter or digit
// is punctuation, a symbol, a control or a space. It returns s itself when s
// is already normalised.
func asciiName(s string) string {
	if isASCIIName(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		default:
			space = len(b) > 0
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = append(b, c)
	}
	return string(b)
}

// isASCIIName reports whether s consists of lower-case ASCII letters and
// digits in words separated by single spaces.
func isASCIIName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == ' ' && i > 0 && i < len(s)-1 && s[i-1] != ' ':
		default:
			return false
		}
	}
	return true
}

// LatinKey returns Name(s) transliterated to lower-case ASCII Latin so that
// one name written in different scripts or spellings meets on one key. It is a
// matching key, not a display form, and it never fails.
//
// Latin script: the result equals Name(s) except that letters without a
// Unicode decomposition are spelled out: ß→ss, æ→ae, œ→oe, ø→o, ł→l, ı→i,
// đ/ð→d, þ→th, ŋ→ng, ħ→h, ə/ɛ→e, ɔ→o, and the Hausa hooked letters ɓ ɗ ƙ ƴ
// lose their hooks. Vietnamese loses its tone and vowel marks in Name and
// "đ" becomes "d": "Nguyễn Văn Đức" gives "nguyen van duc".
//
// Cyrillic (Russian, Ukrainian, Belarusian, Serbian, Macedonian, Bulgarian,
// Kazakh): a simplified BGN/PCGN scheme without positional rules: х→kh,
// ц→ts, ч→ch, ш→sh, щ→shch, ж→zh, ю→yu, я→ya, є→ye, ы→y, и/і/й→i, г/ґ→g,
// ъ and ь dropped, ђ→dj, ћ→c, љ→lj, њ→nj, џ→dz. Russian and Ukrainian
// spellings therefore often meet: "Мария" and "Марія" both give "mariya".
//
// Greek: ELOT 743 letters (η→i, υ→y, χ→ch, θ→th, ψ→ps, ω→o) with the
// digraphs ου→ou, αυ→av, ευ→ev, ηυ→iv and γγ→ng, γξ→nx, γχ→nch.
//
// Arabic script (Arabic, Persian, Pashto, Dari, Urdu, Kurdish Sorani): a
// consonant skeleton, one fixed Latin value per letter and no vowels other
// than those written as letters. Values follow ALA-LC without diacritics:
// ث→th, ح→h, خ→kh, ذ→dh, ش→sh, ص→s, ض→d, ط→t, ظ→z, غ→gh, ق→q, و→w,
// ي/ی→y, ا→a, ة→a, ى→a, and ع→a because romanisations usually write it as a
// vowel (Abd, Ali); hamza is dropped. Persian, Pashto, Urdu and Kurdish
// letters get their usual values (پ→p, چ→ch, ژ→zh, گ→g, ښ→sh, ځ→dz, څ→ts,
// ڵ→l, ۆ→o, ێ→e, ە→e). Examples: "محمد" gives "mhmd", "عبد الرحمن" gives
// "abd alrhmn" (the article is kept as "al").
//
// Ethiopic (Tigrinya, Amharic, Ge'ez): each syllable becomes consonant plus
// vowel by its order: 1st ä→e, 2nd u, 3rd i, 4th a, 5th e, 6th (ə or no
// vowel)→nothing, 7th o, 8th wa; ሀ/ሐ/ኀ→h, ሠ/ሰ→s, ጠ→t, ጸ/ፀ→ts, ቀ→q,
// ኘ→ny, and the vowel carriers አ and ዐ give the bare vowel (1st order a,
// 6th order i). "ሃብተማርያም" gives "habtemaryam", "ገብረሂወት" gives
// "gebrehiwet".
//
// Armenian: the common BGN/PCGN values without apostrophes (խ→kh, ղ→gh,
// ց/ծ→ts, ու→u, և→ev). Georgian: the national system without apostrophes
// (ქ and კ→k, თ and ტ→t, ფ and პ→p, ყ→q, ღ→gh, ხ→kh, წ and ც→ts), applied
// to Mkhedruli, Mtavruli and Nuskhuri alike.
//
// Japanese kana (hiragana and katakana): modified Hepburn, ッ doubling the
// next consonant and ー dropped (see kanaLatin): "バラク・オバマ" gives
// "baraku obama".
//
// Decimal digits of every script become ASCII digits. Characters of scripts
// without a table here (Han, Hangul, Hebrew, Devanagari, Bengali, Thai and
// others) are kept as Name leaves them, so distinct names stay distinct but
// the key is then not pure ASCII. LatinKey is idempotent.
func LatinKey(s string) string {
	for _, r := range s {
		if isKana(r) {
			s = kanaLatin(s)
			break
		}
	}
	n := Name(s)
	if isASCII(n) {
		return n
	}
	rs := []rune(n)
	var b strings.Builder
	b.Grow(len(n))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r < utf8.RuneSelf {
			b.WriteByte(byte(r))
			continue
		}
		if i+1 < len(rs) {
			if t, ok := digraph(r, rs[i+1]); ok {
				b.WriteString(t)
				i++
				continue
			}
		}
		if t, ok := translit(r); ok {
			b.WriteString(t)
			continue
		}
		if d, ok := digitValue(r); ok {
			b.WriteByte('0' + d)
			continue
		}
		b.WriteRune(r)
	}
	return collapseSpaces(b.String())
}

// collapseSpaces trims s and turns runs of ASCII spaces into one space;
// letters that transliterate to nothing (ь, ъ, hamza) can leave runs.
func collapseSpaces(s string) string {
	if !strings.Contains(s, "  ") && !strings.HasPrefix(s, " ") && !strings.HasSuffix(s, " ") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// digitValue returns the value of a decimal digit (category Nd) of any
// script. Unicode allocates Nd characters in contiguous runs starting at
// zero, so the value is the distance from the start of the run, modulo ten.
func digitValue(r rune) (byte, bool) {
	if !unicode.IsDigit(r) {
		return 0, false
	}
	start := r
	for unicode.IsDigit(start-1) && r-start < 60 {
		start--
	}
	return byte((r - start) % 10), true
}

// Uninvert puts a name written family name first with one comma
// ("AL BEN ALI, Isa Ben Tarif", "Frost, William G.") in the order it is
// spoken ("Isa Ben Tarif AL BEN ALI"). Names with no comma, several
// commas, or nothing on one side are returned as given. O(len(s)).
func Uninvert(s string) string {
	i := strings.IndexByte(s, ',')
	if i < 0 || strings.IndexByte(s[i+1:], ',') >= 0 {
		return s
	}
	family, given := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:])
	if family == "" || given == "" {
		return s
	}
	return given + " " + family
}
