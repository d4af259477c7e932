package tideline

import (
	"context"
	"iter"
	"strings"
	"time"
	"unicode/utf8"
)

// Verdict is an analyst's decision on whether two entities are one.
type Verdict string

// Verdicts.
const (
	VerdictMatch   Verdict = "match"    // the same entity: merged whatever the score
	VerdictNoMatch Verdict = "no_match" // different entities: never merged, even through others
	VerdictUnsure  Verdict = "unsure"   // looked at, undecided: kept out of the review queue
)

// Judgement is an analyst's decision on two entities (their ids as loaded,
// not canonical ids), kept as a record: who decided, when and why. Every
// resolution run respects the judgements in force; undoing one keeps the
// record and marks when and by whom it was undone.
type Judgement struct {
	ID       int64     `json:"id"`
	A        string    `json:"a"`
	B        string    `json:"b"`
	Verdict  Verdict   `json:"verdict"`
	User     string    `json:"user"`
	Reason   string    `json:"reason"`
	At       time.Time `json:"at"`
	UndoneAt time.Time `json:"undone_at,omitzero"`
	UndoneBy string    `json:"undone_by,omitempty"`
}

// InForce reports whether the judgement has not been undone.
func (j *Judgement) InForce() bool { return j.UndoneAt.IsZero() }

// Validate reports EINVALID when an id, the user or the verdict is
// missing or malformed, the two ids are equal, or the reason is over 2,000
// characters.
func (j *Judgement) Validate() error {
	for _, f := range []struct{ name, v string }{{"first entity id", j.A}, {"second entity id", j.B}, {"user", j.User}} {
		if strings.TrimSpace(f.v) == "" {
			return Errorf(EINVALID, "judgement: %s required", f.name)
		}
		if !utf8.ValidString(f.v) || len(f.v) > 1024 {
			return Errorf(EINVALID, "judgement: %s must be valid UTF-8 of at most 1024 bytes", f.name)
		}
	}
	if j.A == j.B {
		return Errorf(EINVALID, "judgement: an entity cannot be judged against itself")
	}
	switch j.Verdict {
	case VerdictMatch, VerdictNoMatch, VerdictUnsure:
	default:
		return Errorf(EINVALID, "judgement: verdict %q: use match, no_match or unsure", j.Verdict)
	}
	if utf8.RuneCountInString(j.Reason) > 2000 || !utf8.ValidString(j.Reason) {
		return Errorf(EINVALID, "judgement: the reason must be valid UTF-8 of at most 2,000 characters")
	}
	return nil
}

// JudgementFilter selects judgements. Empty fields select all.
type JudgementFilter struct {
	EntityID string // judgements on this entity (either side)
	InForce  bool   // only those not undone
}

// Canonical maps an entity (as loaded) to the canonical id of the resolved
// entity it belongs to.
type Canonical struct {
	EntityID    string `json:"entity_id"`
	CanonicalID string `json:"canonical_id"`
}

// ReviewItem is a pair of entities the last resolution run was unsure of,
// for an analyst to judge.
type ReviewItem struct {
	A           string  `json:"a"`
	B           string  `json:"b"`
	Probability float64 `json:"probability"`
	Weight      float64 `json:"weight"` // Fellegi-Sunter match weight, bits
	Note        string  `json:"note,omitempty"`
}

// ResolutionStore keeps the outcome of entity resolution: each entity's
// canonical id, analysts' judgements, the review queue and the trained
// models. The SQLite and PostgreSQL stores implement it; storetest checks
// both.
type ResolutionStore interface {
	// SetCanonicals sets the canonical id of each entity given and moves
	// its statements under it; CanonicalID equal to EntityID (or "")
	// makes the entity its own again. Later writes of statements for a
	// mapped entity go under its canonical id. Returns the number of
	// entities whose canonical id changed. EINVALID for an empty entity id.
	SetCanonicals(ctx context.Context, mapping []Canonical) (changed int, err error)

	// Canonicals streams every entity whose canonical id is not its own,
	// in entity id order.
	Canonicals(ctx context.Context) iter.Seq2[Canonical, error]

	// CanonicalOf returns the canonical id of an entity (its own id when
	// it has not been merged).
	CanonicalOf(ctx context.Context, entityID string) (string, error)

	// AddJudgement records j (Validate first; ID and At are set) and
	// returns it as stored.
	AddJudgement(ctx context.Context, j Judgement) (Judgement, error)

	// UndoJudgement marks judgement id undone by user at the time given.
	// ENOTFOUND when there is none; ECONFLICT when it is already undone.
	UndoJudgement(ctx context.Context, id int64, user string, at time.Time) (Judgement, error)

	// Judgements lists the judgements that match f, oldest first.
	Judgements(ctx context.Context, f JudgementFilter) ([]Judgement, error)

	// ReplaceReview replaces the review queue with items, in their order.
	ReplaceReview(ctx context.Context, items []ReviewItem) error

	// Review returns the first limit items of the review queue (all when
	// limit <= 0).
	Review(ctx context.Context, limit int) ([]ReviewItem, error)

	// PutModel stores a trained model (opaque bytes) under name.
	PutModel(ctx context.Context, name string, data []byte) error

	// Model returns the model stored under name; ENOTFOUND when none is.
	Model(ctx context.Context, name string) ([]byte, error)
}

// ValidateCanonicals reports EINVALID for a mapping that names an empty
// entity id or one entity twice (which of two canonical ids would win is
// not defined). Stores call it before changing anything. O(len(mapping)).
func ValidateCanonicals(mapping []Canonical) error {
	seen := make(map[string]bool, len(mapping))
	for _, c := range mapping {
		if c.EntityID == "" {
			return Errorf(EINVALID, "canonical id for an empty entity id")
		}
		if seen[c.EntityID] {
			return Errorf(EINVALID, "entity %q is given twice in one canonical mapping", c.EntityID)
		}
		seen[c.EntityID] = true
	}
	return nil
}
