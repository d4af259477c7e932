package netfile

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tideline-oss/tideline"
)

// Formats accepted in Options.Format.
const (
	FormatAuto     = "auto"     // matrix when the first record has >3 fields and an empty first cell, else edge list
	FormatEdgeList = "edgelist" // lines "source target [weight]"
	FormatMatrix   = "matrix"   // labelled square adjacency matrix (one-mode)
	FormatTwoMode  = "twomode"  // labelled person x event matrix (two-mode)
)

// Link schemata accepted in Options.Link.
const (
	LinkCall        = "Call"        // caller -> receiver; requires Options.Directed (--directed)
	LinkAssociate   = "Associate"   // person - associate, with relationship
	LinkUnknownLink = "UnknownLink" // subject - object, with role (the default)
)

// Options controls how Read turns a network file into fragments.
type Options struct {
	// Dataset names the dataset the file belongs to. It is required: it
	// seeds every entity id (see PersonID), so the same label read twice
	// into one dataset gives the same person.
	Dataset string
	// Namespace, when set, seeds person (and two-mode event) ids instead of
	// Dataset, so several files that label the same people alike (the
	// meetings and phone-call layers of one operation, or the phases of
	// one wiretap investigation) load as the same Person entities while
	// each file keeps its own dataset and provenance.
	Namespace string
	// Format is FormatAuto (also when empty), FormatEdgeList, FormatMatrix
	// or FormatTwoMode. Two-mode matrices are never auto-detected.
	Format string
	// Link is the schema of the entity made for each tie: LinkUnknownLink
	// (also when empty), LinkAssociate or LinkCall.
	Link string
	// Relationship is written to Associate.relationship or UnknownLink.role
	// of every link, e.g. "met" or "phoned"; "" writes nothing. Call has no
	// such property and ignores it.
	Relationship string
	// Directed reads ties as going from source to target (edge list: first
	// to second field; matrix: row to column). Otherwise ties are unordered
	// pairs; see the package documentation for how weights combine.
	Directed bool
}

// role names the two entity properties of a link schema and its text
// property ("" when it has none).
type role struct{ source, target, text string }

var roles = map[string]role{
	LinkCall:        {"caller", "receiver", ""},
	LinkAssociate:   {"person", "associate", "relationship"},
	LinkUnknownLink: {"subject", "object", "role"},
}

// Read returns the fragments of the network file read from r; file names
// it in fragments and errors. Each node becomes one Person (yielded once,
// the first time its label is seen, before any link that refers to it) and
// each tie one link entity of the schema opt.Link.
//
// A problem in the file yields (nil, *tideline.InputError) and reading goes
// on with the next row or cell. Invalid options yield one *tideline.Error
// with code EINVALID; a failing reader yields its error. Both end the
// sequence. Read never panics on any input.
func Read(r io.Reader, file string, opt Options) iter.Seq2[*tideline.Fragment, error] {
	return func(yield func(*tideline.Fragment, error) bool) {
		e, err := newEmitter(yield, file, opt)
		if err != nil {
			yield(nil, err)
			return
		}
		if r == nil {
			yield(nil, tideline.Errorf(tideline.EINVALID, "netfile: no reader for %s", file))
			return
		}
		br := bufio.NewReaderSize(r, 64<<10)
		format := opt.Format
		if format == "" || format == FormatAuto {
			format, err = detect(br)
			if err != nil {
				e.ioError(err)
				return
			}
		}
		switch format {
		case FormatEdgeList:
			readEdgeList(e, br)
		case FormatMatrix:
			readMatrix(e, br, false)
		case FormatTwoMode:
			readMatrix(e, br, true)
		}
	}
}

// PersonID returns the id of the Person for a node label in a dataset: the
// hex SHA-1 of dataset, "node" and label, each followed by a NUL byte.
func PersonID(dataset, label string) string {
	return hashID(dataset, "node", label)
}

// EventID returns the id of the Event for a column label of a two-mode
// matrix: the hex SHA-1 of dataset, "event" and label, each followed by a
// NUL byte.
func EventID(dataset, label string) string {
	return hashID(dataset, "event", label)
}

// LinkID returns the id of the link of schema from the person with id
// source to the person with id target (PersonID values): the hex SHA-1 of
// dataset, schema, source and target, each followed by a NUL byte.
// Undirected links pass the two people in the sorted order of their labels,
// so both directions give one id. Hashing the people's ids, not their
// labels, means a file loaded again under another Namespace makes new links
// between its new people rather than adding them to the old links.
func LinkID(dataset, schema, source, target string) string {
	return hashID(dataset, schema, source, target)
}

// RowLinkID returns the id of the link read from the edge-list row at line
// (1-based, counting every line of the file) of schema from the person with
// id source to the person with id target: the hex SHA-1 of dataset, schema,
// source, target and the line number in decimal, each followed by a NUL
// byte. It is LinkID with the line as a fifth part, so every row of an edge
// list is its own link and a tie written on several rows counts once per
// row, while loading the same file again gives the same ids. Undirected
// links pass the two people in the sorted order of their labels, as for
// LinkID.
func RowLinkID(dataset, schema, source, target string, line int) string {
	return hashID(dataset, schema, source, target, strconv.Itoa(line))
}

func hashID(parts ...string) string {
	var arr [256]byte
	b := arr[:0]
	for _, p := range parts {
		b = append(b, p...)
		b = append(b, 0)
	}
	sum := sha1.Sum(b)
	return hex.EncodeToString(sum[:])
}

// emitter holds the state shared by the format readers: the consumer's
// yield, the people already emitted and whether the consumer stopped.
type emitter struct {
	yield   func(*tideline.Fragment, error) bool
	file    string
	opt     Options
	role    role
	stopped bool
	people  map[string]string // label -> Person id
}

func newEmitter(yield func(*tideline.Fragment, error) bool, file string, opt Options) (*emitter, error) {
	if strings.TrimSpace(opt.Dataset) == "" {
		return nil, tideline.Errorf(tideline.EINVALID, "netfile: dataset is required")
	}
	switch opt.Format {
	case "", FormatAuto, FormatEdgeList, FormatMatrix, FormatTwoMode:
	default:
		return nil, tideline.Errorf(tideline.EINVALID, "netfile: unknown format %q (want auto, edgelist, matrix or twomode)", opt.Format)
	}
	if opt.Link == "" {
		opt.Link = LinkUnknownLink
	}
	ro, ok := roles[opt.Link]
	if !ok {
		return nil, tideline.Errorf(tideline.EINVALID, "netfile: unknown link schema %q (want Call, Associate or UnknownLink)", opt.Link)
	}
	if opt.Link == LinkCall && !opt.Directed && opt.Format != FormatTwoMode {
		return nil, tideline.Errorf(tideline.EINVALID, "netfile: Call links need directed reading (--directed): calls go from caller to receiver")
	}
	return &emitter{yield: yield, file: file, opt: opt, role: ro, people: map[string]string{}}, nil
}

// send passes f to the consumer and reports whether to go on.
func (e *emitter) send(f *tideline.Fragment) bool {
	if e.stopped {
		return false
	}
	if !e.yield(f, nil) {
		e.stopped = true
	}
	return !e.stopped
}

// fail reports a problem at line and reports whether to go on.
func (e *emitter) fail(line int, field, reason string) bool {
	if e.stopped {
		return false
	}
	err := &tideline.InputError{File: e.file, Line: line, Field: field, Reason: reason}
	if !e.yield(nil, err) {
		e.stopped = true
	}
	return !e.stopped
}

// ioError reports a failure of the underlying reader; it ends the sequence.
func (e *emitter) ioError(err error) {
	if !e.stopped {
		e.yield(nil, fmt.Errorf("netfile: read %s: %w", e.file, err))
		e.stopped = true
	}
}

func (e *emitter) fragment(id, schema string, line int, props map[string][]string) *tideline.Fragment {
	return &tideline.Fragment{
		Entity: tideline.Entity{ID: id, Schema: schema, Properties: props},
		File:   e.file,
		Line:   line,
	}
}

func (o *Options) namespace() string {
	if o.Namespace != "" {
		return o.Namespace
	}
	return o.Dataset
}

// person emits the Person for label unless it was emitted before, and
// returns its id and whether to go on.
func (e *emitter) person(label string, line int) (string, bool) {
	if id, ok := e.people[label]; ok {
		return id, !e.stopped
	}
	id := PersonID(e.opt.namespace(), label)
	e.people[label] = id
	return id, e.send(e.fragment(id, "Person", line, map[string][]string{"name": {label}}))
}

// link emits the link with id between two already emitted people, given by
// their ids. For undirected reading the caller passes them in label order.
func (e *emitter) link(id, sid, tid, weight string, line int) bool {
	props := make(map[string][]string, 4)
	props[e.role.source] = []string{sid}
	props[e.role.target] = []string{tid}
	if weight != "" {
		props["weight"] = []string{weight}
	}
	if e.role.text != "" && e.opt.Relationship != "" {
		props[e.role.text] = []string{e.opt.Relationship}
	}
	return e.send(e.fragment(id, e.opt.Link, line, props))
}

// detect peeks at the first non-blank line of br and returns FormatMatrix
// when it splits into more than three fields with an empty (or "") first
// field, FormatEdgeList otherwise.
func detect(br *bufio.Reader) (string, error) {
	buf, err := br.Peek(br.Size())
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	buf = bytes.TrimPrefix(buf, bom)
	for len(buf) > 0 {
		line := buf
		if i := bytes.IndexByte(buf, '\n'); i >= 0 {
			line, buf = buf[:i], buf[i+1:]
		} else {
			buf = nil
		}
		if len(bytes.TrimSpace(line)) > 0 {
			return detectLine(string(line)), nil
		}
	}
	return FormatEdgeList, nil
}

func detectLine(line string) string {
	line = strings.TrimRight(line, "\r")
	if strings.HasPrefix(line, "#") {
		return FormatEdgeList
	}
	sep := matrixSeparator(line)
	fields := splitFields(line, sep)
	if len(fields) > 3 && strings.TrimSpace(fields[0]) == "" {
		return FormatMatrix
	}
	return FormatEdgeList
}

var bom = []byte("\ufeff")

// skipBOM drops a leading UTF-8 byte order mark from br.
func skipBOM(br *bufio.Reader) {
	if b, err := br.Peek(len(bom)); err == nil && bytes.Equal(b, bom) {
		br.Discard(len(bom))
	}
}

// selfLoop is the reason given for a tie from a node to itself.
const selfLoop = "self-loop: a tie from a person to themselves is not loaded"

// checkNumber validates a tie value: a plain decimal number (optional sign,
// digits with an optional fraction, optional exponent). It returns the value
// or a reason for rejecting it. A value written as zero ("0", "0.0", "0e5")
// is returned as 0; a non-zero value too small for a float64 ("1e-400"),
// which would read as zero and silently drop the tie, is rejected.
func checkNumber(s string) (float64, string) {
	if !isDecimal(s) {
		return 0, fmt.Sprintf("tie value %q is not a number", s)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, fmt.Sprintf("tie value %q is out of range", s)
	}
	if v < 0 {
		return 0, fmt.Sprintf("tie value %q is negative", s)
	}
	if v == 0 && !writtenZero(s) {
		return 0, fmt.Sprintf("weight %s is zero or too small", s)
	}
	return v, ""
}

// writtenZero reports whether the decimal s (accepted by isDecimal) has no
// non-zero digit before its exponent, so that its value is exactly zero.
func writtenZero(s string) bool {
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		s = s[:i]
	}
	return strings.IndexAny(s, "123456789") < 0
}

// checkLabel returns why a node (or event) label cannot be loaded, or "":
// it must be valid UTF-8 without control characters (C0 other than TAB,
// DEL and C1), which no name holds and which would make a Person that the
// store rejects while links to it are kept.
func checkLabel(s string) string {
	if !utf8.ValidString(s) {
		return fmt.Sprintf("label %q is not valid UTF-8", s)
	}
	for _, r := range s {
		if r != '\t' && (r < 0x20 || r >= 0x7f && r <= 0x9f) {
			return fmt.Sprintf("label %q holds control character U+%04X", s, r)
		}
	}
	return ""
}

// isDecimal reports whether s matches [+-]?(d+(.d*)?|.d+)([eE][+-]?d+)?.
func isDecimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// addDecimal returns the exact sum of two decimal strings accepted by
// isDecimal, written without exponent ("3" + "4" = "7", "0.1" + "0.2" = "0.3").
func addDecimal(a, b string) string {
	x, okx := new(big.Rat).SetString(a)
	y, oky := new(big.Rat).SetString(b)
	if !okx || !oky { // not reached: big.Rat reads every isDecimal form
		fa, _ := strconv.ParseFloat(a, 64)
		fb, _ := strconv.ParseFloat(b, 64)
		return strconv.FormatFloat(fa+fb, 'f', -1, 64)
	}
	x.Add(x, y)
	if x.IsInt() {
		return x.Num().String()
	}
	// The sum of two decimals is a decimal: find its number of digits.
	ten := big.NewInt(10)
	scaled := new(big.Rat).Set(x)
	for prec := 1; prec <= 400; prec++ {
		scaled.Mul(scaled, new(big.Rat).SetInt(ten))
		if scaled.IsInt() {
			return x.FloatString(prec)
		}
	}
	return x.FloatString(400)
}
