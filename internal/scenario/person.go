package scenario

import (
	"fmt"
	"time"
)

// civil is a calendar date without time zone.
type civil struct{ y, m, d int }

func (c civil) valid() bool {
	if c.m < 1 || c.m > 12 || c.d < 1 || c.y < 1900 || c.y > 2100 {
		return false
	}
	return c.d <= time.Date(c.y, time.Month(c.m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// iso returns the date as YYYY-MM-DD.
func (c civil) iso() string { return fmt.Sprintf("%04d-%02d-%02d", c.y, c.m, c.d) }

// identity is who a person truly is: the values a perfect record would hold.
type identity struct {
	id     string
	member int // core member index, -1 for people on the boats
	cult   *culture
	female bool
	given  *nameForm
	middle *nameForm // Vietnamese middle name
	family *nameForm // family name; in patronymic cultures the father's given name
	grand  *nameForm // patronymic cultures: the grandfather's given name
	dob    civil
	nat    country // zero when not recorded (stateless, unknown)
	// natLabel is the Home Office nationality label of a passenger.
	natLabel string
	aliases  []alias
	passport string // document number, "" when the person holds none
	passNat  country
}

// alias is another name a member uses.
type alias struct{ given, family *nameForm }

func (id *identity) gender() string {
	if id.female {
		return "female"
	}
	return "male"
}

// pickName draws a name from a list ordered by frequency.
func pickName(r *rng, list []nameForm) *nameForm {
	if len(list) == 0 {
		return &nameForm{canon: "Unknown"}
	}
	return &list[r.zipf(len(list))]
}

// givenNames returns the given names of a sex in a culture.
func givenNames(c *culture, female bool) []nameForm {
	if female && len(c.female) > 0 {
		return c.female
	}
	return c.male
}

// familyNames returns the family names of a sex in a culture: women's
// own list where the culture has one (Sikh Kaur, Bangladeshi Begum,
// Slavic -ova), else the culture's family names.
func familyNames(c *culture, female bool) []nameForm {
	if female && len(c.femaleFamily) > 0 {
		return c.femaleFamily
	}
	return c.family
}

// fillNames draws a person's names in culture c.
func fillNames(r *rng, id *identity, c *culture) {
	id.cult = c
	id.given = pickName(r, givenNames(c, id.female))
	switch {
	case c.patronymic:
		id.family = pickName(r, c.male)
		id.grand = pickName(r, c.male)
	default:
		id.family = pickName(r, familyNames(c, id.female))
	}
	if c.familyFirst {
		mid := c.middleMale
		if id.female {
			mid = c.middleFemale
		}
		if len(mid) > 0 {
			id.middle = pickName(r, mid)
		}
	}
}

func mustCulture(name string) *culture {
	if c := cultures[name]; c != nil {
		return c
	}
	return cultures["arabic"]
}

// memberIdentity returns the identity of core member m.
func (w *world) memberIdentity(m int) identity {
	mem := &w.members[m]
	r := stream(w.seed, dMember, uint64(m), 1)
	id := identity{id: w.memberID(m), member: m}
	id.female = mem.role != RolePilot && mem.role != RoleDriver && r.chance(0.08)
	fillNames(&r, &id, mustCulture(mem.culture))
	id.nat = byISO2(mem.national)
	gr := &w.groups[mem.group]
	mid := w.date((max(gr.first, 0) + min(gr.last, w.days-1)) / 2)
	lo, hi := 20, 45
	switch mem.role {
	case RoleOrganiser:
		lo, hi = 30, 55
	case RoleLieutenant, RoleMoneyHandler, RoleSupplier:
		lo, hi = 25, 50
	case RolePilot:
		lo, hi = 18, 35
	}
	id.dob = birthDate(&r, mid, lo, hi)
	for k := 0; k < 2 && r.chance(0.5); k++ {
		a := alias{given: pickName(&r, givenNames(id.cult, id.female)), family: id.family}
		if r.chance(0.5) {
			if id.cult.patronymic {
				a.family = pickName(&r, id.cult.male)
			} else {
				a.family = pickName(&r, familyNames(id.cult, id.female))
			}
		}
		if a.given != id.given || a.family != id.family {
			id.aliases = append(id.aliases, a)
		}
	}
	if r.chance(0.7) {
		id.passNat = id.nat
		if id.passNat.iso2 == "" {
			id.passNat = mem.residence
		}
		id.passport = passportNumber(w.seed, id.passNat.iso2, uint64(m)<<1)
	}
	return id
}

// birthDate draws a date of birth for someone aged lo to hi on day t.
func birthDate(r *rng, t time.Time, lo, hi int) civil {
	age := r.between(lo, hi)
	b := t.AddDate(-age, 0, -r.intn(365))
	return civil{b.Year(), int(b.Month()), b.Day()}
}

// familyJoin is the chance that a seat belongs to the family of the seat
// before it (people travelling as a family share a family name).
const familyJoin = 0.12

// passengerIdentity returns the identity of the person in seat s of
// crossing c (a returnee's identity is that of their first crossing).
func (w *world) passengerIdentity(c, s int) identity {
	if first, ok := w.returneeOf(c, s); ok {
		c, s = first[0], first[1]
	}
	cr := &w.crossings[c]
	t := w.date(int(cr.day))
	// The family leader: the first seat of a run of joined seats.
	lead := s
	for lead > 1 {
		fr := stream(w.seed, dPassenger, uint64(c), uint64(lead), 3)
		if !fr.chance(familyJoin) {
			break
		}
		lead--
	}
	lr := stream(w.seed, dPassenger, uint64(c), uint64(lead), 1)
	label, region := w.passengerNationality(&lr, t.Year())
	nat := hoNationality[label]
	cult := passengerCulture(&lr, nat.iso2, region)
	r := stream(w.seed, dPassenger, uint64(c), uint64(s), 2)
	id := identity{id: fmt.Sprintf("C%d-S%d", c, s), member: -1, nat: nat, natLabel: label}
	sex, ageGroup := w.passengerDemography(&r, t.Year())
	// Seat 0 of a boat without a core pilot is the passenger recruited to
	// steer it: a man of 18 to 40.
	pilot := s == 0 && cr.pilot < 0
	if pilot {
		sex, ageGroup = "Male", "pilot"
	}
	id.female = sex == "Female"
	fillNames(&r, &id, cult)
	if lead != s {
		lid := stream(w.seed, dPassenger, uint64(c), uint64(lead), 2)
		lsex, _ := w.passengerDemography(&lid, t.Year())
		var leader identity
		leader.female = lsex == "Female"
		fillNames(&lid, &leader, cult)
		switch {
		case cult.patronymic && !leader.female:
			// A child's second name is the father's given name.
			id.family, id.grand = leader.given, leader.family
		case len(cult.femaleFamily) > 0 && leader.female != id.female:
			// Family names that differ by sex (Singh and Kaur) are not
			// shared across it.
		default:
			id.family, id.grand = leader.family, leader.grand
		}
	}
	lo, hi := 25, 39
	switch ageGroup {
	case "17 and under":
		lo, hi = 3, 17
		if r.chance(0.6) {
			lo = 14 // most minors crossing are teenagers
		}
	case "18 to 24":
		lo, hi = 18, 24
	case "40 and over":
		lo, hi = 40, 66
	case "pilot":
		lo, hi = 18, 40
	}
	id.dob = birthDate(&r, t, lo, hi)
	if r.chance(0.12) && nat.iso2 != "" {
		id.passNat = nat
		id.passport = passportNumber(w.seed, nat.iso2, uint64(w.seatBase[c]+s)<<1|1)
	}
	return id
}

// passengerNationality draws a Home Office nationality label (and its
// region) from the year's small-boat arrivals; for a year after Irr_D01's
// last (2023), from that last year's (Series.NationalityYear).
func (w *world) passengerNationality(r *rng, year int) (string, string) {
	counts := w.cfg.Series.NationalityFor(year)
	total := 0
	for _, n := range counts {
		total += n.People
	}
	x := r.intn(total)
	for _, n := range counts {
		if x < n.People {
			return n.Nationality, n.Region
		}
		x -= n.People
	}
	last := counts[len(counts)-1]
	return last.Nationality, last.Region
}

// passengerDemography draws a sex and an age group from the year's
// arrivals; unrecorded values are drawn again among the recorded ones.
func (w *world) passengerDemography(r *rng, year int) (sex, age string) {
	counts := w.cfg.Series.DemographyFor(year)
	total := 0
	for _, d := range counts {
		if (d.Sex == "Male" || d.Sex == "Female") && d.Age != "Unknown" && d.Age != "Not currently recorded" {
			total += d.People
		}
	}
	if total == 0 {
		return "Male", "25 to 39"
	}
	x := r.intn(total)
	for _, d := range counts {
		if (d.Sex == "Male" || d.Sex == "Female") && d.Age != "Unknown" && d.Age != "Not currently recorded" {
			if x < d.People {
				return d.Sex, d.Age
			}
			x -= d.People
		}
	}
	return "Male", "25 to 39"
}

// passengerCulture chooses the naming culture for a nationality.
func passengerCulture(r *rng, iso2, region string) *culture {
	shares := nationalityCultures[iso2]
	if shares == nil {
		shares = regionCultures[region]
	}
	if shares == nil {
		shares = regionCultures["Other"]
	}
	return mustCulture(pickShare(r, shares))
}

// minor reports whether the person is under 18 on day t.
func (id *identity) minor(t time.Time) bool {
	return t.Before(time.Date(id.dob.y+18, time.Month(id.dob.m), id.dob.d, 0, 0, 0, 0, time.UTC))
}
