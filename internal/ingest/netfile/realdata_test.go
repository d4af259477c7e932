package netfile_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tideline-oss/tideline/internal/ingest/netfile"
	"github.com/tideline-oss/tideline/internal/sharedtest"
)

// The figures below are the "computed here" and paper figures of
// shared/data/networks/README.md (undirected simple graph, OR of both
// directions, self-loops dropped).

func TestRead_Montagna(t *testing.T) {
	t.Run("Meetings", func(t *testing.T) {
		p := sharedtest.Path(t, "networks", "montagna", "Montagna_meetings_edgelist.csv")
		g := read(t, p, netfile.Options{Dataset: "montagna", Link: "Associate", Relationship: "met"})
		if len(g.errs) > 0 {
			t.Fatalf("errors: %v", errStrings(g.errs))
		}
		if g.n() != 101 || g.m() != 256 {
			t.Errorf("meetings: n=%d m=%d; want n=101 m=256", g.n(), g.m())
		}
		// 289 rows, one link each: reversed rows (A B, B A) are two links
		// between the same people, which the simple graph merges.
		if g.linkFrags != 289 || len(g.links) != 289 {
			t.Errorf("meetings: %d link fragments, %d links; want 289, 289", g.linkFrags, len(g.links))
		}
		if name, deg := g.top(); name != "18" || deg != 24 {
			t.Errorf("meetings: top degree %s (%d); want 18 (24)", name, deg)
		}
		for _, l := range g.links {
			if l.First("relationship") != "met" {
				t.Fatalf("link %s: relationship %v; want met", l.ID, l.Get("relationship"))
			}
		}
		// Rows 30 "11 12 9" and 57 "12 11 1" are two links, both from 11 to
		// 12 (labels in order), with weights 9 and 1.
		for _, row := range []struct {
			line   int
			weight string
		}{{30, "9"}, {57, "1"}} {
			id := netfile.RowLinkID("montagna", "Associate", netfile.PersonID("montagna", "11"), netfile.PersonID("montagna", "12"), row.line)
			if l := g.links[id]; l == nil || strings.Join(l.Get("weight"), ",") != row.weight ||
				l.First("person") != netfile.PersonID("montagna", "11") {
				t.Errorf("link 11-12 from line %d = %v; want person 11, weight %s", row.line, l, row.weight)
			}
		}
	})
	t.Run("PhoneCalls", func(t *testing.T) {
		p := sharedtest.Path(t, "networks", "montagna", "Montagna_phonecalls_edgelist.csv")
		g := read(t, p, netfile.Options{Dataset: "montagna", Link: "Call", Directed: true})
		if len(g.errs) > 0 {
			t.Fatalf("errors: %v", errStrings(g.errs))
		}
		if g.n() != 100 || g.m() != 124 {
			t.Errorf("phone calls: n=%d m=%d; want n=100 m=124", g.n(), g.m())
		}
		if len(g.links) != 150 {
			t.Errorf("phone calls: %d directed links; want 150 (one per row)", len(g.links))
		}
		if name, deg := g.top(); name != "18" || deg != 25 {
			t.Errorf("phone calls: top degree %s (%d); want 18 (25)", name, deg)
		}
		// Row 3 is "19 18 6": a Call from 19 to 18.
		l := g.links[netfile.RowLinkID("montagna", "Call", netfile.PersonID("montagna", "19"), netfile.PersonID("montagna", "18"), 3)]
		if l == nil || l.First("caller") != netfile.PersonID("montagna", "19") ||
			l.First("receiver") != netfile.PersonID("montagna", "18") || l.First("weight") != "6" {
			t.Errorf("call 19->18 = %v; want caller 19, receiver 18, weight 6", l)
		}
	})
}

func TestRead_CAVIAR(t *testing.T) {
	for _, tc := range []struct {
		phase        int
		n, arcs, m   int
		calls        float64
		top          string
		topDeg, deg1 int
	}{
		{1, 15, 26, 18, 59, "1", 12, 12},
		{2, 24, 35, 28, 120, "1", 19, 19},
		{3, 33, 68, 56, 282, "1", 27, 27},
		{4, 33, 65, 48, 456, "1", 23, 23},
		{5, 32, 50, 39, 162, "1", 22, 22},
		{6, 27, 68, 47, 668, "1", 18, 18},
		{7, 36, 63, 49, 379, "1", 24, 24},
		{8, 42, 75, 58, 335, "1", 20, 20},
		{9, 34, 60, 44, 317, "3", 11, -1},
		{10, 42, 68, 50, 478, "1", 13, 13},
		{11, 41, 72, 50, 355, "12", 12, -1},
	} {
		t.Run(fmt.Sprintf("phase%d", tc.phase), func(t *testing.T) {
			p := sharedtest.Path(t, "networks", "caviar", fmt.Sprintf("phase%d.csv", tc.phase))
			g := read(t, p, netfile.Options{Dataset: "caviar", Link: "Call", Directed: true})
			if len(g.errs) > 0 {
				t.Fatalf("errors: %v", errStrings(g.errs))
			}
			if g.n() != tc.n || g.m() != tc.m || len(g.links) != tc.arcs || g.weightSum != tc.calls {
				t.Errorf("n=%d m=%d arcs=%d calls=%v; want n=%d m=%d arcs=%d calls=%v",
					g.n(), g.m(), len(g.links), g.weightSum, tc.n, tc.m, tc.arcs, tc.calls)
			}
			if name, deg := g.top(); name != tc.top || deg != tc.topDeg {
				t.Errorf("top degree %s (%d); want %s (%d)", name, deg, tc.top, tc.topDeg)
			}
			if tc.deg1 > 0 && g.degree("1") != tc.deg1 {
				t.Errorf("degree of n1 = %d; want %d", g.degree("1"), tc.deg1)
			}
			// Undirected reading gives the same simple graph, one link per pair.
			u := read(t, p, netfile.Options{Dataset: "caviar"})
			if u.n() != tc.n || u.m() != tc.m || len(u.links) != tc.m || u.weightSum != tc.calls {
				t.Errorf("undirected: n=%d m=%d links=%d weights=%v; want n=%d m=%d links=%d weights=%v",
					u.n(), u.m(), len(u.links), u.weightSum, tc.n, tc.m, tc.m, tc.calls)
			}
		})
	}
}

// matrixFile is one labelled adjacency matrix with its README figures.
type matrixFile struct {
	dir, file  string
	bom        bool
	n, m       int
	arcs       int // non-zero off-diagonal cells
	cells      float64
	symmetric  bool
	isolates   int
	top        string // a node of highest degree
	topDegree  int
	checkLabel string // another label whose presence proves labels are kept
}

var matrixFiles = []matrixFile{
	{"ucinet_covert", "morselli_caviar.csv", true, 110, 205, 295, 3546, false, 0, "1", 60, "12"},
	{"ucinet_covert", "morselli_cielnet.csv", true, 25, 35, 45, 198, false, 0, "N2", 12, "N1"},
	{"ucinet_covert", "morselli_siren.csv", true, 44, 103, 206, 206, true, 0, "1", 33, "44"},
	{"ucinet_covert", "morselli_togo.csv", true, 33, 47, 94, 94, true, 0, "1", 19, "33"},
	{"ucinet_covert", "natajaran_cocaine.csv", true, 28, 40, 40, 151, false, 0, "Kay", 24, "Tommy"},
	{"ucinet_covert", "natajaran_heroin.csv", true, 38, 87, 168, 168, false, 0, "Mr.DD", 20, "Mr.X"},
	{"ucinet_covert", "berlusconietal_oversize.csv", false, 89, 146, 292, 292, true, 0, "X9", 17, "X49"},
	{"ucinet_covert", "luciaetal_montagna.csv", false, 40, 51, 72, 161, false, 7, "N47", 14, "N18"},
	{"ucinet_covert", "macdonald_tfc.csv", false, 112, 361, 722, 890, true, 0, "francesco coppola", 27, "salvatore lucania"},
	{"ucinet_covert", "ITALIAN_GANGS.csv", true, 67, 114, 228, 228, true, 0, "N19", 21, "N1"},
	{"ucinet_covert", "LONDON_GANG.csv", true, 54, 315, 630, 1010, true, 0, "1", 25, "54"},
	{"ucinet_covert", "MONTREALGANG.csv", true, 35, 78, 153, 153, false, 2, "BMF", 18, "Bo-Gars"},
	{"corenets/cocaine_smuggling_acero", "COCAINE_ACERO.csv", true, 25, 37, 70, 70, false, 0, "SAR", 13, "AAR"},
	{"corenets/cocaine_smuggling_jake", "COCAINE_JAKE.csv", true, 38, 50, 68, 70, false, 0, "JES", 12, "VFH"},
	{"corenets/cocaine_smuggling_juanes", "COCAINE_JUANES.csv", true, 51, 93, 171, 171, false, 0, "OJSR", 16, "EHJ"},
	{"corenets/cocaine_smuggling_mambo", "COCAINE_MAMBO.csv", true, 31, 58, 110, 111, false, 0, "SNRM", 15, "A"},
}

func TestRead_Matrices(t *testing.T) {
	for _, tc := range matrixFiles {
		t.Run(tc.file, func(t *testing.T) {
			p := sharedtest.Path(t, append([]string{"networks"}, append(strings.Split(tc.dir, "/"), tc.file)...)...)
			if raw := mustRead(t, p); strings.HasPrefix(raw, "\ufeff") != tc.bom {
				t.Fatalf("BOM = %v; want %v", !tc.bom, tc.bom)
			}
			for _, directed := range []bool{false, true} {
				opt := netfile.Options{Dataset: "ucinet", Directed: directed} // Format auto
				g := read(t, p, opt)
				if len(g.errs) > 0 {
					t.Fatalf("directed=%v: errors: %v", directed, errStrings(g.errs))
				}
				if g.n() != tc.n || g.m() != tc.m || g.isolates() != tc.isolates {
					t.Errorf("directed=%v: n=%d m=%d isolates=%d; want n=%d m=%d isolates=%d",
						directed, g.n(), g.m(), g.isolates(), tc.n, tc.m, tc.isolates)
				}
				// top is a node of highest degree (JAKE: JES ties with ABFM).
				if _, deg := g.top(); deg != tc.topDegree || g.degree(tc.top) != tc.topDegree {
					t.Errorf("directed=%v: degree of %s = %d, top degree %d; want %d", directed, tc.top, g.degree(tc.top), deg, tc.topDegree)
				}
				if _, ok := g.ids[tc.checkLabel]; !ok {
					t.Errorf("directed=%v: no Person named %q", directed, tc.checkLabel)
				}
				// Directed: one link per non-zero cell, weights sum to the cells.
				// Undirected: one link per pair; a symmetric matrix gives each
				// tie once (half the cells), an asymmetric one sums both cells.
				wantLinks, wantWeight := tc.arcs, tc.cells
				if !directed {
					wantLinks = tc.m
					if tc.symmetric {
						wantWeight = tc.cells / 2
					}
				}
				if len(g.links) != wantLinks || g.linkFrags != wantLinks || g.weightSum != wantWeight {
					t.Errorf("directed=%v: %d links (%d fragments), weights %v; want %d links, weights %v",
						directed, len(g.links), g.linkFrags, g.weightSum, wantLinks, wantWeight)
				}
			}
		})
	}
}

func TestRead_TwoMode(t *testing.T) {
	p := sharedtest.Path(t, "networks", "ucinet_covert", "NDRANGHETAMAFIA_2M.csv")
	g := read(t, p, netfile.Options{Dataset: "infinito", Format: "twomode"})
	if len(g.errs) > 0 {
		t.Fatalf("errors: %v", errStrings(g.errs))
	}
	if g.n() != 156 || len(g.events) != 47 {
		t.Errorf("%d persons, %d events; want 156, 47", g.n(), len(g.events))
	}
	// Project onto people: two people are tied when they attended one summit.
	attend := map[string]bool{}
	participations := 0
	proj := map[string]map[string]bool{}
	for _, ev := range g.events {
		inv := ev.Get("involved")
		participations += len(inv)
		for _, a := range inv {
			attend[a] = true
			for _, b := range inv {
				if a != b {
					if proj[a] == nil {
						proj[a] = map[string]bool{}
					}
					proj[a][b] = true
				}
			}
		}
	}
	edges := 0
	for _, nb := range proj {
		edges += len(nb)
	}
	if participations != 455 || len(attend) != 151 || len(proj) != 151 || edges/2 != 1619 {
		t.Errorf("participations=%d attending=%d projection n=%d m=%d; want 455, 151, 151, 1619",
			participations, len(attend), len(proj), edges/2)
	}
	if d := len(proj[g.ids["MANNO Alessandro"]]); d != 75 {
		t.Errorf("projected degree of MANNO Alessandro = %d; want 75", d)
	}
	ev := g.events[netfile.EventID("infinito", `18/10/2007(L), summit-dinner at "la cadgrega" restaurant in Limito di Pioltello (Mi)`)]
	if ev == nil {
		t.Errorf("no Event for the first summit (quoted label with \"\")")
	}
}

// TestRead_TwoModeAsMatrix reads the person x summit file as a one-mode
// matrix by mistake: the label mismatch and the shape are reported once
// each, and the rest still loads.
func TestRead_TwoModeAsMatrix(t *testing.T) {
	p := sharedtest.Path(t, "networks", "ucinet_covert", "NDRANGHETAMAFIA_2M.csv")
	g := read(t, p, netfile.Options{Dataset: "infinito"})
	want := []string{
		`NDRANGHETAMAFIA_2M.csv:2: label: row label "ALBANESE Giuseppe Domenico" does not match column label "18/10/2007(L), summit-dinner at \"la cadgrega\" restaurant in Limito di Pioltello (Mi)"; rows are read with their own labels`,
		"NDRANGHETAMAFIA_2M.csv:157: ZOITI Felice: matrix is not square: 156 rows, 47 columns",
	}
	if got := errStrings(g.errs); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if g.n() != 156+47 || len(g.links) != 455 {
		t.Errorf("n=%d links=%d; want %d, 455", g.n(), len(g.links), 156+47)
	}
}

// TestRead_PhasesMerge loads every CAVIAR phase into one dataset: people
// keep their ids across phases, so the union is a single network.
func TestRead_PhasesMerge(t *testing.T) {
	people := map[string]bool{}
	for phase := 1; phase <= 11; phase++ {
		p := sharedtest.Path(t, "networks", "caviar", fmt.Sprintf("phase%d.csv", phase))
		g := read(t, p, netfile.Options{Dataset: "caviar"})
		for id := range g.names {
			people[id] = true
		}
	}
	if len(people) != 107 {
		t.Errorf("union of phases: %d people; want 107", len(people))
	}
	if !people[netfile.PersonID("caviar", "1")] {
		t.Errorf("n1 missing from union")
	}
}

func mustRead(t *testing.T, p string) string {
	t.Helper()
	g, err := readFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return g
}
