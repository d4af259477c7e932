package netfile_test

import (
	"fmt"
	"strings"

	"github.com/tideline-oss/tideline/internal/ingest/netfile"
)

func ExampleRead() {
	// Wiretapped calls in a CAVIAR-style adjacency matrix: row calls column.
	const calls = `"","1","3","12","54"
"1",0,4,2,0
"3",1,0,0,0
"12",0,0,0,x
"54",0,0,0,0
`
	opt := netfile.Options{Dataset: "caviar", Link: "Call", Directed: true}
	names := map[string]string{} // Person id -> name
	for f, err := range netfile.Read(strings.NewReader(calls), "phase1.csv", opt) {
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		e := f.Entity
		switch e.Schema {
		case "Person":
			names[e.ID] = e.First("name")
			fmt.Printf("%s Person %s\n", f.Origin(), e.First("name"))
		case "Call":
			fmt.Printf("%s Call %s -> %s, %s calls\n", f.Origin(),
				names[e.First("caller")], names[e.First("receiver")], e.First("weight"))
		}
	}
	// Output:
	// phase1.csv:1 Person 1
	// phase1.csv:1 Person 3
	// phase1.csv:1 Person 12
	// phase1.csv:1 Person 54
	// phase1.csv:2 Call 1 -> 3, 4 calls
	// phase1.csv:2 Call 1 -> 12, 2 calls
	// phase1.csv:3 Call 3 -> 1, 1 calls
	// error: phase1.csv:4: 54: tie value "x" is not a number
}
