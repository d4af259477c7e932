-- Need-to-know. A share opens a dataset to an agency or to a role
-- (exactly one of the two is set, the other is '').
CREATE TABLE share (
	dataset   TEXT    NOT NULL,
	agency    TEXT    NOT NULL DEFAULT '',
	role      TEXT    NOT NULL DEFAULT '',
	shared_by TEXT    NOT NULL DEFAULT '', -- login of who shared it
	at        INTEGER NOT NULL,            -- Unix milliseconds
	PRIMARY KEY (dataset, agency, role),
	CHECK ((agency = '') <> (role = ''))
) WITHOUT ROWID;

-- Operations are compartments: their datasets are seen by their members
-- only. A dataset is in at most one operation (its primary key).
CREATE TABLE operation (
	name       TEXT    NOT NULL PRIMARY KEY,
	title      TEXT    NOT NULL DEFAULT '',
	agency     TEXT    NOT NULL, -- the lead agency
	created_at INTEGER NOT NULL
);

CREATE TABLE operation_dataset (
	dataset   TEXT NOT NULL PRIMARY KEY,
	operation TEXT NOT NULL REFERENCES operation (name) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX operation_dataset_operation ON operation_dataset (operation);

CREATE TABLE operation_member (
	operation TEXT    NOT NULL REFERENCES operation (name) ON DELETE CASCADE,
	user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	PRIMARY KEY (operation, user_id)
) WITHOUT ROWID;

-- The agency that controls each dataset (the one that obtained the
-- records); datasets may be owned before they are loaded.
CREATE TABLE dataset_owner (
	dataset TEXT NOT NULL PRIMARY KEY,
	agency  TEXT NOT NULL
) WITHOUT ROWID;
