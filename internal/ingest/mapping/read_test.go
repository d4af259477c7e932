package mapping_test

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/ingest/mapping"
)

// mustParse parses a mapping or fails the test.
func mustParse(tb testing.TB, src string) *mapping.Mapping {
	tb.Helper()
	m, err := mapping.Parse(strings.NewReader(src), "test.yml")
	if err != nil {
		tb.Fatalf("Parse: %v", err)
	}
	return m
}

// mapCSV runs every query of the mapping over csvText.
func mapCSV(tb testing.TB, src, csvText string) ([]*tideline.Fragment, []*tideline.InputError) {
	tb.Helper()
	m := mustParse(tb, src)
	var frags []*tideline.Fragment
	var errs []*tideline.InputError
	for f, err := range m.ReadCSV(context.Background(), strings.NewReader(csvText), "data.csv") {
		if err != nil {
			var ie *tideline.InputError
			if !errors.As(err, &ie) {
				tb.Fatalf("ReadCSV: %v (%T)", err, err)
			}
			errs = append(errs, ie)
			continue
		}
		frags = append(frags, f)
	}
	return frags, errs
}

func keyID(parts ...string) string {
	sum := sha1.Sum([]byte(strings.Join(parts, "")))
	return hex.EncodeToString(sum[:])
}

// byName returns the fragments of one schema.
func bySchema(frags []*tideline.Fragment, schema string) []*tideline.Fragment {
	var out []*tideline.Fragment
	for _, f := range frags {
		if f.Entity.Schema == schema {
			out = append(out, f)
		}
	}
	return out
}

func TestPropertyForms(t *testing.T) {
	const src = `
ds:
  queries:
    - entities:
        p:
          schema: Person
          key: ID
          properties:
            name: {column: Name}
            alias: {columns: [A1, A2]}
            address: {columns: [Street, City], join: ", "}
            phone: {column: Phones, split: ";"}
            notes: {template: "{{Street}} / {{ City }}"}
            topics: {literal: [role.pep, poi]}
            keywords: {literal: smuggling}
            weakAlias: {literals: [x], column: A1}
            email: {columns: [E1, E2], join: ";", split: ";"}
            birthDate: {column: Born, format: "%d/%m/%Y"}
`
	const csvText = "ID,Name,A1,A2,Street,City,Phones,E1,E2,Born\n" +
		"1, Ann Lee ,Annie,,Main St ,Dover,+44 1; +44 2;;,a@x.org,b@x.org;c@x.org,07/01/1988\n" +
		"2,,,,,,,,,\n"
	frags, errs := mapCSV(t, src, csvText)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if len(frags) != 2 {
		t.Fatalf("got %d fragments; want 2", len(frags))
	}
	f := frags[0]
	if f.Entity.ID != keyID("ds", "1") || f.Entity.Schema != "Person" || f.Line != 2 || f.File != "data.csv" {
		t.Errorf("fragment = %s %s %s:%d; want %s Person data.csv:2", f.Entity.ID, f.Entity.Schema, f.File, f.Line, keyID("ds", "1"))
	}
	want := map[string][]string{
		"name":      {"Ann Lee"},
		"alias":     {"Annie"},
		"address":   {"Main St, Dover"},
		"phone":     {"+44 1", "+44 2"},
		"notes":     {"Main St / Dover"},
		"topics":    {"role.pep", "poi"},
		"keywords":  {"smuggling"},
		"weakAlias": {"x", "Annie"},
		"email":     {"a@x.org", "b@x.org", "c@x.org"},
		"birthDate": {"07/01/1988"},
	}
	for p, w := range want {
		if g := f.Entity.Get(p); !slices.Equal(g, w) {
			t.Errorf("%s = %q; want %q", p, g, w)
		}
	}
	for p := range f.Entity.Properties {
		if _, ok := want[p]; !ok {
			t.Errorf("unexpected property %s = %q", p, f.Entity.Get(p))
		}
	}
	if g := f.Formats["birthDate"]; g != "%d/%m/%Y" || len(f.Formats) != 1 {
		t.Errorf("Formats = %v; want birthDate: %%d/%%m/%%Y", f.Formats)
	}
	// Row 2: empty cells give no values; the template, whose cells are all
	// empty, gives none either; literals stay.
	g := frags[1].Entity.Properties
	if len(g) != 3 || g["topics"] == nil || g["keywords"] == nil || !slices.Equal(g["weakAlias"], []string{"x"}) {
		t.Errorf("row 2 properties = %v; want only the literals", g)
	}
}

func TestEntityReferenceAndInlineNames(t *testing.T) {
	const src = `
ds:
  queries:
    - entities:
        pay:
          schema: Payment
          keys: [Payer, Payee, Amount]
          properties:
            payer: {entity: payer}
            beneficiary: {entity: payee}
            amount: {column: Amount}
        payer:
          schema: LegalEntity
          key: Payer
          properties:
            name: {column: Payer}
            alias: {column: Alias}
            country: {column: Country}
        payee:
          schema: Company
          key: Payee
          properties:
            name: {column: Payee}
        owner:
          schema: Ownership
          keys: [Payer, Payee]
          properties:
            owner: {entity: payer}
            asset: {entity: payee}
`
	frags, errs := mapCSV(t, src, "Payer,Alias,Country,Payee,Amount\nAnn,A.,Kurdistan,Acme Ltd,100\n,,,Acme Ltd,5\n")
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	// Row 1: payer and payee are made before the payment that references them.
	order := []string{}
	for _, f := range frags {
		order = append(order, fmt.Sprintf("%s@%d", f.Entity.Schema, f.Line))
	}
	if w := []string{"LegalEntity@2", "Company@2", "Payment@2", "Ownership@2", "Company@3", "Payment@3", "Ownership@3"}; !slices.Equal(order, w) {
		t.Fatalf("fragments = %v; want %v", order, w)
	}
	payer, payee, pay := frags[0].Entity, frags[1].Entity, frags[2].Entity
	if g := pay.Get("payer"); !slices.Equal(g, []string{payer.ID}) {
		t.Errorf("payer = %v; want %s", g, payer.ID)
	}
	if g := pay.Get("beneficiary"); !slices.Equal(g, []string{payee.ID}) {
		t.Errorf("beneficiary = %v; want %s", g, payee.ID)
	}
	if g, w := pay.Get("namesMentioned"), []string{"Ann", "A.", "Acme Ltd"}; !slices.Equal(g, w) {
		t.Errorf("namesMentioned = %q; want %q", g, w)
	}
	// Ownership, an Interval, mentions names too.
	if g, w := frags[3].Entity.Get("namesMentioned"), []string{"Ann", "A.", "Acme Ltd"}; !slices.Equal(g, w) {
		t.Errorf("Ownership namesMentioned = %q; want %q", g, w)
	}
	// Row 3 has no payer: no LegalEntity, and the payment has no payer.
	if g := frags[5].Entity; g.Get("payer") != nil || !slices.Equal(g.Get("namesMentioned"), []string{"Acme Ltd"}) {
		t.Errorf("row 3 payment = %v; want no payer", g.Properties)
	}
}

// A referenced person recorded as a victim (safeguarding) does not lend
// their names to the entity that references them: a crossing lists its
// passengers as involved, not by name; its pilot's names are inlined.
func TestInlineNamesSkipVictims(t *testing.T) {
	const src = `
ds:
  queries:
    - entities:
        person:
          schema: Person
          key: Ref
          properties:
            name: {column: Name}
            safeguarding: {column: Safeguarding}
        crossing:
          schema: Crossing
          key: Boat
          properties:
            involved: {entity: person}
`
	frags, errs := mapCSV(t, src, "Ref,Name,Safeguarding,Boat\nP1,Ann Victim,victim,B1\nP2,Ben Minor,minor,B1\nP3,Carl Pilot,,B1\n")
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	var mentioned []string
	for _, f := range frags {
		if f.Entity.Schema == "Crossing" {
			if len(f.Entity.Get("involved")) != 1 {
				t.Errorf("line %d: crossing involved = %v; want the person", f.Line, f.Entity.Get("involved"))
			}
			mentioned = append(mentioned, f.Entity.Get("namesMentioned")...)
		}
	}
	if w := []string{"Carl Pilot"}; !slices.Equal(mentioned, w) {
		t.Errorf("crossing namesMentioned = %q; want %q (victims' names left out)", mentioned, w)
	}
}

func TestKeys(t *testing.T) {
	const src = `
ds:
  queries:
    - entities:
        a: {schema: Person, keys: [First, Last]}
        b: {schema: Person, keys: [Last, First]}
        c: {schema: Person, key: First, key_literal: person}
        d: {schema: Person, id_column: ID}
`
	frags, errs := mapCSV(t, src, "ID,First,Last\n  p-1 ,Ann,Lee\n,, Lee \n")
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	var ids []string
	for _, f := range frags {
		ids = append(ids, f.Entity.ID)
	}
	want := []string{
		keyID("ds", "Ann", "Lee"), // key values sorted: the column order does not matter
		keyID("ds", "Ann", "Lee"),
		keyID("ds", "person", "Ann"), // dataset, key_literal, keys
		"p-1",                        // id_column, trimmed
		keyID("ds", "Lee"),           // empty keys skipped, values trimmed
		keyID("ds", "Lee"),
		// row 3: no First, so no c; no ID, so no d
	}
	if !slices.Equal(ids, want) {
		t.Errorf("ids = %q; want %q", ids, want)
	}
	// Key values are compared in sorted byte order.
	frags, _ = mapCSV(t, src, "ID,First,Last\nx,Zoë,Adams\n")
	if g, w := frags[0].Entity.ID, keyID("ds", "Adams", "Zoë"); g != w {
		t.Errorf("id = %s; want %s", g, w)
	}
	// NFD key values hash as NFC, like FtM.
	frags, _ = mapCSV(t, src, "ID,First,Last\nx,Zoe\u0308,Adams\n")
	if g, w := frags[0].Entity.ID, keyID("ds", "Adams", "Zoë"); g != w {
		t.Errorf("NFD id = %s; want %s", g, w)
	}
}

func TestFilters(t *testing.T) {
	const src = `
ds:
  queries:
    - filters: {Type: [PERSON, PER]}
      filters_not: {Status: deleted, Country: [XX, null]}
      entities:
        p: {schema: Person, key: Name}
    - filters: {Type: ~}
      entities:
        l: {schema: LegalEntity, key: Name}
    - filters: {Type: COMPANY, Status: ok}
      entities:
        c: {schema: Company, key: Name}
`
	const csvText = "Name,Type,Status,Country\n" +
		"a,PERSON,ok,de\n" + // 2 p
		"b, PER ,ok,de\n" + // 3 p (values trimmed)
		"c,PERSON,deleted,de\n" + // 4 dropped by filters_not
		"d,PERSON,ok,XX\n" + // 5 dropped
		"e,PERSON,ok,\n" + // 6 dropped: empty Country
		"f,,ok,de\n" + // 7 l
		"g,COMPANY,ok,de\n" + // 8 c
		"h,COMPANY,new,de\n" // 9 none: both filters must match
	frags, errs := mapCSV(t, src, csvText)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	var got []string
	for _, f := range frags {
		got = append(got, fmt.Sprintf("%s@%d", f.Entity.Schema, f.Line))
	}
	if w := []string{"Person@2", "Person@3", "LegalEntity@7", "Company@8"}; !slices.Equal(got, w) {
		t.Errorf("fragments = %v; want %v", got, w)
	}
}

func TestRequired(t *testing.T) {
	const src = `
ds:
  queries:
    - entities:
        person:
          schema: Person
          key: Name
          properties:
            name: {column: Name}
            birthDate: {column: Born, required: true}
        phone:
          schema: Person
          key: Phone
          properties:
            phone: {columns: [Phone, Phone2], required: true}
        call:
          schema: Call
          key: Phone
          properties:
            caller: {entity: person, required: true}
`
	frags, errs := mapCSV(t, src, "Name,Born,Phone,Phone2\nAnn,1980,123,\nBob,,456,\n,,789,\n")
	var got []string
	for _, f := range frags {
		got = append(got, fmt.Sprintf("%s@%d", f.Entity.Schema, f.Line))
	}
	if w := []string{"Person@2", "Person@2", "Call@2", "Person@3", "Person@4"}; !slices.Equal(got, w) {
		t.Errorf("fragments = %v; want %v", got, w)
	}
	want := []tideline.InputError{
		{File: "data.csv", Line: 3, Field: "Born", Reason: `required Person.birthDate of entity "person" is empty`},
		{File: "data.csv", Line: 3, Field: "Name", Reason: `required Call.caller of entity "call" is empty: entity "person" has no key value in this row`},
		{File: "data.csv", Line: 4, Field: "Name", Reason: `required Call.caller of entity "call" is empty: entity "person" has no key value in this row`},
	}
	if len(errs) != len(want) {
		t.Fatalf("errors = %v; want %d", errs, len(want))
	}
	for i, e := range errs {
		if *e != want[i] {
			t.Errorf("error %d = %+v; want %+v", i, *e, want[i])
		}
	}
}

func TestBadRows(t *testing.T) {
	const src = `
ds:
  queries:
    - entities:
        p:
          schema: Person
          key: Name
          properties:
            name: {column: Name}
            notes: {column: Note}
`
	const csvText = "Name,Note\n" + // 1
		"Ann,ok\n" + // 2
		"Bob\n" + // 3 short
		"Cy,x,extra\n" + // 4 long
		"Di,a \"quoted\" word\n" + // 5 bare quote
		"Ed,\"multi\nline\"\n" + // 6-7 a good record over two lines
		"Flo,\"bad\"x\n" + // 8 extraneous quote
		"Gus,\xff\xfe\n" + // 9 invalid UTF-8
		"\n" + // 10 blank, skipped
		"Hal, \"spaced\"\n" + // 11 leading space before a quote is fine
		"Ida,\"never closed\n" + // 12 unclosed to the end
		"Jo,x\n"
	frags, errs := mapCSV(t, src, csvText)
	var got []string
	for _, f := range frags {
		got = append(got, fmt.Sprintf("%s@%d", f.Entity.First("name"), f.Line))
	}
	if w := []string{"Ann@2", "Ed@6", "Hal@11"}; !slices.Equal(got, w) {
		t.Errorf("fragments = %v; want %v", got, w)
	}
	if g := frags[1].Entity.First("notes"); g != "multi\nline" {
		t.Errorf("multi-line note = %q", g)
	}
	if g := frags[2].Entity.First("notes"); g != "spaced" {
		t.Errorf("spaced note = %q", g)
	}
	want := []struct {
		line   int
		field  string
		reason string
	}{
		{3, "", "row has 1 fields, the header has 2"},
		{4, "", "row has 3 fields, the header has 2"},
		{5, "", `bare " in non-quoted-field (at column 6)`},
		{8, "", `extraneous or missing " in quoted-field (at column 9)`},
		{9, "Note", "value is not valid UTF-8"},
		{12, "", `extraneous or missing " in quoted-field (at line 13, column 6)`},
	}
	if len(errs) != len(want) {
		t.Fatalf("errors = %v; want %d", errs, len(want))
	}
	for i, e := range errs {
		w := want[i]
		if e.File != "data.csv" || e.Line != w.line || e.Field != w.field || e.Reason != w.reason {
			t.Errorf("error %d = %q; want line %d field %q reason %q", i, e.Error(), w.line, w.field, w.reason)
		}
	}
}

func TestHeaderAndBOM(t *testing.T) {
	const src = "ds: {queries: [{entities: {p: {schema: Person, key: Name, properties: {name: {column: Name}}}}}]}"
	frags, errs := mapCSV(t, src, "\ufeffName,X\nAnn,1\r\nBob,2\r\n")
	if len(errs) > 0 || len(frags) != 2 || frags[1].Line != 3 || frags[1].Entity.First("name") != "Bob" {
		t.Errorf("BOM/CRLF file: %d fragments, errors %v", len(frags), errs)
	}
	_, errs = mapCSV(t, src, "")
	if len(errs) != 1 || errs[0].Error() != "data.csv: empty file: no header row" {
		t.Errorf("empty file errors = %v", errs)
	}
	_, errs = mapCSV(t, src, "Nom,X\nAnn,1\n")
	if len(errs) != 1 || errs[0].Line != 1 || errs[0].Field != "Name" ||
		errs[0].Reason != `column "Name", used by ds.queries[0].entities.p in test.yml, is not in the header` {
		t.Errorf("missing column errors = %v", errs)
	}
	// Header names are also found trimmed.
	frags, errs = mapCSV(t, src, "X , Name \n1,Ann\n")
	if len(errs) > 0 || len(frags) != 1 {
		t.Errorf("spaced header: %d fragments, errors %v", len(frags), errs)
	}
}

func TestProvenance(t *testing.T) {
	const src = `
ds:
  queries:
    - provenance:
        agency: {literal: NCA}
        grading: {column: Grade}
        handling: {column: Code}
        conditions: {column: Cond}
        first_seen: {column: Seen, format: "%d/%m/%Y %H:%M"}
        last_seen: {literal: "2024-05-01"}
      entities:
        p: {schema: Person, key: Name}
`
	frags, errs := mapCSV(t, src, "Name,Grade,Code,Cond,Seen\nAnn,2B,C,no onward disclosure,07/01/2024 13:05\nBob,,,,31/02/2024 10:00\n")
	if len(frags) != 2 {
		t.Fatalf("got %d fragments; want 2", len(frags))
	}
	want := tideline.RecordProvenance{Agency: "NCA", Grading: "2B", Handling: "C", Conditions: "no onward disclosure",
		FirstSeen: time.Date(2024, 1, 7, 13, 5, 0, 0, time.UTC), LastSeen: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)}
	if g := frags[0].Provenance; g != want {
		t.Errorf("provenance = %+v; want %+v", g, want)
	}
	// A bad date is reported; the fragment is still made, without it, and
	// without last_seen, which the pipeline would otherwise compare with
	// the ingest time (a second, derived error).
	if g := frags[1].Provenance; g.Agency != "NCA" || !g.FirstSeen.IsZero() || !g.LastSeen.IsZero() {
		t.Errorf("row 3 provenance = %+v", g)
	}
	if len(errs) != 1 || errs[0].Line != 3 || errs[0].Field != "Seen" ||
		errs[0].Reason != `date "31/02/2024 10:00" does not match format "%d/%m/%Y %H:%M": day 31 out of range for month 2` {
		t.Errorf("errors = %v", errs)
	}
}

func TestFirstSeenOnly(t *testing.T) {
	// A first_seen column without last_seen: the record is seen once, and
	// an unset last_seen is not "before" it.
	const src = `
ds:
  queries:
    - provenance: {first_seen: {column: Seen, format: "%d/%m/%Y"}}
      entities:
        p: {schema: Person, key: Name}
`
	frags, errs := mapCSV(t, src, "Name,Seen\nAnn,07/01/2024\n")
	if len(errs) > 0 || len(frags) != 1 {
		t.Fatalf("got %d fragments, errors %v; want 1 fragment and no error", len(frags), errs)
	}
	if g := frags[0].Provenance; !g.FirstSeen.Equal(time.Date(2024, 1, 7, 0, 0, 0, 0, time.UTC)) || !g.LastSeen.IsZero() {
		t.Errorf("provenance = %+v; want first seen 2024-01-07 and no last seen", g)
	}
}

func TestRegion(t *testing.T) {
	const lit = `
ds:
  queries:
    - provenance: {region: {literal: fr}}
      entities:
        p: {schema: Person, key: Name, properties: {phone: {column: Phone}}}
`
	frags, errs := mapCSV(t, lit, "Name,Phone\nAnn,06 12 34 56 78\n")
	if len(errs) > 0 || len(frags) != 1 || frags[0].Region != "fr" {
		t.Fatalf("literal region: %d fragments, errors %v", len(frags), errs)
	}
	const col = `
ds:
  queries:
    - provenance: {region: {column: Country}}
      entities:
        p: {schema: Person, key: Name, properties: {phone: {column: Phone}}}
`
	frags, errs = mapCSV(t, col, "Name,Phone,Country\nAnn,06 12 34 56 78,FR\nBob,0470 12 34 56,Belgium\nCy,07700 900123,\n")
	if len(frags) != 3 {
		t.Fatalf("column region: %d fragments; want 3 (a bad region still makes the record)", len(frags))
	}
	var got []string
	for _, f := range frags {
		got = append(got, f.Region)
	}
	if strings.Join(got, ",") != "FR,," {
		t.Errorf("regions = %q; want FR, none (bad), none (empty)", got)
	}
	if len(errs) != 1 || errs[0].Line != 3 || errs[0].Field != "Country" ||
		errs[0].Reason != `region "Belgium": give an ISO 3166-1 alpha-2 code such as GB or FR` {
		t.Errorf("errors = %v", errs)
	}
}

func TestReadOpensEachFileOnce(t *testing.T) {
	const src = `
ds:
  queries:
    - csv_url: a.csv
      filters: {T: P}
      entities:
        x: {schema: Person, key: N}
    - csv_urls: [a.csv, b.csv]
      entities:
        x: {schema: LegalEntity, key: N}
    - entities:
        y: {schema: Company, key: N}
`
	m := mustParse(t, src)
	files := map[string]string{"a.csv": "N,T\nann,P\nbob,Q\n", "b.csv": "N\ncy\n"}
	var opened []string
	open := func(u string) (io.ReadCloser, error) {
		opened = append(opened, u)
		s, ok := files[u]
		if !ok {
			return nil, fmt.Errorf("no %s", u)
		}
		return io.NopCloser(strings.NewReader(s)), nil
	}
	var got []string
	for f, err := range m.Read(context.Background(), open) {
		if err != nil {
			got = append(got, "error: "+err.Error())
			continue
		}
		got = append(got, fmt.Sprintf("%s %s:%d", f.Entity.Schema, f.File, f.Line))
	}
	want := []string{
		"error: test.yml:11: ds.queries[2]: query has no csv_url or csv_urls; pass its CSV with ReadCSV",
		"Person a.csv:2", "LegalEntity a.csv:2", "LegalEntity a.csv:3", "LegalEntity b.csv:2",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Read = %q; want %q", got, want)
	}
	if !slices.Equal(opened, []string{"a.csv", "b.csv"}) {
		t.Errorf("opened %v", opened)
	}
	// Two queries, same keys: same id, merged later by the pipeline.
	var ids []string
	for f, err := range m.Read(context.Background(), open) {
		if err == nil && f.Line == 2 && f.File == "a.csv" {
			ids = append(ids, f.Entity.ID)
		}
	}
	if len(ids) != 2 || ids[0] != ids[1] {
		t.Errorf("ids = %v; want one id twice", ids)
	}
	// An open error ends the sequence.
	delete(files, "b.csv")
	var last error
	for _, err := range m.Read(context.Background(), open) {
		last = err
	}
	if last == nil || last.Error() != "mapping: open b.csv: no b.csv" {
		t.Errorf("last error = %v", last)
	}
}

func TestReadStops(t *testing.T) {
	m := mustParse(t, "ds: {queries: [{entities: {p: {schema: Person, key: N}}}]}")
	csvText := "N\n" + strings.Repeat("a\nb\n", 1000)
	n := 0
	for range m.ReadCSV(context.Background(), strings.NewReader(csvText), "x.csv") {
		n++
		if n == 3 {
			break
		}
	}
	if n != 3 {
		t.Errorf("break after %d", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n = 0
	var last error
	for _, err := range m.ReadCSV(ctx, strings.NewReader(csvText), "x.csv") {
		n++
		cancel()
		last = err
	}
	if !errors.Is(last, context.Canceled) || n > 300 {
		t.Errorf("after cancel: %d items, last error %v", n, last)
	}
}

func TestBareQueries(t *testing.T) {
	const src = "queries:\n  - entities: {p: {schema: Person, key: N}}\n"
	m, err := mapping.ParseOptions(strings.NewReader(src), "bare.yml", mapping.Options{Dataset: "cases"})
	if err != nil {
		t.Fatal(err)
	}
	for f, err := range m.ReadCSV(context.Background(), strings.NewReader("N\nann\n"), "x.csv") {
		if err != nil || f.Entity.ID != keyID("cases", "ann") {
			t.Errorf("got %v %v; want id seeded with cases", f, err)
		}
	}
	_, err = mapping.Parse(strings.NewReader(src), "bare.yml")
	if err == nil || err.Error() != "bare.yml:1: queries: the file has a bare queries list; give the dataset name (Options.Dataset), which seeds the entity ids" {
		t.Errorf("Parse without dataset = %v", err)
	}
	// Options.Dataset picks one dataset of several.
	m, err = mapping.ParseOptions(strings.NewReader("a: {queries: [{entities: {p: {schema: Person, key: N}}}]}\nb: {queries: [{entities: {p: {schema: Person, key: N}}}]}\n"), "two.yml", mapping.Options{Dataset: "b"})
	if err != nil || !slices.Equal(m.Datasets, []string{"b"}) || len(m.Queries) != 1 || m.Queries[0].Dataset != "b" {
		t.Errorf("pick b: %v %+v", err, m)
	}
}

func TestEntityOrderMetadata(t *testing.T) {
	m := mustParse(t, `
ds:
  queries:
    - csv_url: x.csv
      entities:
        b: {schema: Person, key: K, properties: {parent: {entity: a}, nationality: {column: C}, birthDate: {column: D, format: "%Y"}}}
        a: {schema: Person, key: K}
`)
	q := m.Queries[0]
	if q.Entities[0].Name != "a" || q.Entities[1].Name != "b" {
		t.Errorf("entity order = %s, %s; want a, b", q.Entities[0].Name, q.Entities[1].Name)
	}
	var props []string
	for _, p := range q.Entities[1].Properties {
		props = append(props, p.Name)
	}
	if !slices.Equal(props, []string{"nationality", "parent", "birthDate"}) {
		t.Errorf("property order = %v; want country first", props)
	}
}

// errorTexts formats InputErrors as "line|field|reason" for comparison.
func errorTexts(errs []*tideline.InputError) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = fmt.Sprintf("%s:%d|%s|%s", e.File, e.Line, e.Field, e.Reason)
	}
	return out
}

func TestRowWithoutEntityIsReported(t *testing.T) {
	const src = `
ds:
  queries:
    - filters_not: {Kind: skip}
      entities:
        p:
          schema: Person
          id_column: id
          properties:
            name: {column: name}
            phone: {column: phone}
            birthDate: {column: born}
`
	const csvText = "id,name,phone,born,Kind\n" +
		"p1,Bob,,,\n" + // 2 made
		",Alice,+44 1,1980-02-03,\n" + // 3 no id: reported
		",,,,\n" + // 4 all empty: nothing to lose, not reported
		" , ,\t, ,\n" + // 5 white space only: not reported
		",Cy,,,skip\n" // 6 filtered out on purpose: not reported
	frags, errs := mapCSV(t, src, csvText)
	if len(frags) != 1 || frags[0].Line != 2 {
		t.Errorf("fragments = %v; want one, line 2", frags)
	}
	want := []string{"data.csv:3|id|no entity made: key column id is empty"}
	if g := errorTexts(errs); !slices.Equal(g, want) {
		t.Errorf("errors = %q; want %q", g, want)
	}

	// Across queries: a row is reported only when no query made anything,
	// naming every key column it lacks; an entity of another query, or an
	// error already reported for the row, is enough.
	const src2 = `
ds:
  queries:
    - entities:
        p: {schema: Person, keys: [First, Last], properties: {name: {column: First}}}
    - entities:
        c: {schema: Company, key: Reg, properties: {name: {column: Co, required: true}}}
`
	frags, errs = mapCSV(t, src2, "First,Last,Reg,Co\n,,,Acme\n,,R1,Acme\n,,R2,\nAnn,,,\n")
	if len(frags) != 2 || frags[0].Line != 3 || frags[1].Line != 5 {
		t.Errorf("fragments = %d; want lines 3 and 5", len(frags))
	}
	want = []string{
		"data.csv:2|First,Last,Reg|no entity made: key columns First, Last, Reg are empty",
		`data.csv:4|Co|required Company.name of entity "c" is empty`,
	}
	if g := errorTexts(errs); !slices.Equal(g, want) {
		t.Errorf("errors = %q; want %q", g, want)
	}
}

func TestDuplicateHeaderColumn(t *testing.T) {
	const src = `
ds:
  queries:
    - entities:
        p: {schema: Person, key: id, properties: {name: {column: name}}}
    - entities:
        c: {schema: Company, key: id}
`
	// name appears twice: the query reading it skips the file, the other
	// still reads it. The unused repeated column x does not matter.
	frags, errs := mapCSV(t, src, "id,name,x,x,name\n1,Ann,,,Annie\n")
	if len(frags) != 1 || frags[0].Entity.Schema != "Company" {
		t.Errorf("fragments = %v; want the Company only", frags)
	}
	want := []string{`data.csv:1|name|column "name" appears twice in the header (columns 2 and 5); ds.queries[0].entities.p.properties.name in test.yml uses it, so the query skips this file`}
	if g := errorTexts(errs); !slices.Equal(g, want) {
		t.Errorf("errors = %q; want %q", g, want)
	}
	// Names equal once trimmed are duplicates too, unless one matches exactly.
	_, errs = mapCSV(t, src, "id,name ,x, name \n1,Ann,,Annie\n")
	want = []string{`data.csv:1|name|column "name" appears twice in the header (columns 2 and 4); ds.queries[0].entities.p.properties.name in test.yml uses it, so the query skips this file`}
	if g := errorTexts(errs); !slices.Equal(g, want) {
		t.Errorf("trimmed duplicates: errors = %q; want %q", g, want)
	}
	frags, errs = mapCSV(t, src, "id,name ,name\n1,Ann,Annie\n")
	if len(errs) != 0 || len(frags) != 2 || frags[0].Entity.First("name") != "Annie" {
		t.Errorf("exact match: %d fragments, errors %v", len(frags), errs)
	}
	// Three times, and a key column.
	_, errs = mapCSV(t, src, "id,id,name,id\n1,2,Ann,3\n")
	want = []string{
		`data.csv:1|id|column "id" appears 3 times in the header (columns 1, 2 and 4); ds.queries[0].entities.p in test.yml uses it, so the query skips this file`,
		`data.csv:1|id|column "id" appears 3 times in the header (columns 1, 2 and 4); ds.queries[1].entities.c in test.yml uses it, so the query skips this file`,
	}
	if g := errorTexts(errs); !slices.Equal(g, want) {
		t.Errorf("three times: errors = %q; want %q", g, want)
	}
}

func TestMissingColumnsAllReported(t *testing.T) {
	const src = `
ds:
  queries:
    - entities:
        p:
          schema: Person
          key: id
          properties:
            name: {column: name}
            phone: {column: phone}
`
	_, errs := mapCSV(t, src, "id,nom,tel\n1,Ann,123\n")
	want := []string{`data.csv:1|name,phone|2 columns that test.yml uses are not in the header: "name" (used by ds.queries[0].entities.p.properties.name), "phone" (used by ds.queries[0].entities.p.properties.phone)`}
	if g := errorTexts(errs); !slices.Equal(g, want) {
		t.Errorf("errors = %q; want %q", g, want)
	}
	// A one-column header: probably another delimiter.
	_, errs = mapCSV(t, src, "id;name;phone\n1;Ann;123\n")
	want = []string{`data.csv:1|id,name,phone|3 columns that test.yml uses are not in the header: "id" (used by ds.queries[0].entities.p), "name" (used by ds.queries[0].entities.p.properties.name), "phone" (used by ds.queries[0].entities.p.properties.phone); the header is the single column "id;name;phone": the file may use another delimiter (only comma is read)`}
	if g := errorTexts(errs); !slices.Equal(g, want) {
		t.Errorf("semicolons: errors = %q; want %q", g, want)
	}
	// CR-only line endings: the file would read as one header line and no
	// rows, silently when the first line held every column used.
	for _, csvText := range []string{"id,name,phone\r1,Ann,123\r2,Bob,456\r", "\ufeffid,name,phone\r1,Ann,123"} {
		frags, errs := mapCSV(t, src, csvText)
		want = []string{`data.csv:1||lines end with a bare CR (old Mac line endings), so the file reads as one line; save it with LF or CRLF line endings`}
		if g := errorTexts(errs); len(frags) != 0 || !slices.Equal(g, want) {
			t.Errorf("bare CR %q: %d fragments, errors = %q; want %q", csvText, len(frags), g, want)
		}
	}
	// CRLF, a one-line file ending in CR, and a CR inside quotes are fine.
	for _, csvText := range []string{"id,name,phone\r\n1,Ann,123\r\n", "id,name,phone\r", "id,name,phone\n1,\"Ann\rLee\",1\n"} {
		if _, errs := mapCSV(t, src, csvText); len(errs) != 0 {
			t.Errorf("%q: errors %v", csvText, errs)
		}
	}
}

func TestProvenanceErrorsNameColumns(t *testing.T) {
	const src = `
ds:
  queries:
    - provenance:
        grading: {column: grade}
        handling: {column: code}
        conditions: {column: cond}
        first_seen: {column: seen, format: "%d/%m/%Y"}
        last_seen: {column: last}
      entities:
        p: {schema: Person, key: id}
`
	const csvText = "id,grade,code,cond,seen,last\n" +
		"a,2B,C,no onward disclosure,01/02/2024,2024-03-01\n" + // 2 fine
		"b,9Z,,,,\n" + // 3 bad grading: no fragment
		"c,,X,,,\n" + // 4 bad handling code: no fragment
		"d,,C,,,\n" + // 5 C without conditions: no fragment
		"e,,,,31/02/2024,2024-03-01\n" + // 6 bad first_seen: one error, made without dates
		"f,,,,01/04/2024,2024-03-01\n" + // 7 last before first: made without dates
		"g,,,,01/02/2024,March\n" // 8 bad last_seen: made with first_seen only
	frags, errs := mapCSV(t, src, csvText)
	var got []string
	for _, f := range frags {
		got = append(got, fmt.Sprintf("%s@%d %s %s", f.Provenance.Grading, f.Line,
			f.Provenance.FirstSeen.Format("2006-01-02"), f.Provenance.LastSeen.Format("2006-01-02")))
	}
	wantFrags := []string{"2B@2 2024-02-01 2024-03-01", "@6 0001-01-01 0001-01-01", "@7 0001-01-01 0001-01-01", "@8 2024-02-01 0001-01-01"}
	if !slices.Equal(got, wantFrags) {
		t.Errorf("fragments = %q; want %q", got, wantFrags)
	}
	want := []string{
		`data.csv:3|grade|grading "9Z": source evaluation must be 1, 2 or 3`,
		`data.csv:4|code|handling code "X": must be P or C`,
		`data.csv:5|code,cond|handling code C needs its conditions (the handling instructions to record)`,
		`data.csv:6|seen|date "31/02/2024" does not match format "%d/%m/%Y": day 31 out of range for month 2`,
		`data.csv:7|seen,last|last_seen "2024-03-01" is before first_seen "01/04/2024"`,
		`data.csv:8|last|date "March" is not ISO 8601 (2006-01-02, 2006-01-02T15:04:05Z...); give a format`,
	}
	if g := errorTexts(errs); !slices.Equal(g, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(g, "\n"), strings.Join(want, "\n"))
	}
}

func TestFileNamedAsWritten(t *testing.T) {
	// One file written two ways is read once; fragments and errors all
	// name it as first written.
	const src = `
ds:
  queries:
    - csv_url: ./in/a.csv
      entities:
        p: {schema: Person, key: N, properties: {name: {column: M, required: true}}}
    - csv_urls: [in/a.csv, in//b.csv]
      entities:
        c: {schema: Company, key: M}
`
	m := mustParse(t, src)
	files := map[string]string{"./in/a.csv": "N,M\nann,x\ncy,\nbob,\"bad\n", "in//b.csv": "M\nz\n"}
	var opened, got []string
	open := func(u string) (io.ReadCloser, error) {
		opened = append(opened, u)
		return io.NopCloser(strings.NewReader(files[u])), nil
	}
	for f, err := range m.Read(context.Background(), open) {
		if err != nil {
			var ie *tideline.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Read: %v", err)
			}
			got = append(got, fmt.Sprintf("error %s:%d", ie.File, ie.Line))
			continue
		}
		got = append(got, fmt.Sprintf("%s %s:%d", f.Entity.Schema, f.File, f.Line))
	}
	want := []string{"Person ./in/a.csv:2", "Company ./in/a.csv:2", "error ./in/a.csv:3",
		"error ./in/a.csv:4", "Company in//b.csv:2"}
	if !slices.Equal(got, want) {
		t.Errorf("Read = %q; want %q", got, want)
	}
	if !slices.Equal(opened, []string{"./in/a.csv", "in//b.csv"}) {
		t.Errorf("opened %q", opened)
	}
}

// Problems with a value the record is loaded without (a bad seen date, a
// last_seen before first_seen, a bad region) are warnings: Kept is set
// and the row's fragment follows. A row dropped for its grading, or that
// makes no entity, is not kept, whatever else is wrong with it.
func TestKeptWarnings(t *testing.T) {
	const src = `
ds:
  queries:
    - provenance:
        grading: {column: Grade}
        first_seen: {column: First, format: "%d/%m/%Y"}
        last_seen: {column: Last, format: "%d/%m/%Y"}
        region: {column: Country}
      entities:
        p: {schema: Person, key: Name}
`
	frags, errs := mapCSV(t, src, "Name,Grade,First,Last,Country\n"+
		"Ann,2B,31/02/2024,,GB\n"+ // line 2: bad first_seen: kept
		"Bob,2B,07/01/2024,01/01/2024,GB\n"+ // 3: last before first: kept
		"Cy,2B,07/01/2024,,Belgium\n"+ // 4: bad region: kept
		"Dee,9Z,31/02/2024,,Belgium\n"+ // 5: bad grading: dropped, nothing kept
		",2B,,,Belgium\n") // 6: no key value: no entity, nothing kept
	if len(frags) != 3 {
		t.Fatalf("%d fragments; want 3 (lines 2 to 4)", len(frags))
	}
	got := map[int][]bool{}
	for _, ie := range errs {
		got[ie.Line] = append(got[ie.Line], ie.Kept)
	}
	want := map[int][]bool{2: {true}, 3: {true}, 4: {true}, 5: {false, false}, 6: {false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Kept by line = %v; want %v (errors %v)", got, want, errs)
	}
}
