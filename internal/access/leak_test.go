package access_test

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

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

// refile returns stmts filed in dataset, with their provenance otherwise
// kept (the target's: NCA, 2B under code C).
func refile(dataset string, stmts []tideline.Statement) []tideline.Statement {
	out := slices.Clone(stmts)
	for i := range out {
		st := &out[i]
		st.Dataset, st.Origin = dataset, dataset+".csv:7"
		st.ID = tideline.StatementID(dataset, st.EntityID, st.Prop, st.Value)
	}
	return out
}

// secretFlag is a safeguarding statement of entity id in dataset whose
// provenance no other statement shares: the strings of secretValues.
func secretFlag(dataset, id, value string) tideline.Statement {
	when := time.Date(2019, 5, 6, 7, 8, 9, 0, time.UTC)
	return tideline.Statement{ID: tideline.StatementID(dataset, id, "safeguarding", value), EntityID: id, CanonicalID: id,
		Schema: "Person", Prop: "safeguarding", Value: value, Dataset: dataset, Agency: "UKBF-SG",
		Grading: tideline.Grading{Source: '3', Intelligence: 'E', Handling: tideline.HandlingConditions, Conditions: "Border Force safeguarding team only"},
		Origin:  "bf_secret.csv:99", FirstSeen: when, LastSeen: when.Add(time.Hour)}
}

var secretValues = []string{"bf_safeguarding", "UKBF-SG", "3E", "Border Force safeguarding team only", "bf_secret.csv", "2019-05-06", "operation"}

// victimStore is the fixture with a second dataset the NCA owns, nca_extra,
// and a fourth, bf_safeguarding, that Border Force owns and shares with no
// one, in operation "sentinel" (no member) — and with more victims:
// v-extra, named in target and flagged in nca_extra; m-ali-2, the hidden
// canonical record of the merged Ali, flagged in hidden; k-said-bf, the
// hidden record merged under k-said, flagged in bf_safeguarding. It
// returns the store, an NCA investigator and an NCA analyst.
func victimStore(t *testing.T) (*access.ResolvingStore, context.Context, context.Context) {
	t.Helper()
	db := openStatements(t, cat(fixtureStatements(),
		ent(target, "v-extra", "Person", "name", "Layla Nouri"),
		refile("nca_extra", ent(target, "v-extra", "Person", "safeguarding", "vulnerable")),
		ent(hidden, "m-ali-2", "Person", "safeguarding", "victim"),
		[]tideline.Statement{secretFlag("bf_safeguarding", "k-said-bf", "minor")},
	))
	ctx := context.Background()
	acc := newFakeAccess()
	for d, a := range map[string]string{target: "NCA", "nca_extra": "NCA", hidden: "MPS", "bf_safeguarding": "BF"} {
		check(t, acc.SetOwner(ctx, d, a))
	}
	check(t, acc.PutOperation(ctx, tideline.Operation{Name: "sentinel", Agency: "BF"}))
	check(t, acc.SetDatasetOperation(ctx, "bf_safeguarding", "sentinel"))
	return wrap(db, acc), as(principal(3, "NCA", nil, tideline.RoleInvestigator)), as(principal(4, "NCA", nil, tideline.RoleAnalyst))
}

// A principal who may see victims gets every person recorded as a victim,
// in any dataset, with a safeguarding statement, whatever the read: by id,
// streams with and without dataset filters, merged entities whose flag is
// in a hidden member's or hidden canonical record. Where none of the
// statements read is a flag, one synthetic flag stands for them all.
func TestSyntheticFlag(t *testing.T) {
	s, inv, analyst := victimStore(t)
	notShared, notSelected := access.FlagNotShared, access.FlagNotSelected
	all := map[string]string{"k-said": notShared, "m-ali-1": notShared, "t-karimi": "", "v-extra": "vulnerable",
		"v-haddad": notShared, "v-youssef": "minor", "x-crossing": ""}
	with := func(m map[string]string, kv ...string) map[string]string {
		out := maps.Clone(m)
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "-" {
				delete(out, kv[i])
			} else {
				out[kv[i]] = kv[i+1]
			}
		}
		return out
	}
	shownIDs := []string{"k-said", "m-ali-1", "t-karimi", "v-extra", "v-haddad", "v-youssef", "x-crossing"}
	for _, tt := range []struct {
		f    tideline.EntityFilter
		want map[string]string // id shown → its one safeguarding value, "" for none
	}{
		{tideline.EntityFilter{}, all},
		// Narrowed to target: v-extra's flag is in nca_extra, visible but
		// not selected; m-ali-1's id needs the other datasets (it comes last).
		{tideline.EntityFilter{Datasets: []string{target}}, with(all, "v-extra", notSelected)},
		{tideline.EntityFilter{Datasets: []string{target, access.RestrictedDataset, hidden}}, with(all, "v-extra", notSelected)},
		{tideline.EntityFilter{Datasets: []string{"nca_extra"}}, map[string]string{"v-extra": "vulnerable"}},
		{tideline.EntityFilter{Datasets: []string{access.RestrictedDataset}}, map[string]string{}},
		{tideline.EntityFilter{Datasets: []string{hidden, "bf_safeguarding"}}, map[string]string{}},
		{tideline.EntityFilter{Schemata: []string{"Person"}}, with(all, "x-crossing", "-")},
		{tideline.EntityFilter{Schemata: []string{"Person"}, Datasets: []string{target}}, with(all, "x-crossing", "-", "v-extra", notSelected)},
		{tideline.EntityFilter{IDs: shownIDs}, all},
		{tideline.EntityFilter{IDs: shownIDs, Datasets: []string{target}}, with(all, "v-extra", notSelected)},
		{tideline.EntityFilter{IDs: []string{"m-ali-2", "k-said-bf", "h-informant", "v-haddad"}}, map[string]string{"v-haddad": notShared}},
	} {
		// Entities.
		got := map[string]string{}
		for e, err := range s.Entities(inv, tt.f) {
			if err != nil {
				t.Fatalf("Entities(%+v): %v", tt.f, err)
			}
			if v := e.Get("safeguarding"); len(v) > 1 {
				t.Errorf("Entities(%+v): %s has flags %q; want one", tt.f, e.ID, v)
			}
			got[e.ID] = e.First("safeguarding")
			if slices.Contains(e.Datasets, access.RestrictedDataset) != (got[e.ID] == notShared || got[e.ID] == notSelected) {
				t.Errorf("Entities(%+v): %s has datasets %q; want %s with the synthetic flag only", tt.f, e.ID, e.Datasets, access.RestrictedDataset)
			}
		}
		if !maps.Equal(got, tt.want) {
			t.Errorf("Entities(%+v) flags = %v; want %v", tt.f, got, tt.want)
		}
		// Statements: the same, and each synthetic flag exactly as it
		// should be.
		got = map[string]string{}
		for st, err := range s.Statements(inv, tt.f) {
			if err != nil {
				t.Fatalf("Statements(%+v): %v", tt.f, err)
			}
			if _, ok := got[st.CanonicalID]; !ok {
				got[st.CanonicalID] = ""
			}
			if st.Prop != "safeguarding" {
				continue
			}
			if got[st.CanonicalID] != "" {
				t.Errorf("Statements(%+v): %s has a second flag %+v", tt.f, st.CanonicalID, *st)
			}
			got[st.CanonicalID] = st.Value
			if st.Dataset == access.RestrictedDataset {
				if want := wantFlag(st.CanonicalID, st.Value, seen, seen.Add(24*time.Hour)); !reflect.DeepEqual(*st, want) {
					t.Errorf("Statements(%+v): synthetic flag %+v; want %+v", tt.f, *st, want)
				}
			}
		}
		if !maps.Equal(got, tt.want) {
			t.Errorf("Statements(%+v) flags = %v; want %v", tt.f, got, tt.want)
		}
	}

	// By id, under any id of the entity the principal sees.
	for id, want := range map[string]string{"v-haddad": notShared, "m-ali-3": notShared, "m-ali-1": notShared,
		"k-said": notShared, "v-extra": "vulnerable", "v-youssef": "minor", "t-karimi": ""} {
		e, err := s.Entity(inv, id)
		if err != nil || e.First("safeguarding") != want || len(e.Get("safeguarding")) > 1 {
			t.Errorf("Entity(%s) = %+v, %v; want flag %q", id, e, err, want)
			continue
		}
		sts, err := s.EntityStatements(inv, id)
		if err != nil {
			t.Fatal(err)
		}
		var flags []tideline.Statement
		for _, st := range sts {
			if st.Prop == "safeguarding" {
				flags = append(flags, st)
			}
		}
		switch {
		case want == "":
			if len(flags) != 0 {
				t.Errorf("EntityStatements(%s) has flags %+v; want none", id, flags)
			}
		case want == notShared:
			if w := wantFlag(e.ID, want, seen, seen.Add(24*time.Hour)); len(flags) != 1 || !reflect.DeepEqual(flags[0], w) {
				t.Errorf("EntityStatements(%s) flags = %+v; want only %+v", id, flags, w)
			}
		default:
			if len(flags) != 1 || flags[0].Dataset == access.RestrictedDataset {
				t.Errorf("EntityStatements(%s) flags = %+v; want its visible flag only", id, flags)
			}
		}
	}
	if m, err := s.Entity(inv, "m-ali-3"); err != nil || m.ID != "m-ali-1" || !slices.Equal(m.Referents, []string{"m-ali-3"}) {
		t.Errorf("Entity(m-ali-3) = %+v, %v; want m-ali-1 with referents [m-ali-3], the flag of the hidden canonical record changing nothing else", m, err)
	}
	for _, id := range []string{"m-ali-2", "k-said-bf", "h-informant"} {
		if _, err := s.Entity(inv, id); tideline.ErrorCode(err) != tideline.ENOTFOUND {
			t.Errorf("Entity(%s) = %v; want ENOTFOUND", id, err)
		}
	}

	// Counts counts the synthetic flags as Statements returns them;
	// Datasets lists real datasets only, with what they hold.
	n, e, err := s.Counts(inv)
	if err != nil || n != 26 || e != 7 {
		t.Errorf("Counts() = %d, %d, %v; want 26 statements (23 of target and nca_extra, 3 synthetic flags) of 7 entities", n, e, err)
	}
	ds, err := s.Datasets(inv)
	var names []string
	sum := 0
	for _, d := range ds {
		names = append(names, d.Name)
		sum += d.Statements
	}
	if err != nil || !slices.Equal(names, []string{"nca_extra", target}) || sum != 23 {
		t.Errorf("Datasets() = %+v, %v; want nca_extra and target with 23 statements, no %s", ds, err, access.RestrictedDataset)
	}

	// An analyst finds none of the victims.
	if got := ids(t, s.Entities(analyst, tideline.EntityFilter{})); !slices.Equal(got, []string{"t-karimi", "x-crossing"}) {
		t.Errorf("Entities() as an analyst = %q; want t-karimi and x-crossing", got)
	}
	if got := ids(t, s.Entities(analyst, tideline.EntityFilter{Datasets: []string{target}})); !slices.Equal(got, []string{"t-karimi", "x-crossing"}) {
		t.Errorf("Entities(target) as an analyst = %q; want t-karimi and x-crossing", got)
	}

	// The victim list the streams use is kept (TTL); a flag loaded through
	// the store shows at once.
	s.TTL = time.Hour
	if got := flagOf(t, s.Entities(inv, tideline.EntityFilter{Datasets: []string{target}}), "t-karimi"); got != "" {
		t.Fatalf("Entities(target): t-karimi flagged %q before the flag is loaded", got)
	}
	if _, err := s.WriteStatements(access.System(context.Background()), []tideline.Statement{secretFlag("bf_safeguarding", "t-karimi", "victim")}); err != nil {
		t.Fatal(err)
	}
	if got := flagOf(t, s.Entities(inv, tideline.EntityFilter{Datasets: []string{target}}), "t-karimi"); got != notShared {
		t.Errorf("Entities(target): t-karimi flagged %q once flagged in bf_safeguarding; want %q", got, notShared)
	}
}

// flagOf returns the safeguarding value of the entity id in seq.
func flagOf(t *testing.T, seq func(func(*tideline.Entity, error) bool), id string) string {
	t.Helper()
	for e, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		if e.ID == id {
			return e.First("safeguarding")
		}
	}
	return ""
}

// reads is everything that a flag could change in what the principal in
// ctx reads through s, as text: entities and statements by id (visible
// ones and hidden ones, which are not echoed) and in streams with and
// without filters, counts and datasets. Errors show as their code.
func reads(t *testing.T, ctx context.Context, s *access.ResolvingStore) string {
	t.Helper()
	var b strings.Builder
	asked := []string{"k-said", "m-ali-1", "m-ali-3", "t-karimi", "v-haddad", "v-youssef", "x-crossing", "h-informant", "m-ali-2", "k-said-bf"}
	for i, f := range []tideline.EntityFilter{{}, {Datasets: []string{target}}, {Datasets: []string{target, hidden}}, {Schemata: []string{"Person"}},
		{IDs: asked}, {IDs: asked, Datasets: []string{target}}, {Datasets: []string{access.RestrictedDataset}}} {
		fmt.Fprintf(&b, "filter %d\n", i)
		for e, err := range s.Entities(ctx, f) {
			fmt.Fprintf(&b, "%+v %s\n", e, tideline.ErrorCode(err))
		}
		for st, err := range s.Statements(ctx, f) {
			fmt.Fprintf(&b, "%+v %s\n", st, tideline.ErrorCode(err))
		}
	}
	for i, id := range asked {
		e, err := s.Entity(ctx, id)
		fmt.Fprintf(&b, "entity %d: %+v %s\n", i, e, tideline.ErrorCode(err))
		sts, err := s.EntityStatements(ctx, id)
		fmt.Fprintf(&b, "statements %d: %+v %s\n", i, sts, tideline.ErrorCode(err))
	}
	n, e, err := s.Counts(ctx)
	fmt.Fprintf(&b, "counts %d %d %s\n", n, e, tideline.ErrorCode(err))
	ds, err := s.Datasets(ctx)
	fmt.Fprintf(&b, "datasets %+v %s\n", ds, tideline.ErrorCode(err))
	for c, err := range s.Canonicals(ctx) {
		fmt.Fprintf(&b, "canonical %+v %s\n", c, tideline.ErrorCode(err))
	}
	return b.String()
}

// excerpt returns the line of text that holds v.
func excerpt(text, v string) string {
	i := strings.Index(text, v)
	if i < 0 {
		return ""
	}
	start := strings.LastIndexByte(text[:i], '\n') + 1
	end := strings.IndexByte(text[i:], '\n')
	if end < 0 {
		return text[start:]
	}
	return text[start : i+end]
}

// The synthetic flag says that a person the principal sees is recorded as a
// victim and nothing more: which hidden dataset, agency or operation holds
// the flag, its value, grading, conditions, origin and dates, how many
// flags there are, and the victims the principal does not see change
// nothing of what any read, count or dataset listing gives.
func TestSyntheticFlagRevealsNothing(t *testing.T) {
	base := fixtureStatements()
	minor := slices.Clone(base) // v-haddad's hidden flag says "minor", not "victim"
	for i, st := range minor {
		if st.Dataset == hidden && st.Prop == "safeguarding" {
			minor[i].Value = "minor"
			minor[i].ID = tideline.StatementID(hidden, st.EntityID, st.Prop, "minor")
		}
	}
	more := cat(base, []tideline.Statement{ // more flags, with provenance of their own, and a hidden victim
		secretFlag("bf_safeguarding", "v-haddad", "vulnerable"),
		secretFlag("bf_safeguarding", "v-haddad", "minor"),
		secretFlag("bf_safeguarding", "h-informant", "victim"),
	})
	open := func(stmts []tideline.Statement) *access.ResolvingStore {
		acc := newFakeAccess()
		ctx := context.Background()
		for d, a := range map[string]string{target: "NCA", hidden: "MPS", "bf_safeguarding": "BF"} {
			check(t, acc.SetOwner(ctx, d, a))
		}
		check(t, acc.PutOperation(ctx, tideline.Operation{Name: "sentinel", Agency: "BF"}))
		check(t, acc.SetDatasetOperation(ctx, "bf_safeguarding", "sentinel"))
		return wrap(openStatements(t, stmts), acc)
	}
	stores := map[string]*access.ResolvingStore{"base": open(base), "minor": open(minor), "more": open(more)}
	for _, role := range []tideline.Role{tideline.RoleInvestigator, tideline.RoleSupervisor, tideline.RoleAnalyst} {
		ctx := as(principal(3, "NCA", nil, role))
		want := reads(t, ctx, stores["base"])
		for _, v := range append(slices.Clone(hiddenValues), secretValues...) {
			if strings.Contains(want, v) {
				t.Errorf("%s: %q of a hidden dataset shows in what the principal reads: %s", role, v, excerpt(want, v))
			}
		}
		if role.Can(tideline.PermSafeguarding) != strings.Contains(want, access.FlagNotShared) {
			t.Errorf("%s: a synthetic flag in what the principal reads: %v; want %v", role, !role.Can(tideline.PermSafeguarding), role.Can(tideline.PermSafeguarding))
		}
		for name, s := range stores {
			if got := reads(t, ctx, s); got != want {
				g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
				i := 0
				for i < min(len(g), len(w)) && g[i] == w[i] {
					i++
				}
				t.Errorf("%s: the %s store reads differently from the base store, from line %d:\n%s\nwant:\n%s", role, name, i, strings.Join(g[i:min(i+3, len(g))], "\n"), strings.Join(w[i:min(i+3, len(w))], "\n"))
			}
		}
	}
}

// Analysis through the store leaves out, for a principal who may see
// victims, a person flagged only in a dataset it cannot see, also when the
// flag is a hidden member's of a merged entity and when the graph is built
// from some datasets or from well-graded statements only; with
// IncludeVictims the person is drawn.
func TestAnalysisVictimFlaggedElsewhere(t *testing.T) {
	db := openStatements(t, cat(fixtureStatements(), []tideline.Statement{secretFlag(hidden, "k-said-bf", "minor")}))
	acc := newFakeAccess()
	check(t, acc.SetOwner(context.Background(), target, "NCA"))
	check(t, acc.SetOwner(context.Background(), hidden, "MPS"))
	s := wrap(db, acc)
	inv := as(principal(3, "NCA", nil, tideline.RoleInvestigator))
	nodes := func(opt analysis.Options) ([]string, int) {
		t.Helper()
		g, err := analysis.Build(inv, s, opt)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, n := range g.Nodes {
			out = append(out, n.ID+" "+n.Caption)
		}
		slices.Sort(out)
		return out, g.Victims
	}
	smugglers := []string{"m-ali-1 Muhammad Ali", "t-karimi Ahmed Karimi", "x-crossing 2024-03-02"}
	for _, opt := range []analysis.Options{
		{},
		{Filter: tideline.EntityFilter{Datasets: []string{target}}},
		{Filter: tideline.EntityFilter{Schemata: []string{"Person"}}},
		{MinGrading: tideline.Grading{Source: '2', Intelligence: 'B'}},
		{MinGrading: tideline.Grading{Source: '2', Intelligence: 'B'}, Filter: tideline.EntityFilter{Datasets: []string{target}}},
	} {
		want := smugglers
		if len(opt.Filter.Schemata) > 0 {
			want = smugglers[:2]
		}
		if got, victims := nodes(opt); !slices.Equal(got, want) || victims != 3 {
			t.Errorf("Build(%+v) as an investigator: nodes %q, %d victims left out; want %q and 3 (k-said, v-haddad, v-youssef)", opt, got, victims, want)
		}
		opt.IncludeVictims = true
		got, victims := nodes(opt)
		for _, n := range []string{"k-said Karim Said", "v-haddad Samira Haddad", "v-youssef Youssef Amin"} {
			if !slices.Contains(got, n) || victims != 0 {
				t.Errorf("Build(%+v) as an investigator: nodes %q, %d victims left out; want %q drawn", opt, got, victims, n)
			}
		}
	}
}
