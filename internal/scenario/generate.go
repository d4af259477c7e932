package scenario

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/tideline-oss/tideline"
)

// sources lists every agency layout, in the order they are written.
var sources = []*sourceDef{bfSource, ncaSource, custodySource, albionSource, kestrelSource, sarSource, europolSource, anprSource}

// SourceNames returns the dataset names of every source.
func SourceNames() []string {
	out := make([]string, len(sources))
	for i, s := range sources {
		out[i] = s.name
	}
	return out
}

func sourceByName(name string) *sourceDef {
	for _, s := range sources {
		if s.name == name {
			return s
		}
	}
	return nil
}

// Stats describes a generated scenario: the world's size, each source's
// files and rows, and each noise kind's configured and measured rate.
type Stats struct {
	Seed       uint64  `json:"seed"`
	From       string  `json:"from"`
	To         string  `json:"to"`
	People     int     `json:"people"`  // members and passengers
	Members    int     `json:"members"` // core members of the groups
	Passengers int     `json:"passengers"`
	Groups     int     `json:"groups"`
	Crossings  int     `json:"crossings"`
	Prevented  int     `json:"prevented"`
	Scale      float64 `json:"scale"` // scenario crossings per real crossing
	// Years gives the crossings (boats) and people arriving per year.
	Years map[string]YearStats `json:"years"`
	// ShareYears names, for each year of the range, the Irr_D01 year
	// whose nationality, sex and age shares its passengers follow: the
	// year itself, or for years after the dataset's last (2024 on) the
	// last year it covers.
	ShareYears map[string]int       `json:"share_years"`
	Sources    []SourceStats        `json:"sources"`
	Noise      map[string]NoiseStat `json:"noise"`
	Elapsed    float64              `json:"-"` // seconds; not written, so that the same seed gives the same bytes
	Files      map[string]int       `json:"truth_rows"`
}

// YearStats is one year's arrivals in the scenario.
type YearStats struct {
	Boats  int `json:"boats"`
	People int `json:"people"`
}

// SourceStats is one source as written.
type SourceStats struct {
	Dataset  string         `json:"dataset"`
	Title    string         `json:"title"`
	Agency   string         `json:"agency"`
	Mapping  string         `json:"mapping"`
	Rows     map[string]int `json:"rows"`     // per file
	Entities int            `json:"entities"` // truth mentions
}

// NoiseStat is one noise kind: the configured rate, the opportunities and
// applications counted, and the rate measured.
type NoiseStat struct {
	Rate     float64 `json:"rate"`
	Eligible int64   `json:"eligible"`
	Applied  int64   `json:"applied"`
	Measured float64 `json:"measured"`
}

// Generate writes the scenario of cfg into dir: sources/ holds each
// agency's CSV files and the FtM mapping that loads them
// (DATASET.mapping.yml), truth/ the hidden truth (groups, members,
// passengers, crossings, links, and for each source the true entity of
// every entity its mapping makes), and scenario.json the configuration and
// Stats, with a README.md. An older scenario's files in dir (every file
// Generate writes, for any source) are removed first; other files are
// left alone.
//
// scenario.json and README.md are removed first and written last, so a
// folder holding them holds a finished scenario. When Generate fails, or
// ctx ends, it removes every file this run created or truncated (and the
// folders it created, once empty) and returns one error: the first job's
// failure, or an *InterruptedError when ctx ended.
//
// Memory is O(groups + members + crossings + days); the records stream to
// disk, one goroutine per source. Errors: EINVALID for a bad Config
// (nothing is touched then), EINTERNAL-wrapped I/O errors naming the file.
func Generate(ctx context.Context, cfg Config, dir string) (_ *Stats, err error) {
	start := time.Now()
	cfg, err = cfg.Defaults()
	if err != nil {
		return nil, err
	}
	w, err := newWorld(cfg)
	if err != nil {
		return nil, err
	}
	parent := ctx
	if parent.Err() != nil {
		return nil, &InterruptedError{Dir: dir, Err: parent.Err()}
	}
	selected := sources
	if cfg.Sources != nil {
		selected = nil
		for _, s := range sources {
			for _, name := range cfg.Sources {
				if s.name == name {
					selected = append(selected, s)
				}
			}
		}
	}
	log := &fileLog{}
	var madeDirs []string
	defer func() {
		if err != nil {
			err = undo(log.list(), madeDirs, err)
		}
	}()
	// A folder with scenario.json is a finished scenario: not while this
	// run writes into it.
	for _, name := range []string{"scenario.json", "README.md"} {
		if err := removeFile(filepath.Join(dir, name)); err != nil {
			return nil, err
		}
	}
	for _, sub := range []string{"sources", "truth"} {
		made, err := mkdirs(filepath.Join(dir, sub))
		madeDirs = append(madeDirs, made...)
		if err != nil {
			return nil, fmt.Errorf("scenario: %w", err)
		}
	}
	// A source left out of this run must not leave an older run's files
	// beside the new ones; the world's truth goes too, so that a run
	// interrupted before it rewrites a file leaves nothing of an older
	// scenario.
	var old []string
	for _, name := range truthFiles {
		old = append(old, filepath.Join(dir, "truth", name))
	}
	for _, s := range sources {
		for _, f := range s.files {
			old = append(old, filepath.Join(dir, "sources", f.name))
		}
		old = append(old, filepath.Join(dir, "sources", s.name+".mapping.yml"), filepath.Join(dir, "truth", s.name+".mentions.csv"))
	}
	for _, p := range old {
		if err := removeFile(p); err != nil {
			return nil, err
		}
	}
	for _, s := range selected {
		p := filepath.Join(dir, "sources", s.name+".mapping.yml")
		log.add(p)
		if err := os.WriteFile(p, []byte(s.mapping), 0o644); err != nil {
			return nil, fmt.Errorf("scenario: %w", err)
		}
	}

	type job struct {
		name string
		run  func() error
	}
	outs := make([]*sourceOut, len(selected))
	var jobs []job
	truth := &truthOut{files: log}
	jobs = append(jobs, job{"truth", func() error { return w.writeTruth(ctx, dir, truth) }},
		job{"truth passengers", func() error { return w.writePassengers(ctx, dir, truth) }})
	for i, s := range selected {
		sid := sourceIndex(s)
		jobs = append(jobs, job{s.name, func() error {
			o, err := openSource(ctx, w, s, sid, dir, log)
			if err != nil {
				return err
			}
			outs[i] = o
			err = s.gen(w, o)
			if cerr := o.close(); err == nil {
				err = cerr
			}
			return err
		}})
	}
	// Run the jobs on as many goroutines as there are processors; each
	// writes its own files in a fixed order, so the output does not depend
	// on the scheduling. The first job to fail stops the others.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, len(jobs))
	next := make(chan int)
	for k := 0; k < min(runtime.GOMAXPROCS(0), len(jobs)); k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if ctx.Err() != nil {
					errs[i] = ctx.Err()
					continue
				}
				if errs[i] = jobs[i].run(); errs[i] != nil {
					cancel()
				}
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := firstError(parent, dir, errs); err != nil {
		return nil, err
	}

	st := &Stats{Seed: cfg.Seed, From: cfg.From.Format(time.DateOnly), To: cfg.To.Format(time.DateOnly),
		Members: len(w.members), Passengers: w.passengers, Groups: len(w.groups), Crossings: len(w.crossings),
		Prevented: len(w.prevented), Scale: w.scale, Years: map[string]YearStats{}, ShareYears: map[string]int{},
		Noise: map[string]NoiseStat{}, Files: truth.rows}
	for y := cfg.From.Year(); y <= cfg.To.Year(); y++ {
		st.ShareYears[fmt.Sprint(y)] = cfg.Series.NationalityYear(y)
	}
	st.People = st.Members + st.Passengers
	for _, c := range w.crossings {
		y := fmt.Sprint(w.date(int(c.day)).Year())
		ys := st.Years[y]
		ys.Boats++
		ys.People += int(c.onBoard)
		st.Years[y] = ys
	}
	var total noiseStats
	for i, o := range outs {
		total.add(&o.stats)
		ss := SourceStats{Dataset: selected[i].name, Title: selected[i].title, Agency: selected[i].agency,
			Mapping: "sources/" + selected[i].name + ".mapping.yml", Rows: map[string]int{}, Entities: o.truth.rows}
		for j, t := range o.tables {
			ss.Rows[selected[i].files[j].name] = t.rows
		}
		st.Sources = append(st.Sources, ss)
	}
	for _, k := range NoiseKinds() {
		ns := NoiseStat{Rate: cfg.Noise.rate(k), Eligible: total[k].Eligible, Applied: total[k].Applied}
		if ns.Eligible > 0 {
			ns.Measured = float64(ns.Applied) / float64(ns.Eligible)
		}
		st.Noise[k.String()] = ns
	}
	st.Elapsed = time.Since(start).Seconds()
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return nil, tideline.Errorf(tideline.EINTERNAL, "scenario: %v", err)
	}
	if err := parent.Err(); err != nil {
		return nil, &InterruptedError{Dir: dir, Err: err}
	}
	// README.md first: scenario.json marks the folder finished.
	for _, f := range []struct {
		name string
		data []byte
	}{{"README.md", []byte(st.readme())}, {"scenario.json", append(b, '\n')}} {
		p := filepath.Join(dir, f.name)
		log.add(p)
		if err := os.WriteFile(p, f.data, 0o644); err != nil {
			return nil, fmt.Errorf("scenario: %w", err)
		}
	}
	return st, nil
}

// InterruptedError is Generate's error when its context ends before the
// scenario is finished. The files the run had written are removed; Left
// lists those that could not be.
type InterruptedError struct {
	Dir  string
	Left []string // files or folders of the run still there
	Err  error    // the context's error
}

// Error says that the run was interrupted and what is left of it.
func (e *InterruptedError) Error() string {
	if len(e.Left) > 0 {
		return fmt.Sprintf("scenario: interrupted; could not remove what it had written: %s", strings.Join(e.Left, ", "))
	}
	return fmt.Sprintf("scenario: interrupted; nothing of the run was left in %s", e.Dir)
}

// Unwrap returns the context's error.
func (e *InterruptedError) Unwrap() error { return e.Err }

// firstError returns the one error a run reports: the first job's own
// failure (the others then end with the context's error), an
// *InterruptedError when parent ended, or nil.
func firstError(parent context.Context, dir string, errs []error) error {
	for _, e := range errs {
		if e != nil && !errors.Is(e, context.Canceled) && !errors.Is(e, context.DeadlineExceeded) {
			return e
		}
	}
	if parent.Err() != nil {
		return &InterruptedError{Dir: dir, Err: parent.Err()}
	}
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// undo removes the files of a failed run, newest first, then the folders
// it made, once empty. Paths it cannot remove are added to err.
func undo(files, dirs []string, err error) error {
	var left []string
	for i := len(files) - 1; i >= 0; i-- {
		if rerr := os.Remove(files[i]); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			left = append(left, files[i])
		}
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		if rerr := os.Remove(dirs[i]); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			left = append(left, dirs[i])
		}
	}
	var ie *InterruptedError
	if errors.As(err, &ie) {
		ie.Left = append(ie.Left, left...)
		return err
	}
	if len(left) > 0 {
		return fmt.Errorf("%w (and could not remove what the run had written: %s)", err, strings.Join(left, ", "))
	}
	return err
}

// removeFile removes path if it is there.
func removeFile(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("scenario: removing an older run's file: %w", err)
	}
	return nil
}

// mkdirs creates path and its missing parents, and returns the folders it
// created, outermost first.
func mkdirs(path string) ([]string, error) {
	var missing []string
	for p := filepath.Clean(path); ; p = filepath.Dir(p) {
		if _, err := os.Stat(p); err == nil || !errors.Is(err, fs.ErrNotExist) {
			break
		}
		missing = append(missing, p)
		if filepath.Dir(p) == p {
			break
		}
	}
	slices.Reverse(missing)
	if err := os.MkdirAll(path, 0o755); err != nil {
		return missing, err
	}
	return missing, nil
}

// sourceIndex numbers a source for its noise streams: its position in the
// full list, so that selecting sources does not change any source's bytes.
func sourceIndex(s *sourceDef) int {
	for i, t := range sources {
		if t == s {
			return i + 1
		}
	}
	return 0
}

// files lists a source's files with their rows, by name, each written by
// format.
func (s *SourceStats) files(format func(name string, rows int) string) string {
	var files []string
	for f, n := range s.Rows {
		files = append(files, format(f, n))
	}
	sort.Strings(files)
	return strings.Join(files, ", ")
}

// readme describes the folder for whoever opens it.
func (s *Stats) readme() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Synthetic smuggling scenario (seed %d, %s to %s)\n\n", s.Seed, s.From, s.To)
	fmt.Fprintf(&b, "Generated by `tideline scenario`. Nothing here is about real people: names, numbers and events are drawn from a seed.\n")
	fmt.Fprintf(&b, "Crossings follow the Home Office daily small-boat series (scaled by %.4g); passengers follow the Irr_D01 nationality, sex and age figures", s.Scale)
	var later []string
	years := make([]string, 0, len(s.ShareYears))
	for y := range s.ShareYears {
		years = append(years, y)
	}
	sort.Strings(years)
	for _, y := range years {
		if used := s.ShareYears[y]; fmt.Sprint(used) != y {
			later = append(later, fmt.Sprintf("%s uses %d's", y, used))
		}
	}
	if len(later) > 0 {
		fmt.Fprintf(&b, " of the year, or of the nearest year Irr_D01 covers: %s (share_years in scenario.json)", strings.Join(later, ", "))
	}
	b.WriteString(".\n\n")
	fmt.Fprintf(&b, "%s: %s of %s and %s carried on %s; %s prevented.\n\n", plural(s.People, "person", "people"),
		plural(s.Members, "member", "members"), plural(s.Groups, "group", "groups"), plural(s.Passengers, "person", "people"),
		plural(s.Crossings, "boat", "boats"), plural(s.Prevented, "launch", "launches"))
	b.WriteString("Load every source with `tideline ingest sources/*.mapping.yml`.\n\n## Sources\n\n| dataset | agency | files (rows) |\n|---|---|---|\n")
	for _, src := range s.Sources {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", src.Dataset, src.Agency, src.files(func(f string, n int) string { return fmt.Sprintf("%s (%d)", f, n) }))
	}
	b.WriteString(`
## Truth

- truth/DATASET.mentions.csv: every entity a source's mapping makes (dataset, entity_id as the mapping computes it,
  schema, file, line), the true entity it stands for (true_id) and the noise its record carries ("+"-joined kinds).
- truth/members.csv: the groups' members (person_id G{group}-M{n}), role, cell, true names, birth date, phones with
  the days used, vehicles, accounts.
- truth/passengers.csv: the people carried (person_id C{crossing}-S{seat} of their first crossing), recorded as
  victims; truth/returns.csv: the later crossings of those who crossed again (returned to France, 60 to 400 days
  after they first arrived; from 6 August 2025 under the UK-France returns agreement, rarely before it).
- truth/groups.csv, truth/crossings.csv, truth/links.csv: groups, crossings (organising group, pilot, supplier) and
  the true ties between members (with the calls per day they carry).

## Noise

| kind | rate | opportunities | applied | measured |
|---|---|---|---|---|
`)
	for _, k := range NoiseKinds() {
		ns := s.Noise[k.String()]
		fmt.Fprintf(&b, "| %s | %.3f | %d | %d | %.3f |\n", k, ns.Rate, ns.Eligible, ns.Applied, ns.Measured)
	}
	return b.String()
}

// Summary renders the stats for the CLI: the world, then each source.
func (s *Stats) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "scenario %s to %s, seed %d: %d %s (%d %s of %d %s, %d on the boats), %d %s, %d prevented %s\n",
		s.From, s.To, s.Seed, s.People, noun(s.People, "person", "people"), s.Members, noun(s.Members, "member", "members"),
		s.Groups, noun(s.Groups, "group", "groups"), s.Passengers, s.Crossings, noun(s.Crossings, "crossing", "crossings"),
		s.Prevented, noun(s.Prevented, "launch", "launches"))
	for _, src := range s.Sources {
		fmt.Fprintf(&b, "  %-18s %-28s %s\n", src.Dataset, src.Agency, src.files(func(f string, n int) string { return fmt.Sprintf("%s %d %s", f, n, noun(n, "row", "rows")) }))
	}
	return b.String()
}
