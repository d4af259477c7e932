// Package sharedtest locates the shared real-data fixtures (../shared/data beside
// the repository) for tests and benchmarks across Tideline's packages.
//
// The directory is taken from the TIDELINE_DATA environment variable when set,
// otherwise from "../shared/data" relative to the module root (the directory
// holding go.mod). Tests that need it fail, never skip, when it is missing, so
// a misplaced checkout cannot pass silently.
package sharedtest
