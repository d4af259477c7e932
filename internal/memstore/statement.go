package memstore

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"iter"
	"slices"
	"sort"
	"strings"

	"github.com/tideline-oss/tideline"
)

// WriteStatements upserts stmts atomically and returns how many were new,
// as documented on tideline.Store. A statement is identified by its id, the
// hash of its dataset, entity, property and value: one already stored keeps
// the earlier FirstSeen and the later LastSeen, and takes the new values of
// every other field, its canonical id included (it moves to the new one, as
// in the PostgreSQL store). A statement with an empty CanonicalID is filed
// under its EntityID; one whose entity was merged by SetCanonicals under the
// entity's canonical id, whatever its CanonicalID says. Zero FirstSeen or
// LastSeen are set to s.Now(). Times are kept to the microsecond. The
// caller's slice is not changed and may be reused at once.
//
// Errors: EINVALID naming the first statement without ID, EntityID, Schema,
// Prop or Dataset, or whose ID is not tideline.StatementID of its dataset,
// entity, property and value; ctx.Err() (wrapped) when ctx has ended before
// the batch is applied; an internal error past 4,294,967,294 statements or
// after Close. Nothing is written when an error is returned.
//
// Cost: O(n) expected time for n statements (hashing, plus O(k) per
// statement that moves out of an entity of k statements); about 40 bytes
// per new statement, plus its text and 10 to 20 bytes of index. The write
// lock is held for the whole batch.
func (s *Store) WriteStatements(ctx context.Context, stmts []tideline.Statement) (int, error) {
	if !wellFormed(stmts) {
		if err := tideline.ValidateStatements(stmts); err != nil {
			return 0, err
		}
	}
	if len(stmts) == 0 {
		return 0, nil
	}
	now := micro(s.Now())
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return 0, err
	}
	if uint64(s.nrec)+uint64(len(stmts)) > maxRecords || uint64(len(s.ids))+2*uint64(len(stmts)) > maxRecords {
		return 0, fmt.Errorf("memstore: store full: %d statements and %d ids stored, %d more statements given", s.nrec, len(s.ids), len(stmts))
	}

	// Names repeat from one statement to the next: remember the last of each.
	var dataset, schema, prop, lang, agency, conditions, file lastName
	var (
		inserted       int
		prev           *tideline.Statement
		ent, can       uint32
		run            []uint32 // positions to file under runCan
		runCan         uint32
		lastA          attr
		lastAttr       uint32
		haveAttr, open bool
	)
	for i := range stmts {
		st := &stmts[i]
		if prev == nil || st.EntityID != prev.EntityID || st.CanonicalID != prev.CanonicalID {
			ent = s.idOf(st.EntityID)
			if c, ok := s.canon[ent]; ok {
				can = c
			} else if st.CanonicalID == "" || st.CanonicalID == st.EntityID {
				can = ent
			} else {
				can = s.idOf(st.CanonicalID)
			}
		}
		prev = st
		if !open || can != runCan {
			if open {
				s.addToGroup(runCan, run)
			}
			run, runCan, open = run[:0], can, true
		}

		f, line := splitOrigin(st.Origin)
		a := attr{
			dataset: dataset.of(s, st.Dataset), schema: schema.of(s, st.Schema), prop: prop.of(s, st.Prop),
			lang: lang.of(s, st.Lang), agency: agency.of(s, st.Agency), conditions: conditions.of(s, st.Grading.Conditions),
			file: file.of(s, f), source: st.Grading.Source, intelligence: st.Grading.Intelligence, handling: st.Grading.Handling,
		}
		if !haveAttr || a != lastA {
			lastA, lastAttr, haveAttr = a, s.attrOf(a), true
		}
		first, last := now, now
		if !st.FirstSeen.IsZero() {
			first = micro(st.FirstSeen)
		}
		if !st.LastSeen.IsZero() {
			last = micro(st.LastSeen)
		}

		tag := tagOf(st.ID)
		s.index.reserve()
		pos, slot, found := s.index.lookup(tag, func(p uint32) bool {
			r := s.rec(p)
			if r.entity != ent {
				return false
			}
			ra := &s.attrs[r.attr]
			return ra.dataset == a.dataset && ra.prop == a.prop && s.text.value(r.text) == st.Value
		})
		if !found {
			pos = s.appendRecord(record{
				canonical: can, entity: ent, attr: lastAttr, line: line,
				text:  s.text.putText(st.Value, st.OriginalValue, st.Invalid),
				first: first, last: last,
			})
			s.index.set(slot, tag, pos)
			run = append(run, pos)
			inserted++
			continue
		}
		r := s.rec(pos)
		r.attr, r.line = lastAttr, line
		if _, o, inv := s.text.text(r.text); o != st.OriginalValue || inv != st.Invalid {
			r.text = s.text.putText(st.Value, st.OriginalValue, st.Invalid)
		}
		r.first, r.last = min(r.first, first), max(r.last, last)
		if r.canonical != can {
			s.removeFromGroup(r.canonical, pos)
			r.canonical = can
			run = append(run, pos)
		}
	}
	s.addToGroup(runCan, run)
	return inserted, nil
}

// wellFormed reports whether tideline.ValidateStatements accepts stmts,
// checking the same fields and ids without allocating (StatementID
// allocates three times per statement, which would be most of the cost of a
// write). When it reports false, the caller runs ValidateStatements itself
// for the error, so the errors are the domain's. O(n).
func wellFormed(stmts []tideline.Statement) bool {
	buf := make([]byte, 0, 256)
	var sum [sha1.Size]byte
	var hexSum [2 * sha1.Size]byte
	for i := range stmts {
		st := &stmts[i]
		if st.ID == "" || st.EntityID == "" || st.Schema == "" || st.Prop == "" || st.Dataset == "" || len(st.ID) != len(hexSum) {
			return false
		}
		buf = append(buf[:0], st.Dataset...)
		buf = append(buf, '.')
		buf = append(buf, st.EntityID...)
		buf = append(buf, '.')
		buf = append(buf, st.Prop...)
		buf = append(buf, '.')
		buf = append(buf, st.Value...)
		sum = sha1.Sum(buf)
		hex.Encode(hexSum[:], sum[:])
		if string(hexSum[:]) != st.ID {
			return false
		}
	}
	return true
}

// lastName caches the index of the name last looked up in one field.
type lastName struct {
	name string
	num  uint32
	ok   bool
}

func (c *lastName) of(s *Store, name string) uint32 {
	if !c.ok || c.name != name {
		c.name, c.num, c.ok = name, s.nameOf(name), true
	}
	return c.num
}

// chunkStatements is about how many statements a stream gathers under the
// read lock at a time (a whole entity at least).
const chunkStatements = 1024

// Entity assembles the entity with canonical id id from all its statements
// (tideline.AssembleEntity, in the stored key order: entity id, dataset,
// property, value); an id merged into another entity gives that entity.
// ENOTFOUND when it has none; EINVALID when its schema statements name
// schemata that cannot be merged; ctx.Err() (wrapped) when ctx has ended.
// O(k) for an entity of k statements, O(k log k) when a write changed it
// since the last stream.
func (s *Store) Entity(ctx context.Context, id string) (*tideline.Entity, error) {
	if err := s.rlock(ctx); err != nil {
		return nil, err
	}
	can, g := s.groupOf(id)
	var stmts []tideline.Statement
	if len(g) > 0 {
		id = s.ids[can]
		pos := s.inOrder(can, g, new([]uint32))
		stmts = make([]tideline.Statement, len(pos))
		for i, p := range pos {
			s.entityRow(&stmts[i], p)
		}
	}
	s.mu.RUnlock()
	return tideline.AssembleEntity(s.model, id, stmts)
}

// EntityStatements returns the statements of the entity with canonical id
// id, ordered by property, value and dataset (then entity id); an id merged
// into another entity gives that entity's. ENOTFOUND when there are none;
// ctx.Err() (wrapped) when ctx has ended. O(k log k) for k statements.
func (s *Store) EntityStatements(ctx context.Context, id string) ([]tideline.Statement, error) {
	if err := s.rlock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	can, g := s.groupOf(id)
	if len(g) == 0 {
		return nil, tideline.Errorf(tideline.ENOTFOUND, "entity %s not found", id)
	}
	pos := slices.Clone(g)
	slices.SortFunc(pos, func(a, b uint32) int { return s.compareProvenance(can, a, b) })
	out := make([]tideline.Statement, len(pos))
	for i, p := range pos {
		s.statement(&out[i], p)
	}
	return out, nil
}

// groupOf returns the canonical id number and statements of id, or of the
// entity it was merged into when it has none of its own. Callers hold mu.
func (s *Store) groupOf(id string) (uint32, []uint32) {
	n, ok := s.idNum[id]
	if !ok {
		return 0, nil
	}
	if g := s.groups[n]; len(g) > 0 {
		return n, g
	}
	if c, ok := s.canon[n]; ok {
		return c, s.groups[c]
	}
	return n, nil
}

// Entities streams the entities that match f, each assembled from its
// statements that match f, in byte order of their canonical ids; see
// tideline.Store. As in the SQLite store, a schema filter selects the
// entities that have a schema statement (in f's datasets) naming one of the
// schemata or a descendant, and is then applied to each assembled entity.
// Memory is bounded by a chunk of about a thousand statements or the
// largest entity.
//
// An entity that cannot be assembled (schemata that do not merge) is yielded
// as (nil, EINVALID error) and the stream goes on if the caller continues. A
// cancelled ctx or a closed store is yielded as (nil, err) and ends the
// stream. EINVALID (and nothing else) for an unknown schema in f.
//
// The stream is not a snapshot: the read lock is taken for each chunk, and
// a chunk sees the writes made before it, for entities after the last one
// yielded. O(N) over the store; the first stream after writes also sorts
// what they changed: O(E) for E ids when ids were added, and O(k log k) for
// each entity of k statements written to.
func (s *Store) Entities(ctx context.Context, f tideline.EntityFilter) iter.Seq2[*tideline.Entity, error] {
	return func(yield func(*tideline.Entity, error) bool) {
		descendants, err := s.model.Descendants(f.Schemata)
		if err != nil {
			yield(nil, err)
			return
		}
		var schemata []*tideline.Schema
		for _, n := range f.Schemata {
			schemata = append(schemata, s.model.Schema(n))
		}
		c := newCursor(f.IDs)
		var (
			buf     []tideline.Statement
			bounds  []int // ends of the entities in buf
			scratch []uint32
			fl      filter
		)
		for more := true; more; {
			buf, bounds = buf[:0], bounds[:0]
			var err error
			more, err = c.chunk(ctx, s, func() { fl = s.filter(f, descendants) }, func(can uint32, g []uint32) int {
				if fl.schemata != nil && !s.qualifies(g, &fl) {
					return 0
				}
				n := 0
				for _, p := range s.inOrder(can, g, &scratch) {
					if !s.inDatasets(&fl, p) {
						continue
					}
					buf = append(buf, tideline.Statement{})
					s.entityRow(&buf[len(buf)-1], p)
					n++
				}
				if n > 0 {
					bounds = append(bounds, len(buf))
				}
				return n
			})
			if err != nil {
				yield(nil, err)
				return
			}
			start := 0
			for _, end := range bounds {
				if err := ctx.Err(); err != nil {
					yield(nil, fmt.Errorf("memstore: %w", err))
					return
				}
				group := buf[start:end]
				start = end
				e, err := tideline.AssembleEntity(s.model, group[0].CanonicalID, group)
				if err == nil && len(schemata) > 0 && !isAny(s.model.Schema(e.Schema), schemata) {
					continue
				}
				if !yield(e, err) {
					return
				}
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

// Statements streams the statements that match f in key order: canonical
// id, entity id, dataset, property, value (byte order). A schema filter
// keeps the statements of the entities whose schema statements in f's
// datasets name one of the schemata or a descendant. Each statement is
// yielded in memory of its own that the caller may keep. Errors,
// consistency and cost as for Entities.
func (s *Store) Statements(ctx context.Context, f tideline.EntityFilter) iter.Seq2[*tideline.Statement, error] {
	return func(yield func(*tideline.Statement, error) bool) {
		descendants, err := s.model.Descendants(f.Schemata)
		if err != nil {
			yield(nil, err)
			return
		}
		c := newCursor(f.IDs)
		var (
			scratch []uint32
			fl      filter
		)
		for more := true; more; {
			var buf []tideline.Statement // fresh for each chunk: the caller may keep the pointers
			var err error
			more, err = c.chunk(ctx, s, func() { fl = s.filter(f, descendants) }, func(can uint32, g []uint32) int {
				if fl.schemata != nil && !s.qualifies(g, &fl) {
					return 0
				}
				if buf == nil {
					buf = make([]tideline.Statement, 0, chunkStatements)
				}
				n := 0
				for _, p := range s.inOrder(can, g, &scratch) {
					if !s.inDatasets(&fl, p) {
						continue
					}
					buf = append(buf, tideline.Statement{})
					s.statement(&buf[len(buf)-1], p)
					n++
				}
				return n
			})
			if err != nil {
				yield(nil, err)
				return
			}
			for i := range buf {
				if err := ctx.Err(); err != nil {
					yield(nil, fmt.Errorf("memstore: %w", err))
					return
				}
				if !yield(&buf[i], nil) {
					return
				}
			}
		}
	}
}

// Counts returns the number of statements and of distinct canonical ids.
// O(1). Errors: ctx.Err() (wrapped) when ctx has ended; internal after
// Close.
func (s *Store) Counts(ctx context.Context) (statements, entities int, err error) {
	if err := s.rlock(ctx); err != nil {
		return 0, 0, err
	}
	defer s.mu.RUnlock()
	return s.nrec, s.live, nil
}

// filter is an EntityFilter resolved against the store's names.
type filter struct {
	datasets   map[uint32]bool // nil: every dataset
	schemata   map[uint32]bool // schema names of f.Schemata and their descendants; nil: no schema filter
	propSchema uint32          // name index of tideline.PropSchema
	hasSchema  bool            // whether propSchema is valid
}

// filter resolves f against the store's names; schemata are the names of
// f.Schemata and their descendants. Callers hold mu.
func (s *Store) filter(f tideline.EntityFilter, schemata []string) filter {
	var fl filter
	if len(f.Datasets) > 0 {
		fl.datasets = map[uint32]bool{}
		for _, d := range f.Datasets {
			if n, ok := s.nameNum[d]; ok {
				fl.datasets[n] = true
			}
		}
	}
	if len(f.Schemata) > 0 {
		fl.schemata = map[uint32]bool{}
		for _, name := range schemata {
			if n, ok := s.nameNum[name]; ok {
				fl.schemata[n] = true
			}
		}
		fl.propSchema, fl.hasSchema = s.nameNum[tideline.PropSchema]
	}
	return fl
}

// inDatasets reports whether the statement at pos is in one of fl's
// datasets. Callers hold mu.
func (s *Store) inDatasets(fl *filter, pos uint32) bool {
	return fl.datasets == nil || fl.datasets[s.attrs[s.rec(pos).attr].dataset]
}

// qualifies reports whether one of the statements at g is a schema
// statement in fl's datasets naming one of fl's schemata. Callers hold mu.
func (s *Store) qualifies(g []uint32, fl *filter) bool {
	if !fl.hasSchema {
		return false
	}
	for _, p := range g {
		r := s.rec(p)
		a := &s.attrs[r.attr]
		if a.prop == fl.propSchema && fl.schemata[a.schema] && (fl.datasets == nil || fl.datasets[a.dataset]) {
			return true
		}
	}
	return false
}

// cursor walks the non-empty canonical groups in id order, a chunk at a
// time, from where it stopped: by position in the sorted ids of an id
// filter, or by the last id visited in the store's order (which may have
// grown in between).
type cursor struct {
	ids     []string // sorted, unique ids of an id filter
	all     bool     // no id filter: every group
	next    int      // index in ids of the next id
	last    string   // all: the last id visited
	started bool     // all: whether last is set
}

func newCursor(ids []string) *cursor {
	if len(ids) == 0 {
		return &cursor{all: true}
	}
	ids = slices.Clone(ids)
	slices.Sort(ids)
	return &cursor{ids: slices.Compact(ids)}
}

// chunk takes the read lock, calls begin, then visit for the groups that
// follow the last one visited, until visit has returned chunkStatements in
// all or no group is left, and releases the lock. It reports whether groups
// may be left.
func (c *cursor) chunk(ctx context.Context, s *Store, begin func(), visit func(can uint32, g []uint32) int) (bool, error) {
	lock := s.rlock
	if c.all {
		lock = s.rlockSorted
	}
	if err := lock(ctx); err != nil {
		return false, err
	}
	defer s.mu.RUnlock()
	begin()
	n := 0
	if !c.all {
		for c.next < len(c.ids) && n < chunkStatements {
			id := c.ids[c.next]
			c.next++
			if k, ok := s.idNum[id]; ok && len(s.groups[k]) > 0 {
				n += visit(k, s.groups[k])
			}
		}
		return c.next < len(c.ids), nil
	}
	order := s.order
	i := 0
	if c.started {
		i = sort.Search(len(order), func(i int) bool { return s.ids[order[i]] > c.last })
	}
	for ; i < len(order) && n < chunkStatements; i++ {
		k := order[i]
		c.last, c.started = s.ids[k], true
		if g := s.groups[k]; len(g) > 0 {
			n += visit(k, g)
		}
	}
	return i < len(order), nil
}

// inOrder returns the positions in g, the group of canonical id number
// can, in key order (entity id, "" for the canonical entity itself, then
// dataset, property and value): g itself when it is sorted, else a sorted
// copy made in *buf (whose memory it reuses). Callers hold mu.
func (s *Store) inOrder(can uint32, g []uint32, buf *[]uint32) []uint32 {
	if s.inKeyOrder(can) {
		return g
	}
	*buf = append((*buf)[:0], g...)
	slices.SortFunc(*buf, func(a, b uint32) int { return s.compareKey(can, a, b) })
	return *buf
}

// compareKey orders two statements of canonical id number can by the SQLite
// store's primary key: entity id ("" for can itself), dataset, property,
// value. No two statements have the same key.
func (s *Store) compareKey(can, a, b uint32) int {
	ra, rb := s.rec(a), s.rec(b)
	if ra.entity != rb.entity {
		ea, eb := s.ids[ra.entity], s.ids[rb.entity]
		if ra.entity == can {
			ea = ""
		}
		if rb.entity == can {
			eb = ""
		}
		if c := strings.Compare(ea, eb); c != 0 {
			return c
		}
	}
	aa, ab := &s.attrs[ra.attr], &s.attrs[rb.attr]
	if aa.dataset != ab.dataset {
		if c := strings.Compare(s.names[aa.dataset], s.names[ab.dataset]); c != 0 {
			return c
		}
	}
	if aa.prop != ab.prop {
		if c := strings.Compare(s.names[aa.prop], s.names[ab.prop]); c != 0 {
			return c
		}
	}
	return strings.Compare(s.text.value(ra.text), s.text.value(rb.text))
}

// compareProvenance orders two statements by property, value and dataset,
// then by key.
func (s *Store) compareProvenance(can, a, b uint32) int {
	ra, rb := s.rec(a), s.rec(b)
	aa, ab := &s.attrs[ra.attr], &s.attrs[rb.attr]
	if aa.prop != ab.prop {
		if c := strings.Compare(s.names[aa.prop], s.names[ab.prop]); c != 0 {
			return c
		}
	}
	if c := strings.Compare(s.text.value(ra.text), s.text.value(rb.text)); c != 0 {
		return c
	}
	if aa.dataset != ab.dataset {
		if c := strings.Compare(s.names[aa.dataset], s.names[ab.dataset]); c != 0 {
			return c
		}
	}
	return s.compareKey(can, a, b)
}

// entityRow fills st with the fields of the statement at pos that
// AssembleEntity reads. Callers hold mu.
func (s *Store) entityRow(st *tideline.Statement, pos uint32) {
	r := s.rec(pos)
	a := &s.attrs[r.attr]
	*st = tideline.Statement{
		EntityID: s.ids[r.entity], CanonicalID: s.ids[r.canonical],
		Schema: s.names[a.schema], Prop: s.names[a.prop], Value: s.text.value(r.text),
		Dataset: s.names[a.dataset], FirstSeen: fromMicro(r.first), LastSeen: fromMicro(r.last),
	}
}

// statement fills st with the statement at pos, deriving its id. Callers
// hold mu.
func (s *Store) statement(st *tideline.Statement, pos uint32) {
	r := s.rec(pos)
	a := &s.attrs[r.attr]
	value, original, invalid := s.text.text(r.text)
	entity, dataset, prop := s.ids[r.entity], s.names[a.dataset], s.names[a.prop]
	*st = tideline.Statement{
		ID:       tideline.StatementID(dataset, entity, prop, value),
		EntityID: entity, CanonicalID: s.ids[r.canonical],
		Schema: s.names[a.schema], Prop: prop, PropType: s.attrType[r.attr],
		Value: value, OriginalValue: original, Lang: s.names[a.lang],
		Dataset: dataset, Agency: s.names[a.agency],
		Grading: tideline.Grading{Source: a.source, Intelligence: a.intelligence, Handling: a.handling, Conditions: s.names[a.conditions]},
		Origin:  joinOrigin(s.names[a.file], r.line), Invalid: invalid,
		FirstSeen: fromMicro(r.first), LastSeen: fromMicro(r.last),
	}
}
