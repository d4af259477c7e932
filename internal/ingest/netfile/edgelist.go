package netfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// headerWords are column names that mark a two-field first line as a header.
var headerWords = map[string]bool{
	"source": true, "target": true, "from": true, "to": true, "u": true, "v": true,
	"src": true, "dst": true, "node1": true, "node2": true, "node_1": true, "node_2": true,
	"id1": true, "id2": true, "ego": true, "alter": true, "caller": true, "receiver": true,
	"callee": true, "person1": true, "person2": true, "i": true, "j": true,
}

// isHeader reports whether the first data line of an edge list is a header:
// its first two fields are not empty and not both numbers (then it is a data
// row with a bad weight) and its third field is neither a number nor empty,
// or it has two fields that are both usual column names ("source,target").
func isHeader(f []string) bool {
	switch {
	case len(f) >= 3:
		if f[0] == "" || f[1] == "" || f[2] == "" || isDecimal(f[2]) {
			return false
		}
		return !(isDecimal(f[0]) && isDecimal(f[1]))
	case len(f) == 2:
		return headerWords[strings.ToLower(f[0])] && headerWords[strings.ToLower(f[1])]
	}
	return false
}

// readEdgeList reads lines "source target [weight]". See the package
// documentation for the rules.
func readEdgeList(e *emitter, br *bufio.Reader) {
	skipBOM(br)
	lr := &lineReader{br: br}
	var sep byte
	first := true
	for {
		raw, long, err := lr.next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			e.ioError(err)
			return
		}
		line := lr.line
		if long {
			if !e.fail(line, "", fmt.Sprintf("line longer than %d bytes", maxLine)) {
				return
			}
			continue
		}
		text := strings.TrimSpace(raw)
		if text == "" || text[0] == '#' {
			continue
		}
		if first {
			sep = edgeSeparator(text)
		}
		f := splitFields(text, sep)
		if first {
			first = false
			if isHeader(f) {
				continue
			}
		}
		if !edgeRow(e, f, line) {
			return
		}
	}
}

// edgeRow loads one data row and reports whether to go on. A row whose
// labels or weight cannot be read is rejected whole (no Person, no link); a
// row that carries no tie (weight 0, self-loop) loads its Persons and is
// reported.
func edgeRow(e *emitter, f []string, line int) bool {
	if len(f) < 2 || len(f) > 3 {
		return e.fail(line, "", fmt.Sprintf("row has %d fields, want 2 or 3 (source, target, weight)", len(f)))
	}
	source, target := f[0], f[1]
	for _, l := range [2]struct{ field, label string }{{"source", source}, {"target", target}} {
		if l.label == "" {
			return e.fail(line, l.field, "node label missing")
		}
		if reason := checkLabel(l.label); reason != "" {
			return e.fail(line, l.field, reason)
		}
	}
	weight, value := "", 1.0
	if len(f) == 3 && f[2] != "" {
		v, reason := checkNumber(f[2])
		if reason != "" {
			return e.fail(line, "weight", reason)
		}
		weight, value = f[2], v
	}
	sid, ok := e.person(source, line)
	if !ok {
		return false
	}
	tid, ok := e.person(target, line)
	if !ok {
		return false
	}
	if value == 0 {
		return e.fail(line, "weight", fmt.Sprintf("weight %s: no tie loaded", weight))
	}
	if source == target {
		return e.fail(line, "target", selfLoop)
	}
	if !e.opt.Directed && target < source {
		sid, tid = tid, sid
	}
	return e.link(RowLinkID(e.opt.Dataset, e.opt.Link, sid, tid, line), sid, tid, weight, line)
}
