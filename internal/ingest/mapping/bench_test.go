package mapping_test

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/tideline-oss/tideline/internal/ingest/mapping"
	"github.com/tideline-oss/tideline/internal/sharedtest"
)

const benchRows = 100_000

var (
	benchOnce sync.Once
	benchCSV  []byte
)

// genCSV builds a donations-like CSV of benchRows rows (about 13 MB) once.
func genCSV() []byte {
	benchOnce.Do(func() {
		var b bytes.Buffer
		b.WriteString("Party,DonationEUR,DonorType,Donor,Street,City,Country,DonationDate,ReportingDate\n")
		types := []string{"PERSON", "COMPANY", "ORG"}
		for i := range benchRows {
			fmt.Fprintf(&b, "\"Party %d \",%d.%02d,%s,\"Donor number %d GmbH\",\"Hauptstraße %d\",\"%05d Stadt\",Deutschland,2011-%02d-%02d,2011-12-30\n",
				i%13, 1000+i, i%100, types[i%3], i%5000, i%300, i%90000, 1+i%12, 1+i%28)
		}
		benchCSV = b.Bytes()
	})
	return benchCSV
}

// BenchmarkReadDonations maps a generated 100k-row CSV with the donations
// mapping (4 queries, 7 entity mappings, SHA1 ids) and reports rows/s.
func BenchmarkReadDonations(b *testing.B) {
	m, err := mapping.Load(sharedtest.Path(b, "ftm", "donations.mapping.yml"))
	if err != nil {
		b.Fatal(err)
	}
	data := genCSV()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	frags := 0
	for b.Loop() {
		frags = 0
		for _, err := range m.ReadCSV(context.Background(), bytes.NewReader(data), "bench.csv") {
			if err != nil {
				b.Fatal(err)
			}
			frags++
		}
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(frags), "fragments/op")
}
