package password_test

import (
	"encoding/base64"
	"regexp"
	"strings"
	"testing"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/password"
)

// Known answers of the argon2 reference implementation (phc-winner-argon2,
// its src/test.c vectors and its argon2 command-line tool), independent of
// golang.org/x/crypto.
var known = []struct {
	name, pw, encoded string
}{
	{"reference m=256 t=2 p=1", "password", "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"},
	{"reference m=256 t=2 p=2", "password", "$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc"},
	{"reference m=65536 t=2 p=1", "password", "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"},
	{"16-byte key", "password", "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$4k32S5d0K+RTKTAK6uHKNQ"},
	{"64-byte key", "password", "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$44uUTp8v9zw4McLaAbkByDAu7uP6ynYBiyYVzTmTXwc0JGj8XUHVExfPzIHMtee9ZXgTp/M1haHyd9DmE/KMcg"},
	// The parameters Hash uses (m=64 MiB, t=3, p=4, 16-byte salt, 32-byte key).
	{"RFC 9106 second option", "correct horse battery staple", "$argon2id$v=19$m=65536,t=3,p=4$dGlkZWxpbmUtc2FsdC0xNg$kbC+a5vzH2W9HVyqRIsz3cxT9TH9JQ8F1nVfFQAHl7c"},
	{"non-ASCII", "Ünïcödé pässwörd", "$argon2id$v=19$m=65536,t=3,p=4$TmFDbC1OYUNsLU5hQ2wtIQ$TlVESO5ZgiR7zuCOCBfUT4w1fbEX5glI2QCERO8V7pM"},
}

func TestVerify_KnownAnswers(t *testing.T) {
	for _, tt := range known {
		t.Run(tt.name, func(t *testing.T) {
			if ok, err := password.Verify(tt.pw, tt.encoded); !ok || err != nil {
				t.Errorf("Verify(%q, %s) = %v, %v; want true, nil", tt.pw, tt.encoded, ok, err)
			}
			if strings.Contains(tt.encoded, "m=65536") {
				return // 64 MiB each: mismatches are checked on the small vectors
			}
			if ok, err := password.Verify(tt.pw+"x", tt.encoded); ok || err != nil {
				t.Errorf("Verify(%q, %s) = %v, %v; want false, nil", tt.pw+"x", tt.encoded, ok, err)
			}
		})
	}
}

// The reference's "passwore" vector: a hash of another password does not
// verify; neither does the right password against a key with one bit flipped.
func TestVerify_Mismatch(t *testing.T) {
	good := known[0].encoded
	for _, tt := range []struct{ pw, encoded string }{
		{"passwore", good},
		{"Password", good},
		{"", good},
		{"password", good[:len(good)-1] + "8"}, // one bit of the key flipped
		{"password", strings.Replace(good, "c29tZXNhbHQ", "c29tZXNhbHU", 1)}, // salt "somesalu"
		{"password", strings.Replace(good, "t=2", "t=3", 1)},
		{"password", strings.Replace(good, "m=256", "m=512", 1)},
		{"password", strings.Replace(good, "p=1", "p=2", 1)},
		{strings.Repeat("p", password.MaxBytes+1), good},
	} {
		if ok, err := password.Verify(tt.pw, tt.encoded); ok || err != nil {
			t.Errorf("Verify(%.20q, %s) = %v, %v; want false, nil", tt.pw, tt.encoded, ok, err)
		}
	}
}

func TestVerify_Malformed(t *testing.T) {
	const salt, key = "c29tZXNhbHQ", "nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"
	for _, tt := range []struct{ encoded, want string }{
		{"", "not a PHC string"},
		{"password", "not a PHC string"},
		{"$argon2id$v=19$m=256,t=2,p=1" + salt + "$" + key, "not a PHC string"}, // the reference's missing '$'
		{"$argon2id$v=19$m=256,t=2,p=1$" + salt + key, "not a PHC string"},
		{"x$argon2id$v=19$m=256,t=2,p=1$" + salt + "$" + key, "not a PHC string"},
		{"$argon2i$v=19$m=256,t=2,p=1$" + salt + "$" + key, "not an argon2id hash"},
		{"$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", "not a PHC string"},
		{"$argon2id$v=16$m=256,t=2,p=1$" + salt + "$" + key, "unsupported argon2 version"},
		{"$argon2id$m=256,t=2,p=1$" + salt + "$" + key, "not a PHC string"},
		{"$argon2id$v=19$t=2,m=256,p=1$" + salt + "$" + key, "m=...,t=...,p=..."},
		{"$argon2id$v=19$m=256,t=2$" + salt + "$" + key, "m=...,t=...,p=..."},
		{"$argon2id$v=19$m=0256,t=2,p=1$" + salt + "$" + key, "in decimal"},
		{"$argon2id$v=19$m=+256,t=2,p=1$" + salt + "$" + key, "in decimal"},
		{"$argon2id$v=19$m=256,t=-2,p=1$" + salt + "$" + key, "in decimal"},
		{"$argon2id$v=19$m=256,t=0,p=1$" + salt + "$" + key, "in decimal"},
		{"$argon2id$v=19$m=99999999999,t=2,p=1$" + salt + "$" + key, "in decimal"},
		{"$argon2id$v=19$m=2097152,t=2,p=1$" + salt + "$" + key, "memory over 1 GiB"},
		{"$argon2id$v=19$m=256,t=65,p=1$" + salt + "$" + key, "more than 64 passes"},
		{"$argon2id$v=19$m=1024,t=2,p=65$" + salt + "$" + key, "more than 64 lanes"},
		{"$argon2id$v=19$m=8,t=2,p=2$" + salt + "$" + key, "memory under 8 KiB per lane"},
		{"$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ=$" + key, "salt"},           // padded
		{"$argon2id$v=19$m=256,t=2,p=1$c29tZQ$" + key, "salt"},                 // 4 bytes
		{"$argon2id$v=19$m=256,t=2,p=1$" + salt + "$" + key[:20], "key"},       // 15 bytes
		{"$argon2id$v=19$m=256,t=2,p=1$" + salt + "$" + key[:42] + "5", "key"}, // non-canonical trailing bits
		{"$argon2id$v=19$m=256,t=2,p=1$" + salt + "$" + key + "$", "not a PHC string"},
	} {
		ok, err := password.Verify("password", tt.encoded)
		if ok || tideline.ErrorCode(err) != tideline.EINVALID || !strings.Contains(tideline.ErrorMessage(err), tt.want) {
			t.Errorf("Verify(password, %q) = %v, %v; want false, EINVALID mentioning %q", tt.encoded, ok, err, tt.want)
		}
		if !password.NeedsRehash(tt.encoded) {
			t.Errorf("NeedsRehash(%q) = false; want true (unreadable)", tt.encoded)
		}
	}
}

var phc = regexp.MustCompile(`^\$argon2id\$v=19\$m=65536,t=3,p=4\$([A-Za-z0-9+/]{22})\$([A-Za-z0-9+/]{43})$`)

func TestHash(t *testing.T) {
	const pw = "a long enough passphrase"
	h1, err := password.Hash(pw)
	if err != nil {
		t.Fatalf("Hash error: %v", err)
	}
	m := phc.FindStringSubmatch(h1)
	if m == nil {
		t.Fatalf("Hash = %q; want $argon2id$v=19$m=65536,t=3,p=4$<22 b64>$<43 b64>", h1)
	}
	for i, n := range []int{password.SaltLen, password.KeyLen} {
		if b, err := base64.RawStdEncoding.DecodeString(m[i+1]); err != nil || len(b) != n {
			t.Errorf("field %d = %q (%d bytes, %v); want %d bytes", i, m[i+1], len(b), err, n)
		}
	}
	if ok, err := password.Verify(pw, h1); !ok || err != nil {
		t.Errorf("Verify(pw, Hash(pw)) = %v, %v; want true", ok, err)
	}
	if password.NeedsRehash(h1) {
		t.Errorf("NeedsRehash(Hash(pw)) = true; want false")
	}
	h2, _ := password.Hash(pw)
	if h2 == h1 {
		t.Errorf("two hashes of one password are equal (%s): the salt is not random", h1)
	}
}

// Passwords are compared after NFKC normalisation: é typed as one code
// point or as e and a combining accent is the same password.
func TestHash_Normalised(t *testing.T) {
	// The reference tool hashed the composed form: the decomposed one verifies.
	nonASCII := known[len(known)-1]
	if ok, err := password.Verify("U\u0308ni\u0308co\u0308de\u0301 pa\u0308sswo\u0308rd", nonASCII.encoded); !ok || err != nil {
		t.Errorf("Verify(decomposed, reference hash of composed) = %v, %v; want true", ok, err)
	}
}

func TestNeedsRehash(t *testing.T) {
	for _, tt := range []struct {
		encoded string
		want    bool
	}{
		{known[5].encoded, false}, // today's parameters
		{known[0].encoded, true},  // m=256, t=2, p=1, 8-byte salt
		{known[2].encoded, true},  // m=65536, t=2, p=1
		{"$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$kbC+a5vzH2W9HVyqRIsz3cxT9TH9JQ8F1nVfFQAHl7c", true},             // 8-byte salt
		{"$argon2id$v=19$m=65536,t=3,p=4$dGlkZWxpbmUtc2FsdC0xNg$4k32S5d0K+RTKTAK6uHKNQ", true},                       // 16-byte key
		{"$argon2id$v=19$m=131072,t=3,p=4$dGlkZWxpbmUtc2FsdC0xNg$kbC+a5vzH2W9HVyqRIsz3cxT9TH9JQ8F1nVfFQAHl7c", true}, // more memory
		{"$argon2id$v=19$m=65536,t=3,p=4$dGlkZWxpbmUtc2FsdC0xNg$kbC+a5vzH2W9HVyqRIsz3cxT9TH9JQ8F1nVfFQAHl7c", false}, // same shape
	} {
		if got := password.NeedsRehash(tt.encoded); got != tt.want {
			t.Errorf("NeedsRehash(%s) = %v; want %v", tt.encoded, got, tt.want)
		}
	}
}

func TestCheck(t *testing.T) {
	for _, tt := range []struct{ pw, want string }{
		{"", "at least 12 characters"},
		{"elevenchars", "at least 12 characters"},
		{"ééééééééééé", "at least 12 characters"}, // 11 characters, 22 bytes
		{strings.Repeat("x", password.MaxBytes+1), "at most 1024 bytes"},
		{"twelve chars\n", "control characters"},
		{"tab\tseparated words", "control characters"},
		{"bad utf-8 \xff\xfe here", "UTF-8"},
	} {
		err := password.Check(tt.pw)
		if tideline.ErrorCode(err) != tideline.EINVALID || !strings.Contains(tideline.ErrorMessage(err), tt.want) {
			t.Errorf("Check(%.20q) = %v; want EINVALID mentioning %q", tt.pw, err, tt.want)
		}
		if _, err := password.Hash(tt.pw); tideline.ErrorCode(err) != tideline.EINVALID {
			t.Errorf("Hash(%.20q) error = %v; want EINVALID", tt.pw, err)
		}
	}
	for _, pw := range []string{"twelve chars", "ééééééééééé!", "correct horse battery staple", strings.Repeat("x", password.MaxBytes)} {
		if err := password.Check(pw); err != nil {
			t.Errorf("Check(%.20q) = %v; want nil", pw, err)
		}
	}
}

func TestGenerate(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		pw := password.Generate()
		if !regexp.MustCompile(`^[A-Z2-7]{26}$`).MatchString(pw) {
			t.Fatalf("Generate() = %q; want 26 base32 characters", pw)
		}
		if err := password.Check(pw); err != nil {
			t.Fatalf("Check(Generate()) = %v", err)
		}
		if seen[pw] {
			t.Fatalf("Generate() repeated %q", pw)
		}
		seen[pw] = true
	}
}

// FuzzNeedsRehash feeds arbitrary strings to the PHC parser (through
// NeedsRehash, which never hashes): it must not panic, and whatever it
// accepts with today's parameters must have the exact shape Hash makes.
func FuzzNeedsRehash(f *testing.F) {
	for _, k := range known {
		f.Add(k.encoded)
	}
	f.Add("$argon2id$v=19$m=65536,t=0,p=0$c29tZXNhbHQ$4k32S5d0K+RTKTAK6uHKNQ")
	f.Fuzz(func(t *testing.T, s string) {
		if !password.NeedsRehash(s) && !phc.MatchString(s) {
			t.Errorf("NeedsRehash(%q) = false for a string Hash could not make", s)
		}
	})
}

// BenchmarkHash measures one hash with the production parameters.
func BenchmarkHash(b *testing.B) {
	for b.Loop() {
		if _, err := password.Hash("correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}
