package normalize

import "fmt"

// Kinds of value reported in Error.Kind.
const (
	KindDate    = "date"
	KindPhone   = "phone"
	KindCountry = "country"
	KindIBAN    = "iban"
	KindEmail   = "email"
)

// Error describes why a value could not be normalised. Kind is one of the
// Kind constants, Value is the input exactly as given, and Reason is a short
// lower-case explanation such as "day out of range".
//
// Callers can recover it with errors.As. Its Error method renders
// `normalize: date "2021-02-30": day out of range`.
type Error struct {
	Kind   string
	Value  string
	Reason string
}

// Error returns the message `normalize: <kind> "<value>": <reason>`, with the
// value quoted by %q so that control characters stay visible.
func (e *Error) Error() string {
	return fmt.Sprintf("normalize: %s %q: %s", e.Kind, e.Value, e.Reason)
}

func newError(kind, value, reason string) *Error {
	return &Error{Kind: kind, Value: value, Reason: reason}
}
