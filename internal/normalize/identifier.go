package normalize

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Identifier normalises a document, registration, passport or account
// number for comparison: only letters, digits (numbers of any kind) and
// combining marks are kept, then NFKC (UAX #15; fullwidth and circled digits
// become ASCII) and upper-casing, so spaces, dashes, dots, slashes and every
// other separator or symbol disappear. "ab 12-345/6" gives "AB123456".
// Symbols go before NFKC so that "№ 12" gives "12", not "NO12". Letters of
// other scripts are kept and upper-cased ("ав 123" gives "АВ123"). It never
// fails; an input without letters or digits gives "". Identifier is
// idempotent.
func Identifier(s string) string {
	if isASCII(s) {
		b := make([]byte, 0, len(s))
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c >= '0' && c <= '9', c >= 'A' && c <= 'Z':
				b = append(b, c)
			case c >= 'a' && c <= 'z':
				b = append(b, c-'a'+'A')
			}
		}
		return string(b)
	}
	s = strings.Map(keepIdentRune, s)
	s = norm.NFKC.String(s)
	return strings.Map(func(r rune) rune {
		if keepIdentRune(r) < 0 {
			return -1
		}
		return unicode.ToUpper(r)
	}, s)
}

func keepIdentRune(r rune) rune {
	if r < 0x80 {
		if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}
	if unicode.In(r, unicode.L, unicode.N, unicode.M) {
		return r
	}
	return -1
}
