-- Users who sign in (numbered like the SQLite store's migrations, whose
-- 0003 PostgreSQL had from 0001). Logins are unique; roles are a set
-- (user_role).
CREATE TABLE users (
	id                   bigserial PRIMARY KEY,
	login                text COLLATE "C" NOT NULL UNIQUE,
	name                 text NOT NULL,
	agency               text NOT NULL,
	disabled             boolean NOT NULL DEFAULT false,
	must_change_password boolean NOT NULL DEFAULT false,
	created_at           timestamptz NOT NULL
);

CREATE TABLE user_role (
	user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	role    text COLLATE "C" NOT NULL,
	PRIMARY KEY (user_id, role)
);

-- What checks a user's password, apart from the user: an argon2id PHC
-- string, the sign-in failures since the last success and the lock they
-- caused (NULL when not locked).
CREATE TABLE credential (
	user_id       bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	password_hash text NOT NULL,
	failures      integer NOT NULL DEFAULT 0,
	locked_until  timestamptz,
	changed_at    timestamptz NOT NULL
);

-- Browser sessions and API tokens, keyed by the hex SHA-256 of the token:
-- the token itself is never stored.
CREATE TABLE session (
	token_hash text COLLATE "C" NOT NULL PRIMARY KEY,
	user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind       text NOT NULL CHECK (kind IN ('browser', 'api')),
	name       text NOT NULL DEFAULT '',
	created_at timestamptz NOT NULL,
	expires_at timestamptz NOT NULL,
	last_seen  timestamptz NOT NULL,
	csrf       text NOT NULL DEFAULT ''
);
CREATE INDEX session_by_user ON session (user_id);
