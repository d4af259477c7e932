package normalize

import (
	"strings"
	"unicode"
)

// Email normalises an e-mail address: surrounding space, a "mailto:" scheme
// and enclosing angle brackets are removed, the domain is lower-cased and a
// trailing dot on it dropped. The local part keeps its case, because RFC 5321
// lets servers treat it case-sensitively.
//
// The syntax check is basic, not full RFC 5322: exactly one "@"; a non-empty
// local part of at most 64 bytes; a domain of at most 253 bytes made of
// non-empty dot-separated labels, with at least one dot; no spaces, control
// characters, quotes, angle brackets, commas or semicolons anywhere.
// Internationalised domains are lower-cased but not converted to Punycode.
//
// Errors are *Error with Kind "email": "empty", "missing @", "more than one
// @", "empty local part", "local part too long", "invalid character",
// "domain without dot", "empty domain label" or "domain too long".
func Email(s string) (string, error) {
	v := strings.TrimSpace(s)
	if len(v) >= 7 && strings.EqualFold(v[:7], "mailto:") {
		v = strings.TrimSpace(v[7:])
	}
	if strings.HasPrefix(v, "<") && strings.HasSuffix(v, ">") {
		v = strings.TrimSpace(v[1 : len(v)-1])
	}
	if v == "" {
		return "", newError(KindEmail, s, "empty")
	}
	at := strings.IndexByte(v, '@')
	switch {
	case at < 0:
		return "", newError(KindEmail, s, "missing @")
	case strings.IndexByte(v[at+1:], '@') >= 0:
		return "", newError(KindEmail, s, "more than one @")
	}
	local, domain := v[:at], strings.ToLower(strings.TrimSuffix(v[at+1:], "."))
	switch {
	case local == "":
		return "", newError(KindEmail, s, "empty local part")
	case len(local) > 64:
		return "", newError(KindEmail, s, "local part too long")
	case strings.IndexFunc(v, badEmailRune) >= 0:
		return "", newError(KindEmail, s, "invalid character")
	case domain == "":
		return "", newError(KindEmail, s, "domain without dot")
	case len(domain) > 253:
		return "", newError(KindEmail, s, "domain too long")
	case !strings.Contains(domain, "."):
		return "", newError(KindEmail, s, "domain without dot")
	}
	for _, label := range strings.Split(domain, ".") {
		if label == "" {
			return "", newError(KindEmail, s, "empty domain label")
		}
	}
	return local + "@" + domain, nil
}

func badEmailRune(r rune) bool {
	switch r {
	case '"', '<', '>', ',', ';', '\\', '(', ')', '[', ']':
		return true
	}
	return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == 0xFFFD
}
