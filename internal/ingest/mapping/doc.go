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
//	    - csv_url: donations.csv    # or csv_urls: [...]; relative to the mapping file
//	      filters: {DonorType: PERSON}        # column: value or [values]; all must match
//	      filters_not: {Country: [XX, ""]}   # any match drops the row
//	      provenance:                         # Tideline extension, per record
//	        agency: {literal: NCA}
//	        grading: {column: Grading}        # "2B"
//	        handling: {column: Handling}      # "P" or "C"
//	        conditions: {column: Conditions}
//	        first_seen: {column: Reported, format: "%d/%m/%Y"}
//	        last_seen: {literal: "2024-05-01"}
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
// # Entities
//
// An entity's id is the id_column's value, or, as FtM computes it, the hex
// SHA1 of the dataset name, the key_literal and the non-empty key values in
// sorted order (each trimmed, NFC-composed, control characters removed). A
// row without any key value makes no entity of that mapping. Entities
// referenced with `entity:` are made first; when the referring schema has
// namesMentioned it also receives the referenced entity's names (FtM's
// inline names). Several queries, or several rows, may make the same id;
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
// # Errors
//
// Parse reports every problem of a mapping file at once, as
// *tideline.InputError values joined with errors.Join, each naming the file,
// the YAML line and path, and the reason. Read and ReadCSV yield a located
// *tideline.InputError for each bad row and go on; only I/O errors and the
// context end a read. Reading is streaming, linear in the input, with memory
// flat in the file size.
package mapping
