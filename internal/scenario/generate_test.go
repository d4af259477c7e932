package scenario

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/ingest/mapping"
	"github.com/tideline-oss/tideline/internal/normalize"
)

// files lists the regular files under dir, relative to it.
func files(tb testing.TB, dir string) []string {
	tb.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		tb.Fatal(err)
	}
	return out
}

// isJoined reports whether err is several errors joined.
func isJoined(err error) bool {
	_, ok := err.(interface{ Unwrap() []error })
	return ok
}

// A source that fails half way: Generate returns its error alone, and the
// folder, which held an older scenario, is left with no scenario at all:
// neither the older scenario.json and README.md nor this run's half files.
func TestGenerateFailureLeavesNothing(t *testing.T) {
	dir, _ := mustGenerate(t, Demo())
	failed := errors.New("disk full (test)")
	bad := *ncaSource
	bad.gen = func(w *world, o *sourceOut) error {
		o.row(0, make([]string, len(o.def.files[0].header))...)
		return failed
	}
	for i, s := range sources {
		if s == ncaSource {
			sources[i] = &bad
			t.Cleanup(func() { sources[i] = ncaSource })
		}
	}
	_, err := Generate(context.Background(), Demo(), dir)
	if !errors.Is(err, failed) || isJoined(err) {
		t.Fatalf("Generate = %v; want the source's error alone", err)
	}
	if left := files(t, dir); len(left) > 0 {
		t.Errorf("files left after a failed run: %v", left)
	}
}

// Interrupted, Generate stops, removes what it wrote (and the folder it
// made), and returns one *InterruptedError that is context.Canceled; an
// older scenario in the folder no longer looks finished.
func TestGenerateInterrupted(t *testing.T) {
	older, _ := mustGenerate(t, Demo())
	fresh := filepath.Join(t.TempDir(), "new", "scenario")
	for name, dir := range map[string]string{"older scenario": older, "new folder": fresh} {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			_, err := Generate(ctx, Config{Seed: 1}, dir) // the full series: seconds
			done <- err
		}()
		var err error
	wait:
		for {
			select {
			case err = <-done:
				break wait
			default:
			}
			// Cancelled once this run has begun writing: the older
			// scenario.json is gone and the truth is being written.
			_, old := os.Stat(filepath.Join(dir, "scenario.json"))
			if _, serr := os.Stat(filepath.Join(dir, "truth", "members.csv")); serr == nil && old != nil {
				cancel()
				err = <-done
				break
			}
			time.Sleep(time.Millisecond)
		}
		cancel()
		if err == nil {
			t.Skipf("%s: the run finished before it could be interrupted", name)
		}
		var ie *InterruptedError
		if !errors.As(err, &ie) || !errors.Is(err, context.Canceled) || isJoined(err) {
			t.Errorf("%s: Generate = %v (%T); want one *InterruptedError wrapping context.Canceled", name, err, err)
		}
		if ie != nil && (len(ie.Left) > 0 || !strings.Contains(err.Error(), "nothing of the run was left in "+dir)) {
			t.Errorf("%s: error %q, left %v", name, err, ie.Left)
		}
		if left := files(t, dir); len(left) > 0 {
			t.Errorf("%s: files left after an interrupted run: %v", name, left)
		}
	}
	if _, err := os.Stat(filepath.Dir(fresh)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the folders the interrupted run made are still there (stat: %v)", err)
	}
	// A context ended before the start touches nothing.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	before := digest(t, older)
	if _, err := Generate(ctx, Demo(), older); !errors.Is(err, context.Canceled) {
		t.Errorf("Generate(cancelled) = %v; want context.Canceled", err)
	}
	if after := digest(t, older); len(after) != len(before) {
		t.Errorf("a run cancelled before it started changed the folder: %d files, then %d", len(before), len(after))
	}
}

// Config errors are EINVALID, with messages that name the flag and say
// what to do.
func TestConfigMessages(t *testing.T) {
	for name, tc := range map[string]struct {
		cfg  Config
		want string
	}{
		"NaN":      {Config{Noise: Noise{Translit: math.NaN()}}, "--noise translit=NaN: the rate must be a number from 0 to 1"},
		"+Inf":     {Config{Noise: Noise{OCR: math.Inf(1)}}, "--noise ocr=+Inf: the rate must be a number from 0 to 1"},
		"-Inf":     {Config{Noise: Noise{Returnee: math.Inf(-1)}}, "--noise returnee=-Inf: the rate must be a number from 0 to 1"},
		"above 1":  {Config{Noise: Noise{OCR: 2}}, "--noise ocr=2: the rate is above 1"},
		"dob sum":  {Config{Noise: Noise{Missing: 1}}, "date-of-birth noise rates add up to more than 1: missing 1 + dob_year_only 0.04 + dob_swap 0.04 + dob_typo 0.04 = 1.12 > 1: lower one (0 turns a kind off)"},
		"before":   {Config{From: day(2010, 1, 1), To: day(2010, 2, 1)}, "dates 2010-01-01 to 2010-02-01: the series covers 2018-01-01 to 2026-08-20"},
		"after":    {Config{From: day(2026, 1, 1), To: day(2027, 2, 1)}, "dates 2026-01-01 to 2027-02-01: the series covers 2018-01-01 to 2026-08-20"},
		"reversed": {Config{From: day(2024, 2, 1), To: day(2024, 1, 1)}, "--from 2024-02-01 is after --to 2024-01-01"},
		"sources":  {Config{Sources: []string{}}, "--sources is empty"},
	} {
		_, err := tc.cfg.Defaults()
		if tideline.ErrorCode(err) != tideline.EINVALID || !strings.Contains(tideline.ErrorMessage(err), tc.want) {
			t.Errorf("%s: Defaults() = %v; want EINVALID with %q", name, err, tc.want)
		}
	}
	// Sizes are checked once the world is drawn.
	for name, tc := range map[string]struct {
		cfg  Config
		want string
	}{
		"groups":       {Config{Seed: 1, People: 100, Groups: 200}, "--people 100 is too few for 200 groups ("},
		"one group":    {Config{Seed: 1, People: 30, Groups: 1}, "--people 30 is too few for 1 group ("},
		"no crossings": {Config{Seed: 1, People: 121, Groups: 3}, "--people 121 leaves 1 person after the 120 members of 3 groups: too few for any crossing"},
	} {
		dir := filepath.Join(t.TempDir(), "out")
		_, err := Generate(context.Background(), tc.cfg, dir)
		if tideline.ErrorCode(err) != tideline.EINVALID || !strings.Contains(tideline.ErrorMessage(err), tc.want) {
			t.Errorf("%s: Generate = %v; want EINVALID with %q", name, err, tc.want)
		}
		if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: a refused configuration made the folder", name)
		}
	}
	if got := plural(5246, "member", "members"); got != "5,246 members" {
		t.Errorf("plural(5246) = %q; want 5,246 members", got)
	}
}

// Every phone written in every source reads back, with the region its
// mapping gives the record (GB for the UK sources, the originating
// country for Europol's messages), as the number the truth gives the
// member on the record's day; numbers in records of other entities (calls)
// as a number some member holds.
func TestPhonesReadBack(t *testing.T) {
	dir, st := mustGenerate(t, noisyConfig())
	type span struct {
		e164     string
		from, to time.Time
	}
	phones := map[string][]span{}
	held := map[string]bool{}
	header, rows := readCSV(t, filepath.Join(dir, "truth", "members.csv"))
	id, ph := column(t, header, "person_id"), column(t, header, "phones")
	for _, r := range rows {
		for _, p := range strings.Split(r[ph], ";") {
			var e164, from, to string
			if _, err := fmt.Sscanf(strings.Replace(p, "/", " ", 1), "%s %s %s", &e164, &from, &to); err != nil {
				t.Fatalf("members.csv: %s: phone %q: %v", r[id], p, err)
			}
			f, _ := time.Parse(time.DateOnly, from)
			u, _ := time.Parse(time.DateOnly, to)
			phones[r[id]] = append(phones[r[id]], span{e164, f, u})
			held[e164] = true
		}
	}
	truth := map[[2]string]string{}
	for _, s := range st.Sources {
		_, rows := readCSV(t, filepath.Join(dir, "truth", s.Dataset+".mentions.csv"))
		for _, r := range rows {
			truth[[2]string{r[0], r[1]}] = r[5]
		}
	}
	model := tideline.DefaultModel()
	checked := map[string]int{}
	for _, s := range st.Sources {
		m, err := mapping.Load(filepath.Join(dir, s.Mapping))
		if err != nil {
			t.Fatal(err)
		}
		for f, err := range m.Read(context.Background(), nil) {
			if err != nil {
				t.Fatalf("%s: %v", s.Dataset, err)
			}
			schema := model.Schema(f.Entity.Schema)
			for prop, values := range f.Entity.Properties {
				if p := schema.Property(prop); p == nil || p.Type != tideline.TypePhone {
					continue
				}
				for _, v := range values {
					got, err := normalize.Phone(v, f.Region)
					if err != nil {
						t.Errorf("%s:%d: %s %q does not read as a number with region %q: %v", f.File, f.Line, prop, v, f.Region, err)
						continue
					}
					checked[s.Dataset]++
					spans, member := phones[truth[[2]string{s.Dataset, f.Entity.ID}]]
					if !member || f.Provenance.FirstSeen.IsZero() {
						if !held[got] {
							t.Errorf("%s:%d: %s %q reads as %s with region %q, which no member holds", f.File, f.Line, prop, v, got, f.Region)
						}
						continue
					}
					// The phone of that day: the first whose use ends on it
					// or later, else the last (as the generator picks it).
					day := f.Provenance.FirstSeen.UTC().Truncate(24 * time.Hour)
					want := spans[len(spans)-1].e164
					for _, sp := range spans {
						if !day.After(sp.to) {
							want = sp.e164
							break
						}
					}
					if got != want {
						t.Errorf("%s:%d: %s %q reads as %s with region %q; the truth gives %s %s on %s",
							f.File, f.Line, prop, v, got, f.Region, truth[[2]string{s.Dataset, f.Entity.ID}], want, day.Format(time.DateOnly))
					}
				}
			}
		}
	}
	for _, ds := range []string{"bf_small_boats", "nca_intel", "police_custody", "cdr_albion", "cdr_kestrel", "europol_siena"} {
		if checked[ds] < 20 {
			t.Errorf("%s: only %d phones checked", ds, checked[ds])
		}
	}
	t.Logf("phones checked: %v", checked)
}
