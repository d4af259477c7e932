package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/postgres"
	"github.com/tideline-oss/tideline/internal/storetest"
)

// envDSN names the environment variable holding the test database's DSN.
const envDSN = "TIDELINE_TEST_POSTGRES"

// testDSN returns a DSN for a fresh schema tl_test_<random> in the test
// database, dropped when tb ends, or skips tb when envDSN is unset.
func testDSN(tb testing.TB) string {
	tb.Helper()
	dsn := requireDSN(tb)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		tb.Fatalf("connect to %s: %v", envDSN, err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "tl_test_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("create schema %s: %v", schema, err)
	}
	tb.Cleanup(func() {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			tb.Errorf("connect to drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return withSearchPath(tb, dsn, schema)
}

// requireDSN returns the test database's DSN or skips tb, saying how to
// enable the PostgreSQL tests.
func requireDSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv(envDSN)
	if dsn == "" {
		tb.Skipf("PostgreSQL tests skipped: set %s to a DSN, e.g. %s=postgres://postgres@127.0.0.1:5432/test?sslmode=disable", envDSN, envDSN)
	}
	return dsn
}

// withSearchPath adds search_path=schema to a URL or key=value DSN.
func withSearchPath(tb testing.TB, dsn, schema string) string {
	if !strings.Contains(dsn, "://") {
		return dsn + " search_path=" + schema
	}
	u, err := url.Parse(dsn)
	if err != nil {
		tb.Fatalf("%s is not a valid URL: %v", envDSN, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// MustOpenDB opens a store on a fresh schema; the schema is dropped when tb
// ends (after the store is closed, if the caller closes it in a cleanup
// registered later).
func MustOpenDB(tb testing.TB) *postgres.DB {
	tb.Helper()
	db, err := postgres.Open(context.Background(), testDSN(tb))
	if err != nil {
		tb.Fatalf("Open() error: %v", err)
	}
	return db
}

func TestStore(t *testing.T) {
	requireDSN(t)
	storetest.Run(t, func(t *testing.T) tideline.Store { return MustOpenDB(t) })
}

func TestOpen(t *testing.T) {
	requireDSN(t)
	ctx := context.Background()
	t.Run("MigrationsRecorded", func(t *testing.T) {
		db := MustOpenDB(t)
		defer db.Close()
		got, err := db.Migrations(ctx)
		if err != nil {
			t.Fatalf("Migrations() error: %v", err)
		}
		if want := []string{"0001_statement.sql", "0002_resolution.sql"}; !slices.Equal(got, want) {
			t.Errorf("Migrations() = %q; want %q", got, want)
		}
	})

	t.Run("ReopenIsNoOp", func(t *testing.T) {
		dsn := testDSN(t)
		db, err := postgres.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		st := tideline.Statement{ID: tideline.StatementID("d", "e1", tideline.PropSchema, "Person"), EntityID: "e1", Schema: "Person", Prop: tideline.PropSchema, Value: "Person", Dataset: "d"}
		if _, err := db.WriteStatements(ctx, []tideline.Statement{st}); err != nil {
			t.Fatalf("WriteStatements error: %v", err)
		}
		db.Close()
		db, err = postgres.Open(ctx, dsn)
		if err != nil {
			t.Fatalf("Open() again error: %v", err)
		}
		defer db.Close()
		if got, err := db.Migrations(ctx); err != nil || !slices.Equal(got, []string{"0001_statement.sql", "0002_resolution.sql"}) {
			t.Errorf("Migrations() after reopen = %q, %v; want [0001_statement.sql 0002_resolution.sql]", got, err)
		}
		if n, e, err := db.Counts(ctx); err != nil || n != 1 || e != 1 {
			t.Errorf("Counts() after reopen = %d, %d, %v; want 1, 1, nil", n, e, err)
		}
	})

	t.Run("NewerDatabase", func(t *testing.T) {
		dsn := testDSN(t)
		db, err := postgres.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, `INSERT INTO migrations (name) VALUES ('9999_future.sql')`); err != nil {
			t.Fatal(err)
		}
		conn.Close(ctx)
		db.Close()
		_, err = postgres.Open(ctx, dsn)
		if got := tideline.ErrorCode(err); got != tideline.ECONFLICT {
			t.Fatalf("Open(newer database) error = %v (code %q); want %q", err, got, tideline.ECONFLICT)
		}
		if msg := tideline.ErrorMessage(err); !strings.Contains(msg, "9999_future.sql") || !strings.Contains(msg, "newer") {
			t.Errorf("Open(newer database) message = %q; want it to name 9999_future.sql and a newer Tideline", msg)
		}
	})

	t.Run("BadDSN", func(t *testing.T) {
		_, err := postgres.Open(ctx, "postgres://u:secret@host:notaport/db")
		if got := tideline.ErrorCode(err); got != tideline.EINVALID {
			t.Errorf("Open(bad dsn) error code = %q (%v); want %q", got, err, tideline.EINVALID)
		}
		if strings.Contains(tideline.ErrorMessage(err), "secret") {
			t.Errorf("Open(bad dsn) message %q shows the password", tideline.ErrorMessage(err))
		}
	})
}

func TestResolution(t *testing.T) {
	storetest.RunResolution(t, func(t *testing.T) storetest.ResolvingStore { return MustOpenDB(t) })
}
