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

// migrations are the names of the embedded migrations, in order.
var migrations = []string{"0001_statement.sql", "0002_resolution.sql", "0004_users.sql", "0005_access.sql", "0006_audit.sql"}

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
		if want := migrations; !slices.Equal(got, want) {
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
		if got, err := db.Migrations(ctx); err != nil || !slices.Equal(got, migrations) {
			t.Errorf("Migrations() after reopen = %q, %v; want %q", got, err, migrations)
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

func TestUsers(t *testing.T) {
	storetest.RunUsers(t, func(t *testing.T) storetest.UsersStore { return MustOpenDB(t) })
}

func TestAccess(t *testing.T) {
	storetest.RunAccess(t, func(t *testing.T) storetest.AccessStore { return MustOpenDB(t) })
}

func TestAudit(t *testing.T) {
	storetest.RunAudit(t, func(t *testing.T) storetest.AuditStore { return MustOpenDB(t) })
}

// The owner of the audit table can disable the triggers that keep it
// append-only; the chain still shows what was changed.
func TestAuditTamper(t *testing.T) {
	storetest.RunAuditTamper(t, func(t *testing.T) (storetest.AuditStore, storetest.Tamper) {
		db := MustOpenDB(t)
		return db, storetest.Tamper{
			Exec:      func(q string) error { return postgres.ExecRaw(db, q) },
			Unprotect: []string{`ALTER TABLE audit DISABLE TRIGGER USER`},
		}
	})
}

// TestAudit_AppRole follows the package documentation: the owner migrates,
// then a role granted everything but UPDATE and DELETE on the audit table
// runs the store. It appends and reads the trail, and can neither change
// it nor lift the guard.
func TestAudit_AppRole(t *testing.T) {
	requireDSN(t)
	ctx := context.Background()
	dsn := testDSN(t)
	owner, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	if _, err := owner.AppendAudit(ctx, tideline.AuditRecord{User: "dba", Action: tideline.AuditPermission, Object: "schema"}); err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	role := "tl_test_app_" + hex.EncodeToString(b)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Skipf("%s is not a URL: %v", envDSN, err)
	}
	schema := u.Query().Get("search_path")
	if err := postgres.ExecRaw(owner, "CREATE ROLE "+role+" LOGIN"); err != nil {
		t.Skipf("cannot create a role to run as (%v): the test needs CREATEROLE", err)
	}
	t.Cleanup(func() { // roles belong to the cluster: the schema's drop does not remove it
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Errorf("connect to drop role %s: %v", role, err)
			return
		}
		defer conn.Close(ctx)
		for _, q := range []string{"DROP OWNED BY " + role, "DROP ROLE " + role} {
			if _, err := conn.Exec(ctx, q); err != nil {
				t.Errorf("%s: %v", q, err)
			}
		}
	})
	for _, q := range []string{
		"GRANT USAGE ON SCHEMA " + schema + " TO " + role,
		"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema + " TO " + role,
		"REVOKE UPDATE, DELETE ON audit FROM " + role,
		"GRANT USAGE ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + role,
	} {
		if err := postgres.ExecRaw(owner, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	u.User = url.User(role)
	app, err := postgres.Open(ctx, u.String())
	if err != nil {
		t.Fatalf("Open as %s: %v", role, err)
	}
	defer app.Close()
	r, err := app.AppendAudit(ctx, tideline.AuditRecord{User: "dc.smith", Action: tideline.AuditView, Object: "e-1"})
	if err != nil || r.Seq != 2 {
		t.Fatalf("AppendAudit as %s = %+v, %v; want Seq 2", role, r, err)
	}
	if _, err := app.CreateUser(ctx, tideline.User{Login: "dc.smith", Name: "DC Smith", Agency: "NCA", Roles: []tideline.Role{tideline.RoleAnalyst}},
		tideline.Credential{PasswordHash: "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"}); err != nil {
		t.Errorf("CreateUser as %s: %v", role, err)
	}
	for _, q := range []string{
		`UPDATE audit SET object = 'x' WHERE seq = 1`,
		`DELETE FROM audit WHERE seq = 2`,
		`TRUNCATE audit`,
		`ALTER TABLE audit DISABLE TRIGGER USER`,
		`DROP TABLE audit`,
	} {
		if err := postgres.ExecRaw(app, q); err == nil {
			t.Errorf("%s as %s: nil error; want it refused", q, role)
		}
	}
	brk, n, err := tideline.VerifyAudit(app.AuditRecords(ctx, tideline.AuditFilter{}))
	if brk != nil || n != 2 || err != nil {
		t.Errorf("VerifyAudit as %s = %+v, %d, %v; want 2 records intact", role, brk, n, err)
	}
}
