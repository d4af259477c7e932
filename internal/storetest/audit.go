package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
)

// AuditStore is a store that keeps the audit trail.
type AuditStore interface {
	tideline.AuditLog
	Close() error
}

// RunAudit runs the audit part of the conformance suite: AppendAudit sets
// Seq, At, Prev and Hash so that the records chain (tideline.VerifyAudit),
// also when many goroutines append at once; AuditRecords streams in Seq
// order and filters by user, object, action and time. open must return a
// new, empty store for each call; RunAudit closes it.
func RunAudit(t *testing.T, open func(t *testing.T) AuditStore) {
	for _, tt := range []struct {
		name string
		fn   func(t *testing.T, s AuditStore)
	}{
		{"AppendAndRead", testAppendAudit},
		{"CallerFieldsIgnored", testAuditCallerFields},
		{"Filters", testAuditFilters},
		{"ConcurrentAppends", testAuditConcurrent},
		{"Invalid", testAuditInvalid},
		{"EarlyBreak", testAuditEarlyBreak},
		{"Empty", testAuditEmpty},
		{"AuditContextCancelled", testAuditCancelled},
	} {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, openAudit(t, open)) })
	}
}

func openAudit(t *testing.T, open func(t *testing.T) AuditStore) AuditStore {
	s := open(t)
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close() = %v; want nil", err)
		}
	})
	return s
}

func mustAppend(t *testing.T, s tideline.AuditLog, r tideline.AuditRecord) tideline.AuditRecord {
	t.Helper()
	got, err := s.AppendAudit(context.Background(), r)
	if err != nil {
		t.Fatalf("AppendAudit(%+v) error: %v", r, err)
	}
	return got
}

func auditRecords(t *testing.T, s tideline.AuditLog, f tideline.AuditFilter) []tideline.AuditRecord {
	t.Helper()
	var out []tideline.AuditRecord
	for r, err := range s.AuditRecords(context.Background(), f) {
		if err != nil {
			t.Fatalf("AuditRecords(%+v) error: %v", f, err)
		}
		out = append(out, r)
	}
	return out
}

func seqs(rs []tideline.AuditRecord) []int64 {
	out := make([]int64, len(rs))
	for i, r := range rs {
		out[i] = r.Seq
	}
	return out
}

func checkRecords(t *testing.T, what string, got, want []tideline.AuditRecord) {
	t.Helper()
	ok := len(got) == len(want)
	for i := 0; ok && i < len(got); i++ {
		g, w := got[i], want[i]
		ok = g.At.Equal(w.At) && g.At.Location() == time.UTC
		g.At, w.At = time.Time{}, time.Time{}
		ok = ok && g == w
	}
	if !ok {
		t.Errorf("%s =\n%+v\nwant\n%+v", what, got, want)
	}
}

// trail appends n view records of dc.smith, a minute apart from t0, and
// returns them as stored.
func trail(t *testing.T, s tideline.AuditLog, n int) []tideline.AuditRecord {
	t.Helper()
	out := make([]tideline.AuditRecord, n)
	for i := range out {
		out[i] = mustAppend(t, s, tideline.AuditRecord{At: t0.Add(time.Duration(i) * time.Minute), User: "dc.smith", Agency: "NCA",
			Action: tideline.AuditView, Object: fmt.Sprintf("entity-%c", 'a'+i), Purpose: "op kestrel"})
	}
	return out
}

func mustVerify(t *testing.T, s tideline.AuditLog, wantN int64) string {
	t.Helper()
	b, n, err := tideline.VerifyAudit(s.AuditRecords(context.Background(), tideline.AuditFilter{}))
	if err != nil || b != nil || n != wantN {
		t.Fatalf("VerifyAudit = %+v, %d, %v; want an intact chain of %d", b, n, err, wantN)
	}
	rs := auditRecords(t, s, tideline.AuditFilter{})
	if len(rs) == 0 {
		return ""
	}
	return rs[len(rs)-1].Hash
}

func testAppendAudit(t *testing.T, s AuditStore) {
	before := time.Now()
	first := mustAppend(t, s, tideline.AuditRecord{User: "dc.smith", Agency: "NCA", Action: tideline.AuditSearch,
		Object: "Mohammed Ali", Purpose: "op kestrel: identify the pilot"})
	after := time.Now()
	if first.Seq != 1 || first.Prev != "" || first.Hash != tideline.AuditHash(&first) || len(first.Hash) != 64 {
		t.Errorf("first record = %+v; want Seq 1, Prev \"\", Hash = AuditHash", first)
	}
	checkStamp(t, "At", first.At, before, after)
	// A given At is kept, in UTC, cut to the millisecond that is hashed.
	cet := time.FixedZone("CET", 3600)
	second := mustAppend(t, s, tideline.AuditRecord{At: t1.Add(1500 * time.Microsecond).In(cet), User: "dc.smith", Agency: "NCA",
		Action: tideline.AuditView, Object: "e-123", Detail: "Ньютон Ли, 李小龍 \"quoted\" \\ <b>"})
	if second.Seq != 2 || second.Prev != first.Hash || second.Hash != tideline.AuditHash(&second) {
		t.Errorf("second record = %+v; want Seq 2 chained to %s", second, first.Hash)
	}
	if !second.At.Equal(t1.Add(time.Millisecond)) || second.At.Location() != time.UTC {
		t.Errorf("second At = %v; want %v in UTC", second.At, t1.Add(time.Millisecond))
	}
	third := mustAppend(t, s, tideline.AuditRecord{At: t2, User: "sup.jones", Agency: "BF", Action: tideline.AuditPermission,
		Object: "dataset:bf_small_boats", Detail: "share with agency NCA"})
	if third.Seq != 3 || third.Prev != second.Hash {
		t.Errorf("third record = %+v; want Seq 3 chained to %s", third, second.Hash)
	}
	checkRecords(t, "AuditRecords()", auditRecords(t, s, tideline.AuditFilter{}), []tideline.AuditRecord{first, second, third})
	if head := mustVerify(t, s, 3); head != third.Hash {
		t.Errorf("head = %s; want %s", head, third.Hash)
	}
}

// Seq, Prev and Hash given by the caller are replaced: no caller can fork
// or forge the chain.
func testAuditCallerFields(t *testing.T, s AuditStore) {
	rs := trail(t, s, 2)
	got := mustAppend(t, s, tideline.AuditRecord{Seq: 1, Prev: rs[0].Hash, Hash: strings.Repeat("0", 64), At: t3,
		User: "mallory", Action: tideline.AuditView, Object: "e-1"})
	if got.Seq != 3 || got.Prev != rs[1].Hash || got.Hash != tideline.AuditHash(&got) {
		t.Errorf("AppendAudit(Seq 1, forged prev and hash) = %+v; want Seq 3 chained to %s", got, rs[1].Hash)
	}
	mustVerify(t, s, 3)
}

func testAuditFilters(t *testing.T, s AuditStore) {
	add := func(at time.Time, user, action, object string) tideline.AuditRecord {
		return mustAppend(t, s, tideline.AuditRecord{At: at, User: user, Agency: "NCA", Action: action, Object: object})
	}
	r := []tideline.AuditRecord{
		add(t0, "dc.smith", tideline.AuditSearch, "Mohammed"),
		add(t0, "dc.smith", tideline.AuditView, "e-1"),
		add(t1, "pc.jones", tideline.AuditView, "e-1"),
		add(t1.Add(time.Millisecond), "dc.smith", tideline.AuditView, "e-2"),
		add(t2, "pc.jones", tideline.AuditExport, "e-1"),
		add(t3, "dc.smith", tideline.AuditView, "e-1"),
	}
	for _, tt := range []struct {
		name string
		f    tideline.AuditFilter
		want []int64
	}{
		{"all", tideline.AuditFilter{}, []int64{1, 2, 3, 4, 5, 6}},
		{"who consulted e-1", tideline.AuditFilter{Object: "e-1"}, []int64{2, 3, 5, 6}},
		{"what dc.smith did", tideline.AuditFilter{User: "dc.smith"}, []int64{1, 2, 4, 6}},
		{"what dc.smith saw", tideline.AuditFilter{User: "dc.smith", Action: tideline.AuditView}, []int64{2, 4, 6}},
		{"exports", tideline.AuditFilter{Action: tideline.AuditExport}, []int64{5}},
		{"from t1", tideline.AuditFilter{From: t1}, []int64{3, 4, 5, 6}},
		{"before t1", tideline.AuditFilter{To: t1}, []int64{1, 2}},
		{"[t1, t2)", tideline.AuditFilter{From: t1, To: t2}, []int64{3, 4}},
		{"[t1, t1+1ms)", tideline.AuditFilter{From: t1, To: t1.Add(time.Millisecond)}, []int64{3}},
		{"e-1 by pc.jones from t1 until t3", tideline.AuditFilter{User: "pc.jones", Object: "e-1", From: t1, To: t3}, []int64{3, 5}},
		{"unknown user", tideline.AuditFilter{User: "nobody"}, []int64{}},
		{"object is exact", tideline.AuditFilter{Object: "e-"}, []int64{}},
		{"empty range", tideline.AuditFilter{From: t2, To: t2}, []int64{}},
	} {
		got := auditRecords(t, s, tt.f)
		if fmt.Sprint(seqs(got)) != fmt.Sprint(tt.want) {
			t.Errorf("%s: AuditRecords(%+v) = seqs %v; want %v", tt.name, tt.f, seqs(got), tt.want)
			continue
		}
		for _, g := range got {
			checkRecords(t, tt.name, []tideline.AuditRecord{g}, []tideline.AuditRecord{r[g.Seq-1]})
		}
	}
}

// testAuditConcurrent appends from many goroutines at once: every record
// gets its own Seq and the chain verifies.
func testAuditConcurrent(t *testing.T, s AuditStore) {
	const workers, each = 16, 10
	ctx := context.Background()
	var wg sync.WaitGroup
	got := make([][]tideline.AuditRecord, workers)
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				r, err := s.AppendAudit(ctx, tideline.AuditRecord{User: fmt.Sprintf("user%02d", w), Agency: "NCA",
					Action: tideline.AuditView, Object: fmt.Sprintf("e-%d-%d", w, i)})
				if err != nil {
					errs <- err
					return
				}
				got[w] = append(got[w], r)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent AppendAudit error: %v", err)
	}
	bySeq := map[int64]tideline.AuditRecord{}
	for w := range got {
		last := int64(0)
		for _, r := range got[w] {
			if _, dup := bySeq[r.Seq]; dup {
				t.Fatalf("Seq %d given twice", r.Seq)
			}
			if r.Seq <= last {
				t.Errorf("worker %d: Seq %d after %d; want increasing", w, r.Seq, last)
			}
			last = r.Seq
			bySeq[r.Seq] = r
		}
	}
	mustVerify(t, s, workers*each)
	stored := auditRecords(t, s, tideline.AuditFilter{})
	for i, r := range stored {
		if r.Seq != int64(i+1) {
			t.Fatalf("record %d has Seq %d", i, r.Seq)
		}
		checkRecords(t, fmt.Sprintf("stored record %d", r.Seq), []tideline.AuditRecord{r}, []tideline.AuditRecord{bySeq[r.Seq]})
	}
}

func testAuditInvalid(t *testing.T, s AuditStore) {
	ctx := context.Background()
	trail(t, s, 1)
	for _, tt := range []struct {
		name string
		r    tideline.AuditRecord
		want string
	}{
		{"no action", tideline.AuditRecord{User: "dc.smith", Object: "e-1"}, "action required"},
		{"no user", tideline.AuditRecord{Action: tideline.AuditView, Object: "e-1"}, "user required"},
		{"invalid UTF-8", tideline.AuditRecord{User: "dc.smith", Action: tideline.AuditSearch, Object: "Mo\xffammed"}, "object"},
		{"NUL", tideline.AuditRecord{User: "dc.smith", Action: tideline.AuditSearch, Detail: "a\x00b"}, "detail"},
		{"long object", tideline.AuditRecord{User: "dc.smith", Action: tideline.AuditSearch, Object: strings.Repeat("o", 5000)}, "object"},
	} {
		_, err := s.AppendAudit(ctx, tt.r)
		if tideline.ErrorCode(err) != tideline.EINVALID || !strings.Contains(tideline.ErrorMessage(err), tt.want) {
			t.Errorf("%s: AppendAudit error = %v; want EINVALID mentioning %q", tt.name, err, tt.want)
		}
	}
	mustVerify(t, s, 1)
}

// Breaking out of AuditRecords releases what the stream held: appends
// and reads go on.
func testAuditEarlyBreak(t *testing.T, s AuditStore) {
	trail(t, s, 5)
	for range 3 {
		for r, err := range s.AuditRecords(context.Background(), tideline.AuditFilter{}) {
			if err != nil || r.Seq != 1 {
				t.Fatalf("first record = %+v, %v", r, err)
			}
			break
		}
	}
	mustAppend(t, s, tideline.AuditRecord{User: "dc.smith", Action: tideline.AuditView, Object: "e-9"})
	mustVerify(t, s, 6)
}

func testAuditEmpty(t *testing.T, s AuditStore) {
	if head := mustVerify(t, s, 0); head != "" {
		t.Errorf("empty trail head = %q", head)
	}
}

func testAuditCancelled(t *testing.T, s AuditStore) {
	trail(t, s, 2)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.AppendAudit(ctx, tideline.AuditRecord{User: "u", Action: tideline.AuditView}); err == nil {
		t.Errorf("AppendAudit(cancelled) = nil error")
	}
	var err error
	for _, err = range s.AuditRecords(ctx, tideline.AuditFilter{}) {
		if err != nil {
			break
		}
	}
	if err == nil {
		t.Errorf("AuditRecords(cancelled) yielded no error")
	}
	mustVerify(t, s, 2)
}

// Tamper reaches a store's database behind its back, as someone with write
// access to its file or server could. For tests only.
type Tamper struct {
	// Exec runs one SQL statement on the store's database.
	Exec func(query string) error
	// Unprotect is the SQL that lifts the store's own guard on the audit
	// table (which refuses UPDATE and DELETE).
	Unprotect []string
}

// RunAuditTamper shows that the chain catches what someone with access to
// the database does to the audit table (a table audit with columns seq,
// object, purpose and hash): the store refuses UPDATE and DELETE until its
// guard is lifted, and then an edited field, a deleted row, two rows
// whose Seq are swapped, and an edited and re-hashed record each break
// tideline.VerifyAudit over AuditRecords at the right Seq; deleting the
// newest records leaves a chain that verifies but whose head differs from
// the one kept elsewhere. open must return a new, empty store for each
// call; RunAuditTamper closes it.
func RunAuditTamper(t *testing.T, open func(t *testing.T) (AuditStore, Tamper)) {
	for _, tt := range []struct {
		name   string
		tamper func(rs []tideline.AuditRecord) []string
		seq    int64 // where the break is reported; 0 for none
		reason string
		n      int64 // records checked
	}{
		{"EditField", func([]tideline.AuditRecord) []string {
			return []string{`UPDATE audit SET object = 'entity-z' WHERE seq = 4`}
		}, 4, "hash mismatch", 3},
		{"EditPurpose", func([]tideline.AuditRecord) []string {
			return []string{`UPDATE audit SET purpose = 'curiosity' WHERE seq = 1`}
		}, 1, "hash mismatch", 0},
		{"EditAndRehash", func(rs []tideline.AuditRecord) []string {
			r := rs[1]
			r.Purpose = "curiosity"
			return []string{fmt.Sprintf(`UPDATE audit SET purpose = 'curiosity', hash = '%s' WHERE seq = 2`, tideline.AuditHash(&r))}
		}, 3, "prev does not match", 2},
		{"DeleteRow", func([]tideline.AuditRecord) []string {
			return []string{`DELETE FROM audit WHERE seq = 3`}
		}, 3, "missing or out of order", 2},
		{"DeleteFirst", func([]tideline.AuditRecord) []string {
			return []string{`DELETE FROM audit WHERE seq = 1`}
		}, 1, "missing or out of order", 0},
		{"SwapSeq", func([]tideline.AuditRecord) []string {
			return []string{
				`UPDATE audit SET seq = -1 WHERE seq = 2`,
				`UPDATE audit SET seq = 2 WHERE seq = 3`,
				`UPDATE audit SET seq = 3 WHERE seq = -1`,
			}
		}, 2, "prev does not match", 1},
		{"DeleteNewest", func([]tideline.AuditRecord) []string {
			return []string{`DELETE FROM audit WHERE seq > 4`}
		}, 0, "", 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, tamper := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close() = %v; want nil", err)
				}
			})
			rs := trail(t, s, 6)
			head := rs[len(rs)-1].Hash
			for _, q := range []string{`UPDATE audit SET object = 'x' WHERE seq = 1`, `DELETE FROM audit WHERE seq = 6`} {
				if err := tamper.Exec(q); err == nil {
					t.Fatalf("%s on the guarded audit table: nil error; want it refused", q)
				}
			}
			mustVerify(t, s, 6)
			for _, q := range append(tamper.Unprotect, tt.tamper(rs)...) {
				if err := tamper.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			b, n, err := tideline.VerifyAudit(s.AuditRecords(context.Background(), tideline.AuditFilter{}))
			if err != nil {
				t.Fatalf("VerifyAudit error: %v", err)
			}
			if n != tt.n {
				t.Errorf("VerifyAudit checked %d records; want %d", n, tt.n)
			}
			if tt.seq == 0 {
				if b != nil {
					t.Fatalf("VerifyAudit = %+v; want no break", b)
				}
				after := auditRecords(t, s, tideline.AuditFilter{})
				if got := after[len(after)-1].Hash; got == head {
					t.Errorf("head after deleting the newest records = the kept head %s", head)
				}
				return
			}
			if b == nil || b.Seq != tt.seq || !strings.Contains(b.Reason, tt.reason) {
				t.Errorf("VerifyAudit break = %+v; want at %d: %s", b, tt.seq, tt.reason)
			}
		})
	}
}
