package scenario

import (
	"fmt"
)

// Police custody records: one per arrest in the UK, by the arresting
// force (pilots by Kent Police on arrival, the rest in the groups'
// takedowns).

var custodySource = &sourceDef{
	name:   "police_custody",
	title:  "Police custody records (arrests for organised immigration crime)",
	agency: "Police",
	files: []fileDef{{"custody_records.csv", []string{"custody_ref", "force", "arrest_datetime", "arrest_location", "surname",
		"forename", "dob", "place_of_birth", "nationality", "address", "phone_seized", "offence", "outcome", "pnc_id"}}},
	mapping: custodyMapping,
	gen:     genCustody,
}

const custodyMapping = `# Police custody records: the detainee and the arrest.
police_custody:
  queries:
    - csv_url: custody_records.csv
      provenance:
        agency: {column: force}
        grading: {literal: 1A}
        handling: {literal: P}
        first_seen: {column: arrest_datetime, format: "%d/%m/%Y %H:%M"}
        region: {literal: GB}
      entities:
        detainee:
          schema: Person
          key: custody_ref
          key_literal: detainee
          properties:
            name: {template: "{{forename}} {{surname}}"}
            firstName: {column: forename}
            lastName: {column: surname}
            birthDate: {column: dob, format: "%d-%b-%Y"}
            birthPlace: {column: place_of_birth}
            nationality: {column: nationality}
            address: {column: address}
            phone: {column: phone_seized}
            idNumber: {column: pnc_id}
        arrest:
          schema: Arrest
          key: custody_ref
          key_literal: arrest
          properties:
            name: {template: "Arrest {{custody_ref}}"}
            recordId: {column: custody_ref}
            person: {entity: detainee}
            date: {column: arrest_datetime, format: "%d/%m/%Y %H:%M"}
            location: {column: arrest_location}
            authority: {column: force}
            offence: {column: offence}
            summary: {column: outcome}
`

var birthPlaces = map[string][]string{
	"iq": {"Sulaymaniyah", "Erbil", "Ranya", "Kirkuk", "Baghdad", "Mosul"}, "ir": {"Sanandaj", "Tehran", "Mashhad", "Kermanshah", "Piranshahr"},
	"af": {"Kabul", "Jalalabad", "Kunduz", "Herat", "Ghazni"}, "al": {"Tirana", "Durrës", "Kukës", "Shkodër", "Elbasan"},
	"vn": {"Nghệ An", "Hà Tĩnh", "Quảng Bình", "Hải Phòng"}, "er": {"Asmara", "Keren", "Mendefera"}, "sd": {"Khartoum", "Nyala", "El Fasher", "Omdurman"},
	"sy": {"Aleppo", "Damascus", "Qamishli", "Homs"}, "tr": {"Diyarbakır", "Van", "Istanbul", "Gaziantep"}, "eg": {"Cairo", "Alexandria", "Giza"},
	"gb": {"London", "Birmingham", "Leeds", "Manchester"}, "fr": {"Lille", "Dunkerque", "Paris"},
}

func genCustody(w *world, o *sourceOut) error {
	style := nameStyle{upperFamily: true, grandfather: 0.5}
	serial := map[string]int{}
	pncYears := map[uint64]int{} // the year each person was first recorded, once arrested
	for d := 0; d < w.days; d++ {
		if err := o.done(); err != nil {
			return err
		}
		for _, a := range w.arrestsOn(d) {
			if !a.uk {
				continue
			}
			r := stream(w.seed, dArrest, 3, hashString(a.id))
			var id *identity
			var address, phone string
			rc := o.record()
			if a.who.member >= 0 {
				id = o.member(a.who.member)
				if w.members[a.who.member].residence == cGB {
					address = rc.opt(w.memberAddress(a.who.member).full)
				} else {
					address = "No fixed abode"
				}
				if r.chance(0.7) {
					ph := o.phoneOn(a.who.member, d)
					phone = rc.opt(rc.phone(ph, "gb"))
				}
			} else {
				p := w.passengerIdentity(a.who.crossing, 0)
				id = &p
				address = "No fixed abode"
			}
			prefix := map[string]string{"Kent Police": "KT", "Metropolitan Police": "MP", "West Midlands Police": "WM",
				"Greater Manchester Police": "GM", "West Yorkshire Police": "WY", "Merseyside Police": "MY",
				"Hampshire Constabulary": "HC", "South Wales Police": "SW", "Police Scotland": "PS", "Staffordshire Police": "SF"}[a.by]
			serial[prefix]++
			ref := fmt.Sprintf("%s/%d/%05d", prefix, a.at.Year(), serial[prefix])
			n := rc.name(id, style)
			pob := ""
			if places := birthPlaces[id.nat.iso2]; len(places) > 0 {
				pob = rc.opt(places[r.intn(len(places))] + ", " + id.nat.name)
			}
			nat := ""
			if id.nat.name != "" {
				nat = rc.opt(id.nat.name)
			}
			outcome := []string{"Charged and remanded in custody", "Charged and remanded in custody", "Released under investigation", "No further action"}[r.intn(4)]
			pnc := w.pncID(a, pncYears)
			line := o.row(0, ref, a.by, a.at.Format("02/01/2006 15:04"), a.place, n.family, n.given, rc.dob(id.dob, layoutDMon),
				pob, nat, address, phone, a.offence, outcome, pnc)
			o.mention(0, line, "detainee", []string{ref}, "Person", id.id, rc.label())
			o.mention(0, line, "arrest", []string{ref}, "Arrest", a.id, "")
		}
	}
	return nil
}

// pncID returns the Police National Computer id of the person arrested
// in a: "YY/NNNNNNL", the year they were first recorded on the PNC, a
// serial and a check letter. The id is the person's for life: drawn from
// who they are, not from this arrest. A pilot arrested on arrival is
// first recorded by that arrest; a group member was first recorded in a
// year from their group's start to their first arrest here (years holds
// it, by person, so that later arrests give the same id).
func (w *world) pncID(a arrest, years map[uint64]int) string {
	who := uint64(a.who.member)
	if a.who.member < 0 {
		who = uint64(len(w.members) + a.who.crossing)
	}
	year, ok := years[who]
	if !ok {
		year = a.at.Year()
		if a.who.member >= 0 {
			first := w.date(w.groups[w.members[a.who.member].group].first).Year()
			r := stream(w.seed, dArrest, 5, who)
			year = r.between(min(first, year), year)
		}
		years[who] = year
	}
	n6 := permute(key(w.seed, dArrest, 4), who%1e6, 1e6)
	return fmt.Sprintf("%02d/%06d%c", year%100, n6, "ABCDEFGHJKLMNPQRTUVWXYZ"[n6%23])
}
