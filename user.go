package tideline

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Role is what a user does in a multi-agency team; a user may hold several.
// Roles grant permissions (Role.Can); seeing a record also needs the record's
// dataset to be visible to the user (see Principal).
type Role string

// Roles.
const (
	RoleAnalyst      Role = "analyst"       // reads, searches, analyses networks, judges resolution pairs
	RoleInvestigator Role = "investigator"  // an analyst who also loads records, exports and sees safeguarded people
	RoleSupervisor   Role = "supervisor"    // an investigator who shares its agency's datasets and reads the audit trail
	RoleProsecutor   Role = "prosecutor"    // reads, searches and exports what is disclosed to the case
	RoleLiaison      Role = "liaison"       // a partner liaison officer: reads and searches what is shared
	RoleAdmin        Role = "administrator" // manages users, shares and operations; reads the audit trail; no data by default
)

// Roles lists the roles in order of the table above.
var Roles = []Role{RoleAnalyst, RoleInvestigator, RoleSupervisor, RoleProsecutor, RoleLiaison, RoleAdmin}

// Permission is one thing a role allows.
type Permission string

// Permissions.
const (
	PermRead         Permission = "read"         // view entities, statements, neighbours, paths
	PermSearch       Permission = "search"       // search by name, identifier, phone, plate, IBAN
	PermAnalyse      Permission = "analyse"      // run network analysis
	PermExport       Permission = "export"       // export entities and reports out of Tideline
	PermIngest       Permission = "ingest"       // load records
	PermJudge        Permission = "judge"        // record resolution judgements
	PermSafeguarding Permission = "safeguarding" // see people recorded as victims (safeguarding flag)
	PermShare        Permission = "share"        // share the agency's datasets with other agencies or roles
	PermAudit        Permission = "audit"        // query and verify the audit trail
	PermUsers        Permission = "users"        // create, disable and reset users; manage operations
)

var rolePermissions = map[Role][]Permission{
	RoleAnalyst:      {PermRead, PermSearch, PermAnalyse, PermJudge},
	RoleInvestigator: {PermRead, PermSearch, PermAnalyse, PermJudge, PermIngest, PermExport, PermSafeguarding},
	RoleSupervisor:   {PermRead, PermSearch, PermAnalyse, PermJudge, PermIngest, PermExport, PermSafeguarding, PermShare, PermAudit},
	RoleProsecutor:   {PermRead, PermSearch, PermExport},
	RoleLiaison:      {PermRead, PermSearch},
	RoleAdmin:        {PermUsers, PermShare, PermAudit},
}

// Can reports whether the role grants p. An unknown role grants nothing.
func (r Role) Can(p Permission) bool { return slices.Contains(rolePermissions[r], p) }

// Permissions returns the permissions the role grants, in a fixed order.
func (r Role) Permissions() []Permission { return slices.Clone(rolePermissions[r]) }

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { _, ok := rolePermissions[r]; return ok }

// ParseRole reads a role name (case-insensitive; "admin" for administrator,
// "partner" for liaison). EINVALID names the role and lists the valid ones.
func ParseRole(s string) (Role, error) {
	switch r := Role(strings.ToLower(strings.TrimSpace(s))); r {
	case "admin":
		return RoleAdmin, nil
	case "partner", "partner liaison", "partner_liaison":
		return RoleLiaison, nil
	default:
		if r.Valid() {
			return r, nil
		}
	}
	names := make([]string, len(Roles))
	for i, r := range Roles {
		names[i] = string(r)
	}
	return "", Errorf(EINVALID, "role %q: use one of %s", s, strings.Join(names, ", "))
}

// User is a person who signs in to Tideline. Agency is the code of the
// agency they work for ("NCA", "BF", "MPS", "CPS", "EUROPOL"...): it owns
// the datasets it loads and decides what it shares.
type User struct {
	ID        int64     `json:"id"`
	Login     string    `json:"login"` // unique, lower case: letters, digits, '.', '_', '-', '@'
	Name      string    `json:"name"`
	Agency    string    `json:"agency"`
	Roles     []Role    `json:"roles"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
	// MustChangePassword is set when an administrator resets the password.
	MustChangePassword bool `json:"must_change_password"`
}

// Can reports whether one of the user's roles grants p; a disabled user
// can do nothing.
func (u *User) Can(p Permission) bool {
	if u == nil || u.Disabled {
		return false
	}
	for _, r := range u.Roles {
		if r.Can(p) {
			return true
		}
	}
	return false
}

// Validate reports EINVALID for a missing or malformed login, name or
// agency, no role, or an unknown role.
func (u *User) Validate() error {
	if u.Login == "" || len(u.Login) > 64 {
		return Errorf(EINVALID, "user: login required, at most 64 characters")
	}
	for _, r := range u.Login {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("._-@", r)) {
			return Errorf(EINVALID, "user: login %q: use lower-case letters, digits, '.', '_', '-' and '@'", u.Login)
		}
	}
	if strings.TrimSpace(u.Name) == "" || !utf8.ValidString(u.Name) || utf8.RuneCountInString(u.Name) > 200 {
		return Errorf(EINVALID, "user %s: a name of at most 200 characters is required", u.Login)
	}
	if err := ValidAgency(u.Agency); err != nil {
		return Errorf(EINVALID, "user %s: %s", u.Login, ErrorMessage(err))
	}
	if len(u.Roles) == 0 {
		return Errorf(EINVALID, "user %s: at least one role is required", u.Login)
	}
	for _, r := range u.Roles {
		if !r.Valid() {
			return Errorf(EINVALID, "user %s: %s", u.Login, ErrorMessage(invalidRole(r)))
		}
	}
	return nil
}

// invalidRole explains why r, which is not one of Roles, is refused; an
// alias that ParseRole reads ("admin") must be given as the role it names.
func invalidRole(r Role) error {
	p, err := ParseRole(string(r))
	if err != nil {
		return err
	}
	return Errorf(EINVALID, "role %q: use %q", r, p)
}

// ValidAgency reports EINVALID unless code is 1 to 32 upper-case letters,
// digits, '-' or '_' ("NCA", "BF", "KENT-POLICE").
func ValidAgency(code string) error {
	if code == "" || len(code) > 32 {
		return Errorf(EINVALID, "agency code required, 1 to 32 characters")
	}
	for _, r := range code {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return Errorf(EINVALID, "agency %q: use upper-case letters, digits, '-' and '_'", code)
		}
	}
	return nil
}

// UserUpdate changes a user: nil fields are left as they are.
type UserUpdate struct {
	Name     *string
	Agency   *string
	Roles    *[]Role
	Disabled *bool
}

// Credential is what the server keeps to check a user's password: an
// encoded argon2id hash (PHC string format) and the sign-in failures since
// the last success.
type Credential struct {
	UserID       int64
	PasswordHash string    // "$argon2id$v=19$m=...,t=...,p=...$salt$hash"
	Failures     int       // consecutive failed sign-ins
	LockedUntil  time.Time // zero when not locked
	ChangedAt    time.Time
}

// Session is a signed-in browser or API token. The secret itself is never
// stored: TokenHash is the SHA-256 of it, hex-encoded.
type Session struct {
	TokenHash string    `json:"-"`
	UserID    int64     `json:"user_id"`
	Kind      string    `json:"kind"` // "browser" or "api"
	Name      string    `json:"name"` // an API token's label
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	LastSeen  time.Time `json:"last_seen"`
	// CSRF is the token a browser session must echo in the X-CSRF-Token
	// header on every state-changing request.
	CSRF string `json:"-"`
}

// UserStore keeps users, their credentials and sessions.
type UserStore interface {
	// CreateUser validates u and stores it with its credential (ID and
	// CreatedAt are set). ECONFLICT when the login exists.
	CreateUser(ctx context.Context, u User, cred Credential) (User, error)
	// User returns the user with id; ENOTFOUND when there is none.
	User(ctx context.Context, id int64) (User, error)
	// UserByLogin returns the user with login and their credential;
	// ENOTFOUND when there is none.
	UserByLogin(ctx context.Context, login string) (User, Credential, error)
	// Users lists every user, by login.
	Users(ctx context.Context) ([]User, error)
	// UpdateUser applies upd and returns the user as stored; ENOTFOUND,
	// EINVALID as Validate.
	UpdateUser(ctx context.Context, id int64, upd UserUpdate) (User, error)
	// SetCredential replaces the user's credential (a new password, a
	// failure count, a lock); mustChange sets User.MustChangePassword.
	SetCredential(ctx context.Context, cred Credential, mustChange bool) error
	// CreateSession stores s; ECONFLICT when its token hash exists.
	CreateSession(ctx context.Context, s Session) error
	// Session returns the session with the token hash, whether or not it
	// has expired; ENOTFOUND when there is none.
	Session(ctx context.Context, tokenHash string) (Session, error)
	// TouchSession sets the session's LastSeen.
	TouchSession(ctx context.Context, tokenHash string, at time.Time) error
	// DeleteSession removes a session (sign-out, revocation); deleting one
	// that does not exist is not an error.
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteSessions removes every session of a user (disable, reset).
	DeleteSessions(ctx context.Context, userID int64) error
}
