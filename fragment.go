package tideline

import (
	"fmt"
	"time"
)

// Fragment is one entity as one source record states it, before
// normalisation: what a format reader (FtM JSON, CSV mapping, network file)
// hands to the ingest pipeline. Several fragments may share an id; they merge.
type Fragment struct {
	Entity Entity
	// File and Line locate the record that produced the fragment (Line is
	// 1-based; a CSV's header is line 1).
	File string
	Line int
	// Formats gives, per property, the strftime layout a mapping declared
	// for its dates ("%d/%m/%Y"); absent means the default parsers.
	Formats map[string]string
	// Provenance overrides the run's dataset-level provenance for this
	// record when fields are set (per-column grading in a mapping).
	Provenance RecordProvenance
	// Region is an ISO 3166-1 alpha-2 hint for phone numbers of this record.
	Region string
}

// Origin returns "file:line" for statements made from the fragment.
func (f *Fragment) Origin() string {
	if f.Line > 0 {
		return fmt.Sprintf("%s:%d", f.File, f.Line)
	}
	return f.File
}

// RecordProvenance holds per-record provenance read from the source. Empty
// fields fall back to the run's values.
type RecordProvenance struct {
	Agency     string
	Grading    string // compact 3x5x2 source/intelligence, e.g. "2B"
	Handling   string // "P" or "C"
	Conditions string
	FirstSeen  time.Time
	LastSeen   time.Time
}

// InputError locates a problem in an input file: the file, the 1-based line
// (0 when the whole file is at fault), the field or property, and why. Bad
// rows are reported with it and the rest of the file still loads.
type InputError struct {
	File   string
	Line   int
	Field  string
	Reason string
	// Kept reports that the record was loaded without the value at fault
	// (a warning, not a rejected record): a reader that sets it also
	// yields the record's fragments.
	Kept bool
}

// Error returns "file:line: field: reason".
func (e *InputError) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if e.Field != "" {
		return fmt.Sprintf("%s: %s: %s", loc, e.Field, e.Reason)
	}
	return fmt.Sprintf("%s: %s", loc, e.Reason)
}
