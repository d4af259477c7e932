package ingest_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/ingest"
	"github.com/tideline-oss/tideline/internal/ingest/ftmjson"
	"github.com/tideline-oss/tideline/internal/ingest/mapping"
	"github.com/tideline-oss/tideline/internal/sharedtest"
	"github.com/tideline-oss/tideline/internal/sqlite"
)

func mustOpen(t testing.TB) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var fixedNow = func() time.Time { return time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC) }

func run(t testing.TB, db tideline.Store, src iter.Seq2[*tideline.Fragment, error], ds string, rejects *bytes.Buffer) ingest.Summary {
	t.Helper()
	g, _ := tideline.ParseGrading("2B")
	g.SetHandling("P", "")
	sum, err := ingest.Run(context.Background(), db, src, ingest.Options{
		Dataset: tideline.Dataset{Name: ds, Agency: "NCA", Grading: g}, Rejects: rejects, Now: fixedNow, Region: "GB",
	})
	if err != nil {
		t.Fatalf("ingest.Run(%s): %v", ds, err)
	}
	return sum
}

func mappingSource(t testing.TB) iter.Seq2[*tideline.Fragment, error] {
	m, err := mapping.Load(sharedtest.Path(t, "ftm", "donations.mapping.yml"))
	if err != nil {
		t.Fatal(err)
	}
	return m.Read(context.Background(), nil)
}

func fileSource(t testing.TB, elem ...string) iter.Seq2[*tideline.Fragment, error] {
	f, err := os.Open(sharedtest.Path(t, elem...))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return ftmjson.Read(f, elem[len(elem)-1])
}

func entities(t *testing.T, db tideline.Store, ds string) map[string]*tideline.Entity {
	t.Helper()
	out := map[string]*tideline.Entity{}
	for e, err := range db.Entities(context.Background(), tideline.EntityFilter{Datasets: []string{ds}}) {
		if err != nil {
			t.Fatal(err)
		}
		out[e.ID] = e
	}
	return out
}

// TestDonations_MappingEqualsFtM: donations.csv through donations.mapping.yml
// gives the entities of donations.ijson, id for id, schema for schema and value
// for value, once both went through the same normalisation.
func TestDonations_MappingEqualsFtM(t *testing.T) {
	db := mustOpen(t)
	var rej bytes.Buffer
	sum := run(t, db, mappingSource(t), "donations", &rej)
	if sum.Rejected != 0 || sum.Entities != 474 {
		t.Fatalf("mapping summary = %+v; rejects:\n%s", sum, rej.String())
	}
	// The 8 rows with the misspelt country "Niedlerlande" (donor and address)
	// are kept and marked invalid; FtM drops them silently.
	if sum.Invalid != 16 {
		t.Errorf("invalid values = %d; want 16 (8 rows x 2 'Niedlerlande')", sum.Invalid)
	}
	run(t, db, fileSource(t, "ftm", "donations.ijson"), "donations_ftm", &rej)
	got, want := entities(t, db, "donations"), entities(t, db, "donations_ftm")
	if len(got) != 474 || len(want) != 474 {
		t.Fatalf("entities: mapping %d, ijson %d; want 474 each", len(got), len(want))
	}
	schemata := map[string]int{}
	for id, w := range want {
		g := got[id]
		if g == nil {
			t.Errorf("id %s (%s) missing from the mapping's entities", id, w.Schema)
			continue
		}
		schemata[g.Schema]++
		if g.Schema != w.Schema {
			t.Errorf("%s: schema %s; want %s", id, g.Schema, w.Schema)
		}
		props := map[string]bool{}
		for p := range w.Properties {
			props[p] = true
		}
		for p := range g.Properties {
			props[p] = true
		}
		for p := range props {
			gv, wv := sorted(g.Get(p)), sorted(w.Get(p))
			switch p {
			case "country":
				// FtM dropped the unparseable "Niedlerlande"; Tideline
				// keeps it, marked invalid.
				gv = without(gv, "Niedlerlande")
			case "full":
				// The published export filled templates with untrimmed
				// cells ("Sourethweg 9 , NL-6422 PC Heerlen") beside
				// trimmed ones.
				for i := range wv {
					wv[i] = strings.ReplaceAll(wv[i], " ,", ",")
				}
				wv = dedupe(wv)
			}
			if !reflect.DeepEqual(gv, wv) {
				t.Errorf("%s (%s).%s = %q; want %q", id, w.Schema, p, gv, wv)
			}
		}
	}
	wantSchemata := map[string]int{"Payment": 290, "Address": 89, "Company": 56, "Person": 22, "Organization": 17}
	if !reflect.DeepEqual(schemata, wantSchemata) {
		t.Errorf("schemata = %v; want %v", schemata, wantSchemata)
	}
	// FtM's id: sha1("donations" + "MLPD").
	if e := got["6d03aec76fdeec8f9697d8b19954ab6fc2568bc8"]; e == nil || e.First("name") != "MLPD" || e.Schema != "Organization" {
		t.Errorf("MLPD organisation = %+v", e)
	}
}

func without(v []string, drop string) []string {
	out := []string{}
	for _, s := range v {
		if s != drop {
			out = append(out, s)
		}
	}
	return out
}

func dedupe(v []string) []string {
	var out []string
	for i, s := range v {
		if i == 0 || s != v[i-1] {
			out = append(out, s)
		}
	}
	return out
}

func sorted(v []string) []string {
	out := append([]string{}, v...)
	if len(out) == 0 {
		return []string{}
	}
	sort.Strings(out)
	return out
}

// TestZala_ScriptsIntact: the OpenSanctions export keeps its Cyrillic and
// Latin names exactly, with the export's datasets and seen dates.
func TestZala_ScriptsIntact(t *testing.T) {
	db := mustOpen(t)
	var rej bytes.Buffer
	sum := run(t, db, fileSource(t, "ftm", "zala.entities.ftm.json"), "zala", &rej)
	if sum.Entities != 91 || sum.Rejected != 0 {
		t.Fatalf("summary = %+v; rejects %s", sum, rej.String())
	}
	e, err := db.Entity(context.Background(), "NK-2Tbri3s6GgNtAwsSXh4qpL")
	if err != nil {
		t.Fatal(err)
	}
	names := strings.Join(e.Get("name"), "|")
	for _, want := range []string{"Мария Александровна Осетрова", "Захарова Марія Олександрівна", "Maria Aleksandrovna Osetrova", "OSETROVA, Maria Aleksandrovna"} {
		if !strings.Contains(names, want) {
			t.Errorf("name %q missing from %q", want, names)
		}
	}
	if e.Schema != "Person" || e.First("birthDate") != "1988-01-07" || e.FirstSeen != "2023-11-02T16:38:16" || e.LastSeen != "2026-04-29T12:53:04" {
		t.Errorf("entity = schema %s birthDate %v seen %s..%s", e.Schema, e.Get("birthDate"), e.FirstSeen, e.LastSeen)
	}
	for _, ds := range []string{"zala", "us_ofac_sdn", "gb_fcdo_sanctions"} {
		if !contains(e.Datasets, ds) {
			t.Errorf("datasets %v lack %s", e.Datasets, ds)
		}
	}
	if !contains(e.Referents, "ofac-46001") {
		t.Errorf("referents %v lack ofac-46001", e.Referents)
	}
	// Provenance of one value.
	stmts, err := db.EntityStatements(context.Background(), e.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts {
		if s.Prop == "birthDate" {
			if s.Dataset != "zala" || s.Agency != "NCA" || s.Grading.Code() != "2B" || s.Grading.HandlingCode() != "P" || s.Origin != "zala.entities.ftm.json:1" {
				t.Errorf("birthDate provenance = %+v", s)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestIdempotent: loading any file a second time adds zero statements.
func TestIdempotent(t *testing.T) {
	for name, src := range map[string]func() iter.Seq2[*tideline.Fragment, error]{
		"mapping": func() iter.Seq2[*tideline.Fragment, error] { return mappingSource(t) },
		"ftm":     func() iter.Seq2[*tideline.Fragment, error] { return fileSource(t, "ftm", "zala.entities.ftm.json") },
	} {
		t.Run(name, func(t *testing.T) {
			db := mustOpen(t)
			var rej bytes.Buffer
			first := run(t, db, src(), "ds", &rej)
			n1, _, _ := db.Counts(context.Background())
			second := run(t, db, src(), "ds", &rej)
			n2, _, _ := db.Counts(context.Background())
			if first.Written == 0 || first.Written != n1 || second.Written != 0 || n2 != n1 {
				t.Errorf("first wrote %d (store %d), second wrote %d (store %d); want second 0 and store unchanged", first.Written, n1, second.Written, n2)
			}
		})
	}
}

// TestBadInput_JSONLines: one corrupt line is rejected with its line number and
// every good line loads.
func TestBadInput_JSONLines(t *testing.T) {
	in := `{"id": "p1", "schema": "Person", "properties": {"name": ["Mohammed Al-Rashid"], "phone": ["07700 900123"], "birthDate": ["1990-02-30"]}}
{"id": "p2", "schema": "Person", "properties": {"name": ["Abdul Rahman"
{"id": "v1", "schema": "Vessel", "properties": {"name": ["Sea Star"], "flag": ["France"]}}
{"id": "x1", "schema": "Person", "properties": {"imoNumber": ["9074729"]}}
{"id": "c1", "schema": "Crossing", "properties": {"boat": ["v1"], "outcome": ["sank"], "peopleCount": ["sixty"]}}
`
	db := mustOpen(t)
	var rej bytes.Buffer
	sum := run(t, db, ftmjson.Read(strings.NewReader(in), "intel.ijson"), "intel", &rej)
	if sum.Records != 5 || sum.Fragments != 3 || sum.Rejected != 2 || sum.Invalid != 3 {
		t.Errorf("summary = %+v; want 5 records, 3 loaded, 2 rejected, 3 invalid", sum)
	}
	rows := readCSV(t, rej.String())
	want := [][]string{
		{"file", "line", "field", "reason", "outcome"},
		{"intel.ijson", "2", "", "invalid JSON: unexpected end of JSON input", "rejected"},
		{"intel.ijson", "4", "imoNumber", `schema Person has no property "imoNumber"`, "rejected"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rejects = %q; want %q", rows, want)
	}
	p, err := db.EntityStatements(context.Background(), "p1")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]tideline.Statement{}
	for _, s := range p {
		got[s.Prop] = s
	}
	if s := got["phone"]; s.Value != "+447700900123" || s.OriginalValue != "07700 900123" || s.Invalid != "" {
		t.Errorf("phone statement = %+v", s)
	}
	if s := got["birthDate"]; s.Value != "1990-02-30" || s.Invalid == "" {
		t.Errorf("impossible date must be kept and marked invalid: %+v", s)
	}
	v, _ := db.Entity(context.Background(), "v1")
	if v == nil || v.First("flag") != "fr" {
		t.Errorf("vessel flag = %v; want fr", v)
	}
	c, _ := db.EntityStatements(context.Background(), "c1")
	invalid := map[string]string{}
	for _, s := range c {
		if s.Invalid != "" {
			invalid[s.Prop] = s.Value
		}
	}
	if !reflect.DeepEqual(invalid, map[string]string{"outcome": "sank", "peopleCount": "sixty"}) {
		t.Errorf("crossing invalid values = %v", invalid)
	}
}

// TestBadInput_CSV: a short row is rejected by line; a bad date loads, kept
// as written and marked invalid; every good row loads.
func TestBadInput_CSV(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("custody.csv", "ref,family,given,dob,phone\n"+
		"C1,HASSAN,Ali,12/03/1991,07700 900123\n"+
		"C2,AHMADI\n"+
		"C3,NGUYEN,Van Duc,31/02/1988,+33 6 12 34 56 78\n"+
		"C4,KHAN,Imran,1985,\n")
	mp := write("custody.yml", `custody:
  queries:
    - csv_url: custody.csv
      entities:
        person:
          schema: Person
          key: ref
          properties:
            lastName: {column: family}
            firstName: {column: given}
            name: {columns: [given, family], join: " "}
            birthDate: {column: dob, format: "%d/%m/%Y"}
            phone: {column: phone}
`)
	m, err := mapping.Load(mp)
	if err != nil {
		t.Fatal(err)
	}
	db := mustOpen(t)
	var rej bytes.Buffer
	sum := run(t, db, m.Read(context.Background(), nil), "custody", &rej)
	if sum.Records != 4 || sum.Entities != 3 || sum.Rejected != 1 || sum.Invalid != 1 {
		t.Errorf("summary = %+v; want 4 records, 3 entities, 1 rejected, 1 invalid", sum)
	}
	rows := readCSV(t, rej.String())
	if len(rows) != 2 || rows[1][0] != "custody.csv" || rows[1][1] != "3" {
		t.Fatalf("rejects = %q; want custody.csv line 3", rows)
	}
	byName := map[string]*tideline.Entity{}
	for e, err := range db.Entities(context.Background(), tideline.EntityFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		byName[e.First("name")] = e
	}
	if e := byName["Ali HASSAN"]; e == nil || e.First("birthDate") != "1991-03-12" || e.First("phone") != "+447700900123" {
		t.Errorf("Ali HASSAN = %+v", e)
	}
	if e := byName["Van Duc NGUYEN"]; e == nil || e.First("birthDate") != "31/02/1988" || e.First("phone") != "+33612345678" {
		t.Errorf("Van Duc NGUYEN = %+v", e)
	}
	if e := byName["Imran KHAN"]; e == nil || e.Get("phone") != nil {
		t.Errorf("Imran KHAN = %+v", e)
	}
}

// TestWarnings: a record the mapping loads without a value (a bad region,
// a bad first_seen) is counted once, as a warning, neither a record read
// nor a rejected one; it is listed in the rejects file with its outcome,
// and --strict does not stop at it.
func TestWarnings(t *testing.T) {
	dir := t.TempDir()
	var csvText strings.Builder
	csvText.WriteString("ref,name,country,seen\n")
	for i := 1; i <= 10; i++ {
		country, seen := "GB", "07/01/2024"
		switch {
		case i <= 3:
			country = "Belgium" // not a region code
		case i <= 5:
			seen = "31/02/2024" // no such day
		}
		fmt.Fprintf(&csvText, "R%d,Person %d,%s,%s\n", i, i, country, seen)
	}
	os.WriteFile(filepath.Join(dir, "w.csv"), []byte(csvText.String()), 0o600)
	mp := filepath.Join(dir, "w.yml")
	os.WriteFile(mp, []byte(`w:
  queries:
    - csv_url: w.csv
      provenance:
        first_seen: {column: seen, format: "%d/%m/%Y"}
        region: {column: country}
      entities:
        p: {schema: Person, key: ref, properties: {name: {column: name}}}
`), 0o600)
	m, err := mapping.Load(mp)
	if err != nil {
		t.Fatal(err)
	}
	var rej bytes.Buffer
	sum := run(t, mustOpen(t), m.Read(context.Background(), nil), "w", &rej)
	if sum.Records != 10 || sum.Fragments != 10 || sum.Rejected != 0 || sum.Warnings != 5 {
		t.Errorf("summary = %+v; want 10 records, 10 loaded, 0 rejected, 5 warnings", sum)
	}
	if s := sum.String(); !strings.Contains(s, "records read 10,") || !strings.Contains(s, "rejected 0,") || !strings.Contains(s, "warnings 5") {
		t.Errorf("summary line %q; want records read 10, rejected 0 and warnings 5", s)
	}
	rows := readCSV(t, rej.String())
	if len(rows) != 6 || !reflect.DeepEqual(rows[0], ingest.RejectsHeader) {
		t.Fatalf("rejects = %q; want the header and 5 warnings", rows)
	}
	for _, r := range rows[1:] {
		if r[4] != "loaded without this value" {
			t.Errorf("rejects row %q: outcome %q; want loaded without this value", r, r[4])
		}
	}
	// Strict stops at rejects only.
	sum, err = ingest.Run(context.Background(), mustOpen(t), m.Read(context.Background(), nil),
		ingest.Options{Dataset: tideline.Dataset{Name: "w"}, Strict: true, Now: fixedNow})
	if err != nil || sum.Fragments != 10 || sum.Warnings != 5 {
		t.Errorf("strict run = %+v, %v; want all 10 loaded and 5 warnings", sum, err)
	}
}

func readCSV(t *testing.T, s string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatalf("rejects file is not CSV: %v\n%s", err, s)
	}
	return rows
}

// TestStrict stops at the first bad record and returns its location.
func TestStrict(t *testing.T) {
	db := mustOpen(t)
	in := "{\"id\": \"a\", \"schema\": \"Person\", \"properties\": {}}\nnot json\n{\"id\": \"b\", \"schema\": \"Person\", \"properties\": {}}\n"
	sum, err := ingest.Run(context.Background(), db, ftmjson.Read(strings.NewReader(in), "s.ijson"),
		ingest.Options{Dataset: tideline.Dataset{Name: "s"}, Strict: true, Now: fixedNow})
	var ie *tideline.InputError
	if err == nil || !asInput(err, &ie) || ie.Line != 2 || sum.Fragments != 1 {
		t.Errorf("strict run = %+v, %v; want an InputError at line 2 after 1 fragment", sum, err)
	}
}

func asInput(err error, ie **tideline.InputError) bool {
	e, ok := err.(*tideline.InputError)
	*ie = e
	return ok
}

// TestSeenDates: first and last seen come from the record, else the run's clock.
func TestSeenDates(t *testing.T) {
	db := mustOpen(t)
	in := `{"id": "a", "schema": "Person", "properties": {"name": ["A"]}, "first_seen": "2024-01-02T03:04:05", "last_seen": "2025-06-07T08:09:10"}
{"id": "b", "schema": "Person", "properties": {"name": ["B"]}}
`
	run(t, db, ftmjson.Read(strings.NewReader(in), "x"), "x", &bytes.Buffer{})
	a, _ := db.Entity(context.Background(), "a")
	b, _ := db.Entity(context.Background(), "b")
	if a.FirstSeen != "2024-01-02T03:04:05" || a.LastSeen != "2025-06-07T08:09:10" {
		t.Errorf("a seen %s..%s", a.FirstSeen, a.LastSeen)
	}
	if b.FirstSeen != "2026-11-29T12:00:00" || b.LastSeen != "2026-11-29T12:00:00" {
		t.Errorf("b seen %s..%s; want the run's clock", b.FirstSeen, b.LastSeen)
	}
	js, _ := json.Marshal(a)
	if !strings.Contains(string(js), `"datasets":["x"]`) {
		t.Errorf("entity JSON %s lacks its dataset", js)
	}
}

// TestHostileValues: an id read with two unrelated schemata is rejected at
// the second record; control characters never reach the stored value (the
// original keeps them); a cell of bare separators is kept, marked invalid.
func TestHostileValues(t *testing.T) {
	in := `{"id": "d1", "schema": "Person", "properties": {"name": ["Ali\u001b[2J Hassan"], "phone": ["; ;"], "notes": ["line one\nline two\u0000"]}}
{"id": "d1", "schema": "Vessel", "properties": {"name": ["Sea Star"]}}
{"id": "d1", "schema": "LegalEntity", "properties": {"email": ["ali@example.org"]}}
`
	db := mustOpen(t)
	var rej bytes.Buffer
	sum := run(t, db, ftmjson.Read(strings.NewReader(in), "h.ijson"), "h", &rej)
	if sum.Fragments != 2 || sum.Rejected != 1 || sum.Entities != 1 {
		t.Errorf("summary = %+v; want 2 fragments, 1 rejected, 1 entity", sum)
	}
	if rows := readCSV(t, rej.String()); len(rows) != 2 || rows[1][1] != "2" || rows[1][2] != "schema" ||
		rows[1][3] != "entity d1 is a Person elsewhere in this input; Person and Vessel cannot be one entity" {
		t.Errorf("rejects = %q", rows)
	}
	stmts, err := db.EntityStatements(context.Background(), "d1")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]tideline.Statement{}
	for _, s := range stmts {
		got[s.Prop] = s
	}
	if s := got["name"]; s.Value != "Ali[2J Hassan" || s.OriginalValue != "Ali\x1b[2J Hassan" {
		t.Errorf("name = %q (original %q)", s.Value, s.OriginalValue)
	}
	if s := got["notes"]; s.Value != "line one\nline two" {
		t.Errorf("notes = %q", s.Value)
	}
	if s := got["phone"]; s.Value != "; ;" || s.Invalid == "" {
		t.Errorf("phone = %+v; want the cell kept and marked invalid", s)
	}
	if e, _ := db.Entity(context.Background(), "d1"); e == nil || e.Schema != "Person" || e.First("email") != "ali@example.org" {
		t.Errorf("entity = %+v", e)
	}
}
