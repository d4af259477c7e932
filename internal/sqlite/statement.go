package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/tideline-oss/tideline"
)

// statementCols are the columns of the statement table in insert and scan
// order.
const statementCols = `id, entity_id, canonical_id, schema, prop, prop_type, value, original_value,
	lang, dataset, agency, source_eval, intel_eval, handling, conditions, origin, invalid,
	first_seen, last_seen`

const numStatementCols = 19

// upsertClause implements the upsert rule of tideline.Store: the row takes
// the new values except that the earlier first_seen and the later last_seen
// win. Unqualified columns are the stored row's.
const upsertClause = ` ON CONFLICT (id) DO UPDATE SET
	entity_id = excluded.entity_id, canonical_id = excluded.canonical_id,
	schema = excluded.schema, prop = excluded.prop, prop_type = excluded.prop_type,
	value = excluded.value, original_value = excluded.original_value, lang = excluded.lang,
	dataset = excluded.dataset, agency = excluded.agency, source_eval = excluded.source_eval,
	intel_eval = excluded.intel_eval, handling = excluded.handling,
	conditions = excluded.conditions, origin = excluded.origin, invalid = excluded.invalid,
	first_seen = min(first_seen, excluded.first_seen),
	last_seen = max(last_seen, excluded.last_seen)`

// rowsPerInsert is how many statements one multi-row INSERT carries
// (19 parameters each, well under SQLite's limit of 32766). Measured: 64
// rows is a third slower than 256, 1000 a few percent faster.
const rowsPerInsert = 256

// valuesSQL returns "INSERT [OR IGNORE] INTO statement (...) VALUES (...)"
// with n rows of placeholders.
func valuesSQL(verb string, n int) string {
	var b strings.Builder
	b.Grow(len(verb) + len(statementCols) + 32 + n*40 + len(upsertClause))
	b.WriteString(verb)
	b.WriteString(" INTO statement (")
	b.WriteString(statementCols)
	b.WriteString(") VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
	}
	return b.String()
}

// chunkWriter writes chunks of statements in one transaction. Each chunk is
// first sent as INSERT OR IGNORE, whose change count is the number of new
// rows; only when some rows already existed is the chunk sent again as an
// upsert, which applies the update rule to them (and merges repeated ids in
// order). New statements, the bulk of any load, thus take one INSERT OR
// IGNORE, which needs no statement journal; a multi-row upsert, which might
// abort half-way, does, and copying every page it touches into that journal
// made upsert-only writes half as fast (28k against 54k statements/s over
// 300k statements in 10k batches).
type chunkWriter struct {
	tx             *sql.Tx
	k              int       // rows in a full chunk
	insert, upsert *sql.Stmt // prepared for k rows; upsert on first use
}

func (w *chunkWriter) close() {
	for _, st := range []*sql.Stmt{w.insert, w.upsert} {
		if st != nil {
			st.Close()
		}
	}
}

// write writes one chunk of n rows whose column values are args and
// returns how many rows were new.
func (w *chunkWriter) write(ctx context.Context, n int, args []any) (int, error) {
	exec := func(st **sql.Stmt, query func() string) (sql.Result, error) {
		if n != w.k {
			return w.tx.ExecContext(ctx, query(), args...)
		}
		if *st == nil {
			var err error
			if *st, err = w.tx.PrepareContext(ctx, query()); err != nil {
				return nil, err
			}
		}
		return (*st).ExecContext(ctx, args...)
	}
	res, err := exec(&w.insert, func() string { return valuesSQL("INSERT OR IGNORE", n) })
	if err != nil {
		return 0, err
	}
	inserted, err := res.RowsAffected()
	if err != nil || int(inserted) == n {
		return int(inserted), err
	}
	if _, err := exec(&w.upsert, func() string { return valuesSQL("INSERT", n) + upsertClause }); err != nil {
		return 0, err
	}
	return int(inserted), nil
}

// WriteStatements upserts stmts in one transaction and returns how many were
// new, as documented on tideline.Store. A statement with an empty
// CanonicalID is stored with its EntityID as canonical id; zero FirstSeen or
// LastSeen are set to db.Now(). Times are kept to the millisecond.
//
// Errors: EINVALID naming the first statement without ID, EntityID, Schema,
// Prop or Dataset (nothing is written); ctx.Err() when ctx ends first
// (nothing is written); ECONFLICT for a constraint violation.
//
// Cost: O(n log n + n log N) for n statements into a store of N: the batch
// is sorted by id, then sent in multi-row INSERTs of rowsPerInsert rows
// (see chunkWriter); memory is O(n) int32s plus O(rowsPerInsert) arguments.
// Throughput (BenchmarkWriteStatements, 2 cores) is 55-90k statements/s
// into a small store, falling to 20-35k/s as it nears 1M statements: every
// new statement dirties a random page of the primary-key index, and each
// dirty page is written to the WAL at commit.
func (db *DB) WriteStatements(ctx context.Context, stmts []tideline.Statement) (int, error) {
	if err := validateStatements(stmts); err != nil {
		return 0, err
	}
	if len(stmts) == 0 {
		return 0, nil
	}
	now := ms(db.Now())

	if err := db.limitWAL(ctx); err != nil {
		return 0, formatError(ctx, err)
	}
	tx, err := db.wdb.BeginTx(ctx, nil)
	if err != nil {
		return 0, formatError(ctx, err)
	}
	defer tx.Rollback()
	w := &chunkWriter{tx: tx, k: min(rowsPerInsert, len(stmts))}
	defer w.close()

	args := make([]any, 0, w.k*numStatementCols)
	var inserted int
	// Writing in id order makes the inserts into the primary-key index
	// sweep it once instead of jumping about (7% faster over 400k
	// statements); the stable sort keeps repeated ids in their given order,
	// so the last one's values win.
	order := make([]int32, len(stmts))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return strings.Compare(stmts[a].ID, stmts[b].ID) })
	for start := 0; start < len(stmts); start += w.k {
		end := min(start+w.k, len(stmts))
		args = args[:0]
		for i := start; i < end; i++ {
			args = appendArgs(args, &stmts[order[i]], now)
		}
		n, err := w.write(ctx, end-start, args)
		if err != nil {
			return 0, formatError(ctx, err)
		}
		inserted += n
	}
	if err := tx.Commit(); err != nil {
		return 0, formatError(ctx, err)
	}
	db.kickCheckpoint()
	return inserted, nil
}

// validateStatements returns an EINVALID error for the first statement that
// lacks a required field.
func validateStatements(stmts []tideline.Statement) error {
	for i := range stmts {
		s := &stmts[i]
		var missing string
		switch {
		case s.ID == "":
			missing = "id"
		case s.EntityID == "":
			missing = "entity id"
		case s.Schema == "":
			missing = "schema"
		case s.Prop == "":
			missing = "property"
		case s.Dataset == "":
			missing = "dataset"
		default:
			continue
		}
		return tideline.Errorf(tideline.EINVALID, "statement %d (id %q, entity %q): %s required; nothing written", i, s.ID, s.EntityID, missing)
	}
	return nil
}

// appendArgs appends the 19 column values of s in statementCols order.
// Zero times become now (Unix milliseconds).
func appendArgs(args []any, s *tideline.Statement, now int64) []any {
	canonical := s.CanonicalID
	if canonical == "" {
		canonical = s.EntityID
	}
	first, last := ms(s.FirstSeen), ms(s.LastSeen)
	if s.FirstSeen.IsZero() {
		first = now
	}
	if s.LastSeen.IsZero() {
		last = now
	}
	g := &s.Grading
	return append(args, s.ID, s.EntityID, canonical, s.Schema, s.Prop, string(s.PropType),
		s.Value, s.OriginalValue, s.Lang, s.Dataset, s.Agency,
		byteString[g.Source], byteString[g.Intelligence], byteString[g.Handling], g.Conditions,
		s.Origin, s.Invalid, first, last)
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
func scanStatement(rows *sql.Rows, s *tideline.Statement) error {
	var propType, source, intel, handling string
	var first, last int64
	if err := rows.Scan(&s.ID, &s.EntityID, &s.CanonicalID, &s.Schema, &s.Prop, &propType,
		&s.Value, &s.OriginalValue, &s.Lang, &s.Dataset, &s.Agency, &source, &intel, &handling,
		&s.Grading.Conditions, &s.Origin, &s.Invalid, &first, &last); err != nil {
		return err
	}
	s.PropType = tideline.PropertyType(propType)
	s.Grading.Source, s.Grading.Intelligence, s.Grading.Handling = firstByte(source), firstByte(intel), firstByte(handling)
	s.FirstSeen, s.LastSeen = fromMS(first), fromMS(last)
	return nil
}

// entityCols are the columns AssembleEntity needs, read by scanEntityRow.
const entityCols = `canonical_id, entity_id, schema, prop, value, dataset, first_seen, last_seen`

func scanEntityRow(rows *sql.Rows, s *tideline.Statement) error {
	var first, last int64
	if err := rows.Scan(&s.CanonicalID, &s.EntityID, &s.Schema, &s.Prop, &s.Value, &s.Dataset, &first, &last); err != nil {
		return err
	}
	s.FirstSeen, s.LastSeen = fromMS(first), fromMS(last)
	return nil
}

// EntityStatements returns the statements of the entity with canonical id
// id, ordered by property, value and dataset. ENOTFOUND when there are none.
// Uses the canonical_id index: O(k log k) for k statements.
func (db *DB) EntityStatements(ctx context.Context, id string) ([]tideline.Statement, error) {
	rows, err := db.rdb.QueryContext(ctx, `SELECT `+statementCols+` FROM statement
		WHERE canonical_id = ? ORDER BY prop, value, dataset`, id)
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

// Entity assembles the entity with canonical id id from all its statements
// (tideline.AssembleEntity). ENOTFOUND when it has none; EINVALID when its
// schema statements name schemata that cannot be merged.
func (db *DB) Entity(ctx context.Context, id string) (*tideline.Entity, error) {
	rows, err := db.rdb.QueryContext(ctx, `SELECT `+entityCols+` FROM statement
		WHERE canonical_id = ? ORDER BY prop, value, dataset`, id)
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
// statements that match f, in canonical id order; see tideline.Store. It
// runs one query ordered by canonical id and groups rows in Go, so memory is
// bounded by the largest entity.
//
// An entity that cannot be assembled (schemata that do not merge) is yielded
// as (nil, EINVALID error) and the stream goes on if the caller continues. A
// failed query or a cancelled ctx is yielded as (nil, err) and ends the
// stream. EINVALID (and nothing else) for an unknown schema in f.
//
// The iterator holds a read connection until it returns.
func (db *DB) Entities(ctx context.Context, f tideline.EntityFilter) iter.Seq2[*tideline.Entity, error] {
	return func(yield func(*tideline.Entity, error) bool) {
		where, args, err := db.where(f)
		if err != nil {
			yield(nil, err)
			return
		}
		rows, err := db.rdb.QueryContext(ctx, `SELECT `+entityCols+` FROM statement`+where+
			` ORDER BY canonical_id, prop, value, dataset`, args...)
		if err != nil {
			yield(nil, formatError(ctx, err))
			return
		}
		defer rows.Close()
		var group []tideline.Statement
		emit := func() bool {
			e, err := tideline.AssembleEntity(db.model, group[0].CanonicalID, group)
			group = group[:0]
			return yield(e, err)
		}
		for rows.Next() {
			var s tideline.Statement
			if err := scanEntityRow(rows, &s); err != nil {
				yield(nil, formatError(ctx, err))
				return
			}
			if len(group) > 0 && group[0].CanonicalID != s.CanonicalID && !emit() {
				return
			}
			group = append(group, s)
		}
		if err := rows.Err(); err != nil {
			yield(nil, formatError(ctx, err))
			return
		}
		if len(group) > 0 {
			emit()
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
		rows, err := db.rdb.QueryContext(ctx, `SELECT `+statementCols+` FROM statement`+where+
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
// arguments for f. Lists are passed as one JSON array each, so they have no
// length limit. The schema filter finds the entities whose schema statements
// (prop = tideline.PropSchema), within f's datasets, name one of the
// schemata or a descendant: since an entity's assembled schema is the most
// specific of its schemata, that is exactly the set of entities whose
// assembled schema is one of them. Whole entities are selected.
func (db *DB) where(f tideline.EntityFilter) (string, []any, error) {
	var conds []string
	var args []any
	list := func(v []string) string {
		b, _ := json.Marshal(v) // cannot fail for []string
		return string(b)
	}
	if len(f.Datasets) > 0 {
		conds = append(conds, `dataset IN (SELECT value FROM json_each(?))`)
		args = append(args, list(f.Datasets))
	}
	if len(f.IDs) > 0 {
		conds = append(conds, `canonical_id IN (SELECT value FROM json_each(?))`)
		args = append(args, list(f.IDs))
	}
	if len(f.Schemata) > 0 {
		names, err := descendants(db.model, f.Schemata)
		if err != nil {
			return "", nil, err
		}
		// The literal prop term lets SQLite use the partial index statement_schema.
		sub := fmt.Sprintf(`canonical_id IN (SELECT canonical_id FROM statement
			WHERE prop = '%s' AND schema IN (SELECT value FROM json_each(?))`, tideline.PropSchema)
		args = append(args, list(names))
		if len(f.Datasets) > 0 {
			sub += ` AND dataset IN (SELECT value FROM json_each(?))`
			args = append(args, list(f.Datasets))
		}
		conds = append(conds, sub+`)`)
	}
	if len(conds) == 0 {
		return "", nil, nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args, nil
}

// descendants returns the names of the schemata that are one of names or
// descend from one. EINVALID for an unknown name. O(|model| * |names|).
func descendants(m *tideline.Model, names []string) ([]string, error) {
	for _, n := range names {
		if m.Schema(n) == nil {
			return nil, tideline.Errorf(tideline.EINVALID, "unknown schema %q", n)
		}
	}
	var out []string
	for _, s := range m.Schemata() {
		for _, n := range names {
			if s.IsAName(n) {
				out = append(out, s.Name)
				break
			}
		}
	}
	return out, nil
}

// Counts returns the number of statements and of distinct canonical ids.
// O(N): it scans the canonical_id index.
func (db *DB) Counts(ctx context.Context) (statements, entities int, err error) {
	err = db.rdb.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT canonical_id) FROM statement`).Scan(&statements, &entities)
	return statements, entities, formatError(ctx, err)
}
