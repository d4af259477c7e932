// Package normalize turns raw values met during ingestion into canonical
// strings that can be compared, indexed and matched.
//
// Every function takes one raw value and returns its normalised form; it
// never keeps or rewrites the original, which the caller stores next to the
// result (as FollowTheMoney statements keep original_value). Functions that
// can reject a value return an *Error naming the kind of value, the input and
// the reason; the others (Name, LatinKey, Identifier) never fail.
//
// The standards followed are:
//
//   - Name, LatinKey: Unicode UAX #15 compatibility normalisation (NFKC),
//     Unicode full case folding, and removal of nonspacing marks after
//     canonical decomposition (NFD); LatinKey adds the transliteration
//     tables described on it.
//   - Date: ISO 8601 calendar dates and times at reduced precision
//     ("1988", "1988-01", "1988-01-07", "1988-01-07T10:11:12"), parsed from
//     ISO forms, common European forms or strftime layouts as used in
//     FollowTheMoney mappings.
//   - Phone: E.164 (ITU-T) via github.com/nyaruka/phonenumbers, a port of
//     Google's libphonenumber.
//   - Country: ISO 3166-1 alpha-2, lower-case as FollowTheMoney stores it.
//   - IBAN: ISO 13616 (registry lengths) with the ISO 7064 MOD 97-10 check.
//   - Email: a basic RFC 5322 addr-spec shape check.
//
// The package imports nothing from Tideline; it is a leaf library that
// ingestion pipelines, mappings and resolvers call. All functions are safe for
// concurrent use. The country name table is built on first use of Country,
// not at program start.
package normalize
