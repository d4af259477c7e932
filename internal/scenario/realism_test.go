package scenario

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tideline-oss/tideline/internal/ingest/mapping"
)

// Tests of the realism of what the generator writes: each checks a rule
// a reviewer of generated data would check by hand.

// mustWorld builds cfg's world without writing anything.
func mustWorld(tb testing.TB, cfg Config) *world {
	tb.Helper()
	cfg, err := cfg.Defaults()
	if err != nil {
		tb.Fatal(err)
	}
	w, err := newWorld(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return w
}

// truthByLine returns, for one source file, the true id of each entity a
// key_literal makes, by line.
func truthByLine(tb testing.TB, dir, dataset, file, schema string) map[int]string {
	tb.Helper()
	_, rows := readCSV(tb, filepath.Join(dir, "truth", dataset+".mentions.csv"))
	out := map[int]string{}
	for _, r := range rows {
		if r[3] == file && r[2] == schema {
			line, _ := strconv.Atoi(r[4])
			out[line] = r[5]
		}
	}
	return out
}

// A pilot arrested on arrival is arrested 1 to 6 hours after Border Force
// detected the boat, where it came ashore.
func TestPilotArrestedAfterDetection(t *testing.T) {
	cfg := noisyConfig()
	cfg.Sources = []string{"bf_small_boats", "police_custody"}
	dir, _ := mustGenerate(t, cfg)
	type landing struct {
		at    time.Time
		place string
	}
	crossings := map[string]landing{}
	header, rows := readCSV(t, filepath.Join(dir, "sources", "bf_crossings.csv"))
	det, place := column(t, header, "detected"), column(t, header, "landing_place")
	truth := truthByLine(t, dir, "bf_small_boats", "bf_crossings.csv", "Crossing")
	for i, r := range rows {
		at, err := time.Parse("02/01/2006 15:04", r[det])
		if err != nil {
			t.Fatal(err)
		}
		crossings[truth[i+2]] = landing{at, r[place]}
	}
	header, rows = readCSV(t, filepath.Join(dir, "sources", "custody_records.csv"))
	when, where := column(t, header, "arrest_datetime"), column(t, header, "arrest_location")
	arrests := truthByLine(t, dir, "police_custody", "custody_records.csv", "Arrest")
	checked, beaches := 0, 0
	for i, r := range rows {
		id := arrests[i+2]
		if !strings.HasPrefix(id, "ARREST-C") {
			continue
		}
		c := crossings["CROSSING-"+strings.TrimPrefix(id, "ARREST-C")]
		at, err := time.Parse("02/01/2006 15:04", r[when])
		if err != nil {
			t.Fatal(err)
		}
		if gap := at.Sub(c.at); gap < time.Hour || gap > 6*time.Hour {
			t.Errorf("custody_records.csv:%d: %s at %s, %s after the boat was detected at %s; want 1 to 6 hours",
				i+2, id, r[when], gap, c.at.Format("02/01/2006 15:04"))
		}
		if r[where] != c.place {
			t.Errorf("custody_records.csv:%d: %s at %q; the boat came ashore at %q", i+2, id, r[where], c.place)
		}
		if c.place != doverProcessing {
			beaches++
		}
		checked++
	}
	if checked < 50 {
		t.Errorf("%d pilots' arrests checked, %d on beaches", checked, beaches)
	}
	// Boats landing on their own are rare in the series (one so far): the
	// pilot of one is arrested on its beach.
	w := mustWorld(t, Demo())
	landed := 0
	for c := range w.crossings {
		w.crossings[c].outcome = outcomeLanded
		for _, a := range w.arrestsOn(int(w.crossings[c].day)) {
			if a.who.crossing == c {
				if a.place != w.landingPlace(c) || a.place == doverProcessing || !slices.Contains(ukBeaches, a.place) {
					t.Errorf("%s at %q; the boat landed at %q", a.id, a.place, w.landingPlace(c))
				}
				landed++
			}
		}
	}
	if landed == 0 {
		t.Errorf("no arrest of a landed boat's pilot")
	}
}

// gbPlateIssued returns the first day a GB plate's age identifier was
// issued ("24": March 2024; "74": September 2024).
func gbPlateIssued(vrm string) (time.Time, bool) {
	if len(vrm) != 7 || vrm[2] < '0' || vrm[2] > '9' || vrm[3] < '0' || vrm[3] > '9' {
		return time.Time{}, false // not a current GB plate, or misread there
	}
	n, _ := strconv.Atoi(vrm[2:4])
	if n >= 50 {
		return day(2000+n-50, 9, 1), true
	}
	return day(2000+n, 3, 1), true
}

// A GB plate's age identifier never postdates the day it is seen: read by
// a camera, or on a vehicle of a member whose group is already active.
func TestPlatesPredateUse(t *testing.T) {
	cfg := noisyConfig()
	cfg.Sources = []string{"anpr_reads"}
	dir, _ := mustGenerate(t, cfg)
	header, rows := readCSV(t, filepath.Join(dir, "sources", "anpr_reads.csv"))
	vrmCol, at := column(t, header, "vrm"), column(t, header, "read_time")
	checked := 0
	for i, r := range rows {
		issued, ok := gbPlateIssued(r[vrmCol])
		if !ok {
			continue
		}
		read, _ := time.Parse("2006-01-02 15:04:05", r[at])
		if issued.After(read) {
			t.Errorf("anpr_reads.csv:%d: plate %s (issued from %s) read on %s", i+2, r[vrmCol], issued.Format(time.DateOnly), r[at])
		}
		checked++
	}
	if checked < 500 {
		t.Errorf("only %d reads checked", checked)
	}
	w := mustWorld(t, cfg)
	for m := range w.members {
		first := w.date(max(0, int(w.groups[w.members[m].group].first)))
		for _, v := range w.memberVehicles(m) {
			if !v.registered.Before(first) {
				t.Errorf("%s registered %s, not before the group's first day in the range %s", v.id, v.registered.Format(time.DateOnly), first.Format(time.DateOnly))
			}
			if issued, ok := gbPlateIssued(compactPlate(v.plate)); v.country == "gb" && (!ok || issued.After(v.registered)) {
				t.Errorf("%s: plate %s registered %s", v.id, v.plate, v.registered.Format(time.DateOnly))
			}
		}
	}
	if got := gbAgeIdentifier(day(2025, 1, 31)); got != "74" {
		t.Errorf("gbAgeIdentifier(2025-01-31) = %s; want 74", got)
	}
}

// ANPR reads of a trip follow a route: cameras in the order driven, at
// the route's travel times give or take traffic; plates are written
// without spaces or hyphens.
func TestANPRTripsFollowRoutes(t *testing.T) {
	cfg := noisyConfig()
	cfg.Sources = []string{"anpr_reads"}
	dir, _ := mustGenerate(t, cfg)
	header, rows := readCSV(t, filepath.Join(dir, "sources", "anpr_reads.csv"))
	cam, loc, at, vrm := column(t, header, "camera_id"), column(t, header, "camera_location"), column(t, header, "read_time"), column(t, header, "vrm")
	truth := truthByLine(t, dir, "anpr_reads", "anpr_reads.csv", "Event")
	type read struct {
		camera string
		at     time.Time
		line   int
	}
	trips := map[string][]read{}
	for i, r := range rows {
		if strings.ContainsAny(r[vrm], " -") {
			t.Errorf("anpr_reads.csv:%d: plate %q is not written compact", i+2, r[vrm])
		}
		if cameras[r[cam]] != r[loc] {
			t.Errorf("anpr_reads.csv:%d: camera %s at %q", i+2, r[cam], r[loc])
		}
		id := truth[i+2]
		trip := id[:strings.LastIndex(id, "-")]
		tm, _ := time.Parse("2006-01-02 15:04:05", r[at])
		trips[trip] = append(trips[trip], read{r[cam], tm, i + 2})
	}
	// fits reports whether some route passes a then b with about gap
	// minutes between them.
	fits := func(a, b string, gap float64) bool {
		for _, rt := range anprRoutes {
			i, j := slices.Index(rt.stops, a), slices.Index(rt.stops, b)
			if i < 0 || j <= i {
				continue
			}
			want := 0
			for k := i; k < j; k++ {
				want += rt.minutes[k]
			}
			if gap >= 0.8*float64(want)-3 && gap <= 1.2*float64(want)+3 {
				return true
			}
		}
		return false
	}
	pairs := 0
	for trip, reads := range trips {
		sort.Slice(reads, func(i, j int) bool { return reads[i].at.Before(reads[j].at) })
		for k := 1; k < len(reads); k++ {
			a, b := reads[k-1], reads[k]
			if gap := b.at.Sub(a.at).Minutes(); !fits(a.camera, b.camera, gap) {
				t.Errorf("trip %s: %s then %s %.0f minutes later (lines %d, %d): on no route at that time", trip, a.camera, b.camera, gap, a.line, b.line)
			}
			pairs++
		}
	}
	if pairs < 200 {
		t.Errorf("only %d consecutive reads checked", pairs)
	}
}

// Addresses are the city's: its streets, its postcodes, in its country.
func TestAddressesMatchCities(t *testing.T) {
	w := mustWorld(t, Config{Seed: 4, From: day(2022, 1, 1), To: day(2023, 12, 31), People: 150000, Groups: 150})
	postcodes := map[string]*regexp.Regexp{
		"Bielefeld": regexp.MustCompile(`^336\d\d$`), "Essen": regexp.MustCompile(`^45\d{3}$`),
		"Dortmund": regexp.MustCompile(`^44\d{3}$`), "Bochum": regexp.MustCompile(`^44[78]\d\d$`),
		"Osnabrück": regexp.MustCompile(`^490\d\d$`), "Bruxelles": regexp.MustCompile(`^1(0\d\d|1\d\d|2[01]0)$`),
		"Antwerpen": regexp.MustCompile(`^2(0\d\d|1[0-7]\d|180)$`), "Liège": regexp.MustCompile(`^40([0-2]\d|3[0-2])$`),
		"Rotterdam": regexp.MustCompile(`^30\d\d [A-Z]{2}$`), "Lille": regexp.MustCompile(`^59(000|800)$`),
		"Dunkerque": regexp.MustCompile(`^59[12]40$`), "Calais": regexp.MustCompile(`^62100$`),
		"Sofia": regexp.MustCompile(`^1[0-7]\d\d$`),
	}
	ukAreas := map[string]string{"London": "(E|IG)", "Birmingham": "B", "Manchester": "M", "Leeds": "LS", "Bradford": "BD",
		"Coventry": "CV", "Liverpool": "L", "Portsmouth": "PO", "Cardiff": "CF", "Glasgow": "G", "Huddersfield": "HD", "Stoke-on-Trent": "ST"}
	seen := map[string]int{}
	for m := range w.members {
		a := w.memberAddress(m)
		if a.country != w.members[m].residence {
			t.Fatalf("member %d lives in %s; address %q is in %s", m, w.members[m].residence.name, a.full, a.country.name)
		}
		if a.street == "" {
			continue // a camp, or only the city
		}
		seen[a.city]++
		if a.country == cGB {
			area, ok := ukAreas[a.city]
			if !ok || !regexp.MustCompile(`^`+area+`\d+ \d[A-Z]{2}$`).MatchString(a.postcode) {
				t.Errorf("%q: postcode %s is not of %s", a.full, a.postcode, a.city)
			}
			found := false
			for _, s := range ukStreets[a.city] {
				found = found || strings.HasSuffix(a.street, " "+s.street) && strings.HasPrefix(a.postcode, s.outward+" ")
			}
			if !found {
				t.Errorf("%q: %s is not a street of %s in that postcode district", a.full, a.street, a.city)
			}
			continue
		}
		re := postcodes[a.city]
		if re == nil || !re.MatchString(a.postcode) {
			t.Errorf("%q: postcode %s is not of %s", a.full, a.postcode, a.city)
		}
		found := false
		for _, s := range towns[a.city].streets {
			found = found || strings.Contains(a.street, s)
		}
		if !found || towns[a.city].country != a.country {
			t.Errorf("%q: %s is not a street of %s", a.full, a.street, a.city)
		}
	}
	for _, city := range []string{"London", "Essen", "Bruxelles", "Rotterdam", "Dunkerque", "Calais", "Sofia"} {
		if seen[city] == 0 {
			t.Errorf("no member lives in %s (%v)", city, seen)
		}
	}
}

// Partner police arrest under their own country's law, never the UK's.
func TestPartnerArrestsCiteTheirLaw(t *testing.T) {
	cfg := noisyConfig()
	cfg.Sources = []string{"europol_siena"}
	dir, _ := mustGenerate(t, cfg)
	header, rows := readCSV(t, filepath.Join(dir, "sources", "europol_messages.csv"))
	act, country, offence, location := column(t, header, "activity"), column(t, header, "originating_country"),
		column(t, header, "offence"), column(t, header, "location")
	byCountry := map[string]int{}
	for i, r := range rows {
		if r[act] != "arrest" {
			continue
		}
		iso := strings.ToLower(r[country])
		law, ok := partnerOffences[iso]
		if !ok || r[offence] != law.smuggling && r[offence] != law.laundering || strings.Contains(r[offence], "Immigration Act") {
			t.Errorf("europol_messages.csv:%d: %s arrest for %q", i+2, r[country], r[offence])
		}
		if tw, ok := towns[r[location]]; ok && tw.country.iso2 != iso || !ok && !slices.Contains(camps, r[location]) {
			t.Errorf("europol_messages.csv:%d: %s arrest at %q", i+2, r[country], r[location])
		}
		byCountry[iso]++
	}
	if len(byCountry) < 2 {
		t.Errorf("arrests by partners: %v; want several countries", byCountry)
	}
}

// A person who arrived crosses again only after being returned, months
// later: never within 60 days, and rarely before the returns agreement.
func TestReturneesCrossMonthsLater(t *testing.T) {
	w := mustWorld(t, Config{Seed: 2, From: day(2024, 6, 1), To: day(2026, 6, 30), People: 60000, Groups: 20})
	var seats, returns [2]int // before and from the agreement
	for c := range w.crossings {
		cr := &w.crossings[c]
		k := 0
		if !w.date(int(cr.day)).Before(returnsAgreement) {
			k = 1
		}
		for s := 0; s < int(cr.onBoard); s++ {
			first, ok := w.returneeOf(c, s)
			if int(cr.day) >= returneeMinDays {
				seats[k]++
			}
			if !ok {
				continue
			}
			returns[k]++
			if s == 0 || first[1] == 0 {
				t.Errorf("crossing %d seat %d: a pilot's seat in a return (%v)", c, s, first)
			}
			if gap := int(cr.day - w.crossings[first[0]].day); gap < returneeMinDays {
				t.Errorf("crossing %d seat %d returns %d days after crossing %d", c, s, gap, first[0])
			}
		}
	}
	before, after := float64(returns[0])/float64(seats[0]), float64(returns[1])/float64(seats[1])
	t.Logf("returnees: %d of %d seats before the agreement (%.4f), %d of %d from it (%.4f)", returns[0], seats[0], before, returns[1], seats[1], after)
	if rate := w.cfg.Noise.Returnee; before > 0.3*rate || after < 0.7*rate || after > 1.1*rate {
		t.Errorf("returnee shares %.4f before the agreement and %.4f from it; want about %.3f and %.3f", before, after, rate*returneeEarly, rate)
	}
}

// Name pools are coherent: no pool mixes the names of traditions that do
// not mix (Sikh, Muslim, Tamil), Sikhs are Singh or Kaur by sex, and
// nationalities get their own pools.
func TestNamePoolsAreCoherent(t *testing.T) {
	for key, c := range cultures {
		if c.name != key {
			t.Errorf("cultures[%q].name = %q", key, c.name)
		}
	}
	for iso, shares := range nationalityCultures {
		for _, s := range shares {
			if cultures[s.culture] == nil {
				t.Errorf("nationality %s: no culture %q", iso, s.culture)
			}
		}
	}
	for region, shares := range regionCultures {
		for _, s := range shares {
			if cultures[s.culture] == nil {
				t.Errorf("region %s: no culture %q", region, s.culture)
			}
		}
	}
	markers := map[string][]string{
		"sikh":   {"Singh", "Kaur", "Gurpreet", "Harpreet"},
		"muslim": {"Mohammad", "Khan", "Begum", "Hussain", "Imran"},
		"tamil":  {"Sivakumar", "Nadarajah", "Tharshan"},
		"igbo":   {"Chinedu", "Okafor", "Emeka"},
		"yoruba": {"Adeyemi", "Babatunde", "Oluwaseun"},
	}
	for key, c := range cultures {
		var found []string
		for tradition, names := range markers {
			for _, pool := range [][]nameForm{c.male, c.female, c.family, c.femaleFamily} {
				if slices.ContainsFunc(pool, func(f nameForm) bool { return slices.Contains(names, f.canon) }) && !slices.Contains(found, tradition) {
					found = append(found, tradition)
				}
			}
		}
		if len(found) > 1 {
			t.Errorf("culture %s mixes %v names", key, found)
		}
	}
	for iso, want := range map[string][]string{
		"in": {"punjabi_sikh", "indian_hindu", "south_asian_muslim"}, "lk": {"tamil"}, "bd": {"south_asian_muslim"},
		"pk": {"south_asian_muslim", "pashto"}, "ng": {"nigerian_yoruba", "nigerian_igbo", "nigerian_hausa"},
		"cd": {"central_african"}, "cg": {"central_african"}, "cm": {"central_african"}, "bi": {"central_african"},
		"cf": {"central_african"}, "as": {"polynesian"},
	} {
		r := stream(1, uint64(len(iso)), hashString(iso))
		for i := 0; i < 200; i++ {
			if got := passengerCulture(&r, iso, "").name; !slices.Contains(want, got) {
				t.Errorf("nationality %s: culture %s; want one of %v", iso, got, want)
			}
		}
	}
	if got := passengerCulture(new(rng), "xx", "Oceania").name; got != "polynesian" {
		t.Errorf("Oceania: culture %s; want polynesian", got)
	}
	// Sikh passengers, family members included, are Singh or Kaur by sex.
	w := mustWorld(t, Config{Seed: 6, From: day(2022, 1, 1), To: day(2022, 12, 31), People: 45000, Groups: 45})
	sikhs := 0
	for c := range w.crossings {
		for s := 0; s < int(w.crossings[c].onBoard); s++ {
			if s == 0 && w.crossings[c].pilot >= 0 {
				continue
			}
			id := w.passengerIdentity(c, s)
			switch id.cult.name {
			case "punjabi_sikh":
				sikhs++
				if want := map[bool]string{false: "Singh", true: "Kaur"}[id.female]; id.family.canon != want {
					t.Errorf("%s (%s): %s %s; want %s", id.id, id.gender(), id.given.canon, id.family.canon, want)
				}
			case "south_asian_muslim":
				if !id.female && slices.Contains([]string{"Begum", "Khatun", "Akter", "Bibi"}, id.family.canon) {
					t.Errorf("%s (male): %s %s", id.id, id.given.canon, id.family.canon)
				}
			}
		}
	}
	if sikhs < 10 {
		t.Errorf("only %d Sikh passengers checked", sikhs)
	}
}

// The passenger recruited to steer a boat is a man of 18 to 40.
func TestRecruitedPilotsAreMen(t *testing.T) {
	w := mustWorld(t, Config{Seed: 8, From: day(2022, 1, 1), To: day(2023, 12, 31), People: 40000, Groups: 30})
	n := 0
	for c := range w.crossings {
		cr := &w.crossings[c]
		if cr.pilot >= 0 {
			continue
		}
		id := w.passengerIdentity(c, 0)
		on := w.date(int(cr.day))
		age := on.Year() - id.dob.y
		if on.Before(time.Date(on.Year(), time.Month(id.dob.m), id.dob.d, 0, 0, 0, 0, time.UTC)) {
			age--
		}
		if id.female || age < 18 || age > 40 {
			t.Errorf("crossing %d: recruited pilot %s is %s, aged %d", c, id.id, id.gender(), age)
		}
		n++
	}
	if n < 100 {
		t.Errorf("only %d recruited pilots checked", n)
	}
}

// A PNC id's year is the year the person was first recorded: a pilot
// arrested on arrival, that arrest's; a group member, a year from their
// group's start to the arrest. It is the same in every custody record.
func TestPNCYears(t *testing.T) {
	cfg := noisyConfig()
	cfg.Seed = 12
	cfg.Sources = []string{"police_custody"}
	dir, _ := mustGenerate(t, cfg)
	_, grows := readCSV(t, filepath.Join(dir, "truth", "groups.csv"))
	groupFrom := map[string]int{}
	for _, r := range grows {
		groupFrom[r[0]], _ = strconv.Atoi(r[4][:4])
	}
	header, rows := readCSV(t, filepath.Join(dir, "sources", "custody_records.csv"))
	when, pncCol := column(t, header, "arrest_datetime"), column(t, header, "pnc_id")
	truth := truthByLine(t, dir, "police_custody", "custody_records.csv", "Person")
	pncs := map[string]string{}
	members := 0
	for i, r := range rows {
		id := truth[i+2]
		at, _ := time.Parse("02/01/2006 15:04", r[when])
		yy, err := strconv.Atoi(r[pncCol][:2])
		if err != nil || !regexp.MustCompile(`^\d\d/\d{6}[A-Z]$`).MatchString(r[pncCol]) {
			t.Fatalf("custody_records.csv:%d: PNC id %q", i+2, r[pncCol])
		}
		if prev, ok := pncs[id]; ok && prev != r[pncCol] {
			t.Errorf("%s has PNC ids %s and %s", id, prev, r[pncCol])
		}
		pncs[id] = r[pncCol]
		switch {
		case strings.HasPrefix(id, "C"):
			if yy != at.Year()%100 {
				t.Errorf("custody_records.csv:%d: pilot %s arrested %s has PNC id %s", i+2, id, r[when], r[pncCol])
			}
		default:
			members++
			from := groupFrom[id[:strings.Index(id, "-")]]
			if yy < from%100 || yy > at.Year()%100 {
				t.Errorf("custody_records.csv:%d: member %s (group active from %d) arrested %s has PNC id %s", i+2, id, from, r[when], r[pncCol])
			}
		}
	}
	if len(pncs) < 50 || members == 0 {
		t.Errorf("%d people checked, %d members", len(pncs), members)
	}
}

// Victims' names stay on their own records: a crossing loaded through
// Border Force's mapping mentions its pilot's name, not its passengers'.
func TestCrossingsDoNotNameVictims(t *testing.T) {
	cfg := Demo()
	cfg.Sources = []string{"bf_small_boats"}
	dir, st := mustGenerate(t, cfg)
	m, err := mapping.Load(filepath.Join(dir, st.Sources[0].Mapping))
	if err != nil {
		t.Fatal(err)
	}
	// Names a crossing may mention: its pilot's and its boat's.
	allowed, mentioned := map[string]bool{}, map[string][]string{}
	for f, err := range m.Read(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case f.Entity.Schema == "Crossing":
			mentioned[f.Entity.ID] = append(mentioned[f.Entity.ID], f.Entity.Get("namesMentioned")...)
		case f.Entity.Schema == "Person" && len(f.Entity.Get("safeguarding")) > 0:
		default:
			for _, p := range []string{"name", "firstName", "lastName"} {
				for _, v := range f.Entity.Get(p) {
					allowed[v] = true
				}
			}
		}
	}
	for id, names := range mentioned {
		for _, n := range names {
			if !allowed[n] {
				t.Errorf("crossing %s mentions %q, the name of none but victims", id, n)
			}
		}
	}
	if len(mentioned) != 50 {
		t.Errorf("%d crossings read", len(mentioned))
	}
}

// Counts agree with their nouns, and reasons name the right country.
func TestTextAgrees(t *testing.T) {
	cfg := noisyConfig()
	cfg.Sources = []string{"europol_siena", "ukfiu_sars"}
	dir, _ := mustGenerate(t, cfg)
	header, rows := readCSV(t, filepath.Join(dir, "sources", "europol_messages.csv"))
	summary := column(t, header, "summary")
	bought := regexp.MustCompile(`bought (\d+) outboard (engines?) `)
	counted := 0
	for i, r := range rows {
		if m := bought.FindStringSubmatch(r[summary]); m != nil {
			if (m[1] == "1") != (m[2] == "engine") {
				t.Errorf("europol_messages.csv:%d: %q", i+2, r[summary])
			}
			counted++
		}
	}
	header, rows = readCSV(t, filepath.Join(dir, "sources", "ukfiu_sars.csv"))
	reason, cc, dir2 := column(t, header, "reason"), column(t, header, "counterparty_country"), column(t, header, "direction")
	onward := 0
	for i, r := range rows {
		if to, ok := strings.CutPrefix(r[reason], "Rapid onward transfer of funds to "); ok {
			if want := countryPhrase(byISO2(strings.ToLower(r[cc]))); to != want || r[dir2] != "OUT" {
				t.Errorf("ukfiu_sars.csv:%d: %s %q to a counterparty in %s", i+2, r[dir2], r[reason], r[cc])
			}
			onward++
		}
	}
	if counted == 0 || onward == 0 {
		t.Errorf("%d engine purchases and %d onward transfers checked", counted, onward)
	}
	s := (&Stats{From: "2024-01-01", To: "2024-01-02", People: 1, Members: 1, Groups: 1, Crossings: 1, Prevented: 1}).Summary()
	if want := "1 person (1 member of 1 group, 0 on the boats), 1 crossing, 1 prevented launch"; !strings.Contains(s, want) {
		t.Errorf("Summary = %q; want %q", s, want)
	}
	st := &Stats{Sources: []SourceStats{{Dataset: "x", Rows: map[string]int{"x.csv": 1}}}}
	if s := st.Summary(); !strings.Contains(s, "x.csv 1 row\n") {
		t.Errorf("Summary = %q; want x.csv 1 row", s)
	}
}

// On a crossing's night the lieutenant, drivers and core pilot call each
// other around the launch; no other calls are made before 7:00.
func TestNightCallsAroundLaunches(t *testing.T) {
	w := mustWorld(t, Demo())
	night := 0
	for g := range w.groups {
		ties := w.groupTies(g)
		for d := 0; d < w.days; d++ {
			for _, c := range w.callsOn(g, d, ties) {
				regular := c.at.Hour() >= 7
				if !strings.HasPrefix(c.id, "CALL-C") {
					if !regular {
						t.Errorf("%s at %s: a call along a tie before 7:00", c.id, c.at)
					}
					continue
				}
				night++
				var cr int
				fmt.Sscanf(c.id, "CALL-C%d-", &cr)
				launch, _ := w.crossingTimes(cr)
				if int(w.crossings[cr].group) != g || c.at.Before(launch.Add(-5*time.Hour)) || c.at.After(launch.Add(time.Hour)) {
					t.Errorf("%s at %s (group %d, day %d): crossing %d of group %d launched %s", c.id, c.at, g, d, cr, w.crossings[cr].group, launch)
				}
				for _, m := range []int{c.caller, c.receiver} {
					role := w.members[m].role
					if int(w.members[m].group) != g || role != RoleLieutenant && role != RoleDriver && int32(m) != w.crossings[cr].pilot {
						t.Errorf("%s: %s of group %d on the call", c.id, role, w.members[m].group)
					}
				}
			}
		}
	}
	if night < 50 {
		t.Errorf("only %d night calls", night)
	}
}

// scenario.json and the README name the Irr_D01 year each scenario year's
// passengers follow.
func TestShareYearsRecorded(t *testing.T) {
	cfg := Config{Seed: 1, From: day(2023, 11, 1), To: day(2024, 2, 28), People: 3000, Groups: 5, Sources: []string{"nca_intel"}}
	dir, st := mustGenerate(t, cfg)
	if want := map[string]int{"2023": 2023, "2024": 2023}; !mapsEqual(st.ShareYears, want) {
		t.Errorf("ShareYears = %v; want %v", st.ShareYears, want)
	}
	readme := readFile(t, filepath.Join(dir, "README.md"))
	if !strings.Contains(readme, "2024 uses 2023's") || strings.Contains(readme, "2023 uses") {
		t.Errorf("README does not say 2024 follows 2023's shares:\n%s", readme)
	}
	if js := readFile(t, filepath.Join(dir, "scenario.json")); !strings.Contains(js, `"share_years": {`) {
		t.Errorf("scenario.json lacks share_years")
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func readFile(tb testing.TB, path string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}
