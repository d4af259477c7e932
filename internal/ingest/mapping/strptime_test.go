package mapping

import (
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
		return time.Date(y, mo, d, h, mi, s, ns, time.UTC)
	}
	ok := []struct {
		in, layout string
		want       time.Time
	}{
		{"2024-05-01", "", utc(2024, 5, 1, 0, 0, 0, 0)},
		{"2024-05", "", utc(2024, 5, 1, 0, 0, 0, 0)},
		{"2024", "", utc(2024, 1, 1, 0, 0, 0, 0)},
		{"2024-05-01T10:11:12+02:00", "", utc(2024, 5, 1, 8, 11, 12, 0)},
		{"2024-05-01 10:11", "", utc(2024, 5, 1, 10, 11, 0, 0)},
		{"7/1/1988", "%d/%m/%Y", utc(1988, 1, 7, 0, 0, 0, 0)},
		{"07.01.88", "%d.%m.%y", utc(1988, 1, 7, 0, 0, 0, 0)},
		{"07.01.12", "%d.%m.%y", utc(2012, 1, 7, 0, 0, 0, 0)},
		{"7 jan 1988", "%d %b %Y", utc(1988, 1, 7, 0, 0, 0, 0)},
		{"Thursday,  7 January 1988", "%A, %d %B %Y", utc(1988, 1, 7, 0, 0, 0, 0)},
		{"01/07/1988 1:05 PM", "%m/%d/%Y %I:%M %p", utc(1988, 1, 7, 13, 5, 0, 0)},
		{"12:30 am", "%I:%M %p", utc(1900, 1, 1, 0, 30, 0, 0)},
		{"1988-01-07T10:00:00.25+0100", "%Y-%m-%dT%H:%M:%S.%f%z", utc(1988, 1, 7, 9, 0, 0, 250000000)},
		{"1988-01-07 10:00 UTC", "%F %R %Z", utc(1988, 1, 7, 10, 0, 0, 0)},
		{"1988/032", "%Y/%j", utc(1988, 2, 1, 0, 0, 0, 0)},
		{"100% 1988", "100%% %Y", utc(1988, 1, 1, 0, 0, 0, 0)},
		{"1988T", "%Yt", utc(1988, 1, 1, 0, 0, 0, 0)},
	}
	for _, tt := range ok {
		got, err := parseTime(tt.in, tt.layout)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("parseTime(%q, %q) = %v, %v; want %v", tt.in, tt.layout, got, err, tt.want)
		}
	}
	bad := []struct{ in, layout string }{
		{"07/01/1988", ""},
		{"31/02/2024", "%d/%m/%Y"},
		{"13/13/2024", "%d/%m/%Y"},
		{"1988-01-07x", "%Y-%m-%d"},
		{"1988", "%Y-%m"},
		{"13:00 PM", "%I:%M %p"},
		{"1988 CET", "%Y %Z"},
		{"1988+2500", "%Y%z"},
		{"1987/366", "%Y/%j"},
		{"Jnuary 1988", "%B %Y"},
		{"1988 ä", "%Y ö"},
	}
	for _, tt := range bad {
		if got, err := parseTime(tt.in, tt.layout); err == nil {
			t.Errorf("parseTime(%q, %q) = %v; want an error", tt.in, tt.layout, got)
		}
	}
	for _, l := range []string{"%Y-%m-%d", "%F %T", "%%", "plain"} {
		if err := checkLayout(l); err != nil {
			t.Errorf("checkLayout(%q) = %v", l, err)
		}
	}
	for _, l := range []string{"%Q", "%Y%", "%d/%k"} {
		if err := checkLayout(l); err == nil {
			t.Errorf("checkLayout(%q): no error", l)
		}
	}
}
