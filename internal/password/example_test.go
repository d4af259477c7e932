package password_test

import (
	"fmt"

	"github.com/tideline-oss/tideline/internal/password"
)

func ExampleVerify() {
	// A hash from the argon2 reference implementation, with parameters
	// lighter than Hash uses.
	const stored = "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"
	ok, err := password.Verify("password", stored)
	fmt.Println(ok, err, password.NeedsRehash(stored))
	ok, err = password.Verify("passwore", stored)
	fmt.Println(ok, err)
	// Output:
	// true <nil> true
	// false <nil>
}
