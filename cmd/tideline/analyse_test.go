package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tideline-oss/tideline/internal/sharedtest"
)

// TestAnalyseSubcommands runs each analyse subcommand on the Montagna
// meetings and the CAVIAR phases as an analyst would, checking published
// figures where there are some.
func TestAnalyseSubcommands(t *testing.T) {
	data := sharedtest.DataDir(t)
	dir := t.TempDir()
	t.Chdir(dir)
	db := filepath.Join(dir, "t.db")
	load := func(dataset, link string, directed bool, path ...string) {
		t.Helper()
		args := []string{"--db", db, "ingest", "--format", "network", "--link", link, "--dataset", dataset, "--namespace", strings.Split(dataset, "_")[0]}
		if directed {
			args = append(args, "--directed")
		}
		if code, _, errs := run(t, append(args, filepath.Join(append([]string{data}, path...)...))...); code != 0 {
			t.Fatalf("ingest %s: %s", dataset, errs)
		}
	}
	load("montagna_meetings", "Associate", false, "networks", "montagna", "Montagna_meetings_edgelist.csv")
	for _, p := range []string{"1", "11"} {
		load("caviar_phase"+p, "Call", true, "networks", "caviar", "phase"+p+".csv")
	}
	m := []string{"--db", db, "analyse", "--dataset", "montagna_meetings"}
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"centrality", "--measure", "degree,betweenness,core", "--top", "2"},
			[]string{"1  18  Person  24", "1  18  Person  0.3732", "2  47  Person  0.2198", "core: k-core number"}},
		{[]string{"communities", "--top", "3"}, []string{"leiden, resolution 1:", "modularity Q=0.6"}},
		{[]string{"communities", "--algorithm", "louvain", "--resolution", "2"}, []string{"louvain, resolution 2:"}},
		{[]string{"disrupt", "--removals", "5"}, []string{"1     18       88   0.957", "5     68       39   0.424"}},
		{[]string{"disrupt", "--strategy", "keyplayer", "--removals", "5"}, []string{"1     "}},
		{[]string{"path", "18", "47", "--k", "2"}, []string{"path 1: 1 hops", "path 2: 2 hops", "-- Associate (1 tie) --> 47"}},
		{[]string{"path", "18", "47", "--max-hops", "2", "--k", "50"}, []string{"path 1: 1 hops"}},
		{[]string{"neighbours", "25", "--hops", "1"}, []string{"0     25       Person", "1     27       Person"}},
		{[]string{"connect", "18", "25", "29", "--steiner"}, []string{"3 nodes, 2 links"}},
	} {
		code, out, errs := run(t, append(m, tt.args...)...)
		if code != 0 {
			t.Errorf("%v: exit %d: %s", tt.args, code, errs)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, w, out)
			}
		}
	}
	code, out, errs := run(t, "--db", db, "analyse", "timeline", "--phases", "caviar_phase1,caviar_phase11", "--json")
	var tl []struct {
		Label     string
		Nodes     int
		TopDegree []struct{ Caption string } `json:"top_degree"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &tl) != nil || len(tl) != 2 || tl[0].Nodes != 15 || tl[1].TopDegree[0].Caption != "12" {
		t.Errorf("timeline: exit %d %s %s; want phase 1 of 15 nodes and n12 on top of phase 11", code, out, errs)
	}
	for _, tt := range []struct {
		args []string
		err  string
	}{
		{[]string{"path", "18", "nobody"}, "nobody is not in the graph selected"},
		{[]string{"centrality", "--measure", "charisma"}, `measure "charisma"`},
		{[]string{"disrupt", "--strategy", "luck"}, `strategy "luck"`},
		{[]string{"communities", "--resolution", "0"}, "resolution 0"},
		{[]string{"communities", "--algorithm", "astrology"}, `algorithm "astrology"`},
		{[]string{"--grading", "9Z", "centrality"}, "--grading"},
		{[]string{"--from", "2024-13-01", "centrality"}, "--from"},
		{[]string{"timeline"}, "timeline needs --phases"},
	} {
		if code, _, errs := run(t, append(m, tt.args...)...); code == 0 || !strings.Contains(errs, tt.err) {
			t.Errorf("%v: exit %d, %q; want an error mentioning %q", tt.args, code, errs, tt.err)
		}
	}
}
