package scenario

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Automatic number plate recognition reads from UK cameras, exported for
// the vehicles of interest to an operation (its window and the two months
// before). A trip is read camera by camera along a route (anprRoutes), in
// the order driven and at its travel times. Plates are written as the
// cameras read them, without spaces or hyphens (so plate_format noise does
// not apply; OCR misreads do), and reads are keyed by the plate as read: a
// misread plate is another vehicle until resolved.

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

// cameras are ANPR sites, by id: on the routes to the Kent ports and
// around the cities the groups live in. Sites named for a direction read
// only the traffic going that way.
var cameras = map[string]string{
	"KNT-M20-J11-EB": "M20 J11 eastbound, Hythe", "KNT-M20-J9-EB": "M20 J9 eastbound, Ashford",
	"KNT-M20-J11-WB": "M20 J11 westbound, Hythe", "KNT-M20-J9-WB": "M20 J9 westbound, Ashford",
	"KNT-A20-DOV": "A20 Dover Eastern Docks approach", "KNT-A2-DOV": "A2 Whitfield, Dover",
	"KNT-M2-J7": "M2 J7 Brenley Corner", "KNT-A260-FOL": "A260 Folkestone",
	"MET-A406-N": "A406 North Circular, Barking", "MET-A13-E": "A13 Canning Town", "MET-M25-J2": "M25 J2 Dartford",
	"WMP-A38M": "A38(M) Aston Expressway, Birmingham", "GMP-M60-J1": "M60 J1 Stockport", "WYP-M62-J26": "M62 J26 Chain Bar",
	"M1-J16": "M1 J16 Northampton", "M6-J4": "M6 J4 Coleshill", "M40-J3": "M40 J3 High Wycombe",
}

// route is a journey past cameras, in the order driven, with the usual
// minutes from each camera to the next.
type route struct {
	name    string
	near    []string // UK cities whose members drive it
	stops   []string // camera ids
	minutes []int    // minutes from stops[i] to stops[i+1]
}

// anprRoutes are the journeys members make: to the Kent coast and back,
// and between the cities of the groups' cells. Each route out has its way
// back (backRoute).
var anprRoutes = func() []route {
	out := []route{
		{"London to Dover by the M20", []string{"London"},
			[]string{"MET-A13-E", "MET-M25-J2", "KNT-M20-J9-EB", "KNT-M20-J11-EB", "KNT-A20-DOV"}, []int{22, 40, 9, 18}},
		{"London to Dover by the A2 and M2", []string{"London"},
			[]string{"MET-A406-N", "MET-M25-J2", "KNT-M2-J7", "KNT-A2-DOV"}, []int{25, 35, 25}},
		{"Birmingham to Dover by the M40, M25 and M20", []string{"Birmingham", "Coventry"},
			[]string{"WMP-A38M", "M6-J4", "M40-J3", "MET-M25-J2", "KNT-M20-J9-EB", "KNT-M20-J11-EB", "KNT-A20-DOV"}, []int{14, 80, 55, 40, 9, 18}},
		{"Birmingham to London by the M6 and M1", []string{"Birmingham", "Coventry"},
			[]string{"WMP-A38M", "M6-J4", "M1-J16", "MET-A406-N"}, []int{14, 45, 100}},
		{"Manchester to Dover by the M6, M40, M25 and M20", []string{"Manchester", "Stoke-on-Trent", "Liverpool"},
			[]string{"GMP-M60-J1", "M6-J4", "M40-J3", "MET-M25-J2", "KNT-M20-J9-EB", "KNT-M20-J11-EB", "KNT-A20-DOV"}, []int{95, 80, 55, 40, 9, 18}},
		{"Leeds to London by the M1", []string{"Leeds", "Bradford", "Huddersfield"},
			[]string{"WYP-M62-J26", "M1-J16", "MET-A406-N"}, []int{115, 100}},
		{"Barking to Canning Town", []string{"London"}, []string{"MET-A406-N", "MET-A13-E"}, []int{15}},
	}
	for _, r := range out[:len(out):len(out)] {
		out = append(out, backRoute(r))
	}
	return append(out, route{"Folkestone to Dover", []string{"London"}, []string{"KNT-A260-FOL", "KNT-A20-DOV"}, []int{15}})
}()

// backRoute returns the way back along r: the stops reversed, the
// eastbound sites read westbound, and the docks approach (read inbound
// only) left out.
func backRoute(r route) route {
	b := route{name: r.name + ", the way back", near: r.near}
	n := len(r.stops)
	for i := n - 1; i >= 0; i-- {
		id := r.stops[i]
		if id == "KNT-A20-DOV" {
			continue
		}
		if strings.HasSuffix(id, "-EB") {
			id = strings.TrimSuffix(id, "-EB") + "-WB"
		}
		if len(b.stops) > 0 {
			b.minutes = append(b.minutes, r.minutes[i])
		}
		b.stops = append(b.stops, id)
	}
	return b
}

// routeFor picks the route of a trip by a member living in city: one of
// the routes near it, or (for cities no camera route passes) any.
func routeFor(r *rng, city string) *route {
	var near []int
	for i := range anprRoutes {
		if slices.Contains(anprRoutes[i].near, city) {
			near = append(near, i)
		}
	}
	if len(near) == 0 || r.chance(0.1) {
		return &anprRoutes[r.intn(len(anprRoutes))]
	}
	return &anprRoutes[near[r.intn(len(near))]]
}

// compactPlate writes a plate as ANPR cameras and the national database
// hold it: without spaces or hyphens.
func compactPlate(p string) string { return strings.NewReplacer(" ", "", "-", "").Replace(p) }

func genANPR(w *world, o *sourceOut) error {
	seq := 0
	type read struct {
		at      time.Time
		camera  string
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
					// A trip: a stretch of a route, read camera by camera at
					// the route's travel times (give or take traffic); a
					// camera sometimes misses the car.
					rt := routeFor(&r, w.memberAddress(m).city)
					from, to := 0, len(rt.stops)-1
					if r.chance(0.4) {
						from = r.intn(len(rt.stops))
						to = from + r.intn(len(rt.stops)-from)
					}
					t := w.date(d).Add(time.Duration(5*3600+r.intn(16*3600)) * time.Second)
					trip := fmt.Sprintf("%d-%d-%d", m, j, d)
					for k := from; k <= to; k++ {
						if k > from {
							leg := float64(rt.minutes[k-1]) * (0.9 + 0.2*r.float())
							t = t.Add(time.Duration(leg*60+float64(r.intn(121)-60)) * time.Second)
						}
						if r.chance(0.9) {
							reads = append(reads, read{at: t, camera: rt.stops[k], vehicle: v, trip: trip})
						}
					}
				}
			}
		}
		sort.SliceStable(reads, func(i, j int) bool { return reads[i].at.Before(reads[j].at) })
		for _, rd := range reads {
			seq++
			rc := o.record()
			plate := compactPlate(rd.vehicle.plate)
			vrm := rc.ocr(plate)
			if other := o.claimed("vehicle", vrm); other != "" && other != rd.vehicle.id {
				vrm = plate // a misread that spells another vehicle's plate is read again
			}
			ref := fmt.Sprintf("ANPR-%010d", seq)
			conf := 70 + int(key(w.seed, dANPR, uint64(seq))%30)
			line := o.row(0, ref, rd.camera, cameras[rd.camera], rd.at.Format("2006-01-02 15:04:05"), vrm, strconv.Itoa(conf))
			o.mentionOnce(0, line, "vehicle", []string{vrm}, "Vehicle", rd.vehicle.id, rc.label())
			o.mention(0, line, "read", []string{ref}, "Event", "READ-"+rd.trip+"-"+strconv.Itoa(seq), "")
		}
	}
	return nil
}
