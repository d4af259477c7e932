package normalize

import (
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Phone parses a telephone number and returns it in E.164 form (ITU-T
// E.164: "+" followed by country code and national number, no spaces), for
// example "+447700900123". It uses github.com/nyaruka/phonenumbers, a port of
// Google's libphonenumber, the same library family as FollowTheMoney's phone
// type.
//
// region is an ISO 3166-1 alpha-2 hint ("GB", "gb"; "UK" is read as "GB")
// used for numbers written in national form ("07700 900123"); it may be "",
// and a region that libphonenumber does not know counts as "". Numbers in
// international form ("+33 6 12 34 56 78") ignore the hint. Numbers written
// with the 00 international call prefix ("0032 470 12 34 56") work with no
// hint and with any hint, including regions whose own call prefix is not 00
// (the number is then read as +32...). Extensions ("ext. 12") are dropped,
// because E.164 has no place for them.
//
// Validity rule: the number must be a possible number, meaning its length
// fits the numbering plan of its country (libphonenumber
// IsPossibleNumberWithReason returning IS_POSSIBLE). Numbers that are only
// possible as local numbers without an area code (IS_POSSIBLE_LOCAL_ONLY,
// such as a seven-digit North American number) are rejected because their
// E.164 form would be wrong. Phone does not demand IsValidNumber, which
// checks the number against allocated ranges: that rejects Ofcom's drama
// range 07700 900xxx and newly allocated ranges missing from the bundled
// metadata, and dropping a real number loses evidence. Callers that need
// allocation checks can run them on the E.164 result.
//
// The result always reads back as itself: a number whose E.164 form would
// parse differently (possible with runs of leading zeros) is rejected.
//
// Errors are *Error with Kind "phone": "empty", "no country code and no
// region hint", "not a number", "invalid country code", "too short",
// "too long" or "not a possible number".
func Phone(s, region string) (string, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return "", newError(KindPhone, s, "empty")
	}
	region = phoneRegion(region)
	intl, has00 := withPlus(in)
	try := in
	if has00 && region == "" {
		try = intl
	}
	e164, reason := parsePhone(try, region)
	if reason != "" && has00 && try != intl {
		if e, r := parsePhone(intl, region); r == "" {
			e164, reason = e, ""
		}
	}
	if reason != "" {
		return "", newError(KindPhone, s, reason)
	}
	return e164, nil
}

// PhoneCountry returns the ISO 3166-1 alpha-2 code, lower-case, of the
// country an E.164 number (as returned by Phone) belongs to: "+33612345678"
// gives "fr". Calling codes shared by several countries (+1, +7, +44) are
// resolved with libphonenumber's range data; when the number is outside the
// known ranges the main country of the calling code is returned ("gb" for
// +44, "us" for +1). Non-geographic numbers (+800, +882) and unparseable
// input give "".
func PhoneCountry(e164 string) string {
	n, err := phonenumbers.Parse(e164, "ZZ")
	if err != nil {
		return ""
	}
	r := phonenumbers.GetRegionCodeForNumber(n)
	if r == "" || r == "ZZ" {
		r = phonenumbers.GetRegionCodeForCountryCode(int(n.GetCountryCode()))
	}
	if r == "" || r == "001" || r == "ZZ" {
		return ""
	}
	return strings.ToLower(r)
}

// phoneRegion upper-cases a region hint and maps unknown regions to "".
func phoneRegion(region string) string {
	region = strings.ToUpper(strings.TrimSpace(region))
	if region == "UK" {
		region = "GB"
	}
	if !phonenumbers.GetSupportedRegions()[region] {
		return ""
	}
	return region
}

// withPlus reports whether the first digits of s are the 00 international
// call prefix and returns s with that prefix replaced by "+".
func withPlus(s string) (string, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '0':
			if i+1 < len(s) && s[i+1] == '0' {
				return "+" + s[i+2:], true
			}
			return "", false
		case c >= '1' && c <= '9', c == '+':
			return "", false
		}
	}
	return "", false
}

// parsePhone parses s with a region hint and applies the validity rule.
func parsePhone(s, region string) (string, string) {
	if region == "" {
		region = "ZZ"
	}
	n, err := phonenumbers.Parse(s, region)
	if err != nil {
		switch err {
		case phonenumbers.ErrInvalidCountryCode:
			if region == "ZZ" && !strings.Contains(s, "+") {
				return "", "no country code and no region hint"
			}
			return "", "invalid country code"
		case phonenumbers.ErrNotANumber:
			return "", "not a number"
		case phonenumbers.ErrTooShortNSN, phonenumbers.ErrTooShortAfterIDD:
			return "", "too short"
		case phonenumbers.ErrNumTooLong:
			return "", "too long"
		}
		return "", "not a number"
	}
	if phonenumbers.IsPossibleNumberWithReason(n) != phonenumbers.IS_POSSIBLE {
		return "", "not a possible number"
	}
	e164 := phonenumbers.Format(n, phonenumbers.E164)
	// The E.164 form must read back as itself. libphonenumber can count
	// national leading zeros differently once the number is international
	// ("00000000000" in region AX), and such a value is not a stable key.
	if region != "ZZ" || n.GetItalianLeadingZero() {
		back, err := phonenumbers.Parse(e164, "ZZ")
		if err != nil || phonenumbers.IsPossibleNumberWithReason(back) != phonenumbers.IS_POSSIBLE ||
			phonenumbers.Format(back, phonenumbers.E164) != e164 {
			return "", "not a possible number"
		}
	}
	return e164, ""
}
