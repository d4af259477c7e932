package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
)

// auditStore makes a store whose trail holds what analysts did: dc.smith
// searched and viewed e-1 and e-2, pc.jones viewed e-1 and exported it.
func auditStore(t *testing.T) string {
	t.Helper()
	dbPath := filepath.Join(t.TempDir(), "t.db")
	st := openStore(t, dbPath)
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for i, r := range []tideline.AuditRecord{
		{User: "dc.smith", Agency: "NCA", Action: tideline.AuditSearch, Object: "Mohammed Ali", Purpose: "op kestrel: the pilot"},
		{User: "dc.smith", Agency: "NCA", Action: tideline.AuditView, Object: "e-1", Purpose: "op kestrel"},
		{User: "pc.jones", Agency: "KENT-POLICE", Action: tideline.AuditView, Object: "e-1", Purpose: "custody\nreview"},
		{User: "dc.smith", Agency: "NCA", Action: tideline.AuditView, Object: "e-2", Purpose: "op kestrel"},
		{User: "pc.jones", Agency: "KENT-POLICE", Action: tideline.AuditExport, Object: "e-1", Detail: "to CPS"},
	} {
		r.At = t0.AddDate(0, 0, i) // 1 to 5 December
		if _, err := st.AppendAudit(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	return dbPath
}

var headLine = regexp.MustCompile(`head: (\d+:[0-9a-f]{64})\n`)

func TestAuditVerify(t *testing.T) {
	dbPath := auditStore(t)
	code, out, errs := run(t, "--db", dbPath, "audit", "verify")
	m := headLine.FindStringSubmatch(out)
	if code != 0 || !strings.HasPrefix(out, "records checked: 5\nchain intact\n") || m == nil || !strings.HasPrefix(m[1], "5:") {
		t.Fatalf("audit verify: exit %d, %s %s", code, out, errs)
	}
	head := m[1]
	if code, out, _ = run(t, "--db", dbPath, "audit", "verify", "--head", head); code != 0 || !strings.Contains(out, "record 5 matches the kept head (0 records after it)") {
		t.Errorf("verify --head (current): exit %d, %s", code, out)
	}
	// A change made through the CLI lengthens the chain; the old head holds.
	if code, _, errs = run(t, "--db", dbPath, "owner", "ee_cdr", "NCA"); code != 0 {
		t.Fatal(errs)
	}
	if code, out, _ = run(t, "--db", dbPath, "audit", "verify", "--head", head); code != 0 || !strings.Contains(out, "records checked: 6") || !strings.Contains(out, "(1 record after it)") {
		t.Errorf("verify --head (older): exit %d, %s", code, out)
	}

	// Someone with the file drops the guard and deletes the newest records:
	// the chain still verifies, the kept head does not.
	raw, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	exec := func(q string) {
		t.Helper()
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`DROP TRIGGER audit_no_update`)
	exec(`DROP TRIGGER audit_no_delete`)
	exec(`DELETE FROM audit WHERE seq >= 5`)
	code, out, errs = run(t, "--db", dbPath, "audit", "verify", "--head", head)
	if code != 1 || !strings.Contains(out, "records checked: 4\nchain intact") || !strings.Contains(errs, "the kept head is record 5 but the trail ends at record 4: records were removed") {
		t.Errorf("verify --head after deleting the newest: exit %d, %s %s", code, out, errs)
	}

	// An edited record breaks the chain where it was changed.
	exec(`UPDATE audit SET object = 'e-9' WHERE seq = 2`)
	code, out, errs = run(t, "--db", dbPath, "audit", "verify")
	if code != 1 || !strings.Contains(out, "records checked: 1\nchain broken at record 2: hash mismatch (edited)") ||
		!strings.Contains(errs, "tideline: the audit trail is broken at record 2") {
		t.Errorf("verify after an edit: exit %d, %s %s", code, out, errs)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"audit", "verify", "--head", "5"}, 2, "give SEQ:HASH"},
		{[]string{"audit", "verify", "--head", "0:" + strings.Repeat("a", 64)}, 2, "give SEQ:HASH"},
		{[]string{"--db", filepath.Join(t.TempDir(), "none.db"), "audit", "verify"}, 1, "no store at"},
	} {
		if code, _, errs := run(t, append([]string{"--db", dbPath}, tc.args...)...); code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%q: exit %d, %q; want %d, %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
}

func TestAuditVerify_Empty(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "t.db")
	openStore(t, dbPath)
	if code, out, _ := run(t, "--db", dbPath, "audit", "verify"); code != 0 || out != "records checked: 0\nthe trail is empty\n" {
		t.Errorf("verify (empty): exit %d, %q", code, out)
	}
}

func TestAuditQuery(t *testing.T) {
	dbPath := auditStore(t)
	seqsOf := func(args ...string) string {
		t.Helper()
		code, out, errs := run(t, append([]string{"--db", dbPath, "audit", "query", "--json"}, args...)...)
		if code != 0 {
			t.Fatalf("audit query %q: exit %d, %s", args, code, errs)
		}
		var seqs []string
		for line := range strings.Lines(out) {
			var r tideline.AuditRecord
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatalf("line %q: %v", line, err)
			}
			if r.Hash != tideline.AuditHash(&r) {
				t.Errorf("record %d: hash %s does not match its fields", r.Seq, r.Hash)
			}
			seqs = append(seqs, strconv.FormatInt(r.Seq, 10))
		}
		return strings.Join(seqs, ",")
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"all", nil, "1,2,3,4,5"},
		{"who consulted e-1", []string{"--object", "e-1"}, "2,3,5"},
		{"what dc.smith saw", []string{"--user", "dc.smith", "--action", "view"}, "2,4"},
		{"from 3 December", []string{"--from", "2026-12-03"}, "3,4,5"},
		{"to 3 December, inclusive", []string{"--to", "2026-12-03"}, "1,2,3"},
		{"to a time, exclusive", []string{"--to", "2026-12-03T09:00:00Z"}, "1,2"},
		{"a time in another zone", []string{"--from", "2026-12-02T10:00:00+01:00", "--to", "2026-12-02T10:00:00.001+01:00"}, "2"},
		{"nothing", []string{"--user", "nobody"}, ""},
	} {
		if got := seqsOf(tc.args...); got != tc.want {
			t.Errorf("%s: seqs %q; want %q", tc.name, got, tc.want)
		}
	}

	code, out, _ := run(t, "--db", dbPath, "audit", "query", "--object", "e-1")
	for _, want := range []string{
		"seq  at (UTC)                 user      agency       action  object  purpose         detail\n",
		"2    2026-12-02 09:00:00.000  dc.smith  NCA          view    e-1     op kestrel      \n",
		"3    2026-12-03 09:00:00.000  pc.jones  KENT-POLICE  view    e-1     custody⏎review  \n", // one line per record
		"5    2026-12-05 09:00:00.000  pc.jones  KENT-POLICE  export  e-1                     to CPS\n",
		"3 records\n",
	} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("audit query --object e-1 lacks %q:\n%s", want, out)
		}
	}
	if code, out, _ := run(t, "--db", dbPath, "audit", "query", "--user", "nobody"); code != 0 || out != "no audit records match\n" {
		t.Errorf("audit query (none): exit %d, %q", code, out)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--from", "1 December"}, `--from "1 December": give a date`},
		{[]string{"--from", "2026-12-03", "--to", "2026-12-02"}, "--from must be before --to"},
	} {
		if code, _, errs := run(t, append([]string{"--db", dbPath, "audit", "query"}, tc.args...)...); code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("audit query %q: exit %d, %q; want 2, %q", tc.args, code, errs, tc.want)
		}
	}
}
