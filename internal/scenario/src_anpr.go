package scenario

import (
	"fmt"
	"sort"
	"strconv"
	"time"
)

// Automatic number plate recognition reads from UK cameras, exported for
// the vehicles of interest to an operation (its window and the two months
// before). Reads are keyed by the plate as the camera read it: a misread
// or differently spaced plate is another vehicle until resolved.

var anprSource = &sourceDef{
	name:   "anpr_reads",
	title:  "ANPR camera reads (National ANPR Data Centre export)",
	agency: "Police",
	files:  []fileDef{{"anpr_reads.csv", []string{"read_id", "camera_id", "camera_location", "read_time", "vrm", "confidence"}}},
	mapping: `# ANPR reads: the vehicle as read (keyed by the plate as written) and the read.
anpr_reads:
  queries:
    - csv_url: anpr_reads.csv
      provenance:
        agency: {literal: NADC}
        grading: {literal: 1A}
        handling: {literal: P}
        first_seen: {column: read_time, format: "%Y-%m-%d %H:%M:%S"}
      entities:
        vehicle:
          schema: Vehicle
          key: vrm
          key_literal: vehicle
          properties:
            registrationNumber: {column: vrm}
            country: {literal: gb}
        read:
          schema: Event
          key: read_id
          key_literal: read
          properties:
            name: {template: "ANPR read at {{camera_location}}"}
            recordId: {column: read_id}
            date: {column: read_time, format: "%Y-%m-%d %H:%M:%S"}
            location: {column: camera_location}
            involved: {entity: vehicle}
`,
	gen: genANPR,
}

// cameras are ANPR sites: the routes to the Kent ports and around the
// cities the groups live in.
var cameras = []struct{ id, location string }{
	{"KNT-M20-J11-EB", "M20 J11 eastbound, Hythe"}, {"KNT-M20-J9-EB", "M20 J9 eastbound, Ashford"},
	{"KNT-A20-DOV", "A20 Dover Eastern Docks approach"}, {"KNT-A2-DOV", "A2 Whitfield, Dover"},
	{"KNT-M2-J7", "M2 J7 Brenley Corner"}, {"KNT-A260-FOL", "A260 Folkestone"},
	{"MET-A406-N", "A406 North Circular, Barking"}, {"MET-A13-E", "A13 Canning Town"}, {"MET-M25-J2", "M25 J2 Dartford"},
	{"WMP-A38M", "A38(M) Aston Expressway, Birmingham"}, {"GMP-M60-J1", "M60 J1 Stockport"}, {"WYP-M62-J26", "M62 J26 Chain Bar"},
	{"M1-J16", "M1 J16 Northampton"}, {"M6-J4", "M6 J4 Coleshill"}, {"M40-J3", "M40 J3 High Wycombe"},
}

func genANPR(w *world, o *sourceOut) error {
	seq := 0
	type read struct {
		at      time.Time
		camera  int
		vehicle vehicle
		trip    string
	}
	for d := 0; d < w.days; d++ {
		if err := o.done(); err != nil {
			return err
		}
		var reads []read
		for _, g := range w.activeGroups(d) {
			gr := &w.groups[g]
			if !gr.targeted || d < gr.opFrom-60 || d > gr.opTo {
				continue
			}
			for m := gr.base; m < gr.base+gr.size; m++ {
				if w.members[m].residence != cGB {
					continue
				}
				for j, v := range w.memberVehicles(m) {
					if v.country != "gb" {
						continue
					}
					r := stream(w.seed, dANPR, uint64(m), uint64(j), uint64(d))
					if !r.chance(0.12) {
						continue
					}
					// A trip: a run of cameras along one route, minutes apart.
					t := w.date(d).Add(time.Duration(6*3600+r.intn(14*3600)) * time.Second)
					first := r.intn(len(cameras))
					for k := r.between(1, 4); k > 0; k-- {
						reads = append(reads, read{at: t, camera: (first + k) % len(cameras), vehicle: v, trip: fmt.Sprintf("%d-%d-%d", m, j, d)})
						t = t.Add(time.Duration(4+r.intn(40)) * time.Minute)
					}
				}
			}
		}
		sort.SliceStable(reads, func(i, j int) bool { return reads[i].at.Before(reads[j].at) })
		for _, rd := range reads {
			seq++
			rc := o.record()
			vrm := rc.ocr(rc.plate(&rd.vehicle))
			if other := o.claimed("vehicle", vrm); other != "" && other != rd.vehicle.id {
				vrm = rd.vehicle.plate // a misread that spells another vehicle's plate is read again
			}
			ref := fmt.Sprintf("ANPR-%010d", seq)
			cam := cameras[rd.camera]
			conf := 70 + int(key(w.seed, dANPR, uint64(seq))%30)
			line := o.row(0, ref, cam.id, cam.location, rd.at.Format("2006-01-02 15:04:05"), vrm, strconv.Itoa(conf))
			o.mentionOnce(0, line, "vehicle", []string{vrm}, "Vehicle", rd.vehicle.id, rc.label())
			o.mention(0, line, "read", []string{ref}, "Event", "READ-"+rd.trip+"-"+strconv.Itoa(seq), "")
		}
	}
	return nil
}
