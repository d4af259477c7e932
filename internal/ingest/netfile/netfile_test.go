package netfile_test

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/ingest/netfile"
)

// readCase is one small file with the errors, people and links it must give.
type readCase struct {
	name  string
	in    string
	opt   netfile.Options // Dataset defaults to "ds"
	errs  []string
	n     int                      // Person entities
	links int                      // distinct link ids
	check func(*testing.T, *graph) // optional extra checks
}

func runCases(t *testing.T, cases []readCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.opt.Dataset == "" {
				tc.opt.Dataset = "ds"
			}
			g := readString(t, tc.in, tc.opt)
			if got := errStrings(g.errs); strings.Join(got, "\n") != strings.Join(tc.errs, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.errs, "\n"))
			}
			if g.n() != tc.n || len(g.links) != tc.links {
				t.Errorf("n=%d links=%d; want n=%d links=%d", g.n(), len(g.links), tc.n, tc.links)
			}
			if tc.check != nil {
				tc.check(t, g)
			}
		})
	}
}

// link returns the matrix link between labels a and b (in that order for a
// directed id) or fails.
func link(t *testing.T, g *graph, schema, a, b string) *tideline.Entity {
	t.Helper()
	l := g.links[netfile.LinkID("ds", schema, netfile.PersonID("ds", a), netfile.PersonID("ds", b))]
	if l == nil {
		t.Fatalf("no %s link %s-%s", schema, a, b)
	}
	return l
}

// rowLink returns the link read from the edge-list row at line between
// labels a and b (in that order for a directed id) or fails.
func rowLink(t *testing.T, g *graph, schema, a, b string, line int) *tideline.Entity {
	t.Helper()
	l := g.links[netfile.RowLinkID("ds", schema, netfile.PersonID("ds", a), netfile.PersonID("ds", b), line)]
	if l == nil {
		t.Fatalf("no %s link %s-%s from line %d", schema, a, b, line)
	}
	return l
}

func wantWeight(t *testing.T, l *tideline.Entity, want string) {
	t.Helper()
	if got := strings.Join(l.Get("weight"), ","); got != want {
		t.Errorf("link %v: weight %q; want %q", l.Properties, got, want)
	}
}

func TestRead_EdgeList(t *testing.T) {
	runCases(t, []readCase{
		{name: "Tab", in: "a\tb\t3\nb\tc\t1\n", n: 3, links: 2, check: func(t *testing.T, g *graph) {
			l := rowLink(t, g, "UnknownLink", "a", "b", 1)
			wantWeight(t, l, "3")
			if l.First("subject") != netfile.PersonID("ds", "a") || l.First("object") != netfile.PersonID("ds", "b") {
				t.Errorf("link a-b = %v", l.Properties)
			}
		}},
		{name: "SpacesCRLFBOMComments", in: "\ufeff# made up\r\n\r\n  a   b  2 \r\n# more\r\nb c\r\n", n: 3, links: 2,
			check: func(t *testing.T, g *graph) {
				wantWeight(t, rowLink(t, g, "UnknownLink", "a", "b", 3), "2")
				wantWeight(t, rowLink(t, g, "UnknownLink", "b", "c", 5), "") // no weight column
			}},
		{name: "CommaHeader", in: "source,target,weight\nAnn Lee,Bob,4\n", n: 2, links: 1},
		{name: "SemicolonHeaderTwoFields", in: "# c\nFrom;To\nx;y\n", n: 2, links: 1},
		{name: "NamedThirdColumnIsHeader", in: "alice bob calls\ncarol dave 1\n", n: 2, links: 1},
		{name: "Quoted", in: "\"Mr X\",\"Mr, Y\",2\n\"say \"\"hi\"\"\",Mr X,1\n", n: 3, links: 2, check: func(t *testing.T, g *graph) {
			for _, name := range []string{"Mr X", "Mr, Y", `say "hi"`} {
				if g.ids[name] == "" {
					t.Errorf("no Person %q; have %v", name, g.ids)
				}
			}
		}},
		{name: "Decimal", in: "a b 0.25\nb c 1e2\n", n: 3, links: 2, check: func(t *testing.T, g *graph) {
			wantWeight(t, rowLink(t, g, "UnknownLink", "a", "b", 1), "0.25")
			wantWeight(t, rowLink(t, g, "UnknownLink", "b", "c", 2), "1e2")
		}},
		{name: "UndirectedReversedRowsOneLinkEach", in: "b a 2\na b 3\n", n: 2, links: 2, check: func(t *testing.T, g *graph) {
			l := rowLink(t, g, "UnknownLink", "a", "b", 1)
			wantWeight(t, l, "2")
			if l.First("subject") != netfile.PersonID("ds", "a") {
				t.Errorf("undirected link: subject is not the lower label")
			}
			wantWeight(t, rowLink(t, g, "UnknownLink", "a", "b", 2), "3")
		}},
		{name: "DirectedReversedRowsStay", in: "b a 2\na b 3\n", opt: netfile.Options{Link: "Call", Directed: true},
			n: 2, links: 2, check: func(t *testing.T, g *graph) {
				l := rowLink(t, g, "Call", "b", "a", 1)
				wantWeight(t, l, "2")
				if l.First("caller") != netfile.PersonID("ds", "b") || l.First("receiver") != netfile.PersonID("ds", "a") {
					t.Errorf("call b->a = %v", l.Properties)
				}
			}},
		{name: "AssociateRelationship", in: "a b 1\n", opt: netfile.Options{Link: "Associate", Relationship: "met"}, n: 2, links: 1,
			check: func(t *testing.T, g *graph) {
				if l := rowLink(t, g, "Associate", "a", "b", 1); l.First("relationship") != "met" || l.First("person") == "" {
					t.Errorf("associate = %v", l.Properties)
				}
			}},
		{name: "UnknownLinkRole", in: "a b 1\n", opt: netfile.Options{Relationship: "phoned"}, n: 2, links: 1,
			check: func(t *testing.T, g *graph) {
				if l := rowLink(t, g, "UnknownLink", "a", "b", 1); l.First("role") != "phoned" {
					t.Errorf("role = %v", l.Get("role"))
				}
			}},
		{name: "SelfLoopReported", in: "a a 3\na b 1\n", n: 2, links: 1,
			errs: []string{"net.csv:1: target: self-loop: a tie from a person to themselves is not loaded"}},
		{name: "ZeroWeightNoTie", in: "a b 0\nb c 1\n", n: 3, links: 1,
			errs: []string{"net.csv:1: weight: weight 0: no tie loaded"}},
		{name: "NotNumeric", in: "a b 1\nc d x\ne f 2\n", n: 4, links: 2,
			errs: []string{`net.csv:2: weight: tie value "x" is not a number`}},
		{name: "NumericIDsBadWeightIsNotHeader", in: "1 2 x\n2 3 1\n", n: 2, links: 1,
			errs: []string{`net.csv:1: weight: tie value "x" is not a number`}},
		{name: "Negative", in: "a b -3\na c 1\n", n: 2, links: 1,
			errs: []string{`net.csv:1: weight: tie value "-3" is negative`}},
		{name: "OutOfRange", in: "a b 1e999\n", errs: []string{`net.csv:1: weight: tie value "1e999" is out of range`}},
		{name: "Hex", in: "a b 1\na b 0x10\n", n: 2, links: 1, errs: []string{`net.csv:2: weight: tie value "0x10" is not a number`}},
		{name: "HexFirstLineIsHeader", in: "a b 0x10\n"},
		{name: "FieldCount", in: "a b 1\n\na b 1 2\nz\n", n: 2, links: 1, errs: []string{
			"net.csv:3: row has 4 fields, want 2 or 3 (source, target, weight)",
			"net.csv:4: row has 1 fields, want 2 or 3 (source, target, weight)",
		}},
		{name: "LabelMissing", in: "a,b,1\na,,1\n,b,1\n", n: 2, links: 1, errs: []string{
			"net.csv:2: target: node label missing",
			"net.csv:3: source: node label missing",
		}},
		{name: "LongLine", in: "a b 1\n" + strings.Repeat("x", 1<<20+5) + "\nc d 1", n: 4, links: 2,
			errs: []string{"net.csv:2: line longer than 1048576 bytes"}},
		{name: "ForcedOnMatrixText", in: ",a,b,c,d\n", opt: netfile.Options{Format: "edgelist"},
			errs: []string{"net.csv:1: row has 5 fields, want 2 or 3 (source, target, weight)"}},
		{name: "Empty", in: ""},
	})
}

func TestRead_Matrix(t *testing.T) {
	const sym = ",a,b,c,d\na,0,1,0,0\nb,1,0,2,0\nc,0,2,0,0\nd,0,0,0,0\n"
	runCases(t, []readCase{
		{name: "SymmetricUndirected", in: sym, n: 4, links: 2, check: func(t *testing.T, g *graph) {
			wantWeight(t, link(t, g, "UnknownLink", "a", "b"), "1")
			wantWeight(t, link(t, g, "UnknownLink", "b", "c"), "2")
			if g.isolates() != 1 {
				t.Errorf("isolates = %d; want 1 (d)", g.isolates())
			}
		}},
		{name: "SymmetricDirected", in: sym, opt: netfile.Options{Directed: true}, n: 4, links: 4},
		{name: "AsymmetricUndirectedSums", in: `"","x","y","z","w"` + "\n\"x\",0,3,0.1,0\n\"y\",4,0,0,0\n\"z\",0.2,0,0,5\n\"w\",0,0,0,0\n",
			n: 4, links: 3, check: func(t *testing.T, g *graph) {
				wantWeight(t, link(t, g, "UnknownLink", "x", "y"), "7")
				wantWeight(t, link(t, g, "UnknownLink", "x", "z"), "0.3")
				wantWeight(t, link(t, g, "UnknownLink", "w", "z"), "5") // one-sided, labels sorted
				if l := link(t, g, "UnknownLink", "w", "z"); l.First("subject") != netfile.PersonID("ds", "w") {
					t.Errorf("subject is not the lower label")
				}
			}},
		{name: "AsymmetricExactSum", in: ",x,y,z,w\nx,0,1e2,0,0\ny,0.05,0,0,0\nz,0,0,0,2.50\nw,0,0,+1.5,0\n", n: 4, links: 2,
			check: func(t *testing.T, g *graph) {
				wantWeight(t, link(t, g, "UnknownLink", "x", "y"), "100.05")
				wantWeight(t, link(t, g, "UnknownLink", "w", "z"), "4")
			}},
		{name: "DirectedCalls", in: ",x,y,z,w\nx,0,3,0,0\ny,4,0,0,0\nz,0,0,0,1.5\nw,0,0,0,0\n",
			opt: netfile.Options{Link: "Call", Directed: true}, n: 4, links: 3, check: func(t *testing.T, g *graph) {
				l := link(t, g, "Call", "y", "x")
				wantWeight(t, l, "4")
				if l.First("caller") != netfile.PersonID("ds", "y") {
					t.Errorf("call y->x: caller %v", l.Get("caller"))
				}
				wantWeight(t, link(t, g, "Call", "z", "w"), "1.5")
			}},
		{name: "BOMCRLFQuotedTrimmed", in: "\ufeff\"\",\" Ann \",\"Bob\",Cy,Di\r\n Ann ,0,1,,\r\nBob,1,0,,\r\nCy,,,,\r\nDi,,,,\r\n",
			n: 4, links: 1, check: func(t *testing.T, g *graph) {
				if g.ids["Ann"] == "" {
					t.Errorf("labels not trimmed: %v", g.ids)
				}
			}},
		{name: "Semicolon", in: ";a;b;c;d\na;0;1;0;0\nb;1;0;0;0\nc;0;0;0;1\nd;0;0;1;0\n", n: 4, links: 2},
		{name: "Tab", in: "\ta\tb\tc\td\na\t0\t1\t0\t0\nb\t1\t0\t0\t0\nc\t0\t0\t0\t0\nd\t0\t0\t0\t0\n", n: 4, links: 1},
		{name: "TrailingSeparators", in: ",a,b,c,d,,\na,0,1,0,0,,\nb,1,0,0,0\nc,0,0,0,0,\nd,0,0,0,0\n", n: 4, links: 1},
		{name: "SelfLoopReported", in: ",a,b,c,d\na,5,1,0,0\nb,1,0,0,0\nc,0,0,0,0\nd,0,0,0,0\n", n: 4, links: 1,
			errs: []string{"net.csv:2: a: self-loop: a tie from a person to themselves is not loaded"}},
		{name: "LabelsWithCommas", in: `"","Coppola, F","Lucania, S",x,y` + "\n\"Coppola, F\",0,1,0,0\n\"Lucania, S\",1,0,0,0\nx,0,0,0,0\ny,0,0,0,0\n",
			n: 4, links: 1, check: func(t *testing.T, g *graph) {
				link(t, g, "UnknownLink", "Coppola, F", "Lucania, S")
			}},
		{name: "NotNumeric", in: ",a,b,c,d\na,0,1,0,0\nb,1,0,x,0\nc,0,0,0,1\nd,0,0,1,0\n", n: 4, links: 2,
			errs: []string{`net.csv:3: c: tie value "x" is not a number`}},
		{name: "Negative", in: ",a,b,c,d\na,0,1,0,0\nb,1,0,0,0\nc,0,0,0,-1\nd,0,0,1,0\n", n: 4, links: 2,
			errs: []string{`net.csv:4: d: tie value "-1" is negative`}},
		{name: "WrongCellCount", in: ",a,b,c,d\na,0,1,0,0\nb,1,0,0\nc,0,0,0,1,1\nd,0,0,1,0\n", n: 4, links: 2, errs: []string{
			"net.csv:3: row has 3 cells, header has 4 labels",
			"net.csv:4: row has 5 cells, header has 4 labels",
		}},
		{name: "RowLabelMissing", in: ",a,b,c,d\na,0,1,0,0\n,1,0,0,0\nc,0,0,0,1\nd,0,0,1,0\n", n: 4, links: 2,
			errs: []string{"net.csv:3: label: row label missing"}},
		{name: "RowLabelMismatchReportedOnce", in: ",a,b,c,d\na,0,1,0,0\nx,1,0,0,0\ny,0,0,0,1\nd,0,0,1,0\n",
			n: 6, links: 4, errs: []string{
				`net.csv:3: label: row label "x" does not match column label "b"; rows are read with their own labels`,
			}, check: func(t *testing.T, g *graph) {
				link(t, g, "UnknownLink", "a", "x") // row x, column a
				link(t, g, "UnknownLink", "d", "y")
			}},
		{name: "DuplicateRowLabel", in: ",a,b,c,d\na,0,1,0,0\na,0,0,1,0\nc,0,0,0,1\nd,0,0,1,0\n", n: 4, links: 2,
			errs: []string{
				`net.csv:3: label: row label "a" does not match column label "b"; rows are read with their own labels`,
				`net.csv:3: label: duplicate row label "a"`,
			}},
		{name: "NotSquare", in: ",a,b,c,d\na,0,1,0,0\nb,1,0,0,0\n", n: 4, links: 1,
			errs: []string{"net.csv:3: b: matrix is not square: 2 rows, 4 columns"}},
		{name: "ColumnLabelMissing", in: ",a,,c,d\na,0,1,1,0\nb,1,0,0,0\nc,1,0,0,0\nd,0,0,0,0\n", n: 4, links: 2,
			errs: []string{"net.csv:1: column 3: column label missing"}},
		{name: "DuplicateColumnLabel", in: ",a,b,b,d\na,0,1,1,0\nb,1,0,0,0\nc,0,0,0,0\nd,0,0,0,0\n", n: 4, links: 1, errs: []string{
			`net.csv:1: b: duplicate column label "b"; column skipped`,
		}},
		{name: "ForcedMatrixSmall", in: ",a,b\na,0,1\nb,1,0\n", opt: netfile.Options{Format: "matrix"}, n: 2, links: 1},
		{name: "TwoMode", in: ",meeting 1,meeting 2,m3,m4\nann,1,0,0,0\nbob,1,1,0,0\ncy,0,0,0,0\n",
			opt: netfile.Options{Format: "twomode"}, n: 3, check: func(t *testing.T, g *graph) {
				ev := g.events[netfile.EventID("ds", "meeting 1")]
				if ev == nil || len(ev.Get("involved")) != 2 || ev.First("name") != "meeting 1" {
					t.Errorf("meeting 1 = %v", ev)
				}
				if len(g.events) != 4 {
					t.Errorf("%d events; want 4", len(g.events))
				}
			}},
	})
}

func TestRead_Options(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  netfile.Options
		want string
	}{
		{"NoDataset", netfile.Options{}, "netfile: dataset is required"},
		{"UnknownFormat", netfile.Options{Dataset: "d", Format: "gml"}, `netfile: unknown format "gml" (want auto, edgelist, matrix or twomode)`},
		{"UnknownLink", netfile.Options{Dataset: "d", Link: "Payment"}, `netfile: unknown link schema "Payment" (want Call, Associate or UnknownLink)`},
		{"UndirectedCall", netfile.Options{Dataset: "d", Link: "Call"}, "netfile: Call links need directed reading (--directed): calls go from caller to receiver"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := 0
			for f, err := range netfile.Read(strings.NewReader("a b 1\n"), "x", tc.opt) {
				n++
				if f != nil || tideline.ErrorCode(err) != tideline.EINVALID || tideline.ErrorMessage(err) != tc.want {
					t.Errorf("Read = %v, %v; want nil, EINVALID %q", f, err, tc.want)
				}
			}
			if n != 1 {
				t.Errorf("Read yielded %d times; want 1", n)
			}
		})
	}
}

func TestRead_NilReader(t *testing.T) {
	for f, err := range netfile.Read(nil, "x", netfile.Options{Dataset: "d"}) {
		if f != nil || tideline.ErrorCode(err) != tideline.EINVALID {
			t.Errorf("Read(nil) = %v, %v; want nil, EINVALID", f, err)
		}
	}
}

func TestRead_ReaderError(t *testing.T) {
	boom := errors.New("boom")
	for _, format := range []string{"edgelist", "matrix", "auto"} {
		t.Run(format, func(t *testing.T) {
			r := io.MultiReader(strings.NewReader(",a,b,c,d\na,0,1,0,0\n"), iotest.ErrReader(boom))
			var last error
			for _, err := range netfile.Read(r, "x", netfile.Options{Dataset: "d", Format: format}) {
				if err != nil {
					last = err
				}
			}
			var ie *tideline.InputError
			if !errors.Is(last, boom) || errors.As(last, &ie) {
				t.Errorf("last error = %v; want one wrapping %v", last, boom)
			}
		})
	}
}

// TestRead_Stop checks that breaking out of the loop at any point is safe.
func TestRead_Stop(t *testing.T) {
	inputs := map[string]string{
		"edgelist": "a b x\na b 1\nb c 1\nc d 1\n",
		"matrix":   ",a,b,c,d\na,0,1,0,0\nb,1,0,x,0\nc,0,0,0,1\nd,0,1,1,0\nz,1\n",
		"twomode":  ",e1,e2\na,1,x\nb,1,1\n",
	}
	for format, in := range inputs {
		for _, directed := range []bool{false, true} {
			total := 0
			for range netfile.Read(strings.NewReader(in), "x", netfile.Options{Dataset: "d", Format: format, Directed: directed}) {
				total++
			}
			for stop := 0; stop < total; stop++ {
				k := 0
				for range netfile.Read(strings.NewReader(in), "x", netfile.Options{Dataset: "d", Format: format, Directed: directed}) {
					if k == stop {
						break
					}
					k++
				}
			}
		}
	}
}

func TestIDs(t *testing.T) {
	sum := func(s string) string { h := sha1.Sum([]byte(s)); return hex.EncodeToString(h[:]) }
	if got, want := netfile.PersonID("ds", "a"), sum("ds\x00node\x00a\x00"); got != want {
		t.Errorf("PersonID(ds, a) = %s; want %s", got, want)
	}
	if got, want := netfile.LinkID("ds", "Call", "a", "b"), sum("ds\x00Call\x00a\x00b\x00"); got != want {
		t.Errorf("LinkID(ds, Call, a, b) = %s; want %s", got, want)
	}
	if got, want := netfile.RowLinkID("ds", "Call", "a", "b", 12), sum("ds\x00Call\x00a\x00b\x0012\x00"); got != want {
		t.Errorf("RowLinkID(ds, Call, a, b, 12) = %s; want %s", got, want)
	}
	if netfile.RowLinkID("ds", "Call", "a", "b", 1) == netfile.RowLinkID("ds", "Call", "a", "b", 2) {
		t.Error("RowLinkID ignores the line")
	}
	if netfile.RowLinkID("ds", "Call", "a", "b", 1) != netfile.RowLinkID("ds", "Call", "a", "b", 1) {
		t.Error("RowLinkID is not stable")
	}
	if got, want := netfile.EventID("ds", "m"), sum("ds\x00event\x00m\x00"); got != want {
		t.Errorf("EventID(ds, m) = %s; want %s", got, want)
	}
	if netfile.PersonID("ds", "a") == netfile.PersonID("ds2", "a") {
		t.Error("PersonID ignores the dataset")
	}
	if netfile.PersonID("d", "sa") == netfile.PersonID("ds", "a") {
		t.Error("PersonID parts are not separated")
	}
	if netfile.LinkID("ds", "Call", "a", "b") == netfile.LinkID("ds", "Call", "b", "a") {
		t.Error("LinkID ignores the order")
	}
	if netfile.LinkID("ds", "Call", "a", "b") == netfile.LinkID("ds", "Associate", "a", "b") {
		t.Error("LinkID ignores the schema")
	}
	if netfile.EventID("ds", "a") == netfile.PersonID("ds", "a") {
		t.Error("EventID equals PersonID")
	}
}
