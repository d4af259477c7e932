package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/tideline-oss/tideline"
)

func newAuditCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Verify and query the audit trail: who consulted what, when and why",
		Long: `The audit trail records who did what to which object, when, and the purpose
they gave (Data Protection Act 2018 s.62). Records form a hash chain: each
record's hash covers the one before it, so an edited, deleted or reordered
record breaks the chain where it was changed.

  tideline audit verify   checks the whole chain and prints its head
  tideline audit query    lists the records that match (who consulted an
                          entity, what a user saw)

Deleting the newest records leaves a shorter chain that still verifies: keep
the head that 'audit verify' prints somewhere else (print it, send it to the
senior investigating officer) and pass it back with --head to check it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newAuditVerifyCmd(app), newAuditQueryCmd(app))
	return cmd
}

// parseHead reads SEQ:HASH as 'audit verify' prints it.
func parseHead(s string) (int64, string, error) {
	seqText, hash, ok := strings.Cut(s, ":")
	seq, err := strconv.ParseInt(seqText, 10, 64)
	if !ok || err != nil || seq < 1 || len(hash) != 64 || strings.Trim(hash, "0123456789abcdef") != "" {
		return 0, "", usagef("--head %q: give SEQ:HASH as 'tideline audit verify' printed it", s)
	}
	return seq, hash, nil
}

func newAuditVerifyCmd(app *App) *cobra.Command {
	var head string
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Check the hash chain of the whole trail; print its head, or the first break",
		Long: `Reads the whole trail in order and checks every record's hash and its link to
the one before. Prints the number of records checked and the head (the last
record's number and hash) to keep somewhere else; on a break, the record where
the chain breaks and why, with exit status 1. With --head, also checks that the
record kept then is still there with the same hash (exit status 1 when not):
records removed from the end, or a trail rewritten from some point on, show.`,
		Example: `  tideline audit verify
  tideline audit verify --head 1042:5f0c...e9`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var keptSeq int64
			var keptHash string
			if head != "" {
				var err error
				if keptSeq, keptHash, err = parseHead(head); err != nil {
					return err
				}
			}
			st, err := app.adminStore(ctx, false)
			if err != nil {
				return err
			}
			var last, atKept tideline.AuditRecord
			trail := func(yield func(tideline.AuditRecord, error) bool) {
				for r, err := range st.AuditRecords(ctx, tideline.AuditFilter{}) {
					if err == nil {
						last = r
						if r.Seq == keptSeq {
							atKept = r
						}
					}
					if !yield(r, err) {
						return
					}
				}
			}
			brk, n, err := tideline.VerifyAudit(trail)
			if err != nil {
				return err
			}
			fmt.Fprintf(app.Stdout, "records checked: %d\n", n)
			if brk != nil {
				fmt.Fprintf(app.Stdout, "chain broken at record %d: %s\n", brk.Seq, brk.Reason)
				return tideline.Errorf(tideline.ECONFLICT, "the audit trail is broken at record %d (%s): the records from there on cannot be trusted", brk.Seq, brk.Reason)
			}
			if n == 0 {
				fmt.Fprintln(app.Stdout, "the trail is empty")
			} else {
				fmt.Fprintf(app.Stdout, "chain intact\nhead: %d:%s\n", last.Seq, last.Hash)
				fmt.Fprintln(app.Stdout, "Keep the head somewhere else; 'tideline audit verify --head' with it later shows whether records were removed or rewritten.")
			}
			if keptSeq == 0 {
				return nil
			}
			switch {
			case n < keptSeq:
				return tideline.Errorf(tideline.ECONFLICT, "the kept head is record %d but the trail ends at record %d: records were removed from its end", keptSeq, n)
			case atKept.Hash != keptHash:
				return tideline.Errorf(tideline.ECONFLICT, "record %d has hash %s, not the kept head %s: the trail was rewritten", keptSeq, atKept.Hash, keptHash)
			}
			fmt.Fprintf(app.Stdout, "record %d matches the kept head (%s after it)\n", keptSeq, records(n-keptSeq))
			return nil
		},
	}
	cmd.Flags().StringVar(&head, "head", "", "a head kept earlier (SEQ:HASH) that must still be in the trail")
	return cmd
}

// parseAuditTime reads an RFC 3339 time or a date (YYYY-MM-DD, UTC). A
// date given to --to counts in full: it stands for the next midnight.
func parseAuditTime(flag, s string, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, usagef("%s %q: give a date (2026-12-01) or a time (2026-12-01T09:30:00Z)", flag, s)
	}
	if end {
		t = t.AddDate(0, 0, 1)
	}
	return t, nil
}

func newAuditQueryCmd(app *App) *cobra.Command {
	var f tideline.AuditFilter
	var from, to string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "query",
		Short: "List the audit records that match, in order: who consulted an entity, what a user saw",
		Long: `Lists the audit records that match every filter given, oldest first. --object
is an entity id ("who consulted X") or, for changes to users, datasets and
operations, user:LOGIN, dataset:NAME or operation:NAME. --action is one of
search, view, export, ingest, judgement, permission, sign_in, analysis.
--from and --to take a date (UTC) or an RFC 3339 time; --from is inclusive,
--to exclusive, and a date given to --to counts in full. --json prints one
JSON object per line.`,
		Example: `  tideline audit query --object 6d03aec76fdeec8f9697d8b19954ab6fc2568bc8
  tideline audit query --user dc.smith --action view --from 2026-12-01 --to 2026-12-31
  tideline audit query --action permission --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var err error
			if f.From, err = parseAuditTime("--from", from, false); err != nil {
				return err
			}
			if f.To, err = parseAuditTime("--to", to, true); err != nil {
				return err
			}
			if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
				return usagef("--from must be before --to")
			}
			st, err := app.adminStore(ctx, false)
			if err != nil {
				return err
			}
			enc := json.NewEncoder(app.Stdout)
			w := tabwriter.NewWriter(app.Stdout, 0, 0, 2, ' ', 0)
			n := 0
			for r, err := range st.AuditRecords(ctx, f) {
				if err != nil {
					return err
				}
				n++
				if asJSON {
					if err := enc.Encode(r); err != nil {
						return err
					}
					continue
				}
				if n == 1 {
					fmt.Fprintln(w, "seq\tat (UTC)\tuser\tagency\taction\tobject\tpurpose\tdetail")
				}
				fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Seq, r.At.Format("2006-01-02 15:04:05.000"), short(r.User, 30),
					short(r.Agency, 12), short(r.Action, 12), short(r.Object, 60), short(r.Purpose, 40), short(r.Detail, 80))
				if n%1000 == 0 { // bounded memory on long trails
					if err := w.Flush(); err != nil {
						return err
					}
				}
			}
			if asJSON {
				return nil
			}
			if n == 0 {
				fmt.Fprintln(app.Stdout, "no audit records match")
				return nil
			}
			if err := w.Flush(); err != nil {
				return err
			}
			fmt.Fprintln(app.Stdout, records(int64(n)))
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.User, "user", "", "records of this user (login)")
	fl.StringVar(&f.Object, "object", "", "records on this object: an entity id, user:LOGIN, dataset:NAME, operation:NAME")
	fl.StringVar(&f.Action, "action", "", "records of this action (search, view, export, ingest, judgement, permission, sign_in, analysis)")
	fl.StringVar(&from, "from", "", "records at or after this date or time")
	fl.StringVar(&to, "to", "", "records before this time (a date counts in full)")
	fl.BoolVar(&asJSON, "json", false, "print one JSON object per line")
	return cmd
}

// records counts records in English: "1 record", "2 records".
func records(n int64) string {
	if n == 1 {
		return "1 record"
	}
	return fmt.Sprintf("%d records", n)
}
