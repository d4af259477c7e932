package access_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/access"
)

// Without a principal every method is refused, so a store opened for the
// server is never read anonymously.
func TestSignInRequired(t *testing.T) {
	s, _, _ := ncaAnalyst(t)
	ctx := context.Background()
	first := func(seq func(func(*tideline.Entity, error) bool)) error {
		for _, err := range seq {
			return err
		}
		return nil
	}
	firstSt := func(seq func(func(*tideline.Statement, error) bool)) error {
		for _, err := range seq {
			return err
		}
		return nil
	}
	firstC := func(seq func(func(tideline.Canonical, error) bool)) error {
		for _, err := range seq {
			return err
		}
		return nil
	}
	for name, err := range map[string]error{
		"Entity":           func() error { _, err := s.Entity(ctx, "t-karimi"); return err }(),
		"EntityStatements": func() error { _, err := s.EntityStatements(ctx, "t-karimi"); return err }(),
		"Entities":         first(s.Entities(ctx, tideline.EntityFilter{})),
		"Statements":       firstSt(s.Statements(ctx, tideline.EntityFilter{})),
		"Counts":           func() error { _, _, err := s.Counts(ctx); return err }(),
		"Datasets":         func() error { _, err := s.Datasets(ctx); return err }(),
		"WriteStatements":  func() error { _, err := s.WriteStatements(ctx, ent(target, "n-1", "Person")); return err }(),
		"PutDataset":       s.PutDataset(ctx, tideline.Dataset{Name: target}),
		"Canonicals":       firstC(s.Canonicals(ctx)),
		"CanonicalOf":      func() error { _, err := s.CanonicalOf(ctx, "m-ali-3"); return err }(),
		"AddJudgement": func() error {
			_, err := s.AddJudgement(ctx, tideline.Judgement{A: "t-karimi", B: "k-said", Verdict: tideline.VerdictNoMatch, User: "x"})
			return err
		}(),
		"UndoJudgement": func() error { _, err := s.UndoJudgement(ctx, 1, "x", time.Time{}); return err }(),
		"Judgements":    func() error { _, err := s.Judgements(ctx, tideline.JudgementFilter{}); return err }(),
		"Review":        func() error { _, err := s.Review(ctx, 0); return err }(),
		"SetCanonicals": func() error { _, err := s.SetCanonicals(ctx, nil); return err }(),
		"ReplaceReview": s.ReplaceReview(ctx, nil),
		"PutModel":      s.PutModel(ctx, "person", nil),
		"Model":         func() error { _, err := s.Model(ctx, "person"); return err }(),
	} {
		if tideline.ErrorCode(err) != tideline.EUNAUTHORIZED || tideline.ErrorMessage(err) != "sign-in required" {
			t.Errorf("%s without a principal = %v; want EUNAUTHORIZED \"sign-in required\"", name, err)
		}
	}
}

// System contexts see and may do everything; a principal added to one
// governs again; System over a principal's context is the system.
func TestSystem(t *testing.T) {
	s, analyst, _ := ncaAnalyst(t)
	sys := access.System(context.Background())
	if !access.IsSystem(sys) || access.IsSystem(context.Background()) || access.IsSystem(analyst) {
		t.Fatal("IsSystem: want true for System(ctx) only")
	}
	if e, err := s.Entity(sys, "h-boat"); err != nil || e.First("name") != "Blue Dolphin" {
		t.Errorf("Entity(h-boat) as System = %+v, %v", e, err)
	}
	if e, err := s.Entity(sys, "m-ali-1"); err != nil || e.ID != "m-ali-2" {
		t.Errorf("Entity(m-ali-1) as System = %+v, %v; want the stored canonical m-ali-2", e, err)
	}
	if n, e, err := s.Counts(sys); err != nil || n != 32 || e != 8 {
		t.Errorf("Counts() as System = %d, %d, %v; want 32, 8", n, e, err)
	}
	if err := s.PutModel(sys, "person", []byte(`{"lambda":0.01}`)); err != nil {
		t.Fatal(err)
	}
	if m, err := s.Model(sys, "person"); err != nil || string(m) != `{"lambda":0.01}` {
		t.Errorf("Model as System = %q, %v", m, err)
	}
	if _, err := s.Model(analyst, "person"); tideline.ErrorCode(err) != tideline.EUNAUTHORIZED {
		t.Errorf("Model as an analyst = %v; want EUNAUTHORIZED", err)
	}
	// A principal on top of a System context is a principal.
	onTop := tideline.NewContextWithPrincipal(sys, principal(3, "NCA", nil, tideline.RoleAnalyst))
	if _, err := s.Entity(onTop, "h-boat"); tideline.ErrorCode(err) != tideline.ENOTFOUND {
		t.Errorf("Entity(h-boat) by a principal added to a System context = %v; want ENOTFOUND", err)
	}
	if _, err := s.Entity(access.System(analyst), "h-boat"); err != nil {
		t.Errorf("Entity(h-boat) in System(an analyst's context) = %v; want found", err)
	}
	if n, err := s.SetCanonicals(sys, []tideline.Canonical{{EntityID: "m-ali-3"}}); err != nil || n != 1 {
		t.Errorf("SetCanonicals as System = %d, %v; want 1", n, err)
	}
}

// The visibility of a principal is kept for TTL and re-read after
// Invalidate or once the TTL has passed; a principal whose roles,
// agency or operations change is a new principal at once.
func TestCache(t *testing.T) {
	db := openFixture(t)
	acc := newFakeAccess()
	check(t, acc.SetOwner(context.Background(), target, "BF"))
	s := access.NewResolving(db, acc)
	now := time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	s.TTL = time.Minute
	p := principal(3, "NCA", nil, tideline.RoleAnalyst)
	ctx := as(p)
	count := func() int {
		t.Helper()
		n, _, err := s.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 0 {
		t.Fatalf("Counts() before the share = %d; want 0", n)
	}
	check(t, acc.AddShare(context.Background(), tideline.Share{Dataset: target, Agency: "NCA", By: "bf.supervisor"}))
	if n := count(); n != 0 {
		t.Errorf("Counts() within the TTL = %d; want 0, the cached visibility", n)
	}
	if r := acc.reads.Load(); r != 1 {
		t.Errorf("the access store was read %d times for two calls within the TTL; want 1", r)
	}
	s.Invalidate()
	if n := count(); n != 14 {
		t.Errorf("Counts() after Invalidate = %d; want 14", n)
	}
	check(t, acc.RemoveShare(context.Background(), target, "NCA", ""))
	now = now.Add(59 * time.Second)
	if n := count(); n != 14 {
		t.Errorf("Counts() 59 s later = %d; want 14 (cached)", n)
	}
	now = now.Add(2 * time.Second)
	if n := count(); n != 0 {
		t.Errorf("Counts() once the TTL has passed = %d; want 0", n)
	}
	// Roles are part of who the principal is: a promotion shows at once.
	check(t, acc.AddShare(context.Background(), tideline.Share{Dataset: target, Agency: "NCA", By: "bf.supervisor"}))
	s.Invalidate()
	if n := count(); n != 14 {
		t.Fatalf("Counts() = %d; want 14", n)
	}
	p.User.Roles = []tideline.Role{tideline.RoleInvestigator}
	if n := count(); n != 20 {
		t.Errorf("Counts() as an investigator = %d; want 20, victims included with v-haddad's synthetic flag", n)
	}
	p.User.Disabled = true
	if n := count(); n != 0 {
		t.Errorf("Counts() for a disabled user = %d; want 0", n)
	}
}

// Operation membership is what the access store records: a principal
// naming an operation it is not a member of (a stale session) sees none of
// its datasets, and one the store lists but the principal does not name
// neither.
func TestOperationMembership(t *testing.T) {
	db := openFixture(t)
	acc := newFakeAccess()
	ctx := context.Background()
	check(t, acc.SetOwner(ctx, target, "NCA"))
	check(t, acc.PutOperation(ctx, tideline.Operation{Name: "kestrel", Agency: "NCA"}))
	check(t, acc.SetDatasetOperation(ctx, target, "kestrel"))
	check(t, acc.AddMember(ctx, "kestrel", 9))
	s := wrap(db, acc)
	for _, tt := range []struct {
		name string
		p    *tideline.Principal
		want int
	}{
		{"member", principal(9, "BF", []string{"kestrel"}, tideline.RoleAnalyst), 14},
		{"removed member still naming it", principal(3, "NCA", []string{"kestrel"}, tideline.RoleAnalyst), 0},
		{"member not naming it", principal(9, "BF", nil, tideline.RoleAnalyst), 0},
	} {
		if n, _, err := s.Counts(as(tt.p)); err != nil || n != tt.want {
			t.Errorf("%s: Counts() = %d, %v; want %d", tt.name, n, err, tt.want)
		}
	}
	// Loading into an operation's dataset: members only, whatever agency
	// owns it.
	member := as(principal(9, "BF", []string{"kestrel"}, tideline.RoleInvestigator))
	if _, err := s.WriteStatements(member, ent(target, "n-1", "Person", "name", "New Person")); err != nil {
		t.Errorf("WriteStatements by an operation member = %v; want allowed", err)
	}
	owner := as(principal(3, "NCA", nil, tideline.RoleSupervisor))
	if _, err := s.WriteStatements(owner, ent(target, "n-2", "Person")); tideline.ErrorCode(err) != tideline.EUNAUTHORIZED {
		t.Errorf("WriteStatements by the owning agency's non-member = %v; want EUNAUTHORIZED", err)
	}
}

func TestWriteStatements(t *testing.T) {
	db := openFixture(t)
	acc := newFakeAccess()
	check(t, acc.SetOwner(context.Background(), target, "NCA"))
	check(t, acc.SetOwner(context.Background(), hidden, "MPS"))
	s := wrap(db, acc)
	inv := as(principal(3, "NCA", nil, tideline.RoleInvestigator))
	merged := ent(target, "n-1", "Person", "name", "Nadia Rahman")
	for i := range merged {
		merged[i].CanonicalID = "h-informant"
	}
	disabled := principal(4, "NCA", nil, tideline.RoleInvestigator)
	disabled.User.Disabled = true
	for _, tt := range []struct {
		name  string
		ctx   context.Context
		stmts []tideline.Statement
		code  string
		msg   string
	}{
		{"another agency's dataset in the batch", inv, cat(ent(target, "n-1", "Person"), ent(hidden, "n-1", "Person")), tideline.EUNAUTHORIZED,
			"not allowed to load into dataset hidden: it is neither owned by your agency (NCA) nor in an operation you are a member of"},
		{"a dataset without owner", inv, ent("new_dataset", "n-1", "Person"), tideline.EUNAUTHORIZED, "dataset new_dataset"},
		{"a canonical id of its own", inv, merged, tideline.EUNAUTHORIZED, "canonical ids are set by entity resolution only"},
		{"an analyst", as(principal(5, "NCA", nil, tideline.RoleAnalyst)), ent(target, "n-1", "Person"), tideline.EUNAUTHORIZED, "ingest permission"},
		{"a disabled investigator", as(disabled), ent(target, "n-1", "Person"), tideline.EUNAUTHORIZED, "ingest permission"},
		{"a malformed statement", inv, []tideline.Statement{{ID: "x", EntityID: "n-1", Schema: "Person", Prop: "name", Value: "v"}}, tideline.EINVALID, "dataset required"},
	} {
		n, err := s.WriteStatements(tt.ctx, tt.stmts)
		if n != 0 || tideline.ErrorCode(err) != tt.code || !strings.Contains(tideline.ErrorMessage(err), tt.msg) {
			t.Errorf("%s: WriteStatements = %d, %v; want %s mentioning %q", tt.name, n, err, tt.code, tt.msg)
		}
	}
	if n, _, _ := s.Counts(access.System(context.Background())); n != 32 {
		t.Errorf("after refused writes the store holds %d statements; want the fixture's 32", n)
	}
	if n, err := s.WriteStatements(inv, ent(target, "n-1", "Person", "name", "Nadia Rahman")); err != nil || n != 2 {
		t.Errorf("WriteStatements(target) = %d, %v; want 2", n, err)
	}
	if err := s.PutDataset(inv, tideline.Dataset{Name: "bad name"}); tideline.ErrorCode(err) != tideline.EINVALID {
		t.Errorf("PutDataset(bad name) = %v; want EINVALID", err)
	}
	if err := s.PutDataset(inv, tideline.Dataset{Name: hidden, Title: "mine now"}); tideline.ErrorCode(err) != tideline.EUNAUTHORIZED {
		t.Errorf("PutDataset(hidden) = %v; want EUNAUTHORIZED", err)
	}
}

func TestJudgements(t *testing.T) {
	s, ctx, _ := ncaAnalyst(t)
	if _, err := s.AddJudgement(ctx, tideline.Judgement{A: "t-karimi", B: "k-said", Verdict: tideline.VerdictNoMatch, User: "ds.jones"}); tideline.ErrorCode(err) != tideline.EUNAUTHORIZED {
		t.Errorf("AddJudgement in another user's name = %v; want EUNAUTHORIZED", err)
	}
	if _, err := s.AddJudgement(ctx, tideline.Judgement{A: "t-karimi", B: "t-karimi", Verdict: tideline.VerdictNoMatch}); tideline.ErrorCode(err) != tideline.EINVALID {
		t.Errorf("AddJudgement(t-karimi, t-karimi) = %v; want EINVALID", err)
	}
	all, _ := s.Judgements(access.System(context.Background()), tideline.JudgementFilter{})
	if len(all) != 2 {
		t.Fatalf("the fixture has %d judgements; want 2", len(all))
	}
	visible, hiddenPair := all[0], all[1]
	if _, err := s.UndoJudgement(ctx, hiddenPair.ID, "", time.Time{}); tideline.ErrorCode(err) != tideline.ENOTFOUND || tideline.ErrorMessage(err) != "judgement 2 not found" {
		t.Errorf("UndoJudgement(a judgement on a hidden entity) = %v; want ENOTFOUND \"judgement 2 not found\"", err)
	}
	if _, err := s.UndoJudgement(ctx, 99, "", time.Time{}); tideline.ErrorMessage(err) != "judgement 99 not found" {
		t.Errorf("UndoJudgement(99) = %v; want \"judgement 99 not found\"", err)
	}
	u, err := s.UndoJudgement(ctx, visible.ID, "", time.Time{})
	if err != nil || u.InForce() || u.UndoneBy != "user3" {
		t.Errorf("UndoJudgement(%d) = %+v, %v; want undone by user3", visible.ID, u, err)
	}
	if js, _ := s.Judgements(ctx, tideline.JudgementFilter{EntityID: "m-ali-3", InForce: true}); len(js) != 0 {
		t.Errorf("Judgements(m-ali-3, in force) = %+v; want none after the undo", js)
	}
	liaison := as(principal(6, "NCA", nil, tideline.RoleLiaison))
	if _, err := s.UndoJudgement(liaison, visible.ID, "", time.Time{}); tideline.ErrorCode(err) != tideline.EUNAUTHORIZED {
		t.Errorf("UndoJudgement by a liaison officer = %v; want EUNAUTHORIZED", err)
	}
}

func TestContextDone(t *testing.T) {
	s, ctx, _ := ncaAnalyst(t)
	ctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Entity(ctx, "t-karimi"); !errors.Is(err, context.Canceled) {
		t.Errorf("Entity(cancelled) = %v; want context.Canceled", err)
	}
	if _, _, err := s.Counts(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Counts(cancelled) = %v; want context.Canceled", err)
	}
	n := 0
	for _, err := range s.Entities(ctx, tideline.EntityFilter{}) {
		n++
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Entities(cancelled) = %v; want context.Canceled", err)
		}
	}
	if n != 1 {
		t.Errorf("Entities(cancelled) yielded %d items; want the one error", n)
	}
}

func TestEntitiesInvalidSchema(t *testing.T) {
	s, ctx, _ := ncaAnalyst(t)
	for _, f := range []tideline.EntityFilter{{Schemata: []string{"Spaceship"}, IDs: []string{"t-karimi"}}, {Schemata: []string{"Spaceship"}}} {
		n := 0
		for _, err := range s.Entities(ctx, f) {
			n++
			if tideline.ErrorCode(err) != tideline.EINVALID || !strings.Contains(tideline.ErrorMessage(err), "Spaceship") {
				t.Errorf("Entities(%+v) = %v; want EINVALID naming it", f, err)
			}
		}
		if n != 1 {
			t.Errorf("Entities(%+v) yielded %d items; want the one error", f, n)
		}
	}
	var got []string
	for e, err := range s.Entities(ctx, tideline.EntityFilter{Schemata: []string{"LegalEntity"}}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, e.ID)
	}
	if strings.Join(got, " ") != "k-said m-ali-1 t-karimi" {
		t.Errorf("Entities(LegalEntity) = %q; want the visible people", got)
	}
}

// Principals read while permissions change and records load; run with
// -race.
func TestConcurrent(t *testing.T) {
	db := openFixture(t)
	acc := newFakeAccess()
	check(t, acc.SetOwner(context.Background(), target, "NCA"))
	s := access.NewResolving(db, acc)
	sys := access.System(context.Background())
	done := make(chan error, 4)
	for i := range 3 {
		go func() {
			ctx := as(principal(int64(i), "NCA", nil, tideline.Roles[i]))
			for range 20 {
				if n, _, err := s.Counts(ctx); err != nil || n != 14 && n != 20 {
					done <- errors.Join(err, errors.New("unexpected count"))
					return
				}
			}
			done <- nil
		}()
	}
	go func() {
		for i := range 20 {
			s.Invalidate()
			if _, err := s.WriteStatements(sys, ent(hidden, "h-extra", "Person", "name", string(rune('A'+i)))); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
