// Package storetest is the conformance suite for tideline.Store: Run checks
// every behaviour that the Store interface documents (upsert rules, entity
// assembly, filters, ordering, error codes, cancellation) against one
// implementation. The SQLite and PostgreSQL stores run it from their tests,
// so both behave the same for their callers.
package storetest
