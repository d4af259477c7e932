package storetest

import (
	"fmt"
	"time"

	"github.com/tideline-oss/tideline"
)

// Gen makes realistic statements for benchmarks: Person entities with
// 40-character hex ids, each a schema statement and eleven property values
// (StatementsPerEntity in all) of the kinds intelligence records carry,
// spread over four datasets, graded 2B/P, with origins and seen dates. The
// zero value starts at entity 0; successive batches never repeat an entity.
type Gen struct {
	Next int // number of the next entity
}

// StatementsPerEntity is the number of statements Gen makes per entity.
const StatementsPerEntity = 12

var genProps = [StatementsPerEntity - 1]struct {
	prop string
	typ  tideline.PropertyType
	val  func(i int) string
}{
	{"name", tideline.TypeName, func(i int) string { return fmt.Sprintf("Person Number %d Surname", i) }},
	{"alias", tideline.TypeName, func(i int) string { return fmt.Sprintf("Alias %d", i) }},
	{"firstName", tideline.TypeName, func(i int) string { return fmt.Sprintf("Given%d", i%5000) }},
	{"lastName", tideline.TypeName, func(i int) string { return fmt.Sprintf("Family%d", i%20000) }},
	{"birthDate", tideline.TypeDate, func(i int) string { return fmt.Sprintf("19%02d-%02d-%02d", 50+i%50, 1+i%12, 1+i%28) }},
	{"nationality", tideline.TypeCountry, func(i int) string { return []string{"iq", "ir", "af", "sy", "er", "al"}[i%6] }},
	{"phone", tideline.TypePhone, func(i int) string { return fmt.Sprintf("+4477009%05d", i%100000) }},
	{"email", tideline.TypeEmail, func(i int) string { return fmt.Sprintf("user%d@example.org", i) }},
	{"passportNumber", tideline.TypeIdentifier, func(i int) string { return fmt.Sprintf("P%09d", i) }},
	{"address", tideline.TypeAddress, func(i int) string { return fmt.Sprintf("%d Rue de la Plage, 62100 Calais", i%997) }},
	{"notes", tideline.TypeText, func(i int) string {
		return fmt.Sprintf("Seen at the embarkation point on the beach; travelled with a group of %d", i%40)
	}},
}

var genDatasets = []string{"nca_intel_reports", "bf_encounters", "europol_siena", "gendarmerie_pv"}

// Batch fills buf (reusing its storage) with whole entities until it holds
// at least n statements, and returns it.
func (g *Gen) Batch(buf []tideline.Statement, n int) []tideline.Statement {
	buf = buf[:0]
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for len(buf) < n {
		i := g.Next
		g.Next++
		id := tideline.StatementID("gen", fmt.Sprint(i), "", "") // 40 hex characters
		ds := genDatasets[i%len(genDatasets)]
		first := base.Add(time.Duration(i%1000) * time.Hour)
		st := tideline.Statement{
			EntityID: id, CanonicalID: id, Schema: "Person", Dataset: ds, Agency: "NCA",
			Grading: tideline.Grading{Source: '2', Intelligence: 'B', Handling: 'P'},
			Origin:  fmt.Sprintf("%s.csv:%d", ds, i+2), FirstSeen: first, LastSeen: first.Add(48 * time.Hour),
		}
		st.Prop, st.Value = tideline.PropSchema, "Person"
		st.ID = tideline.StatementID(ds, id, st.Prop, st.Value)
		buf = append(buf, st)
		for _, p := range genProps {
			st.Prop, st.PropType, st.Value = p.prop, p.typ, p.val(i)
			st.ID = tideline.StatementID(ds, id, st.Prop, st.Value)
			buf = append(buf, st)
		}
	}
	return buf
}
