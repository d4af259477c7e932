// Command graphbench generates benchmark graphs and times one netgraph
// algorithm per process on them, for bench/graph.sh.
//
//	graphbench gen -n 100000 -m 1000000 -seed 1 -out g.txt
//	graphbench run -algo louvain -in g.txt -n 100000 -m 1000000
//	graphbench list
//
// gen writes exactly m distinct undirected edges "u v" (0-based ids, no
// self-loops, one per line, in random order) of a degree-corrected planted
// partition: groups of 25 to 75 nodes, node propensities drawn from a Pareto
// law with tail index 2 (degrees with exponent about 3), and a fraction mu of
// each node's edges leaving its group (B. Karrer and M. E. J. Newman 2011
// "Stochastic blockmodels and community structure in networks", Phys. Rev.
// E 83:016107; mixing parameter of A. Lancichinetti, S. Fortunato and F.
// Radicchi 2008, Phys. Rev. E 78:046110). Node ids are shuffled so that
// groups are not id ranges.
//
// run loads the edge list into a netgraph.Graph (unit weights), runs the
// algorithm once and prints one line of key=value fields: status (ok or
// n/a), algo, load_s (reading and building the graph), alg_s (the algorithm
// alone), result (a value to compare across tools: Q for community
// detection, the largest normalised betweenness, the largest PageRank) and
// peak_rss_mib (the process's VmHWM). Algorithms without an implementation
// yet print status=n/a.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

// params are the knobs an algorithm may read.
type params struct {
	seed    uint64
	pivots  int     // sources for sampled betweenness
	prtol   float64 // PageRank stopping threshold on the total L1 change
	workers int     // goroutines for parallel algorithms; 0 = GOMAXPROCS
}

// algorithm is one row of the benchmark. run is nil while netgraph lacks
// the algorithm; the row then prints status=n/a with note.
type algorithm struct {
	name string
	note string
	run  func(g *netgraph.Graph, p params) (result string)
}

// algorithms is the benchmark's table, in the order bench/graph.sh prints.
// To add an algorithm, add a row here and, if the anchors have it, a branch
// in bench/anchors.py under the same name.
var algorithms = []algorithm{
	{name: "pagerank", run: func(g *netgraph.Graph, p params) string {
		// The threshold is on the total L1 change, as in graph-tool;
		// netgraph's tol is per node (networkx's convention).
		pr := netgraph.PageRank(g, 0.85, p.prtol/float64(max(1, g.N())), 1000, false)
		return fmt.Sprintf("max=%.6g", slices.Max(pr))
	}},
	{name: "louvain", run: func(g *netgraph.Graph, p params) string {
		m, q := netgraph.Louvain(g, 1, p.seed)
		return fmt.Sprintf("Q=%.4f,k=%d", q, slices.Max(m)+1)
	}},
	{name: "leiden", run: func(g *netgraph.Graph, p params) string {
		m, q := netgraph.Leiden(g, 1, p.seed, netgraph.LeidenOptions{})
		return fmt.Sprintf("Q=%.4f,k=%d", q, slices.Max(m)+1)
	}},
	{name: "betweenness", run: func(g *netgraph.Graph, p params) string {
		bc := netgraph.NormaliseBetweenness(g, netgraph.Betweenness(g, p.workers))
		return fmt.Sprintf("max=%.6g", slices.Max(bc))
	}},
	// Sampled betweenness for the large graphs. Tideline's is Riondato and
	// Kornaropoulos's path sampling with a stated bound: every normalised
	// value within eps = 0.01 of the exact one with probability 0.9 (the
	// number of paths sampled follows from eps and the vertex diameter);
	// graph-tool's estimates from p.pivots sources, with no bound stated.
	{name: "sampled-betweenness", run: func(g *netgraph.Graph, p params) string {
		bc, samples := netgraph.SampledBetweenness(g, 0.01, 0.1, p.seed, p.workers)
		return fmt.Sprintf("max=%.6g,paths=%d,eps=0.01", slices.Max(bc), samples)
	}},
}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "gen":
		err = gen(os.Args[2:])
	case "run":
		err = run(os.Args[2:])
	case "list":
		for _, a := range algorithms {
			state := "ok"
			if a.run == nil {
				state = "n/a: " + a.note
			}
			fmt.Printf("%s\t%s\n", a.name, state)
		}
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "graphbench:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: graphbench gen -n N -m M [-seed S] [-mu 0.3] -out FILE\n       graphbench run -algo NAME -in FILE -n N [-m M] [-seed S] [-pivots K] [-prtol T] [-workers W]\n       graphbench list")
	os.Exit(2)
}

func gen(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ExitOnError)
	n := fs.Int("n", 0, "nodes")
	m := fs.Int("m", 0, "distinct edges")
	seed := fs.Uint64("seed", 1, "random seed")
	mu := fs.Float64("mu", 0.3, "fraction of edge ends drawn outside the group")
	out := fs.String("out", "", "output edge-list file")
	fs.Parse(args)
	if *n < 2 || *m < 1 || *out == "" || *mu < 0 || *mu > 1 {
		return errors.New("gen needs -n >= 2, -m >= 1, 0 <= -mu <= 1 and -out")
	}
	if float64(*m) > 0.25*float64(*n)*float64(*n-1) {
		return fmt.Errorf("gen: %d edges is too dense for %d nodes", *m, *n)
	}
	edges := plantedPartition(*n, *m, *seed, *mu)
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	buf := make([]byte, 0, 32)
	for _, e := range edges {
		buf = strconv.AppendUint(buf[:0], uint64(e>>32), 10)
		buf = append(buf, ' ')
		buf = strconv.AppendUint(buf, uint64(uint32(e)), 10)
		buf = append(buf, '\n')
		w.Write(buf)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// plantedPartition returns m distinct edges as u<<32|v (u != v, endpoints in
// random order), in random order, as described on the package.
func plantedPartition(n, m int, seed uint64, mu float64) []uint64 {
	rng := rand.New(rand.NewPCG(seed, 0x67726170686265))
	// Groups are id ranges [lo, hi) before the final shuffle of ids.
	groupLo := make([]int32, n)
	groupHi := make([]int32, n)
	for a := 0; a < n; {
		b := min(n, a+25+rng.IntN(51))
		for v := a; v < b; v++ {
			groupLo[v], groupHi[v] = int32(a), int32(b)
		}
		a = b
	}
	// Pareto propensities θ = U^(−1/2) (tail index 2), cumulated so that a
	// node ∝ θ is a binary search, globally or within a group's range.
	cum := make([]float64, n+1)
	for v := 0; v < n; v++ {
		cum[v+1] = cum[v] + 1/math.Sqrt(1-rng.Float64())
	}
	pick := func(lo, hi int32) int32 {
		x := cum[lo] + rng.Float64()*(cum[hi]-cum[lo])
		i, _ := slices.BinarySearch(cum[lo+1:hi+1], x)
		return lo + int32(min(i, int(hi-lo)-1))
	}
	perm := rng.Perm(n)
	keys := make([]uint64, 0, m+m/8)
	for len(keys) < m {
		for want := m - len(keys) + (m-len(keys))/16 + 16; want > 0; want-- {
			u := pick(0, int32(n))
			var v int32
			if rng.Float64() < mu || groupHi[u]-groupLo[u] < 2 {
				v = pick(0, int32(n))
			} else {
				v = pick(groupLo[u], groupHi[u])
			}
			if u == v {
				continue
			}
			a, b := uint64(perm[u]), uint64(perm[v])
			if a > b {
				a, b = b, a
			}
			keys = append(keys, a<<32|b)
		}
		slices.Sort(keys)
		keys = slices.Compact(keys)
	}
	// Keep a uniformly random m of the distinct pairs, in random order,
	// each with a random orientation.
	rng.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	keys = keys[:m]
	for i, k := range keys {
		if rng.IntN(2) == 0 {
			keys[i] = k<<32 | k>>32
		}
	}
	return keys
}

func run(args []string) error {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	name := fs.String("algo", "", "algorithm (graphbench list)")
	in := fs.String("in", "", "edge-list file")
	n := fs.Int("n", 0, "number of nodes (ids 0..n-1)")
	m := fs.Int("m", 0, "number of edges, to size the edge array (optional)")
	var p params
	fs.Uint64Var(&p.seed, "seed", 1, "random seed")
	fs.IntVar(&p.pivots, "pivots", 64, "sources for sampled betweenness")
	fs.Float64Var(&p.prtol, "prtol", 1e-6, "PageRank: stop when the total L1 change is below this")
	fs.IntVar(&p.workers, "workers", 0, "goroutines for parallel algorithms (0: all cores)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the algorithm to this file")
	fs.Parse(args)
	i := slices.IndexFunc(algorithms, func(a algorithm) bool { return a.name == *name })
	if i < 0 || *in == "" || *n < 1 {
		return fmt.Errorf("run needs -algo (one of %s), -in and -n", names())
	}
	a := algorithms[i]
	if a.run == nil {
		fmt.Printf("status=n/a algo=%s note=%q\n", a.name, a.note)
		return nil
	}
	t0 := time.Now()
	g, err := load(*in, *n, *m)
	if err != nil {
		return err
	}
	// The edge list is garbage now: return it before the algorithm runs so
	// the peak is the graph's, not the loader's.
	runtime.GC()
	debug.FreeOSMemory()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	t1 := time.Now()
	result := a.run(g, p)
	t2 := time.Now()
	pprof.StopCPUProfile()
	fmt.Printf("status=ok algo=%s nodes=%d edges=%d load_s=%.3f alg_s=%.3f result=%s peak_rss_mib=%.0f\n",
		a.name, g.N(), g.M(), t1.Sub(t0).Seconds(), t2.Sub(t1).Seconds(), result, peakRSS())
	return nil
}

func names() string {
	var s []string
	for _, a := range algorithms {
		s = append(s, a.name)
	}
	return strings.Join(s, ", ")
}

// load reads "u v" lines (ids 0..n-1, extra fields ignored, lines starting
// with # or % skipped) into a unit-weight graph.
func load(path string, n, m int) (*netgraph.Graph, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	edges := make([]netgraph.Edge, 0, m)
	r := bufio.NewReaderSize(f, 1<<20)
	for line := 1; ; line++ {
		b, err := r.ReadSlice('\n')
		if len(b) > 0 && b[0] != '#' && b[0] != '%' {
			u, rest, ok1 := parseID(b)
			v, _, ok2 := parseID(rest)
			switch {
			case !ok1 && !ok2 && len(strings.TrimSpace(string(b))) == 0:
			case !ok1 || !ok2 || u >= n || v >= n:
				return nil, fmt.Errorf("%s:%d: want two node ids in 0..%d, got %q", path, line, n-1, strings.TrimSpace(string(b)))
			default:
				edges = append(edges, netgraph.Edge{U: u, V: v, W: 1})
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
	}
	return netgraph.NewUndirected(n, edges), nil
}

// parseID skips spaces and tabs and reads one non-negative decimal id.
func parseID(b []byte) (id int, rest []byte, ok bool) {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	j := i
	for j < len(b) && b[j] >= '0' && b[j] <= '9' && j-i < 10 {
		id = id*10 + int(b[j]-'0')
		j++
	}
	return id, b[j:], j > i
}

// peakRSS returns the process's peak resident set size (VmHWM) in MiB, or
// NaN where /proc is unavailable.
func peakRSS() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return math.NaN()
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err == nil {
				return kb / 1024
			}
		}
	}
	return math.NaN()
}
