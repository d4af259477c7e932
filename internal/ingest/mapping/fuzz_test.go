package mapping_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/ingest/mapping"
	"github.com/tideline-oss/tideline/internal/sharedtest"
)

// FuzzParse feeds arbitrary YAML to Parse: it must not panic, must return
// either a mapping or InputErrors, and a mapping it accepts must read a
// small CSV without panicking.
func FuzzParse(f *testing.F) {
	donations, err := os.ReadFile(sharedtest.Path(f, "ftm", "donations.mapping.yml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(donations)
	f.Add([]byte("queries:\n  - entities: {p: {schema: Person, key: N}}\n"))
	f.Add([]byte("ds: {queries: [{entities: {a: {schema: Person, key: N, properties: {parent: {entity: b}}}, b: {schema: Person, id_column: N, properties: {name: {template: '{{N}} {{M}}'}}}}, provenance: {first_seen: {column: D, format: '%d/%m/%Y'}}}]}"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("ds: {queries: [&q {entities: {p: {schema: Person, key: [N, N]}}}, *q, *q]}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := mapping.Parse(bytes.NewReader(data), "fuzz.yml")
		if err != nil {
			var ie *tideline.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Parse error %T: %v", err, err)
			}
			return
		}
		for f, err := range m.ReadCSV(context.Background(), strings.NewReader("N,M,D,Party,Donor\nx,y,01/02/2024,P,D\n,,,,\n"), "x.csv") {
			if err == nil && (f.Entity.ID == "" || f.Line < 2) {
				t.Fatalf("fragment without id or line: %+v", f)
			}
		}
	})
}

// FuzzRead feeds arbitrary CSV bytes through the donations mapping: no
// panic, every error a located InputError, every fragment with an id, a
// known schema and a line after the header.
func FuzzRead(f *testing.F) {
	m, err := mapping.Load(sharedtest.Path(f, "ftm", "donations.mapping.yml"))
	if err != nil {
		f.Fatal(err)
	}
	csvData, err := os.ReadFile(sharedtest.Path(f, "ftm", "donations.csv"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(csvData[:2000])
	f.Add([]byte("Party,DonationEUR,DonorType,Donor,Street,City,Country,DonationDate,ReportingDate\nA,1,PERSON,B,,,,,\n\"x\ny\",\"\"\"\",ORG,\xff,,,,,\n"))
	f.Add([]byte("\ufeffParty,Donor\nA\nA,B,C\n\"open"))
	f.Add([]byte(""))
	model := tideline.DefaultModel()
	f.Fuzz(func(t *testing.T, data []byte) {
		for frag, err := range m.ReadCSV(context.Background(), bytes.NewReader(data), "fuzz.csv") {
			if err != nil {
				var ie *tideline.InputError
				if !errors.As(err, &ie) || ie.File != "fuzz.csv" {
					t.Fatalf("error %T: %v", err, err)
				}
				continue
			}
			if frag.Entity.ID == "" || model.Schema(frag.Entity.Schema) == nil || frag.Line < 2 {
				t.Fatalf("bad fragment %+v", frag)
			}
			for p, vs := range frag.Entity.Properties {
				for _, v := range vs {
					if v == "" || strings.TrimSpace(v) != v {
						t.Fatalf("%s value %q not trimmed", p, v)
					}
				}
			}
		}
	})
}
