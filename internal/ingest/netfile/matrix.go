package netfile

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// readMatrix reads a labelled adjacency matrix (one-mode) or a person x
// event matrix (twoMode). See the package documentation for the rules.
func readMatrix(e *emitter, br *bufio.Reader, twoMode bool) {
	skipBOM(br)
	sep := byte(',')
	if buf, err := br.Peek(br.Size()); err == nil || errors.Is(err, io.EOF) {
		if i := bytes.IndexByte(buf, '\n'); i >= 0 {
			buf = buf[:i]
		}
		sep = matrixSeparator(string(buf))
	}
	cr := csv.NewReader(br)
	cr.Comma = rune(sep)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	m := &matrix{e: e, twoMode: twoMode, rowSeen: map[string]bool{}, ties: map[[2]string]*tie{}}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				if !e.fail(pe.Line, "", pe.Err.Error()) {
					return
				}
				continue
			}
			e.ioError(err)
			return
		}
		line, _ := cr.FieldPos(0)
		if !m.record(rec, line) {
			return
		}
	}
	m.finish()
}

// matrix is the state of a matrix being read.
type matrix struct {
	e        *emitter
	twoMode  bool
	header   bool
	cols     []string // column labels; "" marks a column that is skipped
	ncols    int      // columns with a label
	events   []string // two-mode: Event id per column
	rows     int      // data rows read
	hline    int      // line of the header
	lastLine int      // line of the last data row
	lastRow  string   // label of the last data row; "" when it had none usable
	rowSeen  map[string]bool
	mismatch bool // a row label that differs from its column was reported
	// Undirected one-mode reading collects both cells of each pair.
	ties  map[[2]string]*tie
	order [][2]string
}

// tie holds the two cells of an unordered pair {a, b} with a < b.
type tie struct {
	line     int    // line of the first non-zero cell
	first    string // that cell as written
	ab, ba   string // cells a->b and b->a as written, "" when zero
	abv, bav float64
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// record handles one CSV record and reports whether to go on.
func (m *matrix) record(rec []string, line int) bool {
	if blank(rec) {
		return true
	}
	if !m.header {
		m.header = true
		return m.readHeader(rec, line)
	}
	e := m.e
	label := strings.TrimSpace(rec[0])
	cells := rec[1:]
	if len(cells) > len(m.cols) && blank(cells[len(m.cols):]) {
		cells = cells[:len(m.cols)] // trailing separators
	}
	i := m.rows
	m.rows++
	m.lastLine, m.lastRow = line, ""
	if label == "" {
		return e.fail(line, "label", "row label missing")
	}
	if reason := checkLabel(label); reason != "" {
		return e.fail(line, "label", reason+"; row skipped")
	}
	m.lastRow = label
	if !m.twoMode && !m.mismatch && i < len(m.cols) && m.cols[i] != "" && label != m.cols[i] {
		m.mismatch = true
		reason := fmt.Sprintf("row label %q does not match column label %q; rows are read with their own labels", label, m.cols[i])
		if !e.fail(line, "label", reason) {
			return false
		}
	}
	if m.rowSeen[label] {
		return e.fail(line, "label", fmt.Sprintf("duplicate row label %q", label))
	}
	m.rowSeen[label] = true
	pid, ok := e.person(label, line)
	if !ok {
		return false
	}
	if len(cells) != len(m.cols) {
		return e.fail(line, "", fmt.Sprintf("row has %d cells, header has %d labels", len(cells), len(m.cols)))
	}
	for j, c := range cells {
		col := m.cols[j]
		if col == "" {
			continue
		}
		text := strings.TrimSpace(c)
		if text == "" {
			continue
		}
		v, reason := checkNumber(text)
		if reason != "" {
			if !e.fail(line, col, reason) {
				return false
			}
			continue
		}
		switch {
		case v == 0:
		case m.twoMode:
			f := e.fragment(m.events[j], "Event", line, map[string][]string{"involved": {pid}})
			if !e.send(f) {
				return false
			}
		case col == label:
			if !e.fail(line, col, selfLoop) {
				return false
			}
		case e.opt.Directed:
			cid := e.people[col]
			if !e.link(LinkID(e.opt.Dataset, e.opt.Link, pid, cid), pid, cid, text, line) {
				return false
			}
		default:
			m.add(label, col, text, v, line)
		}
	}
	return true
}

// readHeader takes the column labels from the first record and emits their
// Person (or, two-mode, Event) entities.
func (m *matrix) readHeader(rec []string, line int) bool {
	e := m.e
	m.hline = line
	labels := rec[1:]
	for len(labels) > 0 && strings.TrimSpace(labels[len(labels)-1]) == "" {
		labels = labels[:len(labels)-1] // trailing separators
	}
	m.cols = make([]string, len(labels))
	if m.twoMode {
		m.events = make([]string, len(labels))
	}
	seen := map[string]bool{}
	for j, c := range labels {
		label := strings.TrimSpace(c)
		if label == "" {
			if !e.fail(line, fmt.Sprintf("column %d", j+2), "column label missing") {
				return false
			}
			continue
		}
		if reason := checkLabel(label); reason != "" {
			if !e.fail(line, fmt.Sprintf("column %d", j+2), reason+"; column skipped") {
				return false
			}
			continue
		}
		if seen[label] {
			if !e.fail(line, label, fmt.Sprintf("duplicate column label %q; column skipped", label)) {
				return false
			}
			continue
		}
		seen[label] = true
		m.cols[j] = label
		m.ncols++
		if m.twoMode {
			id := EventID(e.opt.namespace(), label)
			m.events[j] = id
			if !e.send(e.fragment(id, "Event", line, map[string][]string{"name": {label}})) {
				return false
			}
			continue
		}
		if _, ok := e.person(label, line); !ok {
			return false
		}
	}
	return true
}

// add records the non-zero cell source -> target of an undirected matrix.
func (m *matrix) add(source, target, text string, v float64, line int) {
	key := [2]string{source, target}
	if target < source {
		key = [2]string{target, source}
	}
	t := m.ties[key]
	if t == nil {
		t = &tie{line: line, first: text}
		m.ties[key] = t
		m.order = append(m.order, key)
	}
	if source == key[0] {
		t.ab, t.abv = text, v
	} else {
		t.ba, t.bav = text, v
	}
}

// finish reports a non-square matrix and emits the links of an undirected
// one: the cell value when the whole matrix is symmetric, else the exact
// sum of both cells.
func (m *matrix) finish() {
	e := m.e
	if !m.header || m.twoMode {
		return
	}
	if m.rows != len(m.cols) {
		// Reported where the matrix ends: at its last row, or at the
		// header when it has no rows.
		line, field := m.hline, "header"
		if m.rows > 0 {
			line, field = m.lastLine, m.lastRow
			if field == "" {
				field = "label"
			}
		}
		if !e.fail(line, field, fmt.Sprintf("matrix is not square: %d rows, %d columns", m.rows, len(m.cols))) {
			return
		}
	}
	if e.opt.Directed {
		return
	}
	symmetric := true
	for _, t := range m.ties {
		if t.ab == "" || t.ba == "" || t.abv != t.bav {
			symmetric = false
			break
		}
	}
	for _, key := range m.order {
		t := m.ties[key]
		w := t.first
		if !symmetric {
			switch {
			case t.ab != "" && t.ba != "":
				w = addDecimal(t.ab, t.ba)
			case t.ab != "":
				w = t.ab
			default:
				w = t.ba
			}
		}
		sid, tid := e.people[key[0]], e.people[key[1]]
		if !e.link(LinkID(e.opt.Dataset, e.opt.Link, sid, tid), sid, tid, w, t.line) {
			return
		}
	}
}
