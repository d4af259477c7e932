-- Need-to-know. A share opens a dataset to an agency or to a role
-- (exactly one of the two is set, the other is '').
CREATE TABLE share (
	dataset   text COLLATE "C" NOT NULL,
	agency    text COLLATE "C" NOT NULL DEFAULT '',
	role      text COLLATE "C" NOT NULL DEFAULT '',
	shared_by text NOT NULL DEFAULT '', -- login of who shared it
	at        timestamptz NOT NULL,
	PRIMARY KEY (dataset, agency, role),
	CHECK ((agency = '') <> (role = ''))
);

-- Operations are compartments: their datasets are seen by their members
-- only. A dataset is in at most one operation (its primary key).
CREATE TABLE operation (
	name       text COLLATE "C" NOT NULL PRIMARY KEY,
	title      text NOT NULL DEFAULT '',
	agency     text NOT NULL, -- the lead agency
	created_at timestamptz NOT NULL
);

CREATE TABLE operation_dataset (
	dataset   text COLLATE "C" NOT NULL PRIMARY KEY,
	operation text COLLATE "C" NOT NULL REFERENCES operation (name) ON DELETE CASCADE
);
CREATE INDEX operation_dataset_operation ON operation_dataset (operation);

CREATE TABLE operation_member (
	operation text COLLATE "C" NOT NULL REFERENCES operation (name) ON DELETE CASCADE,
	user_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	PRIMARY KEY (operation, user_id)
);
CREATE INDEX operation_member_user ON operation_member (user_id);

-- The agency that controls each dataset (the one that obtained the
-- records); datasets may be owned before they are loaded.
CREATE TABLE dataset_owner (
	dataset text COLLATE "C" NOT NULL PRIMARY KEY,
	agency  text NOT NULL
);
