package normalize

import (
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// iso3166 lists the ISO 3166-1 alpha-2 codes of all 249 officially assigned
// countries and territories.
const iso3166 = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ " +
	"BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO " +
	"DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU " +
	"GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW " +
	"KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU " +
	"MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW " +
	"PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF " +
	"TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA " +
	"ZM ZW"

// countryExtra lists the codes outside ISO 3166-1 that FollowTheMoney uses
// and Country accepts: Kosovo (user-assigned XK, also used by the EU and the
// IBAN registry), the European Union, and "zz" (global / unknown).
const countryExtra = "XK EU ZZ"

// countryNameLanguages are the languages whose CLDR region names (from
// golang.org/x/text/language/display) are indexed, in priority order: when
// two languages give the same key to different countries, the earlier one
// wins.
var countryNameLanguages = []string{
	"en", "de", "fr", "es", "it", "nl", "ar", "ru", "fa", "pt", "tr", "el", "sq", "uk",
	"sr", "sr-Latn", "hr", "bs", "mk", "bg", "ro", "hu", "pl", "cs", "sk", "sl",
	"sv", "da", "nb", "fi", "et", "lv", "lt", "ti", "am", "so", "ps", "ku", "ckb", "ur",
	"bn", "hi", "pa-Arab", "zh", "zh-Hant", "ja", "ko", "vi", "he", "ka", "hy", "az",
	"ha", "sw", "fil", "id", "ms", "th", "uz", "tg", "ky", "kk",
}

// countryAliases maps names that CLDR does not give (official ISO 3166
// English names, former names, common short forms, ICAO passport codes) to
// alpha-2 codes. Keys go through countryKey like any input.
var countryAliases = map[string]string{
	// ISO 3166-1 English short names where CLDR differs.
	"Bolivia, Plurinational State of": "bo", "Bonaire, Sint Eustatius and Saba": "bq",
	"Brunei Darussalam": "bn", "Cabo Verde": "cv", "Congo": "cg",
	"Congo, The Democratic Republic of the": "cd", "Côte d'Ivoire": "ci",
	"Falkland Islands (Malvinas)": "fk", "Holy See": "va", "Holy See (Vatican City State)": "va",
	"Iran, Islamic Republic of": "ir", "Korea, Democratic People's Republic of": "kp",
	"Korea, Republic of": "kr", "Lao People's Democratic Republic": "la",
	"Micronesia, Federated States of": "fm", "Moldova, Republic of": "md",
	"Palestine, State of": "ps", "Russian Federation": "ru", "Saint Helena, Ascension and Tristan da Cunha": "sh",
	"Saint Martin (French part)": "mf", "Sint Maarten (Dutch part)": "sx",
	"Syrian Arab Republic": "sy", "Taiwan, Province of China": "tw",
	"Tanzania, United Republic of": "tz", "United Kingdom of Great Britain and Northern Ireland": "gb",
	"United States of America": "us", "Venezuela, Bolivarian Republic of": "ve",
	"Viet Nam": "vn", "Virgin Islands, British": "vg", "Virgin Islands, U.S.": "vi",
	"Macedonia, the former Yugoslav Republic of": "mk", "Netherlands, Kingdom of the": "nl",
	"Türkiye": "tr", "Turkey": "tr", "Czech Republic": "cz", "Swaziland": "sz", "Eswatini": "sz",
	"Hong Kong": "hk", "Macao": "mo", "Macau": "mo", "Timor-Leste": "tl", "East Timor": "tl",
	"Palestine": "ps", "Occupied Palestinian Territory": "ps", "West Bank": "ps", "Gaza": "ps", "Gaza Strip": "ps",
	"Pitcairn": "pn", "Réunion": "re", "Curaçao": "cw", "Åland Islands": "ax",
	"Heard Island and McDonald Islands": "hm", "Svalbard and Jan Mayen": "sj",
	"United States Minor Outlying Islands": "um", "Saint Vincent and the Grenadines": "vc",
	// Common English forms.
	"UK": "gb", "U.K.": "gb", "Great Britain": "gb", "Britain": "gb", "England": "gb", "Scotland": "gb",
	"Wales": "gb", "Northern Ireland": "gb", "USA": "us", "U.S.A.": "us", "U.S.": "us", "America": "us",
	"United States": "us", "UAE": "ae", "Emirates": "ae", "KSA": "sa", "Persia": "ir", "Holland": "nl",
	"The Netherlands": "nl", "Burma": "mm", "Ivory Coast": "ci", "Cape Verde": "cv", "Laos": "la",
	"Vatican": "va", "Vatican City": "va", "South Korea": "kr", "Republic of Korea": "kr",
	"North Korea": "kp", "DPRK": "kp", "Democratic People's Republic of Korea": "kp",
	"Moldova": "md", "Republic of Moldova": "md", "Tanzania": "tz", "Bolivia": "bo", "Venezuela": "ve",
	"Syria": "sy", "Iran": "ir", "Islamic Republic of Iran": "ir", "Russia": "ru", "Vietnam": "vn",
	"Macedonia": "mk", "FYROM": "mk", "Republic of North Macedonia": "mk", "Bosnia": "ba",
	"Bosnia-Herzegovina": "ba", "DR Congo": "cd", "DRC": "cd", "Zaire": "cd",
	"Democratic Republic of the Congo": "cd", "Congo (Democratic Republic)": "cd",
	"Congo-Kinshasa": "cd", "Republic of the Congo": "cg", "Congo-Brazzaville": "cg",
	"Congo (Republic)": "cg", "The Gambia": "gm", "The Bahamas": "bs", "Micronesia": "fm",
	"Kosova": "xk", "Kosovë": "xk", "Republic of Kosovo": "xk", "Eritrea": "er", "State of Eritrea": "er",
	"Ertra": "er", "Sudan": "sd", "Republic of the Sudan": "sd", "Libyan Arab Jamahiriya": "ly",
	"Libya": "ly", "St Kitts": "kn", "Saint Kitts and Nevis": "kn", "Saint Lucia": "lc",
	"Sao Tome and Principe": "st", "Taiwan": "tw", "Republic of China": "tw",
	"People's Republic of China": "cn", "PRC": "cn", "Kyrgyz Republic": "kg", "Slovak Republic": "sk",
	"Somaliland": "so", "Puntland": "so", "Afghanistan": "af", "Islamic Emirate of Afghanistan": "af",
	// Other languages: forms CLDR does not give.
	"Großbritannien": "gb", "England (Vereinigtes Königreich)": "gb", "Grande-Bretagne": "gb",
	"Angleterre": "gb", "Gran Bretaña": "gb", "Inglaterra": "gb", "Gran Bretagna": "gb",
	"Inghilterra": "gb", "Groot-Brittannië": "gb", "Engeland": "gb", "Великобритания": "gb",
	"Англия": "gb", "بريطانيا": "gb", "انجلترا": "gb", "إنجلترا": "gb", "انگلیس": "gb", "بریتانیا": "gb",
	"Weißrussland": "by", "Biélorussie": "by", "Bielorrusia": "by", "Bielorussia": "by",
	"Wit-Rusland": "by", "Белоруссия": "by", "Tschechien": "cz", "Tschechische Republik": "cz",
	"République tchèque": "cz", "República Checa": "cz", "Repubblica Ceca": "cz", "Tsjechië": "cz",
	"سورية": "sy", "الجمهورية العربية السورية": "sy", "ليبيا": "ly", "جمهورية إيران الإسلامية": "ir",
	"جمهوری اسلامی ایران": "ir", "افغانستان": "af", "العراق": "iq", "مصر": "eg", "ارتريا": "er",
	"إرتريا": "er", "اریتره": "er", "أريتريا": "er", "Российская Федерация": "ru",
	"Киргизия": "kg", "Молдавия": "md", "ኤርትራ": "er", "ኢትዮጵያ": "et", "ሱዳን": "sd",
	"Shqipëri": "al", "Shqipëria": "al", "Kosovo": "xk", "Türkei": "tr",
	"Deutschland": "de", "BRD": "de", "Bundesrepublik Deutschland": "de", "Federal Republic of Germany": "de",
	"Österreich": "at", "Schweiz": "ch", "Suisse": "ch", "Svizzera": "ch",
	// ICAO Doc 9303 machine-readable passport codes that are not ISO alpha-3.
	"D": "de", "GBD": "gb", "GBN": "gb", "GBO": "gb", "GBP": "gb", "GBS": "gb",
	"RKS": "xk", "XKX": "xk",
}

var (
	countryOnce  sync.Once
	countryIndex map[string]string // countryKey → lower-case alpha-2
)

// Country returns the ISO 3166-1 alpha-2 code of a country, lower-case as
// FollowTheMoney stores it ("de").
//
// It accepts alpha-2 and alpha-3 codes ("DE", "deu"), ISO 3166-1 numeric
// codes ("276"), ICAO passport codes (D, GBD..GBS, RKS), the CLDR names of
// every country in about sixty languages, among them English, German, French,
// Spanish, Italian, Dutch, Portuguese, Arabic, Russian, Persian, Turkish,
// Greek, Albanian, Ukrainian, Serbian, Tigrinya, Amharic, Somali, Pashto,
// Kurdish, Urdu, Chinese and Vietnamese ("Deutschland", "Allemagne",
// "ألمانيا", "Германия", "آلمان"), and a list of official ISO names and
// common aliases ("United Kingdom", "UK", "Great Britain", "GBR",
// "Iran, Islamic Republic of", "Viet Nam", "Syrian Arab Republic").
// Matching ignores case, diacritics, punctuation, spacing, the words "the"
// and "and", and treats "Saint" as "St"; a trailing parenthesis is ignored if
// the whole form is unknown ("Myanmar (Burma)").
//
// Besides the 249 ISO codes the result can be "xk" (Kosovo), "eu" (European
// Union) or "zz" (global/unknown, only from the code "zz"), the special
// codes FollowTheMoney uses. Constituent countries map to their state
// ("Scotland" gives "gb", "Somaliland" gives "so"). Historic codes (SU, YU,
// CS, DD) and ICAO codes for stateless persons and refugees (XXA, XXB,
// XXC, XXX) are unknown.
//
// The index is built on the first call (a few tens of milliseconds, guarded
// by sync.Once); later calls cost one Name and one map lookup. Errors are
// *Error with Kind "country": "empty" or "unknown country".
func Country(s string) (string, error) {
	countryOnce.Do(buildCountryIndex)
	k := countryKey(s)
	if k == "" {
		return "", newError(KindCountry, s, "empty")
	}
	if c, ok := countryIndex[k]; ok {
		return c, nil
	}
	if i := strings.IndexByte(s, '('); i > 0 {
		if c, ok := countryIndex[countryKey(s[:i])]; ok {
			return c, nil
		}
	}
	return "", newError(KindCountry, s, "unknown country")
}

// countryKey folds a country code or name to its index key: Name, then the
// words "the" and "and" dropped, "saint" read as "st", and the words joined
// without spaces.
func countryKey(s string) string {
	n := Name(s)
	if !strings.Contains(n, " ") {
		return n
	}
	var b strings.Builder
	b.Grow(len(n))
	for _, w := range strings.Fields(n) {
		switch w {
		case "the", "and":
			continue
		case "saint":
			w = "st"
		case "sainte":
			w = "ste"
		}
		b.WriteString(w)
	}
	return b.String()
}

// buildCountryIndex fills countryIndex. Codes come first, then aliases,
// then CLDR names language by language; the first entry for a key wins.
func buildCountryIndex() {
	idx := make(map[string]string, 16384)
	add := func(key, code string) {
		if key == "" {
			return
		}
		if _, ok := idx[key]; !ok {
			idx[key] = code
		}
	}
	codes := strings.Fields(iso3166 + " " + countryExtra)
	regions := make([]language.Region, 0, len(codes))
	for _, c := range codes {
		lc := strings.ToLower(c)
		add(lc, lc)
	}
	for _, c := range codes {
		r, err := language.ParseRegion(c)
		if err != nil {
			continue
		}
		regions = append(regions, r)
		lc := strings.ToLower(c)
		if iso3 := r.ISO3(); iso3 != "ZZZ" && iso3 != "XKK" && iso3 != "QUU" {
			add(strings.ToLower(iso3), lc)
		}
		if m49 := r.M49(); m49 > 0 && c != "ZZ" && c != "EU" {
			add(strconv.Itoa(m49), lc)
			add(padM49(m49), lc)
		}
	}
	for name, code := range countryAliases {
		add(countryKey(name), code)
	}
	for _, l := range countryNameLanguages {
		namer := display.Regions(language.MustParse(l))
		if namer == nil {
			continue
		}
		for _, r := range regions {
			if r.String() == "ZZ" {
				continue // "Unknown Region"
			}
			name := namer.Name(r)
			if name == "" {
				continue
			}
			lc := strings.ToLower(r.String())
			add(countryKey(name), lc)
			if i := strings.IndexByte(name, '('); i > 0 {
				add(countryKey(name[:i]), lc)
			}
		}
	}
	countryIndex = idx
}

// padM49 writes a numeric code with three digits, as ISO 3166-1 does.
func padM49(n int) string {
	s := strconv.Itoa(n)
	for len(s) < 3 {
		s = "0" + s
	}
	return s
}
