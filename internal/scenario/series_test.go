package scenario

import (
	"errors"
	"io"
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
		"column":   {"date,people\n2020-01-01,0\n", "daily.csv:1: boats: column missing from the header"},
		"short":    {"date,people,boats,uncontrolled\n2020-01-01,0\n", "daily.csv:2: boats: row is too short"},
		"negative": {"date,people,boats,uncontrolled\n2020-01-01,-3,1,-\n", `daily.csv:2: people: "-3" is not a count`},
		"landings": {"date,people,boats,uncontrolled\n2020-01-01,5,1,2\n", "daily.csv:2: uncontrolled: 2 boats in uncontrolled landings of 1 boats"},
	} {
		_, err := readCompact(compactWith("daily.csv", tc.daily))
		var ie *tideline.InputError
		if !errors.As(err, &ie) || err.Error() != tc.want {
			t.Errorf("%s: error %v; want %s", name, err, tc.want)
		}
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
		rows, _, err := odsRows(strings.NewReader(xml), "SB_01")
		if err != nil {
			return
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
	rows, found, err := odsRows(strings.NewReader(doc), "SB_01")
	want := [][]string{{"Date", "Migrants arrived"}, {"2018-01-01", "7"}, {"2018-01-01", "7"}}
	if err != nil || !found || !reflect.DeepEqual(rows, want) {
		t.Errorf("odsRows = %q, %v, %v; want %q", rows, found, err, want)
	}
	if _, found, _ := odsRows(strings.NewReader(doc), "SB_09"); found {
		t.Errorf("found a sheet that is not there")
	}
}
