package netgraph_test

import (
	"bytes"
	"encoding/csv"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/tideline-oss/tideline/internal/netgraph"
	"github.com/tideline-oss/tideline/internal/sharedtest"
)

func TestNewDirected(t *testing.T) {
	t.Run("MergesParallelKeepsReciprocal", func(t *testing.T) {
		d := netgraph.NewDirected(5, []netgraph.Arc{
			{From: 0, To: 1, W: 1},
			{From: 1, To: 0, W: 2},   // reciprocal: a second arc
			{From: 0, To: 1, W: 0.5}, // parallel: merged, 1.5
			{From: 2, To: 2, W: 7},   // self-loop: dropped
			{From: 3, To: 1, W: 4},
			{From: 1, To: 2, W: 1},
			{From: 3, To: 0, W: 0}, // zero weight: kept
		})
		if got, want := d.N(), 5; got != want {
			t.Errorf("N() = %d; want %d", got, want)
		}
		if got, want := d.M(), 5; got != want {
			t.Errorf("M() = %d; want %d", got, want)
		}
		for _, tc := range []struct {
			v         int
			out, in   []int32
			outW, inW []float64
			outS, inS float64
		}{
			{v: 0, out: []int32{1}, outW: []float64{1.5}, in: []int32{1, 3}, inW: []float64{2, 0}, outS: 1.5, inS: 2},
			{v: 1, out: []int32{0, 2}, outW: []float64{2, 1}, in: []int32{0, 3}, inW: []float64{1.5, 4}, outS: 3, inS: 5.5},
			{v: 2, out: []int32{}, outW: []float64{}, in: []int32{1}, inW: []float64{1}, outS: 0, inS: 1},
			{v: 3, out: []int32{0, 1}, outW: []float64{0, 4}, in: []int32{}, inW: []float64{}, outS: 4, inS: 0},
			{v: 4, out: []int32{}, outW: []float64{}, in: []int32{}, inW: []float64{}},
		} {
			if got := d.OutNeighbours(tc.v); !slices.Equal(got, tc.out) {
				t.Errorf("OutNeighbours(%d) = %v; want %v", tc.v, got, tc.out)
			}
			if got := d.OutWeights(tc.v); !slices.Equal(got, tc.outW) {
				t.Errorf("OutWeights(%d) = %v; want %v", tc.v, got, tc.outW)
			}
			if got := d.InNeighbours(tc.v); !slices.Equal(got, tc.in) {
				t.Errorf("InNeighbours(%d) = %v; want %v", tc.v, got, tc.in)
			}
			if got := d.InWeights(tc.v); !slices.Equal(got, tc.inW) {
				t.Errorf("InWeights(%d) = %v; want %v", tc.v, got, tc.inW)
			}
			if got, want := d.OutDegree(tc.v), len(tc.out); got != want {
				t.Errorf("OutDegree(%d) = %d; want %d", tc.v, got, want)
			}
			if got, want := d.InDegree(tc.v), len(tc.in); got != want {
				t.Errorf("InDegree(%d) = %d; want %d", tc.v, got, want)
			}
			if got := d.OutStrength(tc.v); got != tc.outS {
				t.Errorf("OutStrength(%d) = %v; want %v", tc.v, got, tc.outS)
			}
			if got := d.InStrength(tc.v); got != tc.inS {
				t.Errorf("InStrength(%d) = %v; want %v", tc.v, got, tc.inS)
			}
		}
	})

	t.Run("RowsSortedAndTransposed", func(t *testing.T) {
		d := netgraph.NewDirected(200, randomArcs(9, 200, 3000, true))
		out := map[[2]int]float64{}
		var arcs int
		for u := 0; u < d.N(); u++ {
			row := d.OutNeighbours(u)
			if !slices.IsSorted(row) || len(slices.Compact(slices.Clone(row))) != len(row) {
				t.Fatalf("OutNeighbours(%d) not strictly increasing: %v", u, row)
			}
			for i, v := range row {
				if int(v) == u {
					t.Errorf("self-loop %d kept", u)
				}
				out[[2]int{u, int(v)}] = d.OutWeights(u)[i]
				arcs++
			}
		}
		if arcs != d.M() {
			t.Errorf("sum of out-degrees = %d; want M() = %d", arcs, d.M())
		}
		var in int
		for v := 0; v < d.N(); v++ {
			row := d.InNeighbours(v)
			if !slices.IsSorted(row) {
				t.Fatalf("InNeighbours(%d) not sorted: %v", v, row)
			}
			for i, u := range row {
				w, ok := out[[2]int{int(u), v}]
				if !ok || w != d.InWeights(v)[i] {
					t.Errorf("in-arc %d→%d weight %v; out-arc %v, %v", u, v, d.InWeights(v)[i], w, ok)
				}
				in++
			}
		}
		if in != d.M() {
			t.Errorf("sum of in-degrees = %d; want %d", in, d.M())
		}
	})

	t.Run("Empty", func(t *testing.T) {
		d := netgraph.NewDirected(0, nil)
		if d.N() != 0 || d.M() != 0 {
			t.Errorf("NewDirected(0, nil) has N=%d M=%d; want 0, 0", d.N(), d.M())
		}
		if got := netgraph.PageRankDirected(d, 0.85, 1e-6, 100, true); len(got) != 0 {
			t.Errorf("PageRankDirected(empty) = %v; want empty", got)
		}
	})

	t.Run("Panics", func(t *testing.T) {
		mustPanic(t, "NewDirected(-1, nil)", func() { netgraph.NewDirected(-1, nil) })
		mustPanic(t, "NewDirected with id n", func() { netgraph.NewDirected(2, []netgraph.Arc{{From: 0, To: 2, W: 1}}) })
		mustPanic(t, "NewDirected with negative id", func() { netgraph.NewDirected(2, []netgraph.Arc{{From: -1, To: 0, W: 1}}) })
		mustPanic(t, "NewDirected with negative weight", func() { netgraph.NewDirected(2, []netgraph.Arc{{From: 0, To: 1, W: -1}}) })
		mustPanic(t, "NewDirected with Inf weight", func() { netgraph.NewDirected(2, []netgraph.Arc{{From: 0, To: 1, W: math.Inf(1)}}) })
		d := netgraph.NewDirected(2, nil)
		mustPanic(t, "OutNeighbours(2)", func() { d.OutNeighbours(2) })
		mustPanic(t, "InDegree(-1)", func() { d.InDegree(-1) })
		mustPanic(t, "InStrength(5)", func() { d.InStrength(5) })
		mustPanic(t, "PageRankDirected(damping -0.1)", func() { netgraph.PageRankDirected(d, -0.1, 1e-6, 100, false) })
		mustPanic(t, "PageRankDirected(tol -1)", func() { netgraph.PageRankDirected(d, 0.85, -1, 100, false) })
	})
}

func TestPageRankDirected(t *testing.T) {
	t.Run("Chain", func(t *testing.T) {
		// 0→1, 1 dangling: x0 = 0.075 + 0.425 x1, x1 = 0.075 + 0.85 x0 +
		// 0.425 x1, so x = (20/57, 37/57).
		d := netgraph.NewDirected(2, []netgraph.Arc{{From: 0, To: 1, W: 1}})
		assertNear(t, "PageRankDirected(0→1)", netgraph.PageRankDirected(d, 0.85, 1e-15, 1000, false), []float64{20.0 / 57, 37.0 / 57}, 1e-13)
	})

	t.Run("AgreesWithGonum", func(t *testing.T) {
		for _, weighted := range []bool{false, true} {
			for _, tc := range oracleCases {
				name := tc.name + "/unweighted"
				if weighted {
					name = tc.name + "/weighted"
				}
				t.Run(name, func(t *testing.T) {
					d := netgraph.NewDirected(tc.n, randomArcs(uint64(tc.n*5+tc.m), tc.n, tc.m, weighted))
					got := netgraph.PageRankDirected(d, 0.85, 1e-14, 10000, weighted)
					ref := network.PageRank(toGonumDigraph(d, weighted), 0.85, 1e-12)
					var sum float64
					for v := range got {
						sum += got[v]
						if want := ref[int64(v)]; !near(got[v], want, 1e-9) {
							t.Errorf("PageRankDirected[%d] = %v; want %v (gonum)", v, got[v], want)
						}
					}
					if !near(sum, 1, 1e-12) {
						t.Errorf("sum of PageRankDirected = %v; want 1", sum)
					}
				})
			}
		}
	})

	t.Run("SymmetricMatchesPageRank", func(t *testing.T) {
		g := randomGraph(3, 150, 400, true)
		var arcs []netgraph.Arc
		for _, e := range g.Edges() {
			arcs = append(arcs, netgraph.Arc{From: e.U, To: e.V, W: e.W}, netgraph.Arc{From: e.V, To: e.U, W: e.W})
		}
		d := netgraph.NewDirected(g.N(), arcs)
		for _, weighted := range []bool{false, true} {
			assertNear(t, "PageRankDirected(both arcs)", netgraph.PageRankDirected(d, 0.85, 1e-12, 1000, weighted),
				netgraph.PageRank(g, 0.85, 1e-12, 1000, weighted), 1e-15)
		}
	})
}

// TestDirectedMontagna checks the Montagna phone calls read as arcs caller →
// callee weighted by call counts (150 arcs, 26 reciprocated, 34 nodes that
// never call) against networkx 3.6.1 on the DiGraph: pagerank(G,
// weight=None) and pagerank(G) with the defaults (alpha 0.85, tol 1e-6,
// max_iter 100), in_degree and out_degree with and without weight.
func TestDirectedMontagna(t *testing.T) {
	l, d := montagnaDirected(t)
	if got, want := d.N(), 100; got != want {
		t.Errorf("N() = %d; want %d", got, want)
	}
	if got, want := d.M(), 150; got != want {
		t.Errorf("M() = %d; want %d", got, want)
	}
	var dangling int
	for v := 0; v < d.N(); v++ {
		if d.OutDegree(v) == 0 {
			dangling++
		}
	}
	if dangling != 34 {
		t.Errorf("nodes without out-arcs = %d; want 34", dangling)
	}
	for _, tc := range []struct {
		label, in, out int
		inS, outS      float64
	}{{18, 17, 13, 37, 34}, {61, 13, 9, 23, 23}, {47, 12, 15, 20, 34}} {
		v := l.node(t, tc.label)
		if d.InDegree(v) != tc.in || d.OutDegree(v) != tc.out || d.InStrength(v) != tc.inS || d.OutStrength(v) != tc.outS {
			t.Errorf("node %d: in/out degree %d/%d, strength %v/%v; want %d/%d, %v/%v", tc.label,
				d.InDegree(v), d.OutDegree(v), d.InStrength(v), d.OutStrength(v), tc.in, tc.out, tc.inS, tc.outS)
		}
	}
	type ref struct {
		label int
		pr    float64
	}
	for _, tc := range []struct {
		weighted bool
		want     []ref
	}{
		{false, []ref{{18, 0.07743102696259657}, {61, 0.07721062992589472}, {47, 0.060897973932699606}, {27, 0.038684122288448364}, {68, 0.03670698965947063}}},
		{true, []ref{{18, 0.09955044747081285}, {61, 0.07466870435169337}, {47, 0.0613866458254964}, {29, 0.04838734622484271}, {68, 0.03960905089079547}}},
	} {
		pr := netgraph.PageRankDirected(d, 0.85, 1e-6, 100, tc.weighted)
		top := topK(pr, len(tc.want))
		for i, r := range tc.want {
			if got := pr[l.node(t, r.label)]; !near(got, r.pr, 1e-12) {
				t.Errorf("PageRankDirected(weighted=%v)(%d) = %v; want %v (networkx)", tc.weighted, r.label, got, r.pr)
			}
			if got := l.labels[top[i]]; got != r.label {
				t.Errorf("PageRankDirected(weighted=%v) rank %d = node %d; want %d", tc.weighted, i+1, got, r.label)
			}
		}
	}
}

// TestDirectedUCINET checks two valued, directed UCINET covert networks
// (Morselli 2009 Project Ciel; Natarajan, NYC cocaine wiretaps) against
// networkx 3.6.1 pagerank with defaults on the DiGraph of non-zero cells.
func TestDirectedUCINET(t *testing.T) {
	type ref struct {
		label string
		pr    float64
	}
	for _, tc := range []struct {
		file       string
		n, m       int
		plain, val []ref
	}{
		{"morselli_cielnet.csv", 25, 45,
			[]ref{{"N2", 0.14647630229445377}, {"N13", 0.12314611187327305}, {"N11", 0.08791552440217992}},
			[]ref{{"N2", 0.15201865276136386}, {"N13", 0.1259079963072694}, {"N11", 0.11060129706198249}}},
		{"natajaran_cocaine.csv", 28, 40,
			[]ref{{"Robert", 0.06432835984098996}, {"Frank", 0.04748891000646568}, {"Fabio", 0.04545682247090694}},
			[]ref{{"Robert", 0.06705428975777311}, {"Fabio", 0.056357304910535075}, {"Frank", 0.048636659050940854}}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			net := readMatrix(t, "networks", "ucinet_covert", tc.file)
			d := netgraph.NewDirected(len(net.labels), net.arcs)
			if d.N() != tc.n || d.M() != tc.m {
				t.Errorf("N, M = %d, %d; want %d, %d", d.N(), d.M(), tc.n, tc.m)
			}
			for _, weighted := range []bool{false, true} {
				want := tc.plain
				if weighted {
					want = tc.val
				}
				pr := netgraph.PageRankDirected(d, 0.85, 1e-6, 100, weighted)
				top := topK(pr, len(want))
				for i, r := range want {
					if got := net.labels[top[i]]; got != r.label {
						t.Errorf("weighted=%v: rank %d = %s; want %s", weighted, i+1, got, r.label)
					}
					if got := pr[top[i]]; !near(got, r.pr, 1e-12) {
						t.Errorf("weighted=%v: PageRankDirected(%s) = %v; want %v (networkx)", weighted, net.labels[top[i]], got, r.pr)
					}
				}
			}
		})
	}
}

// randomArcs draws m arcs uniformly at random on n nodes, self-loops and
// parallel arcs left in for NewDirected to drop and merge. Weights are 1, or
// uniform in [0.5, 5) when weighted.
func randomArcs(seed uint64, n, m int, weighted bool) []netgraph.Arc {
	rng := rand.New(rand.NewPCG(seed, 3))
	arcs := make([]netgraph.Arc, 0, m)
	for len(arcs) < m {
		a := netgraph.Arc{From: rng.IntN(n), To: rng.IntN(n), W: 1}
		if weighted {
			a.W = 0.5 + 4.5*rng.Float64()
		}
		arcs = append(arcs, a)
	}
	return arcs
}

// toGonumDigraph copies d, isolated nodes included, into a gonum directed
// graph, weighted or unit-weight.
func toGonumDigraph(d *netgraph.Digraph, weighted bool) graph.Directed {
	if weighted {
		gg := simple.NewWeightedDirectedGraph(0, 0)
		for v := 0; v < d.N(); v++ {
			gg.AddNode(simple.Node(v))
		}
		for u := 0; u < d.N(); u++ {
			for i, v := range d.OutNeighbours(u) {
				gg.SetWeightedEdge(gg.NewWeightedEdge(simple.Node(u), simple.Node(v), d.OutWeights(u)[i]))
			}
		}
		return gg
	}
	gg := simple.NewDirectedGraph()
	for v := 0; v < d.N(); v++ {
		gg.AddNode(simple.Node(v))
	}
	for u := 0; u < d.N(); u++ {
		for _, v := range d.OutNeighbours(u) {
			gg.SetEdge(gg.NewEdge(simple.Node(u), simple.Node(v)))
		}
	}
	return gg
}

// matrixNet is a network read from a labelled CSV adjacency matrix.
type matrixNet struct {
	labels []string // labels[v]: row label of node v
	arcs   []netgraph.Arc
}

// readMatrix reads a CSV adjacency matrix whose first row and column hold
// labels (a UTF-8 BOM and quoting allowed); every non-zero cell [i][j]
// becomes the arc i→j weighted by the cell. Columns are matched to rows by
// position, as the files are square.
func readMatrix(t testing.TB, elem ...string) matrixNet {
	t.Helper()
	p := sharedtest.Path(t, elem...)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	n := len(rows) - 1
	var net matrixNet
	for i, row := range rows[1:] {
		if len(row) != n+1 {
			t.Fatalf("%s: row %d has %d cells; want %d", p, i+1, len(row), n+1)
		}
		net.labels = append(net.labels, strings.TrimSpace(row[0]))
		for j, cell := range row[1:] {
			w, err := strconv.ParseFloat(strings.TrimSpace(cell), 64)
			if err != nil {
				t.Fatalf("%s: row %d col %d: %v", p, i+1, j+1, err)
			}
			if w != 0 {
				net.arcs = append(net.arcs, netgraph.Arc{From: i, To: j, W: w})
			}
		}
	}
	return net
}

// undirectedBinary is the undirected simple graph with an edge wherever
// either direction is non-zero (the README's convention).
func (m matrixNet) undirectedBinary() *netgraph.Graph {
	edges := make([]netgraph.Edge, len(m.arcs))
	for i, a := range m.arcs {
		edges[i] = netgraph.Edge{U: a.From, V: a.To, W: 1}
	}
	return netgraph.NewUndirected(len(m.labels), edges).Unweighted()
}

// montagnaDirected loads the Montagna phone calls as arcs caller→callee
// weighted by the number of calls, nodes numbered as in montagna().
func montagnaDirected(t testing.TB) (labelled, *netgraph.Digraph) {
	t.Helper()
	l := montagna(t, "phonecalls")
	f, err := os.ReadFile(sharedtest.Path(t, "networks", "montagna", "Montagna_phonecalls_edgelist.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var arcs []netgraph.Arc
	for _, line := range strings.Split(string(f), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		u, _ := strconv.Atoi(fields[0])
		v, _ := strconv.Atoi(fields[1])
		w, _ := strconv.ParseFloat(fields[2], 64)
		arcs = append(arcs, netgraph.Arc{From: l.index[u], To: l.index[v], W: w})
	}
	return l, netgraph.NewDirected(len(l.labels), arcs)
}
