package access

import (
	"time"

	"github.com/tideline-oss/tideline"
)

// The synthetic safeguarding flag. A principal who may see victims gets a
// person recorded as a victim with a safeguarding statement even when no
// statement it reads carries the flag: one statement of property
// "safeguarding" in the pseudo-dataset RestrictedDataset, valued
// FlagNotShared (no dataset the principal sees holds a flag) or
// FlagNotSelected (one does, but the read's dataset filter leaves it out),
// under handling code C with RestrictedConditions. It says that the person
// is a victim and nothing else: not which dataset, agency or operation
// holds the flag, nor its value, grading, origin or dates, nor how many
// flags there are.
const (
	// RestrictedDataset is the dataset of the synthetic flag. It is not a
	// dataset: the parentheses make it a name tideline.Dataset.Validate
	// refuses, so no dataset can be loaded, owned or shared under it; a
	// filter naming it selects nothing, and Datasets does not list it.
	RestrictedDataset = "(restricted)"
	// FlagNotShared is the value of the synthetic flag of a person whose
	// flags are all in datasets the principal does not see.
	FlagNotShared = "recorded as a victim in a dataset not shared with you"
	// FlagNotSelected is the value of the synthetic flag of a person
	// flagged in a dataset the principal sees but the read's dataset
	// filter does not select.
	FlagNotSelected = "recorded as a victim in a dataset this read does not select"
	// RestrictedConditions are the handling conditions (code C) of the
	// synthetic flag.
	RestrictedConditions = "safeguarding record: the person is a victim; not for disclosure, never to be profiled or targeted"
)

// flagType is the property type of Person.safeguarding.
var flagType = func() tideline.PropertyType {
	if p := tideline.DefaultModel().Schema("Person").Property(propSafeguarding); p != nil {
		return p.Type
	}
	return tideline.TypeString
}()

// flags is what a read knows of where an entity is flagged as a victim:
// anywhere (any) and in a dataset the principal sees (visible).
type flags struct{ any, visible bool }

// synthetic returns the synthetic flag with value of the entity shown as
// id whose statements are stmts. It is filed under the id shown; its seen
// dates are the earliest FirstSeen and the latest LastSeen of stmts, so the
// entity assembles with the seen dates it has without the flag and the
// flag's own dates say nothing; its id is tideline.StatementID of
// RestrictedDataset, id, the property and value. Ungraded, no agency, no
// origin.
func synthetic(id, value string, stmts []tideline.Statement) tideline.Statement {
	var first, last time.Time
	for i := range stmts {
		if first.IsZero() || stmts[i].FirstSeen.Before(first) {
			first = stmts[i].FirstSeen
		}
		if stmts[i].LastSeen.After(last) {
			last = stmts[i].LastSeen
		}
	}
	return tideline.Statement{
		ID:          tideline.StatementID(RestrictedDataset, id, propSafeguarding, value),
		EntityID:    id,
		CanonicalID: id,
		Schema:      "Person",
		Prop:        propSafeguarding,
		PropType:    flagType,
		Value:       value,
		Dataset:     RestrictedDataset,
		Grading:     tideline.Grading{Handling: tideline.HandlingConditions, Conditions: RestrictedConditions},
		FirstSeen:   first,
		LastSeen:    last,
	}
}
