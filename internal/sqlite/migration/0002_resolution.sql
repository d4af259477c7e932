-- Entity resolution. resolution maps an entity (as loaded) to the
-- canonical id it was merged into; entities absent from it are their own.
-- Statements are stored under their canonical id (see 0001), so a
-- resolved entity is read with one range scan.
CREATE TABLE resolution (
	entity_id    TEXT NOT NULL PRIMARY KEY,
	canonical_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX resolution_canonical ON resolution (canonical_id);

-- Analysts' decisions on pairs of entities; undone ones are kept.
CREATE TABLE judgement (
	id        INTEGER PRIMARY KEY,
	a         TEXT    NOT NULL,
	b         TEXT    NOT NULL,
	verdict   TEXT    NOT NULL,
	user      TEXT    NOT NULL,
	reason    TEXT    NOT NULL DEFAULT '',
	at        INTEGER NOT NULL, -- Unix milliseconds
	undone_at INTEGER NOT NULL DEFAULT 0,
	undone_by TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX judgement_a ON judgement (a);
CREATE INDEX judgement_b ON judgement (b);

-- The review queue of the last resolution run, in order.
CREATE TABLE review (
	pos         INTEGER PRIMARY KEY,
	a           TEXT NOT NULL,
	b           TEXT NOT NULL,
	probability REAL NOT NULL,
	weight      REAL NOT NULL,
	note        TEXT NOT NULL DEFAULT ''
);

-- Trained resolution models (m and u probabilities), by name.
CREATE TABLE resolver_model (
	name       TEXT NOT NULL PRIMARY KEY,
	data       BLOB NOT NULL,
	updated_at INTEGER NOT NULL
);
