package postgres

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tideline-oss/tideline"
)

// The checks below refuse what the SQLite store refuses, with the same
// messages, so that both stores take the same input (storetest checks it).

// validText reports whether s is valid UTF-8 of at most max bytes without
// NUL (which PostgreSQL cannot store in text).
func validText(s string, max int) bool {
	return len(s) <= max && utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// checkCredential reports EINVALID for a credential the store must not keep.
func checkCredential(c tideline.Credential) error {
	switch {
	case c.PasswordHash == "":
		return tideline.Errorf(tideline.EINVALID, "a password hash is required")
	case len(c.PasswordHash) > 512 || strings.ContainsFunc(c.PasswordHash, func(r rune) bool { return r <= ' ' || r > '~' }):
		return tideline.Errorf(tideline.EINVALID, "the password hash must be printable ASCII of at most 512 bytes")
	case c.Failures < 0:
		return tideline.Errorf(tideline.EINVALID, "the failure count cannot be negative")
	}
	return nil
}

// checkSession reports EINVALID for a session the store must not keep:
// the token hash must be 64 lower-case hex digits (a SHA-256), the kind
// "browser" or "api", the name and CSRF token short, the expiry set.
func checkSession(s tideline.Session) error {
	if len(s.TokenHash) != 64 || strings.Trim(s.TokenHash, "0123456789abcdef") != "" {
		return tideline.Errorf(tideline.EINVALID, "session: the token hash must be the hex SHA-256 of the token (64 lower-case hex digits)")
	}
	if s.Kind != "browser" && s.Kind != "api" {
		return tideline.Errorf(tideline.EINVALID, "session: kind %q: use browser or api", s.Kind)
	}
	if !validText(s.Name, 200) {
		return tideline.Errorf(tideline.EINVALID, "session: the name must be valid UTF-8 of at most 200 bytes without NUL")
	}
	if !validText(s.CSRF, 256) {
		return tideline.Errorf(tideline.EINVALID, "session: the CSRF token must be at most 256 bytes")
	}
	if s.ExpiresAt.IsZero() {
		return tideline.Errorf(tideline.EINVALID, "session: an expiry time is required")
	}
	return nil
}

// checkDataset reports EINVALID for a dataset name that Dataset.Validate
// refuses.
func checkDataset(name string) error {
	d := tideline.Dataset{Name: name}
	return d.Validate()
}

// checkOperation reports EINVALID unless op has a name that is a valid
// dataset name, a valid lead agency code and a title of at most 200
// characters on one line.
func checkOperation(op tideline.Operation) error {
	if op.Name == "" {
		return tideline.Errorf(tideline.EINVALID, "operation name required")
	}
	if err := checkDataset(op.Name); err != nil {
		msg := strings.Replace(tideline.ErrorMessage(err), "dataset name", "operation name", 1)
		return tideline.Errorf(tideline.EINVALID, "%s", msg)
	}
	if err := tideline.ValidAgency(op.Agency); err != nil {
		return tideline.Errorf(tideline.EINVALID, "operation %s: lead %s", op.Name, tideline.ErrorMessage(err))
	}
	if !utf8.ValidString(op.Title) || utf8.RuneCountInString(op.Title) > 200 || strings.ContainsFunc(op.Title, unicode.IsControl) {
		return tideline.Errorf(tideline.EINVALID, "operation %s: the title must be at most 200 characters on one line", op.Name)
	}
	return nil
}

// checkAudit reports EINVALID for a record the trail must not take: the
// user and action are required, and every field must be valid UTF-8
// without NUL, within its length in bytes (the object is indexed, and
// index entries hold at most about 2.7 kB).
func checkAudit(r tideline.AuditRecord) error {
	if r.User == "" {
		return tideline.Errorf(tideline.EINVALID, "audit record: user required")
	}
	if r.Action == "" {
		return tideline.Errorf(tideline.EINVALID, "audit record: action required")
	}
	for _, f := range []struct {
		name, v string
		max     int
	}{
		{"user", r.User, 256}, {"agency", r.Agency, 256}, {"action", r.Action, 64},
		{"object", r.Object, 1024}, {"purpose", r.Purpose, 4096}, {"detail", r.Detail, 16384},
	} {
		if !validText(f.v, f.max) {
			return tideline.Errorf(tideline.EINVALID, "audit record: the %s must be valid UTF-8 of at most %d bytes without NUL", f.name, f.max)
		}
	}
	return nil
}

// The times of users, sessions, shares, operations and the audit trail are
// kept at millisecond precision, as in the SQLite store.

// now is db.Now in UTC, cut to the millisecond.
func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Millisecond) }

// orNow returns t in UTC cut to the millisecond, or now when t is zero.
func orNow(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return t.UTC().Truncate(time.Millisecond)
}

// msTime cuts t to the millisecond, in UTC.
func msTime(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

// ceilMS is the first whole millisecond at or after t: stored times t'
// (whole milliseconds) satisfy t' >= t exactly when t' >= ceilMS(t).
func ceilMS(t time.Time) time.Time {
	c := msTime(t)
	if c.Before(t) {
		c = c.Add(time.Millisecond)
	}
	return c
}
