package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"iter"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/tideline-oss/tideline"
)

// statementCols are the columns of the statement table in insert and scan
// order.
const statementCols = `canonical_id, entity_id, dataset, prop, value, schema, original_value,
	lang, invalid, provenance, line, first_seen, last_seen`

const numStatementCols = 13

// keyCols is the primary key; rows stream in this order.
const keyCols = `canonical_id, entity_id, dataset, prop, value`

// upsertClause implements the upsert rule of tideline.Store: the row takes
// the new values except that the earlier first_seen and the later last_seen
// win. Unqualified columns are the stored row's.
const upsertClause = ` ON CONFLICT (` + keyCols + `) DO UPDATE SET
	schema = excluded.schema, original_value = excluded.original_value, lang = excluded.lang,
	invalid = excluded.invalid, provenance = excluded.provenance, line = excluded.line,
	first_seen = min(first_seen, excluded.first_seen),
	last_seen = max(last_seen, excluded.last_seen)`

// rowsPerInsert is how many statements one multi-row INSERT carries
// (13 parameters each, well under SQLite's limit of 32766).
var rowsPerInsert = 256

// valuesSQL returns "VERB INTO statement (...) VALUES (...)" with n rows of
// placeholders.
func valuesSQL(verb string, n int) string {
	var b strings.Builder
	b.Grow(len(verb) + len(statementCols) + 32 + n*30 + len(upsertClause))
	b.WriteString(verb)
	b.WriteString(" INTO statement (")
	b.WriteString(statementCols)
	b.WriteString(") VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?,?,?,?,?,?,?,?,?,?)")
	}
	return b.String()
}

// chunkWriter writes chunks of statements in one transaction. Each chunk is
// first sent as INSERT OR IGNORE, whose change count is the number of new
// rows; only when some rows already existed is the chunk sent again as an
// upsert, which applies the update rule to them. New statements, the bulk of
// any load, so cost one B-tree insert each, and the INSERT OR IGNORE needs
// no statement journal (an upsert that might abort half-way through a
// multi-row statement does, and that costs a copy of every page it touches).
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

// provenance is one row of the provenance table.
type provenance struct {
	agency, grading, handling, conditions, file string
}

// provCache maps provenance rows to their ids and back. Entries are added
// only for committed rows.
type provCache struct {
	mu   sync.RWMutex
	ids  map[provenance]int64
	rows map[int64]provenance
}

func (c *provCache) lookup(p provenance) (int64, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	id, ok := c.ids[p]
	return id, ok
}

func (c *provCache) add(id int64, p provenance) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ids == nil {
		c.ids, c.rows = map[provenance]int64{}, map[int64]provenance{}
	}
	c.ids[p], c.rows[id] = id, p
}

// provenanceOf returns the provenance of id, loading the table into the
// cache when id is not in it yet (rows written by another process).
func (db *DB) provenanceOf(ctx context.Context, id int64) (provenance, error) {
	db.prov.mu.RLock()
	p, ok := db.prov.rows[id]
	db.prov.mu.RUnlock()
	if ok {
		return p, nil
	}
	rows, err := db.rdb.QueryContext(ctx, `SELECT id, agency, grading, handling, conditions, file FROM provenance`)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	for rows.Next() {
		var pid int64
		var q provenance
		if err := rows.Scan(&pid, &q.agency, &q.grading, &q.handling, &q.conditions, &q.file); err != nil {
			return p, err
		}
		db.prov.add(pid, q)
	}
	if err := rows.Err(); err != nil {
		return p, err
	}
	db.prov.mu.RLock()
	p = db.prov.rows[id]
	db.prov.mu.RUnlock()
	return p, nil
}

// splitOrigin splits "file:line" into its parts; an origin without a
// numeric line suffix is all file.
func splitOrigin(origin string) (string, int64) {
	if i := strings.LastIndexByte(origin, ':'); i >= 0 && i < len(origin)-1 {
		if n, err := strconv.ParseInt(origin[i+1:], 10, 64); err == nil && n > 0 && origin[i+1] != '+' {
			return origin[:i], n
		}
	}
	return origin, 0
}

func joinOrigin(file string, line int64) string {
	if line > 0 {
		return file + ":" + strconv.FormatInt(line, 10)
	}
	return file
}

// WriteStatements upserts stmts in one transaction and returns how many were
// new, as documented on tideline.Store. A statement with an empty
// CanonicalID is stored with its EntityID as canonical id; zero FirstSeen or
// LastSeen are set to db.Now(). Times are kept to the millisecond.
//
// Errors: EINVALID naming the first statement without ID, EntityID, Schema,
// Prop or Dataset, or whose ID is not tideline.StatementID of its dataset,
// entity, property and value (nothing is written); ctx.Err() when ctx ends
// first (nothing is written); ECONFLICT for a constraint violation.
//
// Cost: O(n log N) for n statements into a store of N; statements are
// written in key order, so the pages touched are about one per entity.
// Memory is O(n) for the sort order beyond stmts itself.
func (db *DB) WriteStatements(ctx context.Context, stmts []tideline.Statement) (int, error) {
	if err := tideline.ValidateStatements(stmts); err != nil {
		return 0, err
	}
	if len(stmts) == 0 {
		return 0, nil
	}
	now := ms(db.Now())
	// Statements of merged entities go under their canonical id. The
	// caller's slice is not changed.
	if resolved, err := db.resolvedCopy(ctx, stmts); err != nil {
		return 0, err
	} else if resolved != nil {
		stmts = resolved
	}

	if err := db.limitWAL(ctx); err != nil {
		return 0, formatError(ctx, err)
	}
	tx, err := db.wdb.BeginTx(ctx, nil)
	if err != nil {
		return 0, formatError(ctx, err)
	}
	defer tx.Rollback()

	// Provenance ids: from the cache, else inserted in this transaction
	// and cached only once it commits.
	provIDs := make([]int64, len(stmts))
	var pending map[provenance]int64
	var last provenance
	var lastID int64 = -1
	for i := range stmts {
		s := &stmts[i]
		file, _ := splitOrigin(s.Origin)
		p := provenance{s.Agency, s.Grading.Code(), byteString[s.Grading.Handling], s.Grading.Conditions, file}
		if lastID >= 0 && p == last {
			provIDs[i] = lastID
			continue
		}
		id, ok := db.prov.lookup(p)
		if !ok {
			if id, ok = pending[p]; !ok {
				if id, err = insertProvenance(ctx, tx, p); err != nil {
					return 0, formatError(ctx, err)
				}
				if pending == nil {
					pending = map[provenance]int64{}
				}
				pending[p] = id
			}
		}
		provIDs[i], last, lastID = id, p, id
	}

	w := &chunkWriter{tx: tx, k: min(rowsPerInsert, len(stmts))}
	defer w.close()
	args := make([]any, 0, w.k*numStatementCols)
	var inserted int
	// Writing in key order makes the inserts sweep the B-tree once instead
	// of jumping about; the stable sort keeps repeated statements in their
	// given order, so the last one's values win.
	order := make([]int32, len(stmts))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return compareKey(&stmts[a], &stmts[b]) })
	for start := 0; start < len(stmts); start += w.k {
		end := min(start+w.k, len(stmts))
		args = args[:0]
		for i := start; i < end; i++ {
			args = appendArgs(args, &stmts[order[i]], provIDs[order[i]], now)
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
	for p, id := range pending {
		db.prov.add(id, p)
	}
	db.kickCheckpoint()
	return inserted, nil
}

// resolvedCopy returns a copy of stmts with the canonical ids of merged
// entities, or nil when none is merged.
func (db *DB) resolvedCopy(ctx context.Context, stmts []tideline.Statement) ([]tideline.Statement, error) {
	db.canonMu.Lock()
	m, err := db.canonicals(ctx)
	db.canonMu.Unlock()
	if err != nil || len(m) == 0 {
		return nil, err
	}
	var out []tideline.Statement
	for i := range stmts {
		if c, ok := m[stmts[i].EntityID]; ok && c != canonicalOf(&stmts[i]) {
			if out == nil {
				out = slices.Clone(stmts)
			}
			out[i].CanonicalID = c
		}
	}
	return out, nil
}

func insertProvenance(ctx context.Context, tx *sql.Tx, p provenance) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO provenance (agency, grading, handling, conditions, file)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (agency, grading, handling, conditions, file) DO UPDATE SET agency = excluded.agency
		RETURNING id`, p.agency, p.grading, p.handling, p.conditions, p.file).Scan(&id)
	return id, err
}

func canonicalOf(s *tideline.Statement) string {
	if s.CanonicalID != "" {
		return s.CanonicalID
	}
	return s.EntityID
}

// compareKey orders statements by the table's primary key.
func compareKey(a, b *tideline.Statement) int {
	ca, cb := canonicalOf(a), canonicalOf(b)
	if c := strings.Compare(ca, cb); c != 0 {
		return c
	}
	ea, eb := a.EntityID, b.EntityID
	if ea == ca {
		ea = ""
	}
	if eb == cb {
		eb = ""
	}
	if c := strings.Compare(ea, eb); c != 0 {
		return c
	}
	if c := strings.Compare(a.Dataset, b.Dataset); c != 0 {
		return c
	}
	if c := strings.Compare(a.Prop, b.Prop); c != 0 {
		return c
	}
	return strings.Compare(a.Value, b.Value)
}

// appendArgs appends the column values of s in statementCols order.
// Zero times become now (Unix milliseconds).
func appendArgs(args []any, s *tideline.Statement, prov int64, now int64) []any {
	canonical := canonicalOf(s)
	entity := s.EntityID
	if entity == canonical {
		entity = ""
	}
	first, last := ms(s.FirstSeen), ms(s.LastSeen)
	if s.FirstSeen.IsZero() {
		first = now
	}
	if s.LastSeen.IsZero() {
		last = now
	}
	_, line := splitOrigin(s.Origin)
	return append(args, canonical, entity, s.Dataset, s.Prop, s.Value, s.Schema,
		s.OriginalValue, s.Lang, s.Invalid, prov, line, first, last)
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

// scanStatement reads a row of statementCols into s, deriving the id, the
// property type and the provenance.
func (db *DB) scanStatement(ctx context.Context, rows *sql.Rows, s *tideline.Statement) error {
	var prov, line, first, last int64
	if err := rows.Scan(&s.CanonicalID, &s.EntityID, &s.Dataset, &s.Prop, &s.Value, &s.Schema,
		&s.OriginalValue, &s.Lang, &s.Invalid, &prov, &line, &first, &last); err != nil {
		return err
	}
	if s.EntityID == "" {
		s.EntityID = s.CanonicalID
	}
	s.ID = tideline.StatementID(s.Dataset, s.EntityID, s.Prop, s.Value)
	s.PropType = propType(db.model, s.Schema, s.Prop)
	p, err := db.provenanceOf(ctx, prov)
	if err != nil {
		return err
	}
	s.Agency, s.Grading.Conditions = p.agency, p.conditions
	if len(p.grading) == 2 {
		s.Grading.Source, s.Grading.Intelligence = p.grading[0], p.grading[1]
	}
	s.Grading.Handling = firstByte(p.handling)
	s.Origin = joinOrigin(p.file, line)
	s.FirstSeen, s.LastSeen = fromMS(first), fromMS(last)
	return nil
}

// propType derives a statement's property type from the model.
func propType(m *tideline.Model, schema, prop string) tideline.PropertyType {
	switch prop {
	case tideline.PropSchema, tideline.PropDatasets, tideline.PropReferents:
		return tideline.TypeString
	}
	if s := m.Schema(schema); s != nil {
		if p := s.Property(prop); p != nil {
			return p.Type
		}
	}
	return ""
}

// entityCols are the columns AssembleEntity needs, read by scanEntityRow.
const entityCols = `canonical_id, entity_id, schema, prop, value, dataset, first_seen, last_seen`

func scanEntityRow(rows *sql.Rows, s *tideline.Statement) error {
	var first, last int64
	if err := rows.Scan(&s.CanonicalID, &s.EntityID, &s.Schema, &s.Prop, &s.Value, &s.Dataset, &first, &last); err != nil {
		return err
	}
	if s.EntityID == "" {
		s.EntityID = s.CanonicalID
	}
	s.FirstSeen, s.LastSeen = fromMS(first), fromMS(last)
	return nil
}

// entityStatements reads the statements stored under canonical id id.
func (db *DB) entityStatements(ctx context.Context, id string) ([]tideline.Statement, error) {
	rows, err := db.rdb.QueryContext(ctx, `SELECT `+statementCols+` FROM statement WHERE canonical_id = ?`, id)
	if err != nil {
		return nil, formatError(ctx, err)
	}
	defer rows.Close()
	var out []tideline.Statement
	for rows.Next() {
		var s tideline.Statement
		if err := db.scanStatement(ctx, rows, &s); err != nil {
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
	slices.SortStableFunc(out, func(a, b tideline.Statement) int {
		if c := strings.Compare(a.Prop, b.Prop); c != 0 {
			return c
		}
		if c := strings.Compare(a.Value, b.Value); c != 0 {
			return c
		}
		return strings.Compare(a.Dataset, b.Dataset)
	})
	return out, nil
}

// entity assembles the entity stored under canonical id id.
func (db *DB) entity(ctx context.Context, id string) (*tideline.Entity, error) {
	rows, err := db.rdb.QueryContext(ctx, `SELECT `+entityCols+` FROM statement WHERE canonical_id = ?`, id)
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
// scans the primary key in order and groups rows in Go, so memory is
// bounded by the largest entity and no sort is needed. A schema filter is
// applied to each assembled entity.
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
		var schemata []*tideline.Schema
		for _, n := range f.Schemata {
			schemata = append(schemata, db.model.Schema(n))
		}
		where, args = db.withSchemata(f, where, args)
		rows := func(yield func(tideline.Statement, error) bool) {
			rows, err := db.rdb.QueryContext(ctx, `SELECT `+entityCols+` FROM statement`+where+` ORDER BY `+keyCols, args...)
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
			if err == nil && len(schemata) > 0 && !isAny(db.model.Schema(e.Schema), schemata) {
				continue
			}
			if !yield(e, err) {
				return
			}
		}
	}
}

func isAny(s *tideline.Schema, list []*tideline.Schema) bool {
	for _, l := range list {
		if s.IsA(l) {
			return true
		}
	}
	return false
}

// Statements streams the statements that match f in primary-key order:
// canonical id, entity id, dataset, property, value. A schema filter keeps
// the statements of the entities whose schema statements in f's datasets
// name one of the schemata or a descendant. Errors as for Entities.
func (db *DB) Statements(ctx context.Context, f tideline.EntityFilter) iter.Seq2[*tideline.Statement, error] {
	return func(yield func(*tideline.Statement, error) bool) {
		where, args, err := db.where(f)
		if err != nil {
			yield(nil, err)
			return
		}
		where, args = db.withSchemata(f, where, args)
		rows, err := db.rdb.QueryContext(ctx, `SELECT `+statementCols+` FROM statement`+where+` ORDER BY `+keyCols, args...)
		if err != nil {
			yield(nil, formatError(ctx, err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			s := new(tideline.Statement)
			if err := db.scanStatement(ctx, rows, s); err != nil {
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

func jsonList(v []string) string {
	b, _ := json.Marshal(v) // cannot fail for []string
	return string(b)
}

// where returns the WHERE clause (with a leading space, or "") and its
// arguments for the dataset and id parts of f, and checks its schemata
// (EINVALID for an unknown one). Lists are passed as one JSON array each,
// so they have no length limit.
// withSchemata adds to where the condition that the entity has a schema
// statement of one of f.Schemata or their descendants (in f.Datasets when
// given), found through the statement_schema index.
func (db *DB) withSchemata(f tideline.EntityFilter, where string, args []any) (string, []any) {
	if len(f.Schemata) == 0 {
		return where, args
	}
	names, _ := db.model.Descendants(f.Schemata)
	sub := `canonical_id IN (SELECT canonical_id FROM statement WHERE prop = '` + tideline.PropSchema +
		`' AND schema IN (SELECT value FROM json_each(?))`
	args = append(args, jsonList(names))
	if len(f.Datasets) > 0 {
		sub += ` AND dataset IN (SELECT value FROM json_each(?))`
		args = append(args, jsonList(f.Datasets))
	}
	if where == "" {
		return " WHERE " + sub + ")", args
	}
	return where + " AND " + sub + ")", args
}

func (db *DB) where(f tideline.EntityFilter) (string, []any, error) {
	if _, err := db.model.Descendants(f.Schemata); err != nil {
		return "", nil, err
	}
	var conds []string
	var args []any
	if len(f.Datasets) > 0 {
		conds = append(conds, `dataset IN (SELECT value FROM json_each(?))`)
		args = append(args, jsonList(f.Datasets))
	}
	if len(f.IDs) > 0 {
		conds = append(conds, `canonical_id IN (SELECT value FROM json_each(?))`)
		args = append(args, jsonList(f.IDs))
	}
	if len(conds) == 0 {
		return "", nil, nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args, nil
}

// Counts returns the number of statements and of distinct canonical ids.
// O(N): one scan of the primary key.
func (db *DB) Counts(ctx context.Context) (statements, entities int, err error) {
	err = db.rdb.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT canonical_id) FROM statement`).Scan(&statements, &entities)
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
