package scenario

// nameForm is one name as the person's identity document spells it, with
// the other romanisations that records made by other agencies use for it.
type nameForm struct {
	canon    string   // document (passport) spelling, e.g. "Mohammed"
	variants []string // other spellings seen in records, most common first; may be empty
	script   string   // the name in its original script ("محمد", "ተስፋይ", "Nguyễn"), "" when none
}

// culture is a naming tradition: name pools, most common names first, and
// how a full name is built from them.
type culture struct {
	name   string     // lower-case key, e.g. "kurdish"
	male   []nameForm // given names of men
	female []nameForm // given names of women
	// family holds family names. In patronymic cultures the second (and
	// third) names are the father's (and grandfather's) given names, drawn
	// from male; family is then used only by people of that culture who
	// carry a family or tribal name, and may be short.
	family []nameForm
	// femaleFamily holds the family names of women where they differ from
	// men's (Sikh women are Kaur and men Singh; Bangladeshi women are
	// often Begum or Khatun; Slavic names end in -ova); nil when women
	// draw from family too.
	femaleFamily []nameForm
	// middleMale and middleFemale are Vietnamese middle names (Văn, Thị,
	// Đức...); nil for other cultures.
	middleMale, middleFemale []nameForm
	patronymic               bool // second name is the father's given name (Eritrean, Sudanese, Somali, many Afghans)
	familyFirst              bool // the family name is written first (Vietnamese)
}
