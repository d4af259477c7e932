package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tideline-oss/tideline"
)

//go:embed migration/*.sql
var migrationFS embed.FS

var _ tideline.Store = (*DB)(nil)

// DB is a Tideline store in a PostgreSQL database. It implements
// tideline.Store on a pgxpool connection pool and is safe for concurrent use.
// Create it with Open.
type DB struct {
	// Now returns the current time. WriteStatements stamps statements whose
	// FirstSeen or LastSeen is zero with it. Tests replace it; it defaults
	// to time.Now and must not be changed while the DB is in use.
	Now func() time.Time

	pool  *pgxpool.Pool
	model *tideline.Model
}

// Open connects to the PostgreSQL database named by dsn (a URL such as
// postgres://user@host:5432/db?sslmode=disable, or key=value pairs; a
// search_path parameter selects the schema) and brings its schema up to
// date, applying the embedded migrations that it lacks in lexical order,
// each in its own transaction, under an advisory lock so that concurrent
// Opens apply each once.
//
// Errors: EINVALID for a malformed dsn; ECONFLICT when the database holds
// migrations this binary does not know (it was written by a newer
// Tideline); anything else (unreachable server, failed migration) is
// internal.
func Open(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// The error may quote the dsn, password included: keep it internal.
		return nil, &tideline.Error{Code: tideline.EINVALID, Message: "postgres: malformed connection string"}
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	db := &DB{Now: time.Now, pool: pool, model: tideline.DefaultModel()}
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

// Close closes every connection of the pool, waiting for those in use.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// Migrations returns the names of the migrations recorded in the database, in
// lexical (application) order.
func (db *DB) Migrations(ctx context.Context) ([]string, error) {
	rows, err := db.pool.Query(ctx, `SELECT name FROM migrations ORDER BY name`)
	if err != nil {
		return nil, formatError(ctx, err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, formatError(ctx, err)
		}
		names = append(names, n)
	}
	return names, formatError(ctx, rows.Err())
}

// migrationLock is the advisory lock key: the hash of the schema, so that
// stores in different schemas of one database migrate independently.
const migrationLock = `SELECT pg_advisory_xact_lock(hashtext('tideline.migrate.' || current_schema()))`

func (db *DB) migrate(ctx context.Context) error {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, migrationLock); err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	// Only create the table when it is missing: CREATE TABLE IF NOT EXISTS
	// needs the CREATE privilege on the schema even when the table exists,
	// and a role that does not own the schema (see the package
	// documentation) must be able to open an up-to-date store.
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT to_regclass(quote_ident(current_schema()) || '.migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	if !exists {
		if _, err := tx.Exec(ctx, `CREATE TABLE migrations (
			name       text NOT NULL PRIMARY KEY,
			applied_at timestamptz NOT NULL DEFAULT now()
		)`); err != nil {
			return fmt.Errorf("postgres: create migrations table: %w", err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}

	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	sort.Strings(names)
	known := map[string]bool{}
	for i, n := range names {
		names[i] = strings.TrimPrefix(n, "migration/")
		known[names[i]] = true
	}
	applied, err := db.Migrations(ctx)
	if err != nil {
		return err
	}
	for _, n := range applied {
		if !known[n] {
			return tideline.Errorf(tideline.ECONFLICT,
				"the database has migration %s, which this version of Tideline does not know: it was written by a newer Tideline; upgrade Tideline to open it", n)
		}
	}
	for _, name := range names {
		if err := db.applyMigration(ctx, name); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, name string) error {
	wrap := func(err error) error { return fmt.Errorf("postgres: migration %s: %w", name, err) }
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return wrap(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, migrationLock); err != nil {
		return wrap(err)
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM migrations WHERE name = $1`, name).Scan(&n); err != nil {
		return wrap(err)
	} else if n > 0 {
		return nil
	}
	body, err := fs.ReadFile(migrationFS, "migration/"+name)
	if err != nil {
		return wrap(err)
	}
	if _, err := tx.Exec(ctx, string(body)); err != nil {
		return wrap(err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO migrations (name, applied_at) VALUES ($1, $2)`, name, db.Now()); err != nil {
		return wrap(err)
	}
	if err := tx.Commit(ctx); err != nil {
		return wrap(err)
	}
	return nil
}

// formatError maps a driver error to Tideline's error model: a cancelled or
// expired ctx gives ctx.Err() (wrapped), integrity constraint violations
// (SQLSTATE class 23) give ECONFLICT, and anything else is wrapped with the
// "postgres: " prefix (an internal error). nil stays nil.
func formatError(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var te *tideline.Error
	if errors.As(err, &te) {
		return err
	}
	if cerr := ctx.Err(); cerr != nil {
		return fmt.Errorf("postgres: %w", cerr)
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && strings.HasPrefix(pe.Code, "23") {
		return tideline.Errorf(tideline.ECONFLICT, "constraint %s violated: %s", pe.ConstraintName, pe.Message)
	}
	return fmt.Errorf("postgres: %w", err)
}
