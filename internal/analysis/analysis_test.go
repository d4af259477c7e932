package analysis_test

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/analysis"
	"github.com/tideline-oss/tideline/internal/ingest"
	"github.com/tideline-oss/tideline/internal/ingest/ftmjson"
	"github.com/tideline-oss/tideline/internal/ingest/netfile"
	"github.com/tideline-oss/tideline/internal/sharedtest"
	"github.com/tideline-oss/tideline/internal/sqlite"
)

func mustOpen(t testing.TB) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// loadNetwork ingests a network file through the real pipeline and returns
// the report over that dataset.
func loadNetwork(t *testing.T, db tideline.Store, dataset string, opt netfile.Options, elem ...string) *analysis.Report {
	t.Helper()
	f, err := os.Open(sharedtest.Path(t, elem...))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	opt.Dataset = dataset
	var rej bytes.Buffer
	sum, err := ingest.Run(context.Background(), db, netfile.Read(f, elem[len(elem)-1], opt),
		ingest.Options{Dataset: tideline.Dataset{Name: dataset}, Rejects: &rej})
	if err != nil || sum.Rejected != 0 {
		t.Fatalf("ingest %s: %v, %+v\n%s", dataset, err, sum, rej.String())
	}
	g, err := analysis.Build(context.Background(), db, analysis.Options{Filter: tideline.EntityFilter{Datasets: []string{dataset}}})
	if err != nil {
		t.Fatal(err)
	}
	return analysis.Analyse(g, analysis.ReportOptions{TopN: 5})
}

type ranked struct {
	name  string
	score float64
}

// check compares the leading scores with published values to tol.
func check(t *testing.T, what string, got []analysis.Score, want []ranked, tol float64) {
	t.Helper()
	if len(got) < len(want) {
		t.Fatalf("%s: %d scores; want at least %d", what, len(got), len(want))
	}
	for i, w := range want {
		if got[i].Caption != w.name || math.Abs(got[i].Score-w.score) > tol {
			t.Errorf("%s[%d] = %s %.4f; want %s %.4f", what, i, got[i].Caption, got[i].Score, w.name, w.score)
		}
	}
}

// The figures below are those of ../shared/data/networks/README.md
// (networkx 3.6.1; betweenness normalised by (n-1)(n-2)/2).
func TestReport_Montagna(t *testing.T) {
	db := mustOpen(t)
	meet := loadNetwork(t, db, "montagna_meetings", netfile.Options{Link: "Associate", Namespace: "montagna"},
		"networks", "montagna", "Montagna_meetings_edgelist.csv")
	if meet.Nodes != 101 || meet.Edges != 256 || len(meet.Components)+meet.SmallComponents != 5 || meet.Components[0].Size != 92 {
		t.Errorf("meetings: n=%d m=%d components=%d LCC=%d; want 101, 256, 5, 92",
			meet.Nodes, meet.Edges, len(meet.Components)+meet.SmallComponents, meet.Components[0].Size)
	}
	if math.Abs(meet.Density-0.0507) > 5e-5 {
		t.Errorf("meetings density = %.5f; want 0.0507", meet.Density)
	}
	lcc := meet.Components[0]
	check(t, "meetings degree", lcc.TopDegree, []ranked{{"18", 24}, {"47", 19}}, 0)
	check(t, "meetings betweenness", lcc.TopBetweenness, []ranked{{"18", 0.373}, {"47", 0.220}, {"27", 0.159}, {"68", 0.126}, {"12", 0.117}}, 5e-4)
	// networkx Louvain (seed 42) Q=0.588, gonum Modularize 0.611.
	if meet.Modularity < 0.58 || meet.Modularity > 0.62 {
		t.Errorf("meetings Louvain Q = %.3f; want within [0.58, 0.62]", meet.Modularity)
	}
	calls := loadNetwork(t, db, "montagna_calls", netfile.Options{Link: "Call", Directed: true, Namespace: "montagna"},
		"networks", "montagna", "Montagna_phonecalls_edgelist.csv")
	if calls.Nodes != 100 || calls.Edges != 124 || calls.Components[0].Size != 89 {
		t.Errorf("calls: n=%d m=%d LCC=%d; want 100, 124, 89", calls.Nodes, calls.Edges, calls.Components[0].Size)
	}
	check(t, "calls degree", calls.Components[0].TopDegree, []ranked{{"18", 25}, {"47", 21}, {"61", 17}}, 0)
	check(t, "calls betweenness", calls.Components[0].TopBetweenness, []ranked{{"18", 0.418}, {"61", 0.282}, {"47", 0.236}, {"29", 0.220}, {"75", 0.096}}, 5e-4)
}

func TestReport_CAVIAR(t *testing.T) {
	db := mustOpen(t)
	for _, tc := range []struct {
		phase      string
		n, m       int
		degree     []ranked
		betweeness []ranked
	}{
		{"phase1.csv", 15, 18, []ranked{{"1", 12}}, []ranked{{"1", 0.907}}},
		{"phase11.csv", 41, 50, []ranked{{"12", 12}}, []ranked{{"41", 0.554}, {"1", 0.526}, {"12", 0.430}}},
	} {
		r := loadNetwork(t, db, strings.TrimSuffix(tc.phase, ".csv"), netfile.Options{Link: "Call", Directed: true, Namespace: "caviar"},
			"networks", "caviar", tc.phase)
		if r.Nodes != tc.n || r.Edges != tc.m {
			t.Errorf("%s: n=%d m=%d; want %d, %d", tc.phase, r.Nodes, r.Edges, tc.n, tc.m)
		}
		check(t, tc.phase+" degree", r.Components[0].TopDegree, tc.degree, 0)
		check(t, tc.phase+" betweenness", r.Components[0].TopBetweenness, tc.betweeness, 5e-4)
	}
	agg := loadNetwork(t, db, "morselli_caviar", netfile.Options{Link: "Call", Directed: true},
		"networks", "ucinet_covert", "morselli_caviar.csv")
	if agg.Nodes != 110 || agg.Edges != 205 {
		t.Errorf("UCINET CAVIAR: n=%d m=%d; want 110, 205", agg.Nodes, agg.Edges)
	}
	check(t, "UCINET CAVIAR degree", agg.Components[0].TopDegree, []ranked{{"1", 60}}, 0)
	check(t, "UCINET CAVIAR betweenness", agg.Components[0].TopBetweenness, []ranked{{"1", 0.637}, {"12", 0.292}}, 5e-4)
}

// TestBuild_PivotsAndEvents: shared phones and passports link people through
// their own nodes; a call between bare numbers reaches the numbers' holders; a
// crossing connects its boat, engine and pilot.
func TestBuild_PivotsAndEvents(t *testing.T) {
	in := `{"id": "p1", "schema": "Person", "properties": {"name": ["Ali Hassan"], "phone": ["+447700900123"], "passportNumber": ["P1234567"]}}
{"id": "p2", "schema": "Person", "properties": {"name": ["Ali Hasan"], "phone": ["+447700900123"]}}
{"id": "p3", "schema": "Person", "properties": {"name": ["Karwan Aziz"], "passportNumber": ["P1234567"], "phone": ["+33612345678"]}}
{"id": "p4", "schema": "Person", "properties": {"name": ["Dilshad Omar"]}}
{"id": "call1", "schema": "Call", "properties": {"callerNumber": ["+33612345678"], "receiverNumber": ["+32470123456"], "date": ["2024-05-01"]}}
{"id": "boat", "schema": "Vessel", "properties": {"name": ["grey inflatable"]}}
{"id": "eng", "schema": "Engine", "properties": {"serialNumber": ["YAM-40-991"]}}
{"id": "x1", "schema": "Crossing", "properties": {"name": ["crossing 2024-05-02"], "boat": ["boat"], "engine": ["eng"], "pilot": ["p4"], "organizer": ["p1"]}}
{"id": "note", "schema": "Note", "properties": {"entity": ["p1"], "description": ["informant says..."]}}
{"id": "a1", "schema": "Associate", "properties": {"person": ["p4"], "associate": ["ghost"]}}
`
	db := mustOpen(t)
	var rej bytes.Buffer
	if _, err := ingest.Run(context.Background(), db, ftmjson.Read(strings.NewReader(in), "t.ijson"),
		ingest.Options{Dataset: tideline.Dataset{Name: "t"}, Rejects: &rej}); err != nil {
		t.Fatal(err)
	}
	g, err := analysis.Build(context.Background(), db, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	idx := map[string]int{}
	for i, n := range g.Nodes {
		idx[n.ID] = i
	}
	for _, want := range []string{"p1", "p2", "p3", "p4", "boat", "eng", "x1", "phone:+447700900123", "identifier:P1234567", "phone:+33612345678", "phone:+32470123456"} {
		if _, ok := idx[want]; !ok {
			t.Errorf("node %s missing; nodes %v", want, g.Nodes)
		}
	}
	for _, absent := range []string{"note", "call1", "a1", "ghost"} {
		if _, ok := idx[absent]; ok {
			t.Errorf("node %s must not be drawn", absent)
		}
	}
	edge := func(a, b string) bool {
		for _, u := range g.G.Neighbours(idx[a]) {
			if int(u) == idx[b] {
				return true
			}
		}
		return false
	}
	for _, e := range [][2]string{{"p1", "phone:+447700900123"}, {"p2", "phone:+447700900123"}, {"p1", "identifier:P1234567"},
		{"p3", "identifier:P1234567"}, {"phone:+33612345678", "phone:+32470123456"}, {"p3", "phone:+33612345678"},
		{"x1", "boat"}, {"x1", "eng"}, {"x1", "p4"}, {"x1", "p1"}} {
		if !edge(e[0], e[1]) {
			t.Errorf("edge %s - %s missing", e[0], e[1])
		}
	}
	if g.G.M() != 10 || g.Dangling != 1 {
		t.Errorf("m = %d, dangling = %d; want 10 edges and 1 dangling reference (ghost)", g.G.M(), g.Dangling)
	}
}

// TestBuild_Hostile: huge weights, placeholder values, an entity id that
// looks like a pivot key and an id with two unrelated schemata neither crash
// the report nor link unrelated people.
func TestBuild_Hostile(t *testing.T) {
	in := `{"id": "a", "schema": "Person", "properties": {"name": ["A"], "phone": ["unknown"], "passportNumber": ["N/A"]}}
{"id": "b", "schema": "Person", "properties": {"name": ["B"], "phone": ["unknown"], "passportNumber": ["N/A"]}}
{"id": "c", "schema": "Person", "properties": {"name": ["C"], "phone": ["+447700900123"]}}
{"id": "phone:+447700900123", "schema": "Person", "properties": {"name": ["D"], "phone": ["+447700900123"]}}
{"id": "l1", "schema": "Call", "properties": {"caller": ["a"], "receiver": ["b"], "weight": ["1e308", "1.5e308"]}}
{"id": "x", "schema": "Person", "properties": {"name": ["X"]}}
`
	db := mustOpen(t)
	var rej bytes.Buffer
	load := func(body, ds string) {
		if _, err := ingest.Run(context.Background(), db, ftmjson.Read(strings.NewReader(body), ds+".ijson"),
			ingest.Options{Dataset: tideline.Dataset{Name: ds}, Rejects: &rej}); err != nil {
			t.Fatal(err)
		}
	}
	load(in, "t")
	load(`{"id": "x", "schema": "Vessel", "properties": {"name": ["X boat"]}}`+"\n", "u")
	g, err := analysis.Build(context.Background(), db, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range g.Nodes {
		if n.Schema == "phone" && n.Caption != "+447700900123" || n.Schema == "identifier" {
			t.Errorf("placeholder became a pivot node: %+v", n)
		}
	}
	if len(g.Problems) != 1 || !strings.Contains(g.Problems[0].Reason, "entity x") {
		t.Errorf("problems = %+v; want entity x left out", g.Problems)
	}
	// c and the entity called "phone:+44..." share the number: 2 people + 1 pivot.
	if g.G.N() != 5 || g.G.M() != 3 {
		t.Errorf("n=%d m=%d; want 5 nodes (a, b, c, D, the pivot) and 3 edges: %+v", g.G.N(), g.G.M(), g.Nodes)
	}
	for _, weighted := range []bool{false, true} {
		r := analysis.Analyse(g, analysis.ReportOptions{Weighted: weighted})
		if math.IsNaN(r.Modularity) || math.IsInf(r.Modularity, 0) {
			t.Errorf("weighted=%v: Q = %v", weighted, r.Modularity)
		}
	}
}

// People recorded as victims are not drawn unless asked for: a crossing's
// passengers do not become nodes, its pilot and boat do.
func TestBuild_Victims(t *testing.T) {
	db := mustOpen(t)
	src := `{"id":"x1","schema":"Crossing","properties":{"pilot":["p1"],"involved":["v1","v2"],"boat":["b1"]}}
{"id":"p1","schema":"Person","properties":{"name":["Pilot"]}}
{"id":"v1","schema":"Person","properties":{"name":["Passenger One"],"safeguarding":["victim"]}}
{"id":"v2","schema":"Person","properties":{"name":["Passenger Two"],"safeguarding":["minor"]}}
{"id":"b1","schema":"Vessel","properties":{"name":["grey inflatable boat"]}}
`
	var rej bytes.Buffer
	if _, err := ingest.Run(context.Background(), db, ftmjson.Read(strings.NewReader(src), "x.json"),
		ingest.Options{Dataset: tideline.Dataset{Name: "bf"}, Rejects: &rej}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		include        bool
		nodes, edges   int
		victims, refs  int
		passengerDrawn bool
	}{{false, 3, 2, 2, 2, false}, {true, 5, 4, 0, 0, true}} {
		g, err := analysis.Build(context.Background(), db, analysis.Options{IncludeVictims: tc.include})
		if err != nil {
			t.Fatal(err)
		}
		drawn := false
		for _, n := range g.Nodes {
			drawn = drawn || n.ID == "v1"
		}
		if g.G.N() != tc.nodes || g.G.M() != tc.edges || g.Victims != tc.victims || g.Protected != tc.refs || g.Dangling != 0 || drawn != tc.passengerDrawn {
			t.Errorf("IncludeVictims=%v: n=%d m=%d victims=%d refs=%d dangling=%d passenger drawn=%v; want %d %d %d %d 0 %v",
				tc.include, g.G.N(), g.G.M(), g.Victims, g.Protected, g.Dangling, drawn, tc.nodes, tc.edges, tc.victims, tc.refs, tc.passengerDrawn)
		}
	}
}

// TestBuild_FollowsResolution: after resolution merges two records of a
// pilot, the crossing that names the merged-away record draws its edge to
// the resolved person, and an association between the two records of one
// person is no edge.
func TestBuild_FollowsResolution(t *testing.T) {
	in := `{"id": "p1", "schema": "Person", "properties": {"name": ["Ali Hassan"], "birthDate": ["1990-01-01"]}}
{"id": "p2", "schema": "Person", "properties": {"name": ["Ali Hasan"], "birthDate": ["1990-01-01"]}}
{"id": "boat", "schema": "Vessel", "properties": {"name": ["grey inflatable"]}}
{"id": "x1", "schema": "Crossing", "properties": {"name": ["crossing 2024-05-02"], "boat": ["boat"], "pilot": ["p2"]}}
{"id": "a1", "schema": "Associate", "properties": {"person": ["p1"], "associate": ["p2"]}}
`
	ctx := context.Background()
	db := mustOpen(t)
	if _, err := ingest.Run(ctx, db, ftmjson.Read(strings.NewReader(in), "t.ijson"), ingest.Options{Dataset: tideline.Dataset{Name: "t"}, Strict: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetCanonicals(ctx, []tideline.Canonical{{EntityID: "p2", CanonicalID: "p1"}}); err != nil {
		t.Fatal(err)
	}
	g, err := analysis.Build(ctx, db, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	idx := map[string]int{}
	for i, n := range g.Nodes {
		idx[n.ID] = i
	}
	if _, ok := idx["p2"]; ok || len(g.Nodes) != 3 {
		t.Fatalf("nodes %v; want p1, boat, x1 (p2 is p1 now)", g.Nodes)
	}
	if g.G.M() != 2 || g.Dangling != 0 {
		t.Errorf("m = %d, dangling = %d; want 2 edges (x1-boat, x1-p1), none dangling", g.G.M(), g.Dangling)
	}
	linked := false
	for _, u := range g.G.Neighbours(idx["x1"]) {
		linked = linked || int(u) == idx["p1"]
	}
	if !linked {
		t.Errorf("the crossing's pilot p2 does not lead to p1")
	}
}

// TestBuild_TimeLayersGrading: ties carry their date and layer; a time
// window, a layer filter and a minimum grading each keep what they say,
// and a victim stays out whatever the grading filter.
func TestBuild_TimeLayersGrading(t *testing.T) {
	good := `{"id": "p1", "schema": "Person", "properties": {"name": ["Ali Hassan"]}}
{"id": "p2", "schema": "Person", "properties": {"name": ["Karwan Aziz"]}}
{"id": "p3", "schema": "Person", "properties": {"name": ["Dilshad Omar"]}}
{"id": "c1", "schema": "Call", "properties": {"caller": ["p1"], "receiver": ["p2"], "date": ["2024-05-01T22:10:00"]}}
{"id": "c2", "schema": "Call", "properties": {"caller": ["p2"], "receiver": ["p3"], "date": ["2024-07-03"]}}
{"id": "m1", "schema": "Associate", "properties": {"person": ["p1"], "associate": ["p3"], "relationship": ["met"]}}
`
	weak := `{"id": "p4", "schema": "Person", "properties": {"name": ["Omar Said"]}}
{"id": "v1", "schema": "Person", "properties": {"name": ["A passenger"], "safeguarding": ["victim"]}}
{"id": "c3", "schema": "Call", "properties": {"caller": ["p1"], "receiver": ["p4"], "date": ["2024-05-02"]}}
{"id": "c4", "schema": "Call", "properties": {"caller": ["p1"], "receiver": ["v1"], "date": ["2024-05-02"]}}
`
	ctx := context.Background()
	db := mustOpen(t)
	for _, in := range []struct{ name, grading, data string }{{"good", "1A", good}, {"weak", "3D", weak}} {
		g, _ := tideline.ParseGrading(in.grading)
		if _, err := ingest.Run(ctx, db, ftmjson.Read(strings.NewReader(in.data), in.name+".ijson"),
			ingest.Options{Dataset: tideline.Dataset{Name: in.name, Grading: g}, Strict: true}); err != nil {
			t.Fatal(err)
		}
	}
	build := func(opt analysis.Options) *analysis.Graph {
		t.Helper()
		g, err := analysis.Build(ctx, db, opt)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	g := build(analysis.Options{})
	if len(g.Ties) != 4 || g.G.M() != 4 || g.Victims != 1 {
		t.Fatalf("all: %d ties, %d edges, %d victims; want 4, 4, 1", len(g.Ties), g.G.M(), g.Victims)
	}
	times := map[string]int64{}
	for _, tie := range g.Ties {
		times[g.Nodes[tie.U].ID+"-"+g.Nodes[tie.V].ID+" "+tie.Layer] = tie.Time
	}
	if want := time.Date(2024, 5, 1, 22, 10, 0, 0, time.UTC).Unix(); times["p1-p2 Call"] != want {
		t.Errorf("ties %v; want p1-p2 Call at %d", times, want)
	}
	if got, ok := times["p1-p3 Associate"]; !ok || got != 0 {
		t.Errorf("ties %v; want an undated p1-p3 Associate tie", times)
	}
	// May 2024 only: c1 and c3, and the undated meeting.
	g = build(analysis.Options{From: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)})
	if len(g.Ties) != 3 {
		t.Errorf("May: %d ties %v; want 3 (c1, c3, the undated meeting)", len(g.Ties), g.Ties)
	}
	g = build(analysis.Options{From: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), DatedOnly: true})
	if len(g.Ties) != 2 {
		t.Errorf("May, dated only: %d ties; want 2", len(g.Ties))
	}
	if g = build(analysis.Options{Layers: []string{"associate"}}); len(g.Ties) != 1 || g.Ties[0].Layer != "Associate" {
		t.Errorf("meetings layer: %v; want the one Associate tie", g.Ties)
	}
	min, _ := tideline.ParseGrading("2B")
	g = build(analysis.Options{MinGrading: min})
	if len(g.Ties) != 3 || g.Victims != 1 {
		t.Errorf("2B or better: %d ties, %d victims; want the 3 ties of the 1A dataset and the victim still left out", len(g.Ties), g.Victims)
	}
	for _, n := range g.Nodes {
		if n.ID == "v1" {
			t.Errorf("the victim is drawn under a grading filter")
		}
	}
}
