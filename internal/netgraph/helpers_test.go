package netgraph_test

import (
	"bufio"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/tideline-oss/tideline/internal/netgraph"
	"github.com/tideline-oss/tideline/internal/sharedtest"
)

// randomEdges draws m edges uniformly at random on n nodes. Self-loops,
// parallel and reciprocal edges are left in on purpose so that NewUndirected
// has to merge them. Weights are 1, or uniform in [0.5, 5) when weighted.
func randomEdges(seed uint64, n, m int, weighted bool) []netgraph.Edge {
	rng := rand.New(rand.NewPCG(seed, 1))
	edges := make([]netgraph.Edge, 0, m)
	for len(edges) < m {
		e := netgraph.Edge{U: rng.IntN(n), V: rng.IntN(n), W: 1}
		if weighted {
			e.W = 0.5 + 4.5*rng.Float64()
		}
		edges = append(edges, e)
	}
	return edges
}

// randomGraph is NewUndirected over randomEdges.
func randomGraph(seed uint64, n, m int, weighted bool) *netgraph.Graph {
	return netgraph.NewUndirected(n, randomEdges(seed, n, m, weighted))
}

// oracleCases are the random graphs checked against gonum: several sizes,
// sparse ones disconnected (with isolated nodes), a couple of dense ones.
var oracleCases = []struct {
	name string
	n, m int
}{
	{"n1", 1, 0},
	{"n2_m1", 2, 1},
	{"n10_m15", 10, 15},
	{"n30_m20_disconnected", 30, 20},
	{"n60_m150", 60, 150},
	{"n150_m110_disconnected", 150, 110},
	{"n200_m800", 200, 800},
	{"n40_m500_dense", 40, 500},
}

// toGonumUndirected copies g, isolated nodes included, into a gonum
// undirected graph: weighted when weighted is true, else unit-weight.
func toGonumUndirected(g *netgraph.Graph, weighted bool) graph.Undirected {
	if weighted {
		gg := simple.NewWeightedUndirectedGraph(0, 0)
		for v := 0; v < g.N(); v++ {
			gg.AddNode(simple.Node(v))
		}
		for _, e := range g.Edges() {
			gg.SetWeightedEdge(gg.NewWeightedEdge(simple.Node(e.U), simple.Node(e.V), e.W))
		}
		return gg
	}
	gg := simple.NewUndirectedGraph()
	for v := 0; v < g.N(); v++ {
		gg.AddNode(simple.Node(v))
	}
	for _, e := range g.Edges() {
		gg.SetEdge(gg.NewEdge(simple.Node(e.U), simple.Node(e.V)))
	}
	return gg
}

// toGonumDirected copies g into a gonum directed graph holding both arcs of
// every edge.
func toGonumDirected(g *netgraph.Graph, weighted bool) graph.Directed {
	if weighted {
		gg := simple.NewWeightedDirectedGraph(0, 0)
		for v := 0; v < g.N(); v++ {
			gg.AddNode(simple.Node(v))
		}
		for _, e := range g.Edges() {
			gg.SetWeightedEdge(gg.NewWeightedEdge(simple.Node(e.U), simple.Node(e.V), e.W))
			gg.SetWeightedEdge(gg.NewWeightedEdge(simple.Node(e.V), simple.Node(e.U), e.W))
		}
		return gg
	}
	gg := simple.NewDirectedGraph()
	for v := 0; v < g.N(); v++ {
		gg.AddNode(simple.Node(v))
	}
	for _, e := range g.Edges() {
		gg.SetEdge(gg.NewEdge(simple.Node(e.U), simple.Node(e.V)))
		gg.SetEdge(gg.NewEdge(simple.Node(e.V), simple.Node(e.U)))
	}
	return gg
}

// gonumCommunities converts a membership vector to gonum's [][]graph.Node.
func gonumCommunities(membership []int) [][]graph.Node {
	k := 0
	for _, c := range membership {
		k = max(k, c+1)
	}
	comms := make([][]graph.Node, k)
	for v, c := range membership {
		comms[c] = append(comms[c], simple.Node(v))
	}
	return slices.DeleteFunc(comms, func(c []graph.Node) bool { return len(c) == 0 })
}

// labelled is a graph read from a file whose node labels are arbitrary ints,
// mapped to 0..n-1 in increasing label order.
type labelled struct {
	g      *netgraph.Graph
	labels []int       // labels[v] is the file's label of node v
	index  map[int]int // file label -> node
}

// node returns the node of file label l, failing t if absent.
func (l labelled) node(t testing.TB, label int) int {
	t.Helper()
	v, ok := l.index[label]
	if !ok {
		t.Fatalf("label %d not in graph", label)
	}
	return v
}

// readEdgeList reads whitespace-separated "u v [w]" lines (no header) and
// builds a graph with weights as given (1 when the column is absent).
func readEdgeList(t testing.TB, path string) labelled {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type row struct {
		u, v int
		w    float64
	}
	var rows []row
	seen := map[int]bool{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if len(fields) < 2 {
			t.Fatalf("%s:%d: want u v [w], got %q", path, line, sc.Text())
		}
		u, err1 := strconv.Atoi(fields[0])
		v, err2 := strconv.Atoi(fields[1])
		w := 1.0
		var err3 error
		if len(fields) > 2 {
			w, err3 = strconv.ParseFloat(fields[2], 64)
		}
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatalf("%s:%d: bad line %q", path, line, sc.Text())
		}
		rows = append(rows, row{u, v, w})
		seen[u], seen[v] = true, true
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	l := labelled{index: map[int]int{}}
	for lab := range seen {
		l.labels = append(l.labels, lab)
	}
	slices.Sort(l.labels)
	for v, lab := range l.labels {
		l.index[lab] = v
	}
	edges := make([]netgraph.Edge, len(rows))
	for i, r := range rows {
		edges[i] = netgraph.Edge{U: l.index[r.u], V: l.index[r.v], W: r.w}
	}
	l.g = netgraph.NewUndirected(len(l.labels), edges)
	return l
}

// montagna loads one Montagna layer ("meetings" or "phonecalls").
func montagna(t testing.TB, layer string) labelled {
	t.Helper()
	return readEdgeList(t, sharedtest.Path(t, "networks", "montagna", "Montagna_"+layer+"_edgelist.csv"))
}

// topK returns the k nodes with the highest score, ties by smaller id.
func topK(score []float64, k int) []int {
	idx := make([]int, len(score))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case score[a] > score[b]:
			return -1
		case score[a] < score[b]:
			return 1
		}
		return 0
	})
	return idx[:min(k, len(idx))]
}

func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol
}

// mustPanic fails t unless f panics with a message starting "netgraph: ".
func mustPanic(t *testing.T, name string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Errorf("%s did not panic", name)
			return
		}
		msg, ok := r.(string)
		if !ok || !strings.HasPrefix(msg, "netgraph: ") {
			t.Errorf("%s panicked with %v; want a string with prefix %q", name, r, "netgraph: ")
		}
	}()
	f()
}
