package tideline

import (
	"fmt"
	"strings"
)

// Grading is the UK 3x5x2 evaluation of a piece of intelligence (College of
// Policing APP "Intelligence management"):
//
//   - Source evaluation: 1 reliable, 2 untested, 3 not reliable.
//   - Intelligence assessment: A known directly to the source; B known
//     indirectly but corroborated; C known indirectly; D not known;
//     E suspected to be false or malicious.
//   - Handling code: P lawful sharing permitted; C lawful sharing permitted
//     with conditions, which must be recorded in Conditions.
//
// The zero value is "ungraded". Compact form: "2B" for source and
// intelligence, with the handling code kept separately.
type Grading struct {
	Source       byte   // '1', '2', '3', or 0 when not graded
	Intelligence byte   // 'A'..'E', or 0 when not graded
	Handling     byte   // 'P' or 'C', or 0 when not stated
	Conditions   string // required when Handling is 'C'
}

// Handling codes.
const (
	HandlingPermitted  byte = 'P'
	HandlingConditions byte = 'C'
)

// ParseGrading reads the compact source/intelligence form "2B" (case
// insensitive; "" gives an ungraded zero value). The handling code is set with
// SetHandling. Errors are EINVALID and name the bad character.
func ParseGrading(s string) (Grading, error) {
	var g Grading
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" {
		return g, nil
	}
	if len(s) != 2 {
		return g, Errorf(EINVALID, "grading %q: want source 1-3 then intelligence A-E, as in 2B", s)
	}
	if s[0] < '1' || s[0] > '3' {
		return g, Errorf(EINVALID, "grading %q: source evaluation must be 1, 2 or 3", s)
	}
	if s[1] < 'A' || s[1] > 'E' {
		return g, Errorf(EINVALID, "grading %q: intelligence assessment must be A to E", s)
	}
	g.Source, g.Intelligence = s[0], s[1]
	return g, nil
}

// SetHandling sets the handling code ("P" or "C", case insensitive; "" leaves
// it unset) and its conditions. Code C without conditions, or conditions with
// code P, is an EINVALID error.
func (g *Grading) SetHandling(code, conditions string) error {
	code = strings.ToUpper(strings.TrimSpace(code))
	conditions = strings.TrimSpace(conditions)
	switch code {
	case "":
		if conditions != "" {
			return Errorf(EINVALID, "handling conditions given without handling code C")
		}
		g.Handling = 0
	case "P":
		if conditions != "" {
			return Errorf(EINVALID, "handling code P takes no conditions; use C to attach conditions")
		}
		g.Handling = HandlingPermitted
	case "C":
		if conditions == "" {
			return Errorf(EINVALID, "handling code C needs its conditions (the handling instructions to record)")
		}
		g.Handling = HandlingConditions
	default:
		return Errorf(EINVALID, "handling code %q: must be P or C", code)
	}
	g.Conditions = conditions
	return nil
}

// Code returns the compact "2B" form, or "" when ungraded.
func (g Grading) Code() string {
	if g.Source == 0 && g.Intelligence == 0 {
		return ""
	}
	return string([]byte{g.Source, g.Intelligence})
}

// HandlingCode returns "P", "C" or "".
func (g Grading) HandlingCode() string {
	if g.Handling == 0 {
		return ""
	}
	return string(g.Handling)
}

// String returns e.g. "2B/P" or "1A/C (no onward disclosure)".
func (g Grading) String() string {
	s := g.Code()
	if s == "" {
		s = "ungraded"
	}
	if g.Handling != 0 {
		s += "/" + string(g.Handling)
	}
	if g.Conditions != "" {
		s += fmt.Sprintf(" (%s)", g.Conditions)
	}
	return s
}

// AtLeast reports whether g is graded at least as well as min on both
// scales (1 best, A best); an ungraded g never is, unless min is ungraded.
// Example: 1B.AtLeast(2B) is true; 2C.AtLeast(2B) is false.
func (g Grading) AtLeast(min Grading) bool {
	if min.Source != 0 && (g.Source == 0 || g.Source > min.Source) {
		return false
	}
	if min.Intelligence != 0 && (g.Intelligence == 0 || g.Intelligence > min.Intelligence) {
		return false
	}
	return true
}
