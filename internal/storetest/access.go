package storetest

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
)

// AccessStore is a store that keeps users and what they may see: shares,
// operations and dataset owners.
type AccessStore interface {
	tideline.UserStore
	tideline.AccessStore
	Close() error
}

// RunAccess runs the need-to-know part of the conformance suite: shares
// (idempotent, validated, ENOTFOUND when removing none), operations with
// their datasets (each in at most one) and members, dataset owners, and
// tideline.Visible over what the store returns. open must return a new,
// empty store for each call; RunAccess closes it.
func RunAccess(t *testing.T, open func(t *testing.T) AccessStore) {
	for _, tt := range []struct {
		name string
		fn   func(t *testing.T, s AccessStore)
	}{
		{"Shares", testShares},
		{"ShareInvalid", testShareInvalid},
		{"Operations", testOperations},
		{"OperationInvalid", testOperationInvalid},
		{"OperationDatasets", testOperationDatasets},
		{"Members", testMembers},
		{"Owners", testOwners},
		{"Visible", testStoredVisibility},
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

func mustShares(t *testing.T, s AccessStore) []tideline.Share {
	t.Helper()
	sh, err := s.Shares(context.Background())
	if err != nil {
		t.Fatalf("Shares() error: %v", err)
	}
	return sh
}

func checkShares(t *testing.T, what string, got, want []tideline.Share) {
	t.Helper()
	ok := len(got) == len(want)
	for i := 0; ok && i < len(got); i++ {
		g, w := got[i], want[i]
		ok = g.Dataset == w.Dataset && g.Agency == w.Agency && g.Role == w.Role && g.By == w.By &&
			g.At.Equal(w.At) && g.At.Location() == time.UTC
	}
	if !ok {
		t.Errorf("%s = %+v; want %+v", what, got, want)
	}
}

func testShares(t *testing.T, s AccessStore) {
	ctx := context.Background()
	if sh := mustShares(t, s); len(sh) != 0 {
		t.Fatalf("Shares() on an empty store = %+v", sh)
	}
	adds := []tideline.Share{
		{Dataset: "nca_intel", Role: tideline.RoleProsecutor, By: "sup.jones", At: t1},
		{Dataset: "bf_small_boats", Agency: "NCA", By: "sup.brown", At: t0},
		{Dataset: "bf_small_boats", Role: tideline.RoleLiaison, By: "sup.brown", At: t2},
		{Dataset: "bf_small_boats", Agency: "EUROPOL", By: "sup.brown", At: t2},
	}
	for _, sh := range adds {
		if err := s.AddShare(ctx, sh); err != nil {
			t.Fatalf("AddShare(%+v) error: %v", sh, err)
		}
	}
	// By dataset, then agency, then role ("" first).
	want := []tideline.Share{adds[2], adds[3], adds[1], adds[0]}
	checkShares(t, "Shares()", mustShares(t, s), want)

	// Sharing twice is not an error and keeps the first record.
	again := adds[1]
	again.By, again.At = "someone.else", t3
	if err := s.AddShare(ctx, again); err != nil {
		t.Errorf("AddShare(again) = %v; want nil", err)
	}
	checkShares(t, "Shares() after sharing twice", mustShares(t, s), want)

	if err := s.RemoveShare(ctx, "bf_small_boats", "NCA", ""); err != nil {
		t.Fatalf("RemoveShare(agency) error: %v", err)
	}
	if err := s.RemoveShare(ctx, "nca_intel", "", tideline.RoleProsecutor); err != nil {
		t.Fatalf("RemoveShare(role) error: %v", err)
	}
	checkShares(t, "Shares() after removing two", mustShares(t, s), want[:2])
	for _, tt := range []struct {
		dataset, agency string
		role            tideline.Role
	}{
		{"bf_small_boats", "NCA", ""},                // removed already
		{"bf_small_boats", "", tideline.RoleAnalyst}, // never shared with analysts
		{"bf_small_boats", "BF", ""},                 // nor with BF
		{"nca_intel", "EUROPOL", ""},                 // the agency shares another dataset
		{"elsewhere", "", tideline.RoleLiaison},      // unknown dataset
	} {
		err := s.RemoveShare(ctx, tt.dataset, tt.agency, tt.role)
		checkCode(t, "RemoveShare("+tt.dataset+", "+tt.agency+", "+string(tt.role)+")", err, tideline.ENOTFOUND)
	}

	// At left zero is set.
	before := time.Now()
	if err := s.AddShare(ctx, tideline.Share{Dataset: "mps_custody", Agency: "NCA", By: "sup.jones"}); err != nil {
		t.Fatal(err)
	}
	for _, sh := range mustShares(t, s) {
		if sh.Dataset == "mps_custody" {
			checkStamp(t, "share At", sh.At, before, time.Now())
		}
	}
}

func testShareInvalid(t *testing.T, s AccessStore) {
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		sh   tideline.Share
		want string
	}{
		{"no dataset", tideline.Share{Agency: "NCA"}, "dataset required"},
		{"bad dataset", tideline.Share{Dataset: "bf small boats", Agency: "NCA"}, "dataset name"},
		{"agency and role", tideline.Share{Dataset: "d", Agency: "NCA", Role: tideline.RoleAnalyst}, "not both"},
		{"neither", tideline.Share{Dataset: "d"}, "give an agency or a role"},
		{"bad agency", tideline.Share{Dataset: "d", Agency: "nca"}, `agency "nca"`},
		{"unknown role", tideline.Share{Dataset: "d", Role: "spy"}, `role "spy"`},
	} {
		err := s.AddShare(ctx, tt.sh)
		if tideline.ErrorCode(err) != tideline.EINVALID || !strings.Contains(tideline.ErrorMessage(err), tt.want) {
			t.Errorf("%s: AddShare error = %v; want EINVALID mentioning %q", tt.name, err, tt.want)
		}
	}
	if sh := mustShares(t, s); len(sh) != 0 {
		t.Errorf("Shares() after invalid adds = %+v; want none", sh)
	}
}

func mustOperations(t *testing.T, s AccessStore) []tideline.Operation {
	t.Helper()
	ops, err := s.Operations(context.Background())
	if err != nil {
		t.Fatalf("Operations() error: %v", err)
	}
	return ops
}

func checkOperations(t *testing.T, what string, got, want []tideline.Operation) {
	t.Helper()
	ok := len(got) == len(want)
	for i := 0; ok && i < len(got); i++ {
		g, w := got[i], want[i]
		ok = g.Name == w.Name && g.Title == w.Title && g.Agency == w.Agency && slices.Equal(g.Datasets, w.Datasets) &&
			slices.Equal(g.Members, w.Members) && g.Created.Equal(w.Created) && g.Created.Location() == time.UTC
	}
	if !ok {
		t.Errorf("%s = %+v; want %+v", what, got, want)
	}
}

func testOperations(t *testing.T, s AccessStore) {
	ctx := context.Background()
	if ops := mustOperations(t, s); len(ops) != 0 {
		t.Fatalf("Operations() on an empty store = %+v", ops)
	}
	before := time.Now()
	for _, op := range []tideline.Operation{
		{Name: "kestrel", Title: "Operation Kestrel", Agency: "NCA", Datasets: []string{"ignored"}, Members: []int64{99}},
		{Name: "heron", Title: "Opération Héron", Agency: "EUROPOL"},
	} {
		if err := s.PutOperation(ctx, op); err != nil {
			t.Fatalf("PutOperation(%s) error: %v", op.Name, err)
		}
	}
	ops := mustOperations(t, s)
	if len(ops) != 2 {
		t.Fatalf("Operations() = %+v; want heron and kestrel", ops)
	}
	for i := range ops {
		checkStamp(t, ops[i].Name+" Created", ops[i].Created, before, time.Now())
	}
	// By name; PutOperation keeps neither datasets nor members.
	want := []tideline.Operation{
		{Name: "heron", Title: "Opération Héron", Agency: "EUROPOL", Created: ops[0].Created},
		{Name: "kestrel", Title: "Operation Kestrel", Agency: "NCA", Created: ops[1].Created},
	}
	checkOperations(t, "Operations()", ops, want)

	// Updating changes the title and agency, not the creation time.
	if err := s.PutOperation(ctx, tideline.Operation{Name: "kestrel", Title: "Op Kestrel (phase 2)", Agency: "BF", Created: t0}); err != nil {
		t.Fatalf("PutOperation(update) error: %v", err)
	}
	want[1].Title, want[1].Agency = "Op Kestrel (phase 2)", "BF"
	checkOperations(t, "Operations() after update", mustOperations(t, s), want)
}

func testOperationInvalid(t *testing.T, s AccessStore) {
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		op   tideline.Operation
		want string
	}{
		{"no name", tideline.Operation{Agency: "NCA"}, "operation name required"},
		{"bad name", tideline.Operation{Name: "op kestrel", Agency: "NCA"}, `operation name "op kestrel"`},
		{"long name", tideline.Operation{Name: strings.Repeat("k", 101), Agency: "NCA"}, "at most 100"},
		{"no agency", tideline.Operation{Name: "kestrel"}, "agency code required"},
		{"bad agency", tideline.Operation{Name: "kestrel", Agency: "nca"}, `agency "nca"`},
		{"long title", tideline.Operation{Name: "kestrel", Agency: "NCA", Title: strings.Repeat("t", 201)}, "title"},
		{"title with a line break", tideline.Operation{Name: "kestrel", Agency: "NCA", Title: "a\nb"}, "title"},
	} {
		err := s.PutOperation(ctx, tt.op)
		if tideline.ErrorCode(err) != tideline.EINVALID || !strings.Contains(tideline.ErrorMessage(err), tt.want) {
			t.Errorf("%s: PutOperation error = %v; want EINVALID mentioning %q", tt.name, err, tt.want)
		}
	}
	if ops := mustOperations(t, s); len(ops) != 0 {
		t.Errorf("Operations() after invalid puts = %+v; want none", ops)
	}
}

func testOperationDatasets(t *testing.T, s AccessStore) {
	ctx := context.Background()
	for _, name := range []string{"kestrel", "heron"} {
		if err := s.PutOperation(ctx, tideline.Operation{Name: name, Agency: "NCA"}); err != nil {
			t.Fatal(err)
		}
	}
	datasets := func() map[string][]string {
		m := map[string][]string{}
		for _, op := range mustOperations(t, s) {
			m[op.Name] = op.Datasets
		}
		return m
	}
	for _, d := range []string{"op_kestrel_cdr", "op_kestrel_anpr", "heron_sar"} {
		op := "kestrel"
		if strings.HasPrefix(d, "heron") {
			op = "heron"
		}
		if err := s.SetDatasetOperation(ctx, d, op); err != nil {
			t.Fatalf("SetDatasetOperation(%s, %s) error: %v", d, op, err)
		}
	}
	// Sorted by dataset name.
	if got := datasets(); !slices.Equal(got["kestrel"], []string{"op_kestrel_anpr", "op_kestrel_cdr"}) || !slices.Equal(got["heron"], []string{"heron_sar"}) {
		t.Errorf("datasets = %v; want kestrel [op_kestrel_anpr op_kestrel_cdr], heron [heron_sar]", got)
	}
	// A dataset is in at most one operation: putting it in another moves it.
	if err := s.SetDatasetOperation(ctx, "op_kestrel_cdr", "heron"); err != nil {
		t.Fatal(err)
	}
	if got := datasets(); !slices.Equal(got["kestrel"], []string{"op_kestrel_anpr"}) || !slices.Equal(got["heron"], []string{"heron_sar", "op_kestrel_cdr"}) {
		t.Errorf("datasets after moving op_kestrel_cdr = %v", got)
	}
	if err := s.SetDatasetOperation(ctx, "op_kestrel_anpr", ""); err != nil {
		t.Fatalf("SetDatasetOperation(out) error: %v", err)
	}
	if got := datasets(); len(got["kestrel"]) != 0 {
		t.Errorf("kestrel datasets after taking op_kestrel_anpr out = %q; want none", got["kestrel"])
	}
	if err := s.SetDatasetOperation(ctx, "never_in_one", ""); err != nil {
		t.Errorf("SetDatasetOperation(not in one, \"\") = %v; want nil", err)
	}
	checkCode(t, "SetDatasetOperation(unknown operation)", s.SetDatasetOperation(ctx, "heron_sar", "osprey"), tideline.ENOTFOUND)
	checkCode(t, "SetDatasetOperation(bad dataset)", s.SetDatasetOperation(ctx, "heron sar", "heron"), tideline.EINVALID)
	if got := datasets(); !slices.Equal(got["heron"], []string{"heron_sar", "op_kestrel_cdr"}) {
		t.Errorf("heron datasets after failed calls = %q", got["heron"])
	}
}

func testMembers(t *testing.T, s AccessStore) {
	ctx := context.Background()
	a := mustCreateUser(t, s, newUser("a", "NCA", tideline.RoleAnalyst))
	b := mustCreateUser(t, s, newUser("b", "BF", tideline.RoleInvestigator))
	for _, name := range []string{"kestrel", "heron"} {
		if err := s.PutOperation(ctx, tideline.Operation{Name: name, Agency: "NCA"}); err != nil {
			t.Fatal(err)
		}
	}
	members := func(op string) []int64 {
		for _, o := range mustOperations(t, s) {
			if o.Name == op {
				return o.Members
			}
		}
		t.Fatalf("operation %s not listed", op)
		return nil
	}
	for _, id := range []int64{b.ID, a.ID, b.ID} { // adding twice is not an error
		if err := s.AddMember(ctx, "kestrel", id); err != nil {
			t.Fatalf("AddMember(kestrel, %d) error: %v", id, err)
		}
	}
	if err := s.AddMember(ctx, "heron", b.ID); err != nil {
		t.Fatal(err)
	}
	want := []int64{a.ID, b.ID} // by user id
	slices.Sort(want)
	if got := members("kestrel"); !slices.Equal(got, want) {
		t.Errorf("kestrel members = %v; want %v", got, want)
	}
	checkCode(t, "AddMember(unknown operation)", s.AddMember(ctx, "osprey", a.ID), tideline.ENOTFOUND)
	checkCode(t, "AddMember(unknown user)", s.AddMember(ctx, "kestrel", a.ID+b.ID+1000), tideline.ENOTFOUND)
	checkCode(t, "RemoveMember(unknown operation)", s.RemoveMember(ctx, "osprey", a.ID), tideline.ENOTFOUND)
	checkCode(t, "RemoveMember(unknown user)", s.RemoveMember(ctx, "kestrel", a.ID+b.ID+1000), tideline.ENOTFOUND)

	if err := s.RemoveMember(ctx, "kestrel", b.ID); err != nil {
		t.Fatalf("RemoveMember error: %v", err)
	}
	if got := members("kestrel"); !slices.Equal(got, []int64{a.ID}) {
		t.Errorf("kestrel members after removing b = %v; want [%d]", got, a.ID)
	}
	if got := members("heron"); !slices.Equal(got, []int64{b.ID}) {
		t.Errorf("heron members = %v; want [%d] (removal from kestrel only)", got, b.ID)
	}
	// Removing a user who is not a member is not an error.
	if err := s.RemoveMember(ctx, "kestrel", b.ID); err != nil {
		t.Errorf("RemoveMember(not a member) = %v; want nil", err)
	}
}

func testOwners(t *testing.T, s AccessStore) {
	ctx := context.Background()
	if m, err := s.Owners(ctx); err != nil || len(m) != 0 {
		t.Fatalf("Owners() on an empty store = %v, %v", m, err)
	}
	for d, a := range map[string]string{"nca_intel": "NCA", "bf_small_boats": "BF", "ee_cdr": "MPS", "mps_custody": "MPS"} {
		if err := s.SetOwner(ctx, d, a); err != nil {
			t.Fatalf("SetOwner(%s, %s) error: %v", d, a, err)
		}
	}
	// Call records obtained by the NCA belong to the NCA; the custody
	// records lose their owner.
	if err := s.SetOwner(ctx, "ee_cdr", "NCA"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetOwner(ctx, "mps_custody", ""); err != nil {
		t.Fatalf("SetOwner(clear) error: %v", err)
	}
	if err := s.SetOwner(ctx, "never_owned", ""); err != nil {
		t.Errorf("SetOwner(clear an unowned dataset) = %v; want nil", err)
	}
	want := map[string]string{"nca_intel": "NCA", "bf_small_boats": "BF", "ee_cdr": "NCA"}
	if got, err := s.Owners(ctx); err != nil || !maps.Equal(got, want) {
		t.Errorf("Owners() = %v, %v; want %v", got, err, want)
	}
	checkCode(t, "SetOwner(bad agency)", s.SetOwner(ctx, "nca_intel", "nca"), tideline.EINVALID)
	checkCode(t, "SetOwner(bad dataset)", s.SetOwner(ctx, "nca intel", "NCA"), tideline.EINVALID)
	checkCode(t, "SetOwner(no dataset)", s.SetOwner(ctx, "", "NCA"), tideline.EINVALID)
	if got, _ := s.Owners(ctx); !maps.Equal(got, want) {
		t.Errorf("Owners() after invalid calls = %v; want %v", got, want)
	}
}

// testStoredVisibility computes tideline.Visible over what the store
// returns: the need-to-know rules hold on stored data, not just in memory.
func testStoredVisibility(t *testing.T, s AccessStore) {
	ctx := context.Background()
	analyst := mustCreateUser(t, s, newUser("nca.analyst", "NCA", tideline.RoleAnalyst))
	bf := mustCreateUser(t, s, newUser("bf.investigator", "BF", tideline.RoleInvestigator))
	cps := mustCreateUser(t, s, newUser("cps.lawyer", "CPS", tideline.RoleProsecutor))
	for d, a := range map[string]string{"nca_intel": "NCA", "bf_small_boats": "BF", "op_kestrel_cdr": "NCA"} {
		if err := s.SetOwner(ctx, d, a); err != nil {
			t.Fatal(err)
		}
	}
	for _, sh := range []tideline.Share{
		{Dataset: "bf_small_boats", Agency: "NCA"},
		{Dataset: "nca_intel", Role: tideline.RoleProsecutor},
		{Dataset: "op_kestrel_cdr", Agency: "BF"}, // in an operation: the share does not open it
	} {
		if err := s.AddShare(ctx, sh); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PutOperation(ctx, tideline.Operation{Name: "kestrel", Title: "Kestrel", Agency: "NCA"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetDatasetOperation(ctx, "op_kestrel_cdr", "kestrel"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddMember(ctx, "kestrel", bf.ID); err != nil {
		t.Fatal(err)
	}
	owners, err := s.Owners(ctx)
	if err != nil {
		t.Fatal(err)
	}
	shares, ops := mustShares(t, s), mustOperations(t, s)
	for _, tt := range []struct {
		u    tideline.User
		want []string
	}{
		{analyst, []string{"bf_small_boats", "nca_intel"}},
		{bf, []string{"bf_small_boats", "op_kestrel_cdr"}},
		{cps, []string{"nca_intel"}},
	} {
		var mine []string
		for _, op := range ops {
			if slices.Contains(op.Members, tt.u.ID) {
				mine = append(mine, op.Name)
			}
		}
		v := tideline.Visible(&tideline.Principal{User: tt.u, Operations: mine}, owners, shares, ops)
		if got := slices.Sorted(maps.Keys(v.Datasets)); !slices.Equal(got, tt.want) {
			t.Errorf("%s sees %q; want %q", tt.u.Login, got, tt.want)
		}
	}
}
