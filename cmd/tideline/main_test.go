package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tideline-oss/tideline/internal/sharedtest"
)

// run executes the CLI in-process, as the binary would.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestDemo(t *testing.T) {
	data := sharedtest.DataDir(t)
	db := filepath.Join(t.TempDir(), "demo.db")
	t.Chdir(t.TempDir()) // rejects files, if any, land here
	code, out, errs := run(t, "--db", db, "demo", "--data", data)
	if code != 0 {
		t.Fatalf("demo exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"== Demo scenario: scenario 2024-04-01 to 2024-09-30, seed 1: 2958 people (309 members of 10 groups, 2649 on the boats), 50 crossings",
		"  bf_small_boats   Border Force     records read 5512, entities 2831",
		"persons recorded as victims (safeguarding) are not drawn",
		"  person    3818 records ->  2927 entities",
		"  against the scenario's truth: pairwise precision 0.995, recall 0.942, F1 0.968; record-level (B-cubed) F1 0.987",
		"The smugglers' network after entity resolution (components of 150 nodes or more):\nGraph: 1377 nodes, 1452 edges",
		"donations          records read 1460, entities 474, statements 5540 (2935 new), rejected 0, invalid values 16",
		"montagna_meetings  records read 390, entities 390",
		"1         15    18  n1 (12)                n1 0.907",
		"11        41    50  n12 (12)               n41 0.554, n1 0.526",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "records read") && !strings.Contains(line, "rejected 0,") {
			t.Errorf("demo rejected records: %s", line)
		}
	}
	// A second run loads nothing new.
	code, out, _ = run(t, "--db", db, "demo", "--data", data)
	if code != 0 || !strings.Contains(out, "statements 13478 (0 new)") {
		t.Errorf("second demo run: exit %d, output:\n%s", code, out)
	}
}

func TestIngestAndAnalyseJSON(t *testing.T) {
	phase11 := sharedtest.Path(t, "networks", "caviar", "phase11.csv")
	dir := t.TempDir()
	t.Chdir(dir)
	db := filepath.Join(dir, "t.db")
	code, out, errs := run(t, "--db", db, "ingest", "--format", "network", "--link", "Call", "--directed",
		"--dataset", "caviar_phase11", "--agency", "RCMP", "--grading", "1A", phase11)
	if code != 0 || !strings.Contains(out, "rejected 0") {
		t.Fatalf("ingest exit %d: %s %s", code, out, errs)
	}
	code, out, errs = run(t, "--db", db, "analyse", "--dataset", "caviar_phase11", "--json", "--top", "3")
	if code != 0 {
		t.Fatalf("analyse exit %d: %s", code, errs)
	}
	var rep struct {
		Nodes      int `json:"nodes"`
		Edges      int `json:"edges"`
		Components []map[string]json.RawMessage
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("analyse --json is not JSON: %v\n%s", err, out)
	}
	if rep.Nodes != 41 || rep.Edges != 50 || len(rep.Components) == 0 {
		t.Fatalf("report = %+v", rep)
	}
	for _, key := range []string{"size", "density", "top_degree", "top_betweenness", "top_pagerank", "communities", "modularity"} {
		if _, ok := rep.Components[0][key]; !ok {
			t.Errorf("component lacks key %q", key)
		}
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	db := filepath.Join(dir, "t.db")
	csvFile := filepath.Join(dir, "records.csv")
	os.WriteFile(csvFile, []byte("a,b\n1,2\n"), 0o600)
	bad := filepath.Join(dir, "bad.yml")
	os.WriteFile(bad, []byte("ds:\n  queries:\n    - csv_url: x.csv\n      entities:\n        p:\n          schema: Persn\n          key: id\n"), 0o600)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no files", []string{"ingest"}, 2, "ingest needs at least one FILE"},
		{"unknown flag", []string{"ingest", "--colour", "x.json"}, 2, "unknown flag: --colour"},
		{"bad grading", []string{"ingest", "--grading", "4Z", "x.json"}, 2, "source evaluation must be 1, 2 or 3"},
		{"C without conditions", []string{"ingest", "--handling", "C", "x.json"}, 2, "handling code C needs its conditions"},
		{"missing file", []string{"ingest", filepath.Join(dir, "nope.ijson")}, 1, "nope.ijson: no such file or directory"},
		{"unknown format", []string{"ingest", csvFile}, 2, "cannot tell the format from the name: a CSV of records is loaded through its mapping"},
		{"every record rejected", []string{"ingest", "--format", "ftm", csvFile}, 1, "nothing loaded: every record was rejected"},
		{"directory", []string{"ingest", dir}, 1, "is a directory, not a file"},
		{"bad top", []string{"analyse", "--top", "0"}, 2, "--top must be at least 1"},
		{"bad region", []string{"ingest", "--region", "United Kingdom", csvFile}, 2, `--region "United Kingdom": give an ISO 3166-1 alpha-2 code`},
		{"unknown region", []string{"ingest", "--region", "XX", csvFile}, 2, `--region "XX": not an ISO 3166-1 alpha-2 country code`},
		{"call undirected", []string{"ingest", "--format", "network", "--link", "Call", csvFile}, 2, "--link Call needs --directed"},
		{"rejects is input", []string{"ingest", "--format", "network", "--rejects", csvFile, csvFile}, 2, "is one of the input files"},
		{"long dataset", []string{"ingest", "--format", "network", "--dataset", strings.Repeat("d", 101), csvFile}, 2, "at most 100 characters"},
		{"missing store", []string{"--db", filepath.Join(dir, "typo.db"), "analyse"}, 1, "no store at"},
		{"bad mapping", []string{"ingest", bad}, 1, `bad.yml:6: ds.queries[0].entities.p.schema: unknown schema "Persn"`},
		{"unknown dataset", []string{"analyse", "--dataset", "nothing"}, 1, `dataset "nothing" is not in the store`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := run(t, append([]string{"--db", db}, tc.args...)...)
			if code != tc.code || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errs, tc.code, tc.want)
			}
		})
	}
}

func TestRejectsFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	in := filepath.Join(dir, "intel.ijson")
	os.WriteFile(in, []byte("{\"id\": \"a\", \"schema\": \"Person\", \"properties\": {\"name\": [\"Ali\"]}}\n{broken\n"), 0o600)
	code, out, errs := run(t, "--db", filepath.Join(dir, "t.db"), "ingest", "--dataset", "intel", in)
	if code != 0 || !strings.Contains(out, "rejected 1") || !strings.Contains(out, "intel.rejects.csv") {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	b, err := os.ReadFile(filepath.Join(dir, "intel.rejects.csv"))
	if err != nil || !strings.HasPrefix(string(b), "file,line,field,reason,outcome\nintel.ijson,2,,invalid JSON") {
		t.Errorf("rejects file = %q, %v", b, err)
	}
	// Fixed and loaded again: the stale rejects file goes.
	os.WriteFile(in, []byte("{\"id\": \"a\", \"schema\": \"Person\", \"properties\": {\"name\": [\"Ali\"]}}\n"), 0o600)
	if code, out, _ := run(t, "--db", filepath.Join(dir, "t.db"), "ingest", "--dataset", "intel", in); code != 0 || !strings.Contains(out, "rejected 0") {
		t.Fatalf("clean re-run: exit %d, %s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "intel.rejects.csv")); !os.IsNotExist(err) {
		t.Errorf("stale rejects file still there after a clean run (stat err %v)", err)
	}
	os.WriteFile(in, []byte("{\"id\": \"a\", \"schema\": \"Person\", \"properties\": {\"name\": [\"Ali\"]}}\n{broken\n"), 0o600)
	code, _, errs = run(t, "--db", filepath.Join(dir, "t.db"), "ingest", "--strict", "--dataset", "intel2", in)
	if code != 1 || !strings.Contains(errs, "intel.ijson:2: invalid JSON") {
		t.Errorf("strict: exit %d, stderr %q", code, errs)
	}
}

func TestShow_ConflictingSchemata(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	db := filepath.Join(dir, "t.db")
	a, b := filepath.Join(dir, "a.ijson"), filepath.Join(dir, "b.ijson")
	os.WriteFile(a, []byte(`{"id": "x1", "schema": "Person", "properties": {"name": ["Ali"]}}`+"\n"), 0o600)
	os.WriteFile(b, []byte(`{"id": "x1", "schema": "Vessel", "properties": {"name": ["Sea Star"]}}`+"\n"), 0o600)
	for _, f := range []string{a, b} {
		if code, _, errs := run(t, "--db", db, "ingest", "--dataset", strings.TrimSuffix(filepath.Base(f), ".ijson"), f); code != 0 {
			t.Fatal(errs)
		}
	}
	code, out, errs := run(t, "--db", db, "show", "x1")
	if code != 0 || !strings.Contains(errs, "schemata Person and Vessel cannot be merged") || !strings.Contains(out, "Sea Star") || !strings.Contains(out, "Ali") {
		t.Errorf("show x1: exit %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = run(t, "--db", db, "analyse")
	if code != 0 || !strings.Contains(out, "Left out: entity x1") {
		t.Errorf("analyse: exit %d\n%s", code, out)
	}
}

func TestShow(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	in := filepath.Join(dir, "bf.ijson")
	os.WriteFile(in, []byte(`{"id": "p1", "schema": "Person", "properties": {"name": ["Hossein Rezaei"], "phone": ["07700 900123"], "birthDate": ["1990-13-01"]}}`+"\n"), 0o600)
	db := filepath.Join(dir, "t.db")
	if code, _, errs := run(t, "--db", db, "ingest", "--dataset", "bf_encounters", "--agency", "Border Force", "--grading", "2B",
		"--handling", "C", "--conditions", "UK only", "--region", "GB", in); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := run(t, "--db", db, "show", "p1")
	if code != 0 {
		t.Fatal(errs)
	}
	for _, want := range []string{"Hossein Rezaei (Person) p1", "+447700900123", "07700 900123", "Border Force", "2B/C (UK only)", "bf.ijson:1", "INVALID: "} {
		if !strings.Contains(out, want) {
			t.Errorf("show output lacks %q:\n%s", want, out)
		}
	}
	if code, _, errs := run(t, "--db", db, "show", "nobody"); code != 1 || !strings.Contains(errs, "entity nobody not found") {
		t.Errorf("show nobody: exit %d, %q", code, errs)
	}
}
