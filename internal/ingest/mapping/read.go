package mapping

import (
	"bufio"
	"context"
	"crypto/sha1"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"iter"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tideline-oss/tideline"
	"golang.org/x/text/unicode/norm"
)

// ctxEvery is how many rows pass between checks of the context.
const ctxEvery = 256

// Read maps the CSV files of every query and yields one fragment per entity
// made from each row. open returns the contents of a csv_url; nil means
// m.OpenFile (local files relative to the mapping file). Each file is read
// once, in order of first mention, and every query that names it is applied
// to each row, so a bad row is reported once.
//
// Fragments carry File = the csv_url as written, Line = the 1-based line
// where the record starts (the header is line 1), the entity with raw
// trimmed values, Formats for properties with a `format`, and the query's
// provenance. A bad row — wrong number of fields, a bare or unclosed quote,
// invalid UTF-8 — yields (nil, *tideline.InputError) and reading goes on with
// the next row; so does an entity whose `required` property is empty, a
// provenance date that does not parse (the fragments are still made, without
// that date), a column the query uses that the header lacks (the query skips
// that file) and a query without csv_url (skipped; use ReadCSV). An error
// from open or from reading, or ctx ending, is yielded last.
//
// Time is linear in the input (O(rows × entities × properties)); memory
// holds one record and its fragments, flat in the file size.
func (m *Mapping) Read(ctx context.Context, open func(csvURL string) (io.ReadCloser, error)) iter.Seq2[*tideline.Fragment, error] {
	return func(yield func(*tideline.Fragment, error) bool) {
		if open == nil {
			open = m.OpenFile
		}
		var urls []string
		byURL := map[string][]*Query{}
		for _, q := range m.Queries {
			if len(q.CSVURLs) == 0 {
				ie := &tideline.InputError{File: m.File, Line: q.line, Field: q.path,
					Reason: "query has no csv_url or csv_urls; pass its CSV with ReadCSV"}
				if !yield(nil, ie) {
					return
				}
				continue
			}
			for _, u := range q.CSVURLs {
				if _, ok := byURL[u]; !ok {
					urls = append(urls, u)
				}
				byURL[u] = append(byURL[u], q)
			}
		}
		for _, u := range urls {
			rc, err := open(u)
			if err != nil {
				yield(nil, fmt.Errorf("mapping: open %s: %w", u, err))
				return
			}
			ok := m.readCSV(ctx, rc, u, byURL[u], yield)
			rc.Close()
			if !ok {
				return
			}
		}
	}
}

// ReadCSV applies every query of the mapping to the one CSV r, whatever their
// csv_url says, as `ftm map-csv mapping.yml < file.csv` does; name is the
// Fragment.File and InputError.File of what it yields. Otherwise as Read.
func (m *Mapping) ReadCSV(ctx context.Context, r io.Reader, name string) iter.Seq2[*tideline.Fragment, error] {
	return func(yield func(*tideline.Fragment, error) bool) {
		m.readCSV(ctx, r, name, m.Queries, yield)
	}
}

var bom = []byte("\ufeff")

// readCSV streams one CSV through queries. It returns false when the
// sequence must end (the consumer stopped, or a fatal error was yielded).
func (m *Mapping) readCSV(ctx context.Context, r io.Reader, file string, queries []*Query, yield func(*tideline.Fragment, error) bool) bool {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		yield(nil, err)
		return false
	}
	br := bufio.NewReaderSize(r, 64<<10)
	if b, _ := br.Peek(len(bom)); string(b) == string(bom) {
		br.Discard(len(bom))
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = true // Python's skipinitialspace, as FtM reads CSV
	header, err := cr.Read()
	var pe *csv.ParseError
	switch {
	case errors.Is(err, io.EOF):
		return yield(nil, &tideline.InputError{File: file, Reason: "empty file: no header row"})
	case errors.As(err, &pe):
		return yield(nil, parseError(file, pe, 0, 0))
	case err != nil:
		yield(nil, fmt.Errorf("mapping: read %s: %w", file, err))
		return false
	}
	header = slices.Clone(header)
	cols := make(map[string]int, len(header))
	for i, h := range header {
		if !utf8.ValidString(h) {
			return yield(nil, &tideline.InputError{File: file, Line: 1, Field: fmt.Sprintf("column %d", i+1), Reason: "header is not valid UTF-8"})
		}
		cols[h] = i // a repeated name means its last column, as Python's DictReader
	}
	for i, h := range header {
		if t := strings.TrimSpace(h); t != h {
			if _, ok := cols[t]; !ok {
				cols[t] = i
			}
		}
	}
	cr.FieldsPerRecord = len(header)
	var bound []*boundQuery
	for _, q := range queries {
		bq, missing := m.bindQuery(q, cols)
		if missing != nil {
			missing.File = file
			if !yield(nil, missing) {
				return false
			}
			continue
		}
		bound = append(bound, bq)
	}
	if len(bound) == 0 {
		return true
	}
	var frags []*tideline.Fragment
	for rows := 0; ; rows++ {
		if rows%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return false
			}
		}
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return true
		}
		if err != nil {
			if errors.As(err, &pe) {
				if !yield(nil, parseError(file, pe, len(rec), len(header))) {
					return false
				}
				continue
			}
			yield(nil, fmt.Errorf("mapping: read %s: %w", file, err))
			return false
		}
		line, _ := cr.FieldPos(0)
		if bad := invalidUTF8(rec); bad >= 0 {
			if !yield(nil, &tideline.InputError{File: file, Line: line, Field: header[bad], Reason: "value is not valid UTF-8"}) {
				return false
			}
			continue
		}
		for _, bq := range bound {
			var errs []*tideline.InputError
			frags, errs = bq.mapRow(rec, file, line, frags[:0])
			for _, ie := range errs {
				if !yield(nil, ie) {
					return false
				}
			}
			for _, f := range frags {
				if !yield(f, nil) {
					return false
				}
			}
		}
	}
}

func invalidUTF8(rec []string) int {
	for i, v := range rec {
		if !utf8.ValidString(v) {
			return i
		}
	}
	return -1
}

// parseError locates an encoding/csv error by the line where its record
// starts, saying where exactly it went wrong.
func parseError(file string, pe *csv.ParseError, got, want int) *tideline.InputError {
	ie := &tideline.InputError{File: file, Line: pe.StartLine}
	if errors.Is(pe.Err, csv.ErrFieldCount) {
		ie.Reason = fmt.Sprintf("row has %d fields, the header has %d", got, want)
		return ie
	}
	where := fmt.Sprintf("column %d", pe.Column)
	if pe.Line != pe.StartLine {
		where = fmt.Sprintf("line %d, column %d", pe.Line, pe.Column)
	}
	ie.Reason = fmt.Sprintf("%v (at %s)", pe.Err, where)
	return ie
}

// boundQuery is a query with its columns resolved against one CSV header,
// and scratch space for mapping a row.
type boundQuery struct {
	q          *Query
	filters    []boundFilter
	filtersNot []boundFilter
	ents       []boundEntity
	prov       boundProvenance
	made       []rowEntity // per row: the entity made for ents[i], if any
	keys       []string    // scratch for key values
	vals       []string    // scratch for property values
	buf        []byte      // scratch for the hashed key
}

type boundFilter struct {
	col    int
	values []string
}

type boundEntity struct {
	spec *EntitySpec
	seed []byte // dataset name then key_literal
	// names are the entity's name-typed properties in the order the
	// mapping sets them, for FtM's inline names.
	names   []string
	keys    []int
	idCol   int
	props   []boundProp
	formats map[string]string
	field   string // the key or id columns, named in errors
}

type boundProp struct {
	spec  *PropertySpec
	cols  []int
	tmpl  []boundPart
	names bool // the schema has namesMentioned (FtM's inline names)
}

type boundPart struct {
	text string
	col  int // -1 for text
}

type boundValue struct {
	col     int // -1 when literal or unset
	literal string
	format  string
	column  string
}

type boundProvenance struct {
	set                                   bool
	agency, grading, handling, conditions boundValue
	first, last                           boundValue
	base                                  tideline.RecordProvenance // literal values
}

// rowEntity is an entity made from the current row.
type rowEntity struct {
	e     *tideline.Entity
	be    *boundEntity
	chunk []string // backing store for first values, one cap-1 slice each
}

func (re *rowEntity) add(prop, v string) {
	if v == "" {
		return
	}
	if _, ok := re.e.Properties[prop]; !ok && len(re.chunk) > 0 {
		// Most properties get one value: give it a slice of the chunk with
		// capacity 1, so a second value reallocates instead of overwriting
		// a neighbour.
		re.chunk[0] = v
		re.e.Properties[prop] = re.chunk[0:1:1]
		re.chunk = re.chunk[1:]
		return
	}
	re.e.Add(prop, v)
}

// bindQuery resolves q's columns against a header. A missing column gives
// an InputError (File left for the caller) instead.
func (m *Mapping) bindQuery(q *Query, cols map[string]int) (*boundQuery, *tideline.InputError) {
	need, paths := q.columns()
	for _, c := range need {
		if _, ok := cols[c]; !ok {
			return nil, &tideline.InputError{Line: 1, Field: c,
				Reason: fmt.Sprintf("column %q, used by %s in %s, is not in the header", c, paths[c], m.File)}
		}
	}
	bq := &boundQuery{q: q, made: make([]rowEntity, len(q.Entities))}
	for _, f := range q.Filters {
		bq.filters = append(bq.filters, boundFilter{col: cols[f.Column], values: f.Values})
	}
	for _, f := range q.FiltersNot {
		bq.filtersNot = append(bq.filtersNot, boundFilter{col: cols[f.Column], values: f.Values})
	}
	for _, e := range q.Entities {
		be := boundEntity{spec: e, idCol: -1, seed: []byte(q.Dataset + e.KeyLiteral)}
		if e.IDColumn != "" {
			be.idCol = cols[e.IDColumn]
			be.field = e.IDColumn
		} else {
			for _, k := range e.Keys {
				be.keys = append(be.keys, cols[k])
			}
			be.field = strings.Join(e.Keys, ",")
		}
		hasNames := e.Schema.Property("namesMentioned") != nil
		addName := func(p string) {
			if pp := e.Schema.Property(p); pp != nil && pp.Type == tideline.TypeName && !slices.Contains(be.names, p) {
				be.names = append(be.names, p)
			}
		}
		for _, ps := range e.Properties {
			addName(ps.Name)
			if ps.Entity != "" && hasNames {
				addName("namesMentioned")
			}
			bp := boundProp{spec: ps, names: hasNames}
			for _, c := range ps.Columns {
				bp.cols = append(bp.cols, cols[c])
			}
			for _, t := range ps.tmpl {
				if t.column != "" {
					bp.tmpl = append(bp.tmpl, boundPart{col: cols[t.column]})
				} else {
					bp.tmpl = append(bp.tmpl, boundPart{text: t.text, col: -1})
				}
			}
			if ps.Format != "" {
				if be.formats == nil {
					be.formats = map[string]string{}
				}
				be.formats[ps.Name] = ps.Format
			}
			be.props = append(be.props, bp)
		}
		bq.ents = append(bq.ents, be)
	}
	pv := &bq.prov
	bind := func(v ValueSpec) boundValue {
		if !v.set() {
			return boundValue{col: -1}
		}
		pv.set = true
		if v.Column == "" {
			return boundValue{col: -1, literal: v.Literal, format: v.Format}
		}
		return boundValue{col: cols[v.Column], format: v.Format, column: v.Column}
	}
	p := q.Provenance
	pv.agency, pv.grading, pv.handling, pv.conditions = bind(p.Agency), bind(p.Grading), bind(p.Handling), bind(p.Conditions)
	pv.first, pv.last = bind(p.FirstSeen), bind(p.LastSeen)
	pv.base = tideline.RecordProvenance{Agency: pv.agency.literal, Grading: pv.grading.literal,
		Handling: pv.handling.literal, Conditions: pv.conditions.literal}
	// Literal dates were checked by Parse.
	if pv.first.literal != "" {
		pv.base.FirstSeen, _ = parseTime(pv.first.literal, pv.first.format)
	}
	if pv.last.literal != "" {
		pv.base.LastSeen, _ = parseTime(pv.last.literal, pv.last.format)
	}
	return bq, nil
}

// pass reports whether rec passes the query's filters.
func (bq *boundQuery) pass(rec []string) bool {
	for _, f := range bq.filters {
		if !slices.Contains(f.values, strings.TrimSpace(rec[f.col])) {
			return false
		}
	}
	for _, f := range bq.filtersNot {
		if slices.Contains(f.values, strings.TrimSpace(rec[f.col])) {
			return false
		}
	}
	return true
}

// provenance reads the row's provenance; bad dates come back as errors and
// leave the date unset.
func (bq *boundQuery) provenance(rec []string, file string, line int) (tideline.RecordProvenance, []*tideline.InputError) {
	pv := &bq.prov
	p := pv.base
	if !pv.set {
		return p, nil
	}
	str := func(v boundValue, dst *string) {
		if v.col >= 0 {
			*dst = strings.TrimSpace(rec[v.col])
		}
	}
	str(pv.agency, &p.Agency)
	str(pv.grading, &p.Grading)
	str(pv.handling, &p.Handling)
	str(pv.conditions, &p.Conditions)
	var errs []*tideline.InputError
	date := func(v boundValue, dst *time.Time) {
		if v.col < 0 {
			return
		}
		s := strings.TrimSpace(rec[v.col])
		if s == "" {
			return
		}
		t, err := parseTime(s, v.format)
		if err != nil {
			errs = append(errs, &tideline.InputError{File: file, Line: line, Field: v.column, Reason: err.Error()})
			return
		}
		*dst = t
	}
	date(pv.first, &p.FirstSeen)
	date(pv.last, &p.LastSeen)
	return p, errs
}

// mapRow makes the query's entities from one row and appends their
// fragments to out. Entities are made in dependency order; the fragments
// are returned only once the whole row is mapped, so a consumer changing
// one cannot affect the names inlined into another.
func (bq *boundQuery) mapRow(rec []string, file string, line int, out []*tideline.Fragment) ([]*tideline.Fragment, []*tideline.InputError) {
	if !bq.pass(rec) {
		return out, nil
	}
	prov, errs := bq.provenance(rec, file, line)
	for i := range bq.made {
		bq.made[i] = rowEntity{}
	}
	for i := range bq.ents {
		be := &bq.ents[i]
		id := bq.id(be, rec)
		if id == "" {
			continue // no key value: FtM makes no entity, silently
		}
		f := &tideline.Fragment{File: file, Line: line, Provenance: prov,
			Entity: tideline.Entity{ID: id, Schema: be.spec.Schema.Name, Properties: make(map[string][]string, len(be.props))}}
		re := rowEntity{e: &f.Entity, be: be, chunk: make([]string, len(be.props)+1)}
		for j := range be.props {
			bq.apply(&be.props[j], rec, &re)
		}
		if ie := bq.required(be, &re, file, line); ie != nil {
			errs = append(errs, ie)
			continue
		}
		if be.formats != nil {
			f.Formats = maps.Clone(be.formats)
		}
		bq.made[i] = re
		out = append(out, f)
	}
	return out, errs
}

// id computes an entity's id as FtM does: the id_column's value, or the
// SHA1 hex digest of the seed (dataset name, key_literal) and the non-empty
// key values, each trimmed, NFC-composed and stripped of control
// characters, in sorted order. "" means no key value, hence no entity.
func (bq *boundQuery) id(be *boundEntity, rec []string) string {
	if be.idCol >= 0 {
		return cleanKey(rec[be.idCol])
	}
	keys := bq.keys[:0]
	for _, c := range be.keys {
		if v := cleanKey(rec[c]); v != "" {
			keys = append(keys, v)
		}
	}
	bq.keys = keys
	if len(keys) == 0 {
		return ""
	}
	slices.Sort(keys)
	buf := append(bq.buf[:0], be.seed...)
	for _, k := range keys {
		buf = append(buf, k...)
	}
	bq.buf = buf
	sum := sha1.Sum(buf)
	var out [2 * sha1.Size]byte
	hex.Encode(out[:], sum[:])
	return string(out[:])
}

// cleanKey prepares a key value as FtM's sanitize_text does: NFC, without
// unsafe control characters, trimmed.
func cleanKey(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if !isPlain(s) {
		s = norm.NFC.String(s)
		s = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return r
			}
			if r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == '\ufeff' {
				return -1
			}
			return r
		}, s)
		s = strings.TrimSpace(s)
	}
	return s
}

// isPlain reports whether s is printable ASCII, which needs no cleaning.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// apply adds the values of one property mapping to re.
func (bq *boundQuery) apply(bp *boundProp, rec []string, re *rowEntity) {
	ps := bp.spec
	if ps.target >= 0 {
		ref := bq.made[ps.target]
		if ref.e == nil {
			return
		}
		re.add(ps.Name, ref.e.ID)
		if bp.names {
			// FtM's inline names: a referring entity that can mention names
			// gets the names of the entity it references.
			for _, p := range ref.be.names {
				for _, v := range ref.e.Properties[p] {
					re.add("namesMentioned", v)
				}
			}
		}
		return
	}
	if bp.tmpl != nil {
		var b strings.Builder
		filled := false
		for _, t := range bp.tmpl {
			if t.col < 0 {
				b.WriteString(t.text)
				continue
			}
			v := strings.TrimSpace(rec[t.col])
			filled = filled || v != ""
			b.WriteString(v)
		}
		if filled || !hasColumn(bp.tmpl) {
			bq.addValue(bp, re, b.String())
		}
		return
	}
	vals := append(bq.vals[:0], ps.Literals...)
	for _, c := range bp.cols {
		if v := strings.TrimSpace(rec[c]); v != "" {
			vals = append(vals, v)
		}
	}
	bq.vals = vals
	if ps.HasJoin {
		if len(vals) == 0 {
			return
		}
		bq.addValue(bp, re, strings.Join(vals, ps.Join))
		return
	}
	for _, v := range vals {
		bq.addValue(bp, re, v)
	}
}

func hasColumn(parts []boundPart) bool {
	for _, t := range parts {
		if t.col >= 0 {
			return true
		}
	}
	return false
}

// addValue splits v when the mapping says so, trims and adds the parts.
func (bq *boundQuery) addValue(bp *boundProp, re *rowEntity, v string) {
	if bp.spec.Split == "" {
		re.add(bp.spec.Name, strings.TrimSpace(v))
		return
	}
	for part := range strings.SplitSeq(v, bp.spec.Split) {
		re.add(bp.spec.Name, strings.TrimSpace(part))
	}
}

// required returns an InputError for the first `required` property of be
// that got no value.
func (bq *boundQuery) required(be *boundEntity, re *rowEntity, file string, line int) *tideline.InputError {
	for j := range be.props {
		ps := be.props[j].spec
		if !ps.Required || len(re.e.Properties[ps.Name]) > 0 {
			continue
		}
		ie := &tideline.InputError{File: file, Line: line}
		what := fmt.Sprintf("required %s.%s of entity %q", be.spec.Schema.Name, ps.Name, be.spec.Name)
		switch {
		case ps.target >= 0:
			ref := &bq.ents[ps.target]
			ie.Field = ref.field
			ie.Reason = fmt.Sprintf("%s is empty: entity %q has no key value in this row", what, ps.Entity)
		case ps.tmpl != nil:
			var cs []string
			for _, t := range ps.tmpl {
				if t.column != "" {
					cs = append(cs, t.column)
				}
			}
			ie.Field = strings.Join(cs, ",")
			ie.Reason = what + " is empty"
		default:
			ie.Field = strings.Join(ps.Columns, ",")
			ie.Reason = what + " is empty"
		}
		return ie
	}
	return nil
}
