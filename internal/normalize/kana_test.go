package normalize

import "testing"

func TestLatinKeyKana(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"バラク・オバマ", "baraku obama"},
		{"ドナルド・トランプ", "donarudo toranpu"},
		{"しんぞう あべ", "shinzou abe"},
		{"ファティマ", "fatima"},       // a small vowel replaces the one before
		{"ジャンヌ", "jannu"},         // ja, not jiya
		{"キャロル", "kyaroru"},       // kya
		{"ミッチェル", "mitcheru"},     // small tsu before chi
		{"ホッケー", "hokke"},         // small tsu doubles, the long mark is dropped
		{"ｵﾊﾞﾏ", "obama"},         // half-width katakana
		{"Ali バラク", "ali baraku"}, // mixed scripts
	} {
		if got := LatinKey(tt.in); got != tt.want {
			t.Errorf("LatinKey(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestUninvert(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"AL BEN ALI, Isa Ben Tarif", "Isa Ben Tarif AL BEN ALI"},
		{"Frost, William G.", "William G. Frost"},
		{"Smith, John, Jr.", "Smith, John, Jr."}, // several commas: as given
		{", John", ", John"},
		{"Ali Hassan", "Ali Hassan"},
	} {
		if got := Uninvert(tt.in); got != tt.want {
			t.Errorf("Uninvert(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
