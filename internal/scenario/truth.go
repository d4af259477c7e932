package scenario

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// truthOut collects the row counts of the truth files.
type truthOut struct {
	mu    sync.Mutex
	rows  map[string]int
	files *fileLog // the files created, for Generate to remove on failure
}

func (t *truthOut) count(name string, n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.rows == nil {
		t.rows = map[string]int{}
	}
	t.rows[name] = n
}

// truthFiles lists the files writeTruth and writePassengers write in truth/.
var truthFiles = []string{"groups.csv", "members.csv", "crossings.csv", "links.csv", "passengers.csv", "returns.csv"}

// writeTruth writes truth/groups.csv, members.csv, crossings.csv and
// links.csv.
func (w *world) writeTruth(ctx context.Context, dir string, out *truthOut) error {
	itoa := strconv.Itoa
	day := func(d int) string { return w.date(d).Format("2006-01-02") }
	groups, err := createTable(out.files, filepath.Join(dir, "truth", "groups.csv"), []string{"group_id", "culture", "nationality", "members",
		"active_from", "active_to", "dismantled", "targeted", "operation_from", "operation_to", "launch_area", "uk_city", "eu_city"})
	if err != nil {
		return err
	}
	for g := range w.groups {
		gr := &w.groups[g]
		opFrom, opTo := "", ""
		if gr.targeted {
			opFrom, opTo = day(gr.opFrom), day(gr.opTo)
		}
		groups.write([]string{fmt.Sprintf("G%d", g), gr.culture, gr.nationality, itoa(gr.size), day(gr.first), day(gr.last),
			strconv.FormatBool(gr.dismantled), strconv.FormatBool(gr.targeted), opFrom, opTo,
			launchAreas[gr.launch], ukCities[gr.ukCity], euCities[gr.euCity].name})
	}
	out.count("groups.csv", groups.rows)
	if err := groups.close(); err != nil {
		return err
	}

	members, err := createTable(out.files, filepath.Join(dir, "truth", "members.csv"), []string{"person_id", "group_id", "role", "cell_lieutenant",
		"given_name", "middle_name", "family_name", "grandfather_name", "name_script", "birth_date", "gender", "nationality", "residence",
		"address", "passport", "aliases", "phones", "vehicles", "accounts"})
	if err != nil {
		return err
	}
	for m := range w.members {
		if m%1024 == 0 && ctx.Err() != nil {
			members.close()
			return ctx.Err()
		}
		mem := &w.members[m]
		id := w.memberIdentity(m)
		cell := ""
		if mem.cell >= 0 {
			cell = w.memberID(int(mem.cell))
		}
		var aliases, phones, plates, ibans []string
		for _, a := range id.aliases {
			aliases = append(aliases, a.given.canon+" "+a.family.canon)
		}
		for _, p := range w.memberPhones(m) {
			phones = append(phones, fmt.Sprintf("%s %s/%s", p.e164, day(p.from), day(p.to)))
		}
		for _, v := range w.memberVehicles(m) {
			plates = append(plates, v.plate)
		}
		for _, a := range w.memberAccounts(m) {
			ibans = append(ibans, a.iban)
		}
		members.write([]string{id.id, fmt.Sprintf("G%d", mem.group), mem.role.String(), cell,
			id.given.canon, canon(id.middle), id.family.canon, canon(id.grand), scriptName([]*nameForm{id.given, id.middle, id.family}),
			id.dob.iso(), id.gender(), id.nat.iso2, mem.residence.iso2, w.memberAddress(m).full, id.passport,
			strings.Join(aliases, ";"), strings.Join(phones, ";"), strings.Join(plates, ";"), strings.Join(ibans, ";")})
	}
	out.count("members.csv", members.rows)
	if err := members.close(); err != nil {
		return err
	}

	crossings, err := createTable(out.files, filepath.Join(dir, "truth", "crossings.csv"), []string{"crossing_id", "date", "group_id", "people",
		"pilot", "supplier", "boat", "engines", "outcome"})
	if err != nil {
		return err
	}
	for c := range w.crossings {
		cr := &w.crossings[c]
		pilot := fmt.Sprintf("C%d-S0", c)
		if cr.pilot >= 0 {
			pilot = w.memberID(int(cr.pilot))
		}
		engines := fmt.Sprintf("ENG-C%d-0", c)
		if cr.engines > 1 {
			engines += fmt.Sprintf(";ENG-C%d-1", c)
		}
		outcome := "intercepted"
		if cr.outcome == outcomeLanded {
			outcome = "landed"
		}
		crossings.write([]string{fmt.Sprintf("CROSSING-%d", c), day(int(cr.day)), fmt.Sprintf("G%d", cr.group), itoa(int(cr.onBoard)),
			pilot, w.memberID(int(cr.supplier)), fmt.Sprintf("BOAT-C%d", c), engines, outcome})
	}
	out.count("crossings.csv", crossings.rows)
	if err := crossings.close(); err != nil {
		return err
	}

	links, err := createTable(out.files, filepath.Join(dir, "truth", "links.csv"), []string{"source_id", "target_id", "kind", "calls_per_day"})
	if err != nil {
		return err
	}
	for g := range w.groups {
		gr := &w.groups[g]
		for m := gr.base; m < gr.base+gr.size; m++ {
			links.write([]string{w.memberID(m), fmt.Sprintf("G%d", g), "member_of", ""})
		}
		for _, t := range w.groupTies(g) {
			links.write([]string{w.memberID(int(t.a)), w.memberID(int(t.b)), t.kind, strconv.FormatFloat(float64(t.rate), 'g', 3, 32)})
		}
		for _, s := range gr.extSupplier {
			links.write([]string{w.memberID(s), fmt.Sprintf("G%d", g), "supplies", ""})
		}
		if gr.extHandler >= 0 {
			links.write([]string{w.memberID(gr.extHandler), fmt.Sprintf("G%d", g), "moves_money_for", ""})
		}
	}
	out.count("links.csv", links.rows)
	return links.close()
}

func canon(f *nameForm) string {
	if f == nil {
		return ""
	}
	return f.canon
}

// writePassengers writes truth/passengers.csv: every person carried on a
// boat who is not a core member, once (at their first crossing), and
// truth/returns.csv: the later crossings of those who crossed again.
func (w *world) writePassengers(ctx context.Context, dir string, out *truthOut) error {
	ps, err := createTable(out.files, filepath.Join(dir, "truth", "passengers.csv"), []string{"person_id", "crossing_id", "group_id", "role",
		"given_name", "middle_name", "family_name", "grandfather_name", "birth_date", "gender", "nationality", "ho_nationality",
		"safeguarding", "passport"})
	if err != nil {
		return err
	}
	returns, err := createTable(out.files, filepath.Join(dir, "truth", "returns.csv"), []string{"crossing_id", "seat", "person_id"})
	if err != nil {
		ps.close()
		return err
	}
	for c := range w.crossings {
		if c%256 == 0 && ctx.Err() != nil {
			ps.close()
			returns.close()
			return ctx.Err()
		}
		cr := &w.crossings[c]
		t := w.date(int(cr.day))
		for s := 0; s < int(cr.onBoard); s++ {
			if s == 0 && cr.pilot >= 0 {
				continue
			}
			if _, ok := w.returneeOf(c, s); ok {
				returns.write([]string{fmt.Sprintf("CROSSING-%d", c), strconv.Itoa(s), w.passengerID(c, s)})
				continue
			}
			id := w.passengerIdentity(c, s)
			role, safeguarding := "passenger", "victim"
			if s == 0 {
				role, safeguarding = "pilot", ""
			} else if id.minor(t) {
				safeguarding = "minor"
			}
			ps.write([]string{id.id, fmt.Sprintf("CROSSING-%d", c), fmt.Sprintf("G%d", cr.group), role,
				id.given.canon, canon(id.middle), id.family.canon, canon(id.grand), id.dob.iso(), id.gender(), id.nat.iso2,
				id.natLabel, safeguarding, id.passport})
		}
	}
	out.count("passengers.csv", ps.rows)
	out.count("returns.csv", returns.rows)
	if err := ps.close(); err != nil {
		returns.close()
		return err
	}
	return returns.close()
}
