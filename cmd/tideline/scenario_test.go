package main

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

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
	t.Chdir(t.TempDir())
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"scenario", "--noise", "translit"}, 2, `--noise "translit": give kind=rate`},
		{[]string{"scenario", "--noise", "typo=0.1"}, 2, `unknown kind "typo"`},
		{[]string{"scenario", "--noise", "ocr=1.5"}, 2, `give kind=rate with a rate from 0 to 1`},
		{[]string{"scenario", "--from", "2024-13-01"}, 2, `--from "2024-13-01": give a date as YYYY-MM-DD`},
		{[]string{"scenario", "--sources", "mi6"}, 2, `unknown source "mi6"`},
		{[]string{"scenario", "--from", "2017-01-01", "--to", "2017-02-01"}, 1, "the series covers 2018-01-01 to 2026-08-20"},
		{[]string{"scenario", "--people", "-5"}, 2, "must not be negative"},
		{[]string{"scenario", "--people", "100", "--groups", "50", "--from", "2024-01-01", "--to", "2024-03-31"}, 1, "cannot hold 50 groups"},
		{[]string{"scenario", "--series", "/nonexistent"}, 1, "no ho_small_boats_time_series_*.ods in /nonexistent"},
	} {
		code, _, errs := run(t, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, %q; want exit %d and %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
}
