package resolve

import (
	"math"
	"testing"
)

func TestEvaluate(t *testing.T) {
	// Predicted {0,1} {2,3} {4}; true {0,1,2} {3,4}.
	pred := []int{1, 1, 2, 2, 3}
	truth := []string{"a", "a", "a", "b", "b"}
	m := Evaluate(pred, truth)
	if m.TruePairs != 4 || m.PredictedPairs != 2 || m.TruePositives != 1 {
		t.Fatalf("pairs: true %d predicted %d correct %d; want 4 2 1", m.TruePairs, m.PredictedPairs, m.TruePositives)
	}
	near := func(name string, got, want float64) {
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %.6f; want %.6f", name, got, want)
		}
	}
	near("precision", m.Precision, 0.5)
	near("recall", m.Recall, 0.25)
	near("F1", m.F1, 1.0/3)
	// B-cubed: per record |pred ∩ true| / |pred| and / |true|.
	near("B-cubed precision", m.BCubedPrecision, (1+1+0.5+0.5+1)/5)
	near("B-cubed recall", m.BCubedRecall, (2.0/3+2.0/3+1.0/3+0.5+0.5)/5)
	if m.PredictedClusters != 3 || m.TrueClusters != 2 || m.ExactClusters != 0 {
		t.Errorf("clusters: predicted %d true %d exact %d; want 3 2 0", m.PredictedClusters, m.TrueClusters, m.ExactClusters)
	}
	if m := Evaluate(truth, truth); m.F1 != 1 || m.BCubedF1 != 1 || m.ExactClusters != 2 {
		t.Errorf("truth against itself: F1 %v B-cubed %v exact %d", m.F1, m.BCubedF1, m.ExactClusters)
	}
}

func TestEvaluatePairs(t *testing.T) {
	m := EvaluatePairs([]bool{true, true, false, false, true}, []bool{true, false, true, false, true})
	if m.TruePositives != 2 || m.FalsePositives != 1 || m.FalseNegatives != 1 || m.TrueNegatives != 1 {
		t.Fatalf("%+v", m)
	}
	if math.Abs(m.F1-2.0/3) > 1e-9 {
		t.Errorf("F1 = %v; want 2/3", m.F1)
	}
}
