package normalize_test

import (
	"errors"
	"testing"

	"github.com/tideline-oss/tideline/internal/normalize"
)

func TestPhone(t *testing.T) {
	tests := []struct{ in, region, want string }{
		// United Kingdom (Ofcom drama ranges are possible, not valid).
		{"07700 900123", "GB", "+447700900123"},
		{"07700 900123", "gb", "+447700900123"},
		{"07700 900123", "UK", "+447700900123"},
		{"+44 7700 900123", "", "+447700900123"},
		{"+44 (0)20 7946 0018", "", "+442079460018"},
		{"0044 20 7946 0018", "", "+442079460018"},
		{"020 7946 0018", "GB", "+442079460018"},
		{"tel:+44-20-7946-0018", "", "+442079460018"},
		{"+44 20 7946 0018 ext. 123", "", "+442079460018"},
		// France.
		{"+33 6 12 34 56 78", "", "+33612345678"},
		{"06 12 34 56 78", "FR", "+33612345678"},
		{"0033 6 12 34 56 78", "", "+33612345678"},
		{"+33 (0)1 23 45 67 89", "DE", "+33123456789"},
		// Belgium.
		{"0032 470 12 34 56", "", "+32470123456"},
		{"0032 470 12 34 56", "GB", "+32470123456"},
		{"0032 470 12 34 56", "US", "+32470123456"},
		{"0470 12 34 56", "BE", "+32470123456"},
		{"+32 2 555 12 12", "", "+3225551212"},
		// Germany.
		{"030 1234567", "DE", "+49301234567"},
		{"+49 151 23456789", "FR", "+4915123456789"},
		{"0151/23456789", "de", "+4915123456789"},
		// Albania.
		{"069 123 4567", "AL", "+355691234567"},
		{"+355 69 123 4567", "", "+355691234567"},
		{"00355 4 222 3456", "", "+35542223456"},
		// Others on migration routes.
		{"+291 7 123456", "", "+2917123456"},
		{"+98 912 345 6789", "", "+989123456789"},
		{"0912 345 6789", "IR", "+989123456789"},
		{"+1 202 555 0143", "", "+12025550143"},
	}
	for _, tt := range tests {
		got, err := normalize.Phone(tt.in, tt.region)
		if err != nil || got != tt.want {
			t.Errorf("Phone(%q, %q) = %q, %v; want %q", tt.in, tt.region, got, err, tt.want)
		}
	}
}

func TestPhone_Errors(t *testing.T) {
	tests := []struct{ in, region, reason string }{
		{"", "GB", "empty"},
		{"07700 900123", "", "no country code and no region hint"},
		{"07700 900123", "XX", "no country code and no region hint"},
		{"12", "GB", "not a possible number"},
		{"abc", "GB", "not a number"},
		{"+44 12", "", "not a possible number"},
		{"+44 7700 900123 456 789", "", "not a possible number"},
		{"+999 1234567", "", "invalid country code"},
		{"+1 555 0100", "", "not a possible number"}, // local only, no area code
		{"0032 1", "", "too short"},
	}
	for _, tt := range tests {
		got, err := normalize.Phone(tt.in, tt.region)
		var e *normalize.Error
		if !errors.As(err, &e) {
			t.Errorf("Phone(%q, %q) = %q, %v; want *Error %q", tt.in, tt.region, got, err, tt.reason)
			continue
		}
		if e.Kind != normalize.KindPhone || e.Value != tt.in || e.Reason != tt.reason {
			t.Errorf("Phone(%q, %q) error = %+v; want reason %q", tt.in, tt.region, *e, tt.reason)
		}
	}
}

func TestPhoneCountry(t *testing.T) {
	tests := []struct{ in, want string }{
		{"+33612345678", "fr"},
		{"+32470123456", "be"},
		{"+355691234567", "al"},
		{"+447700900123", "gb"},
		{"+12025550143", "us"},
		{"+80012345678", ""},
		{"junk", ""},
	}
	for _, tt := range tests {
		if got := normalize.PhoneCountry(tt.in); got != tt.want {
			t.Errorf("PhoneCountry(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
