package storetest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
)

// Run runs the conformance suite against a Store implementation. open must
// return a new, empty store for each call; Run closes it (and checks that
// Close succeeds) when the subtest ends, so cleanup that open registers with
// t.Cleanup, such as dropping a database, runs after Close.
//
// Times written by the suite are whole seconds in UTC, which every store is
// expected to keep exactly.
func Run(t *testing.T, open func(t *testing.T) tideline.Store) {
	fresh := func(t *testing.T) tideline.Store {
		t.Helper()
		s := open(t)
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Errorf("Close() = %v; want nil", err)
			}
		})
		return s
	}
	tests := []struct {
		name string
		fn   func(t *testing.T, s tideline.Store)
	}{
		{"WriteAndReadEntity", testWriteAndReadEntity},
		{"Idempotent", testIdempotent},
		{"UpdateTakesNewValues", testUpdateTakesNewValues},
		{"DuplicateInBatch", testDuplicateInBatch},
		{"ProvenanceRoundTrip", testProvenanceRoundTrip},
		{"NotFound", testNotFound},
		{"Invalid", testInvalid},
		{"EntitiesByDataset", testEntitiesByDataset},
		{"EntitiesBySchema", testEntitiesBySchema},
		{"EntitiesByIDs", testEntitiesByIDs},
		{"Ordering", testOrdering},
		{"Statements", testStatements},
		{"Counts", testCounts},
		{"Datasets", testDatasets},
		{"Unicode", testUnicode},
		{"LargeBatch", testLargeBatch},
		{"UnmergeableSchemata", testUnmergeableSchemata},
		{"NestedRead", testNestedRead},
		{"ContextCancelled", testContextCancelled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, fresh(t)) })
	}
}

// Fixed times: whole seconds, UTC.
var (
	t0 = time.Date(2024, 1, 10, 8, 0, 0, 0, time.UTC)
	t1 = time.Date(2024, 2, 20, 9, 30, 0, 0, time.UTC)
	t2 = time.Date(2024, 3, 5, 17, 45, 12, 0, time.UTC)
	t3 = time.Date(2024, 6, 30, 23, 59, 59, 0, time.UTC)
)

const isoSecond = "2006-01-02T15:04:05"

var model = tideline.DefaultModel()

// frag describes one entity as one dataset states it.
type frag struct {
	dataset, id, schema string
	props               []string // prop, value, prop, value, ...
	first, last         time.Time
	canonical           string // "" for id
}

// statements returns the schema statement and one statement per value of
// f, with ids computed as ingest computes them.
func (f frag) statements() []tideline.Statement {
	sc := model.Schema(f.schema)
	mk := func(prop, value string) tideline.Statement {
		var pt tideline.PropertyType
		if prop == tideline.PropSchema {
			pt = tideline.TypeString
		} else if sc != nil {
			if p := sc.Property(prop); p != nil {
				pt = p.Type
			}
		}
		return tideline.Statement{
			ID:          tideline.StatementID(f.dataset, f.id, prop, value),
			EntityID:    f.id,
			CanonicalID: cmp(f.canonical, f.id),
			Schema:      f.schema,
			Prop:        prop,
			PropType:    pt,
			Value:       value,
			Dataset:     f.dataset,
			FirstSeen:   f.first,
			LastSeen:    f.last,
		}
	}
	out := []tideline.Statement{mk(tideline.PropSchema, f.schema)}
	for i := 0; i+1 < len(f.props); i += 2 {
		out = append(out, mk(f.props[i], f.props[i+1]))
	}
	return out
}

func cmp(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func frags(fs ...frag) []tideline.Statement {
	var out []tideline.Statement
	for _, f := range fs {
		out = append(out, f.statements()...)
	}
	return out
}

func mustWrite(t *testing.T, s tideline.Store, stmts []tideline.Statement, wantInserted int) {
	t.Helper()
	n, err := s.WriteStatements(context.Background(), stmts)
	if err != nil {
		t.Fatalf("WriteStatements(%d statements) error: %v", len(stmts), err)
	}
	if n != wantInserted {
		t.Fatalf("WriteStatements(%d statements) = %d inserted; want %d", len(stmts), n, wantInserted)
	}
}

func mustEntity(t *testing.T, s tideline.Store, id string) *tideline.Entity {
	t.Helper()
	e, err := s.Entity(context.Background(), id)
	if err != nil {
		t.Fatalf("Entity(%q) error: %v", id, err)
	}
	if e == nil {
		t.Fatalf("Entity(%q) = nil, nil", id)
	}
	return e
}

func mustEntityStatements(t *testing.T, s tideline.Store, id string) []tideline.Statement {
	t.Helper()
	stmts, err := s.EntityStatements(context.Background(), id)
	if err != nil {
		t.Fatalf("EntityStatements(%q) error: %v", id, err)
	}
	return stmts
}

// collect drains an Entities stream, failing on the first error.
func collect(t *testing.T, s tideline.Store, f tideline.EntityFilter) []*tideline.Entity {
	t.Helper()
	var out []*tideline.Entity
	for e, err := range s.Entities(context.Background(), f) {
		if err != nil {
			t.Fatalf("Entities(%+v) error: %v", f, err)
		}
		out = append(out, e)
	}
	return out
}

func ids(es []*tideline.Entity) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

// sortedProps returns e's properties with each value list sorted, so that
// comparisons do not depend on the order a store returns values in.
func sortedProps(p map[string][]string) map[string][]string {
	out := make(map[string][]string, len(p))
	for k, v := range p {
		out[k] = slices.Sorted(slices.Values(v))
	}
	return out
}

func checkCode(t *testing.T, what string, err error, want string) {
	t.Helper()
	if got := tideline.ErrorCode(err); got != want {
		t.Errorf("%s error code = %q (err %v); want %q", what, got, err, want)
	}
}

func checkCounts(t *testing.T, s tideline.Store, wantStmts, wantEntities int) {
	t.Helper()
	n, e, err := s.Counts(context.Background())
	if err != nil {
		t.Fatalf("Counts() error: %v", err)
	}
	if n != wantStmts || e != wantEntities {
		t.Errorf("Counts() = %d statements, %d entities; want %d, %d", n, e, wantStmts, wantEntities)
	}
}

// ivan is one person stated by two agencies: a Person in the NCA's intel,
// a LegalEntity (under another entity id, resolved to the same canonical
// id) in Border Force encounters.
var ivan = []frag{
	{dataset: "nca_intel", id: "p1", schema: "Person", first: t0, last: t1, props: []string{
		"name", "Ivan Petrov", "birthDate", "1980-04-02", "nationality", "ru", "phone", "+447700900123"}},
	{dataset: "bf_encounters", id: "bf-771", canonical: "p1", schema: "LegalEntity", first: t2, last: t3, props: []string{
		"name", "Ivan Petrov", "name", "I. Petrov", "phone", "+447700900123", "email", "ivan@example.org"}},
}

func testWriteAndReadEntity(t *testing.T, s tideline.Store) {
	stmts := frags(ivan...)
	mustWrite(t, s, stmts, len(stmts))

	e := mustEntity(t, s, "p1")
	if e.ID != "p1" {
		t.Errorf("Entity(p1).ID = %q; want p1", e.ID)
	}
	if e.Schema != "Person" {
		t.Errorf("Entity(p1).Schema = %q; want Person (LegalEntity and Person merge into Person)", e.Schema)
	}
	wantProps := map[string][]string{
		"name":        {"I. Petrov", "Ivan Petrov"},
		"birthDate":   {"1980-04-02"},
		"nationality": {"ru"},
		"phone":       {"+447700900123"},
		"email":       {"ivan@example.org"},
	}
	if got := sortedProps(e.Properties); !reflect.DeepEqual(got, wantProps) {
		t.Errorf("Entity(p1).Properties = %v; want %v", got, wantProps)
	}
	if want := []string{"bf_encounters", "nca_intel"}; !slices.Equal(e.Datasets, want) {
		t.Errorf("Entity(p1).Datasets = %q; want %q", e.Datasets, want)
	}
	if want := []string{"bf-771"}; !slices.Equal(e.Referents, want) {
		t.Errorf("Entity(p1).Referents = %q; want %q", e.Referents, want)
	}
	if want := t0.Format(isoSecond); e.FirstSeen != want {
		t.Errorf("Entity(p1).FirstSeen = %q; want %q", e.FirstSeen, want)
	}
	if want := t3.Format(isoSecond); e.LastSeen != want {
		t.Errorf("Entity(p1).LastSeen = %q; want %q", e.LastSeen, want)
	}

	got := mustEntityStatements(t, s, "p1")
	if len(got) != len(stmts) {
		t.Fatalf("EntityStatements(p1) = %d statements; want %d", len(got), len(stmts))
	}
	for i := range got {
		if got[i].CanonicalID != "p1" {
			t.Errorf("EntityStatements(p1)[%d].CanonicalID = %q; want p1", i, got[i].CanonicalID)
		}
	}
	checkCounts(t, s, len(stmts), 1)
}

func testIdempotent(t *testing.T, s tideline.Store) {
	stmts := frags(ivan...)
	mustWrite(t, s, stmts, len(stmts))
	mustWrite(t, s, stmts, 0)
	checkCounts(t, s, len(stmts), 1)

	// The same statements seen earlier and later widen the seen dates...
	early, late := t0.Add(-48*time.Hour), t3.Add(72*time.Hour)
	wider := slices.Clone(stmts)
	for i := range wider {
		wider[i].FirstSeen, wider[i].LastSeen = early, late
	}
	mustWrite(t, s, wider, 0)
	// ... and a narrower sighting does not narrow them again.
	narrower := slices.Clone(stmts)
	for i := range narrower {
		narrower[i].FirstSeen, narrower[i].LastSeen = t1, t2
	}
	mustWrite(t, s, narrower, 0)

	for _, st := range mustEntityStatements(t, s, "p1") {
		if !st.FirstSeen.Equal(early) || !st.LastSeen.Equal(late) {
			t.Errorf("statement %s %s=%q seen %v..%v; want %v..%v", st.Dataset, st.Prop, st.Value,
				st.FirstSeen, st.LastSeen, early, late)
		}
	}
	e := mustEntity(t, s, "p1")
	if want := early.Format(isoSecond); e.FirstSeen != want {
		t.Errorf("Entity(p1).FirstSeen = %q; want %q", e.FirstSeen, want)
	}
	if want := late.Format(isoSecond); e.LastSeen != want {
		t.Errorf("Entity(p1).LastSeen = %q; want %q", e.LastSeen, want)
	}
	checkCounts(t, s, len(stmts), 1)
}

// A re-graded record updates the grading and the other fields.
func testUpdateTakesNewValues(t *testing.T, s tideline.Store) {
	stmts := frags(frag{dataset: "nca_intel", id: "p1", schema: "Person", first: t1, last: t2,
		props: []string{"name", "Ivan Petrov"}})
	for i := range stmts {
		stmts[i].Grading = tideline.Grading{Source: '3', Intelligence: 'D', Handling: 'P'}
		stmts[i].Origin = "intel.csv:4"
	}
	mustWrite(t, s, stmts, 2)
	regraded := slices.Clone(stmts)
	for i := range regraded {
		regraded[i].Grading = tideline.Grading{Source: '1', Intelligence: 'B', Handling: 'C', Conditions: "NCA only"}
		regraded[i].Origin = "intel-v2.csv:9"
		regraded[i].Agency = "NCA"
		regraded[i].FirstSeen, regraded[i].LastSeen = t2, t3
	}
	mustWrite(t, s, regraded, 0)
	for _, st := range mustEntityStatements(t, s, "p1") {
		if want := (tideline.Grading{Source: '1', Intelligence: 'B', Handling: 'C', Conditions: "NCA only"}); st.Grading != want {
			t.Errorf("statement %s: Grading = %v; want %v", st.Prop, st.Grading, want)
		}
		if st.Origin != "intel-v2.csv:9" || st.Agency != "NCA" {
			t.Errorf("statement %s: Origin, Agency = %q, %q; want intel-v2.csv:9, NCA", st.Prop, st.Origin, st.Agency)
		}
		if !st.FirstSeen.Equal(t1) || !st.LastSeen.Equal(t3) {
			t.Errorf("statement %s: seen %v..%v; want %v..%v", st.Prop, st.FirstSeen, st.LastSeen, t1, t3)
		}
	}
}

// The same statement twice in one batch is one new row with the widest dates.
func testDuplicateInBatch(t *testing.T, s tideline.Store) {
	a := frags(frag{dataset: "d", id: "x1", schema: "Person", first: t1, last: t1, props: []string{"name", "Ana"}})
	b := frags(frag{dataset: "d", id: "x1", schema: "Person", first: t0, last: t2, props: []string{"name", "Ana"}})
	c := frags(frag{dataset: "d", id: "x1", schema: "Person", first: t1, last: t3, props: []string{"name", "Ana"}})
	batch := slices.Concat(a, b, c)
	mustWrite(t, s, batch, 2)
	checkCounts(t, s, 2, 1)
	for _, st := range mustEntityStatements(t, s, "x1") {
		if !st.FirstSeen.Equal(t0) || !st.LastSeen.Equal(t3) {
			t.Errorf("statement %s seen %v..%v; want %v..%v", st.Prop, st.FirstSeen, st.LastSeen, t0, t3)
		}
	}
}

func testProvenanceRoundTrip(t *testing.T, s tideline.Store) {
	want := []tideline.Statement{
		{
			ID: tideline.StatementID("nca_intel", "p9", "phone", "07700 900123"), EntityID: "p9", CanonicalID: "p9",
			Schema: "Person", Prop: "phone", PropType: tideline.TypePhone,
			Value: "07700 900123", OriginalValue: "", Lang: "",
			Dataset: "nca_intel", Agency: "NCA",
			Grading: tideline.Grading{Source: '2', Intelligence: 'B', Handling: 'C', Conditions: "no onward disclosure without NCA consent"},
			Origin:  "intel.csv:12", Invalid: "phone: no country code and no region",
			FirstSeen: t0, LastSeen: t2,
		},
		{
			ID: tideline.StatementID("nca_intel", "p9", "name", "Ivan Petrov"), EntityID: "p9", CanonicalID: "p9",
			Schema: "Person", Prop: "name", PropType: tideline.TypeName,
			Value: "Ivan Petrov", OriginalValue: "PETROV, Ivan", Lang: "eng",
			Dataset: "nca_intel", Agency: "NCA",
			Grading: tideline.Grading{Source: '1', Intelligence: 'A', Handling: 'P'},
			Origin:  "intel.csv:12", FirstSeen: t1, LastSeen: t3,
		},
		{
			ID: tideline.StatementID("nca_intel", "p9", tideline.PropSchema, "Person"), EntityID: "p9", CanonicalID: "p9",
			Schema: "Person", Prop: tideline.PropSchema, PropType: tideline.TypeString, Value: "Person", Dataset: "nca_intel",
			FirstSeen: t0, LastSeen: t3,
		},
	}
	mustWrite(t, s, want, 3)
	got := mustEntityStatements(t, s, "p9")
	// Ordered by property, value and dataset: id, name, phone.
	wantOrder := []int{2, 1, 0}
	if len(got) != len(wantOrder) {
		t.Fatalf("EntityStatements(p9) = %d statements; want %d", len(got), len(wantOrder))
	}
	for i, w := range wantOrder {
		checkStatement(t, fmt.Sprintf("EntityStatements(p9)[%d]", i), got[i], want[w])
	}
}

// checkStatement compares every field of got and want, times with Equal.
func checkStatement(t *testing.T, what string, got, want tideline.Statement) {
	t.Helper()
	if !got.FirstSeen.Equal(want.FirstSeen) || !got.LastSeen.Equal(want.LastSeen) {
		t.Errorf("%s seen %v..%v; want %v..%v", what, got.FirstSeen, got.LastSeen, want.FirstSeen, want.LastSeen)
	}
	got.FirstSeen, got.LastSeen, want.FirstSeen, want.LastSeen = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if got != want {
		t.Errorf("%s =\n\t%+v\nwant\n\t%+v", what, got, want)
	}
}

func testNotFound(t *testing.T, s tideline.Store) {
	ctx := context.Background()
	e, err := s.Entity(ctx, "nope")
	checkCode(t, "Entity(nope) on an empty store", err, tideline.ENOTFOUND)
	if e != nil {
		t.Errorf("Entity(nope) = %+v; want nil", e)
	}
	_, err = s.EntityStatements(ctx, "nope")
	checkCode(t, "EntityStatements(nope) on an empty store", err, tideline.ENOTFOUND)

	mustWrite(t, s, frags(ivan[0]), 5)
	_, err = s.Entity(ctx, "p2")
	checkCode(t, "Entity(p2)", err, tideline.ENOTFOUND)
	_, err = s.EntityStatements(ctx, "p2")
	checkCode(t, "EntityStatements(p2)", err, tideline.ENOTFOUND)
	// Only canonical ids are entity ids.
	mustWrite(t, s, frags(ivan[1]), 5)
	_, err = s.Entity(ctx, "bf-771")
	checkCode(t, "Entity(bf-771) (a referent, not a canonical id)", err, tideline.ENOTFOUND)
}

func testInvalid(t *testing.T, s tideline.Store) {
	for _, tt := range []struct {
		field string
		clear func(*tideline.Statement)
	}{
		{"ID", func(st *tideline.Statement) { st.ID = "" }},
		{"EntityID", func(st *tideline.Statement) { st.EntityID = "" }},
		{"Schema", func(st *tideline.Statement) { st.Schema = "" }},
		{"Prop", func(st *tideline.Statement) { st.Prop = "" }},
		{"Dataset", func(st *tideline.Statement) { st.Dataset = "" }},
		// An id that is not the hash of the statement's content.
		{"MatchingID", func(st *tideline.Statement) { st.ID = tideline.StatementID("other", st.EntityID, st.Prop, st.Value) }},
	} {
		t.Run(tt.field, func(t *testing.T) {
			stmts := frags(ivan...)
			tt.clear(&stmts[len(stmts)-1]) // the last one, so earlier ones would be written first
			n, err := s.WriteStatements(context.Background(), stmts)
			checkCode(t, "WriteStatements without "+tt.field, err, tideline.EINVALID)
			if n != 0 {
				t.Errorf("WriteStatements without %s = %d inserted; want 0", tt.field, n)
			}
			checkCounts(t, s, 0, 0)
		})
	}
	err := s.PutDataset(context.Background(), tideline.Dataset{Name: "bad name!"})
	checkCode(t, `PutDataset("bad name!")`, err, tideline.EINVALID)
}

// catalogue is a small store: people, a company, a vessel, a bare legal
// entity and one entity whose fragments are LegalEntity in dataset a and
// Person in dataset b.
var catalogue = []frag{
	{dataset: "a", id: "p1", schema: "Person", first: t0, last: t1, props: []string{"name", "Amir Haddad"}},
	{dataset: "b", id: "c1", schema: "Company", first: t0, last: t1, props: []string{"name", "Seaway Logistics Ltd"}},
	{dataset: "a", id: "v1", schema: "Vessel", first: t0, last: t1, props: []string{"name", "Dinghy 7", "flag", "fr"}},
	{dataset: "b", id: "l1", schema: "LegalEntity", first: t0, last: t1, props: []string{"name", "Unknown broker"}},
	{dataset: "a", id: "p2", schema: "Person", first: t0, last: t1, props: []string{"name", "Rebwar Aziz"}},
	{dataset: "b", id: "p2", schema: "Person", first: t2, last: t3, props: []string{"name", "Rebwar A.", "nationality", "iq"}},
	{dataset: "a", id: "m1", schema: "LegalEntity", first: t0, last: t1, props: []string{"name", "Karwan"}},
	{dataset: "b", id: "m1", schema: "Person", first: t2, last: t3, props: []string{"birthDate", "1991"}},
}

func writeCatalogue(t *testing.T, s tideline.Store) {
	t.Helper()
	stmts := frags(catalogue...)
	mustWrite(t, s, stmts, len(stmts))
}

func testEntitiesByDataset(t *testing.T, s tideline.Store) {
	writeCatalogue(t, s)
	got := collect(t, s, tideline.EntityFilter{Datasets: []string{"a"}})
	if want := []string{"m1", "p1", "p2", "v1"}; !slices.Equal(ids(got), want) {
		t.Fatalf("Entities(datasets a) = %q; want %q", ids(got), want)
	}
	// Entities are assembled from the matching statements only.
	for _, e := range got {
		if !slices.Equal(e.Datasets, []string{"a"}) {
			t.Errorf("Entities(datasets a): %s.Datasets = %q; want [a]", e.ID, e.Datasets)
		}
		switch e.ID {
		case "p2":
			if want := []string{"Rebwar Aziz"}; !slices.Equal(e.Get("name"), want) || e.Get("nationality") != nil {
				t.Errorf("Entities(datasets a): p2 properties = %v; want only name %q", e.Properties, want)
			}
			if e.LastSeen != t1.Format(isoSecond) {
				t.Errorf("Entities(datasets a): p2.LastSeen = %q; want %q", e.LastSeen, t1.Format(isoSecond))
			}
		case "m1":
			if e.Schema != "LegalEntity" {
				t.Errorf("Entities(datasets a): m1.Schema = %q; want LegalEntity", e.Schema)
			}
		}
	}
	got = collect(t, s, tideline.EntityFilter{Datasets: []string{"b", "a"}})
	if want := []string{"c1", "l1", "m1", "p1", "p2", "v1"}; !slices.Equal(ids(got), want) {
		t.Errorf("Entities(datasets b, a) = %q; want %q", ids(got), want)
	}
	if got := collect(t, s, tideline.EntityFilter{Datasets: []string{"none"}}); len(got) != 0 {
		t.Errorf("Entities(datasets none) = %q; want none", ids(got))
	}
}

func testEntitiesBySchema(t *testing.T, s tideline.Store) {
	writeCatalogue(t, s)
	for _, tt := range []struct {
		schemata, datasets []string
		want               []string
	}{
		{[]string{"Person"}, nil, []string{"m1", "p1", "p2"}},
		{[]string{"LegalEntity"}, nil, []string{"c1", "l1", "m1", "p1", "p2"}},
		{[]string{"Organization"}, nil, []string{"c1"}},
		{[]string{"Company"}, nil, []string{"c1"}},
		{[]string{"Vessel"}, nil, []string{"v1"}},
		{[]string{"Vehicle"}, nil, []string{"v1"}},
		{[]string{"Thing"}, nil, []string{"c1", "l1", "m1", "p1", "p2", "v1"}},
		{[]string{"Vessel", "Company"}, nil, []string{"c1", "v1"}},
		{[]string{"Address"}, nil, nil},
		// In dataset a alone, m1 is a LegalEntity, not a Person.
		{[]string{"Person"}, []string{"a"}, []string{"p1", "p2"}},
		{[]string{"LegalEntity"}, []string{"a"}, []string{"m1", "p1", "p2"}},
	} {
		f := tideline.EntityFilter{Schemata: tt.schemata, Datasets: tt.datasets}
		got := collect(t, s, f)
		if !slices.Equal(ids(got), tt.want) {
			t.Errorf("Entities(%+v) = %q; want %q", f, ids(got), tt.want)
		}
	}
	// A qualifying entity comes whole: m1 with its LegalEntity fragment.
	got := collect(t, s, tideline.EntityFilter{Schemata: []string{"Person"}, IDs: []string{"m1"}})
	if len(got) != 1 {
		t.Fatalf("Entities(Person, m1) = %q; want [m1]", ids(got))
	}
	want := map[string][]string{"name": {"Karwan"}, "birthDate": {"1991"}}
	if got[0].Schema != "Person" || !reflect.DeepEqual(sortedProps(got[0].Properties), want) {
		t.Errorf("Entities(Person, m1) = %s %v; want Person %v", got[0].Schema, got[0].Properties, want)
	}
	if wantDs := []string{"a", "b"}; !slices.Equal(got[0].Datasets, wantDs) {
		t.Errorf("Entities(Person, m1).Datasets = %q; want %q", got[0].Datasets, wantDs)
	}

	// An unknown schema is EINVALID.
	var errs int
	for e, err := range s.Entities(context.Background(), tideline.EntityFilter{Schemata: []string{"Spaceship"}}) {
		if err == nil {
			t.Errorf("Entities(Spaceship) yielded %v; want an error", e.ID)
			continue
		}
		errs++
		checkCode(t, "Entities(Spaceship)", err, tideline.EINVALID)
	}
	if errs != 1 {
		t.Errorf("Entities(Spaceship) yielded %d errors; want 1", errs)
	}
}

func testEntitiesByIDs(t *testing.T, s tideline.Store) {
	writeCatalogue(t, s)
	f := tideline.EntityFilter{IDs: []string{"v1", "zz", "p1", "p1"}}
	got := collect(t, s, f)
	if want := []string{"p1", "v1"}; !slices.Equal(ids(got), want) {
		t.Fatalf("Entities(%+v) = %q; want %q", f, ids(got), want)
	}
	if want := []string{"Dinghy 7"}; !slices.Equal(got[1].Get("name"), want) || got[1].Schema != "Vessel" {
		t.Errorf("Entities(ids v1) = %s %v; want Vessel name %q", got[1].Schema, got[1].Properties, want)
	}
	f = tideline.EntityFilter{IDs: []string{"p2", "c1"}, Datasets: []string{"b"}}
	got = collect(t, s, f)
	if want := []string{"c1", "p2"}; !slices.Equal(ids(got), want) {
		t.Fatalf("Entities(%+v) = %q; want %q", f, ids(got), want)
	}
	if want := []string{"Rebwar A."}; !slices.Equal(got[1].Get("name"), want) {
		t.Errorf("Entities(%+v): p2 names = %q; want %q", f, got[1].Get("name"), want)
	}
}

// Entities come in byte order of their ids, whatever the insertion order or
// the database's collation.
func testOrdering(t *testing.T, s tideline.Store) {
	var fs []frag
	raw := []string{"b2", "B1", "a10", "a9", "Z", "_x", "é1", "e2", "0", "a1"}
	for _, id := range raw {
		fs = append(fs, frag{dataset: "d", id: id, schema: "Person", first: t0, last: t1, props: []string{"name", "N " + id}})
	}
	mustWrite(t, s, frags(fs...), 2*len(raw))
	got := ids(collect(t, s, tideline.EntityFilter{}))
	want := slices.Sorted(slices.Values(raw))
	if !slices.Equal(got, want) {
		t.Errorf("Entities() ids = %q; want byte order %q", got, want)
	}
}

func testStatements(t *testing.T, s tideline.Store) {
	writeCatalogue(t, s)
	var got []tideline.Statement
	for st, err := range s.Statements(context.Background(), tideline.EntityFilter{Datasets: []string{"b"}, Schemata: []string{"Person"}}) {
		if err != nil {
			t.Fatalf("Statements error: %v", err)
		}
		got = append(got, *st)
	}
	// m1 and p2 in dataset b, in key order: canonical id, entity id, dataset,
	// property, value.
	want := [][3]string{
		{"m1", "birthDate", "1991"},
		{"m1", "id", "Person"},
		{"p2", "id", "Person"},
		{"p2", "name", "Rebwar A."},
		{"p2", "nationality", "iq"},
	}
	if len(got) != len(want) {
		t.Fatalf("Statements(b, Person) = %d statements; want %d", len(got), len(want))
	}
	for i, w := range want {
		g := [3]string{got[i].CanonicalID, got[i].Prop, got[i].Value}
		if g != w || got[i].Dataset != "b" {
			t.Errorf("Statements(b, Person)[%d] = %q in %s; want %q in b", i, g, got[i].Dataset, w)
		}
	}
	var n int
	for _, err := range s.Statements(context.Background(), tideline.EntityFilter{}) {
		if err != nil {
			t.Fatalf("Statements error: %v", err)
		}
		n++
	}
	if want := len(frags(catalogue...)); n != want {
		t.Errorf("Statements() = %d statements; want %d", n, want)
	}
}

func testCounts(t *testing.T, s tideline.Store) {
	checkCounts(t, s, 0, 0)
	writeCatalogue(t, s)
	checkCounts(t, s, len(frags(catalogue...)), 6)
	// Ivan under canonical id p7 (bf-771 resolves to it): one more entity.
	ivan2 := slices.Clone(ivan)
	ivan2[0].id, ivan2[1].canonical = "p7", "p7"
	mustWrite(t, s, frags(ivan2...), 10)
	checkCounts(t, s, len(frags(catalogue...))+10, 7)
}

func testDatasets(t *testing.T, s tideline.Store) {
	ctx := context.Background()
	if ds, err := s.Datasets(ctx); err != nil || len(ds) != 0 {
		t.Fatalf("Datasets() on an empty store = %v, %v; want none", ds, err)
	}
	writeCatalogue(t, s)
	meta := tideline.Dataset{Name: "a", Title: "Draft title", Agency: "NCA"}
	if err := s.PutDataset(ctx, meta); err != nil {
		t.Fatalf("PutDataset(%+v) error: %v", meta, err)
	}
	meta = tideline.Dataset{Name: "a", Title: "NCA intelligence reports", Agency: "NCA",
		Grading: tideline.Grading{Source: '2', Intelligence: 'B', Handling: 'C', Conditions: "UK law enforcement only"}}
	if err := s.PutDataset(ctx, meta); err != nil {
		t.Fatalf("PutDataset(%+v) error: %v", meta, err)
	}
	empty := tideline.Dataset{Name: "iom_missing", Title: "IOM Missing Migrants", Agency: "IOM",
		Grading: tideline.Grading{Source: '1', Intelligence: 'A', Handling: 'P'}}
	if err := s.PutDataset(ctx, empty); err != nil {
		t.Fatalf("PutDataset(%+v) error: %v", empty, err)
	}
	got, err := s.Datasets(ctx)
	if err != nil {
		t.Fatalf("Datasets() error: %v", err)
	}
	want := []tideline.DatasetStats{
		{Dataset: meta, Statements: 9, Entities: 4, FirstSeen: t0, LastSeen: t1},
		{Dataset: tideline.Dataset{Name: "b"}, Statements: 9, Entities: 4, FirstSeen: t0, LastSeen: t3},
		{Dataset: empty},
	}
	if len(got) != len(want) {
		t.Fatalf("Datasets() = %+v; want %+v", got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if !g.FirstSeen.Equal(w.FirstSeen) || !g.LastSeen.Equal(w.LastSeen) {
			t.Errorf("Datasets()[%d] (%s) seen %v..%v; want %v..%v", i, w.Name, g.FirstSeen, g.LastSeen, w.FirstSeen, w.LastSeen)
		}
		g.FirstSeen, g.LastSeen, w.FirstSeen, w.LastSeen = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		if g != w {
			t.Errorf("Datasets()[%d] = %+v; want %+v", i, g, w)
		}
	}
}

func testUnicode(t *testing.T, s tideline.Store) {
	values := map[string]string{
		"name":        "Иван Петрович Сидоров",
		"alias":       "محمد عبد الله الحسن",
		"notes":       "Zürich → Calais 🚤, ﬁ ligature, e\u0301 combining",
		"birthPlace":  "Ḥalabja (حلبجة)",
		"nationality": "iq",
	}
	f := frag{dataset: "intel_ар", id: "u-Ω1", schema: "Person", first: t0, last: t1}
	for _, p := range slices.Sorted(maps.Keys(values)) {
		f.props = append(f.props, p, values[p])
	}
	stmts := f.statements()
	mustWrite(t, s, stmts, len(stmts))
	e := mustEntity(t, s, "u-Ω1")
	for p, v := range values {
		if got := e.Get(p); len(got) != 1 || got[0] != v {
			t.Errorf("Entity(u-Ω1).Get(%q) = %q; want [%q]", p, got, v)
		}
	}
	if want := []string{"intel_ар"}; !slices.Equal(e.Datasets, want) {
		t.Errorf("Entity(u-Ω1).Datasets = %q; want %q", e.Datasets, want)
	}
	for _, st := range mustEntityStatements(t, s, "u-Ω1") {
		if st.Prop == tideline.PropSchema {
			continue
		}
		if want := tideline.StatementID(f.dataset, f.id, st.Prop, st.Value); st.ID != want || st.Value != values[st.Prop] {
			t.Errorf("statement %s = %q (id %s); want %q (id %s)", st.Prop, st.Value, st.ID, values[st.Prop], want)
		}
	}
	got := collect(t, s, tideline.EntityFilter{IDs: []string{"u-Ω1"}, Datasets: []string{"intel_ар"}})
	if len(got) != 1 || got[0].First("alias") != values["alias"] {
		t.Errorf("Entities(u-Ω1, intel_ар) = %v; want one entity with alias %q", got, values["alias"])
	}
}

// A batch larger than any internal chunking, with a ragged end.
func testLargeBatch(t *testing.T, s tideline.Store) {
	const entities = 1237
	var fs []frag
	for i := range entities {
		fs = append(fs, frag{dataset: fmt.Sprintf("d%d", i%3), id: fmt.Sprintf("e%05d", i), schema: "Person",
			first: t0, last: t1, props: []string{"name", fmt.Sprintf("Person %d", i), "idNumber", fmt.Sprintf("ID%07d", i)}})
	}
	stmts := frags(fs...)
	mustWrite(t, s, stmts, len(stmts))
	checkCounts(t, s, len(stmts), entities)
	// Half of them again plus new ones: only the new ones count.
	more := slices.Clone(stmts[:len(stmts)/2])
	for i := range 100 {
		more = append(more, frag{dataset: "d9", id: fmt.Sprintf("n%03d", i), schema: "Company", first: t2, last: t3,
			props: []string{"name", fmt.Sprintf("Company %d", i)}}.statements()...)
	}
	mustWrite(t, s, more, 200)
	checkCounts(t, s, len(stmts)+200, entities+100)
	var n int
	prev := ""
	for e, err := range s.Entities(context.Background(), tideline.EntityFilter{Schemata: []string{"Person"}}) {
		if err != nil {
			t.Fatalf("Entities(Person) error: %v", err)
		}
		if e.ID <= prev {
			t.Fatalf("Entities(Person): %q after %q; want ascending ids", e.ID, prev)
		}
		prev = e.ID
		if len(e.Get("name")) != 1 || len(e.Get("idNumber")) != 1 {
			t.Fatalf("Entities(Person): %s properties = %v; want one name and one idNumber", e.ID, e.Properties)
		}
		n++
	}
	if n != entities {
		t.Errorf("Entities(Person) = %d entities; want %d", n, entities)
	}
}

// An entity whose fragments cannot merge (a Person and a Vessel under one
// canonical id) is an EINVALID error in the stream, which goes on.
func testUnmergeableSchemata(t *testing.T, s tideline.Store) {
	mustWrite(t, s, frags(
		frag{dataset: "a", id: "x1", schema: "Person", first: t0, last: t1, props: []string{"name", "Omid"}},
		frag{dataset: "b", id: "x1", schema: "Vessel", first: t0, last: t1, props: []string{"name", "Omid"}},
		frag{dataset: "a", id: "y1", schema: "Person", first: t0, last: t1, props: []string{"name", "Yusuf"}},
	), 6)
	_, err := s.Entity(context.Background(), "x1")
	checkCode(t, "Entity(x1) (Person and Vessel)", err, tideline.EINVALID)
	var got []string
	var errs int
	for e, err := range s.Entities(context.Background(), tideline.EntityFilter{}) {
		if err != nil {
			checkCode(t, "Entities() for x1", err, tideline.EINVALID)
			errs++
			continue
		}
		got = append(got, e.ID)
	}
	if errs != 1 || !slices.Equal(got, []string{"y1"}) {
		t.Errorf("Entities() = %q with %d errors; want [y1] with 1 error", got, errs)
	}
}

// Reading the store while streaming from it does not deadlock.
func testNestedRead(t *testing.T, s tideline.Store) {
	writeCatalogue(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var n int
	for e, err := range s.Entities(ctx, tideline.EntityFilter{}) {
		if err != nil {
			t.Fatalf("Entities() error: %v", err)
		}
		inner, err := s.Entity(ctx, e.ID)
		if err != nil {
			t.Fatalf("Entity(%q) inside Entities() error: %v", e.ID, err)
		}
		if inner.Schema != e.Schema || !reflect.DeepEqual(sortedProps(inner.Properties), sortedProps(e.Properties)) {
			t.Errorf("Entity(%q) = %s %v; Entities() gave %s %v", e.ID, inner.Schema, inner.Properties, e.Schema, e.Properties)
		}
		if _, _, err := s.Counts(ctx); err != nil {
			t.Fatalf("Counts() inside Entities() error: %v", err)
		}
		n++
	}
	if n != 6 {
		t.Errorf("Entities() = %d entities; want 6", n)
	}
}

func testContextCancelled(t *testing.T, s tideline.Store) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	stmts := frags(ivan...)
	if _, err := s.WriteStatements(cancelled, stmts); !errors.Is(err, context.Canceled) {
		t.Errorf("WriteStatements(cancelled ctx) error = %v; want context.Canceled", err)
	}
	checkCounts(t, s, 0, 0)
	if _, err := s.Entity(cancelled, "p1"); !errors.Is(err, context.Canceled) {
		t.Errorf("Entity(cancelled ctx) error = %v; want context.Canceled", err)
	}
	if _, _, err := s.Counts(cancelled); !errors.Is(err, context.Canceled) {
		t.Errorf("Counts(cancelled ctx) error = %v; want context.Canceled", err)
	}

	// Cancelling in the middle of a stream ends it with the context's error.
	const entities = 3000
	var fs []frag
	for i := range entities {
		fs = append(fs, frag{dataset: "d", id: fmt.Sprintf("e%05d", i), schema: "Person", first: t0, last: t1,
			props: []string{"name", strings.Repeat("x", 40) + fmt.Sprint(i), "notes", strings.Repeat("note ", 40)}})
	}
	all := frags(fs...)
	mustWrite(t, s, all, len(all))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var n int
	var streamErr error
	for _, err := range s.Entities(ctx, tideline.EntityFilter{}) {
		if err != nil {
			streamErr = err
			break
		}
		n++
		if n == 10 {
			cancel()
		}
	}
	if !errors.Is(streamErr, context.Canceled) {
		t.Errorf("Entities cancelled after 10 entities: error = %v; want context.Canceled", streamErr)
	}
	if n >= entities {
		t.Errorf("Entities cancelled after 10 entities yielded all %d; want the stream to stop", n)
	}
}
