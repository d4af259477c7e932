// Package storetest is the conformance suite for the stores: Run checks
// every behaviour that the tideline.Store interface documents (upsert
// rules, entity assembly, filters, ordering, error codes, cancellation)
// against one implementation; RunResolution does the same for
// tideline.ResolutionStore, RunUsers for tideline.UserStore, RunAccess for
// tideline.AccessStore and RunAudit for tideline.AuditLog. RunAuditTamper
// changes a store's audit table behind its back, through SQL the store's
// test supplies, and checks that tideline.VerifyAudit finds each change.
// The SQLite and PostgreSQL stores run every suite from their tests, so
// both behave the same for their callers.
package storetest
