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
// The DB also implements tideline.UserStore, tideline.AccessStore and
// tideline.AuditLog, on the same tables as the SQLite store. Appends to the
// audit trail take a transaction-scoped advisory lock, so records are
// numbered and chained in order across connections and servers; triggers
// refuse UPDATE, DELETE and TRUNCATE on the audit table. The table's owner
// can disable them, so run Tideline as a role that owns nothing: the owner
// opens the store once (Open applies the migrations), then grants
//
//	GRANT USAGE ON SCHEMA tideline TO tideline_app;
//	GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA tideline TO tideline_app;
//	GRANT USAGE ON ALL SEQUENCES IN SCHEMA tideline TO tideline_app;
//	REVOKE UPDATE, DELETE ON audit FROM tideline_app;
//
// (again after each upgrade that adds tables), and tideline_app can append
// to and read the trail but neither change it nor lift the triggers.
// Whoever owns the schema, or is a superuser, still can: the trail's
// integrity rests on the hash chain (tideline.VerifyAudit finds an edited,
// deleted or reordered record) and on keeping its head (last seq and hash,
// printed by 'tideline audit verify') somewhere else, without which
// deleting the newest records goes unnoticed.
//
// WriteStatements copies a batch into a temporary table with COPY and
// upserts it from there with one INSERT ... ON CONFLICT, counting new rows
// by xmax = 0. Driver errors are mapped to tideline error codes: integrity
// constraint violations (SQLSTATE class 23) are ECONFLICT, everything else
// is an internal error prefixed "postgres: ".
package postgres
