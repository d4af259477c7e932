package scenario

import (
	"fmt"
	"strings"
)

// Suspicious activity reports made by UK banks to the UK Financial
// Intelligence Unit: one per reported transaction, about the bank's own
// customer (the subject) and the other side of the transaction.

const sarConditions = "SAR: do not disclose to the subject (tipping off, s.333A Proceeds of Crime Act 2002); intelligence only, not for evidence"

var sarSource = &sourceDef{
	name:   "ukfiu_sars",
	title:  "Suspicious activity reports (UK Financial Intelligence Unit)",
	agency: "UKFIU",
	files: []fileDef{{"ukfiu_sars.csv", []string{"sar_ref", "reporter", "submitted", "txn_date", "direction", "subject_name",
		"subject_dob", "subject_address", "subject_sort_code", "subject_account", "subject_iban", "counterparty_name",
		"counterparty_iban", "counterparty_bank", "counterparty_country", "amount", "currency", "reason"}}},
	mapping: sarMapping,
	gen:     genSARs,
}

const sarMapping = `# Suspicious activity reports: the reporting bank's customer (subject),
# their account, the counterparty and the payment; cash deposits have no
# counterparty.
ukfiu_sars:
  queries:
    - csv_url: ukfiu_sars.csv
      provenance: &provenance
        agency: {literal: UKFIU}
        grading: {literal: 2B}
        handling: {literal: C}
        conditions: {literal: "` + sarConditions + `"}
        first_seen: {column: txn_date, format: "%Y-%m-%d"}
        region: {literal: GB}
      entities:
        subject: &subject
          schema: Person
          key: sar_ref
          key_literal: subject
          properties:
            name: {column: subject_name}
            birthDate: {column: subject_dob, format: "%Y-%m-%d"}
            address: {column: subject_address}
        account: &account
          schema: BankAccount
          key: sar_ref
          key_literal: account
          properties:
            iban: {column: subject_iban}
            accountNumber: {template: "{{subject_sort_code}} {{subject_account}}"}
            bankName: {column: reporter}
            holder: {entity: subject}
    - csv_url: ukfiu_sars.csv
      filters: {direction: OUT}
      filters_not: {counterparty_iban: ""}
      provenance: *provenance
      entities:
        subject: *subject
        account: *account
        counterparty: &counterparty
          schema: LegalEntity
          key: sar_ref
          key_literal: counterparty
          properties:
            name: {column: counterparty_name}
            country: {column: counterparty_country}
        counterparty_account: &counterparty_account
          schema: BankAccount
          key: sar_ref
          key_literal: counterparty_account
          properties:
            iban: {column: counterparty_iban}
            bankName: {column: counterparty_bank}
            holder: {entity: counterparty}
        payment:
          schema: Payment
          key: sar_ref
          key_literal: payment
          properties:
            payer: {entity: subject}
            payerAccount: {entity: account}
            beneficiary: {entity: counterparty}
            beneficiaryAccount: {entity: counterparty_account}
            amount: {column: amount}
            currency: {column: currency}
            date: {column: txn_date, format: "%Y-%m-%d"}
            purpose: {column: reason}
            recordId: {column: sar_ref}
    - csv_url: ukfiu_sars.csv
      filters: {direction: IN}
      filters_not: {counterparty_iban: ""}
      provenance: *provenance
      entities:
        subject: *subject
        account: *account
        counterparty: *counterparty
        counterparty_account: *counterparty_account
        payment:
          schema: Payment
          key: sar_ref
          key_literal: payment
          properties:
            payer: {entity: counterparty}
            payerAccount: {entity: counterparty_account}
            beneficiary: {entity: subject}
            beneficiaryAccount: {entity: account}
            amount: {column: amount}
            currency: {column: currency}
            date: {column: txn_date, format: "%Y-%m-%d"}
            purpose: {column: reason}
            recordId: {column: sar_ref}
    - csv_url: ukfiu_sars.csv
      filters: {direction: IN, counterparty_iban: ""}
      provenance: *provenance
      entities:
        subject: *subject
        account: *account
        payment:
          schema: Payment
          key: sar_ref
          key_literal: payment
          properties:
            beneficiary: {entity: subject}
            beneficiaryAccount: {entity: account}
            amount: {column: amount}
            currency: {column: currency}
            date: {column: txn_date, format: "%Y-%m-%d"}
            purpose: {column: reason}
            recordId: {column: sar_ref}
`

// sarReasons are the grounds banks give, by the payment's purpose; "%s"
// stands for the counterparty's country (countryPhrase), and such a
// reason is given only for a payment out to an account abroad.
var sarReasons = map[string][]string{
	"fares":             {"Structured cash deposits below reporting thresholds", "Multiple third-party cash deposits inconsistent with the customer's profile"},
	"boats and engines": {"Payments to marine equipment dealers abroad inconsistent with the customer's business", "Rapid onward transfer of funds to %s"},
	"share":             {"Large incoming transfers from a money service business with no clear purpose", "Funds received and withdrawn in cash within days"},
}

// countryPhrase names a country as a sentence does: "Germany", "the
// Netherlands".
func countryPhrase(c country) string {
	switch c.iso2 {
	case "nl", "gb", "ae", "cd", "cf", "ph":
		return "the " + c.name
	}
	return c.name
}

// sarReason picks the reason a bank gives for a payment: those naming a
// country only when the money goes out to an account in one abroad.
func sarReason(r *rng, purpose, dir string, other *account) string {
	var fit []string
	for _, reason := range sarReasons[purpose] {
		if !strings.Contains(reason, "%s") {
			fit = append(fit, reason)
			continue
		}
		if dir == "OUT" && other != nil && other.country != "gb" {
			fit = append(fit, fmt.Sprintf(reason, countryPhrase(byISO2(other.country))))
		}
	}
	return fit[r.intn(len(fit))]
}

func genSARs(w *world, o *sourceOut) error {
	style := nameStyle{upperAll: true}
	seq := 0
	for d := 0; d < w.days; d++ {
		if err := o.done(); err != nil {
			return err
		}
		for _, g := range w.activeGroups(d) {
			for _, p := range w.paymentsOn(int(g), d) {
				r := stream(w.seed, dMoney, hashString(p.id), 5)
				// The bank reports its own customer: the UK side.
				subj, subjAcct, other, otherAcct, dir := p.payee, p.payeeAcct, p.payer, p.payerAcct, "IN"
				if p.payerAcct != nil && p.payerAcct.country == "gb" && r.chance(0.6) || p.payeeAcct.country != "gb" {
					subj, subjAcct, other, otherAcct, dir = p.payer, p.payerAcct, p.payee, p.payeeAcct, "OUT"
				}
				if subj < 0 || subjAcct == nil || subjAcct.country != "gb" || !r.chance(0.5) {
					continue
				}
				seq++
				ref := fmt.Sprintf("SAR-%d-%07d", p.at.Year(), seq)
				rc := o.record()
				id := o.member(subj)
				n := rc.name(id, style)
				addr := w.memberAddress(subj)
				cpName, cpIBAN, cpBank, cpCountry := "CASH DEPOSIT", "", "", ""
				var cpRec *rec
				if other >= 0 && otherAcct != nil {
					cpRec = o.record()
					cn := cpRec.name(o.member(other), style)
					cpName, cpIBAN, cpBank = cn.full, spacedIBAN(otherAcct.iban), otherAcct.bank
					cpCountry = strings.ToUpper(otherAcct.country)
				}
				submitted := p.at.AddDate(0, 0, 3+r.intn(28)).Format("2006-01-02")
				line := o.row(0, ref, subjAcct.bank, submitted, p.at.Format("2006-01-02"), dir, n.family+", "+n.given,
					rc.dob(id.dob, layoutISO), rc.opt(addr.full), subjAcct.sortCode, subjAcct.number, spacedIBAN(subjAcct.iban),
					cpName, cpIBAN, cpBank, cpCountry, formatAmount(p.amount), p.currency, sarReason(&r, p.purpose, dir, otherAcct))
				o.mention(0, line, "subject", []string{ref}, "Person", id.id, rc.label())
				o.mention(0, line, "account", []string{ref}, "BankAccount", subjAcct.id, "")
				if cpRec != nil {
					o.mention(0, line, "counterparty", []string{ref}, "LegalEntity", w.memberID(other), cpRec.label())
					o.mention(0, line, "counterparty_account", []string{ref}, "BankAccount", otherAcct.id, "")
				}
				if cpRec != nil || dir == "IN" {
					o.mention(0, line, "payment", []string{ref}, "Payment", p.id, "")
				}
			}
		}
	}
	return nil
}

// formatAmount writes an amount as banks print it: "12,500.00".
func formatAmount(a float64) string {
	s := fmt.Sprintf("%.2f", a)
	intPart, frac := s[:len(s)-3], s[len(s)-3:]
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String() + frac
}
