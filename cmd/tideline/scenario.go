package main

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/scenario"
)

// scenarioFlags are the flags of `tideline scenario`.
type scenarioFlags struct {
	out      string
	seed     uint64
	people   int
	groups   int
	from, to string
	demo     bool
	sources  []string
	series   string
	noise    []string
	force    bool
}

func newScenarioCmd(app *App) *cobra.Command {
	var fl scenarioFlags
	cmd := &cobra.Command{
		Use:   "scenario",
		Short: "Generate a people-smuggling scenario: each agency's records in its own layout, with the ground truth",
		Long: `Generates, from a seed, a world of smuggling groups on the Channel route
(organisers, lieutenants, recruiters, brokers, drivers, suppliers, money
handlers and pilots; their phones, vehicles, accounts, boats and engines) and
the records several agencies would hold about it, each in its own CSV layout
with its own grading and handling codes:

  bf_small_boats   Border Force arrivals and encounters (passengers recorded as victims)
  nca_intel        NCA intelligence reports
  police_custody   custody records of arrests
  cdr_albion       call data and subscriber records, one network
  cdr_kestrel      call data and subscriber records, another network
  ukfiu_sars       suspicious activity reports from banks
  europol_siena    partner messages: subjects, vehicle checks, arrests, seizures
  anpr_reads       number plate reads

Crossings follow the Home Office daily series, day by day (scaled to --people),
and passengers' nationalities, sex and age the quarterly Irr_D01 figures by
year (years after its last, 2023, use 2023's; scenario.json's share_years
says which year each follows). Records carry the noise real ones do: transliterated names, given and
family names swapped, dates of birth with typos, day and month swapped or the
year only, national and international phone formats, plates with and without
spaces, misread document numbers, missing fields and aliases.

OUT/sources holds each source's CSV files and the FtM mapping that loads them
(tideline ingest OUT/sources/*.mapping.yml); OUT/truth the true entity of every
record, every person's role and group, and the true links; OUT/scenario.json
the parameters, counts and measured noise rates. The same seed and flags give
byte-identical files.

OUT must be a new or empty folder, or one holding an earlier scenario (whose
files are replaced); another folder needs --force. scenario.json is written
last: a run that fails or is interrupted (Ctrl-C, SIGTERM) removes what it
had written, so no half scenario is left.`,
		Example: `  tideline scenario --demo --out demo-scenario
  tideline scenario --seed 7 --people 100000 --out big
  tideline scenario --from 2022-01-01 --to 2022-12-31 --groups 40 --noise translit=0.5,ocr=0`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := fl.config(cmd.Flags().Changed)
			if err != nil {
				return err
			}
			if err := checkOut(fl.out, fl.force); err != nil {
				return err
			}
			start := time.Now()
			status(app, "generating scenario into %s...", fl.out)
			st, err := scenario.Generate(cmd.Context(), cfg, fl.out)
			status(app, "")
			var interrupted *scenario.InterruptedError
			if errors.As(err, &interrupted) {
				// Its own message: what was written is gone, unlike an
				// interrupted load, of which the store keeps what it had.
				return errors.New(interrupted.Error())
			}
			if err != nil {
				return err
			}
			fmt.Fprint(app.Stdout, st.Summary())
			fmt.Fprintf(app.Stdout, "written to %s in %s; load it with: tideline ingest %s\n", fl.out,
				time.Since(start).Round(time.Millisecond), shellQuote(filepath.Join(fl.out, "sources"))+string(filepath.Separator)+"*.mapping.yml")
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.out, "out", "scenario", "output folder (sources/, truth/, scenario.json)")
	f.Uint64Var(&fl.seed, "seed", 1, "seed: the same seed and flags give the same files")
	f.IntVar(&fl.people, "people", 0, "persons in the world, members and people on the boats (default: the real number of arrivals in the range)")
	f.IntVar(&fl.groups, "groups", 0, "smuggling groups (default: one per 1,000 people, at least 3)")
	f.StringVar(&fl.from, "from", "", "first day, YYYY-MM-DD (default: the start of the daily series, 2018-01-01)")
	f.StringVar(&fl.to, "to", "", "last day, YYYY-MM-DD (default: the end of the daily series)")
	f.BoolVar(&fl.demo, "demo", false, "the demo size: April to September 2024, 3,000 people in 10 groups (other flags override)")
	f.StringSliceVar(&fl.sources, "sources", nil, "only these sources (default all): "+strings.Join(scenario.SourceNames(), ", "))
	f.StringVar(&fl.series, "series", "", "read the Channel series from this folder of public files instead of the embedded copy")
	f.StringSliceVar(&fl.noise, "noise", nil, "noise rates as kind=rate, 0 turns a kind off: "+noiseKindList())
	f.BoolVar(&fl.force, "force", false, "write into --out even when it is a non-empty folder holding no scenario")
	return cmd
}

// checkOut refuses the folders a scenario must not be written into: none
// (""), the root folder, a file, and a non-empty folder that holds no
// earlier scenario (no scenario.json, no sources/ and truth/) unless force.
func checkOut(out string, force bool) error {
	if strings.TrimSpace(out) == "" {
		return usagef("--out is empty: give the folder to write the scenario into")
	}
	for _, p := range []string{out, resolved(out)} {
		if abs, err := filepath.Abs(p); err == nil && filepath.Dir(abs) == abs {
			return usagef("--out %s: a scenario is not written into the root folder; give a folder below it", out)
		}
	}
	info, err := os.Stat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("--out: %w", err)
	case !info.IsDir():
		return usagef("--out %s is a file, not a folder", out)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	if len(entries) == 0 || force || holdsScenario(out) {
		return nil
	}
	return usagef("--out %s holds other files and no scenario (no scenario.json, no sources/ and truth/): choose a new or empty folder, or pass --force to write into it", out)
}

// resolved returns path with its symbolic links resolved, or path.
func resolved(path string) string {
	if r, err := filepath.EvalSymlinks(path); err == nil {
		return r
	}
	return path
}

// holdsScenario reports whether dir holds an earlier scenario: its
// scenario.json, or its sources/ and truth/ folders.
func holdsScenario(dir string) bool {
	if info, err := os.Stat(filepath.Join(dir, "scenario.json")); err == nil && info.Mode().IsRegular() {
		return true
	}
	for _, sub := range []string{"sources", "truth"} {
		if info, err := os.Stat(filepath.Join(dir, sub)); err != nil || !info.IsDir() {
			return false
		}
	}
	return true
}

// shellQuote quotes s for a POSIX shell when it holds anything but
// letters, digits and ._-/:@+=,%
func shellQuote(s string) string {
	plain := s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-/:@+=,%", r))
	}) < 0
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func noiseKindList() string {
	var names []string
	for _, k := range scenario.NoiseKinds() {
		names = append(names, k.String())
	}
	return strings.Join(names, ", ")
}

// config turns the flags into a scenario configuration; flags the user set
// override the demo's values.
func (fl *scenarioFlags) config(changed func(string) bool) (scenario.Config, error) {
	var cfg scenario.Config
	if fl.demo {
		cfg = scenario.Demo()
	}
	if changed("seed") || !fl.demo {
		cfg.Seed = fl.seed
	}
	// Zero means "the default" in a Config; given on the command line it is
	// a mistake.
	for _, n := range []struct {
		name string
		v    int
		def  string
	}{{"people", fl.people, "the real number of arrivals"}, {"groups", fl.groups, "one group per 1,000 people"}} {
		if changed(n.name) && n.v < 1 {
			return cfg, usagef("--%s must be at least 1; leave it out for %s", n.name, n.def)
		}
	}
	if changed("people") || !fl.demo {
		cfg.People = fl.people
	}
	if changed("groups") || !fl.demo {
		cfg.Groups = fl.groups
	}
	for _, d := range []struct {
		name string
		v    string
		dst  *time.Time
	}{{"from", fl.from, &cfg.From}, {"to", fl.to, &cfg.To}} {
		if d.v == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, d.v)
		if err != nil {
			return cfg, usagef("--%s %q: give a date as YYYY-MM-DD", d.name, d.v)
		}
		*d.dst = t
	}
	if changed("sources") && len(fl.sources) == 0 {
		return cfg, usagef("--sources is empty: name one or more of %s, or leave it out for all", strings.Join(scenario.SourceNames(), ", "))
	}
	cfg.Sources = fl.sources
	for _, s := range fl.sources {
		if strings.TrimSpace(s) == "" {
			return cfg, usagef("--sources: an empty item (a trailing or doubled comma?); give source names separated by commas")
		}
		if !slices.Contains(scenario.SourceNames(), s) {
			return cfg, usagef("--sources: unknown source %q (known: %s)", s, strings.Join(scenario.SourceNames(), ", "))
		}
	}
	if fl.series != "" {
		s, err := scenario.ReadSeries(fl.series)
		if err != nil {
			return cfg, err
		}
		cfg.Series = s
	}
	given := map[string]string{} // kind -> the item that set it
	for _, kv := range fl.noise {
		if strings.TrimSpace(kv) == "" {
			return cfg, usagef("--noise: an empty item (a trailing or doubled comma?); give kind=rate items separated by commas, e.g. translit=0.5,ocr=0")
		}
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return cfg, usagef("--noise %q: give kind=rate with a rate from 0 to 1, e.g. translit=0.5", kv)
		}
		k = strings.TrimSpace(k)
		p := noiseField(&cfg.Noise, k)
		if p == nil {
			return cfg, usagef("--noise %q: unknown kind %q (known: %s)", kv, k, noiseKindList())
		}
		if prev, dup := given[k]; dup {
			return cfg, usagef("--noise: %s is given twice (%q and %q); give each kind once", k, prev, kv)
		}
		given[k] = kv
		rate, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || math.IsNaN(rate) || math.IsInf(rate, 0) || rate < 0 || rate > 1 {
			return cfg, usagef("--noise %q: the rate of %s must be a number from 0 to 1 (0 turns it off), e.g. %s=0.5", kv, k, k)
		}
		if rate == 0 {
			rate = -1 // off
		}
		*p = rate
	}
	if _, err := cfg.Defaults(); err != nil {
		if tideline.ErrorCode(err) == tideline.EINVALID {
			return cfg, usagef("%s", tideline.ErrorMessage(err))
		}
		return cfg, err
	}
	return cfg, nil
}

// noiseField returns the field of n that sets kind, nil for an unknown kind.
func noiseField(n *scenario.Noise, kind string) *float64 {
	fields := map[string]*float64{"translit": &n.Translit, "name_swap": &n.NameSwap, "dob_typo": &n.DOBTypo,
		"dob_swap": &n.DOBSwap, "dob_year_only": &n.DOBYearOnly, "missing": &n.Missing, "alias": &n.Alias,
		"alias_as_name": &n.AliasAsName, "ocr": &n.OCR, "phone_format": &n.PhoneFormat, "plate_format": &n.PlateFormat,
		"returnee": &n.Returnee}
	return fields[kind]
}
