package resolve

// Metrics compares predicted clusters with true ones.
type Metrics struct {
	Records int `json:"records"`
	// Pairwise: over all pairs of records, a pair is predicted when both
	// are in one predicted cluster and true when both are in one true
	// cluster.
	TruePairs      int64   `json:"true_pairs"`
	PredictedPairs int64   `json:"predicted_pairs"`
	TruePositives  int64   `json:"true_positives"`
	Precision      float64 `json:"precision"`
	Recall         float64 `json:"recall"`
	F1             float64 `json:"f1"`
	// B-cubed precision, recall and F1 (Bagga and Baldwin 1998): per
	// record, the share of its predicted cluster in its true cluster and
	// the reverse, averaged.
	BCubedPrecision float64 `json:"bcubed_precision"`
	BCubedRecall    float64 `json:"bcubed_recall"`
	BCubedF1        float64 `json:"bcubed_f1"`
	// Clusters: predicted and true, and the true clusters found exactly.
	PredictedClusters int     `json:"predicted_clusters"`
	TrueClusters      int     `json:"true_clusters"`
	ExactClusters     int     `json:"exact_clusters"`
	ExactShare        float64 `json:"exact_cluster_share"`
}

// Evaluate compares predicted cluster labels with true ones (any
// comparable labels, one per record). O(n) with maps.
func Evaluate[P, T comparable](pred []P, truth []T) Metrics {
	type cell struct {
		p P
		t T
	}
	n := len(pred)
	pc, tc, joint := map[P]int64{}, map[T]int64{}, map[cell]int64{}
	for i := 0; i < n; i++ {
		pc[pred[i]]++
		tc[truth[i]]++
		joint[cell{pred[i], truth[i]}]++
	}
	m := Metrics{Records: n, PredictedClusters: len(pc), TrueClusters: len(tc)}
	pairs := func(k int64) int64 { return k * (k - 1) / 2 }
	for _, k := range pc {
		m.PredictedPairs += pairs(k)
	}
	for _, k := range tc {
		m.TruePairs += pairs(k)
	}
	var bp, br float64
	for c, k := range joint {
		m.TruePositives += pairs(k)
		// Each of the k records of this cell contributes k/|pred| and k/|true|.
		bp += float64(k) * float64(k) / float64(pc[c.p])
		br += float64(k) * float64(k) / float64(tc[c.t])
		if k == pc[c.p] && k == tc[c.t] {
			m.ExactClusters++
		}
	}
	m.Precision, m.Recall, m.F1 = prf(m.TruePositives, m.PredictedPairs, m.TruePairs)
	if n > 0 {
		m.BCubedPrecision, m.BCubedRecall = bp/float64(n), br/float64(n)
		m.BCubedF1 = harmonic(m.BCubedPrecision, m.BCubedRecall)
		m.ExactShare = float64(m.ExactClusters) / float64(m.TrueClusters)
	}
	return m
}

// prf returns precision tp/pred, recall tp/true and their harmonic mean;
// an empty denominator gives 1 (nothing claimed, nothing missed).
func prf(tp, pred, truth int64) (p, r, f float64) {
	p, r = 1, 1
	if pred > 0 {
		p = float64(tp) / float64(pred)
	}
	if truth > 0 {
		r = float64(tp) / float64(truth)
	}
	return p, r, harmonic(p, r)
}

func harmonic(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// PairMetrics scores predictions on labelled pairs (a clerical sample).
type PairMetrics struct {
	Pairs          int     `json:"pairs"`
	TruePositives  int     `json:"true_positives"`
	FalsePositives int     `json:"false_positives"`
	FalseNegatives int     `json:"false_negatives"`
	TrueNegatives  int     `json:"true_negatives"`
	Precision      float64 `json:"precision"`
	Recall         float64 `json:"recall"`
	F1             float64 `json:"f1"`
}

// EvaluatePairs counts predicted against labelled matches.
func EvaluatePairs(predicted, truth []bool) PairMetrics {
	var m PairMetrics
	m.Pairs = len(predicted)
	for i := range predicted {
		switch {
		case predicted[i] && truth[i]:
			m.TruePositives++
		case predicted[i]:
			m.FalsePositives++
		case truth[i]:
			m.FalseNegatives++
		default:
			m.TrueNegatives++
		}
	}
	m.Precision, m.Recall, m.F1 = prf(int64(m.TruePositives), int64(m.TruePositives+m.FalsePositives), int64(m.TruePositives+m.FalseNegatives))
	return m
}
