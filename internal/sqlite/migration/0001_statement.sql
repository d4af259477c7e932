-- Provenance shared by many statements: the agency, 3x5x2 grading, handling
-- code and conditions, and the file the statements were read from. Folding
-- these into one small table keeps statement rows narrow, which is what makes
-- bulk loads fast.
CREATE TABLE provenance (
	id         INTEGER PRIMARY KEY,
	agency     TEXT NOT NULL,
	grading    TEXT NOT NULL, -- compact 3x5x2 source/intelligence, e.g. '2B', or ''
	handling   TEXT NOT NULL, -- 'P', 'C' or ''
	conditions TEXT NOT NULL,
	file       TEXT NOT NULL,
	UNIQUE (agency, grading, handling, conditions, file)
);

-- Statements are the record of truth: one row per (dataset, entity,
-- property, value). The statement id, sha1 of exactly those four
-- (tideline.StatementID), is derived on read rather than stored. The key
-- leads with the canonical id, so an entity's statements sit together on
-- disk: entities are read with one range scan and streamed in id order
-- without a sort, and a bulk load touches one page per entity rather than
-- one per statement. entity_id is '' when it equals canonical_id.
-- Times are Unix milliseconds (UTC).
CREATE TABLE statement (
	canonical_id   TEXT    NOT NULL,
	entity_id      TEXT    NOT NULL,
	dataset        TEXT    NOT NULL,
	prop           TEXT    NOT NULL,
	value          TEXT    NOT NULL,
	schema         TEXT    NOT NULL,
	original_value TEXT    NOT NULL DEFAULT '',
	lang           TEXT    NOT NULL DEFAULT '',
	invalid        TEXT    NOT NULL DEFAULT '',
	provenance     INTEGER NOT NULL,
	line           INTEGER NOT NULL DEFAULT 0,
	first_seen     INTEGER NOT NULL,
	last_seen      INTEGER NOT NULL,
	PRIMARY KEY (canonical_id, entity_id, dataset, prop, value)
) WITHOUT ROWID;

-- Dataset metadata; statements may name datasets that have none.
CREATE TABLE dataset (
	name       TEXT NOT NULL PRIMARY KEY,
	title      TEXT NOT NULL DEFAULT '',
	agency     TEXT NOT NULL DEFAULT '',
	grading    TEXT NOT NULL DEFAULT '', -- compact 3x5x2 source/intelligence, e.g. '2B'
	handling   TEXT NOT NULL DEFAULT '', -- 'P', 'C' or ''
	conditions TEXT NOT NULL DEFAULT ''
);
