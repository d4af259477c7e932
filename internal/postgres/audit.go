package postgres

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/jackc/pgx/v5"

	"github.com/tideline-oss/tideline"
)

var _ tideline.AuditLog = (*DB)(nil)

// auditLock serialises appends to one schema's trail: a transaction-scoped
// advisory lock, which any role may take (LOCK TABLE would need UPDATE or
// DELETE on the table, which the application role should not have).
const auditLock = `SELECT pg_advisory_xact_lock(hashtext('tideline.audit.' || current_schema()))`

// AppendAudit implements tideline.AuditLog. The record is numbered and
// chained in one transaction that holds an advisory lock, so concurrent
// appends from any number of connections or servers chain in order (and
// the primary key on seq refuses a fork should the lock ever be bypassed).
// At is set to now when zero and is kept in UTC at millisecond precision
// (what AuditHash covers); the caller's Seq, Prev and Hash are replaced.
// EINVALID without a user or an action, or for text that is not valid
// UTF-8, holds NUL, or is too long (object 1024 bytes, purpose 4096,
// detail 16384).
func (db *DB) AppendAudit(ctx context.Context, r tideline.AuditRecord) (tideline.AuditRecord, error) {
	if err := checkAudit(r); err != nil {
		return r, err
	}
	r.At = orNow(r.At, db.now())
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return r, formatError(ctx, err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, auditLock); err != nil {
		return r, formatError(ctx, err)
	}
	var last int64
	var prev string
	err = tx.QueryRow(ctx, `SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&last, &prev)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return r, formatError(ctx, err)
	}
	r.Seq, r.Prev = last+1, prev
	r.Hash = tideline.AuditHash(&r)
	if _, err := tx.Exec(ctx, `INSERT INTO audit (seq, at, "user", agency, action, object, purpose, detail, prev, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, r.Seq, r.At, r.User, r.Agency, r.Action, r.Object, r.Purpose, r.Detail, r.Prev, r.Hash); err != nil {
		return r, formatError(ctx, err)
	}
	return r, formatError(ctx, tx.Commit(ctx))
}

// AuditRecords implements tideline.AuditLog. User and Object filters use
// the indexes on (user, seq) and (object, seq); the rest scan in Seq
// order. Rows are streamed: memory is O(1) in the trail's length.
func (db *DB) AuditRecords(ctx context.Context, f tideline.AuditFilter) iter.Seq2[tideline.AuditRecord, error] {
	return func(yield func(tideline.AuditRecord, error) bool) {
		q := `SELECT seq, at, "user", agency, action, object, purpose, detail, prev, hash FROM audit WHERE true`
		var args []any
		add := func(cond string, v any) {
			args = append(args, v)
			q += fmt.Sprintf(cond, len(args))
		}
		if f.User != "" {
			add(` AND "user" = $%d`, f.User)
		}
		if f.Object != "" {
			add(` AND object = $%d`, f.Object)
		}
		if f.Action != "" {
			add(` AND action = $%d`, f.Action)
		}
		if !f.From.IsZero() {
			add(` AND at >= $%d`, ceilMS(f.From))
		}
		if !f.To.IsZero() {
			add(` AND at < $%d`, ceilMS(f.To))
		}
		rows, err := db.pool.Query(ctx, q+` ORDER BY seq`, args...)
		if err != nil {
			yield(tideline.AuditRecord{}, formatError(ctx, err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			var r tideline.AuditRecord
			if err := rows.Scan(&r.Seq, &r.At, &r.User, &r.Agency, &r.Action, &r.Object, &r.Purpose, &r.Detail, &r.Prev, &r.Hash); err != nil {
				yield(r, formatError(ctx, err))
				return
			}
			r.At = r.At.UTC()
			if !yield(r, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(tideline.AuditRecord{}, formatError(ctx, err))
		}
	}
}
