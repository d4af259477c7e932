package normalize_test

import (
	"errors"
	"testing"

	"github.com/tideline-oss/tideline/internal/normalize"
)

func TestDate(t *testing.T) {
	tests := []struct{ in, layout, want string }{
		// ISO forms keep their precision.
		{"1988", "", "1988"},
		{"1988-01", "", "1988-01"},
		{"1988-01-07", "", "1988-01-07"},
		{" 1988-01-07 ", "", "1988-01-07"},
		{"1988-1-7", "", "1988-01-07"},
		{"1988/01/07", "", "1988-01-07"},
		{"19880107", "", "1988-01-07"},
		{"2021-03-04T10", "", "2021-03-04T10"},
		{"2021-03-04T10:11", "", "2021-03-04T10:11"},
		{"2021-03-04 10:11", "", "2021-03-04T10:11"},
		{"2021-03-04T10:11:12", "", "2021-03-04T10:11:12"},
		{"2021-03-04T10:11:12.123456", "", "2021-03-04T10:11:12"},
		{"2021-03-04 10:11:12", "", "2021-03-04T10:11:12"},
		// Zones are converted to UTC and dropped.
		{"2021-03-04T10:11:12Z", "", "2021-03-04T10:11:12"},
		{"2021-03-04T10:11:12+02:00", "", "2021-03-04T08:11:12"},
		{"2021-03-04T00:11:12+02:00", "", "2021-03-03T22:11:12"},
		{"2021-12-31T23:30:00-0100", "", "2022-01-01T00:30:00"},
		{"2021-03-04T10+05:30", "", "2021-03-04T04:30"},
		{"2020-02-29", "", "2020-02-29"},
		// Day-first numeric dates.
		{"07/01/1988", "", "1988-01-07"},
		{"7/1/1988", "", "1988-01-07"},
		{"07.01.1988", "", "1988-01-07"},
		{"07-01-1988", "", "1988-01-07"},
		{"31/12/1999 23:59", "", "1999-12-31T23:59"},
		{"31.12.1999 23:59:58", "", "1999-12-31T23:59:58"},
		// Month names.
		{"7 Jan 1988", "", "1988-01-07"},
		{"7-Jan-1988", "", "1988-01-07"},
		{"07 January 1988", "", "1988-01-07"},
		{"7th January 1988", "", "1988-01-07"},
		{"the 7th of January, 1988", "", "1988-01-07"},
		{"January 7, 1988", "", "1988-01-07"},
		{"Jan. 7 1988", "", "1988-01-07"},
		{"Thursday, January 7, 1988", "", "1988-01-07"},
		{"January 1988", "", "1988-01"},
		{"7 de enero de 1988", "", "1988-01-07"},
		{"1er mars 2020", "", "2020-03-01"},
		{"12 février 2020", "", "2020-02-12"},
		{"12. März 2020", "", "2020-03-12"},
		{"3 maggio 2019", "", "2019-05-03"},
		{"3 mei 2019", "", "2019-05-03"},
		// Layouts.
		{"1988-01-07", "%Y-%m-%d", "1988-01-07"},
		{"07/01/1988", "%d/%m/%Y", "1988-01-07"},
		{"01/07/1988", "%m/%d/%Y", "1988-01-07"},
		{"07.01.1988 10:11", "%d.%m.%Y %H:%M", "1988-01-07T10:11"},
		{"07-Jan-88", "%d-%b-%y", "1988-01-07"},
		{"07-jan-05", "%d-%b-%y", "2005-01-07"},
		{"7 January 1988", "%d %B %Y", "1988-01-07"},
		{"January 1988", "%B %Y", "1988-01"},
		{"1988", "%Y", "1988"},
		{"Thu, 07 Jan 1988 10:11:12 +0100", "%a, %d %b %Y %H:%M:%S %z", "1988-01-07T09:11:12"},
		{"1988-01-07T10:11:12Z", "%Y-%m-%dT%H:%M:%S%z", "1988-01-07T10:11:12"},
		{"1988-01-07 10:11:12 UTC", "%F %T %Z", "1988-01-07T10:11:12"},
		{"03/04/21 2:05 PM", "%m/%d/%y %I:%M %p", "2021-03-04T14:05"},
		{"03/04/21 12:05 am", "%D %I:%M %p", "2021-03-04T00:05"},
		{"1988-007", "%Y-%j", "1988-01-07"},
		{"2020-366", "%Y-%j", "2020-12-31"},
		{"100%-1988", "100%%-%Y", "1988"},
		{"19880107", "%Y%m%d", "1988-01-07"},
	}
	for _, tt := range tests {
		got, err := normalize.Date(tt.in, tt.layout)
		if err != nil || got != tt.want {
			t.Errorf("Date(%q, %q) = %q, %v; want %q", tt.in, tt.layout, got, err, tt.want)
		}
	}
}

func TestDate_Errors(t *testing.T) {
	tests := []struct{ in, layout, reason string }{
		{"", "", "empty"},
		{"   ", "", "empty"},
		{"2021-02-30", "", "day out of range"},
		{"2023-02-29", "", "day out of range"},
		{"1900-02-29", "", "day out of range"},
		{"1988-13", "", "month out of range"},
		{"1988-00-10", "", "month out of range"},
		{"1988-13-01", "", "month out of range"},
		{"31/04/1988", "", "day out of range"},
		{"1988-01-07T24:00", "", "hour out of range"},
		{"1988-01-07T10:60", "", "minute out of range"},
		{"1988-01-07T10:11:60", "", "second out of range"},
		{"0999", "", "year out of range"},
		{"3000-01-01", "", "year out of range"},
		{"2999-12-31T23:00:00-02:00", "", "year out of range"},
		{"2021-03-04T10:11+01:75", "", "unrecognised date format"},
		{"2021-03-04T10:11+25:00", "", "zone offset out of range"},
		{"yesterday", "", "unrecognised date format"},
		{"01/07/88", "", "unrecognised date format"},
		{"1988-01/07", "", "unrecognised date format"},
		{"07/01.1988", "", "unrecognised date format"},
		{"32 January 1988", "", "day out of range"},
		{"Smarch 7, 1988", "", "unrecognised date format"},
		{"7 Jan Feb 1988", "", "unrecognised date format"},
		{"1988-01-07", "%d/%m/%Y", "does not match layout: expected '/'"},
		{"Jan 1988", "%d %b %Y", "does not match layout at %d"},
		{"07/01/1988 extra", "%d/%m/%Y", "unexpected text after date"},
		{"07/13/1988", "%d/%m/%Y", "month out of range"},
		{"07/01", "%d/%m", "layout: no year"},
		{"1988", "%Q", "layout: unsupported directive %Q"},
		{"13:00 PM 1988", "%I:%M %p %Y", "hour out of range"},
		{"1988-367", "%Y-%j", "day out of range"},
		{"1989-366", "%Y-%j", "day out of range"},
	}
	for _, tt := range tests {
		got, err := normalize.Date(tt.in, tt.layout)
		var e *normalize.Error
		if !errors.As(err, &e) {
			t.Errorf("Date(%q, %q) = %q, %v; want *Error %q", tt.in, tt.layout, got, err, tt.reason)
			continue
		}
		if e.Kind != normalize.KindDate || e.Value != tt.in || e.Reason != tt.reason {
			t.Errorf("Date(%q, %q) error = %+v; want kind %q, reason %q", tt.in, tt.layout, *e, normalize.KindDate, tt.reason)
		}
	}
}

func TestError_Error(t *testing.T) {
	_, err := normalize.Date("2021-02-30", "")
	want := `normalize: date "2021-02-30": day out of range`
	if err == nil || err.Error() != want {
		t.Errorf("Date(%q).Error() = %v; want %s", "2021-02-30", err, want)
	}
}
