// Package resolve is Tideline's entity-resolution engine: Fellegi-Sunter
// record linkage (Fellegi and Sunter 1969) with comparisons built for the
// records of smuggling investigations, on its own record type.
//
// A Resolver prepares records once (names tokenised with particles folded
// and skeletons for transliteration variants, dates, E.164 phones,
// identifiers with OCR folding), then:
//
//   - blocks on several keys at once (name-token skeleton with birth year,
//     pairs of name tokens, date with initials, day and month swapped,
//     phones, identifiers); a key shared by more than MaxBlock records
//     pairs each with its next Window records in name order (sorted
//     neighbourhood);
//   - trains: u from random pairs, m by EM per blocking rule (Splink's
//     sessions), λ from the expected matches among the candidates;
//     term-frequency adjustments make rare names weigh more;
//   - scores and clusters pairs above the threshold, merging two clusters
//     only when their records agree across (mean probability, a veto on
//     strong disagreement, contradicting dates of birth or documents), so
//     chains do not join different people; different names link only
//     through a shared phone or identifier; records that give little (a
//     name, an account) join the one cluster they point to; a second
//     pass estimates u and term frequencies again over the clusters;
//     analysts' judgements force or forbid merges;
//   - explains any pair term by term.
//
// Evaluate computes pairwise, B-cubed and cluster metrics. The package
// imports nothing of Tideline's; names must be Latin script and lower case
// (the resolution adapter transliterates them).
package resolve
