-- The audit trail: append-only, hash-chained (tideline.AuditHash). seq is
-- 1, 2, 3... with no gaps; prev is the hash of record seq - 1. Appends
-- take a transaction-scoped advisory lock, so they chain in order across
-- connections and servers.
--
-- The triggers refuse UPDATE, DELETE and TRUNCATE, so no code path of
-- Tideline can change a record; the owner of the table can disable them.
-- Run Tideline as a role that does not own the schema, granted only SELECT
-- and INSERT on audit (see the package documentation), and not even the
-- application can. Either way the trail's integrity rests on the chain
-- (tideline.VerifyAudit finds an edited, deleted or reordered record)
-- together with the head (the last seq and hash, printed by 'tideline
-- audit verify') kept somewhere else: without that copy, deleting the
-- newest records goes unnoticed.
CREATE TABLE audit (
	seq     bigint PRIMARY KEY,
	at      timestamptz NOT NULL, -- whole milliseconds, as hashed
	"user"  text COLLATE "C" NOT NULL,
	agency  text NOT NULL DEFAULT '',
	action  text COLLATE "C" NOT NULL,
	object  text COLLATE "C" NOT NULL DEFAULT '',
	purpose text NOT NULL DEFAULT '',
	detail  text NOT NULL DEFAULT '',
	prev    text NOT NULL,
	hash    text NOT NULL
);
CREATE INDEX audit_user ON audit ("user", seq);
CREATE INDEX audit_object ON audit (object, seq);
CREATE INDEX audit_at ON audit (at);

CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'the audit trail is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
	FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
	FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit FROM PUBLIC;
