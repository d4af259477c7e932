package resolve

import "testing"

func TestPrepareName(t *testing.T) {
	for _, tt := range []struct {
		in, key    string
		patronymic bool
	}{
		{"abdul rahman al hassan", "abdul rahman alhassan", false}, // joined when compared (joinRuns)
		{"abdulrahman alhassan", "abdrahman alhassan", false},
		{"abd al-rahman el-hassan", "abdrahman elhassan", false},
		{"abdurrahman", "abdrahman", false},
		{"mohammed bin salman", "mohammed salman", true},
		{"sheikh mohammed", "mohammed", false},
		{"dr ali", "ali", false},
		{"saif ullah khan", "saifullah khan", false},
		{"ben netanyahu", "ben netanyahu", false}, // first, ben is a name
		{"isa ben tarif al ben ali", "isa tarif alali", true},
		{"ig0r sech1n", "igor sechin", false},
		{"", "", false},
	} {
		n := PrepareName(tt.in)
		if n.Key != tt.key || n.Patronymic != tt.patronymic {
			t.Errorf("PrepareName(%q) = key %q patronymic %v; want %q %v", tt.in, n.Key, n.Patronymic, tt.key, tt.patronymic)
		}
	}
	n := PrepareName("al hassan")
	if len(n.Tokens) != 1 || n.Tokens[0].Alt != "hassan" {
		t.Errorf("PrepareName(al hassan) tokens = %+v; want alhassan with Alt hassan", n.Tokens)
	}
}

func TestMatchNames(t *testing.T) {
	for _, tt := range []struct {
		a, b     string
		min, max float64
	}{
		{"mohammed ali", "mohammed ali", 1, 1},
		{"mohammed ali", "muhammad ali", 0.95, 0.95},           // skeletons
		{"ali hassan", "hassan ali", 0.85, 0.85},               // reordered
		{"abdul rahman ali", "abdulrahman ali", 1, 1},          // joined
		{"mohammed ali", "mohammed ahmed ali", 1, 1},           // a middle name
		{"n nazarbayev", "nursultan nazarbayev", 0.9, 0.9},     // an initial
		{"jc juncker", "jean claude juncker", 0.81, 0.81},      // initials in one token
		{"mohammed bin salman", "salman bin mohammed", 0, 0.5}, // father and son swapped
		{"bin salman mohammed", "mohammed bin salman", 0.85, 0.85},
		{"yusuf ali", "joseph ali", 0.93, 0.93}, // the same name in another language
		{"olga barynova", "oleg baranov", 0, 0}, // a woman's and a man's surname
		{"ali hassan", "omar karimi", 0, 0.3},
		{"zhang wei", "zhang", 0.6, 0.75},
	} {
		a, b := PrepareName(tt.a), PrepareName(tt.b)
		m := MatchNames(&a, &b)
		if m.Score < tt.min-1e-9 || m.Score > tt.max+1e-9 {
			t.Errorf("MatchNames(%q, %q).Score = %.3f; want in [%.2f, %.2f]", tt.a, tt.b, m.Score, tt.min, tt.max)
		}
		if r := MatchNames(&b, &a); r.Score != m.Score {
			t.Errorf("MatchNames(%q, %q) = %.3f but reversed %.3f", tt.a, tt.b, m.Score, r.Score)
		}
	}
}

func TestNameLevels(t *testing.T) {
	c := Comparison{Name: "name", Method: MethodName, Field: 0, Other: -1}
	fields := []Field{{Name: "name", Kind: KindName}}
	for _, tt := range []struct {
		a, b string
		want string
	}{
		{"ali hassan", "ali hassan", "exact"},
		{"ali al-hassan", "ali alhassan", "exact"},
		{"mohammed ali", "muhammad ali", "same after transliteration"},
		{"ali hassan", "hassan ali", "same names reordered"},
		{"ali hassan", "ali omar hassan", "shorter name within longer"},
		{"ali hassan", "", "null"},
		{"ali hassan", "omar karimi", "different"},
	} {
		ra := prepare(fields, &Record{Values: [][]string{{tt.a}}})
		rb := prepare(fields, &Record{Values: [][]string{nonEmpty(tt.b)}})
		l, _ := c.compare(&ra, &rb)
		if got := c.Levels()[l]; got != tt.want {
			t.Errorf("name level(%q, %q) = %q; want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
