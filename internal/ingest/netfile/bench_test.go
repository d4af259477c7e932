package netfile_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/tideline-oss/tideline/internal/ingest/netfile"
)

const benchLines = 1_000_000

var benchEdgeList = sync.OnceValue(func() []byte {
	// 1M calls among 100k people, TAB-separated "u v w" like Montagna.
	r := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	for range benchLines {
		u, v := r.IntN(100_000), r.IntN(100_000)
		if u == v { // a self-loop is reported as an error
			v = (v + 1) % 100_000
		}
		fmt.Fprintf(&b, "%d\t%d\t%d\n", u, v, 1+r.IntN(20))
	}
	return b.Bytes()
})

func BenchmarkRead_EdgeList1M(b *testing.B) {
	data := benchEdgeList()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		n := 0
		for f, err := range netfile.Read(bytes.NewReader(data), "bench.tsv", netfile.Options{Dataset: "bench", Link: "Call", Directed: true}) {
			if err != nil {
				b.Fatal(err)
			}
			if f != nil {
				n++
			}
		}
		if n < benchLines {
			b.Fatalf("%d fragments; want >= %d", n, benchLines)
		}
	}
	b.ReportMetric(float64(benchLines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}
