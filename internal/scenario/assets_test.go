package scenario

import (
	"math/big"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tideline-oss/tideline/internal/normalize"
)

func TestPermuteIsABijection(t *testing.T) {
	for _, n := range []uint64{1, 2, 3, 7, 100, 1000, 4096, 4097, 33333} {
		seen := make([]bool, n)
		for i := uint64(0); i < n; i++ {
			v := permute(42, i, n)
			if v >= n || seen[v] {
				t.Fatalf("permute(42, %d, %d) = %d: out of range or repeated", i, n, v)
			}
			seen[v] = true
		}
	}
	if permute(1, 5, 1000) == permute(2, 5, 1000) && permute(1, 6, 1000) == permute(2, 6, 1000) {
		t.Errorf("the key does not change the permutation")
	}
}

func TestIBANs(t *testing.T) {
	lengths := map[string]int{"gb": 22, "fr": 27, "be": 16, "de": 22, "nl": 18, "bg": 22}
	for cc, want := range lengths {
		seen := map[string]bool{}
		for i := uint64(0); i < 2000; i++ {
			a := bankAccount(7, cc, i, "x")
			if len(a.iban) != want || !strings.HasPrefix(a.iban, strings.ToUpper(cc)) {
				t.Fatalf("%s IBAN %q: want %d characters starting %s", cc, a.iban, want, strings.ToUpper(cc))
			}
			if got, err := normalize.IBAN(spacedIBAN(a.iban)); err != nil || got != a.iban {
				t.Fatalf("normalize.IBAN(%q) = %q, %v; want %s", spacedIBAN(a.iban), got, err, a.iban)
			}
			if seen[a.iban] {
				t.Fatalf("%s IBAN %s drawn twice", cc, a.iban)
			}
			seen[a.iban] = true
		}
	}
	// The mod-97 rule itself, on the ISO 13616 example.
	if got := ibanWithCheck("GB", "WEST12345698765432"); got != "GB82WEST12345698765432" {
		t.Errorf("ibanWithCheck = %s; want GB82WEST12345698765432", got)
	}
	// The French RIB key: 97 - (89*bank + 15*branch + 3*account) mod 97,
	// so that bank, branch, account and key together are 0 mod 97.
	for i := uint64(0); i < 200; i++ {
		a := bankAccount(7, "fr", i, "x")
		digits := a.iban[4:]
		n, _ := new(big.Int).SetString(digits, 10)
		if new(big.Int).Mod(n, big.NewInt(97)).Int64() != 0 {
			t.Fatalf("French BBAN %s: RIB key does not make it 0 mod 97", digits)
		}
	}
}

func TestMobileNumbers(t *testing.T) {
	for cc := range mobilePlans {
		seen := map[string]bool{}
		for i := uint64(0); i < 500; i++ {
			e164, national := mobile(3, cc, i)
			if seen[e164] {
				t.Fatalf("%s: %s drawn twice", cc, e164)
			}
			seen[e164] = true
			for _, written := range []string{e164, international(e164)} {
				if got, err := normalize.Phone(written, ""); err != nil || got != e164 {
					t.Fatalf("%s: normalize.Phone(%q) = %q, %v; want %s", cc, written, got, err, e164)
				}
			}
			if got, err := normalize.Phone(national, cc); err != nil || got != e164 {
				t.Fatalf("%s: national %q with region %s = %q, %v; want %s", cc, national, cc, got, err, e164)
			}
			if cc == "gb" && (got(switchNumber(e164)) != e164) {
				t.Fatalf("switch form %q of %s does not read back", switchNumber(e164), e164)
			}
		}
	}
}

func got(s string) string { p, _ := normalize.Phone(s, "GB"); return p }

func TestPlates(t *testing.T) {
	shapes := map[string]*regexp.Regexp{
		"gb": regexp.MustCompile(`^[A-Y]{2}[0-9]{2} [A-Y]{3}$`),
		"fr": regexp.MustCompile(`^[A-Z]{2}-[0-9]{3}-[A-Z]{2}$`),
		"be": regexp.MustCompile(`^[12]-[A-Z]{3}-[0-9]{3}$`),
		"de": regexp.MustCompile(`^(E|DO)-[A-Z]{2} [0-9]{1,4}$`),
		"nl": regexp.MustCompile(`^([0-9]{2}-[A-Z]{2}-[A-Z]{2}|[0-9]{2}-[A-Z]{3}-[0-9]|[0-9]-[A-Z]{3}-[0-9]{2}|[A-Z]{2}-[0-9]{3}-[A-Z]|[A-Z]-[0-9]{3}-[A-Z]{2}|[A-Z]{3}-[0-9]{2}-[A-Z])$`),
		"bg": regexp.MustCompile(`^CA [0-9]{4} [ABEKMHOPCTXY]{2}$`),
	}
	for cc, re := range shapes {
		seen := map[string]bool{}
		for i := uint64(0); i < 5000; i++ {
			reg := day(2003, 1, 1).AddDate(0, 0, int(i*3))
			p := plate(9, cc, i, reg, []string{"E", "DO"}[i%2])
			if !re.MatchString(p) || seen[p] {
				t.Fatalf("%s plate %d = %q: wrong shape or repeated", cc, i, p)
			}
			seen[p] = true
		}
	}
	// The parts of a plate that date it follow the registration date.
	for _, tc := range []struct {
		cc   string
		reg  time.Time
		want string // a regexp
	}{
		{"gb", day(2024, 3, 1), `^[A-Y]{2}24 `}, {"gb", day(2024, 8, 31), `^[A-Y]{2}24 `},
		{"gb", day(2024, 9, 1), `^[A-Y]{2}74 `}, {"gb", day(2025, 2, 28), `^[A-Y]{2}74 `},
		{"gb", day(2002, 1, 15), `^[A-Y]{2}51 `}, {"gb", day(2010, 2, 1), `^[A-Y]{2}59 `},
		{"fr", day(2009, 5, 1), `^A`}, {"fr", day(2023, 6, 1), `^G`},
		{"be", day(2015, 1, 1), `^1-`}, {"be", day(2021, 1, 1), `^2-`},
		{"nl", day(2006, 1, 1), `^[0-9]{2}-[A-Z]{2}-[A-Z]{2}$`}, {"nl", day(2014, 1, 1), `^[0-9]-[A-Z]{3}-[0-9]{2}$`},
		{"nl", day(2020, 1, 1), `^[A-Z]-[0-9]{3}-[A-Z]{2}$`}, {"nl", day(2025, 1, 1), `^[A-Z]{3}-[0-9]{2}-[A-Z]$`},
	} {
		if p := plate(9, tc.cc, 7, tc.reg, "E"); !regexp.MustCompile(tc.want).MatchString(p) {
			t.Errorf("plate(%s, registered %s) = %q; want %s", tc.cc, tc.reg.Format(time.DateOnly), p, tc.want)
		}
	}
}

func TestPassportsAndSerials(t *testing.T) {
	for cc := range passportFormats {
		seen := map[string]bool{}
		for i := uint64(0); i < 3000; i++ {
			p := passportNumber(5, cc, i)
			if seen[p] {
				t.Fatalf("%s passport %s drawn twice", cc, p)
			}
			seen[p] = true
		}
	}
	seen := map[string]bool{}
	for _, base := range []uint64{serialCrossing, serialPrevented, serialSeized} {
		for i := uint64(0); i < 3000; i++ {
			e := makeEngine(5, base+i, "")
			if seen[e.serial] {
				t.Fatalf("engine serial %s drawn twice", e.serial)
			}
			seen[e.serial] = true
		}
	}
}

func TestPartitionAndRounding(t *testing.T) {
	r := stream(1, 2)
	for _, tc := range [][2]int{{1, 1}, {57, 1}, {1305, 27}, {100, 3}, {5, 5}} {
		p := partition(&r, tc[0], tc[1])
		sum := 0
		for _, v := range p {
			if v < 1 {
				t.Fatalf("partition(%d, %d) = %v: a boat with nobody", tc[0], tc[1], p)
			}
			sum += v
		}
		if sum != tc[0] || len(p) != tc[1] {
			t.Fatalf("partition(%d, %d) = %v: sum %d", tc[0], tc[1], p, sum)
		}
	}
	// stochRound is exact on whole numbers and unbiased otherwise.
	if stochRound(&r, 7) != 7 {
		t.Errorf("stochRound(7) != 7")
	}
	total := 0
	for i := 0; i < 100000; i++ {
		total += stochRound(&r, 0.3)
	}
	if total < 29000 || total > 31000 {
		t.Errorf("stochRound(0.3) summed to %d over 100000 draws; want about 30000", total)
	}
}
