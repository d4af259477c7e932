package ingest

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"iter"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/normalize"
	"golang.org/x/text/unicode/norm"
)

// DefaultBatch is the number of statements written per store transaction.
// Larger transactions touch each page of the store once for more
// statements: on 2.4M statements with random entity ids, 20k gave 83k
// statements/s, 100k about 100k/s with a peak heap near 200 MiB (two
// batches in flight), 200k 108k/s with 390 MiB.
const DefaultBatch = 100000

// Options are the provenance and behaviour of one ingest run.
type Options struct {
	// Dataset is the source feed the statements belong to; its Agency and
	// Grading apply to every record that does not state its own.
	Dataset tideline.Dataset
	// Region is the ISO 3166-1 alpha-2 region for phone numbers written in
	// national format when the record gives no country.
	Region string
	// Strict stops the run at the first rejected record (warnings, which
	// are loaded, do not stop it).
	Strict bool
	// Now stamps first/last seen when the record has no dates (default time.Now).
	Now func() time.Time
	// Batch is the number of statements per write (default DefaultBatch).
	Batch int
	// Rejects receives one CSV row per rejected record and per warning:
	// file, line, field, reason, outcome ("rejected", or "loaded without
	// this value" for a warning). The header is written before the first
	// row. May be nil only when Strict is set (warnings are then only
	// counted).
	Rejects io.Writer
}

// Summary counts what a run did.
type Summary struct {
	Records    int // fragments and rejected records read
	Fragments  int // fragments accepted
	Entities   int // distinct entity ids among accepted fragments
	Statements int // statements produced
	Written    int // statements new to the store
	Rejected   int // records rejected (see the rejects file)
	Warnings   int // problems of records loaded without the value at fault (InputError.Kept; in the rejects file too)
	Invalid    int // statements whose value could not be normalised (kept, marked)
}

// String renders the summary on one line for the CLI.
func (s Summary) String() string {
	return fmt.Sprintf("records read %d, entities %d, statements %d (%d new), rejected %d, invalid values %d, warnings %d",
		s.Records, s.Entities, s.Statements, s.Written, s.Rejected, s.Invalid, s.Warnings)
}

// Outcomes written in the rejects file's outcome column.
const (
	OutcomeRejected = "rejected"
	OutcomeKept     = "loaded without this value"
)

// RejectsHeader is the header of the rejects file.
var RejectsHeader = []string{"file", "line", "field", "reason", "outcome"}

// Run reads every fragment of src, turns it into statements and writes them
// to store in batches. A *tideline.InputError from src, or a fragment that
// fails validation, is written to opt.Rejects and counted as a rejected
// record; with opt.Strict it ends the run with that error. An InputError
// with Kept set is a warning about a record src still yields (loaded
// without the value at fault): it is written to opt.Rejects and counted in
// Warnings, neither a record nor a rejected one, and never ends the run.
// Any other error from src or the store ends the run; statements of
// earlier batches stay written. O(statements) time; memory O(batch +
// distinct entity ids) (8 bytes per id for the count).
func Run(ctx context.Context, store tideline.Store, src iter.Seq2[*tideline.Fragment, error], opt Options) (sum Summary, err error) {
	if err := opt.Dataset.Validate(); err != nil {
		return sum, err
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Batch <= 0 {
		opt.Batch = DefaultBatch
	}
	if opt.Rejects == nil && !opt.Strict {
		return sum, tideline.Errorf(tideline.EINVALID, "ingest: a rejects writer is required unless strict")
	}
	if err := store.PutDataset(ctx, opt.Dataset); err != nil {
		return sum, err
	}
	now := opt.Now().UTC().Truncate(time.Second)
	n := &normaliser{model: tideline.DefaultModel(), opt: &opt, now: now}
	var rw *csv.Writer
	record := func(ie *tideline.InputError, outcome string) error {
		if opt.Rejects == nil {
			return nil
		}
		if rw == nil {
			rw = csv.NewWriter(opt.Rejects)
			rw.Write(RejectsHeader)
		}
		rw.Write([]string{ie.File, strconv.Itoa(ie.Line), ie.Field, ie.Reason, outcome})
		rw.Flush()
		return rw.Error()
	}
	reject := func(ie *tideline.InputError) error {
		sum.Rejected++
		if opt.Strict {
			return ie
		}
		return record(ie, OutcomeRejected)
	}
	warn := func(ie *tideline.InputError) error {
		sum.Warnings++
		return record(ie, OutcomeKept)
	}
	// Each entity's schema so far in this run, keyed by a hash of its id:
	// fragments with unrelated schemata under one id are rejected.
	seen := map[uint64]*tideline.Schema{}
	// Normalising (this goroutine) and writing (the writer) overlap: a
	// full batch is handed over and the next one is built while the store
	// writes it. At most two batches are in memory.
	w := newWriter(ctx, store)
	// Whatever ends the run, the batches already handed over are written
	// (unless ctx is cancelled) and counted.
	defer func() {
		n, _ := w.wait()
		sum.Written = n
		sum.Entities = len(seen)
	}()
	batch := make([]tideline.Statement, 0, opt.Batch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := w.send(batch); err != nil {
			return err
		}
		batch = make([]tideline.Statement, 0, opt.Batch)
		return nil
	}
	for frag, err := range src {
		if cerr := ctx.Err(); cerr != nil {
			return sum, cerr
		}
		if err != nil {
			var ie *tideline.InputError
			if !errors.As(err, &ie) {
				return sum, err
			}
			if ie.Kept {
				if err := warn(ie); err != nil {
					flush()
					return sum, err
				}
				continue
			}
			sum.Records++
			if err := reject(ie); err != nil {
				flush() // the good records before it are kept
				return sum, err
			}
			continue
		}
		sum.Records++
		stmts, ie := n.statements(frag)
		if ie != nil {
			if err := reject(ie); err != nil {
				flush() // the good records before it are kept
				return sum, err
			}
			continue
		}
		h := fnv.New64a()
		h.Write([]byte(stmts[0].EntityID))
		key := h.Sum64()
		schema := n.model.Schema(stmts[0].Schema)
		if prev := seen[key]; prev != nil {
			common, err := n.model.Common(prev, schema)
			if err != nil {
				ie := &tideline.InputError{File: frag.File, Line: frag.Line, Field: "schema",
					Reason: fmt.Sprintf("entity %s is a %s elsewhere in this input; %s and %s cannot be one entity", stmts[0].EntityID, prev.Name, prev.Name, schema.Name)}
				if err := reject(ie); err != nil {
					flush()
					return sum, err
				}
				continue
			}
			schema = common
		}
		seen[key] = schema
		sum.Fragments++
		for _, s := range stmts {
			if s.Invalid != "" {
				sum.Invalid++
			}
		}
		sum.Statements += len(stmts)
		batch = append(batch, stmts...)
		if len(batch) >= opt.Batch {
			if err := flush(); err != nil {
				return sum, err
			}
		}
	}
	if err := flush(); err != nil {
		return sum, err
	}
	written, err := w.wait()
	sum.Written = written
	return sum, err
}

// writer writes batches to the store on its own goroutine, one at a time.
type writer struct {
	batches chan []tideline.Statement
	done    chan struct{}
	cancel  context.CancelFunc
	written int   // owned by the goroutine until done is closed
	failed  error // likewise
}

func newWriter(ctx context.Context, store tideline.Store) *writer {
	ctx, cancel := context.WithCancel(ctx)
	batches := make(chan []tideline.Statement)
	w := &writer{batches: batches, done: make(chan struct{}), cancel: cancel}
	go func() {
		defer close(w.done)
		for b := range batches { // the local: wait sets w.batches to nil
			n, err := store.WriteStatements(ctx, b)
			w.written += n
			if err != nil {
				w.failed = err
				return
			}
		}
	}()
	return w
}

// send hands b to the writer, waiting while it writes the previous batch.
// It returns the writer's error once it has failed.
func (w *writer) send(b []tideline.Statement) error {
	select {
	case w.batches <- b:
		return nil
	case <-w.done:
		return w.failed
	}
}

// wait closes the queue, lets the batches handed over be written, and
// returns the statements written and the first error. Later calls return
// the same.
func (w *writer) wait() (int, error) {
	if w.batches != nil {
		close(w.batches)
		w.batches = nil
	}
	<-w.done
	w.cancel()
	return w.written, w.failed
}

type normaliser struct {
	model *tideline.Model
	opt   *Options
	now   time.Time
}

// statements validates frag and returns its statements, or an InputError
// locating the first reason to reject it.
func (n *normaliser) statements(frag *tideline.Fragment) ([]tideline.Statement, *tideline.InputError) {
	e := &frag.Entity
	fail := func(field, format string, args ...any) *tideline.InputError {
		return &tideline.InputError{File: frag.File, Line: frag.Line, Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	id := strings.TrimSpace(e.ID)
	if id == "" {
		return nil, fail("id", "entity has no id")
	}
	if !utf8.ValidString(id) || len(id) > 1024 {
		return nil, fail("id", "entity id must be valid UTF-8 of at most 1024 bytes")
	}
	schema := n.model.Schema(e.Schema)
	if schema == nil {
		return nil, fail("schema", "unknown schema %q", e.Schema)
	}
	if schema.Abstract {
		return nil, fail("schema", "schema %s is abstract; use a concrete schema such as Person or Company", e.Schema)
	}
	// Provenance: the record's own values override the run's.
	p := frag.Provenance
	agency := n.opt.Dataset.Agency
	if p.Agency != "" {
		agency = p.Agency
	}
	grading := n.opt.Dataset.Grading
	if p.Grading != "" {
		g, err := tideline.ParseGrading(p.Grading)
		if err != nil {
			return nil, fail("grading", "%s", tideline.ErrorMessage(err))
		}
		grading.Source, grading.Intelligence = g.Source, g.Intelligence
	}
	if p.Handling != "" || p.Conditions != "" {
		code := p.Handling
		if code == "" {
			code = grading.HandlingCode()
		}
		if err := grading.SetHandling(code, p.Conditions); err != nil {
			return nil, fail("handling", "%s", tideline.ErrorMessage(err))
		}
	}
	first, last := p.FirstSeen.UTC(), p.LastSeen.UTC()
	if p.FirstSeen.IsZero() {
		first = n.now
	}
	if p.LastSeen.IsZero() {
		last = first
	}
	if last.Before(first) {
		return nil, fail("last_seen", "last seen %s is before first seen %s", last.Format(time.RFC3339), first.Format(time.RFC3339))
	}
	region := frag.Region
	if region == "" {
		for _, c := range e.Get("country") {
			if cc, err := normalize.Country(c); err == nil {
				region = cc
				break
			}
		}
	}
	if region == "" {
		region = n.opt.Region
	}
	ds := n.opt.Dataset.Name
	origin := frag.Origin()
	base := tideline.Statement{EntityID: id, CanonicalID: id, Schema: schema.Name, Dataset: ds,
		Agency: agency, Grading: grading, Origin: origin, FirstSeen: first, LastSeen: last}
	out := make([]tideline.Statement, 0, 1+len(e.Properties)*2)
	st := base
	st.ID = tideline.StatementID(ds, id, tideline.PropSchema, schema.Name)
	st.Prop, st.PropType, st.Value = tideline.PropSchema, tideline.TypeString, schema.Name
	out = append(out, st)
	for _, meta := range []struct {
		prop   string
		values []string
	}{{tideline.PropDatasets, e.Datasets}, {tideline.PropReferents, e.Referents}} {
		for _, v := range meta.values {
			if v = strings.TrimSpace(v); v != "" {
				st := base
				st.ID = tideline.StatementID(ds, id, meta.prop, v)
				st.Prop, st.PropType, st.Value = meta.prop, tideline.TypeString, v
				out = append(out, st)
			}
		}
	}
	for _, prop := range sortedProps(e.Properties) {
		pr := schema.Property(prop)
		if pr == nil {
			return nil, fail(prop, "schema %s has no property %q", schema.Name, prop)
		}
		for _, raw := range splitValues(pr.Type, e.Properties[prop]) {
			if !utf8.ValidString(raw) {
				return nil, fail(prop, "value is not valid UTF-8")
			}
			value, invalid := n.normalise(pr, raw, frag.Formats[prop], region)
			if value == "" {
				continue // an empty cell is no statement
			}
			st := base
			st.Prop, st.PropType, st.Value, st.Invalid = prop, pr.Type, value, invalid
			if orig := strings.TrimSpace(raw); orig != value {
				st.OriginalValue = raw
			}
			st.ID = tideline.StatementID(ds, id, prop, value)
			out = append(out, st)
		}
	}
	return out, nil
}

// normalise returns the stored value for raw and, when it cannot be
// normalised, the trimmed original with the reason.
func (n *normaliser) normalise(p *tideline.Property, raw, layout, region string) (value, invalid string) {
	v := strings.TrimSpace(raw)
	if v == "" {
		return "", ""
	}
	var err error
	switch p.Type {
	case tideline.TypeName, tideline.TypeAddress, tideline.TypeString:
		v = cleanText(v)
	case tideline.TypeText, tideline.TypeHTML, tideline.TypeJSON:
		v = dropControls(norm.NFC.String(v), true)
	case tideline.TypeDate:
		v, err = normalize.Date(v, layout)
		if err != nil && layout != "" && isISOish(raw) {
			// A mapping's layout describes most rows; a partial or ISO
			// date such as "1985" or "1985-04" is still a date.
			v, err = normalize.Date(strings.TrimSpace(raw), "")
		}
	case tideline.TypePhone:
		v, err = normalize.Phone(v, region)
	case tideline.TypeCountry:
		v, err = normalize.Country(v)
	case tideline.TypeIBAN:
		v, err = normalize.IBAN(v)
	case tideline.TypeIdentifier:
		v = normalize.Identifier(v)
	case tideline.TypeEmail:
		v, err = normalize.Email(v)
	case tideline.TypeNumber:
		v, err = cleanNumber(v)
	case tideline.TypeGender, tideline.TypeTopic, tideline.TypeLanguage, tideline.TypeMimetype:
		v = strings.ToLower(v)
	}
	if err == nil && len(p.Values) > 0 {
		lv := strings.ToLower(v)
		err = fmt.Errorf("must be one of %s", strings.Join(p.Values, ", "))
		for _, allowed := range p.Values {
			if lv == allowed {
				v, err = allowed, nil
				break
			}
		}
	}
	if err != nil {
		return strings.TrimSpace(raw), errText(err)
	}
	if v == "" && strings.TrimSpace(raw) != "" {
		// Normalisation must never turn data into nothing.
		return strings.TrimSpace(raw), "value normalises to nothing"
	}
	return v, ""
}

// isISOish reports whether s starts with a four-digit year, as ISO 8601 and
// year-only dates do.
func isISOish(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < 4 {
		return false
	}
	for i := 0; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) == 4 || s[4] == '-'
}

// splitValues splits phone and e-mail cells that list several values
// separated by ";" (as registries often write them) into one value each.
func splitValues(t tideline.PropertyType, values []string) []string {
	if t != tideline.TypePhone && t != tideline.TypeEmail {
		return values
	}
	var out []string
	for _, v := range values {
		parts := strings.Split(v, ";")
		if strings.TrimSpace(strings.Join(parts, "")) == "" {
			parts = []string{v} // nothing but separators: kept as written, and marked invalid
		}
		out = append(out, parts...)
	}
	return out
}

func errText(err error) string {
	var ne *normalize.Error
	if errors.As(err, &ne) && ne.Reason != "" {
		return ne.Reason
	}
	return err.Error()
}

// cleanText applies Unicode NFKC, drops control characters and collapses
// runs of white space: the cleaning FtM applies to names and short strings.
func cleanText(s string) string {
	return strings.Join(strings.Fields(dropControls(norm.NFKC.String(s), false)), " ")
}

// dropControls removes C0 and C1 control characters (terminal escapes, NUL)
// from s, keeping tabs and line breaks when keepLines is set. The original
// value keeps them.
func dropControls(s string, keepLines bool) string {
	return strings.Map(func(r rune) rune {
		if keepLines && (r == '\n' || r == '\t' || r == '\r') {
			return r
		}
		if r < 0x20 || r >= 0x7f && r < 0xa0 {
			if r == '\n' || r == '\t' || r == '\r' {
				return ' '
			}
			return -1
		}
		return r
	}, s)
}

// cleanNumber accepts decimal numbers with optional thousands separators
// (commas or thin spaces) and returns them without separators.
func cleanNumber(s string) (string, error) {
	t := strings.NewReplacer(",", "", " ", "", "\u202f", "", "\u00a0", "", "_", "").Replace(s)
	if strings.Trim(t, "0123456789.-+eE") != "" {
		return s, fmt.Errorf("not a number")
	}
	if _, err := strconv.ParseFloat(t, 64); err != nil {
		return s, fmt.Errorf("not a number")
	}
	return t, nil
}

func sortedProps(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	// Insertion sort: entities have few properties.
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}
