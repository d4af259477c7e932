package tideline

import (
	"context"
	"slices"
	"time"
)

// Principal is who is asking: a user, the operations they are members of
// and, through their agency and roles, what they may see. The server puts
// one in every request's context (NewContextWithPrincipal); the
// access-controlled store reads it there and answers only with what it
// allows, so no code path can read past it.
type Principal struct {
	User       User
	Operations []string // names of the operations (compartments) the user is a member of
}

// Can reports whether the principal's roles grant p.
func (p *Principal) Can(perm Permission) bool { return p != nil && p.User.Can(perm) }

// Share makes a dataset visible beyond the agency that owns it: to every
// user of an agency (Agency set), or to every user holding a role in any
// agency (Role set, e.g. prosecutors).
type Share struct {
	Dataset string    `json:"dataset"`
	Agency  string    `json:"agency,omitempty"`
	Role    Role      `json:"role,omitempty"`
	By      string    `json:"by"` // login of who shared it
	At      time.Time `json:"at"`
}

// Validate reports EINVALID unless exactly one of Agency and Role is set
// and valid, and the dataset is named.
func (s *Share) Validate() error {
	if s.Dataset == "" {
		return Errorf(EINVALID, "share: dataset required")
	}
	switch {
	case s.Agency != "" && s.Role != "", s.Agency == "" && s.Role == "":
		return Errorf(EINVALID, "share of %s: give an agency or a role, not both", s.Dataset)
	case s.Agency != "":
		return ValidAgency(s.Agency)
	case !s.Role.Valid():
		return invalidRole(s.Role)
	}
	return nil
}

// Operation is a compartment: an investigation whose datasets only its
// members see, whatever their agency (need-to-know). A dataset belongs to
// at most one operation.
type Operation struct {
	Name     string    `json:"name"` // identifier, like a dataset name
	Title    string    `json:"title"`
	Agency   string    `json:"agency"` // the lead agency
	Datasets []string  `json:"datasets"`
	Members  []int64   `json:"members"` // user ids
	Created  time.Time `json:"created"`
}

// AccessStore keeps shares and operations.
type AccessStore interface {
	// Shares lists every share, by dataset.
	Shares(ctx context.Context) ([]Share, error)
	// AddShare records s (Validate first; At set). Sharing twice is not an
	// error.
	AddShare(ctx context.Context, s Share) error
	// RemoveShare removes the share of dataset with agency or role;
	// ENOTFOUND when there is none.
	RemoveShare(ctx context.Context, dataset, agency string, role Role) error
	// Operations lists every operation with its datasets and members.
	Operations(ctx context.Context) ([]Operation, error)
	// PutOperation creates or updates an operation's title and agency.
	PutOperation(ctx context.Context, op Operation) error
	// SetDatasetOperation puts a dataset in an operation ("" takes it out);
	// ENOTFOUND for an unknown operation.
	SetDatasetOperation(ctx context.Context, dataset, operation string) error
	// AddMember and RemoveMember change an operation's members; ENOTFOUND
	// for an unknown operation or user.
	AddMember(ctx context.Context, operation string, userID int64) error
	RemoveMember(ctx context.Context, operation string, userID int64) error
	// Owners maps each dataset with an owner to the code of the agency
	// that controls it (the agency that obtained the records, not the
	// source that produced them: call records obtained by the NCA from a
	// mobile network belong to the NCA).
	Owners(ctx context.Context) (map[string]string, error)
	// SetOwner sets the agency that controls a dataset ("" clears it).
	SetOwner(ctx context.Context, dataset, agency string) error
}

// Visibility is what one principal may see, computed once per request from
// the datasets, shares and operations (Visible). Datasets maps each dataset
// the principal may read to true; Safeguarding says whether people recorded
// as victims are visible.
type Visibility struct {
	Datasets     map[string]bool
	Safeguarding bool
}

// Visible computes what p may see: a dataset in an operation is visible to
// the operation's members only; any other dataset to users of the agency
// that owns it (owners: dataset → agency code) and to the agencies and
// roles it is shared with. A dataset with no owner and no share is visible
// to no one. Users without PermRead see nothing. O(datasets + shares).
func Visible(p *Principal, owners map[string]string, shares []Share, ops []Operation) Visibility {
	v := Visibility{Datasets: map[string]bool{}}
	if !p.Can(PermRead) {
		return v
	}
	v.Safeguarding = p.Can(PermSafeguarding)
	inOp := map[string]string{}
	for _, op := range ops {
		for _, d := range op.Datasets {
			inOp[d] = op.Name
			if slices.Contains(p.Operations, op.Name) {
				v.Datasets[d] = true
			}
		}
	}
	for d, agency := range owners {
		if _, ok := inOp[d]; !ok && agency != "" && agency == p.User.Agency {
			v.Datasets[d] = true
		}
	}
	for _, s := range shares {
		if _, ok := inOp[s.Dataset]; ok {
			continue // an operation's datasets go to its members only
		}
		if s.Agency == p.User.Agency || s.Role != "" && slices.Contains(p.User.Roles, s.Role) {
			v.Datasets[s.Dataset] = true
		}
	}
	return v
}

type principalKey struct{}

// NewContextWithPrincipal returns a context carrying p.
func NewContextWithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFromContext returns the principal in ctx, or nil.
func PrincipalFromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}
