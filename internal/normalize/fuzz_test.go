package normalize_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tideline-oss/tideline/internal/normalize"
)

// checkError fails unless err is nil or a *normalize.Error of the given kind
// carrying the input.
func checkError(t *testing.T, fn, in, kind string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var e *normalize.Error
	if !errors.As(err, &e) || e.Kind != kind || e.Value != in || e.Reason == "" {
		t.Fatalf("%s(%q) error = %#v; want *Error of kind %q with the input", fn, in, err, kind)
	}
}

func FuzzName(f *testing.F) {
	for _, s := range []string{
		"  José  O'Neil ", "محمد", "عبد الرحمن", "Захарова Марія Олександрівна", "МАРИЯ АЛЕКСАНДРОВНА ЗАХАРОВА",
		"Nguyễn Văn Đức", "ሃብተማርያም", "Γιώργος Ευάγγελος", "Արամ Ուսանող", "ᲖᲣᲠᲐᲑ", "Straße", "ﷲ", "ǅ", "ΐ",
		"가", "\u1100\u200c\u1161", "\xff\xfe", "İ", "ﬀ", "\u0345", "ᾳ", "バラク・オバマ", "ｵﾊﾞﾏ", "ッ", "ャ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := normalize.Name(s)
		if !utf8.ValidString(n) {
			t.Fatalf("Name(%q) = %q; not valid UTF-8", s, n)
		}
		if n2 := normalize.Name(n); n2 != n {
			t.Fatalf("Name(Name(%q)) = %q; want %q", s, n2, n)
		}
		if strings.HasPrefix(n, " ") || strings.HasSuffix(n, " ") || strings.Contains(n, "  ") {
			t.Fatalf("Name(%q) = %q; untrimmed or uncollapsed spaces", s, n)
		}
		k := normalize.LatinKey(s)
		if k2 := normalize.LatinKey(k); k2 != k {
			t.Fatalf("LatinKey(LatinKey(%q)) = %q; want %q", s, k2, k)
		}
		if kn := normalize.LatinKey(n); kn != k {
			t.Fatalf("LatinKey(Name(%q)) = %q; want LatinKey = %q", s, kn, k)
		}
	})
}

func FuzzDate(f *testing.F) {
	for _, c := range [][2]string{
		{"1988", ""}, {"1988-01", ""}, {"1988-01-07", ""}, {"2021-03-04T10:11:12+02:00", ""},
		{"2021-03-04T10+05:30", ""}, {"07/01/1988 10:11", ""}, {"7 Jan 1988", ""}, {"January 7, 1988", ""},
		{"19880107", ""}, {"2021-02-30", ""}, {"07.01.1988 10:11", "%d.%m.%Y %H:%M"},
		{"Thu, 07 Jan 1988 10:11:12 +0100", "%a, %d %b %Y %H:%M:%S %z"}, {"1988-007", "%Y-%j"},
		{"03/04/21 2:05 PM", "%D %I:%M %p"}, {"1000-01-01T00:00+01:00", ""},
	} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, s, layout string) {
		out, err := normalize.Date(s, layout)
		checkError(t, "Date", s, normalize.KindDate, err)
		if err != nil {
			return
		}
		again, err := normalize.Date(out, "")
		if err != nil || again != out {
			t.Fatalf("Date(Date(%q, %q)) = %q, %v; want %q", s, layout, again, err, out)
		}
	})
}

func FuzzPhone(f *testing.F) {
	for _, c := range [][2]string{
		{"07700 900123", "GB"}, {"+33 6 12 34 56 78", ""}, {"0032 470 12 34 56", ""}, {"0032 470 12 34 56", "US"},
		{"030 1234567", "DE"}, {"069 123 4567", "AL"}, {"tel:+44-20-7946-0018", ""}, {"+1 555 0100", ""},
		{"+44 20 7946 0018 ext. 123", ""}, {"1-800-FLOWERS", "US"},
	} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, s, region string) {
		out, err := normalize.Phone(s, region)
		checkError(t, "Phone", s, normalize.KindPhone, err)
		if err != nil {
			return
		}
		if !strings.HasPrefix(out, "+") {
			t.Fatalf("Phone(%q, %q) = %q; want leading +", s, region, out)
		}
		again, err := normalize.Phone(out, "")
		if err != nil || again != out {
			t.Fatalf("Phone(Phone(%q, %q)) = %q, %v; want %q", s, region, again, err, out)
		}
	})
}

func FuzzCountry(f *testing.F) {
	for _, s := range []string{
		"de", "DEU", "276", "Deutschland", "United Kingdom", "Iran, Islamic Republic of", "Viet Nam", "ألمانيا",
		"Германия", "آلمان", "Myanmar (Burma)", "(", "xk", "Congo (", "St. Lucia",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := normalize.Country(s)
		checkError(t, "Country", s, normalize.KindCountry, err)
		if err != nil {
			return
		}
		if len(out) != 2 || strings.ToLower(out) != out {
			t.Fatalf("Country(%q) = %q; want lower-case alpha-2", s, out)
		}
		again, err := normalize.Country(out)
		if err != nil || again != out {
			t.Fatalf("Country(Country(%q)) = %q, %v; want %q", s, again, err, out)
		}
	})
}

func FuzzIBAN(f *testing.F) {
	for _, s := range []string{
		"GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765433", "DE89370400440532013000",
		"IBAN: DE89 3704 0044 0532 0130 00", "NO9386011117947", "G", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := normalize.IBAN(s)
		checkError(t, "IBAN", s, normalize.KindIBAN, err)
		if err != nil {
			return
		}
		again, err := normalize.IBAN(out)
		if err != nil || again != out {
			t.Fatalf("IBAN(IBAN(%q)) = %q, %v; want %q", s, again, err, out)
		}
	})
}

func FuzzIdentifier(f *testing.F) {
	for _, s := range []string{"ab 12-345/6", "ＡＢ１２", "№ 123.456", "ав 123", "ǆ", "ß"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := normalize.Identifier(s)
		if again := normalize.Identifier(out); again != out {
			t.Fatalf("Identifier(Identifier(%q)) = %q; want %q", s, again, out)
		}
	})
}

func FuzzEmail(f *testing.F) {
	for _, s := range []string{" John.Doe@Example.COM ", "mailto:a@b.co", "<a@b.co>", "a@b..c", "a@b.c."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := normalize.Email(s)
		checkError(t, "Email", s, normalize.KindEmail, err)
		if err != nil {
			return
		}
		again, err := normalize.Email(out)
		if err != nil || again != out {
			t.Fatalf("Email(Email(%q)) = %q, %v; want %q", s, again, err, out)
		}
	})
}
