// Command tideline is the single binary of Tideline: it ingests agency
// records into the statement store and analyses the network they describe.
//
//	tideline demo      generate the demo scenario, load it and real public data, print the reports
//	tideline scenario  generate a smuggling scenario: agency sources, mappings and ground truth
//	tideline ingest    load FtM JSON, CSV through a mapping, or network files
//	tideline analyse   print the network report (key players, brokers, cells)
//	tideline show      one entity with the provenance of every value
//	tideline user      add, list, disable, enable and reset users; set their roles
//	tideline share     share a dataset with an agency or a role (unshare withdraws it)
//	tideline owner     set the agency that controls a dataset
//	tideline operation operations (compartments): their datasets and members
//	tideline audit     verify the audit trail's hash chain; query who consulted what
//
// The store is an embedded SQLite file (--db, default ./tideline.db).
package main
