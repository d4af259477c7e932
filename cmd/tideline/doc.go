// Command tideline is the single binary of Tideline: it ingests agency
// records into the statement store and analyses the network they describe.
//
//	tideline ingest  load FtM JSON, CSV through a mapping, or network files
//	tideline analyse print the network report (key players, brokers, cells)
//
// The store is an embedded SQLite file (--db, default ./tideline.db).
package main
