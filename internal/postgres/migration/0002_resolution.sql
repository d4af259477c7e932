-- Entity resolution: each merged entity's canonical id (entities absent
-- are their own), analysts' judgements, the review queue, trained models.
CREATE TABLE resolution (
	entity_id    text COLLATE "C" NOT NULL PRIMARY KEY,
	canonical_id text COLLATE "C" NOT NULL
);
CREATE INDEX resolution_canonical ON resolution (canonical_id);

-- Moving an entity's statements under a new canonical id finds them by entity.
CREATE INDEX statement_entity_id ON statement (entity_id);

CREATE TABLE judgement (
	id        bigserial PRIMARY KEY,
	a         text COLLATE "C" NOT NULL,
	b         text COLLATE "C" NOT NULL,
	verdict   text NOT NULL,
	"user"    text NOT NULL,
	reason    text NOT NULL DEFAULT '',
	at        timestamptz NOT NULL,
	undone_at timestamptz,
	undone_by text NOT NULL DEFAULT ''
);
CREATE INDEX judgement_a ON judgement (a);
CREATE INDEX judgement_b ON judgement (b);

CREATE TABLE review (
	pos         integer PRIMARY KEY,
	a           text NOT NULL,
	b           text NOT NULL,
	probability double precision NOT NULL,
	weight      double precision NOT NULL,
	note        text NOT NULL DEFAULT ''
);

CREATE TABLE resolver_model (
	name       text NOT NULL PRIMARY KEY,
	data       bytea NOT NULL,
	updated_at timestamptz NOT NULL
);
