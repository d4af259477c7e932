package scenario

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/sharedtest"
)

// Yearly people and boats of the Home Office daily series (SB_01), as
// ../shared/data/channel/README.md lists them; 2026 runs to 20 August.
var hoYearly = map[int][2]int{
	2018: {299, 43}, 2019: {1843, 164}, 2020: {8462, 641}, 2021: {28526, 1034}, 2022: {45755, 1110},
	2023: {29437, 602}, 2024: {36816, 695}, 2025: {41472, 672}, 2026: {15897, 234},
}

func TestDefaultSeries(t *testing.T) {
	s, err := DefaultSeries()
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Start.Format(time.DateOnly); got != "2018-01-01" || s.End().Format(time.DateOnly) != "2026-08-20" || len(s.People) != 3154 {
		t.Errorf("daily series %s to %s, %d days; want 2018-01-01 to 2026-08-20, 3154 days", got, s.End().Format(time.DateOnly), len(s.People))
	}
	if got := s.YearTotals(); !reflect.DeepEqual(got, hoYearly) {
		t.Errorf("YearTotals = %v; want %v", got, hoYearly)
	}
	// French preventions by year of week ending (README: 2024 from May).
	prev := map[int][2]int{}
	for _, w := range s.Prevented {
		p := prev[w.WeekEnding.Year()]
		prev[w.WeekEnding.Year()] = [2]int{p[0] + w.People, p[1] + w.Events}
	}
	if prev[2024] != [2]int{21317, 694} || prev[2025] != [2]int{22476, 845} {
		t.Errorf("preventions 2024 %v, 2025 %v; want [21317 694], [22476 845]", prev[2024], prev[2025])
	}
	// Irr_D01: the official 2022 total and top nationalities.
	total := 0
	for _, n := range s.Nationality[2022] {
		total += n.People
	}
	top := s.Nationality[2022][:3]
	if total != 45774 || top[0].Nationality != "Albania" || top[0].People != 12658 || top[1].Nationality != "Afghanistan" || top[2].Nationality != "Iran" {
		t.Errorf("2022 nationalities: total %d, top %v; want 45774, Albania 12658, Afghanistan, Iran", total, top)
	}
	// Years after the quarterly dataset use its last year.
	if got := s.NationalityFor(2025)[0]; got.Nationality != "Afghanistan" || got.People != 5545 {
		t.Errorf("NationalityFor(2025)[0] = %v; want Afghanistan 5545 (2023's figures)", got)
	}
	// The busiest day of the series.
	d, _ := s.Day(time.Date(2022, 9, 3, 0, 0, 0, 0, time.UTC))
	if s.People[d] != 1305 || s.Boats[d] != 27 {
		t.Errorf("2022-09-03: %d people in %d boats; want 1305 in 27", s.People[d], s.Boats[d])
	}
}

// The embedded copy is what the public files say.
func TestReadSeriesMatchesEmbedded(t *testing.T) {
	s, err := ReadSeries(sharedtest.Path(t, "channel"))
	if err != nil {
		t.Fatal(err)
	}
	def, _ := DefaultSeries()
	if !reflect.DeepEqual(s, def) {
		t.Errorf("ReadSeries(shared data) differs from the embedded series: run go generate in internal/scenario")
	}
}

func TestReadSeriesErrors(t *testing.T) {
	if _, err := ReadSeries(t.TempDir()); tideline.ErrorCode(err) != tideline.ENOTFOUND {
		t.Errorf("empty folder: %v; want ENOTFOUND", err)
	}
	for name, tc := range map[string]struct{ daily, want string }{
		"gap":      {"date,people,boats,uncontrolled\n2020-01-01,0,0,-\n2020-01-03,0,0,-\n", "daily.csv:3: date: 2020-01-03 does not follow 2020-01-01: days must be contiguous"},
		"count":    {"date,people,boats,uncontrolled\n2020-01-01,x,0,-\n", `daily.csv:2: people: "x" is not a count`},
		"date":     {"date,people,boats,uncontrolled\n20/01/2020,0,0,-\n", `daily.csv:2: date: "20/01/2020" is not a YYYY-MM-DD date`},
		"boats":    {"date,people,boats,uncontrolled\n2020-01-01,5,0,-\n", "daily.csv:2: boats: 5 people in 0 boats: one is zero and the other is not"},
		"one":      {"date,people,boats,uncontrolled\n2020-01-01,1,0,-\n", "daily.csv:2: boats: 1 person in 0 boats: one is zero and the other is not"},
		"column":   {"date,people\n2020-01-01,0\n", "daily.csv:1: boats: column missing from the header"},
		"short":    {"date,people,boats,uncontrolled\n2020-01-01,0\n", "daily.csv:2: boats: row is too short"},
		"negative": {"date,people,boats,uncontrolled\n2020-01-01,-3,1,-\n", `daily.csv:2: people: "-3" is not a count`},
		"landings": {"date,people,boats,uncontrolled\n2020-01-01,5,1,2\n", "daily.csv:2: uncontrolled: 2 boats in uncontrolled landings of 1 boat: more than arrived"},
	} {
		_, err := readCompact(compactWith("daily.csv", tc.daily))
		var ie *tideline.InputError
		if !errors.As(err, &ie) || err.Error() != tc.want {
			t.Errorf("%s: error %v; want %s", name, err, tc.want)
		}
	}
}

// The embedded copy's weeks are checked as SB_02's are.
func TestCompactWeeks(t *testing.T) {
	_, err := readCompact(compactWith("prevented.csv", "week_ending,people,events\n2024-05-05,849,30\n2024-05-19,514,18\n"))
	want := "prevented.csv:3: week_ending: 2024-05-19 does not follow 2024-05-05: weeks must be consecutive, 7 days apart (want 2024-05-12)"
	if err == nil || err.Error() != want {
		t.Errorf("readCompact(gap in weeks) = %v; want %s", err, want)
	}
}

// compactWith opens the embedded compact files, with one replaced.
func compactWith(name, content string) func(string) (io.ReadCloser, error) {
	return func(n string) (io.ReadCloser, error) {
		if n == name {
			return io.NopCloser(strings.NewReader(content)), nil
		}
		return seriesFS.Open("series/" + n)
	}
}

func FuzzReadCompact(f *testing.F) {
	f.Add("date,people,boats,uncontrolled\n2020-01-01,3,1,-\n2020-01-02,0,0,0\n")
	f.Add("date,people,boats\n\"2020-01-01\",1,1\n")
	f.Add("\ufeffdate,people,boats,uncontrolled\r\n2020-01-01,1,1,1\r\n")
	f.Fuzz(func(t *testing.T, daily string) {
		s, err := readCompact(compactWith("daily.csv", daily))
		if err != nil {
			var ie *tideline.InputError
			var te *tideline.Error
			if !errors.As(err, &ie) && !errors.As(err, &te) {
				t.Fatalf("error %v (%T) is neither located nor coded", err, err)
			}
			return
		}
		if len(s.People) == 0 || len(s.People) != len(s.Boats) || len(s.Boats) != len(s.Uncontrolled) {
			t.Fatalf("series of %d/%d/%d days accepted", len(s.People), len(s.Boats), len(s.Uncontrolled))
		}
		for i := range s.People {
			if s.People[i] < 0 || (s.People[i] == 0) != (s.Boats[i] == 0) || s.Uncontrolled[i] > s.Boats[i] {
				t.Fatalf("day %d: %d people, %d boats, %d uncontrolled accepted", i, s.People[i], s.Boats[i], s.Uncontrolled[i])
			}
		}
	})
}

func FuzzODSRows(f *testing.F) {
	f.Add(`<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><table:table table:name="SB_01"><table:table-row><table:table-cell office:value="3" table:number-columns-repeated="2"/></table:table-row></table:table></office:document-content>`)
	f.Add(`<a><b`)
	f.Fuzz(func(t *testing.T, xml string) {
		rows, nums, _, err := odsRows(strings.NewReader(xml), "SB_01")
		if err != nil {
			return
		}
		if len(rows) > odsMaxRows || len(nums) != len(rows) {
			t.Fatalf("%d rows kept, %d numbers; at most %d", len(rows), len(nums), odsMaxRows)
		}
		for _, r := range rows {
			if len(r) > odsMaxCols {
				t.Fatalf("row of %d cells kept; at most %d", len(r), odsMaxCols)
			}
		}
	})
}

func TestODSRows(t *testing.T) {
	const doc = `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">
<table:table table:name="Other"><table:table-row><table:table-cell><text:p>no</text:p></table:table-cell></table:table-row></table:table>
<table:table table:name="SB_01">
<table:table-row><table:table-cell><text:p>Date</text:p></table:table-cell><table:table-cell><text:p>Migrants arrived</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="2"><table:table-cell office:date-value="2018-01-01T00:00:00"><text:p>01/01/2018</text:p></table:table-cell><table:table-cell office:value="7"><text:p>7</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16000"/></table:table-row>
<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
</table:table></office:document-content>`
	rows, nums, found, err := odsRows(strings.NewReader(doc), "SB_01")
	want := [][]string{{"Date", "Migrants arrived"}, {"2018-01-01", "7"}, {"2018-01-01", "7"}}
	if err != nil || !found || !reflect.DeepEqual(rows, want) || !reflect.DeepEqual(nums, []int{1, 2, 3}) {
		t.Errorf("odsRows = %q, %v, %v, %v; want %q, rows 1 to 3", rows, nums, found, err, want)
	}
	if _, _, found, _ := odsRows(strings.NewReader(doc), "SB_09"); found {
		t.Errorf("found a sheet that is not there")
	}
}

// odsSheet is one sheet of a test spreadsheet: rows of text cells, each
// row written once, or repeat times when repeat is set.
type odsSheet struct {
	name   string
	rows   [][]string
	repeat map[int]int // row index -> table:number-rows-repeated
}

// odsContent writes the content.xml of sheets; raw, when set, is inserted
// before the first sheet (to break the XML).
func odsContent(raw string, sheets ...odsSheet) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>`)
	b.WriteString(raw)
	for _, sh := range sheets {
		fmt.Fprintf(&b, `<table:table table:name="%s">`, sh.name)
		for i, r := range sh.rows {
			if n := sh.repeat[i]; n > 0 {
				fmt.Fprintf(&b, `<table:table-row table:number-rows-repeated="%d">`, n)
			} else {
				b.WriteString(`<table:table-row>`)
			}
			for _, c := range r {
				fmt.Fprintf(&b, `<table:table-cell><text:p>%s</text:p></table:table-cell>`, c)
			}
			b.WriteString(`</table:table-row>`)
		}
		b.WriteString(`</table:table>`)
	}
	b.WriteString(`</office:spreadsheet></office:body></office:document-content>`)
	return b.String()
}

// writeODS writes an OpenDocument zip holding content.
func writeODS(t *testing.T, path, content string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, _ := zw.Create("content.xml")
	io.WriteString(w, content)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

const testODS = "ho_small_boats_time_series_2026-08-21.ods"

// seriesDir writes a channel data folder: the ODS of content and the
// Irr_D01 CSV irr.
func seriesDir(t *testing.T, content, irr string) string {
	t.Helper()
	dir := t.TempDir()
	writeODS(t, filepath.Join(dir, testODS), content)
	if err := os.WriteFile(filepath.Join(dir, fileNationality), []byte(irr), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// testSheets returns a small valid SB_01 (14 days of January 2024) and
// SB_02 (two weeks, the second with preventions).
func testSheets() (daily, weekly odsSheet) {
	daily = odsSheet{name: "SB_01", rows: [][]string{{"Date", "Migrants arrived", "Boats arrived", "Boats arrived - involved in uncontrolled landings"}}}
	for d := 1; d <= 14; d++ {
		daily.rows = append(daily.rows, []string{fmt.Sprintf("2024-01-%02d", d), "40", "1", "0"})
	}
	weekly = odsSheet{name: "SB_02", rows: [][]string{{"Week ending", "Migrants prevented", "Events prevented"},
		{"2024-01-07", "-", "-"}, {"2024-01-14", "120", "4"}}}
	return daily, weekly
}

const (
	testIrrHeader = "Date,Year,Quarter,Method of entry,Nationality,Region,Sex,Age Group,Number of detections\n"
	testIrr       = testIrrHeader + "2024-03-31,2024,1,Small boat arrivals,Iran,Middle East,Male,18 to 24,12\n"
)

func TestReadSeriesChecks(t *testing.T) {
	daily, weekly := testSheets()
	s, err := ReadSeries(seriesDir(t, odsContent("", daily, weekly), testIrr))
	if err != nil || len(s.People) != 14 || len(s.Prevented) != 1 || s.Nationality[2024][0].People != 12 {
		t.Fatalf("ReadSeries(valid) = %+v, %v", s, err)
	}
	weeks := func(w ...string) odsSheet {
		sh := odsSheet{name: "SB_02", rows: weekly.rows[:1:1]}
		for _, d := range w {
			sh.rows = append(sh.rows, []string{d, "-", "-"})
		}
		return sh
	}
	badCount := odsSheet{name: "SB_01", rows: append([][]string{}, daily.rows...)}
	badCount.rows[2] = []string{"2024-01-02", "x", "1", "0"}
	repeated := odsSheet{name: "SB_01", rows: daily.rows[:3], repeat: map[int]int{2: 400_000_000}}
	long := odsSheet{name: "SB_01", rows: daily.rows[:12], repeat: map[int]int{}}
	for i := 1; i < 12; i++ {
		long.repeat[i] = odsMaxRepeat
	}
	for name, tc := range map[string]struct {
		content, irr, want string
	}{
		"week not a Sunday": {odsContent("", daily, weeks("2024-01-07", "2024-01-13")), testIrr,
			testODS + " SB_02:3: Week ending: 2024-01-13 is a Saturday: weeks end on Sundays"},
		"week repeated": {odsContent("", daily, weeks("2024-01-07", "2024-01-07")), testIrr,
			testODS + " SB_02:3: Week ending: 2024-01-07 does not follow 2024-01-07: weeks must be consecutive, 7 days apart (want 2024-01-14)"},
		"week missing": {odsContent("", daily, weeks("2024-01-07", "2024-01-21")), testIrr,
			testODS + " SB_02:3: Week ending: 2024-01-21 does not follow 2024-01-07: weeks must be consecutive, 7 days apart (want 2024-01-14)"},
		"weeks swapped": {odsContent("", daily, weeks("2024-01-14", "2024-01-07")), testIrr,
			testODS + " SB_02:3: Week ending: 2024-01-07 does not follow 2024-01-14: weeks must be consecutive, 7 days apart (want 2024-01-21)"},
		"bad count": {odsContent("", badCount, weekly), testIrr,
			testODS + ` SB_01:3: Migrants arrived: "x" is not a count`},
		"blank detections": {odsContent("", daily, weekly), testIrrHeader + "2024-03-31,2024,1,Small boat arrivals,Iran,Middle East,Male,18 to 24,\n",
			fileNationality + ":2: Number of detections: blank: give a count (0 for none)"},
		"no small boats": {odsContent("", daily, weekly), testIrrHeader + "2024-03-31,2024,1,Inadequately documented air arrivals,Iran,Middle East,Male,18 to 24,3\n",
			fileNationality + ": no small-boat nationality figures"},
		"row repeated": {odsContent("", repeated, weekly), testIrr,
			testODS + ": sheet SB_01, row 3: a row holding data is repeated 400000000 times (table:number-rows-repeated); at most 10000"},
		"too many rows": {odsContent("", long, weekly), testIrr,
			testODS + ": sheet SB_01, row 90002: more than 100000 rows holding data"},
		"XML in a sheet": {odsContent(`<table:table table:name="Notes"><table:table-row><bad attr=></table:table-row></table:table>`, daily, weekly), testIrr,
			testODS + ": sheet Notes, byte "},
		"XML outside": {odsContent(`<a></b>`, daily, weekly), testIrr,
			testODS + ": byte "},
	} {
		_, err := ReadSeries(seriesDir(t, tc.content, tc.irr))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: ReadSeries error %v; want %q", name, err, tc.want)
		}
		if strings.HasPrefix(name, "XML") && strings.Contains(err.Error(), "SB_01") {
			t.Errorf("%s: error %v names sheet SB_01, which was not being read", name, err)
		}
	}
}
