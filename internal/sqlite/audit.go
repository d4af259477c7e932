package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"iter"

	"github.com/tideline-oss/tideline"
)

var _ tideline.AuditLog = (*DB)(nil)

// checkAudit reports EINVALID for a record the trail must not take: the
// user and action are required, and every field must be valid UTF-8
// without NUL, within its length in bytes (the object is indexed, and
// PostgreSQL's index entries hold at most about 2.7 kB: both stores take
// the same records).
func checkAudit(r tideline.AuditRecord) error {
	if r.User == "" {
		return tideline.Errorf(tideline.EINVALID, "audit record: user required")
	}
	if r.Action == "" {
		return tideline.Errorf(tideline.EINVALID, "audit record: action required")
	}
	for _, f := range []struct {
		name, v string
		max     int
	}{
		{"user", r.User, 256}, {"agency", r.Agency, 256}, {"action", r.Action, 64},
		{"object", r.Object, 1024}, {"purpose", r.Purpose, 4096}, {"detail", r.Detail, 16384},
	} {
		if !validText(f.v, f.max) {
			return tideline.Errorf(tideline.EINVALID, "audit record: the %s must be valid UTF-8 of at most %d bytes without NUL", f.name, f.max)
		}
	}
	return nil
}

// AppendAudit implements tideline.AuditLog. The record is numbered and
// chained inside one immediate transaction on the single writer
// connection, which also holds SQLite's write lock against other
// processes, so concurrent appends chain in order. At is set to now when
// zero and is kept in UTC at millisecond precision (what AuditHash covers);
// the caller's Seq, Prev and Hash are replaced. EINVALID without a user or
// an action, or for text that is not valid UTF-8, holds NUL, or is too
// long (object 1024 bytes, purpose 4096, detail 16384).
func (db *DB) AppendAudit(ctx context.Context, r tideline.AuditRecord) (tideline.AuditRecord, error) {
	if err := checkAudit(r); err != nil {
		return r, err
	}
	r.At = orNow(r.At, db.now())
	tx, err := db.wdb.BeginTx(ctx, nil)
	if err != nil {
		return r, formatError(ctx, err)
	}
	defer tx.Rollback()
	var last int64
	var prev string
	err = tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&last, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return r, formatError(ctx, err)
	}
	r.Seq, r.Prev = last+1, prev
	r.Hash = tideline.AuditHash(&r)
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit (seq, at, user, agency, action, object, purpose, detail, prev, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.Seq, ms(r.At), r.User, r.Agency, r.Action, r.Object, r.Purpose, r.Detail, r.Prev, r.Hash); err != nil {
		return r, formatError(ctx, err)
	}
	if err := tx.Commit(); err != nil {
		return r, formatError(ctx, err)
	}
	db.kickCheckpoint()
	return r, nil
}

// AuditRecords implements tideline.AuditLog. User and Object filters use
// the indexes on (user, seq) and (object, seq); the rest scan in Seq
// order. Memory is O(1) in the trail's length.
func (db *DB) AuditRecords(ctx context.Context, f tideline.AuditFilter) iter.Seq2[tideline.AuditRecord, error] {
	return func(yield func(tideline.AuditRecord, error) bool) {
		q := `SELECT seq, at, user, agency, action, object, purpose, detail, prev, hash FROM audit WHERE 1 = 1`
		var args []any
		for _, c := range []struct {
			cond string
			v    string
		}{{` AND user = ?`, f.User}, {` AND object = ?`, f.Object}, {` AND action = ?`, f.Action}} {
			if c.v != "" {
				q += c.cond
				args = append(args, c.v)
			}
		}
		if !f.From.IsZero() {
			q += ` AND at >= ?`
			args = append(args, ceilMS(f.From))
		}
		if !f.To.IsZero() {
			q += ` AND at < ?`
			args = append(args, ceilMS(f.To))
		}
		rows, err := db.rdb.QueryContext(ctx, q+` ORDER BY seq`, args...)
		if err != nil {
			yield(tideline.AuditRecord{}, formatError(ctx, err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			var r tideline.AuditRecord
			var at int64
			if err := rows.Scan(&r.Seq, &at, &r.User, &r.Agency, &r.Action, &r.Object, &r.Purpose, &r.Detail, &r.Prev, &r.Hash); err != nil {
				yield(r, formatError(ctx, err))
				return
			}
			r.At = fromMS(at)
			if !yield(r, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(tideline.AuditRecord{}, formatError(ctx, err))
		}
	}
}
