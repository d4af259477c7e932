package netgraph_test

import (
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/tideline-oss/tideline/internal/netgraph"
	"github.com/tideline-oss/tideline/internal/sharedtest"
)

const never = math.MaxInt64

// randomContacts draws m contacts on n nodes at integer times in [0, span),
// so that equal times are common; self-loops are left in on purpose.
func randomContacts(seed uint64, n, m int, span int64) []netgraph.TemporalEdge {
	rng := rand.New(rand.NewPCG(seed, 11))
	out := make([]netgraph.TemporalEdge, m)
	for i := range out {
		out[i] = netgraph.TemporalEdge{U: rng.IntN(n), V: rng.IntN(n), Time: rng.Int64N(span), W: float64(1 + rng.IntN(3))}
	}
	return out
}

// bruteEarliest tries every subset of the contacts as a journey from s (in
// time order; strictly increasing times, each within maxWait of the one
// before when maxWait > 0, inside [from, to), no self-loops) and returns
// the earliest arrival at each node (never if unreached; from for s).
func bruteEarliest(n int, edges []netgraph.TemporalEdge, directed bool, s int, from, to, maxWait int64) []int64 {
	best := make([]int64, n)
	for v := range best {
		best[v] = never
	}
	best[s] = from
	order := make([]int, len(edges))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return int(edges[a].Time - edges[b].Time) })
	for mask := 1; mask < 1<<len(edges); mask++ {
		cur, prevT, ok := s, int64(0), true
		k := 0
		for _, i := range order {
			if mask&(1<<i) == 0 {
				continue
			}
			e := edges[i]
			switch {
			case e.Time < from || e.Time >= to || e.U == e.V:
				ok = false
			case k > 0 && (e.Time <= prevT || maxWait > 0 && e.Time-prevT > maxWait):
				ok = false
			case e.U == cur:
				cur = e.V
			case !directed && e.V == cur:
				cur = e.U
			default:
				ok = false
			}
			if !ok {
				break
			}
			prevT = e.Time
			k++
		}
		if ok {
			best[cur] = min(best[cur], prevT)
		}
	}
	return best
}

// quadraticEarliest applies the definition directly: a contact can be used
// from x at time t if x is the source or some usable contact reached x at a
// time a with a < t (and t − a ≤ maxWait when maxWait > 0). O(m²).
func quadraticEarliest(n int, edges []netgraph.TemporalEdge, directed bool, s int, from, to, maxWait int64) []int64 {
	best := make([]int64, n)
	for v := range best {
		best[v] = never
	}
	best[s] = from
	sorted := slices.Clone(edges)
	slices.SortStableFunc(sorted, func(a, b netgraph.TemporalEdge) int { return int(a.Time - b.Time) })
	type arrival struct {
		v int
		t int64
	}
	var arrivals []arrival
	for _, e := range sorted {
		if e.Time < from || e.Time >= to || e.U == e.V {
			continue
		}
		dirs := [][2]int{{e.U, e.V}}
		if !directed {
			dirs = append(dirs, [2]int{e.V, e.U})
		}
		var reached []arrival
		for _, d := range dirs {
			usable := d[0] == s
			for _, a := range arrivals {
				if a.v == d[0] && a.t < e.Time && (maxWait == 0 || e.Time-a.t <= maxWait) {
					usable = true
					break
				}
			}
			if usable {
				reached = append(reached, arrival{d[1], e.Time})
				best[d[1]] = min(best[d[1]], e.Time)
			}
		}
		arrivals = append(arrivals, reached...)
	}
	return best
}

// checkJourney fails t unless j is a journey of contacts from edges, from s
// to v arriving at want, in the window, respecting maxWait, and a path (no
// node twice) when simple.
func checkJourney(t *testing.T, edges []netgraph.TemporalEdge, directed bool, j netgraph.Journey, s, v int, from, to, maxWait, want int64, simple bool) {
	t.Helper()
	if j.Arrival != want {
		t.Fatalf("journey to %d arrives at %d; want %d (%v)", v, j.Arrival, want, j.Hops)
	}
	if v == s {
		if len(j.Hops) != 0 {
			t.Fatalf("journey from %d to itself has hops %v", s, j.Hops)
		}
		return
	}
	have := map[netgraph.TemporalEdge]int{}
	for _, e := range edges {
		have[e]++
	}
	nodes := j.Nodes()
	if len(nodes) == 0 || nodes[0] != s || nodes[len(nodes)-1] != v {
		t.Fatalf("journey %v does not run from %d to %d", j.Hops, s, v)
	}
	if simple && len(slices.Compact(slices.Sorted(slices.Values(nodes)))) != len(nodes) {
		t.Fatalf("journey %v revisits a node; want a path without a waiting limit", j.Hops)
	}
	for i, h := range j.Hops {
		e := h
		if have[e] == 0 && !directed {
			e.U, e.V = e.V, e.U
		}
		if have[e] == 0 {
			t.Fatalf("hop %v is not a contact", h)
		}
		if h.Time < from || h.Time >= to {
			t.Fatalf("hop %v outside [%d, %d)", h, from, to)
		}
		if i > 0 {
			p := j.Hops[i-1]
			if p.V != h.U || h.Time <= p.Time || maxWait > 0 && h.Time-p.Time > maxWait {
				t.Fatalf("hops %v then %v do not chain (maxWait %d)", p, h, maxWait)
			}
		}
	}
	if last := j.Hops[len(j.Hops)-1].Time; last != j.Arrival {
		t.Fatalf("Arrival %d; last hop at %d", j.Arrival, last)
	}
}

// checkArrivals compares EarliestArrivals and EarliestJourney with want for
// every node.
func checkArrivals(t *testing.T, n int, edges []netgraph.TemporalEdge, directed bool, s int, from, to, maxWait int64, want []int64) {
	t.Helper()
	tg := netgraph.NewTemporal(n, edges, directed)
	a := netgraph.EarliestArrivals(tg, s, from, to, maxWait)
	for v := 0; v < n; v++ {
		got, ok := a.Time(v)
		if ok != (want[v] != never) || ok && got != want[v] {
			t.Fatalf("s=%d window [%d, %d) maxWait %d directed %v: Time(%d) = %d, %v; want %d (contacts %v)", s, from, to, maxWait, directed, v, got, ok, want[v], edges)
		}
		j, ok := a.Journey(v)
		j2, ok2 := netgraph.EarliestJourney(tg, s, v, from, to, maxWait)
		if ok != ok2 || ok != (want[v] != never) {
			t.Fatalf("Journey(%d) ok = %v, EarliestJourney ok = %v; want %v", v, ok, ok2, want[v] != never)
		}
		if ok {
			checkJourney(t, edges, directed, j, s, v, from, to, maxWait, want[v], maxWait == 0)
			checkJourney(t, edges, directed, j2, s, v, from, to, maxWait, want[v], maxWait == 0)
		}
	}
}

func TestTemporal(t *testing.T) {
	t.Run("HandChecked", func(t *testing.T) {
		// 0 calls 1 at 1; 1 calls 2 at 1 (same instant: no chain) and at 5;
		// 2 calls 3 at 4 (before 2 knows), 3 calls 2 at 9; 1 calls 3 at 20.
		edges := []netgraph.TemporalEdge{
			{U: 0, V: 1, Time: 1, W: 1}, {U: 1, V: 2, Time: 1, W: 1}, {U: 1, V: 2, Time: 5, W: 1},
			{U: 2, V: 3, Time: 4, W: 1}, {U: 3, V: 2, Time: 9, W: 1}, {U: 1, V: 3, Time: 20, W: 1},
		}
		for _, tc := range []struct {
			name     string
			directed bool
			from, to int64
			maxWait  int64
			want     []int64 // arrival at 0, 1, 2, 3
			path3    []int
		}{
			{"directed", true, 0, 100, 0, []int64{0, 1, 5, 20}, []int{0, 1, 3}},
			// Undirected, 3 is reached from 2 at 9 (3–2 at 9 used backwards).
			{"undirected", false, 0, 100, 0, []int64{0, 1, 5, 9}, []int{0, 1, 2, 3}},
			// Waiting at most 4 between hops: 1 (reached at 1) cannot wait
			// until 20, nor 2 (reached at 5) until 9.
			{"directed wait 4", true, 0, 100, 4, []int64{0, 1, 5, never}, nil},
			{"undirected wait 4", false, 0, 100, 4, []int64{0, 1, 5, 9}, []int{0, 1, 2, 3}},
			// Window [2, 100): the call at 1 is outside, nothing leaves 0.
			{"late window", true, 2, 100, 0, []int64{2, never, never, never}, nil},
			{"early window", false, 0, 6, 0, []int64{0, 1, 5, never}, nil},
		} {
			tg := netgraph.NewTemporal(4, edges, tc.directed)
			a := netgraph.EarliestArrivals(tg, 0, tc.from, tc.to, tc.maxWait)
			for v, w := range tc.want {
				got, ok := a.Time(v)
				if ok != (w != never) || ok && got != w {
					t.Errorf("%s: Time(%d) = %d, %v; want %d", tc.name, v, got, ok, w)
				}
			}
			j, ok := netgraph.EarliestJourney(tg, 0, 3, tc.from, tc.to, tc.maxWait)
			if ok != (tc.path3 != nil) || !slices.Equal(j.Nodes(), tc.path3) {
				t.Errorf("%s: EarliestJourney(0, 3) = %v, %v; want nodes %v", tc.name, j, ok, tc.path3)
			}
		}
		tg := netgraph.NewTemporal(4, edges, true)
		j, ok := netgraph.EarliestJourney(tg, 2, 2, 7, 8, 0)
		if !ok || len(j.Hops) != 0 || j.Arrival != 7 {
			t.Errorf("EarliestJourney(2, 2) = %v, %v; want no hops, arrival 7", j, ok)
		}
		j, _ = netgraph.EarliestJourney(tg, 0, 2, 0, 100, 0)
		want := []netgraph.TemporalEdge{{U: 0, V: 1, Time: 1, W: 1}, {U: 1, V: 2, Time: 5, W: 1}}
		if !slices.Equal(j.Hops, want) || j.Arrival != 5 {
			t.Errorf("EarliestJourney(0, 2) = %v; want hops %v arriving at 5", j, want)
		}
	})

	t.Run("WalkUnderWaitingLimit", func(t *testing.T) {
		// At most 3 between hops. The source may wait as long as it likes,
		// so from 0 the journey is 0→1 at 5, 1→2 at 8, and from 1 it is
		// 1→2 at 8 directly.
		edges := []netgraph.TemporalEdge{
			{U: 0, V: 1, Time: 1, W: 1}, {U: 1, V: 0, Time: 3, W: 1},
			{U: 0, V: 1, Time: 5, W: 1}, {U: 1, V: 2, Time: 8, W: 1},
		}
		tg := netgraph.NewTemporal(3, edges, true)
		j, ok := netgraph.EarliestJourney(tg, 0, 2, 0, 10, 3)
		if !ok || !slices.Equal(j.Nodes(), []int{0, 1, 2}) || j.Arrival != 8 || j.Hops[0].Time != 5 {
			t.Errorf("EarliestJourney(0, 2, maxWait 3) = %v, %v; want 0→1 at 5, 1→2 at 8", j, ok)
		}
		j, ok = netgraph.EarliestJourney(tg, 1, 2, 0, 10, 3)
		if !ok || j.Arrival != 8 || !slices.Equal(j.Nodes(), []int{1, 2}) {
			t.Errorf("EarliestJourney(1, 2, maxWait 3) = %v, %v; want 1→2 at 8 directly", j, ok)
		}
		// Starting from 3, which calls 0 at time 0, the clock runs from
		// the first hop: 0 cannot wait from 0 to 5, so only the walk
		// 3→0 at 0, 0→1 at 1, 1→0 at 3, 0→1 at 5, 1→2 at 8 gets through.
		tg2 := netgraph.NewTemporal(4, append(slices.Clone(edges[:3]), netgraph.TemporalEdge{U: 3, V: 0, Time: 0, W: 1}, netgraph.TemporalEdge{U: 1, V: 2, Time: 8, W: 1}), true)
		j, ok = netgraph.EarliestJourney(tg2, 3, 2, 0, 10, 3)
		if !ok || !slices.Equal(j.Nodes(), []int{3, 0, 1, 0, 1, 2}) {
			t.Errorf("EarliestJourney(3, 2, maxWait 3) = %v, %v; want the walk 3 0 1 0 1 2", j, ok)
		}
	})

	t.Run("AgreesWithBruteForce", func(t *testing.T) {
		for seed := uint64(0); seed < 120; seed++ {
			n, m := 3+int(seed%4), 4+int(seed%8)
			edges := randomContacts(seed, n, m, 8)
			directed := seed%2 == 0
			for _, maxWait := range []int64{0, 1, 2, 4} {
				for _, w := range [][2]int64{{math.MinInt64, math.MaxInt64}, {2, 6}, {0, 0}} {
					for s := 0; s < n; s++ {
						want := bruteEarliest(n, edges, directed, s, w[0], w[1], maxWait)
						checkArrivals(t, n, edges, directed, s, w[0], w[1], maxWait, want)
					}
				}
			}
		}
	})

	t.Run("AgreesWithDefinition", func(t *testing.T) {
		// Larger random streams against the O(m²) definition.
		for seed := uint64(0); seed < 12; seed++ {
			n, m := 25, 250
			edges := randomContacts(seed+1000, n, m, 60)
			directed := seed%2 == 1
			for _, maxWait := range []int64{0, 3, 10} {
				for s := 0; s < n; s += 6 {
					want := quadraticEarliest(n, edges, directed, s, 5, 55, maxWait)
					checkArrivals(t, n, edges, directed, s, 5, 55, maxWait, want)
				}
			}
		}
	})

	t.Run("Window", func(t *testing.T) {
		edges := []netgraph.TemporalEdge{
			{U: 0, V: 1, Time: 10, W: 1}, {U: 1, V: 0, Time: 12, W: 2}, {U: 1, V: 2, Time: 12, W: 1},
			{U: 2, V: 2, Time: 15, W: 4}, {U: 3, V: 1, Time: 30, W: 1}, {U: 0, V: 1, Time: 5, W: 0.5},
		}
		tg := netgraph.NewTemporal(5, edges, true)
		if tg.N() != 5 || tg.Len() != 6 || !tg.Directed() {
			t.Fatalf("N, Len, Directed = %d, %d, %v; want 5, 6, true", tg.N(), tg.Len(), tg.Directed())
		}
		g := tg.Window(10, 30)
		want := []netgraph.Edge{{U: 0, V: 1, W: 3}, {U: 1, V: 2, W: 1}}
		if got := g.Edges(); g.N() != 5 || !slices.Equal(got, want) {
			t.Errorf("Window(10, 30).Edges() = %v (N %d); want %v (N 5)", got, g.N(), want)
		}
		all := tg.Window(math.MinInt64, math.MaxInt64)
		if got := all.Edges(); !slices.Equal(got, []netgraph.Edge{{U: 0, V: 1, W: 3.5}, {U: 1, V: 2, W: 1}, {U: 1, V: 3, W: 1}}) {
			t.Errorf("Window(all).Edges() = %v", got)
		}
		if g := tg.Window(16, 16); g.M() != 0 || g.N() != 5 {
			t.Errorf("Window(16, 16) has %d edges; want 0", g.M())
		}
		got := tg.Edges(12, 16)
		wantEdges := []netgraph.TemporalEdge{edges[1], edges[2], edges[3]}
		if !slices.Equal(got, wantEdges) {
			t.Errorf("Edges(12, 16) = %v; want %v (time order, ties in input order)", got, wantEdges)
		}
		if got := tg.Edges(math.MinInt64, 6); !slices.Equal(got, edges[5:]) {
			t.Errorf("Edges(-inf, 6) = %v; want %v", got, edges[5:])
		}
	})

	t.Run("Caviar", func(t *testing.T) {
		// Project CAVIAR (README §2): eleven phases of wiretapped calls,
		// directed and weighted by call count, as one temporal graph with
		// Time = phase. Each phase's window has the README's undirected
		// edge count and call total; all phases together 107 nodes and
		// 214 edges.
		tg, labels := caviar(t)
		wantM := []int{18, 28, 56, 48, 39, 47, 49, 58, 44, 50, 50}
		wantCalls := []float64{59, 120, 282, 456, 162, 668, 379, 335, 317, 478, 355}
		for p := 1; p <= 11; p++ {
			g := tg.Window(int64(p), int64(p+1))
			if g.M() != wantM[p-1] || g.TotalWeight() != wantCalls[p-1] {
				t.Errorf("phase %d: %d edges, %v calls; want %d, %v", p, g.M(), g.TotalWeight(), wantM[p-1], wantCalls[p-1])
			}
		}
		all := tg.Window(1, 12)
		if all.N() != 107 || all.M() != 214 {
			t.Errorf("all phases: N, M = %d, %d; want 107, 214", all.N(), all.M())
		}
		// Time-respecting reachability from Serero (n1) and from Morales
		// (n12) along the direction of calls, against the definition.
		n := tg.N()
		contacts := tg.Edges(math.MinInt64, math.MaxInt64)
		for _, lab := range []int{1, 12} {
			s := slices.Index(labels, lab)
			for _, maxWait := range []int64{0, 1} {
				want := quadraticEarliest(n, contacts, true, s, 1, 12, maxWait)
				checkArrivals(t, n, contacts, true, s, 1, 12, maxWait, want)
			}
		}
	})

	t.Run("Panics", func(t *testing.T) {
		mustPanic(t, "NewTemporal(-1)", func() { netgraph.NewTemporal(-1, nil, false) })
		mustPanic(t, "NewTemporal with id n", func() {
			netgraph.NewTemporal(2, []netgraph.TemporalEdge{{U: 0, V: 2, Time: 1, W: 1}}, false)
		})
		mustPanic(t, "NewTemporal with NaN weight", func() {
			netgraph.NewTemporal(2, []netgraph.TemporalEdge{{U: 0, V: 1, Time: 1, W: math.NaN()}}, true)
		})
		tg := netgraph.NewTemporal(2, []netgraph.TemporalEdge{{U: 0, V: 1, Time: 1, W: 1}}, false)
		mustPanic(t, "Window(5, 4)", func() { tg.Window(5, 4) })
		mustPanic(t, "Edges(5, 4)", func() { tg.Edges(5, 4) })
		mustPanic(t, "EarliestArrivals(maxWait -1)", func() { netgraph.EarliestArrivals(tg, 0, 0, 5, -1) })
		mustPanic(t, "EarliestArrivals(source 2)", func() { netgraph.EarliestArrivals(tg, 2, 0, 5, 0) })
		mustPanic(t, "EarliestJourney(target -1)", func() { netgraph.EarliestJourney(tg, 0, -1, 0, 5, 0) })
		mustPanic(t, "EarliestArrivals(window 5, 0)", func() { netgraph.EarliestArrivals(tg, 0, 5, 0, 0) })
		a := netgraph.EarliestArrivals(tg, 0, 0, 5, 0)
		mustPanic(t, "Arrivals.Time(2)", func() { a.Time(2) })
		mustPanic(t, "Arrivals.Journey(-1)", func() { a.Journey(-1) })
	})
}

// caviar reads the eleven CAVIAR phase matrices as one directed temporal
// graph (Time = phase, W = calls from row to column) on the union of their
// people, nodes numbered by increasing label; labels[v] is v's label.
func caviar(t testing.TB) (*netgraph.Temporal, []int) {
	t.Helper()
	type arc struct{ from, to, phase, calls int }
	var arcs []arc
	seen := map[int]bool{}
	for p := 1; p <= 11; p++ {
		path := sharedtest.Path(t, "networks", "caviar", fmt.Sprintf("phase%d.csv", p))
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		atoi := func(s string) int {
			v, err := strconv.Atoi(s)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			return v
		}
		header := rows[0][1:]
		for _, row := range rows[1:] {
			from := atoi(row[0])
			seen[from] = true
			for j, cell := range row[1:] {
				to := atoi(header[j])
				seen[to] = true
				if c := atoi(cell); c != 0 {
					arcs = append(arcs, arc{from, to, p, c})
				}
			}
		}
	}
	labels := slices.Sorted(func(yield func(int) bool) {
		for l := range seen {
			if !yield(l) {
				return
			}
		}
	})
	edges := make([]netgraph.TemporalEdge, len(arcs))
	for i, a := range arcs {
		u, _ := slices.BinarySearch(labels, a.from)
		v, _ := slices.BinarySearch(labels, a.to)
		edges[i] = netgraph.TemporalEdge{U: u, V: v, Time: int64(a.phase), W: float64(a.calls)}
	}
	return netgraph.NewTemporal(len(labels), edges, true), labels
}
