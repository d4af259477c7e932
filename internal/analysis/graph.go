package analysis

import (
	"context"
	"iter"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

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
	// Ties are the ties G was built from, one per call, payment, meeting,
	// event participation or shared value, with their time and layer, in
	// the order read: the material of time windows and time-respecting
	// paths.
	Ties []Tie
	// Dangling counts references to entities that are not in the selection
	// (filtered out by dataset, or never loaded); such edges are left out.
	Dangling int
	// Victims counts the people left out because they are recorded as
	// victims (Person.safeguarding set), and Protected the references to
	// them; see Options.IncludeVictims.
	Victims, Protected int
	// Problems lists entities left out because they could not be assembled.
	Problems []Problem

	index map[string]int  // node id -> index, built on first use
	dist  *netgraph.Graph // G with distances 1/w, built on first use
}

// Tie is one tie between nodes U and V (indices into Graph.Nodes): a call
// (from the caller U to the receiver V), a payment (payer to beneficiary),
// an association, an event's participant, a reference or a shared value.
type Tie struct {
	U, V int
	W    float64 // tie strength (call or meeting count, 1 when not stated)
	// Time is when the tie happened, Unix seconds UTC, from the link's or
	// event's date (date, startDate, launchDate or endDate, the first
	// given; a partial date counts from its first day); 0 when undated.
	Time int64
	// Layer is the kind of tie: the link or event schema (Call, Payment,
	// Associate, Ownership, Crossing, ...), "reference" for an entity
	// property naming another entity, or the pivot type for a shared value
	// (phone, identifier, iban, email).
	Layer string
}

// Options select what the graph is built from.
type Options struct {
	Filter tideline.EntityFilter
	// MinGrading keeps only statements graded at least this well on both
	// 3x5x2 scales (tideline.Grading.AtLeast): "2B" draws what B-or-better
	// intelligence from a source graded 1 or 2 says; ungraded statements
	// are then left out. The zero value keeps everything.
	MinGrading tideline.Grading
	// From and To, when set, keep only ties dated in [From, To); undated
	// ties (shared values, references, undated links) are kept unless
	// DatedOnly is set.
	From, To  time.Time
	DatedOnly bool
	// Layers, when set, keeps only ties of these layers (see Tie.Layer;
	// case-insensitive): "Call" for the telephone network, "Associate"
	// for meetings, both for the combined view.
	Layers []string
	// NoPivots leaves shared phone/identifier/IBAN/e-mail values out.
	NoPivots bool
	// IncludeVictims draws people recorded as victims (a safeguarding
	// flag: the passengers of the boats). By default they are left out:
	// the network analysed is the smugglers', and victims are never
	// ranked or profiled.
	IncludeVictims bool
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

// end is one end of a tie: an entity id, or a pivot value key such as
// "phone:+447700900123". The two live in separate namespaces, so an entity
// whose id happens to look like a pivot key is never merged with one.
type end struct {
	key   string
	pivot bool
}

type ref struct {
	from, to end
	w        float64
	time     int64
	layer    string
}

// Problem is a graph-building problem that does not stop the report.
type Problem struct {
	EntityID string `json:"entity_id"`
	Reason   string `json:"reason"`
}

// canonicals is what a store that resolves entities offers: each merged
// entity's canonical id (tideline.ResolutionStore).
type canonicals interface {
	Canonicals(ctx context.Context) iter.Seq2[tideline.Canonical, error]
}

// Build reads the entities selected by opt from store and builds the graph.
// References to entities merged by resolution follow them to their
// canonical id (when the store is a tideline.ResolutionStore).
// An entity that cannot be assembled (its id carries two unrelated schemata
// in different records) is left out and listed in Graph.Problems. O(S + E)
// time for S statements and E ties; memory O(entities + ties + distinct
// pivot values).
func Build(ctx context.Context, store tideline.Store, opt Options) (*Graph, error) {
	m := tideline.DefaultModel()
	entityIndex := map[string]int{}
	pivotIndex := map[string]int{}
	g := &Graph{}
	addNode := func(index map[string]int, key string, n Node) int {
		if i, ok := index[key]; ok {
			return i
		}
		index[key] = len(g.Nodes)
		g.Nodes = append(g.Nodes, n)
		return len(g.Nodes) - 1
	}
	var refs []ref
	victims := map[string]bool{}
	holders := map[string][]string{} // pivot key -> entity ids
	pivotCaption := map[string]string{}
	entities := store.Entities(ctx, opt.Filter)
	if opt.MinGrading != (tideline.Grading{}) {
		entities = tideline.GroupEntities(m, graded(store.Statements(ctx, opt.Filter), opt.MinGrading))
	}
	for e, err := range entities {
		if err != nil {
			if tideline.ErrorCode(err) == tideline.EINVALID && ctx.Err() == nil {
				g.Problems = append(g.Problems, Problem{Reason: tideline.ErrorMessage(err)})
				continue
			}
			return nil, err
		}
		s := m.Schema(e.Schema)
		if s == nil || excluded[s.Name] {
			continue
		}
		if !opt.IncludeVictims && s.IsAName("Person") && len(e.Get("safeguarding")) > 0 {
			victims[e.ID] = true
			continue
		}
		if s.Edge != nil {
			refs = append(refs, edgeRefs(s, e)...)
			continue
		}
		addNode(entityIndex, e.ID, Node{ID: e.ID, Schema: e.Schema, Caption: e.MakeCaption(m)})
		layer, when := "reference", int64(0)
		if s.IsAName("Event") {
			layer, when = s.Name, tieTime(e)
		}
		for _, p := range sortedPropNames(e) {
			prop := s.Property(p)
			if prop == nil {
				continue
			}
			switch {
			case prop.Type == tideline.TypeEntity:
				for _, v := range e.Properties[p] {
					if v != e.ID {
						refs = append(refs, ref{end{e.ID, false}, end{v, false}, 1, when, layer})
					}
				}
			case pivotTypes[prop.Type] && !notPivots[p] && !opt.NoPivots:
				for _, v := range e.Properties[p] {
					if !pivotValue(prop.Type, v) {
						continue
					}
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
		addNode(pivotIndex, k, Node{ID: k, Schema: typ, Caption: pivotCaption[k]})
		for _, h := range holders[k] {
			refs = append(refs, ref{end{h, false}, end{k, true}, 1, 0, typ})
		}
	}
	// Call edges may end on phone numbers rather than entities; a number
	// held by a single entity links that holder to the call.
	for _, r := range refs[:len(refs):len(refs)] {
		for _, x := range []end{r.from, r.to} {
			if !x.pivot {
				continue
			}
			if _, ok := pivotIndex[x.key]; !ok {
				addNode(pivotIndex, x.key, Node{ID: x.key, Schema: "phone", Caption: strings.TrimPrefix(x.key, "phone:")})
				if hs := holders[x.key]; len(hs) == 1 {
					refs = append(refs, ref{end{hs[0], false}, x, 1, 0, "phone"})
				}
			}
		}
	}
	// References name entities as loaded; resolution may have merged them
	// under a canonical id.
	canon := map[string]string{}
	if cs, ok := store.(canonicals); ok {
		for c, err := range cs.Canonicals(ctx) {
			if err != nil {
				return nil, err
			}
			canon[c.EntityID] = c.CanonicalID
		}
	}
	for i := range refs {
		for _, x := range []*end{&refs[i].from, &refs[i].to} {
			if c, ok := canon[x.key]; ok && !x.pivot {
				x.key = c
			}
		}
	}
	lookup := func(x end) (int, bool) {
		if x.pivot {
			i, ok := pivotIndex[x.key]
			return i, ok
		}
		i, ok := entityIndex[x.key]
		return i, ok
	}
	layers := map[string]bool{}
	for _, l := range opt.Layers {
		layers[strings.ToLower(l)] = true
	}
	from, to := int64(math.MinInt64), int64(math.MaxInt64)
	if !opt.From.IsZero() {
		from = opt.From.Unix()
	}
	if !opt.To.IsZero() {
		to = opt.To.Unix()
	}
	windowed := !opt.From.IsZero() || !opt.To.IsZero() || opt.DatedOnly
	edges := make([]netgraph.Edge, 0, len(refs))
	for _, r := range refs {
		if r.from == r.to {
			continue // two records of one resolved entity
		}
		if len(layers) > 0 && !layers[strings.ToLower(r.layer)] {
			continue
		}
		if windowed && (r.time == 0 && opt.DatedOnly || r.time != 0 && (r.time < from || r.time >= to)) {
			continue
		}
		u, ok1 := lookup(r.from)
		v, ok2 := lookup(r.to)
		if !ok1 || !ok2 {
			if (!ok1 && victims[r.from.key] && !r.from.pivot) || (!ok2 && victims[r.to.key] && !r.to.pivot) {
				g.Protected++
			} else {
				g.Dangling++
			}
			continue
		}
		edges = append(edges, netgraph.Edge{U: u, V: v, W: r.w})
		g.Ties = append(g.Ties, Tie{U: u, V: v, W: r.w, Time: r.time, Layer: r.layer})
	}
	g.G = netgraph.NewUndirected(len(g.Nodes), edges)
	g.Victims = len(victims)
	return g, nil
}

// pivotValue reports whether a normalised value can link entities: phones
// in E.164, e-mail addresses, IBANs, and identifiers with at least one digit
// that are not placeholders. Values kept as written because they could not
// be normalised ("unknown", "N/A", "07700 90012x") link nothing.
func pivotValue(t tideline.PropertyType, v string) bool {
	switch t {
	case tideline.TypePhone:
		if len(v) < 7 || v[0] != '+' {
			return false
		}
		return strings.Trim(v[1:], "0123456789") == ""
	case tideline.TypeEmail:
		at := strings.IndexByte(v, '@')
		return at > 0 && strings.Contains(v[at:], ".")
	case tideline.TypeIBAN:
		return len(v) >= 15 && len(v) <= 34 && strings.Trim(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == ""
	case tideline.TypeIdentifier:
		return len(v) >= 3 && strings.ContainsAny(v, "0123456789") && strings.Trim(v, "0") != ""
	}
	return true
}

// linkWeight is a link's tie strength: the sum of its `weight` values (1
// when it has none), capped at maxWeight.
func linkWeight(e *tideline.Entity) float64 {
	// A link loaded from several records (a tie listed in both directions,
	// or reported by two sources) carries several weights: they add up.
	w := 0.0
	for _, v := range e.Get("weight") {
		if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 && !math.IsInf(f, 0) {
			w = math.Min(w+f, maxWeight)
		}
	}
	if w == 0 {
		w = 1
	}
	return w
}

// maxWeight caps one tie's strength so that sums of ties stay finite (a
// weight of 1e308 in a file is a typo, not a call count).
const maxWeight = 1e12

// edgeRefs returns the ties an edge-schema entity stands for: each source
// value to each target value, weighted by linkWeight.
func edgeRefs(s *tideline.Schema, e *tideline.Entity) []ref {
	w, when := linkWeight(e), tieTime(e)
	ends := func(prop, numberProp string) []end {
		var out []end
		for _, v := range e.Get(prop) {
			out = append(out, end{v, false})
		}
		if len(out) > 0 || numberProp == "" {
			return out
		}
		for _, n := range e.Get(numberProp) {
			if pivotValue(tideline.TypePhone, n) {
				out = append(out, end{"phone:" + n, true})
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
				out = append(out, ref{a, b, w, when, s.Name})
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

// tieTime returns when a link or event happened, Unix seconds UTC: its
// first date among date, startDate, launchDate and endDate (a partial date
// from its first day), or 0 when it has none that parses.
func tieTime(e *tideline.Entity) int64 {
	for _, p := range []string{"date", "startDate", "launchDate", "endDate"} {
		for _, v := range e.Get(p) {
			if t, ok := parseTime(v); ok {
				return t.Unix()
			}
		}
	}
	return 0
}

// parseTime reads the ISO 8601 forms the store holds: a date-time, a date,
// a month or a year.
func parseTime(v string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// graded passes on the statements graded at least min.
func graded(stmts iter.Seq2[*tideline.Statement, error], min tideline.Grading) iter.Seq2[tideline.Statement, error] {
	return func(yield func(tideline.Statement, error) bool) {
		for s, err := range stmts {
			if err != nil {
				yield(tideline.Statement{}, err)
				return
			}
			// The schema statement says what the entity is, and a
			// safeguarding flag protects a victim, however graded.
			if s.Prop != tideline.PropSchema && s.Prop != "safeguarding" && !s.Grading.AtLeast(min) {
				continue
			}
			if !yield(*s, nil) {
				return
			}
		}
	}
}
