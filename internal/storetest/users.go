package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
)

// UsersStore is a store that keeps users, their credentials and sessions.
type UsersStore interface {
	tideline.UserStore
	Close() error
}

// RunUsers runs the users part of the conformance suite: users with their
// roles as a set, unique logins, validation, credentials, sessions and API
// tokens. open must return a new, empty store for each call; RunUsers
// closes it.
//
// Times written by the suite are whole seconds in UTC; times a store sets
// itself (CreatedAt, ChangedAt) are expected in UTC, at millisecond
// precision, and the same on every read.
func RunUsers(t *testing.T, open func(t *testing.T) UsersStore) {
	for _, tt := range []struct {
		name string
		fn   func(t *testing.T, s UsersStore)
	}{
		{"CreateAndRead", testCreateUser},
		{"CreatedAtKept", testCreatedAtKept},
		{"LoginConflict", testLoginConflict},
		{"InvalidUser", testInvalidUser},
		{"UserNotFound", testUserNotFound},
		{"UsersByLogin", testUsersByLogin},
		{"UpdateUser", testUpdateUser},
		{"UpdateInvalid", testUpdateInvalid},
		{"Credential", testCredential},
		{"Sessions", testSessions},
		{"SessionInvalid", testSessionInvalid},
		{"DeleteSessions", testDeleteSessions},
		{"UsersContextCancelled", testUsersCancelled},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close() = %v; want nil", err)
				}
			})
			tt.fn(t, s)
		})
	}
}

// A PHC string of the argon2 reference implementation; the store keeps it
// as it is, without checking it.
const phcHash = "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func newUser(login, agency string, roles ...tideline.Role) tideline.User {
	return tideline.User{Login: login, Name: "Officer " + strings.ToUpper(login), Agency: agency, Roles: roles}
}

func mustCreateUser(t *testing.T, s tideline.UserStore, u tideline.User) tideline.User {
	t.Helper()
	got, err := s.CreateUser(context.Background(), u, tideline.Credential{PasswordHash: phcHash})
	if err != nil {
		t.Fatalf("CreateUser(%s) error: %v", u.Login, err)
	}
	return got
}

// checkUser compares two users field by field, times by instant and zone.
func checkUser(t *testing.T, what string, got, want tideline.User) {
	t.Helper()
	if got.ID != want.ID || got.Login != want.Login || got.Name != want.Name || got.Agency != want.Agency ||
		!slices.Equal(got.Roles, want.Roles) || got.Disabled != want.Disabled || got.MustChangePassword != want.MustChangePassword ||
		!got.CreatedAt.Equal(want.CreatedAt) || got.CreatedAt.Location() != time.UTC {
		t.Errorf("%s = %+v; want %+v (CreatedAt in UTC)", what, got, want)
	}
}

// checkStamp reports whether at, set by the store between before and
// after, is UTC at millisecond precision.
func checkStamp(t *testing.T, what string, at, before, after time.Time) {
	t.Helper()
	if at.Location() != time.UTC || !at.Equal(at.Truncate(time.Millisecond)) ||
		at.Before(before.Truncate(time.Millisecond)) || at.After(after) {
		t.Errorf("%s = %v; want UTC at millisecond precision within [%v, %v]", what, at, before, after)
	}
}

func testCreateUser(t *testing.T, s UsersStore) {
	ctx := context.Background()
	before := time.Now()
	u := newUser("dc.smith", "NCA", tideline.RoleInvestigator, tideline.RoleAnalyst, tideline.RoleInvestigator)
	u.Name = "DC Jane Smith-Ngọc 李"
	u.ID, u.MustChangePassword = 42, true // ignored and kept
	got, err := s.CreateUser(ctx, u, tideline.Credential{UserID: 7, PasswordHash: phcHash, Failures: 2})
	after := time.Now()
	if err != nil {
		t.Fatalf("CreateUser error: %v", err)
	}
	if got.ID <= 0 || got.ID == 42 {
		t.Errorf("CreateUser ID = %d; want a new positive id", got.ID)
	}
	checkStamp(t, "CreatedAt", got.CreatedAt, before, after)
	want := u
	want.ID, want.CreatedAt = got.ID, got.CreatedAt
	// Roles are a set, in the order of tideline.Roles.
	want.Roles = []tideline.Role{tideline.RoleAnalyst, tideline.RoleInvestigator}
	checkUser(t, "CreateUser", got, want)

	byID, err := s.User(ctx, got.ID)
	if err != nil {
		t.Fatalf("User(%d) error: %v", got.ID, err)
	}
	checkUser(t, "User", byID, want)
	byLogin, cred, err := s.UserByLogin(ctx, "dc.smith")
	if err != nil {
		t.Fatalf("UserByLogin error: %v", err)
	}
	checkUser(t, "UserByLogin", byLogin, want)
	if cred.UserID != got.ID || cred.PasswordHash != phcHash || cred.Failures != 2 || !cred.LockedUntil.IsZero() {
		t.Errorf("credential = %+v; want user %d, the hash as given, 2 failures, not locked", cred, got.ID)
	}
	checkStamp(t, "credential ChangedAt", cred.ChangedAt, before, after)

	second := mustCreateUser(t, s, newUser("pc.jones", "KENT-POLICE", tideline.RoleLiaison))
	if second.ID == got.ID {
		t.Errorf("two users share id %d", got.ID)
	}
}

func testCreatedAtKept(t *testing.T, s UsersStore) {
	u := newUser("imported", "BF", tideline.RoleAnalyst)
	u.CreatedAt = t1.In(time.FixedZone("CET", 3600))
	got := mustCreateUser(t, s, u)
	if !got.CreatedAt.Equal(t1) || got.CreatedAt.Location() != time.UTC {
		t.Errorf("CreatedAt = %v; want %v in UTC", got.CreatedAt, t1)
	}
	again, err := s.User(context.Background(), got.ID)
	if err != nil || !again.CreatedAt.Equal(t1) {
		t.Errorf("User().CreatedAt = %v, %v; want %v", again.CreatedAt, err, t1)
	}
}

func testLoginConflict(t *testing.T, s UsersStore) {
	ctx := context.Background()
	first := mustCreateUser(t, s, newUser("dc.smith", "NCA", tideline.RoleAnalyst))
	_, err := s.CreateUser(ctx, newUser("dc.smith", "BF", tideline.RoleAdmin), tideline.Credential{PasswordHash: phcHash})
	checkCode(t, "CreateUser(existing login)", err, tideline.ECONFLICT)
	if msg := tideline.ErrorMessage(err); !strings.Contains(msg, "dc.smith") {
		t.Errorf("conflict message %q does not name the login", msg)
	}
	us, err := s.Users(ctx)
	if err != nil || len(us) != 1 {
		t.Fatalf("Users() = %d users, %v; want 1", len(us), err)
	}
	checkUser(t, "the first user", us[0], first)
}

func testInvalidUser(t *testing.T, s UsersStore) {
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		u    tideline.User
		cred tideline.Credential
		want string
	}{
		{"upper-case login", newUser("DC.Smith", "NCA", tideline.RoleAnalyst), tideline.Credential{PasswordHash: phcHash}, "lower-case"},
		{"no login", newUser("", "NCA", tideline.RoleAnalyst), tideline.Credential{PasswordHash: phcHash}, "login required"},
		{"no role", newUser("a", "NCA"), tideline.Credential{PasswordHash: phcHash}, "at least one role"},
		{"unknown role", newUser("a", "NCA", "spy"), tideline.Credential{PasswordHash: phcHash}, `role "spy"`},
		{"bad agency", newUser("a", "nca", tideline.RoleAnalyst), tideline.Credential{PasswordHash: phcHash}, `agency "nca"`},
		{"no password hash", newUser("a", "NCA", tideline.RoleAnalyst), tideline.Credential{}, "password hash"},
	} {
		_, err := s.CreateUser(ctx, tt.u, tt.cred)
		if tideline.ErrorCode(err) != tideline.EINVALID || !strings.Contains(tideline.ErrorMessage(err), tt.want) {
			t.Errorf("%s: CreateUser error = %v; want EINVALID mentioning %q", tt.name, err, tt.want)
		}
	}
	if us, err := s.Users(ctx); err != nil || len(us) != 0 {
		t.Errorf("Users() after invalid creates = %v, %v; want none", us, err)
	}
}

func testUserNotFound(t *testing.T, s UsersStore) {
	ctx := context.Background()
	u := mustCreateUser(t, s, newUser("dc.smith", "NCA", tideline.RoleAnalyst))
	_, err := s.User(ctx, u.ID+1000)
	checkCode(t, "User(unknown)", err, tideline.ENOTFOUND)
	_, _, err = s.UserByLogin(ctx, "nobody")
	checkCode(t, "UserByLogin(unknown)", err, tideline.ENOTFOUND)
	_, _, err = s.UserByLogin(ctx, "DC.SMITH")
	checkCode(t, "UserByLogin(upper case)", err, tideline.ENOTFOUND)
	name := "X"
	_, err = s.UpdateUser(ctx, u.ID+1000, tideline.UserUpdate{Name: &name})
	checkCode(t, "UpdateUser(unknown)", err, tideline.ENOTFOUND)
	err = s.SetCredential(ctx, tideline.Credential{UserID: u.ID + 1000, PasswordHash: phcHash}, false)
	checkCode(t, "SetCredential(unknown)", err, tideline.ENOTFOUND)
}

func testUsersByLogin(t *testing.T, s UsersStore) {
	ctx := context.Background()
	if us, err := s.Users(ctx); err != nil || len(us) != 0 {
		t.Fatalf("Users() on an empty store = %v, %v", us, err)
	}
	want := map[string]tideline.User{}
	for _, u := range []tideline.User{
		newUser("zed", "EUROPOL", tideline.RoleLiaison),
		newUser("amy", "CPS", tideline.RoleProsecutor),
		newUser("mo", "NCA", tideline.RoleAdmin, tideline.RoleSupervisor),
	} {
		want[u.Login] = mustCreateUser(t, s, u)
	}
	us, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var logins []string
	for _, u := range us {
		logins = append(logins, u.Login)
		checkUser(t, "Users()["+u.Login+"]", u, want[u.Login])
	}
	if !slices.Equal(logins, []string{"amy", "mo", "zed"}) {
		t.Errorf("Users() logins = %q; want [amy mo zed]", logins)
	}
	if got := want["mo"].Roles; !slices.Equal(got, []tideline.Role{tideline.RoleSupervisor, tideline.RoleAdmin}) {
		t.Errorf("mo's roles = %q; want [supervisor administrator]", got)
	}
}

func testUpdateUser(t *testing.T, s UsersStore) {
	ctx := context.Background()
	u := mustCreateUser(t, s, newUser("dc.smith", "NCA", tideline.RoleAnalyst))
	name := "DS Jane Smith"
	got, err := s.UpdateUser(ctx, u.ID, tideline.UserUpdate{Name: &name})
	if err != nil {
		t.Fatalf("UpdateUser(name) error: %v", err)
	}
	want := u
	want.Name = name
	checkUser(t, "UpdateUser(name)", got, want)

	agency, roles, disabled := "BF", []tideline.Role{tideline.RoleSupervisor, tideline.RoleAnalyst, tideline.RoleSupervisor}, true
	got, err = s.UpdateUser(ctx, u.ID, tideline.UserUpdate{Agency: &agency, Roles: &roles, Disabled: &disabled})
	if err != nil {
		t.Fatalf("UpdateUser(agency, roles, disabled) error: %v", err)
	}
	want.Agency, want.Roles, want.Disabled = "BF", []tideline.Role{tideline.RoleAnalyst, tideline.RoleSupervisor}, true
	checkUser(t, "UpdateUser(agency, roles, disabled)", got, want)
	stored, err := s.User(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	checkUser(t, "User after UpdateUser", stored, want)

	enabled := false
	if got, err = s.UpdateUser(ctx, u.ID, tideline.UserUpdate{Disabled: &enabled}); err != nil || got.Disabled {
		t.Errorf("UpdateUser(enable) = %+v, %v; want enabled", got, err)
	}
	// An empty update changes nothing.
	if got, err = s.UpdateUser(ctx, u.ID, tideline.UserUpdate{}); err != nil {
		t.Errorf("UpdateUser(nothing) error: %v", err)
	} else {
		want.Disabled = false
		checkUser(t, "UpdateUser(nothing)", got, want)
	}
}

func testUpdateInvalid(t *testing.T, s UsersStore) {
	ctx := context.Background()
	u := mustCreateUser(t, s, newUser("dc.smith", "NCA", tideline.RoleAnalyst))
	blank, lower, none, spy := " ", "nca", []tideline.Role{}, []tideline.Role{"spy"}
	for _, tt := range []struct {
		name string
		upd  tideline.UserUpdate
		want string
	}{
		{"blank name", tideline.UserUpdate{Name: &blank}, "name"},
		{"lower-case agency", tideline.UserUpdate{Agency: &lower}, `agency "nca"`},
		{"no roles", tideline.UserUpdate{Roles: &none}, "at least one role"},
		{"unknown role", tideline.UserUpdate{Roles: &spy}, `role "spy"`},
	} {
		_, err := s.UpdateUser(ctx, u.ID, tt.upd)
		if tideline.ErrorCode(err) != tideline.EINVALID || !strings.Contains(tideline.ErrorMessage(err), tt.want) {
			t.Errorf("%s: UpdateUser error = %v; want EINVALID mentioning %q", tt.name, err, tt.want)
		}
	}
	stored, err := s.User(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	checkUser(t, "User after invalid updates", stored, u)
}

func testCredential(t *testing.T, s UsersStore) {
	ctx := context.Background()
	u := mustCreateUser(t, s, newUser("dc.smith", "NCA", tideline.RoleAnalyst))
	const other = "$argon2id$v=19$m=65536,t=3,p=4$dGlkZWxpbmUtc2FsdC0xNg$kbC+a5vzH2W9HVyqRIsz3cxT9TH9JQ8F1nVfFQAHl7c"
	cred := tideline.Credential{UserID: u.ID, PasswordHash: other, Failures: 5, LockedUntil: t2, ChangedAt: t1}
	if err := s.SetCredential(ctx, cred, true); err != nil {
		t.Fatalf("SetCredential error: %v", err)
	}
	got, gotCred, err := s.UserByLogin(ctx, "dc.smith")
	if err != nil {
		t.Fatal(err)
	}
	if !got.MustChangePassword {
		t.Errorf("MustChangePassword = false after SetCredential(mustChange true)")
	}
	if gotCred.UserID != u.ID || gotCred.PasswordHash != other || gotCred.Failures != 5 ||
		!gotCred.LockedUntil.Equal(t2) || !gotCred.ChangedAt.Equal(t1) || gotCred.LockedUntil.Location() != time.UTC {
		t.Errorf("credential = %+v; want %+v", gotCred, cred)
	}
	if byID, _ := s.User(ctx, u.ID); !byID.MustChangePassword {
		t.Errorf("User().MustChangePassword = false; want true")
	}

	// A successful sign-in clears the failures and the lock; a new
	// password clears must-change. ChangedAt left zero is set to now.
	before := time.Now()
	if err := s.SetCredential(ctx, tideline.Credential{UserID: u.ID, PasswordHash: phcHash}, false); err != nil {
		t.Fatal(err)
	}
	got, gotCred, err = s.UserByLogin(ctx, "dc.smith")
	if err != nil {
		t.Fatal(err)
	}
	if got.MustChangePassword || gotCred.PasswordHash != phcHash || gotCred.Failures != 0 || !gotCred.LockedUntil.IsZero() {
		t.Errorf("after reset: user %+v, credential %+v; want must-change cleared, no failures, not locked", got, gotCred)
	}
	checkStamp(t, "ChangedAt", gotCred.ChangedAt, before, time.Now())

	for _, tt := range []struct {
		name string
		cred tideline.Credential
	}{
		{"no hash", tideline.Credential{UserID: u.ID}},
		{"negative failures", tideline.Credential{UserID: u.ID, PasswordHash: phcHash, Failures: -1}},
	} {
		checkCode(t, "SetCredential("+tt.name+")", s.SetCredential(ctx, tt.cred, false), tideline.EINVALID)
	}
	if _, c, _ := s.UserByLogin(ctx, "dc.smith"); c.PasswordHash != phcHash {
		t.Errorf("an invalid SetCredential changed the hash to %q", c.PasswordHash)
	}
}

func testSessions(t *testing.T, s UsersStore) {
	ctx := context.Background()
	u := mustCreateUser(t, s, newUser("dc.smith", "NCA", tideline.RoleAnalyst))
	browser := tideline.Session{TokenHash: tokenHash("browser-secret"), UserID: u.ID, Kind: "browser",
		CreatedAt: t0, ExpiresAt: t1, LastSeen: t0, CSRF: "csrf-0123456789"}
	api := tideline.Session{TokenHash: tokenHash("api-secret"), UserID: u.ID, Kind: "api", Name: "nightly export 🌙",
		CreatedAt: t0, ExpiresAt: t3}
	for _, ss := range []tideline.Session{browser, api} {
		if err := s.CreateSession(ctx, ss); err != nil {
			t.Fatalf("CreateSession(%s) error: %v", ss.Kind, err)
		}
	}
	apiStored := api
	apiStored.LastSeen = api.CreatedAt // LastSeen left zero is CreatedAt
	for _, want := range []tideline.Session{browser, apiStored} {
		got, err := s.Session(ctx, want.TokenHash)
		if err != nil {
			t.Fatalf("Session(%s) error: %v", want.Kind, err)
		}
		checkSession(t, "Session("+want.Kind+")", got, want)
	}
	dup := browser
	dup.Kind = "api"
	checkCode(t, "CreateSession(existing token hash)", s.CreateSession(ctx, dup), tideline.ECONFLICT)

	// Expired sessions are still returned: the caller decides.
	if got, err := s.Session(ctx, browser.TokenHash); err != nil || !got.ExpiresAt.Equal(t1) {
		t.Errorf("Session(expired) = %+v, %v; want it returned", got, err)
	}
	if err := s.TouchSession(ctx, browser.TokenHash, t2); err != nil {
		t.Fatalf("TouchSession error: %v", err)
	}
	touched := browser
	touched.LastSeen = t2
	got, err := s.Session(ctx, browser.TokenHash)
	if err != nil {
		t.Fatal(err)
	}
	checkSession(t, "Session after TouchSession", got, touched)
	checkCode(t, "TouchSession(unknown)", s.TouchSession(ctx, tokenHash("nope"), t2), tideline.ENOTFOUND)
	_, err = s.Session(ctx, tokenHash("nope"))
	checkCode(t, "Session(unknown)", err, tideline.ENOTFOUND)
	// The token itself is not a key.
	_, err = s.Session(ctx, "browser-secret")
	checkCode(t, "Session(token instead of its hash)", err, tideline.ENOTFOUND)

	if err := s.DeleteSession(ctx, browser.TokenHash); err != nil {
		t.Fatalf("DeleteSession error: %v", err)
	}
	_, err = s.Session(ctx, browser.TokenHash)
	checkCode(t, "Session(deleted)", err, tideline.ENOTFOUND)
	if err := s.DeleteSession(ctx, browser.TokenHash); err != nil {
		t.Errorf("DeleteSession(deleted again) = %v; want nil", err)
	}
	if _, err := s.Session(ctx, api.TokenHash); err != nil {
		t.Errorf("Session(api) after deleting the browser session: %v", err)
	}
}

func checkSession(t *testing.T, what string, got, want tideline.Session) {
	t.Helper()
	if got.TokenHash != want.TokenHash || got.UserID != want.UserID || got.Kind != want.Kind || got.Name != want.Name ||
		!got.CreatedAt.Equal(want.CreatedAt) || !got.ExpiresAt.Equal(want.ExpiresAt) || !got.LastSeen.Equal(want.LastSeen) ||
		got.CSRF != want.CSRF || got.ExpiresAt.Location() != time.UTC {
		t.Errorf("%s = %+v; want %+v", what, got, want)
	}
}

func testSessionInvalid(t *testing.T, s UsersStore) {
	ctx := context.Background()
	u := mustCreateUser(t, s, newUser("dc.smith", "NCA", tideline.RoleAnalyst))
	ok := tideline.Session{TokenHash: tokenHash("s"), UserID: u.ID, Kind: "browser", CreatedAt: t0, ExpiresAt: t1}
	for _, tt := range []struct {
		name string
		mod  func(*tideline.Session)
		code string
	}{
		{"token not hashed", func(s *tideline.Session) { s.TokenHash = "s" }, tideline.EINVALID},
		{"upper-case hex", func(s *tideline.Session) { s.TokenHash = strings.ToUpper(s.TokenHash) }, tideline.EINVALID},
		{"unknown kind", func(s *tideline.Session) { s.Kind = "cookie" }, tideline.EINVALID},
		{"no expiry", func(s *tideline.Session) { s.ExpiresAt = time.Time{} }, tideline.EINVALID},
		{"unknown user", func(s *tideline.Session) { s.UserID = u.ID + 1000 }, tideline.ENOTFOUND},
	} {
		ss := ok
		tt.mod(&ss)
		checkCode(t, "CreateSession("+tt.name+")", s.CreateSession(ctx, ss), tt.code)
	}
	_, err := s.Session(ctx, ok.TokenHash)
	checkCode(t, "Session after invalid creates", err, tideline.ENOTFOUND)
	// CreatedAt and LastSeen left zero are set to now.
	before := time.Now()
	if err := s.CreateSession(ctx, tideline.Session{TokenHash: ok.TokenHash, UserID: u.ID, Kind: "api", ExpiresAt: t1}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Session(ctx, ok.TokenHash)
	if err != nil {
		t.Fatal(err)
	}
	checkStamp(t, "session CreatedAt", got.CreatedAt, before, time.Now())
	if !got.LastSeen.Equal(got.CreatedAt) {
		t.Errorf("LastSeen = %v; want CreatedAt %v", got.LastSeen, got.CreatedAt)
	}
}

func testDeleteSessions(t *testing.T, s UsersStore) {
	ctx := context.Background()
	a := mustCreateUser(t, s, newUser("a", "NCA", tideline.RoleAnalyst))
	b := mustCreateUser(t, s, newUser("b", "NCA", tideline.RoleAnalyst))
	for i, uid := range []int64{a.ID, a.ID, b.ID} {
		kind := []string{"browser", "api", "browser"}[i]
		if err := s.CreateSession(ctx, tideline.Session{TokenHash: tokenHash(string(rune('x' + i))), UserID: uid, Kind: kind, CreatedAt: t0, ExpiresAt: t3}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteSessions(ctx, a.ID); err != nil {
		t.Fatalf("DeleteSessions error: %v", err)
	}
	for i, want := range []string{tideline.ENOTFOUND, tideline.ENOTFOUND, ""} {
		_, err := s.Session(ctx, tokenHash(string(rune('x'+i))))
		checkCode(t, "Session after DeleteSessions(a)", err, want)
	}
	if err := s.DeleteSessions(ctx, a.ID); err != nil {
		t.Errorf("DeleteSessions(none left) = %v; want nil", err)
	}
}

func testUsersCancelled(t *testing.T, s UsersStore) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Users(ctx); err == nil {
		t.Errorf("Users(cancelled) = nil error")
	}
	if _, err := s.CreateUser(ctx, newUser("a", "NCA", tideline.RoleAnalyst), tideline.Credential{PasswordHash: phcHash}); err == nil {
		t.Errorf("CreateUser(cancelled) = nil error")
	}
	if us, err := s.Users(context.Background()); err != nil || len(us) != 0 {
		t.Errorf("Users() after a cancelled create = %v, %v; want none", us, err)
	}
}
