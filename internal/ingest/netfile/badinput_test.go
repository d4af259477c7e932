package netfile_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/tideline-oss/tideline/internal/ingest/netfile"
)

const selfLoopReason = "self-loop: a tie from a person to themselves is not loaded"

// TestRead_SelfLoops: a tie from a node to itself is reported at its line
// and field, and its person is still loaded.
func TestRead_SelfLoops(t *testing.T) {
	const matrix = ",A,B\nA,5,1\nB,1,0\n"
	runCases(t, []readCase{
		{name: "EdgeListUndirected", in: "x,x,3\nx,y,1\n", n: 2, links: 1,
			errs: []string{"net.csv:1: target: " + selfLoopReason}},
		{name: "EdgeListDirected", in: "x\tx\t3\ny\ty\n", opt: netfile.Options{Link: "Call", Directed: true}, n: 2,
			errs: []string{"net.csv:1: target: " + selfLoopReason, "net.csv:2: target: " + selfLoopReason},
			check: func(t *testing.T, g *graph) {
				if g.ids["x"] == "" || g.ids["y"] == "" {
					t.Errorf("people of self-loops not loaded: %v", g.ids)
				}
			}},
		{name: "MatrixUndirected", in: matrix, opt: netfile.Options{Format: "matrix"}, n: 2, links: 1,
			errs: []string{"net.csv:2: A: " + selfLoopReason}},
		{name: "MatrixDirected", in: matrix, opt: netfile.Options{Format: "matrix", Directed: true}, n: 2, links: 2,
			errs: []string{"net.csv:2: A: " + selfLoopReason}},
		{name: "MatrixZeroDiagonalIsNoTie", in: ",A,B\nA,0,1\nB,1,0.0\n", opt: netfile.Options{Format: "matrix"}, n: 2, links: 1},
		// Two-mode columns are events: a person named like one is no loop.
		{name: "TwoModeNoLoop", in: ",ann,e2\nann,1,0\n", opt: netfile.Options{Format: "twomode"}, n: 1,
			check: func(t *testing.T, g *graph) {
				if ev := g.events[netfile.EventID("ds", "ann")]; ev == nil || len(ev.Get("involved")) != 1 {
					t.Errorf("event ann = %v; want ann involved", ev)
				}
			}},
	})
}

// TestRead_BadLabels: a label that is not valid UTF-8 or holds a control
// character rejects its edge-list row, or its matrix row or column, with an
// error naming the field; neither the person nor any link to it is loaded.
func TestRead_BadLabels(t *testing.T) {
	noPerson := func(labels ...string) func(*testing.T, *graph) {
		return func(t *testing.T, g *graph) {
			for _, l := range labels {
				if g.ids[l] != "" {
					t.Errorf("Person %q loaded from a rejected row", l)
				}
			}
		}
	}
	runCases(t, []readCase{
		{name: "EdgeList",
			in: "a,b,1\nok,b\xffad,2\nc\x01d,ok,1\nok,g\u0085h,1\nok,j\x7fk,1\n\"p\tq\",a,1\n\xff,\x02,1\n",
			n:  3, links: 2, errs: []string{
				`net.csv:2: target: label "b\xffad" is not valid UTF-8`,
				`net.csv:3: source: label "c\x01d" holds control character U+0001`,
				`net.csv:4: target: label "g\u0085h" holds control character U+0085`,
				`net.csv:5: target: label "j\x7fk" holds control character U+007F`,
				`net.csv:7: source: label "\xff" is not valid UTF-8`,
			}, check: func(t *testing.T, g *graph) {
				noPerson("ok")(t, g)
				if g.ids["p\tq"] == "" { // TAB is white space, not a control character here
					t.Errorf("label with a TAB rejected: %v", g.ids)
				}
			}},
		{name: "MatrixUndirected", in: ",a,b\xff,c\na,0,1,1\nb\xff,1,0,0\nc,1,0,0\n", n: 2, links: 1, errs: []string{
			`net.csv:1: column 3: label "b\xff" is not valid UTF-8; column skipped`,
			`net.csv:3: label: label "b\xff" is not valid UTF-8; row skipped`,
		}, check: func(t *testing.T, g *graph) { link(t, g, "UnknownLink", "a", "c") }},
		{name: "MatrixDirected", in: ",a,b\xff,c\na,0,1,1\nb\xff,1,0,0\nc,1,0,0\n", opt: netfile.Options{Format: "matrix", Directed: true},
			n: 2, links: 2, errs: []string{
				`net.csv:1: column 3: label "b\xff" is not valid UTF-8; column skipped`,
				`net.csv:3: label: label "b\xff" is not valid UTF-8; row skipped`,
			}},
		// A quoted CSV label may span lines: LF is a control character.
		{name: "MatrixQuotedNewline", in: "\"\",a,\"x\ny\",c\na,0,1,1\nz,1,0,0\nc,1,0,0\n", opt: netfile.Options{Format: "matrix"}, n: 3, links: 2, errs: []string{
			`net.csv:1: column 3: label "x\ny" holds control character U+000A; column skipped`,
		}, check: noPerson("x\ny")},
		{name: "MatrixRowC1", in: ",a,b\na,0,1\nb\u009b,1,0\n", opt: netfile.Options{Format: "matrix"}, n: 2, links: 1, errs: []string{
			`net.csv:3: label: label "b\u009b" holds control character U+009B; row skipped`,
		}},
		{name: "TwoMode", in: ",e1,\"bad\x01\"\nann,1,1\nb\u0085ob,1,1\n", opt: netfile.Options{Format: "twomode"}, n: 1, errs: []string{
			`net.csv:1: column 3: label "bad\x01" holds control character U+0001; column skipped`,
			`net.csv:3: label: label "b\u0085ob" holds control character U+0085; row skipped`,
		}, check: func(t *testing.T, g *graph) {
			if len(g.events) != 1 || len(g.events[netfile.EventID("ds", "e1")].Get("involved")) != 1 {
				t.Errorf("events = %v; want e1 involving ann only", g.events)
			}
		}},
	})
}

// pairWeights sums the weight values of the merged link entities per
// unordered pair of people, as the analysis does downstream.
func pairWeights(t *testing.T, g *graph, schema string) map[string]float64 {
	t.Helper()
	ends := endpoints[schema]
	out := map[string]float64{}
	for _, l := range g.links {
		a, b := g.names[l.First(ends[0])], g.names[l.First(ends[1])]
		if b < a {
			a, b = b, a
		}
		for _, w := range l.Get("weight") {
			v, err := strconv.ParseFloat(w, 64)
			if err != nil {
				t.Fatal(err)
			}
			out[a+"-"+b] += v
		}
	}
	return out
}

// TestRead_RepeatedTies: every edge-list row is its own link, so a tie
// written on several rows counts once per row whatever the weights and
// directions; reading the file again gives the same ids.
func TestRead_RepeatedTies(t *testing.T) {
	const in = "a,b,2\nb,a,2\nc,d,2\nd,c,3\ne,f,1\ne,f,1\ne,f,1\n"
	for _, opt := range []netfile.Options{
		{Dataset: "ds"},
		{Dataset: "ds", Link: "Associate"},
		{Dataset: "ds", Link: "Call", Directed: true},
	} {
		t.Run(opt.Link, func(t *testing.T) {
			schema := opt.Link
			if schema == "" {
				schema = "UnknownLink"
			}
			g := readString(t, in, opt)
			if len(g.errs) != 0 || len(g.links) != 7 || g.linkFrags != 7 || g.m() != 3 {
				t.Errorf("errors %v, %d links (%d fragments), m=%d; want none, 7, 7, 3", errStrings(g.errs), len(g.links), g.linkFrags, g.m())
			}
			got := pairWeights(t, g, schema)
			for pair, want := range map[string]float64{"a-b": 4, "c-d": 5, "e-f": 3} {
				if got[pair] != want {
					t.Errorf("weight of %s = %v; want %v (%v)", pair, got[pair], want, got)
				}
			}
			again := readString(t, in, opt)
			for id := range g.links {
				if again.links[id] == nil {
					t.Errorf("link %s not read again with the same id", id)
				}
			}
		})
	}
	// Undirected rows b,a and a,b both order their people by label.
	g := readString(t, in, netfile.Options{Dataset: "ds"})
	for line := 1; line <= 2; line++ {
		wantWeight(t, rowLink(t, g, "UnknownLink", "a", "b", line), "2")
	}
	// A matrix still gives one link per pair.
	m := readString(t, ",a,b\na,0,2\nb,3,0\n", netfile.Options{Dataset: "ds", Format: "matrix"})
	if len(m.links) != 1 || pairWeights(t, m, "UnknownLink")["a-b"] != 5 {
		t.Errorf("matrix: %d links, weights %v; want 1 link of weight 5", len(m.links), pairWeights(t, m, "UnknownLink"))
	}
}

// TestRead_ZeroWeights: a weight of 0 loads the people, no link, and is
// reported; a non-zero weight too small for a float64 is reported and its
// row or cell skipped. A matrix cell of 0 is no tie and no error.
func TestRead_ZeroWeights(t *testing.T) {
	runCases(t, []readCase{
		{name: "EdgeList", in: "a,b,1e-400\nc,d,0\ne,f,0.0e3\ng,h,1e-300\ni,j,-0\n", n: 8, links: 1, errs: []string{
			"net.csv:1: weight: weight 1e-400 is zero or too small",
			"net.csv:2: weight: weight 0: no tie loaded",
			"net.csv:3: weight: weight 0.0e3: no tie loaded",
			"net.csv:5: weight: weight -0: no tie loaded",
		}, check: func(t *testing.T, g *graph) {
			if g.ids["a"] != "" || g.ids["c"] == "" || g.ids["d"] == "" {
				t.Errorf("people = %v; want c and d, not a", g.ids)
			}
			wantWeight(t, rowLink(t, g, "UnknownLink", "g", "h", 4), "1e-300")
		}},
		{name: "EdgeListDirected", in: "a\tb\t0.000e-999\n", opt: netfile.Options{Link: "Call", Directed: true}, n: 2,
			errs: []string{"net.csv:1: weight: weight 0.000e-999: no tie loaded"}},
		{name: "Matrix", in: ",a,b,c\na,0,1e-400,0.0\nb,0,0,2\nc,,0e9,0\n", opt: netfile.Options{Format: "matrix"}, n: 3, links: 1,
			errs: []string{"net.csv:2: b: weight 1e-400 is zero or too small"}},
		{name: "MatrixDirected", in: ",a,b\na,0,0.1e-330\nb,1,0\n", opt: netfile.Options{Format: "matrix", Directed: true}, n: 2, links: 1,
			errs: []string{"net.csv:2: b: weight 0.1e-330 is zero or too small"}},
	})
}

// TestRead_NotSquare: a matrix whose rows and columns differ in number is
// reported at its last row (named by its label) or, without rows, at its
// header.
func TestRead_NotSquare(t *testing.T) {
	runCases(t, []readCase{
		{name: "FewerRows", in: ",a,b,c,d\na,0,1,0,0\nb,1,0,0,0\n\n", opt: netfile.Options{Format: "matrix"}, n: 4, links: 1,
			errs: []string{"net.csv:3: b: matrix is not square: 2 rows, 4 columns"}},
		{name: "MoreRows", in: ",a,b\na,0,1\nb,1,0\nc,1,1\n", opt: netfile.Options{Format: "matrix"}, n: 3, links: 3,
			errs: []string{"net.csv:4: c: matrix is not square: 3 rows, 2 columns"}},
		{name: "HeaderOnly", in: "\n,a,b\n", opt: netfile.Options{Format: "matrix"}, n: 2,
			errs: []string{"net.csv:2: header: matrix is not square: 0 rows, 2 columns"}},
		{name: "LastRowUnlabelled", in: ",a,b,c\na,0,1,0\n,1,0,0\n", opt: netfile.Options{Format: "matrix"}, n: 3, links: 1, errs: []string{
			"net.csv:3: label: row label missing",
			"net.csv:3: label: matrix is not square: 2 rows, 3 columns",
		}},
	})
}

// TestRead_CallNeedsDirected: the error names the command-line flag.
func TestRead_CallNeedsDirected(t *testing.T) {
	for _, err := range netfile.Read(strings.NewReader("a b 1\n"), "x", netfile.Options{Dataset: "d", Link: "Call"}) {
		if err == nil || !strings.Contains(err.Error(), "--directed") || strings.Contains(err.Error(), "set Directed") {
			t.Errorf("error = %v; want one naming --directed", err)
		}
	}
}
