// Package password hashes and checks users' passwords with argon2id
// (RFC 9106), encoded as PHC strings:
//
//	$argon2id$v=19$m=65536,t=3,p=4$<salt>$<key>
//
// where m is the memory in KiB, t the number of passes, p the lanes, and
// salt and key are unpadded standard base64. New hashes use the second
// recommended option of RFC 9106 section 4 (64 MiB, 3 passes, 4 lanes,
// a 16-byte random salt, a 32-byte key): 64 MiB and a few tenths of a
// second per hash (BenchmarkHash: 0.7 s on a busy 2-core machine), so a
// server must bound how many sign-ins it checks at once. Verify reads the parameters from the hash it is given,
// so hashes made with other parameters still verify, and NeedsRehash tells
// when one should be replaced after the next successful sign-in.
//
// The package also sets the password policy (Check) and makes the random
// passwords an administrator hands out (Generate).
package password
