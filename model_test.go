package tideline_test

import (
	"bufio"
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/sharedtest"
)

func TestDefaultModel(t *testing.T) {
	m := tideline.DefaultModel()
	for _, name := range []string{"Thing", "LegalEntity", "Person", "Organization", "Company", "Address",
		"Asset", "Vehicle", "Vessel", "BankAccount", "UserAccount", "Identification", "Passport", "Event",
		"Trip", "Payment", "Call", "Ownership", "Directorship", "Membership", "Employment", "Family",
		"Associate", "UnknownLink", "Sanction", "Note", "Engine", "Crossing", "Seizure", "Arrest"} {
		if m.Schema(name) == nil {
			t.Errorf("Schema(%q) = nil", name)
		}
	}
	person := m.Schema("Person")
	for prop, typ := range map[string]tideline.PropertyType{"name": tideline.TypeName, "birthDate": tideline.TypeDate,
		"passportNumber": tideline.TypeIdentifier, "phone": tideline.TypePhone, "nationality": tideline.TypeCountry,
		"email": tideline.TypeEmail, "addressEntity": tideline.TypeEntity, "sourceUrl": tideline.TypeURL} {
		if p := person.Property(prop); p == nil || p.Type != typ {
			t.Errorf("Person.%s = %+v; want type %s", prop, p, typ)
		}
	}
	if got := person.Property("addressEntity").Range; got != "Address" {
		t.Errorf("Person.addressEntity range = %q; want Address", got)
	}
	if !person.IsA(m.Schema("LegalEntity")) || !person.IsA(m.Schema("Thing")) || person.IsA(m.Schema("Company")) {
		t.Error("Person inheritance wrong")
	}
	if !m.Schema("Company").IsAName("Asset") {
		t.Error("Company must be an Asset (FtM)")
	}
	c := m.Schema("Crossing")
	for prop, rng := range map[string]string{"boat": "Vessel", "engine": "Engine", "pilot": "Person", "organizer": "LegalEntity"} {
		if p := c.Property(prop); p == nil || p.Range != rng {
			t.Errorf("Crossing.%s = %+v; want range %s", prop, p, rng)
		}
	}
	if got := c.Property("outcome").Values; !reflect.DeepEqual(got, []string{"landed", "intercepted", "prevented", "capsized"}) {
		t.Errorf("Crossing.outcome values = %v", got)
	}
	if e := m.Schema("Call").Edge; e == nil || e.Source != "caller" || e.Target != "receiver" || !e.Directed {
		t.Errorf("Call edge = %+v; want caller->receiver directed", e)
	}
	if e := m.Schema("Associate").Edge; e == nil || e.Directed {
		t.Errorf("Associate edge = %+v; want undirected", e)
	}
	if p := m.Schema("Engine").Property("powerHp"); p == nil || p.Type != tideline.TypeNumber || !p.Extension {
		t.Errorf("Engine.powerHp = %+v", p)
	}
	if p := person.Property("name"); p.Extension {
		t.Error("Person.name marked as extension")
	}
}

func TestModel_Common(t *testing.T) {
	m := tideline.DefaultModel()
	for _, tc := range []struct{ a, b, want string }{
		{"LegalEntity", "Person", "Person"}, {"Company", "LegalEntity", "Company"},
		{"Organization", "Company", "Company"}, {"Person", "Person", "Person"}, {"Vehicle", "Vessel", "Vessel"},
	} {
		got, err := m.Common(m.Schema(tc.a), m.Schema(tc.b))
		if err != nil || got.Name != tc.want {
			t.Errorf("Common(%s, %s) = %v, %v; want %s", tc.a, tc.b, got, err, tc.want)
		}
	}
	if _, err := m.Common(m.Schema("Person"), m.Schema("Vessel")); tideline.ErrorCode(err) != tideline.EINVALID {
		t.Errorf("Common(Person, Vessel) err = %v; want EINVALID", err)
	}
}

func TestStatementID(t *testing.T) {
	// sha1("ds.e1.name.Ali"), computed independently.
	if got, want := tideline.StatementID("ds", "e1", "name", "Ali"), "acb4dc5dd105b888657a2b5f9449cef789ed19f6"; got != want {
		t.Errorf("StatementID = %s; want %s", got, want)
	}
}

func TestGrading(t *testing.T) {
	g, err := tideline.ParseGrading("2b")
	if err != nil || g.Code() != "2B" {
		t.Fatalf("ParseGrading(2b) = %v, %v", g, err)
	}
	if err := g.SetHandling("c", "not for onward disclosure to partners"); err != nil {
		t.Fatal(err)
	}
	if got, want := g.String(), "2B/C (not for onward disclosure to partners)"; got != want {
		t.Errorf("String() = %q; want %q", got, want)
	}
	for _, bad := range []string{"4A", "1F", "B2", "2BB", "x"} {
		if _, err := tideline.ParseGrading(bad); tideline.ErrorCode(err) != tideline.EINVALID {
			t.Errorf("ParseGrading(%q) err = %v; want EINVALID", bad, err)
		}
	}
	var h tideline.Grading
	if err := h.SetHandling("C", ""); tideline.ErrorCode(err) != tideline.EINVALID {
		t.Errorf("SetHandling(C, \"\") err = %v; want EINVALID", err)
	}
	if err := h.SetHandling("P", "x"); tideline.ErrorCode(err) != tideline.EINVALID {
		t.Errorf("SetHandling(P, x) err = %v; want EINVALID", err)
	}
	if err := h.SetHandling("H2", ""); tideline.ErrorCode(err) != tideline.EINVALID {
		t.Errorf("SetHandling(H2) err = %v; want EINVALID", err)
	}
	min, _ := tideline.ParseGrading("2B")
	for code, want := range map[string]bool{"1A": true, "2B": true, "1B": true, "2C": false, "3A": false, "": false} {
		g, _ := tideline.ParseGrading(code)
		if got := g.AtLeast(min); got != want {
			t.Errorf("%q.AtLeast(2B) = %v; want %v", code, got, want)
		}
	}
}

// TestEntityJSON_RoundTrip reads every entity of the real FtM files, writes it
// back and compares the two JSON documents structurally.
func TestEntityJSON_RoundTrip(t *testing.T) {
	m := tideline.DefaultModel()
	for _, name := range []string{"zala.entities.ftm.json", "donations.ijson"} {
		f, err := os.Open(sharedtest.Path(t, "ftm", name))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		n := 0
		for sc.Scan() {
			n++
			var e tideline.Entity
			if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
				t.Fatalf("%s:%d: %v", name, n, err)
			}
			if err := e.Validate(m); err != nil {
				t.Errorf("%s:%d: Validate: %v", name, n, err)
			}
			out, err := json.Marshal(&e)
			if err != nil {
				t.Fatal(err)
			}
			var a, b any
			json.Unmarshal(sc.Bytes(), &a)
			json.Unmarshal(out, &b)
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%s:%d: round trip differs:\n in: %s\nout: %s", name, n, sc.Bytes(), out)
			}
		}
		f.Close()
		if want := map[string]int{"zala.entities.ftm.json": 91, "donations.ijson": 474}[name]; n != want {
			t.Errorf("%s: %d entities; want %d", name, n, want)
		}
	}
}

func TestEntity_Merge(t *testing.T) {
	m := tideline.DefaultModel()
	a := &tideline.Entity{ID: "x", Schema: "LegalEntity", Properties: map[string][]string{"name": {"Ali Hassan"}},
		Datasets: []string{"b"}, FirstSeen: "2024-01-02T00:00:00", LastSeen: "2024-01-02T00:00:00"}
	b := &tideline.Entity{ID: "x", Schema: "Person", Properties: map[string][]string{"name": {"Ali Hassan", "Ali Hasan"}, "birthDate": {"1990"}},
		Datasets: []string{"a"}, FirstSeen: "2023-05-01T00:00:00", LastSeen: "2024-03-01T00:00:00"}
	if err := a.Merge(m, b); err != nil {
		t.Fatal(err)
	}
	if a.Schema != "Person" || !reflect.DeepEqual(a.Get("name"), []string{"Ali Hassan", "Ali Hasan"}) ||
		!reflect.DeepEqual(a.Datasets, []string{"a", "b"}) || a.FirstSeen != "2023-05-01T00:00:00" || a.LastSeen != "2024-03-01T00:00:00" {
		t.Errorf("Merge = %+v", a)
	}
	v := &tideline.Entity{ID: "x", Schema: "Vessel"}
	if err := a.Merge(m, v); tideline.ErrorCode(err) != tideline.EINVALID || a.Schema != "Person" {
		t.Errorf("Merge(Vessel) = %v, schema %s; want EINVALID and Person kept", err, a.Schema)
	}
}

func TestEntity_Validate(t *testing.T) {
	m := tideline.DefaultModel()
	for _, tc := range []struct {
		e    tideline.Entity
		want string
	}{
		{tideline.Entity{Schema: "Person"}, "entity has no id"},
		{tideline.Entity{ID: "a", Schema: "Human"}, `entity a: unknown schema "Human"`},
		{tideline.Entity{ID: "a", Schema: "Thing"}, "entity a: schema Thing is abstract"},
		{tideline.Entity{ID: "a", Schema: "Person", Properties: map[string][]string{"imoNumber": {"1"}}}, `entity a: schema Person has no property "imoNumber"`},
		{tideline.Entity{ID: "a", Schema: "Crossing", Properties: map[string][]string{"outcome": {"sank"}}}, `entity a: Crossing.outcome must be one of [landed intercepted prevented capsized], not "sank"`},
	} {
		if got := tideline.ErrorMessage(tc.e.Validate(m)); got != tc.want {
			t.Errorf("Validate(%+v) = %q; want %q", tc.e, got, tc.want)
		}
	}
}

func TestMakeID(t *testing.T) {
	// The MLPD party of FtM's donations example: sha1("donations" + "MLPD").
	if got := tideline.MakeID("donations", "MLPD"); got != "6d03aec76fdeec8f9697d8b19954ab6fc2568bc8" {
		t.Errorf("MakeID(donations, MLPD) = %s; want 6d03aec7...", got)
	}
	keys := []string{"b", "", "a"}
	if a, b := tideline.MakeID("ds", keys...), tideline.MakeID("ds", "a", "b"); a != b {
		t.Errorf("key order or empty keys change the id: %s != %s", a, b)
	}
	if keys[0] != "b" {
		t.Errorf("MakeID reordered its argument: %v", keys)
	}
	if got := tideline.MakeID("ds", "", ""); got != "" {
		t.Errorf("MakeID with only empty keys = %q; want \"\"", got)
	}
}
