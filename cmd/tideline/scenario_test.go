package main

import (
	"context"
	"encoding/csv"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/sqlite"
)

// The demo scenario, generated and loaded through the CLI: every source
// loads through its mapping with zero rejects, every entity in the store
// has exactly one true entity in the truth, and every record of every
// source makes at least one of them.
func TestScenarioLoadsWithTruth(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	out := filepath.Join(dir, "scen")
	if code, _, errs := run(t, "scenario", "--demo", "--out", out); code != 0 {
		t.Fatalf("scenario exit %d: %s", code, errs)
	}
	mappings, _ := filepath.Glob(filepath.Join(out, "sources", "*.mapping.yml"))
	if len(mappings) != 8 {
		t.Fatalf("%d mappings written; want 8", len(mappings))
	}
	db := filepath.Join(dir, "s.db")
	code, stdout, errs := run(t, append([]string{"--db", db, "ingest"}, mappings...)...)
	if code != 0 {
		t.Fatalf("ingest exit %d: %s", code, errs)
	}
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		if strings.Contains(line, "-> dataset") && !strings.Contains(line, "rejected 0,") {
			t.Errorf("not every record loaded: %s", line)
		}
	}
	if rej, _ := filepath.Glob(filepath.Join(dir, "*.rejects.csv")); len(rej) > 0 {
		t.Errorf("rejects files written: %v", rej)
	}

	// The truth: one row per entity, none listed twice.
	truth := map[[2]string]string{}
	records := map[[2]string]bool{} // (file, line) that made an entity
	files, _ := filepath.Glob(filepath.Join(out, "truth", "*.mentions.csv"))
	for _, f := range files {
		for i, r := range readAll(t, f) {
			if i == 0 {
				continue
			}
			k := [2]string{r[0], r[1]}
			if _, dup := truth[k]; dup {
				t.Errorf("%s: entity %s listed twice", f, r[1])
			}
			if r[5] == "" {
				t.Errorf("%s: entity %s has no true id", f, r[1])
			}
			truth[k] = r[5]
			records[[2]string{r[3], r[4]}] = true
		}
	}
	store, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	inStore := map[[2]string]bool{}
	for s, err := range store.Statements(context.Background(), tideline.EntityFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		inStore[[2]string{s.Dataset, s.EntityID}] = true
	}
	for k := range inStore {
		if truth[k] == "" {
			t.Errorf("entity %s of %s has no truth", k[1], k[0])
		}
	}
	for k := range truth {
		if !inStore[k] {
			t.Errorf("truth lists entity %s of %s, which the mapping did not make", k[1], k[0])
		}
	}
	if len(inStore) < 5000 {
		t.Errorf("only %d entities loaded", len(inStore))
	}
	// Every record of every source is in the truth.
	csvs, _ := filepath.Glob(filepath.Join(out, "sources", "*.csv"))
	for _, f := range csvs {
		for i := range readAll(t, f) {
			if i > 0 && !records[[2]string{filepath.Base(f), strconv.Itoa(i + 1)}] {
				t.Errorf("%s:%d makes no entity of the truth", filepath.Base(f), i+1)
			}
		}
	}
}

func readAll(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

func TestScenarioFlags(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	os.Mkdir("notes", 0o755)
	os.WriteFile(filepath.Join("notes", "todo.txt"), []byte("keep me"), 0o600)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"scenario", "--noise", "translit"}, 2, `--noise "translit": give kind=rate`},
		{[]string{"scenario", "--noise", "typo=0.1"}, 2, `unknown kind "typo"`},
		{[]string{"scenario", "--noise", "ocr=1.5"}, 2, `--noise "ocr=1.5": the rate of ocr must be a number from 0 to 1`},
		{[]string{"scenario", "--noise", "translit=NaN"}, 2, `--noise "translit=NaN": the rate of translit must be a number from 0 to 1`},
		{[]string{"scenario", "--noise", "ocr=Inf"}, 2, `--noise "ocr=Inf": the rate of ocr must be a number from 0 to 1`},
		{[]string{"scenario", "--noise", "ocr=-inf"}, 2, `--noise "ocr=-inf": the rate of ocr must be a number from 0 to 1`},
		{[]string{"scenario", "--noise", "translit=0.5,translit=0"}, 2, `--noise: translit is given twice ("translit=0.5" and "translit=0")`},
		{[]string{"scenario", "--noise", "translit=0.5,"}, 2, `--noise: an empty item (a trailing or doubled comma?)`},
		{[]string{"scenario", "--noise", "missing=1"}, 2, "date-of-birth noise rates add up to more than 1: missing 1 + dob_year_only 0.04 + dob_swap 0.04 + dob_typo 0.04 = 1.12 > 1: lower one (0 turns a kind off)"},
		{[]string{"scenario", "--from", "2024-13-01"}, 2, `--from "2024-13-01": give a date as YYYY-MM-DD`},
		{[]string{"scenario", "--sources", "mi6"}, 2, `unknown source "mi6"`},
		{[]string{"scenario", "--sources", ""}, 2, "--sources is empty: name one or more of bf_small_boats"},
		{[]string{"scenario", "--sources", "anpr_reads,"}, 2, "--sources: an empty item"},
		{[]string{"scenario", "--from", "2017-01-01", "--to", "2017-02-01"}, 2, "the series covers 2018-01-01 to 2026-08-20"},
		{[]string{"scenario", "--from", "2024-02-01", "--to", "2024-01-01"}, 2, "--from 2024-02-01 is after --to 2024-01-01"},
		{[]string{"scenario", "--people", "-5"}, 2, "--people must be at least 1"},
		{[]string{"scenario", "--demo", "--people", "0"}, 2, "--people must be at least 1; leave it out for the real number of arrivals"},
		{[]string{"scenario", "--groups", "0"}, 2, "--groups must be at least 1; leave it out for one group per 1,000 people"},
		{[]string{"scenario", "--people", "100", "--groups", "50", "--from", "2024-01-01", "--to", "2024-03-31"}, 1, "--people 100 is too few for 50 groups ("},
		{[]string{"scenario", "--people", "121", "--groups", "3", "--out", "tiny"}, 1, "too few for any crossing"},
		{[]string{"scenario", "--series", "/nonexistent"}, 1, "no ho_small_boats_time_series_*.ods in /nonexistent"},
		{[]string{"scenario", "--demo", "--out", ""}, 2, "--out is empty"},
		{[]string{"scenario", "--demo", "--out", "/"}, 2, "--out /: a scenario is not written into the root folder"},
		{[]string{"scenario", "--demo", "--out", "/.."}, 2, "root folder"},
		{[]string{"scenario", "--demo", "--out", "notes"}, 2, "--out notes holds other files and no scenario (no scenario.json, no sources/ and truth/): choose a new or empty folder, or pass --force"},
		{[]string{"scenario", "--demo", "--out", filepath.Join("notes", "todo.txt")}, 2, "is a file, not a folder"},
	} {
		code, _, errs := run(t, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, %q; want exit %d and %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
	if _, err := os.Stat("tiny"); !os.IsNotExist(err) {
		t.Errorf("a refused scenario left its folder (stat: %v)", err)
	}
	// --force writes into the folder, and leaves its other files alone; the
	// folder then holds a scenario, which a new run replaces without it.
	if code, _, errs := run(t, "scenario", "--demo", "--sources", "anpr_reads", "--out", "notes", "--force"); code != 0 {
		t.Fatalf("--force: exit %d: %s", code, errs)
	}
	if b, err := os.ReadFile(filepath.Join("notes", "todo.txt")); string(b) != "keep me" {
		t.Errorf("--force lost the folder's own file: %q, %v", b, err)
	}
	if code, _, errs := run(t, "scenario", "--demo", "--sources", "anpr_reads", "--out", "notes"); code != 0 {
		t.Errorf("a second run into a scenario folder: exit %d: %s", code, errs)
	}
	// A folder with spaces is quoted in the load hint, the glob left out.
	code, out, errs := run(t, "scenario", "--demo", "--sources", "anpr_reads", "--out", "my scenario")
	if want := "load it with: tideline ingest 'my scenario/sources'/*.mapping.yml"; code != 0 || !strings.Contains(out, want) {
		t.Errorf("exit %d, %s %s; want %q", code, out, errs, want)
	}
}

// An interrupted scenario says so, and that nothing of it was left.
func TestScenarioInterrupted(t *testing.T) {
	t.Chdir(t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr strings.Builder
	code := Run(ctx, []string{"scenario", "--demo", "--out", "scen"}, strings.NewReader(""), &stdout, &stderr)
	want := "tideline: scenario: interrupted; nothing of the run was left in scen\n"
	if code != 1 || stderr.String() != want {
		t.Errorf("exit %d, stderr %q; want exit 1 and %q", code, stderr.String(), want)
	}
	if _, err := os.Stat("scen"); !os.IsNotExist(err) {
		t.Errorf("an interrupted run left its folder (stat: %v)", err)
	}
}

// SIGTERM ends a run as Ctrl-C does: the scenario being written is
// removed and the process says so, rather than dying half way. The test
// runs the real main in a child process (this test binary, re-run with
// TIDELINE_MAIN_ARGS) and signals it once it is writing.
func TestScenarioSIGTERM(t *testing.T) {
	if args := os.Getenv("TIDELINE_MAIN_ARGS"); args != "" {
		os.Args = append([]string{"tideline"}, strings.Split(args, "\x1f")...)
		main()
		return
	}
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	out := filepath.Join(t.TempDir(), "scen")
	cmd := exec.Command(os.Args[0], "-test.run=^TestScenarioSIGTERM$")
	cmd.Env = append(os.Environ(), "TIDELINE_MAIN_ARGS="+strings.Join([]string{"scenario", "--out", out}, "\x1f")) // the full series: seconds
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(out, "truth", "members.csv")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the child never started writing: %s", stderr.String())
		}
		time.Sleep(time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.Contains(stderr.String(), "scenario: interrupted; nothing of the run was left in "+out) {
		t.Fatalf("after SIGTERM: %v, stderr %q; want exit 1 and the interrupted message", err, stderr.String())
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("SIGTERM left the scenario folder (stat: %v)", err)
	}
}
