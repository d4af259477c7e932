package scenario

import (
	"fmt"
	"strconv"
	"strings"
)

// A partner-agency message export (Europol SIENA style): messages from
// French, Belgian, German and Dutch police about members living on the
// continent (information, vehicle checks, arrests, engine purchases), and
// the boats and engines they seized (warehouses, prevented launches).
// Partner gradings (Europol 4x4) come with the UK 3x5x2 equivalent, and
// Europol handling codes as conditions.

var europolSource = &sourceDef{
	name:   "europol_siena",
	title:  "Partner messages via Europol (SIENA export)",
	agency: "Europol",
	files: []fileDef{
		{"europol_messages.csv", []string{"message_ref", "date", "originating_country", "originating_agency", "europol_eval", "grading",
			"handling_code", "conditions", "subject_surname", "subject_given_names", "name_original_script", "dob", "nationality",
			"passport_number", "phone", "vehicle_plate", "vehicle_country", "vehicle_make", "activity", "location", "offence", "summary"}},
		{"europol_items.csv", []string{"item_ref", "message_ref", "date", "originating_country", "originating_agency", "grading",
			"handling_code", "conditions", "activity", "item_type", "make", "model", "power_hp", "serial_number", "hull_cin",
			"location", "people", "subject_message_ref"}},
	},
	mapping: europolMapping,
	gen:     genEuropol,
}

const europolMapping = `# Partner messages via Europol: subjects, their vehicles, arrests, vehicle
# checks, and the engines and boats bought or seized.
europol_siena:
  queries:
    - csv_url: europol_messages.csv
      provenance: &provenance
        agency: {column: originating_agency}
        grading: {column: grading}
        handling: {literal: C}
        conditions: {column: conditions}
        first_seen: {column: date, format: "%Y-%m-%d"}
        region: {column: originating_country}
      entities:
        subject:
          schema: Person
          key: message_ref
          key_literal: subject
          properties:
            name: {template: "{{subject_given_names}} {{subject_surname}}"}
            firstName: {column: subject_given_names}
            lastName: {column: subject_surname}
            alias: {column: name_original_script}
            birthDate: {column: dob}
            nationality: {column: nationality}
            passportNumber: {column: passport_number}
            phone: {column: phone}
            summary: {column: summary}
    - csv_url: europol_messages.csv
      filters_not: {vehicle_plate: ""}
      provenance: *provenance
      entities:
        subject: {schema: Person, key: message_ref, key_literal: subject}
        vehicle:
          schema: Vehicle
          key: message_ref
          key_literal: vehicle
          properties:
            registrationNumber: {column: vehicle_plate}
            country: {column: vehicle_country}
            model: {column: vehicle_make}
            operator: {entity: subject}
    - csv_url: europol_messages.csv
      filters: {activity: arrest}
      provenance: *provenance
      entities:
        subject: {schema: Person, key: message_ref, key_literal: subject}
        arrest:
          schema: Arrest
          key: message_ref
          key_literal: arrest
          properties:
            name: {template: "Arrest {{message_ref}}"}
            recordId: {column: message_ref}
            person: {entity: subject}
            date: {column: date, format: "%Y-%m-%d"}
            location: {column: location}
            authority: {column: originating_agency}
            offence: {column: offence}
    - csv_url: europol_messages.csv
      filters: {activity: vehicle check}
      filters_not: {vehicle_plate: ""}
      provenance: *provenance
      entities:
        subject: {schema: Person, key: message_ref, key_literal: subject}
        vehicle: {schema: Vehicle, key: message_ref, key_literal: vehicle}
        trip:
          schema: Trip
          key: message_ref
          key_literal: trip
          properties:
            name: {template: "Vehicle check at {{location}}"}
            recordId: {column: message_ref}
            date: {column: date, format: "%Y-%m-%d"}
            location: {column: location}
            vehicle: {entity: vehicle}
            involved: {entity: subject}
    - csv_url: europol_items.csv
      filters: {item_type: engine}
      provenance: &item_provenance
        agency: {column: originating_agency}
        grading: {column: grading}
        handling: {literal: C}
        conditions: {column: conditions}
        first_seen: {column: date, format: "%Y-%m-%d"}
      entities:
        engine:
          schema: Engine
          key: item_ref
          key_literal: item
          properties:
            serialNumber: {column: serial_number}
            make: {column: make}
            model: {column: model}
            powerHp: {column: power_hp}
    - csv_url: europol_items.csv
      filters: {item_type: boat}
      provenance: *item_provenance
      entities:
        boat:
          schema: Vessel
          key: item_ref
          key_literal: item
          properties:
            name: {template: "{{make}} ({{item_ref}})"}
            type: {column: make}
            registrationNumber: {column: hull_cin}
    - csv_url: europol_items.csv
      filters: {activity: engine purchase}
      provenance: *item_provenance
      entities:
        buyer: {schema: Person, key: subject_message_ref, key_literal: subject}
        engine: {schema: Engine, key: item_ref, key_literal: item}
        purchase:
          schema: Ownership
          key: item_ref
          key_literal: purchase
          properties:
            owner: {entity: buyer}
            asset: {entity: engine}
            role: {literal: bought}
            startDate: {column: date, format: "%Y-%m-%d"}
            recordId: {column: item_ref}
    - csv_url: europol_items.csv
      filters: {activity: [warehouse seizure, prevented launch], item_type: engine}
      provenance: *item_provenance
      entities:
        engine: {schema: Engine, key: item_ref, key_literal: item}
        suspect: {schema: Person, key: subject_message_ref, key_literal: subject}
        seizure:
          schema: Seizure
          key: message_ref
          key_literal: seizure
          properties:
            name: {template: "Seizure at {{location}}"}
            recordId: {column: message_ref}
            date: {column: date, format: "%Y-%m-%d"}
            location: {column: location}
            authority: {column: originating_agency}
            seized: {entity: engine}
            involved: {entity: suspect}
    - csv_url: europol_items.csv
      filters: {activity: [warehouse seizure, prevented launch], item_type: boat}
      provenance: *item_provenance
      entities:
        boat: {schema: Vessel, key: item_ref, key_literal: item}
        seizure:
          schema: Seizure
          key: message_ref
          key_literal: seizure
          properties:
            seized: {entity: boat}
    - csv_url: europol_items.csv
      filters: {activity: prevented launch, item_type: boat}
      provenance: *item_provenance
      entities:
        boat: {schema: Vessel, key: item_ref, key_literal: item}
        launch:
          schema: Crossing
          key: message_ref
          key_literal: launch
          properties:
            name: {template: "Prevented launch at {{location}}"}
            recordId: {column: message_ref}
            date: {column: date, format: "%Y-%m-%d"}
            launchPlace: {column: location}
            peopleCount: {column: people}
            outcome: {literal: prevented}
            boat: {entity: boat}
`

// partnerAgencies are the police of each partner country.
var partnerAgencies = map[string]string{"fr": "Gendarmerie nationale (OLTIM)", "be": "Police fédérale", "de": "Bundespolizei",
	"nl": "Koninklijke Marechaussee", "bg": "Bulgarian National Police"}

// europolHandling are Europol's handling codes, as conditions.
var europolHandling = []struct{ code, text string }{
	{"H0", "Europol H0: not to be used in judicial proceedings without the originator's permission"},
	{"H1", "Europol H1: not to be disseminated outside the receiving law enforcement agency"},
	{"H2", "Europol H2: not to be disseminated without the originator's permission"},
	{"H3", "Europol H3: not to be disseminated to third parties; restrictions in the message"},
}

// europolGrading draws a Europol 4x4 evaluation and its 3x5x2 equivalent:
// source A-B become 1, C 2, D/X 3; information 1 becomes A, 2 B, 3 C, 4 D.
func europolGrading(r *rng) (eu, uk string) {
	src := "ABBCCCX"[r.intn(7)]
	info := "1223334"[r.intn(7)]
	s := map[byte]byte{'A': '1', 'B': '1', 'C': '2', 'X': '3'}[src]
	i := map[byte]byte{'1': 'A', '2': 'B', '3': 'C', '4': 'D'}[info]
	return string([]byte{src, info}), string([]byte{s, i})
}

// borderPoints are where partner police check vehicles.
var borderPoints = []string{"A16 Adinkerke (BE-FR border)", "E40 Jabbeke", "A1 Aachen-Lichtenbusch (DE-BE border)", "A25 Steenvoorde",
	"A16 Coquelles", "Port of Calais", "A2 Venlo (NL-DE border)", "A26 Saint-Omer"}

var boatDealers = []string{"Essen", "Dortmund", "Duisburg", "Rotterdam", "Antwerpen", "Sofia", "Istanbul"}

func genEuropol(w *world, o *sourceOut) error {
	style := nameStyle{upperFamily: true, grandfather: 0.4}
	purchases := w.purchases()
	pi := 0
	msg, item, seized, prev := 0, 0, 0, 0
	for d := 0; d < w.days; d++ {
		if err := o.done(); err != nil {
			return err
		}
		day := w.date(d)
		header := func(r *rng, iso string) (ref string, eu, uk, hcode, cond, agency string) {
			msg++
			ref = fmt.Sprintf("EU-%d-%s-%06d", day.Year(), strings.ToUpper(iso), msg)
			eu, uk = europolGrading(r)
			h := europolHandling[r.intn(len(europolHandling))]
			return ref, eu, uk, h.code, h.text, partnerAgencies[iso]
		}
		// subject writes a message about member m; it returns the message ref.
		subject := func(r *rng, m int, activity, location, offence, summary string, withVehicle bool) string {
			mem := &w.members[m]
			iso := mem.residence.iso2
			if partnerAgencies[iso] == "" {
				iso = "fr"
			}
			ref, eu, uk, hcode, cond, agency := header(r, iso)
			id := o.member(m)
			rc := o.record()
			n := rc.name(id, style)
			script := ""
			if n.script != "" && r.chance(0.2) {
				script = n.script
			}
			dob := rc.dob(id.dob, layoutISO)
			phone := ""
			if r.chance(0.5) {
				ph := o.phoneOn(m, d)
				phone = rc.opt(rc.phone(ph, iso))
			}
			plate, vcountry, vmake := "", "", ""
			var veh *vehicle
			if vs := w.memberVehicles(m); len(vs) > 0 && (withVehicle || r.chance(0.2)) {
				veh = &vs[r.intn(len(vs))]
				plate, vcountry, vmake = rc.opt(rc.plate(veh)), strings.ToUpper(veh.country), veh.make
			}
			passport := ""
			if id.passport != "" && r.chance(0.3) {
				passport = rc.ocr(id.passport)
			}
			nat := ""
			if id.nat.name != "" {
				nat = rc.opt(id.nat.name)
			}
			line := o.row(0, ref, day.Format("2006-01-02"), strings.ToUpper(iso), agency, eu, uk, hcode, cond, n.family, n.given, script,
				dob, nat, passport, phone, plate, vcountry, vmake, activity, location, offence, summary)
			label := rc.label()
			o.mention(0, line, "subject", []string{ref}, "Person", id.id, label)
			if plate != "" {
				o.mention(0, line, "vehicle", []string{ref}, "Vehicle", veh.id, label)
				if activity == "vehicle check" {
					o.mention(0, line, "trip", []string{ref}, "Trip", fmt.Sprintf("TRIP-%d-%d", m, d), "")
				}
			}
			if activity == "arrest" {
				o.mention(0, line, "arrest", []string{ref}, "Arrest", fmt.Sprintf("ARREST-M%d", m), "")
			}
			return ref
		}
		// items writes seized or bought boats and engines.
		writeItem := func(r *rng, ref, iso, activity, location string, people int, subjectRef string, b *boat, e *engine, grading, hcode, cond string) {
			item++
			itemRef := fmt.Sprintf("%s-I%02d", ref, item%100)
			agency := partnerAgencies[iso]
			ppl := ""
			if people > 0 {
				ppl = strconv.Itoa(people)
			}
			rc := o.record()
			if e != nil {
				line := o.row(1, itemRef, ref, day.Format("2006-01-02"), strings.ToUpper(iso), agency, grading, hcode, cond, activity, "engine",
					e.make, e.model, strconv.Itoa(e.hp), rc.ocr(rc.opt(e.serial)), "", location, ppl, subjectRef)
				o.mention(1, line, "item", []string{itemRef}, "Engine", e.id, rc.label())
				if activity == "engine purchase" {
					o.mention(1, line, "purchase", []string{itemRef}, "Ownership", "PURCHASE-"+e.id, "")
				}
				return
			}
			line := o.row(1, itemRef, ref, day.Format("2006-01-02"), strings.ToUpper(iso), agency, grading, hcode, cond, activity, "boat",
				b.kind, "", "", "", rc.ocr(b.cin), location, ppl, subjectRef)
			o.mention(1, line, "item", []string{itemRef}, "Vessel", b.id, rc.label())
			if activity == "prevented launch" {
				o.mention(1, line, "launch", []string{ref}, "Crossing", "PREVENTED-"+strings.TrimPrefix(b.id, "BOAT-P"), "")
			}
		}
		// Engine purchases reported by dealers.
		for ; pi < len(purchases) && purchases[pi].day <= d; pi++ {
			p := purchases[pi]
			if p.day < d {
				continue
			}
			r := stream(w.seed, dPartner, 2, uint64(pi))
			dealer := boatDealers[r.intn(len(boatDealers))]
			ref := subject(&r, p.supplier, "engine purchase", dealer, "", fmt.Sprintf("Subject bought %s for cash at a dealer in %s.",
				plural(len(p.engines), "outboard engine", "outboard engines"), dealer), false)
			iso := w.members[p.supplier].residence.iso2
			if partnerAgencies[iso] == "" {
				iso = "fr"
			}
			_, uk := europolGrading(&r)
			h := europolHandling[r.intn(len(europolHandling))]
			item = 0
			for _, es := range p.engines {
				e := makeEngine(w.seed, serialCrossing+uint64(es), fmt.Sprintf("ENG-C%d-%d", es/2, es%2))
				writeItem(&r, ref, iso, "engine purchase", dealer, 0, ref, nil, &e, uk, h.code, h.text)
			}
		}
		for _, g := range w.activeGroups(d) {
			gr := &w.groups[g]
			inOp := gr.targeted && d >= gr.opFrom && d <= gr.opTo
			for m := gr.base; m < gr.base+gr.size; m++ {
				mem := &w.members[m]
				if mem.residence == cGB {
					continue
				}
				r := stream(w.seed, dPartner, 3, uint64(m), uint64(d))
				rate := 0.001
				if inOp {
					rate = 0.015
				}
				switch {
				case r.chance(rate):
					subject(&r, m, "information", launchAreas[gr.launch], "", roleSummaries[mem.role], false)
				case mem.role == RoleDriver && r.chance(0.008) && len(w.memberVehicles(m)) > 0:
					subject(&r, m, "vehicle check", borderPoints[r.intn(len(borderPoints))], "",
						"Vehicle checked with an inflatable boat and outboard engines on board.", true)
				case mem.role == RoleSupplier && r.chance(1.0/300):
					// A warehouse raid: boats and engines seized.
					where := w.memberAddress(m).city
					ref := subject(&r, m, "information", where, "", "Warehouse rented by the subject searched; boats and engines seized.", false)
					iso := mem.residence.iso2
					if partnerAgencies[iso] == "" {
						iso = "fr"
					}
					_, uk := europolGrading(&r)
					h := europolHandling[r.intn(len(europolHandling))]
					item = 0
					for k := r.between(2, 6); k > 0; k-- {
						seized++
						b := makeBoat(w.seed, serialSeized+uint64(seized), day.Year(), fmt.Sprintf("BOAT-W%d", seized))
						e := makeEngine(w.seed, serialSeized+uint64(seized), fmt.Sprintf("ENG-W%d", seized))
						writeItem(&r, ref, iso, "warehouse seizure", where, 0, ref, &b, nil, uk, h.code, h.text)
						writeItem(&r, ref, iso, "warehouse seizure", where, 0, ref, nil, &e, uk, h.code, h.text)
					}
					o.mention(1, o.tables[1].line, "seizure", []string{ref}, "Seizure", fmt.Sprintf("SEIZURE-%s", ref), "")
				}
			}
		}
		// Launches prevented on the French coast.
		for ; prev < len(w.prevented) && int(w.prevented[prev].day) <= d; prev++ {
			i := prev
			p := &w.prevented[i]
			r := stream(w.seed, dPartner, 4, uint64(i))
			gr := &w.groups[p.group]
			place := launchAreas[gr.launch]
			ref, _, uk, hcode, cond, _ := header(&r, "fr")
			item = 0
			b := makeBoat(w.seed, serialPrevented+uint64(i), day.Year(), fmt.Sprintf("BOAT-P%d", i))
			e := makeEngine(w.seed, serialPrevented+uint64(i), fmt.Sprintf("ENG-P%d", i))
			writeItem(&r, ref, "fr", "prevented launch", place, int(p.people), "", &b, nil, uk, hcode, cond)
			writeItem(&r, ref, "fr", "prevented launch", place, int(p.people), "", nil, &e, uk, hcode, cond)
			o.mention(1, o.tables[1].line, "seizure", []string{ref}, "Seizure", fmt.Sprintf("SEIZURE-%s", ref), "")
		}
		// Arrests by partner police.
		for _, a := range w.arrestsOn(d) {
			if a.uk || a.who.member < 0 {
				continue
			}
			r := stream(w.seed, dPartner, 5, hashString(a.id))
			subject(&r, a.who.member, "arrest", a.place, a.offence, "Subject arrested in a coordinated action against the group.", false)
		}
	}
	return nil
}
