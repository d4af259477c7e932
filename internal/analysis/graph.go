package analysis

import (
	"context"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/netgraph"
)

// Node is a vertex of the investigation graph.
type Node struct {
	ID      string `json:"id"`      // entity id, or "type:value" for a pivot value node
	Schema  string `json:"schema"`  // entity schema, or the pivot type (phone, identifier, iban, email)
	Caption string `json:"caption"` // display name
}

// Graph is the investigation graph: Nodes indexed 0..n-1 and the undirected
// simple graph G over them (parallel ties merged, weights summed).
type Graph struct {
	Nodes []Node
	G     *netgraph.Graph
	// Dangling counts references to entities that are not in the selection
	// (filtered out by dataset, or never loaded); such edges are left out.
	Dangling int
}

// Options select what the graph is built from.
type Options struct {
	Filter tideline.EntityFilter
	// NoPivots leaves shared phone/identifier/IBAN/e-mail values out.
	NoPivots bool
}

// excluded schemata are annotations, not actors or things: they are never
// graph nodes.
var excluded = map[string]bool{"Note": true}

// pivotTypes are the property types whose shared values link entities.
var pivotTypes = map[tideline.PropertyType]bool{
	tideline.TypePhone: true, tideline.TypeIdentifier: true, tideline.TypeIBAN: true, tideline.TypeEmail: true,
}

// notPivots are identifier properties that name a category shared by many
// unrelated entities (a sanctions programme, a tax office, an industry
// code), not the entity itself: two holders of one are not linked by it.
var notPivots = map[string]bool{
	"programId": true, "authorityId": true, "kppCode": true, "okvedCode": true, "okopfCode": true,
	"oksmCode": true, "sicCode": true, "naceCode": true, "caemCode": true, "fnsCode": true,
	"fssCode": true, "bikCode": true, "coatoCode": true, "ticker": true, "swiftBic": true, "bic": true,
}

type ref struct {
	from, to string // entity ids, or pivot node ids
	w        float64
}

// Build reads the entities selected by opt from store and builds the graph.
// O(S + E log E) time for S statements and E edges; memory O(entities +
// edges + distinct pivot values).
func Build(ctx context.Context, store tideline.Store, opt Options) (*Graph, error) {
	m := tideline.DefaultModel()
	index := map[string]int{}
	g := &Graph{}
	addNode := func(n Node) int {
		if i, ok := index[n.ID]; ok {
			return i
		}
		index[n.ID] = len(g.Nodes)
		g.Nodes = append(g.Nodes, n)
		return len(g.Nodes) - 1
	}
	var refs []ref
	holders := map[string][]string{} // pivot node id -> entity ids
	pivotCaption := map[string]string{}
	for e, err := range store.Entities(ctx, opt.Filter) {
		if err != nil {
			return nil, err
		}
		s := m.Schema(e.Schema)
		if s == nil || excluded[s.Name] {
			continue
		}
		if s.Edge != nil {
			refs = append(refs, edgeRefs(s, e)...)
			continue
		}
		addNode(Node{ID: e.ID, Schema: e.Schema, Caption: e.MakeCaption(m)})
		for _, p := range sortedPropNames(e) {
			prop := s.Property(p)
			if prop == nil {
				continue
			}
			switch {
			case prop.Type == tideline.TypeEntity:
				for _, v := range e.Properties[p] {
					if v != e.ID {
						refs = append(refs, ref{e.ID, v, 1})
					}
				}
			case pivotTypes[prop.Type] && !notPivots[p] && !opt.NoPivots:
				for _, v := range e.Properties[p] {
					key := string(prop.Type) + ":" + v
					if hs := holders[key]; len(hs) == 0 || hs[len(hs)-1] != e.ID {
						holders[key] = append(holders[key], e.ID)
					}
					pivotCaption[key] = v
				}
			}
		}
	}
	// Pivot values held by two or more entities become nodes.
	keys := make([]string, 0, len(holders))
	for k, hs := range holders {
		if len(hs) >= 2 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		typ, _, _ := strings.Cut(k, ":")
		addNode(Node{ID: k, Schema: typ, Caption: pivotCaption[k]})
		for _, h := range holders[k] {
			refs = append(refs, ref{h, k, 1})
		}
	}
	// Call edges may end on phone numbers rather than entities.
	// A number held by a single entity links that holder to the call.
	for _, r := range refs[:len(refs):len(refs)] {
		for _, id := range []string{r.from, r.to} {
			if !strings.HasPrefix(id, "phone:") {
				continue
			}
			if _, ok := index[id]; !ok {
				addNode(Node{ID: id, Schema: "phone", Caption: strings.TrimPrefix(id, "phone:")})
				if hs := holders[id]; len(hs) == 1 {
					refs = append(refs, ref{hs[0], id, 1})
				}
			}
		}
	}
	edges := make([]netgraph.Edge, 0, len(refs))
	for _, r := range refs {
		u, ok1 := index[r.from]
		v, ok2 := index[r.to]
		if !ok1 || !ok2 {
			g.Dangling++
			continue
		}
		edges = append(edges, netgraph.Edge{U: u, V: v, W: r.w})
	}
	g.G = netgraph.NewUndirected(len(g.Nodes), edges)
	return g, nil
}

// edgeRefs returns the ties an edge-schema entity stands for: each source
// value to each target value, weighted by the sum of its `weight` values
// (1 when it has none).
func edgeRefs(s *tideline.Schema, e *tideline.Entity) []ref {
	// A link loaded from several records (a tie listed in both directions,
	// or reported by two sources) carries several weights: they add up.
	w := 0.0
	for _, v := range e.Get("weight") {
		if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 && !math.IsInf(f, 0) {
			w += f
		}
	}
	if w == 0 {
		w = 1
	}
	ends := func(prop, numberProp string) []string {
		if vs := e.Get(prop); len(vs) > 0 {
			return vs
		}
		var out []string
		if numberProp != "" {
			for _, n := range e.Get(numberProp) {
				out = append(out, "phone:"+n)
			}
		}
		return out
	}
	var srcNum, tgtNum string
	if s.IsAName("Call") {
		srcNum, tgtNum = "callerNumber", "receiverNumber"
	}
	var out []ref
	for _, a := range ends(s.Edge.Source, srcNum) {
		for _, b := range ends(s.Edge.Target, tgtNum) {
			if a != b {
				out = append(out, ref{a, b, w})
			}
		}
	}
	return out
}

func sortedPropNames(e *tideline.Entity) []string {
	out := make([]string, 0, len(e.Properties))
	for p := range e.Properties {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
