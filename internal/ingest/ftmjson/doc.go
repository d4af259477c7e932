// Package ftmjson reads FollowTheMoney entity JSON lines ("ijson"), the wire
// format of Aleph, OpenSanctions and yente exports: one
// {"id", "schema", "properties": {prop: [string, ...]}} object per line, with
// the optional export fields caption, datasets, referents, target,
// first_seen, last_seen and last_change. Delta lines
// {"op": "ADD"|"MOD"|"DEL", "entity": {...}} from yente's delta files are
// accepted for ADD and MOD.
//
// Reference: followthemoney docs "Entity format"; yente
// tests/fixtures/dataset/zala/entities.ftm.json and t2/*/entities.delta.json.
package ftmjson
