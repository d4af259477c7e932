package normalize

import (
	"strings"
	"testing"
)

func TestISO3166Table(t *testing.T) {
	codes := strings.Fields(iso3166)
	if len(codes) != 249 {
		t.Errorf("len(iso3166) = %d; want 249", len(codes))
	}
	seen := map[string]bool{}
	for _, c := range codes {
		if seen[c] {
			t.Errorf("iso3166 lists %s twice", c)
		}
		seen[c] = true
	}
}

// TestCountryAliases checks that no two aliases share a key with different
// codes (map order would then decide) and that every alias resolves to its
// code.
func TestCountryAliases(t *testing.T) {
	byKey := map[string]string{}
	for name, code := range countryAliases {
		k := countryKey(name)
		if other, ok := byKey[k]; ok && other != code {
			t.Errorf("alias key %q maps to %q and %q", k, other, code)
		}
		byKey[k] = code
		got, err := Country(name)
		if err != nil || got != code {
			t.Errorf("Country(%q) = %q, %v; want %q", name, got, err, code)
		}
	}
}

func TestIBANTable(t *testing.T) {
	if len(ibanLengths) != 89 {
		t.Errorf("len(ibanLengths) = %d; want 89", len(ibanLengths))
	}
}
