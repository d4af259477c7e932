package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/storetest"
)

// BenchmarkWriteStatements measures bulk ingest into a fresh schema: each op
// writes one batch of new statements (so the table grows with b.N); the
// reload variant writes batches that are already stored (all updates).
//
//	TIDELINE_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test?sslmode=disable \
//	  go test -run '^$' -bench WriteStatements -benchmem ./internal/postgres/
func BenchmarkWriteStatements(b *testing.B) {
	ctx := context.Background()
	for _, size := range []int{5000, 20000} {
		b.Run(fmt.Sprintf("batch=%d", size), func(b *testing.B) {
			db := MustOpenDB(b)
			defer db.Close()
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
		db := MustOpenDB(b)
		defer db.Close()
		var g storetest.Gen
		const batches = 10
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
}
