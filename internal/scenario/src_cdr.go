package scenario

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Call data records from two UK mobile networks, obtained for the numbers
// of groups under operation during the operation's window, and the
// subscriber records of their registered numbers. Each network writes its
// own layout; a call between the two networks is in both.

const commsConditions = "Communications data obtained under the Investigatory Powers Act 2016 Part 3: use only for the authorised operation; evidential use needs a production statement"

var albionSource = &sourceDef{
	name:   "cdr_albion",
	title:  "Albion Mobile call data and subscriber records",
	agency: "Albion Mobile",
	files: []fileDef{
		{"albion_calls.csv", []string{"call_id", "a_number", "b_number", "start_time", "duration_s", "call_type", "cell_id"}},
		{"albion_subscribers.csv", []string{"msisdn", "title", "subscriber_name", "dob", "address", "postcode", "activation_date", "contract_type"}},
	},
	mapping: `# Albion Mobile call data records (numbers as the switch writes them:
# 44... for UK numbers, 00... for others) and subscriber records.
cdr_albion:
  queries:
    - csv_url: albion_calls.csv
      provenance:
        agency: {literal: Albion Mobile}
        grading: {literal: 1A}
        handling: {literal: C}
        conditions: {literal: "` + commsConditions + `"}
        first_seen: {column: start_time, format: "%Y%m%d%H%M%S"}
        region: {literal: GB}
      entities:
        call:
          schema: Call
          key: call_id
          key_literal: call
          properties:
            recordId: {column: call_id}
            callerNumber: {column: a_number}
            receiverNumber: {column: b_number}
            date: {column: start_time, format: "%Y%m%d%H%M%S"}
            duration: {column: duration_s}
    - csv_url: albion_subscribers.csv
      provenance:
        agency: {literal: Albion Mobile}
        grading: {literal: 1A}
        handling: {literal: C}
        conditions: {literal: "` + commsConditions + `"}
        first_seen: {column: activation_date, format: "%Y-%m-%d"}
        region: {literal: GB}
      entities:
        subscriber:
          schema: Person
          key: msisdn
          key_literal: subscriber
          properties:
            name: {column: subscriber_name}
            title: {column: title}
            birthDate: {column: dob, format: "%Y-%m-%d"}
            address: {template: "{{address}}, {{postcode}}"}
            phone: {column: msisdn}
`,
	gen: func(w *world, o *sourceOut) error { return genCDR(w, o, 0) },
}

var kestrelSource = &sourceDef{
	name:   "cdr_kestrel",
	title:  "Kestrel Telecom call data and subscriber records",
	agency: "Kestrel Telecom",
	files: []fileDef{
		{"kestrel_cdr.csv", []string{"event_id", "originating_msisdn", "terminating_msisdn", "event_datetime", "duration", "event_type"}},
		{"kestrel_subscribers.csv", []string{"msisdn", "first_name", "last_name", "date_of_birth", "address_line", "town", "postcode", "activated"}},
	},
	mapping: `# Kestrel Telecom call data records (international numbers with spaces)
# and subscriber records.
cdr_kestrel:
  queries:
    - csv_url: kestrel_cdr.csv
      provenance:
        agency: {literal: Kestrel Telecom}
        grading: {literal: 1A}
        handling: {literal: C}
        conditions: {literal: "` + commsConditions + `"}
        first_seen: {column: event_datetime, format: "%d/%m/%Y %H:%M:%S"}
        region: {literal: GB}
      entities:
        call:
          schema: Call
          key: event_id
          key_literal: call
          properties:
            recordId: {column: event_id}
            callerNumber: {column: originating_msisdn}
            receiverNumber: {column: terminating_msisdn}
            date: {column: event_datetime, format: "%d/%m/%Y %H:%M:%S"}
            duration: {column: duration}
    - csv_url: kestrel_subscribers.csv
      provenance:
        agency: {literal: Kestrel Telecom}
        grading: {literal: 1A}
        handling: {literal: C}
        conditions: {literal: "` + commsConditions + `"}
        first_seen: {column: activated, format: "%d/%m/%Y"}
        region: {literal: GB}
      entities:
        subscriber:
          schema: Person
          key: msisdn
          key_literal: subscriber
          properties:
            name: {template: "{{first_name}} {{last_name}}"}
            firstName: {column: first_name}
            lastName: {column: last_name}
            birthDate: {column: date_of_birth, format: "%d/%m/%Y"}
            address: {template: "{{address_line}}, {{town}} {{postcode}}"}
            phone: {column: msisdn}
`,
	gen: func(w *world, o *sourceOut) error { return genCDR(w, o, 1) },
}

// switchNumber writes a number as Albion's switch does: 44... for UK
// numbers, 00 and the country code for others.
func switchNumber(e164 string) string {
	if strings.HasPrefix(e164, "+44") {
		return e164[1:]
	}
	return "00" + e164[1:]
}

// subscriber is a number of this network seen in its records, and its user.
type subscriber struct {
	member int
	ph     phone
}

func genCDR(w *world, o *sourceOut, operator int) error {
	seen := map[string]subscriber{}
	ties := map[int][]tie{}
	seq := 0
	for d := 0; d < w.days; d++ {
		if err := o.done(); err != nil {
			return err
		}
		for _, g := range w.activeGroups(d) {
			gr := &w.groups[g]
			if !gr.targeted || d < gr.opFrom || d > gr.opTo {
				delete(ties, int(g))
				continue
			}
			if ties[int(g)] == nil {
				ties[int(g)] = w.groupTies(int(g))
			}
			for _, c := range w.callsOn(int(g), d, ties[int(g)]) {
				a, b := o.phoneOn(c.caller, d), o.phoneOn(c.receiver, d)
				mine := func(p *phone) bool { return p.country == "gb" && p.operator == operator }
				originating := mine(a)
				if !originating && !mine(b) {
					continue
				}
				if originating {
					seen[a.e164] = subscriber{c.caller, *a}
				}
				if mine(b) {
					seen[b.e164] = subscriber{c.receiver, *b}
				}
				seq++
				kind := "VOICE"
				if c.seconds == 0 {
					kind = "SMS"
				}
				var line int
				var ref string
				if operator == 0 {
					ref = fmt.Sprintf("ALB%s%07d", c.at.Format("20060102"), seq)
					cell := ""
					if originating {
						r := stream(w.seed, dCall, hashString(c.id), 9)
						cell = fmt.Sprintf("234-10-%d-%d", 1000+r.intn(9000), 10000+r.intn(90000))
					}
					line = o.row(0, ref, switchNumber(a.e164), switchNumber(b.e164), c.at.Format("20060102150405"),
						strconv.Itoa(c.seconds), kind, cell)
				} else {
					ref = fmt.Sprintf("KT-%09d", seq)
					dir := "MT-"
					if originating {
						dir = "MO-"
					}
					line = o.row(0, ref, international(a.e164), international(b.e164), c.at.Format("02/01/2006 15:04:05"),
						strconv.Itoa(c.seconds), dir+kind)
				}
				o.mention(0, line, "call", []string{ref}, "Call", c.id, "")
			}
		}
	}
	// Subscriber records of the network's numbers seen, registered ones
	// only (most pay-as-you-go numbers are not), in number order.
	numbers := make([]string, 0, len(seen))
	for n := range seen {
		numbers = append(numbers, n)
	}
	sort.Strings(numbers)
	style := nameStyle{grandfather: 0}
	for _, num := range numbers {
		s := seen[num]
		r := stream(w.seed, dSubscriber, hashString(num))
		if !r.chance(0.55) {
			continue
		}
		id := o.member(s.member)
		rc := o.record()
		n := rc.name(id, style)
		addr := w.memberAddress(s.member)
		activated := w.date(max(s.ph.from, -3650)).Format(time.DateOnly)
		var line int
		var key string
		if operator == 0 {
			key = switchNumber(num)
			title := "Mr"
			if id.female {
				title = "Ms"
			}
			line = o.row(1, key, title, n.full, rc.dob(id.dob, layoutISO), rc.opt(addr.street), addr.postcode, activated,
				[]string{"PAYG", "CONTRACT"}[r.intn(2)])
		} else {
			key = num
			line = o.row(1, key, n.given, n.family, rc.dob(id.dob, layoutDMY), rc.opt(addr.street), addr.city, addr.postcode,
				w.date(max(s.ph.from, -3650)).Format("02/01/2006"))
		}
		o.mention(1, line, "subscriber", []string{key}, "Person", id.id, rc.label())
	}
	return nil
}
