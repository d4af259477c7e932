package analysis

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/tideline-oss/tideline/internal/netgraph"
)

// Normalisations names how the report's scores are scaled.
var Normalisations = map[string]string{
	"degree":      "number of distinct neighbours in the undirected simple graph (raw count)",
	"betweenness": "Brandes shortest-path betweenness over unordered pairs, multiplied by 2/((n-1)(n-2)) with n the number of nodes in the whole graph (networkx normalized=True)",
	"pagerank":    "PageRank with damping 0.85 on the symmetric graph (weighted by tie strength with --weighted); scores over the whole graph sum to 1",
	"modularity":  "Newman-Girvan modularity Q of the Louvain partition, resolution 1 (weighted by tie strength with --weighted); per component, Q of that partition restricted to the component, computed on the component alone",
}

// Score is one node's value on one measure.
type Score struct {
	Node
	Score float64 `json:"score"`
}

// Community is one Louvain community of a component.
type Community struct {
	Size    int     `json:"size"`
	Members []Score `json:"members"` // top members by degree, at most the report's TopN
}

// Component is the report for one connected component.
type Component struct {
	Size           int         `json:"size"`
	Edges          int         `json:"edges"`
	Density        float64     `json:"density"`
	TopDegree      []Score     `json:"top_degree"`
	TopBetweenness []Score     `json:"top_betweenness"`
	TopPageRank    []Score     `json:"top_pagerank"`
	Communities    []Community `json:"communities"`
	Modularity     float64     `json:"modularity"`
}

// Report is the network report. Components holds those of at least MinSize
// nodes, largest first; the others are counted in SmallComponents.
type Report struct {
	Nodes           int               `json:"nodes"`
	Edges           int               `json:"edges"`
	Density         float64           `json:"density"` // of the whole graph, 2m/(n(n-1))
	Dangling        int               `json:"dangling_references"`
	Victims         int               `json:"victims_left_out"`   // people recorded as victims, not drawn
	Protected       int               `json:"victim_references"`  // references to them, not drawn
	Problems        []Problem         `json:"problems,omitempty"` // entities left out of the graph
	Modularity      float64           `json:"modularity"`         // Louvain Q over the whole graph
	Components      []Component       `json:"components"`
	SmallComponents int               `json:"small_components"` // components under MinSize nodes, not listed
	MinSize         int               `json:"min_size"`
	Normalisation   map[string]string `json:"normalisation"`
}

// ReportOptions tune the report.
type ReportOptions struct {
	TopN    int    // nodes listed per measure (default 10)
	MinSize int    // smallest component reported in full (default 3)
	Seed    uint64 // Louvain seed (default 1)
	Workers int    // betweenness goroutines (0 = GOMAXPROCS)
	// Weighted makes PageRank and Louvain use tie strength (the summed
	// `weight` of links: calls, meetings, payments). By default every
	// measure is on the simple graph, the convention of published figures.
	Weighted bool
}

// Analyse computes the report for g. Time is dominated by exact betweenness,
// O(n·m); PageRank and Louvain are near-linear in m.
func Analyse(g *Graph, opt ReportOptions) *Report {
	if opt.TopN <= 0 {
		opt.TopN = 10
	}
	if opt.MinSize <= 0 {
		opt.MinSize = 3
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	G := g.G
	if !opt.Weighted {
		G = G.Unweighted()
	}
	n := G.N()
	r := &Report{Nodes: n, Edges: G.M(), Density: netgraph.Density(n, G.M()), Dangling: g.Dangling, Victims: g.Victims, Protected: g.Protected, MinSize: opt.MinSize, Problems: g.Problems,
		Normalisation: Normalisations, Components: []Component{}}
	if n == 0 {
		return r
	}
	bc := netgraph.NormaliseBetweenness(G, netgraph.Betweenness(G, opt.Workers))
	pr := netgraph.PageRank(G, 0.85, 1e-10, 1000, opt.Weighted)
	// One Louvain run: its communities are connected, so each lies within
	// one component and the per-component reports reuse the partition.
	membership, q := netgraph.Louvain(G, 1, opt.Seed)
	r.Modularity = q
	labels, sizes := netgraph.Components(G)
	members := make([][]int, len(sizes))
	for v, c := range labels {
		members[c] = append(members[c], v)
	}
	for c, size := range sizes {
		if size < opt.MinSize {
			r.SmallComponents++
			continue
		}
		nodes := members[c]
		sub := induced(G, nodes)
		comp := Component{Size: size, Edges: sub.M(), Density: netgraph.Density(size, sub.M())}
		deg := func(v int) float64 { return float64(G.Degree(v)) }
		comp.TopDegree = g.top(nodes, deg, opt.TopN)
		comp.TopBetweenness = g.top(nodes, func(v int) float64 { return bc[v] }, opt.TopN)
		comp.TopPageRank = g.top(nodes, func(v int) float64 { return pr[v] }, opt.TopN)
		local := make([]int, len(nodes)) // the partition restricted to the component, relabelled
		ids := map[int]int{}
		var groups [][]int
		for i, v := range nodes {
			id, ok := ids[membership[v]]
			if !ok {
				id = len(groups)
				ids[membership[v]] = id
				groups = append(groups, nil)
			}
			local[i] = id
			groups[id] = append(groups[id], v)
		}
		comp.Modularity = netgraph.Modularity(sub, local, 1)
		sort.SliceStable(groups, func(a, b int) bool { return len(groups[a]) > len(groups[b]) })
		for _, vs := range groups {
			comp.Communities = append(comp.Communities, Community{Size: len(vs), Members: g.top(vs, deg, opt.TopN)})
		}
		r.Components = append(r.Components, comp)
	}
	return r
}

// induced returns the subgraph on nodes (renumbered 0..len-1 in that order).
func induced(G *netgraph.Graph, nodes []int) *netgraph.Graph {
	pos := make(map[int]int, len(nodes))
	for i, v := range nodes {
		pos[v] = i
	}
	var edges []netgraph.Edge
	for i, v := range nodes {
		ws := G.Weights(v)
		for k, u := range G.Neighbours(v) {
			if j, ok := pos[int(u)]; ok && i < j {
				edges = append(edges, netgraph.Edge{U: i, V: j, W: ws[k]})
			}
		}
	}
	return netgraph.NewUndirected(len(nodes), edges)
}

// top returns the k nodes of vs with the highest score, ties broken by caption
// then id so the report is deterministic.
func (g *Graph) top(vs []int, score func(int) float64, k int) []Score {
	idx := append([]int(nil), vs...)
	sort.SliceStable(idx, func(a, b int) bool {
		sa, sb := score(idx[a]), score(idx[b])
		if sa != sb {
			return sa > sb
		}
		na, nb := g.Nodes[idx[a]], g.Nodes[idx[b]]
		if na.Caption != nb.Caption {
			return na.Caption < nb.Caption
		}
		return na.ID < nb.ID
	})
	if len(idx) > k {
		idx = idx[:k]
	}
	out := make([]Score, len(idx))
	for i, v := range idx {
		out[i] = Score{Node: g.Nodes[v], Score: score(v)}
	}
	return out
}

// WriteText renders the report as readable tables.
func (r *Report) WriteText(w io.Writer) error {
	fmt.Fprintf(w, "Graph: %d nodes, %d edges, density %.4f, modularity Q=%.3f; %s",
		r.Nodes, r.Edges, r.Density, r.Modularity, plural(len(r.Components)+r.SmallComponents, "component"))
	if r.SmallComponents > 0 {
		fmt.Fprintf(w, " (%d smaller than %d nodes not listed)", r.SmallComponents, r.MinSize)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Betweenness is normalised over the whole graph shown, so it depends on what is selected.")
	for i, p := range r.Problems {
		if i == 5 {
			fmt.Fprintf(w, "... and %d more entities left out\n", len(r.Problems)-5)
			break
		}
		fmt.Fprintf(w, "Left out: %s\n", p.Reason)
	}
	if r.Victims > 0 {
		fmt.Fprintf(w, "%s recorded as victims (safeguarding) are not drawn, nor the %s to them.\n", plural(r.Victims, "person"), plural(r.Protected, "reference"))
	}
	if r.Dangling > 0 {
		fmt.Fprintf(w, "%s to entities that are not loaded or not selected are not drawn.\n", plural(r.Dangling, "reference"))
	}
	for i, c := range r.Components {
		fmt.Fprintf(w, "\nComponent %d: %d nodes, %s, density %.4f, %s, Q=%.3f\n",
			i+1, c.Size, plural(c.Edges, "edge"), c.Density, plural(len(c.Communities), "community"), c.Modularity)
		tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "#\tDEGREE\t\tBETWEENNESS\t\tPAGERANK\t")
		for k := 0; k < len(c.TopDegree); k++ {
			fmt.Fprintf(tw, "%d\t%s\t%.0f\t%s\t%.3f\t%s\t%.4f\t\n", k+1,
				label(c.TopDegree, k), val(c.TopDegree, k),
				label(c.TopBetweenness, k), val(c.TopBetweenness, k),
				label(c.TopPageRank, k), val(c.TopPageRank, k))
		}
		tw.Flush()
		var parts []string
		for j, cm := range c.Communities {
			if j == 8 {
				parts = append(parts, fmt.Sprintf("... %d more", len(c.Communities)-8))
				break
			}
			names := []string{}
			for _, m := range cm.Members[:min(3, len(cm.Members))] {
				names = append(names, short(m.Caption))
			}
			parts = append(parts, fmt.Sprintf("[%d: %s]", cm.Size, strings.Join(names, ", ")))
		}
		fmt.Fprintf(w, "Communities: %s\n", strings.Join(parts, " "))
	}
	return nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "y") {
		return fmt.Sprintf("%d %sies", n, word[:len(word)-1])
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func label(s []Score, k int) string {
	if k >= len(s) {
		return ""
	}
	return short(s[k].Caption) + " (" + s[k].Schema + ")"
}

func val(s []Score, k int) float64 {
	if k >= len(s) {
		return 0
	}
	return s[k].Score
}

// short makes a caption safe for a terminal table (control characters and
// line breaks shown as visible symbols) and cuts it to 28 runes.
func short(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r':
			return '⏎'
		case r < 0x20 || r >= 0x7f && r < 0xa0:
			return '�'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 28 {
		return string(r[:27]) + "…"
	}
	return s
}
