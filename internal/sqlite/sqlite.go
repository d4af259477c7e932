package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/tideline-oss/tideline"
)

//go:embed migration/*.sql
var migrationFS embed.FS

var _ tideline.Store = (*DB)(nil)

// DB is a Tideline store in one SQLite database file. It implements
// tideline.Store. All writes go through a single connection, so they never
// fail with SQLITE_BUSY against each other; reads use a separate pool of
// read-only connections and, thanks to WAL, do not block the writer.
//
// WAL checkpoints (copying committed pages from the WAL into the database
// file, with two fsyncs) run on a goroutine of their own after each write,
// so a bulk load does not wait for them (25% faster over 400k statements
// than SQLite's automatic checkpoints in the writer); see checkpointer.
//
// A DB is safe for concurrent use. Create it with Open.
type DB struct {
	// Now returns the current time. WriteStatements stamps statements whose
	// FirstSeen or LastSeen is zero with it. Tests replace it; it defaults
	// to time.Now and must not be changed while the DB is in use.
	Now func() time.Time

	path  string
	wdb   *sql.DB // single connection: every write
	rdb   *sql.DB // read-only pool
	model *tideline.Model
	prov  provCache // provenance rows by value and by id

	canonMu sync.Mutex
	canon   map[string]string // entity -> canonical id of merged entities; nil until loaded

	ckdb      *sql.DB       // single connection for background checkpoints; nil for ":memory:"
	kick      chan struct{} // wakes the checkpointer (buffered, 1)
	ckDone    chan struct{} // closed when the checkpointer has stopped
	ckMu      sync.Mutex    // held while a checkpoint runs
	walFrames atomic.Int64  // frames in the WAL after the last checkpoint
}

// writerCacheKiB is the page cache of the writer connection (memory that
// SQLite allocates outside the Go heap). Statement ids are random, so every
// insert touches a random page of the primary-key and canonical-id indexes;
// keeping them cached loads 500k statements 40% faster than the default
// 2 MiB cache, while 256 MiB was no faster than 64 MiB over 1M.
const writerCacheKiB = 64 << 10

// walLimit bounds the WAL (bytes): see limitWAL. A variable for tests.
var walLimit int64 = 128 << 20

// pageSize is the page size of new database files. With random statement
// ids a bulk write dirties about one primary-key index page per statement,
// and each dirty page costs two write system calls into the WAL and one more
// at checkpoint; 8 KiB pages halve the number of index pages against the
// default 4 KiB and load 1M statements about 15% faster.
const pageSize = 8192

// busyTimeout is how long a connection waits for a lock held by another
// process before it gives up with SQLITE_BUSY.
const busyTimeout = 10 * time.Second

var memCount atomic.Int64

// Open opens (creating if needed) the SQLite database at path and brings its
// schema up to date, applying the embedded migrations in lexical order, each
// in its own transaction and recorded in the migrations table.
//
// The special path ":memory:" gives a private in-memory database (SQLite's
// memdb VFS, shared by the DB's connections and freed on Close); it has no
// WAL, so a write waits while a read is in progress. Use it for tests.
//
// Errors: EINVALID for a path containing '?'; ECONFLICT when the database
// holds migrations this binary does not know (it was written by a newer
// Tideline); anything else (unreadable file, corrupt database) is internal.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" || strings.ContainsRune(path, '?') {
		return nil, tideline.Errorf(tideline.EINVALID, "sqlite: database path %q: must be a file name without '?'", path)
	}
	db := &DB{Now: time.Now, path: path, model: tideline.DefaultModel()}

	common := []string{
		fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()),
		"foreign_keys(1)",
		"synchronous(NORMAL)",
		"temp_store(MEMORY)",
	}
	writer := append(slices.Clone(common), fmt.Sprintf("cache_size(-%d)", writerCacheKiB))
	reader := append(slices.Clone(common), "query_only(1)")
	name := path
	if path == ":memory:" {
		// Every connection of a plain ":memory:" DSN gets its own database;
		// memdb with a name starting with '/' is shared by all of them.
		name = fmt.Sprintf("file:/tideline-%d?vfs=memdb", memCount.Add(1))
	} else {
		// Checkpoints are left to the checkpointer (wal_autocheckpoint 0).
		writer = append(writer, "wal_autocheckpoint(0)",
			fmt.Sprintf("journal_size_limit(%d)", walLimit))
	}

	var err error
	fail := func(err error) (*DB, error) {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if db.wdb, err = sql.Open("sqlite", dsn(name, writer)+"&_txlock=immediate"); err != nil {
		return fail(err)
	}
	db.wdb.SetMaxOpenConns(1)
	db.wdb.SetMaxIdleConns(1)
	db.wdb.SetConnMaxLifetime(0)
	db.wdb.SetConnMaxIdleTime(0)
	if err := db.wdb.PingContext(ctx); err != nil {
		return fail(err)
	}
	if path != ":memory:" {
		// The page size only takes effect on a new database, and must be set
		// before WAL mode, which is why neither is in the DSN.
		if _, err := db.wdb.ExecContext(ctx, fmt.Sprintf(`PRAGMA page_size = %d; PRAGMA journal_mode = WAL`, pageSize)); err != nil {
			return fail(err)
		}
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err // already formatted
	}
	if db.rdb, err = sql.Open("sqlite", dsn(name, reader)); err != nil {
		return fail(err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	db.rdb.SetMaxOpenConns(n)
	db.rdb.SetMaxIdleConns(n)

	if path != ":memory:" {
		if db.ckdb, err = sql.Open("sqlite", dsn(name, common)); err != nil {
			return fail(err)
		}
		db.ckdb.SetMaxOpenConns(1)
		db.kick, db.ckDone = make(chan struct{}, 1), make(chan struct{})
		go db.checkpointer()
	}
	return db, nil
}

// checkpointer runs a passive checkpoint each time it is kicked, until kick
// is closed. Errors are dropped: checkpointing only bounds the WAL, and
// limitWAL makes the writer catch up if the WAL grows regardless.
func (db *DB) checkpointer() {
	defer close(db.ckDone)
	for range db.kick {
		db.checkpoint(context.Background(), db.ckdb)
	}
}

// checkpoint runs a passive checkpoint on conn and records how many frames
// the WAL holds. Checkpoints are serialised by ckMu: SQLite refuses a
// second concurrent one rather than waiting for it.
func (db *DB) checkpoint(ctx context.Context, conn *sql.DB) error {
	db.ckMu.Lock()
	defer db.ckMu.Unlock()
	var busy, frames, done int64
	if err := conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &done); err != nil {
		return err
	}
	db.walFrames.Store(frames)
	return nil
}

// kickCheckpoint asks the checkpointer for a checkpoint without waiting.
func (db *DB) kickCheckpoint() {
	if db.kick == nil {
		return
	}
	select {
	case db.kick <- struct{}{}:
	default: // one is already pending
	}
}

// limitWAL lets a write catch up with checkpointing when the WAL held more
// than walLimit at the last checkpoint. Under a continuous load the
// background checkpoint of one batch overlaps the writing of the next, so
// the WAL is never wholly checkpointed when a write begins and would grow
// without end (SQLite only restarts it from the beginning when it is). A
// checkpoint on the writer, after the background one has finished, copies
// the rest, and the write that follows restarts the WAL; the commit then
// truncates the file to walLimit (journal_size_limit). Readers in the middle
// of a long query can still hold it back.
func (db *DB) limitWAL(ctx context.Context) error {
	if db.ckdb == nil || db.walFrames.Load()*pageSize < walLimit {
		return nil
	}
	return db.checkpoint(ctx, db.wdb)
}

func dsn(name string, pragmas []string) string {
	var b strings.Builder
	b.WriteString(name)
	sep := byte('?')
	if strings.ContainsRune(name, '?') {
		sep = '&'
	}
	for _, p := range pragmas {
		b.WriteByte(sep)
		sep = '&'
		b.WriteString("_pragma=")
		b.WriteString(p)
	}
	return b.String()
}

// Path returns the path the DB was opened with.
func (db *DB) Path() string { return db.path }

// Close stops the checkpointer and closes the read pool and then the writer,
// which checkpoints and removes the WAL. For ":memory:" it frees the
// database. Close must not be called while other methods are running.
func (db *DB) Close() error {
	var errs []error
	if db.kick != nil {
		close(db.kick)
		<-db.ckDone
		errs = append(errs, db.ckdb.Close())
	}
	if db.rdb != nil {
		errs = append(errs, db.rdb.Close())
	}
	if db.wdb != nil {
		errs = append(errs, db.wdb.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("sqlite: close: %w", err)
	}
	return nil
}

// Migrations returns the names of the migrations recorded in the database, in
// the order they were applied.
func (db *DB) Migrations(ctx context.Context) ([]string, error) {
	rows, err := db.wdb.QueryContext(ctx, `SELECT name FROM migrations ORDER BY name`)
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

// migrate applies the embedded migrations that the database lacks. Each runs
// in its own immediate transaction that first checks the migrations table
// again, so two processes opening a new file at once apply each once.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.wdb.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
		name       TEXT    NOT NULL PRIMARY KEY,
		applied_at INTEGER NOT NULL -- Unix milliseconds
	)`); err != nil {
		return fmt.Errorf("sqlite: create migrations table: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
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
				"database %s has migration %s, which this version of Tideline does not know: it was written by a newer Tideline; upgrade Tideline to open it", db.path, n)
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
	tx, err := db.wdb.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: migration %s: %w", name, err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return fmt.Errorf("sqlite: migration %s: %w", name, err)
	} else if n > 0 {
		return nil
	}
	body, err := fs.ReadFile(migrationFS, "migration/"+name)
	if err != nil {
		return fmt.Errorf("sqlite: migration %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("sqlite: migration %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES (?, ?)`, name, db.Now().UnixMilli()); err != nil {
		return fmt.Errorf("sqlite: migration %s: %w", name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: migration %s: %w", name, err)
	}
	return nil
}

// formatError maps a driver error to Tideline's error model: a cancelled or
// expired ctx gives ctx.Err() (wrapped), constraint violations give
// ECONFLICT, and anything else is wrapped with the "sqlite: " prefix (an
// internal error). nil stays nil.
func formatError(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var te *tideline.Error
	if errors.As(err, &te) {
		return err
	}
	if cerr := ctx.Err(); cerr != nil {
		return fmt.Errorf("sqlite: %w", cerr)
	}
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_CONSTRAINT {
		msg := se.Error()
		if i := strings.Index(msg, "constraint failed"); i >= 0 {
			msg = msg[i:]
		}
		return tideline.Errorf(tideline.ECONFLICT, "%s", msg)
	}
	return fmt.Errorf("sqlite: %w", err)
}

// ms converts t to Unix milliseconds, the stored form of times.
func ms(t time.Time) int64 { return t.UnixMilli() }

// fromMS converts stored Unix milliseconds back to a UTC time.
func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

// msOrZero is ms for a time that may be unset: the zero time is stored as 0.
func msOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return ms(t)
}

// fromMSOrZero reads what msOrZero stored.
func fromMSOrZero(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return fromMS(v)
}

// ceilMS is the first whole millisecond at or after t: stored times t' (whole
// milliseconds) satisfy t' >= t exactly when ms(t') >= ceilMS(t).
func ceilMS(t time.Time) int64 {
	v := t.UnixMilli()
	if t.Nanosecond()%int(time.Millisecond) != 0 {
		v++
	}
	return v
}

// now is db.Now in UTC, cut to the millisecond that is stored.
func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Millisecond) }

// orNow returns t in UTC cut to the millisecond, or now when t is zero.
func orNow(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return t.UTC().Truncate(time.Millisecond)
}

// validText reports whether s is valid UTF-8 of at most max bytes without
// NUL, which PostgreSQL cannot store: both stores refuse the same text.
func validText(s string, max int) bool {
	return len(s) <= max && utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}
