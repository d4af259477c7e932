package ingest_test

import (
	"bytes"
	"context"
	"crypto/sha1"
	"fmt"
	"iter"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/ingest"
	"github.com/tideline-oss/tideline/internal/sqlite"
)

// people yields n generated Person fragments of realistic shape: 11
// properties (12 statements with the schema statement), with phones, dates,
// countries and identifiers that go through normalisation.
func people(n int) iter.Seq2[*tideline.Fragment, error] {
	given := []string{"Mohammed", "Abdul Rahman", "Hossein", "Ahmad", "Dilshad", "Karwan", "Nguyen Van", "Tesfay", "Arben", "Mustafa"}
	family := []string{"Al-Rashid", "Hassan", "Rezaei", "Omar", "Aziz", "Tran", "Ghebremedhin", "Hoxha", "Karimi", "Yousef"}
	countries := []string{"Iraq", "Iran", "Afghanistan", "Syria", "Eritrea", "Albania", "Vietnam", "Sudan"}
	return func(yield func(*tideline.Fragment, error) bool) {
		for i := 0; i < n; i++ {
			g, f := given[i%len(given)], family[(i/7)%len(family)]
			// Ids are SHA1 hex, as mappings derive them, so entities land
			// at random places in the store's key order.
			id := fmt.Sprintf("%x", sha1.Sum([]byte(fmt.Sprint(i))))
			e := tideline.Entity{ID: id, Schema: "Person", Properties: map[string][]string{
				"name":           {g + " " + f},
				"firstName":      {g},
				"lastName":       {f},
				"birthDate":      {fmt.Sprintf("%02d/%02d/%d", 1+i%28, 1+i%12, 1960+i%45)},
				"nationality":    {countries[i%len(countries)]},
				"phone":          {fmt.Sprintf("07700 %06d", i%1000000)},
				"passportNumber": {fmt.Sprintf("p%08d", i)},
				"gender":         {"male"},
				"email":          {fmt.Sprintf("user%d@example.org", i)},
				"address":        {fmt.Sprintf("%d Rue de Calais, 62100 Calais", i%300)},
				"notes":          {"seen at the Loon-Plage camp"},
			}}
			frag := &tideline.Fragment{Entity: e, File: "bench.csv", Line: i + 2, Formats: map[string]string{"birthDate": "%d/%m/%Y"}}
			if !yield(frag, nil) {
				return
			}
		}
	}
}

// heapProbe wraps a store and samples the live heap after every batch.
type heapProbe struct {
	tideline.Store
	peak uint64
}

func (h *heapProbe) WriteStatements(ctx context.Context, s []tideline.Statement) (int, error) {
	n, err := h.Store.WriteStatements(ctx, s)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	h.peak = max(h.peak, ms.HeapAlloc)
	return n, err
}

// BenchmarkIngest measures the pipeline end to end into a SQLite file:
// normalisation, statement ids and batched upserts. It reports statements/s
// and the peak live heap, at two input sizes to show memory stays flat.
//
//	go test -run='^$' -bench=Ingest -benchtime=1x ./internal/ingest/
func BenchmarkIngest(b *testing.B) {
	for _, n := range []int{20_000, 200_000} {
		b.Run(fmt.Sprintf("people=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
				if err != nil {
					b.Fatal(err)
				}
				probe := &heapProbe{Store: db}
				runtime.GC()
				start := time.Now()
				sum, err := ingest.Run(context.Background(), probe, people(n), ingest.Options{
					Dataset: tideline.Dataset{Name: "bench", Agency: "NCA"}, Region: "GB", Rejects: &bytes.Buffer{},
				})
				el := time.Since(start)
				if err != nil || sum.Rejected != 0 || sum.Invalid != 0 {
					b.Fatalf("%v %+v", err, sum)
				}
				b.ReportMetric(float64(sum.Statements)/el.Seconds(), "statements/s")
				b.ReportMetric(float64(probe.peak)/(1<<20), "MiB-peak-heap")
				b.ReportMetric(float64(sum.Statements), "statements")
				db.Close()
			}
		})
	}
}
