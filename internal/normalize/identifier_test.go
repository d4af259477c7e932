package normalize_test

import (
	"errors"
	"testing"

	"github.com/tideline-oss/tideline/internal/normalize"
)

func TestIdentifier(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ab 12-345/6", "AB123456"},
		{"AB123456", "AB123456"},
		{" p.123.456 ", "P123456"},
		{"HRB 12345 B", "HRB12345B"},
		{"ＡＢ１２", "AB12"},
		{"№ 123.456", "123456"},
		{"ав 123", "АВ123"},
		{"---", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := normalize.Identifier(tt.in); got != tt.want {
			t.Errorf("Identifier(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestEmail(t *testing.T) {
	tests := []struct{ in, want string }{
		{"john.doe@example.com", "john.doe@example.com"},
		{" John.Doe@Example.COM ", "John.Doe@example.com"},
		{"mailto:a@b.co", "a@b.co"},
		{"MAILTO:a@B.co", "a@b.co"},
		{"<a@b.co>", "a@b.co"},
		{"a+tag@mail.example.org.", "a+tag@mail.example.org"},
		{"ali@ÉXAMPLE.fr", "ali@éxample.fr"},
	}
	for _, tt := range tests {
		got, err := normalize.Email(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Email(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestEmail_Errors(t *testing.T) {
	tests := []struct{ in, reason string }{
		{"", "empty"},
		{"mailto:", "empty"},
		{"john.example.com", "missing @"},
		{"a@b@c.com", "more than one @"},
		{"@example.com", "empty local part"},
		{"a@", "domain without dot"},
		{"a@localhost", "domain without dot"},
		{"a@b..com", "empty domain label"},
		{"a@.b.com", "empty domain label"},
		{"john doe@example.com", "invalid character"},
		{"John <j@example.com>", "invalid character"},
		{"a@b.com,c@d.com", "more than one @"},
	}
	for _, tt := range tests {
		got, err := normalize.Email(tt.in)
		var e *normalize.Error
		if !errors.As(err, &e) {
			t.Errorf("Email(%q) = %q, %v; want *Error %q", tt.in, got, err, tt.reason)
			continue
		}
		if e.Kind != normalize.KindEmail || e.Value != tt.in || e.Reason != tt.reason {
			t.Errorf("Email(%q) error = %+v; want reason %q", tt.in, *e, tt.reason)
		}
	}
}
