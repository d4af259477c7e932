package normalize_test

import (
	"testing"

	"github.com/tideline-oss/tideline/internal/normalize"
)

var benchNames = []struct{ name, in string }{
	{"ASCII", "  John  O'Neil-Smith "},
	{"Latin", "  José María Núñez "},
	{"Arabic", "عبد الرحمن محمد"},
	{"Cyrillic", "Захарова Марія Олександрівна"},
}

func BenchmarkName(b *testing.B) {
	for _, bb := range benchNames {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				normalize.Name(bb.in)
			}
		})
	}
}

func BenchmarkLatinKey(b *testing.B) {
	for _, bb := range benchNames {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				normalize.LatinKey(bb.in)
			}
		})
	}
}

func BenchmarkPhone(b *testing.B) {
	for _, bb := range []struct{ name, in, region string }{
		{"National", "07700 900123", "GB"},
		{"International", "+33 6 12 34 56 78", ""},
		{"IDD00", "0032 470 12 34 56", ""},
	} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := normalize.Phone(bb.in, bb.region); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCountry(b *testing.B) {
	if _, err := normalize.Country("de"); err != nil { // build the index outside the timer
		b.Fatal(err)
	}
	for _, bb := range []struct{ name, in string }{
		{"Code", "DE"},
		{"English", "United Kingdom"},
		{"German", "Deutschland"},
		{"Arabic", "ألمانيا"},
	} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := normalize.Country(bb.in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDate(b *testing.B) {
	for _, bb := range []struct{ name, in, layout string }{
		{"ISO", "2021-03-04T10:11:12+02:00", ""},
		{"DayFirst", "07/01/1988", ""},
		{"MonthName", "7 January 1988", ""},
		{"Layout", "07.01.1988 10:11", "%d.%m.%Y %H:%M"},
	} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := normalize.Date(bb.in, bb.layout); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkIBAN(b *testing.B) {
	for b.Loop() {
		if _, err := normalize.IBAN("GB82 WEST 1234 5698 7654 32"); err != nil {
			b.Fatal(err)
		}
	}
}
