package ftmjson

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"time"
	"unicode/utf8"

	"github.com/tideline-oss/tideline"
)

// MaxLine is the longest line Read accepts, in bytes (64 MiB): an entity
// with more text than that is almost certainly a corrupt file.
const MaxLine = 64 << 20

type deltaLine struct {
	Op     string          `json:"op"`
	Entity json.RawMessage `json:"entity"`
}

// Read streams the entities of r, one fragment per non-blank line, with
// File = file and Line = the 1-based line number. A line that is not a valid
// entity yields (nil, *tideline.InputError) naming the line and, where it can,
// the field; reading goes on with the next line. Only an I/O error ends the
// sequence early. first_seen/last_seen, when present, become the fragment's
// provenance dates. Memory is bounded by the longest line; O(bytes) time.
func Read(r io.Reader, file string) iter.Seq2[*tideline.Fragment, error] {
	return func(yield func(*tideline.Fragment, error) bool) {
		br := bufio.NewReaderSize(r, 1<<16)
		line := 0
		for {
			raw, err := readLine(br)
			if len(raw) > 0 || err == nil || errors.Is(err, errLineTooLong) {
				line++
			}
			if line == 1 {
				raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf")) // UTF-8 byte-order mark
			}
			if err != nil && !errors.Is(err, io.EOF) {
				if errors.Is(err, errLineTooLong) {
					if !yield(nil, &tideline.InputError{File: file, Line: line, Reason: fmt.Sprintf("line longer than %d bytes", MaxLine)}) {
						return
					}
					continue
				}
				yield(nil, fmt.Errorf("ftmjson: %s:%d: %w", file, line, err))
				return
			}
			if trimmed := bytes.TrimSpace(raw); len(trimmed) > 0 {
				frag, ierr := parseLine(trimmed, file, line)
				if ierr != nil {
					if !yield(nil, ierr) {
						return
					}
				} else if frag != nil && !yield(frag, nil) {
					return
				}
			}
			if errors.Is(err, io.EOF) {
				return
			}
		}
	}
}

var errLineTooLong = errors.New("line too long")

// readLine returns the next line without its terminator. A line longer than
// MaxLine is consumed and reported as errLineTooLong.
func readLine(br *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(buf)+len(chunk) > MaxLine {
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			if err != nil && !errors.Is(err, io.EOF) {
				return nil, err
			}
			return nil, errLineTooLong
		}
		buf = append(buf, chunk...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return bytes.TrimRight(buf, "\r\n"), err
	}
}

func parseLine(b []byte, file string, line int) (*tideline.Fragment, *tideline.InputError) {
	fail := func(field, format string, args ...any) *tideline.InputError {
		return &tideline.InputError{File: file, Line: line, Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	if !utf8.Valid(b) {
		return nil, fail("", "invalid UTF-8")
	}
	if b[0] != '{' {
		return nil, fail("", "not a JSON object")
	}
	var probe struct {
		Op *string `json:"op"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, fail("", "invalid JSON: %v", err)
	}
	if probe.Op != nil {
		var d deltaLine
		if err := json.Unmarshal(b, &d); err != nil {
			return nil, fail("", "invalid delta line: %v", err)
		}
		switch d.Op {
		case "ADD", "MOD":
			b = d.Entity
			if len(b) == 0 {
				return nil, fail("entity", "delta %s without entity", d.Op)
			}
		case "DEL":
			return nil, fail("op", "delta DEL is not applied: statements are never deleted on ingest")
		default:
			return nil, fail("op", "unknown delta op %q", d.Op)
		}
	}
	f := &tideline.Fragment{File: file, Line: line}
	if err := json.Unmarshal(b, &f.Entity); err != nil {
		var fe *tideline.FieldError
		if errors.As(err, &fe) {
			return nil, fail(fe.Field, "%s", fe.Reason)
		}
		return nil, fail("", "invalid JSON: %v", err)
	}
	if f.Entity.ID == "" {
		return nil, fail("id", "entity has no id")
	}
	if f.Entity.Schema == "" {
		return nil, fail("schema", "entity %s has no schema", f.Entity.ID)
	}
	var err error
	if f.Provenance.FirstSeen, err = parseSeen(f.Entity.FirstSeen); err != nil {
		return nil, fail("first_seen", "%v", err)
	}
	if f.Provenance.LastSeen, err = parseSeen(f.Entity.LastSeen); err != nil {
		return nil, fail("last_seen", "%v", err)
	}
	return f, nil
}

// parseSeen reads an FtM timestamp ("2023-11-02T16:38:16", with or without a
// zone or fraction, or a plain date) as UTC. "" gives the zero time.
func parseSeen(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("timestamp %q is not ISO 8601", s)
}
