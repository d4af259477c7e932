package scenario

import (
	"bufio"
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tideline-oss/tideline"
)

// Series is the real public Channel small-boat record a scenario follows:
// people and boats arriving each day, French preventions each week, and
// the nationality, sex and age of arrivals by year.
//
// Sources (all Crown copyright, Open Government Licence v3.0):
//   - Daily: Home Office "Migrants detected crossing the English Channel in
//     small boats", time series ODS, sheet SB_01 (provisional).
//   - Weekly preventions: the same file's sheet SB_02, "Migrants prevented"
//     and "Events prevented" (French operational estimates, from week
//     ending 2024-05-05).
//   - Nationality, sex and age: Home Office quarterly "Irregular migration
//     to the UK", detailed dataset Irr_D01, small boat arrivals, as
//     republished by humaniverse/asylum (irregular_migration.csv).
type Series struct {
	Start  time.Time // first day of People and Boats (UTC midnight)
	People []int     // people arrived on day Start+i
	Boats  []int     // boats arrived on day Start+i
	// Uncontrolled is the number of those boats involved in uncontrolled
	// landings (reaching the shore without being met at sea), -1 on days
	// before it was recorded (2023).
	Uncontrolled []int
	// Prevented lists the weeks with French prevention estimates.
	Prevented []WeekPrevented
	// Nationality holds, per year, the small-boat arrivals by nationality
	// (Irr_D01, official quarterly figures), largest first.
	Nationality map[int][]NationalityCount
	// Demography holds, per year, arrivals by sex and age group.
	Demography map[int][]DemographyCount
}

// WeekPrevented is one week of French preventions: People stopped from
// crossing in Events launch attempts, in the week ending WeekEnding (a
// Sunday).
type WeekPrevented struct {
	WeekEnding time.Time
	People     int
	Events     int
}

// NationalityCount is the number of small-boat arrivals of one
// nationality in a year. Nationality is as the Home Office writes it
// ("Iran", "Gambia, The", "Stateless", "Not currently recorded"); Region
// is its Home Office world region ("Middle East", "Africa North").
type NationalityCount struct {
	Nationality string
	Region      string
	People      int
}

// DemographyCount is the number of small-boat arrivals of one sex ("Male",
// "Female", "Unknown", "Not currently recorded") and age group ("17 and
// under", "18 to 24", "25 to 39", "40 and over", "Unknown") in a year.
type DemographyCount struct {
	Sex    string
	Age    string
	People int
}

// End returns the last day of the daily series.
func (s *Series) End() time.Time { return s.Start.AddDate(0, 0, len(s.People)-1) }

// Day returns the index of day t in People and Boats, and whether the
// series covers it.
func (s *Series) Day(t time.Time) (int, bool) {
	i := int(t.Sub(s.Start).Hours() / 24)
	return i, t.Sub(s.Start) >= 0 && i < len(s.People)
}

// YearTotals returns the people and boats arrived in each calendar year of
// the daily series (the last year possibly partial).
func (s *Series) YearTotals() map[int][2]int {
	out := map[int][2]int{}
	for i := range s.People {
		y := s.Start.AddDate(0, 0, i).Year()
		t := out[y]
		t[0] += s.People[i]
		t[1] += s.Boats[i]
		out[y] = t
	}
	return out
}

// NationalityFor returns the nationality counts for year, or, for a year
// the quarterly dataset does not cover, those of the nearest year it does
// (NationalityYear): Irr_D01's figures end with 2023, so the passengers of
// 2024 to 2026 silently follow 2023's shares.
func (s *Series) NationalityFor(year int) []NationalityCount {
	return s.Nationality[nearestYear(s.Nationality, year)]
}

// NationalityYear returns the year whose nationality counts
// NationalityFor gives for year: year itself when covered, else the
// nearest covered year (the later of two as near), 0 when none is.
func (s *Series) NationalityYear(year int) int { return nearestYear(s.Nationality, year) }

// DemographyFor returns the sex and age counts for year, or those of the
// nearest year covered (DemographyYear).
func (s *Series) DemographyFor(year int) []DemographyCount {
	return s.Demography[nearestYear(s.Demography, year)]
}

// DemographyYear returns the year whose counts DemographyFor gives for
// year.
func (s *Series) DemographyYear(year int) int { return nearestYear(s.Demography, year) }

// nearestYear returns year when m holds it, else the nearest year m
// holds (the later of two as near); 0 for an empty m.
func nearestYear[T any](m map[int][]T, year int) int {
	best, dist := 0, -1
	for y := range m {
		d := y - year
		if d < 0 {
			d = -d
		}
		if dist < 0 || d < dist || d == dist && y > best {
			best, dist = y, d
		}
	}
	return best
}

//go:generate go run gen_series.go -data ../../../shared/data/channel

//go:embed series/*.csv
var seriesFS embed.FS

var (
	defaultOnce   sync.Once
	defaultSeries *Series
	defaultErr    error
)

// DefaultSeries returns the series embedded in the binary, a compact copy
// of the public files made by `go generate` (gen_series.go). It is shared
// and must not be modified.
func DefaultSeries() (*Series, error) {
	defaultOnce.Do(func() {
		defaultSeries, defaultErr = readCompact(func(name string) (io.ReadCloser, error) {
			return seriesFS.Open("series/" + name)
		})
	})
	return defaultSeries, defaultErr
}

// Files of the public series in the channel data folder: the newest Home
// Office time series ODS matching odsPattern, and the tidy Irr_D01 table.
const (
	odsPattern      = "ho_small_boats_time_series_*.ods"
	fileNationality = "ho_irregular_migration_Irr_D01_2018Q1-2023Q4.csv"
)

// ReadSeries reads the public files in dir, the channel data folder: the
// Home Office time series ODS (sheets SB_01 and SB_02; the newest file
// named ho_small_boats_time_series_*.ods) and
// ho_irregular_migration_Irr_D01_2018Q1-2023Q4.csv. Days must be
// contiguous, and SB_02's weeks consecutive Sundays, 7 days apart;
// uncontrolled landings and preventions may be "-" or blank ("not
// recorded"); every Irr_D01 small-boat row needs its year and number of
// detections. Errors name the file (and sheet), the row and the column as
// the file's header writes it (*tideline.InputError for bad cells).
func ReadSeries(dir string) (*Series, error) {
	s := &Series{Nationality: map[int][]NationalityCount{}, Demography: map[int][]DemographyCount{}}
	matches, _ := filepath.Glob(filepath.Join(dir, odsPattern))
	if len(matches) == 0 {
		return nil, tideline.Errorf(tideline.ENOTFOUND, "channel series: no %s in %s", odsPattern, dir)
	}
	sort.Strings(matches)
	ods := matches[len(matches)-1]
	name := filepath.Base(ods)
	daily, dailyRows, err := readODSSheet(ods, "SB_01")
	if err != nil {
		return nil, err
	}
	dayCols := []string{"Date", "Migrants arrived", "Boats arrived", "Boats arrived - involved in uncontrolled landings"}
	err = sheetRows(name+" SB_01", daily, dailyRows, dayCols, func(row int, v []string) error {
		return s.addDay(name+" SB_01", row, dayCols, v)
	})
	if err != nil {
		return nil, err
	}
	weekly, weeklyRows, err := readODSSheet(ods, "SB_02")
	if err != nil {
		return nil, err
	}
	weekCols := []string{"Week ending", "Migrants prevented", "Events prevented"}
	var prev time.Time
	err = sheetRows(name+" SB_02", weekly, weeklyRows, weekCols, func(row int, v []string) error {
		w, err := parseWeek(name+" SB_02", row, weekCols, v)
		if err != nil {
			return err
		}
		// Every week, recorded or not, follows the one before.
		if err := nextWeek(name+" SB_02", row, weekCols[0], prev, w.WeekEnding); err != nil {
			return err
		}
		prev = w.WeekEnding
		if w.People < 0 {
			return nil // not recorded before May 2024
		}
		s.Prevented = append(s.Prevented, w)
		return nil
	})
	if err != nil {
		return nil, err
	}
	open := func(name string) (io.ReadCloser, error) { return os.Open(filepath.Join(dir, name)) }
	nat := map[int]map[[2]string]int{}
	dem := map[int]map[[2]string]int{}
	err = readTable(open, fileNationality, []string{"Year", "Method of entry", "Nationality", "Region", "Sex", "Age Group", "Number of detections"}, func(line int, v []string) error {
		if v[1] != "Small boat arrivals" {
			return nil
		}
		year, err := countField(fileNationality, line, "Year", v[0])
		if err != nil {
			return err
		}
		n, err := countField(fileNationality, line, "Number of detections", v[6])
		if err != nil {
			return err
		}
		if nat[year] == nil {
			nat[year], dem[year] = map[[2]string]int{}, map[[2]string]int{}
		}
		nat[year][[2]string{v[2], v[3]}] += n
		dem[year][[2]string{v[4], v[5]}] += n
		return nil
	})
	if err != nil {
		return nil, err
	}
	for y, m := range nat {
		for k, n := range m {
			s.Nationality[y] = append(s.Nationality[y], NationalityCount{Nationality: k[0], Region: k[1], People: n})
		}
		for k, n := range dem[y] {
			s.Demography[y] = append(s.Demography[y], DemographyCount{Sex: k[0], Age: k[1], People: n})
		}
	}
	s.sort()
	return s, s.check(name+" SB_01", filepath.Join(dir, fileNationality))
}

// WriteCompact writes the series as the compact CSV files DefaultSeries
// embeds (daily.csv, prevented.csv, nationality.csv, demography.csv) into dir.
func (s *Series) WriteCompact(dir string) error {
	write := func(name string, header []string, rows func(emit func(...string))) error {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		w := csv.NewWriter(f)
		w.Write(header)
		rows(func(v ...string) { w.Write(v) })
		w.Flush()
		if err := w.Error(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	itoa := strconv.Itoa
	err := write("daily.csv", []string{"date", "people", "boats", "uncontrolled"}, func(emit func(...string)) {
		for i := range s.People {
			u := "-"
			if s.Uncontrolled[i] >= 0 {
				u = itoa(s.Uncontrolled[i])
			}
			emit(s.Start.AddDate(0, 0, i).Format(time.DateOnly), itoa(s.People[i]), itoa(s.Boats[i]), u)
		}
	})
	if err == nil {
		err = write("prevented.csv", []string{"week_ending", "people", "events"}, func(emit func(...string)) {
			for _, w := range s.Prevented {
				emit(w.WeekEnding.Format(time.DateOnly), itoa(w.People), itoa(w.Events))
			}
		})
	}
	if err == nil {
		err = write("nationality.csv", []string{"year", "nationality", "region", "people"}, func(emit func(...string)) {
			for _, y := range sortedYears(s.Nationality) {
				for _, n := range s.Nationality[y] {
					emit(itoa(y), n.Nationality, n.Region, itoa(n.People))
				}
			}
		})
	}
	if err == nil {
		err = write("demography.csv", []string{"year", "sex", "age", "people"}, func(emit func(...string)) {
			for _, y := range sortedYears(s.Demography) {
				for _, d := range s.Demography[y] {
					emit(itoa(y), d.Sex, d.Age, itoa(d.People))
				}
			}
		})
	}
	return err
}

func readCompact(open func(string) (io.ReadCloser, error)) (*Series, error) {
	s := &Series{Nationality: map[int][]NationalityCount{}, Demography: map[int][]DemographyCount{}}
	dayCols := []string{"date", "people", "boats", "uncontrolled"}
	err := readTable(open, "daily.csv", dayCols, func(line int, v []string) error {
		return s.addDay("daily.csv", line, dayCols, v)
	})
	if err == nil {
		weekCols := []string{"week_ending", "people", "events"}
		var prev time.Time
		err = readTable(open, "prevented.csv", weekCols, func(line int, v []string) error {
			w, err := parseWeek("prevented.csv", line, weekCols, v)
			if err == nil {
				err = nextWeek("prevented.csv", line, weekCols[0], prev, w.WeekEnding)
			}
			prev = w.WeekEnding
			s.Prevented = append(s.Prevented, w)
			return err
		})
	}
	if err == nil {
		err = readTable(open, "nationality.csv", []string{"year", "nationality", "region", "people"}, func(line int, v []string) error {
			y, err1 := atoiField("nationality.csv", line, "year", v[0])
			n, err2 := atoiField("nationality.csv", line, "people", v[3])
			s.Nationality[y] = append(s.Nationality[y], NationalityCount{Nationality: v[1], Region: v[2], People: n})
			return errors.Join(err1, err2)
		})
	}
	if err == nil {
		err = readTable(open, "demography.csv", []string{"year", "sex", "age", "people"}, func(line int, v []string) error {
			y, err1 := atoiField("demography.csv", line, "year", v[0])
			n, err2 := atoiField("demography.csv", line, "people", v[3])
			s.Demography[y] = append(s.Demography[y], DemographyCount{Sex: v[1], Age: v[2], People: n})
			return errors.Join(err1, err2)
		})
	}
	if err != nil {
		return nil, err
	}
	s.sort()
	return s, s.check("embedded series daily.csv", "embedded series nationality.csv")
}

// addDay appends one day, which must follow the previous one: v holds the
// date, people, boats and uncontrolled landings, whose columns cols names
// as the file's header does (for errors). Uncontrolled is "-" or "" when
// not recorded.
func (s *Series) addDay(file string, line int, cols, v []string) error {
	date, people, boats, uncontrolled := v[0], v[1], v[2], v[3]
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(date))
	if err != nil {
		return &tideline.InputError{File: file, Line: line, Field: cols[0], Reason: fmt.Sprintf("%q is not a YYYY-MM-DD date", date)}
	}
	if len(s.People) == 0 {
		s.Start = d
	} else if want := s.End().AddDate(0, 0, 1); !d.Equal(want) {
		return &tideline.InputError{File: file, Line: line, Field: cols[0], Reason: fmt.Sprintf("%s does not follow %s: days must be contiguous", date, s.End().Format(time.DateOnly))}
	}
	p, err1 := atoiField(file, line, cols[1], people)
	b, err2 := atoiField(file, line, cols[2], boats)
	u, err3 := optCount(file, line, cols[3], uncontrolled)
	if err := errors.Join(err1, err2, err3); err != nil {
		return err
	}
	if (p == 0) != (b == 0) {
		return &tideline.InputError{File: file, Line: line, Field: cols[2], Reason: fmt.Sprintf("%s in %s: one is zero and the other is not", plural(p, "person", "people"), plural(b, "boat", "boats"))}
	}
	if u > b {
		return &tideline.InputError{File: file, Line: line, Field: cols[3], Reason: fmt.Sprintf("%s in uncontrolled landings of %s: more than arrived", plural(u, "boat", "boats"), plural(b, "boat", "boats"))}
	}
	s.People = append(s.People, p)
	s.Boats = append(s.Boats, b)
	s.Uncontrolled = append(s.Uncontrolled, u)
	return nil
}

// parseWeek reads week ending, people and events (v, in the columns cols
// names); People is -1 when the week has no prevention figures ("-").
func parseWeek(file string, line int, cols, v []string) (WeekPrevented, error) {
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(v[0]))
	if err != nil {
		return WeekPrevented{}, &tideline.InputError{File: file, Line: line, Field: cols[0], Reason: fmt.Sprintf("%q is not a YYYY-MM-DD date", v[0])}
	}
	p, err1 := optCount(file, line, cols[1], v[1])
	e, err2 := optCount(file, line, cols[2], v[2])
	if err := errors.Join(err1, err2); err != nil {
		return WeekPrevented{}, err
	}
	if (p < 0) != (e < 0) {
		return WeekPrevented{}, &tideline.InputError{File: file, Line: line, Field: cols[2], Reason: "people and events prevented must both be recorded or both not"}
	}
	return WeekPrevented{WeekEnding: d, People: p, Events: e}, nil
}

// nextWeek checks that week ending d is a Sunday and, unless it is the
// first week (prev zero), that it comes exactly 7 days after prev: a
// week repeated, left out or out of order is an error.
func nextWeek(file string, line int, field string, prev, d time.Time) error {
	if d.Weekday() != time.Sunday {
		return &tideline.InputError{File: file, Line: line, Field: field,
			Reason: fmt.Sprintf("%s is a %s: weeks end on Sundays", d.Format(time.DateOnly), d.Weekday())}
	}
	if prev.IsZero() {
		return nil
	}
	if want := prev.AddDate(0, 0, 7); !d.Equal(want) {
		reason := fmt.Sprintf("%s does not follow %s: weeks must be consecutive, 7 days apart (want %s)",
			d.Format(time.DateOnly), prev.Format(time.DateOnly), want.Format(time.DateOnly))
		return &tideline.InputError{File: file, Line: line, Field: field, Reason: reason}
	}
	return nil
}

func (s *Series) sort() {
	for _, v := range s.Nationality {
		sort.Slice(v, func(i, j int) bool {
			if v[i].People != v[j].People {
				return v[i].People > v[j].People
			}
			return v[i].Nationality < v[j].Nationality
		})
	}
	for _, v := range s.Demography {
		sort.Slice(v, func(i, j int) bool {
			if v[i].Sex != v[j].Sex {
				return v[i].Sex < v[j].Sex
			}
			return v[i].Age < v[j].Age
		})
	}
}

// check refuses a series without days (daily names their file) or without
// nationality figures (nationality names theirs).
func (s *Series) check(daily, nationality string) error {
	if len(s.People) == 0 {
		return tideline.Errorf(tideline.EINVALID, "%s: the daily series is empty", daily)
	}
	if len(s.Nationality) == 0 {
		return tideline.Errorf(tideline.EINVALID, "%s: no small-boat nationality figures", nationality)
	}
	return nil
}

func sortedYears[T any](m map[int][]T) []int {
	out := make([]int, 0, len(m))
	for y := range m {
		out = append(out, y)
	}
	sort.Ints(out)
	return out
}

// readTable reads the CSV name, finds the columns cols in its header and
// calls row with their values (1-based line numbers).
func readTable(open func(string) (io.ReadCloser, error), name string, cols []string, row func(line int, v []string) error) error {
	f, err := open(name)
	if err != nil {
		return tideline.Errorf(tideline.ENOTFOUND, "channel series: cannot open %s: %v", name, err)
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return &tideline.InputError{File: name, Line: 1, Reason: fmt.Sprintf("cannot read the header: %v", err)}
	}
	idx := make([]int, len(cols))
	for i, c := range cols {
		idx[i] = -1
		for j, h := range header {
			if strings.TrimPrefix(strings.TrimSpace(h), "\ufeff") == c {
				idx[i] = j
			}
		}
		if idx[i] < 0 {
			return &tideline.InputError{File: name, Line: 1, Field: c, Reason: "column missing from the header"}
		}
	}
	v := make([]string, len(cols))
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line, err = pe.StartLine, pe.Err
			}
			return &tideline.InputError{File: name, Line: line, Reason: err.Error()}
		}
		line, _ := r.FieldPos(0)
		for i, j := range idx {
			if j >= len(rec) {
				return &tideline.InputError{File: name, Line: line, Field: cols[i], Reason: "row is too short"}
			}
			v[i] = rec[j]
		}
		if err := row(line, v); err != nil {
			return err
		}
	}
}

// optCount reads a count that may be not recorded ("-" or blank): -1.
func optCount(file string, line int, field, s string) (int, error) {
	if t := strings.TrimSpace(s); t == "" || t == "-" {
		return -1, nil
	}
	return atoiField(file, line, field, s)
}

// sheetRows finds the header row of a spreadsheet sheet (the first row
// whose first cell is cols[0]) and calls row with the values of cols for
// each later row whose first cell is not empty. nums gives each row's
// number in the spreadsheet, as errors report it. Cells missing at the end
// of a row read as "".
func sheetRows(name string, rows [][]string, nums []int, cols []string, row func(n int, v []string) error) error {
	h := -1
	for i, r := range rows {
		if len(r) > 0 && strings.TrimSpace(r[0]) == cols[0] {
			h = i
			break
		}
	}
	if h < 0 {
		return &tideline.InputError{File: name, Field: cols[0], Reason: "no header row starting with this column"}
	}
	idx := make([]int, len(cols))
	for i, c := range cols {
		idx[i] = slices.IndexFunc(rows[h], func(x string) bool { return strings.TrimSpace(x) == c })
		if idx[i] < 0 {
			return &tideline.InputError{File: name, Line: nums[h], Field: c, Reason: "column missing from the header"}
		}
	}
	v := make([]string, len(cols))
	for n := h + 1; n < len(rows); n++ {
		r := rows[n]
		if len(r) == 0 || strings.TrimSpace(r[0]) == "" {
			continue
		}
		for i, j := range idx {
			v[i] = ""
			if j < len(r) {
				v[i] = r[j]
			}
		}
		if err := row(nums[n], v); err != nil {
			return err
		}
	}
	return nil
}

// countField reads a non-negative count that must be given: blank is an
// error, not 0.
func countField(file string, line int, field, s string) (int, error) {
	if strings.TrimSpace(s) == "" {
		return 0, &tideline.InputError{File: file, Line: line, Field: field, Reason: "blank: give a count (0 for none)"}
	}
	return atoiField(file, line, field, s)
}

// atoiField reads a non-negative count; blank is 0.
func atoiField(file string, line int, field, s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, &tideline.InputError{File: file, Line: line, Field: field, Reason: fmt.Sprintf("%q is not a count", s)}
	}
	return n, nil
}
