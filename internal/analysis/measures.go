package analysis

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/netgraph"
)

// Measures lists the centrality measures Centrality computes, with what
// each means and how it is normalised.
var Measures = map[string]string{
	"degree":      "distinct neighbours (raw count)",
	"strength":    "sum of tie strengths: calls, meetings, payments (weighted degree)",
	"in":          "ties received: calls received, payments received (directed links only)",
	"out":         "ties made: calls made, payments made (directed links only)",
	"betweenness": "Brandes shortest-path betweenness over unordered pairs × 2/((n-1)(n-2)) (networkx normalized=True); sampled with a stated error bound on graphs over 20,000 nodes or with --epsilon (Riondato and Kornaropoulos 2016); weighted: tie strengths as distances 1/w",
	"closeness":   "(r-1)/Σd × (r-1)/(n-1), r the nodes reachable (Wasserman-Faust, networkx wf_improved=True); weighted: distances 1/w",
	"harmonic":    "Σ 1/d over the other nodes (networkx harmonic_centrality); weighted: distances 1/w",
	"pagerank":    "PageRank, damping 0.85, sums to 1; weighted by tie strength with --weighted",
	"eigenvector": "principal eigenvector of the adjacency matrix, unit Euclidean norm (networkx eigenvector_centrality)",
	"katz":        "Katz centrality, alpha 0.1 (or 0.9/λmax when larger is not convergent), beta 1, unit norm (networkx katz_centrality)",
	"core":        "k-core number (Batagelj and Zaversnik 2003): the largest k such that the node is in a subgraph where every node has k neighbours",
}

// MeasureOrder is the order measures are listed in.
var MeasureOrder = []string{"degree", "strength", "in", "out", "betweenness", "closeness", "harmonic", "pagerank", "eigenvector", "katz", "core"}

// CentralityOptions tune Centrality.
type CentralityOptions struct {
	Measures []string // default: degree, betweenness, pagerank, eigenvector
	TopN     int      // per measure (default 10)
	Weighted bool     // tie strength: distances 1/w for path measures, weights for the others
	// Epsilon, when positive, samples betweenness with that error bound
	// (probability 1 − 0.1): every node's normalised value within Epsilon.
	// Zero samples only graphs over SampleAbove nodes, at 0.01.
	Epsilon float64
	Seed    uint64
	Workers int
}

// SampleAbove is the node count above which betweenness is sampled.
const SampleAbove = 20000

// Ranking is one measure's top nodes.
type Ranking struct {
	Measure       string  `json:"measure"`
	Normalisation string  `json:"normalisation"`
	Top           []Score `json:"top"`
	Note          string  `json:"note,omitempty"` // e.g. sampled, with its bound; not converged
}

// Centrality ranks the nodes of g by each measure asked for. Unknown
// measures are EINVALID naming them. Cost: degree, strength, in, out, core
// O(N+M); pagerank, eigenvector, katz O(M) per iteration; closeness,
// harmonic and exact betweenness O(NM) (weighted O(NM log N)), sampled
// betweenness O(samples·(N+M)) at worst.
func Centrality(g *Graph, opt CentralityOptions) ([]Ranking, error) {
	if len(opt.Measures) == 0 {
		opt.Measures = []string{"degree", "betweenness", "pagerank", "eigenvector"}
	}
	if opt.TopN <= 0 {
		opt.TopN = 10
	}
	for _, m := range opt.Measures {
		if _, ok := Measures[m]; !ok {
			return nil, tideline.Errorf(tideline.EINVALID, "measure %q: use %s", m, strings.Join(MeasureOrder, ", "))
		}
	}
	G, n := g.G, g.G.N()
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	var out []Ranking
	for _, m := range opt.Measures {
		r := Ranking{Measure: m, Normalisation: Measures[m]}
		var s []float64
		switch m {
		case "degree":
			s = make([]float64, n)
			for v := range s {
				s[v] = float64(G.Degree(v))
			}
		case "strength":
			s = make([]float64, n)
			for v := range s {
				s[v] = G.Strength(v)
			}
		case "in", "out":
			d := g.digraph()
			s = make([]float64, n)
			for v := range s {
				if m == "in" {
					s[v] = d.InStrength(v)
				} else {
					s[v] = d.OutStrength(v)
				}
			}
		case "betweenness":
			switch {
			case opt.Epsilon > 0 || n > SampleAbove && !opt.Weighted:
				eps := opt.Epsilon
				if eps <= 0 {
					eps = 0.01
				}
				var samples int
				s, samples = netgraph.SampledBetweenness(G, eps, 0.1, opt.Seed, opt.Workers)
				r.Note = fmt.Sprintf("sampled: %d shortest paths, every value within %g of the exact one with probability 0.9", samples, eps)
			case opt.Weighted:
				s = netgraph.NormaliseBetweenness(G, netgraph.BetweennessWeighted(netgraph.DistanceGraph(G), opt.Workers))
			default:
				s = netgraph.NormaliseBetweenness(G, netgraph.Betweenness(G, opt.Workers))
			}
		case "closeness":
			if opt.Weighted {
				s = netgraph.ClosenessWeighted(netgraph.DistanceGraph(G), opt.Workers)
			} else {
				s = netgraph.Closeness(G, opt.Workers)
			}
		case "harmonic":
			if opt.Weighted {
				s = netgraph.HarmonicWeighted(netgraph.DistanceGraph(G), opt.Workers)
			} else {
				s = netgraph.Harmonic(G, opt.Workers)
			}
		case "pagerank":
			s = netgraph.PageRank(G, 0.85, 1e-10, 1000, opt.Weighted)
		case "eigenvector":
			var ok bool
			s, ok = netgraph.Eigenvector(G, 1e-6*float64(max(n, 1)), 1000, opt.Weighted)
			if !ok {
				r.Note = "power iteration did not converge in 1000 steps (a bipartite or disconnected structure): values are approximate"
			}
		case "katz":
			alpha := 0.1
			if lam := spectralBound(G, opt.Weighted); lam > 0 && alpha >= 1/lam {
				alpha = 0.9 / lam
				r.Normalisation = fmt.Sprintf("Katz centrality, alpha %.3g (0.9/λmax: 0.1 would not converge), beta 1, unit norm", alpha)
			}
			var ok bool
			s, ok = netgraph.Katz(G, alpha, 1, 1e-6*float64(max(n, 1)), 1000, opt.Weighted)
			if !ok {
				r.Note = "power iteration did not converge: values are approximate"
			}
		case "core":
			cs := netgraph.CoreNumber(G)
			s = make([]float64, n)
			for v, c := range cs {
				s[v] = float64(c)
			}
		}
		r.Top = g.top(all, func(v int) float64 { return s[v] }, opt.TopN)
		out = append(out, r)
	}
	return out, nil
}

// spectralBound estimates the adjacency matrix's largest eigenvalue λmax
// by the Rayleigh quotient of its principal eigenvector (Eigenvector), and
// falls back on the largest degree or strength, an upper bound, when the
// power iteration does not settle. Katz converges for alpha < 1/λmax.
func spectralBound(G *netgraph.Graph, weighted bool) float64 {
	bound := 0.0
	for v := 0; v < G.N(); v++ {
		if weighted {
			bound = math.Max(bound, G.Strength(v))
		} else {
			bound = math.Max(bound, float64(G.Degree(v)))
		}
	}
	x, ok := netgraph.Eigenvector(G, 1e-9*float64(max(G.N(), 1)), 1000, weighted)
	if !ok {
		return bound
	}
	num, den := 0.0, 0.0
	for v := range x {
		ax := 0.0
		ws := G.Weights(v)
		for i, u := range G.Neighbours(v) {
			w := 1.0
			if weighted {
				w = ws[i]
			}
			ax += w * x[u]
		}
		num += x[v] * ax
		den += x[v] * x[v]
	}
	if den == 0 {
		return bound
	}
	return math.Min(bound, num/den*1.0001) // a hair above the estimate
}

// digraph is the directed view of the ties whose schema is directed (a call
// from caller to receiver, a payment from payer to beneficiary); the other
// ties count both ways.
func (g *Graph) digraph() *netgraph.Digraph {
	m := tideline.DefaultModel()
	arcs := make([]netgraph.Arc, 0, len(g.Ties))
	for _, t := range g.Ties {
		arcs = append(arcs, netgraph.Arc{From: t.U, To: t.V, W: t.W})
		if sc := m.Schema(t.Layer); sc == nil || sc.Edge == nil || !sc.Edge.Directed {
			arcs = append(arcs, netgraph.Arc{From: t.V, To: t.U, W: t.W})
		}
	}
	return netgraph.NewDirected(len(g.Nodes), arcs)
}

// DisruptOptions tune Disrupt.
type DisruptOptions struct {
	// Strategy: degree, betweenness, katz, ci (collective influence,
	// radius 1) or keyplayer (Borgatti's KPP-Neg set of Removals nodes).
	Strategy string
	Removals int  // nodes removed in all (default 10)
	Block    int  // nodes removed per step; 0 or 1: sequential (recompute after each)
	Weighted bool // strategies use tie strength (betweenness: distances 1/w)
	Workers  int
}

// DisruptStep is the network after one step of a simulated arrest campaign.
type DisruptStep struct {
	Removed       []Node  `json:"removed"`
	Nodes         int     `json:"nodes"`
	LCC           int     `json:"largest_component"`
	LCCFraction   float64 `json:"largest_component_fraction"` // of the intact network's
	Components    int     `json:"components"`
	Fragmentation float64 `json:"fragmentation"` // Borgatti's F: share of pairs disconnected
	Efficiency    float64 `json:"global_efficiency"`
}

// Disrupt simulates arrests by a strategy (netgraph.Disrupt, or
// netgraph.KeyPlayers for keyplayer) and reports the network after each
// step; step 0 is the intact network.
func Disrupt(g *Graph, opt DisruptOptions) ([]DisruptStep, error) {
	if opt.Removals <= 0 {
		opt.Removals = 10
	}
	G := g.G
	opt.Removals = min(opt.Removals, G.N())
	var score netgraph.Score
	switch opt.Strategy {
	case "", "betweenness":
		score = netgraph.BetweennessScore(opt.Weighted, opt.Workers)
	case "degree":
		score = netgraph.DegreeScore(opt.Weighted)
	case "katz":
		alpha := 0.1
		if lam := spectralBound(G, opt.Weighted); lam > 0 && alpha >= 1/lam {
			alpha = 0.9 / lam
		}
		score = netgraph.KatzScore(alpha, 1, opt.Weighted)
	case "ci":
		score = netgraph.CollectiveInfluenceScore(1, opt.Weighted)
	case "keyplayer":
		kp := netgraph.KeyPlayers(G, opt.Removals, netgraph.KeyPlayerOptions{Restarts: 4, Seed: 1, Workers: opt.Workers})
		in := map[int]bool{}
		for _, v := range kp.Set {
			in[v] = true
		}
		// Removing the set in one block: score its members first.
		score = func(h *netgraph.Graph, ids []int) []float64 {
			s := make([]float64, h.N())
			for i, id := range ids {
				if in[id] {
					s[i] = 1
				}
			}
			return s
		}
		opt.Block = opt.Removals
	default:
		return nil, tideline.Errorf(tideline.EINVALID, "strategy %q: use degree, betweenness, katz, ci or keyplayer", opt.Strategy)
	}
	steps := netgraph.Disrupt(G, score, netgraph.DisruptOptions{Block: opt.Block, Removals: opt.Removals, SkipEfficiency: G.N() > 5000, Workers: opt.Workers})
	out := make([]DisruptStep, len(steps))
	for i, s := range steps {
		d := DisruptStep{Nodes: s.Nodes, LCC: s.LCC, LCCFraction: s.LCCFraction, Components: s.Components, Fragmentation: s.Fragmentation, Efficiency: s.Efficiency}
		if math.IsNaN(d.Efficiency) {
			d.Efficiency = -1
		}
		for _, v := range s.Removed {
			d.Removed = append(d.Removed, g.Nodes[v])
		}
		out[i] = d
	}
	return out, nil
}

// Window is one period of a timeline with its key players.
type Window struct {
	Label          string  `json:"label"`
	Nodes          int     `json:"nodes"`
	Edges          int     `json:"edges"`
	TopDegree      []Score `json:"top_degree"`
	TopBetweenness []Score `json:"top_betweenness"`
	// Entered and Left count the nodes present now and not in the window
	// before, and the reverse.
	Entered int `json:"entered"`
	Left    int `json:"left"`
}

// Timeline measures each graph of a sequence (time windows or phases of an
// investigation) with the same measures and what changed from one to the
// next: who entered and left, who rose to the top. Betweenness is exact
// (normalised as networkx) and sampled above SampleAbove nodes.
func Timeline(labels []string, graphs []*Graph, topN int) []Window {
	out := make([]Window, len(graphs))
	var prev map[string]bool
	for i, g := range graphs {
		G := g.G
		all := make([]int, G.N())
		for v := range all {
			all[v] = v
		}
		var bc []float64
		if G.N() > SampleAbove {
			bc, _ = netgraph.SampledBetweenness(G, 0.01, 0.1, 1, 0)
		} else {
			bc = netgraph.NormaliseBetweenness(G, netgraph.Betweenness(G, 0))
		}
		w := Window{Label: labels[i], Nodes: G.N(), Edges: G.M(),
			TopDegree:      g.top(all, func(v int) float64 { return float64(G.Degree(v)) }, topN),
			TopBetweenness: g.top(all, func(v int) float64 { return bc[v] }, topN)}
		now := make(map[string]bool, len(g.Nodes))
		for _, n := range g.Nodes {
			now[n.ID] = true
			if prev != nil && !prev[n.ID] {
				w.Entered++
			}
		}
		for id := range prev {
			if !now[id] {
				w.Left++
			}
		}
		prev = now
		out[i] = w
	}
	return out
}

// CommunityResult is a partition of the graph into communities.
type CommunityResult struct {
	Algorithm   string      `json:"algorithm"`
	Resolution  float64     `json:"resolution"`
	Modularity  float64     `json:"modularity"`
	Communities []Community `json:"communities"` // largest first, members by degree
	Membership  []int       `json:"-"`           // community of each node, indexed like Graph.Nodes
}

// Communities partitions g with Louvain (Blondel et al. 2008) or Leiden
// (Traag, Waltman and van Eck 2019: no community is ever disconnected),
// maximising modularity with the Reichardt-Bornholdt resolution γ
// (default 1: larger γ, smaller communities), seeded. Each community lists
// its size and its topN members by degree.
func Communities(g *Graph, algorithm string, resolution float64, seed uint64, weighted bool, topN int) (*CommunityResult, error) {
	if resolution <= 0 || math.IsNaN(resolution) || math.IsInf(resolution, 0) {
		return nil, tideline.Errorf(tideline.EINVALID, "resolution %g: give a positive number (1 is modularity)", resolution)
	}
	G := g.G
	if !weighted {
		G = G.Unweighted()
	}
	var m []int
	switch algorithm {
	case "", "leiden":
		algorithm = "leiden"
		m, _ = netgraph.Leiden(G, resolution, seed, netgraph.LeidenOptions{})
	case "louvain":
		m, _ = netgraph.Louvain(G, resolution, seed)
	default:
		return nil, tideline.Errorf(tideline.EINVALID, "algorithm %q: use leiden or louvain", algorithm)
	}
	r := &CommunityResult{Algorithm: algorithm, Resolution: resolution, Membership: m}
	if G.N() > 0 {
		r.Modularity = netgraph.Modularity(G, m, resolution)
	}
	members := map[int][]int{}
	for v, c := range m {
		members[c] = append(members[c], v)
	}
	for _, vs := range members {
		r.Communities = append(r.Communities, Community{Size: len(vs),
			Members: g.top(vs, func(v int) float64 { return float64(G.Degree(v)) }, max(topN, 1))})
	}
	slices.SortStableFunc(r.Communities, func(a, b Community) int {
		if a.Size != b.Size {
			return b.Size - a.Size
		}
		return strings.Compare(a.Members[0].ID, b.Members[0].ID)
	})
	return r, nil
}
