package scenario

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/tideline-oss/tideline"
)

// sourceDef is one agency layout: its dataset, files, mapping and
// generator.
type sourceDef struct {
	name    string // dataset name, also the stem of its files
	title   string
	agency  string
	files   []fileDef
	mapping string // the FtM mapping YAML that loads the files
	gen     func(w *world, o *sourceOut) error
}

type fileDef struct {
	name   string
	header []string
}

// table is one CSV file being written, tracking its line numbers.
type table struct {
	path string
	f    *os.File
	bw   *bufio.Writer
	cw   *csv.Writer
	line int // line of the last row written (the header is line 1)
	rows int
}

// fileLog records the files a Generate run creates or truncates, so that
// a run that fails can remove them. Safe for concurrent use.
type fileLog struct {
	mu    sync.Mutex
	paths []string
}

func (l *fileLog) add(path string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.paths = append(l.paths, path)
}

// list returns the paths recorded, in order.
func (l *fileLog) list() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.paths)
}

// createTable creates (or truncates) the CSV file path, records it in log
// and writes the header.
func createTable(log *fileLog, path string, header []string) (*table, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	log.add(path)
	bw := bufio.NewWriterSize(f, 1<<20)
	t := &table{path: path, f: f, bw: bw, cw: csv.NewWriter(bw)}
	t.cw.Write(header)
	t.line = 1
	return t, nil
}

// write appends one row and returns its line number. Values must not hold
// line breaks (they would shift the line numbers the truth refers to).
func (t *table) write(v []string) int {
	for _, s := range v {
		if strings.ContainsAny(s, "\r\n") {
			panic(fmt.Sprintf("scenario: line break in a value of %s: %q", t.path, s)) // a generator bug
		}
	}
	t.cw.Write(v)
	t.line++
	t.rows++
	return t.line
}

func (t *table) close() error {
	t.cw.Flush()
	err := t.cw.Error()
	if ferr := t.bw.Flush(); err == nil {
		err = ferr
	}
	if cerr := t.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("scenario: writing %s: %w", t.path, err)
	}
	return nil
}

// sourceOut is what one source's generator writes to: its tables, its
// truth mentions and its noise counts.
type sourceOut struct {
	ctx    context.Context
	w      *world
	def    *sourceDef
	sid    uint64
	tables []*table
	truth  *table
	stats  noiseStats
	seen   map[string]string // entity id -> true id, for ids listed in the truth
	files  []string          // file names, for the truth
	n      uint64            // records drawn so far (noise streams)

	idCache    map[int]*identity // member identities, cleared when large
	phoneCache map[int][]phone
}

// cacheLimit bounds the member caches of a source.
const cacheLimit = 4096

// member returns core member m's identity.
func (o *sourceOut) member(m int) *identity {
	if id := o.idCache[m]; id != nil {
		return id
	}
	if len(o.idCache) > cacheLimit {
		clear(o.idCache)
	}
	id := o.w.memberIdentity(m)
	o.idCache[m] = &id
	return &id
}

// phones returns the phones core member m used.
func (o *sourceOut) phones(m int) []phone {
	if p, ok := o.phoneCache[m]; ok {
		return p
	}
	if len(o.phoneCache) > cacheLimit {
		clear(o.phoneCache)
	}
	p := o.w.memberPhones(m)
	o.phoneCache[m] = p
	return p
}

// phoneOn returns the phone member m used on range day d.
func (o *sourceOut) phoneOn(m, d int) *phone { return phoneOn(o.phones(m), d) }

// truthHeader is the header of every truth/DATASET.mentions.csv file.
var truthHeader = []string{"dataset", "entity_id", "schema", "file", "line", "true_id", "noise"}

func openSource(ctx context.Context, w *world, def *sourceDef, sid int, dir string, log *fileLog) (*sourceOut, error) {
	o := &sourceOut{ctx: ctx, w: w, def: def, sid: uint64(sid), seen: map[string]string{},
		idCache: map[int]*identity{}, phoneCache: map[int][]phone{}}
	for _, f := range def.files {
		t, err := createTable(log, filepath.Join(dir, "sources", f.name), f.header)
		if err != nil {
			o.close()
			return nil, err
		}
		o.tables = append(o.tables, t)
		o.files = append(o.files, f.name)
	}
	t, err := createTable(log, filepath.Join(dir, "truth", def.name+".mentions.csv"), truthHeader)
	if err != nil {
		o.close()
		return nil, err
	}
	o.truth = t
	return o, nil
}

func (o *sourceOut) close() error {
	var first error
	for _, t := range append(o.tables, o.truth) {
		if t == nil {
			continue
		}
		if err := t.close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// record starts the noise of a new record.
func (o *sourceOut) record() *rec {
	o.n++
	return &rec{r: stream(o.w.seed, dNoise, o.sid, o.n), noise: &o.w.cfg.Noise, stats: &o.stats}
}

// row writes a row to file i and returns its line.
func (o *sourceOut) row(i int, v ...string) int {
	if len(v) != len(o.def.files[i].header) {
		panic(fmt.Sprintf("scenario: %s row has %d values for %d columns", o.def.files[i].name, len(v), len(o.def.files[i].header)))
	}
	return o.tables[i].write(v)
}

// mention lists in the truth the entity the mapping makes from a row:
// its id (FtM's: dataset, key_literal and key values), the true entity it
// stands for and the noise it carries. It returns the entity id. Rows make
// distinct ids (their keys hold the record's reference); for entities
// keyed by a value, which several rows make, use mentionOnce.
func (o *sourceOut) mention(file, line int, literal string, keys []string, schema, trueID, noise string) string {
	id := tideline.MakeID(o.def.name+literal, keys...)
	if id != "" {
		o.truth.write([]string{o.def.name, id, schema, o.files[file], fmt.Sprint(line), trueID, noise})
	}
	return id
}

// mentionOnce is mention for an entity keyed by a value (a plate, a
// number): listed once, at its first row. Memory grows with the distinct
// values.
func (o *sourceOut) mentionOnce(file, line int, literal string, keys []string, schema, trueID, noise string) string {
	id := tideline.MakeID(o.def.name+literal, keys...)
	if id == "" {
		return ""
	}
	if _, ok := o.seen[id]; !ok {
		o.seen[id] = trueID
		o.truth.write([]string{o.def.name, id, schema, o.files[file], fmt.Sprint(line), trueID, noise})
	}
	return id
}

// claimed returns the true id an entity keyed by these values already
// stands for, "" when none: a value-keyed entity must not stand for two
// true entities (an OCR misread that happens to spell another real plate).
func (o *sourceOut) claimed(literal string, keys ...string) string {
	return o.seen[tideline.MakeID(o.def.name+literal, keys...)]
}

// done reports whether the context ended (checked once per day).
func (o *sourceOut) done() error { return o.ctx.Err() }
