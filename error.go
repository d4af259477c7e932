package tideline

import (
	"errors"
	"fmt"
)

// Error codes returned by Tideline services. Callers switch on ErrorCode(err).
const (
	ECONFLICT       = "conflict"        // action cannot be performed
	EINTERNAL       = "internal"        // internal error
	EINVALID        = "invalid"         // validation failed
	ENOTFOUND       = "not_found"       // entity does not exist
	ENOTIMPLEMENTED = "not_implemented" // feature not implemented
	EUNAUTHORIZED   = "unauthorized"    // access denied
)

// Error is the coded error every Tideline package returns for conditions a
// user can act on. Message is safe to show to a user; internal details stay
// in wrapped errors and are never shown.
type Error struct {
	Code    string // one of the E* constants
	Message string // human-readable, lower-case, no final punctuation
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("tideline error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code string, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, "" for nil
// and EINTERNAL for any other error.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, "" for
// nil and "Internal error." for any other error, so internals never leak.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}
