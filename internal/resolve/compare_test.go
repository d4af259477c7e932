package resolve

import "testing"

func level(t *testing.T, kind Kind, m Method, a, b string) string {
	t.Helper()
	fields := []Field{{Name: "f", Kind: kind}}
	c := Comparison{Name: "f", Method: m, Field: 0, Other: -1}
	ra := prepare(fields, &Record{Values: [][]string{nonEmpty(a)}})
	rb := prepare(fields, &Record{Values: [][]string{nonEmpty(b)}})
	l, _ := c.compare(&ra, &rb)
	return c.Levels()[l]
}

func TestDateLevels(t *testing.T) {
	for _, tt := range []struct{ a, b, want string }{
		{"1990-03-12", "1990-03-12", "exact"},
		{"1990-03-12", "1990-03-13", "one typo"},
		{"1990-03-12", "1909-03-12", "one typo"}, // two adjacent digits swapped
		{"1984-11-13", "1944-11-13", "one typo"},
		{"1990-03-12", "1990-12-03", "day and month swapped"},
		{"1990", "1990-03-12", "year only, agrees"},
		{"1990-03", "1990-03-12", "year only, agrees"},
		{"1990-03", "1990-04-12", "different"},
		{"1990-03-12", "1990-09-30", "within a year"},
		{"1990-03-12", "1975-06-30", "different"},
		{"1990-03-12", "", "null"},
		{"not a date", "1990-03-12", "null"},
		{"1856-86-18", "1856-06-18", "one typo"}, // an impossible month is kept
	} {
		if got := level(t, KindDate, MethodDate, tt.a, tt.b); got != tt.want {
			t.Errorf("date level(%q, %q) = %q; want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestPhoneLevels(t *testing.T) {
	for _, tt := range []struct{ a, b, want string }{
		{"+447700900123", "+447700900123", "same E.164 number"},
		{"+447700900123", "07700900123", "same national number"},
		{"+447700900123", "+33700900123", "same national number"}, // the same digits under another country
		{"+447700900123", "+447700900124", "different"},
		{"", "+447700900123", "null"},
	} {
		if got := level(t, KindPhone, MethodPhone, tt.a, tt.b); got != tt.want {
			t.Errorf("phone level(%q, %q) = %q; want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestIdentifierLevels(t *testing.T) {
	for _, tt := range []struct{ a, b, want string }{
		{"P1234567", "p 123 4567", "exact"},
		{"OP66PNR", "0P66PNR", "same but for OCR confusion (O/0, I/1, S/5, B/8, Z/2)"},
		{"AB1234567", "A81234567", "same but for OCR confusion (O/0, I/1, S/5, B/8, Z/2)"},
		{"P1234567", "P1234568", "one character apart"},
		{"P1234567", "P1234", "different"},
		{"ABC12", "ABC13", "one character apart"},
		{"AB12", "AB13", "different"}, // too short for a typo to be told from another number
	} {
		if got := level(t, KindIdentifier, MethodIdentifier, tt.a, tt.b); got != tt.want {
			t.Errorf("identifier level(%q, %q) = %q; want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestTextLevels(t *testing.T) {
	for _, tt := range []struct {
		m          Method
		kind       Kind
		a, b, want string
	}{
		{MethodExact, KindText, "IQ", "iq", "exact"},
		{MethodExact, KindText, "iq", "sy", "different"},
		{MethodText, KindText, "dunkerque", "dunkerke", "Jaro-Winkler >= 0.9"},
		{MethodAddress, KindAddress, "12 Rue de Calais, Dunkerque", "12 rue de calais dunkerque", "exact"},
		{MethodAddress, KindAddress, "12 Rue de Calais, Dunkerque", "12 Rue de Calais, 59140 Dunkerque", "Jaccard >= 0.7"},
		{MethodAddress, KindAddress, "12 Rue de Calais, Dunkerque", "14 Rue de Calais, Dunkerque", "Jaccard >= 0.4"},
		{MethodAddress, KindAddress, "12 Rue de Calais, Dunkerque", "3 High Street, Dover", "different"},
		{MethodEmail, KindEmail, "ali.h@example.com", "ali.h@example.org", "same local part or Jaro-Winkler >= 0.9"},
	} {
		if got := level(t, tt.kind, tt.m, tt.a, tt.b); got != tt.want {
			t.Errorf("%v level(%q, %q) = %q; want %q", tt.m, tt.a, tt.b, got, tt.want)
		}
	}
}
