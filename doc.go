// Package tideline is the domain model of Tideline, a platform for the
// multi-agency teams that investigate organised people-smuggling networks.
//
// It holds the types every other package speaks in and imports nothing but the
// standard library:
//
//   - the FollowTheMoney (FtM) schema model (Schema, Property, PropertyType) with
//     Tideline's smuggling extensions (Engine, Crossing, Seizure, Arrest);
//   - Entity, the FtM entity ("proxy") with its JSON wire format;
//   - Statement, one property value with its provenance: dataset, source agency,
//     UK 3x5x2 grading and handling code, first/last seen and original value;
//   - Error, the single coded error type returned across package boundaries;
//   - the Store interface that the SQLite and PostgreSQL stores implement;
//   - entity resolution's judgements, canonical ids and review queue
//     (ResolutionStore);
//   - the multi-agency model: users with agencies and roles (User, Role,
//     Permission, UserStore), need-to-know (Principal, Share, Operation,
//     Visible, AccessStore) and the hash-chained audit trail (AuditRecord,
//     AuditLog, VerifyAudit) kept under the Data Protection Act 2018 s.62.
//
// References: FollowTheMoney schema YAML and statement model
// (github.com/opensanctions/followthemoney, followthemoney/schema/*.yaml and
// followthemoney/statement/statement.py); College of Policing Authorised
// Professional Practice, "Intelligence management" (3x5x2 grading).
package tideline
