package memstore_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/memstore"
	"github.com/tideline-oss/tideline/internal/storetest"
)

// BenchmarkWriteStatements measures bulk ingest, with the sub-benchmarks
// of the SQLite store's benchmark so the figures compare: each batch=N op
// writes one batch of new statements (so the store grows with b.N); the
// reload variant writes batches that are already stored (all updates). The
// 1M variant writes one million statements (storetest.Gen: 83,334 Person
// entities of 12 statements) per op into a fresh store in 10,000-statement
// batches, and reports the throughput over the whole load and over its last
// 100k statements, and the live heap after the load per statement (the
// store's footprint; the generator's buffer is about 0.3% of it).
//
//	go test -run '^$' -bench WriteStatements -benchmem ./internal/memstore/
func BenchmarkWriteStatements(b *testing.B) {
	ctx := context.Background()
	for _, size := range []int{5000, 20000} {
		b.Run(fmt.Sprintf("batch=%d", size), func(b *testing.B) {
			s := memstore.New()
			defer s.Close()
			var g storetest.Gen
			var buf []tideline.Statement
			var total int
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				buf = g.Batch(buf, size)
				b.StartTimer()
				n, err := s.WriteStatements(ctx, buf)
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
		s := memstore.New()
		defer s.Close()
		var g storetest.Gen
		const batches = 20
		var all [][]tideline.Statement
		for range batches {
			batch := g.Batch(nil, 10000)
			if _, err := s.WriteStatements(ctx, batch); err != nil {
				b.Fatal(err)
			}
			all = append(all, batch)
		}
		var total int
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			batch := all[i%batches]
			n, err := s.WriteStatements(ctx, batch)
			if err != nil || n != 0 {
				b.Fatalf("WriteStatements(reload) = %d, %v; want 0, nil", n, err)
			}
			total += len(batch)
		}
		b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "stmts/s")
	})

	b.Run("1M/batch=10000", func(b *testing.B) {
		const total, size, tail = 1_000_000, 10_000, 100_000
		var elapsed, tailElapsed time.Duration
		var heap uint64
		b.ReportAllocs()
		for range b.N {
			s := memstore.New()
			var g storetest.Gen
			var buf []tideline.Statement
			var written int
			for written < total {
				b.StopTimer()
				buf = g.Batch(buf, size)
				b.StartTimer()
				start := time.Now()
				n, err := s.WriteStatements(ctx, buf)
				d := time.Since(start)
				if err != nil {
					b.Fatal(err)
				}
				elapsed += d
				if written >= total-tail {
					tailElapsed += d
				}
				written += n
			}
			b.StopTimer()
			if n, _, err := s.Counts(ctx); err != nil || n != written {
				b.Fatalf("Counts() = %d, %v; want %d", n, err, written)
			}
			var ms runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms)
			heap = ms.HeapAlloc
			runtime.KeepAlive(s)
			s.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(b.N*total)/elapsed.Seconds(), "stmts/s")
		b.ReportMetric(float64(b.N*tail)/tailElapsed.Seconds(), "last100k-stmts/s")
		b.ReportMetric(float64(heap)/total, "heap-B/stmt")
	})
}

// BenchmarkEntities measures streaming every entity of a 1M-statement store
// (83,334 entities), after a first stream has sorted what the load wrote.
// Most of the time goes to tideline.AssembleEntity.
func BenchmarkEntities(b *testing.B) {
	ctx := context.Background()
	s := memstore.New()
	defer s.Close()
	var g storetest.Gen
	var buf []tideline.Statement
	for range 100 {
		buf = g.Batch(buf, 10_000)
		if _, err := s.WriteStatements(ctx, buf); err != nil {
			b.Fatal(err)
		}
	}
	for _, err := range s.Entities(ctx, tideline.EntityFilter{IDs: []string{"warm-up"}}) {
		b.Fatal(err)
	}
	for range s.Entities(ctx, tideline.EntityFilter{}) {
		break // the first chunk sorts the store
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		var n int
		for _, err := range s.Entities(ctx, tideline.EntityFilter{}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != g.Next {
			b.Fatalf("Entities() = %d; want %d", n, g.Next)
		}
	}
	b.ReportMetric(float64(b.N*g.Next)/b.Elapsed().Seconds(), "entities/s")
}
