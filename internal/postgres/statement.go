package postgres

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tideline-oss/tideline"
)

// columns are the columns of the statement table in copy and scan order.
var columns = []string{"id", "entity_id", "canonical_id", "schema", "prop", "prop_type", "value",
	"original_value", "lang", "dataset", "agency", "source_eval", "intel_eval", "handling",
	"conditions", "origin", "invalid", "first_seen", "last_seen"}

var statementCols = strings.Join(columns, ", ")

// stagedCols selects the staged statements with the canonical id of merged
// entities (joined from resolution as r) in place of their own.
var stagedCols = func() string {
	cols := make([]string, len(columns))
	for i, c := range columns {
		cols[i] = "s." + c
		if c == "canonical_id" {
			cols[i] = "COALESCE(r.canonical_id, s.canonical_id)"
		}
	}
	return strings.Join(cols, ", ")
}()

// stagingTable is created once per connection; its rows vanish at commit
// (and with a rollback).
const stagingTable = `CREATE TEMP TABLE IF NOT EXISTS statement_in
	(LIKE statement INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`

// upsertSQL applies the upsert rule of tideline.Store from the staging table
// and counts the new rows: a row that was inserted has xmax 0, one that was
// updated has the updating transaction's id.
var upsertSQL = `WITH up AS (
	INSERT INTO statement (` + statementCols + `)
	SELECT ` + stagedCols + ` FROM statement_in s LEFT JOIN resolution r ON r.entity_id = s.entity_id
	ON CONFLICT (id) DO UPDATE SET
		entity_id = excluded.entity_id, canonical_id = excluded.canonical_id,
		schema = excluded.schema, prop = excluded.prop, prop_type = excluded.prop_type,
		value = excluded.value, original_value = excluded.original_value, lang = excluded.lang,
		dataset = excluded.dataset, agency = excluded.agency, source_eval = excluded.source_eval,
		intel_eval = excluded.intel_eval, handling = excluded.handling,
		conditions = excluded.conditions, origin = excluded.origin, invalid = excluded.invalid,
		first_seen = least(statement.first_seen, excluded.first_seen),
		last_seen = greatest(statement.last_seen, excluded.last_seen)
	RETURNING xmax = 0 AS inserted
)
SELECT count(*) FILTER (WHERE inserted) FROM up`

// WriteStatements upserts stmts in one transaction and returns how many were
// new, as documented on tideline.Store. A statement with an empty
// CanonicalID is stored with its EntityID as canonical id; zero FirstSeen or
// LastSeen are set to db.Now(). Times are kept to the microsecond.
//
// The batch is merged in Go first (a repeated id keeps its last values and
// the widest seen dates, as if written one after the other), copied into a
// temporary table with COPY and upserted with one INSERT ... ON CONFLICT.
//
// Errors: EINVALID naming the first statement without ID, EntityID, Schema,
// Prop or Dataset (nothing is written); ctx.Err() when ctx ends first
// (nothing is written); ECONFLICT for a constraint violation.
// Cost: O(n) memory for the merge, O(n log N) in the database.
func (db *DB) WriteStatements(ctx context.Context, stmts []tideline.Statement) (int, error) {
	if err := tideline.ValidateStatements(stmts); err != nil {
		return 0, err
	}
	if len(stmts) == 0 {
		return 0, nil
	}
	now := db.Now().UTC()
	batch := merge(stmts, now)

	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return 0, formatError(ctx, err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, stagingTable); err != nil {
		return 0, formatError(ctx, err)
	}
	row := make([]any, len(columns))
	src := pgx.CopyFromSlice(len(batch), func(i int) ([]any, error) {
		s := &batch[i]
		g := &s.Grading
		row[0], row[1], row[2], row[3], row[4], row[5] = s.ID, s.EntityID, s.CanonicalID, s.Schema, s.Prop, string(s.PropType)
		row[6], row[7], row[8], row[9], row[10] = s.Value, s.OriginalValue, s.Lang, s.Dataset, s.Agency
		row[11], row[12], row[13], row[14] = byteString[g.Source], byteString[g.Intelligence], byteString[g.Handling], g.Conditions
		row[15], row[16], row[17], row[18] = s.Origin, s.Invalid, s.FirstSeen, s.LastSeen
		return row, nil
	})
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"statement_in"}, columns, src); err != nil {
		return 0, formatError(ctx, err)
	}
	var inserted int
	if err := tx.QueryRow(ctx, upsertSQL).Scan(&inserted); err != nil {
		return 0, formatError(ctx, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, formatError(ctx, err)
	}
	return inserted, nil
}

// merge returns stmts with defaults filled in (canonical id, seen dates) and
// repeated ids merged: the last occurrence's values with the earliest
// FirstSeen and the latest LastSeen, since one INSERT ... ON CONFLICT cannot
// update a row twice. stmts is not modified. O(n) time and memory.
func merge(stmts []tideline.Statement, now time.Time) []tideline.Statement {
	out := make([]tideline.Statement, 0, len(stmts))
	at := make(map[string]int, len(stmts))
	for _, s := range stmts {
		if s.CanonicalID == "" {
			s.CanonicalID = s.EntityID
		}
		if s.FirstSeen.IsZero() {
			s.FirstSeen = now
		}
		if s.LastSeen.IsZero() {
			s.LastSeen = now
		}
		i, dup := at[s.ID]
		if !dup {
			at[s.ID] = len(out)
			out = append(out, s)
			continue
		}
		prev := out[i]
		if prev.FirstSeen.Before(s.FirstSeen) {
			s.FirstSeen = prev.FirstSeen
		}
		if prev.LastSeen.After(s.LastSeen) {
			s.LastSeen = prev.LastSeen
		}
		out[i] = s
	}
	return out
}

// byteString[b] is the one-byte string b, or "" for 0, without allocating.
var byteString = func() (t [256]string) {
	for i := 1; i < 256; i++ {
		t[i] = string([]byte{byte(i)})
	}
	return t
}()

func firstByte(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}

// scanStatement reads a row of statementCols into s.
func scanStatement(rows pgx.Rows, s *tideline.Statement) error {
	var propType, source, intel, handling string
	if err := rows.Scan(&s.ID, &s.EntityID, &s.CanonicalID, &s.Schema, &s.Prop, &propType,
		&s.Value, &s.OriginalValue, &s.Lang, &s.Dataset, &s.Agency, &source, &intel, &handling,
		&s.Grading.Conditions, &s.Origin, &s.Invalid, &s.FirstSeen, &s.LastSeen); err != nil {
		return err
	}
	s.PropType = tideline.PropertyType(propType)
	s.Grading.Source, s.Grading.Intelligence, s.Grading.Handling = firstByte(source), firstByte(intel), firstByte(handling)
	s.FirstSeen, s.LastSeen = s.FirstSeen.UTC(), s.LastSeen.UTC()
	return nil
}

// entityCols are the columns AssembleEntity needs, read by scanEntityRow.
const entityCols = `canonical_id, entity_id, schema, prop, value, dataset, first_seen, last_seen`

func scanEntityRow(rows pgx.Rows, s *tideline.Statement) error {
	if err := rows.Scan(&s.CanonicalID, &s.EntityID, &s.Schema, &s.Prop, &s.Value, &s.Dataset, &s.FirstSeen, &s.LastSeen); err != nil {
		return err
	}
	s.FirstSeen, s.LastSeen = s.FirstSeen.UTC(), s.LastSeen.UTC()
	return nil
}

// entityStatements reads the statements stored under canonical id id.
func (db *DB) entityStatements(ctx context.Context, id string) ([]tideline.Statement, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+statementCols+` FROM statement
		WHERE canonical_id = $1 ORDER BY prop, value, dataset`, id)
	if err != nil {
		return nil, formatError(ctx, err)
	}
	defer rows.Close()
	var out []tideline.Statement
	for rows.Next() {
		var s tideline.Statement
		if err := scanStatement(rows, &s); err != nil {
			return nil, formatError(ctx, err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, formatError(ctx, err)
	}
	if len(out) == 0 {
		return nil, tideline.Errorf(tideline.ENOTFOUND, "entity %s not found", id)
	}
	return out, nil
}

// entity assembles the entity stored under canonical id id.
func (db *DB) entity(ctx context.Context, id string) (*tideline.Entity, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+entityCols+` FROM statement
		WHERE canonical_id = $1 ORDER BY prop, value, dataset`, id)
	if err != nil {
		return nil, formatError(ctx, err)
	}
	defer rows.Close()
	var stmts []tideline.Statement
	for rows.Next() {
		var s tideline.Statement
		if err := scanEntityRow(rows, &s); err != nil {
			return nil, formatError(ctx, err)
		}
		stmts = append(stmts, s)
	}
	if err := rows.Err(); err != nil {
		return nil, formatError(ctx, err)
	}
	return tideline.AssembleEntity(db.model, id, stmts)
}

// Entities streams the entities that match f, each assembled from its
// statements that match f, in canonical id order (byte order); see
// tideline.Store. It runs one query ordered by canonical id and groups rows
// in Go, so memory is bounded by the largest entity.
//
// An entity that cannot be assembled (schemata that do not merge) is yielded
// as (nil, EINVALID error) and the stream goes on if the caller continues. A
// failed query or a cancelled ctx is yielded as (nil, err) and ends the
// stream. EINVALID for an unknown schema in f.
//
// The iterator holds a pool connection until it returns.
func (db *DB) Entities(ctx context.Context, f tideline.EntityFilter) iter.Seq2[*tideline.Entity, error] {
	return func(yield func(*tideline.Entity, error) bool) {
		where, args, err := db.where(f)
		if err != nil {
			yield(nil, err)
			return
		}
		rows := func(yield func(tideline.Statement, error) bool) {
			rows, err := db.pool.Query(ctx, `SELECT `+entityCols+` FROM statement`+where+
				` ORDER BY canonical_id, prop, value, dataset`, args...)
			if err != nil {
				yield(tideline.Statement{}, formatError(ctx, err))
				return
			}
			defer rows.Close()
			for rows.Next() {
				var s tideline.Statement
				if err := scanEntityRow(rows, &s); err != nil {
					yield(s, formatError(ctx, err))
					return
				}
				if !yield(s, nil) {
					return
				}
			}
			if err := rows.Err(); err != nil {
				yield(tideline.Statement{}, formatError(ctx, err))
			}
		}
		for e, err := range tideline.GroupEntities(db.model, rows) {
			if !yield(e, err) {
				return
			}
		}
	}
}

// Statements streams the statements that match f ordered by canonical id,
// property, value and dataset. Errors as for Entities.
func (db *DB) Statements(ctx context.Context, f tideline.EntityFilter) iter.Seq2[*tideline.Statement, error] {
	return func(yield func(*tideline.Statement, error) bool) {
		where, args, err := db.where(f)
		if err != nil {
			yield(nil, err)
			return
		}
		rows, err := db.pool.Query(ctx, `SELECT `+statementCols+` FROM statement`+where+
			` ORDER BY canonical_id, prop, value, dataset`, args...)
		if err != nil {
			yield(nil, formatError(ctx, err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			s := new(tideline.Statement)
			if err := scanStatement(rows, s); err != nil {
				yield(nil, formatError(ctx, err))
				return
			}
			if !yield(s, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(nil, formatError(ctx, err))
		}
	}
}

// where returns the WHERE clause (with a leading space, or "") and its
// arguments for f; lists are text[] parameters. The schema filter finds the
// entities whose schema statements (prop = tideline.PropSchema), within f's
// datasets, name one of the schemata or a descendant: since an entity's
// assembled schema is the most specific of its schemata, that is exactly
// the set of entities whose assembled schema is one of them. Whole entities
// are selected.
func (db *DB) where(f tideline.EntityFilter) (string, []any, error) {
	var conds []string
	var args []any
	param := func(v []string) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	var datasets string
	if len(f.Datasets) > 0 {
		datasets = param(f.Datasets)
		conds = append(conds, `dataset = ANY(`+datasets+`)`)
	}
	if len(f.IDs) > 0 {
		conds = append(conds, `canonical_id = ANY(`+param(f.IDs)+`)`)
	}
	if len(f.Schemata) > 0 {
		names, err := db.model.Descendants(f.Schemata)
		if err != nil {
			return "", nil, err
		}
		// The literal prop term lets PostgreSQL use the partial index statement_schema.
		sub := fmt.Sprintf(`canonical_id IN (SELECT canonical_id FROM statement
			WHERE prop = '%s' AND schema = ANY(%s)`, tideline.PropSchema, param(names))
		if datasets != "" {
			sub += ` AND dataset = ANY(` + datasets + `)`
		}
		conds = append(conds, sub+`)`)
	}
	if len(conds) == 0 {
		return "", nil, nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args, nil
}

// Counts returns the number of statements and of distinct canonical ids.
// O(N).
func (db *DB) Counts(ctx context.Context) (statements, entities int, err error) {
	err = db.pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT canonical_id) FROM statement`).Scan(&statements, &entities)
	return statements, entities, formatError(ctx, err)
}

// EntityStatements returns the statements of the entity with canonical id
// id, ordered by property, value and dataset; an id merged into another
// entity gives that entity's. ENOTFOUND when there are none.
func (db *DB) EntityStatements(ctx context.Context, id string) ([]tideline.Statement, error) {
	out, err := db.entityStatements(ctx, id)
	if tideline.ErrorCode(err) == tideline.ENOTFOUND {
		if c, cerr := db.CanonicalOf(ctx, id); cerr == nil && c != id {
			return db.entityStatements(ctx, c)
		}
	}
	return out, err
}

// Entity assembles the entity with canonical id id from all its statements
// (tideline.AssembleEntity); an id merged into another entity gives that
// entity. ENOTFOUND when it has none; EINVALID when its schema statements
// name schemata that cannot be merged.
func (db *DB) Entity(ctx context.Context, id string) (*tideline.Entity, error) {
	e, err := db.entity(ctx, id)
	if tideline.ErrorCode(err) == tideline.ENOTFOUND {
		if c, cerr := db.CanonicalOf(ctx, id); cerr == nil && c != id {
			return db.entity(ctx, c)
		}
	}
	return e, err
}
