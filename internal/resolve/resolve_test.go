package resolve

import (
	"context"
	"fmt"
	"math"
	"testing"
)

// handModel is a fixed model over name, birth date, phone and address,
// so that the clustering rules can be tested on exact weights.
func handSettings() Settings {
	return Settings{
		Fields: []Field{{Name: "name", Kind: KindName}, {Name: "birth date", Kind: KindDate},
			{Name: "phone", Kind: KindPhone}, {Name: "address", Kind: KindText}},
		Comparisons: []Comparison{
			{Name: "name", Method: MethodName, Field: 0, Other: -1, Vetoes: true},
			{Name: "birth date", Method: MethodDate, Field: 1, Other: -1, Contradicts: true},
			{Name: "phone", Method: MethodPhone, Field: 2, Other: -1},
			{Name: "address", Method: MethodExact, Field: 3, Other: -1},
		},
		AllPairs: true,
	}
}

func handModel() *Model {
	return &Model{
		Lambda: 1e-3,
		M: [][]float64{{0, .6, .2, .05, .04, .04, .03, .01, .03}, {0, .8, .08, .02, .05, .02, .03},
			{0, .7, .1, .2}, {0, .5, .5}},
		U: [][]float64{{0, .001, .002, .001, .002, .005, .02, .02, .949}, {0, .0005, .002, .0005, .01, .02, .9675},
			{0, .0001, .0005, .9994}, {0, .0001, .9999}},
	}
}

func rec(id, name, dob, phone, addr string) Record {
	return Record{ID: id, Source: id, Values: [][]string{nonEmpty(name), nonEmpty(dob), nonEmpty(phone), nonEmpty(addr)}}
}

func run(t *testing.T, recs []Record, js []Judgement) []int32 {
	t.Helper()
	r := NewResolver(recs, handSettings())
	r.SetModel(handModel())
	res, err := r.Run(context.Background(), js)
	if err != nil {
		t.Fatal(err)
	}
	return res.Cluster
}

// TestChainGuard: two men of one name with different dates of birth are
// both linked to a record without a date (c). a and b score 0.79 on their
// own (name, and the same national phone number), enough for the mean
// coherence; their dates contradict, and the chain must not join them.
func TestChainGuard(t *testing.T) {
	recs := []Record{
		rec("a", "ali hassan", "1990-01-01", "+447700900001", ""),
		rec("b", "ali hassan", "1975-06-30", "07700900001", ""),
		rec("c", "ali hassan", "", "+447700900001", ""),
	}
	r := NewResolver(recs, handSettings())
	r.SetModel(handModel())
	if p := Probability(r.Weight(0, 1)); p < 0.5 || p > 0.9 {
		t.Fatalf("a/b probability %.3f; the test needs it between the coherence floor and the threshold", p)
	}
	cl := run(t, recs, nil)
	if cl[0] == cl[1] {
		t.Fatalf("clusters %v: a and b joined through c", cl)
	}
	if cl[2] != cl[0] && cl[2] != cl[1] {
		t.Errorf("clusters %v: c joined neither", cl)
	}
	// One mistyped date of birth (t) in a person's records does not keep
	// out a record that gives only the year (y), which contradicts t
	// alone.
	recs = []Record{
		rec("x1", "ali hassan", "1984-11-13", "+447700900001", ""),
		rec("x2", "ali hassan", "1984-11-13", "+447700900001", ""),
		rec("x3", "ali hassan", "1984-11-13", "+447700900001", ""),
		rec("t", "ali hassan", "1944-11-13", "+447700900001", ""),
		rec("y", "ali hassan", "1984", "07700900001", ""),
	}
	r = NewResolver(recs, handSettings())
	r.SetModel(handModel())
	if p := Probability(r.Weight(3, 4)); p > 0.9 {
		t.Fatalf("t/y probability %.3f; the test needs it below the threshold", p)
	}
	cl = run(t, recs, nil)
	for i := range cl {
		if cl[i] != cl[0] {
			t.Fatalf("clusters %v: one mistyped date of birth split the person", cl)
		}
	}
}

// TestJudgements: a match judgement merges what the scores keep apart,
// a no-match judgement separates what they would merge, even through a
// third record.
func TestJudgements(t *testing.T) {
	recs := []Record{
		rec("a", "ali hassan", "1990-01-01", "+447700900001", ""),
		rec("b", "ali hassan", "1990-01-01", "+447700900001", ""),
		rec("c", "ali hassan", "1990-01-01", "", ""),
		rec("d", "omar karimi", "1960-05-05", "", ""),
	}
	cl := run(t, recs, nil)
	if cl[0] != cl[1] || cl[1] != cl[2] || cl[3] == cl[0] {
		t.Fatalf("without judgements: clusters %v; want a b c together, d apart", cl)
	}
	cl = run(t, recs, []Judgement{{A: 0, B: 2, Match: false}})
	if cl[0] == cl[2] {
		t.Errorf("no-match a/c: clusters %v; a and c together", cl)
	}
	if cl[0] != cl[1] {
		t.Errorf("no-match a/c: clusters %v; a and b apart", cl)
	}
	cl = run(t, recs, []Judgement{{A: 0, B: 3, Match: true}})
	if cl[0] != cl[3] {
		t.Errorf("match a/d: clusters %v; a and d apart", cl)
	}
	// A match and a no-match that contradict: no-match wins.
	cl = run(t, recs, []Judgement{{A: 0, B: 3, Match: true}, {A: 3, B: 0, Match: false}})
	if cl[0] == cl[3] {
		t.Errorf("match and no-match a/d: clusters %v; a and d together", cl)
	}
}

// TestVetoes: different names with the same date of birth and address
// score above the threshold but are not linked; a shared phone links them
// (an alias).
func TestVetoes(t *testing.T) {
	recs := []Record{
		rec("a", "ali hassan", "1990-01-01", "", "12 rue de calais"),
		rec("b", "omar karimi", "1990-01-01", "", "12 rue de calais"),
	}
	r := NewResolver(recs, handSettings())
	r.SetModel(handModel())
	if p := Probability(r.Weight(0, 1)); p < 0.9 {
		t.Fatalf("a/b probability %.3f; the test needs it above the threshold", p)
	}
	if cl := run(t, recs, nil); cl[0] == cl[1] {
		t.Errorf("different names linked by date of birth and address: clusters %v", cl)
	}
	recs[1].Values[2] = []string{"+447700900001"}
	recs[0].Values[2] = []string{"+447700900001"}
	if cl := run(t, recs, nil); cl[0] != cl[1] {
		t.Errorf("different names sharing a phone: clusters %v; want one (an alias)", cl)
	}
}

// TestExplainSumsToWeight: the parts of an explanation add up to the
// score the resolver uses.
func TestExplainSumsToWeight(t *testing.T) {
	recs := []Record{
		rec("a", "ali hassan", "1990-01-01", "+447700900001", "12 rue de calais"),
		rec("b", "ali hasan", "1990-01-10", "07700900001", ""),
		rec("c", "hassan ali", "1990", "", "12 rue de calais"),
		rec("d", "omar karimi", "1960-05-05", "+33612345678", ""),
	}
	r := NewResolver(recs, handSettings())
	r.SetModel(handModel())
	for i := range recs {
		for j := i + 1; j < len(recs); j++ {
			e := r.Explain(i, j)
			sum := e.Prior
			for _, term := range e.Terms {
				sum += term.Weight + term.TFAdjust
				if term.Level > 0 && math.Abs(term.Weight-math.Log2(term.M/term.U)) > 1e-12 {
					t.Errorf("%s/%s %s: weight %.4f; want log2(m/u) = %.4f", recs[i].ID, recs[j].ID, term.Comparison, term.Weight, math.Log2(term.M/term.U))
				}
			}
			if math.Abs(sum-e.Weight) > 1e-9 || math.Abs(e.Weight-r.Weight(i, j)) > 1e-9 {
				t.Errorf("%s/%s: parts sum to %.6f, explanation says %.6f, resolver %.6f", recs[i].ID, recs[j].ID, sum, e.Weight, r.Weight(i, j))
			}
			if math.Abs(e.Probability-Probability(e.Weight)) > 1e-12 {
				t.Errorf("%s/%s: probability %.6f for weight %.4f", recs[i].ID, recs[j].ID, e.Probability, e.Weight)
			}
		}
	}
	if e := r.Explain(0, 1); e.Terms[1].Label != "one typo" || e.Terms[2].Label != "same national number" {
		t.Errorf("a/b levels: %s, %s; want one typo, same national number", e.Terms[1].Label, e.Terms[2].Label)
	}
}

// TestTrainedRun trains on a synthetic population (people recorded two
// to four times with typos, swapped names and missing values) and checks
// the clusters against the truth, and that the result does not depend on
// the number of workers.
func TestTrainedRun(t *testing.T) {
	given := []string{"ali", "omar", "hassan", "karim", "yusuf", "ahmed", "samir", "tariq", "zana", "rebin", "dilan", "kawa", "aras", "shwan", "hawre", "soran", "ibrahim", "mustafa", "bilal", "idris"}
	family := []string{"ahmadi", "karimi", "rahimi", "hosseini", "mohammadi", "rezaei", "abdullah", "saleh", "haddad", "nasser", "jaber", "mansour", "khalil", "darwish", "othman", "barzani", "talabani", "zebari", "rashid", "aziz"}
	rng := splitmix(42)
	var recs []Record
	var truth []int
	for p := 0; p < 1500; p++ {
		g, f := given[rng.next()%20], family[rng.next()%20]
		dob := fmt.Sprintf("%d-%02d-%02d", 1960+rng.next()%45, 1+rng.next()%12, 1+rng.next()%28)
		phone := fmt.Sprintf("+4477009%05d", rng.next()%100000)
		n := 2 + int(rng.next()%3)
		for k := 0; k < n; k++ {
			name, d, ph := g+" "+f, dob, phone
			switch rng.next() % 6 {
			case 0:
				name = f + " " + g
			case 1:
				d = d[:4]
			case 2:
				ph = ""
			case 3:
				d = d[:8] + fmt.Sprintf("%02d", 1+rng.next()%28)
			}
			recs = append(recs, Record{ID: fmt.Sprintf("%d-%d", p, k), Source: fmt.Sprint(k), Values: [][]string{{name}, {d}, nonEmpty(ph), nil}})
			truth = append(truth, p)
		}
	}
	s := handSettings()
	s.AllPairs = false
	s.Comparisons[0].TF = true
	s.Blocking = []Block{{Rule: BlockNameYear, Field: 0, Date: 1}, {Rule: BlockNamePair, Field: 0}, {Rule: BlockValue, Field: 2}}
	var first []int32
	for _, workers := range []int{1, 4} {
		s.Workers = workers
		r := NewResolver(recs, s)
		if err := r.Train(context.Background()); err != nil {
			t.Fatal(err)
		}
		res, err := r.Run(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		m := Evaluate(res.Cluster, truth)
		if m.F1 < 0.97 || m.Precision < 0.98 {
			t.Errorf("workers %d: pairwise P %.4f R %.4f F1 %.4f; want F1 >= 0.97, P >= 0.98", workers, m.Precision, m.Recall, m.F1)
		}
		if first == nil {
			first = res.Cluster
			continue
		}
		for i := range first {
			if first[i] != res.Cluster[i] {
				t.Fatalf("workers %d: record %d in cluster %d, with one worker %d", workers, i, res.Cluster[i], first[i])
			}
		}
	}
}

// TestMaxBlock: a key held by more records than MaxBlock pairs each
// record with its Window next neighbours in name order only.
func TestMaxBlock(t *testing.T) {
	var recs []Record
	for i := 0; i < 300; i++ {
		recs = append(recs, rec(fmt.Sprint(i), "mohammed ali", "", fmt.Sprintf("+4477009%05d", i), ""))
	}
	recs = append(recs, rec("x", "zana barzani", "", "+447700900007", ""))
	s := handSettings()
	s.AllPairs = false
	s.Blocking = []Block{{Rule: BlockNamePair, Field: 0}, {Rule: BlockValue, Field: 2}}
	r := NewResolver(recs, s)
	r.block()
	// 300 records in phone order, each with its next 10: 300·10 − 55.
	want := 300*Window - Window*(Window+1)/2 + 1
	if got := len(r.cands); got != want {
		t.Errorf("%d candidate pairs; want %d (a sorted neighbourhood of 300, and the shared phone)", got, want)
	}
	if r.blocking.Capped != 1 || r.blocking.PerRule[0] != want-1 || r.blocking.PerRule[1] != 1 {
		t.Errorf("blocking %+v; want 1 capped key, %d pairs by name, 1 by phone", r.blocking, want-1)
	}
	for _, c := range r.cands {
		if i, j := int(c>>32), int(uint32(c)); j != 300 && j-i > Window {
			t.Fatalf("pair %d-%d: more than %d apart in phone order", i, j, Window)
		}
	}
}
