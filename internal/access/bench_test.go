package access_test

import (
	"context"
	"sync"
	"testing"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/access"
	"github.com/tideline-oss/tideline/internal/sqlite"
	"github.com/tideline-oss/tideline/internal/storetest"
)

const benchEntities = 10000

var bench struct {
	once   sync.Once
	db     *sqlite.DB
	acc    *fakeAccess
	ids    []string       // of the people not flagged
	people map[string]int // dataset -> people not flagged
	err    error
}

// benchStore is benchEntities generated people (12 statements each, spread
// over four datasets owned by four agencies), one in ten flagged as a
// victim in a fifth dataset nobody sees.
func benchStore(b *testing.B) (*sqlite.DB, *fakeAccess, []string, map[string]int) {
	bench.once.Do(func() {
		ctx := context.Background()
		if bench.db, bench.err = sqlite.Open(ctx, ":memory:"); bench.err != nil {
			return
		}
		var g storetest.Gen
		var buf []tideline.Statement
		n := 0
		bench.people = map[string]int{}
		for g.Next < benchEntities {
			buf = g.Batch(buf, 12000)
			var flags []tideline.Statement
			for i := 0; i < len(buf); i += storetest.StatementsPerEntity {
				st := buf[i]
				if n++; n%10 == 0 {
					flags = append(flags, ent("bf_safeguarding", st.EntityID, "Person", "safeguarding", "victim")...)
				} else {
					bench.ids = append(bench.ids, st.EntityID)
					bench.people[st.Dataset]++
				}
			}
			if _, bench.err = bench.db.WriteStatements(ctx, append(buf, flags...)); bench.err != nil {
				return
			}
		}
		bench.acc = newFakeAccess()
		for d, a := range map[string]string{"nca_intel_reports": "NCA", "bf_encounters": "BF", "europol_siena": "EUROPOL", "gendarmerie_pv": "GN", "bf_safeguarding": "BF"} {
			bench.acc.SetOwner(ctx, d, a)
		}
		for _, d := range []string{"bf_encounters", "europol_siena", "gendarmerie_pv"} {
			bench.acc.AddShare(ctx, tideline.Share{Dataset: d, Agency: "NCA", By: "x"})
		}
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.db, bench.acc, bench.ids, bench.people
}

// BenchmarkEntities streams every entity the reader sees: the system (the
// wrapped store's own stream), an NCA investigator and an NCA analyst who
// see the four shared datasets (the investigator's stream gives the
// victims their synthetic flags, the analyst's leaves them out, with the
// victim list cached or read for every stream), and a Europol liaison
// officer who sees one of them.
func BenchmarkEntities(b *testing.B) {
	db, acc, _, people := benchStore(b)
	for _, bb := range []struct {
		name string
		ctx  context.Context
		ttl  bool
		want int
	}{
		{"system", access.System(context.Background()), true, benchEntities},
		{"investigator", as(principal(1, "NCA", nil, tideline.RoleInvestigator)), true, benchEntities},
		{"investigator/uncached", as(principal(1, "NCA", nil, tideline.RoleInvestigator)), false, benchEntities},
		{"analyst", as(principal(2, "NCA", nil, tideline.RoleAnalyst)), true, benchEntities * 9 / 10},
		{"analyst/uncached", as(principal(2, "NCA", nil, tideline.RoleAnalyst)), false, benchEntities * 9 / 10},
		{"liaison", as(principal(3, "EUROPOL", nil, tideline.RoleLiaison)), true, people["europol_siena"]},
	} {
		b.Run(bb.name, func(b *testing.B) {
			s := access.New(db, acc)
			if !bb.ttl {
				s.TTL = 0
			}
			for b.Loop() {
				n := 0
				for _, err := range s.Entities(bb.ctx, tideline.EntityFilter{}) {
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n != bb.want {
					b.Fatalf("%d entities; want %d", n, bb.want)
				}
			}
			b.ReportMetric(float64(bb.want*b.N)/b.Elapsed().Seconds(), "entities/s")
		})
	}
}

// BenchmarkEntity reads one entity by id, as the system and as an analyst.
func BenchmarkEntity(b *testing.B) {
	db, acc, ids, _ := benchStore(b)
	s := access.New(db, acc)
	for _, bb := range []struct {
		name string
		ctx  context.Context
	}{
		{"system", access.System(context.Background())},
		{"analyst", as(principal(2, "NCA", nil, tideline.RoleAnalyst))},
	} {
		b.Run(bb.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				i++
				if _, err := s.Entity(bb.ctx, ids[i*7919%len(ids)]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
