package normalize

import "strings"

// ibanLengths gives the IBAN length of every country in the ISO 13616 IBAN
// registry kept by SWIFT (89 countries, registry of 2024/2025). Dependent
// territories that use their parent's IBAN (Jersey, Guadeloupe, Åland and
// others) write the parent's country code and so are covered by it.
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
	"BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
	"DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
	"GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28,
	"IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28,
	"LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22,
	"MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23,
	"PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
	"SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
	"TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}

// IBAN normalises an International Bank Account Number (ISO 13616) to its
// electronic form: upper-case letters and digits with no separators, for
// example "GB82WEST12345698765432". A leading "IBAN" label and spaces
// (including no-break spaces), tabs, dashes and dots are removed first.
//
// The value is accepted when its first two letters are a country in the ISO
// 13616 registry, its length is that country's registry length, the check
// digits are digits, every other character is an ASCII letter or digit, and
// the ISO 7064 MOD 97-10 check gives 1 (the BBAN followed by country code
// and check digits, letters as 10..35, is 1 modulo 97). The national BBAN
// layout (which positions are letters) and national check digits are not
// verified.
//
// Errors are *Error with Kind "iban": "empty", "invalid character",
// "unknown country code", "wrong length for country" or "checksum
// mismatch".
func IBAN(s string) (string, error) {
	var b strings.Builder
	b.Grow(len(s))
	body := strings.TrimSpace(s)
	if len(body) >= 4 && strings.EqualFold(body[:4], "IBAN") {
		body = strings.TrimLeft(body[4:], ": ")
	}
	for _, r := range body {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		case r == ' ', r == '\t', r == '-', r == '.', r == 0xA0, r == 0x202F, r == 0x2009:
		default:
			return "", newError(KindIBAN, s, "invalid character")
		}
	}
	v := b.String()
	if v == "" {
		return "", newError(KindIBAN, s, "empty")
	}
	if len(v) < 2 {
		return "", newError(KindIBAN, s, "unknown country code")
	}
	want, ok := ibanLengths[v[:2]]
	if !ok {
		return "", newError(KindIBAN, s, "unknown country code")
	}
	if len(v) != want {
		return "", newError(KindIBAN, s, "wrong length for country")
	}
	if v[2] > '9' || v[3] > '9' {
		return "", newError(KindIBAN, s, "invalid character")
	}
	if mod97(v[4:]+v[:4]) != 1 {
		return "", newError(KindIBAN, s, "checksum mismatch")
	}
	return v, nil
}

// mod97 computes the ISO 7064 MOD 97-10 remainder of an upper-case
// alphanumeric string, reading letters as the numbers 10..35.
func mod97(s string) int {
	r := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' {
			r = (r*100 + int(c-'A'+10)) % 97
		} else {
			r = (r*10 + int(c-'0')) % 97
		}
	}
	return r
}
