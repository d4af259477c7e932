package scenario

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// The true events of the world. Each is drawn from streams keyed by its
// group and day, so every source that reports it sees the same event.

// tie is a working relationship between two members, with the calls per
// day it carries.
type tie struct {
	a, b int32 // member indices, a the senior
	rate float32
	kind string // "command", "cell", "supply", "money", "peer"
}

// groupTies returns the ties of group g: the hierarchy (organisers to
// lieutenants, lieutenants to their cells), supply and money ties, and
// those to the suppliers and money handlers it shares with other groups.
func (w *world) groupTies(g int) []tie {
	gr := &w.groups[g]
	idx := func(role Role) (int, int) { return gr.base + gr.roleStart[role], gr.base + gr.roleStart[role+1] }
	var out []tie
	add := func(a, b int, rate float32, kind string) {
		if a != b {
			out = append(out, tie{int32(a), int32(b), rate, kind})
		}
	}
	o0, o1 := idx(RoleOrganiser)
	l0, l1 := idx(RoleLieutenant)
	h0, h1 := idx(RoleMoneyHandler)
	b0, b1 := idx(RoleBroker)
	s0, s1 := idx(RoleSupplier)
	for o := o0; o < o1; o++ {
		for o2 := o + 1; o2 < o1; o2++ {
			add(o, o2, 0.6, "command")
		}
		for l := l0; l < l1; l++ {
			add(o, l, 0.8, "command")
		}
		for h := h0; h < h1; h++ {
			add(o, h, 0.4, "money")
		}
	}
	for l := l0; l < l1; l++ {
		for l2 := l + 1; l2 < l1; l2++ {
			add(l, l2, 0.25, "peer")
		}
	}
	rates := [numRoles]float32{RoleRecruiter: 0.3, RoleBroker: 0.3, RoleDriver: 0.4, RoleSupplier: 0.3, RoleMoneyHandler: 0.2, RolePilot: 0.15}
	for m := l1; m < gr.base+gr.size; m++ {
		mem := &w.members[m]
		add(int(mem.cell), m, rates[mem.role], "cell")
	}
	for b := b0; b < b1; b++ {
		for h := h0; h < h1; h++ {
			add(h, b, 0.2, "money")
		}
	}
	d0, d1 := idx(RoleDriver)
	for d := d0; d < d1; d++ {
		add(s0+(d-d0)%(s1-s0), d, 0.2, "supply")
	}
	for _, s := range gr.extSupplier {
		add(l0, s, 0.2, "supply")
	}
	if gr.extHandler >= 0 {
		add(o0, gr.extHandler, 0.25, "money")
	}
	return out
}

// call is one call or text between two members.
type call struct {
	id               string
	caller, receiver int
	at               time.Time
	seconds          int // 0 for a text message
}

// callsOn returns the calls of group g on range day d, in time order:
// those along its ties, made in waking hours (7:00 to midnight, busiest in
// the evening), and on the nights of its crossings the calls around each
// launch (nightCalls), which fall on the crossing's day or the evening
// before. Calls are made every day; communications data is obtained only
// for the operation windows, which is where sources ask for them.
func (w *world) callsOn(g, d int, ties []tie) []call {
	var out []call
	day := w.date(d)
	for i, t := range ties {
		r := stream(w.seed, dCall, uint64(g), uint64(d), uint64(i))
		n := r.poisson(float64(t.rate))
		for k := 0; k < n; k++ {
			c := call{id: fmt.Sprintf("CALL-%d-%d-%d-%d", g, d, i, k), caller: int(t.a), receiver: int(t.b)}
			if r.chance(0.4) {
				c.caller, c.receiver = c.receiver, c.caller
			}
			// Waking hours, busiest in the evening.
			sec := 7*3600 + int(17*3600*math.Sqrt(r.float()))
			c.at = day.Add(time.Duration(sec) * time.Second)
			if !r.chance(0.25) {
				c.seconds = 5 + int(math.Exp(3.5+1.1*r.normal()))
			}
			out = append(out, c)
		}
	}
	for _, cd := range []int{d, d + 1} {
		if cd >= w.days {
			continue
		}
		for c := int(w.dayFirst[cd]); c < int(w.dayFirst[cd+1]); c++ {
			if int(w.crossings[c].group) != g {
				continue
			}
			for _, nc := range w.nightCalls(c) {
				if !nc.at.Before(day) && nc.at.Before(day.AddDate(0, 0, 1)) {
					out = append(out, nc)
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].at.Before(out[j].at) || out[i].at.Equal(out[j].at) && out[i].id < out[j].id
	})
	return out
}

// nightCalls returns the calls around crossing c's launch, from five
// hours before it to an hour after: between the lieutenant running the
// launch (the pilot's when the pilot is a core member), one or two drivers
// bringing the boat and the people to the beach, and the pilot when a core
// member (a recruited pilot is given a phone only on the beach).
func (w *world) nightCalls(c int) []call {
	cr := &w.crossings[c]
	gr := &w.groups[cr.group]
	r := stream(w.seed, dCall, 2, uint64(c))
	launch, _ := w.crossingTimes(c)
	l0, l1 := gr.base+gr.roleStart[RoleLieutenant], gr.base+gr.roleStart[RoleLieutenant+1]
	lt := l0 + r.intn(l1-l0)
	if cr.pilot >= 0 {
		lt = int(w.members[cr.pilot].cell)
	}
	var drivers []int
	if d0, n := gr.base+gr.roleStart[RoleDriver], gr.roleStart[RoleDriver+1]-gr.roleStart[RoleDriver]; n > 0 {
		first := r.intn(n)
		drivers = append(drivers, d0+first)
		if n > 1 && r.chance(0.6) {
			drivers = append(drivers, d0+(first+1+r.intn(n-1))%n)
		}
	}
	type pair struct {
		a, b int
		rate float64
	}
	var pairs []pair
	for _, dr := range drivers {
		pairs = append(pairs, pair{lt, dr, 3})
		if cr.pilot >= 0 {
			pairs = append(pairs, pair{dr, int(cr.pilot), 1})
		}
	}
	if cr.pilot >= 0 {
		pairs = append(pairs, pair{lt, int(cr.pilot), 2})
	}
	var out []call
	for _, p := range pairs {
		for k := r.poisson(p.rate); k > 0; k-- {
			nc := call{id: fmt.Sprintf("CALL-C%d-%d", c, len(out)), caller: p.a, receiver: p.b}
			if r.chance(0.5) {
				nc.caller, nc.receiver = nc.receiver, nc.caller
			}
			nc.at = launch.Add(time.Duration(r.intn(6*3600)-5*3600) * time.Second)
			if !r.chance(0.3) {
				nc.seconds = 5 + int(math.Exp(3+0.9*r.normal()))
			}
			out = append(out, nc)
		}
	}
	return out
}

// meeting is two members seen together.
type meeting struct {
	id    string
	a, b  int
	at    time.Time
	place string
	uk    bool
}

// meetingsOn returns the meetings of group g on range day d.
func (w *world) meetingsOn(g, d int, ties []tie) []meeting {
	r := stream(w.seed, dIntel, uint64(g), uint64(d), 1)
	n := r.poisson(0.25)
	out := make([]meeting, 0, n)
	gr := &w.groups[g]
	for k := 0; k < n && len(ties) > 0; k++ {
		t := ties[r.intn(len(ties))]
		m := meeting{id: fmt.Sprintf("MEETING-%d-%d-%d", g, d, k), a: int(t.a), b: int(t.b)}
		m.at = w.date(d).Add(time.Duration(9*3600+r.intn(13*3600)) * time.Second)
		ra, rb := w.members[t.a].residence, w.members[t.b].residence
		switch {
		case ra == cGB && rb == cGB:
			m.place, m.uk = ukCities[gr.ukCity], true
		case ra == cGB || rb == cGB:
			m.place = "Ferry terminal, Calais"
		default:
			m.place = launchAreas[gr.launch]
		}
		out = append(out, m)
	}
	return out
}

// payment is a transfer between members' accounts (or a cash deposit).
type payment struct {
	id           string
	payer, payee int // member indices; payer -1 for a cash deposit
	payerAcct    *account
	payeeAcct    *account
	amount       float64
	currency     string
	at           time.Time
	purpose      string
}

// paymentsOn returns the payments of group g on range day d: fares paid
// in by brokers, boat and engine purchases, the organisers' share.
func (w *world) paymentsOn(g, d int) []payment {
	gr := &w.groups[g]
	r := stream(w.seed, dMoney, uint64(g), uint64(d))
	handlers := []int{}
	for m := gr.base + gr.roleStart[RoleMoneyHandler]; m < gr.base+gr.roleStart[RoleMoneyHandler+1]; m++ {
		handlers = append(handlers, m)
	}
	if gr.extHandler >= 0 {
		handlers = append(handlers, gr.extHandler)
	}
	var out []payment
	add := func(payer, payee int, lo, hi float64, purpose string) {
		var pa, pb *account
		if payer >= 0 {
			if acc := w.memberAccounts(payer); len(acc) > 0 {
				pa = &acc[r.intn(len(acc))]
			} else {
				payer = -1 // no account: paid in cash
			}
		}
		acc := w.memberAccounts(payee)
		if len(acc) == 0 {
			return
		}
		pb = &acc[r.intn(len(acc))]
		p := payment{id: fmt.Sprintf("PAYMENT-%d-%d-%d", g, d, len(out)), payer: payer, payee: payee, payerAcct: pa, payeeAcct: pb, purpose: purpose}
		p.amount = math.Round((lo+(hi-lo)*r.float())/50) * 50
		p.currency = "EUR"
		if (pa != nil && pa.country == "gb") || (pa == nil && pb.country == "gb") {
			p.currency = "GBP"
		}
		p.at = w.date(d).Add(time.Duration(8*3600+r.intn(10*3600)) * time.Second)
		out = append(out, p)
	}
	h := handlers[r.intn(len(handlers))]
	for b := gr.base + gr.roleStart[RoleBroker]; b < gr.base+gr.roleStart[RoleBroker+1]; b++ {
		if r.chance(0.05) {
			add(b, h, 2000, 12000, "fares")
		}
	}
	if r.chance(0.06) {
		add(h, w.supplierFor(&r, gr), 3000, 20000, "boats and engines")
	}
	if r.chance(0.03) {
		add(h, gr.base+gr.roleStart[RoleOrganiser], 5000, 40000, "share")
	}
	return out
}

// arrestRef is who was arrested: a core member, or the recruited pilot
// (seat 0) of a crossing.
type arrestRef struct {
	member   int // -1 for a recruited pilot
	crossing int
}

// arrest is one arrest.
type arrest struct {
	id      string
	who     arrestRef
	at      time.Time
	place   string
	by      string // force or authority
	offence string
	uk      bool
}

// UK offences, for arrests by UK forces.
const (
	offenceFacilitation = "Assisting unlawful immigration (s.25 Immigration Act 1971)"
	offenceArrival      = "Arriving in the UK without valid entry clearance (s.24(D1) Immigration Act 1971)"
	offenceLaundering   = "Money laundering (s.327 Proceeds of Crime Act 2002)"
	offenceConspiracy   = "Conspiracy to facilitate a breach of immigration law (s.25 Immigration Act 1971)"
)

// partnerOffences are the offences partner police arrest for, in their
// own country's law: facilitation of illegal entry (smuggling), and money
// laundering for money handlers.
var partnerOffences = map[string]struct{ smuggling, laundering string }{
	"fr": {"Aide à l'entrée et au séjour irréguliers en bande organisée (CESEDA art. L823-1, L823-3)", "Blanchiment (Code pénal art. 324-1)"},
	"be": {"Trafic d'êtres humains / mensensmokkel (art. 77bis Loi du 15 décembre 1980)", "Blanchiment / witwassen (art. 505 Code pénal / Strafwetboek)"},
	"de": {"Einschleusen von Ausländern (§ 96, § 97 AufenthG)", "Geldwäsche (§ 261 StGB)"},
	"nl": {"Mensensmokkel (art. 197a Wetboek van Strafrecht)", "Witwassen (art. 420bis Wetboek van Strafrecht)"},
	"bg": {"Трафик на мигранти / migrant smuggling (Criminal Code art. 280)", "Изпиране на пари / money laundering (Criminal Code art. 253)"},
}

var ukForces = map[string]string{"London": "Metropolitan Police", "Birmingham": "West Midlands Police", "Manchester": "Greater Manchester Police",
	"Leeds": "West Yorkshire Police", "Bradford": "West Yorkshire Police", "Coventry": "West Midlands Police", "Liverpool": "Merseyside Police",
	"Portsmouth": "Hampshire Constabulary", "Cardiff": "South Wales Police", "Glasgow": "Police Scotland", "Huddersfield": "West Yorkshire Police",
	"Stoke-on-Trent": "Staffordshire Police"}

// doverProcessing is where Border Force brings the boats it meets at sea
// and processes the people on them.
const doverProcessing = "Western Jet Foil, Dover"

// ukBeaches are where boats not met at sea come ashore, most common first.
var ukBeaches = []string{"Dungeness", "Folkestone", "Hythe", "Deal", "Littlestone", "Kingsdown", "St Margaret's at Cliffe", "Camber", "Ramsgate"}

// crossingTimes returns when crossing c's boat left the French coast (at
// night, 00:00 to 06:00 of its day) and when it was detected (met at sea,
// or seen coming ashore) 1½ to 8 hours later. Both are properties of the
// crossing, drawn from its own stream, so that every source reporting it
// agrees: Border Force's detection, the pilot's arrest after it, the calls
// around the launch.
func (w *world) crossingTimes(c int) (launch, detected time.Time) {
	r := stream(w.seed, dCrossing, uint64(c), 2)
	launch = w.date(int(w.crossings[c].day)).Add(time.Duration(r.intn(6*60)) * time.Minute)
	detected = launch.Add(time.Duration(r.between(90, 8*60)) * time.Minute)
	return launch, detected
}

// landingPlace returns where crossing c's people came ashore: Border
// Force's processing site at Dover for boats met at sea, a beach for
// those landing on their own.
func (w *world) landingPlace(c int) string {
	if w.crossings[c].outcome != outcomeLanded {
		return doverProcessing
	}
	r := stream(w.seed, dCrossing, uint64(c), 3)
	return ukBeaches[r.zipf(len(ukBeaches))]
}

// arrestsOn returns the arrests of range day d: pilots arrested on
// arrival (1 to 6 hours after their boat was detected, where it came
// ashore), and the takedown of groups dismantled that day: UK residents by
// UK forces, residents of partner countries by their police under their
// own law; members living elsewhere are out of reach.
func (w *world) arrestsOn(d int) []arrest {
	var out []arrest
	for c := int(w.dayFirst[d]); c < int(w.dayFirst[d+1]); c++ {
		cr := &w.crossings[c]
		r := stream(w.seed, dArrest, 1, uint64(c))
		if !r.chance(0.4) {
			continue
		}
		a := arrest{id: fmt.Sprintf("ARREST-C%d", c), who: arrestRef{member: int(cr.pilot), crossing: c},
			place: w.landingPlace(c), by: "Kent Police", uk: true, offence: offenceArrival}
		if cr.pilot >= 0 || r.chance(0.5) {
			a.offence = offenceFacilitation
		}
		_, detected := w.crossingTimes(c)
		a.at = detected.Add(time.Duration(r.between(60, 6*60)) * time.Minute)
		out = append(out, a)
	}
	for g := range w.groups {
		gr := &w.groups[g]
		if !gr.dismantled || gr.last != d {
			continue
		}
		for m := gr.base; m < gr.base+gr.size; m++ {
			mem := &w.members[m]
			iso := mem.residence.iso2
			law, partner := partnerOffences[iso]
			if iso != "gb" && !partner {
				continue // lives beyond the operation's reach
			}
			r := stream(w.seed, dArrest, 2, uint64(m))
			p := 0.45
			switch mem.role {
			case RoleOrganiser:
				p = 0.9
			case RoleLieutenant, RoleMoneyHandler:
				p = 0.75
			case RolePilot:
				p = 0.1
			}
			if !r.chance(p) {
				continue
			}
			a := arrest{id: fmt.Sprintf("ARREST-M%d", m), who: arrestRef{member: m, crossing: -1}}
			a.at = w.date(d).Add(time.Duration(5*3600+r.intn(3*3600)) * time.Second) // dawn raids
			a.place = w.memberAddress(m).city
			if iso == "gb" {
				a.by, a.uk, a.offence = ukForces[a.place], true, offenceConspiracy
				if a.by == "" {
					a.by = "Metropolitan Police"
				}
				if mem.role == RoleMoneyHandler {
					a.offence = offenceLaundering
				}
			} else {
				a.by, a.offence = partnerAgencies[iso], law.smuggling
				if mem.role == RoleMoneyHandler {
					a.offence = law.laundering
				}
			}
			out = append(out, a)
		}
	}
	return out
}

// purchase is a batch of engines bought for a group's crossings.
type purchase struct {
	day      int
	supplier int
	engines  []int // crossing engine serials (crossing*2 + j)
}

// purchases returns the engine purchases a dealer reported as suspicious,
// in date order: each reported batch holds engines later used on
// crossings. O(crossings).
func (w *world) purchases() []purchase {
	byKey := map[[2]int]*purchase{}
	var out []*purchase
	for c := range w.crossings {
		cr := &w.crossings[c]
		r := stream(w.seed, dPartner, 1, uint64(c))
		if !r.chance(0.3) {
			continue
		}
		d := int(cr.day) - r.between(10, 60)
		d -= d % 7 // bought in weekly batches
		if d < 0 {
			continue
		}
		k := [2]int{d, int(cr.supplier)}
		p := byKey[k]
		if p == nil {
			p = &purchase{day: d, supplier: int(cr.supplier)}
			byKey[k] = p
			out = append(out, p)
		}
		for j := 0; j < int(cr.engines); j++ {
			p.engines = append(p.engines, c*2+j)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].day != out[j].day {
			return out[i].day < out[j].day
		}
		return out[i].supplier < out[j].supplier
	})
	res := make([]purchase, len(out))
	for i, p := range out {
		res[i] = *p
	}
	return res
}
