package resolution_test

import (
	"context"
	"testing"

	"github.com/tideline-oss/tideline/internal/resolution"
	"github.com/tideline-oss/tideline/internal/sharedtest"
)

// TestEvaluate pins the figures of 'tideline eval resolve' on the
// labelled data of ../shared/data/er (see its README): each at or above
// the bar it must clear, and close to what it gives today, so that a
// change that moves a figure is seen.
func TestEvaluate(t *testing.T) {
	dir := sharedtest.DataDir(t)
	for _, tt := range []struct {
		dataset string
		metric  func(*resolution.Report) float64
		name    string
		bar     float64 // the figure must reach this
		now     float64 // and is within 0.01 of this (measured)
	}{
		{"febrl4", pairwiseF1, "pairwise F1", 0.99, 0.9963},
		{"febrl3", pairwiseF1, "pairwise F1", 0.97, 0.9937},
		{"fake_1000", labelsF1, "F1 on the clerical labels", 0.95, 0.9880},
		{"historical_50k", pairwiseF1, "pairwise F1", 0.90, 0.9148},
		{"name_bench", labelsF1, "F1 on the Person pairs", 0.88, 0.8819},
	} {
		t.Run(tt.dataset, func(t *testing.T) {
			rep, err := resolution.Evaluate(context.Background(), dir, tt.dataset, resolution.Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := tt.metric(rep)
			if got < tt.bar || got < tt.now-0.01 || got > tt.now+0.01 {
				t.Errorf("%s %s = %.4f; want >= %.2f and within 0.01 of %.4f", tt.dataset, tt.name, got, tt.bar, tt.now)
			}
			if rep.Metrics != nil && (rep.Metrics.Precision < 0.95 || rep.Metrics.BCubedF1 < 0.9) {
				t.Errorf("%s: precision %.4f, B-cubed F1 %.4f", tt.dataset, rep.Metrics.Precision, rep.Metrics.BCubedF1)
			}
		})
	}
}

func pairwiseF1(r *resolution.Report) float64 { return r.Metrics.F1 }
func labelsF1(r *resolution.Report) float64   { return r.Labels.F1 }
