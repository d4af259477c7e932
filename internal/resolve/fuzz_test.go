package resolve

import (
	"strings"
	"testing"
)

func FuzzPrepareName(f *testing.F) {
	for _, s := range []string{"abdul rahman al hassan", "mohammed bin salman", "jc juncker", "al", "bin", "a b c d e f g h i j k l m n o p q r s t u v w x y z",
		"ig0r", "al ben ali", "'''", "---", "abd", "abdulrahmanabdulrahman", "ул", "ali  ali"} {
		f.Add(s, "ali hassan")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		na, nb := PrepareName(a), PrepareName(b)
		if strings.Contains(na.Key, "  ") || strings.HasPrefix(na.Key, " ") {
			t.Fatalf("PrepareName(%q).Key = %q: stray spaces", a, na.Key)
		}
		m := MatchNames(&na, &nb)
		if m.Score < 0 || m.Score > 1 {
			t.Fatalf("MatchNames(%q, %q).Score = %v", a, b, m.Score)
		}
		if len(na.Tokens) > 0 {
			if self := MatchNames(&na, &na); self.Score != 1 {
				t.Fatalf("MatchNames(%q, itself).Score = %v; want 1", a, self.Score)
			}
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"1990-03-12", "1990", "1990-03", "1990-03-12T10:00:00Z", "0000-00-00", "1990-13-45", "-1", "99999-01-01", "1990--"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseDate(s)
		if !ok {
			return
		}
		if d.y < 1000 || d.y > 9999 || d.m < 0 || d.m > 99 || d.d < 0 || d.d > 99 {
			t.Fatalf("parseDate(%q) = %+v", s, d)
		}
		// A date compares with itself as exact when full.
		if d.d > 0 && dateLevel(d, d) != 1 {
			t.Fatalf("dateLevel(%q, itself) = %d", s, dateLevel(d, d))
		}
	})
}

func FuzzCompare(f *testing.F) {
	f.Add("+447700900123", "07700900123", "P123", "p-1 23", "1990-01-01", "1909-10-01")
	f.Fuzz(func(t *testing.T, p1, p2, i1, i2, d1, d2 string) {
		fields := []Field{{Name: "p", Kind: KindPhone}, {Name: "i", Kind: KindIdentifier}, {Name: "d", Kind: KindDate}, {Name: "a", Kind: KindAddress}}
		comps := []Comparison{{Method: MethodPhone, Field: 0, Other: -1}, {Method: MethodIdentifier, Field: 1, Other: -1},
			{Method: MethodDate, Field: 2, Other: -1}, {Method: MethodAddress, Field: 3, Other: -1}}
		a := prepare(fields, &Record{Values: [][]string{{p1}, {i1}, {d1}, {p1 + " " + i1}}})
		b := prepare(fields, &Record{Values: [][]string{{p2}, {i2}, {d2}, {p2 + " " + i2}}})
		for _, c := range comps {
			l, _ := c.compare(&a, &b)
			r, _ := c.compare(&b, &a)
			if l < 0 || l >= len(c.Levels()) || l != r {
				t.Fatalf("%v: level %d, reversed %d", c.Method, l, r)
			}
		}
	})
}
