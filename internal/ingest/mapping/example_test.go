package mapping_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/tideline-oss/tideline/internal/ingest/mapping"
)

func Example() {
	m, err := mapping.Parse(strings.NewReader(`
crossings:
  queries:
    - csv_url: boats.csv
      filters_not: {Status: duplicate}
      provenance:
        grading: {column: Grade}
      entities:
        pilot:
          schema: Person
          key: Pilot
          properties:
            name: {column: Pilot}
        boat:
          schema: Vessel
          key: Hull
          properties:
            name: {template: "Hull {{Hull}}"}
`), "crossings.yml")
	if err != nil {
		fmt.Println(err)
		return
	}
	csv := "Pilot,Hull,Status,Grade\n" +
		"Ali R.,X-17,,2B\n" +
		"Ali R.,X-17,duplicate,2B\n" +
		"Sam,\"Y-2\n"
	for f, err := range m.ReadCSV(context.Background(), strings.NewReader(csv), "boats.csv") {
		if err != nil {
			fmt.Println("rejected:", err)
			continue
		}
		fmt.Println(f.Origin(), f.Entity.Schema, f.Entity.First("name"), f.Provenance.Grading)
	}
	// Output:
	// boats.csv:2 Person Ali R. 2B
	// boats.csv:2 Vessel Hull X-17 2B
	// rejected: boats.csv:4: extraneous or missing " in quoted-field (at column 10)
}
