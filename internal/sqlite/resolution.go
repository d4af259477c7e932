package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"iter"
	"slices"
	"time"

	"github.com/tideline-oss/tideline"
)

var _ tideline.ResolutionStore = (*DB)(nil)

// canonicals returns the entity → canonical id mapping, loading it from
// the resolution table on first use. It is kept in memory for the writer
// (WriteStatements files statements under their canonical id) and updated
// by SetCanonicals. Callers hold canonMu.
func (db *DB) canonicals(ctx context.Context) (map[string]string, error) {
	if db.canon != nil {
		return db.canon, nil
	}
	m := map[string]string{}
	rows, err := db.wdb.QueryContext(ctx, `SELECT entity_id, canonical_id FROM resolution`)
	if err != nil {
		return nil, formatError(ctx, err)
	}
	defer rows.Close()
	for rows.Next() {
		var e, c string
		if err := rows.Scan(&e, &c); err != nil {
			return nil, formatError(ctx, err)
		}
		m[e] = c
	}
	if err := rows.Err(); err != nil {
		return nil, formatError(ctx, err)
	}
	db.canon = m
	return m, nil
}

// SetCanonicals implements tideline.ResolutionStore. Each changed entity's
// rows move with one UPDATE of its primary-key range, in transactions of
// 5,000 entities. O(k log N) for k entities changed.
func (db *DB) SetCanonicals(ctx context.Context, mapping []tideline.Canonical) (int, error) {
	db.canonMu.Lock()
	defer db.canonMu.Unlock()
	cur, err := db.canonicals(ctx)
	if err != nil {
		return 0, err
	}
	if err := tideline.ValidateCanonicals(mapping); err != nil {
		return 0, err
	}
	changed := 0
	const per = 5000
	for start := 0; start < len(mapping); start += per {
		if err := ctx.Err(); err != nil {
			return changed, err
		}
		tx, err := db.wdb.BeginTx(ctx, nil)
		if err != nil {
			return changed, formatError(ctx, err)
		}
		move, err := tx.PrepareContext(ctx, `UPDATE statement SET canonical_id = ?, entity_id = ? WHERE canonical_id = ? AND entity_id = ?`)
		if err != nil {
			tx.Rollback()
			return changed, formatError(ctx, err)
		}
		var done []tideline.Canonical
		for _, c := range mapping[start:min(start+per, len(mapping))] {
			target := c.CanonicalID
			if target == "" {
				target = c.EntityID
			}
			old, ok := cur[c.EntityID]
			if !ok {
				old = c.EntityID
			}
			if old == target {
				continue
			}
			stored := func(canonical string) string {
				if canonical == c.EntityID {
					return ""
				}
				return c.EntityID
			}
			if _, err := move.ExecContext(ctx, target, stored(target), old, stored(old)); err != nil {
				move.Close()
				tx.Rollback()
				return changed, formatError(ctx, err)
			}
			if target == c.EntityID {
				_, err = tx.ExecContext(ctx, `DELETE FROM resolution WHERE entity_id = ?`, c.EntityID)
			} else {
				_, err = tx.ExecContext(ctx, `INSERT INTO resolution (entity_id, canonical_id) VALUES (?, ?)
					ON CONFLICT (entity_id) DO UPDATE SET canonical_id = excluded.canonical_id`, c.EntityID, target)
			}
			if err != nil {
				move.Close()
				tx.Rollback()
				return changed, formatError(ctx, err)
			}
			done = append(done, tideline.Canonical{EntityID: c.EntityID, CanonicalID: target})
		}
		move.Close()
		if err := tx.Commit(); err != nil {
			return changed, formatError(ctx, err)
		}
		for _, c := range done {
			if c.CanonicalID == c.EntityID {
				delete(cur, c.EntityID)
			} else {
				cur[c.EntityID] = c.CanonicalID
			}
		}
		changed += len(done)
	}
	db.kickCheckpoint()
	return changed, nil
}

// Canonicals implements tideline.ResolutionStore.
func (db *DB) Canonicals(ctx context.Context) iter.Seq2[tideline.Canonical, error] {
	return func(yield func(tideline.Canonical, error) bool) {
		rows, err := db.rdb.QueryContext(ctx, `SELECT entity_id, canonical_id FROM resolution ORDER BY entity_id`)
		if err != nil {
			yield(tideline.Canonical{}, formatError(ctx, err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			var c tideline.Canonical
			if err := rows.Scan(&c.EntityID, &c.CanonicalID); err != nil {
				yield(c, formatError(ctx, err))
				return
			}
			if !yield(c, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(tideline.Canonical{}, formatError(ctx, err))
		}
	}
}

// CanonicalOf implements tideline.ResolutionStore.
func (db *DB) CanonicalOf(ctx context.Context, id string) (string, error) {
	var c string
	err := db.rdb.QueryRowContext(ctx, `SELECT canonical_id FROM resolution WHERE entity_id = ?`, id).Scan(&c)
	if errors.Is(err, sql.ErrNoRows) {
		return id, nil
	}
	return c, formatError(ctx, err)
}

// AddJudgement implements tideline.ResolutionStore.
func (db *DB) AddJudgement(ctx context.Context, j tideline.Judgement) (tideline.Judgement, error) {
	if err := j.Validate(); err != nil {
		return j, err
	}
	if j.At.IsZero() {
		j.At = db.Now()
	}
	j.At = j.At.UTC().Truncate(time.Millisecond)
	j.UndoneAt, j.UndoneBy = time.Time{}, ""
	err := db.wdb.QueryRowContext(ctx, `INSERT INTO judgement (a, b, verdict, user, reason, at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		j.A, j.B, string(j.Verdict), j.User, j.Reason, ms(j.At)).Scan(&j.ID)
	return j, formatError(ctx, err)
}

// UndoJudgement implements tideline.ResolutionStore.
func (db *DB) UndoJudgement(ctx context.Context, id int64, user string, at time.Time) (tideline.Judgement, error) {
	if at.IsZero() {
		at = db.Now()
	}
	tx, err := db.wdb.BeginTx(ctx, nil)
	if err != nil {
		return tideline.Judgement{}, formatError(ctx, err)
	}
	defer tx.Rollback()
	j, err := scanJudgement(tx.QueryRowContext(ctx, `SELECT `+judgementCols+` FROM judgement WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return j, tideline.Errorf(tideline.ENOTFOUND, "judgement %d not found", id)
	}
	if err != nil {
		return j, formatError(ctx, err)
	}
	if !j.InForce() {
		return j, tideline.Errorf(tideline.ECONFLICT, "judgement %d was already undone by %s at %s", id, j.UndoneBy, j.UndoneAt.Format(time.RFC3339))
	}
	j.UndoneAt, j.UndoneBy = at.UTC().Truncate(time.Millisecond), user
	if _, err := tx.ExecContext(ctx, `UPDATE judgement SET undone_at = ?, undone_by = ? WHERE id = ?`, ms(j.UndoneAt), user, id); err != nil {
		return j, formatError(ctx, err)
	}
	return j, formatError(ctx, tx.Commit())
}

const judgementCols = `id, a, b, verdict, user, reason, at, undone_at, undone_by`

type rowScanner interface{ Scan(dest ...any) error }

func scanJudgement(r rowScanner) (tideline.Judgement, error) {
	var j tideline.Judgement
	var verdict string
	var at, undone int64
	err := r.Scan(&j.ID, &j.A, &j.B, &verdict, &j.User, &j.Reason, &at, &undone, &j.UndoneBy)
	j.Verdict, j.At = tideline.Verdict(verdict), fromMS(at)
	if undone != 0 {
		j.UndoneAt = fromMS(undone)
	}
	return j, err
}

// Judgements implements tideline.ResolutionStore.
func (db *DB) Judgements(ctx context.Context, f tideline.JudgementFilter) ([]tideline.Judgement, error) {
	q, args := `SELECT `+judgementCols+` FROM judgement WHERE 1 = 1`, []any{}
	if f.EntityID != "" {
		q += ` AND (a = ? OR b = ?)`
		args = append(args, f.EntityID, f.EntityID)
	}
	if f.InForce {
		q += ` AND undone_at = 0`
	}
	rows, err := db.rdb.QueryContext(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, formatError(ctx, err)
	}
	defer rows.Close()
	var out []tideline.Judgement
	for rows.Next() {
		j, err := scanJudgement(rows)
		if err != nil {
			return nil, formatError(ctx, err)
		}
		out = append(out, j)
	}
	return out, formatError(ctx, rows.Err())
}

// ReplaceReview implements tideline.ResolutionStore.
func (db *DB) ReplaceReview(ctx context.Context, items []tideline.ReviewItem) error {
	tx, err := db.wdb.BeginTx(ctx, nil)
	if err != nil {
		return formatError(ctx, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM review`); err != nil {
		return formatError(ctx, err)
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO review (pos, a, b, probability, weight, note) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return formatError(ctx, err)
	}
	defer ins.Close()
	for i, it := range items {
		if _, err := ins.ExecContext(ctx, i, it.A, it.B, it.Probability, it.Weight, it.Note); err != nil {
			return formatError(ctx, err)
		}
	}
	return formatError(ctx, tx.Commit())
}

// Review implements tideline.ResolutionStore.
func (db *DB) Review(ctx context.Context, limit int) ([]tideline.ReviewItem, error) {
	q := `SELECT a, b, probability, weight, note FROM review ORDER BY pos`
	var args []any
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := db.rdb.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, formatError(ctx, err)
	}
	defer rows.Close()
	var out []tideline.ReviewItem
	for rows.Next() {
		var it tideline.ReviewItem
		if err := rows.Scan(&it.A, &it.B, &it.Probability, &it.Weight, &it.Note); err != nil {
			return nil, formatError(ctx, err)
		}
		out = append(out, it)
	}
	return out, formatError(ctx, rows.Err())
}

// PutModel implements tideline.ResolutionStore.
func (db *DB) PutModel(ctx context.Context, name string, data []byte) error {
	if name == "" {
		return tideline.Errorf(tideline.EINVALID, "model name required")
	}
	_, err := db.wdb.ExecContext(ctx, `INSERT INTO resolver_model (name, data, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`, name, slices.Clone(data), ms(db.Now()))
	return formatError(ctx, err)
}

// Model implements tideline.ResolutionStore.
func (db *DB) Model(ctx context.Context, name string) ([]byte, error) {
	var data []byte
	err := db.rdb.QueryRowContext(ctx, `SELECT data FROM resolver_model WHERE name = ?`, name).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tideline.Errorf(tideline.ENOTFOUND, "no resolution model %q", name)
	}
	return data, formatError(ctx, err)
}
