package normalize_test

import (
	"testing"

	"github.com/tideline-oss/tideline/internal/normalize"
)

func TestName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  José  O'Neil ", "jose o neil"},
		{"JEAN-PIERRE", "jean pierre"},
		{"Müller, Hans", "muller hans"},
		{"Straße", "strasse"},
		{"", ""},
		{" \t\n", ""},
		{"!!!", ""},
		{"Ｍａｒｉａ", "maria"},                   // fullwidth, NFKC
		{"ﬁnancial", "financial"},            // ligature, NFKC
		{"Nguyễn Văn Đức", "nguyen van đuc"}, // đ has no decomposition
		{"Łódź", "łodz"},                     // ł has no decomposition
		{"İstanbul", "istanbul"},             // dotted capital I folds to i + mark
		{"محمد", "محمد"},                     // Arabic stays Arabic
		{"مُحَمَّد", "محمد"},                 // harakat removed
		{"عبد الرحمن", "عبد الرحمن"},         // two words kept
		{"ـعـلـي", "علي"},                    // tatweel removed
		{"إبراهيم", "ابراهيم"},               // hamza below removed
		{"ﷲ", "الله"},                        // presentation form ligature
		{"Мария Александровна", "мария александровна"},
		{"Андрей Ёлкин", "андреи елкин"},  // й and ё lose their marks
		{"Γιώργος", "γιωργοσ"},            // final sigma folds
		{"ሃብተማርያም", "ሃብተማርያም"},            // Ethiopic kept
		{"Mar\u02BCyana", "mar yana"},     // modifier apostrophe is punctuation
		{"x\u200cy", "xy"},                // ZWNJ removed
		{"Anna\u00a0Maria", "anna maria"}, // no-break space
		{"ANNA   maria", "anna maria"},
		{"O\u2019Brien", "o brien"},
		{"al-Baghdadi", "al baghdadi"},
		{"Zhang 张伟", "zhang 张伟"},
	}
	for _, tt := range tests {
		if got := normalize.Name(tt.in); got != tt.want {
			t.Errorf("Name(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestLatinKey(t *testing.T) {
	tests := []struct{ in, want string }{
		// Latin gives the same as Name, with letters spelled out.
		{"  José  O'Neil ", "jose o neil"},
		{"Nguyễn Văn Đức", "nguyen van duc"},
		{"Straße", "strasse"},
		{"Ærøskøbing", "aeroskobing"},
		{"Łódź", "lodz"},
		{"ılık", "ilik"},
		{"Þór", "thor"},
		{"Œuvre", "oeuvre"},
		{"Əliyev", "eliyev"},
		{"Gjergj Kastrioti Skënderbeu", "gjergj kastrioti skenderbeu"},
		// Cyrillic.
		{"Мария Захарова", "mariya zakharova"},
		{"Мария Александровна Захарова", "mariya aleksandrovna zakharova"},
		{"МАРИЯ АЛЕКСАНДРОВНА ЗАХАРОВА", "mariya aleksandrovna zakharova"},
		{"Захарова Марія Олександрівна", "zakharova mariya oleksandrivna"},
		{"Щербаков Юрий", "shcherbakov yurii"},
		{"Ґалаґан Євген", "galagan yevgen"},
		{"Ђоковић Новак", "djokovic novak"},
		{"Тохтаров Нұрлан", "tokhtarov nurlan"},
		// Greek.
		{"Γιώργος Παπαδόπουλος", "giorgos papadopoulos"},
		{"Ευάγγελος", "evangelos"},
		// Arabic script: consonant skeleton.
		{"محمد", "mhmd"},
		{"مُحَمَّد", "mhmd"},
		{"عبد الرحمن", "abd alrhmn"},
		{"عبدالرحمن", "abdalrhmn"},
		{"فاطمة", "fatma"},
		{"مصطفى", "mstfa"},
		{"علي", "aly"},
		{"علی", "aly"}, // Persian yeh
		{"إبراهيم", "abrahym"},
		{"ابراهیم", "abrahym"},
		{"یوسف", "ywsf"},
		{"گل‌آقا", "glaqa"},
		{"ښکلی", "shkly"},
		{"ڕێبین", "rebyn"},
		{"حسين ٢٠٢١", "hsyn 2021"},
		// Ethiopic.
		{"ሃብተማርያም", "habtemaryam"},
		{"ገብረሂወት ተስፋይ", "gebrehiwet tesfay"},
		{"መሓሪ", "mehari"},
		{"አበበ", "abebe"},
		// Armenian and Georgian.
		{"Արամ Խաչատրյան", "aram khachatryan"},
		{"ზურაბ ჟვანია", "zurab zhvania"},
		{"ᲖᲣᲠᲐᲑ", "zurab"},
		// Scripts without a table are kept.
		{"李小龙", "李小龙"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := normalize.LatinKey(tt.in); got != tt.want {
			t.Errorf("LatinKey(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestLatinKey_Variants checks that spellings of one name found in sanctions
// data meet on one key.
func TestLatinKey_Variants(t *testing.T) {
	groups := [][]string{
		{"Мария Александровна Захарова", "МАРИЯ АЛЕКСАНДРОВНА ЗАХАРОВА", "мария александровна захарова"},
		{"Марія", "Мария", "МАРИЯ", "Mariya"},
		{"محمد", "مُحَمَّد", "ﻣﺤﻤﺪ"},
		{"علي", "علی", "عـلـي"},
		{"Nguyễn Văn Đức", "NGUYEN VAN DUC", "Nguyen Van Duc"},
	}
	for _, g := range groups {
		want := normalize.LatinKey(g[0])
		for _, s := range g[1:] {
			if got := normalize.LatinKey(s); got != want {
				t.Errorf("LatinKey(%q) = %q; want %q (as for %q)", s, got, want, g[0])
			}
		}
	}
}
