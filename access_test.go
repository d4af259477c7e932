package tideline_test

import (
	"iter"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
)

func TestVisible(t *testing.T) {
	owners := map[string]string{"nca_intel": "NCA", "bf_small_boats": "BF", "op_kestrel_cdr": "NCA", "cps_case": "CPS"}
	shares := []tideline.Share{
		{Dataset: "bf_small_boats", Agency: "NCA"},
		{Dataset: "nca_intel", Role: tideline.RoleProsecutor},
		{Dataset: "op_kestrel_cdr", Agency: "BF"}, // in an operation: the share does not open it
	}
	ops := []tideline.Operation{{Name: "kestrel", Datasets: []string{"op_kestrel_cdr"}}}
	user := func(agency string, ops []string, roles ...tideline.Role) *tideline.Principal {
		return &tideline.Principal{User: tideline.User{Login: "u", Agency: agency, Roles: roles}, Operations: ops}
	}
	for _, tt := range []struct {
		name string
		p    *tideline.Principal
		want []string
		safe bool
	}{
		{"NCA analyst", user("NCA", nil, tideline.RoleAnalyst), []string{"bf_small_boats", "nca_intel"}, false},
		{"NCA investigator in kestrel", user("NCA", []string{"kestrel"}, tideline.RoleInvestigator), []string{"bf_small_boats", "nca_intel", "op_kestrel_cdr"}, true},
		{"BF analyst", user("BF", nil, tideline.RoleAnalyst), []string{"bf_small_boats"}, false},
		{"CPS prosecutor", user("CPS", nil, tideline.RoleProsecutor), []string{"cps_case", "nca_intel"}, false},
		{"Europol liaison", user("EUROPOL", nil, tideline.RoleLiaison), nil, false},
		{"NCA administrator", user("NCA", []string{"kestrel"}, tideline.RoleAdmin), nil, false},
		{"disabled NCA analyst", &tideline.Principal{User: tideline.User{Agency: "NCA", Roles: []tideline.Role{tideline.RoleAnalyst}, Disabled: true}}, nil, false},
	} {
		v := tideline.Visible(tt.p, owners, shares, ops)
		var got []string
		for _, d := range []string{"bf_small_boats", "cps_case", "nca_intel", "op_kestrel_cdr"} {
			if v.Datasets[d] {
				got = append(got, d)
			}
		}
		if len(got) != len(tt.want) || v.Safeguarding != tt.safe {
			t.Errorf("%s: sees %v (safeguarding %v); want %v (%v)", tt.name, got, v.Safeguarding, tt.want, tt.safe)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: sees %v; want %v", tt.name, got, tt.want)
			}
		}
	}
}

func TestUserValidate(t *testing.T) {
	ok := tideline.User{Login: "dc.smith", Name: "DC Smith", Agency: "NCA", Roles: []tideline.Role{tideline.RoleAnalyst}}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid user: %v", err)
	}
	for _, tt := range []struct {
		mod  func(*tideline.User)
		want string
	}{
		{func(u *tideline.User) { u.Login = "DC Smith" }, `use lower-case letters`},
		{func(u *tideline.User) { u.Agency = "nca" }, `agency "nca"`},
		{func(u *tideline.User) { u.Roles = nil }, "at least one role"},
		{func(u *tideline.User) { u.Roles = []tideline.Role{"spy"} }, `role "spy"`},
		{func(u *tideline.User) { u.Name = " " }, "name"},
		{func(u *tideline.User) { u.Roles = []tideline.Role{"admin"} }, `role "admin": use "administrator"`},
	} {
		u := ok
		tt.mod(&u)
		err := u.Validate()
		if tideline.ErrorCode(err) != tideline.EINVALID || !contains(tideline.ErrorMessage(err), tt.want) {
			t.Errorf("Validate(%+v) = %v; want EINVALID mentioning %q", u, err, tt.want)
		}
	}
	if r, err := tideline.ParseRole("Partner"); err != nil || r != tideline.RoleLiaison {
		t.Errorf("ParseRole(Partner) = %q, %v", r, err)
	}
	if !tideline.RoleInvestigator.Can(tideline.PermSafeguarding) || tideline.RoleAnalyst.Can(tideline.PermSafeguarding) || tideline.RoleAdmin.Can(tideline.PermRead) {
		t.Errorf("role permissions: investigator safeguarding, analyst none, administrator no data")
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func chain(n int) []tideline.AuditRecord {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	out := make([]tideline.AuditRecord, n)
	prev := ""
	for i := range out {
		r := tideline.AuditRecord{Seq: int64(i + 1), At: t0.Add(time.Duration(i) * time.Minute), User: "dc.smith", Agency: "NCA",
			Action: tideline.AuditView, Object: "entity-" + string(rune('a'+i)), Purpose: "op kestrel", Prev: prev}
		r.Hash = tideline.AuditHash(&r)
		prev = r.Hash
		out[i] = r
	}
	return out
}

func seq(rs []tideline.AuditRecord) iter.Seq2[tideline.AuditRecord, error] {
	return func(yield func(tideline.AuditRecord, error) bool) {
		for _, r := range rs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

func TestVerifyAudit(t *testing.T) {
	if b, n, err := tideline.VerifyAudit(seq(chain(6))); b != nil || n != 6 || err != nil {
		t.Fatalf("intact chain: %+v, %d, %v", b, n, err)
	}
	edited := chain(6)
	edited[3].Object = "entity-z"
	deleted := append(chain(6)[:2:2], chain(6)[3:]...)
	reordered := chain(6)
	reordered[2], reordered[3] = reordered[3], reordered[2]
	rehashed := chain(6) // edited and re-hashed: the next record's prev no longer matches
	rehashed[1].Purpose = "curiosity"
	rehashed[1].Hash = tideline.AuditHash(&rehashed[1])
	for _, tt := range []struct {
		name string
		rs   []tideline.AuditRecord
		seq  int64
		want string
	}{
		{"edited", edited, 4, "hash mismatch"},
		{"deleted", deleted, 3, "missing or out of order"},
		{"reordered", reordered, 3, "missing or out of order"},
		{"edited and re-hashed", rehashed, 3, "prev does not match"},
	} {
		b, _, err := tideline.VerifyAudit(seq(tt.rs))
		if err != nil || b == nil || b.Seq != tt.seq || !contains(b.Reason, tt.want) {
			t.Errorf("%s: break %+v, %v; want at %d: %s", tt.name, b, err, tt.seq, tt.want)
		}
	}
}

func TestShareValidate(t *testing.T) {
	for _, tt := range []struct {
		s    tideline.Share
		want string // "" for valid
	}{
		{tideline.Share{Dataset: "d", Agency: "NCA"}, ""},
		{tideline.Share{Dataset: "d", Role: tideline.RoleProsecutor}, ""},
		{tideline.Share{Dataset: "d", Role: "spy"}, `role "spy"`},
		// An alias ParseRole reads is not a role: stored as written, it
		// would match no user.
		{tideline.Share{Dataset: "d", Role: "admin"}, `role "admin": use "administrator"`},
		{tideline.Share{Dataset: "d", Role: "partner"}, `use "liaison"`},
		{tideline.Share{Dataset: "d"}, "give an agency or a role"},
		{tideline.Share{Agency: "NCA"}, "dataset required"},
	} {
		err := tt.s.Validate()
		if tt.want == "" && err != nil || tt.want != "" && (tideline.ErrorCode(err) != tideline.EINVALID || !contains(tideline.ErrorMessage(err), tt.want)) {
			t.Errorf("Validate(%+v) = %v; want %q", tt.s, err, tt.want)
		}
	}
}
