package normalize

// Transliteration tables used by LatinKey. Inputs are already in the form
// Name produces: case-folded, NFC, without nonspacing marks. Each table maps a
// lower-case letter to its ASCII value; the empty string drops the letter.

// cyrillic covers U+0430 (а) to U+045F (џ).
var cyrillic = [...]string{
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", // а-п
	"r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", // р-я
	"e", "e", "dj", "g", "ye", "dz", "i", "i", "j", "lj", "nj", "c", "k", "i", "u", "dz", // ѐ-џ
}

// cyrillicExtra covers letters of Cyrillic alphabets beyond U+045F that have
// no canonical decomposition.
var cyrillicExtra = map[rune]string{
	0x0491: "g",  // ґ Ukrainian
	0x0493: "gh", // ғ Kazakh, Tajik
	0x0495: "g",  // ҕ
	0x0497: "zh", // җ Tatar, Tajik
	0x0499: "z",  // ҙ Bashkir
	0x049B: "k",  // қ Kazakh, Tajik
	0x049D: "k",  // ҝ Azerbaijani
	0x049F: "k",  // ҟ
	0x04A1: "k",  // ҡ Bashkir
	0x04A3: "ng", // ң Kazakh, Kyrgyz
	0x04A5: "ng", // ҥ
	0x04A7: "p",  // ҧ Abkhaz
	0x04AB: "s",  // ҫ Chuvash
	0x04AD: "t",  // ҭ Abkhaz
	0x04AF: "u",  // ү Kazakh, Mongolian
	0x04B1: "u",  // ұ Kazakh
	0x04B3: "kh", // ҳ Tajik, Uzbek
	0x04B5: "ts", // ҵ Abkhaz
	0x04B7: "ch", // ҷ Tajik
	0x04B9: "ch", // ҹ Azerbaijani
	0x04BB: "h",  // һ Kazakh, Bashkir
	0x04BD: "ch", // ҽ Abkhaz
	0x04BF: "ch", // ҿ Abkhaz
	0x04CF: "",   // ӏ palochka
	0x04C4: "k",  // ӄ
	0x04C8: "ng", // ӈ
	0x04D5: "ae", // ӕ Ossetian
	0x04D9: "a",  // ә Kazakh, Tatar
	0x04E9: "o",  // ө Kazakh, Mongolian
}

// greek covers U+03B1 (α) to U+03C9 (ω), ELOT 743.
var greek = [...]string{
	"a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", // α-π
	"r", "s", "s", "t", "y", "f", "ch", "ps", "o", // ρ-ω (ς at U+03C2)
}

// armenian covers U+0561 (ա) to U+0586 (ֆ).
var armenian = [...]string{
	"a", "b", "g", "d", "e", "z", "e", "y", "t", "zh", "i", "l", "kh", "ts", "k", "h", // ա-հ
	"dz", "gh", "ch", "m", "y", "n", "sh", "o", "ch", "p", "j", "r", "s", "v", "t", "r", // ձ-ր
	"ts", "v", "p", "k", "o", "f", // ց-ֆ
}

// georgian covers Mkhedruli U+10D0 (ა) to U+10F6 (ჶ); Nuskhuri U+2D00 to
// U+2D25 follows the same order.
var georgian = [...]string{
	"a", "b", "g", "d", "e", "v", "z", "t", "i", "k", "l", "m", "n", "o", "p", "zh", // ა-ჟ
	"r", "s", "t", "u", "p", "k", "gh", "q", "sh", "ch", "ts", "dz", "ts", "ch", "kh", "j", // რ-ჯ
	"h", "e", "y", "w", "q", "o", "f", // ჰ-ჶ
}

// arabic covers the letters of the Arabic script as used for Arabic,
// Persian, Pashto, Urdu and Kurdish. Letters carrying a hamza or madda that
// decomposes (أ إ آ ؤ ئ ۀ ۂ ۓ) have already lost it in Name.
var arabic = map[rune]string{
	0x0621: "",   // ء hamza
	0x0627: "a",  // ا alef
	0x0628: "b",  // ب
	0x0629: "a",  // ة ta marbuta
	0x062A: "t",  // ت
	0x062B: "th", // ث
	0x062C: "j",  // ج
	0x062D: "h",  // ح
	0x062E: "kh", // خ
	0x062F: "d",  // د
	0x0630: "dh", // ذ
	0x0631: "r",  // ر
	0x0632: "z",  // ز
	0x0633: "s",  // س
	0x0634: "sh", // ش
	0x0635: "s",  // ص
	0x0636: "d",  // ض
	0x0637: "t",  // ط
	0x0638: "z",  // ظ
	0x0639: "a",  // ع ayn, written as a vowel in most romanisations
	0x063A: "gh", // غ
	0x0641: "f",  // ف
	0x0642: "q",  // ق
	0x0643: "k",  // ك
	0x0644: "l",  // ل
	0x0645: "m",  // م
	0x0646: "n",  // ن
	0x0647: "h",  // ه
	0x0648: "w",  // و
	0x0649: "a",  // ى alef maksura
	0x064A: "y",  // ي
	0x066E: "b",  // ٮ dotless beh
	0x066F: "q",  // ٯ dotless qaf
	0x0671: "a",  // ٱ alef wasla
	0x0672: "a",  // ٲ
	0x0673: "a",  // ٳ
	0x0675: "a",  // ٵ
	0x0679: "t",  // ٹ Urdu
	0x067C: "t",  // ټ Pashto
	0x067E: "p",  // پ Persian
	0x0681: "dz", // ځ Pashto
	0x0685: "ts", // څ Pashto
	0x0686: "ch", // چ Persian
	0x0688: "d",  // ڈ Urdu
	0x0689: "d",  // ډ Pashto
	0x0691: "r",  // ڑ Urdu
	0x0693: "r",  // ړ Pashto
	0x0695: "r",  // ڕ Kurdish
	0x0696: "zh", // ږ Pashto
	0x0698: "zh", // ژ Persian
	0x069A: "sh", // ښ Pashto
	0x06A0: "ng", // ڠ Jawi
	0x06A4: "v",  // ڤ Kurdish
	0x06A9: "k",  // ک Persian keheh
	0x06AB: "g",  // ګ Pashto
	0x06AD: "ng", // ڭ
	0x06AF: "g",  // گ Persian
	0x06B5: "l",  // ڵ Kurdish
	0x06BA: "n",  // ں Urdu
	0x06BC: "n",  // ڼ Pashto
	0x06BE: "h",  // ھ Urdu, Kurdish
	0x06C1: "h",  // ہ Urdu
	0x06C3: "a",  // ۃ Urdu ta marbuta
	0x06C6: "o",  // ۆ Kurdish
	0x06C7: "u",  // ۇ
	0x06C8: "u",  // ۈ
	0x06CB: "v",  // ۋ
	0x06CC: "y",  // ی Persian yeh
	0x06CD: "y",  // ۍ Pashto
	0x06CE: "e",  // ێ Kurdish
	0x06D0: "e",  // ې Pashto
	0x06D2: "y",  // ے Urdu
	0x06D5: "e",  // ە Kurdish
}

// latinExtra covers Latin letters that have no canonical decomposition.
var latinExtra = map[rune]string{
	0x00DF: "ss", // ß (normally folded already)
	0x00E6: "ae", // æ
	0x00F0: "d",  // ð
	0x00F8: "o",  // ø
	0x00FE: "th", // þ
	0x0111: "d",  // đ
	0x0127: "h",  // ħ
	0x0131: "i",  // ı
	0x0138: "k",  // ĸ
	0x0142: "l",  // ł
	0x014B: "ng", // ŋ
	0x0153: "oe", // œ
	0x0167: "t",  // ŧ
	0x0180: "b",  // ƀ
	0x0183: "b",  // ƃ
	0x0188: "c",  // ƈ
	0x018C: "d",  // ƌ
	0x0192: "f",  // ƒ
	0x0195: "hv", // ƕ
	0x0199: "k",  // ƙ Hausa
	0x019A: "l",  // ƚ
	0x019E: "n",  // ƞ
	0x01A5: "p",  // ƥ
	0x01AB: "t",  // ƫ
	0x01AD: "t",  // ƭ
	0x01B4: "y",  // ƴ Hausa
	0x01B6: "z",  // ƶ
	0x01DD: "e",  // ǝ
	0x01E5: "g",  // ǥ
	0x0221: "d",  // ȡ
	0x0225: "z",  // ȥ
	0x0234: "l",  // ȴ
	0x0235: "n",  // ȵ
	0x0236: "t",  // ȶ
	0x0237: "j",  // ȷ
	0x023C: "c",  // ȼ
	0x0247: "e",  // ɇ
	0x0249: "j",  // ɉ
	0x024B: "q",  // ɋ
	0x024D: "r",  // ɍ
	0x024F: "y",  // ɏ
	0x0250: "a",  // ɐ
	0x0251: "a",  // ɑ
	0x0253: "b",  // ɓ Hausa, Fula
	0x0254: "o",  // ɔ
	0x0256: "d",  // ɖ Ewe
	0x0257: "d",  // ɗ Hausa, Fula
	0x0259: "e",  // ə Azerbaijani
	0x025B: "e",  // ɛ
	0x0260: "g",  // ɠ
	0x0263: "g",  // ɣ
	0x0268: "i",  // ɨ
	0x0269: "i",  // ɩ
	0x0272: "ny", // ɲ
	0x0283: "sh", // ʃ
	0x0289: "u",  // ʉ
	0x028B: "v",  // ʋ
	0x0292: "zh", // ʒ
	0x0294: "",   // ʔ glottal stop
	0xA78C: "",   // ꞌ saltillo
}

// ethiopicConsonants gives the consonant of each row of eight syllables from
// U+1200 to U+135F.
var ethiopicConsonants = [...]string{
	"h", "l", "h", "m", "s", "r", "s", "sh", // ሀ ለ ሐ መ ሠ ረ ሰ ሸ
	"q", "qw", "q", "qw", "b", "v", "t", "ch", // ቀ ቈ ቐ ቘ በ ቨ ተ ቸ
	"h", "hw", "n", "ny", "", "k", "kw", "kh", // ኀ ኈ ነ ኘ አ ከ ኰ ኸ
	"khw", "w", "", "z", "zh", "y", "d", "d", // ዀ ወ ዐ ዘ ዠ የ ደ ዸ
	"j", "g", "gw", "ng", "t", "ch", "p", "ts", // ጀ ገ ጐ ጘ ጠ ጨ ጰ ጸ
	"ts", "f", "p", "", // ፀ ፈ ፐ (U+1358.. handled apart)
}

// ethiopicLabial marks the rows of labialised consonants (ቈ ቘ ኈ ኰ ዀ ጐ),
// laid out as Cwä, -, Cwi, Cwa, Cwe, Cwə, -, -.
var ethiopicLabial = [len(ethiopicConsonants)]bool{9: true, 11: true, 17: true, 22: true, 24: true, 34: true}

// ethiopicVowels gives the vowel of each order (column) of a syllable row.
var ethiopicVowels = [...]string{"e", "u", "i", "a", "e", "", "o", "wa"}

// ethiopicCarrierVowels is used for the vowel carriers አ and ዐ.
var ethiopicCarrierVowels = [...]string{"a", "u", "i", "a", "e", "i", "o", "e"}

// ethiopic transliterates one Ethiopic syllable.
func ethiopic(r rune) (string, bool) {
	switch r {
	case 0x1358:
		return "mya", true
	case 0x1359:
		return "rya", true
	case 0x135A:
		return "fya", true
	}
	if r < 0x1200 || r >= 0x1358 {
		return "", false
	}
	row, order := (r-0x1200)/8, (r-0x1200)%8
	c := ethiopicConsonants[row]
	if c == "" {
		return ethiopicCarrierVowels[order], true
	}
	if ethiopicLabial[row] {
		switch order {
		case 0, 4:
			return c + "e", true
		case 2:
			return c + "i", true
		case 3:
			return c + "a", true
		case 5:
			return c, true
		}
		return "", false
	}
	return c + ethiopicVowels[order], true
}

// translit returns the ASCII value of a non-ASCII letter, if it has one.
func translit(r rune) (string, bool) {
	switch {
	case r >= 0x0430 && r <= 0x045F:
		return cyrillic[r-0x0430], true
	case r > 0x045F && r <= 0x052F:
		t, ok := cyrillicExtra[r]
		return t, ok
	case r >= 0x03B1 && r <= 0x03C9:
		return greek[r-0x03B1], true
	case r >= 0x0561 && r <= 0x0586:
		return armenian[r-0x0561], true
	case r >= 0x10D0 && r <= 0x10F6:
		return georgian[r-0x10D0], true
	case r >= 0x2D00 && r <= 0x2D25:
		return georgian[r-0x2D00], true
	case r >= 0x0600 && r <= 0x06FF:
		t, ok := arabic[r]
		return t, ok
	case r >= 0x1200 && r <= 0x137F:
		return ethiopic(r)
	}
	t, ok := latinExtra[r]
	return t, ok
}

// digraph returns the value of a two-letter sequence that is transliterated
// as a unit.
func digraph(a, b rune) (string, bool) {
	switch a {
	case 'ο':
		if b == 'υ' {
			return "ou", true
		}
	case 'α':
		if b == 'υ' {
			return "av", true
		}
	case 'ε':
		if b == 'υ' {
			return "ev", true
		}
	case 'η':
		if b == 'υ' {
			return "iv", true
		}
	case 'γ':
		switch b {
		case 'γ':
			return "ng", true
		case 'ξ':
			return "nx", true
		case 'χ':
			return "nch", true
		}
	case 'ո': // Armenian ու
		if b == 'ւ' {
			return "u", true
		}
	}
	return "", false
}
