package scenario

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/tideline-oss/tideline"
)

// Role is a member's part in a smuggling group.
type Role uint8

// Roles, as investigators name them.
const (
	RoleOrganiser    Role = iota // runs the group; rarely near the boats
	RoleLieutenant               // runs a cell: logistics, recruitment, the beach
	RoleRecruiter                // finds passengers in the camps and online
	RoleBroker                   // sells places and collects the fares
	RoleDriver                   // moves boats, engines and people to the coast
	RoleSupplier                 // buys boats and engines, often for several groups
	RoleMoneyHandler             // hawala banker or launderer, often for several groups
	RolePilot                    // steers the boats (many pilots are recruited passengers)
	numRoles
)

var roleNames = [numRoles]string{"organiser", "lieutenant", "recruiter", "broker", "driver", "supplier", "money_handler", "pilot"}

// String returns the role's name as the truth files write it.
func (r Role) String() string {
	if r < numRoles {
		return roleNames[r]
	}
	return fmt.Sprintf("role(%d)", r)
}

// Crossing outcomes: the Home Office counts people and boats arriving,
// whether met at sea and brought ashore or landing on their own.
const (
	outcomeIntercepted uint8 = iota
	outcomeLanded
)

// world is the hidden truth of a scenario: groups, members and the
// crossing schedule. Everything else (identities, phones, events) is
// derived from it and the seed on demand, so memory is O(groups + members
// + crossings + days), independent of the records written.
type world struct {
	cfg   Config
	seed  uint64
	start time.Time // first day of the range
	days  int
	scale float64 // the scenario's crossings per real crossing

	groups  []group
	members []member // all core members, group by group

	crossings []crossing // arrivals, in date order
	seatBase  []int      // seatBase[c] numbers the first seat of crossing c among all seats
	phoneBase []int      // phoneBase[m] numbers member m's first phone among all members' phones
	dayFirst  []int32    // crossings of day d: crossings[dayFirst[d]:dayFirst[d+1]]
	prevented []prevention
	// active lists, per day, the groups active that day (for allocation
	// and for events); built once.
	activeFirst []int32
	active      []int32

	passengers int // persons on boats who are not core members (returnees counted once)
}

// group is one smuggling organisation.
type group struct {
	id          int
	culture     string
	nationality string // ISO alpha-2 of its core
	base, size  int    // members[base:base+size]
	first, last int    // active days, as range indices (may lie outside the range)
	dismantled  bool   // ends within the range with arrests
	targeted    bool   // under a UK operation (communications data, surveillance)
	opFrom      int    // operation window, range days (when targeted)
	opTo        int
	launch      int // index into launchAreas
	ukCity      int // index into ukCities
	euCity      int // index into euCities
	roleStart   [numRoles + 1]int
	extSupplier []int // members of other groups who also supply this one
	extHandler  int   // member of another group who also moves this one's money; -1 when none
}

// member is one core member of a group.
type member struct {
	group     int32
	role      Role
	cell      int32   // the lieutenant (member index) whose cell it is in; -1 for organisers and lieutenants
	residence country // where the member lives
	culture   string
	national  string // ISO alpha-2 nationality
}

// crossing is one boat arriving in the UK.
type crossing struct {
	day      int32
	group    int32
	onBoard  int32 // people counted on arrival, the pilot included
	pilot    int32 // core member who steered it, or -1: seat 0 is a recruited passenger
	supplier int32 // member who supplied the boat and engine
	engines  int8
	outcome  uint8
}

// prevention is one launch attempt the French authorities stopped.
type prevention struct {
	day      int32
	group    int32
	people   int32
	supplier int32
}

// crossingDate returns the date of range day d.
func (w *world) date(d int) time.Time { return w.start.AddDate(0, 0, d) }

// newWorld builds the truth for cfg (already defaulted).
func newWorld(cfg Config) (*world, error) {
	s := cfg.Series
	w := &world{cfg: cfg, seed: cfg.Seed, start: cfg.From}
	w.days = int(cfg.To.Sub(cfg.From).Hours()/24) + 1
	d0, ok1 := s.Day(cfg.From)
	d1, ok2 := s.Day(cfg.To)
	if !ok1 || !ok2 || d1 < d0 {
		return nil, cfg.outsideSeries() // Defaults checked it: only a Config not defaulted gets here
	}
	realPeople := 0
	for d := d0; d <= d1; d++ {
		realPeople += s.People[d]
	}
	if realPeople == 0 {
		return nil, tideline.Errorf(tideline.EINVALID, "scenario: no small-boat arrivals between %s and %s: choose dates with crossings",
			cfg.From.Format(time.DateOnly), cfg.To.Format(time.DateOnly))
	}
	// Groups first: their members count towards --people.
	groups := cfg.Groups
	if groups == 0 {
		target := cfg.People
		if target == 0 {
			target = realPeople
		}
		groups = max(3, int(math.Round(float64(target)/1000)))
	}
	w.buildGroups(groups)
	w.phoneBase = make([]int, len(w.members)+1)
	for m := range w.members {
		w.phoneBase[m+1] = w.phoneBase[m] + len(w.phoneSpans(m))
	}
	w.scale = 1
	if cfg.People > 0 {
		rest := cfg.People - len(w.members)
		// Persons on boats: all but core pilots' seats and returnees (at
		// the rate of each day, weighted by its arrivals).
		returnees := 0.0
		for d := returneeMinDays; d < w.days; d++ {
			returnees += float64(s.People[d0+d]) * w.returneeRate(d)
		}
		perReal := (1 - returnees/float64(realPeople)) * (1 - corePilotShare/meanOnBoard)
		if rest < 1 {
			return nil, tideline.Errorf(tideline.EINVALID, "scenario: --people %d is too few for %s (%s); raise --people or lower --groups",
				cfg.People, plural(groups, "group", "groups"), plural(len(w.members), "member", "members"))
		}
		w.scale = float64(rest) / (float64(realPeople) * perReal)
	}
	w.schedule(d0)
	if len(w.crossings) == 0 {
		// Scaled down this far, no day reaches a whole boat.
		return nil, tideline.Errorf(tideline.EINVALID, "scenario: --people %d leaves %s after the %s of %s: too few for any crossing between %s and %s; raise --people or lower --groups",
			cfg.People, plural(cfg.People-len(w.members), "person", "people"), plural(len(w.members), "member", "members"),
			plural(groups, "group", "groups"), cfg.From.Format(time.DateOnly), cfg.To.Format(time.DateOnly))
	}
	w.buildActive()
	w.allocate()
	return w, nil
}

// noun returns the noun that fits n: one for 1, else many.
func noun(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// plural writes n with thousands separators and the noun that fits it:
// "1 group", "5,246 members".
func plural(n int, one, many string) string {
	noun := many
	if n == 1 {
		noun = one
	}
	digits := strconv.Itoa(n)
	neg := strings.HasPrefix(digits, "-")
	digits = strings.TrimPrefix(digits, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String() + " " + noun
}

// corePilotShare is the share of boats steered by a core member rather
// than a passenger recruited for the trip; meanOnBoard only calibrates the
// people count.
const (
	corePilotShare = 0.3
	meanOnBoard    = 40.0
)

// Launch areas on the French and Belgian coast, UK cities where members
// live, and continental cities of logistics cells.
var (
	launchAreas = []string{"Gravelines", "Grande-Synthe", "Loon-Plage", "Calais", "Wimereux", "Boulogne-sur-Mer",
		"Equihen-Plage", "Hardelot", "Le Portel", "Berck", "Le Touquet", "Sangatte", "Dunkerque", "De Panne"}
	ukCities = []string{"London", "Birmingham", "Manchester", "Leeds", "Bradford", "Coventry", "Liverpool", "Portsmouth", "Cardiff", "Glasgow", "Huddersfield", "Stoke-on-Trent"}
	euCities = []struct {
		name string
		c    country
	}{{"Essen", cDE}, {"Dortmund", cDE}, {"Osnabrück", cDE}, {"Bochum", cDE}, {"Bielefeld", cDE},
		{"Bruxelles", cBE}, {"Antwerpen", cBE}, {"Liège", cBE}, {"Lille", cFR}, {"Rotterdam", cNL}, {"Sofia", cBG}}
)

// groupProfiles are the origins of the groups' cores, with weights.
var groupProfiles = []struct {
	weight  float64
	culture string
	nats    []cultureShare // nationality codes with shares (culture field holds the code)
}{
	{0.28, "kurdish", []cultureShare{{"iq", 0.7}, {"ir", 0.15}, {"tr", 0.1}, {"sy", 0.05}}},
	{0.15, "albanian", []cultureShare{{"al", 0.85}, {"xk", 0.15}}},
	{0.12, "pashto", []cultureShare{{"af", 1}}},
	{0.10, "persian", []cultureShare{{"ir", 0.8}, {"af", 0.2}}},
	{0.08, "vietnamese", []cultureShare{{"vn", 1}}},
	{0.08, "eritrean", []cultureShare{{"er", 0.85}, {"et", 0.15}}},
	{0.07, "sudanese", []cultureShare{{"sd", 1}}},
	{0.07, "arabic", []cultureShare{{"sy", 0.4}, {"iq", 0.3}, {"eg", 0.2}, {"kw", 0.1}}},
	{0.05, "turkish", []cultureShare{{"tr", 1}}},
}

// Stream domains: the first path element of every stream, so that streams
// for different purposes never coincide.
const (
	dGroup uint64 = iota + 1
	dMember
	dDay
	dCrossing
	dPassenger
	dPrevent
	dRecord
	dCall
	dIntel
	dMoney
	dANPR
	dPartner
	dArrest
	dSubscriber
	dAsset
	dNoise
)

func (w *world) buildGroups(n int) {
	w.groups = make([]group, n)
	long := n > 12 && w.days > 400
	meanLife := 720.0
	for g := range w.groups {
		r := stream(w.seed, dGroup, uint64(g))
		gr := &w.groups[g]
		gr.id = g
		weights := make([]float64, len(groupProfiles))
		total := 0.0
		for i, p := range groupProfiles {
			weights[i], total = p.weight, total+p.weight
		}
		prof := groupProfiles[r.weighted(weights, total)]
		gr.culture = prof.culture
		gr.nationality = pickShare(&r, prof.nats)
		// Sizes of 10-60, most between 15 and 35: 10 + 50 * Beta(2, 4).
		gr.size = 10 + int(50*beta24(&r))
		gr.launch = r.intn(len(launchAreas))
		gr.ukCity = r.zipf(len(ukCities))
		gr.euCity = r.intn(len(euCities))
		if long {
			life := meanLife * (0.5 + r.float())
			span := float64(w.days) + meanLife/2
			start := -meanLife/2 + span*(float64(g)+r.float())/float64(n)
			gr.first, gr.last = int(start), int(start+life)
		} else {
			gr.first, gr.last = -r.between(60, 400), w.days-1+r.between(30, 400)
			if n > 3 && r.chance(0.3) {
				gr.last = w.days/2 + r.intn(max(1, w.days/2))
			}
		}
	}
	// Every day with crossings needs an active group: extend the group
	// whose window ends closest before a gap.
	for d := 0; d < w.days; d++ {
		if w.activeOn(d) {
			continue
		}
		best := 0
		for g := range w.groups {
			if w.groups[g].last < d && w.groups[g].last > w.groups[best].last || w.groups[best].last >= d {
				best = g
			}
		}
		w.groups[best].last = d + 30
	}
	base := 0
	for g := range w.groups {
		gr := &w.groups[g]
		r := stream(w.seed, dGroup, uint64(g), 1)
		gr.dismantled = gr.last < w.days-1 && r.chance(0.8)
		switch {
		case gr.dismantled:
			gr.targeted = true
			gr.opTo = gr.last
			gr.opFrom = gr.last - r.between(90, 180)
		case r.chance(0.35):
			gr.targeted = true
			lo, hi := max(gr.first, 0), min(gr.last, w.days-1)
			length := r.between(60, 150)
			if hi-lo > length {
				gr.opFrom = lo + r.intn(hi-lo-length)
			} else {
				gr.opFrom = lo
			}
			gr.opTo = min(gr.opFrom+length, hi)
		}
		gr.base = base
		w.addMembers(gr, &r)
		base += gr.size
	}
	// Shared suppliers and money handlers: a group also buys from the
	// suppliers of up to two groups near it in time, and moves money
	// through another's handler.
	for g := range w.groups {
		gr := &w.groups[g]
		r := stream(w.seed, dGroup, uint64(g), 2)
		gr.extHandler = -1
		if n < 2 {
			continue
		}
		for k := 0; k < 2; k++ {
			h := (g + 1 + r.intn(min(n-1, 8))) % n
			if s := w.groups[h].roleStart[RoleSupplier]; s < w.groups[h].roleStart[RoleSupplier+1] {
				gr.extSupplier = append(gr.extSupplier, w.groups[h].base+s)
			}
		}
		if r.chance(0.6) {
			h := (g + n - 1 - r.intn(min(n-1, 8))) % n
			if s := w.groups[h].roleStart[RoleMoneyHandler]; s < w.groups[h].roleStart[RoleMoneyHandler+1] {
				gr.extHandler = w.groups[h].base + s
			}
		}
	}
}

func (w *world) activeOn(d int) bool {
	for g := range w.groups {
		if w.groups[g].first <= d && d <= w.groups[g].last {
			return true
		}
	}
	return false
}

// beta24 draws from Beta(2, 4): the second-smallest of five uniforms.
func beta24(r *rng) float64 {
	var u [5]float64
	for i := range u {
		u[i] = r.float()
	}
	for i := 1; i < 5; i++ {
		for j := i; j > 0 && u[j] < u[j-1]; j-- {
			u[j], u[j-1] = u[j-1], u[j]
		}
	}
	return u[1]
}

func pickShare(r *rng, s []cultureShare) string {
	w := make([]float64, len(s))
	total := 0.0
	for i, c := range s {
		w[i], total = c.p, total+c.p
	}
	return s[r.weighted(w, total)].culture
}

// addMembers assigns roles and residences to group gr's members.
func (w *world) addMembers(gr *group, r *rng) {
	n := gr.size
	counts := [numRoles]int{
		RoleOrganiser:    1,
		RoleLieutenant:   max(1, int(math.Round(float64(n)*0.08))),
		RoleRecruiter:    int(math.Round(float64(n) * 0.10)),
		RoleBroker:       int(math.Round(float64(n) * 0.08)),
		RoleDriver:       int(math.Round(float64(n) * 0.18)),
		RoleSupplier:     max(1, int(math.Round(float64(n)*0.06))),
		RoleMoneyHandler: max(1, int(math.Round(float64(n)*0.05))),
	}
	if n >= 40 {
		counts[RoleOrganiser] = 2
	}
	used := 0
	for _, c := range counts {
		used += c
	}
	counts[RolePilot] = max(1, n-used)
	gr.size = used + counts[RolePilot]
	k := 0
	for role := Role(0); role < numRoles; role++ {
		gr.roleStart[role] = k
		k += counts[role]
	}
	gr.roleStart[numRoles] = k
	lieutenants := counts[RoleLieutenant]
	for i := 0; i < gr.size; i++ {
		role := Role(0)
		for role+1 < numRoles && i >= gr.roleStart[role+1] {
			role++
		}
		m := member{group: int32(gr.id), role: role, cell: -1, culture: gr.culture, national: gr.nationality}
		if role > RoleLieutenant {
			m.cell = int32(gr.base + gr.roleStart[RoleLieutenant] + (i % lieutenants))
		}
		mr := stream(w.seed, dMember, uint64(gr.base+i))
		eu := euCities[gr.euCity].c
		switch role {
		case RoleOrganiser, RoleMoneyHandler:
			m.residence = pickCountry(&mr, cGB, 0.6, eu, 0.3, byISO2(gr.nationality))
		case RoleLieutenant:
			m.residence = pickCountry(&mr, cFR, 0.4, cGB, 0.3, eu)
		case RoleRecruiter, RolePilot:
			m.residence = pickCountry(&mr, cFR, 0.75, cBE, 0.25, cFR)
		case RoleBroker:
			m.residence = pickCountry(&mr, cFR, 0.5, cGB, 0.3, byISO2(gr.nationality))
		case RoleDriver:
			m.residence = pickCountry(&mr, cFR, 0.4, eu, 0.4, cBE)
		case RoleSupplier:
			m.residence = pickCountry(&mr, cDE, 0.5, cBE, 0.2, pickCountry(&mr, cNL, 0.4, cBG, 0.3, cFR))
		}
		// Locals: some drivers are French or Belgian, and some UK
		// residents were born British.
		switch {
		case role == RoleDriver && (m.residence == cFR || m.residence == cBE) && mr.chance(0.3):
			m.culture, m.national = "french", m.residence.iso2
		case m.residence == cGB && mr.chance(0.25):
			m.national = "gb"
		}
		w.members = append(w.members, m)
	}
}

// pickCountry returns a with probability pa, b with pb, else c.
func pickCountry(r *rng, a country, pa float64, b country, pb float64, c country) country {
	x := r.float()
	switch {
	case x < pa:
		return a
	case x < pa+pb:
		return b
	}
	return c
}

// schedule lays out the crossings of the range from the daily series
// (from series day d0), scaled by w.scale, and the French preventions.
func (w *world) schedule(d0 int) {
	s := w.cfg.Series
	w.dayFirst = make([]int32, w.days+1)
	// Boats and people are scaled with error diffusion: each day gets the
	// whole part of the running scaled total, so totals over any stretch of
	// days are within one boat of the scaled real ones (and exact at scale 1).
	var boatCarry, peopleCarry float64
	for d := 0; d < w.days; d++ {
		w.dayFirst[d] = int32(len(w.crossings))
		p, b := s.People[d0+d], s.Boats[d0+d]
		if b == 0 {
			continue
		}
		r := stream(w.seed, dDay, uint64(d))
		boatCarry += float64(b) * w.scale
		boats := int(math.Floor(boatCarry + 1e-9))
		boatCarry -= float64(boats)
		if boats == 0 {
			continue
		}
		people := p
		if boats != b {
			peopleCarry += float64(p) * float64(boats) / float64(b)
			people = int(math.Floor(peopleCarry + 1e-9))
			peopleCarry -= float64(people)
			people = max(people, boats)
		}
		uncontrolled := 0
		if u := s.Uncontrolled[d0+d]; u > 0 {
			uncontrolled = stochRound(&r, float64(u)*float64(boats)/float64(b))
		}
		for i, load := range partition(&r, people, boats) {
			c := crossing{day: int32(d), onBoard: int32(load), outcome: outcomeIntercepted, engines: 1}
			if i < uncontrolled {
				c.outcome = outcomeLanded
			}
			if load > 60 {
				c.engines = 2
			}
			w.crossings = append(w.crossings, c)
		}
	}
	w.dayFirst[w.days] = int32(len(w.crossings))
	var eventCarry float64
	for _, wk := range s.Prevented {
		end := int(wk.WeekEnding.Sub(w.start).Hours() / 24)
		if end < 0 || end-6 >= w.days || wk.Events == 0 {
			continue
		}
		r := stream(w.seed, dPrevent, 1, uint64(end))
		eventCarry += float64(wk.Events) * w.scale
		events := int(math.Floor(eventCarry + 1e-9))
		eventCarry -= float64(events)
		for i := 0; i < events; i++ {
			d := end - r.intn(7)
			if d < 0 || d >= w.days {
				continue
			}
			people := max(1, int(math.Round(float64(wk.People)/float64(wk.Events)*(0.6+0.8*r.float()))))
			w.prevented = append(w.prevented, prevention{day: int32(d), people: int32(people)})
		}
	}
	// Preventions in date order (the week's draws are unordered).
	sortPreventions(w.prevented)
}

func sortPreventions(p []prevention) {
	for i := 1; i < len(p); i++ {
		for j := i; j > 0 && p[j].day < p[j-1].day; j-- {
			p[j], p[j-1] = p[j-1], p[j]
		}
	}
}

// stochRound rounds x up with probability frac(x): unbiased, and exact
// for whole numbers.
func stochRound(r *rng, x float64) int {
	f := math.Floor(x)
	if r.float() < x-f {
		return int(f) + 1
	}
	return int(f)
}

// partition splits total people among n boats, each at least one, around
// the mean with spread.
func partition(r *rng, total, n int) []int {
	out := make([]int, n)
	if n == 0 {
		return out
	}
	weights := make([]float64, n)
	sum := 0.0
	for i := range weights {
		weights[i] = 0.6 + 0.8*r.float()
		sum += weights[i]
	}
	left := total - n
	given := 0
	for i := range out {
		share := int(float64(left) * weights[i] / sum)
		out[i] = 1 + share
		given += share
	}
	for i := 0; given < left; i = (i + 1) % n {
		out[i]++
		given++
	}
	return out
}

// buildActive lists the active groups of each day.
func (w *world) buildActive() {
	w.activeFirst = make([]int32, w.days+1)
	for d := 0; d < w.days; d++ {
		w.activeFirst[d] = int32(len(w.active))
		for g := range w.groups {
			if w.groups[g].first <= d && d <= w.groups[g].last {
				w.active = append(w.active, int32(g))
			}
		}
	}
	w.activeFirst[w.days] = int32(len(w.active))
}

// activeGroups returns the groups active on day d.
func (w *world) activeGroups(d int) []int32 { return w.active[w.activeFirst[d]:w.activeFirst[d+1]] }

// allocate gives each crossing and prevention to an active group
// (weighted by size), a pilot and a supplier, and counts the passengers.
func (w *world) allocate() {
	pick := func(r *rng, d int) int {
		act := w.activeGroups(d)
		total := 0
		for _, g := range act {
			total += w.groups[g].size
		}
		x := r.intn(total)
		for _, g := range act {
			if x < w.groups[g].size {
				return int(g)
			}
			x -= w.groups[g].size
		}
		return int(act[len(act)-1])
	}
	w.seatBase = make([]int, len(w.crossings)+1)
	for i := range w.crossings {
		c := &w.crossings[i]
		w.seatBase[i+1] = w.seatBase[i] + int(c.onBoard)
		r := stream(w.seed, dCrossing, uint64(i))
		g := pick(&r, int(c.day))
		gr := &w.groups[g]
		c.group = int32(g)
		c.pilot = -1
		if r.chance(corePilotShare) {
			lo, hi := gr.roleStart[RolePilot], gr.roleStart[RolePilot+1]
			c.pilot = int32(gr.base + lo + r.intn(hi-lo))
		}
		c.supplier = int32(w.supplierFor(&r, gr))
		for s := 0; s < int(c.onBoard); s++ {
			if s == 0 && c.pilot >= 0 {
				continue
			}
			if _, ok := w.returneeOf(i, s); !ok {
				w.passengers++
			}
		}
	}
	for i := range w.prevented {
		p := &w.prevented[i]
		r := stream(w.seed, dPrevent, uint64(i))
		g := pick(&r, int(p.day))
		p.group = int32(g)
		p.supplier = int32(w.supplierFor(&r, &w.groups[g]))
	}
}

// supplierFor picks who supplies a group's boat: its own supplier, or one
// of the suppliers it shares with other groups.
func (w *world) supplierFor(r *rng, gr *group) int {
	if len(gr.extSupplier) > 0 && r.chance(0.4) {
		return gr.extSupplier[r.intn(len(gr.extSupplier))]
	}
	lo, hi := gr.roleStart[RoleSupplier], gr.roleStart[RoleSupplier+1]
	return gr.base + lo + r.intn(hi-lo)
}

// Returnees: a person who has reached the UK does not soon cross again.
// Those who do were returned to France, under the UK-France returns
// agreement from 6 August 2025 ("one in, one out"; before it, removals to
// France were rare), and try again weeks or months later. So a seat of a
// crossing is a returnee with probability Noise.Returnee on days from the
// agreement on and a fifth of it before, and only when an earlier crossing
// lies 60 to 400 days before it (none in a range's first 60 days). Seat 0
// (the pilot's) is never a returnee, nor is an earlier seat 0.
const (
	returneeMinDays = 60
	returneeMaxDays = 400
	returneeEarly   = 0.2 // share of Noise.Returnee before the returns agreement
)

// returnsAgreement is the first day of the UK-France returns agreement.
var returnsAgreement = day(2025, 8, 6)

// returneeRate is the chance that a seat of a crossing on range day d is
// a returnee.
func (w *world) returneeRate(d int) float64 {
	if w.date(d).Before(returnsAgreement) {
		return w.cfg.Noise.Returnee * returneeEarly
	}
	return w.cfg.Noise.Returnee
}

// returneeOf reports whether seat s of crossing c is a person who crossed
// before (returned to France and crossing again, see returneeRate) and, if
// so, that person's first crossing and seat. Chains resolve to the first
// crossing; every earlier crossing of a chain is at least returneeMinDays
// before the next.
func (w *world) returneeOf(c, s int) ([2]int, bool) {
	found := false
	for s > 0 {
		d := int(w.crossings[c].day)
		if d < returneeMinDays {
			break
		}
		r := stream(w.seed, dPassenger, uint64(c), uint64(s), 7)
		if !r.chance(w.returneeRate(d)) {
			break
		}
		td := d - r.between(returneeMinDays, returneeMaxDays)
		if td < 0 {
			td = r.intn(d - returneeMinDays + 1)
		}
		// A crossing of the week up to day td, or the last one before it.
		lo, hi := int(w.dayFirst[max(0, td-6)]), int(w.dayFirst[td+1])
		prev := hi - 1
		if hi > lo {
			prev = lo + r.intn(hi-lo)
		}
		if prev < 0 {
			break // no crossing that early
		}
		ps := r.intn(int(w.crossings[prev].onBoard))
		if ps == 0 {
			break // the seat was the pilot's
		}
		c, s, found = prev, ps, true
	}
	return [2]int{c, s}, found
}

// memberID returns the true id of core member m: "G{group}-M{index}".
func (w *world) memberID(m int) string {
	g := w.members[m].group
	return fmt.Sprintf("G%d-M%d", g, m-w.groups[g].base)
}

// passengerID returns the true id of the person in seat s of crossing c:
// "C{crossing}-S{seat}" of the crossing they first arrived on.
func (w *world) passengerID(c, s int) string {
	if first, ok := w.returneeOf(c, s); ok {
		c, s = first[0], first[1]
	}
	return fmt.Sprintf("C%d-S%d", c, s)
}
