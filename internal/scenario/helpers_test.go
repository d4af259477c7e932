package scenario

import (
	"context"
	"encoding/csv"
	"os"
	"testing"
)

// mustGenerate writes cfg's scenario into a temporary folder.
func mustGenerate(tb testing.TB, cfg Config) (string, *Stats) {
	tb.Helper()
	dir := tb.TempDir()
	st, err := Generate(context.Background(), cfg, dir)
	if err != nil {
		tb.Fatalf("Generate(%s): %v", cfg, err)
	}
	return dir, st
}

// readCSV reads a whole CSV file: its header and rows.
func readCSV(tb testing.TB, path string) ([]string, [][]string) {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	if len(rows) == 0 {
		tb.Fatalf("%s: empty", path)
	}
	return rows[0], rows[1:]
}

// column returns the index of a header column.
func column(tb testing.TB, header []string, name string) int {
	tb.Helper()
	for i, h := range header {
		if h == name {
			return i
		}
	}
	tb.Fatalf("no column %q in %v", name, header)
	return -1
}
