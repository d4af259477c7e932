package resolution

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/normalize"
	"github.com/tideline-oss/tideline/internal/resolve"
)

// Report is the outcome of an evaluation on labelled data.
type Report struct {
	Dataset    string  `json:"dataset"`
	Task       string  `json:"task"`
	Records    int     `json:"records"`
	Candidates int     `json:"candidate_pairs,omitempty"`
	Threshold  float64 `json:"threshold"`
	// Pairwise and cluster metrics against the true clusters.
	Metrics *resolve.Metrics `json:"metrics,omitempty"`
	// Labels: predictions on a labelled sample of pairs, when the dataset
	// has one (fake_1000's clerical labels, the name bench).
	Labels *resolve.PairMetrics `json:"labels,omitempty"`
	// ByProfile and ByNoise break a scenario's metrics down.
	ByProfile []ProfileMetrics `json:"by_profile,omitempty"`
	ByNoise   []NoiseMetrics   `json:"by_noise,omitempty"`
	Seconds   float64          `json:"seconds"`
}

// ProfileMetrics is a scenario's metrics for one profile's entities.
type ProfileMetrics struct {
	Profile string          `json:"profile"`
	Metrics resolve.Metrics `json:"metrics"`
}

// NoiseMetrics restricts pairwise metrics to the pairs that involve at
// least one record carrying a noise kind, and record-level (B-cubed)
// metrics to the records carrying it.
type NoiseMetrics struct {
	Kind           string  `json:"kind"`
	Records        int     `json:"records"`
	TruePairs      int64   `json:"true_pairs"`
	PredictedPairs int64   `json:"predicted_pairs"`
	TruePositives  int64   `json:"true_positives"`
	Precision      float64 `json:"precision"`
	Recall         float64 `json:"recall"`
	F1             float64 `json:"f1"`
	// B-cubed over the records with the noise: for each, the share of
	// its predicted cluster that is truly its entity, and of its entity
	// that is in its predicted cluster (Bagga and Baldwin 1998).
	BCubedPrecision float64 `json:"bcubed_precision"`
	BCubedRecall    float64 `json:"bcubed_recall"`
	BCubedF1        float64 `json:"bcubed_f1"`
}

// Datasets lists the labelled datasets Evaluate knows, with their task.
var Datasets = map[string]string{
	"febrl4":         "link FEBRL dataset4a with dataset4b (5,000 true pairs)",
	"febrl3":         "deduplicate FEBRL dataset3 (5,000 records, 2,000 people)",
	"fake_1000":      "deduplicate Splink's fake_1000; F1 on its 3,176 clerical labels",
	"historical_50k": "deduplicate Splink's historical_figures_with_errors_50k against its clusters",
	"name_bench":     "match the Person name pairs of the OpenSanctions nomenklatura name bench",
}

// Evaluate runs resolution on a labelled dataset under dataDir (the shared
// data folder, holding er/) and scores it. opt.Threshold, when set,
// replaces the dataset's match threshold; opt.Workers bounds parallelism.
func Evaluate(ctx context.Context, dataDir, dataset string, opt Options) (*Report, error) {
	workers := opt.Workers
	start := time.Now()
	dir := filepath.Join(dataDir, "er")
	var rep *Report
	var err error
	switch dataset {
	case "febrl4":
		rep, err = evalFebrl(ctx, dir, true, workers, opt.Threshold)
	case "febrl3":
		rep, err = evalFebrl(ctx, dir, false, workers, opt.Threshold)
	case "fake_1000":
		rep, err = evalFake(ctx, dir, workers, opt.Threshold)
	case "historical_50k":
		rep, err = evalHistorical(ctx, dir, workers, opt.Threshold)
	case "name_bench":
		rep, err = evalNameBench(dir)
	default:
		names := make([]string, 0, len(Datasets))
		for k := range Datasets {
			names = append(names, k)
		}
		sort.Strings(names)
		return nil, tideline.Errorf(tideline.EINVALID, "unknown dataset %q (known: %s, scenario)", dataset, strings.Join(names, ", "))
	}
	if err != nil {
		return nil, err
	}
	rep.Dataset, rep.Task, rep.Seconds = dataset, Datasets[dataset], time.Since(start).Seconds()
	return rep, nil
}

// readCSV reads a CSV file whole, header first. Errors name the file.
func readCSV(path string, trimSpace bool) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, tideline.Errorf(tideline.ENOTFOUND, "cannot open %s: %v", path, err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.TrimLeadingSpace = trimSpace
	rows, err := r.ReadAll()
	if err != nil {
		return nil, tideline.Errorf(tideline.EINVALID, "%s: %v", path, err)
	}
	if len(rows) < 2 {
		return nil, tideline.Errorf(tideline.EINVALID, "%s: no records", path)
	}
	return rows, nil
}

// febrlSettings resolves FEBRL's person records: names with swaps, date of
// birth, social security number, street address, suburb, postcode, state.
func febrlSettings() resolve.Settings {
	return resolve.Settings{
		Fields: []resolve.Field{{Name: "given name", Kind: resolve.KindName}, {Name: "surname", Kind: resolve.KindName},
			{Name: "date of birth", Kind: resolve.KindDate}, {Name: "soc_sec_id", Kind: resolve.KindIdentifier},
			{Name: "address", Kind: resolve.KindAddress}, {Name: "suburb", Kind: resolve.KindText},
			{Name: "postcode", Kind: resolve.KindText}, {Name: "state", Kind: resolve.KindText}},
		Comparisons: []resolve.Comparison{
			{Name: "given name", Method: resolve.MethodNamePart, Field: 0, Other: 1, TF: true},
			{Name: "surname", Method: resolve.MethodNamePart, Field: 1, Other: 0, TF: true},
			{Name: "date of birth", Method: resolve.MethodDate, Field: 2, Other: -1},
			{Name: "soc_sec_id", Method: resolve.MethodIdentifier, Field: 3, Other: -1},
			{Name: "address", Method: resolve.MethodAddress, Field: 4, Other: -1},
			{Name: "suburb", Method: resolve.MethodText, Field: 5, Other: -1, TF: true},
			{Name: "postcode", Method: resolve.MethodExact, Field: 6, Other: -1, TF: true},
			{Name: "state", Method: resolve.MethodExact, Field: 7, Other: -1},
		},
		Blocking: []resolve.Block{{Rule: resolve.BlockNameYear, Field: 0, Date: 2}, {Rule: resolve.BlockNameYear, Field: 1, Date: 2},
			{Rule: resolve.BlockValue, Field: 3}, {Rule: resolve.BlockValuePair, Field: 1, Date: 6}, {Rule: resolve.BlockValuePair, Field: 0, Date: 6},
			{Rule: resolve.BlockDateInitial, Field: 0, Date: 2}},
	}
}

func readFebrl(path, source string) ([]resolve.Record, []string, error) {
	rows, err := readCSV(path, true)
	if err != nil {
		return nil, nil, err
	}
	var recs []resolve.Record
	var truth []string
	for i, row := range rows[1:] {
		if len(row) < 11 {
			return nil, nil, &tideline.InputError{File: path, Line: i + 2, Reason: fmt.Sprintf("%d columns; want 11", len(row))}
		}
		parts := strings.Split(row[0], "-")
		if len(parts) < 3 {
			return nil, nil, &tideline.InputError{File: path, Line: i + 2, Field: "rec_id", Reason: fmt.Sprintf("%q is not rec-N-org or rec-N-dup-K", row[0])}
		}
		dob := row[9]
		if len(dob) == 8 {
			dob = dob[:4] + "-" + dob[4:6] + "-" + dob[6:]
		}
		recs = append(recs, resolve.Record{ID: row[0], Source: source, Values: [][]string{{row[1]}, {row[2]}, {dob}, {row[10]},
			{strings.Join([]string{row[3], row[4], row[5]}, " ")}, {row[6]}, {row[7]}, {row[8]}}})
		truth = append(truth, parts[1])
	}
	return recs, truth, nil
}

func evalFebrl(ctx context.Context, dir string, link bool, workers int, threshold float64) (*Report, error) {
	s := febrlSettings()
	s.Workers, s.Threshold = workers, threshold
	var recs []resolve.Record
	var truth []string
	if link {
		a, ta, err := readFebrl(filepath.Join(dir, "febrl", "dataset4a.csv"), "4a")
		if err != nil {
			return nil, err
		}
		b, tb, err := readFebrl(filepath.Join(dir, "febrl", "dataset4b.csv"), "4b")
		if err != nil {
			return nil, err
		}
		recs, truth = append(a, b...), append(ta, tb...)
		s.LinkOnly, s.OnePerSource = true, true
	} else {
		var err error
		if recs, truth, err = readFebrl(filepath.Join(dir, "febrl", "dataset3.csv"), "3"); err != nil {
			return nil, err
		}
	}
	rep, _, err := evalClusters(ctx, recs, truth, s)
	return rep, err
}

// evalClusters trains, resolves and scores the clusters.
func evalClusters(ctx context.Context, recs []resolve.Record, truth []string, s resolve.Settings) (*Report, *resolve.Result, error) {
	r := resolve.NewResolver(recs, s)
	if err := r.Train(ctx); err != nil {
		return nil, nil, err
	}
	res, err := r.Run(ctx, nil)
	if err != nil {
		return nil, nil, err
	}
	m := resolve.Evaluate(res.Cluster, truth)
	return &Report{Records: len(recs), Candidates: r.Candidates(), Threshold: r.Settings().Threshold, Metrics: &m}, res, nil
}

func evalFake(ctx context.Context, dir string, workers int, threshold float64) (*Report, error) {
	path := filepath.Join(dir, "splink", "fake_1000.csv")
	rows, err := readCSV(path, false)
	if err != nil {
		return nil, err
	}
	var recs []resolve.Record
	var truth []string
	index := map[string]int{}
	for i, r := range rows[1:] {
		if len(r) < 7 {
			return nil, &tideline.InputError{File: path, Line: i + 2, Reason: "fewer than 7 columns"}
		}
		index[r[0]] = len(recs)
		recs = append(recs, resolve.Record{ID: r[0], Source: "fake_1000", Values: [][]string{
			{normalize.LatinKey(r[1])}, {normalize.LatinKey(r[2])}, {r[3]}, {strings.ToLower(r[4])}, {strings.ToLower(r[5])}}})
		truth = append(truth, r[6])
	}
	// A thousand records: every pair is compared (no blocking needed).
	s := resolve.Settings{
		Fields: []resolve.Field{{Name: "first name", Kind: resolve.KindName}, {Name: "surname", Kind: resolve.KindName},
			{Name: "date of birth", Kind: resolve.KindDate}, {Name: "city", Kind: resolve.KindText}, {Name: "email", Kind: resolve.KindEmail}},
		Comparisons: []resolve.Comparison{
			{Name: "first name", Method: resolve.MethodNamePart, Field: 0, Other: 1, TF: true},
			{Name: "surname", Method: resolve.MethodNamePart, Field: 1, Other: 0, TF: true},
			{Name: "date of birth", Method: resolve.MethodDate, Field: 2, Other: -1},
			{Name: "city", Method: resolve.MethodText, Field: 3, Other: -1, TF: true},
			{Name: "email", Method: resolve.MethodEmail, Field: 4, Other: -1},
		},
		AllPairs: true, Workers: workers, Threshold: threshold,
	}
	rep, res, err := evalClusters(ctx, recs, truth, s)
	if err != nil {
		return nil, err
	}
	// The clerical labels: a pair is predicted a match when resolution put
	// both records in one cluster.
	lpath := filepath.Join(dir, "splink", "fake_1000_labels.csv")
	labels, err := readCSV(lpath, false)
	if err != nil {
		return nil, err
	}
	var pred, want []bool
	for i, l := range labels[1:] {
		a, okA := index[l[0]]
		b, okB := index[l[2]]
		if len(l) < 5 || !okA || !okB {
			return nil, &tideline.InputError{File: lpath, Line: i + 2, Reason: "label names an unknown record"}
		}
		pred = append(pred, res.Cluster[a] == res.Cluster[b])
		want = append(want, l[4] == "1.0" || l[4] == "1")
	}
	pm := resolve.EvaluatePairs(pred, want)
	rep.Labels = &pm
	return rep, nil
}

func evalHistorical(ctx context.Context, dir string, workers int, threshold float64) (*Report, error) {
	path := filepath.Join(dir, "splink", "historical_figures_with_errors_50k.csv")
	rows, err := readCSV(path, false)
	if err != nil {
		return nil, err
	}
	var recs []resolve.Record
	var truth []string
	for i, r := range rows[1:] {
		if len(r) < 11 {
			return nil, &tideline.InputError{File: path, Line: i + 2, Reason: "fewer than 11 columns"}
		}
		recs = append(recs, resolve.Record{ID: r[0], Source: "historical", Values: [][]string{
			{normalize.LatinKey(r[4])}, {normalize.LatinKey(r[5])}, {normalize.LatinKey(r[2])}, {r[6]}, {r[7]}, {r[8]}, {r[9]}, {r[10]}}})
		truth = append(truth, r[1])
	}
	s := resolve.Settings{
		Fields: []resolve.Field{{Name: "first name", Kind: resolve.KindName}, {Name: "surname", Kind: resolve.KindName},
			{Name: "full name", Kind: resolve.KindName}, {Name: "date of birth", Kind: resolve.KindDate},
			{Name: "birth place", Kind: resolve.KindText}, {Name: "postcode", Kind: resolve.KindText},
			{Name: "gender", Kind: resolve.KindText}, {Name: "occupation", Kind: resolve.KindText}},
		Comparisons: []resolve.Comparison{
			{Name: "first name", Method: resolve.MethodNamePart, Field: 0, Other: 1, TF: true},
			{Name: "surname", Method: resolve.MethodNamePart, Field: 1, Other: 0, TF: true},
			{Name: "date of birth", Method: resolve.MethodDate, Field: 3, Other: -1},
			{Name: "birth place", Method: resolve.MethodText, Field: 4, Other: -1, TF: true},
			{Name: "postcode", Method: resolve.MethodText, Field: 5, Other: -1, TF: true},
			{Name: "gender", Method: resolve.MethodExact, Field: 6, Other: -1},
			{Name: "occupation", Method: resolve.MethodExact, Field: 7, Other: -1, TF: true},
		},
		Blocking: []resolve.Block{{Rule: resolve.BlockNameYear, Field: 0, Date: 3}, {Rule: resolve.BlockNameYear, Field: 1, Date: 3},
			{Rule: resolve.BlockValuePair, Field: 0, Date: 1}, {Rule: resolve.BlockDateInitial, Field: 2, Date: 3},
			{Rule: resolve.BlockValuePair, Field: 1, Date: 4}, {Rule: resolve.BlockValue, Field: 5},
			{Rule: resolve.BlockValue, Field: 1}, {Rule: resolve.BlockValuePair, Field: 0, Date: 4}, {Rule: resolve.BlockValuePair, Field: 0, Date: 5}},
		Workers: workers, Threshold: threshold,
	}
	rep, _, err := evalClusters(ctx, recs, truth, s)
	return rep, err
}

// NameBenchThreshold is the name score from which the name bench counts a
// pair as the same person.
const NameBenchThreshold = 0.75

func evalNameBench(dir string) (*Report, error) {
	path := filepath.Join(dir, "names", "nomenklatura_name_bench_cases.csv")
	rows, err := readCSV(path, false)
	if err != nil {
		return nil, err
	}
	var pred, want []bool
	for i, r := range rows[1:] {
		if len(r) < 5 {
			return nil, &tideline.InputError{File: path, Line: i + 2, Reason: "fewer than 5 columns"}
		}
		if r[1] != "Person" {
			continue
		}
		a, b := resolve.PrepareName(NameKey(r[2])), resolve.PrepareName(NameKey(r[3]))
		pred = append(pred, resolve.MatchNames(&a, &b).Score >= NameBenchThreshold)
		want = append(want, r[4] == "true")
	}
	pm := resolve.EvaluatePairs(pred, want)
	return &Report{Records: len(pred), Threshold: NameBenchThreshold, Labels: &pm}, nil
}

// EvalScenario scores the store's resolution of a generated scenario
// against its truth (truthDir holds DATASET.mentions.csv files): for the
// entities of every profile, pairwise and cluster metrics overall, per
// profile and per noise kind.
func EvalScenario(ctx context.Context, st Store, truthDir string) (*Report, error) {
	start := time.Now()
	files, _ := filepath.Glob(filepath.Join(truthDir, "*.mentions.csv"))
	if len(files) == 0 {
		return nil, tideline.Errorf(tideline.ENOTFOUND, "no *.mentions.csv in %s: give a scenario's truth folder", truthDir)
	}
	m := tideline.DefaultModel()
	type mention struct {
		id, profile, truth string
		noise              []string
	}
	var ms []mention
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			return nil, err
		}
		r := csv.NewReader(fh)
		header, err := r.Read()
		if err != nil || len(header) < 7 || header[1] != "entity_id" || header[5] != "true_id" {
			fh.Close()
			return nil, tideline.Errorf(tideline.EINVALID, "%s: not a scenario truth file (header %v)", f, header)
		}
		for {
			row, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				fh.Close()
				return nil, tideline.Errorf(tideline.EINVALID, "%s: %v", f, err)
			}
			p := ProfileFor(m, row[2])
			if p == nil {
				continue
			}
			var noise []string
			if row[6] != "" {
				noise = strings.Split(row[6], "+")
			}
			ms = append(ms, mention{id: row[1], profile: p.Name, truth: row[5], noise: noise})
		}
		fh.Close()
	}
	canon := map[string]string{}
	for c, err := range st.Canonicals(ctx) {
		if err != nil {
			return nil, err
		}
		canon[c.EntityID] = c.CanonicalID
	}
	pred := make([]string, len(ms))
	truth := make([]string, len(ms))
	for i, x := range ms {
		pred[i] = x.id
		if c, ok := canon[x.id]; ok {
			pred[i] = c
		}
		// Profiles never share a cluster: keep their labels apart.
		pred[i] = x.profile + "|" + pred[i]
		truth[i] = x.profile + "|" + x.truth
	}
	overall := resolve.Evaluate(pred, truth)
	rep := &Report{Dataset: "scenario", Task: "resolve a generated scenario's entities against its truth", Records: len(ms), Metrics: &overall}
	for _, p := range Profiles() {
		var pp, tt []string
		for i, x := range ms {
			if x.profile == p.Name {
				pp, tt = append(pp, pred[i]), append(tt, truth[i])
			}
		}
		if len(pp) > 0 {
			rep.ByProfile = append(rep.ByProfile, ProfileMetrics{Profile: p.Name, Metrics: resolve.Evaluate(pp, tt)})
		}
	}
	kinds := map[string]bool{}
	for _, x := range ms {
		for _, k := range x.noise {
			kinds[k] = true
		}
	}
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		flag := make([]bool, len(ms))
		n := 0
		for i, x := range ms {
			for _, y := range x.noise {
				if y == k {
					flag[i] = true
					n++
					break
				}
			}
		}
		nm := noiseMetrics(pred, truth, flag)
		nm.Kind, nm.Records = k, n
		rep.ByNoise = append(rep.ByNoise, nm)
	}
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

// noiseMetrics counts, for the pairs with at least one flagged record, the
// true, predicted and truly predicted pairs: per group of n records of
// which a are flagged, C(n,2) - C(n-a,2) such pairs.
func noiseMetrics(pred, truth []string, flag []bool) NoiseMetrics {
	type cell struct{ p, t string }
	type count struct{ n, a int64 }
	pc, tc, jc := map[string]count{}, map[string]count{}, map[cell]count{}
	for i := range pred {
		var a int64
		if flag[i] {
			a = 1
		}
		for _, m := range []func(){
			func() { c := pc[pred[i]]; c.n++; c.a += a; pc[pred[i]] = c },
			func() { c := tc[truth[i]]; c.n++; c.a += a; tc[truth[i]] = c },
			func() { k := cell{pred[i], truth[i]}; c := jc[k]; c.n++; c.a += a; jc[k] = c },
		} {
			m()
		}
	}
	pairs := func(c count) int64 { return c.n*(c.n-1)/2 - (c.n-c.a)*(c.n-c.a-1)/2 }
	var nm NoiseMetrics
	for _, c := range pc {
		nm.PredictedPairs += pairs(c)
	}
	for _, c := range tc {
		nm.TruePairs += pairs(c)
	}
	for _, c := range jc {
		nm.TruePositives += pairs(c)
	}
	var bp, br float64
	var flagged int
	for i := range pred {
		if flag[i] {
			j := jc[cell{pred[i], truth[i]}].n
			bp += float64(j) / float64(pc[pred[i]].n)
			br += float64(j) / float64(tc[truth[i]].n)
			flagged++
		}
	}
	if flagged > 0 {
		nm.BCubedPrecision, nm.BCubedRecall = bp/float64(flagged), br/float64(flagged)
		if nm.BCubedPrecision+nm.BCubedRecall > 0 {
			nm.BCubedF1 = 2 * nm.BCubedPrecision * nm.BCubedRecall / (nm.BCubedPrecision + nm.BCubedRecall)
		}
	}
	nm.Precision, nm.Recall = 1, 1
	if nm.PredictedPairs > 0 {
		nm.Precision = float64(nm.TruePositives) / float64(nm.PredictedPairs)
	}
	if nm.TruePairs > 0 {
		nm.Recall = float64(nm.TruePositives) / float64(nm.TruePairs)
	}
	if nm.Precision+nm.Recall > 0 {
		nm.F1 = 2 * nm.Precision * nm.Recall / (nm.Precision + nm.Recall)
	}
	return nm
}
