package normalize

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// katakana gives the modified Hepburn romanisation of each katakana from
// U+30A1 (ァ) to U+30FA (ヺ); hiragana (U+3041 to U+3096) are read as the
// katakana 0x60 above them. Small kana (ァ ィ ゥ ェ ォ ャ ュ ョ ッ) are
// handled by kanaLatin.
var katakana = [...]string{
	"a", "a", "i", "i", "u", "u", "e", "e", "o", "o", // ァ ア ィ イ ゥ ウ ェ エ ォ オ
	"ka", "ga", "ki", "gi", "ku", "gu", "ke", "ge", "ko", "go",
	"sa", "za", "shi", "ji", "su", "zu", "se", "ze", "so", "zo",
	"ta", "da", "chi", "ji", "", "tsu", "zu", "te", "de", "to", "do", // ッ is the small tsu
	"na", "ni", "nu", "ne", "no",
	"ha", "ba", "pa", "hi", "bi", "pi", "fu", "bu", "pu", "he", "be", "pe", "ho", "bo", "po",
	"ma", "mi", "mu", "me", "mo",
	"ya", "ya", "yu", "yu", "yo", "yo",
	"ra", "ri", "ru", "re", "ro",
	"wa", "wa", "wi", "we", "o", "n", "vu", "ka", "ke", "va", "vi", "ve", "vo",
}

// isKana reports whether r is a hiragana or katakana letter (half-width
// katakana too), the middle dot or the prolonged sound mark.
func isKana(r rune) bool {
	return r >= 0x3041 && r <= 0x3096 || r >= 0x30A1 && r <= 0x30FC || r >= 0xFF65 && r <= 0xFF9F
}

// kanaLatin romanises the kana in s (modified Hepburn: バラク・オバマ gives
// "baraku obama", シャ "sha", ティ "ti", ッ doubles the next consonant, ー
// is dropped); other characters are kept. Names written in kana are
// mostly foreign names, whose Latin spelling the romanisation approaches
// closely enough for the name comparison's skeletons. O(len(s)).
func kanaLatin(s string) string {
	s = norm.NFKC.String(s) // half-width katakana, decomposed voicing marks
	var b strings.Builder
	b.Grow(len(s) * 2)
	double := false
	for _, r := range s {
		if r >= 0x3041 && r <= 0x3096 {
			r += 0x60
		}
		if r < 0x30A1 || r > 0x30FC {
			double = false
			b.WriteRune(r)
			continue
		}
		out := b.String()
		switch r {
		case 0x30FB: // ・ between the parts of a name
			b.WriteByte(' ')
			continue
		case 0x30FC: // ー lengthens the vowel before
			continue
		case 0x30C3: // ッ doubles the consonant after
			double = true
			continue
		case 0x30E3, 0x30E5, 0x30E7: // small ya yu yo: kya, sha, cha, ja
			v := katakana[r-0x30A1][1:]
			if strings.HasSuffix(out, "i") && len(out) >= 2 {
				stem := out[:len(out)-1]
				b.Reset()
				b.WriteString(stem)
				if !strings.HasSuffix(stem, "sh") && !strings.HasSuffix(stem, "ch") && !strings.HasSuffix(stem, "j") {
					b.WriteByte('y')
				}
				b.WriteString(v)
				continue
			}
		case 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9: // small vowels: fa, ti, we
			if n := len(out); n >= 2 && strings.ContainsRune("aiueo", rune(out[n-1])) {
				b.Reset()
				b.WriteString(out[:n-1])
				b.WriteString(katakana[r-0x30A1])
				continue
			}
		}
		t := katakana[r-0x30A1]
		if double && t != "" && !strings.ContainsRune("aiueon", rune(t[0])) {
			if strings.HasPrefix(t, "ch") {
				b.WriteByte('t') // ッチ is tchi
			} else {
				b.WriteByte(t[0])
			}
		}
		double = false
		b.WriteString(t)
	}
	return b.String()
}
