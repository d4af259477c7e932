package access

import (
	"context"
	"iter"
	"slices"
	"time"

	"github.com/tideline-oss/tideline"
)

var _ tideline.ResolutionStore = (*ResolvingStore)(nil)

// ResolvingStore is a Store over a store that keeps entity resolution, and
// a tideline.ResolutionStore itself: resolution's reads show only the
// entities the principal in the context sees (by the ids it sees them
// under, see the package documentation), judging needs PermJudge, and what
// a resolution run writes is for System contexts only.
type ResolvingStore struct {
	*Store
	rs tideline.ResolutionStore
}

// NewResolving wraps inner as New does, with inner's resolution methods
// wrapped too.
func NewResolving(inner interface {
	tideline.Store
	tideline.ResolutionStore
}, acc tideline.AccessStore) *ResolvingStore {
	return &ResolvingStore{Store: New(inner, acc), rs: inner}
}

// membersPerRead is how many canonical ids one read of members asks for.
const membersPerRead = 500

// members returns, for each entity id of canon (entity id → the canonical
// id it is stored under) that the principal sees, the id its entity is
// shown under. Reads the statements of the distinct canonical ids, in
// batches of membersPerRead, one read after another.
func (s *Store) members(ctx context.Context, vis *tideline.Visibility, canon map[string]string) (map[string]string, error) {
	shown := map[string]string{}
	sel, err := s.selection(vis, tideline.EntityFilter{})
	if err != nil || len(sel.list) == 0 || len(canon) == 0 {
		return shown, err
	}
	var cs []string
	seen := map[string]bool{}
	for _, c := range canon {
		if !seen[c] {
			seen[c] = true
			cs = append(cs, c)
		}
	}
	slices.Sort(cs)
	byPair := map[[2]string]string{} // canonical id, entity id -> id shown
	for start := 0; start < len(cs); start += membersPerRead {
		for g, err := range groups(s.inner.Statements(ctx, tideline.EntityFilter{IDs: cs[start:min(start+membersPerRead, len(cs))]})) {
			if err != nil {
				return nil, err
			}
			vw, out := sel.present(g, true, flags{})
			if out != show {
				continue
			}
			for _, st := range vw.stmts {
				byPair[[2]string{vw.canonical, st.EntityID}] = vw.id
			}
		}
	}
	for id, c := range canon {
		if v, ok := byPair[[2]string{c, id}]; ok {
			shown[id] = v
		}
	}
	return shown, nil
}

// visibleIDs is members for entity ids as loaded: each id's canonical id
// comes from the wrapped store. One CanonicalOf per distinct id.
func (r *ResolvingStore) visibleIDs(ctx context.Context, vis *tideline.Visibility, ids []string) (map[string]string, error) {
	canon := map[string]string{}
	for _, id := range ids {
		if _, ok := canon[id]; ok {
			continue
		}
		c, err := r.rs.CanonicalOf(ctx, id)
		if err != nil {
			return nil, err
		}
		canon[id] = c
	}
	return r.members(ctx, vis, canon)
}

// SetCanonicals is for System contexts only (EUNAUTHORIZED for a
// principal); it drops the list of flagged people, whose canonical ids may
// have changed.
func (r *ResolvingStore) SetCanonicals(ctx context.Context, mapping []tideline.Canonical) (int, error) {
	if err := r.systemOnly(ctx, "setting canonical ids"); err != nil {
		return 0, err
	}
	n, err := r.rs.SetCanonicals(ctx, mapping)
	r.dropVictims()
	return n, err
}

// Canonicals streams, in entity id order, the entities the principal sees
// whose entity is shown under another id, with that id. It holds the
// wrapped store's whole mapping in memory, then reads the statements of
// the merged entities: O(merged entities) memory and reads.
func (r *ResolvingStore) Canonicals(ctx context.Context) iter.Seq2[tideline.Canonical, error] {
	return func(yield func(tideline.Canonical, error) bool) {
		c, err := r.caller(ctx)
		if err != nil {
			yield(tideline.Canonical{}, err)
			return
		}
		if c.system {
			for m, err := range r.rs.Canonicals(ctx) {
				if !yield(m, err) {
					return
				}
			}
			return
		}
		var pairs []tideline.Canonical
		canon := map[string]string{}
		for m, err := range r.rs.Canonicals(ctx) {
			if err != nil {
				yield(tideline.Canonical{}, err)
				return
			}
			pairs = append(pairs, m)
			canon[m.EntityID] = m.CanonicalID
		}
		shown, err := r.members(ctx, &c.g.vis, canon)
		if err != nil {
			yield(tideline.Canonical{}, err)
			return
		}
		for _, m := range pairs {
			if v, ok := shown[m.EntityID]; ok && v != m.EntityID {
				if !yield(tideline.Canonical{EntityID: m.EntityID, CanonicalID: v}, nil) {
					return
				}
			}
		}
	}
}

// CanonicalOf returns the id under which the principal sees the entity
// that entityID belongs to; entityID itself when it has not been merged or
// the principal does not see it (as for an id never loaded).
func (r *ResolvingStore) CanonicalOf(ctx context.Context, entityID string) (string, error) {
	c, err := r.caller(ctx)
	if err != nil {
		return "", err
	}
	cid, err := r.rs.CanonicalOf(ctx, entityID)
	if c.system || err != nil || cid == entityID {
		return cid, err
	}
	shown, err := r.members(ctx, &c.g.vis, map[string]string{entityID: cid})
	if err != nil {
		return "", err
	}
	if v, ok := shown[entityID]; ok {
		return v, nil
	}
	return entityID, nil
}

// judge checks that the principal may record judgements under user and
// returns the login to record them under.
func (c *caller) judge(user string) (string, error) {
	if !c.p.Can(tideline.PermJudge) {
		return "", tideline.Errorf(tideline.EUNAUTHORIZED, "judging entities needs the %s permission, which your roles do not grant", tideline.PermJudge)
	}
	if user != "" && user != c.p.User.Login {
		return "", tideline.Errorf(tideline.EUNAUTHORIZED, "judgements are recorded under your own login (%s), not %q", c.p.User.Login, user)
	}
	return c.p.User.Login, nil
}

// AddJudgement records j for a principal with PermJudge when it sees both
// entities. j.User is the principal's login (set when empty). Errors:
// EUNAUTHORIZED without PermJudge or for another user's name; EINVALID as
// j.Validate; ENOTFOUND ("entity ID not found") for an entity the
// principal does not see.
func (r *ResolvingStore) AddJudgement(ctx context.Context, j tideline.Judgement) (tideline.Judgement, error) {
	c, err := r.caller(ctx)
	if err != nil {
		return j, err
	}
	if c.system {
		return r.rs.AddJudgement(ctx, j)
	}
	if j.User, err = c.judge(j.User); err != nil {
		return j, err
	}
	if err := j.Validate(); err != nil {
		return j, err
	}
	shown, err := r.visibleIDs(ctx, &c.g.vis, []string{j.A, j.B})
	if err != nil {
		return j, err
	}
	for _, id := range []string{j.A, j.B} {
		if _, ok := shown[id]; !ok {
			return j, notFound(id)
		}
	}
	return r.rs.AddJudgement(ctx, j)
}

// UndoJudgement marks judgement id undone, for a principal with PermJudge
// who sees both its entities; user is the principal's login (or empty).
// ENOTFOUND ("judgement ID not found") when it does not exist or the
// principal does not see it; other errors as AddJudgement and the wrapped
// store's. Reads every judgement to find it.
func (r *ResolvingStore) UndoJudgement(ctx context.Context, id int64, user string, at time.Time) (tideline.Judgement, error) {
	c, err := r.caller(ctx)
	if err != nil {
		return tideline.Judgement{}, err
	}
	if c.system {
		return r.rs.UndoJudgement(ctx, id, user, at)
	}
	if user, err = c.judge(user); err != nil {
		return tideline.Judgement{}, err
	}
	all, err := r.rs.Judgements(ctx, tideline.JudgementFilter{})
	if err != nil {
		return tideline.Judgement{}, err
	}
	i := slices.IndexFunc(all, func(j tideline.Judgement) bool { return j.ID == id })
	missing := tideline.Errorf(tideline.ENOTFOUND, "judgement %d not found", id)
	if i < 0 {
		return tideline.Judgement{}, missing
	}
	shown, err := r.visibleIDs(ctx, &c.g.vis, []string{all[i].A, all[i].B})
	if err != nil {
		return tideline.Judgement{}, err
	}
	if _, ok := shown[all[i].A]; !ok {
		return tideline.Judgement{}, missing
	}
	if _, ok := shown[all[i].B]; !ok {
		return tideline.Judgement{}, missing
	}
	return r.rs.UndoJudgement(ctx, id, user, at)
}

// Judgements lists the judgements matching f on two entities the principal
// sees, oldest first; none when f.EntityID is an entity it does not see.
func (r *ResolvingStore) Judgements(ctx context.Context, f tideline.JudgementFilter) ([]tideline.Judgement, error) {
	c, err := r.caller(ctx)
	if err != nil {
		return nil, err
	}
	if c.system {
		return r.rs.Judgements(ctx, f)
	}
	if f.EntityID != "" {
		shown, err := r.visibleIDs(ctx, &c.g.vis, []string{f.EntityID})
		if err != nil {
			return nil, err
		}
		if _, ok := shown[f.EntityID]; !ok {
			return nil, nil
		}
	}
	all, err := r.rs.Judgements(ctx, f)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, j := range all {
		ids = append(ids, j.A, j.B)
	}
	shown, err := r.visibleIDs(ctx, &c.g.vis, ids)
	if err != nil {
		return nil, err
	}
	var out []tideline.Judgement
	for _, j := range all {
		_, a := shown[j.A]
		_, b := shown[j.B]
		if a && b {
			out = append(out, j)
		}
	}
	return out, nil
}

// ReplaceReview is for System contexts only (EUNAUTHORIZED for a
// principal).
func (r *ResolvingStore) ReplaceReview(ctx context.Context, items []tideline.ReviewItem) error {
	if err := r.systemOnly(ctx, "replacing the review queue"); err != nil {
		return err
	}
	return r.rs.ReplaceReview(ctx, items)
}

// Review returns the first limit items of the review queue (all when
// limit <= 0) whose two entities the principal sees. Reads the whole
// queue.
func (r *ResolvingStore) Review(ctx context.Context, limit int) ([]tideline.ReviewItem, error) {
	c, err := r.caller(ctx)
	if err != nil {
		return nil, err
	}
	if c.system {
		return r.rs.Review(ctx, limit)
	}
	all, err := r.rs.Review(ctx, 0)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, it := range all {
		ids = append(ids, it.A, it.B)
	}
	shown, err := r.visibleIDs(ctx, &c.g.vis, ids)
	if err != nil {
		return nil, err
	}
	var out []tideline.ReviewItem
	for _, it := range all {
		_, a := shown[it.A]
		_, b := shown[it.B]
		if a && b {
			out = append(out, it)
			if limit > 0 && len(out) == limit {
				break
			}
		}
	}
	return out, nil
}

// PutModel is for System contexts only (EUNAUTHORIZED for a principal).
func (r *ResolvingStore) PutModel(ctx context.Context, name string, data []byte) error {
	if err := r.systemOnly(ctx, "storing a resolution model"); err != nil {
		return err
	}
	return r.rs.PutModel(ctx, name, data)
}

// Model returns a trained model to System contexts only: its term
// frequencies hold values (names, dates, numbers) of every dataset and its
// statistics count the records of all of them, so no principal may read
// it (EUNAUTHORIZED).
func (r *ResolvingStore) Model(ctx context.Context, name string) ([]byte, error) {
	if err := r.systemOnly(ctx, "reading a resolution model (it holds values of every dataset)"); err != nil {
		return nil, err
	}
	return r.rs.Model(ctx, name)
}

// systemOnly refuses what to anyone but the system, without reading the
// access store.
func (s *Store) systemOnly(ctx context.Context, what string) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	switch {
	case IsSystem(ctx):
		return nil
	case tideline.PrincipalFromContext(ctx) == nil:
		return errSignIn
	}
	return tideline.Errorf(tideline.EUNAUTHORIZED, "%s is for the resolution job only", what)
}
