package scenario

import (
	"crypto/sha256"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// digest hashes every file under dir, by path relative to it.
func digest(tb testing.TB, dir string) map[string][32]byte {
	tb.Helper()
	out := map[string][32]byte{}
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[rel] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func TestSameSeedSameBytes(t *testing.T) {
	a, _ := mustGenerate(t, Demo())
	b, _ := mustGenerate(t, Demo())
	da, db := digest(t, a), digest(t, b)
	if len(da) != 2+2*len(sources)+9+8+1 && len(da) < 20 {
		t.Fatalf("only %d files written", len(da))
	}
	for name, h := range da {
		if db[name] != h {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
	if len(da) != len(db) {
		t.Errorf("%d files against %d", len(da), len(db))
	}
	// Another seed gives another world.
	other := Demo()
	other.Seed = 2
	c, _ := mustGenerate(t, other)
	if dc := digest(t, c); dc["sources/bf_encounters.csv"] == da["sources/bf_encounters.csv"] {
		t.Errorf("seeds 1 and 2 wrote the same encounters")
	}
	// Writing one source alone gives that source's bytes unchanged.
	alone := Demo()
	alone.Sources = []string{"nca_intel"}
	d, _ := mustGenerate(t, alone)
	dd := digest(t, d)
	for _, f := range []string{"sources/nca_intel_reports.csv", "truth/nca_intel.mentions.csv", "truth/members.csv"} {
		if dd[f] != da[f] {
			t.Errorf("%s changes when written alone", f)
		}
	}
	if _, ok := dd["sources/bf_encounters.csv"]; ok {
		t.Errorf("a source left out was written")
	}
}

// A full-range scenario at the real volume (the default) has the Home
// Office's crossings, day for day: yearly boats and people within 1%
// (exactly, in fact), people per boat as published, and the passengers'
// nationalities in the proportions of Irr_D01.
func TestFullRangeFollowsHomeOffice(t *testing.T) {
	dir, st := mustGenerate(t, Config{Seed: 3, Sources: []string{"bf_small_boats"}})
	header, rows := readCSV(t, filepath.Join(dir, "sources", "bf_crossings.csv"))
	det, pob := column(t, header, "detected"), column(t, header, "persons_on_board")
	boats, people := map[int]int{}, map[int]int{}
	for _, r := range rows {
		d, err := time.Parse("02/01/2006 15:04", r[det])
		if err != nil {
			t.Fatal(err)
		}
		n, _ := strconv.Atoi(r[pob])
		boats[d.Year()]++
		people[d.Year()] += n
	}
	perBoat := map[int]int{2018: 7, 2019: 11, 2020: 13, 2021: 28, 2022: 41, 2023: 49, 2024: 53, 2025: 62, 2026: 68}
	for y, want := range hoYearly {
		if rel(boats[y], want[1]) > 0.01 || rel(people[y], want[0]) > 0.01 {
			t.Errorf("%d: %d boats, %d people; Home Office %d boats, %d people (must be within 1%%)", y, boats[y], people[y], want[1], want[0])
		}
		if got := int(math.Round(float64(people[y]) / float64(boats[y]))); got != perBoat[y] {
			t.Errorf("%d: %d people per boat; Home Office %d", y, got, perBoat[y])
		}
	}
	if st.Years["2022"].Boats != 1110 {
		t.Errorf("stats: 2022 boats %d; want 1110", st.Years["2022"].Boats)
	}
	// Nationalities of 2022's passengers against Irr_D01 (official, 45,774).
	header, rows = readCSV(t, filepath.Join(dir, "truth", "passengers.csv"))
	cross, nat := column(t, header, "crossing_id"), column(t, header, "ho_nationality")
	crossingYear := map[string]int{}
	_, crows := readCSV(t, filepath.Join(dir, "truth", "crossings.csv"))
	for _, r := range crows {
		crossingYear[r[0]], _ = strconv.Atoi(r[1][:4])
	}
	count, total := map[string]int{}, 0
	for _, r := range rows {
		if crossingYear[r[cross]] == 2022 {
			count[r[nat]]++
			total++
		}
	}
	for name, official := range map[string]int{"Albania": 12658, "Afghanistan": 9088, "Iran": 5841, "Iraq": 4574, "Syria": 3006} {
		got, want := float64(count[name])/float64(total), float64(official)/45774
		if math.Abs(got-want) > 0.01 {
			t.Errorf("2022 passengers from %s: %.3f; Irr_D01 share %.3f (tolerance 0.01)", name, got, want)
		}
	}
}

func rel(got, want int) float64 { return math.Abs(float64(got-want)) / float64(want) }

// noisyConfig is a mid-size scenario whose noise rates are set high
// enough that every kind has thousands of opportunities.
func noisyConfig() Config {
	return Config{Seed: 11, From: day(2023, 5, 1), To: day(2023, 10, 31), People: 20000, Groups: 70,
		Noise: Noise{Translit: 0.4, NameSwap: 0.15, DOBTypo: 0.06, DOBSwap: 0.08, DOBYearOnly: 0.05, Missing: 0.1,
			Alias: 0.3, AliasAsName: 0.15, OCR: 0.15, PhoneFormat: 0.35, PlateFormat: 0.45, Returnee: 0.03}}
}

// Each noise kind occurs at its configured rate (within 20%), counted over
// the opportunities the generator had.
func TestNoiseRates(t *testing.T) {
	for name, cfg := range map[string]Config{"defaults": {Seed: 5, From: day(2022, 6, 1), To: day(2022, 12, 31), People: 25000, Groups: 25}, "noisy": noisyConfig()} {
		_, st := mustGenerate(t, cfg)
		full, _ := cfg.Defaults()
		t.Logf("%s: %v", name, st.Noise)
		for _, k := range NoiseKinds() {
			ns := st.Noise[k.String()]
			if ns.Rate != full.Noise.Rate(k) {
				t.Errorf("%s: %s rate recorded %g; configured %g", name, k, ns.Rate, full.Noise.Rate(k))
			}
			// Enough applications that 20% is four standard deviations.
			if float64(ns.Eligible)*ns.Rate < 400 {
				if name == "noisy" {
					t.Errorf("%s: %s had only %d opportunities at rate %g", name, k, ns.Eligible, ns.Rate)
				}
				continue
			}
			if math.Abs(ns.Measured-ns.Rate) > 0.2*ns.Rate {
				t.Errorf("%s: %s measured %.4f (%d of %d); configured %.4f (tolerance 20%%)", name, k, ns.Measured, ns.Applied, ns.Eligible, ns.Rate)
			}
		}
	}
}

// A noise kind turned off never occurs.
func TestNoiseOff(t *testing.T) {
	cfg := Demo()
	cfg.Noise = Noise{Translit: -1, NameSwap: -1, DOBTypo: -1, DOBSwap: -1, DOBYearOnly: -1, Missing: -1,
		Alias: -1, AliasAsName: -1, OCR: -1, PhoneFormat: -1, PlateFormat: -1, Returnee: -1}
	_, st := mustGenerate(t, cfg)
	for k, ns := range st.Noise {
		if ns.Applied != 0 || ns.Eligible == 0 && k != "alias" {
			t.Errorf("%s off: applied %d of %d", k, ns.Applied, ns.Eligible)
		}
	}
}

// truthPerson is a person's true names and birth date.
type truthPerson struct {
	given, family, dob string
	plain              bool // neither patronymic nor Vietnamese: two fields, given and family
}

func loadPeople(t *testing.T, dir string) map[string]truthPerson {
	out := map[string]truthPerson{}
	for _, f := range []string{"members.csv", "passengers.csv"} {
		header, rows := readCSV(t, filepath.Join(dir, "truth", f))
		id, g, mid, fam, gf, dob := column(t, header, "person_id"), column(t, header, "given_name"), column(t, header, "middle_name"),
			column(t, header, "family_name"), column(t, header, "grandfather_name"), column(t, header, "birth_date")
		for _, r := range rows {
			out[r[id]] = truthPerson{given: r[g], family: r[fam], dob: r[dob], plain: r[mid] == "" && r[gf] == ""}
		}
	}
	return out
}

// The truth's noise labels say what the records hold: read back from
// Border Force's encounter records and checked against the true person.
func TestNoiseLabelsMatchRecords(t *testing.T) {
	dir, _ := mustGenerate(t, noisyConfig())
	people := loadPeople(t, dir)
	header, rows := readCSV(t, filepath.Join(dir, "sources", "bf_encounters.csv"))
	sur, fore, dobCol := column(t, header, "surname"), column(t, header, "forenames"), column(t, header, "dob")
	_, mentions := readCSV(t, filepath.Join(dir, "truth", "bf_small_boats.mentions.csv"))
	byLine := map[int][2]string{}
	for _, m := range mentions {
		if m[3] == "bf_encounters.csv" {
			line, _ := strconv.Atoi(m[4])
			byLine[line] = [2]string{m[5], m[6]}
		}
	}
	year := regexp.MustCompile(`^\d{4}$`)
	checked := map[string]int{}
	for i, r := range rows {
		line := i + 2
		tm, ok := byLine[line]
		if !ok {
			t.Fatalf("bf_encounters.csv:%d has no truth", line)
		}
		p, ok := people[tm[0]]
		if !ok {
			t.Fatalf("bf_encounters.csv:%d: true id %s is not in the truth's people", line, tm[0])
		}
		has := func(k NoiseKind) bool { return strings.Contains("+"+tm[1]+"+", "+"+k.String()+"+") }
		// Dates of birth, written dd/mm/yyyy.
		truth, _ := time.Parse("2006-01-02", p.dob)
		written := r[dobCol]
		switch {
		case has(NoiseDOBYearOnly):
			if !year.MatchString(written) || written != p.dob[:4] {
				t.Errorf("line %d: dob_year_only but dob %q (true %s)", line, written, p.dob)
			}
			checked["dob_year_only"]++
		case written == "":
			if !has(NoiseMissing) {
				t.Errorf("line %d: dob empty without the missing label", line)
			}
			checked["missing"]++
		case has(NoiseDOBSwap):
			d, err := time.Parse("01/02/2006", written)
			if err != nil || !d.Equal(truth) || truth.Day() > 12 || truth.Day() == int(truth.Month()) {
				t.Errorf("line %d: dob_swap but dob %q (true %s)", line, written, p.dob)
			}
			checked["dob_swap"]++
		case has(NoiseDOBTypo):
			want := truth.Format("02/01/2006")
			diff := 0
			for j := range want {
				if j < len(written) && written[j] != want[j] {
					diff++
				}
			}
			if _, err := time.Parse("02/01/2006", written); err != nil || diff != 1 || len(written) != len(want) {
				t.Errorf("line %d: dob_typo but dob %q (true %s): %d digits differ", line, written, want, diff)
			}
			checked["dob_typo"]++
		default:
			if written != truth.Format("02/01/2006") {
				t.Errorf("line %d: no date label but dob %q (true %s)", line, written, p.dob)
			}
			checked["dob_clean"]++
		}
		// Names of two-field cultures, written forenames and SURNAME.
		if !p.plain || has(NoiseAliasAsName) {
			continue
		}
		given, family := r[fore], r[sur]
		wantGiven, wantFamily := p.given, strings.ToUpper(p.family)
		if has(NoiseNameSwap) {
			wantGiven, wantFamily = p.family, strings.ToUpper(p.given)
			checked["name_swap"]++
		}
		same := given == wantGiven && family == wantFamily
		switch {
		case has(NoiseTranslit) && same:
			t.Errorf("line %d: translit but the name is the document's: %q %q", line, given, family)
		case has(NoiseTranslit):
			checked["translit"]++
		case !same:
			t.Errorf("line %d (%s): written %q %q; want %q %q", line, tm[1], given, family, wantGiven, wantFamily)
		default:
			checked["name_clean"]++
		}
	}
	for _, k := range []string{"dob_year_only", "missing", "dob_swap", "dob_typo", "dob_clean", "name_swap", "translit", "name_clean"} {
		if checked[k] < 50 {
			t.Errorf("only %d records checked for %s", checked[k], k)
		}
	}
	t.Logf("checked: %v", sortedCounts(checked))
}

func sortedCounts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%d ", k, m[k])
	}
	return b.String()
}

// --people sizes the world: members plus people carried, within 3%.
func TestPeopleTarget(t *testing.T) {
	for _, n := range []int{3000, 40000} {
		_, st := mustGenerate(t, Config{Seed: 1, From: day(2024, 1, 1), To: day(2024, 12, 31), People: n, Sources: []string{"anpr_reads"}})
		if rel(st.People, n) > 0.03 {
			t.Errorf("--people %d gave %d people (%d members, %d carried)", n, st.People, st.Members, st.Passengers)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	for name, cfg := range map[string]Config{
		"before series": {From: day(2010, 1, 1), To: day(2010, 2, 1)},
		"reversed":      {From: day(2024, 2, 1), To: day(2024, 1, 1)},
		"no crossings":  {From: day(2018, 1, 1), To: day(2018, 1, 20)},
		"few people":    {From: day(2024, 1, 1), To: day(2024, 3, 1), People: 50, Groups: 10},
		"rate":          {Noise: Noise{OCR: 2}},
		"source":        {Sources: []string{"mi5"}},
		"negative":      {People: -1},
	} {
		_, err := Generate(t.Context(), cfg, t.TempDir())
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
