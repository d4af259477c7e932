package netfile_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/ingest/netfile"
)

// endpoints names the two entity properties of each link schema.
var endpoints = map[string][2]string{
	"Call":        {"caller", "receiver"},
	"Associate":   {"person", "associate"},
	"UnknownLink": {"subject", "object"},
}

// graph is what a test learns from the fragments of one file: the people,
// the links and the undirected simple graph they make (OR of directions,
// self-loops dropped), plus the input errors.
type graph struct {
	names     map[string]string          // Person id -> name
	ids       map[string]string          // name -> Person id
	adj       map[string]map[string]bool // undirected adjacency by Person id
	links     map[string]*tideline.Entity
	linkFrags int
	weightSum float64
	events    map[string]*tideline.Entity // two-mode: Event id -> merged Event
	errs      []error
}

// collect drains seq into a graph and checks the invariants every output
// must keep: valid entities, each Person once and before the links (or
// events) that refer to it, File and Line set, errors typed.
func collect(tb testing.TB, seq func(func(*tideline.Fragment, error) bool), file string) *graph {
	tb.Helper()
	m := tideline.DefaultModel()
	g := &graph{names: map[string]string{}, ids: map[string]string{}, adj: map[string]map[string]bool{},
		links: map[string]*tideline.Entity{}, events: map[string]*tideline.Entity{}}
	for f, err := range seq {
		if err != nil {
			var ie *tideline.InputError
			if !errors.As(err, &ie) {
				tb.Fatalf("error %v (%T); want *tideline.InputError", err, err)
			}
			if ie.File != file {
				tb.Fatalf("error file = %q; want %q", ie.File, file)
			}
			g.errs = append(g.errs, err)
			continue
		}
		if f == nil {
			tb.Fatal("nil fragment with nil error")
		}
		if err := f.Entity.Validate(m); err != nil {
			tb.Fatalf("%s: invalid entity: %v", f.Origin(), err)
		}
		if f.File != file || f.Line < 1 {
			tb.Fatalf("fragment origin %q; want %s:<line>", f.Origin(), file)
		}
		e := &f.Entity
		switch e.Schema {
		case "Person":
			if _, dup := g.names[e.ID]; dup {
				tb.Fatalf("%s: Person %s (%s) yielded twice", f.Origin(), e.ID, e.First("name"))
			}
			name := e.First("name")
			g.names[e.ID] = name
			g.ids[name] = e.ID
			g.adj[e.ID] = map[string]bool{}
		case "Event":
			ev := g.events[e.ID]
			if ev == nil {
				if e.First("name") == "" {
					tb.Fatalf("%s: Event %s first yielded without a name", f.Origin(), e.ID)
				}
				ev = &tideline.Entity{ID: e.ID, Schema: "Event"}
				g.events[e.ID] = ev
			}
			for _, p := range e.Get("involved") {
				if _, ok := g.names[p]; !ok {
					tb.Fatalf("%s: Event involves %s before its Person", f.Origin(), p)
				}
			}
			if err := ev.Merge(m, e); err != nil {
				tb.Fatal(err)
			}
		default:
			ends, ok := endpoints[e.Schema]
			if !ok {
				tb.Fatalf("%s: unexpected schema %s", f.Origin(), e.Schema)
			}
			a, b := e.First(ends[0]), e.First(ends[1])
			if len(e.Get(ends[0])) != 1 || len(e.Get(ends[1])) != 1 {
				tb.Fatalf("%s: link %v needs exactly one %s and one %s", f.Origin(), e.Properties, ends[0], ends[1])
			}
			if _, ok := g.names[a]; !ok {
				tb.Fatalf("%s: link refers to %s before its Person", f.Origin(), a)
			}
			if _, ok := g.names[b]; !ok {
				tb.Fatalf("%s: link refers to %s before its Person", f.Origin(), b)
			}
			if a == b {
				tb.Fatalf("%s: self-loop link on %s", f.Origin(), g.names[a])
			}
			g.linkFrags++
			if old := g.links[e.ID]; old != nil {
				if err := old.Merge(m, e); err != nil {
					tb.Fatal(err)
				}
			} else {
				cp := *e
				g.links[e.ID] = &cp
			}
			for _, w := range e.Get("weight") {
				v, err := strconv.ParseFloat(w, 64)
				if err != nil || v <= 0 {
					tb.Fatalf("%s: weight %q", f.Origin(), w)
				}
				g.weightSum += v
			}
			g.adj[a][b] = true
			g.adj[b][a] = true
		}
	}
	return g
}

// read opens path and collects its fragments, naming it by its base name.
func read(tb testing.TB, path string, opt netfile.Options) *graph {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	name := filepath.Base(path)
	return collect(tb, netfile.Read(bytes.NewReader(data), name, opt), name)
}

// readString collects the fragments of an in-memory file named "net.csv".
func readString(tb testing.TB, s string, opt netfile.Options) *graph {
	tb.Helper()
	return collect(tb, netfile.Read(io.Reader(bytes.NewBufferString(s)), "net.csv", opt), "net.csv")
}

func (g *graph) n() int { return len(g.names) }

func (g *graph) m() int {
	m := 0
	for _, nb := range g.adj {
		m += len(nb)
	}
	return m / 2
}

func (g *graph) degree(name string) int { return len(g.adj[g.ids[name]]) }

// top returns the name of highest degree (ties broken by name) and its degree.
func (g *graph) top() (string, int) {
	names := make([]string, 0, len(g.ids))
	for n := range g.ids {
		names = append(names, n)
	}
	sort.Strings(names)
	best, deg := "", -1
	for _, n := range names {
		if d := g.degree(n); d > deg {
			best, deg = n, d
		}
	}
	return best, deg
}

func (g *graph) isolates() int {
	k := 0
	for _, nb := range g.adj {
		if len(nb) == 0 {
			k++
		}
	}
	return k
}

func errStrings(errs []error) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = e.Error()
	}
	return out
}

func readFile(p string) (string, error) {
	b, err := os.ReadFile(p)
	return string(b), err
}
