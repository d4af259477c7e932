package normalize_test

import (
	"errors"
	"testing"

	"github.com/tideline-oss/tideline/internal/normalize"
)

func TestIBAN(t *testing.T) {
	tests := []struct{ in, want string }{
		{"GB82WEST12345698765432", "GB82WEST12345698765432"},
		{"GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"},
		{"gb82-west-1234-5698-7654-32", "GB82WEST12345698765432"},
		{"IBAN: GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"},
		{"DE89370400440532013000", "DE89370400440532013000"},
		{"DE89 3704 0044 0532 0130 00", "DE89370400440532013000"},
		{"DE89\u00a03704\u00a00044\u00a00532\u00a00130\u00a000", "DE89370400440532013000"},
		{"FR1420041010050500013M02606", "FR1420041010050500013M02606"},
		{"BE68539007547034", "BE68539007547034"},
		{"AL47212110090000000235698741", "AL47212110090000000235698741"},
		{"NO9386011117947", "NO9386011117947"},
		{"XK051212012345678906", "XK051212012345678906"},
		{"TR330006100519786457841326", "TR330006100519786457841326"},
	}
	for _, tt := range tests {
		got, err := normalize.IBAN(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("IBAN(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestIBAN_Errors(t *testing.T) {
	tests := []struct{ in, reason string }{
		{"", "empty"},
		{" - ", "empty"},
		{"GB82WEST12345698765433", "checksum mismatch"}, // last digit changed
		{"GB82WEST12345698765423", "checksum mismatch"}, // two digits swapped
		{"DE89370400440532013001", "checksum mismatch"},
		{"DE8937040044053201300", "wrong length for country"},
		{"DE893704004405320130000", "wrong length for country"},
		{"XX89370400440532013000", "unknown country code"},
		{"US12345678901234567890", "unknown country code"},
		{"G", "unknown country code"},
		{"12WEST12345698765432", "unknown country code"},
		{"GBXXWEST12345698765432", "invalid character"},
		{"GB82WEST1234569876543/", "invalid character"},
		{"GB82WEST1234569876543É", "invalid character"},
	}
	for _, tt := range tests {
		got, err := normalize.IBAN(tt.in)
		var e *normalize.Error
		if !errors.As(err, &e) {
			t.Errorf("IBAN(%q) = %q, %v; want *Error %q", tt.in, got, err, tt.reason)
			continue
		}
		if e.Kind != normalize.KindIBAN || e.Value != tt.in || e.Reason != tt.reason {
			t.Errorf("IBAN(%q) error = %+v; want reason %q", tt.in, *e, tt.reason)
		}
	}
}
