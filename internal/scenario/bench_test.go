package scenario

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"
)

// BenchmarkGenerate writes whole scenarios of 100k and 1M people (the full
// date range, every source and the truth) and reports people/s, rows/s,
// MB/s written and the peak live Go heap (runtime/metrics /gc/heap/live,
// the heap marked live by the last collection, sampled every 10 ms). For
// the peak resident memory of the process per size, run bench/scenario.sh.
//
//	go test -run '^$' -bench Generate -benchtime 1x ./internal/scenario/
func BenchmarkGenerate(b *testing.B) {
	for _, people := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("people=%d", people), func(b *testing.B) {
			dir := b.TempDir()
			var st *Stats
			var peak uint64
			for i := 0; i < b.N; i++ {
				runtime.GC()
				stop := sampleHeap(&peak)
				var err error
				st, err = Generate(context.Background(), Config{Seed: 1, People: people}, dir)
				stop()
				if err != nil {
					b.Fatal(err)
				}
			}
			rows, bytes := 0, int64(0)
			for _, s := range st.Sources {
				for _, n := range s.Rows {
					rows += n
				}
			}
			filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
				if err == nil && !info.IsDir() {
					bytes += info.Size()
				}
				return nil
			})
			sec := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(st.People)/sec, "people/s")
			b.ReportMetric(float64(rows)/sec, "rows/s")
			b.ReportMetric(float64(rows), "rows")
			b.ReportMetric(float64(bytes)/1e6/sec, "MB/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-live-heap-MiB")
		})
	}
}

// sampleHeap records the largest live heap seen until stop is called.
func sampleHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > *peak {
				*peak = v
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}
