package main

import (
	"fmt"
	"slices"

	"github.com/spf13/cobra"
	"github.com/tideline-oss/tideline"
)

// shareTarget reads --agency or --role, exactly one.
func shareTarget(agency, role string) (string, tideline.Role, error) {
	switch {
	case agency != "" && role != "", agency == "" && role == "":
		return "", "", usagef("give --agency or --role, one of the two")
	case role != "":
		r, err := tideline.ParseRole(role)
		if err != nil {
			return "", "", usagef("--role: %s", tideline.ErrorMessage(err))
		}
		return "", r, nil
	}
	if err := tideline.ValidAgency(agency); err != nil {
		return "", "", usagef("--agency: %s", tideline.ErrorMessage(err))
	}
	return agency, "", nil
}

func describeTarget(agency string, role tideline.Role) string {
	if role != "" {
		return "role " + string(role)
	}
	return "agency " + agency
}

func newShareCmd(app *App, share bool) *cobra.Command {
	var agency, role string
	use, short := "unshare DATASET --agency CODE | --role ROLE", "Withdraw a share of a dataset"
	if share {
		use, short = "share DATASET --agency CODE | --role ROLE", "Share a dataset with every user of an agency, or with a role in every agency"
	}
	name := "unshare"
	if share {
		name = "share"
	}
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Long: short + `.

A dataset is visible to the users of the agency that owns it (tideline owner)
and to the agencies and roles it is shared with; a dataset in an operation is
visible to the operation's members only, whatever is shared. Recorded in the
audit trail.`,
		Example: `  tideline share bf_small_boats --agency NCA
  tideline share nca_intel --role prosecutor
  tideline unshare bf_small_boats --agency NCA`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("%s needs exactly one DATASET", name)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, r, err := shareTarget(agency, role)
			if err != nil {
				return err
			}
			d := tideline.Dataset{Name: args[0]}
			if err := d.Validate(); err != nil {
				return usagef("%s", tideline.ErrorMessage(err))
			}
			st, err := app.adminStore(ctx, share)
			if err != nil {
				return err
			}
			if share {
				var shares []tideline.Share
				if shares, err = st.Shares(ctx); err != nil {
					return err
				}
				if slices.ContainsFunc(shares, func(s tideline.Share) bool { return s.Dataset == d.Name && s.Agency == a && s.Role == r }) {
					fmt.Fprintf(app.Stdout, "dataset %s is already shared with %s\n", d.Name, describeTarget(a, r))
					return nil
				}
				err = st.AddShare(ctx, tideline.Share{Dataset: d.Name, Agency: a, Role: r, By: osUser()})
			} else {
				err = st.RemoveShare(ctx, d.Name, a, r)
			}
			if err != nil {
				return err
			}
			if err := auditChange(ctx, st, "dataset:"+d.Name, "tideline %s: %s", name, describeTarget(a, r)); err != nil {
				return err
			}
			if share {
				fmt.Fprintf(app.Stdout, "dataset %s shared with %s\n", d.Name, describeTarget(a, r))
			} else {
				fmt.Fprintf(app.Stdout, "dataset %s no longer shared with %s\n", d.Name, describeTarget(a, r))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&agency, "agency", "", "code of the agency, e.g. NCA")
	cmd.Flags().StringVar(&role, "role", "", "a role: "+roleNames())
	return cmd
}

func newOwnerCmd(app *App) *cobra.Command {
	var clear bool
	cmd := &cobra.Command{
		Use:   "owner DATASET [AGENCY]",
		Short: "Set (or show, or --clear) the agency that controls a dataset",
		Long: `Sets the agency that controls a dataset: the agency that obtained the records,
not the source that produced them (call records the NCA obtained from a mobile
network belong to the NCA). Its users see the dataset; it decides what is
shared. Without AGENCY, prints the owner. Changes are recorded in the audit
trail.`,
		Example: `  tideline owner ee_cdr NCA
  tideline owner ee_cdr
  tideline owner ee_cdr --clear`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 1 || len(args) > 2 {
				return usagef("owner needs a DATASET and, to set it, an AGENCY")
			}
			if clear && len(args) == 2 {
				return usagef("--clear takes no AGENCY")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			d := tideline.Dataset{Name: args[0]}
			if err := d.Validate(); err != nil {
				return usagef("%s", tideline.ErrorMessage(err))
			}
			agency := ""
			if len(args) == 2 {
				agency = args[1]
				if err := tideline.ValidAgency(agency); err != nil {
					return usagef("%s", tideline.ErrorMessage(err))
				}
			}
			st, err := app.adminStore(ctx, agency != "")
			if err != nil {
				return err
			}
			owners, err := st.Owners(ctx)
			if err != nil {
				return err
			}
			was := owners[d.Name]
			if agency == "" && !clear {
				if was == "" {
					fmt.Fprintf(app.Stdout, "dataset %s has no owner: no agency sees it unless it is shared\n", d.Name)
				} else {
					fmt.Fprintf(app.Stdout, "dataset %s is owned by %s\n", d.Name, was)
				}
				return nil
			}
			if was == agency {
				fmt.Fprintf(app.Stdout, "dataset %s: owner unchanged (%s)\n", d.Name, orNone(was))
				return nil
			}
			if err := st.SetOwner(ctx, d.Name, agency); err != nil {
				return err
			}
			if err := auditChange(ctx, st, "dataset:"+d.Name, "tideline owner: %s (was %s)", orNone(agency), orNone(was)); err != nil {
				return err
			}
			fmt.Fprintf(app.Stdout, "dataset %s: owner %s (was %s)\n", d.Name, orNone(agency), orNone(was))
			return nil
		},
	}
	cmd.Flags().BoolVar(&clear, "clear", false, "remove the owner")
	return cmd
}

func newOperationCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "operation",
		Short: "Operations: compartments whose datasets only their members see",
		Long: `An operation is an investigation whose datasets only its members see, whatever
their agency and whatever is shared (need-to-know). A dataset is in at most one
operation. Every change is recorded in the audit trail.`,
		Example: `  tideline operation add kestrel --title "Operation Kestrel" --agency NCA
  tideline operation dataset kestrel op_kestrel_cdr
  tideline operation member kestrel dc.smith
  tideline operation member kestrel dc.smith --remove`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newOperationAddCmd(app), newOperationDatasetCmd(app), newOperationMemberCmd(app))
	return cmd
}

func newOperationAddCmd(app *App) *cobra.Command {
	var title, agency string
	cmd := &cobra.Command{
		Use:   "add NAME --title TITLE --agency CODE",
		Short: "Create an operation, or change its title and lead agency",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("operation add needs exactly one NAME")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if agency == "" {
				return usagef("operation add needs --agency (the lead agency)")
			}
			st, err := app.adminStore(ctx, true)
			if err != nil {
				return err
			}
			ops, err := st.Operations(ctx)
			if err != nil {
				return err
			}
			i := slices.IndexFunc(ops, func(o tideline.Operation) bool { return o.Name == args[0] })
			if err := st.PutOperation(ctx, tideline.Operation{Name: args[0], Title: title, Agency: agency}); err != nil {
				return err
			}
			verb := "created"
			if i >= 0 {
				verb = fmt.Sprintf("updated (was %q, %s)", ops[i].Title, ops[i].Agency)
			}
			if err := auditChange(ctx, st, "operation:"+args[0], "tideline operation add: title %q, lead agency %s; %s", title, agency, verb); err != nil {
				return err
			}
			fmt.Fprintf(app.Stdout, "operation %s %s: %q, lead agency %s\n", args[0], verb, sanitize(title), agency)
			return nil
		},
	}
	cmd.Flags().StringVar(&title, "title", "", "the operation's title")
	cmd.Flags().StringVar(&agency, "agency", "", "code of the lead agency (required)")
	return cmd
}

func newOperationDatasetCmd(app *App) *cobra.Command {
	var remove bool
	cmd := &cobra.Command{
		Use:   "dataset NAME DATASET [--remove]",
		Short: "Put a dataset in an operation (moving it from another), or take it out",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usagef("operation dataset needs an operation NAME and a DATASET")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			name, dataset := args[0], args[1]
			st, err := app.adminStore(ctx, false)
			if err != nil {
				return err
			}
			ops, err := st.Operations(ctx)
			if err != nil {
				return err
			}
			in := ""
			for _, o := range ops {
				if slices.Contains(o.Datasets, dataset) {
					in = o.Name
				}
			}
			if remove {
				if in != name {
					return tideline.Errorf(tideline.ENOTFOUND, "dataset %s is not in operation %s", dataset, name)
				}
				if err := st.SetDatasetOperation(ctx, dataset, ""); err != nil {
					return err
				}
				if err := auditChange(ctx, st, "operation:"+name, "tideline operation dataset --remove: %s taken out", dataset); err != nil {
					return err
				}
				fmt.Fprintf(app.Stdout, "dataset %s taken out of operation %s: owner and shares decide who sees it again\n", dataset, name)
				return nil
			}
			if in == name {
				fmt.Fprintf(app.Stdout, "dataset %s is already in operation %s\n", dataset, name)
				return nil
			}
			if err := st.SetDatasetOperation(ctx, dataset, name); err != nil {
				return err
			}
			moved := ""
			if in != "" {
				moved = " (moved from operation " + in + ")"
			}
			if err := auditChange(ctx, st, "operation:"+name, "tideline operation dataset: %s put in%s", dataset, moved); err != nil {
				return err
			}
			fmt.Fprintf(app.Stdout, "dataset %s is in operation %s%s: only its members see it\n", dataset, name, moved)
			return nil
		},
	}
	cmd.Flags().BoolVar(&remove, "remove", false, "take the dataset out of the operation")
	return cmd
}

func newOperationMemberCmd(app *App) *cobra.Command {
	var remove bool
	cmd := &cobra.Command{
		Use:   "member NAME LOGIN [--remove]",
		Short: "Make a user a member of an operation, or remove them",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usagef("operation member needs an operation NAME and a LOGIN")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			name := args[0]
			st, err := app.adminStore(ctx, false)
			if err != nil {
				return err
			}
			u, err := findUser(ctx, st, args[1])
			if err != nil {
				return err
			}
			ops, err := st.Operations(ctx)
			if err != nil {
				return err
			}
			i := slices.IndexFunc(ops, func(o tideline.Operation) bool { return o.Name == name })
			if i < 0 {
				return tideline.Errorf(tideline.ENOTFOUND, "no operation %q", name)
			}
			member := slices.Contains(ops[i].Members, u.ID)
			switch {
			case remove && !member:
				fmt.Fprintf(app.Stdout, "%s is not a member of operation %s\n", u.Login, name)
				return nil
			case !remove && member:
				fmt.Fprintf(app.Stdout, "%s is already a member of operation %s\n", u.Login, name)
				return nil
			case remove:
				err = st.RemoveMember(ctx, name, u.ID)
			default:
				err = st.AddMember(ctx, name, u.ID)
			}
			if err != nil {
				return err
			}
			verb := "added"
			if remove {
				verb = "removed"
			}
			if err := auditChange(ctx, st, "operation:"+name, "tideline operation member: %s %s", u.Login, verb); err != nil {
				return err
			}
			fmt.Fprintf(app.Stdout, "%s %s as a member of operation %s\n", u.Login, verb, name)
			return nil
		},
	}
	cmd.Flags().BoolVar(&remove, "remove", false, "remove the user from the operation")
	return cmd
}
