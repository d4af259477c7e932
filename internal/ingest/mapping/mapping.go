package mapping

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/tideline-oss/tideline"
	"go.yaml.in/yaml/v3"
)

// MaxSize is the largest mapping file Parse accepts, in bytes. Real mapping
// files are a few kilobytes.
const MaxSize = 4 << 20

// maxNodes bounds the YAML nodes Parse visits, aliases counted each time they
// are followed, so a file of nested aliases cannot make it run for long.
const maxNodes = 1 << 20

// maxErrors is the number of problems Parse reports before it gives up.
const maxErrors = 50

// Mapping is a parsed and validated mapping file: the queries of one or more
// datasets. It is immutable after Parse, and Read may be called on it from
// several goroutines at once.
type Mapping struct {
	// File is the mapping file as given to Parse. It names the file in
	// errors, and relative csv_url values are resolved against its
	// directory.
	File string
	// Datasets lists the dataset names in file order. Each name seeds the
	// ids of its queries' entities, as FtM's key_prefix does.
	Datasets []string
	// Queries holds every query of every dataset in file order.
	Queries []*Query
}

// Query is one entry of a dataset's queries list: a CSV source, the row
// filters and the entities made from each row that passes them.
type Query struct {
	Dataset string // the dataset the query belongs to
	Index   int    // 0-based position in the dataset's queries list
	// CSVURLs are the csv_url and csv_urls values as written (duplicates
	// removed). Empty when the caller supplies the CSV with ReadCSV.
	CSVURLs []string
	// Filters keep a row only when, for every filter, the column's value is
	// one of the listed values; FiltersNot drop a row when any column's value
	// is one of its listed values. Values compare after trimming surrounding
	// white space; "" (or YAML null) matches an empty cell.
	Filters    []Filter
	FiltersNot []Filter
	// Entities are the query's entity mappings in the order they are made
	// for each row: an entity comes after every entity it references (FtM's
	// dependency order; otherwise file order).
	Entities []*EntitySpec
	// Provenance maps columns or literals to the per-record provenance of
	// every fragment of the query (a Tideline extension of the format).
	Provenance ProvenanceSpec

	path   string // YAML path for errors, e.g. "donations.queries[0]"
	line   int
	urlPos []yamlPos // where each of CSVURLs is written
}

// yamlPos locates a value in the mapping file.
type yamlPos struct {
	path string
	line int
}

// Filter is one column of a query's filters or filters_not.
type Filter struct {
	Column string
	Values []string
}

// EntitySpec maps each row to one entity.
type EntitySpec struct {
	Name   string // the name other properties use to reference it
	Schema *tideline.Schema
	// Keys are the columns whose values make the id (key and keys together,
	// in file order). IDColumn, when set instead, gives the id directly.
	Keys       []string
	KeyLiteral string
	IDColumn   string
	// Properties are in the order FtM applies them: country-typed
	// properties first, then the rest, each group in file order.
	Properties []*PropertySpec

	path string
	line int
}

// PropertySpec says where the values of one property come from.
type PropertySpec struct {
	Name     string
	Property *tideline.Property
	Columns  []string // column and columns together
	Literals []string // literal and literals together
	Template string   // "{{Street}}, {{City}}"
	Entity   string   // name of a mapped entity of the same query
	Join     string   // separator joining the values into one, when HasJoin
	HasJoin  bool
	Split    string // separator splitting each value, when not ""
	Format   string // strftime layout of date values, passed on in Fragment.Formats
	Fuzzy    bool   // accepted for FtM compatibility; unused
	Required bool

	tmpl   []tmplPart // compiled template
	target int        // index of Entity in the query's Entities
	path   string
	line   int
}

// tmplPart is literal text, or a column reference when column is set.
type tmplPart struct {
	text   string
	column string
}

// ProvenanceSpec is the query's `provenance:` block. An unset field leaves
// the run's value in force.
type ProvenanceSpec struct {
	Agency, Grading, Handling, Conditions ValueSpec
	FirstSeen, LastSeen                   ValueSpec
	// Region is the ISO 3166-1 alpha-2 country the record was made in,
	// the hint for phone numbers written in national form (Fragment.Region).
	Region ValueSpec
}

// ValueSpec is a value read from Column or given as Literal; Format is the
// strftime layout of a first_seen or last_seen column.
type ValueSpec struct {
	Column  string
	Literal string
	Format  string

	path string
	line int
}

func (v ValueSpec) set() bool { return v.Column != "" || v.Literal != "" }

// Options adjusts ParseOptions.
type Options struct {
	// Dataset names the dataset of a file whose top level is a bare
	// `queries:` list. For the usual {dataset: {queries: ...}} form it
	// selects that one dataset; Parse fails when the file has no such
	// dataset.
	Dataset string
	// Model checks schemata and properties; nil means tideline.DefaultModel().
	Model *tideline.Model
}

// Load reads and parses the mapping file at path. See ParseOptions.
func Load(path string) (*Mapping, error) {
	return LoadOptions(path, Options{})
}

// LoadOptions reads and parses the mapping file at path with opt.
func LoadOptions(path string, opt Options) (*Mapping, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("mapping: %w", err)
	}
	defer f.Close()
	return ParseOptions(f, path, opt)
}

// Parse reads a mapping from r with default options; file names it in errors
// and anchors relative csv_url values. See ParseOptions.
func Parse(r io.Reader, file string) (*Mapping, error) {
	return ParseOptions(r, file, Options{})
}

// ParseOptions reads a FollowTheMoney mapping file from r and checks it
// against the model. The file is either {dataset: {queries: [...]}} (several
// datasets allowed; other dataset keys such as label are ignored) or a bare
// {queries: [...]} with the dataset named in opt.Dataset.
//
// Problems are reported all at once, up to 50, as an errors.Join of
// *tideline.InputError values: File is file, Line the YAML line, Field the
// YAML path ("donations.queries[0].entities.donor.properties.name") and
// Reason what is wrong: unknown keys, schemata and properties, a reference
// to an entity the query does not define or whose schema does not fit the
// property's range, circular references, an entity with neither keys nor
// id_column, a property with no value source, an unknown strftime
// directive. An I/O error comes back wrapped, and a file over MaxSize is
// refused. Time and memory are linear in the file size.
func ParseOptions(r io.Reader, file string, opt Options) (*Mapping, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("mapping: read %s: %w", file, err)
	}
	if len(data) > MaxSize {
		return nil, &tideline.InputError{File: file, Reason: fmt.Sprintf("mapping file larger than %d bytes", MaxSize)}
	}
	p := &parser{file: file, model: opt.Model}
	if p.model == nil {
		p.model = tideline.DefaultModel()
	}
	m := &Mapping{File: file}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &tideline.InputError{File: file, Reason: "empty mapping file"}
		}
		return nil, yamlError(file, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, &tideline.InputError{File: file, Line: extra.Line, Reason: "more than one YAML document; a mapping file holds one"}
	} else if !errors.Is(err, io.EOF) {
		return nil, yamlError(file, err)
	}
	root := p.deref(&doc)
	if root != nil && root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = p.deref(root.Content[0])
	}
	p.parseRoot(m, root, opt.Dataset)
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	return m, nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError turns a YAML syntax error into an InputError with its line.
func yamlError(file string, err error) error {
	msg := err.Error()
	if sm := yamlLine.FindStringSubmatch(msg); sm != nil {
		line, _ := strconv.Atoi(sm[1])
		return &tideline.InputError{File: file, Line: line, Reason: "invalid YAML: " + sm[2]}
	}
	return &tideline.InputError{File: file, Reason: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

type parser struct {
	file  string
	model *tideline.Model
	errs  []error
	nodes int
}

// errorf records a problem at node n (nil for no line) and path.
func (p *parser) errorf(n *yaml.Node, path, format string, args ...any) {
	if len(p.errs) == maxErrors {
		p.errs = append(p.errs, &tideline.InputError{File: p.file, Reason: "too many errors; stopped"})
	}
	if len(p.errs) > maxErrors {
		return
	}
	line := 0
	if n != nil {
		line = n.Line
	}
	p.errs = append(p.errs, &tideline.InputError{File: p.file, Line: line, Field: path, Reason: fmt.Sprintf(format, args...)})
}

// deref follows aliases and counts the visit against maxNodes; it returns nil
// once the budget is spent (after recording the error once).
func (p *parser) deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode; i++ {
		if i > 64 {
			return nil
		}
		n = n.Alias
	}
	p.nodes++
	if p.nodes == maxNodes {
		p.errorf(nil, "", "mapping too complex: more than %d YAML nodes after following aliases", maxNodes)
	}
	if p.nodes >= maxNodes {
		return nil
	}
	return n
}

type pair struct {
	key   string
	knode *yaml.Node
	val   *yaml.Node
}

// pairs returns the entries of mapping node n in file order, reporting
// non-scalar and duplicate keys. A null node is an empty mapping.
func (p *parser) pairs(n *yaml.Node, path string) []pair {
	n = p.deref(n)
	if n == nil || isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, path, "must be a mapping of keys to values, not %s", kindName(n))
		return nil
	}
	out := make([]pair, 0, len(n.Content)/2)
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := p.deref(n.Content[i]), n.Content[i+1]
		if k == nil {
			return out
		}
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, path, "keys must be plain strings, not %s", kindName(k))
			continue
		}
		if seen[k.Value] {
			p.errorf(k, join(path, k.Value), "key %q appears twice", k.Value)
			continue
		}
		seen[k.Value] = true
		out = append(out, pair{key: k.Value, knode: k, val: v})
	}
	return out
}

// scalar returns the string value of a scalar node; ok is false (with an
// error recorded) for other kinds. A null node gives "".
func (p *parser) scalar(n *yaml.Node, path string) (string, bool) {
	n = p.deref(n)
	if n == nil {
		return "", false
	}
	if isNull(n) {
		return "", true
	}
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, path, "must be a single value, not %s", kindName(n))
		return "", false
	}
	return n.Value, true
}

// list returns the values of a scalar or a sequence of scalars; null gives
// nil, and null items are kept as "" when keepNull is set, else dropped.
func (p *parser) list(n *yaml.Node, path string, keepNull bool) []string {
	n = p.deref(n)
	if n == nil || isNull(n) {
		return nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return []string{n.Value}
	case yaml.SequenceNode:
		out := make([]string, 0, len(n.Content))
		for i, c := range n.Content {
			c = p.deref(c)
			if c == nil {
				return out
			}
			if isNull(c) {
				if keepNull {
					out = append(out, "")
				}
				continue
			}
			if c.Kind != yaml.ScalarNode {
				p.errorf(c, fmt.Sprintf("%s[%d]", path, i), "must be a single value, not %s", kindName(c))
				continue
			}
			out = append(out, c.Value)
		}
		return out
	}
	p.errorf(n, path, "must be a value or a list of values, not %s", kindName(n))
	return nil
}

// boolean reads a YAML boolean (true/false, yes/no, on/off, 1/0).
func (p *parser) boolean(n *yaml.Node, path string) bool {
	s, ok := p.scalar(n, path)
	if !ok {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "on", "1", "y":
		return true
	case "false", "no", "off", "0", "n", "":
		return false
	}
	p.errorf(n, path, "must be true or false, not %q", s)
	return false
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("the value %q", n.Value)
	}
	return "an empty document"
}

// join extends a YAML path with a key, quoting keys that are not plain names.
func join(path, key string) string {
	if key == "" || strings.ContainsAny(key, ".[] \"") {
		key = strconv.Quote(key)
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

func (p *parser) parseRoot(m *Mapping, root *yaml.Node, only string) {
	if root == nil || isNull(root) || root.Kind != yaml.MappingNode {
		what := "nothing"
		if root != nil && !isNull(root) {
			what = kindName(root)
		}
		p.errorf(root, "", "a mapping file is {dataset: {queries: [...]}} or {queries: [...]}, not %s", what)
		return
	}
	top := p.pairs(root, "")
	for _, kv := range top {
		if kv.key != "queries" {
			continue
		}
		if v := p.deref(kv.val); v != nil && v.Kind == yaml.SequenceNode {
			// Bare form: the dataset is named by the caller.
			if only == "" {
				p.errorf(kv.knode, "queries", "the file has a bare queries list; give the dataset name (Options.Dataset), which seeds the entity ids")
				return
			}
			if len(top) > 1 {
				p.errorf(kv.knode, "", "a bare queries list cannot sit beside other top-level keys")
				return
			}
			m.Datasets = []string{only}
			p.parseQueries(m, only, kv.val, "queries")
			return
		}
	}
	for _, kv := range top {
		if only != "" && kv.key != only {
			continue
		}
		if strings.TrimSpace(kv.key) == "" {
			p.errorf(kv.knode, "", "dataset name is empty")
			continue
		}
		m.Datasets = append(m.Datasets, kv.key)
		var queries *yaml.Node
		for _, dv := range p.pairs(kv.val, join("", kv.key)) {
			if dv.key == "queries" {
				queries = dv.val
			}
		}
		if queries == nil {
			p.errorf(kv.knode, join("", kv.key), "dataset has no queries list")
			continue
		}
		p.parseQueries(m, kv.key, queries, join(join("", kv.key), "queries"))
	}
	if only != "" && len(m.Datasets) == 0 && len(p.errs) == 0 {
		p.errorf(root, "", "no dataset %q in the file", only)
	}
}

func (p *parser) parseQueries(m *Mapping, dataset string, n *yaml.Node, path string) {
	n = p.deref(n)
	if n == nil {
		return
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, path, "must be a list of queries, not %s", kindName(n))
		return
	}
	if len(n.Content) == 0 {
		p.errorf(n, path, "no queries")
	}
	for i, qn := range n.Content {
		if q := p.parseQuery(dataset, i, qn, fmt.Sprintf("%s[%d]", path, i)); q != nil {
			m.Queries = append(m.Queries, q)
		}
	}
}

var queryKeys = []string{"csv_url", "csv_urls", "filters", "filters_not", "entities", "provenance"}

func (p *parser) parseQuery(dataset string, index int, n *yaml.Node, path string) *Query {
	n = p.deref(n)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, path, "a query must be a mapping, not %s", kindName(n))
		return nil
	}
	q := &Query{Dataset: dataset, Index: index, path: path, line: n.Line}
	var entities *pair
	for _, kv := range p.pairs(n, path) {
		kpath := join(path, kv.key)
		switch kv.key {
		case "csv_url", "csv_urls":
			urls := p.list(kv.val, kpath, false)
			pos := urlPositions(kv.val, kpath, len(urls))
			for i, u := range urls {
				if u = strings.TrimSpace(u); u == "" {
					p.errorf(kv.val, kpath, "empty CSV URL")
				} else if !slices.Contains(q.CSVURLs, u) {
					q.CSVURLs = append(q.CSVURLs, u)
					q.urlPos = append(q.urlPos, pos[i])
				}
			}
		case "filters":
			q.Filters = p.parseFilters(kv.val, kpath)
		case "filters_not":
			q.FiltersNot = p.parseFilters(kv.val, kpath)
		case "entities":
			entities = &kv
		case "provenance":
			q.Provenance = p.parseProvenance(kv.val, kpath)
		case "database", "tables", "table", "joins":
			p.errorf(kv.knode, kpath, "SQL queries are not supported; export the tables to CSV and use csv_url")
		default:
			p.errorf(kv.knode, kpath, "unknown query key %q (known: %s)", kv.key, strings.Join(queryKeys, ", "))
		}
	}
	if entities == nil {
		p.errorf(n, path, "query has no entities")
		return nil
	}
	epath := join(path, "entities")
	for _, kv := range p.pairs(entities.val, epath) {
		if e := p.parseEntity(kv, join(epath, kv.key)); e != nil {
			q.Entities = append(q.Entities, e)
		}
	}
	if len(q.Entities) == 0 {
		if len(p.errs) == 0 {
			p.errorf(entities.knode, epath, "query has no entities")
		}
		return nil
	}
	p.bind(q)
	return q
}

// urlPositions locates the n values p.list returned for n: each non-null
// scalar item of a list, or n itself.
func urlPositions(n *yaml.Node, path string, count int) []yamlPos {
	out := make([]yamlPos, 0, count)
	resolve := func(n *yaml.Node) *yaml.Node {
		for i := 0; n != nil && n.Kind == yaml.AliasNode && i <= 64; i++ {
			n = n.Alias
		}
		return n
	}
	if v := resolve(n); v != nil && v.Kind == yaml.SequenceNode {
		for i, c := range v.Content {
			if r := resolve(c); r != nil && r.Kind == yaml.ScalarNode && !isNull(r) {
				out = append(out, yamlPos{path: fmt.Sprintf("%s[%d]", path, i), line: c.Line})
			}
		}
	}
	for len(out) < count {
		out = append(out, yamlPos{path: path, line: n.Line})
	}
	return out
}

func (p *parser) parseFilters(n *yaml.Node, path string) []Filter {
	var out []Filter
	for _, kv := range p.pairs(n, path) {
		vals := p.list(kv.val, join(path, kv.key), true)
		if p.deref(kv.val) != nil && isNull(p.deref(kv.val)) {
			vals = []string{""}
		}
		for i, v := range vals {
			vals[i] = strings.TrimSpace(v)
		}
		if len(vals) == 0 {
			p.errorf(kv.knode, join(path, kv.key), "filter on column %q lists no values", kv.key)
			continue
		}
		out = append(out, Filter{Column: kv.key, Values: vals})
	}
	return out
}

var entityKeys = []string{"schema", "key", "keys", "key_literal", "id_column", "properties"}

func (p *parser) parseEntity(kv pair, path string) *EntitySpec {
	e := &EntitySpec{Name: kv.key, path: path, line: kv.knode.Line}
	n := p.deref(kv.val)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, path, "an entity mapping must be a mapping, not %s", kindName(n))
		return nil
	}
	var props *pair
	schemaSeen := false
	for _, ekv := range p.pairs(n, path) {
		kpath := join(path, ekv.key)
		switch ekv.key {
		case "schema":
			schemaSeen = true
			name, ok := p.scalar(ekv.val, kpath)
			if !ok {
				continue
			}
			name = strings.TrimSpace(name)
			s := p.model.Schema(name)
			switch {
			case name == "":
				p.errorf(ekv.val, kpath, "schema is empty")
			case s == nil:
				p.errorf(ekv.val, kpath, "unknown schema %q", name)
			case s.Abstract:
				p.errorf(ekv.val, kpath, "schema %s is abstract; use a concrete schema such as Person or Company", name)
			default:
				e.Schema = s
			}
		case "key", "keys":
			for _, k := range p.list(ekv.val, kpath, false) {
				if strings.TrimSpace(k) == "" {
					p.errorf(ekv.val, kpath, "empty key column name")
					continue
				}
				e.Keys = append(e.Keys, k)
			}
		case "key_literal":
			e.KeyLiteral, _ = p.scalar(ekv.val, kpath)
		case "id_column":
			e.IDColumn, _ = p.scalar(ekv.val, kpath)
		case "properties":
			props = &ekv
		default:
			p.errorf(ekv.knode, kpath, "unknown entity key %q (known: %s)", ekv.key, strings.Join(entityKeys, ", "))
		}
	}
	if !schemaSeen {
		p.errorf(kv.knode, path, "entity has no schema")
	}
	if len(e.Keys) == 0 && e.IDColumn == "" {
		p.errorf(kv.knode, path, "entity has no key, keys or id_column; one is needed to make its id")
	}
	if len(e.Keys) > 0 && e.IDColumn != "" {
		p.errorf(kv.knode, path, "use key/keys or id_column, not both")
	}
	if props != nil {
		ppath := join(path, "properties")
		var country, other []*PropertySpec
		for _, pkv := range p.pairs(props.val, ppath) {
			ps := p.parseProperty(e, pkv, join(ppath, pkv.key))
			if ps == nil {
				continue
			}
			if ps.Property.Type == tideline.TypeCountry {
				country = append(country, ps)
			} else {
				other = append(other, ps)
			}
		}
		e.Properties = append(country, other...)
	}
	if e.Schema == nil {
		return nil
	}
	return e
}

var propertyKeys = []string{"column", "columns", "literal", "literals", "template", "entity",
	"join", "split", "format", "fuzzy", "required"}

func (p *parser) parseProperty(e *EntitySpec, kv pair, path string) *PropertySpec {
	ps := &PropertySpec{Name: kv.key, path: path, line: kv.knode.Line, target: -1}
	if e.Schema != nil {
		ps.Property = e.Schema.Property(kv.key)
		if ps.Property == nil {
			p.errorf(kv.knode, path, "schema %s has no property %q", e.Schema.Name, kv.key)
		}
	}
	n := p.deref(kv.val)
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		p.errorf(n, path, "a property mapping is a mapping such as {column: %s}, not a bare value", n.Value)
		return nil
	}
	hasTemplate := false
	for _, pkv := range p.pairs(n, path) {
		kpath := join(path, pkv.key)
		switch pkv.key {
		case "column", "columns":
			for _, c := range p.list(pkv.val, kpath, false) {
				if strings.TrimSpace(c) == "" {
					p.errorf(pkv.val, kpath, "empty column name")
					continue
				}
				ps.Columns = append(ps.Columns, c)
			}
		case "literal", "literals":
			for _, l := range p.list(pkv.val, kpath, false) {
				if strings.TrimSpace(l) == "" {
					p.errorf(pkv.val, kpath, "empty literal")
					continue
				}
				ps.Literals = append(ps.Literals, l)
			}
		case "template":
			hasTemplate = true
			ps.Template, _ = p.scalar(pkv.val, kpath)
			if strings.TrimSpace(ps.Template) == "" {
				p.errorf(pkv.val, kpath, "empty template")
			}
			ps.tmpl = compileTemplate(ps.Template)
		case "entity":
			ps.Entity, _ = p.scalar(pkv.val, kpath)
			ps.Entity = strings.TrimSpace(ps.Entity)
			if ps.Entity == "" {
				p.errorf(pkv.val, kpath, "empty entity name")
			}
		case "join":
			ps.Join, _ = p.scalar(pkv.val, kpath)
			ps.HasJoin = true
		case "split":
			ps.Split, _ = p.scalar(pkv.val, kpath)
			if ps.Split == "" {
				p.errorf(pkv.val, kpath, "empty split separator")
			}
		case "format":
			ps.Format, _ = p.scalar(pkv.val, kpath)
			if err := checkLayout(ps.Format); err != nil {
				p.errorf(pkv.val, kpath, "%v", err)
			} else if ps.Property != nil && ps.Property.Type != tideline.TypeDate {
				p.errorf(pkv.knode, kpath, "format applies to date properties; %s.%s is of type %s", e.Schema.Name, ps.Name, ps.Property.Type)
			}
		case "fuzzy":
			ps.Fuzzy = p.boolean(pkv.val, kpath)
		case "required":
			ps.Required = p.boolean(pkv.val, kpath)
		default:
			p.errorf(pkv.knode, kpath, "unknown property key %q (known: %s)", pkv.key, strings.Join(propertyKeys, ", "))
		}
	}
	direct := len(ps.Columns) > 0 || len(ps.Literals) > 0
	switch {
	case ps.Entity != "" && (direct || hasTemplate):
		p.errorf(kv.knode, path, "entity cannot be combined with column, literal or template")
	case hasTemplate && direct:
		p.errorf(kv.knode, path, "template cannot be combined with column or literal")
	case ps.Entity == "" && !hasTemplate && !direct:
		p.errorf(kv.knode, path, "no value source: give column, columns, literal, template or entity")
	}
	if ps.Property == nil {
		return nil
	}
	return ps
}

// compileTemplate splits a template into text and {{column}} references.
// Unclosed braces stay text. Spaces inside the braces are ignored.
func compileTemplate(t string) []tmplPart {
	var out []tmplPart
	for {
		i := strings.Index(t, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(t[i+2:], "}}")
		if j < 0 {
			break
		}
		if i > 0 {
			out = append(out, tmplPart{text: t[:i]})
		}
		out = append(out, tmplPart{column: strings.TrimSpace(t[i+2 : i+2+j])})
		t = t[i+2+j+2:]
	}
	if t != "" {
		out = append(out, tmplPart{text: t})
	}
	return out
}

var provenanceKeys = []string{"agency", "grading", "handling", "conditions", "first_seen", "last_seen", "region"}

func (p *parser) parseProvenance(n *yaml.Node, path string) ProvenanceSpec {
	var ps ProvenanceSpec
	for _, kv := range p.pairs(n, path) {
		kpath := join(path, kv.key)
		var dst *ValueSpec
		date := false
		switch kv.key {
		case "agency":
			dst = &ps.Agency
		case "grading":
			dst = &ps.Grading
		case "handling":
			dst = &ps.Handling
		case "conditions":
			dst = &ps.Conditions
		case "first_seen":
			dst, date = &ps.FirstSeen, true
		case "last_seen":
			dst, date = &ps.LastSeen, true
		case "region":
			dst = &ps.Region
		default:
			p.errorf(kv.knode, kpath, "unknown provenance key %q (known: %s)", kv.key, strings.Join(provenanceKeys, ", "))
			continue
		}
		*dst = p.parseValueSpec(kv, kpath, date)
	}
	// Literal values the pipeline would refuse for every record are
	// reported here, once, instead of once per row.
	if g := ps.Grading; g.Literal != "" {
		if _, err := tideline.ParseGrading(g.Literal); err != nil {
			p.errorf(&yaml.Node{Line: g.line}, g.path, "%s", tideline.ErrorMessage(err))
		}
	}
	if h, c := ps.Handling, ps.Conditions; h.Literal != "" {
		// With conditions from a column, only the code can be checked here.
		var g tideline.Grading
		var err error
		if code := strings.ToUpper(h.Literal); c.Column == "" {
			err = g.SetHandling(h.Literal, c.Literal)
		} else if code != "P" && code != "C" {
			err = g.SetHandling(code, "")
		}
		if err != nil {
			p.errorf(&yaml.Node{Line: h.line}, h.path, "%s", tideline.ErrorMessage(err))
		}
	}
	if r := ps.Region; r.Literal != "" && !isRegion(r.Literal) {
		p.errorf(&yaml.Node{Line: r.line}, r.path, "region %q: give an ISO 3166-1 alpha-2 code such as GB or FR", r.Literal)
	}
	if f, l := ps.FirstSeen, ps.LastSeen; f.Literal != "" && l.Literal != "" {
		ft, ferr := parseTime(f.Literal, f.Format)
		lt, lerr := parseTime(l.Literal, l.Format)
		if ferr == nil && lerr == nil && lt.Before(ft) {
			p.errorf(&yaml.Node{Line: l.line}, l.path, "last_seen %s is before first_seen %s", l.Literal, f.Literal)
		}
	}
	return ps
}

// isRegion reports whether s has the shape of an ISO 3166-1 alpha-2 code:
// two ASCII letters, either case. Whether the country exists is left to
// the phone parser, which ignores regions it does not know.
func isRegion(s string) bool {
	if len(s) != 2 {
		return false
	}
	for i := 0; i < 2; i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func (p *parser) parseValueSpec(kv pair, path string, date bool) ValueSpec {
	v := ValueSpec{path: path, line: kv.knode.Line}
	n := p.deref(kv.val)
	if n == nil {
		return v
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, path, "must be {column: NAME} or {literal: VALUE}, not %s", kindName(n))
		return v
	}
	for _, vkv := range p.pairs(n, path) {
		kpath := join(path, vkv.key)
		switch {
		case vkv.key == "column":
			v.Column, _ = p.scalar(vkv.val, kpath)
		case vkv.key == "literal":
			v.Literal, _ = p.scalar(vkv.val, kpath)
		case vkv.key == "format" && date:
			v.Format, _ = p.scalar(vkv.val, kpath)
			if err := checkLayout(v.Format); err != nil {
				p.errorf(vkv.val, kpath, "%v", err)
			}
		default:
			known := "column, literal"
			if date {
				known += ", format"
			}
			p.errorf(vkv.knode, kpath, "unknown key %q (known: %s)", vkv.key, known)
		}
	}
	v.Column = strings.TrimSpace(v.Column)
	v.Literal = strings.TrimSpace(v.Literal)
	switch {
	case v.Column != "" && v.Literal != "":
		p.errorf(kv.knode, path, "give column or literal, not both")
	case v.Column == "" && v.Literal == "":
		p.errorf(kv.knode, path, "give a column or a literal")
	case date && v.Literal != "":
		if _, err := parseTime(v.Literal, v.Format); err != nil {
			p.errorf(kv.knode, path, "%v", err)
		}
	}
	return v
}

// bind resolves entity references, checks their ranges and orders the
// entities so that each comes after those it references.
func (p *parser) bind(q *Query) {
	index := map[string]int{}
	for i, e := range q.Entities {
		index[e.Name] = i
	}
	deps := make([][]string, len(q.Entities))
	for i, e := range q.Entities {
		for _, ps := range e.Properties {
			if ps.Entity == "" {
				continue
			}
			j, ok := index[ps.Entity]
			if !ok {
				p.errorf(&yaml.Node{Line: ps.line}, ps.path, "entity %q is not defined in this query (defined: %s)", ps.Entity, entityNames(q.Entities))
				ps.Entity = ""
				continue
			}
			if ps.Property.Type != tideline.TypeEntity {
				p.errorf(&yaml.Node{Line: ps.line}, ps.path, "%s.%s is of type %s, not an entity reference; use column or literal", e.Schema.Name, ps.Name, ps.Property.Type)
				ps.Entity = ""
				continue
			}
			if rng := p.model.Schema(ps.Property.Range); !q.Entities[j].Schema.IsA(rng) {
				p.errorf(&yaml.Node{Line: ps.line}, ps.path, "entity %q is a %s, but %s.%s takes a %s", ps.Entity, q.Entities[j].Schema.Name, e.Schema.Name, ps.Name, ps.Property.Range)
				ps.Entity = ""
				continue
			}
			if !slices.Contains(deps[i], ps.Entity) {
				deps[i] = append(deps[i], ps.Entity)
			}
		}
	}
	// FtM's order: repeatedly take the first entity, in file order, whose
	// references are all made.
	var ordered []*EntitySpec
	done := map[string]bool{}
	left := slices.Clone(q.Entities)
	leftDeps := slices.Clone(deps)
	for len(left) > 0 {
		picked := -1
		for i := range left {
			ok := true
			for _, d := range leftDeps[i] {
				if !done[d] {
					ok = false
					break
				}
			}
			if ok {
				picked = i
				break
			}
		}
		if picked < 0 {
			p.errorf(&yaml.Node{Line: left[0].line}, join(q.path, "entities"), "circular entity references among %s", entityNames(left))
			return
		}
		e := left[picked]
		done[e.Name] = true
		ordered = append(ordered, e)
		left = slices.Delete(left, picked, picked+1)
		leftDeps = slices.Delete(leftDeps, picked, picked+1)
	}
	q.Entities = ordered
	for i, e := range q.Entities {
		index[e.Name] = i
	}
	for _, e := range q.Entities {
		for _, ps := range e.Properties {
			if ps.Entity != "" {
				ps.target = index[ps.Entity]
			}
		}
	}
}

func entityNames(es []*EntitySpec) string {
	names := make([]string, len(es))
	for i, e := range es {
		names[i] = strconv.Quote(e.Name)
	}
	return strings.Join(names, ", ")
}

// columns returns every column the query reads, each once, with the YAML
// path of its first use.
func (q *Query) columns() (cols []string, paths map[string]string) {
	paths = map[string]string{}
	add := func(c, path string) {
		if c == "" {
			return
		}
		if _, ok := paths[c]; !ok {
			paths[c] = path
			cols = append(cols, c)
		}
	}
	for _, f := range q.Filters {
		add(f.Column, join(q.path, "filters"))
	}
	for _, f := range q.FiltersNot {
		add(f.Column, join(q.path, "filters_not"))
	}
	for _, e := range q.Entities {
		for _, k := range e.Keys {
			add(k, e.path)
		}
		add(e.IDColumn, e.path)
		for _, ps := range e.Properties {
			for _, c := range ps.Columns {
				add(c, ps.path)
			}
			for _, t := range ps.tmpl {
				add(t.column, ps.path)
			}
		}
	}
	pv := q.Provenance
	for _, v := range []ValueSpec{pv.Agency, pv.Grading, pv.Handling, pv.Conditions, pv.FirstSeen, pv.LastSeen, pv.Region} {
		add(v.Column, v.path)
	}
	return cols, paths
}

// OpenFile opens csvURL, a file next to the mapping file or in a folder
// below it (see CSVPath). It is Read's default opener.
func (m *Mapping) OpenFile(csvURL string) (io.ReadCloser, error) {
	path, err := m.CSVPath(csvURL)
	if err != nil {
		return nil, err
	}
	return os.Open(path)
}

// urlScheme matches a URL scheme such as http: or file:.
var urlScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// CSVPath returns the local path of csvURL, relative to the mapping file's
// directory. Mapping files may come from elsewhere (a partner agency), so a
// csv_url may only name a file in that directory or below it: an absolute
// path, a path that leaves the directory after filepath.Clean ("../x.csv",
// "a/../../x.csv") or a URL with a scheme ("https://...", "file:///...")
// is refused with a *tideline.InputError naming the mapping file, the
// query's csv_url and the value. Symbolic links are not resolved. Callers
// that fetch remote CSVs pass their own opener to Read.
func (m *Mapping) CSVPath(csvURL string) (string, error) {
	if urlScheme.MatchString(csvURL) || !filepath.IsLocal(csvURL) {
		ie := &tideline.InputError{File: m.File,
			Reason: fmt.Sprintf("csv_url %q is outside the mapping's folder; copy the CSV next to the mapping", csvURL)}
		for _, q := range m.Queries {
			if i := slices.Index(q.CSVURLs, csvURL); i >= 0 && i < len(q.urlPos) {
				ie.Line, ie.Field = q.urlPos[i].line, q.urlPos[i].path
				break
			}
		}
		return "", ie
	}
	return filepath.Join(filepath.Dir(m.File), csvURL), nil
}
