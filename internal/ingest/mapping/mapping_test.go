package mapping_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/ingest/mapping"
)

func TestParseErrors(t *testing.T) {
	tests := map[string]struct {
		src  string
		want []string // each error's text, in order
	}{
		"Empty": {"", []string{"bad.yml: empty mapping file"}},
		"Syntax": {"ds:\n  queries: [\n", []string{
			"bad.yml:2: invalid YAML: did not find expected node content"}},
		"NotAMapping": {"- a\n- b\n", []string{
			"bad.yml:1: a mapping file is {dataset: {queries: [...]}} or {queries: [...]}, not a list"}},
		"NoQueries": {"ds: {label: x}\n", []string{
			"bad.yml:1: ds: dataset has no queries list"}},
		"EmptyQueries": {"ds: {queries: []}\n", []string{
			"bad.yml:1: ds.queries: no queries"}},
		"NoEntities": {"ds:\n  queries:\n    - csv_url: a.csv\n", []string{
			"bad.yml:3: ds.queries[0]: query has no entities"}},
		"UnknownQueryKey": {`
ds:
  queries:
    - csv_url: a.csv
      filter: {A: b}
      entities: {p: {schema: Person, key: A}}
`, []string{`bad.yml:5: ds.queries[0].filter: unknown query key "filter" (known: csv_url, csv_urls, filters, filters_not, entities, provenance)`}},
		"SQL": {`
ds:
  queries:
    - database: postgres://x
      tables: [a]
      entities: {p: {schema: Person, key: A}}
`, []string{
			"bad.yml:4: ds.queries[0].database: SQL queries are not supported; export the tables to CSV and use csv_url",
			"bad.yml:5: ds.queries[0].tables: SQL queries are not supported; export the tables to CSV and use csv_url"}},
		"UnknownSchema": {`
ds:
  queries:
    - entities:
        p: {schema: Persn, key: A}
`, []string{`bad.yml:5: ds.queries[0].entities.p.schema: unknown schema "Persn"`}},
		"AbstractSchema": {`
ds:
  queries:
    - entities:
        p: {schema: Thing, key: A}
`, []string{`bad.yml:5: ds.queries[0].entities.p.schema: schema Thing is abstract; use a concrete schema such as Person or Company`}},
		"NoSchema": {`
ds:
  queries:
    - entities:
        p: {key: A}
`, []string{`bad.yml:5: ds.queries[0].entities.p: entity has no schema`}},
		"NoKeys": {`
ds:
  queries:
    - entities:
        p:
          schema: Person
          properties: {name: {column: A}}
`, []string{`bad.yml:5: ds.queries[0].entities.p: entity has no key, keys or id_column; one is needed to make its id`}},
		"KeysAndIDColumn": {`
ds:
  queries:
    - entities:
        p: {schema: Person, key: A, id_column: B}
`, []string{`bad.yml:5: ds.queries[0].entities.p: use key/keys or id_column, not both`}},
		"UnknownProperty": {`
ds:
  queries:
    - entities:
        p:
          schema: Person
          key: A
          properties:
            nmae: {column: A}
`, []string{`bad.yml:9: ds.queries[0].entities.p.properties.nmae: schema Person has no property "nmae"`}},
		"NoSource": {`
ds:
  queries:
    - entities:
        p:
          schema: Person
          key: A
          properties:
            name: {join: " "}
`, []string{`bad.yml:9: ds.queries[0].entities.p.properties.name: no value source: give column, columns, literal, template or entity`}},
		"BareValue": {`
ds:
  queries:
    - entities:
        p:
          schema: Person
          key: A
          properties:
            name: A
`, []string{`bad.yml:9: ds.queries[0].entities.p.properties.name: a property mapping is a mapping such as {column: A}, not a bare value`}},
		"UnknownPropertyKey": {`
ds:
  queries:
    - entities:
        p:
          schema: Person
          key: A
          properties:
            name: {colum: A}
`, []string{
			`bad.yml:9: ds.queries[0].entities.p.properties.name.colum: unknown property key "colum" (known: column, columns, literal, literals, template, entity, join, split, format, fuzzy, required)`,
			`bad.yml:9: ds.queries[0].entities.p.properties.name: no value source: give column, columns, literal, template or entity`}},
		"UndefinedEntity": {`
ds:
  queries:
    - entities:
        a: {schema: Address, key: S}
        p:
          schema: Person
          key: A
          properties:
            addressEntity: {entity: adress}
`, []string{`bad.yml:10: ds.queries[0].entities.p.properties.addressEntity: entity "adress" is not defined in this query (defined: "a", "p")`}},
		"WrongRange": {`
ds:
  queries:
    - entities:
        v: {schema: Vessel, key: S}
        p:
          schema: Payment
          key: A
          properties:
            payer: {entity: v}
`, []string{`bad.yml:10: ds.queries[0].entities.p.properties.payer: entity "v" is a Vessel, but Payment.payer takes a LegalEntity`}},
		"EntityOnNonEntityProperty": {`
ds:
  queries:
    - entities:
        v: {schema: Person, key: S}
        p:
          schema: Person
          key: A
          properties:
            name: {entity: v}
`, []string{`bad.yml:10: ds.queries[0].entities.p.properties.name: Person.name is of type name, not an entity reference; use column or literal`}},
		"Circular": {`
ds:
  queries:
    - entities:
        a: {schema: Person, key: S, properties: {parent: {entity: b}}}
        b: {schema: Person, key: S, properties: {parent: {entity: a}}}
        c: {schema: Person, key: S}
`, []string{`bad.yml:5: ds.queries[0].entities: circular entity references among "a", "b"`}},
		"Mixed": {`
ds:
  queries:
    - entities:
        a: {schema: Person, key: S}
        p:
          schema: Person
          key: A
          properties:
            parent: {entity: a, column: X}
            name: {template: "{{A}}", literal: x}
`, []string{
			`bad.yml:10: ds.queries[0].entities.p.properties.parent: entity cannot be combined with column, literal or template`,
			`bad.yml:11: ds.queries[0].entities.p.properties.name: template cannot be combined with column or literal`}},
		"Format": {`
ds:
  queries:
    - entities:
        p:
          schema: Person
          key: A
          properties:
            birthDate: {column: B, format: "%d/%q/%Y"}
            name: {column: A, format: "%Y"}
`, []string{
			`bad.yml:9: ds.queries[0].entities.p.properties.birthDate.format: format "%d/%q/%Y": unknown directive %q (known: %Y %y %m %d %e %H %I %p %M %S %f %j %b %h %B %a %A %z %Z %F %T %D %R %%)`,
			`bad.yml:10: ds.queries[0].entities.p.properties.name.format: format applies to date properties; Person.name is of type name`}},
		"Required": {`
ds:
  queries:
    - entities:
        p: {schema: Person, key: A, properties: {name: {column: A, required: maybe}}}
`, []string{`bad.yml:5: ds.queries[0].entities.p.properties.name.required: must be true or false, not "maybe"`}},
		"Filters": {`
ds:
  queries:
    - filters: [A, B]
      filters_not: {A: {x: 1}, B: []}
      entities: {p: {schema: Person, key: A}}
`, []string{
			`bad.yml:4: ds.queries[0].filters: must be a mapping of keys to values, not a list`,
			`bad.yml:5: ds.queries[0].filters_not.A: must be a value or a list of values, not a mapping`,
			`bad.yml:5: ds.queries[0].filters_not.A: filter on column "A" lists no values`,
			`bad.yml:5: ds.queries[0].filters_not.B: filter on column "B" lists no values`}},
		"Provenance": {`
ds:
  queries:
    - provenance:
        agency: NCA
        grading: {column: G, literal: 2B}
        handling: {}
        first_seen: {literal: "01/02/2024"}
        last_seen: {column: L, format: "%d.%m.%Y", zone: x}
        source: {literal: x}
      entities: {p: {schema: Person, key: A}}
`, []string{
			`bad.yml:5: ds.queries[0].provenance.agency: must be {column: NAME} or {literal: VALUE}, not the value "NCA"`,
			`bad.yml:6: ds.queries[0].provenance.grading: give column or literal, not both`,
			`bad.yml:7: ds.queries[0].provenance.handling: give a column or a literal`,
			`bad.yml:8: ds.queries[0].provenance.first_seen: date "01/02/2024" is not ISO 8601 (2006-01-02, 2006-01-02T15:04:05Z...); give a format`,
			`bad.yml:9: ds.queries[0].provenance.last_seen.zone: unknown key "zone" (known: column, literal, format)`,
			`bad.yml:10: ds.queries[0].provenance.source: unknown provenance key "source" (known: agency, grading, handling, conditions, first_seen, last_seen, region)`}},
		"ProvenanceRegion": {`
ds:
  queries:
    - provenance:
        region: {literal: GBR}
      entities: {p: {schema: Person, key: A}}
`, []string{
			`bad.yml:5: ds.queries[0].provenance.region: region "GBR": give an ISO 3166-1 alpha-2 code such as GB or FR`}},
		"ProvenanceLiterals": {`
ds:
  queries:
    - provenance:
        grading: {literal: 4B}
        handling: {literal: C}
        first_seen: {literal: "2024-05-02"}
        last_seen: {literal: "2024-05-01"}
      entities: {p: {schema: Person, key: A}}
    - provenance:
        handling: {literal: X}
        conditions: {column: Cond}
      entities: {p: {schema: Person, key: A}}
`, []string{
			`bad.yml:5: ds.queries[0].provenance.grading: grading "4B": source evaluation must be 1, 2 or 3`,
			`bad.yml:6: ds.queries[0].provenance.handling: handling code C needs its conditions (the handling instructions to record)`,
			`bad.yml:8: ds.queries[0].provenance.last_seen: last_seen 2024-05-01 is before first_seen 2024-05-02`,
			`bad.yml:11: ds.queries[1].provenance.handling: handling code "X": must be P or C`}},
		"DuplicateKey": {`
ds:
  queries:
    - entities:
        p: {schema: Person, key: A}
        p: {schema: Company, key: A}
`, []string{`bad.yml:6: ds.queries[0].entities.p: key "p" appears twice`}},
		"TwoDocuments": {"ds: {queries: [{entities: {p: {schema: Person, key: A}}}]}\n---\nx: 1\n", []string{
			"bad.yml:2: more than one YAML document; a mapping file holds one"}},
		"EmptyLiteral": {`
ds:
  queries:
    - entities:
        p: {schema: Person, key: [A, ""], properties: {name: {literal: ""}}}
`, []string{
			`bad.yml:5: ds.queries[0].entities.p.key: empty key column name`,
			`bad.yml:5: ds.queries[0].entities.p.properties.name.literal: empty literal`,
			`bad.yml:5: ds.queries[0].entities.p.properties.name: no value source: give column, columns, literal, template or entity`}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			m, err := mapping.Parse(strings.NewReader(tt.src), "bad.yml")
			if err == nil {
				t.Fatalf("Parse = %+v; want errors", m)
			}
			var ie *tideline.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Parse error %T is not an InputError: %v", err, err)
			}
			got := strings.Split(err.Error(), "\n")
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Parse errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestParseAccepts(t *testing.T) {
	// FtM forms: literal lists, key and keys together, a numeric
	// key_literal, fuzzy, YAML anchors and aliases, extra dataset keys,
	// repeated csv_urls.
	const src = `
ds:
  label: Donations
  queries:
    - csv_urls: [a.csv, a.csv, b.csv]
      entities:
        p: &person
          schema: Person
          key: A
          keys: [B]
          key_literal: 7
          properties:
            name: {column: A, fuzzy: yes}
            topics: {literal: [role.pep, poi]}
            country: {column: C, fuzzy: true}
    - csv_url: c.csv
      entities:
        q: *person
`
	m, err := mapping.Parse(strings.NewReader(src), "ok.yml")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Queries) != 2 || strings.Join(m.Queries[0].CSVURLs, ",") != "a.csv,b.csv" {
		t.Fatalf("queries = %+v", m.Queries)
	}
	e := m.Queries[0].Entities[0]
	if strings.Join(e.Keys, ",") != "A,B" || e.KeyLiteral != "7" || e.Schema.Name != "Person" {
		t.Errorf("entity = %+v", e)
	}
	if p := e.Properties[0]; p.Name != "country" || !p.Fuzzy {
		t.Errorf("first property = %+v; want country", p)
	}
	if q := m.Queries[1].Entities[0]; q.Name != "q" || q.Schema.Name != "Person" {
		t.Errorf("aliased entity = %+v", q)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "m.yml"), []byte("ds: {queries: [{csv_url: d.csv, entities: {p: {schema: Person, key: N}}}]}"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "d.csv"), []byte("N\nann\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	m, err := mapping.Load(filepath.Join(dir, "m.yml"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for f, err := range m.Read(t.Context(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		if f.File != "d.csv" || f.Line != 2 {
			t.Errorf("fragment at %s", f.Origin())
		}
		n++
	}
	if n != 1 {
		t.Errorf("%d fragments; want 1", n)
	}
	if _, err := mapping.Load(filepath.Join(dir, "none.yml")); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load missing = %v", err)
	}
	if _, err := m.OpenFile("https://example.org/x.csv"); err == nil {
		t.Error("OpenFile https: no error")
	}
}

func TestOpenFileStaysInMappingFolder(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "partner")
	for _, d := range []string{dir, filepath.Join(dir, "sub")} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	for path, text := range map[string]string{
		filepath.Join(root, "secret.csv"):     "N\nsecret\n",
		filepath.Join(dir, "ok.csv"):          "N\nok\n",
		filepath.Join(dir, "sub", "deep.csv"): "N\ndeep\n",
	} {
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	secret := filepath.Join(root, "secret.csv")
	src := `ds:
  queries:
    - csv_urls:
        - ok.csv
        - ./sub/deep.csv
        - sub/../ok.csv
        - ../secret.csv
        - sub/../../secret.csv
        - ` + secret + `
        - file://` + secret + `
        - https://example.org/x.csv
        - C:/x.csv
      entities:
        p: {schema: Person, key: N, properties: {name: {column: N}}}
`
	mfile := filepath.Join(dir, "m.yml")
	if err := os.WriteFile(mfile, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	m, err := mapping.Load(mfile)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for f, err := range m.Read(t.Context(), nil) {
		if err != nil {
			var ie *tideline.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Read: %v", err)
			}
			got = append(got, err.Error())
			continue
		}
		got = append(got, f.File+": "+f.Entity.First("name"))
	}
	refused := func(line, i int, u string) string {
		return fmt.Sprintf("%s:%d: ds.queries[0].csv_urls[%d]: csv_url %q is outside the mapping's folder; copy the CSV next to the mapping", mfile, line, i, u)
	}
	want := []string{
		// sub/../ok.csv is ok.csv, and sub/../../secret.csv is
		// ../secret.csv: each file is read, or refused, once.
		"ok.csv: ok", "./sub/deep.csv: deep",
		refused(7, 3, "../secret.csv"), refused(9, 5, secret), refused(10, 6, "file://"+secret),
		refused(11, 7, "https://example.org/x.csv"), refused(12, 8, "C:/x.csv"),
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Read:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// CSVPath gives the path OpenFile opens.
	if p, err := m.CSVPath("./sub/deep.csv"); err != nil || p != filepath.Join(dir, "sub", "deep.csv") {
		t.Errorf("CSVPath = %q, %v", p, err)
	}
	// Given straight to OpenFile, each spelling is refused.
	for i, u := range []string{"../secret.csv", "sub/../../secret.csv"} {
		_, err := m.OpenFile(u)
		if w := refused(7+i, 3+i, u); err == nil || err.Error() != w {
			t.Errorf("OpenFile %s = %v; want %s", u, err, w)
		}
	}
}
