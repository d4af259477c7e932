package normalize_test

import (
	"errors"
	"testing"

	"github.com/tideline-oss/tideline/internal/normalize"
)

func TestCountry(t *testing.T) {
	tests := []struct{ in, want string }{
		// Codes.
		{"de", "de"},
		{"DE", "de"},
		{" de ", "de"},
		{"DEU", "de"},
		{"gbr", "gb"},
		{"276", "de"},
		{"076", "br"},
		{"XK", "xk"},
		{"zz", "zz"},
		{"EU", "eu"},
		{"D", "de"}, // ICAO passport code
		{"GBD", "gb"},
		// English names and aliases.
		{"Germany", "de"},
		{"United Kingdom", "gb"},
		{"UK", "gb"},
		{"Great Britain", "gb"},
		{"United Kingdom of Great Britain and Northern Ireland", "gb"},
		{"Iran, Islamic Republic of", "ir"},
		{"Iran", "ir"},
		{"IRAN (ISLAMIC REPUBLIC OF)", "ir"},
		{"Syria", "sy"},
		{"Syrian Arab Republic", "sy"},
		{"Eritrea", "er"},
		{"Vietnam", "vn"},
		{"Viet Nam", "vn"},
		{"Russian Federation", "ru"},
		{"Côte d’Ivoire", "ci"},
		{"Cote d'Ivoire", "ci"},
		{"Ivory Coast", "ci"},
		{"St. Lucia", "lc"},
		{"Saint Lucia", "lc"},
		{"Bosnia and Herzegovina", "ba"},
		{"Bosnia & Herzegovina", "ba"},
		{"Myanmar (Burma)", "mm"},
		{"Congo", "cg"},
		{"Congo (Kinshasa)", "cd"},
		{"Democratic Republic of the Congo", "cd"},
		{"Kosovo", "xk"},
		{"the Netherlands", "nl"},
		{"Türkiye", "tr"},
		{"Turkey", "tr"},
		{"Afghanistan", "af"},
		{"Libya", "ly"},
		{"Sudan", "sd"},
		{"South Sudan", "ss"},
		{"Niger", "ne"},
		{"Nigeria", "ng"},
		// German, French, Spanish, Italian, Dutch.
		{"Deutschland", "de"},
		{"Vereinigtes Königreich", "gb"},
		{"Großbritannien", "gb"},
		{"Allemagne", "de"},
		{"Royaume-Uni", "gb"},
		{"Érythrée", "er"},
		{"Erythree", "er"},
		{"Alemania", "de"},
		{"Reino Unido", "gb"},
		{"Siria", "sy"},
		{"Germania", "de"},
		{"Regno Unito", "gb"},
		{"Duitsland", "de"},
		{"Verenigd Koninkrijk", "gb"},
		// Arabic, Russian, Persian.
		{"ألمانيا", "de"},
		{"المملكة المتحدة", "gb"},
		{"سوريا", "sy"},
		{"إريتريا", "er"},
		{"أفغانستان", "af"},
		{"Германия", "de"},
		{"Великобритания", "gb"},
		{"Сирия", "sy"},
		{"Эритрея", "er"},
		{"آلمان", "de"},
		{"ایران", "ir"},
		{"سوریه", "sy"},
		{"افغانستان", "af"},
		// Others.
		{"Shqipëria", "al"},
		{"Shqipëri", "al"},
		{"Albanie", "al"},
		{"ኤርትራ", "er"},
		{"Türkei", "tr"},
		{"Almanya", "de"},
		{"Đức", "de"},
	}
	for _, tt := range tests {
		got, err := normalize.Country(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Country(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestCountry_Errors(t *testing.T) {
	tests := []struct{ in, reason string }{
		{"", "empty"},
		{" - ", "empty"},
		{"Atlantis", "unknown country"},
		{"Korea", "unknown country"}, // ambiguous
		{"SU", "unknown country"},    // historic
		{"XXA", "unknown country"},   // ICAO stateless
		{"ZZZ", "unknown country"},
		{"Unknown Region", "unknown country"},
	}
	for _, tt := range tests {
		got, err := normalize.Country(tt.in)
		var e *normalize.Error
		if !errors.As(err, &e) {
			t.Errorf("Country(%q) = %q, %v; want *Error %q", tt.in, got, err, tt.reason)
			continue
		}
		if e.Kind != normalize.KindCountry || e.Value != tt.in || e.Reason != tt.reason {
			t.Errorf("Country(%q) error = %+v; want reason %q", tt.in, *e, tt.reason)
		}
	}
}
