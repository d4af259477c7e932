package analysis_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/analysis"
	"github.com/tideline-oss/tideline/internal/ingest"
	"github.com/tideline-oss/tideline/internal/ingest/ftmjson"
)

// chainGraph: a organiser calls b (1 May) who calls c (2 May); c called d
// on 30 April, before; a and d share a handset; b and d met.
func chainGraph(t *testing.T) *analysis.Graph {
	t.Helper()
	in := `{"id": "a", "schema": "Person", "properties": {"name": ["Organiser A"], "phone": ["+447700900001"]}}
{"id": "b", "schema": "Person", "properties": {"name": ["Lieutenant B"]}}
{"id": "c", "schema": "Person", "properties": {"name": ["Driver C"]}}
{"id": "d", "schema": "Person", "properties": {"name": ["Pilot D"], "phone": ["+447700900001"]}}
{"id": "c1", "schema": "Call", "properties": {"caller": ["a"], "receiver": ["b"], "date": ["2024-05-01T20:00:00"]}}
{"id": "c2", "schema": "Call", "properties": {"caller": ["b"], "receiver": ["c"], "date": ["2024-05-02T09:00:00"]}}
{"id": "c3", "schema": "Call", "properties": {"caller": ["c"], "receiver": ["d"], "date": ["2024-04-30T09:00:00"]}}
{"id": "m1", "schema": "Associate", "properties": {"person": ["b"], "associate": ["d"], "date": ["2024-05-03"]}}
`
	ctx := context.Background()
	db := mustOpen(t)
	if _, err := ingest.Run(ctx, db, ftmjson.Read(strings.NewReader(in), "t.ijson"), ingest.Options{Dataset: tideline.Dataset{Name: "t"}, Strict: true}); err != nil {
		t.Fatal(err)
	}
	g, err := analysis.Build(ctx, db, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func ids(ns []analysis.Node) string {
	var s []string
	for _, n := range ns {
		s = append(s, n.ID)
	}
	return strings.Join(s, " ")
}

func TestPaths(t *testing.T) {
	g := chainGraph(t)
	ps, err := analysis.Paths(g, "a", "c", 3, false)
	if err != nil {
		t.Fatal(err)
	}
	// a-b-c (2 hops), then a-phone-d-c and a-b-d-c (3 hops).
	if len(ps) != 3 || ids(ps[0].Nodes) != "a b c" || ps[0].Length != 2 || ps[1].Length != 3 {
		t.Fatalf("paths a→c: %+v", ps)
	}
	if l := ps[0].Links[0]; strings.Join(l.Layers, ",") != "Call" || l.Ties != 1 || !l.First.Equal(time.Date(2024, 5, 1, 20, 0, 0, 0, time.UTC)) {
		t.Errorf("link a-b: %+v", l)
	}
	found := false
	for _, p := range ps {
		found = found || ids(p.Nodes) == "a phone:+447700900001 d c"
	}
	if !found {
		t.Errorf("no path through the shared handset: %+v", ps)
	}
	if _, err := analysis.Paths(g, "a", "zz", 1, false); tideline.ErrorCode(err) != tideline.ENOTFOUND {
		t.Errorf("unknown id: %v; want ENOTFOUND", err)
	}
	sp, more, err := analysis.SimplePaths(g, "a", "c", 2, 10)
	if err != nil || more || len(sp) != 1 {
		t.Errorf("simple paths of 2 hops: %+v more %v err %v; want the one", sp, more, err)
	}
}

func TestNeighboursConnect(t *testing.T) {
	g := chainGraph(t)
	ns, err := analysis.Neighbours(g, []string{"a"}, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, n := range ns {
		got = append(got, n.ID)
	}
	if strings.Join(got, " ") != "a b phone:+447700900001" {
		t.Errorf("1 hop of a: %v", got)
	}
	// Walking through people only, the handset is not a way.
	ns, _ = analysis.Neighbours(g, []string{"a"}, 2, []string{"Person"})
	got = got[:0]
	for _, n := range ns {
		got = append(got, n.ID)
	}
	if strings.Join(got, " ") != "a b c d" {
		t.Errorf("2 hops of a through people: %v", got)
	}
	net, err := analysis.Connect(g, []string{"a", "c"}, false, false)
	if err != nil || !net.Connected || ids(net.Nodes) != "a b c" || len(net.Links) != 2 {
		t.Errorf("connect a c: %+v, %v", net, err)
	}
}

func TestJourney(t *testing.T) {
	g := chainGraph(t)
	// a calls b, b calls c a day later: a chain. c's call to d came
	// before, so d is reached only through the meeting b-d on 3 May.
	hops, ok, err := analysis.Journey(g, "a", "c", time.Time{}, time.Time{}, 0)
	if err != nil || !ok || len(hops) != 2 || hops[1].To.ID != "c" || hops[1].Layer != "Call" {
		t.Fatalf("journey a→c: %+v, %v, %v", hops, ok, err)
	}
	hops, ok, _ = analysis.Journey(g, "a", "d", time.Time{}, time.Time{}, 0)
	if !ok || len(hops) != 2 || hops[1].Layer != "Associate" || !hops[1].At.Equal(time.Date(2024, 5, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("journey a→d: %+v; want a→b call, then the b-d meeting on 3 May", hops)
	}
	// Calls go from caller to receiver only: d cannot reach c in time order.
	if _, ok, _ := analysis.Journey(g, "d", "a", time.Time{}, time.Time{}, 0); ok {
		t.Errorf("journey d→a found; the only dated ties into a are a's own outgoing call")
	}
	// Within a 12-hour wait, the b→c call (13 h after a→b) breaks the chain.
	if _, ok, _ := analysis.Journey(g, "a", "c", time.Time{}, time.Time{}, 12*time.Hour); ok {
		t.Errorf("journey a→c with a 12 h wait found")
	}
}
