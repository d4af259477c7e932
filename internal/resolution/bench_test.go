package resolution

import (
	"context"
	"testing"

	"github.com/tideline-oss/tideline/internal/sharedtest"
)

// BenchmarkHistorical50k resolves Splink's historical_50k end to end:
// reading the CSV, training u and m, blocking, scoring, clustering with
// refinement, and scoring the result (the budget is 10 s).
func BenchmarkHistorical50k(b *testing.B) {
	dir := sharedtest.DataDir(b)
	b.ReportAllocs()
	for b.Loop() {
		rep, err := Evaluate(context.Background(), dir, "historical_50k", Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(rep.Metrics.F1, "F1")
	}
}
