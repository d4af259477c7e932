-- Statements are the record of truth: one row per (dataset, entity,
-- property, value), keyed by tideline.StatementID. Times are Unix
-- milliseconds (UTC). Empty optional fields are stored as ''.
CREATE TABLE statement (
	id             TEXT    NOT NULL PRIMARY KEY,
	entity_id      TEXT    NOT NULL,
	canonical_id   TEXT    NOT NULL,
	schema         TEXT    NOT NULL,
	prop           TEXT    NOT NULL,
	prop_type      TEXT    NOT NULL DEFAULT '',
	value          TEXT    NOT NULL,
	original_value TEXT    NOT NULL DEFAULT '',
	lang           TEXT    NOT NULL DEFAULT '',
	dataset        TEXT    NOT NULL,
	agency         TEXT    NOT NULL DEFAULT '',
	source_eval    TEXT    NOT NULL DEFAULT '',
	intel_eval     TEXT    NOT NULL DEFAULT '',
	handling       TEXT    NOT NULL DEFAULT '',
	conditions     TEXT    NOT NULL DEFAULT '',
	origin         TEXT    NOT NULL DEFAULT '',
	invalid        TEXT    NOT NULL DEFAULT '',
	first_seen     INTEGER NOT NULL,
	last_seen      INTEGER NOT NULL
);

-- Entities are read by canonical id (Entity, Entities, EntityStatements).
CREATE INDEX statement_canonical_id ON statement (canonical_id);

-- Dataset filters and per-dataset statistics.
CREATE INDEX statement_dataset ON statement (dataset);

-- Schema filters: the schema statement (prop = 'id', tideline.PropSchema)
-- of every entity in every dataset, a small fraction of all rows.
CREATE INDEX statement_schema ON statement (schema, canonical_id) WHERE prop = 'id';

-- Dataset metadata; statements may name datasets that have none.
CREATE TABLE dataset (
	name       TEXT NOT NULL PRIMARY KEY,
	title      TEXT NOT NULL DEFAULT '',
	agency     TEXT NOT NULL DEFAULT '',
	grading    TEXT NOT NULL DEFAULT '', -- compact 3x5x2 source/intelligence, e.g. '2B'
	handling   TEXT NOT NULL DEFAULT '', -- 'P', 'C' or ''
	conditions TEXT NOT NULL DEFAULT ''
);
