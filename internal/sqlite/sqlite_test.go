package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/sqlite"
	"github.com/tideline-oss/tideline/internal/storetest"
)

// MustOpenDB opens a DB at path (":memory:" or a file) and closes it when
// the test ends unless the caller already has.
func MustOpenDB(tb testing.TB, path string) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		tb.Fatalf("Open(%q) error: %v", path, err)
	}
	return db
}

func TestStore_File(t *testing.T) {
	storetest.Run(t, func(t *testing.T) tideline.Store {
		return MustOpenDB(t, filepath.Join(t.TempDir(), "tideline.db"))
	})
}

func TestStore_Memory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) tideline.Store {
		return MustOpenDB(t, ":memory:")
	})
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	t.Run("MigrationsRecorded", func(t *testing.T) {
		db := MustOpenDB(t, filepath.Join(t.TempDir(), "a.db"))
		defer db.Close()
		got, err := db.Migrations(ctx)
		if err != nil {
			t.Fatalf("Migrations() error: %v", err)
		}
		if want := []string{"0001_statement.sql", "0002_resolution.sql", "0003_schema_index.sql", "0004_users.sql", "0005_access.sql", "0006_audit.sql"}; !slices.Equal(got, want) {
			t.Errorf("Migrations() = %q; want %q", got, want)
		}
	})

	t.Run("ReopenIsNoOp", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "a.db")
		db := MustOpenDB(t, path)
		st := tideline.Statement{ID: tideline.StatementID("d", "e1", tideline.PropSchema, "Person"), EntityID: "e1", Schema: "Person", Prop: tideline.PropSchema, Value: "Person", Dataset: "d"}
		if _, err := db.WriteStatements(ctx, []tideline.Statement{st}); err != nil {
			t.Fatalf("WriteStatements error: %v", err)
		}
		before, _ := db.Migrations(ctx)
		if err := db.Close(); err != nil {
			t.Fatalf("Close() error: %v", err)
		}
		db = MustOpenDB(t, path)
		defer db.Close()
		after, err := db.Migrations(ctx)
		if err != nil {
			t.Fatalf("Migrations() error: %v", err)
		}
		if !slices.Equal(after, before) {
			t.Errorf("Migrations() after reopen = %q; want %q", after, before)
		}
		if n, e, err := db.Counts(ctx); err != nil || n != 1 || e != 1 {
			t.Errorf("Counts() after reopen = %d, %d, %v; want 1, 1, nil", n, e, err)
		}
	})

	t.Run("NewerDatabase", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "a.db")
		db := MustOpenDB(t, path)
		if err := sqlite.ExecWriter(db, `INSERT INTO migrations (name, applied_at) VALUES ('9999_future.sql', 0)`); err != nil {
			t.Fatal(err)
		}
		db.Close()
		_, err := sqlite.Open(ctx, path)
		if got := tideline.ErrorCode(err); got != tideline.ECONFLICT {
			t.Fatalf("Open(newer database) error = %v (code %q); want %q", err, got, tideline.ECONFLICT)
		}
		if msg := tideline.ErrorMessage(err); !strings.Contains(msg, "9999_future.sql") || !strings.Contains(msg, "newer") {
			t.Errorf("Open(newer database) message = %q; want it to name 9999_future.sql and a newer Tideline", msg)
		}
	})

	t.Run("BadPath", func(t *testing.T) {
		_, err := sqlite.Open(ctx, "a.db?mode=ro")
		if got := tideline.ErrorCode(err); got != tideline.EINVALID {
			t.Errorf("Open(a.db?mode=ro) error code = %q (%v); want %q", got, err, tideline.EINVALID)
		}
		_, err = sqlite.Open(ctx, filepath.Join(t.TempDir(), "missing", "dir", "a.db"))
		if got := tideline.ErrorCode(err); got != tideline.EINTERNAL {
			t.Errorf("Open(missing dir) error code = %q (%v); want %q", got, err, tideline.EINTERNAL)
		}
	})

	t.Run("Pragmas", func(t *testing.T) {
		db := MustOpenDB(t, filepath.Join(t.TempDir(), "a.db"))
		defer db.Close()
		for pragma, want := range map[string]string{
			"journal_mode": "wal", "synchronous": "1", "foreign_keys": "1", "busy_timeout": "10000",
			"page_size": "8192", "wal_autocheckpoint": "0",
		} {
			got, err := sqlite.Pragma(db, pragma)
			if err != nil {
				t.Fatalf("pragma %s error: %v", pragma, err)
			}
			if got != want {
				t.Errorf("pragma %s = %q; want %q", pragma, got, want)
			}
		}
	})
}

// Statements written without seen dates are stamped with db.Now.
func TestDB_WriteStatements_Now(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t, ":memory:")
	defer db.Close()
	now := time.Date(2025, 7, 1, 12, 0, 0, 123_000_000, time.UTC)
	db.Now = func() time.Time { return now }
	st := tideline.Statement{ID: tideline.StatementID("d", "e1", tideline.PropSchema, "Person"), EntityID: "e1", Schema: "Person", Prop: tideline.PropSchema, Value: "Person", Dataset: "d"}
	if n, err := db.WriteStatements(ctx, []tideline.Statement{st}); err != nil || n != 1 {
		t.Fatalf("WriteStatements = %d, %v; want 1, nil", n, err)
	}
	got, err := db.EntityStatements(ctx, "e1")
	if err != nil {
		t.Fatal(err)
	}
	if !got[0].FirstSeen.Equal(now) || !got[0].LastSeen.Equal(now) {
		t.Errorf("seen %v..%v; want %v..%v", got[0].FirstSeen, got[0].LastSeen, now, now)
	}
	if got[0].CanonicalID != "e1" {
		t.Errorf("CanonicalID = %q; want e1 (the entity id when none is given)", got[0].CanonicalID)
	}
}

func TestDB_PutDataset_Conflict(t *testing.T) {
	db := MustOpenDB(t, ":memory:")
	defer db.Close()
	err := sqlite.ExecWriter(db, `INSERT INTO migrations (name, applied_at) VALUES ('0001_statement.sql', 0)`)
	if got := tideline.ErrorCode(err); got != tideline.ECONFLICT {
		t.Errorf("duplicate migration row: error code = %q (%v); want %q", got, err, tideline.ECONFLICT)
	}
}

// A continuous load keeps the WAL near its limit instead of growing without
// end while checkpoints of one batch overlap the writing of the next.
func TestDB_WriteStatements_WALBounded(t *testing.T) {
	const limit = 1 << 20
	defer sqlite.SetWALLimit(sqlite.SetWALLimit(limit))
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a.db")
	db := MustOpenDB(t, path)
	defer db.Close()
	var g storetest.Gen
	var buf []tideline.Statement
	var maxWAL, written int64
	for range 40 {
		buf = g.Batch(buf, 2000)
		if _, err := db.WriteStatements(ctx, buf); err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(path + "-wal")
		if err != nil {
			t.Fatal(err)
		}
		maxWAL = max(maxWAL, st.Size())
		written += int64(len(buf))
	}
	// One batch of 2,000 statements is about 4 MiB of WAL; 40 of them
	// without checkpoints catching up would be over 100 MiB.
	if maxWAL > 16<<20 {
		t.Errorf("WAL grew to %d MiB writing %d statements; want under 16 MiB with a %d MiB limit", maxWAL>>20, written, limit>>20)
	}
}

func TestResolution(t *testing.T) {
	storetest.RunResolution(t, func(t *testing.T) storetest.ResolvingStore {
		return MustOpenDB(t, filepath.Join(t.TempDir(), "tideline.db"))
	})
}

func TestUsers(t *testing.T) {
	storetest.RunUsers(t, func(t *testing.T) storetest.UsersStore {
		return MustOpenDB(t, filepath.Join(t.TempDir(), "tideline.db"))
	})
}

func TestAccess(t *testing.T) {
	storetest.RunAccess(t, func(t *testing.T) storetest.AccessStore {
		return MustOpenDB(t, filepath.Join(t.TempDir(), "tideline.db"))
	})
}

func TestAudit(t *testing.T) {
	storetest.RunAudit(t, func(t *testing.T) storetest.AuditStore {
		return MustOpenDB(t, filepath.Join(t.TempDir(), "tideline.db"))
	})
}

func TestAudit_Memory(t *testing.T) {
	storetest.RunAudit(t, func(t *testing.T) storetest.AuditStore {
		return MustOpenDB(t, ":memory:")
	})
}

// Someone who can write the database file can drop the triggers that keep
// the audit table append-only; the chain still shows what they changed.
func TestAuditTamper(t *testing.T) {
	storetest.RunAuditTamper(t, func(t *testing.T) (storetest.AuditStore, storetest.Tamper) {
		db := MustOpenDB(t, filepath.Join(t.TempDir(), "tideline.db"))
		return db, storetest.Tamper{
			Exec:      func(q string) error { return sqlite.ExecWriter(db, q) },
			Unprotect: []string{`DROP TRIGGER audit_no_update`, `DROP TRIGGER audit_no_delete`},
		}
	})
}
