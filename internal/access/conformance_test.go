package access_test

import (
	"context"
	"iter"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/access"
	"github.com/tideline-oss/tideline/internal/sqlite"
	"github.com/tideline-oss/tideline/internal/storetest"
)

// asPrincipal runs the store conformance suites, which call with a bare
// context, through a Store as one principal of agency NCA: every dataset
// the suite writes is first given to NCA (as an administrator would), so
// the principal sees the whole store and must get exactly what the
// wrapped store gives. What a resolution run or an analyst's review does
// in the suite (canonical ids, judgements on ids never loaded, the queue,
// models) goes as System; reads of canonical ids go as the principal.
type asPrincipal struct {
	s       *access.ResolvingStore
	acc     *fakeAccess
	p       *tideline.Principal
	sysLoad bool // load as System (the principal may not load)
}

var _ storetest.ResolvingStore = (*asPrincipal)(nil)

func (a *asPrincipal) as(ctx context.Context) context.Context {
	return tideline.NewContextWithPrincipal(ctx, a.p)
}

func (a *asPrincipal) own(datasets ...string) {
	for _, d := range datasets {
		a.acc.SetOwner(context.Background(), d, "NCA")
	}
	a.s.Invalidate()
}

func (a *asPrincipal) loader(ctx context.Context) context.Context {
	if a.sysLoad {
		return access.System(ctx)
	}
	return a.as(ctx)
}

func (a *asPrincipal) WriteStatements(ctx context.Context, stmts []tideline.Statement) (int, error) {
	for _, st := range stmts {
		a.own(st.Dataset)
	}
	// The suite files some statements under canonical ids of its own
	// choosing, which only the system may do.
	for _, st := range stmts {
		if st.CanonicalID != "" && st.CanonicalID != st.EntityID {
			return a.s.WriteStatements(access.System(ctx), stmts)
		}
	}
	return a.s.WriteStatements(a.loader(ctx), stmts)
}

func (a *asPrincipal) PutDataset(ctx context.Context, d tideline.Dataset) error {
	a.own(d.Name)
	return a.s.PutDataset(a.loader(ctx), d)
}

func (a *asPrincipal) Datasets(ctx context.Context) ([]tideline.DatasetStats, error) {
	return a.s.Datasets(a.as(ctx))
}

func (a *asPrincipal) Entity(ctx context.Context, id string) (*tideline.Entity, error) {
	return a.s.Entity(a.as(ctx), id)
}

func (a *asPrincipal) EntityStatements(ctx context.Context, id string) ([]tideline.Statement, error) {
	return a.s.EntityStatements(a.as(ctx), id)
}

func (a *asPrincipal) Entities(ctx context.Context, f tideline.EntityFilter) iter.Seq2[*tideline.Entity, error] {
	return a.s.Entities(a.as(ctx), f)
}

func (a *asPrincipal) Statements(ctx context.Context, f tideline.EntityFilter) iter.Seq2[*tideline.Statement, error] {
	return a.s.Statements(a.as(ctx), f)
}

func (a *asPrincipal) Counts(ctx context.Context) (int, int, error) { return a.s.Counts(a.as(ctx)) }

func (a *asPrincipal) Close() error { return a.s.Close() }

func (a *asPrincipal) SetCanonicals(ctx context.Context, m []tideline.Canonical) (int, error) {
	return a.s.SetCanonicals(access.System(ctx), m)
}

func (a *asPrincipal) Canonicals(ctx context.Context) iter.Seq2[tideline.Canonical, error] {
	return a.s.Canonicals(a.as(ctx))
}

func (a *asPrincipal) CanonicalOf(ctx context.Context, id string) (string, error) {
	return a.s.CanonicalOf(a.as(ctx), id)
}

func (a *asPrincipal) AddJudgement(ctx context.Context, j tideline.Judgement) (tideline.Judgement, error) {
	return a.s.AddJudgement(access.System(ctx), j)
}

func (a *asPrincipal) UndoJudgement(ctx context.Context, id int64, user string, at time.Time) (tideline.Judgement, error) {
	return a.s.UndoJudgement(access.System(ctx), id, user, at)
}

func (a *asPrincipal) Judgements(ctx context.Context, f tideline.JudgementFilter) ([]tideline.Judgement, error) {
	return a.s.Judgements(access.System(ctx), f)
}

func (a *asPrincipal) ReplaceReview(ctx context.Context, items []tideline.ReviewItem) error {
	return a.s.ReplaceReview(access.System(ctx), items)
}

func (a *asPrincipal) Review(ctx context.Context, limit int) ([]tideline.ReviewItem, error) {
	return a.s.Review(access.System(ctx), limit)
}

func (a *asPrincipal) PutModel(ctx context.Context, name string, data []byte) error {
	return a.s.PutModel(access.System(ctx), name, data)
}

func (a *asPrincipal) Model(ctx context.Context, name string) ([]byte, error) {
	return a.s.Model(access.System(ctx), name)
}

func openAs(t *testing.T, p *tideline.Principal, sysLoad bool) *asPrincipal {
	db, err := sqlite.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	acc := newFakeAccess()
	return &asPrincipal{s: access.NewResolving(db, acc), acc: acc, p: p, sysLoad: sysLoad}
}

// A principal who sees every dataset, loading itself (an investigator, who
// may also see victims) or not (an analyst, who may not), gets what the
// wrapped store gives.
func TestConformance(t *testing.T) {
	for _, tt := range []struct {
		name    string
		p       *tideline.Principal
		sysLoad bool
	}{
		{"investigator", principal(1, "NCA", nil, tideline.RoleInvestigator), false},
		{"analyst", principal(2, "NCA", nil, tideline.RoleAnalyst), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T) tideline.Store { return openAs(t, tt.p, tt.sysLoad) })
			storetest.RunResolution(t, func(t *testing.T) storetest.ResolvingStore { return openAs(t, tt.p, tt.sysLoad) })
		})
	}
}
