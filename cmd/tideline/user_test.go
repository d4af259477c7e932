package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/password"
	"github.com/tideline-oss/tideline/internal/sqlite"
)

// runIn executes the CLI in-process with stdin, as the binary would.
func runIn(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// openStore opens the store a test's commands wrote, closed when the test
// ends.
func openStore(t *testing.T, path string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var printedPassword = regexp.MustCompile(`password \(shown once; [a-z.]+ must change it at the (?:first|next) sign-in\): ([A-Z2-7]{26})\n`)

// permissionRecords returns the audit trail's permission records.
func permissionRecords(t *testing.T, db *sqlite.DB) []tideline.AuditRecord {
	t.Helper()
	var out []tideline.AuditRecord
	for r, err := range db.AuditRecords(context.Background(), tideline.AuditFilter{Action: tideline.AuditPermission}) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func TestUserCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "t.db")
	db := func(args ...string) []string { return append([]string{"--db", dbPath}, args...) }

	// Added without a password: one is made, printed once, to be changed.
	code, out, errs := run(t, db("user", "add", "dc.smith", "--name", "DC Jane Smith", "--agency", "NCA", "--role", "investigator", "--role", "analyst")...)
	if code != 0 {
		t.Fatalf("user add: exit %d: %s", code, errs)
	}
	m := printedPassword.FindStringSubmatch(out)
	if !strings.HasPrefix(out, "user dc.smith added: DC Jane Smith, NCA, analyst,investigator\n") || m == nil {
		t.Fatalf("user add output:\n%s", out)
	}
	first := m[1]

	// Added with a password from standard input (a final line break is not
	// part of it): no change required.
	code, out, errs = runIn(t, "correct horse battery staple\n", db("user", "add", "sup.jones", "--name", "Sup Jones", "--agency", "BF", "--role", "admin,supervisor", "--password-stdin")...)
	if code != 0 || strings.Contains(out, "password (shown once") {
		t.Fatalf("user add --password-stdin: exit %d, %s %s", code, out, errs)
	}

	st := openStore(t, dbPath)
	u, cred, err := st.UserByLogin(ctx, "dc.smith")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := password.Verify(first, cred.PasswordHash); !ok || err != nil || !u.MustChangePassword || password.NeedsRehash(cred.PasswordHash) {
		t.Errorf("dc.smith: printed password verifies %v (%v), must change %v, hash %s", ok, err, u.MustChangePassword, cred.PasswordHash)
	}
	jones, cred, err := st.UserByLogin(ctx, "sup.jones")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := password.Verify("correct horse battery staple", cred.PasswordHash); !ok || jones.MustChangePassword ||
		!slices.Equal(jones.Roles, []tideline.Role{tideline.RoleSupervisor, tideline.RoleAdmin}) {
		t.Errorf("sup.jones = %+v; want the given password, no change required, roles supervisor and administrator", jones)
	}

	code, out, _ = run(t, db("user", "list")...)
	for _, want := range []string{
		"login      name           agency  roles                     status                created\n",
		"dc.smith   DC Jane Smith  NCA     analyst,investigator      must change password  2",
		"sup.jones  Sup Jones      BF      supervisor,administrator  active                ",
	} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("user list lacks %q:\n%s", want, out)
		}
	}

	// A session to end.
	sum := sha256.Sum256([]byte("token"))
	session := tideline.Session{TokenHash: hex.EncodeToString(sum[:]), UserID: u.ID, Kind: "browser", ExpiresAt: time.Now().Add(time.Hour)}
	if err := st.CreateSession(ctx, session); err != nil {
		t.Fatal(err)
	}
	if code, out, errs = run(t, db("user", "disable", "dc.smith")...); code != 0 || !strings.Contains(out, "user dc.smith disabled") {
		t.Fatalf("user disable: exit %d, %s %s", code, out, errs)
	}
	if u, _ := st.User(ctx, u.ID); !u.Disabled {
		t.Errorf("dc.smith not disabled")
	}
	if _, err := st.Session(ctx, session.TokenHash); tideline.ErrorCode(err) != tideline.ENOTFOUND {
		t.Errorf("session after disable: %v; want it deleted", err)
	}
	if code, out, _ = run(t, db("user", "disable", "dc.smith")...); code != 0 || !strings.Contains(out, "already disabled") {
		t.Errorf("user disable again: exit %d, %s", code, out)
	}
	if code, out, _ = run(t, db("user", "list", "--json")...); code != 0 || !strings.Contains(out, `"disabled": true`) {
		t.Errorf("user list --json: exit %d, %s", code, out)
	}

	// Reset: a new password, to be changed; sessions ended.
	if err := st.CreateSession(ctx, session); err != nil {
		t.Fatal(err)
	}
	code, out, errs = run(t, db("user", "reset", "dc.smith")...)
	m = printedPassword.FindStringSubmatch(out)
	if code != 0 || m == nil || m[1] == first || !strings.Contains(out, "'tideline user enable dc.smith'") {
		t.Fatalf("user reset: exit %d, %s %s", code, out, errs)
	}
	u, cred, _ = st.UserByLogin(ctx, "dc.smith")
	if ok, _ := password.Verify(m[1], cred.PasswordHash); !ok || !u.MustChangePassword {
		t.Errorf("after reset: the new password verifies %v, must change %v", ok, u.MustChangePassword)
	}
	if ok, _ := password.Verify(first, cred.PasswordHash); ok {
		t.Errorf("the old password still verifies after reset")
	}
	if _, err := st.Session(ctx, session.TokenHash); tideline.ErrorCode(err) != tideline.ENOTFOUND {
		t.Errorf("session after reset: %v; want it deleted", err)
	}

	if code, out, _ = run(t, db("user", "enable", "dc.smith")...); code != 0 || out != "user dc.smith enabled\n" {
		t.Errorf("user enable: exit %d, %q", code, out)
	}
	if code, out, _ = run(t, db("user", "roles", "dc.smith", "--role", "prosecutor")...); code != 0 || out != "user dc.smith: roles prosecutor (were analyst,investigator)\n" {
		t.Errorf("user roles: exit %d, %q", code, out)
	}

	// Every change is in the audit trail, under the system user.
	var got []string
	for _, r := range permissionRecords(t, st) {
		if r.User != osUser() {
			t.Errorf("record %d by %q; want %q", r.Seq, r.User, osUser())
		}
		got = append(got, r.Object+" | "+r.Detail)
	}
	want := []string{
		`user:dc.smith | tideline user add: name "DC Jane Smith", agency NCA, roles analyst,investigator; password generated, to be changed at first sign-in`,
		`user:sup.jones | tideline user add: name "Sup Jones", agency BF, roles supervisor,administrator; password given`,
		`user:dc.smith | tideline user disable`,
		`user:dc.smith | tideline user reset: new password generated, to be changed at next sign-in; sessions ended`,
		`user:dc.smith | tideline user enable`,
		`user:dc.smith | tideline user roles: prosecutor (were analyst,investigator)`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("permission records:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestUserErrors(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "t.db")
	if code, _, errs := runIn(t, "a long enough passphrase", "--db", dbPath, "user", "add", "dc.smith", "--name", "DC Smith", "--agency", "NCA", "--role", "analyst", "--password-stdin"); code != 0 {
		t.Fatalf("user add: %s", errs)
	}
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"no login", "", []string{"user", "add", "--name", "X", "--agency", "NCA", "--role", "analyst"}, 2, "user add needs exactly one LOGIN"},
		{"no role", "", []string{"user", "add", "x", "--name", "X", "--agency", "NCA"}, 2, "at least one --role is required"},
		{"unknown role", "", []string{"user", "add", "x", "--name", "X", "--agency", "NCA", "--role", "spy"}, 2, `--role: role "spy": use one of analyst`},
		{"bad login", "", []string{"user", "add", "DC.Smith", "--name", "X", "--agency", "NCA", "--role", "analyst"}, 2, "use lower-case letters"},
		{"no name", "", []string{"user", "add", "x", "--agency", "NCA", "--role", "analyst"}, 2, "a name of at most 200 characters is required"},
		{"name with a line break", "", []string{"user", "add", "x", "--name", "X\nY", "--agency", "NCA", "--role", "analyst"}, 2, "--name: no line breaks"},
		{"bad agency", "", []string{"user", "add", "x", "--name", "X", "--agency", "nca", "--role", "analyst"}, 2, `agency "nca"`},
		{"short password", "hunter2\n", []string{"user", "add", "x", "--name", "X", "--agency", "NCA", "--role", "analyst", "--password-stdin"}, 1, "at least 12 characters"},
		{"two-line password", "first line here\nsecond line\n", []string{"user", "add", "x", "--name", "X", "--agency", "NCA", "--role", "analyst", "--password-stdin"}, 1, "control characters"},
		{"login taken", "a long enough passphrase", []string{"user", "add", "dc.smith", "--name", "X", "--agency", "BF", "--role", "analyst", "--password-stdin"}, 1, "user dc.smith already exists"},
		{"unknown user", "", []string{"user", "disable", "nobody"}, 1, `no user "nobody"`},
		{"reset unknown", "", []string{"user", "reset", "nobody"}, 1, `no user "nobody"`},
		{"roles without role", "", []string{"user", "roles", "dc.smith"}, 2, "at least one --role"},
		{"list a missing store", "", []string{"--db", filepath.Join(dir, "typo.db"), "user", "list"}, 1, "no store at"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := runIn(t, tc.stdin, append([]string{"--db", dbPath}, tc.args...)...)
			if code != tc.code || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errs, tc.code, tc.want)
			}
		})
	}
	// Nothing of the failed commands was stored or recorded.
	st := openStore(t, dbPath)
	if us, _ := st.Users(context.Background()); len(us) != 1 {
		t.Errorf("users after failed commands: %+v", us)
	}
	if rs := permissionRecords(t, st); len(rs) != 1 {
		t.Errorf("permission records after failed commands: %d; want 1", len(rs))
	}
	code, out, _ := run(t, "--db", dbPath, "user", "list", "--json")
	var us []tideline.User
	if err := json.Unmarshal([]byte(out), &us); code != 0 || err != nil || len(us) != 1 || us[0].Login != "dc.smith" {
		t.Errorf("user list --json = %s (%v)", out, err)
	}
}
