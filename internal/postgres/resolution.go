package postgres

import (
	"context"
	"errors"
	"iter"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tideline-oss/tideline"
)

var _ tideline.ResolutionStore = (*DB)(nil)

// SetCanonicals implements tideline.ResolutionStore: in transactions of
// 5,000 entities, each changed entity's statements are updated through the
// entity_id index and its resolution row upserted (or deleted when it is
// its own again).
func (db *DB) SetCanonicals(ctx context.Context, mapping []tideline.Canonical) (int, error) {
	if err := tideline.ValidateCanonicals(mapping); err != nil {
		return 0, err
	}
	changed := 0
	const per = 5000
	for start := 0; start < len(mapping); start += per {
		tx, err := db.pool.Begin(ctx)
		if err != nil {
			return changed, formatError(ctx, err)
		}
		n := 0
		for _, c := range mapping[start:min(start+per, len(mapping))] {
			target := c.CanonicalID
			if target == "" {
				target = c.EntityID
			}
			tag, err := tx.Exec(ctx, `UPDATE statement SET canonical_id = $1 WHERE entity_id = $2 AND canonical_id <> $1`, target, c.EntityID)
			if err != nil {
				tx.Rollback(ctx)
				return changed, formatError(ctx, err)
			}
			var res pgconnTag
			if target == c.EntityID {
				res, err = tx.Exec(ctx, `DELETE FROM resolution WHERE entity_id = $1`, c.EntityID)
			} else {
				res, err = tx.Exec(ctx, `INSERT INTO resolution (entity_id, canonical_id) VALUES ($1, $2)
					ON CONFLICT (entity_id) DO UPDATE SET canonical_id = excluded.canonical_id
					WHERE resolution.canonical_id <> excluded.canonical_id`, c.EntityID, target)
			}
			if err != nil {
				tx.Rollback(ctx)
				return changed, formatError(ctx, err)
			}
			if tag.RowsAffected() > 0 || res.RowsAffected() > 0 {
				n++
			}
		}
		if err := tx.Commit(ctx); err != nil {
			return changed, formatError(ctx, err)
		}
		changed += n
	}
	return changed, nil
}

// pgconnTag is the command tag pgx returns from Exec.
type pgconnTag = interface{ RowsAffected() int64 }

// Canonicals implements tideline.ResolutionStore.
func (db *DB) Canonicals(ctx context.Context) iter.Seq2[tideline.Canonical, error] {
	return func(yield func(tideline.Canonical, error) bool) {
		rows, err := db.pool.Query(ctx, `SELECT entity_id, canonical_id FROM resolution ORDER BY entity_id`)
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
	err := db.pool.QueryRow(ctx, `SELECT canonical_id FROM resolution WHERE entity_id = $1`, id).Scan(&c)
	if errors.Is(err, pgx.ErrNoRows) {
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
	j.At = j.At.UTC().Truncate(time.Microsecond)
	j.UndoneAt, j.UndoneBy = time.Time{}, ""
	err := db.pool.QueryRow(ctx, `INSERT INTO judgement (a, b, verdict, "user", reason, at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		j.A, j.B, string(j.Verdict), j.User, j.Reason, j.At).Scan(&j.ID)
	return j, formatError(ctx, err)
}

const judgementCols = `id, a, b, verdict, "user", reason, at, undone_at, undone_by`

func scanJudgement(r pgx.Row) (tideline.Judgement, error) {
	var j tideline.Judgement
	var verdict string
	var undone *time.Time
	err := r.Scan(&j.ID, &j.A, &j.B, &verdict, &j.User, &j.Reason, &j.At, &undone, &j.UndoneBy)
	j.Verdict, j.At = tideline.Verdict(verdict), j.At.UTC()
	if undone != nil {
		j.UndoneAt = undone.UTC()
	}
	return j, err
}

// UndoJudgement implements tideline.ResolutionStore.
func (db *DB) UndoJudgement(ctx context.Context, id int64, user string, at time.Time) (tideline.Judgement, error) {
	if at.IsZero() {
		at = db.Now()
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return tideline.Judgement{}, formatError(ctx, err)
	}
	defer tx.Rollback(ctx)
	j, err := scanJudgement(tx.QueryRow(ctx, `SELECT `+judgementCols+` FROM judgement WHERE id = $1 FOR UPDATE`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return j, tideline.Errorf(tideline.ENOTFOUND, "judgement %d not found", id)
	}
	if err != nil {
		return j, formatError(ctx, err)
	}
	if !j.InForce() {
		return j, tideline.Errorf(tideline.ECONFLICT, "judgement %d was already undone by %s at %s", id, j.UndoneBy, j.UndoneAt.Format(time.RFC3339))
	}
	j.UndoneAt, j.UndoneBy = at.UTC().Truncate(time.Microsecond), user
	if _, err := tx.Exec(ctx, `UPDATE judgement SET undone_at = $1, undone_by = $2 WHERE id = $3`, j.UndoneAt, user, id); err != nil {
		return j, formatError(ctx, err)
	}
	return j, formatError(ctx, tx.Commit(ctx))
}

// Judgements implements tideline.ResolutionStore.
func (db *DB) Judgements(ctx context.Context, f tideline.JudgementFilter) ([]tideline.Judgement, error) {
	q, args := `SELECT `+judgementCols+` FROM judgement WHERE true`, []any{}
	if f.EntityID != "" {
		args = append(args, f.EntityID)
		q += ` AND (a = $1 OR b = $1)`
	}
	if f.InForce {
		q += ` AND undone_at IS NULL`
	}
	rows, err := db.pool.Query(ctx, q+` ORDER BY id`, args...)
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
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return formatError(ctx, err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `DELETE FROM review`); err != nil {
		return formatError(ctx, err)
	}
	rows := make([][]any, len(items))
	for i, it := range items {
		rows[i] = []any{i, it.A, it.B, it.Probability, it.Weight, it.Note}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"review"}, []string{"pos", "a", "b", "probability", "weight", "note"}, pgx.CopyFromRows(rows)); err != nil {
		return formatError(ctx, err)
	}
	return formatError(ctx, tx.Commit(ctx))
}

// Review implements tideline.ResolutionStore.
func (db *DB) Review(ctx context.Context, limit int) ([]tideline.ReviewItem, error) {
	q := `SELECT a, b, probability, weight, note FROM review ORDER BY pos`
	var args []any
	if limit > 0 {
		q += ` LIMIT $1`
		args = append(args, limit)
	}
	rows, err := db.pool.Query(ctx, q, args...)
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
	_, err := db.pool.Exec(ctx, `INSERT INTO resolver_model (name, data, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`, name, data, db.Now().UTC())
	return formatError(ctx, err)
}

// Model implements tideline.ResolutionStore.
func (db *DB) Model(ctx context.Context, name string) ([]byte, error) {
	var data []byte
	err := db.pool.QueryRow(ctx, `SELECT data FROM resolver_model WHERE name = $1`, name).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, tideline.Errorf(tideline.ENOTFOUND, "no resolution model %q", name)
	}
	return data, formatError(ctx, err)
}
