package main

import (
	"context"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestAccessCommands(t *testing.T) {
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "t.db")
	if code, _, errs := runIn(t, "a long enough passphrase", "--db", dbPath, "user", "add", "dc.smith", "--name", "DC Smith", "--agency", "NCA", "--role", "analyst", "--password-stdin"); code != 0 {
		t.Fatalf("user add: %s", errs)
	}
	for _, step := range []struct {
		args []string
		out  string
	}{
		{[]string{"share", "bf_small_boats", "--agency", "NCA"}, "dataset bf_small_boats shared with agency NCA\n"},
		{[]string{"share", "nca_intel", "--role", "Prosecutor"}, "dataset nca_intel shared with role prosecutor\n"},
		{[]string{"share", "nca_intel", "--role", "partner"}, "dataset nca_intel shared with role liaison\n"},
		{[]string{"share", "nca_intel", "--role", "liaison"}, "dataset nca_intel is already shared with role liaison\n"},
		{[]string{"unshare", "nca_intel", "--role", "liaison"}, "dataset nca_intel no longer shared with role liaison\n"},
		{[]string{"owner", "ee_cdr", "MPS"}, "dataset ee_cdr: owner MPS (was no agency)\n"},
		{[]string{"owner", "ee_cdr", "NCA"}, "dataset ee_cdr: owner NCA (was MPS)\n"},
		{[]string{"owner", "ee_cdr"}, "dataset ee_cdr is owned by NCA\n"},
		{[]string{"owner", "mps_custody", "MPS"}, "dataset mps_custody: owner MPS (was no agency)\n"},
		{[]string{"owner", "mps_custody", "--clear"}, "dataset mps_custody: owner no agency (was MPS)\n"},
		{[]string{"operation", "add", "kestrel", "--title", "Operation Kestrel", "--agency", "NCA"}, "operation kestrel created: \"Operation Kestrel\", lead agency NCA\n"},
		{[]string{"operation", "add", "heron", "--agency", "EUROPOL"}, "operation heron created: \"\", lead agency EUROPOL\n"},
		{[]string{"operation", "add", "kestrel", "--title", "Kestrel II", "--agency", "BF"}, "operation kestrel updated (was \"Operation Kestrel\", NCA): \"Kestrel II\", lead agency BF\n"},
		{[]string{"operation", "dataset", "heron", "op_kestrel_cdr"}, "dataset op_kestrel_cdr is in operation heron: only its members see it\n"},
		{[]string{"operation", "dataset", "kestrel", "op_kestrel_cdr"}, "dataset op_kestrel_cdr is in operation kestrel (moved from operation heron): only its members see it\n"},
		{[]string{"operation", "dataset", "kestrel", "op_kestrel_anpr"}, "dataset op_kestrel_anpr is in operation kestrel: only its members see it\n"},
		{[]string{"operation", "dataset", "kestrel", "op_kestrel_anpr", "--remove"}, "dataset op_kestrel_anpr taken out of operation kestrel: owner and shares decide who sees it again\n"},
		{[]string{"operation", "member", "kestrel", "dc.smith"}, "dc.smith added as a member of operation kestrel\n"},
		{[]string{"operation", "member", "kestrel", "dc.smith"}, "dc.smith is already a member of operation kestrel\n"},
		{[]string{"operation", "member", "heron", "dc.smith"}, "dc.smith added as a member of operation heron\n"},
		{[]string{"operation", "member", "heron", "dc.smith", "--remove"}, "dc.smith removed as a member of operation heron\n"},
	} {
		code, out, errs := run(t, append([]string{"--db", dbPath}, step.args...)...)
		if code != 0 || out != step.out {
			t.Errorf("%s: exit %d, %q (stderr %q); want %q", strings.Join(step.args, " "), code, out, errs, step.out)
		}
	}

	st := openStore(t, dbPath)
	shares, err := st.Shares(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range shares {
		got = append(got, s.Dataset+" "+s.Agency+string(s.Role)+" by "+s.By)
		if s.By != osUser() {
			t.Errorf("share %+v: By %q; want the system user %q", s, s.By, osUser())
		}
	}
	if want := []string{"bf_small_boats NCA by " + osUser(), "nca_intel prosecutor by " + osUser()}; !slices.Equal(got, want) {
		t.Errorf("shares = %q; want %q", got, want)
	}
	if owners, _ := st.Owners(ctx); !maps.Equal(owners, map[string]string{"ee_cdr": "NCA"}) {
		t.Errorf("owners = %v", owners)
	}
	u, _, _ := st.UserByLogin(ctx, "dc.smith")
	ops, _ := st.Operations(ctx)
	if len(ops) != 2 || ops[1].Name != "kestrel" || ops[1].Title != "Kestrel II" || ops[1].Agency != "BF" ||
		!slices.Equal(ops[1].Datasets, []string{"op_kestrel_cdr"}) || !slices.Equal(ops[1].Members, []int64{u.ID}) ||
		len(ops[0].Datasets) != 0 || len(ops[0].Members) != 0 {
		t.Errorf("operations = %+v", ops)
	}

	// One permission record per change (not for what changed nothing or
	// only printed), objects by kind.
	var objects []string
	for _, r := range permissionRecords(t, st)[1:] { // after the user add
		objects = append(objects, r.Object)
	}
	want := []string{
		"dataset:bf_small_boats", "dataset:nca_intel", "dataset:nca_intel", "dataset:nca_intel",
		"dataset:ee_cdr", "dataset:ee_cdr", "dataset:mps_custody", "dataset:mps_custody",
		"operation:kestrel", "operation:heron", "operation:kestrel",
		"operation:heron", "operation:kestrel", "operation:kestrel", "operation:kestrel",
		"operation:kestrel", "operation:heron", "operation:heron",
	}
	if !slices.Equal(objects, want) {
		t.Errorf("permission record objects =\n%q\nwant\n%q", objects, want)
	}
}

func TestAccessErrors(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "t.db")
	if code, _, errs := run(t, "--db", dbPath, "operation", "add", "kestrel", "--agency", "NCA"); code != 0 {
		t.Fatalf("operation add: %s", errs)
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"share with both", []string{"share", "d", "--agency", "NCA", "--role", "analyst"}, 2, "give --agency or --role, one of the two"},
		{"share with neither", []string{"share", "d"}, 2, "give --agency or --role"},
		{"share no dataset", []string{"share", "--agency", "NCA"}, 2, "share needs exactly one DATASET"},
		{"share bad dataset", []string{"share", "bf small boats", "--agency", "NCA"}, 2, `dataset name "bf small boats"`},
		{"share bad agency", []string{"share", "d", "--agency", "nca"}, 2, `--agency: agency "nca"`},
		{"share bad role", []string{"share", "d", "--role", "spy"}, 2, `--role: role "spy"`},
		{"unshare none", []string{"unshare", "d", "--agency", "NCA"}, 1, "dataset d is not shared with agency NCA"},
		{"owner bad agency", []string{"owner", "d", "nca"}, 2, `agency "nca"`},
		{"owner clear and agency", []string{"owner", "d", "NCA", "--clear"}, 2, "--clear takes no AGENCY"},
		{"owner no dataset", []string{"owner"}, 2, "owner needs a DATASET"},
		{"operation without agency", []string{"operation", "add", "heron"}, 2, "needs --agency"},
		{"operation bad name", []string{"operation", "add", "op heron", "--agency", "NCA"}, 1, `operation name "op heron"`},
		{"dataset in unknown operation", []string{"operation", "dataset", "osprey", "d"}, 1, `operation "osprey" not found`},
		{"remove dataset not in it", []string{"operation", "dataset", "kestrel", "d", "--remove"}, 1, "dataset d is not in operation kestrel"},
		{"member unknown user", []string{"operation", "member", "kestrel", "nobody"}, 1, `no user "nobody"`},
		{"dataset bad name", []string{"operation", "dataset", "kestrel", "a b"}, 1, `dataset name "a b"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := run(t, append([]string{"--db", dbPath}, tc.args...)...)
			if code != tc.code || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errs, tc.code, tc.want)
			}
		})
	}
	if rs := permissionRecords(t, openStore(t, dbPath)); len(rs) != 1 {
		t.Errorf("permission records after failed commands: %d; want 1 (operation add)", len(rs))
	}
	if code, _, errs := run(t, "--db", filepath.Join(t.TempDir(), "none.db"), "operation", "member", "kestrel", "dc.smith"); code != 1 || !strings.Contains(errs, "no store at") {
		t.Errorf("operation member on a missing store: exit %d, %q", code, errs)
	}
}
