package memstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/memstore"
	"github.com/tideline-oss/tideline/internal/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) tideline.Store { return memstore.New() })
}

func TestResolution(t *testing.T) {
	storetest.RunResolution(t, func(t *testing.T) storetest.ResolvingStore { return memstore.New() })
}

// stmt returns a well-formed statement of entity in dataset d.
func stmt(d, entity, schema, prop, value string) tideline.Statement {
	return tideline.Statement{
		ID: tideline.StatementID(d, entity, prop, value), EntityID: entity, Schema: schema,
		Prop: prop, Value: value, Dataset: d,
	}
}

func person(d, entity, name string) []tideline.Statement {
	return []tideline.Statement{
		stmt(d, entity, "Person", tideline.PropSchema, "Person"),
		stmt(d, entity, "Person", "name", name),
	}
}

func mustWrite(t *testing.T, s *memstore.Store, stmts []tideline.Statement, want int) {
	t.Helper()
	if n, err := s.WriteStatements(context.Background(), stmts); err != nil || n != want {
		t.Fatalf("WriteStatements(%d statements) = %d, %v; want %d, nil", len(stmts), n, err, want)
	}
}

// Statements written without seen dates are stamped with s.Now.
func TestStore_WriteStatements_Now(t *testing.T) {
	ctx := context.Background()
	s := memstore.New()
	defer s.Close()
	now := time.Date(2025, 7, 1, 12, 0, 0, 123_456_000, time.UTC)
	s.Now = func() time.Time { return now }
	mustWrite(t, s, person("d", "e1", "Ana")[:1], 1)
	got, err := s.EntityStatements(ctx, "e1")
	if err != nil {
		t.Fatal(err)
	}
	if !got[0].FirstSeen.Equal(now) || !got[0].LastSeen.Equal(now) {
		t.Errorf("seen %v..%v; want %v..%v", got[0].FirstSeen, got[0].LastSeen, now, now)
	}
	if got[0].CanonicalID != "e1" {
		t.Errorf("CanonicalID = %q; want e1 (the entity id when none is given)", got[0].CanonicalID)
	}
}

// The origin is stored as file and line, so a line with leading zeros reads
// back normalised, as from the SQLite store; anything else is kept.
func TestStore_Origin(t *testing.T) {
	ctx := context.Background()
	s := memstore.New()
	defer s.Close()
	for _, tt := range []struct{ in, want string }{
		{"a.csv:12", "a.csv:12"},
		{"a.csv:012", "a.csv:12"},
		{"a.csv:0", "a.csv:0"},
		{"a.csv:+3", "a.csv:+3"},
		{"a.csv:", "a.csv:"},
		{"sheet:B:7", "sheet:B:7"},
		{"a.csv:99999999999", "a.csv:99999999999"},
		{"", ""},
	} {
		st := stmt("d", "o", "Person", "name", "origin "+tt.in)
		st.Origin = tt.in
		mustWrite(t, s, []tideline.Statement{st}, 1)
		got, err := s.EntityStatements(ctx, "o")
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(got, func(g tideline.Statement) bool { return g.ID == st.ID })
		if i < 0 || got[i].Origin != tt.want {
			t.Errorf("Origin %q read back as %+v; want %q", tt.in, got, tt.want)
		}
	}
}

// A statement written again under another canonical id moves there: the
// store keys statements by id.
func TestStore_WriteStatements_MovesCanonical(t *testing.T) {
	ctx := context.Background()
	s := memstore.New()
	defer s.Close()
	a := person("d", "x1", "Ana")
	mustWrite(t, s, a, 2)
	moved := slices.Clone(a)
	for i := range moved {
		moved[i].CanonicalID = "c1"
	}
	mustWrite(t, s, moved, 0)
	if n, e, err := s.Counts(ctx); err != nil || n != 2 || e != 1 {
		t.Errorf("Counts() = %d, %d, %v; want 2, 1, nil", n, e, err)
	}
	if _, err := s.Entity(ctx, "x1"); tideline.ErrorCode(err) != tideline.ENOTFOUND {
		t.Errorf("Entity(x1) after the move: error %v; want ENOTFOUND", err)
	}
	e, err := s.Entity(ctx, "c1")
	if err != nil || e.First("name") != "Ana" || !slices.Equal(e.Referents, []string{"x1"}) {
		t.Errorf("Entity(c1) = %+v, %v; want Ana with referent x1", e, err)
	}
}

// The original value and invalid reason take the new values, and go back.
func TestStore_WriteStatements_UpdateText(t *testing.T) {
	ctx := context.Background()
	s := memstore.New()
	defer s.Close()
	st := stmt("d", "p", "Person", "phone", "+447700900123")
	for _, v := range []struct{ orig, invalid string }{
		{"07700 900123", ""}, {"", "phone: bad"}, {strings.Repeat("o", 5<<20), ""}, {"", ""},
	} {
		st.OriginalValue, st.Invalid = v.orig, v.invalid
		mustWrite(t, s, []tideline.Statement{st}, boolInt(v.orig == "07700 900123"))
		got, err := s.EntityStatements(ctx, "p")
		if err != nil || len(got) != 1 {
			t.Fatalf("EntityStatements(p) = %d statements, %v", len(got), err)
		}
		if got[0].OriginalValue != v.orig || got[0].Invalid != v.invalid || got[0].Value != st.Value {
			t.Errorf("after writing original %.10q invalid %q: got %.10q, %q, value %q", v.orig, v.invalid,
				got[0].OriginalValue, got[0].Invalid, got[0].Value)
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Two statements whose ids collide ("a.b"+"c" and "a"+"b.c" hash alike) are
// kept apart, as the SQLite store keeps them, since their fields differ.
func TestStore_WriteStatements_AmbiguousID(t *testing.T) {
	ctx := context.Background()
	s := memstore.New()
	defer s.Close()
	a := stmt("a.b", "c", "Person", "name", "Ana")
	b := stmt("a", "b.c", "Person", "name", "Ana")
	if a.ID != b.ID {
		t.Fatalf("ids differ: %s %s", a.ID, b.ID)
	}
	mustWrite(t, s, []tideline.Statement{a, b}, 2)
	for _, id := range []string{"c", "b.c"} {
		got, err := s.EntityStatements(ctx, id)
		if err != nil || len(got) != 1 || got[0].EntityID != id {
			t.Errorf("EntityStatements(%s) = %+v, %v; want its one statement", id, got, err)
		}
	}
}

// Streams do not hold the lock while the caller's loop runs, so the loop may
// write to the store.
func TestStore_WriteWhileStreaming(t *testing.T) {
	ctx := context.Background()
	s := memstore.New()
	defer s.Close()
	for i := range 3000 {
		mustWrite(t, s, person("d", fmt.Sprintf("e%05d", i), fmt.Sprint("N", i)), 2)
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var n int
	prev := ""
	for e, err := range s.Entities(ctx, tideline.EntityFilter{}) {
		if err != nil {
			t.Fatalf("Entities() error: %v", err)
		}
		if e.ID <= prev {
			t.Fatalf("Entities(): %q after %q", e.ID, prev)
		}
		prev = e.ID
		// Write an entity before the current one (not seen) and one after
		// the end (seen when the stream gets there).
		if n < 5 {
			mustWrite(t, s, person("d", "a"+e.ID, "before"), 2)
			mustWrite(t, s, person("d", "z"+e.ID, "after"), 2)
		}
		n++
	}
	if n != 3005 {
		t.Errorf("Entities() = %d entities; want 3005 (3000 and the 5 written after the end)", n)
	}
	var m int
	for st, err := range s.Statements(ctx, tideline.EntityFilter{IDs: []string{"e00001", "ae00000"}}) {
		if err != nil {
			t.Fatal(err)
		}
		mustWrite(t, s, person("d", st.EntityID, "more "+st.ID), 1)
		m++
	}
	if m != 4 {
		t.Errorf("Statements(two ids) = %d; want 4", m)
	}
}

// Readers and writers in parallel (run with -race).
func TestStore_Concurrent(t *testing.T) {
	ctx := context.Background()
	s := memstore.New()
	defer s.Close()
	var wg sync.WaitGroup
	const writers, batches = 4, 30
	for w := range writers {
		wg.Go(func() {
			var g storetest.Gen
			g.Next = w * 1_000_000
			var buf []tideline.Statement
			for range batches {
				buf = g.Batch(buf, 120)
				if _, err := s.WriteStatements(ctx, buf); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	for range 2 {
		wg.Go(func() {
			for range 10 {
				for _, err := range s.Entities(ctx, tideline.EntityFilter{Datasets: []string{"bf_encounters"}}) {
					if err != nil {
						t.Error(err)
						return
					}
				}
				if _, err := s.Datasets(ctx); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Go(func() {
		for i := range 20 {
			id := tideline.StatementID("gen", fmt.Sprint(i), "", "")
			if _, err := s.SetCanonicals(ctx, []tideline.Canonical{{EntityID: id, CanonicalID: "merged"}}); err != nil {
				t.Error(err)
			}
		}
	})
	wg.Wait()
	n, e, err := s.Counts(ctx)
	if want := writers * batches * 120; err != nil || n != want {
		t.Errorf("Counts() = %d, %d, %v; want %d statements", n, e, err, want)
	}
	var total int
	for _, err := range s.Statements(ctx, tideline.EntityFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		total++
	}
	if total != n {
		t.Errorf("Statements() = %d; want %d", total, n)
	}
}

func TestStore_Closed(t *testing.T) {
	ctx := context.Background()
	s := memstore.New()
	mustWrite(t, s, person("d", "e1", "Ana"), 2)
	if err := s.Close(); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close() again = %v; want nil", err)
	}
	if _, err := s.WriteStatements(ctx, person("d", "e2", "B")); tideline.ErrorCode(err) != tideline.EINTERNAL {
		t.Errorf("WriteStatements after Close: error %v; want internal", err)
	}
	if _, _, err := s.Counts(ctx); err == nil {
		t.Error("Counts after Close: nil error")
	}
	for _, err := range s.Entities(ctx, tideline.EntityFilter{}) {
		if err == nil {
			t.Error("Entities after Close yielded an entity")
		}
	}
}

// A cancelled context ends a Statements stream and SetCanonicals.
func TestStore_Cancelled(t *testing.T) {
	s := memstore.New()
	defer s.Close()
	for i := range 100 {
		mustWrite(t, s, person("d", fmt.Sprintf("e%03d", i), "N"), 2)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var n int
	var streamErr error
	for _, err := range s.Statements(ctx, tideline.EntityFilter{}) {
		if err != nil {
			streamErr = err
			break
		}
		if n++; n == 3 {
			cancel()
		}
	}
	if !errors.Is(streamErr, context.Canceled) || n != 3 {
		t.Errorf("Statements cancelled after 3: %d statements, error %v; want 3, context.Canceled", n, streamErr)
	}
	if _, err := s.SetCanonicals(ctx, []tideline.Canonical{{EntityID: "e001", CanonicalID: "e000"}}); !errors.Is(err, context.Canceled) {
		t.Errorf("SetCanonicals(cancelled) error %v; want context.Canceled", err)
	}
	for _, err := range s.Canonicals(ctx) {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Canonicals(cancelled) error %v; want context.Canceled", err)
		}
	}
}

// Datasets counts entities by canonical id and follows moves.
func TestStore_Datasets_AfterMerge(t *testing.T) {
	ctx := context.Background()
	s := memstore.New()
	defer s.Close()
	mustWrite(t, s, slices.Concat(person("a", "p1", "Ana"), person("a", "p2", "Ann"), person("b", "p3", "Anna")), 6)
	if _, err := s.SetCanonicals(ctx, []tideline.Canonical{{EntityID: "p2", CanonicalID: "p1"}, {EntityID: "p3", CanonicalID: "p1"}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Datasets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "a" || got[0].Statements != 4 || got[0].Entities != 1 ||
		got[1].Name != "b" || got[1].Statements != 2 || got[1].Entities != 1 {
		t.Errorf("Datasets() = %+v; want a: 4 statements, 1 entity; b: 2, 1", got)
	}
	if _, e, _ := s.Counts(ctx); e != 1 {
		t.Errorf("Counts() entities = %d; want 1", e)
	}
}

// WriteStatements accepts exactly the batches tideline.ValidateStatements
// accepts, and returns its error for the others.
func TestStore_WriteStatements_Validation(t *testing.T) {
	ctx := context.Background()
	base := stmt("d", "e1", "Person", "name", "Ana")
	long := stmt("d", strings.Repeat("e", 300), "Person", "notes", strings.Repeat("ü", 400))
	for _, tt := range []struct {
		name   string
		mutate func(*tideline.Statement)
	}{
		{"OK", func(*tideline.Statement) {}},
		{"Long", func(st *tideline.Statement) { *st = long }},
		{"EmptyValue", func(st *tideline.Statement) { st.Value, st.ID = "", tideline.StatementID("d", "e1", "name", "") }},
		{"NoID", func(st *tideline.Statement) { st.ID = "" }},
		{"UpperCaseID", func(st *tideline.Statement) { st.ID = strings.ToUpper(st.ID) }},
		{"ShortID", func(st *tideline.Statement) { st.ID = st.ID[:39] }},
		{"OtherValue", func(st *tideline.Statement) { st.Value = "Ann" }},
		{"NoEntity", func(st *tideline.Statement) { st.EntityID = "" }},
		{"NoSchema", func(st *tideline.Statement) { st.Schema = "" }},
		{"NoProp", func(st *tideline.Statement) { st.Prop = "" }},
		{"NoDataset", func(st *tideline.Statement) { st.Dataset = "" }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := memstore.New()
			defer s.Close()
			batch := []tideline.Statement{base, base}
			tt.mutate(&batch[1])
			want := tideline.ValidateStatements(batch)
			_, err := s.WriteStatements(ctx, batch)
			if tideline.ErrorCode(err) != tideline.ErrorCode(want) || tideline.ErrorMessage(err) != tideline.ErrorMessage(want) {
				t.Errorf("WriteStatements error %v; want %v", err, want)
			}
		})
	}
}
