package normalize

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Date precisions, from coarsest to finest.
const (
	precYear = iota + 1
	precMonth
	precDay
	precHour
	precMinute
	precSecond
)

// dateParts is a parsed date or datetime before validation.
type dateParts struct {
	year, month, day, hour, minute, second int
	prec                                   int
	zone                                   bool // offset was given
	offset                                 int  // seconds east of UTC
}

// Date parses a date or datetime and returns it in ISO 8601 at the precision
// the input carries: "1988" → "1988", "1988-01" → "1988-01", "07/01/1988" →
// "1988-01-07", "2021-03-04 10:11" → "2021-03-04T10:11",
// "2021-03-04T10:11:12.5+02:00" → "2021-03-04T08:11:12". These are the
// prefixes of FollowTheMoney's date type. Fractions of seconds are dropped.
// When a time carries a zone offset (Z, ±hh, ±hhmm, ±hh:mm) it is converted
// to UTC and the zone is dropped, which can change the day; a time without a
// zone is kept as written (local time of the source).
//
// layout is an optional strftime pattern as written in FollowTheMoney
// mapping "format" keys (Python strptime): %Y (four-digit year), %y (two
// digits; 69..99 → 1969..1999, 00..68 → 2000..2068), %m, %d, %e, %H, %I
// with %p, %M, %S (one or two digits), %f (fraction, dropped), %j (day of
// year), %b %h %B (month names), %a %A (weekday names, ignored), %z, %Z (UTC
// and GMT only), %F, %T, %D, %R and %%. A space in the layout matches one or
// more spaces, other characters match themselves ignoring case. The
// precision is the longest run of year, month, day, hour, minute, second
// that the layout sets: "%d.%m.%Y %H:%M" gives minutes.
//
// With an empty layout Date tries, in order: ISO 8601 extended forms
// (yyyy, yyyy-mm, yyyy-mm-dd, then a time after "T" or a space with hours,
// minutes, seconds and an optional zone), yyyy/mm/dd, the basic form
// yyyymmdd; day-first numeric dates dd/mm/yyyy, dd.mm.yyyy and dd-mm-yyyy
// (UK and continental order, never US order) with an optional hh:mm[:ss];
// and dates with month names such as "7 Jan 1988", "7th January 1988",
// "January 7, 1988", "7 de enero de 1988" or "January 1988". Month names are
// recognised in English, German, French, Spanish, Italian, Dutch and
// Portuguese, full or abbreviated, with or without accents. Two-digit years
// are accepted only through a layout.
//
// Errors are *Error with Kind "date": "empty", "unrecognised date format",
// "year out of range" (outside 1000..2999, checked after the UTC
// conversion), "month out of range", "day out of range" (so 2021-02-30 and
// 2023-02-29 fail), "hour out of range", "minute out of range", "second out
// of range", "zone offset out of range", "does not match layout at %d"
// (naming the directive) or "does not match layout: expected '/'", "unexpected
// text after date", and for a faulty layout "layout: no year", "layout:
// unsupported directive %Q" or "layout: trailing %".
func Date(s, layout string) (string, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return "", newError(KindDate, s, "empty")
	}
	var (
		p      dateParts
		reason string
	)
	if layout != "" {
		p, reason = parseLayout(in, layout)
	} else {
		p, reason = parseAuto(in)
	}
	if reason == "" {
		reason = p.normalise()
	}
	if reason != "" {
		return "", newError(KindDate, s, reason)
	}
	return p.String(), nil
}

// normalise validates the fields, converts zoned times to UTC and returns a
// reason when the value is impossible.
func (p *dateParts) normalise() string {
	if r := p.validate(); r != "" {
		return r
	}
	if p.zone && p.prec >= precHour {
		if p.offset%3600 != 0 && p.prec == precHour {
			p.prec = precMinute // 10+05:30 is 04:30 UTC
		}
		t := time.Date(p.year, time.Month(p.month), p.day, p.hour, p.minute, p.second, 0,
			time.FixedZone("", p.offset)).UTC()
		p.year, p.month, p.day = t.Year(), int(t.Month()), t.Day()
		p.hour, p.minute, p.second = t.Hour(), t.Minute(), t.Second()
		p.zone, p.offset = false, 0
		if p.year < 1000 || p.year > 2999 {
			return "year out of range"
		}
	}
	return ""
}

func (p *dateParts) validate() string {
	switch {
	case p.year < 1000 || p.year > 2999:
		return "year out of range"
	case p.prec >= precMonth && (p.month < 1 || p.month > 12):
		return "month out of range"
	case p.prec >= precDay && (p.day < 1 || p.day > daysIn(p.year, p.month)):
		return "day out of range"
	case p.prec >= precHour && (p.hour < 0 || p.hour > 23):
		return "hour out of range"
	case p.prec >= precMinute && (p.minute < 0 || p.minute > 59):
		return "minute out of range"
	case p.prec >= precSecond && (p.second < 0 || p.second > 59):
		return "second out of range"
	case p.zone && (p.offset <= -24*3600 || p.offset >= 24*3600):
		return "zone offset out of range"
	}
	return ""
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// String formats p in ISO 8601 at its precision.
func (p dateParts) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%04d", p.year)
	if p.prec >= precMonth {
		fmt.Fprintf(&b, "-%02d", p.month)
	}
	if p.prec >= precDay {
		fmt.Fprintf(&b, "-%02d", p.day)
	}
	if p.prec >= precHour {
		fmt.Fprintf(&b, "T%02d", p.hour)
	}
	if p.prec >= precMinute {
		fmt.Fprintf(&b, ":%02d", p.minute)
	}
	if p.prec >= precSecond {
		fmt.Fprintf(&b, ":%02d", p.second)
	}
	return b.String()
}

var (
	// isoRe matches ISO 8601 extended dates and datetimes at any precision,
	// tolerating one-digit months and days.
	isoRe = regexp.MustCompile(`^(\d{4})(?:([-/])(\d{1,2})(?:([-/])(\d{1,2})` +
		`(?:[Tt ]+(\d{1,2})(?::(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*([Zz]|[+-]\d{2}(?::?[0-5]\d)?)?)?)?)?$`)
	// basicRe matches the ISO 8601 basic calendar date yyyymmdd.
	basicRe = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	// dmyRe matches day-first numeric dates with an optional time.
	dmyRe = regexp.MustCompile(`^(\d{1,2})([./-])(\d{1,2})([./-])(\d{4})` +
		`(?:[Tt,\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?$`)
)

// parseAuto parses s without a layout. It returns a reason when no form
// matches.
func parseAuto(s string) (dateParts, string) {
	if m := isoRe.FindStringSubmatch(s); m != nil && (m[4] == "" || m[2] == m[4]) {
		return isoParts(m), ""
	}
	if m := basicRe.FindStringSubmatch(s); m != nil {
		return dateParts{year: atoi(m[1]), month: atoi(m[2]), day: atoi(m[3]), prec: precDay}, ""
	}
	if m := dmyRe.FindStringSubmatch(s); m != nil && m[2] == m[4] {
		p := dateParts{year: atoi(m[5]), month: atoi(m[3]), day: atoi(m[1]), prec: precDay}
		setTime(&p, m[6], m[7], m[8])
		return p, ""
	}
	if p, ok := parseWords(s); ok {
		return p, ""
	}
	return dateParts{}, "unrecognised date format"
}

func isoParts(m []string) dateParts {
	p := dateParts{year: atoi(m[1]), prec: precYear}
	if m[3] == "" {
		return p
	}
	p.month, p.prec = atoi(m[3]), precMonth
	if m[5] == "" {
		return p
	}
	p.day, p.prec = atoi(m[5]), precDay
	setTime(&p, m[6], m[7], m[8])
	if m[9] != "" && p.prec >= precHour {
		p.zone = true
		p.offset = parseOffset(m[9])
	}
	return p
}

func setTime(p *dateParts, h, m, s string) {
	if h == "" {
		return
	}
	p.hour, p.prec = atoi(h), precHour
	if m == "" {
		return
	}
	p.minute, p.prec = atoi(m), precMinute
	if s == "" {
		return
	}
	p.second, p.prec = atoi(s), precSecond
}

// parseOffset turns Z, ±hh, ±hhmm or ±hh:mm into seconds east of UTC. The
// input has been checked by a pattern.
func parseOffset(z string) int {
	if z == "Z" || z == "z" {
		return 0
	}
	sign := 1
	if z[0] == '-' {
		sign = -1
	}
	digits := strings.ReplaceAll(z[1:], ":", "")
	off := atoi(digits[:2]) * 3600
	if len(digits) >= 4 {
		off += atoi(digits[2:4]) * 60
	}
	return sign * off
}

// atoi converts a string of at most a few ASCII digits.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// monthNames maps month names and abbreviations, as folded by Name, to month
// numbers: English, German, French, Spanish, Italian, Dutch, Portuguese.
var monthNames = map[string]int{
	"january": 1, "jan": 1, "januar": 1, "janner": 1, "janvier": 1, "janv": 1, "enero": 1, "ene": 1,
	"gennaio": 1, "gen": 1, "januari": 1, "janeiro": 1,
	"february": 2, "feb": 2, "februar": 2, "fevrier": 2, "fevr": 2, "fev": 2, "febrero": 2,
	"febbraio": 2, "februari": 2, "fevereiro": 2,
	"march": 3, "mar": 3, "marz": 3, "mars": 3, "marzo": 3, "maart": 3, "mrt": 3, "marco": 3,
	"april": 4, "apr": 4, "avril": 4, "avr": 4, "abril": 4, "abr": 4, "aprile": 4,
	"may": 5, "mai": 5, "mayo": 5, "maggio": 5, "mag": 5, "mei": 5, "maio": 5,
	"june": 6, "jun": 6, "juni": 6, "juin": 6, "junio": 6, "giugno": 6, "giu": 6, "junho": 6,
	"july": 7, "jul": 7, "juli": 7, "juillet": 7, "juil": 7, "julio": 7, "luglio": 7, "lug": 7, "julho": 7,
	"august": 8, "aug": 8, "aout": 8, "agosto": 8, "ago": 8, "augustus": 8,
	"september": 9, "sep": 9, "sept": 9, "septembre": 9, "septiembre": 9, "setiembre": 9,
	"settembre": 9, "set": 9, "setembro": 9,
	"october": 10, "oct": 10, "oktober": 10, "okt": 10, "octobre": 10, "octubre": 10, "ottobre": 10,
	"ott": 10, "outubro": 10, "out": 10,
	"november": 11, "nov": 11, "novembre": 11, "noviembre": 11, "novembro": 11,
	"december": 12, "dec": 12, "dezember": 12, "dez": 12, "decembre": 12, "diciembre": 12,
	"dic": 12, "dicembre": 12, "dezembro": 12,
}

// dateNoise lists words skipped in dates with month names: articles and
// prepositions ("7 de enero de 1988", "the 7th of January") and weekdays.
var dateNoise = map[string]bool{
	"the": true, "of": true, "de": true, "del": true, "di": true, "le": true, "der": true, "den": true, "am": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true, "thurs": true, "fri": true, "sat": true, "sun": true,
}

// parseWords parses dates written with a month name: day month year, month
// day year, year month day, or month year.
func parseWords(s string) (dateParts, bool) {
	var nums []string // digit tokens, in order
	var shape []byte  // 'n' for a number, 'm' for a month
	month := 0
	for _, w := range strings.Fields(Name(s)) {
		if n, ok := monthNames[w]; ok {
			if month != 0 {
				return dateParts{}, false
			}
			month = n
			shape = append(shape, 'm')
			continue
		}
		if dateNoise[w] {
			continue
		}
		digits := strings.TrimRightFunc(w, func(r rune) bool { return r >= 'a' && r <= 'z' })
		if digits == "" || !allDigits(digits) || !isOrdinal(w[len(digits):]) {
			return dateParts{}, false
		}
		nums = append(nums, digits)
		shape = append(shape, 'n')
	}
	day := func(d string) bool { return len(d) <= 2 }
	year := func(y string) bool { return len(y) == 4 }
	switch string(shape) {
	case "nmn": // 7 January 1988, 1988 January 7
		if day(nums[0]) && year(nums[1]) {
			return dateParts{year: atoi(nums[1]), month: month, day: atoi(nums[0]), prec: precDay}, true
		}
		if year(nums[0]) && day(nums[1]) {
			return dateParts{year: atoi(nums[0]), month: month, day: atoi(nums[1]), prec: precDay}, true
		}
	case "mnn": // January 7, 1988
		if day(nums[0]) && year(nums[1]) {
			return dateParts{year: atoi(nums[1]), month: month, day: atoi(nums[0]), prec: precDay}, true
		}
	case "mn", "nm": // January 1988, 1988 January
		if year(nums[0]) {
			return dateParts{year: atoi(nums[0]), month: month, prec: precMonth}, true
		}
	}
	return dateParts{}, false
}

// isOrdinal reports whether suffix may follow a day number: English st, nd,
// rd, th, French er, e, eme, or nothing.
func isOrdinal(suffix string) bool {
	switch suffix {
	case "", "st", "nd", "rd", "th", "er", "e", "eme":
		return true
	}
	return false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// parseLayout parses s with a strftime layout.
func parseLayout(s, layout string) (dateParts, string) {
	var (
		p                dateParts
		have             [precSecond + 1]bool
		pm, twelve, ampm bool
		yday             = -1
	)
	i := 0 // position in s
	for j := 0; j < len(layout); j++ {
		c := layout[j]
		if c != '%' {
			if c == ' ' || c == '\t' {
				n := skipSpace(s, i)
				if n == i {
					return p, "does not match layout: expected space"
				}
				i = n
				continue
			}
			r, size := utf8.DecodeRuneInString(layout[j:])
			if i >= len(s) {
				return p, fmt.Sprintf("does not match layout: expected %q", r)
			}
			got, gsize := utf8.DecodeRuneInString(s[i:])
			if got != r && !strings.EqualFold(string(got), string(r)) {
				return p, fmt.Sprintf("does not match layout: expected %q", r)
			}
			i += gsize
			j += size - 1
			continue
		}
		j++
		if j >= len(layout) {
			return p, "layout: trailing %"
		}
		d := layout[j]
		var ok bool
		switch d {
		case 'Y':
			p.year, i, ok = digitsAt(s, i, 4, 4)
			have[precYear] = true
		case 'y':
			var y int
			y, i, ok = digitsAt(s, i, 2, 2)
			if y < 69 {
				p.year = 2000 + y
			} else {
				p.year = 1900 + y
			}
			have[precYear] = true
		case 'm':
			p.month, i, ok = digitsAt(s, i, 1, 2)
			have[precMonth] = true
		case 'd', 'e':
			p.day, i, ok = digitsAt(s, skipSpace(s, i), 1, 2)
			have[precDay] = true
		case 'H':
			p.hour, i, ok = digitsAt(s, i, 1, 2)
			have[precHour] = true
		case 'I':
			p.hour, i, ok = digitsAt(s, i, 1, 2)
			have[precHour], twelve = true, true
		case 'M':
			p.minute, i, ok = digitsAt(s, i, 1, 2)
			have[precMinute] = true
		case 'S':
			p.second, i, ok = digitsAt(s, i, 1, 2)
			have[precSecond] = true
		case 'f':
			_, i, ok = digitsAt(s, i, 1, 9)
		case 'j':
			yday, i, ok = digitsAt(s, i, 1, 3)
		case 'b', 'h', 'B':
			var w string
			w, i = wordAt(s, i)
			p.month, ok = monthNames[Name(w)]
			have[precMonth] = true
		case 'a', 'A':
			var w string
			w, i = wordAt(s, i)
			ok = isWeekday(Name(w))
		case 'p':
			var w string
			w, i = wordAt(s, i)
			switch strings.ToLower(strings.ReplaceAll(w, ".", "")) {
			case "am":
				ok, ampm = true, true
			case "pm":
				ok, ampm, pm = true, true, true
			}
		case 'z':
			var z string
			z, i, ok = offsetAt(s, i)
			if ok {
				p.zone, p.offset = true, parseOffset(z)
			}
		case 'Z':
			var w string
			w, i = wordAt(s, i)
			switch strings.ToUpper(w) {
			case "UTC", "GMT", "Z", "UT":
				ok, p.zone, p.offset = true, true, 0
			}
		case '%':
			ok = i < len(s) && s[i] == '%'
			i++
		case 'F', 'T', 'D', 'R':
			sub := map[byte]string{'F': "%Y-%m-%d", 'T': "%H:%M:%S", 'D': "%m/%d/%y", 'R': "%H:%M"}[d]
			layout = layout[:j-1] + sub + layout[j+1:]
			j -= 2
			continue
		default:
			return p, fmt.Sprintf("layout: unsupported directive %%%c", d)
		}
		if !ok {
			return p, fmt.Sprintf("does not match layout at %%%c", d)
		}
	}
	if i < len(s) {
		return p, "unexpected text after date"
	}
	if twelve {
		if p.hour < 1 || p.hour > 12 {
			return p, "hour out of range"
		}
		if ampm {
			p.hour %= 12
			if pm {
				p.hour += 12
			}
		}
	}
	if !have[precYear] {
		return p, "layout: no year"
	}
	if yday >= 0 && !have[precMonth] && !have[precDay] {
		if yday < 1 || yday > 365 && daysIn(p.year, 2) == 28 || yday > 366 {
			return p, "day out of range"
		}
		t := time.Date(p.year, 1, yday, 0, 0, 0, 0, time.UTC)
		p.month, p.day = int(t.Month()), t.Day()
		have[precMonth], have[precDay] = true, true
	}
	for p.prec < precSecond && have[p.prec+1] {
		p.prec++
	}
	if !p.zone || p.prec < precHour {
		p.zone, p.offset = false, 0
	}
	return p, ""
}

func isWeekday(w string) bool {
	return dateNoise[w] && w != "the" && w != "of" && w != "de" && w != "del" && w != "di" &&
		w != "le" && w != "der" && w != "den" && w != "am"
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// digitsAt reads between min and max ASCII digits at s[i:].
func digitsAt(s string, i, min, max int) (int, int, bool) {
	j := i
	for j < len(s) && j-i < max && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j-i < min {
		return 0, i, false
	}
	return atoi(s[i:j]), j, true
}

// wordAt reads a run of letters and dots at s[i:].
func wordAt(s string, i int) (string, int) {
	j := i
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) && r != '.' {
			break
		}
		j += size
	}
	return s[i:j], j
}

// offsetAt reads a zone offset Z, ±hh, ±hhmm or ±hh:mm at s[i:].
func offsetAt(s string, i int) (string, int, bool) {
	if i < len(s) && (s[i] == 'Z' || s[i] == 'z') {
		return s[i : i+1], i + 1, true
	}
	if i >= len(s) || s[i] != '+' && s[i] != '-' {
		return "", i, false
	}
	j := i + 1
	_, j, ok := digitsAt(s, j, 2, 2)
	if !ok {
		return "", i, false
	}
	k := j
	if k < len(s) && s[k] == ':' {
		k++
	}
	if m, k2, ok := digitsAt(s, k, 2, 2); ok && m < 60 {
		j = k2
	}
	return s[i:j], j, true
}
