// Package mapping reads CSV files through FollowTheMoney mapping files, the
// format of `ftm map-csv`, and yields the entities as tideline.Fragment
// values for the ingest pipeline.
//
// # Format
//
// The format is FtM's (followthemoney docs/src/pages/docs/mappings.mdx;
// behaviour of followthemoney/mapping/*.py, reimplemented here):
//
//	donations:                      # dataset name: seeds every entity id
//	  queries:
//	    - csv_url: donations.csv    # or csv_urls: [...]; next to the mapping file or below
//	      filters: {DonorType: PERSON}        # column: value or [values]; all must match
//	      filters_not: {Country: [XX, ""]}   # any match drops the row
//	      provenance:                         # Tideline extension, per record
//	        agency: {literal: NCA}
//	        grading: {column: Grading}        # "2B"
//	        handling: {column: Handling}      # "P" or "C"
//	        conditions: {column: Conditions}
//	        first_seen: {column: Reported, format: "%d/%m/%Y"}
//	        last_seen: {literal: "2024-05-01"}
//	        region: {literal: GB}             # phone numbers in national form
//	      entities:
//	        donor:
//	          schema: Person
//	          key: Donor               # key/keys: [...], key_literal: text, or id_column: Col
//	          properties:
//	            name: {column: Donor}
//	            alias: {columns: [Alias1, Alias2]}
//	            address: {columns: [Street, City], join: ", "}
//	            phone: {column: Phones, split: ";"}
//	            notes: {template: "{{Street}}, {{City}}"}
//	            topics: {literal: [role.pep]}
//	            birthDate: {column: Born, format: "%d.%m.%Y", required: true}
//	        payment:
//	          schema: Payment
//	          keys: [Donor, Date, Amount]
//	          properties:
//	            payer: {entity: donor}  # the id of the row's "donor" entity
//
// A bare top-level `queries:` list is accepted too, with the dataset name
// given in Options.Dataset. SQL queries (database, tables, joins) are not.
//
// # CSV files
//
// Mapping files may come from elsewhere (a partner agency), so the default
// opener, Mapping.OpenFile, reads only files in the mapping file's folder or
// below it: a csv_url that is an absolute path, that leaves the folder once
// cleaned ("../x.csv", "a/../../x.csv"), or that is a URL with a scheme
// ("https://...", "file:///...") is refused with an error naming the
// mapping file, the query's csv_url and the value ("csv_url "../x.csv" is
// outside the mapping's folder; copy the CSV next to the mapping").
// Symbolic links are not resolved. Mapping.CSVPath applies the same rule
// for callers with their own opener. Spellings of one path ("a.csv",
// "./a.csv") are one file, read once and named as first written.
//
// Files are comma-separated UTF-8, with an optional BOM, lines ending in LF
// or CRLF. A header that lacks columns the query uses, or repeats one of
// them, makes the query skip the file with one error at line 1 listing
// every missing column (hinting at another delimiter when the header is a
// single column), and one per repeated column. A file whose lines end with
// a bare CR is refused as a whole.
//
// # Entities
//
// An entity's id is the id_column's value, or, as FtM computes it, the hex
// SHA1 of the dataset name, the key_literal and the non-empty key values in
// sorted order (each trimmed, NFC-composed, control characters removed). A
// row without any key value makes no entity of that mapping; when a row
// that passed a query's filters and has a non-empty cell makes nothing at
// all, and nothing else was reported for it, it is reported ("no entity
// made: key column id is empty") rather than dropped silently. Entities
// referenced with `entity:` are made first; when the referring schema has
// namesMentioned it also receives the referenced entity's names (FtM's
// inline names), except those of an entity with a safeguarding value (a
// person recorded as a victim, such as a passenger on a small boat): a
// victim's names stay on the victim's own record and do not spread to the
// crossings, payments or links that reference them. Several queries, or several rows, may make the same id;
// the pipeline merges the fragments (LegalEntity with Person gives Person).
//
// # Values
//
// Values are emitted as the source has them, trimmed of surrounding white
// space, with empty ones dropped: no normalisation happens here. literal
// values come first, then each column's value; `join` joins them into one,
// `split` then splits each value. A template replaces {{Column}} with the
// trimmed cell and is skipped when every cell it names is empty. A date
// property's `format` is passed on in Fragment.Formats for the pipeline. A
// `required` property without a value drops that entity with an
// *tideline.InputError (FtM drops it silently); the row's other entities
// are still made.
//
// # Provenance
//
// Provenance values are checked as the pipeline will check them, and
// problems are reported naming the CSV column (or, for literals, by Parse
// naming the YAML path). A grading or handling code the pipeline would
// refuse drops the row's fragments of that query, rather than load them
// under the run's grading. A date that does not parse, or a last_seen
// before first_seen, is reported and the fragments are made without the
// row's seen dates (a bad first_seen also drops last_seen, which would
// otherwise be compared with the ingest time). Conditions without a
// handling code are left to the pipeline, which knows the run's code.
// region is the ISO 3166-1 alpha-2 country a record was made in, the hint
// for its phone numbers written in national form ("07700 900123" in a UK
// record, "06 12 34 56 78" in a French one); it goes to Fragment.Region and
// takes precedence over the entity's country and the run's --region. A
// value that is not two letters is reported naming the column, and the
// record is made without it. The errors about values a record is made
// without (dates, region) have InputError.Kept set: they are warnings, and
// the row's fragments follow them; when the row makes no entity of the
// query after all (or is dropped for its grading), Kept is false.
//
// # Errors
//
// Parse reports every problem of a mapping file at once, as
// *tideline.InputError values joined with errors.Join, each naming the file,
// the YAML line and path, and the reason. Read and ReadCSV yield a located
// *tideline.InputError for each bad row and go on; only I/O errors and the
// context end a read. Reading is streaming, linear in the input, with memory
// flat in the file size.
package mapping
