package access_test

import (
	"context"
	"fmt"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/access"
	"github.com/tideline-oss/tideline/internal/sqlite"
)

// Border Force records a passenger as a victim; the NCA holds her name in
// its own intelligence. An NCA analyst, who may not see victims, does not
// find her at all; an NCA investigator sees her name and, in place of
// Border Force's record, which is not shared, a flag saying only that she
// is recorded as a victim, so that she is never profiled as a target.
func Example() {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	acc := newFakeAccess()
	acc.SetOwner(ctx, "nca_intel", "NCA")
	acc.SetOwner(ctx, "bf_encounters", "BF")
	s := access.NewResolving(db, acc)

	// The records are loaded by a trusted job.
	sys := access.System(ctx)
	s.WriteStatements(sys, cat(
		ent("nca_intel", "p-17", "Person", "name", "Samira Haddad"),
		ent("bf_encounters", "p-17", "Person", "safeguarding", "victim"),
	))

	for _, role := range []tideline.Role{tideline.RoleAnalyst, tideline.RoleInvestigator} {
		user := tideline.NewContextWithPrincipal(ctx, &tideline.Principal{
			User: tideline.User{ID: 1, Login: "dc.smith", Agency: "NCA", Roles: []tideline.Role{role}}})
		e, err := s.Entity(user, "p-17")
		if err != nil {
			fmt.Printf("%s: %s\n", role, tideline.ErrorMessage(err))
			continue
		}
		fmt.Printf("%s: %s %v, datasets %v\n", role, e.Schema, e.Properties, e.Datasets)
	}
	if _, err := s.Entity(ctx, "p-17"); err != nil {
		fmt.Println("no principal:", tideline.ErrorMessage(err))
	}
	// Output:
	// analyst: entity p-17 not found
	// investigator: Person map[name:[Samira Haddad] safeguarding:[recorded as a victim in a dataset not shared with you]], datasets [(restricted) nca_intel]
	// no principal: sign-in required
}
