package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"

	"github.com/tideline-oss/tideline"
)

// Parameters of new hashes: RFC 9106 section 4, second recommended option.
const (
	Memory  = 64 * 1024 // KiB (64 MiB)
	Time    = 3         // passes over the memory
	Threads = 4         // lanes
	SaltLen = 16        // bytes of random salt
	KeyLen  = 32        // bytes of derived key
)

// Policy limits (Check).
const (
	MinLen   = 12   // characters (runes), at least
	MaxBytes = 1024 // bytes of UTF-8, at most
)

// Bounds on the parameters Verify accepts from an encoded hash, so that a
// corrupt or hostile hash cannot make one check take gigabytes or minutes,
// nor verify against a key too short to mean anything.
const (
	maxMemory  = 1 << 20 // KiB (1 GiB)
	maxTime    = 64
	maxThreads = 64
	minSalt    = 8
	maxSalt    = 64
	minKey     = 16
	maxKey     = 64
)

var b64 = base64.RawStdEncoding.Strict()

// Check reports EINVALID unless pw is valid UTF-8 of at least MinLen
// characters and at most MaxBytes bytes, without control characters. It
// sets no rules on character classes (NIST SP 800-63B section 3.1.1.2):
// length is what makes a password strong.
func Check(pw string) error {
	switch {
	case !utf8.ValidString(pw):
		return tideline.Errorf(tideline.EINVALID, "password: not valid UTF-8")
	case utf8.RuneCountInString(pw) < MinLen:
		return tideline.Errorf(tideline.EINVALID, "password: at least %d characters are required", MinLen)
	case len(pw) > MaxBytes:
		return tideline.Errorf(tideline.EINVALID, "password: at most %d bytes", MaxBytes)
	case strings.IndexFunc(pw, unicode.IsControl) >= 0:
		return tideline.Errorf(tideline.EINVALID, "password: control characters (line breaks, tabs) are not allowed")
	}
	return nil
}

// Hash checks pw against the policy (Check: EINVALID) and returns its
// argon2id hash with a new random salt, as a PHC string with the package's
// parameters. The password is normalised to Unicode NFKC first (NIST SP
// 800-63B), so the same password typed on different keyboards verifies.
// Costs Memory KiB and a few tenths of a second.
func Hash(pw string) (string, error) {
	if err := Check(pw); err != nil {
		return "", err
	}
	salt := make([]byte, SaltLen)
	rand.Read(salt) // never returns an error (crypto/rand, Go 1.24)
	key := argon2.IDKey([]byte(norm.NFKC.String(pw)), salt, Time, Memory, Threads, KeyLen)
	return encode(params{memory: Memory, time: Time, threads: Threads}, salt, key), nil
}

// Verify reports whether pw matches encoded, an argon2id PHC string (made by
// Hash or by any implementation of RFC 9106 without secret or associated
// data), using the parameters it names. The keys are compared in constant
// time. A password over MaxBytes does not match (and is not hashed).
// EINVALID when encoded is malformed, is not argon2id version 19, or names
// parameters outside sane bounds (memory over 1 GiB, more than 64 passes or
// lanes, a salt under 8 or a key under 16 bytes).
func Verify(pw, encoded string) (bool, error) {
	p, salt, key, err := decode(encoded)
	if err != nil {
		return false, err
	}
	if len(pw) > MaxBytes {
		return false, nil
	}
	got := argon2.IDKey([]byte(norm.NFKC.String(pw)), salt, p.time, p.memory, p.threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// NeedsRehash reports whether encoded was made with other parameters (or
// salt or key lengths) than Hash uses now, or cannot be read: the server
// should then hash the password again after a successful sign-in.
func NeedsRehash(encoded string) bool {
	p, salt, key, err := decode(encoded)
	return err != nil || p != (params{memory: Memory, time: Time, threads: Threads}) || len(salt) != SaltLen || len(key) != KeyLen
}

// Generate returns a new random password: 26 characters of the RFC 4648
// base32 alphabet (A-Z, 2-7), 130 bits from crypto/rand, for an
// administrator to hand to a user who must change it.
func Generate() string { return rand.Text() }

type params struct {
	memory, time uint32
	threads      uint8
}

func encode(p params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.memory, p.time, p.threads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// decode parses "$argon2id$v=19$m=M,t=T,p=P$SALT$KEY" strictly: fields in
// that order, decimal numbers without sign or leading zeros, canonical
// unpadded base64.
func decode(encoded string) (params, []byte, []byte, error) {
	var p params
	bad := func(why string) (params, []byte, []byte, error) {
		return p, nil, nil, tideline.Errorf(tideline.EINVALID, "password hash: %s", why)
	}
	f := strings.Split(encoded, "$")
	if len(f) != 6 || f[0] != "" {
		return bad(`not a PHC string "$argon2id$v=19$m=...,t=...,p=...$salt$key"`)
	}
	if f[1] != "argon2id" {
		return bad("not an argon2id hash")
	}
	if f[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return bad("unsupported argon2 version (want v=19)")
	}
	kv := strings.Split(f[3], ",")
	if len(kv) != 3 {
		return bad("parameters must be m=...,t=...,p=...")
	}
	var v [3]uint64
	for i, name := range []string{"m=", "t=", "p="} {
		s, ok := strings.CutPrefix(kv[i], name)
		if !ok || s == "" || len(s) > 10 || s[0] == '0' || strings.Trim(s, "0123456789") != "" {
			return bad("parameters must be m=...,t=...,p=... in decimal")
		}
		v[i], _ = strconv.ParseUint(s, 10, 64)
	}
	switch {
	case v[1] < 1 || v[2] < 1:
		return bad("at least one pass and one lane are required")
	case v[0] > maxMemory:
		return bad("memory over 1 GiB")
	case v[1] > maxTime:
		return bad("more than 64 passes")
	case v[2] > maxThreads:
		return bad("more than 64 lanes")
	case v[0] < 8*v[2]:
		return bad("memory under 8 KiB per lane")
	}
	p = params{memory: uint32(v[0]), time: uint32(v[1]), threads: uint8(v[2])}
	salt, err := b64.DecodeString(f[4])
	if err != nil || len(salt) < minSalt || len(salt) > maxSalt {
		return bad("the salt must be 8 to 64 bytes of unpadded base64")
	}
	key, err := b64.DecodeString(f[5])
	if err != nil || len(key) < minKey || len(key) > maxKey {
		return bad("the key must be 16 to 64 bytes of unpadded base64")
	}
	return p, salt, key, nil
}
