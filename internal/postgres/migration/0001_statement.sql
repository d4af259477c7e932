-- Statements are the record of truth: one row per (dataset, entity,
-- property, value), keyed by tideline.StatementID. Text that is compared or
-- sorted uses the "C" collation, so that ids order by their bytes as in Go
-- and in the SQLite store, whatever the database's default collation.
CREATE TABLE statement (
	id             text COLLATE "C" NOT NULL PRIMARY KEY,
	entity_id      text COLLATE "C" NOT NULL,
	canonical_id   text COLLATE "C" NOT NULL,
	schema         text COLLATE "C" NOT NULL,
	prop           text COLLATE "C" NOT NULL,
	prop_type      text NOT NULL DEFAULT '',
	value          text COLLATE "C" NOT NULL,
	original_value text NOT NULL DEFAULT '',
	lang           text NOT NULL DEFAULT '',
	dataset        text COLLATE "C" NOT NULL,
	agency         text NOT NULL DEFAULT '',
	source_eval    text NOT NULL DEFAULT '',
	intel_eval     text NOT NULL DEFAULT '',
	handling       text NOT NULL DEFAULT '',
	conditions     text NOT NULL DEFAULT '',
	origin         text NOT NULL DEFAULT '',
	invalid        text NOT NULL DEFAULT '',
	first_seen     timestamptz NOT NULL,
	last_seen      timestamptz NOT NULL
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
	name       text COLLATE "C" NOT NULL PRIMARY KEY,
	title      text NOT NULL DEFAULT '',
	agency     text NOT NULL DEFAULT '',
	grading    text NOT NULL DEFAULT '', -- compact 3x5x2 source/intelligence, e.g. '2B'
	handling   text NOT NULL DEFAULT '', -- 'P', 'C' or ''
	conditions text NOT NULL DEFAULT ''
);
