package access_test

import (
	"context"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/access"
	"github.com/tideline-oss/tideline/internal/sqlite"
)

// The fixture: one dataset, "target", whose visibility each test arranges,
// and one, "hidden", that the Metropolitan Police owns and shares with no
// one. Between them they hold the leak paths:
//
//   - t-karimi, a smuggler, in target (name, phone, graded 2B under
//     handling code C) with an alias only hidden knows;
//   - x-crossing in target, whose boat is h-boat, a vessel only hidden
//     knows; h-informant, a person only hidden knows;
//   - v-haddad, a victim whose name is in target and whose safeguarding
//     flag is in hidden; v-youssef, a victim flagged in target;
//   - m-ali-1 and m-ali-3 in target, merged by resolution under m-ali-2,
//     whose own record is in hidden;
//   - k-said in target with k-said-bf from hidden merged under it.
const (
	target = "target"
	hidden = "hidden"

	conditions = "not for disclosure outside UK law enforcement without NCA consent"
)

var seen = time.Date(2024, 3, 2, 6, 0, 0, 0, time.UTC)

// ent returns the statements of one entity in one dataset: the schema
// statement, then prop, value pairs. Statements in target are graded 2B
// under handling code C, those in hidden 1A/P.
func ent(dataset, id, schema string, props ...string) []tideline.Statement {
	g := tideline.Grading{Source: '1', Intelligence: 'A', Handling: tideline.HandlingPermitted}
	agency := "MPS"
	if dataset == target {
		g = tideline.Grading{Source: '2', Intelligence: 'B', Handling: tideline.HandlingConditions, Conditions: conditions}
		agency = "NCA"
	}
	mk := func(prop, value string) tideline.Statement {
		return tideline.Statement{ID: tideline.StatementID(dataset, id, prop, value), EntityID: id, CanonicalID: id,
			Schema: schema, Prop: prop, Value: value, Dataset: dataset, Agency: agency, Grading: g,
			Origin: dataset + ".csv:7", FirstSeen: seen, LastSeen: seen.Add(24 * time.Hour)}
	}
	out := []tideline.Statement{mk(tideline.PropSchema, schema)}
	for i := 0; i+1 < len(props); i += 2 {
		out = append(out, mk(props[i], props[i+1]))
	}
	return out
}

func cat(parts ...[]tideline.Statement) []tideline.Statement {
	var out []tideline.Statement
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// fixtureStatements: 19 statements in target, 13 in hidden.
func fixtureStatements() []tideline.Statement {
	return cat(
		ent(target, "t-karimi", "Person", "name", "Ahmed Karimi", "phone", "+447700900123"),
		ent(target, "x-crossing", "Crossing", "boat", "h-boat", "organizer", "t-karimi", "launchDate", "2024-03-02"),
		ent(target, "v-haddad", "Person", "name", "Samira Haddad"),
		ent(target, "v-youssef", "Person", "name", "Youssef Amin", "safeguarding", "minor"),
		ent(target, "m-ali-1", "Person", "name", "Muhammad Ali"),
		ent(target, "m-ali-3", "Person", "name", "Mohamed Ali", "birthDate", "1990-03-12"),
		ent(target, "k-said", "Person", "name", "Karim Said"),

		ent(hidden, "t-karimi", "Person", "alias", "The Engineer"),
		ent(hidden, "h-boat", "Vessel", "name", "Blue Dolphin"),
		ent(hidden, "h-informant", "Person", "name", "Informant Zeta"),
		ent(hidden, "v-haddad", "Person", "safeguarding", "victim"),
		ent(hidden, "m-ali-2", "Person", "name", "Mohammed Ali", "phone", "+33612345678"),
		ent(hidden, "k-said-bf", "Person", "name", "Karim Saeed"),
	)
}

// hiddenValues are values and ids only the hidden dataset holds: no
// principal who cannot see it may ever read one.
var hiddenValues = []string{"The Engineer", "Blue Dolphin", "Informant Zeta", "Mohammed Ali", "+33612345678",
	"Karim Saeed", "m-ali-2", "k-said-bf", "h-informant", "MPS", `"victim"`, "1A", "hidden"}

// wantFlag is the synthetic safeguarding flag of the entity shown as id,
// seen from first to last.
func wantFlag(id, value string, first, last time.Time) tideline.Statement {
	return tideline.Statement{ID: tideline.StatementID(access.RestrictedDataset, id, "safeguarding", value), EntityID: id, CanonicalID: id,
		Schema: "Person", Prop: "safeguarding", PropType: tideline.TypeString, Value: value, Dataset: access.RestrictedDataset,
		Grading: tideline.Grading{Handling: tideline.HandlingConditions, Conditions: access.RestrictedConditions}, FirstSeen: first, LastSeen: last}
}

// openFixture returns a new in-memory store holding the fixture, with the
// merges made, a review queue and two judgements.
func openFixture(t *testing.T) *sqlite.DB {
	t.Helper()
	return openStatements(t, fixtureStatements())
}

// openStatements is openFixture with stmts in place of the fixture's
// statements.
func openStatements(t *testing.T, stmts []tideline.Statement) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.WriteStatements(ctx, stmts); err != nil {
		t.Fatal(err)
	}
	for _, d := range []tideline.Dataset{{Name: target, Title: "NCA intelligence", Agency: "NCA"}, {Name: hidden, Title: "MPS custody", Agency: "MPS"}} {
		if err := db.PutDataset(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.SetCanonicals(ctx, []tideline.Canonical{
		{EntityID: "m-ali-1", CanonicalID: "m-ali-2"}, {EntityID: "m-ali-3", CanonicalID: "m-ali-2"},
		{EntityID: "k-said-bf", CanonicalID: "k-said"},
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.ReplaceReview(ctx, []tideline.ReviewItem{
		{A: "t-karimi", B: "m-ali-1", Probability: 0.7, Weight: 1.2, Note: "person: phones differ"},
		{A: "t-karimi", B: "h-informant", Probability: 0.6, Weight: 0.6},
		{A: "m-ali-3", B: "v-haddad", Probability: 0.5, Weight: 0.1},
	}); err != nil {
		t.Fatal(err)
	}
	for _, j := range []tideline.Judgement{
		{A: "m-ali-1", B: "m-ali-3", Verdict: tideline.VerdictMatch, User: "dc.smith", Reason: "same custody photo"},
		{A: "h-informant", B: "t-karimi", Verdict: tideline.VerdictNoMatch, User: "ds.jones"},
	} {
		if _, err := db.AddJudgement(ctx, j); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// principal returns a principal with the given user id, agency, roles and
// operations.
func principal(id int64, agency string, ops []string, roles ...tideline.Role) *tideline.Principal {
	return &tideline.Principal{User: tideline.User{ID: id, Login: "user" + string(rune('0'+id%10)), Name: "Officer",
		Agency: agency, Roles: roles}, Operations: ops}
}

func as(p *tideline.Principal) context.Context {
	return tideline.NewContextWithPrincipal(context.Background(), p)
}

// wrap wraps db with no caching, so that changes of acc show at once.
func wrap(db *sqlite.DB, acc tideline.AccessStore) *access.ResolvingStore {
	s := access.NewResolving(db, acc)
	s.TTL = 0
	return s
}
