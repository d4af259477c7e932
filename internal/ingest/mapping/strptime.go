package mapping

import (
	"fmt"
	"strings"
	"time"
)

// The directives a `format` may use: Python strptime's, as FtM mappings
// write them. The pipeline normalises date properties with the same set;
// this package parses only provenance dates (first_seen, last_seen).
const directives = "YymdeHIpMSfjbhBaAzZFTDR%"

// checkLayout reports an unknown or dangling % directive in layout.
func checkLayout(layout string) error {
	for i := 0; i < len(layout); i++ {
		if layout[i] != '%' {
			continue
		}
		if i+1 == len(layout) {
			return fmt.Errorf("format %q ends with a lone %%", layout)
		}
		i++
		if !strings.ContainsRune(directives, rune(layout[i])) {
			return fmt.Errorf("format %q: unknown directive %%%c (known: %%Y %%y %%m %%d %%e %%H %%I %%p %%M %%S %%f %%j %%b %%h %%B %%a %%A %%z %%Z %%F %%T %%D %%R %%%%)", layout, layout[i])
		}
	}
	return nil
}

// isoLayouts are tried, in order, for provenance dates without a format.
var isoLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006-01",
	"2006",
}

// parseTime reads a provenance date: with layout as strptime would, else as
// one of the ISO 8601 forms of isoLayouts. Times without a zone are UTC.
func parseTime(s, layout string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if layout == "" {
		for _, l := range isoLayouts {
			if t, err := time.Parse(l, s); err == nil {
				return t.UTC(), nil
			}
		}
		return time.Time{}, fmt.Errorf("date %q is not ISO 8601 (2006-01-02, 2006-01-02T15:04:05Z...); give a format", s)
	}
	t, err := strptime(s, layout)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q does not match format %q: %v", s, layout, err)
	}
	return t, nil
}

var monthNames = []string{"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"}
var dayNames = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// strptime parses s by a Python-style layout. Numbers take one or two digits
// (four for %Y, up to nine for %f); names match in full or by three letters,
// ignoring case; a space matches any run of white space; other characters
// match themselves.
func strptime(s, layout string) (time.Time, error) {
	year, month, day, yday := 1900, 1, 1, 0
	hour, minute, sec, nsec := 0, 0, 0, 0
	pm, twelve := -1, false
	loc := time.UTC
	// expand composite directives first
	layout = strings.NewReplacer("%F", "%Y-%m-%d", "%T", "%H:%M:%S", "%D", "%m/%d/%y", "%R", "%H:%M").Replace(layout)
	num := func(max int) (int, error) {
		n, i := 0, 0
		for i < max && i < len(s) && s[i] >= '0' && s[i] <= '9' {
			n = n*10 + int(s[i]-'0')
			i++
		}
		if i == 0 {
			return 0, fmt.Errorf("expected a number at %q", s)
		}
		s = s[i:]
		return n, nil
	}
	name := func(names []string) (int, error) {
		low := strings.ToLower(s)
		for i, n := range names {
			if strings.HasPrefix(low, n) {
				s = s[len(n):]
				return i, nil
			}
		}
		for i, n := range names {
			if strings.HasPrefix(low, n[:3]) {
				s = s[3:]
				return i, nil
			}
		}
		return 0, fmt.Errorf("expected a name at %q", s)
	}
	var err error
	for i := 0; i < len(layout); i++ {
		c := layout[i]
		if c == ' ' {
			s = strings.TrimLeft(s, " \t")
			continue
		}
		if c != '%' || i+1 == len(layout) {
			if s == "" || lower(s[0]) != lower(c) {
				return time.Time{}, fmt.Errorf("expected %q at %q", c, s)
			}
			s = s[1:]
			continue
		}
		i++
		switch layout[i] {
		case 'Y':
			year, err = num(4)
		case 'y':
			year, err = num(2)
			if year < 69 {
				year += 2000
			} else {
				year += 1900
			}
		case 'm':
			month, err = num(2)
		case 'd', 'e':
			s = strings.TrimLeft(s, " ")
			day, err = num(2)
		case 'H':
			hour, err = num(2)
		case 'I':
			hour, err = num(2)
			twelve = true
		case 'M':
			minute, err = num(2)
		case 'S':
			sec, err = num(2)
		case 'f':
			before := len(s)
			var f int
			f, err = num(9)
			for d := before - len(s); d < 9 && err == nil; d++ {
				f *= 10
			}
			nsec = f
		case 'j':
			yday, err = num(3)
		case 'b', 'h', 'B':
			var m int
			m, err = name(monthNames)
			month = m + 1
		case 'a', 'A':
			_, err = name(dayNames)
		case 'p':
			low := strings.ToLower(s)
			switch {
			case strings.HasPrefix(low, "am"):
				pm = 0
			case strings.HasPrefix(low, "pm"):
				pm = 1
			default:
				err = fmt.Errorf("expected AM or PM at %q", s)
			}
			if err == nil {
				s = s[2:]
			}
		case 'z':
			loc, err = zone(&s)
		case 'Z':
			up := strings.ToUpper(s)
			switch {
			case strings.HasPrefix(up, "UTC"), strings.HasPrefix(up, "GMT"):
				s = s[3:]
			case strings.HasPrefix(up, "Z"):
				s = s[1:]
			default:
				err = fmt.Errorf("only the zones UTC and GMT are known, not %q", s)
			}
		case '%':
			if !strings.HasPrefix(s, "%") {
				err = fmt.Errorf("expected %% at %q", s)
			} else {
				s = s[1:]
			}
		default:
			err = fmt.Errorf("unknown directive %%%c", layout[i])
		}
		if err != nil {
			return time.Time{}, err
		}
	}
	if strings.TrimSpace(s) != "" {
		return time.Time{}, fmt.Errorf("unexpected %q after the date", s)
	}
	if twelve {
		if hour < 1 || hour > 12 {
			return time.Time{}, fmt.Errorf("hour %d out of range for %%I", hour)
		}
		hour %= 12
		if pm == 1 {
			hour += 12
		}
	}
	if yday > 0 {
		if yday > 366 {
			return time.Time{}, fmt.Errorf("day of year %d out of range", yday)
		}
		month, day = 1, yday
	}
	if month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || sec > 60 {
		return time.Time{}, fmt.Errorf("field out of range")
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, loc)
	if yday == 0 && t.Day() != day {
		return time.Time{}, fmt.Errorf("day %d out of range for month %d", day, month)
	}
	if yday > 0 && t.Year() != year {
		return time.Time{}, fmt.Errorf("day of year %d out of range for %d", yday, year)
	}
	return t.UTC(), nil
}

// lower folds an ASCII letter to lower case; other bytes are unchanged.
func lower(b byte) byte {
	if b >= 'A' && b <= 'Z' {
		return b + ('a' - 'A')
	}
	return b
}

// zone reads Z, ±hh, ±hhmm or ±hh:mm from the front of *s.
func zone(s *string) (*time.Location, error) {
	v := *s
	if strings.HasPrefix(v, "Z") || strings.HasPrefix(v, "z") {
		*s = v[1:]
		return time.UTC, nil
	}
	if v == "" || (v[0] != '+' && v[0] != '-') {
		return nil, fmt.Errorf("expected a zone offset at %q", v)
	}
	sign := 1
	if v[0] == '-' {
		sign = -1
	}
	v = v[1:]
	digits := func(n int) (int, bool) {
		if len(v) < n {
			return 0, false
		}
		x := 0
		for i := 0; i < n; i++ {
			if v[i] < '0' || v[i] > '9' {
				return 0, false
			}
			x = x*10 + int(v[i]-'0')
		}
		v = v[n:]
		return x, true
	}
	h, ok := digits(2)
	if !ok || h > 23 {
		return nil, fmt.Errorf("bad zone offset in %q", *s)
	}
	m := 0
	if strings.HasPrefix(v, ":") {
		v = v[1:]
		if m, ok = digits(2); !ok {
			return nil, fmt.Errorf("bad zone offset in %q", *s)
		}
	} else if len(v) >= 2 && v[0] >= '0' && v[0] <= '9' {
		m, _ = digits(2)
	}
	if m > 59 {
		return nil, fmt.Errorf("bad zone offset in %q", *s)
	}
	*s = v
	return time.FixedZone("", sign*(h*3600+m*60)), nil
}
