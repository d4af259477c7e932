-- The audit trail: append-only, hash-chained (tideline.AuditHash). seq is
-- 1, 2, 3... with no gaps; prev is the hash of record seq - 1.
--
-- The triggers refuse UPDATE and DELETE, so no code path of Tideline can
-- change a record; anyone who can write the database file can drop them.
-- The trail's integrity rests on the chain (tideline.VerifyAudit finds an
-- edited, deleted or reordered record) together with the head (the last
-- seq and hash, printed by 'tideline audit verify') kept somewhere else:
-- without that copy, deleting the newest records goes unnoticed.
CREATE TABLE audit (
	seq     INTEGER PRIMARY KEY,
	at      INTEGER NOT NULL, -- Unix milliseconds
	user    TEXT    NOT NULL,
	agency  TEXT    NOT NULL DEFAULT '',
	action  TEXT    NOT NULL,
	object  TEXT    NOT NULL DEFAULT '',
	purpose TEXT    NOT NULL DEFAULT '',
	detail  TEXT    NOT NULL DEFAULT '',
	prev    TEXT    NOT NULL,
	hash    TEXT    NOT NULL
);
CREATE INDEX audit_user ON audit (user, seq);
CREATE INDEX audit_object ON audit (object, seq);
CREATE INDEX audit_at ON audit (at);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
