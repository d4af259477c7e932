package netgraph_test

import (
	"bufio"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tideline-oss/tideline/internal/netgraph"
	"github.com/tideline-oss/tideline/internal/sharedtest"
)

// nxGraph is a Montagna layer built as the code of Cavallaro et al. (2020)
// builds it with networkx: add_edge(u, v, weight=w) row by row, so the graph
// is undirected and a repeated or reciprocal pair keeps the weight of its
// last row; networkx's node order is the order of first appearance.
type nxGraph struct {
	labelled
	appearance []int // nodes in order of first appearance in the file
}

// montagnaNX reads a Montagna layer as the authors' code does: a repeated or
// reciprocal pair keeps its last weight (NewUndirected would add them up).
func montagnaNX(t testing.TB, layer string) nxGraph {
	t.Helper()
	path := sharedtest.Path(t, "networks", "montagna", "Montagna_"+layer+"_edgelist.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type pair struct{ u, v int }
	last := map[pair]float64{}
	var pairs []pair
	var firstSeen []int
	seen := map[int]bool{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Fields(sc.Text())
		if len(fields) != 3 {
			t.Fatalf("%s:%d: want u v w, got %q", path, line, sc.Text())
		}
		var x [3]int
		for i := range x {
			if x[i], err = strconv.Atoi(fields[i]); err != nil {
				t.Fatalf("%s:%d: %v", path, line, err)
			}
		}
		for _, lab := range x[:2] {
			if !seen[lab] {
				seen[lab] = true
				firstSeen = append(firstSeen, lab)
			}
		}
		p := pair{min(x[0], x[1]), max(x[0], x[1])}
		if _, ok := last[p]; !ok {
			pairs = append(pairs, p)
		}
		last[p] = float64(x[2])
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	g := nxGraph{labelled: labelled{labels: slices.Clone(firstSeen), index: map[int]int{}}}
	slices.Sort(g.labels)
	for v, lab := range g.labels {
		g.index[lab] = v
	}
	edges := make([]netgraph.Edge, len(pairs))
	for i, p := range pairs {
		edges[i] = netgraph.Edge{U: g.index[p.u], V: g.index[p.v], W: last[p]}
	}
	g.g = netgraph.NewUndirected(len(g.labels), edges)
	for _, lab := range firstSeen {
		g.appearance = append(g.appearance, g.index[lab])
	}
	return g
}
