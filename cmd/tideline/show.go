package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/tideline-oss/tideline"
)

func newShowCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show an entity with the provenance of every value",
		Long: `Prints the entity assembled from its statements, then one line per statement:
property, value, the original value where normalisation changed it, dataset,
agency, 3x5x2 grading and handling code, where it was read (file:line), and why
a value is invalid when it could not be normalised. --json prints the entity in
FollowTheMoney JSON with its statements.`,
		Example: `  tideline show 6d03aec76fdeec8f9697d8b19954ab6fc2568bc8
  tideline show NK-2Tbri3s6GgNtAwsSXh4qpL --json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("show needs exactly one entity ID")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			store, err := app.ExistingStore(ctx)
			if err != nil {
				return err
			}
			stmts, err := store.EntityStatements(ctx, args[0])
			if err != nil {
				return err
			}
			// An id recorded with unrelated schemata cannot be assembled;
			// its statements still show where each came from.
			e, err := store.Entity(ctx, args[0])
			if err != nil {
				if tideline.ErrorCode(err) != tideline.EINVALID {
					return err
				}
				fmt.Fprintf(app.Stderr, "warning: %s; its statements follow\n", tideline.ErrorMessage(err))
				e = &tideline.Entity{ID: args[0], Schema: stmts[0].Schema}
			}
			if asJSON {
				type stmtJSON struct {
					Prop          string `json:"prop"`
					Value         string `json:"value"`
					OriginalValue string `json:"original_value,omitempty"`
					Dataset       string `json:"dataset"`
					Agency        string `json:"agency,omitempty"`
					Grading       string `json:"grading,omitempty"`
					Handling      string `json:"handling,omitempty"`
					Conditions    string `json:"conditions,omitempty"`
					Origin        string `json:"origin,omitempty"`
					Invalid       string `json:"invalid,omitempty"`
					FirstSeen     string `json:"first_seen"`
					LastSeen      string `json:"last_seen"`
				}
				out := struct {
					Entity     *tideline.Entity `json:"entity"`
					Statements []stmtJSON       `json:"statements"`
				}{Entity: e}
				for _, s := range stmts {
					out.Statements = append(out.Statements, stmtJSON{s.Prop, s.Value, s.OriginalValue, s.Dataset, s.Agency,
						s.Grading.Code(), s.Grading.HandlingCode(), s.Grading.Conditions, s.Origin, s.Invalid,
						s.FirstSeen.Format("2006-01-02T15:04:05"), s.LastSeen.Format("2006-01-02T15:04:05")})
				}
				enc := json.NewEncoder(app.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			m := tideline.DefaultModel()
			fmt.Fprintf(app.Stdout, "%s (%s) %s\ndatasets: %v   seen %s .. %s\n\n", short(e.MakeCaption(m), 80), e.Schema, short(e.ID, 80), e.Datasets, e.FirstSeen, e.LastSeen)
			tw := tabwriter.NewWriter(app.Stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "PROPERTY\tVALUE\tORIGINAL\tDATASET\tAGENCY\tGRADING\tFROM\tNOTE")
			for _, s := range stmts {
				if s.Prop == tideline.PropSchema {
					continue
				}
				note := ""
				if s.Invalid != "" {
					note = "INVALID: " + s.Invalid
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Prop, short(s.Value, 48), short(s.OriginalValue, 32),
					s.Dataset, short(s.Agency, 32), short(s.Grading.String(), 48), short(s.Origin, 40), short(note, 60))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// short makes s safe for a terminal table (control characters and line
// breaks shown as visible symbols) and cuts it to n runes.
func short(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r':
			return '⏎'
		case r < 0x20 || r >= 0x7f && r < 0xa0:
			return '�'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
