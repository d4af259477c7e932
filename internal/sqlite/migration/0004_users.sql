-- Users who sign in. Logins are unique; roles are a set (user_role).
-- Times are Unix milliseconds (UTC).
CREATE TABLE users (
	id                   INTEGER PRIMARY KEY,
	login                TEXT    NOT NULL UNIQUE,
	name                 TEXT    NOT NULL,
	agency               TEXT    NOT NULL,
	disabled             INTEGER NOT NULL DEFAULT 0,
	must_change_password INTEGER NOT NULL DEFAULT 0,
	created_at           INTEGER NOT NULL
);

CREATE TABLE user_role (
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	role    TEXT    NOT NULL,
	PRIMARY KEY (user_id, role)
) WITHOUT ROWID;

-- What checks a user's password, apart from the user: an argon2id PHC
-- string, the sign-in failures since the last success and the lock they
-- caused (0 when not locked).
CREATE TABLE credential (
	user_id       INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	password_hash TEXT    NOT NULL,
	failures      INTEGER NOT NULL DEFAULT 0,
	locked_until  INTEGER NOT NULL DEFAULT 0,
	changed_at    INTEGER NOT NULL
);

-- Browser sessions and API tokens, keyed by the hex SHA-256 of the token:
-- the token itself is never stored.
CREATE TABLE session (
	token_hash TEXT    NOT NULL PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind       TEXT    NOT NULL CHECK (kind IN ('browser', 'api')),
	name       TEXT    NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	last_seen  INTEGER NOT NULL,
	csrf       TEXT    NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX session_by_user ON session (user_id);
