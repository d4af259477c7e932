package scenario

import (
	"fmt"
	"strconv"
	"time"
)

// Border Force, Small Boats Operational Command: one record per boat
// arriving and one per person encountered on it. Passengers are recorded
// as victims (safeguarding "victim", or "minor" under 18) under handling
// code C; the pilot, when identified, is recorded as such.

const victimConditions = "Safeguarding: victim of organised immigration crime. Share only with safeguarding leads and for victim protection; never for profiling or targeting"

var bfSource = &sourceDef{
	name:   "bf_small_boats",
	title:  "Border Force small boat arrivals and encounters",
	agency: "Border Force",
	files: []fileDef{
		{"bf_crossings.csv", []string{"event_ref", "detected", "landing_place", "outcome", "vessel_type", "vessel_colour",
			"vessel_length_m", "hull_cin", "engine_make", "engine_model", "engine_hp", "engine_serial", "engine2_make",
			"engine2_model", "engine2_hp", "engine2_serial", "persons_on_board", "grading", "handling", "conditions"}},
		{"bf_encounters.csv", []string{"encounter_ref", "event_ref", "encountered", "surname", "forenames", "dob", "gender",
			"nationality", "role", "safeguarding", "document_type", "document_number", "phone", "grading", "handling", "conditions"}},
	},
	mapping: bfMapping,
	gen:     genBF,
}

const bfMapping = `# Border Force small boat arrivals (one row per boat) and encounters (one
# row per person on it). Passengers are victims: their rows carry
# safeguarding flags and handling code C with conditions.
bf_small_boats:
  queries:
    - csv_url: bf_crossings.csv
      provenance: &crossing_provenance
        agency: {literal: Border Force}
        grading: {column: grading}
        handling: {column: handling}
        conditions: {column: conditions}
        first_seen: {column: detected, format: "%d/%m/%Y %H:%M"}
        region: {literal: GB}
      entities:
        boat:
          schema: Vessel
          key: event_ref
          key_literal: boat
          properties:
            name: {template: "{{vessel_colour}} {{vessel_type}} ({{event_ref}})"}
            type: {column: vessel_type}
            registrationNumber: {column: hull_cin}
            description: {template: "{{vessel_colour}} {{vessel_type}}, {{vessel_length_m}} m"}
        engine:
          schema: Engine
          key: event_ref
          key_literal: engine
          properties:
            serialNumber: {column: engine_serial}
            make: {column: engine_make}
            model: {column: engine_model}
            powerHp: {column: engine_hp}
        crossing:
          schema: Crossing
          key: event_ref
          key_literal: crossing
          properties:
            name: {template: "Small boat arrival {{event_ref}}"}
            recordId: {column: event_ref}
            date: {column: detected, format: "%d/%m/%Y %H:%M"}
            landingPlace: {column: landing_place}
            peopleCount: {column: persons_on_board}
            outcome: {column: outcome}
            boat: {entity: boat}
            engine: {entity: engine}
    - csv_url: bf_crossings.csv
      filters_not: {engine2_serial: ""}
      provenance: *crossing_provenance
      entities:
        engine2:
          schema: Engine
          key: event_ref
          key_literal: engine2
          properties:
            serialNumber: {column: engine2_serial}
            make: {column: engine2_make}
            model: {column: engine2_model}
            powerHp: {column: engine2_hp}
        crossing:
          schema: Crossing
          key: event_ref
          key_literal: crossing
          properties:
            engine: {entity: engine2}
    - csv_url: bf_encounters.csv
      filters: {role: PASSENGER}
      provenance: &person_provenance
        agency: {literal: Border Force}
        grading: {column: grading}
        handling: {column: handling}
        conditions: {column: conditions}
        first_seen: {column: encountered, format: "%d/%m/%Y %H:%M"}
        region: {literal: GB}
      entities:
        person:
          schema: Person
          key: encounter_ref
          key_literal: person
          properties:
            name: {template: "{{forenames}} {{surname}}"}
            firstName: {column: forenames}
            lastName: {column: surname}
            birthDate: {column: dob, format: "%d/%m/%Y"}
            gender: {column: gender}
            nationality: {column: nationality}
            safeguarding: {column: safeguarding}
            passportNumber: {column: document_number}
        crossing:
          schema: Crossing
          key: event_ref
          key_literal: crossing
          properties:
            involved: {entity: person}
    - csv_url: bf_encounters.csv
      filters: {role: PILOT}
      provenance: *person_provenance
      entities:
        person:
          schema: Person
          key: encounter_ref
          key_literal: person
          properties:
            name: {template: "{{forenames}} {{surname}}"}
            firstName: {column: forenames}
            lastName: {column: surname}
            birthDate: {column: dob, format: "%d/%m/%Y"}
            gender: {column: gender}
            nationality: {column: nationality}
            passportNumber: {column: document_number}
            phone: {column: phone}
        crossing:
          schema: Crossing
          key: event_ref
          key_literal: crossing
          properties:
            pilot: {entity: person}
`

// bfPerson is a person on a crossing as the truth knows them.
type bfPerson struct {
	id    identity
	pilot bool // the boat's pilot (identified or not)
}

// crossingPeople returns the people on crossing c: seat 0 is the pilot (a
// core member or a recruited passenger), the others passengers.
func (w *world) crossingPeople(c int) []bfPerson {
	cr := &w.crossings[c]
	out := make([]bfPerson, cr.onBoard)
	for s := range out {
		if s == 0 && cr.pilot >= 0 {
			out[s] = bfPerson{id: w.memberIdentity(int(cr.pilot)), pilot: true}
			continue
		}
		out[s] = bfPerson{id: w.passengerIdentity(c, s), pilot: s == 0}
	}
	return out
}

func genBF(w *world, o *sourceOut) error {
	style := nameStyle{upperFamily: true, grandfather: 0.3}
	for d := 0; d < w.days; d++ {
		if err := o.done(); err != nil {
			return err
		}
		for c := int(w.dayFirst[d]); c < int(w.dayFirst[d+1]); c++ {
			cr := &w.crossings[c]
			r := stream(w.seed, dRecord, o.sid, uint64(c))
			_, t := w.crossingTimes(c)
			ref := fmt.Sprintf("SBOC-%s-%03d", t.Format("20060102"), c-int(w.dayFirst[d])+1)
			b := makeBoat(w.seed, serialCrossing+uint64(c), t.Year(), fmt.Sprintf("BOAT-C%d", c))
			e1 := makeEngine(w.seed, serialCrossing+uint64(c)*2, fmt.Sprintf("ENG-C%d-0", c))
			rc := o.record()
			serial1 := rc.ocr(rc.opt(e1.serial))
			serial2, make2, model2, hp2 := "", "", "", ""
			if cr.engines > 1 {
				e2 := makeEngine(w.seed, serialCrossing+uint64(c)*2+1, "")
				serial2, make2, model2, hp2 = rc.ocr(rc.opt(e2.serial)), e2.make, e2.model, strconv.Itoa(e2.hp)
			}
			outcome := "intercepted"
			if cr.outcome == outcomeLanded {
				outcome = "landed"
			}
			line := o.row(0, ref, t.Format("02/01/2006 15:04"), w.landingPlace(c), outcome, b.kind, b.colour,
				strconv.Itoa(b.length), rc.ocr(b.cin), e1.make, e1.model, strconv.Itoa(e1.hp), serial1, make2, model2, hp2, serial2,
				strconv.Itoa(int(cr.onBoard)), "1A", "P", "")
			label := rc.label()
			o.mention(0, line, "crossing", []string{ref}, "Crossing", fmt.Sprintf("CROSSING-%d", c), "")
			o.mention(0, line, "boat", []string{ref}, "Vessel", b.id, label)
			o.mention(0, line, "engine", []string{ref}, "Engine", e1.id, label)
			if serial2 != "" {
				o.mention(0, line, "engine2", []string{ref}, "Engine", fmt.Sprintf("ENG-C%d-1", c), label)
			}
			identified := r.chance(0.7)
			for s, p := range w.crossingPeople(c) {
				pilot := p.pilot && identified
				w.writeEncounter(o, style, ref, t.Add(time.Duration(10+s)*time.Minute), s, &p.id, pilot)
			}
		}
	}
	return nil
}

// writeEncounter writes one person's encounter record.
func (w *world) writeEncounter(o *sourceOut, style nameStyle, ref string, t time.Time, seat int, id *identity, pilot bool) {
	rc := o.record()
	n := rc.name(id, style)
	role, safeguarding, grading, handling, conditions := "PASSENGER", "victim", "1B", "C", victimConditions
	if id.minor(t) {
		safeguarding = "minor"
	}
	if pilot {
		role, safeguarding, handling, conditions = "PILOT", "", "P", ""
	}
	docType, docNumber := "None", ""
	if id.passport != "" {
		docType, docNumber = "Passport", rc.ocr(id.passport)
	}
	phone := ""
	if pilot {
		if id.member >= 0 {
			ph := phoneOn(w.memberPhones(id.member), int(t.Sub(w.start).Hours()/24))
			phone = rc.opt(rc.phone(ph, "gb"))
		}
	}
	nat := rc.opt(id.nat.iso3)
	line := o.row(1, fmt.Sprintf("%s-%02d", ref, seat+1), ref, t.Format("02/01/2006 15:04"), n.family, n.given,
		rc.dob(id.dob, layoutDMY), id.gender(), nat, role, safeguarding, docType, docNumber, phone, grading, handling, conditions)
	o.mention(1, line, "person", []string{fmt.Sprintf("%s-%02d", ref, seat+1)}, "Person", id.id, rc.label())
}
