-- The schema statements by schema: reading the entities of some schemata
-- (the people of a store, to resolve them) finds their canonical ids in
-- this small index instead of scanning every statement.
CREATE INDEX statement_schema ON statement (schema, canonical_id) WHERE prop = 'id';
