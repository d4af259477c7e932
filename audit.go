package tideline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"iter"
	"time"
)

// Audit actions.
const (
	AuditSearch     = "search"     // a search; Object is the query, Purpose required for searches on persons
	AuditView       = "view"       // an entity read; Object is its id
	AuditExport     = "export"     // an export or disclosure; Object what left, Detail to whom
	AuditIngest     = "ingest"     // records loaded; Object the dataset
	AuditJudgement  = "judgement"  // a resolution judgement made or undone
	AuditPermission = "permission" // a user, share, owner or operation change
	AuditSignIn     = "sign_in"    // a sign-in, successful or not (Detail says which)
	AuditAnalysis   = "analysis"   // a network analysis, path or neighbourhood query
)

// AuditRecord is one entry of the audit trail kept under the Data
// Protection Act 2018 s.62 (logging of law-enforcement processing): who did
// what to which object, when, and the purpose they gave. Records form a
// hash chain: Hash is the SHA-256 of the previous record's Hash and this
// record's fields (AuditHash), so an edited, deleted, inserted or reordered
// record breaks the chain at that point (VerifyAudit).
type AuditRecord struct {
	Seq     int64     `json:"seq"` // 1, 2, 3... in the order appended
	At      time.Time `json:"at"`  // UTC, millisecond precision
	User    string    `json:"user"`
	Agency  string    `json:"agency"`
	Action  string    `json:"action"`
	Object  string    `json:"object"`
	Purpose string    `json:"purpose,omitempty"`
	Detail  string    `json:"detail,omitempty"`
	Prev    string    `json:"prev"` // hex Hash of record Seq-1; "" for the first
	Hash    string    `json:"hash"`
}

// AuditHash returns the hex SHA-256 of r's chained content: the JSON
// encoding of [Seq, At (RFC 3339, milliseconds, UTC), User, Agency,
// Action, Object, Purpose, Detail, Prev]. Hash itself is not covered.
func AuditHash(r *AuditRecord) string {
	b, _ := json.Marshal([]any{r.Seq, r.At.UTC().Format("2006-01-02T15:04:05.000Z07:00"), r.User, r.Agency, r.Action,
		r.Object, r.Purpose, r.Detail, r.Prev})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// AuditFilter selects audit records; empty fields select all.
type AuditFilter struct {
	User     string // records of this user
	Object   string // records on this object (an entity id: "who consulted X")
	Action   string
	From, To time.Time // At in [From, To)
}

// AuditLog is the append-only audit trail. Stores offer no way to change
// or remove a record.
type AuditLog interface {
	// AppendAudit appends r, setting Seq, At (when zero), Prev and Hash
	// under one lock so that concurrent appends chain in order; returns
	// the record as stored.
	AppendAudit(ctx context.Context, r AuditRecord) (AuditRecord, error)
	// AuditRecords streams the records matching f in Seq order.
	AuditRecords(ctx context.Context, f AuditFilter) iter.Seq2[AuditRecord, error]
}

// AuditBreak is where a chain first fails to verify.
type AuditBreak struct {
	Seq    int64  // the position at which the chain breaks (the Seq expected there)
	Reason string // what is wrong: a hash mismatch (edited), a record missing or out of order, a prev that does not match
}

// VerifyAudit walks records (the whole trail, in the order stored) and
// returns the first break, nil when the chain holds, with the number of
// records checked. An edited record fails its hash (or, re-hashed, the next
// record's Prev); a deleted one leaves a gap in Seq; reordered ones come
// out of sequence. Removing the newest records leaves a shorter chain that
// verifies: compare the count and last hash VerifyAudit's caller prints
// with a copy kept elsewhere. O(n) time, O(1) memory.
func VerifyAudit(records iter.Seq2[AuditRecord, error]) (*AuditBreak, int64, error) {
	var n int64
	prev := ""
	for r, err := range records {
		if err != nil {
			return nil, n, err
		}
		want := n + 1
		switch {
		case r.Seq < want:
			return &AuditBreak{Seq: want, Reason: fmt.Sprintf("out of order: record %d where %d was expected", r.Seq, want)}, n, nil
		case r.Seq > want:
			return &AuditBreak{Seq: want, Reason: fmt.Sprintf("record missing or out of order: record %d where %d was expected", r.Seq, want)}, n, nil
		case r.Prev != prev:
			return &AuditBreak{Seq: r.Seq, Reason: "prev does not match the hash of the record before"}, n, nil
		case AuditHash(&r) != r.Hash:
			return &AuditBreak{Seq: r.Seq, Reason: "hash mismatch (edited)"}, n, nil
		}
		prev = r.Hash
		n++
	}
	return nil, n, nil
}
