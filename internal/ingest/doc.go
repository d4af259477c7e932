// Package ingest turns fragments read from agency files into statements with
// provenance and writes them to a store.
//
// A format reader (ftmjson, mapping, netfile) yields tideline.Fragment values
// and located *tideline.InputError values for bad records. The pipeline
// validates each fragment against the model, normalises every value by its
// property type (names NFKC-cleaned, dates ISO 8601 keeping partial dates,
// phones E.164, countries ISO 3166-1 alpha-2, IBANs checked with mod-97,
// identifiers upper-cased without separators), keeps the original value
// beside the normalised one, and marks values that cannot be normalised as
// invalid rather than dropping them. Rejected records go to a rejects CSV
// (file, line, field, reason, outcome); the rest load. An InputError with
// Kept set is a warning about a record loaded without the value at fault:
// listed there too (outcome "loaded without this value") and counted apart
// (Summary.Warnings). Statements are written in batches, so memory stays
// flat in the size of the input.
package ingest
