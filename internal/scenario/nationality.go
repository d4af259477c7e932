package scenario

// country is what records write for a nationality or a country of
// residence: its ISO 3166-1 codes and English short name.
type country struct {
	iso2, iso3, name string
}

// hoNationality maps the Home Office's nationality labels (Irr_D01) to
// countries. Labels that are not a country ("Stateless", "Refugee", "Not
// currently recorded", "Other and unknown") map to the zero country: the
// record's nationality is then left blank, as Border Force leaves it.
var hoNationality = map[string]country{
	"Afghanistan": {"af", "AFG", "Afghanistan"}, "Albania": {"al", "ALB", "Albania"},
	"Algeria": {"dz", "DZA", "Algeria"}, "American Samoa (United States)": {"as", "ASM", "American Samoa"},
	"Andorra": {"ad", "AND", "Andorra"}, "Antigua and Barbuda": {"ag", "ATG", "Antigua and Barbuda"},
	"Argentina": {"ar", "ARG", "Argentina"}, "Austria": {"at", "AUT", "Austria"},
	"Azerbaijan": {"az", "AZE", "Azerbaijan"}, "Bahrain": {"bh", "BHR", "Bahrain"},
	"Bangladesh": {"bd", "BGD", "Bangladesh"}, "Belarus": {"by", "BLR", "Belarus"},
	"Benin": {"bj", "BEN", "Benin"}, "Bolivia": {"bo", "BOL", "Bolivia"},
	"Bosnia and Herzegovina": {"ba", "BIH", "Bosnia and Herzegovina"}, "Brazil": {"br", "BRA", "Brazil"},
	"Burkina Faso": {"bf", "BFA", "Burkina Faso"}, "Burundi": {"bi", "BDI", "Burundi"},
	"Cameroon": {"cm", "CMR", "Cameroon"}, "Central African Republic": {"cf", "CAF", "Central African Republic"},
	"Chad": {"td", "TCD", "Chad"}, "China": {"cn", "CHN", "China"},
	"Congo": {"cg", "COG", "Congo"}, "Congo (Democratic Republic)": {"cd", "COD", "Democratic Republic of the Congo"},
	"Cyprus (Northern part of)": {"cy", "CYP", "Cyprus"}, "Denmark": {"dk", "DNK", "Denmark"},
	"Djibouti": {"dj", "DJI", "Djibouti"}, "Egypt": {"eg", "EGY", "Egypt"},
	"Eritrea": {"er", "ERI", "Eritrea"}, "Ethiopia": {"et", "ETH", "Ethiopia"},
	"France": {"fr", "FRA", "France"}, "French Guiana (French)": {"gf", "GUF", "French Guiana"},
	"Gambia, The": {"gm", "GMB", "Gambia"}, "Georgia": {"ge", "GEO", "Georgia"},
	"Germany": {"de", "DEU", "Germany"}, "Ghana": {"gh", "GHA", "Ghana"},
	"Guinea": {"gn", "GIN", "Guinea"}, "Guinea-Bissau": {"gw", "GNB", "Guinea-Bissau"},
	"Guyana": {"gy", "GUY", "Guyana"}, "Haiti": {"ht", "HTI", "Haiti"},
	"India": {"in", "IND", "India"}, "Indonesia": {"id", "IDN", "Indonesia"},
	"Iran": {"ir", "IRN", "Iran"}, "Iraq": {"iq", "IRQ", "Iraq"},
	"Israel": {"il", "ISR", "Israel"}, "Italy": {"it", "ITA", "Italy"},
	"Ivory Coast": {"ci", "CIV", "Ivory Coast"}, "Jamaica": {"jm", "JAM", "Jamaica"},
	"Jordan": {"jo", "JOR", "Jordan"}, "Kazakhstan": {"kz", "KAZ", "Kazakhstan"},
	"Kenya": {"ke", "KEN", "Kenya"}, "Kosovo": {"xk", "XKX", "Kosovo"},
	"Kuwait": {"kw", "KWT", "Kuwait"}, "Kyrgyzstan": {"kg", "KGZ", "Kyrgyzstan"},
	"Lebanon": {"lb", "LBN", "Lebanon"}, "Liberia": {"lr", "LBR", "Liberia"},
	"Libya": {"ly", "LBY", "Libya"}, "Mali": {"ml", "MLI", "Mali"},
	"Malta": {"mt", "MLT", "Malta"}, "Mauritania": {"mr", "MRT", "Mauritania"},
	"Moldova": {"md", "MDA", "Moldova"}, "Montenegro": {"me", "MNE", "Montenegro"},
	"Morocco": {"ma", "MAR", "Morocco"}, "Myanmar (Burma)": {"mm", "MMR", "Myanmar"},
	"Nepal": {"np", "NPL", "Nepal"}, "Niger": {"ne", "NER", "Niger"},
	"Nigeria": {"ng", "NGA", "Nigeria"}, "North Macedonia": {"mk", "MKD", "North Macedonia"},
	"Occupied Palestinian Territories": {"ps", "PSE", "Palestine"}, "Pakistan": {"pk", "PAK", "Pakistan"},
	"Philippines": {"ph", "PHL", "Philippines"}, "Poland": {"pl", "POL", "Poland"},
	"Qatar": {"qa", "QAT", "Qatar"}, "Russia": {"ru", "RUS", "Russia"},
	"Saudi Arabia": {"sa", "SAU", "Saudi Arabia"}, "Senegal": {"sn", "SEN", "Senegal"},
	"Sierra Leone": {"sl", "SLE", "Sierra Leone"}, "Somalia": {"so", "SOM", "Somalia"},
	"South Africa": {"za", "ZAF", "South Africa"}, "South Sudan": {"ss", "SSD", "South Sudan"},
	"Sri Lanka": {"lk", "LKA", "Sri Lanka"}, "Sudan": {"sd", "SDN", "Sudan"},
	"Suriname": {"sr", "SUR", "Suriname"}, "Syria": {"sy", "SYR", "Syria"},
	"Tajikistan": {"tj", "TJK", "Tajikistan"}, "Tanzania": {"tz", "TZA", "Tanzania"},
	"Thailand": {"th", "THA", "Thailand"}, "Togo": {"tg", "TGO", "Togo"},
	"Tunisia": {"tn", "TUN", "Tunisia"}, "Turkey": {"tr", "TUR", "Turkey"},
	"Ukraine": {"ua", "UKR", "Ukraine"}, "United Arab Emirates": {"ae", "ARE", "United Arab Emirates"},
	"Uzbekistan": {"uz", "UZB", "Uzbekistan"}, "Vietnam": {"vn", "VNM", "Vietnam"},
	"Western Sahara": {"eh", "ESH", "Western Sahara"}, "Yemen": {"ye", "YEM", "Yemen"},
	"Zimbabwe": {"zw", "ZWE", "Zimbabwe"},
	"South Georgia and the South Sandwich Islands (British)": {"gs", "SGS", "South Georgia and the South Sandwich Islands"},
	"Stateless": {}, "Refugee": {}, "Not currently recorded": {}, "Other and unknown": {},
}

// Countries of residence and of the smuggling groups' members.
var (
	cGB = country{"gb", "GBR", "United Kingdom"}
	cFR = country{"fr", "FRA", "France"}
	cBE = country{"be", "BEL", "Belgium"}
	cDE = country{"de", "DEU", "Germany"}
	cNL = country{"nl", "NLD", "Netherlands"}
	cBG = country{"bg", "BGR", "Bulgaria"}
)

// byISO2 finds a country by its alpha-2 code among hoNationality and the
// residence countries.
func byISO2(iso2 string) country {
	for _, c := range []country{cGB, cFR, cBE, cDE, cNL, cBG} {
		if c.iso2 == iso2 {
			return c
		}
	}
	for _, c := range hoNationality {
		if c.iso2 == iso2 {
			return c
		}
	}
	return country{}
}

// cultureShare is the chance that a person of a nationality carries names
// of a culture.
type cultureShare struct {
	culture string
	p       float64
}

// nationalityCultures gives the naming cultures of each nationality's
// small-boat arrivals. Nationalities absent here use regionCultures.
var nationalityCultures = map[string][]cultureShare{
	"ir": {{"persian", 0.6}, {"kurdish", 0.4}},
	"iq": {{"kurdish", 0.75}, {"arabic", 0.25}},
	"sy": {{"arabic", 0.6}, {"kurdish", 0.4}},
	"tr": {{"kurdish", 0.7}, {"turkish", 0.3}},
	"af": {{"pashto", 0.55}, {"persian", 0.45}},
	"tj": {{"persian", 1}}, "uz": {{"turkish", 1}}, "az": {{"turkish", 1}},
	"al": {{"albanian", 1}}, "xk": {{"albanian", 1}}, "mk": {{"albanian", 1}}, "me": {{"albanian", 1}},
	"vn": {{"vietnamese", 1}},
	"er": {{"eritrean", 1}}, "et": {{"eritrean", 1}},
	"sd": {{"sudanese", 1}}, "ss": {{"sudanese", 1}}, "td": {{"sudanese", 1}},
	"so": {{"somali", 1}}, "dj": {{"somali", 1}},
	"ge": {{"georgian", 1}},
	// South Asia: Indian arrivals are mostly Punjabi, Sikh and Hindu;
	// Sri Lankans Tamil; Pakistanis Punjabi or Pashtun Muslims.
	"in": {{"punjabi_sikh", 0.55}, {"indian_hindu", 0.4}, {"south_asian_muslim", 0.05}},
	"pk": {{"south_asian_muslim", 0.6}, {"pashto", 0.4}}, "bd": {{"south_asian_muslim", 1}},
	"lk": {{"tamil", 1}}, "np": {{"nepali", 1}},
	"ng": {{"nigerian_yoruba", 0.4}, {"nigerian_igbo", 0.35}, {"nigerian_hausa", 0.25}},
	"cd": {{"central_african", 1}}, "cg": {{"central_african", 1}}, "cm": {{"central_african", 1}},
	"bi": {{"central_african", 1}}, "cf": {{"central_african", 1}},
	"ke": {{"east_african", 1}}, "tz": {{"east_african", 1}},
	// Nationalities of a handful of arrivals a year or fewer.
	"cn": {{"chinese", 1}}, "ru": {{"east_slavic", 1}}, "ua": {{"east_slavic", 1}}, "by": {{"east_slavic", 1}},
	"md": {{"east_slavic", 1}}, "kz": {{"east_slavic", 1}}, "kg": {{"east_slavic", 1}}, "cy": {{"turkish", 1}},
	"de": {{"german", 1}}, "at": {{"german", 1}}, "fr": {{"french", 1}}, "ht": {{"french", 1}}, "gf": {{"french", 1}},
	"jm": {{"british", 1}}, "ag": {{"british", 1}}, "gy": {{"british", 1}}, "gs": {{"british", 1}},
	"ph": {{"hispanic", 1}}, "ad": {{"hispanic", 1}}, "as": {{"polynesian", 1}},
}

// regionCultures gives naming cultures by Home Office world region, for
// nationalities without their own entry: a coarse approximation for the
// few dozen arrivals a year of smaller nationalities (Europeans of the EU
// other than Germans and French take French names, South East Asians
// other than Vietnamese and Filipinos Vietnamese ones).
var regionCultures = map[string][]cultureShare{
	"Middle East":               {{"arabic", 1}},
	"Africa North":              {{"arabic", 1}},
	"Africa Sub-Saharan":        {{"westafrican", 1}},
	"Asia Central":              {{"turkish", 1}},
	"Asia South":                {{"south_asian_muslim", 0.5}, {"indian_hindu", 0.5}},
	"Asia South East":           {{"vietnamese", 1}},
	"Asia East":                 {{"chinese", 1}},
	"Europe Other":              {{"east_slavic", 1}},
	"EU 14":                     {{"french", 1}},
	"EU 8":                      {{"french", 1}},
	"EU Other":                  {{"french", 1}},
	"America Central and South": {{"hispanic", 1}},
	"Oceania":                   {{"polynesian", 1}},
	"Other":                     {{"arabic", 1}}, // stateless arrivals are mostly Kuwaiti Bidoon and Palestinians
}
