package netgraph_test

import (
	"encoding/csv"
	"math"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/tideline-oss/tideline/internal/netgraph"
	"github.com/tideline-oss/tideline/internal/sharedtest"
)

// The published disruption results of Cavallaro et al. (2020), PLOS ONE
// 15(8):e0236476 (github.com/lcucav/criminal-nets, disruption/results, copied
// to shared/data/networks/montagna/disruption_results): LCC/LCC0 after each
// removal for four strategies, sequential and block (5 nodes) removal,
// unweighted and weighted, on the meetings and phone-call layers.
//
// What the authors' code (disruption/src/network-disruption.py, networkx 2.x)
// does, and how the test mirrors it:
//   - The graph is a networkx Graph built with add_edge(u, v, weight=w) row by
//     row: undirected, a repeated or reciprocal pair keeps the weight of its
//     last row. Node order is the order of first appearance.
//   - Betweenness: betweenness_centrality(G) or (G, weight="weight"), weights
//     as path lengths. Degree: degree/(n−1) or strength/(n−1). Katz:
//     katz_centrality_numpy(G) or (G, weight="weight"), α = 0.1, β = 1, a
//     linear solve; α is below 1/λmax unweighted (λmax 9.36 meetings, 6.13
//     phone calls) but above it weighted (λmax 23.4 and 14.3), where the
//     power iteration diverges, so the weighted columns need KatzSolve.
//     Collective Influence: (k_i−1) Σ_{j~i} (k_j−1), strengths when weighted,
//     that is CI at radius 1.
//   - Picking: Python's stable sort by score, highest taken from the end, so
//     ties go to the node that appeared last in the edge list; Collective
//     Influence is sorted as a numpy structured array (id, score) on score,
//     ties by id, again taken from the end: ties go to the largest label.
//   - Sequential: LCC recorded, then one removal, until 5 nodes remain; block:
//     LCC recorded, then the top 5 removed at once.
//   - The value written is 1 − |(LCC − LCC0)/LCC0|.
//
// networkx 2.8.8 run on the same files reproduces all 32 columns bit for bit.

// readDisruptionCSV returns the header and the value columns (after the
// index and "No" columns) of one results file.
func readDisruptionCSV(t *testing.T, rel string) (header []string, no []int, cols [][]float64) {
	t.Helper()
	path := sharedtest.Path(t, "networks", "montagna", "disruption_results", rel)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header = rows[0][2:]
	cols = make([][]float64, len(header))
	for _, r := range rows[1:] {
		k, err := strconv.Atoi(r[1])
		if err != nil {
			t.Fatal(err)
		}
		no = append(no, k)
		for c := range header {
			x, err := strconv.ParseFloat(r[2+c], 64)
			if err != nil {
				t.Fatal(err)
			}
			cols[c] = append(cols[c], x)
		}
	}
	return header, no, cols
}

// montagnaFirst holds the first removals of each strategy (sequential: the
// first five nodes; block: the first two blocks, each sorted), as networkx
// 2.8.8 running the authors' code removes them, by file label.
var montagnaFirst = map[string][]int{
	"sequential/meeting/Unweighted/Betweenness":              {18, 25, 29, 22, 68}, // also in the data README
	"sequential/meeting/Unweighted/Katz":                     {47, 18, 12, 27, 68},
	"sequential/meeting/Unweighted/Collective Influence":     {18, 47, 12, 27, 68},
	"sequential/meeting/Unweighted/Degree":                   {18, 47, 12, 68, 27},
	"sequential/meeting/Weighted/Betweenness":                {18, 25, 68, 29, 27},
	"sequential/meeting/Weighted/Katz":                       {18, 12, 22, 11, 25},
	"sequential/meeting/Weighted/Collective Influence":       {47, 18, 89, 27, 12},
	"sequential/meeting/Weighted/Degree":                     {47, 89, 18, 27, 22},
	"sequential/phone_calls/Unweighted/Betweenness":          {18, 61, 47, 29, 77}, // also in the data README
	"sequential/phone_calls/Unweighted/Katz":                 {47, 18, 61, 27, 68},
	"sequential/phone_calls/Unweighted/Collective Influence": {47, 18, 61, 68, 29},
	"sequential/phone_calls/Unweighted/Degree":               {18, 47, 61, 27, 68},
	"sequential/phone_calls/Weighted/Betweenness":            {18, 61, 47, 27, 54},
	"sequential/phone_calls/Weighted/Katz":                   {61, 75, 47, 68, 27},
	"sequential/phone_calls/Weighted/Collective Influence":   {18, 47, 61, 75, 27},
	"sequential/phone_calls/Weighted/Degree":                 {18, 47, 61, 75, 68},
	"block/meeting/Unweighted/Betweenness":                   {12, 18, 27, 47, 68, 22, 23, 25, 29, 51},
	"block/meeting/Unweighted/Katz":                          {18, 27, 29, 47, 68, 5, 6, 11, 12, 25},
	"block/meeting/Unweighted/Collective Influence":          {12, 18, 27, 47, 68, 5, 6, 11, 25, 48},
	"block/meeting/Unweighted/Degree":                        {12, 18, 27, 47, 68, 11, 22, 25, 48, 89},
	"block/meeting/Weighted/Betweenness":                     {12, 18, 27, 47, 68, 22, 23, 25, 29, 54},
	"block/meeting/Weighted/Katz":                            {18, 22, 25, 29, 64, 11, 12, 13, 14, 15},
	"block/meeting/Weighted/Collective Influence":            {18, 27, 47, 68, 89, 11, 12, 22, 25, 29},
	"block/meeting/Weighted/Degree":                          {18, 27, 47, 68, 89, 12, 22, 25, 29, 48},
	"block/phone_calls/Unweighted/Betweenness":               {18, 29, 47, 61, 75, 27, 45, 68, 69, 77},
	"block/phone_calls/Unweighted/Katz":                      {18, 27, 47, 61, 68, 29, 45, 54, 75, 77},
	"block/phone_calls/Unweighted/Collective Influence":      {18, 27, 29, 47, 61, 45, 54, 58, 68, 75},
	"block/phone_calls/Unweighted/Degree":                    {18, 27, 47, 61, 68, 11, 29, 45, 75, 77},
	"block/phone_calls/Weighted/Betweenness":                 {18, 27, 47, 61, 70, 29, 54, 68, 69, 77},
	"block/phone_calls/Weighted/Katz":                        {61, 67, 75, 112, 131, 27, 29, 43, 47, 54},
	"block/phone_calls/Weighted/Collective Influence":        {18, 27, 29, 47, 61, 45, 58, 68, 75, 112},
	"block/phone_calls/Weighted/Degree":                      {18, 29, 47, 61, 75, 11, 27, 45, 68, 99},
}

// montagnaDeviation is the one published value that the documented tie rule
// does not give (see TestMontagnaDisruption/…/Katz and
// TestMontagnaKatzTriangles): after 45 block removals by unweighted Katz on
// the meetings the paper has an LCC of 2, the documented rule 3.
const montagnaDeviation = "block/meeting/Unweighted/Katz"

// montagnaStrategy returns the score and tie priority of a column.
func montagnaStrategy(t *testing.T, nx nxGraph, column string, weighted, numpy bool) (netgraph.Score, []int) {
	t.Helper()
	reverse := slices.Clone(nx.appearance)
	slices.Reverse(reverse)
	switch column {
	case "Betweenness":
		return netgraph.BetweennessScore(weighted, 0), reverse
	case "Katz":
		if weighted || numpy {
			return netgraph.KatzSolveScore(0.1, 1, weighted), reverse
		}
		return netgraph.KatzScore(0.1, 1, false), reverse
	case "Collective Influence":
		desc := make([]int, nx.g.N())
		for i := range desc {
			desc[i] = nx.g.N() - 1 - i // ids are the labels in increasing order
		}
		return netgraph.CollectiveInfluenceScore(1, weighted), desc
	case "Degree":
		return netgraph.DegreeScore(weighted), reverse
	}
	t.Fatalf("unknown column %q", column)
	return nil, nil
}

// TestMontagnaDisruption reproduces every column of the published files.
//
// Documented: the package's tie rule (DefaultTieTolerance, then Priority),
// Katz by power iteration where it converges (unweighted) and by KatzSolve
// where it does not (weighted). All 32 columns agree bit for bit except one
// value: block/meeting/Unweighted/Katz at No=45, LCC 3 instead of the
// published 2. After 35 removals the largest components are eight of three
// nodes, four of them triangles ({0,1,2}, {10,13,14}, {40,41,42},
// {84,86,87}) whose twelve nodes have exactly the same Katz score
// (β/(1−2α) before normalisation). numpy's LU solve returns
// 0.13925061852837922 for one node of each triangle and 0.1392506185283792,
// one unit in the last place less, for the other eight, so the published
// block takes one node from each of the four triangles (87, 42, 14, 2, then
// 86) and breaks them all; the documented rule takes the twelve as tied and
// removes 87, 86, 84, 42, 41 by priority, leaving two triangles whole. The
// paper's value there is decided by floating-point rounding, not by a rule.
//
// NumpyRounding: exact comparison (TieTolerance < 0) and KatzSolve for Katz
// everywhere. KatzSolve eliminates in the same order as LAPACK's dgesv and
// happens to round these ties the same way, so all 32 columns, that value
// included, agree bit for bit; the Katz columns are checked in this mode too.
func TestMontagnaDisruption(t *testing.T) {
	for _, layer := range []struct{ file, dir string }{{"meetings", "meeting"}, {"phonecalls", "phone_calls"}} {
		nx := montagnaNX(t, layer.file)
		for _, weighted := range []bool{false, true} {
			wname, g := "Unweighted", nx.g.Unweighted()
			if weighted {
				wname, g = "Weighted", nx.g
			}
			for _, mode := range []string{"sequential", "block"} {
				header, no, cols := readDisruptionCSV(t, mode+"/"+layer.dir+"/df_"+wname+"_5nrem.csv")
				for c, column := range header {
					key := mode + "/" + layer.dir + "/" + wname + "/" + column
					for _, numpy := range []bool{false, true} {
						if numpy && column != "Katz" {
							continue
						}
						name := key + "/Documented"
						if numpy {
							name = key + "/NumpyRounding"
						}
						t.Run(name, func(t *testing.T) {
							score, priority := montagnaStrategy(t, nx, column, weighted, numpy)
							opts := netgraph.DisruptOptions{Priority: priority, SkipEfficiency: true, Removals: no[len(no)-1]}
							if numpy {
								opts.TieTolerance = -1
							}
							if mode == "block" {
								opts.Block = 5
							}
							steps := netgraph.Disrupt(g, score, opts)
							if len(steps) != len(no) {
								t.Fatalf("Disrupt gave %d steps; want %d", len(steps), len(no))
							}
							lcc0 := steps[0].LCC
							removed := 0
							var order []int
							for i, want := range cols[c] {
								st := steps[i]
								removed += len(st.Removed)
								if removed != no[i] {
									t.Fatalf("step %d: %d removed; want %d", i, removed, no[i])
								}
								for _, v := range st.Removed {
									order = append(order, nx.labels[v])
								}
								// The authors' expression, so that the float matches.
								got := 1 - math.Abs(float64(st.LCC-lcc0)/float64(lcc0))
								if key == montagnaDeviation && !numpy && no[i] == 45 {
									if st.LCC != 3 || math.Round(want*float64(lcc0)) != 2 {
										t.Errorf("No=45: LCC %d, published %v; want the known 3 vs 2 (the explanation in this test's doc no longer holds)", st.LCC, want*float64(lcc0))
									}
									continue
								}
								if got != want {
									t.Errorf("No=%d: LCC %d, 1−|ΔLCC/LCC0| = %v; want %v (LCC %.0f)", no[i], st.LCC, got, want, want*float64(lcc0))
								}
								if st.LCCFraction != float64(st.LCC)/float64(lcc0) {
									t.Errorf("No=%d: LCCFraction %v; want %d/%d", no[i], st.LCCFraction, st.LCC, lcc0)
								}
							}
							first := montagnaFirst[key]
							got := order[:len(first)]
							if mode == "block" {
								got = slices.Clone(got)
								slices.Sort(got[:5])
								slices.Sort(got[5:])
							}
							if !slices.Equal(got, first) {
								t.Errorf("first removals %v; want %v (networkx)", got, first)
							}
						})
					}
				}
			}
		}
	}
}

// TestMontagnaKatzTriangles checks the facts behind the one deviation of
// TestMontagnaDisruption: the state after 35 block removals by unweighted
// Katz on the meetings, and the two blocks that follow from it.
func TestMontagnaKatzTriangles(t *testing.T) {
	nx := montagnaNX(t, "meetings")
	g := nx.g.Unweighted()
	score, priority := montagnaStrategy(t, nx, "Katz", false, false)
	steps := netgraph.Disrupt(g, score, netgraph.DisruptOptions{Block: 5, Removals: 40, Priority: priority, SkipEfficiency: true})
	var removed []int
	for _, st := range steps[:8] {
		removed = append(removed, st.Removed...)
	}
	h, ids := remaining(g, removed)
	x, ok := netgraph.Katz(h, 0.1, 1, 1e-14, 10000, false)
	if !ok {
		t.Fatal("Katz did not converge")
	}
	top := topK(x, 12)
	var labels []int
	for _, v := range top {
		labels = append(labels, nx.labels[ids[v]])
		if !near(x[v], x[top[0]], 1e-15) {
			t.Errorf("Katz(%d) = %.17g; want %.17g, tied with the top", nx.labels[ids[v]], x[v], x[top[0]])
		}
	}
	slices.Sort(labels)
	if want := []int{0, 1, 2, 10, 13, 14, 40, 41, 42, 84, 86, 87}; !slices.Equal(labels, want) {
		t.Errorf("top 12 Katz after 35 removals = %v; want the four triangles %v", labels, want)
	}
	if next := x[topK(x, 13)[12]]; !(next < x[top[0]]*(1-1e-3)) {
		t.Errorf("13th Katz score %v is close to the triangles' %v", next, x[top[0]])
	}
	block := func(steps []netgraph.DisruptStep) []int {
		var out []int
		for _, v := range steps[8].Removed {
			out = append(out, nx.labels[v])
		}
		return out
	}
	if got, want := block(steps), []int{87, 86, 84, 42, 41}; !slices.Equal(got, want) {
		t.Errorf("block 8 by the documented rule = %v; want %v", got, want)
	}
	numpyScore, _ := montagnaStrategy(t, nx, "Katz", false, true)
	exact := netgraph.Disrupt(g, numpyScore, netgraph.DisruptOptions{Block: 5, Removals: 40, Priority: priority, SkipEfficiency: true, TieTolerance: -1})
	if got, want := block(exact), []int{87, 42, 14, 2, 86}; !slices.Equal(got, want) {
		t.Errorf("block 8 with numpy's rounding = %v; want %v (networkx)", got, want)
	}
}

// TestMontagnaMeasures checks fragmentation and efficiency along the
// sequential betweenness removals. F is networkx 2.8.8's connected_components
// put into Borgatti's formula. E is the exact rational Σ 1/d_ij / (n(n−1))
// (Python fractions over networkx's all_pairs_shortest_path_length),
// rounded once; networkx global_efficiency, which adds the 1/d terms in
// floating point, is up to 1.4e-14 away from it (0.29979632248938864 for the
// intact meetings network).
func TestMontagnaMeasures(t *testing.T) {
	for _, tc := range []struct {
		layer      string
		nodes, lcc []int
		comps      []int
		f, e       []float64
	}{
		{"meetings", []int{101, 100, 99, 98, 97, 96}, []int{92, 88, 68, 66, 46, 39}, []int{5, 7, 8, 9, 15, 17},
			[]float64{0.16990099009900994, 0.22525252525252526, 0.4937126365697794, 0.5112560488112771, 0.7276632302405499, 0.7842105263157895},
			[]float64{0.2997963224893918, 0.261986050986051, 0.1900324920733084, 0.17008998493850166, 0.12586984536082474, 0.10557957393483709}},
		{"phonecalls", []int{100, 99, 98, 97, 96, 95}, []int{89, 68, 51, 38, 35, 22}, []int{5, 23, 36, 46, 48, 50},
			[]float64{0.20626262626262626, 0.5271078128220985, 0.7271197138649275, 0.8436426116838488, 0.8640350877192983, 0.9303471444568869},
			[]float64{0.27115343915343915, 0.15993511401674668, 0.10080751004378187, 0.05657872756777396, 0.046915204678362576, 0.034311310190369544}},
	} {
		nx := montagnaNX(t, tc.layer)
		score, priority := montagnaStrategy(t, nx, "Betweenness", false, false)
		steps := netgraph.Disrupt(nx.g.Unweighted(), score, netgraph.DisruptOptions{Removals: 5, Priority: priority})
		for i, st := range steps {
			if st.Nodes != tc.nodes[i] || st.LCC != tc.lcc[i] || st.Components != tc.comps[i] {
				t.Errorf("%s step %d: nodes %d, LCC %d, components %d; want %d, %d, %d", tc.layer, i, st.Nodes, st.LCC, st.Components, tc.nodes[i], tc.lcc[i], tc.comps[i])
			}
			if !near(st.Fragmentation, tc.f[i], 1e-15) {
				t.Errorf("%s step %d: Fragmentation %.17g; want %.17g", tc.layer, i, st.Fragmentation, tc.f[i])
			}
			if !near(st.Efficiency, tc.e[i], 2e-16) {
				t.Errorf("%s step %d: Efficiency %.17g; want %.17g", tc.layer, i, st.Efficiency, tc.e[i])
			}
		}
	}
}
