package tideline

import (
	"fmt"
	"sort"
	"strings"
)

// PropertyType is the FollowTheMoney type of a property's values. It decides
// how values are normalised on ingest, compared in resolution and used as
// pivots in the network graph.
type PropertyType string

// The property types of the FtM model (followthemoney/types/). Every value is
// stored as a string; the type says how to read it.
const (
	TypeName       PropertyType = "name"       // names of people, organisations, things
	TypeDate       PropertyType = "date"       // ISO 8601, partial dates stay partial (1988, 1988-01)
	TypePhone      PropertyType = "phone"      // E.164 (+447700900123)
	TypeEmail      PropertyType = "email"      // RFC 5322 addr-spec, domain lower-cased
	TypeIBAN       PropertyType = "iban"       // ISO 13616 IBAN without spaces
	TypeIdentifier PropertyType = "identifier" // upper-case, separators removed
	TypeCountry    PropertyType = "country"    // ISO 3166-1 alpha-2, lower-case as FtM stores it
	TypeAddress    PropertyType = "address"    // free-text postal address
	TypeEntity     PropertyType = "entity"     // id of another entity (a reference with a range)
	TypeNumber     PropertyType = "number"     // decimal number, unit in the property's doc
	TypeText       PropertyType = "text"       // long text, not indexed as a value
	TypeURL        PropertyType = "url"        // absolute URL
	TypeString     PropertyType = "string"     // short untyped string
	TypeTopic      PropertyType = "topic"      // FtM topic code (sanction, crime.traffick, ...)
	TypeGender     PropertyType = "gender"     // male, female, other
	TypeLanguage   PropertyType = "language"   // ISO 639-2 code
	TypeIP         PropertyType = "ip"         // IPv4 or IPv6 address
	TypeChecksum   PropertyType = "checksum"   // SHA1 of a document
	TypeMimetype   PropertyType = "mimetype"   // RFC 2045 media type
	TypeJSON       PropertyType = "json"       // opaque JSON text
	TypeHTML       PropertyType = "html"       // HTML text
)

var typeFlags = map[PropertyType]struct{ matchable, pivot bool }{
	TypeName: {true, true}, TypeDate: {true, false}, TypePhone: {true, true},
	TypeEmail: {true, true}, TypeIBAN: {true, true}, TypeIdentifier: {true, true},
	TypeCountry: {true, false}, TypeAddress: {true, true}, TypeEntity: {true, true},
	TypeNumber: {}, TypeText: {}, TypeURL: {true, true}, TypeString: {},
	TypeTopic: {}, TypeGender: {}, TypeLanguage: {}, TypeIP: {true, true},
	TypeChecksum: {true, true}, TypeMimetype: {}, TypeJSON: {}, TypeHTML: {},
}

// Valid reports whether t is one of the known property types.
func (t PropertyType) Valid() bool { _, ok := typeFlags[t]; return ok }

// Matchable reports whether values of this type are compared in entity
// resolution (FtM's `matchable` flag).
func (t PropertyType) Matchable() bool { return typeFlags[t].matchable }

// Pivot reports whether a value of this type, shared by two entities, links
// them (FtM's `pivot` flag: phones, identifiers, IBANs, emails, addresses...).
func (t PropertyType) Pivot() bool { return typeFlags[t].pivot }

// Property is one property of a schema.
type Property struct {
	Name   string       // FtM property name, e.g. "birthDate"
	Label  string       // human label, e.g. "Birth date"
	Type   PropertyType // value type
	Range  string       // for TypeEntity: the schema the referenced entity must be (or descend from)
	Values []string     // when non-empty, the only allowed values (e.g. Crossing.outcome)
	Schema *Schema      // the schema that declares the property (not the one inheriting it)
	// Extension marks properties that Tideline adds to FtM's own schemata.
	Extension bool
}

// Edge describes a schema whose entities are drawn as edges of the graph
// between the entities named by two of their properties (FtM `edge:`).
type Edge struct {
	Source   string // property naming the source entity, e.g. "owner"
	Target   string // property naming the target entity, e.g. "asset"
	Directed bool   // false for symmetric ties such as Associate and Family
	Label    string // verb for display, e.g. "owns"
}

// Schema is a FollowTheMoney schema: a named type of entity with properties,
// inheriting from zero or more parents.
type Schema struct {
	Name      string
	Label     string
	Extends   []*Schema
	Abstract  bool // cannot be instantiated (Thing, Interval, ...)
	Matchable bool // candidates for entity resolution (FtM `matchable`)
	Edge      *Edge
	Caption   []string // properties tried in order for an entity's caption
	Required  []string
	// Extension marks schemata Tideline adds to FtM (Engine, Crossing, ...).
	Extension bool

	own    []*Property
	props  map[string]*Property // own and inherited
	supers map[string]bool      // names of this schema and all its ancestors
}

// Property returns the named property, own or inherited, or nil.
func (s *Schema) Property(name string) *Property { return s.props[name] }

// Properties returns all properties, own and inherited, sorted by name.
func (s *Schema) Properties() []*Property {
	out := make([]*Property, 0, len(s.props))
	for _, p := range s.props {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// IsA reports whether s is other or descends from it.
func (s *Schema) IsA(other *Schema) bool { return other != nil && s.supers[other.Name] }

// IsAName reports whether s is the named schema or descends from it.
func (s *Schema) IsAName(name string) bool { return s.supers[name] }

// String returns the schema's name.
func (s *Schema) String() string { return s.Name }

// Model is a set of schemata indexed by name. The zero value is empty; use
// DefaultModel for FtM's schemata plus Tideline's extensions.
type Model struct {
	schemata map[string]*Schema
}

// Schema returns the named schema, or nil when the model has none.
func (m *Model) Schema(name string) *Schema { return m.schemata[name] }

// Schemata returns every schema sorted by name.
func (m *Model) Schemata() []*Schema {
	out := make([]*Schema, 0, len(m.schemata))
	for _, s := range m.schemata {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Descendants returns the names of the schemata that are one of names or
// descend from one, sorted. EINVALID for an unknown name.
// O(|model| * |names|).
func (m *Model) Descendants(names []string) ([]string, error) {
	for _, n := range names {
		if m.schemata[n] == nil {
			return nil, Errorf(EINVALID, "unknown schema %q", n)
		}
	}
	var out []string
	for _, s := range m.Schemata() {
		for _, n := range names {
			if s.IsAName(n) {
				out = append(out, s.Name)
				break
			}
		}
	}
	return out, nil
}

// Common returns the schema that two fragments of one entity merge into: the
// more specific of a and b when one descends from the other (LegalEntity and
// Person give Person). It returns an EINVALID error for unrelated schemata
// (Person and Vessel), as FtM's model.common_schema does.
func (m *Model) Common(a, b *Schema) (*Schema, error) {
	switch {
	case a == nil:
		return b, nil
	case b == nil || a == b:
		return a, nil
	case a.IsA(b):
		return a, nil
	case b.IsA(a):
		return b, nil
	}
	return nil, Errorf(EINVALID, "schemata %s and %s cannot be merged into one entity", a.Name, b.Name)
}

// schemaDef is the compact source form of a schema in schemata.go. Property
// specs read "name:type", "name:entity:Range" or "name:string:v1|v2|v3".
type schemaDef struct {
	name, label string
	extends     []string
	abstract    bool
	matchable   bool
	extension   bool
	edge        *Edge
	caption     []string
	required    []string
	props       []string
	ext         []string // properties Tideline adds to an FtM schema
}

func buildModel(defs []schemaDef) (*Model, error) {
	m := &Model{schemata: make(map[string]*Schema, len(defs))}
	for _, d := range defs {
		if _, dup := m.schemata[d.name]; dup {
			return nil, fmt.Errorf("model: duplicate schema %s", d.name)
		}
		s := &Schema{Name: d.name, Label: d.label, Abstract: d.abstract, Matchable: d.matchable,
			Extension: d.extension, Edge: d.edge, Caption: d.caption, Required: d.required}
		if s.Label == "" {
			s.Label = d.name
		}
		for i, spec := range append(append([]string{}, d.props...), d.ext...) {
			p, err := parseProp(spec)
			if err != nil {
				return nil, fmt.Errorf("model: schema %s: %w", d.name, err)
			}
			p.Schema = s
			p.Extension = d.extension || i >= len(d.props)
			s.own = append(s.own, p)
		}
		m.schemata[d.name] = s
	}
	// Resolve parents in definition order (parents are defined first).
	for _, d := range defs {
		s := m.schemata[d.name]
		for _, pn := range d.extends {
			p := m.schemata[pn]
			if p == nil {
				return nil, fmt.Errorf("model: schema %s extends unknown %s", d.name, pn)
			}
			s.Extends = append(s.Extends, p)
		}
	}
	var resolve func(s *Schema, depth int) error
	resolve = func(s *Schema, depth int) error {
		if s.props != nil {
			return nil
		}
		if depth > 32 {
			return fmt.Errorf("model: inheritance cycle at %s", s.Name)
		}
		s.props = map[string]*Property{}
		s.supers = map[string]bool{s.Name: true}
		for _, p := range s.Extends {
			if err := resolve(p, depth+1); err != nil {
				return err
			}
			for n, pp := range p.props {
				s.props[n] = pp
			}
			for n := range p.supers {
				s.supers[n] = true
			}
		}
		for _, p := range s.own {
			s.props[p.Name] = p
		}
		if len(s.Caption) == 0 {
			for _, p := range s.Extends {
				if len(p.Caption) > 0 {
					s.Caption = p.Caption
					break
				}
			}
		}
		return nil
	}
	for _, s := range m.schemata {
		if err := resolve(s, 0); err != nil {
			return nil, err
		}
	}
	// Check ranges and edges once everything is resolved.
	for _, s := range m.schemata {
		for _, p := range s.own {
			if p.Type == TypeEntity && m.schemata[p.Range] == nil {
				return nil, fmt.Errorf("model: %s.%s has unknown range %q", s.Name, p.Name, p.Range)
			}
		}
		if e := s.Edge; e != nil {
			for _, pn := range []string{e.Source, e.Target} {
				if p := s.props[pn]; p == nil || p.Type != TypeEntity {
					return nil, fmt.Errorf("model: %s edge property %q is not an entity property", s.Name, pn)
				}
			}
		}
		for _, r := range s.Required {
			if s.props[r] == nil {
				return nil, fmt.Errorf("model: %s requires unknown property %q", s.Name, r)
			}
		}
	}
	return m, nil
}

func parseProp(spec string) (*Property, error) {
	parts := strings.SplitN(spec, ":", 3)
	p := &Property{Name: parts[0], Type: TypeString}
	if len(parts) > 1 {
		p.Type = PropertyType(parts[1])
	}
	if !p.Type.Valid() {
		return nil, fmt.Errorf("property %s: unknown type %q", p.Name, parts[1])
	}
	if len(parts) == 3 {
		if p.Type == TypeEntity {
			p.Range = parts[2]
		} else {
			p.Values = strings.Split(parts[2], "|")
		}
	} else if p.Type == TypeEntity {
		return nil, fmt.Errorf("property %s: entity property without range", p.Name)
	}
	p.Label = labelFor(p.Name)
	return p, nil
}

// labelFor turns a camelCase property name into a human label: "birthDate" -> "Birth date".
func labelFor(name string) string {
	var b strings.Builder
	for i, r := range name {
		if i == 0 {
			b.WriteString(strings.ToUpper(string(r)))
			continue
		}
		if r >= 'A' && r <= 'Z' {
			b.WriteByte(' ')
			b.WriteRune(r + ('a' - 'A'))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
