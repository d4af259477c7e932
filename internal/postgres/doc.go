// Package postgres is Tideline's multi-user store: tideline.Store on
// PostgreSQL through jackc/pgx/v5 (pgxpool).
//
// The schema lives in embedded migration/*.sql files, applied in lexical
// order by Open under an advisory lock and recorded in the migrations table
// of the first schema on the search_path, so several deployments (or test
// runs) can share one database in separate schemas. Text columns that are
// sorted use the "C" collation, so entities stream in the same byte order as
// from the SQLite store. Times are timestamptz (microsecond precision).
//
// WriteStatements copies a batch into a temporary table with COPY and
// upserts it from there with one INSERT ... ON CONFLICT, counting new rows
// by xmax = 0. Driver errors are mapped to tideline error codes: integrity
// constraint violations (SQLSTATE class 23) are ECONFLICT, everything else
// is an internal error prefixed "postgres: ".
package postgres
