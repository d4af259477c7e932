package mapping

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"maps"
	"path/filepath"
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
// Fragments carry File = the csv_url as written (the first spelling, when
// queries write one path differently), Line = the 1-based line where the
// record starts (the header is line 1), the entity with raw trimmed values,
// Formats for properties with a `format`, and the query's provenance;
// InputErrors about the CSV carry the same File. A bad row — wrong number
// of fields, a bare or unclosed quote, invalid UTF-8 — yields (nil,
// *tideline.InputError) and reading goes on with the next row; so does an
// entity whose `required` property is empty, a row that makes no entity at
// all, a bad provenance value (see the package documentation; a value the
// record is loaded without comes with Kept set, and the row's fragments
// are yielded after it), columns the query uses that the header lacks or
// repeats (the query skips that file), a file whose lines end with a bare
// CR (skipped), a csv_url the opener
// refuses with an InputError (skipped; OpenFile does so for files outside
// the mapping's folder) and a query without csv_url (skipped; use ReadCSV).
// Any other error from open or from reading, or ctx ending, is yielded
// last.
//
// Time is linear in the input (O(rows × entities × properties)); memory
// holds one record and its fragments, flat in the file size.
func (m *Mapping) Read(ctx context.Context, open func(csvURL string) (io.ReadCloser, error)) iter.Seq2[*tideline.Fragment, error] {
	return func(yield func(*tideline.Fragment, error) bool) {
		if open == nil {
			open = m.OpenFile
		}
		var urls []string              // each file once, as first written
		byURL := map[string][]*Query{} // by the spelling in urls
		spelling := map[string]string{}
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
				// "a.csv" and "./a.csv" are one file: read once, and
				// named alike in fragments and errors.
				k := urlKey(u)
				name, ok := spelling[k]
				if !ok {
					name = u
					spelling[k] = u
					urls = append(urls, u)
				}
				if !slices.Contains(byURL[name], q) {
					byURL[name] = append(byURL[name], q)
				}
			}
		}
		for _, u := range urls {
			rc, err := open(u)
			if err != nil {
				// A refused csv_url is bad input: report it, read the rest.
				var ie *tideline.InputError
				if errors.As(err, &ie) {
					if !yield(nil, ie) {
						return
					}
					continue
				}
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

// urlKey identifies the file a csv_url names: local paths compare after
// filepath.Clean.
func urlKey(u string) string {
	if urlScheme.MatchString(u) {
		return u
	}
	return filepath.Clean(u)
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
	head, err := br.Peek(br.Size())
	if err != nil && !errors.Is(err, io.EOF) {
		yield(nil, fmt.Errorf("mapping: read %s: %w", file, err))
		return false
	}
	if bytes.HasPrefix(head, bom) {
		br.Discard(len(bom))
		head = head[len(bom):]
	}
	if bareCR(head) {
		// encoding/csv ends lines at LF only: the file would read as one
		// huge header and no rows.
		return yield(nil, &tideline.InputError{File: file, Line: 1,
			Reason: "lines end with a bare CR (old Mac line endings), so the file reads as one line; save it with LF or CRLF line endings"})
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
	hdr := &csvHeader{names: header, exact: make(map[string][]int, len(header)), trimmed: map[string][]int{}}
	for i, h := range header {
		if !utf8.ValidString(h) {
			return yield(nil, &tideline.InputError{File: file, Line: 1, Field: fmt.Sprintf("column %d", i+1), Reason: "header is not valid UTF-8"})
		}
		hdr.exact[h] = append(hdr.exact[h], i)
		if t := strings.TrimSpace(h); t != h {
			hdr.trimmed[t] = append(hdr.trimmed[t], i)
		}
	}
	cr.FieldsPerRecord = len(header)
	var bound []*boundQuery
	for _, q := range queries {
		bq, errs := m.bindQuery(q, hdr)
		if errs != nil {
			for _, ie := range errs {
				ie.File = file
				if !yield(nil, ie) {
					return false
				}
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
		tried, made, failed := false, false, false
		for _, bq := range bound {
			var errs []*tideline.InputError
			var passed bool
			frags, errs, passed = bq.mapRow(rec, file, line, frags[:0])
			tried = tried || passed
			made = made || len(frags) > 0
			failed = failed || len(errs) > 0
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
		// A row that passed a query's filters but gave nothing at all, and
		// said nothing about why, would vanish: report it.
		if tried && !made && !failed && !blank(rec) {
			if !yield(nil, noEntity(bound, rec, file, line)) {
				return false
			}
		}
	}
}

// bareCR reports whether the first line of head, the start of a CSV file,
// ends at a carriage return not followed by a line feed (outside quotes).
func bareCR(head []byte) bool {
	quoted := false
	for i, c := range head {
		switch c {
		case '"':
			quoted = !quoted
		case '\n':
			if !quoted {
				return false
			}
		case '\r':
			if !quoted && i+1 < len(head) && head[i+1] != '\n' {
				return true
			}
		}
	}
	return false
}

// blank reports whether every cell of rec is empty or white space.
func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// noEntity reports a row from which no query made an entity because the key
// columns of every entity it maps are empty.
func noEntity(bound []*boundQuery, rec []string, file string, line int) *tideline.InputError {
	var keys []string
	for _, bq := range bound {
		if !bq.pass(rec) {
			continue
		}
		for _, be := range bq.ents {
			cols := be.spec.Keys
			if be.spec.IDColumn != "" {
				cols = []string{be.spec.IDColumn}
			}
			for _, c := range cols {
				if !slices.Contains(keys, c) {
					keys = append(keys, c)
				}
			}
		}
	}
	reason := fmt.Sprintf("no entity made: key column %s is empty", strings.Join(keys, ", "))
	if len(keys) > 1 {
		reason = fmt.Sprintf("no entity made: key columns %s are empty", strings.Join(keys, ", "))
	}
	return &tideline.InputError{File: file, Line: line, Field: strings.Join(keys, ","), Reason: reason}
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
}
type boundFilter struct {
	col    int
	values []string
}

type boundEntity struct {
	spec *EntitySpec
	seed string // dataset name then key_literal
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
	region                                boundValue
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

// csvHeader finds columns by name: the exact name, else the name trimmed
// of white space.
type csvHeader struct {
	names          []string
	exact, trimmed map[string][]int // 0-based columns of each name
}

func (h *csvHeader) find(c string) []int {
	if pos, ok := h.exact[c]; ok {
		return pos
	}
	return h.trimmed[c]
}

// bindQuery resolves q's columns against a header. Columns the header lacks
// (all of them, in one error) or has more than once give InputErrors (File
// left for the caller) instead, and the query skips the file.
func (m *Mapping) bindQuery(q *Query, hdr *csvHeader) (*boundQuery, []*tideline.InputError) {
	need, paths := q.columns()
	cols := make(map[string]int, len(need))
	var missing []string
	var errs []*tideline.InputError
	for _, c := range need {
		switch pos := hdr.find(c); len(pos) {
		case 0:
			missing = append(missing, c)
		case 1:
			cols[c] = pos[0]
		default:
			errs = append(errs, &tideline.InputError{Line: 1, Field: c,
				Reason: fmt.Sprintf("column %q appears %s in the header (columns %s); %s in %s uses it, so the query skips this file",
					c, times(len(pos)), columnList(pos), paths[c], m.File)})
		}
	}
	if len(missing) > 0 {
		var reason string
		if len(missing) == 1 {
			reason = fmt.Sprintf("column %q, used by %s in %s, is not in the header", missing[0], paths[missing[0]], m.File)
		} else {
			parts := make([]string, len(missing))
			for i, c := range missing {
				parts[i] = fmt.Sprintf("%q (used by %s)", c, paths[c])
			}
			reason = fmt.Sprintf("%d columns that %s uses are not in the header: %s", len(missing), m.File, strings.Join(parts, ", "))
		}
		if len(hdr.names) == 1 && (len(need) > 1 || strings.ContainsAny(hdr.names[0], ";\t|")) {
			reason += fmt.Sprintf("; the header is the single column %q: the file may use another delimiter (only comma is read)", clip(hdr.names[0], 60))
		}
		errs = append([]*tideline.InputError{{Line: 1, Field: strings.Join(missing, ","), Reason: reason}}, errs...)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	bq := &boundQuery{q: q, made: make([]rowEntity, len(q.Entities))}
	for _, f := range q.Filters {
		bq.filters = append(bq.filters, boundFilter{col: cols[f.Column], values: f.Values})
	}
	for _, f := range q.FiltersNot {
		bq.filtersNot = append(bq.filtersNot, boundFilter{col: cols[f.Column], values: f.Values})
	}
	for _, e := range q.Entities {
		be := boundEntity{spec: e, idCol: -1, seed: q.Dataset + e.KeyLiteral}
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
	pv.region = bind(p.Region)
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

func times(n int) string {
	if n == 2 {
		return "twice"
	}
	return fmt.Sprintf("%d times", n)
}

// columnList gives 0-based columns 1-based: "2 and 5", "1, 3 and 4".
func columnList(pos []int) string {
	s := make([]string, len(pos))
	for i, p := range pos {
		s[i] = fmt.Sprint(p + 1)
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// clip shortens s to at most n runes for a message.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
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

// provenance reads the row's provenance. Problems come back as errors
// naming the CSV column: a grading or handling value the pipeline would
// refuse makes ok false (the row makes no fragments for this query, rather
// than be loaded under the run's grading); a date that does not parse, or a
// last_seen before first_seen, leaves the row's dates unset.
func (bq *boundQuery) provenance(rec []string, file string, line int) (p tideline.RecordProvenance, errs []*tideline.InputError, ok bool) {
	pv := &bq.prov
	p = pv.base
	if !pv.set {
		return p, nil, true
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
	fail := func(reason string, vs ...boundValue) {
		var cols []string
		for _, v := range vs {
			if v.col >= 0 && !slices.Contains(cols, v.column) {
				cols = append(cols, v.column)
			}
		}
		errs = append(errs, &tideline.InputError{File: file, Line: line, Field: strings.Join(cols, ","), Reason: reason})
	}
	ok = true
	if pv.grading.col >= 0 && p.Grading != "" {
		if _, err := tideline.ParseGrading(p.Grading); err != nil {
			fail(tideline.ErrorMessage(err), pv.grading)
			ok = false
		}
	}
	// A literal handling code was checked by Parse; conditions without a
	// code depend on the run's code and are left to the pipeline.
	if p.Handling != "" && (pv.handling.col >= 0 || pv.conditions.col >= 0) {
		var g tideline.Grading
		if err := g.SetHandling(p.Handling, p.Conditions); err != nil {
			if code := strings.ToUpper(p.Handling); code == "P" || code == "C" {
				fail(tideline.ErrorMessage(err), pv.handling, pv.conditions)
			} else {
				fail(tideline.ErrorMessage(err), pv.handling)
			}
			ok = false
		}
	}
	date := func(v boundValue, dst *time.Time) bool {
		if v.col < 0 {
			return true
		}
		s := strings.TrimSpace(rec[v.col])
		if s == "" {
			return true
		}
		t, err := parseTime(s, v.format)
		if err != nil {
			fail(err.Error(), v)
			errs[len(errs)-1].Kept = true
			return false
		}
		*dst = t
		return true
	}
	firstOK := date(pv.first, &p.FirstSeen)
	lastOK := date(pv.last, &p.LastSeen)
	switch {
	case !firstOK:
		// Without first_seen the pipeline dates the record at ingest
		// time, and would refuse an earlier last_seen with an error that
		// only follows from this one.
		p.LastSeen = time.Time{}
	case lastOK && !p.FirstSeen.IsZero() && !p.LastSeen.IsZero() && p.LastSeen.Before(p.FirstSeen) && (pv.first.col >= 0 || pv.last.col >= 0):
		text := func(v boundValue) string {
			if v.col >= 0 {
				return strings.TrimSpace(rec[v.col])
			}
			return v.literal
		}
		fail(fmt.Sprintf("last_seen %q is before first_seen %q", text(pv.last), text(pv.first)), pv.first, pv.last)
		errs[len(errs)-1].Kept = true
		p.FirstSeen, p.LastSeen = time.Time{}, time.Time{}
	}
	// The dates' problems are warnings (the record is loaded without
	// them) only when the record is loaded at all.
	for _, ie := range errs {
		ie.Kept = ok && ie.Kept
	}
	return p, errs, ok
}

// mapRow makes the query's entities from one row and appends their
// fragments to out. Entities are made in dependency order; the fragments
// are returned only once the whole row is mapped, so a consumer changing
// one cannot affect the names inlined into another. passed reports whether
// the row passed the query's filters.
func (bq *boundQuery) mapRow(rec []string, file string, line int, out []*tideline.Fragment) (_ []*tideline.Fragment, _ []*tideline.InputError, passed bool) {
	if !bq.pass(rec) {
		return out, nil, false
	}
	prov, errs, ok := bq.provenance(rec, file, line)
	if !ok {
		return out, errs, true
	}
	region := bq.prov.region.literal
	if c := bq.prov.region.col; c >= 0 {
		region = strings.TrimSpace(rec[c])
		if region != "" && !isRegion(region) {
			// The record is still made; its national phone numbers fall
			// back to the entity's country or the run's --region.
			errs = append(errs, &tideline.InputError{File: file, Line: line, Field: bq.prov.region.column,
				Reason: fmt.Sprintf("region %q: give an ISO 3166-1 alpha-2 code such as GB or FR", clip(region, 20)), Kept: true})
			region = ""
		}
	}
	warnings, made := len(errs), len(out)
	for i := range bq.made {
		bq.made[i] = rowEntity{}
	}
	for i := range bq.ents {
		be := &bq.ents[i]
		id := bq.id(be, rec)
		if id == "" {
			continue // no key value: FtM makes no entity, silently
		}
		f := &tideline.Fragment{File: file, Line: line, Provenance: prov, Region: region,
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
	if len(out) == made {
		// A warning says the record was loaded without a value: not so
		// when the row makes no entity of this query.
		for _, ie := range errs[:warnings] {
			ie.Kept = false
		}
	}
	return out, errs, true
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
		keys = append(keys, cleanKey(rec[c]))
	}
	bq.keys = keys
	return tideline.MakeID(be.seed, keys...)
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

// safeguarded reports whether e has a safeguarding value: a person
// recorded as a victim, whose names are not inlined into the entities
// that reference them.
func safeguarded(e *tideline.Entity) bool {
	for _, v := range e.Properties["safeguarding"] {
		if v != "" {
			return true
		}
	}
	return false
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
		if bp.names && !safeguarded(ref.e) {
			// FtM's inline names: a referring entity that can mention names
			// gets the names of the entity it references, unless that one
			// is recorded as a victim (safeguarding), whose names must not
			// spread to the events and links they appear in.
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
