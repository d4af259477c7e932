package memstore

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/tideline-oss/tideline"
)

// canonicalsPerLock is how many entries of a mapping SetCanonicals applies
// per hold of the write lock (and between checks of its ctx).
const canonicalsPerLock = 5000

// SetCanonicals implements tideline.ResolutionStore: it sets the canonical
// id of each entity given and moves its statements (those filed under its
// previous canonical id) under the new one; CanonicalID equal to EntityID
// (or "") makes the entity its own again. Later writes of the entity's
// statements go under its canonical id. Returns the number of entities whose
// canonical id changed.
//
// The mapping is applied 5,000 entries at a time under the write lock, as
// the SQLite store applies it in transactions of 5,000: when ctx ends in
// between, the entries applied so far stay and the count of their changes
// is returned with ctx.Err() (wrapped). EINVALID for an empty entity id,
// before anything changes. O(k) per entity of k statements moved, plus the
// size of the group it leaves.
func (s *Store) SetCanonicals(ctx context.Context, mapping []tideline.Canonical) (int, error) {
	if err := tideline.ValidateCanonicals(mapping); err != nil {
		return 0, err
	}
	changed := 0
	var moved []uint32
	for start := 0; start < len(mapping); start += canonicalsPerLock {
		s.mu.Lock()
		if err := s.check(ctx); err != nil {
			s.mu.Unlock()
			return changed, err
		}
		for _, c := range mapping[start:min(start+canonicalsPerLock, len(mapping))] {
			target := c.CanonicalID
			if target == "" {
				target = c.EntityID
			}
			if _, known := s.idNum[c.EntityID]; !known && target == c.EntityID {
				continue // unknown and its own: nothing to do
			}
			e := s.idOf(c.EntityID)
			old, ok := s.canon[e]
			if !ok {
				old = e
			}
			t := s.idOf(target)
			if old == t {
				continue
			}
			moved = s.moveEntity(e, old, t, moved[:0])
			if t == e {
				delete(s.canon, e)
			} else {
				s.canon[e] = t
			}
			changed++
		}
		s.mu.Unlock()
	}
	return changed, nil
}

// moveEntity files entity e's statements that are under canonical id number
// from under to instead, using buf as scratch space, and returns buf.
// Callers hold mu exclusively.
func (s *Store) moveEntity(e, from, to uint32, buf []uint32) []uint32 {
	g := s.groups[from]
	kept := g[:0]
	for _, p := range g {
		if r := s.rec(p); r.entity == e {
			r.canonical = to
			buf = append(buf, p)
		} else {
			kept = append(kept, p)
		}
	}
	if len(buf) == 0 {
		return buf
	}
	if len(kept) == 0 {
		kept = nil
		s.live--
	}
	s.groups[from] = kept
	s.addToGroup(to, buf)
	return buf
}

// Canonicals implements tideline.ResolutionStore: it streams every entity
// whose canonical id is not its own, in byte order of entity ids. The
// mapping is copied and sorted when the stream starts (O(M log M) for M
// merged entities); errors (a cancelled ctx, a closed store) are yielded
// and end the stream.
func (s *Store) Canonicals(ctx context.Context) iter.Seq2[tideline.Canonical, error] {
	return func(yield func(tideline.Canonical, error) bool) {
		if err := s.rlock(ctx); err != nil {
			yield(tideline.Canonical{}, err)
			return
		}
		out := make([]tideline.Canonical, 0, len(s.canon))
		for e, c := range s.canon {
			out = append(out, tideline.Canonical{EntityID: s.ids[e], CanonicalID: s.ids[c]})
		}
		s.mu.RUnlock()
		slices.SortFunc(out, func(a, b tideline.Canonical) int { return strings.Compare(a.EntityID, b.EntityID) })
		for _, c := range out {
			if err := ctx.Err(); err != nil {
				yield(tideline.Canonical{}, fmt.Errorf("memstore: %w", err))
				return
			}
			if !yield(c, nil) {
				return
			}
		}
	}
}

// CanonicalOf implements tideline.ResolutionStore: the canonical id of
// entityID, its own when it has not been merged. O(len(entityID)).
func (s *Store) CanonicalOf(ctx context.Context, entityID string) (string, error) {
	if err := s.rlock(ctx); err != nil {
		return "", err
	}
	defer s.mu.RUnlock()
	if n, ok := s.idNum[entityID]; ok {
		if c, ok := s.canon[n]; ok {
			return s.ids[c], nil
		}
	}
	return entityID, nil
}

// AddJudgement implements tideline.ResolutionStore. EINVALID when
// j.Validate fails. IDs count from 1; a zero At is set to s.Now(). Times
// are kept to the microsecond, in UTC.
func (s *Store) AddJudgement(ctx context.Context, j tideline.Judgement) (tideline.Judgement, error) {
	if err := j.Validate(); err != nil {
		return j, err
	}
	if j.At.IsZero() {
		j.At = s.Now()
	}
	j.At = j.At.UTC().Truncate(time.Microsecond)
	j.UndoneAt, j.UndoneBy = time.Time{}, ""
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return j, err
	}
	j.ID = int64(len(s.judgements)) + 1
	s.judgements = append(s.judgements, j)
	return j, nil
}

// UndoJudgement implements tideline.ResolutionStore: ENOTFOUND when there
// is no judgement id; ECONFLICT when it is already undone. A zero at is
// set to s.Now().
func (s *Store) UndoJudgement(ctx context.Context, id int64, user string, at time.Time) (tideline.Judgement, error) {
	if at.IsZero() {
		at = s.Now()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return tideline.Judgement{}, err
	}
	if id < 1 || id > int64(len(s.judgements)) {
		return tideline.Judgement{}, tideline.Errorf(tideline.ENOTFOUND, "judgement %d not found", id)
	}
	j := &s.judgements[id-1]
	if !j.InForce() {
		return *j, tideline.Errorf(tideline.ECONFLICT, "judgement %d was already undone by %s at %s", id, j.UndoneBy, j.UndoneAt.Format(time.RFC3339))
	}
	j.UndoneAt, j.UndoneBy = at.UTC().Truncate(time.Microsecond), user
	return *j, nil
}

// Judgements implements tideline.ResolutionStore: the judgements that match
// f, oldest first (nil when none). O(J).
func (s *Store) Judgements(ctx context.Context, f tideline.JudgementFilter) ([]tideline.Judgement, error) {
	if err := s.rlock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	var out []tideline.Judgement
	for _, j := range s.judgements {
		if f.EntityID != "" && j.A != f.EntityID && j.B != f.EntityID {
			continue
		}
		if f.InForce && !j.InForce() {
			continue
		}
		out = append(out, j)
	}
	return out, nil
}

// ReplaceReview implements tideline.ResolutionStore; items is copied.
func (s *Store) ReplaceReview(ctx context.Context, items []tideline.ReviewItem) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return err
	}
	s.review = slices.Clone(items)
	return nil
}

// Review implements tideline.ResolutionStore: a copy of the first limit
// items of the review queue (all when limit <= 0; nil when it is empty).
func (s *Store) Review(ctx context.Context, limit int) ([]tideline.ReviewItem, error) {
	if err := s.rlock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	items := s.review
	if limit > 0 && limit < len(items) {
		items = items[:limit]
	}
	if len(items) == 0 {
		return nil, nil
	}
	return slices.Clone(items), nil
}

// PutModel implements tideline.ResolutionStore; data is copied. EINVALID
// for an empty name.
func (s *Store) PutModel(ctx context.Context, name string, data []byte) error {
	if name == "" {
		return tideline.Errorf(tideline.EINVALID, "model name required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return err
	}
	s.models[name] = append([]byte{}, data...)
	return nil
}

// Model implements tideline.ResolutionStore: a copy of the model stored
// under name; ENOTFOUND when none is.
func (s *Store) Model(ctx context.Context, name string) ([]byte, error) {
	if err := s.rlock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	data, ok := s.models[name]
	if !ok {
		return nil, tideline.Errorf(tideline.ENOTFOUND, "no resolution model %q", name)
	}
	return append([]byte{}, data...), nil
}
