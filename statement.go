package tideline

import (
	"crypto/sha1"
	"encoding/hex"
	"time"
)

// Statement is the record of truth: "in dataset D, entity E has property P
// with value V", with the provenance of that value. Entities are assembled
// from statements; nothing else is stored about them.
//
// It follows FollowTheMoney's statement model
// (followthemoney/statement/statement.py) and adds the source agency, the
// 3x5x2 grading and handling code, and the validity of the value.
type Statement struct {
	ID            string // StatementID(Dataset, EntityID, Prop, Value)
	EntityID      string
	CanonicalID   string // resolved entity id; equals EntityID until resolution merges it
	Schema        string // schema of the entity in this dataset
	Prop          string // property name, or PropSchema for the schema statement
	PropType      PropertyType
	Value         string // normalised value; the original when Invalid is set
	OriginalValue string // the value as the source wrote it, "" when identical to Value
	Lang          string
	Dataset       string // one per source feed, e.g. "nca_intel_reports"
	Agency        string // agency that owns the dataset, e.g. "NCA"
	Grading       Grading
	Origin        string // where the value was read, e.g. "donations.csv:12"
	// Invalid, when non-empty, says why the value could not be normalised
	// (an unparseable phone, date or IBAN). The value is kept, never dropped.
	Invalid   string
	FirstSeen time.Time // UTC
	LastSeen  time.Time // UTC
}

// PropSchema is the property name of the statement that records an entity's
// schema in a dataset. Its value is the schema name (FtM puts the entity id
// there): fragments of one entity under a parent and a child schema
// (LegalEntity, Person) then keep one schema statement each, and the entity
// assembles to the more specific schema.
const PropSchema = "id"

// Meta properties record what an FtM export says about an entity as a whole:
// the source datasets and the referents (source ids merged into it) listed in
// its "datasets" and "referents" fields. They are statements like any other,
// with the provenance of the file that carried them, and AssembleEntity folds
// them back into Entity.Datasets and Entity.Referents.
const (
	PropDatasets  = "$datasets"
	PropReferents = "$referents"
)

// StatementID returns the stable id of a statement: the hex SHA1 of
// "{dataset}.{entityID}.{prop}.{value}", as FtM computes it, so that loading
// the same input twice yields the same ids. Lang and external flags, which
// FtM appends, are not used by Tideline.
func StatementID(dataset, entityID, prop, value string) string {
	h := sha1.New()
	h.Write([]byte(dataset))
	h.Write([]byte{'.'})
	h.Write([]byte(entityID))
	h.Write([]byte{'.'})
	h.Write([]byte(prop))
	h.Write([]byte{'.'})
	h.Write([]byte(value))
	return hex.EncodeToString(h.Sum(nil))
}

// ValidateStatements returns an EINVALID error for the first statement that
// lacks an ID, EntityID, Schema, Prop or Dataset, or whose ID is not
// StatementID of its dataset, entity, property and value; nil when all are
// well formed. Stores call it before writing anything. O(n).
func ValidateStatements(stmts []Statement) error {
	for i := range stmts {
		s := &stmts[i]
		var missing string
		switch {
		case s.ID == "":
			missing = "id"
		case s.EntityID == "":
			missing = "entity id"
		case s.Schema == "":
			missing = "schema"
		case s.Prop == "":
			missing = "property"
		case s.Dataset == "":
			missing = "dataset"
		default:
			if want := StatementID(s.Dataset, s.EntityID, s.Prop, s.Value); s.ID != want {
				return Errorf(EINVALID, "statement %d (id %q, entity %q): id is not the hash of its dataset, entity, property and value (want %s); nothing written", i, s.ID, s.EntityID, want)
			}
			continue
		}
		return Errorf(EINVALID, "statement %d (id %q, entity %q): %s required; nothing written", i, s.ID, s.EntityID, missing)
	}
	return nil
}

// Original returns the value as the source wrote it.
func (s *Statement) Original() string {
	if s.OriginalValue != "" {
		return s.OriginalValue
	}
	return s.Value
}

// Dataset is one source feed: the records one agency supplied in one layout,
// with the grading that applies to them unless a record says otherwise.
type Dataset struct {
	Name    string // identifier, lower_snake_case, e.g. "bf_encounters"
	Title   string
	Agency  string
	Grading Grading
}

// Validate reports an EINVALID error when the dataset name is empty, longer
// than 100 bytes, or holds characters other than letters, digits, '_', '-'
// and '.'.
func (d *Dataset) Validate() error {
	if d.Name == "" {
		return Errorf(EINVALID, "dataset name required")
	}
	if len(d.Name) > 100 {
		return Errorf(EINVALID, "dataset name %.20q...: at most 100 characters", d.Name)
	}
	for _, r := range d.Name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return Errorf(EINVALID, "dataset name %q: use letters, digits, '_', '-' or '.'", d.Name)
		}
	}
	return nil
}
