package tideline

import (
	"context"
	"iter"
	"sort"
	"time"
)

// Store persists statements and assembles entities from them. The SQLite
// store (internal/sqlite) is the embedded default; a PostgreSQL store
// implements the same interface for multi-user deployments. Both pass the
// conformance suite in internal/storetest.
//
// Every method takes a context first and returns *Error codes as documented;
// any other error is internal.
type Store interface {
	// WriteStatements upserts stmts in one transaction and returns how many
	// were new. A statement whose ID already exists keeps the earlier
	// FirstSeen and the later LastSeen; its other fields take the new
	// values (a re-graded record updates the grading). Loading the same
	// input twice therefore adds nothing. Statements without ID, EntityID,
	// Schema, Prop or Dataset give EINVALID and nothing is written.
	WriteStatements(ctx context.Context, stmts []Statement) (inserted int, err error)

	// PutDataset records or updates a dataset's metadata.
	PutDataset(ctx context.Context, d Dataset) error

	// Datasets lists every dataset that has metadata or statements, by name.
	Datasets(ctx context.Context) ([]DatasetStats, error)

	// Entity assembles the entity with the given (canonical) id from all its
	// statements. ENOTFOUND when it has none.
	Entity(ctx context.Context, id string) (*Entity, error)

	// EntityStatements returns the statements of the entity with the given
	// (canonical) id, ordered by property, value and dataset: the provenance
	// of every value. ENOTFOUND when it has none.
	EntityStatements(ctx context.Context, id string) ([]Statement, error)

	// Entities streams the entities that match f, assembled from the
	// statements that match f, in id order. Memory is bounded by the largest
	// entity, not by the store's size.
	Entities(ctx context.Context, f EntityFilter) iter.Seq2[*Entity, error]

	// Statements streams the statements that match f, ordered by canonical
	// id, property and value.
	Statements(ctx context.Context, f EntityFilter) iter.Seq2[*Statement, error]

	// Counts returns the number of statements and of distinct entities.
	Counts(ctx context.Context) (statements, entities int, err error)

	// Close releases the store.
	Close() error
}

// EntityFilter selects statements, and so entities. Empty fields select all.
type EntityFilter struct {
	Datasets []string // only statements from these datasets
	Schemata []string // only entities of these schemata or their descendants
	IDs      []string // only these canonical ids
}

// DatasetStats is a dataset with what the store holds of it.
type DatasetStats struct {
	Dataset
	Statements int
	Entities   int
	FirstSeen  time.Time
	LastSeen   time.Time
}

// AssembleEntity builds the entity with canonical id from its statements,
// which must all share that canonical id. The schema is the common schema of
// the schema statements (EINVALID when they conflict), properties keep the
// statements' order without duplicates, datasets are the sorted union and the
// seen dates span all statements. Invalid values are kept as written.
// O(n) in the number of statements.
func AssembleEntity(m *Model, id string, stmts []Statement) (*Entity, error) {
	e := &Entity{ID: id, Properties: map[string][]string{}}
	var schema *Schema
	var first, last time.Time
	datasets := map[string]bool{}
	referents := map[string]bool{}
	for i := range stmts {
		s := &stmts[i]
		datasets[s.Dataset] = true
		if s.EntityID != id {
			referents[s.EntityID] = true
		}
		if first.IsZero() || s.FirstSeen.Before(first) {
			first = s.FirstSeen
		}
		if s.LastSeen.After(last) {
			last = s.LastSeen
		}
		sc := m.Schema(s.Schema)
		if sc == nil {
			return nil, Errorf(EINVALID, "entity %s: unknown schema %q in dataset %s", id, s.Schema, s.Dataset)
		}
		c, err := m.Common(schema, sc)
		if err != nil {
			return nil, Errorf(EINVALID, "entity %s: %s", id, ErrorMessage(err))
		}
		schema = c
		switch s.Prop {
		case PropSchema:
		case PropDatasets:
			datasets[s.Value] = true
		case PropReferents:
			referents[s.Value] = true
		default:
			e.Add(s.Prop, s.Value)
		}
	}
	if schema == nil {
		return nil, Errorf(ENOTFOUND, "entity %s not found", id)
	}
	e.Schema = schema.Name
	for d := range datasets {
		e.Datasets = append(e.Datasets, d)
	}
	sort.Strings(e.Datasets)
	for r := range referents {
		e.Referents = append(e.Referents, r)
	}
	sort.Strings(e.Referents)
	if !first.IsZero() {
		e.FirstSeen = first.UTC().Format("2006-01-02T15:04:05")
	}
	if !last.IsZero() {
		e.LastSeen = last.UTC().Format("2006-01-02T15:04:05")
	}
	return e, nil
}

// GroupEntities assembles entities from stmts, a stream ordered by canonical
// id: each run of statements sharing a canonical id is one entity
// (AssembleEntity). An entity that cannot be assembled is yielded with its
// EINVALID error and the stream goes on if the caller continues; an error
// from stmts is yielded and ends it. Memory is bounded by the largest
// entity. Stores use it to implement Store.Entities.
func GroupEntities(m *Model, stmts iter.Seq2[Statement, error]) iter.Seq2[*Entity, error] {
	return func(yield func(*Entity, error) bool) {
		var group []Statement
		emit := func() bool {
			e, err := AssembleEntity(m, group[0].CanonicalID, group)
			group = group[:0]
			return yield(e, err)
		}
		for s, err := range stmts {
			if err != nil {
				yield(nil, err)
				return
			}
			if len(group) > 0 && group[0].CanonicalID != s.CanonicalID && !emit() {
				return
			}
			group = append(group, s)
		}
		if len(group) > 0 {
			emit()
		}
	}
}
