package tideline

import (
	"bytes"
	"encoding/json"
	"sort"
)

// Entity is a FollowTheMoney entity ("proxy"): an id, a schema and
// multi-valued string properties. Entities read from the store are assembled
// from statements and carry the union of their datasets and seen dates.
//
// Its JSON form is FtM's: {"id", "schema", "properties": {prop: [values]}}
// with the optional OpenSanctions export fields caption, datasets, referents,
// target, first_seen, last_seen and last_change. Fields that Tideline does not
// know are kept in Extra and written back, so FtM JSON round-trips unchanged.
type Entity struct {
	ID         string
	Schema     string
	Properties map[string][]string
	Caption    string
	Datasets   []string
	Referents  []string
	Target     bool
	FirstSeen  string // ISO 8601 timestamp, "" when unknown
	LastSeen   string
	LastChange string
	Extra      map[string]json.RawMessage
}

// Get returns the values of prop (nil when absent).
func (e *Entity) Get(prop string) []string { return e.Properties[prop] }

// First returns the first value of prop, or "".
func (e *Entity) First(prop string) string {
	if v := e.Properties[prop]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Add appends value to prop unless it is empty or already present. O(k) in
// the number of values of prop.
func (e *Entity) Add(prop, value string) {
	if value == "" {
		return
	}
	if e.Properties == nil {
		e.Properties = map[string][]string{}
	}
	for _, v := range e.Properties[prop] {
		if v == value {
			return
		}
	}
	e.Properties[prop] = append(e.Properties[prop], value)
}

// Merge adds other's values, datasets and referents into e and widens its
// seen dates. The schema becomes the common schema of both (LegalEntity with
// Person gives Person); unrelated schemata give an EINVALID error and leave e
// unchanged.
func (e *Entity) Merge(m *Model, other *Entity) error {
	a, b := m.Schema(e.Schema), m.Schema(other.Schema)
	if a == nil || b == nil {
		return Errorf(EINVALID, "cannot merge %s (%s) with %s (%s): unknown schema", e.ID, e.Schema, other.ID, other.Schema)
	}
	s, err := m.Common(a, b)
	if err != nil {
		return err
	}
	e.Schema = s.Name
	for _, p := range sortedKeys(other.Properties) {
		for _, v := range other.Properties[p] {
			e.Add(p, v)
		}
	}
	e.Datasets = unionSorted(e.Datasets, other.Datasets)
	e.Referents = unionSorted(e.Referents, other.Referents)
	e.Target = e.Target || other.Target
	if other.FirstSeen != "" && (e.FirstSeen == "" || other.FirstSeen < e.FirstSeen) {
		e.FirstSeen = other.FirstSeen
	}
	if other.LastSeen > e.LastSeen {
		e.LastSeen = other.LastSeen
	}
	if other.LastChange > e.LastChange {
		e.LastChange = other.LastChange
	}
	return nil
}

// MakeCaption returns the display caption: the stored Caption when set, else
// the first value of the schema's caption properties, else the id.
func (e *Entity) MakeCaption(m *Model) string {
	if e.Caption != "" {
		return e.Caption
	}
	if s := m.Schema(e.Schema); s != nil {
		for _, p := range s.Caption {
			if v := e.First(p); v != "" {
				return v
			}
		}
	}
	return e.ID
}

// Validate checks the entity against the model: a non-empty id, a known,
// non-abstract schema and known properties with allowed values. It returns an
// EINVALID *Error naming the first problem.
func (e *Entity) Validate(m *Model) error {
	if e.ID == "" {
		return Errorf(EINVALID, "entity has no id")
	}
	s := m.Schema(e.Schema)
	if s == nil {
		return Errorf(EINVALID, "entity %s: unknown schema %q", e.ID, e.Schema)
	}
	if s.Abstract {
		return Errorf(EINVALID, "entity %s: schema %s is abstract", e.ID, e.Schema)
	}
	for _, pn := range sortedKeys(e.Properties) {
		p := s.Property(pn)
		if p == nil {
			return Errorf(EINVALID, "entity %s: schema %s has no property %q", e.ID, e.Schema, pn)
		}
		if len(p.Values) > 0 {
			for _, v := range e.Properties[pn] {
				if !contains(p.Values, v) {
					return Errorf(EINVALID, "entity %s: %s.%s must be one of %v, not %q", e.ID, e.Schema, pn, p.Values, v)
				}
			}
		}
	}
	return nil
}

type entityJSON struct {
	ID         string              `json:"id"`
	Caption    string              `json:"caption,omitempty"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
	Datasets   []string            `json:"datasets,omitempty"`
	Referents  []string            `json:"referents,omitempty"`
	Target     *bool               `json:"target,omitempty"`
	FirstSeen  string              `json:"first_seen,omitempty"`
	LastSeen   string              `json:"last_seen,omitempty"`
	LastChange string              `json:"last_change,omitempty"`
}

var knownJSONKeys = map[string]bool{"id": true, "caption": true, "schema": true, "properties": true,
	"datasets": true, "referents": true, "target": true, "first_seen": true, "last_seen": true, "last_change": true}

// UnmarshalJSON reads FtM entity JSON. Property values must be arrays of
// strings; anything else is an error naming the property.
func (e *Entity) UnmarshalJSON(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	var j entityJSON
	if err := json.Unmarshal(data, &j); err != nil {
		// Name the field at fault rather than Go's type names.
		for _, k := range []string{"id", "schema", "caption", "first_seen", "last_seen", "last_change"} {
			var v string
			if r, ok := raw[k]; ok && json.Unmarshal(r, &v) != nil {
				return &FieldError{Field: k, Reason: "must be a string"}
			}
		}
		for _, k := range []string{"datasets", "referents"} {
			var v []string
			if r, ok := raw[k]; ok && json.Unmarshal(r, &v) != nil {
				return &FieldError{Field: k, Reason: "must be an array of strings"}
			}
		}
		var props map[string]json.RawMessage
		if r, ok := raw["properties"]; ok {
			if json.Unmarshal(r, &props) != nil {
				return &FieldError{Field: "properties", Reason: "must be an object of property name to array of strings"}
			}
			for _, k := range sortedKeys(props) {
				var vs []string
				if json.Unmarshal(props[k], &vs) != nil {
					return &FieldError{Field: k, Reason: "values must be an array of strings"}
				}
			}
		}
		if r, ok := raw["target"]; ok {
			var b bool
			if json.Unmarshal(r, &b) != nil {
				return &FieldError{Field: "target", Reason: "must be true or false"}
			}
		}
		return err
	}
	*e = Entity{ID: j.ID, Schema: j.Schema, Properties: j.Properties, Caption: j.Caption,
		Datasets: j.Datasets, Referents: j.Referents, FirstSeen: j.FirstSeen,
		LastSeen: j.LastSeen, LastChange: j.LastChange}
	if j.Target != nil {
		e.Target = *j.Target
		if !e.Target {
			e.Extra = map[string]json.RawMessage{"target": raw["target"]}
		}
	}
	for k, v := range raw {
		if !knownJSONKeys[k] {
			if e.Extra == nil {
				e.Extra = map[string]json.RawMessage{}
			}
			e.Extra[k] = v
		}
	}
	if e.Properties == nil {
		e.Properties = map[string][]string{}
	}
	return nil
}

// MarshalJSON writes FtM entity JSON with keys in a fixed order (id, caption,
// schema, properties, datasets, referents, target, first_seen, last_seen,
// last_change, then Extra keys sorted). Datasets and Referents are written
// when non-nil, so an empty list read from JSON is written back as [].
func (e *Entity) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	field := func(key string, v any) error {
		if buf.Len() > 1 {
			buf.WriteByte(',')
		}
		kb, _ := json.Marshal(key)
		buf.Write(kb)
		buf.WriteByte(':')
		b, err := json.Marshal(v)
		buf.Write(b)
		return err
	}
	props := e.Properties
	if props == nil {
		props = map[string][]string{}
	}
	buf.WriteByte('{')
	field("id", e.ID)
	if e.Caption != "" {
		field("caption", e.Caption)
	}
	field("schema", e.Schema)
	if err := field("properties", props); err != nil {
		return nil, err
	}
	if e.Datasets != nil {
		field("datasets", e.Datasets)
	}
	if e.Referents != nil {
		field("referents", e.Referents)
	}
	if e.Target {
		field("target", true)
	}
	for _, kv := range [][2]string{{"first_seen", e.FirstSeen}, {"last_seen", e.LastSeen}, {"last_change", e.LastChange}} {
		if kv[1] != "" {
			field(kv[0], kv[1])
		}
	}
	for _, k := range sortedKeys(e.Extra) {
		if k == "target" && e.Target {
			continue
		}
		field(k, e.Extra[k])
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// FieldError says which field of an entity's JSON is malformed.
type FieldError struct {
	Field  string
	Reason string
}

// Error returns "field: reason".
func (e *FieldError) Error() string { return e.Field + ": " + e.Reason }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func unionSorted(a, b []string) []string {
	if len(b) == 0 {
		return a
	}
	seen := make(map[string]bool, len(a)+len(b))
	out := make([]string, 0, len(a)+len(b))
	for _, s := range append(append([]string{}, a...), b...) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
