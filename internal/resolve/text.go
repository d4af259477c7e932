package resolve

import (
	"strings"
	"unicode/utf8"
)

// JaroWinkler returns the Jaro-Winkler similarity of a and b in [0, 1]:
// Jaro similarity (matching characters within a window of
// max(len)/2 - 1, transpositions halved) raised by Winkler's prefix bonus,
// 0.1 per common leading character up to four (Winkler 1990, "String
// comparator metrics and enhanced decision rules in the Fellegi-Sunter
// model of record linkage"). It works on runes; O(len(a)·len(b)).
func JaroWinkler(a, b string) float64 {
	if a == b {
		if a == "" {
			return 0
		}
		return 1
	}
	var bufA, bufB [64]rune
	ra, rb := toRunes(a, bufA[:0]), toRunes(b, bufB[:0])
	j := jaro(ra, rb)
	prefix := 0
	for prefix < len(ra) && prefix < len(rb) && prefix < 4 && ra[prefix] == rb[prefix] {
		prefix++
	}
	return j + float64(prefix)*0.1*(1-j)
}

// toRunes appends s's runes to buf (a stack array for short names).
func toRunes(s string, buf []rune) []rune {
	if isASCII(s) {
		for i := 0; i < len(s); i++ {
			buf = append(buf, rune(s[i]))
		}
		return buf
	}
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func jaro(a, b []rune) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	window := len(b)/2 - 1
	if window < 0 {
		window = 0
	}
	var am, bm [64]bool
	var amatch, bmatch []bool
	if len(a) <= 64 && len(b) <= 64 {
		amatch, bmatch = am[:len(a)], bm[:len(b)]
	} else {
		amatch, bmatch = make([]bool, len(a)), make([]bool, len(b))
	}
	matches := 0
	for i := range a {
		lo, hi := max(0, i-window), min(len(b)-1, i+window)
		for j := lo; j <= hi; j++ {
			if !bmatch[j] && a[i] == b[j] {
				amatch[i], bmatch[j] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	t, k := 0, 0
	for i := range a {
		if !amatch[i] {
			continue
		}
		for !bmatch[k] {
			k++
		}
		if a[i] != b[k] {
			t++
		}
		k++
	}
	m := float64(matches)
	return (m/float64(len(a)) + m/float64(len(b)) + (m-float64(t)/2)/m) / 3
}

// Damerau returns the optimal string alignment distance between a and b:
// the fewest insertions, deletions, substitutions and transpositions of
// adjacent characters (no substring edited twice). O(len(a)·len(b)) time,
// O(len(b)) memory.
func Damerau(a, b string) int {
	var bufA, bufB [64]rune
	ra, rb := toRunes(a, bufA[:0]), toRunes(b, bufB[:0])
	n, m := len(ra), len(rb)
	if n == 0 {
		return m
	}
	if m == 0 {
		return n
	}
	var rows [3][65]int
	var prev2, prev, cur []int
	if m < 65 {
		prev2, prev, cur = rows[0][:m+1], rows[1][:m+1], rows[2][:m+1]
	} else {
		prev2, prev, cur = make([]int, m+1), make([]int, m+1), make([]int, m+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= n; i++ {
		cur[0] = i
		for j := 1; j <= m; j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[m]
}

// Tokens splits a normalised name into lower-case tokens at spaces,
// hyphens, dots, commas, slashes and brackets; apostrophes are dropped
// within the token. Input is expected in
// Latin script, lower-cased (callers transliterate other scripts first).
func Tokens(s string) []string {
	if strings.ContainsAny(s, "'’‘`ʼ") {
		// An apostrophe is part of the token: Hyo'k, O'Brien, Sha'ari.
		s = strings.NewReplacer("'", "", "’", "", "‘", "", "`", "", "ʼ", "").Replace(s)
	}
	return strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case ' ', '-', '.', ',', '/', '(', ')', '_', '"', ';', ':', '\t':
			return true
		}
		return false
	})
}

// digraphs are the letter pairs Skeleton folds into one letter.
var digraphs = map[[2]byte]byte{{'k', 'h'}: 'h', {'g', 'h'}: 'g', {'p', 'h'}: 'f', {'s', 'h'}: 's', {'c', 'h'}: 's',
	{'d', 'h'}: 'd', {'t', 'h'}: 't', {'o', 'u'}: 'u', {'o', 'o'}: 'u', {'e', 'e'}: 'i', {'d', 'j'}: 'j', {'c', 'k'}: 'k',
	{'x', 'h'}: 'j'}

// Skeleton returns a transliteration-tolerant key of one name token: the
// spellings that different romanisations give one name (Mohammed,
// Muhammad, Mohamed, Mehmet; Hussein, Hossein, Husain; Youssef, Yusuf;
// Selenskyj, Zelenskyy) share it. Rules, in order: digraphs folded
// (kh→h, gh→g, ph→f, sh/ch→s, dh→d, th→t, ou/oo→u, ee→i, dj→j, ck→k,
// Albanian xh→j), q/c→k,
// x→h (Somali orthography), z→s; in tokens without vowels (transliterated
// from Arabic or Persian script, "mhmd", "ywsf") medial w and y read as
// vowels; p→b (Arabic has no p), d→t (Ahmed, Ahmet); a final w or y after
// a consonant dropped, and the j of a Slavic -yj or -ij ending; w→v;
// doubled letters collapsed; a final h after a vowel dropped; then the
// first letter kept (a vowel other than y as 'a') and later vowels
// (a e i o u y) dropped. Different
// names can share a skeleton (Hassan, Hussein): it is evidence, not
// identity. O(len).
func Skeleton(tok string) string {
	b := []byte(tok)
	out := make([]byte, 0, len(b))
	isV := func(c byte) bool {
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y':
			return true
		}
		return false
	}
	// Tokens transliterated from scripts that write few vowels (Arabic,
	// Persian: mhmd, ywsf) use w and y for the long vowels.
	vowelless := true
	for _, c := range b {
		if c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' {
			vowelless = false
			break
		}
	}
	// Fold digraphs and single letters into a phonetic string.
	f := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		var n byte
		if i+1 < len(b) {
			n = b[i+1]
		}
		if v, ok := digraphs[[2]byte{c, n}]; ok && n != 0 {
			f = append(f, v)
			i++
			continue
		}
		switch {
		case c == 'q', c == 'c':
			f = append(f, 'k')
		case c == 'x':
			f = append(f, 'h')
		case c == 'z':
			f = append(f, 's')
		case c == 'p':
			f = append(f, 'b') // Arabic has no p: Pérez is written Bírez
		case c == 'd':
			f = append(f, 't') // Ahmed and Ahmet, Hamid and Hamit
		case (c == 'w' || c == 'y') && vowelless && i > 0:
			f = append(f, 'u') // a long vowel
		default:
			f = append(f, c)
		}
	}
	// Slavic -yj and -ij endings are -y and -i (Selenskyj, Zelenskyy).
	if n := len(f); n > 3 && f[n-1] == 'j' && (f[n-2] == 'y' || f[n-2] == 'i') {
		f = f[:n-1]
	}
	// A final w or y after a consonant is a long vowel (Arabic -w, -y).
	if n := len(f); n > 2 && (f[n-1] == 'w' || f[n-1] == 'y') && !isV(f[n-2]) {
		f = f[:n-1]
	}
	for i, c := range f {
		if c == 'w' {
			f[i] = 'v'
		}
	}
	// Doubled letters, then a final h after a vowel, then vowels.
	g := f[:0:0]
	for i, c := range f {
		if i == 0 || c != f[i-1] {
			g = append(g, c)
		}
	}
	for i := 0; i < len(g); i++ {
		c := g[i]
		if c == 'h' && i > 0 && i == len(g)-1 && isV(g[i-1]) {
			continue
		}
		if i == 0 {
			if c != 'y' && isV(c) {
				c = 'a'
			}
			out = append(out, c)
			continue
		}
		if isV(c) {
			continue
		}
		out = append(out, c)
	}
	return string(out)
}
