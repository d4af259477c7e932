// Package memstore is a Tideline store held in memory: tideline.Store and
// tideline.ResolutionStore with the SQLite store's semantics, for ingest,
// resolution runs, tests and benchmarks that need no file. It passes the
// conformance suites in internal/storetest (Run and RunResolution). Nothing
// is persisted: the data lives as long as the Store.
//
// # Layout
//
// Statements are fixed-size records of 40 bytes without pointers, kept in
// chunks of 65,536 so that growing never copies the store. A record holds
// numbers, not strings: the entity and canonical ids are numbered in an id
// table; the dataset, schema, property, language, agency, grading,
// conditions and origin file that statements share are one "attr" tuple,
// numbered too; the value, original value and invalid reason are packed in
// an append-only byte arena whose strings are handed out without copies.
// The statement id is not stored: it is derived on read, as the SQLite store
// derives it, from the dataset, entity, property and value that it hashes.
// An open-addressing hash table of 8-byte slots (the id's first 32 bits and
// the record's position) finds a statement by id; a candidate is confirmed
// against the record's entity, dataset, property and value. Each canonical
// id has a slice of the positions of its statements, and a sorted list of
// ids gives the streaming order. Writes only append to both; the first
// stream after them sorts the new ids in and the entities they changed back
// into key order, once, under the write lock.
//
// For realistic statements (storetest.Gen) that is about 90 bytes of live
// heap per statement all told: 96 at one million (BenchmarkWriteStatements
// reports it), 90 at ten million (856 MiB), so 30 million take about 2.5
// GiB, plus the garbage collector's headroom (GOGC). The collector scans
// only the id table and the per-entity slices, not the records or the text.
// A write validates, hashes and files about a million statements a second
// on two cores, with one allocation per new entity.
//
// # Semantics
//
// As the SQLite store: a statement written again keeps the earlier
// FirstSeen and the later LastSeen and takes the other fields' new values;
// zero seen dates are stamped with Store.Now; entities are assembled from
// the statements filed under their canonical id, in the SQLite primary-key
// order (entity id, dataset, property, value), and a merged id reads as the
// entity it joined; Entities and Statements stream in byte order of
// canonical ids with the same filter rules; SetCanonicals moves an entity's
// statements and steers its later writes; the error codes are the same. The
// differences: times are kept to the microsecond (SQLite keeps
// milliseconds); a statement is identified by its id alone, so one written
// again under another canonical id moves there, as in the PostgreSQL store,
// where SQLite, whose key includes the canonical id, would keep a second
// row; and streams are not snapshots (each chunk of about a thousand
// statements is read under the lock, and sees the writes made before it).
//
// # Limits
//
// At most 4,294,967,294 statements and as many ids. Nothing is ever freed
// before Close: the text of an original value or invalid reason replaced by
// an update stays in the arena, and ids stay numbered after their
// statements move away. Writes hold the lock exclusively for a whole batch,
// and Datasets scans every statement under the read lock.
package memstore
