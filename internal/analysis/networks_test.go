package analysis_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/analysis"
	"github.com/tideline-oss/tideline/internal/ingest/netfile"
)

// TestTimeline_CAVIAR reproduces the per-phase table of
// ../shared/data/networks/README.md §2 (n, undirected m, top degree, top
// betweenness) through Timeline over the 11 wiretap phases, and the story:
// n1 dominates the early phases; by phase 11 n12 has the highest degree.
func TestTimeline_CAVIAR(t *testing.T) {
	db := mustOpen(t)
	want := []struct {
		n, m   int
		degree ranked
		betw   []ranked
	}{
		{15, 18, ranked{"1", 12}, []ranked{{"1", 0.907}}},
		{24, 28, ranked{"1", 19}, []ranked{{"1", 0.943}}},
		{33, 56, ranked{"1", 27}, []ranked{{"1", 0.830}}},
		{33, 48, ranked{"1", 23}, []ranked{{"1", 0.839}}},
		{32, 39, ranked{"1", 22}, []ranked{{"1", 0.884}, {"12", 0.270}}},
		{27, 47, ranked{"1", 18}, []ranked{{"1", 0.543}, {"12", 0.382}}},
		{36, 49, ranked{"1", 24}, []ranked{{"1", 0.589}}},
		{42, 58, ranked{"1", 20}, []ranked{{"1", 0.554}, {"12", 0.357}}},
		{34, 44, ranked{"3", 11}, []ranked{{"3", 0.576}, {"12", 0.357}, {"1", 0.249}}},
		{42, 50, ranked{"1", 13}, []ranked{{"1", 0.343}, {"87", 0.188}}},
		{41, 50, ranked{"12", 12}, []ranked{{"41", 0.554}, {"1", 0.526}, {"12", 0.430}}},
	}
	var labels []string
	var graphs []*analysis.Graph
	for i := range want {
		ds := fmt.Sprintf("caviar_phase%d", i+1)
		loadNetwork(t, db, ds, netfile.Options{Link: "Call", Directed: true, Namespace: "caviar"}, "networks", "caviar", fmt.Sprintf("phase%d.csv", i+1))
		g, err := analysis.Build(context.Background(), db, analysis.Options{Filter: tideline.EntityFilter{Datasets: []string{ds}}})
		if err != nil {
			t.Fatal(err)
		}
		labels, graphs = append(labels, ds), append(graphs, g)
	}
	tl := analysis.Timeline(labels, graphs, 3)
	for i, w := range want {
		got := tl[i]
		if got.Nodes != w.n || got.Edges != w.m {
			t.Errorf("phase %d: n=%d m=%d; want %d, %d", i+1, got.Nodes, got.Edges, w.n, w.m)
		}
		check(t, fmt.Sprintf("phase %d degree", i+1), got.TopDegree, []ranked{w.degree}, 0)
		check(t, fmt.Sprintf("phase %d betweenness", i+1), got.TopBetweenness, w.betw, 5e-4)
	}
	if tl[0].Entered != 0 || tl[1].Entered == 0 || tl[10].Left == 0 {
		t.Errorf("entered/left: phase 1 %d, phase 2 %d entered; phase 11 %d left", tl[0].Entered, tl[1].Entered, tl[10].Left)
	}
}

// TestUCINETTopPlayers checks the key players of the UCINET covert
// networks listed in ../shared/data/networks/README.md §3 (undirected
// binary: top degree with its count, top betweenness normalised).
func TestUCINETTopPlayers(t *testing.T) {
	db := mustOpen(t)
	for _, tt := range []struct {
		file   string
		n, m   int
		degree ranked
		betw   []ranked
	}{
		{"morselli_cielnet.csv", 25, 35, ranked{"N2", 12}, []ranked{{"N2", 0.641}, {"N1", 0.591}}},
		{"morselli_siren.csv", 44, 103, ranked{"1", 33}, []ranked{{"1", 0.798}}},
		{"morselli_togo.csv", 33, 47, ranked{"1", 19}, []ranked{{"1", 0.783}}},
		{"natajaran_cocaine.csv", 28, 40, ranked{"Kay", 24}, []ranked{{"Kay", 0.887}}},
		{"natajaran_heroin.csv", 38, 87, ranked{"Mr.DD", 20}, []ranked{{"Mr.DD", 0.375}, {"Mr.X", 0.355}}},
		{"berlusconietal_oversize.csv", 89, 146, ranked{"X9", 17}, []ranked{{"X49", 0.271}, {"X9", 0.240}}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			ds := "ucinet_" + tt.file[:len(tt.file)-4]
			loadNetwork(t, db, ds, netfile.Options{Link: "Associate"}, "networks", "ucinet_covert", tt.file)
			g, err := analysis.Build(context.Background(), db, analysis.Options{Filter: tideline.EntityFilter{Datasets: []string{ds}}})
			if err != nil {
				t.Fatal(err)
			}
			if g.G.N() != tt.n || g.G.M() != tt.m {
				t.Errorf("n=%d m=%d; want %d, %d", g.G.N(), g.G.M(), tt.n, tt.m)
			}
			rs, err := analysis.Centrality(g, analysis.CentralityOptions{Measures: []string{"degree", "betweenness"}, TopN: 3})
			if err != nil {
				t.Fatal(err)
			}
			check(t, "degree", rs[0].Top, []ranked{tt.degree}, 0)
			check(t, "betweenness", rs[1].Top, tt.betw, 5e-4)
		})
	}
}

// TestDisrupt_Montagna: the sequential betweenness campaign on the
// meetings reproduces the published curve and order (README §1).
func TestDisrupt_Montagna(t *testing.T) {
	db := mustOpen(t)
	loadNetwork(t, db, "montagna_meetings", netfile.Options{Link: "Associate", Namespace: "montagna"}, "networks", "montagna", "Montagna_meetings_edgelist.csv")
	g, err := analysis.Build(context.Background(), db, analysis.Options{Filter: tideline.EntityFilter{Datasets: []string{"montagna_meetings"}}})
	if err != nil {
		t.Fatal(err)
	}
	steps, err := analysis.Disrupt(g, analysis.DisruptOptions{Strategy: "betweenness", Removals: 5})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{1.0, 0.957, 0.739, 0.717, 0.5, 0.424}
	var order []string
	for i, s := range steps {
		if d := s.LCCFraction - want[i]; d > 5e-4 || d < -5e-4 {
			t.Errorf("after %d removals: LCC fraction %.3f; want %.3f", i, s.LCCFraction, want[i])
		}
		for _, n := range s.Removed {
			order = append(order, n.Caption)
		}
	}
	if fmt.Sprint(order) != "[18 25 29 22 68]" {
		t.Errorf("removed %v; want [18 25 29 22 68]", order)
	}
	kp, err := analysis.Disrupt(g, analysis.DisruptOptions{Strategy: "keyplayer", Removals: 5})
	if err != nil || len(kp) != 2 || len(kp[1].Removed) != 5 || kp[1].Fragmentation < steps[5].Fragmentation-1e-12 {
		t.Errorf("key players: %+v, %v; want 5 removed at once, fragmenting at least as much as betweenness (%.4f)", kp, err, steps[5].Fragmentation)
	}
	if _, err := analysis.Disrupt(g, analysis.DisruptOptions{Strategy: "charm"}); tideline.ErrorCode(err) != tideline.EINVALID {
		t.Errorf("unknown strategy: %v", err)
	}
	// Communities: gonum's Modularize finds Q=0.611 and networkx's Louvain
	// 0.588 on these meetings (README §1); Leiden at least as good.
	for _, algo := range []string{"leiden", "louvain"} {
		c, err := analysis.Communities(g, algo, 1, 1, false, 3)
		if err != nil || c.Modularity < 0.58 || c.Modularity > 0.65 || len(c.Communities) < 8 {
			t.Errorf("%s: %d communities, Q=%.4f, %v; want Q in [0.58, 0.65] and 8 or more communities", algo, len(c.Communities), c.Modularity, err)
		}
		total := 0
		for _, x := range c.Communities {
			total += x.Size
		}
		if total != g.G.N() {
			t.Errorf("%s: communities hold %d nodes; want %d", algo, total, g.G.N())
		}
	}
}
