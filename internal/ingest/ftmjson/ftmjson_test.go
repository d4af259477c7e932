package ftmjson_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/ingest/ftmjson"
	"github.com/tideline-oss/tideline/internal/sharedtest"
)

func collect(t *testing.T, in string) (frags []*tideline.Fragment, bad []*tideline.InputError) {
	t.Helper()
	for f, err := range ftmjson.Read(strings.NewReader(in), "in.ijson") {
		var ie *tideline.InputError
		switch {
		case errors.As(err, &ie):
			bad = append(bad, ie)
		case err != nil:
			t.Fatalf("fatal error: %v", err)
		default:
			frags = append(frags, f)
		}
	}
	return frags, bad
}

func TestRead_Zala(t *testing.T) {
	f, err := os.Open(sharedtest.Path(t, "ftm", "zala.entities.ftm.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	for frag, err := range ftmjson.Read(f, "zala.entities.ftm.json") {
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		n++
		if frag.Entity.ID == "NK-2Tbri3s6GgNtAwsSXh4qpL" {
			if frag.Line != 1 || frag.Entity.Schema != "Person" || frag.Provenance.FirstSeen.Format("2006-01-02T15:04:05") != "2023-11-02T16:38:16" {
				t.Errorf("first entity = line %d schema %s first seen %v", frag.Line, frag.Entity.Schema, frag.Provenance.FirstSeen)
			}
			if !strings.Contains(strings.Join(frag.Entity.Get("name"), "|"), "Мария Александровна Осетрова") {
				t.Errorf("Cyrillic name lost: %v", frag.Entity.Get("name"))
			}
		}
	}
	if n != 91 {
		t.Errorf("read %d entities; want 91", n)
	}
}

func TestRead_BadLines(t *testing.T) {
	in := `{"id": "a", "schema": "Person", "properties": {"name": ["Ali"]}}

{"id": "b", "schema": "Person", "properties": {"name": ["Bad"]
{"id": "c", "schema": "Person", "properties": {"name": "not a list"}}
{"schema": "Person", "properties": {}}
[1,2]
{"op": "ADD", "entity": {"id": "d", "schema": "Vessel", "properties": {"name": ["Sea Star"]}}}
{"op": "DEL", "entity": {"id": "a", "schema": "Person", "properties": {}}}
{"id": "e", "schema": "Person", "properties": {}, "first_seen": "yesterday"}
{"id": "f", "schema": "Person", "properties": {"name": ["Last"]}}`
	frags, bad := collect(t, in)
	var ids []string
	for _, f := range frags {
		ids = append(ids, f.Entity.ID)
	}
	if got := strings.Join(ids, ","); got != "a,d,f" {
		t.Errorf("good ids = %s; want a,d,f", got)
	}
	if frags[2].Line != 10 {
		t.Errorf("f line = %d; want 10", frags[2].Line)
	}
	want := []string{
		"in.ijson:3: invalid JSON: unexpected end of JSON input",
		`in.ijson:4: name: values must be an array of strings`,
		"in.ijson:5: id: entity has no id",
		"in.ijson:6: not a JSON object",
		"in.ijson:8: op: delta DEL is not applied: statements are never deleted on ingest",
		`in.ijson:9: first_seen: timestamp "yesterday" is not ISO 8601`,
	}
	if len(bad) != len(want) {
		t.Fatalf("got %d bad lines %v; want %d", len(bad), bad, len(want))
	}
	for i, e := range bad {
		if e.Error() != want[i] {
			t.Errorf("bad[%d] = %q; want %q", i, e.Error(), want[i])
		}
	}
}

func TestRead_BOMAndFieldErrors(t *testing.T) {
	in := "\ufeff" + `{"id": "a", "schema": "Person", "properties": {"name": ["Ali"]}}
{"id": 7, "schema": "Person", "properties": {}}
{"id": "b", "schema": "Person", "properties": [1]}
{"id": "c", "schema": "Person", "properties": {}, "datasets": "x"}
`
	frags, bad := collect(t, in)
	if len(frags) != 1 || frags[0].Entity.ID != "a" || frags[0].Line != 1 {
		t.Fatalf("frags = %v; want a on line 1 despite the byte-order mark", frags)
	}
	want := []string{
		"in.ijson:2: id: must be a string",
		"in.ijson:3: properties: must be an object of property name to array of strings",
		"in.ijson:4: datasets: must be an array of strings",
	}
	for i, w := range want {
		if i >= len(bad) || bad[i].Error() != w {
			t.Errorf("bad = %v; want %q at %d", bad, w, i)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte(`{"id": "a", "schema": "Person", "properties": {"name": ["Ali"]}}` + "\n"))
	f.Add([]byte(`{"op": "MOD", "entity": {"id": "d", "schema": "Vessel", "properties": {}}}`))
	f.Add([]byte("{\"id\": \"x\"\n\n\xff\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := strings.Count(string(data), "\n") + 1
		for frag, err := range ftmjson.Read(strings.NewReader(string(data)), "f") {
			var ie *tideline.InputError
			if err != nil && !errors.As(err, &ie) {
				t.Fatalf("unexpected fatal error %v", err)
			}
			line := 0
			if frag != nil {
				line = frag.Line
				if frag.Entity.ID == "" || frag.Entity.Schema == "" {
					t.Fatalf("fragment without id or schema: %+v", frag)
				}
			} else {
				line = ie.Line
			}
			if line < 1 || line > lines {
				t.Fatalf("line %d outside 1..%d", line, lines)
			}
		}
	})
}
