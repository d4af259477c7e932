// Package sqlite is Tideline's default store: tideline.Store on one SQLite
// database file, through the pure-Go modernc.org/sqlite driver (no cgo).
//
// The schema lives in embedded migration/*.sql files, applied in lexical
// order by Open and recorded in the migrations table; a database holding a
// migration the binary does not know is refused (ECONFLICT). Statements are
// rows of the statement table keyed by tideline.StatementID; entities are
// assembled from them on read with tideline.AssembleEntity. Times are stored
// as Unix milliseconds (INTEGER, UTC), so they sort and compare as numbers
// and keep millisecond precision.
//
// Connections follow PocketBase: WAL journal, synchronous=NORMAL, foreign
// keys on, a busy timeout, one writer connection (so writers never contend
// for the lock) and a pool of read-only connections; checkpoints run in the
// background. Driver errors are mapped to tideline error codes: constraint
// violations are ECONFLICT, everything else is an internal error prefixed
// "sqlite: ".
//
// The DB also implements tideline.UserStore (users with their roles as a
// set, credentials in a table of their own, sessions and API tokens keyed
// by the SHA-256 of the token), tideline.AccessStore (shares, operations
// and dataset owners) and tideline.AuditLog. The audit table is numbered
// and hash-chained inside one immediate transaction per record, and
// triggers refuse UPDATE and DELETE on it; since anyone who can write the
// file can drop them, the trail's integrity rests on the chain
// (tideline.VerifyAudit) and on keeping its head (last seq and hash)
// somewhere else.
//
// Writes are bulk inserts: WriteStatements sorts a batch by id and sends it
// as multi-row INSERT OR IGNORE statements in one transaction, upserting
// only the chunks that hold statements already stored. On a 2-core machine
// (BenchmarkWriteStatements) that loads 60-70k statements/s into a small
// store and 37k/s on average over 1M statements (25k/s over the last 100k),
// with the Go heap under 13 MiB and the process's RSS flat at about 220 MiB
// (mostly the writer's 64 MiB page cache: 8 KiB pages with their headers
// take 16 KiB slots in modernc's power-of-two allocator).
package sqlite
