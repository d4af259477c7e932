package scenario

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// Identifiers are drawn through permute, a keyed bijection: distinct
// serials always give distinct numbers, so no two true entities ever share
// a phone, plate, account, passport or serial number by accident.

// phone is one number a member used over a span of days.
type phone struct {
	e164     string
	national string // as dialled in its own country ("07912 345678")
	country  string // ISO alpha-2
	from, to int    // range days the member used it
	operator int    // UK numbers: 0 or 1, the network that holds its records
}

// mobilePlan describes a country's mobile numbers: calling code, the
// digits after it that start every number, the count of digits drawn, and
// how the national form groups them.
type mobilePlan struct {
	cc      string
	leads   []string // leading national digits, one drawn per number
	digits  int      // digits after the lead
	trunk   string   // national trunk prefix ("0"), "" when none
	groups  []int    // national grouping of lead+digits, after the trunk prefix
	ccGroup []int    // international grouping of lead+digits
}

var mobilePlans = map[string]mobilePlan{
	"gb": {"44", []string{"74", "75", "77", "78", "79"}, 8, "0", []int{4, 6}, []int{4, 6}},
	"fr": {"33", []string{"6", "7"}, 8, "0", []int{1, 2, 2, 2, 2}, []int{1, 2, 2, 2, 2}},
	"be": {"32", []string{"45", "46", "47", "48", "49"}, 7, "0", []int{3, 2, 2, 2}, []int{3, 2, 2, 2}},
	"de": {"49", []string{"151", "152", "160", "162", "170", "171", "172", "176"}, 8, "0", []int{3, 8}, []int{3, 8}},
	"nl": {"31", []string{"6"}, 8, "0", []int{1, 8}, []int{1, 8}},
	"bg": {"359", []string{"87", "88", "89"}, 7, "0", []int{2, 3, 4}, []int{2, 3, 4}},
	"iq": {"964", []string{"750", "751", "770", "780", "790"}, 7, "0", []int{3, 3, 4}, []int{3, 3, 4}},
	"ir": {"98", []string{"912", "913", "935", "936", "901"}, 7, "0", []int{3, 3, 4}, []int{3, 3, 4}},
	"af": {"93", []string{"70", "72", "77", "78", "79"}, 7, "0", []int{2, 3, 4}, []int{2, 3, 4}},
	"al": {"355", []string{"67", "68", "69"}, 7, "0", []int{2, 3, 4}, []int{2, 3, 4}},
	"vn": {"84", []string{"90", "91", "93", "94", "97", "98"}, 7, "0", []int{2, 3, 4}, []int{2, 3, 4}},
	"er": {"291", []string{"7"}, 6, "0", []int{1, 3, 3}, []int{1, 3, 3}},
	"sd": {"249", []string{"91", "92", "99"}, 7, "0", []int{2, 3, 4}, []int{2, 3, 4}},
	"tr": {"90", []string{"530", "532", "542", "555"}, 7, "0", []int{3, 3, 4}, []int{3, 3, 4}},
	"sy": {"963", []string{"93", "94", "95", "99"}, 7, "0", []int{2, 3, 4}, []int{2, 3, 4}},
	"eg": {"20", []string{"10", "11", "12"}, 8, "0", []int{2, 4, 4}, []int{2, 4, 4}},
}

// mobile returns the serial-th mobile number of a country (serials below
// 10^digits are distinct numbers) in E.164 and national form.
func mobile(seed uint64, iso2 string, serial uint64) (e164, national string) {
	p, ok := mobilePlans[iso2]
	if !ok {
		p, iso2 = mobilePlans["gb"], "gb"
	}
	space := pow10(p.digits)
	n := permute(key(seed, dAsset, 1, hashString(iso2)), serial%(space*uint64(len(p.leads))), space*uint64(len(p.leads)))
	lead := p.leads[n/space]
	body := lead + fmt.Sprintf("%0*d", p.digits, n%space)
	return "+" + p.cc + body, p.trunk + groupDigits(body, p.groups)
}

// international writes an E.164 mobile number in the spaced international
// form, "+44 7912 345678".
func international(e164 string) string {
	for iso, p := range mobilePlans {
		_ = iso
		if strings.HasPrefix(e164, "+"+p.cc) {
			body := e164[1+len(p.cc):]
			for _, l := range p.leads {
				if strings.HasPrefix(body, l) && len(body) == len(l)+p.digits {
					return "+" + p.cc + " " + groupDigits(body, p.ccGroup)
				}
			}
		}
	}
	return e164
}

func groupDigits(s string, sizes []int) string {
	var b strings.Builder
	for i, n := range sizes {
		if i == len(sizes)-1 || n >= len(s) {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s)
			return b.String()
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[:n])
		s = s[n:]
	}
	return b.String()
}

func pow10(n int) uint64 {
	p := uint64(1)
	for i := 0; i < n; i++ {
		p *= 10
	}
	return p
}

// hashString folds a short string into a stream key part.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}

// maxPhones bounds the numbers a member uses; the last one is kept to the
// end of the group's activity.
const maxPhones = 32

// phoneSpans returns the spans of days member m used each of their phones
// and the country of each SIM, without the numbers.
func (w *world) phoneSpans(m int) []phone {
	mem := &w.members[m]
	gr := &w.groups[mem.group]
	r := stream(w.seed, dAsset, 2, uint64(m))
	var out []phone
	d := gr.first - r.intn(200)
	for j := 0; d <= gr.last && j < maxPhones; j++ {
		length := r.between(30, 200)
		if j == maxPhones-1 {
			length = gr.last - d + 1
		}
		iso := mem.residence.iso2
		if r.chance(0.2) {
			if _, ok := mobilePlans[mem.national]; ok && mem.national != "gb" {
				iso = mem.national // a SIM from home
			}
		}
		if _, ok := mobilePlans[iso]; !ok {
			iso = "gb"
		}
		out = append(out, phone{country: iso, from: d, to: d + length - 1})
		d += length
	}
	return out
}

// memberPhones returns the numbers member m used, in order, covering the
// group's active days (and some time before). Serials are dense over all
// members' phones (w.phoneBase), so numbers never repeat.
func (w *world) memberPhones(m int) []phone {
	out := w.phoneSpans(m)
	for j := range out {
		p := &out[j]
		p.e164, p.national = mobile(w.seed, p.country, uint64(w.phoneBase[m]+j))
		p.operator = int(key(w.seed, dAsset, 3, hashString(p.e164)) & 1)
	}
	return out
}

// phoneOn returns the phone member m used on day d (the last before it, or
// the first, when d is outside their use).
func phoneOn(phones []phone, d int) *phone {
	for i := range phones {
		if d <= phones[i].to {
			return &phones[i]
		}
	}
	return &phones[len(phones)-1]
}

// vehicle is a car or van a member uses.
type vehicle struct {
	id         string
	plate      string // canonical spacing for its country ("AB12 CDE")
	country    string
	make       string
	colour     string
	registered time.Time // first registration, before the group's first day and the range
}

var vehicleMakes = []string{"Volkswagen Transporter", "Ford Transit", "Mercedes-Benz Sprinter", "Renault Master", "Peugeot Boxer",
	"BMW 520d", "Audi A6", "Volkswagen Golf", "Toyota Prius", "Mercedes-Benz C220", "Vauxhall Vivaro", "Citroen Berlingo"}
var vehicleColours = []string{"white", "silver", "black", "grey", "blue", "red"}

// germanDistricts are the district codes of German plates: those of the
// cities members live in first, then others of the Ruhr and Rhineland.
var germanDistricts = map[string]string{"Essen": "E", "Dortmund": "DO", "Bochum": "BO", "Osnabrück": "OS", "Bielefeld": "BI"}
var otherDistricts = []string{"D", "K", "DU", "GE", "HA", "MH", "OB"}

// memberVehicles returns the vehicles member m uses: registered in their
// country of residence (members living outside the UK and the partner
// countries have none the sources see), first registered 1 month to 12
// years before the group's first day or the range's, whichever is
// earlier.
func (w *world) memberVehicles(m int) []vehicle {
	mem := &w.members[m]
	r := stream(w.seed, dAsset, 4, uint64(m))
	n := 0
	switch mem.role {
	case RoleDriver:
		n = 1 + r.intn(2)
	case RoleOrganiser, RoleLieutenant, RoleSupplier:
		if r.chance(0.6) {
			n = 1
		}
	case RoleBroker, RoleMoneyHandler:
		if r.chance(0.3) {
			n = 1
		}
	}
	iso := mem.residence.iso2
	switch iso {
	case "gb", "fr", "be", "de", "nl", "bg":
	default:
		n = 0
	}
	out := make([]vehicle, 0, n)
	gr := &w.groups[mem.group]
	firstUse := w.date(min(gr.first, 0))
	for j := 0; j < n; j++ {
		rr := stream(w.seed, dAsset, 14, uint64(m), uint64(j))
		span := min(12*365, int(firstUse.Sub(earliestRegistration).Hours()/24)-30)
		reg := firstUse.AddDate(0, 0, -30-rr.intn(max(span, 1)))
		area := ""
		if iso == "de" {
			area = germanDistricts[w.memberAddress(m).city]
			if area == "" {
				area = otherDistricts[rr.intn(len(otherDistricts))]
			}
		}
		out = append(out, vehicle{id: fmt.Sprintf("VEH-%d-%d", m, j), plate: plate(w.seed, iso, uint64(m)*2+uint64(j), reg, area),
			country: iso, make: vehicleMakes[r.intn(len(vehicleMakes))], colour: vehicleColours[r.intn(len(vehicleColours))],
			registered: reg})
	}
	return out
}

// earliestRegistration bounds the vehicles' registration dates: the first
// month of the GB plates with an age identifier (September 2001).
var earliestRegistration = day(2001, 9, 1)

const plateLetters = "ABCDEFGHJKLMNOPRSTUVWXY" // no I, Q, Z (GB)
const sivLetters = "ABCDEFGHJKLMNPQRSTVWXYZ"   // no I, O, U (France's SIV)
const nlLetters = "BDFGHJKLNPRSTVXZ"           // no vowels, C, Q, M, W or Y (Dutch cars)
const bgLetters = "ABEKMHOPCTXY"               // Latin letters that read as Cyrillic (Bulgaria)

// gbAgeIdentifier returns the two-digit age identifier of a GB plate
// first registered on t: the year's last two digits from March to
// August, those plus 50 from September to February (September 2024 is
// "74", January 2025 still "74", March 2025 "25").
func gbAgeIdentifier(t time.Time) string {
	y := t.Year() % 100
	switch m := t.Month(); {
	case m >= time.March && m <= time.August:
		return fmt.Sprintf("%02d", y)
	case m >= time.September:
		return fmt.Sprintf("%02d", y+50)
	}
	return fmt.Sprintf("%02d", (y+99)%100+50)
}

// nlSidecodes are the Dutch car plate formats (sidecodes 6 to 11) and the
// day each began: RDW issues plates in strict order, so the format tells
// the registration period. 9 is a digit, X a letter.
var nlSidecodes = []struct {
	from   time.Time
	layout string
}{
	{time.Time{}, "99-XX-XX"}, {day(2008, 1, 1), "99-XXX-9"}, {day(2013, 1, 1), "9-XXX-99"},
	{day(2015, 4, 1), "XX-999-X"}, {day(2019, 1, 1), "X-999-XX"}, {day(2024, 6, 12), "XXX-99-X"},
}

// plate returns the serial-th registration plate of a country for a
// vehicle first registered on reg, in the country's usual spacing. The
// parts that follow the registration date come from it: GB "AB12 CDE"
// (the age identifier, see gbAgeIdentifier), FR "AB-123-CD" (the SIV
// series, issued in order since April 2009: its first letter advances
// about every 26 months, G in 2023), BE "1-ABC-123" (personal plates of
// the 2010 scheme, series 1 until 2019, 2 from 2020), NL (the sidecode of
// the period, nlSidecodes); DE "E-AB 1234" takes area, the district of
// the owner's city; BG "CA 1234 AB" (Sofia). Serials below each format's
// space (over 6 million) give distinct plates.
func plate(seed uint64, iso2 string, serial uint64, reg time.Time, area string) string {
	k := key(seed, dAsset, 5, hashString(iso2))
	L := func(alpha string, n *uint64) byte {
		c := alpha[*n%uint64(len(alpha))]
		*n /= uint64(len(alpha))
		return c
	}
	D := func(n *uint64) byte { c := byte('0' + *n%10); *n /= 10; return c }
	perm := func(space uint64) uint64 { return permute(k, serial%space, space) }
	switch iso2 {
	case "fr":
		siv := max(int(reg.Sub(day(2009, 4, 15)).Hours()/24/30.44), 0) / 26
		n := perm(23 * 999 * 23 * 23)
		a, b := sivLetters[min(siv, len(sivLetters)-1)], L(sivLetters, &n)
		num := n%999 + 1
		n /= 999
		c, d := L(sivLetters, &n), L(sivLetters, &n)
		return fmt.Sprintf("%c%c-%03d-%c%c", a, b, num, c, d)
	case "be":
		series := 1
		if !reg.Before(day(2020, 1, 1)) {
			series = 2
		}
		n := perm(26 * 26 * 26 * 999)
		a, b, c := L("ABCDEFGHIJKLMNOPQRSTUVWXYZ", &n), L("ABCDEFGHIJKLMNOPQRSTUVWXYZ", &n), L("ABCDEFGHIJKLMNOPQRSTUVWXYZ", &n)
		return fmt.Sprintf("%d-%c%c%c-%03d", series, a, b, c, n%999+1)
	case "de":
		n := perm(25 * 25 * 9999)
		a, b := L("ABCDEFGHIJKLMNOPRSTUVWXYZ", &n), L("ABCDEFGHIJKLMNOPRSTUVWXYZ", &n)
		return fmt.Sprintf("%s-%c%c %d", area, a, b, n%9999+1)
	case "nl":
		layout := nlSidecodes[0].layout
		for _, sc := range nlSidecodes {
			if !reg.Before(sc.from) {
				layout = sc.layout
			}
		}
		space := uint64(1)
		for i := 0; i < len(layout); i++ {
			switch layout[i] {
			case '9':
				space *= 10
			case 'X':
				space *= uint64(len(nlLetters))
			}
		}
		n := perm(space)
		b := []byte(layout)
		for i := range b {
			switch b[i] {
			case '9':
				b[i] = D(&n)
			case 'X':
				b[i] = L(nlLetters, &n)
			}
		}
		return string(b)
	case "bg":
		n := perm(9000 * 12 * 12)
		num := n%9000 + 1000
		n /= 9000
		a, b := L(bgLetters, &n), L(bgLetters, &n)
		return fmt.Sprintf("CA %04d %c%c", num, a, b)
	}
	// GB: two area letters, the age identifier of the registration date
	// and three random letters.
	n := perm(23 * 23 * 23 * 23 * 23)
	a, b := L(plateLetters, &n), L(plateLetters, &n)
	c, d, e := L(plateLetters, &n), L(plateLetters, &n), L(plateLetters, &n)
	return fmt.Sprintf("%c%c%s %c%c%c", a, b, gbAgeIdentifier(reg), c, d, e)
}

// account is a bank account.
type account struct {
	id       string
	iban     string // electronic form, no spaces
	sortCode string // GB: "20-45-77"
	number   string // GB: 8-digit account number
	bank     string
	country  string
}

var ukBanks = []struct{ code, name, sort string }{
	{"NABK", "Northern Albion Bank", "60"}, {"TMBK", "Thames and Mercia Bank", "40"}, {"CSBK", "Caledon Savings Bank", "83"}, {"PNBK", "Pennine Building Society", "09"},
}

// memberAccounts returns the bank accounts member m holds.
func (w *world) memberAccounts(m int) []account {
	mem := &w.members[m]
	r := stream(w.seed, dAsset, 6, uint64(m))
	n := 0
	switch mem.role {
	case RoleOrganiser, RoleSupplier:
		n = 1
	case RoleMoneyHandler:
		n = 2 + r.intn(2)
	case RoleLieutenant:
		if r.chance(0.5) {
			n = 1
		}
	case RoleBroker:
		if r.chance(0.4) {
			n = 1
		}
	}
	out := make([]account, 0, n)
	for j := 0; j < n; j++ {
		iso := mem.residence.iso2
		if iso != "gb" && iso != "fr" && iso != "be" && iso != "de" && iso != "nl" && iso != "bg" {
			iso = "gb"
		}
		out = append(out, bankAccount(w.seed, iso, uint64(m)*4+uint64(j), fmt.Sprintf("ACC-%d-%d", m, j)))
	}
	return out
}

// bankAccount returns the serial-th account of a country with a valid IBAN
// (ISO 13616 check digits, mod 97-10 of ISO 7064).
func bankAccount(seed uint64, iso2 string, serial uint64, id string) account {
	k := key(seed, dAsset, 7, hashString(iso2))
	a := account{id: id, country: iso2}
	var bban string
	switch iso2 {
	case "fr":
		n := permute(k, serial, 1e11)
		bban = fmt.Sprintf("30004%05d%011d", 100+serial%900, n)
		bban += fmt.Sprintf("%02d", ribKey(bban))
		a.bank = "BNP Paribas"
	case "be":
		n := permute(k, serial, 1e10)
		bban = fmt.Sprintf("%010d", n)
		chk := n % 97
		if chk == 0 {
			chk = 97
		}
		bban += fmt.Sprintf("%02d", chk)
		a.bank = "Banque de Bruxelles"
	case "de":
		n := permute(k, serial, 1e10)
		bban = fmt.Sprintf("37040044%010d", n)
		a.bank = "Rheinische Volksbank"
	case "nl":
		n := permute(k, serial, 1e10)
		bban = fmt.Sprintf("INGB%010d", n)
		a.bank = "ING"
	case "bg":
		n := permute(k, serial, 1e8)
		bban = fmt.Sprintf("BNBG9661%010d", n)
		a.bank = "Balkan Commercial Bank"
	default:
		b := ukBanks[serial%uint64(len(ukBanks))]
		n := permute(k, serial, 1e12)
		sort := fmt.Sprintf("%s%04d", b.sort, n%10000)
		num := fmt.Sprintf("%08d", n/10000)
		bban = b.code + sort + num
		a.sortCode = sort[:2] + "-" + sort[2:4] + "-" + sort[4:]
		a.number = num
		a.bank = b.name
		iso2 = "gb"
	}
	a.iban = ibanWithCheck(strings.ToUpper(iso2), bban)
	return a
}

// ibanWithCheck computes the two check digits of an IBAN: 98 minus the
// mod-97 of the BBAN followed by the country code and "00", letters as
// 10-35 (ISO 13616-1).
func ibanWithCheck(cc, bban string) string {
	var digits strings.Builder
	for _, c := range bban + cc + "00" {
		if c >= 'A' && c <= 'Z' {
			digits.WriteString(strconv.Itoa(int(c-'A') + 10))
		} else {
			digits.WriteRune(c)
		}
	}
	n, _ := new(big.Int).SetString(digits.String(), 10)
	check := 98 - new(big.Int).Mod(n, big.NewInt(97)).Int64()
	return fmt.Sprintf("%s%02d%s", cc, check, bban)
}

// ribKey is the French RIB key of bank, branch and account digits:
// 97 - (89*bank + 15*branch + 3*account) mod 97.
func ribKey(s string) int {
	bank, _ := strconv.ParseInt(s[:5], 10, 64)
	branch, _ := strconv.ParseInt(s[5:10], 10, 64)
	acct, _ := strconv.ParseInt(s[10:21], 10, 64)
	return int(97 - (89*bank+15*branch+3*(acct%97))%97)
}

// spacedIBAN writes an IBAN in groups of four, as printed.
func spacedIBAN(iban string) string {
	var b strings.Builder
	for i := 0; i < len(iban); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(iban[i:min(i+4, len(iban))])
	}
	return b.String()
}

// passportFormats: letters before the digits, and the digit count.
var passportFormats = map[string]struct {
	prefix string
	digits int
}{
	"iq": {"A", 8}, "ir": {"K", 8}, "af": {"P", 8}, "al": {"BA", 7}, "xk": {"P", 8}, "vn": {"C", 7},
	"er": {"P", 7}, "et": {"EP", 7}, "sd": {"P", 8}, "tr": {"U", 8}, "sy": {"N", 9}, "eg": {"A", 8},
	"gb": {"", 9}, "fr": {"19", 7}, "de": {"C", 8}, "be": {"EP", 6}, "kw": {"P", 8},
}

// passportNumber returns the serial-th passport number of a country.
func passportNumber(seed uint64, iso2 string, serial uint64) string {
	f, ok := passportFormats[iso2]
	if !ok {
		f = struct {
			prefix string
			digits int
		}{"X", 8}
	}
	space := pow10(f.digits)
	n := permute(key(seed, dAsset, 8, hashString(iso2)), serial%space, space)
	return fmt.Sprintf("%s%0*d", f.prefix, f.digits, n)
}

// address is a postal address on one line, with its parts.
type address struct {
	full, street, city, postcode string
	country                      country
}

// ukStreet is a street of a UK city and the outward code (postcode
// district) it lies in.
type ukStreet struct{ street, outward string }

// ukStreets are streets of each UK city members live in, with their
// postcode districts.
var ukStreets = map[string][]ukStreet{
	"London": {{"Ilford Lane", "IG1"}, {"Green Street", "E7"}, {"Barking Road", "E6"}, {"Whitechapel Road", "E1"},
		{"Romford Road", "E7"}, {"Commercial Road", "E1"}, {"Cranbrook Road", "IG1"}, {"High Street North", "E6"},
		{"Plashet Grove", "E6"}, {"Katherine Road", "E6"}},
	"Birmingham": {{"Stratford Road", "B11"}, {"Ladypool Road", "B12"}, {"Coventry Road", "B10"}, {"Soho Road", "B21"},
		{"Alum Rock Road", "B8"}, {"Moseley Road", "B12"}, {"Washwood Heath Road", "B8"}, {"Lozells Road", "B19"}},
	"Manchester": {{"Wilmslow Road", "M14"}, {"Cheetham Hill Road", "M8"}, {"Stockport Road", "M13"}, {"Oldham Road", "M40"},
		{"Ashton Old Road", "M11"}, {"Claremont Road", "M14"}, {"Great Western Street", "M14"}},
	"Leeds": {{"Harehills Lane", "LS8"}, {"Roundhay Road", "LS8"}, {"Beeston Road", "LS11"}, {"Dewsbury Road", "LS11"},
		{"Chapeltown Road", "LS7"}, {"York Road", "LS9"}},
	"Bradford": {{"Manningham Lane", "BD8"}, {"Leeds Road", "BD3"}, {"Great Horton Road", "BD7"}, {"Oak Lane", "BD9"},
		{"Toller Lane", "BD8"}, {"Thornton Road", "BD8"}},
	"Coventry": {{"Foleshill Road", "CV6"}, {"Stoney Stanton Road", "CV6"}, {"Walsgrave Road", "CV2"}, {"Far Gosford Street", "CV1"},
		{"Holbrook Lane", "CV6"}},
	"Liverpool": {{"Smithdown Road", "L15"}, {"Lodge Lane", "L8"}, {"Picton Road", "L15"}, {"Kensington", "L7"}, {"Park Road", "L8"},
		{"County Road", "L4"}, {"Granby Street", "L8"}},
	"Portsmouth": {{"Fratton Road", "PO1"}, {"Albert Road", "PO5"}, {"Elm Grove", "PO5"}, {"Kingston Road", "PO2"},
		{"London Road", "PO2"}, {"Arundel Street", "PO1"}},
	"Cardiff": {{"City Road", "CF24"}, {"Cowbridge Road East", "CF11"}, {"Clifton Street", "CF24"}, {"Richmond Road", "CF24"},
		{"Penarth Road", "CF11"}, {"Crwys Road", "CF24"}},
	"Glasgow": {{"Victoria Road", "G42"}, {"Pollokshaws Road", "G41"}, {"Allison Street", "G42"}, {"Argyle Street", "G3"},
		{"Dumbarton Road", "G11"}, {"Maryhill Road", "G20"}},
	"Huddersfield": {{"Manchester Road", "HD4"}, {"Trinity Street", "HD1"}, {"Bradford Road", "HD2"}, {"Wakefield Road", "HD5"},
		{"Leeds Road", "HD1"}, {"Birkby Road", "HD2"}},
	"Stoke-on-Trent": {{"Waterloo Road", "ST6"}, {"Hartshill Road", "ST4"}, {"Leek Road", "ST4"}, {"Uttoxeter Road", "ST3"},
		{"Lightwood Road", "ST3"}, {"Victoria Road", "ST4"}},
}

// town is a continental city members live in: its country, streets and
// postcodes (inclusive ranges; a single code is {c, c}).
type town struct {
	country   country
	streets   []string
	postcodes [][2]int
}

// towns are the continental cities of the groups' cells and members, each
// with its own streets and postcodes: German five digits (Bielefeld 336xx,
// Essen 45xxx, Dortmund 44xxx, Bochum 447xx-448xx, Osnabrück 490xx),
// Belgian four (Bruxelles 1000-1210, Antwerpen 2000-2180, Liège
// 4000-4032), Dutch four digits and two letters (Rotterdam 30xx AB),
// French five (Lille 59000 and 59800, Dunkerque 59140 and 59240, Calais
// 62100) and Bulgarian four (Sofia 1000-1799, streets transliterated).
var towns = map[string]town{
	"Essen": {cDE, []string{"Altendorfer Straße", "Frohnhauser Straße", "Viehofer Straße", "Rüttenscheider Straße",
		"Altenessener Straße", "Steeler Straße", "Kettwiger Straße"}, [][2]int{{45127, 45359}}},
	"Dortmund": {cDE, []string{"Münsterstraße", "Mallinckrodtstraße", "Brackeler Straße", "Hoher Wall", "Kampstraße",
		"Schützenstraße", "Rheinische Straße"}, [][2]int{{44135, 44388}}},
	"Bochum": {cDE, []string{"Herner Straße", "Dorstener Straße", "Alleestraße", "Hattinger Straße", "Castroper Straße",
		"Kortumstraße"}, [][2]int{{44787, 44894}}},
	"Osnabrück": {cDE, []string{"Lotter Straße", "Bramscher Straße", "Iburger Straße", "Meller Straße", "Hannoversche Straße",
		"Große Straße"}, [][2]int{{49074, 49090}}},
	"Bielefeld": {cDE, []string{"Herforder Straße", "Jöllenbecker Straße", "Detmolder Straße", "Heeper Straße",
		"Stapenhorststraße", "Bahnhofstraße"}, [][2]int{{33602, 33649}}},
	"Bruxelles": {cBE, []string{"Chaussée de Gand", "Rue de Brabant", "Rue Haute", "Avenue de Stalingrad", "Chaussée de Haecht",
		"Chaussée de Mons", "Boulevard Lemonnier"}, [][2]int{{1000, 1000}, {1020, 1020}, {1030, 1030}, {1060, 1060}, {1070, 1070},
		{1080, 1081}, {1190, 1190}, {1210, 1210}}},
	"Antwerpen": {cBE, []string{"Turnhoutsebaan", "Carnotstraat", "Lange Kievitstraat", "Kerkstraat", "Diepestraat", "Bredabaan"},
		[][2]int{{2000, 2000}, {2018, 2018}, {2020, 2020}, {2030, 2030}, {2060, 2060}, {2100, 2100}, {2140, 2140}, {2170, 2170}, {2180, 2180}}},
	"Liège": {cBE, []string{"Rue Saint-Léonard", "Rue Féronstrée", "Boulevard de la Sauvenière", "Rue Puits-en-Sock", "Rue du Laveu",
		"Quai de la Dérivation"}, [][2]int{{4000, 4000}, {4020, 4020}, {4030, 4032}}},
	"Rotterdam": {cNL, []string{"Nieuwe Binnenweg", "West-Kruiskade", "Beijerlandselaan", "Zwart Janstraat", "Putselaan",
		"Mathenesserlaan", "Groene Hilledijk", "Schiedamseweg"}, [][2]int{{3011, 3089}}},
	"Lille": {cFR, []string{"rue Solférino", "rue Nationale", "boulevard de la Liberté", "rue de Paris", "rue Léon Gambetta",
		"rue de Wazemmes", "boulevard Victor Hugo"}, [][2]int{{59000, 59000}, {59800, 59800}}},
	"Dunkerque": {cFR, []string{"rue de la République", "rue Jean Jaurès", "boulevard Alexandre III", "rue Poincaré",
		"rue Clemenceau", "quai des Hollandais"}, [][2]int{{59140, 59140}, {59240, 59240}}},
	"Calais": {cFR, []string{"boulevard Jacquard", "rue Royale", "boulevard La Fayette", "rue Mollien", "avenue Blériot",
		"rue des Fontinettes"}, [][2]int{{62100, 62100}}},
	"Sofia": {cBG, []string{"bul. Vitosha", "ul. Graf Ignatiev", "bul. Tsarigradsko shose", "ul. Pirotska",
		"bul. Knyaginya Maria Luiza", "bul. Slivnitsa", "ul. Ekzarh Yosif", "bul. Hristo Botev"}, [][2]int{{1000, 1799}}},
}

// homeCities are where members living in their country of origin live;
// records know only the city.
var homeCities = map[string][]string{
	"iq": {"Sulaymaniyah", "Erbil", "Ranya", "Kirkuk", "Baghdad"}, "ir": {"Sanandaj", "Tehran", "Mashhad", "Kermanshah"},
	"af": {"Kabul", "Jalalabad", "Kunduz", "Herat"}, "al": {"Tirana", "Durrës", "Kukës", "Shkodër", "Elbasan"},
	"xk": {"Prishtina", "Prizren", "Peja"}, "vn": {"Vinh", "Hà Tĩnh", "Hải Phòng", "Hanoi"}, "er": {"Asmara", "Keren"},
	"et": {"Addis Ababa", "Mekelle"}, "sd": {"Khartoum", "Omdurman", "Nyala"}, "sy": {"Aleppo", "Damascus", "Qamishli"},
	"tr": {"Istanbul", "Diyarbakır", "Van", "Gaziantep"}, "eg": {"Cairo", "Alexandria"}, "kw": {"Kuwait City", "Jahra"},
}

var camps = []string{"Loon-Plage", "Grande-Synthe", "Calais", "Marck", "Coquelles"}

// townsOf lists the towns of a country, most lived in first.
func townsOf(c country) []string {
	var out []string
	if c == cFR {
		out = append(out, "Dunkerque", "Calais") // most live near the coast
	}
	for _, e := range euCities {
		if towns[e.name].country == c {
			out = append(out, e.name)
		}
	}
	return out
}

// memberAddress returns where member m lives: a street address in a city
// of their country of residence (the group's own city there, when it has
// one), with that city's streets and postcodes; a camp on the French coast
// for those living rough; only a city for members living in their country
// of origin. Some members share their lieutenant's address (a safe house).
func (w *world) memberAddress(m int) address {
	mem := &w.members[m]
	r := stream(w.seed, dAsset, 9, uint64(m))
	if mem.cell >= 0 && w.members[mem.cell].residence == mem.residence && r.chance(0.2) {
		return w.memberAddress(int(mem.cell))
	}
	gr := &w.groups[mem.group]
	num := 1 + r.intn(240)
	switch mem.residence {
	case cGB:
		city := ukCities[gr.ukCity]
		if r.chance(0.3) {
			city = ukCities[r.intn(len(ukCities))]
		}
		st := ukStreets[city][r.intn(len(ukStreets[city]))]
		const inward = "ABDEFGHJLNPQRSTUWXYZ" // letters of a postcode's inward code
		pc := fmt.Sprintf("%s %d%c%c", st.outward, r.intn(10), inward[r.intn(len(inward))], inward[r.intn(len(inward))])
		return address{full: fmt.Sprintf("%d %s, %s %s", num, st.street, city, pc), street: fmt.Sprintf("%d %s", num, st.street),
			city: city, postcode: pc, country: cGB}
	case cFR:
		if mem.role == RoleRecruiter || mem.role == RolePilot || r.chance(0.3) {
			camp := camps[r.intn(len(camps))]
			return address{full: "No fixed abode (camp), " + camp, city: camp, country: cFR}
		}
	}
	names := townsOf(mem.residence)
	if len(names) == 0 {
		places := homeCities[mem.residence.iso2]
		if len(places) == 0 {
			return address{full: mem.residence.name, country: mem.residence}
		}
		city := places[r.intn(len(places))]
		return address{full: city + ", " + mem.residence.name, city: city, country: mem.residence}
	}
	city := names[r.zipf(len(names))]
	if own := euCities[gr.euCity]; own.c == mem.residence && r.chance(0.7) {
		city = own.name
	}
	t := towns[city]
	st := t.streets[r.intn(len(t.streets))]
	rg := t.postcodes[r.intn(len(t.postcodes))]
	code := rg[0] + r.intn(rg[1]-rg[0]+1)
	var pc, full string
	switch mem.residence {
	case cFR:
		pc = fmt.Sprintf("%05d", code)
		full = fmt.Sprintf("%d %s, %s %s", num, st, pc, city)
		return address{full: full, street: fmt.Sprintf("%d %s", num, st), city: city, postcode: pc, country: cFR}
	case cNL:
		const letters = "ABCDEFGHJKLMNPRSTVWXZ"
		a, b := letters[r.intn(len(letters))], letters[r.intn(len(letters))]
		if a == 'S' && (b == 'A' || b == 'D' || b == 'S') {
			b = 'T' // SA, SD and SS are not used
		}
		pc = fmt.Sprintf("%04d %c%c", code, a, b)
	case cDE:
		pc = fmt.Sprintf("%05d", code)
	default:
		pc = fmt.Sprintf("%04d", code)
	}
	full = fmt.Sprintf("%s %d, %s %s", st, num, pc, city)
	return address{full: full, street: fmt.Sprintf("%s %d", st, num), city: city, postcode: pc, country: mem.residence}
}

// boat is the small boat of a crossing, a prevention or a seizure.
type boat struct {
	id     string
	kind   string
	length int // metres
	colour string
	cin    string // craft identification number (EN ISO 10087), "" when the hull has none
}

// engine is an outboard engine.
type engine struct {
	id     string
	make   string
	model  string
	hp     int
	serial string
}

var engineModels = []struct {
	make, model string
	hp          int
	weight      float64
}{
	{"Yamaha", "40 XMHL", 40, 0.3}, {"Yamaha", "F60 FETL", 60, 0.1}, {"Tohatsu", "M40D2", 40, 0.2},
	{"Suzuki", "DF40A", 40, 0.1}, {"Mercury", "40 ELPT", 40, 0.1}, {"Parsun", "T40", 40, 0.15}, {"Hidea", "HD40FHS", 40, 0.05},
}

// Serial namespaces of boats and engines: crossings, preventions and
// seizures draw from separate ranges.
const (
	serialCrossing  = 0
	serialPrevented = 1 << 22
	serialSeized    = 2 << 22
)

// makeBoat returns the serial-th boat (of a launch in year).
func makeBoat(seed uint64, serial uint64, year int, id string) boat {
	r := stream(seed, dAsset, 10, serial)
	lo := min(4+max(year-2018, 0), 9)
	b := boat{id: id, kind: "inflatable boat", length: r.between(lo, lo+3), colour: []string{"grey", "black", "grey", "blue"}[r.intn(4)]}
	if year < 2020 && r.chance(0.3) {
		b.kind, b.length = "dinghy", r.between(3, 5)
	}
	if r.chance(0.4) {
		const alnum = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
		n := permute(key(seed, dAsset, 11), serial, 33*33*33*33*33)
		var s [5]byte
		for i := range s {
			s[i] = alnum[n%33]
			n /= 33
		}
		maker := []string{"ZQX", "HBC", "SLV", "KXB", "RYN"}[r.intn(5)]
		b.cin = fmt.Sprintf("%s-%s%s%c%d%02d", []string{"DE", "NL", "CN", "TR", "BG"}[r.intn(5)], maker, s[:], 'A'+byte(r.intn(12)), r.intn(10), (year-1)%100)
	}
	return b
}

// makeEngine returns the serial-th engine.
func makeEngine(seed uint64, serial uint64, id string) engine {
	r := stream(seed, dAsset, 12, serial)
	w := make([]float64, len(engineModels))
	total := 0.0
	for i, m := range engineModels {
		w[i], total = m.weight, total+m.weight
	}
	m := engineModels[r.weighted(w, total)]
	n := permute(key(seed, dAsset, 13, hashString(m.make)), serial, 1e7)
	var s string
	switch m.make {
	case "Yamaha":
		s = fmt.Sprintf("6BGL-%07d", n)
	case "Tohatsu":
		s = fmt.Sprintf("3B2-%07d", n)
	case "Suzuki":
		s = fmt.Sprintf("04004F-%07d", n)
	case "Mercury":
		s = fmt.Sprintf("2B%07d", n)
	default:
		s = fmt.Sprintf("%s%07d", strings.ToUpper(m.make[:2]), n)
	}
	return engine{id: id, make: m.make, model: m.model, hp: m.hp, serial: s}
}
