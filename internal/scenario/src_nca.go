package scenario

import (
	"fmt"
	"time"
)

// National Crime Agency intelligence reports: one subject per report,
// often with an associate seen with them or linked to them, graded 3x5x2
// report by report.

var ncaSource = &sourceDef{
	name:   "nca_intel",
	title:  "NCA intelligence reports",
	agency: "NCA",
	files: []fileDef{{"nca_intel_reports.csv", []string{"urn", "report_date", "grading", "handling", "conditions",
		"subject_name", "subject_dob", "subject_nationality", "subject_alias", "subject_phone", "subject_address",
		"subject_vehicle", "subject_passport", "associate_name", "associate_dob", "associate_phone", "relationship",
		"activity", "event_time", "location", "summary"}}},
	mapping: ncaMapping,
	gen:     genNCA,
}

const ncaMapping = `# NCA intelligence reports: a subject per report, an associate when the
# report links two people (a meeting seen, or an association stated).
nca_intel:
  queries:
    - csv_url: nca_intel_reports.csv
      provenance: &provenance
        agency: {literal: NCA}
        grading: {column: grading}
        handling: {column: handling}
        conditions: {column: conditions}
        first_seen: {column: report_date, format: "%d/%m/%Y"}
        region: {literal: GB}
      entities:
        subject:
          schema: Person
          key: urn
          key_literal: subject
          properties:
            name: {column: subject_name}
            alias: {column: subject_alias}
            birthDate: {column: subject_dob, format: "%d/%m/%Y"}
            nationality: {column: subject_nationality}
            phone: {column: subject_phone}
            address: {column: subject_address}
            passportNumber: {column: subject_passport}
            summary: {column: summary}
    - csv_url: nca_intel_reports.csv
      filters_not: {subject_vehicle: ""}
      provenance: *provenance
      entities:
        subject: {schema: Person, key: urn, key_literal: subject}
        vehicle:
          schema: Vehicle
          key: urn
          key_literal: vehicle
          properties:
            registrationNumber: {column: subject_vehicle}
            operator: {entity: subject}
    - csv_url: nca_intel_reports.csv
      filters: {activity: meeting}
      provenance: *provenance
      entities:
        subject: {schema: Person, key: urn, key_literal: subject}
        associate: &associate
          schema: Person
          key: urn
          key_literal: associate
          properties:
            name: {column: associate_name}
            birthDate: {column: associate_dob, format: "%d/%m/%Y"}
            phone: {column: associate_phone}
        meeting:
          schema: Event
          key: urn
          key_literal: meeting
          properties:
            name: {template: "Meeting at {{location}}"}
            date: {column: event_time, format: "%d/%m/%Y %H:%M"}
            location: {column: location}
            organizer: {entity: subject}
            involved: {entity: associate}
            recordId: {column: urn}
    - csv_url: nca_intel_reports.csv
      filters: {activity: association}
      provenance: *provenance
      entities:
        subject: {schema: Person, key: urn, key_literal: subject}
        associate: *associate
        link:
          schema: Associate
          key: urn
          key_literal: link
          properties:
            person: {entity: subject}
            associate: {entity: associate}
            relationship: {column: relationship}
            date: {column: report_date, format: "%d/%m/%Y"}
            recordId: {column: urn}
`

var roleSummaries = [numRoles]string{
	RoleOrganiser:    "Subject is believed to direct small boat crossings and to take a share of every fare.",
	RoleLieutenant:   "Subject is reported to coordinate launches and logistics for the group on the coast.",
	RoleRecruiter:    "Subject is reported to recruit passengers in the camps and on social media.",
	RoleBroker:       "Subject is reported to sell places on boats and collect payments.",
	RoleDriver:       "Subject is reported to drive boats, engines and people to the launch sites.",
	RoleSupplier:     "Subject is reported to source boats and outboard engines.",
	RoleMoneyHandler: "Subject is believed to move the group's money through hawala and bank accounts.",
	RolePilot:        "Subject is reported to have steered boats across the Channel.",
}

// intelRate is the chance per day that a member is the subject of a
// report during an operation against the group.
var intelRate = [numRoles]float64{RoleOrganiser: 0.05, RoleLieutenant: 0.07, RoleRecruiter: 0.02, RoleBroker: 0.03,
	RoleDriver: 0.03, RoleSupplier: 0.03, RoleMoneyHandler: 0.04, RolePilot: 0.005}

// grading3x5x2 draws a 3x5x2 evaluation: source 2 (untested) most often,
// intelligence B or C most often; a quarter carry handling conditions.
func grading3x5x2(r *rng) (grading, handling, conditions string) {
	src := "122223"[r.intn(6)]
	intel := "ABBBCCCDE"[r.intn(9)]
	if r.chance(0.25) {
		return string([]byte{src, intel}), "C", "Not for disclosure outside UK law enforcement without the originator's consent"
	}
	return string([]byte{src, intel}), "P", ""
}

func genNCA(w *world, o *sourceOut) error {
	style := nameStyle{grandfather: 0.2, aliasColumn: true}
	urn := 0
	for d := 0; d < w.days; d++ {
		if err := o.done(); err != nil {
			return err
		}
		day := w.date(d)
		for _, g := range w.activeGroups(d) {
			gr := &w.groups[g]
			inOp := gr.targeted && d >= gr.opFrom && d <= gr.opTo
			var ties []tie
			for m := gr.base; m < gr.base+gr.size; m++ {
				r := stream(w.seed, dIntel, uint64(m), uint64(d))
				rate := intelRate[w.members[m].role]
				if !inOp {
					rate *= 0.04 // background reporting
				}
				if !r.chance(rate) {
					continue
				}
				if ties == nil {
					ties = w.groupTies(int(g))
				}
				urn++
				w.writeIntel(o, style, &r, urn, day, m, ties, nil)
			}
			// Meetings seen by surveillance during the operation.
			if inOp {
				if ties == nil {
					ties = w.groupTies(int(g))
				}
				for _, mt := range w.meetingsOn(int(g), d, ties) {
					r := stream(w.seed, dIntel, hashString(mt.id))
					if !r.chance(0.5) {
						continue
					}
					urn++
					w.writeIntel(o, style, &r, urn, day, mt.a, ties, &mt)
				}
			}
		}
	}
	return nil
}

// writeIntel writes one report on member m (a meeting report when mt is set).
func (w *world) writeIntel(o *sourceOut, style nameStyle, r *rng, urn int, day time.Time, m int, ties []tie, mt *meeting) {
	d := int(day.Sub(w.start).Hours() / 24)
	id := o.member(m)
	rc := o.record()
	ref := fmt.Sprintf("NCA-%d-%06d", day.Year(), urn)
	grading, handling, conditions := grading3x5x2(r)
	n := rc.name(id, style)
	mem := &w.members[m]
	phone, address, plate, passport := "", "", "", ""
	if r.chance(0.6) {
		ph := o.phoneOn(m, d)
		phone = rc.opt(rc.phone(ph, "gb"))
	}
	if r.chance(0.4) {
		address = rc.opt(w.memberAddress(m).full)
	}
	var veh *vehicle
	if vs := w.memberVehicles(m); len(vs) > 0 && r.chance(0.4) {
		veh = &vs[r.intn(len(vs))]
		plate = rc.opt(rc.plate(veh))
	}
	if id.passport != "" && r.chance(0.15) {
		passport = rc.ocr(id.passport)
	}
	nat := ""
	if id.nat.name != "" {
		nat = rc.opt(id.nat.name)
	}
	// The associate: a tie partner of the subject.
	activity, relationship, eventTime, location := "", "", "", ""
	assoc := -1
	var linkID string
	switch {
	case mt != nil:
		assoc, activity, location = mt.b, "meeting", mt.place
		eventTime = mt.at.Format("02/01/2006 15:04")
		linkID = mt.id
	case r.chance(0.45):
		var partners []tie
		for _, t := range ties {
			if int(t.a) == m || int(t.b) == m {
				partners = append(partners, t)
			}
		}
		if len(partners) > 0 {
			t := partners[r.intn(len(partners))]
			assoc = int(t.a)
			if assoc == m {
				assoc = int(t.b)
			}
			activity = "association"
			relationship = map[string]string{"command": "works for or directs", "cell": "works with", "supply": "supplies",
				"money": "moves money with", "peer": "works with"}[t.kind]
			linkID = fmt.Sprintf("TIE-%s-%s", w.memberID(int(t.a)), w.memberID(int(t.b)))
		}
	}
	aName, aDOB, aPhone := "", "", ""
	var aRec *rec
	if assoc >= 0 {
		aRec = o.record()
		aid := o.member(assoc)
		aName = aRec.name(aid, style).full
		if r.chance(0.4) {
			aDOB = aRec.dob(aid.dob, layoutDMY)
		}
		if r.chance(0.3) {
			ph := o.phoneOn(assoc, d)
			aPhone = aRec.phone(ph, "gb")
		}
	}
	summary := roleSummaries[mem.role]
	if mt != nil {
		summary = fmt.Sprintf("Subject was seen meeting an associate at %s.", mt.place)
	}
	line := o.row(0, ref, day.Format("02/01/2006"), grading, handling, conditions, n.full, rc.dob(id.dob, layoutDMY), nat, n.alias,
		phone, address, plate, passport, aName, aDOB, aPhone, relationship, activity, eventTime, location, summary)
	o.mention(0, line, "subject", []string{ref}, "Person", id.id, rc.label())
	if plate != "" {
		o.mention(0, line, "vehicle", []string{ref}, "Vehicle", veh.id, rc.label())
	}
	if assoc >= 0 && activity != "" {
		o.mention(0, line, "associate", []string{ref}, "Person", w.memberID(assoc), aRec.label())
		switch activity {
		case "meeting":
			o.mention(0, line, "meeting", []string{ref}, "Event", linkID, "")
		case "association":
			o.mention(0, line, "link", []string{ref}, "Associate", linkID, "")
		}
	}
}
