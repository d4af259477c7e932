package netgraph_test

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

// fragmentationWithout is F (or DF = 1 − E) of g without the set, computed
// from an independent rebuild.
func fragmentationWithout(g *netgraph.Graph, set []int, distance bool) float64 {
	h, _ := remaining(g, set)
	if distance {
		if h.N() < 2 {
			return 1
		}
		return 1 - efficiencyOracle(h)
	}
	_, sizes := netgraph.Components(h)
	return netgraph.Fragmentation(sizes)
}

// bruteKeyPlayers returns the best objective over all k-subsets.
func bruteKeyPlayers(g *netgraph.Graph, k int, distance bool) float64 {
	n := g.N()
	best := -1.0
	for mask := uint64(0); mask < 1<<n; mask++ {
		if bits.OnesCount64(mask) != k {
			continue
		}
		var set []int
		for v := 0; v < n; v++ {
			if mask&(1<<v) != 0 {
				set = append(set, v)
			}
		}
		best = max(best, fragmentationWithout(g, set, distance))
	}
	return best
}

func TestRemovalCohesion(t *testing.T) {
	for seed := uint64(1); seed <= 40; seed++ {
		rng := rand.New(rand.NewPCG(seed, 3))
		n := 2 + rng.IntN(40)
		g := randomGraph(seed, n, rng.IntN(2*n), false)
		alive := make([]bool, n)
		var dead []int
		for v := range alive {
			alive[v] = rng.Float64() < 0.8
			if !alive[v] {
				dead = append(dead, v)
			}
		}
		got := netgraph.RemovalCohesion(g, alive)
		for v, a := range alive {
			if !a {
				continue
			}
			h, _ := remaining(g, append(slices.Clone(dead), v))
			_, sizes := netgraph.Components(h)
			var want float64
			for _, s := range sizes {
				want += float64(s * (s - 1))
			}
			if got[v] != want {
				t.Errorf("seed %d (n=%d): cohesion without %d = %v; want %v", seed, n, v, got[v], want)
			}
		}
	}
}

func TestKeyPlayers(t *testing.T) {
	t.Run("Barbell", func(t *testing.T) {
		g := barbell()
		// F: removing the broker 3 leaves two triangles, F = 0.6; removing
		// 2 or 4 leaves a pair and a 4-path, F = 1 − 14/30.
		r := netgraph.KeyPlayers(g, 1, netgraph.KeyPlayerOptions{})
		if !slices.Equal(r.Set, []int{3}) || !near(r.Fragmentation, 0.6, 1e-15) || !r.LocalOptimum {
			t.Errorf("KeyPlayers(barbell, 1) = %+v; want {3}, F 0.6, local optimum", r)
		}
		// DF: removing 2, 3 or 4 all give E = 12/30, DF = 0.6; ties go to
		// the smallest id.
		r = netgraph.KeyPlayers(g, 1, netgraph.KeyPlayerOptions{Distance: true})
		if !slices.Equal(r.Set, []int{2}) || !near(r.Fragmentation, 0.6, 1e-15) {
			t.Errorf("KeyPlayers(barbell, 1, distance) = %+v; want {2}, DF 0.6", r)
		}
		// k = 2: the optimum {2, 4} leaves {0,1}, {3}, {5,6}, F = 1 − 4/20.
		// The greedy start takes 3, then 0 (every second node gives 0.6),
		// and {0, 3} is a local optimum: every single swap gives 0.6 or
		// less, reaching {2, 4} takes two. Random restarts find it.
		r = netgraph.KeyPlayers(g, 2, netgraph.KeyPlayerOptions{})
		if !slices.Equal(r.Set, []int{0, 3}) || !near(r.Fragmentation, 0.6, 1e-15) || !r.LocalOptimum || r.Swaps != 0 {
			t.Errorf("KeyPlayers(barbell, 2) = %+v; want the local optimum {0, 3}, F 0.6, no swaps", r)
		}
		r = netgraph.KeyPlayers(g, 2, netgraph.KeyPlayerOptions{Restarts: 5, Seed: 1})
		if !slices.Equal(r.Set, []int{2, 4}) || !near(r.Fragmentation, 0.8, 1e-15) || !r.LocalOptimum {
			t.Errorf("KeyPlayers(barbell, 2, 5 restarts) = %+v; want {2, 4}, F 0.8", r)
		}
	})

	t.Run("BruteForce", func(t *testing.T) {
		for seed := uint64(1); seed <= 30; seed++ {
			rng := rand.New(rand.NewPCG(seed, 5))
			n := 6 + rng.IntN(7)
			g := randomGraph(seed*101, n, n+rng.IntN(2*n), false)
			for _, distance := range []bool{false, true} {
				for k := 1; k <= 3; k++ {
					t.Run(fmt.Sprintf("seed=%d/n=%d/k=%d/distance=%v", seed, n, k, distance), func(t *testing.T) {
						r := netgraph.KeyPlayers(g, k, netgraph.KeyPlayerOptions{Distance: distance, Restarts: 4, Seed: seed})
						want := bruteKeyPlayers(g, k, distance)
						if len(r.Set) != k || !slices.IsSorted(r.Set) {
							t.Fatalf("Set = %v; want %d sorted nodes", r.Set, k)
						}
						if got := fragmentationWithout(g, r.Set, distance); !near(got, r.Fragmentation, 1e-12) {
							t.Errorf("reported %v for %v; recomputed %v", r.Fragmentation, r.Set, got)
						}
						if !near(r.Fragmentation, want, 1e-12) {
							t.Errorf("KeyPlayers = %v (%v); want the optimum %v", r.Set, r.Fragmentation, want)
						}
						if !r.LocalOptimum {
							t.Errorf("LocalOptimum = false after %d swaps", r.Swaps)
						}
					})
				}
			}
		}
	})

	t.Run("MaxSwaps", func(t *testing.T) {
		// A graph whose greedy start needs at least two swaps: cut short
		// after one, the search reports it is not at a local optimum.
		for seed := uint64(1); seed < 200; seed++ {
			g := randomGraph(seed, 40, 60, false)
			full := netgraph.KeyPlayers(g, 4, netgraph.KeyPlayerOptions{})
			if full.Swaps < 2 {
				continue
			}
			short := netgraph.KeyPlayers(g, 4, netgraph.KeyPlayerOptions{MaxSwaps: 1})
			if short.Swaps != 1 || short.LocalOptimum || !(short.Fragmentation < full.Fragmentation) {
				t.Errorf("seed %d: MaxSwaps 1 gave %+v; full search %+v", seed, short, full)
			}
			if !full.LocalOptimum {
				t.Errorf("seed %d: full search %+v is not a local optimum", seed, full)
			}
			return
		}
		t.Fatal("no test graph needed two swaps")
	})

	t.Run("Deterministic", func(t *testing.T) {
		g := randomGraph(4, 80, 120, false)
		opts := netgraph.KeyPlayerOptions{Restarts: 3, Seed: 9}
		a, b := netgraph.KeyPlayers(g, 5, opts), netgraph.KeyPlayers(g, 5, opts)
		if !slices.Equal(a.Set, b.Set) || a.Fragmentation != b.Fragmentation || a.Swaps != b.Swaps {
			t.Errorf("two runs with the same seed: %+v and %+v", a, b)
		}
		small := randomGraph(6, 40, 60, false)
		one := netgraph.KeyPlayers(small, 3, netgraph.KeyPlayerOptions{Distance: true, Restarts: 2, Seed: 3, Workers: 1})
		three := netgraph.KeyPlayers(small, 3, netgraph.KeyPlayerOptions{Distance: true, Restarts: 2, Seed: 3, Workers: 3})
		if !slices.Equal(one.Set, three.Set) || one.Fragmentation != three.Fragmentation || one.Swaps != three.Swaps {
			t.Errorf("DF with 1 and 3 workers: %+v and %+v", one, three)
		}
	})

	t.Run("Edges", func(t *testing.T) {
		g := barbell()
		if r := netgraph.KeyPlayers(g, 0, netgraph.KeyPlayerOptions{}); len(r.Set) != 0 || r.Fragmentation != 0 || !r.LocalOptimum {
			t.Errorf("KeyPlayers(barbell, 0) = %+v; want the empty set, F 0", r)
		}
		for _, k := range []int{6, 7} { // fewer than two nodes left
			r := netgraph.KeyPlayers(g, k, netgraph.KeyPlayerOptions{Distance: k == 6})
			if len(r.Set) != k || r.Fragmentation != 1 {
				t.Errorf("KeyPlayers(barbell, %d) = %+v; want %d nodes, F 1", k, r, k)
			}
		}
		mustPanic(t, "KeyPlayers(k < 0)", func() { netgraph.KeyPlayers(g, -1, netgraph.KeyPlayerOptions{}) })
		mustPanic(t, "KeyPlayers(k > N)", func() { netgraph.KeyPlayers(g, 8, netgraph.KeyPlayerOptions{}) })
		mustPanic(t, "KeyPlayers(negative restarts)", func() { netgraph.KeyPlayers(g, 1, netgraph.KeyPlayerOptions{Restarts: -1}) })
		mustPanic(t, "KeyPlayers(negative max swaps)", func() { netgraph.KeyPlayers(g, 1, netgraph.KeyPlayerOptions{MaxSwaps: -1}) })
	})

	t.Run("MontagnaVersusBetweenness", func(t *testing.T) {
		// k = 5 on the unweighted layers, against the first five
		// sequential betweenness removals (TestMontagnaDisruption). F and
		// DF of the sets agree with networkx 2.8.8 (DF from exact rationals).
		// Meetings: the key-player set is the betweenness set. Phone calls:
		// it fragments more (F 0.9324 against 0.9303) but leaves a larger
		// LCC (24 against 22): F counts every disconnected pair, the LCC
		// only the largest piece.
		for _, tc := range []struct {
			layer     string
			set       []int
			f, df     float64
			bcSet     []int
			bcF       float64
			lcc, bcLC int
		}{
			{"meetings", []int{18, 22, 25, 29, 68}, 0.7842105263157895, 0.8944204260651629, []int{18, 22, 25, 29, 68}, 0.7842105263157895, 39, 39},
			{"phonecalls", []int{18, 27, 47, 61, 68}, 0.9323628219484883, 0.9713133898576228, []int{18, 29, 47, 61, 77}, 0.9303471444568869, 24, 22},
		} {
			nx := montagnaNX(t, tc.layer)
			g := nx.g.Unweighted()
			labels := func(set []int) []int {
				var out []int
				for _, v := range set {
					out = append(out, nx.labels[v])
				}
				slices.Sort(out)
				return out
			}
			for _, distance := range []bool{false, true} {
				r := netgraph.KeyPlayers(g, 5, netgraph.KeyPlayerOptions{Distance: distance})
				want := tc.f
				if distance {
					want = tc.df
				}
				if got := labels(r.Set); !slices.Equal(got, tc.set) || !near(r.Fragmentation, want, 1e-15) || !r.LocalOptimum {
					t.Errorf("%s distance=%v: KeyPlayers = %v, %.17g, optimum %v; want %v, %.17g, true", tc.layer, distance, got, r.Fragmentation, r.LocalOptimum, tc.set, want)
				}
				if distance {
					continue
				}
				// Local optimality, checked by brute force over all swaps.
				for i := range r.Set {
					for v := 0; v < g.N(); v++ {
						if slices.Contains(r.Set, v) {
							continue
						}
						swapped := slices.Clone(r.Set)
						swapped[i] = v
						if f := fragmentationWithout(g, swapped, false); f > r.Fragmentation {
							t.Errorf("%s: swapping %d for %d gives F %v > %v", tc.layer, nx.labels[r.Set[i]], nx.labels[v], f, r.Fragmentation)
						}
					}
				}
				if r2 := netgraph.KeyPlayers(g, 5, netgraph.KeyPlayerOptions{Restarts: 10, Seed: 1}); !slices.Equal(labels(r2.Set), tc.set) {
					t.Errorf("%s: with 10 restarts KeyPlayers = %v; want %v again", tc.layer, labels(r2.Set), tc.set)
				}
			}
			score, priority := montagnaStrategy(t, nx, "Betweenness", false, false)
			steps := netgraph.Disrupt(g, score, netgraph.DisruptOptions{Removals: 5, Priority: priority})
			var bc []int
			for _, st := range steps {
				bc = append(bc, st.Removed...)
			}
			if got := labels(bc); !slices.Equal(got, tc.bcSet) || !near(steps[5].Fragmentation, tc.bcF, 1e-15) {
				t.Errorf("%s: sequential betweenness removes %v, F %v; want %v, %v", tc.layer, got, steps[5].Fragmentation, tc.bcSet, tc.bcF)
			}
			if !(tc.f >= steps[5].Fragmentation) {
				t.Errorf("%s: key-player F %v below sequential betweenness F %v", tc.layer, tc.f, steps[5].Fragmentation)
			}
			kp, _ := remaining(g, func() []int {
				var s []int
				for _, lab := range tc.set {
					s = append(s, nx.node(t, lab))
				}
				return s
			}())
			_, sizes := netgraph.Components(kp)
			if sizes[0] != tc.lcc || steps[5].LCC != tc.bcLC {
				t.Errorf("%s: LCC after the key players %d, after betweenness %d; want %d, %d", tc.layer, sizes[0], steps[5].LCC, tc.lcc, tc.bcLC)
			}
		}
	})
}
