package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/tideline-oss/tideline"
)

// ResolvingStore is a store that also keeps entity resolution.
type ResolvingStore interface {
	tideline.Store
	tideline.ResolutionStore
}

// RunResolution runs the resolution part of the conformance suite: moving
// entities under canonical ids, judgements, the review queue and models.
// open must return a new, empty store for each call; RunResolution closes it.
func RunResolution(t *testing.T, open func(t *testing.T) ResolvingStore) {
	fresh := func(t *testing.T) ResolvingStore {
		t.Helper()
		s := open(t)
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Errorf("Close() = %v; want nil", err)
			}
		})
		return s
	}
	for _, tt := range []struct {
		name string
		fn   func(t *testing.T, s ResolvingStore)
	}{
		{"CanonicalsMoveStatements", testCanonicalsMove},
		{"WritesFollowCanonicals", testWritesFollowCanonicals},
		{"CanonicalsUndo", testCanonicalsUndo},
		{"Judgements", testJudgements},
		{"Review", testReview},
		{"Models", testModels},
	} {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, fresh(t)) })
	}
}

func threePeople(t *testing.T, s ResolvingStore) {
	mustWrite(t, s, frags(
		frag{dataset: "bf", id: "p1", schema: "Person", props: []string{"name", "Mohammed Ali", "birthDate", "1990-03-12"}, first: t0, last: t0},
		frag{dataset: "nca", id: "p2", schema: "Person", props: []string{"name", "Muhammad Ali", "phone", "+447700900123"}, first: t1, last: t1},
		frag{dataset: "nca", id: "p3", schema: "Person", props: []string{"name", "Ali Hassan"}, first: t1, last: t1},
	), 8)
}

func canonicals(t *testing.T, s ResolvingStore) []tideline.Canonical {
	t.Helper()
	var out []tideline.Canonical
	for c, err := range s.Canonicals(context.Background()) {
		if err != nil {
			t.Fatalf("Canonicals() error: %v", err)
		}
		out = append(out, c)
	}
	return out
}

func testCanonicalsMove(t *testing.T, s ResolvingStore) {
	ctx := context.Background()
	threePeople(t, s)
	n, err := s.SetCanonicals(ctx, []tideline.Canonical{{EntityID: "p2", CanonicalID: "p1"}, {EntityID: "p1", CanonicalID: "p1"}})
	if err != nil || n != 1 {
		t.Fatalf("SetCanonicals(p2->p1, p1->p1) = %d, %v; want 1, nil", n, err)
	}
	e := mustEntity(t, s, "p1")
	if got := slices.Sorted(slices.Values(e.Get("name"))); !slices.Equal(got, []string{"Mohammed Ali", "Muhammad Ali"}) {
		t.Errorf("merged names = %q", got)
	}
	if e.First("phone") != "+447700900123" || !slices.Equal(e.Referents, []string{"p2"}) || !slices.Equal(e.Datasets, []string{"bf", "nca"}) {
		t.Errorf("merged entity = %+v; want p2's phone, referents [p2], datasets [bf nca]", e)
	}
	// A merged id reads as the entity it joined.
	if e2 := mustEntity(t, s, "p2"); e2.ID != "p1" {
		t.Errorf("Entity(p2).ID = %q; want p1", e2.ID)
	}
	if got := mustEntityStatements(t, s, "p2"); len(got) != 6 {
		t.Errorf("EntityStatements(p2) = %d statements; want the 6 of the merged p1", len(got))
	}
	if c, err := s.CanonicalOf(ctx, "p2"); err != nil || c != "p1" {
		t.Errorf("CanonicalOf(p2) = %q, %v; want p1", c, err)
	}
	if c, err := s.CanonicalOf(ctx, "p3"); err != nil || c != "p3" {
		t.Errorf("CanonicalOf(p3) = %q, %v; want p3 (its own)", c, err)
	}
	if got := canonicals(t, s); !slices.Equal(got, []tideline.Canonical{{EntityID: "p2", CanonicalID: "p1"}}) {
		t.Errorf("Canonicals() = %v; want [p2->p1]", got)
	}
	if _, n, err := s.Counts(ctx); err != nil || n != 2 {
		t.Errorf("Counts() entities = %d, %v; want 2", n, err)
	}
	// Statements keep their entity id and provenance.
	for _, st := range mustEntityStatements(t, s, "p1") {
		if st.CanonicalID != "p1" || (st.Dataset == "nca") != (st.EntityID == "p2") {
			t.Errorf("statement %s.%s: canonical %q entity %q dataset %s", st.EntityID, st.Prop, st.CanonicalID, st.EntityID, st.Dataset)
		}
	}
	// Moving again: p2 to p3; then a canonical id that is another entity's.
	if n, err := s.SetCanonicals(ctx, []tideline.Canonical{{EntityID: "p2", CanonicalID: "p3"}}); err != nil || n != 1 {
		t.Fatalf("SetCanonicals(p2->p3) = %d, %v", n, err)
	}
	if e := mustEntity(t, s, "p3"); e.First("phone") != "+447700900123" {
		t.Errorf("p3 after p2 joined it: %+v", e)
	}
	if e := mustEntity(t, s, "p1"); len(e.Get("phone")) != 0 {
		t.Errorf("p1 kept p2's phone after p2 left: %+v", e)
	}
	if _, err := s.SetCanonicals(ctx, []tideline.Canonical{{EntityID: "", CanonicalID: "x"}}); tideline.ErrorCode(err) != tideline.EINVALID {
		t.Errorf("empty entity id: error %v; want EINVALID", err)
	}
	if _, err := s.SetCanonicals(ctx, []tideline.Canonical{{EntityID: "p3", CanonicalID: "p1"}, {EntityID: "p3", CanonicalID: "p2"}}); tideline.ErrorCode(err) != tideline.EINVALID {
		t.Errorf("an entity given twice: error %v; want EINVALID", err)
	}
	if c, err := s.CanonicalOf(ctx, "p3"); err != nil || c != "p3" {
		t.Errorf("after a refused mapping: CanonicalOf(p3) = %q, %v; want p3 untouched", c, err)
	}
}

func testWritesFollowCanonicals(t *testing.T, s ResolvingStore) {
	ctx := context.Background()
	threePeople(t, s)
	if _, err := s.SetCanonicals(ctx, []tideline.Canonical{{EntityID: "p2", CanonicalID: "p1"}}); err != nil {
		t.Fatal(err)
	}
	// New statements of a merged entity go under its canonical id, and a
	// statement loaded again is not duplicated.
	stmts := frags(frag{dataset: "nca", id: "p2", schema: "Person", props: []string{"name", "Muhammad Ali", "alias", "Abu Ali"}, first: t2, last: t2})
	mustWrite(t, s, stmts, 1)
	e := mustEntity(t, s, "p1")
	if e.First("alias") != "Abu Ali" {
		t.Errorf("a statement written after the merge is not on the merged entity: %+v", e)
	}
	if _, err := s.Entity(ctx, "p2"); err != nil {
		t.Errorf("Entity(p2) = %v", err)
	}
	if got := collect(t, s, tideline.EntityFilter{}); !slices.Equal(ids(got), []string{"p1", "p3"}) {
		t.Errorf("Entities() = %q; want [p1 p3]", ids(got))
	}
}

func testCanonicalsUndo(t *testing.T, s ResolvingStore) {
	ctx := context.Background()
	threePeople(t, s)
	s.SetCanonicals(ctx, []tideline.Canonical{{EntityID: "p2", CanonicalID: "p1"}, {EntityID: "p3", CanonicalID: "p1"}})
	if n, err := s.SetCanonicals(ctx, []tideline.Canonical{{EntityID: "p2"}, {EntityID: "p3", CanonicalID: "p3"}}); err != nil || n != 2 {
		t.Fatalf("reset = %d, %v; want 2", n, err)
	}
	if got := canonicals(t, s); len(got) != 0 {
		t.Errorf("Canonicals() after reset = %v; want none", got)
	}
	if got := collect(t, s, tideline.EntityFilter{}); !slices.Equal(ids(got), []string{"p1", "p2", "p3"}) {
		t.Errorf("Entities() after reset = %q", ids(got))
	}
	if e := mustEntity(t, s, "p2"); e.ID != "p2" || e.First("phone") != "+447700900123" || len(e.Referents) != 0 {
		t.Errorf("p2 after reset = %+v", e)
	}
}

func testJudgements(t *testing.T, s ResolvingStore) {
	ctx := context.Background()
	j1, err := s.AddJudgement(ctx, tideline.Judgement{A: "p1", B: "p2", Verdict: tideline.VerdictMatch, User: "analyst1", Reason: "same passport", At: t1})
	if err != nil || j1.ID == 0 || !j1.At.Equal(t1) {
		t.Fatalf("AddJudgement = %+v, %v", j1, err)
	}
	j2, err := s.AddJudgement(ctx, tideline.Judgement{A: "p2", B: "p3", Verdict: tideline.VerdictNoMatch, User: "analyst2", At: t2})
	if err != nil || j2.ID <= j1.ID {
		t.Fatalf("second AddJudgement = %+v, %v", j2, err)
	}
	for _, bad := range []tideline.Judgement{
		{A: "p1", B: "p1", Verdict: tideline.VerdictMatch, User: "u"},
		{A: "p1", B: "p2", Verdict: "maybe", User: "u"},
		{A: "p1", B: "p2", Verdict: tideline.VerdictMatch},
		{B: "p2", Verdict: tideline.VerdictMatch, User: "u"},
	} {
		if _, err := s.AddJudgement(ctx, bad); tideline.ErrorCode(err) != tideline.EINVALID {
			t.Errorf("AddJudgement(%+v) error %v; want EINVALID", bad, err)
		}
	}
	all, err := s.Judgements(ctx, tideline.JudgementFilter{})
	if err != nil || len(all) != 2 || all[0].ID != j1.ID || all[0].Reason != "same passport" || all[1].Verdict != tideline.VerdictNoMatch {
		t.Fatalf("Judgements() = %+v, %v", all, err)
	}
	if got, _ := s.Judgements(ctx, tideline.JudgementFilter{EntityID: "p3"}); len(got) != 1 || got[0].ID != j2.ID {
		t.Errorf("Judgements(p3) = %+v; want j2", got)
	}
	u, err := s.UndoJudgement(ctx, j1.ID, "supervisor", t3)
	if err != nil || u.InForce() || u.UndoneBy != "supervisor" || !u.UndoneAt.Equal(t3) {
		t.Fatalf("UndoJudgement = %+v, %v", u, err)
	}
	if _, err := s.UndoJudgement(ctx, j1.ID, "x", t3); tideline.ErrorCode(err) != tideline.ECONFLICT {
		t.Errorf("undo twice: %v; want ECONFLICT", err)
	}
	if _, err := s.UndoJudgement(ctx, 99999, "x", t3); tideline.ErrorCode(err) != tideline.ENOTFOUND {
		t.Errorf("undo unknown: %v; want ENOTFOUND", err)
	}
	in, _ := s.Judgements(ctx, tideline.JudgementFilter{InForce: true})
	if len(in) != 1 || in[0].ID != j2.ID {
		t.Errorf("Judgements(in force) = %+v; want j2 only", in)
	}
	all, _ = s.Judgements(ctx, tideline.JudgementFilter{})
	if len(all) != 2 || all[0].InForce() || !all[0].UndoneAt.Equal(t3) {
		t.Errorf("an undone judgement is kept as a record: %+v", all)
	}
}

func testReview(t *testing.T, s ResolvingStore) {
	ctx := context.Background()
	items := []tideline.ReviewItem{{A: "p1", B: "p2", Probability: 0.8, Weight: 2, Note: "one typo in the date of birth"}, {A: "p2", B: "p3", Probability: 0.6, Weight: 0.58}}
	if err := s.ReplaceReview(ctx, items); err != nil {
		t.Fatal(err)
	}
	got, err := s.Review(ctx, 0)
	if err != nil || !slices.Equal(got, items) {
		t.Errorf("Review(0) = %+v, %v; want %+v", got, err, items)
	}
	if got, _ := s.Review(ctx, 1); len(got) != 1 || got[0] != items[0] {
		t.Errorf("Review(1) = %+v", got)
	}
	s.ReplaceReview(ctx, items[1:])
	if got, _ := s.Review(ctx, 0); len(got) != 1 || got[0] != items[1] {
		t.Errorf("Review after replace = %+v", got)
	}
}

func testModels(t *testing.T, s ResolvingStore) {
	ctx := context.Background()
	if _, err := s.Model(ctx, "person"); tideline.ErrorCode(err) != tideline.ENOTFOUND {
		t.Errorf("Model(missing) error %v; want ENOTFOUND", err)
	}
	for _, data := range []string{`{"m":[[0,0.9]]}`, `{"m":[[0,0.8]]}`} {
		if err := s.PutModel(ctx, "person", []byte(data)); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Model(ctx, "person"); err != nil || string(got) != data {
			t.Errorf("Model = %q, %v; want %q", got, err, data)
		}
	}
	if err := s.PutModel(ctx, "", nil); tideline.ErrorCode(err) != tideline.EINVALID {
		t.Errorf("PutModel(\"\") error %v; want EINVALID", err)
	}
}
