package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/sqlite"
	"github.com/tideline-oss/tideline/internal/storetest"
)

func openBenchDB(b *testing.B) *sqlite.DB {
	b.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// BenchmarkWriteStatements measures bulk ingest into a file database: each
// op writes one batch of new statements (so the database grows with b.N).
// The Reload variants write batches that are already stored (all updates).
// The 1M variant writes one million statements per op into a fresh database
// in 10,000-statement batches; it reports the throughput over the whole load
// and over its last 100k statements, the peak Go heap seen after each batch
// and the process's peak RSS (which includes SQLite's page cache, bounded by
// cache_size), to show memory stays flat; mallocs/stmt counts the test's
// statement generator too.
//
//	go test -run '^$' -bench WriteStatements -benchmem ./internal/sqlite/
func BenchmarkWriteStatements(b *testing.B) {
	ctx := context.Background()
	for _, size := range []int{5000, 20000} {
		b.Run(fmt.Sprintf("batch=%d", size), func(b *testing.B) {
			db := openBenchDB(b)
			var g storetest.Gen
			var buf []tideline.Statement
			var total int
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				buf = g.Batch(buf, size)
				b.StartTimer()
				n, err := db.WriteStatements(ctx, buf)
				if err != nil {
					b.Fatal(err)
				}
				if n != len(buf) {
					b.Fatalf("WriteStatements = %d inserted; want %d", n, len(buf))
				}
				total += n
			}
			b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "stmts/s")
		})
	}

	b.Run("reload/batch=10000", func(b *testing.B) {
		db := openBenchDB(b)
		var g storetest.Gen
		const batches = 20
		var all [][]tideline.Statement
		for range batches {
			batch := g.Batch(nil, 10000)
			if _, err := db.WriteStatements(ctx, batch); err != nil {
				b.Fatal(err)
			}
			all = append(all, batch)
		}
		var total int
		b.ResetTimer()
		for i := range b.N {
			batch := all[i%batches]
			n, err := db.WriteStatements(ctx, batch)
			if err != nil || n != 0 {
				b.Fatalf("WriteStatements(reload) = %d, %v; want 0, nil", n, err)
			}
			total += len(batch)
		}
		b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "stmts/s")
	})

	b.Run("1M/batch=10000", func(b *testing.B) {
		const total, size, tail = 1_000_000, 10_000, 100_000
		var peak uint64
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		mallocs := ms.Mallocs
		var elapsed, tailElapsed time.Duration
		for range b.N {
			db := openBenchDB(b)
			var g storetest.Gen
			var buf []tideline.Statement
			var written int
			for written < total {
				buf = g.Batch(buf, size)
				start := time.Now()
				n, err := db.WriteStatements(ctx, buf)
				d := time.Since(start)
				if err != nil {
					b.Fatal(err)
				}
				elapsed += d
				if written >= total-tail {
					tailElapsed += d
				}
				written += n
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
			if n, _, err := db.Counts(ctx); err != nil || n != written {
				b.Fatalf("Counts() = %d, %v; want %d", n, err, written)
			}
		}
		b.ReportMetric(float64(b.N*total)/elapsed.Seconds(), "stmts/s")
		b.ReportMetric(float64(b.N*tail)/tailElapsed.Seconds(), "last100k-stmts/s")
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		if rss := peakRSS(); rss > 0 {
			b.ReportMetric(float64(rss)/(1<<20), "peak-rss-MiB")
		}
		b.ReportMetric(float64(ms.Mallocs-mallocs)/float64(b.N*total), "mallocs/stmt")
	})
}

// peakRSS returns the process's peak resident set size in bytes (VmHWM,
// Linux), which unlike the Go heap includes SQLite's page cache; 0 when
// unknown.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
