package normalize_test

import (
	"errors"
	"fmt"

	"github.com/tideline-oss/tideline/internal/normalize"
)

func ExampleName() {
	fmt.Println(normalize.Name("  José  O'Neil "))
	fmt.Println(normalize.Name("مُحَمَّد"))
	// Output:
	// jose o neil
	// محمد
}

func ExampleLatinKey() {
	fmt.Println(normalize.LatinKey("МАРИЯ АЛЕКСАНДРОВНА ЗАХАРОВА"))
	fmt.Println(normalize.LatinKey("عبد الرحمن"))
	fmt.Println(normalize.LatinKey("ሃብተማርያም"))
	fmt.Println(normalize.LatinKey("Nguyễn Văn Đức"))
	// Output:
	// mariya aleksandrovna zakharova
	// abd alrhmn
	// habtemaryam
	// nguyen van duc
}

func ExampleDate() {
	for _, in := range []string{"1988", "07/01/1988", "January 7, 1988", "2021-03-04T10:11:12+02:00"} {
		d, _ := normalize.Date(in, "")
		fmt.Println(d)
	}
	d, _ := normalize.Date("07.01.1988 10:11", "%d.%m.%Y %H:%M")
	fmt.Println(d)
	_, err := normalize.Date("2021-02-30", "")
	fmt.Println(err)
	// Output:
	// 1988
	// 1988-01-07
	// 1988-01-07
	// 2021-03-04T08:11:12
	// 1988-01-07T10:11
	// normalize: date "2021-02-30": day out of range
}

func ExamplePhone() {
	p, _ := normalize.Phone("07700 900123", "GB")
	fmt.Println(p)
	p, _ = normalize.Phone("0032 470 12 34 56", "")
	fmt.Println(p, normalize.PhoneCountry(p))
	// Output:
	// +447700900123
	// +32470123456 be
}

func ExampleCountry() {
	for _, in := range []string{"Deutschland", "GBR", "Iran, Islamic Republic of", "سوريا"} {
		c, _ := normalize.Country(in)
		fmt.Println(c)
	}
	// Output:
	// de
	// gb
	// ir
	// sy
}

func ExampleIBAN() {
	v, _ := normalize.IBAN("gb82 west 1234 5698 7654 32")
	fmt.Println(v)
	_, err := normalize.IBAN("GB82 WEST 1234 5698 7654 33")
	var e *normalize.Error
	if errors.As(err, &e) {
		fmt.Println(e.Kind, e.Reason)
	}
	// Output:
	// GB82WEST12345698765432
	// iban checksum mismatch
}

func ExampleIdentifier() {
	fmt.Println(normalize.Identifier("ab 12-345/6"))
	// Output: AB123456
}

func ExampleEmail() {
	e, _ := normalize.Email(" John.Doe@Example.COM ")
	fmt.Println(e)
	// Output: John.Doe@example.com
}
