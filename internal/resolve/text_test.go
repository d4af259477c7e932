package resolve

import (
	"math"
	"testing"
)

// Reference values: Winkler (1990) and the examples of the Jaro-Winkler
// literature (MARTHA/MARHTA 0.961, DWAYNE/DUANE 0.84, DIXON/DICKSONX
// 0.813).
func TestJaroWinkler(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want float64
	}{
		{"martha", "marhta", 0.9611},
		{"dwayne", "duane", 0.8400},
		{"dixon", "dicksonx", 0.8133},
		{"abc", "abc", 1},
		{"abc", "xyz", 0},
		{"", "abc", 0},
		{"ahmed", "ahmet", 0.92},
	} {
		if got := JaroWinkler(tt.a, tt.b); math.Abs(got-tt.want) > 5e-4 {
			t.Errorf("JaroWinkler(%q, %q) = %.4f; want %.4f", tt.a, tt.b, got, tt.want)
		}
		if got, rev := JaroWinkler(tt.a, tt.b), JaroWinkler(tt.b, tt.a); got != rev {
			t.Errorf("JaroWinkler(%q, %q) = %v but reversed %v", tt.a, tt.b, got, rev)
		}
	}
}

func TestDamerau(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"", "abc", 3}, {"kitten", "sitting", 3}, {"ab", "ba", 1},
		{"ca", "abc", 3}, // optimal string alignment: no substring edited twice
		{"19840113", "19840131", 1}, {"mohammed", "mohamed", 1}, {"şükrü", "sukru", 3},
	} {
		if got := Damerau(tt.a, tt.b); got != tt.want {
			t.Errorf("Damerau(%q, %q) = %d; want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestSkeleton(t *testing.T) {
	groups := [][]string{
		{"mohammed", "muhammad", "mohamed", "mohammad", "muhammed", "mehmet", "mhmd"},
		{"hussein", "hossein", "husain", "husayn", "hussain"},
		{"youssef", "yusuf", "yousef", "ywsf"},
		{"zabihullah", "zabihulla"},
		{"selenskyj", "zelenskyy"},
		{"khalid", "halid"},
		{"ahmed", "ahmad", "ahmet"},
	}
	for _, g := range groups {
		want := Skeleton(g[0])
		for _, s := range g[1:] {
			if got := Skeleton(s); got != want {
				t.Errorf("Skeleton(%q) = %q; want %q, as Skeleton(%q)", s, got, want, g[0])
			}
		}
	}
	for _, pair := range [][2]string{{"ali", "omar"}, {"hassan", "karim"}, {"ahmed", "mahmoud"}} {
		if Skeleton(pair[0]) == Skeleton(pair[1]) {
			t.Errorf("Skeleton(%q) = Skeleton(%q) = %q; want them apart", pair[0], pair[1], Skeleton(pair[0]))
		}
	}
}

func TestTokens(t *testing.T) {
	got := Tokens("al-hassan o'brien j.c. (smith)/jones")
	want := []string{"al", "hassan", "obrien", "j", "c", "smith", "jones"}
	if len(got) != len(want) {
		t.Fatalf("Tokens = %q; want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Tokens = %q; want %q", got, want)
		}
	}
}
