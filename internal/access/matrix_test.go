package access_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/access"
)

// situation is how a principal stands to the target dataset.
type situation struct {
	name string
	// arrange records owners, shares and operations in acc and returns
	// the principal (user id 7) for a user holding role.
	arrange func(t *testing.T, acc *fakeAccess, role tideline.Role) *tideline.Principal
	sees    bool // the dataset is visible to a principal whose roles grant PermRead
	loads   bool // the principal may load into it, given PermIngest
}

var situations = []situation{
	{"owning agency", func(t *testing.T, acc *fakeAccess, role tideline.Role) *tideline.Principal {
		check(t, acc.SetOwner(context.Background(), target, "NCA"))
		return principal(7, "NCA", nil, role)
	}, true, true},
	{"shared with the agency", func(t *testing.T, acc *fakeAccess, role tideline.Role) *tideline.Principal {
		check(t, acc.SetOwner(context.Background(), target, "BF"))
		check(t, acc.AddShare(context.Background(), tideline.Share{Dataset: target, Agency: "NCA", By: "bf.supervisor"}))
		return principal(7, "NCA", nil, role)
	}, true, false},
	{"shared with the role", func(t *testing.T, acc *fakeAccess, role tideline.Role) *tideline.Principal {
		check(t, acc.SetOwner(context.Background(), target, "BF"))
		check(t, acc.AddShare(context.Background(), tideline.Share{Dataset: target, Role: role, By: "bf.supervisor"}))
		return principal(7, "CPS", nil, role)
	}, true, false},
	{"operation member", func(t *testing.T, acc *fakeAccess, role tideline.Role) *tideline.Principal {
		ctx := context.Background()
		check(t, acc.SetOwner(ctx, target, "NCA"))
		check(t, acc.PutOperation(ctx, tideline.Operation{Name: "kestrel", Agency: "NCA"}))
		check(t, acc.SetDatasetOperation(ctx, target, "kestrel"))
		check(t, acc.AddMember(ctx, "kestrel", 7))
		return principal(7, "BF", []string{"kestrel"}, role)
	}, true, true},
	{"operation non-member of the owning agency", func(t *testing.T, acc *fakeAccess, role tideline.Role) *tideline.Principal {
		ctx := context.Background()
		check(t, acc.SetOwner(ctx, target, "NCA"))
		check(t, acc.AddShare(ctx, tideline.Share{Dataset: target, Agency: "NCA", By: "nca.supervisor"}))
		check(t, acc.PutOperation(ctx, tideline.Operation{Name: "kestrel", Agency: "NCA"}))
		check(t, acc.SetDatasetOperation(ctx, target, "kestrel"))
		check(t, acc.AddMember(ctx, "kestrel", 8))
		return principal(7, "NCA", nil, role)
	}, false, false},
	{"unrelated partner (EUROPOL)", func(t *testing.T, acc *fakeAccess, role tideline.Role) *tideline.Principal {
		check(t, acc.SetOwner(context.Background(), target, "NCA"))
		check(t, acc.AddShare(context.Background(), tideline.Share{Dataset: target, Agency: "BF", By: "nca.supervisor"}))
		return principal(7, "EUROPOL", nil, role)
	}, false, false},
}

// TestMatrix checks every role in every situation against every kind of
// resource the store reaches: what is allowed comes back whole, what is
// denied is not found, empty or unauthorised exactly as the rules say, and
// nothing of the hidden dataset shows in any answer.
func TestMatrix(t *testing.T) {
	for _, role := range tideline.Roles {
		for _, sit := range situations {
			t.Run(string(role)+"/"+sit.name, func(t *testing.T) {
				db := openFixture(t)
				acc := newFakeAccess()
				check(t, acc.SetOwner(context.Background(), hidden, "MPS"))
				p := sit.arrange(t, acc, role)
				s := wrap(db, acc)
				ctx := as(p)
				reads := sit.sees && role.Can(tideline.PermRead)
				safe := reads && role.Can(tideline.PermSafeguarding)
				checkEntities(t, ctx, s, reads, safe)
				checkStatements(t, ctx, s, reads, safe)
				checkCounts(t, ctx, s, reads, safe)
				checkResolution(t, ctx, s, p, reads, safe)
				checkWrite(t, ctx, s, sit.loads && role.Can(tideline.PermIngest))
				out := dump(t, ctx, s)
				for _, v := range hiddenValues {
					if strings.Contains(out, v) {
						t.Errorf("%q of the hidden dataset shows in what the principal reads:\n%s", v, out)
					}
				}
				if !reads && out != "" {
					t.Errorf("a principal who reads nothing reads:\n%s", out)
				}
			})
		}
	}
}

// wantIDs is what a principal who reads the target dataset sees.
func wantIDs(safe bool) []string {
	if safe {
		return []string{"k-said", "m-ali-1", "t-karimi", "v-haddad", "v-youssef", "x-crossing"}
	}
	return []string{"k-said", "m-ali-1", "t-karimi", "x-crossing"}
}

func checkEntities(t *testing.T, ctx context.Context, s *access.ResolvingStore, reads, safe bool) {
	t.Helper()
	_, never := s.Entity(ctx, "never-loaded")
	if tideline.ErrorCode(never) != tideline.ENOTFOUND || tideline.ErrorMessage(never) != "entity never-loaded not found" {
		t.Fatalf("Entity(never-loaded) = %v; want ENOTFOUND \"entity never-loaded not found\"", never)
	}
	// Hidden everywhere: the hidden dataset's own entities and the hidden
	// canonical id of the merged Ali.
	hiddenIDs := []string{"h-boat", "h-informant", "m-ali-2", "k-said-bf"}
	if !safe {
		hiddenIDs = append(hiddenIDs, "v-haddad", "v-youssef")
	}
	if !reads {
		hiddenIDs = append(hiddenIDs, "t-karimi", "x-crossing", "m-ali-1", "m-ali-3", "k-said")
	}
	for _, id := range hiddenIDs {
		e, err := s.Entity(ctx, id)
		if e != nil || tideline.ErrorCode(err) != tideline.ENOTFOUND || tideline.ErrorMessage(err) != "entity "+id+" not found" {
			t.Errorf("Entity(%s) = %v, %v; want nil and ENOTFOUND \"entity %s not found\", as for an id never loaded", id, e, err, id)
		}
		st, err := s.EntityStatements(ctx, id)
		if st != nil || tideline.ErrorCode(err) != tideline.ENOTFOUND || tideline.ErrorMessage(err) != "entity "+id+" not found" {
			t.Errorf("EntityStatements(%s) = %d statements, %v; want ENOTFOUND as for an id never loaded", id, len(st), err)
		}
	}
	got := ids(t, s.Entities(ctx, tideline.EntityFilter{}))
	if want := wantIDs(safe); !reads && len(got) != 0 || reads && !slices.Equal(got, want) {
		t.Errorf("Entities() = %q; want %q (reads %v)", got, want, reads)
	}
	if got := ids(t, s.Entities(ctx, tideline.EntityFilter{IDs: []string{"h-boat", "m-ali-2", "m-ali-1", "v-haddad", "t-karimi"}})); reads {
		want := []string{"m-ali-1", "t-karimi"}
		if safe {
			want = []string{"m-ali-1", "t-karimi", "v-haddad"}
		}
		if !slices.Equal(got, want) {
			t.Errorf("Entities(IDs h-boat m-ali-2 m-ali-1 v-haddad t-karimi) = %q; want %q", got, want)
		}
	} else if len(got) != 0 {
		t.Errorf("Entities(IDs ...) = %q; want none", got)
	}
	if !reads {
		return
	}
	e, err := s.Entity(ctx, "t-karimi")
	if err != nil || e.ID != "t-karimi" || !slices.Equal(e.Get("name"), []string{"Ahmed Karimi"}) || len(e.Get("alias")) != 0 || !slices.Equal(e.Datasets, []string{target}) {
		t.Errorf("Entity(t-karimi) = %+v, %v; want its target values only (no alias, datasets [target])", e, err)
	}
	x, err := s.Entity(ctx, "x-crossing")
	if err != nil || !slices.Equal(x.Get("boat"), []string{"h-boat"}) || !slices.Equal(x.Get("organizer"), []string{"t-karimi"}) {
		t.Errorf("Entity(x-crossing) = %+v, %v; want boat h-boat (a reference to an entity not visible) and organizer t-karimi", x, err)
	}
	for _, id := range []string{"m-ali-1", "m-ali-3"} {
		m, err := s.Entity(ctx, id)
		if err != nil || m.ID != "m-ali-1" || !slices.Equal(slices.Sorted(slices.Values(m.Get("name"))), []string{"Mohamed Ali", "Muhammad Ali"}) ||
			len(m.Get("phone")) != 0 || !slices.Equal(m.Referents, []string{"m-ali-3"}) {
			t.Errorf("Entity(%s) = %+v, %v; want m-ali-1 with the names of m-ali-1 and m-ali-3 only, referents [m-ali-3]", id, m, err)
		}
	}
	k, err := s.Entity(ctx, "k-said")
	if err != nil || k.ID != "k-said" || !slices.Equal(k.Get("name"), []string{"Karim Said"}) || len(k.Referents) != 0 {
		t.Errorf("Entity(k-said) = %+v, %v; want k-said's own name, no referents (k-said-bf is hidden)", k, err)
	}
	if safe {
		v, err := s.Entity(ctx, "v-haddad")
		if err != nil || !slices.Equal(v.Get("name"), []string{"Samira Haddad"}) || !slices.Equal(v.Get("safeguarding"), []string{access.FlagNotShared}) ||
			!slices.Equal(v.Datasets, []string{access.RestrictedDataset, target}) || v.FirstSeen != "2024-03-02T06:00:00" || v.LastSeen != "2024-03-03T06:00:00" {
			t.Errorf("Entity(v-haddad) = %+v, %v; want her name (a principal who may see victims) and the synthetic flag in place of the hidden one, seen as in target", v, err)
		}
		if y, err := s.Entity(ctx, "v-youssef"); err != nil || !slices.Equal(y.Get("safeguarding"), []string{"minor"}) || !slices.Equal(y.Datasets, []string{target}) {
			t.Errorf("Entity(v-youssef) = %+v, %v; want the visible flag and no synthetic one", y, err)
		}
	}
}

func checkStatements(t *testing.T, ctx context.Context, s *access.ResolvingStore, reads, safe bool) {
	t.Helper()
	n, flags := 0, 0
	for st, err := range s.Statements(ctx, tideline.EntityFilter{}) {
		if err != nil {
			t.Fatalf("Statements() error: %v", err)
		}
		n++
		if st.Dataset == access.RestrictedDataset {
			flags++
			if want := wantFlag("v-haddad", access.FlagNotShared, seen, seen.Add(24*time.Hour)); !safe || !reflect.DeepEqual(*st, want) {
				t.Errorf("Statements() gave %+v; want the synthetic flag %+v, to a principal who may see victims only", *st, want)
			}
			continue
		}
		if st.Dataset != target || st.Grading.Handling != tideline.HandlingConditions || st.Grading.Conditions != conditions {
			t.Errorf("Statements() gave %s.%s from %s graded %s; want target statements under code C with their conditions", st.EntityID, st.Prop, st.Dataset, st.Grading)
		}
		if st.CanonicalID == "m-ali-2" || st.EntityID == "m-ali-2" {
			t.Errorf("Statements() gave %+v, naming the hidden canonical id", st)
		}
	}
	want, wantFlags := 0, 0
	if reads {
		want = 14
		if safe {
			want, wantFlags = 20, 1 // the 19 of target and v-haddad's synthetic flag
		}
	}
	if n != want || flags != wantFlags {
		t.Errorf("Statements() = %d statements, %d synthetic flags; want %d, %d", n, flags, want, wantFlags)
	}
	st, err := s.EntityStatements(ctx, "m-ali-3")
	if !reads {
		return
	}
	if err != nil || len(st) != 5 {
		t.Fatalf("EntityStatements(m-ali-3) = %d, %v; want the 5 of m-ali-1 and m-ali-3", len(st), err)
	}
	for _, x := range st {
		if x.CanonicalID != "m-ali-1" || x.Dataset != target || x.Grading.HandlingCode() != "C" || x.Grading.Conditions != conditions || x.Grading.Code() != "2B" {
			t.Errorf("EntityStatements(m-ali-3): %+v; want canonical m-ali-1, target, 2B under code C with conditions", x)
		}
	}
	var props []string
	for _, x := range st {
		props = append(props, x.Prop+"="+x.Value)
	}
	if want := []string{"birthDate=1990-03-12", "id=Person", "id=Person", "name=Mohamed Ali", "name=Muhammad Ali"}; !slices.Equal(props, want) {
		t.Errorf("EntityStatements(m-ali-3) = %q; want %q (by property, value, dataset)", props, want)
	}
}

func checkCounts(t *testing.T, ctx context.Context, s *access.ResolvingStore, reads, safe bool) {
	t.Helper()
	n, e, err := s.Counts(ctx)
	wantN, wantE, wantDS := 0, 0, 0
	if reads {
		wantN, wantE, wantDS = 14, 4, 14
		if safe {
			// Counts counts v-haddad's synthetic flag, as Statements
			// returns it; Datasets counts what target holds.
			wantN, wantE, wantDS = 20, 6, 19
		}
	}
	if err != nil || n != wantN || e != wantE {
		t.Errorf("Counts() = %d, %d, %v; want %d, %d", n, e, err, wantN, wantE)
	}
	ds, err := s.Datasets(ctx)
	if err != nil {
		t.Fatalf("Datasets() error: %v", err)
	}
	if !reads {
		if len(ds) != 0 {
			t.Errorf("Datasets() = %+v; want none", ds)
		}
		return
	}
	if len(ds) != 1 || ds[0].Name != target || ds[0].Statements != wantDS || ds[0].Entities != wantE || ds[0].Title != "NCA intelligence" ||
		!ds[0].FirstSeen.Equal(seen) || !ds[0].LastSeen.Equal(seen.AddDate(0, 0, 1)) {
		t.Errorf("Datasets() = %+v; want only target with %d statements of %d entities", ds, wantDS, wantE)
	}
}

func checkResolution(t *testing.T, ctx context.Context, s *access.ResolvingStore, p *tideline.Principal, reads, safe bool) {
	t.Helper()
	var cs []tideline.Canonical
	for c, err := range s.Canonicals(ctx) {
		if err != nil {
			t.Fatalf("Canonicals() error: %v", err)
		}
		cs = append(cs, c)
	}
	var wantCs []tideline.Canonical
	if reads {
		wantCs = []tideline.Canonical{{EntityID: "m-ali-3", CanonicalID: "m-ali-1"}}
	}
	if !slices.Equal(cs, wantCs) {
		t.Errorf("Canonicals() = %v; want %v", cs, wantCs)
	}
	for id, want := range map[string]string{"m-ali-3": "m-ali-1", "m-ali-1": "m-ali-1", "m-ali-2": "m-ali-2", "k-said-bf": "k-said-bf", "k-said": "k-said"} {
		if !reads {
			want = id
		}
		if got, err := s.CanonicalOf(ctx, id); err != nil || got != want {
			t.Errorf("CanonicalOf(%s) = %q, %v; want %q", id, got, err, want)
		}
	}
	review, err := s.Review(ctx, 0)
	var pairs []string
	for _, it := range review {
		pairs = append(pairs, it.A+"~"+it.B)
	}
	var wantPairs []string
	if reads {
		wantPairs = []string{"t-karimi~m-ali-1"}
		if safe {
			wantPairs = append(wantPairs, "m-ali-3~v-haddad")
		}
	}
	if err != nil || !slices.Equal(pairs, wantPairs) {
		t.Errorf("Review(0) = %q, %v; want %q", pairs, err, wantPairs)
	}
	if one, err := s.Review(ctx, 1); err != nil || len(one) != min(1, len(wantPairs)) {
		t.Errorf("Review(1) = %+v, %v; want %d items", one, err, min(1, len(wantPairs)))
	}
	js, err := s.Judgements(ctx, tideline.JudgementFilter{})
	if err != nil || reads != (len(js) == 1) || reads && js[0].Reason != "same custody photo" || !reads && len(js) != 0 {
		t.Errorf("Judgements() = %+v, %v; want only the judgement on m-ali-1 and m-ali-3 (reads %v)", js, err, reads)
	}
	if js, err := s.Judgements(ctx, tideline.JudgementFilter{EntityID: "h-informant"}); err != nil || len(js) != 0 {
		t.Errorf("Judgements(h-informant) = %+v, %v; want none", js, err)
	}
	j, err := s.AddJudgement(ctx, tideline.Judgement{A: "t-karimi", B: "m-ali-3", Verdict: tideline.VerdictUnsure, Reason: "same phone model"})
	switch {
	case !p.Can(tideline.PermJudge):
		if tideline.ErrorCode(err) != tideline.EUNAUTHORIZED {
			t.Errorf("AddJudgement by a %v = %v; want EUNAUTHORIZED", p.User.Roles, err)
		}
	case !reads:
		if tideline.ErrorCode(err) != tideline.ENOTFOUND || tideline.ErrorMessage(err) != "entity t-karimi not found" {
			t.Errorf("AddJudgement on entities not visible = %v; want ENOTFOUND \"entity t-karimi not found\"", err)
		}
	default:
		if err != nil || j.ID == 0 || j.User != p.User.Login {
			t.Errorf("AddJudgement = %+v, %v; want it recorded under %s", j, err, p.User.Login)
		}
	}
	if p.Can(tideline.PermJudge) {
		_, err := s.AddJudgement(ctx, tideline.Judgement{A: "t-karimi", B: "h-informant", Verdict: tideline.VerdictNoMatch})
		if tideline.ErrorCode(err) != tideline.ENOTFOUND {
			t.Errorf("AddJudgement(t-karimi, h-informant) = %v; want ENOTFOUND", err)
		}
	}
	for _, call := range []struct {
		name string
		err  error
	}{
		{"SetCanonicals", func() error {
			_, err := s.SetCanonicals(ctx, []tideline.Canonical{{EntityID: "m-ali-3"}})
			return err
		}()},
		{"ReplaceReview", s.ReplaceReview(ctx, nil)},
		{"PutModel", s.PutModel(ctx, "person", []byte("{}"))},
		{"Model", func() error { _, err := s.Model(ctx, "person"); return err }()},
	} {
		if tideline.ErrorCode(call.err) != tideline.EUNAUTHORIZED {
			t.Errorf("%s by a principal = %v; want EUNAUTHORIZED (the resolution job's)", call.name, call.err)
		}
	}
}

func checkWrite(t *testing.T, ctx context.Context, s *access.ResolvingStore, loads bool) {
	t.Helper()
	stmts := ent(target, "t-karimi", "Person", "passportNumber", "P123456")
	n, err := s.WriteStatements(ctx, stmts)
	if loads {
		if err != nil || n != 1 {
			t.Errorf("WriteStatements(target) = %d, %v; want 1 new", n, err)
		}
	} else if tideline.ErrorCode(err) != tideline.EUNAUTHORIZED || n != 0 {
		t.Errorf("WriteStatements(target) = %d, %v; want EUNAUTHORIZED", n, err)
	}
	if _, err := s.WriteStatements(ctx, ent(hidden, "t-karimi", "Person", "passportNumber", "P123456")); tideline.ErrorCode(err) != tideline.EUNAUTHORIZED {
		t.Errorf("WriteStatements(hidden) = %v; want EUNAUTHORIZED", err)
	}
	err = s.PutDataset(ctx, tideline.Dataset{Name: target, Title: "renamed"})
	if loads != (err == nil) || !loads && tideline.ErrorCode(err) != tideline.EUNAUTHORIZED {
		t.Errorf("PutDataset(target) = %v; want allowed %v", err, loads)
	}
}

// ids drains an entity stream.
func ids(t *testing.T, seq func(func(*tideline.Entity, error) bool)) []string {
	t.Helper()
	var out []string
	for e, err := range seq {
		if err != nil {
			t.Fatalf("Entities() error: %v", err)
		}
		out = append(out, e.ID)
	}
	return out
}

// dump is everything the principal in ctx can read through s, as text.
func dump(t *testing.T, ctx context.Context, s *access.ResolvingStore) string {
	t.Helper()
	var b strings.Builder
	for e, err := range s.Entities(ctx, tideline.EntityFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%+v\n", *e)
	}
	for st, err := range s.Statements(ctx, tideline.EntityFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%+v %s\n", *st, st.Grading)
	}
	ds, _ := s.Datasets(ctx)
	for _, d := range ds {
		fmt.Fprintf(&b, "%+v %s\n", d, d.Grading)
	}
	for c := range s.Canonicals(ctx) {
		fmt.Fprintf(&b, "%+v\n", c)
	}
	r, _ := s.Review(ctx, 0)
	js, _ := s.Judgements(ctx, tideline.JudgementFilter{})
	fmt.Fprintf(&b, "%+v\n%+v\n", r, js)
	if b.String() == "[]\n[]\n" {
		return ""
	}
	return b.String()
}
