package main

import (
	"fmt"
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
year. Records carry the noise real ones do: transliterated names, given and
family names swapped, dates of birth with typos, day and month swapped or the
year only, national and international phone formats, plates with and without
spaces, misread document numbers, missing fields and aliases.

OUT/sources holds each source's CSV files and the FtM mapping that loads them
(tideline ingest OUT/sources/*.mapping.yml); OUT/truth the true entity of every
record, every person's role and group, and the true links; OUT/scenario.json
the parameters, counts and measured noise rates. The same seed and flags give
byte-identical files.`,
		Example: `  tideline scenario --demo --out demo-scenario
  tideline scenario --seed 7 --people 100000 --out big
  tideline scenario --from 2022-01-01 --to 2022-12-31 --groups 40 --noise translit=0.5,ocr=0`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := fl.config(cmd.Flags().Changed)
			if err != nil {
				return err
			}
			start := time.Now()
			status(app, "generating scenario into %s...", fl.out)
			st, err := scenario.Generate(cmd.Context(), cfg, fl.out)
			status(app, "")
			if err != nil {
				return err
			}
			fmt.Fprint(app.Stdout, st.Summary())
			fmt.Fprintf(app.Stdout, "written to %s in %s; load it with: tideline ingest %s\n", fl.out,
				time.Since(start).Round(time.Millisecond), filepath.Join(fl.out, "sources", "*.mapping.yml"))
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
	return cmd
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
	if fl.people < 0 || fl.groups < 0 {
		return cfg, usagef("--people and --groups must not be negative")
	}
	cfg.Sources = fl.sources
	for _, s := range fl.sources {
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
	for _, kv := range fl.noise {
		k, v, ok := strings.Cut(kv, "=")
		rate, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if !ok || err != nil || rate < 0 || rate > 1 {
			return cfg, usagef("--noise %q: give kind=rate with a rate from 0 to 1, e.g. translit=0.5", kv)
		}
		if rate == 0 {
			rate = -1 // off
		}
		if !setNoise(&cfg.Noise, strings.TrimSpace(k), rate) {
			return cfg, usagef("--noise %q: unknown kind %q (known: %s)", kv, k, noiseKindList())
		}
	}
	if _, err := cfg.Defaults(); err != nil {
		return cfg, usagef("%s", tideline.ErrorMessage(err))
	}
	return cfg, nil
}

func setNoise(n *scenario.Noise, kind string, rate float64) bool {
	fields := map[string]*float64{"translit": &n.Translit, "name_swap": &n.NameSwap, "dob_typo": &n.DOBTypo,
		"dob_swap": &n.DOBSwap, "dob_year_only": &n.DOBYearOnly, "missing": &n.Missing, "alias": &n.Alias,
		"alias_as_name": &n.AliasAsName, "ocr": &n.OCR, "phone_format": &n.PhoneFormat, "plate_format": &n.PlateFormat,
		"returnee": &n.Returnee}
	p, ok := fields[kind]
	if ok {
		*p = rate
	}
	return ok
}
