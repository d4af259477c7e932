package memstore

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tideline-oss/tideline"
)

var (
	_ tideline.Store           = (*Store)(nil)
	_ tideline.ResolutionStore = (*Store)(nil)
)

// Store is a Tideline store held in memory: it implements tideline.Store
// and tideline.ResolutionStore with the semantics of the SQLite store, and
// loses everything when the process ends. Create it with New.
//
// A Store is safe for concurrent use. One RWMutex guards it: writes take it
// exclusively for the whole batch (so a batch is applied atomically), reads
// share it. Streams (Entities, Statements, Canonicals) hold it only while
// they gather a chunk of about a thousand statements and never while the
// caller's loop body runs, so the caller may read or write the store from
// inside the loop. The first stream after a write takes the lock
// exclusively for a moment to sort what the write changed.
type Store struct {
	// Now returns the current time. WriteStatements stamps statements whose
	// FirstSeen or LastSeen is zero with it, AddJudgement and UndoJudgement
	// judgements without a time. It defaults to time.Now and must not be
	// changed while the Store is in use.
	Now func() time.Time

	mu     sync.RWMutex
	closed bool
	model  *tideline.Model

	text  arena      // entity ids and statement texts
	recs  [][]record // statements, in chunks of recChunk
	nrec  int        // statements
	index index      // statement id -> position in recs

	ids     []string          // entity and canonical ids (arena strings), by id number
	idNum   map[string]uint32 // id -> id number
	groups  [][]uint32        // by id number: positions of the statements filed under that canonical id
	live    int               // id numbers with a non-empty group: the number of entities
	order   []uint32          // id numbers sorted by id, but for pending
	pending []uint32          // id numbers added since order was last merged
	dirty   []uint32          // id numbers whose group may be out of key order
	isDirty []uint64          // bit set of the id numbers in dirty

	names    []string          // datasets, schemata, properties, languages, agencies, conditions, files
	nameNum  map[string]uint32 // name -> index in names
	attrs    []attr            // distinct statement attributes
	attrNum  map[attr]uint32   // attr -> index in attrs
	attrType []tideline.PropertyType

	canon map[uint32]uint32 // entity id number -> canonical id number, for merged entities only

	datasets   map[string]tideline.Dataset
	judgements []tideline.Judgement // by id - 1
	review     []tideline.ReviewItem
	models     map[string][]byte
}

// record is one statement, 40 bytes with no pointers (so the garbage
// collector never scans the record chunks). Its id is derived on read from
// the dataset, entity, property and value (tideline.StatementID), as in the
// SQLite store.
type record struct {
	canonical uint32 // id number of the canonical id it is filed under
	entity    uint32 // id number of the entity id
	attr      uint32 // index in Store.attrs
	line      uint32 // line of the origin, 0 when it has none
	text      uint64 // arena reference of value, original value and invalid reason
	first     int64  // Unix microseconds, UTC
	last      int64
}

// attr is what statements share: their dataset, schema, property, language
// and provenance, as indices in Store.names, and the grading bytes.
type attr struct {
	dataset, schema, prop, lang, agency, conditions, file uint32
	source, intelligence, handling                        byte
}

// Record chunks: 65,536 records (2.5 MiB) each, the first growing to that
// size, so the store never copies more than one chunk when it grows.
const (
	recShift = 16
	recChunk = 1 << recShift
)

// maxRecords bounds the number of statements and of ids: both are numbered
// with uint32, and the index stores position+1.
const maxRecords = math.MaxUint32 - 1

// New returns an empty store with Tideline's default model (for entity
// assembly and property types). O(1).
func New() *Store {
	return &Store{
		Now:      time.Now,
		model:    tideline.DefaultModel(),
		idNum:    map[string]uint32{},
		nameNum:  map[string]uint32{},
		attrNum:  map[attr]uint32{},
		canon:    map[uint32]uint32{},
		datasets: map[string]tideline.Dataset{},
		models:   map[string][]byte{},
	}
}

// Close releases the store's memory; every later call returns an internal
// error. Calling Close again does nothing. Close must not be called while
// other methods are running. It always returns nil.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	s.text, s.recs, s.nrec, s.index = arena{}, nil, 0, index{}
	s.ids, s.idNum, s.groups, s.live, s.order, s.pending, s.dirty, s.isDirty = nil, nil, nil, 0, nil, nil, nil, nil
	s.names, s.nameNum, s.attrs, s.attrNum, s.attrType = nil, nil, nil, nil, nil
	s.canon, s.datasets, s.judgements, s.review, s.models = nil, nil, nil, nil, nil
	return nil
}

// check returns ctx's error (wrapped) or the closed-store error. Callers
// hold mu.
func (s *Store) check(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memstore: %w", err)
	}
	if s.closed {
		return fmt.Errorf("memstore: store is closed")
	}
	return nil
}

// rlock takes the read lock and checks ctx and Close; on error the lock is
// not held.
func (s *Store) rlock(ctx context.Context) error {
	s.mu.RLock()
	if err := s.check(ctx); err != nil {
		s.mu.RUnlock()
		return err
	}
	return nil
}

// rlockSorted takes the read lock with order and every group in key order
// (sorting what writes left unsorted under the write lock first, when
// needed) and checks ctx and Close; on error the lock is not held.
func (s *Store) rlockSorted(ctx context.Context) error {
	for {
		if err := s.rlock(ctx); err != nil {
			return err
		}
		if len(s.pending) == 0 && len(s.dirty) == 0 {
			return nil
		}
		s.mu.RUnlock()
		s.mu.Lock()
		s.mergePending()
		s.sortDirty()
		s.mu.Unlock()
	}
}

// markDirty records that the group of canonical id number c may be out of
// key order. Callers hold mu exclusively.
func (s *Store) markDirty(c uint32) {
	if len(s.groups[c]) < 2 {
		return
	}
	w, bit := c/64, uint64(1)<<(c%64)
	for int(w) >= len(s.isDirty) {
		s.isDirty = append(s.isDirty, 0)
	}
	if s.isDirty[w]&bit == 0 {
		s.isDirty[w] |= bit
		s.dirty = append(s.dirty, c)
	}
}

// inKeyOrder reports whether the group of canonical id number c is sorted
// in key order. Callers hold mu.
func (s *Store) inKeyOrder(c uint32) bool {
	w := c / 64
	return int(w) >= len(s.isDirty) || s.isDirty[w]&(uint64(1)<<(c%64)) == 0
}

// sortDirty sorts the groups that writes left out of key order. O(k log k)
// per group of k statements. Callers hold mu exclusively.
func (s *Store) sortDirty() {
	for _, c := range s.dirty {
		slices.SortFunc(s.groups[c], func(a, b uint32) int { return s.compareKey(c, a, b) })
		s.isDirty[c/64] &^= uint64(1) << (c % 64)
	}
	s.dirty = nil
}

// mergePending sorts the ids added since the last merge into order.
// O(E + k log k) for E ids and k pending. Callers hold mu exclusively.
func (s *Store) mergePending() {
	if len(s.pending) == 0 {
		return
	}
	byID := func(a, b uint32) int { return strings.Compare(s.ids[a], s.ids[b]) }
	slices.SortFunc(s.pending, byID)
	merged := make([]uint32, 0, len(s.order)+len(s.pending))
	i, j := 0, 0
	for i < len(s.order) && j < len(s.pending) {
		if byID(s.order[i], s.pending[j]) <= 0 {
			merged = append(merged, s.order[i])
			i++
		} else {
			merged = append(merged, s.pending[j])
			j++
		}
	}
	merged = append(merged, s.order[i:]...)
	merged = append(merged, s.pending[j:]...)
	s.order, s.pending = merged, nil
}

// rec returns the record at pos. The pointer is valid until the next record
// is appended.
func (s *Store) rec(pos uint32) *record {
	return &s.recs[pos>>recShift][pos&(recChunk-1)]
}

// appendRecord stores r and returns its position. O(1) amortised.
func (s *Store) appendRecord(r record) uint32 {
	pos := uint32(s.nrec)
	if len(s.recs) == 0 || len(s.recs[len(s.recs)-1]) == recChunk {
		if len(s.recs) > 0 {
			// Start a new chunk at full size; the first grows by append.
			s.recs = append(s.recs, make([]record, 0, recChunk))
		} else {
			s.recs = append(s.recs, nil)
		}
	}
	last := &s.recs[len(s.recs)-1]
	*last = append(*last, r)
	s.nrec++
	return pos
}

// idOf returns the id number of id, adding it when new. O(len(id)).
func (s *Store) idOf(id string) uint32 {
	if n, ok := s.idNum[id]; ok {
		return n
	}
	n := uint32(len(s.ids))
	id = s.text.str(id)
	s.ids = append(s.ids, id)
	s.idNum[id] = n
	s.groups = append(s.groups, nil)
	s.pending = append(s.pending, n)
	return n
}

// nameOf returns the index of name in names, adding it when new.
func (s *Store) nameOf(name string) uint32 {
	if n, ok := s.nameNum[name]; ok {
		return n
	}
	n := uint32(len(s.names))
	name = strings.Clone(name)
	s.names = append(s.names, name)
	s.nameNum[name] = n
	return n
}

// attrOf returns the index of a in attrs, adding it when new.
func (s *Store) attrOf(a attr) uint32 {
	if n, ok := s.attrNum[a]; ok {
		return n
	}
	n := uint32(len(s.attrs))
	s.attrs = append(s.attrs, a)
	s.attrNum[a] = n
	s.attrType = append(s.attrType, propType(s.model, s.names[a.schema], s.names[a.prop]))
	return n
}

// addToGroup files the statements at pos under canonical id number c.
func (s *Store) addToGroup(c uint32, pos []uint32) {
	if len(pos) == 0 {
		return
	}
	if len(s.groups[c]) == 0 {
		s.live++
	}
	s.groups[c] = append(s.groups[c], pos...)
	s.markDirty(c)
}

// removeFromGroup takes the statement at pos out of canonical id number c's
// group. O(size of the group).
func (s *Store) removeFromGroup(c, pos uint32) {
	g := s.groups[c]
	i := slices.Index(g, pos)
	if i < 0 {
		return
	}
	g[i] = g[len(g)-1]
	g = g[:len(g)-1]
	if len(g) == 0 {
		g = nil // release the memory of an entity that moved away
		s.live--
	}
	s.groups[c] = g
	s.markDirty(c)
}

// propType derives a statement's property type from the model, as the
// SQLite store does on read.
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

// splitOrigin splits "file:line" into its parts; an origin without a
// numeric line suffix (or with one that does not fit 32 bits) is all file.
// It normalises the line as the SQLite store does ("f.csv:012" reads back
// as "f.csv:12").
func splitOrigin(origin string) (string, uint32) {
	if i := strings.LastIndexByte(origin, ':'); i >= 0 && i < len(origin)-1 && origin[i+1] != '+' {
		if n, err := strconv.ParseUint(origin[i+1:], 10, 32); err == nil && n > 0 {
			return origin[:i], uint32(n)
		}
	}
	return origin, 0
}

func joinOrigin(file string, line uint32) string {
	if line > 0 {
		return file + ":" + strconv.FormatUint(uint64(line), 10)
	}
	return file
}

// micro converts t to Unix microseconds, the stored form of times.
func micro(t time.Time) int64 { return t.UnixMicro() }

// fromMicro converts stored Unix microseconds back to a UTC time.
func fromMicro(v int64) time.Time { return time.UnixMicro(v).UTC() }
