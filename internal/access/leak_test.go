package access_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/access"
	"github.com/tideline-oss/tideline/internal/analysis"
)

// ncaAnalyst reads target (owned by NCA) but not hidden.
func ncaAnalyst(t *testing.T) (*access.ResolvingStore, context.Context, *fakeAccess) {
	t.Helper()
	acc := newFakeAccess()
	check(t, acc.SetOwner(context.Background(), target, "NCA"))
	check(t, acc.SetOwner(context.Background(), hidden, "MPS"))
	return wrap(openFixture(t), acc), as(principal(3, "NCA", nil, tideline.RoleAnalyst)), acc
}

// A person recorded as a victim in a dataset the analyst cannot see, named
// in one it can, is not found by any read, and neither is an entity merged
// with a victim.
func TestVictimFlaggedElsewhere(t *testing.T) {
	s, ctx, _ := ncaAnalyst(t)
	if _, err := s.Entity(ctx, "v-haddad"); tideline.ErrorCode(err) != tideline.ENOTFOUND {
		t.Errorf("Entity(v-haddad) = %v; want ENOTFOUND", err)
	}
	for _, f := range []tideline.EntityFilter{{}, {IDs: []string{"v-haddad"}}, {Schemata: []string{"Person"}}, {Datasets: []string{target}}} {
		for st, err := range s.Statements(ctx, f) {
			if err != nil {
				t.Fatal(err)
			}
			if st.EntityID == "v-haddad" || st.Value == "Samira Haddad" {
				t.Errorf("Statements(%+v) gave the victim's %+v", f, st)
			}
		}
	}
	if _, err := s.AddJudgement(ctx, tideline.Judgement{A: "v-haddad", B: "t-karimi", Verdict: tideline.VerdictNoMatch}); tideline.ErrorCode(err) != tideline.ENOTFOUND {
		t.Errorf("AddJudgement(v-haddad, ...) = %v; want ENOTFOUND", err)
	}

	// The victim list is kept (TTL) for streams; a flag loaded through the
	// store drops it, so an entity merged with a victim vanishes at once.
	s.TTL = 3600e9
	if got := ids(t, s.Entities(ctx, tideline.EntityFilter{})); !slices.Contains(got, "k-said") {
		t.Fatalf("Entities() = %q; want k-said before it is flagged", got)
	}
	sys := access.System(context.Background())
	if _, err := s.WriteStatements(sys, ent(hidden, "k-said-bf", "Person", "safeguarding", "vulnerable")); err != nil {
		t.Fatal(err)
	}
	if got := ids(t, s.Entities(ctx, tideline.EntityFilter{})); slices.Contains(got, "k-said") {
		t.Errorf("Entities() = %q; k-said is merged with a person flagged in hidden and must not show", got)
	}
	if _, err := s.Entity(ctx, "k-said"); tideline.ErrorCode(err) != tideline.ENOTFOUND {
		t.Errorf("Entity(k-said) after its member was flagged = %v; want ENOTFOUND", err)
	}
	if n, e, _ := s.Counts(ctx); n != 12 || e != 3 {
		t.Errorf("Counts() = %d, %d; want 12, 3 without k-said", n, e)
	}
	// Unmerged again, k-said shows; its former member stays hidden.
	if _, err := s.SetCanonicals(sys, []tideline.Canonical{{EntityID: "k-said-bf"}}); err != nil {
		t.Fatal(err)
	}
	if got := ids(t, s.Entities(ctx, tideline.EntityFilter{})); !slices.Contains(got, "k-said") {
		t.Errorf("Entities() after the unmerge = %q; want k-said", got)
	}
}

// A reference to an entity the principal cannot see stays as a value, and
// nothing else about the entity is readable: not its caption or schema in
// a graph, not its statements.
func TestHiddenReference(t *testing.T) {
	s, ctx, _ := ncaAnalyst(t)
	x, err := s.Entity(ctx, "x-crossing")
	if err != nil || !slices.Equal(x.Get("boat"), []string{"h-boat"}) {
		t.Fatalf("Entity(x-crossing) = %+v, %v; want boat h-boat", x, err)
	}
	_, hiddenErr := s.Entity(ctx, "h-boat")
	_, neverErr := s.Entity(ctx, "h-boot")
	if tideline.ErrorCode(hiddenErr) != tideline.ErrorCode(neverErr) || tideline.ErrorMessage(hiddenErr) != "entity h-boat not found" || tideline.ErrorMessage(neverErr) != "entity h-boot not found" {
		t.Errorf("Entity(h-boat) = %v, Entity(h-boot) = %v; want the same code and message shape", hiddenErr, neverErr)
	}
	g, err := analysis.Build(ctx, s, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var nodes []string
	for _, n := range g.Nodes {
		nodes = append(nodes, n.ID+" "+n.Schema+" "+n.Caption)
		if n.ID == "h-boat" || n.Caption == "Blue Dolphin" || n.Schema == "Vessel" {
			t.Errorf("the graph has node %+v of the hidden dataset", n)
		}
	}
	want := []string{"k-said Person Karim Said", "m-ali-1 Person Muhammad Ali", "t-karimi Person Ahmed Karimi", "x-crossing Crossing 2024-03-02"}
	if slices.Sort(nodes); !slices.Equal(nodes, want) {
		t.Errorf("analysis.Build through the store: nodes %q; want %q", nodes, want)
	}
	if g.Victims != 0 {
		t.Errorf("the graph counts %d victims; an analyst sees none", g.Victims)
	}
}

// A merged entity whose canonical record the principal cannot see shows
// under its smallest visible member id; one whose canonical record it can
// see, in any visible dataset, under the canonical id, whichever datasets
// a read selects.
func TestMergedCanonical(t *testing.T) {
	db := openFixture(t)
	sys := context.Background()
	if _, err := db.WriteStatements(sys, cat(
		ent("nca_b", "c-1", "Person", "name", "Hassan Rahimi"),
		ent("nca_a", "c-2", "Person", "name", "Hasan Rahimi", "phone", "+447700900555"),
		ent("bf_c", "c-3", "Person", "name", "H. Rahimi", "passportNumber", "X1234567"),
		ent("bf_c", "d-1", "Person", "name", "Dawit Tesfaye"),
		ent("nca_a", "d-2", "Person", "name", "Dawit Tesfay"),
		ent("nca_b", "d-3", "Person", "name", "Tesfaye Dawit"),
		ent("nca_a", "e-1", "Person", "name", "Omar Farouk"),
	)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetCanonicals(sys, []tideline.Canonical{
		{EntityID: "c-2", CanonicalID: "c-1"}, {EntityID: "c-3", CanonicalID: "c-1"},
		{EntityID: "d-2", CanonicalID: "d-1"}, {EntityID: "d-3", CanonicalID: "d-1"},
	}); err != nil {
		t.Fatal(err)
	}
	acc := newFakeAccess()
	for d, a := range map[string]string{"nca_a": "NCA", "nca_b": "NCA", "bf_c": "BF"} {
		check(t, acc.SetOwner(sys, d, a))
	}
	s := wrap(db, acc)
	ctx := as(principal(4, "NCA", nil, tideline.RoleAnalyst))
	type shown struct {
		id    string
		names []string
	}
	entities := func(f tideline.EntityFilter) []shown {
		var out []shown
		for e, err := range s.Entities(ctx, f) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, shown{e.ID, slices.Sorted(slices.Values(e.Get("name")))})
		}
		return out
	}
	for _, tt := range []struct {
		f    tideline.EntityFilter
		want []shown
	}{
		{tideline.EntityFilter{}, []shown{{"c-1", []string{"Hasan Rahimi", "Hassan Rahimi"}}, {"d-2", []string{"Dawit Tesfay", "Tesfaye Dawit"}}, {"e-1", []string{"Omar Farouk"}}}},
		// Only nca_a: c-1's own record is in nca_b, still visible, so the
		// entity keeps its canonical id; d-1's is hidden. Both come last.
		{tideline.EntityFilter{Datasets: []string{"nca_a"}}, []shown{{"e-1", []string{"Omar Farouk"}}, {"c-1", []string{"Hasan Rahimi"}}, {"d-2", []string{"Dawit Tesfay"}}}},
		// Only nca_b: d-3's entity is still shown as d-2, its smallest
		// visible member, as everywhere else.
		{tideline.EntityFilter{Datasets: []string{"nca_b"}}, []shown{{"c-1", []string{"Hassan Rahimi"}}, {"d-2", []string{"Tesfaye Dawit"}}}},
		{tideline.EntityFilter{Datasets: []string{"nca_b", "bf_c"}}, []shown{{"c-1", []string{"Hassan Rahimi"}}, {"d-2", []string{"Tesfaye Dawit"}}}},
		{tideline.EntityFilter{IDs: []string{"d-1", "d-3", "c-3"}}, nil},
		{tideline.EntityFilter{IDs: []string{"d-2", "c-1"}, Datasets: []string{"nca_b"}}, []shown{{"c-1", []string{"Hassan Rahimi"}}, {"d-2", []string{"Tesfaye Dawit"}}}},
	} {
		if got := entities(tt.f); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Entities(%+v) = %v; want %v", tt.f, got, tt.want)
		}
	}
	for id, want := range map[string]string{"c-2": "c-1", "c-3": "c-3", "d-1": "d-1", "d-2": "d-2", "d-3": "d-2"} {
		if got, err := s.CanonicalOf(ctx, id); err != nil || got != want {
			t.Errorf("CanonicalOf(%s) = %q, %v; want %q", id, got, err, want)
		}
	}
	e, err := s.Entity(ctx, "d-3")
	if err != nil || e.ID != "d-2" || !slices.Equal(e.Referents, []string{"d-3"}) {
		t.Errorf("Entity(d-3) = %+v, %v; want d-2 with referents [d-3]", e, err)
	}
	c, err := s.Entity(ctx, "c-2")
	if err != nil || c.ID != "c-1" || !slices.Equal(c.Referents, []string{"c-2"}) || len(c.Get("passportNumber")) != 0 {
		t.Errorf("Entity(c-2) = %+v, %v; want c-1 with referents [c-2] and no passport (c-3 is hidden)", c, err)
	}
	for _, id := range []string{"d-1", "c-3"} {
		if _, err := s.Entity(ctx, id); tideline.ErrorCode(err) != tideline.ENOTFOUND {
			t.Errorf("Entity(%s) = %v; want ENOTFOUND", id, err)
		}
	}
	for st, err := range s.Statements(ctx, tideline.EntityFilter{Datasets: []string{"nca_a"}}) {
		if err != nil {
			t.Fatal(err)
		}
		if st.CanonicalID == "d-1" || st.Dataset != "nca_a" {
			t.Errorf("Statements(nca_a) gave %+v", st)
		}
	}
}

// A principal who sees every dataset and may see victims gets exactly what
// the system gets.
func TestEverythingVisible(t *testing.T) {
	db := openFixture(t)
	acc := newFakeAccess()
	check(t, acc.SetOwner(context.Background(), target, "NCA"))
	check(t, acc.SetOwner(context.Background(), hidden, "MPS"))
	check(t, acc.AddShare(context.Background(), tideline.Share{Dataset: hidden, Agency: "NCA", By: "mps.supervisor"}))
	s := wrap(db, acc)
	ctx := as(principal(5, "NCA", nil, tideline.RoleSupervisor))
	sys := access.System(context.Background())
	collect := func(ctx context.Context) ([]tideline.Entity, []tideline.Statement) {
		var es []tideline.Entity
		var sts []tideline.Statement
		for e, err := range s.Entities(ctx, tideline.EntityFilter{}) {
			if err != nil {
				t.Fatal(err)
			}
			es = append(es, *e)
		}
		for st, err := range s.Statements(ctx, tideline.EntityFilter{Schemata: []string{"Person"}}) {
			if err != nil {
				t.Fatal(err)
			}
			sts = append(sts, *st)
		}
		return es, sts
	}
	wantE, wantS := collect(sys)
	gotE, gotS := collect(ctx)
	if !reflect.DeepEqual(gotE, wantE) || !reflect.DeepEqual(gotS, wantS) {
		t.Errorf("Entities/Statements as a principal who sees all = %d, %d; want the system's %d, %d, equal", len(gotE), len(gotS), len(wantE), len(wantS))
	}
	if len(wantE) != 8 {
		t.Errorf("the system sees %d entities; want 8", len(wantE))
	}
	for _, id := range []string{"m-ali-3", "t-karimi", "v-haddad"} {
		want, _ := s.Entity(sys, id)
		got, err := s.Entity(ctx, id)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Entity(%s) = %+v, %v; want %+v", id, got, err, want)
		}
		wantSt, _ := s.EntityStatements(sys, id)
		if gotSt, err := s.EntityStatements(ctx, id); err != nil || !reflect.DeepEqual(gotSt, wantSt) {
			t.Errorf("EntityStatements(%s) differs from the system's", id)
		}
	}
	n, e, _ := s.Counts(ctx)
	wn, we, _ := s.Counts(sys)
	if n != wn || e != we || n != 32 {
		t.Errorf("Counts() = %d, %d; want the system's %d, %d (32 statements)", n, e, wn, we)
	}
	gotD, _ := s.Datasets(ctx)
	wantD, _ := s.Datasets(sys)
	if !reflect.DeepEqual(gotD, wantD) {
		t.Errorf("Datasets() = %+v; want %+v", gotD, wantD)
	}
}
