package analysis

import (
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/netgraph"
)

// Index returns the node index of an entity id (as drawn: its canonical id
// after resolution) or of a pivot key such as "phone:+447700900123"; false
// when the graph has no such node. O(N) the first time, O(1) after.
func (g *Graph) Index(id string) (int, bool) {
	if g.index == nil {
		g.index = make(map[string]int, len(g.Nodes))
		for i, n := range g.Nodes {
			g.index[n.ID] = i
		}
	}
	i, ok := g.index[id]
	return i, ok
}

// Link sums up the ties between two adjacent nodes: their layers, how many
// ties, their total strength and the first and last date.
type Link struct {
	From   Node      `json:"from"`
	To     Node      `json:"to"`
	Layers []string  `json:"layers"` // sorted, distinct (Call, Associate, phone, reference...)
	Ties   int       `json:"ties"`
	Weight float64   `json:"weight"`
	First  time.Time `json:"first,omitzero"` // earliest dated tie, UTC
	Last   time.Time `json:"last,omitzero"`
}

// PathResult is one path between two nodes with the ties along it.
type PathResult struct {
	Length float64 `json:"length"` // hops, or total distance (1/strength) when weighted
	Nodes  []Node  `json:"nodes"`
	Links  []Link  `json:"links"` // Links[i] joins Nodes[i] and Nodes[i+1]
}

// links describes each consecutive pair of nodes. O(ties).
func (g *Graph) links(pairs [][2]int) []Link {
	type key struct{ u, v int }
	want := make(map[key]int, len(pairs))
	out := make([]Link, len(pairs))
	for i, p := range pairs {
		u, v := min(p[0], p[1]), max(p[0], p[1])
		want[key{u, v}] = i
		out[i] = Link{From: g.Nodes[p[0]], To: g.Nodes[p[1]]}
	}
	for _, t := range g.Ties {
		i, ok := want[key{min(t.U, t.V), max(t.U, t.V)}]
		if !ok {
			continue
		}
		l := &out[i]
		l.Ties++
		l.Weight += t.W
		if !slices.Contains(l.Layers, t.Layer) {
			l.Layers = append(l.Layers, t.Layer)
		}
		if t.Time != 0 {
			at := time.Unix(t.Time, 0).UTC()
			if l.First.IsZero() || at.Before(l.First) {
				l.First = at
			}
			if at.After(l.Last) {
				l.Last = at
			}
		}
	}
	for i := range out {
		sort.Strings(out[i].Layers)
	}
	return out
}

func (g *Graph) pathResult(p netgraph.Path) PathResult {
	r := PathResult{Length: p.Length}
	pairs := make([][2]int, 0, len(p.Nodes))
	for i, v := range p.Nodes {
		r.Nodes = append(r.Nodes, g.Nodes[v])
		if i > 0 {
			pairs = append(pairs, [2]int{p.Nodes[i-1], v})
		}
	}
	r.Links = g.links(pairs)
	return r
}

// distances returns the graph the weighted searches use: tie strengths
// turned into distances 1/w, so that many calls make a short distance.
func (g *Graph) distances() *netgraph.Graph {
	if g.dist == nil {
		g.dist = netgraph.Reweight(g.G, netgraph.Inverse)
	}
	return g.dist
}

// Paths returns up to k shortest loopless paths from a to b (ids or
// captions, see Find) (Yen's
// algorithm, netgraph.KShortestPaths), by hops or, weighted, by the sum of
// 1/strength along them. ENOTFOUND names an id that is not drawn; no path
// gives an empty list.
func Paths(g *Graph, a, b string, k int, weighted bool) ([]PathResult, error) {
	s, t, err := g.pair(a, b)
	if err != nil {
		return nil, err
	}
	G := g.G
	if weighted {
		G = g.distances()
	}
	var out []PathResult
	for _, p := range netgraph.KShortestPaths(G, s, t, max(k, 1), weighted) {
		out = append(out, g.pathResult(p))
	}
	return out, nil
}

// SimplePaths returns the paths from a to b of at most maxHops hops
// (netgraph.SimplePaths), at most limit of them, shortest first, and
// whether there were more.
func SimplePaths(g *Graph, a, b string, maxHops, limit int) ([]PathResult, bool, error) {
	s, t, err := g.pair(a, b)
	if err != nil {
		return nil, false, err
	}
	ps, more := netgraph.SimplePaths(g.G, s, t, maxHops, limit)
	sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].Nodes) < len(ps[j].Nodes) })
	out := make([]PathResult, len(ps))
	for i, p := range ps {
		out[i] = g.pathResult(p)
	}
	return out, more, nil
}

// Find returns the node an analyst means by ref: the node with that id
// (entity id or pivot key), else the one node whose caption is ref
// (case-insensitive). ENOTFOUND when none is drawn; EINVALID when several
// nodes bear the caption, listing their ids.
func (g *Graph) Find(ref string) (int, error) {
	if i, ok := g.Index(ref); ok {
		return i, nil
	}
	var hits []int
	for i, n := range g.Nodes {
		if strings.EqualFold(n.Caption, ref) {
			hits = append(hits, i)
		}
	}
	switch len(hits) {
	case 0:
		return 0, notDrawn(ref)
	case 1:
		return hits[0], nil
	}
	var ids []string
	for _, i := range hits[:min(len(hits), 5)] {
		ids = append(ids, g.Nodes[i].ID+" ("+g.Nodes[i].Schema+")")
	}
	return 0, tideline.Errorf(tideline.EINVALID, "%d nodes are captioned %q: give an id, e.g. %s", len(hits), ref, strings.Join(ids, ", "))
}

func (g *Graph) pair(a, b string) (int, int, error) {
	s, err := g.Find(a)
	if err != nil {
		return 0, 0, err
	}
	t, err := g.Find(b)
	if err != nil {
		return 0, 0, err
	}
	return s, t, nil
}

func notDrawn(id string) error {
	return tideline.Errorf(tideline.ENOTFOUND, "%s is not in the graph selected (not loaded, filtered out, merged into another id, or recorded as a victim)", id)
}

// Neighbour is a node within some hops of the sources.
type Neighbour struct {
	Node
	Hops int `json:"hops"`
}

// Neighbours returns the nodes within maxHops of the ids (the ids
// themselves at 0), by hops then id; with schemata set, only nodes of these
// schemata (or pivot types) are walked through and returned, the sources
// excepted (netgraph.Neighbourhood).
func Neighbours(g *Graph, ids []string, maxHops int, schemata []string) ([]Neighbour, error) {
	var src []int
	for _, id := range ids {
		i, err := g.Find(id)
		if err != nil {
			return nil, err
		}
		src = append(src, i)
	}
	var keep func(int) bool
	if len(schemata) > 0 {
		m := tideline.DefaultModel()
		keep = func(v int) bool {
			if slices.Contains(src, v) {
				return true
			}
			n := g.Nodes[v]
			s := m.Schema(n.Schema)
			for _, want := range schemata {
				if n.Schema == want || s != nil && m.Schema(want) != nil && s.IsA(m.Schema(want)) {
					return true
				}
			}
			return false
		}
	}
	nodes, hops := netgraph.Neighbourhood(g.G, src, maxHops, keep)
	out := make([]Neighbour, len(nodes))
	for i, v := range nodes {
		out[i] = Neighbour{Node: g.Nodes[v], Hops: hops[i]}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Hops != out[j].Hops {
			return out[i].Hops < out[j].Hops
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// Network is a subgraph for display: nodes and the links among them.
type Network struct {
	Nodes     []Node `json:"nodes"`
	Links     []Link `json:"links"`
	Connected bool   `json:"connected"` // all the ids asked for are in one component
}

// Connect returns how the ids are connected: the union of the shortest
// paths between every pair (netgraph.ConnectingSubgraph), or with steiner
// a small tree spanning them (netgraph.SteinerTree, the Kou-Markowsky-Berman
// 2-approximation).
func Connect(g *Graph, ids []string, steiner, weighted bool) (*Network, error) {
	var terms []int
	for _, id := range ids {
		i, err := g.Find(id)
		if err != nil {
			return nil, err
		}
		terms = append(terms, i)
	}
	G := g.G
	if weighted {
		G = g.distances()
	}
	var sub netgraph.Subgraph
	var connected bool
	if steiner {
		sub, connected = netgraph.SteinerTree(G, terms, weighted)
	} else {
		sub, connected = netgraph.ConnectingSubgraph(G, terms, weighted)
	}
	n := &Network{Connected: connected}
	for _, v := range sub.Nodes {
		n.Nodes = append(n.Nodes, g.Nodes[v])
	}
	pairs := make([][2]int, len(sub.Edges))
	for i, e := range sub.Edges {
		pairs[i] = [2]int{e.U, e.V}
	}
	n.Links = g.links(pairs)
	return n, nil
}

// JourneyHop is one dated tie of a time-respecting path.
type JourneyHop struct {
	From  Node      `json:"from"`
	To    Node      `json:"to"`
	At    time.Time `json:"at"`
	Layer string    `json:"layer"`
}

// Journey returns the earliest-arriving time-respecting path from a to b
// over the dated ties in [from, to) (zero times: no bound): each hop later
// than the one before, as in a chain of calls or payments, waiting at most
// maxWait between hops when it is positive (netgraph.EarliestJourney).
// Calls and payments are followed from caller to receiver and payer to
// beneficiary; other ties both ways. false when there is none.
func Journey(g *Graph, a, b string, from, to time.Time, maxWait time.Duration) ([]JourneyHop, bool, error) {
	s, t, err := g.pair(a, b)
	if err != nil {
		return nil, false, err
	}
	var edges []netgraph.TemporalEdge
	var layer []string
	m := tideline.DefaultModel()
	for _, tie := range g.Ties {
		if tie.Time == 0 {
			continue
		}
		edges = append(edges, netgraph.TemporalEdge{U: tie.U, V: tie.V, Time: tie.Time, W: tie.W})
		layer = append(layer, tie.Layer)
		if sc := m.Schema(tie.Layer); sc == nil || sc.Edge == nil || !sc.Edge.Directed {
			edges = append(edges, netgraph.TemporalEdge{U: tie.V, V: tie.U, Time: tie.Time, W: tie.W})
			layer = append(layer, tie.Layer)
		}
	}
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if !from.IsZero() {
		lo = from.Unix()
	}
	if !to.IsZero() {
		hi = to.Unix()
	}
	tg := netgraph.NewTemporal(len(g.Nodes), edges, true)
	j, ok := netgraph.EarliestJourney(tg, s, t, lo, hi, int64(maxWait/time.Second))
	if !ok {
		return nil, false, nil
	}
	// The journey's hops are contacts; find their layers.
	type key struct {
		u, v int
		t    int64
	}
	layers := make(map[key]string, len(edges))
	for i, e := range edges {
		if _, ok := layers[key{e.U, e.V, e.Time}]; !ok {
			layers[key{e.U, e.V, e.Time}] = layer[i]
		}
	}
	out := make([]JourneyHop, len(j.Hops))
	for i, h := range j.Hops {
		out[i] = JourneyHop{From: g.Nodes[h.U], To: g.Nodes[h.V], At: time.Unix(h.Time, 0).UTC(), Layer: layers[key{h.U, h.V, h.Time}]}
	}
	return out, true, nil
}
