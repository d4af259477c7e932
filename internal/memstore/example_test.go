package memstore_test

import (
	"context"
	"fmt"
	"time"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/memstore"
)

// Two agencies' records of one person, merged by resolution.
func Example() {
	ctx := context.Background()
	s := memstore.New()
	defer s.Close()
	seen := time.Date(2024, 5, 1, 6, 0, 0, 0, time.UTC)
	var stmts []tideline.Statement
	for _, r := range []struct{ dataset, id, name string }{
		{"nca_intel", "p1", "Ivan Petrov"},
		{"bf_encounters", "bf-771", "I. Petrov"},
	} {
		for _, pv := range [][2]string{{tideline.PropSchema, "Person"}, {"name", r.name}} {
			stmts = append(stmts, tideline.Statement{
				ID: tideline.StatementID(r.dataset, r.id, pv[0], pv[1]), EntityID: r.id, Schema: "Person",
				Prop: pv[0], Value: pv[1], Dataset: r.dataset, FirstSeen: seen, LastSeen: seen,
			})
		}
	}
	n, _ := s.WriteStatements(ctx, stmts)
	fmt.Println("new statements:", n)
	if _, err := s.SetCanonicals(ctx, []tideline.Canonical{{EntityID: "bf-771", CanonicalID: "p1"}}); err != nil {
		fmt.Println(err)
		return
	}
	e, err := s.Entity(ctx, "bf-771") // a merged id reads as the entity it joined
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e.ID, e.Schema, e.Get("name"), e.Datasets, e.Referents)
	_, entities, _ := s.Counts(ctx)
	fmt.Println("entities:", entities)
	// Output:
	// new statements: 4
	// p1 Person [Ivan Petrov I. Petrov] [bf_encounters nca_intel] [bf-771]
	// entities: 1
}
