package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/password"
	"github.com/tideline-oss/tideline/internal/sqlite"
)

// adminStore opens the store for the commands on users, access and the
// audit trail. create lets a command make a new store (adding the first
// user or share to an empty one); the others need an existing store.
func (a *App) adminStore(ctx context.Context, create bool) (*sqlite.DB, error) {
	var err error
	if create {
		_, err = a.Store(ctx)
	} else {
		_, err = a.ExistingStore(ctx)
	}
	if err != nil {
		return nil, err
	}
	return a.store, nil
}

// osUser names who runs the command, for the audit trail: the login of the
// process's user in the system's user database, else $USER, else the uid.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if v := os.Getenv("USER"); v != "" {
		return v
	}
	return fmt.Sprintf("uid %d", os.Getuid())
}

// auditChange appends the permission record of a change made from the
// command line: who ran it (the OS user), what it changed and how.
func auditChange(ctx context.Context, log tideline.AuditLog, object, format string, args ...any) error {
	_, err := log.AppendAudit(ctx, tideline.AuditRecord{User: osUser(), Action: tideline.AuditPermission, Object: object,
		Detail: fmt.Sprintf(format, args...)})
	return err
}

// parseRoles reads --role values (names or aliases such as admin).
func parseRoles(names []string) ([]tideline.Role, error) {
	if len(names) == 0 {
		return nil, usagef("at least one --role is required: %s", roleNames())
	}
	var roles []tideline.Role
	for _, n := range names {
		r, err := tideline.ParseRole(n)
		if err != nil {
			return nil, usagef("--role: %s", tideline.ErrorMessage(err))
		}
		roles = append(roles, r)
	}
	return roles, nil
}

func roleNames() string {
	var b strings.Builder
	for i, r := range tideline.Roles {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(r))
	}
	return b.String()
}

func joinRoles(roles []tideline.Role) string {
	s := make([]string, len(roles))
	for i, r := range roles {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

// readPassword reads a password from r: everything up to the end (at most
// password.MaxBytes), without one final line break.
func readPassword(r io.Reader) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, password.MaxBytes+3))
	if err != nil {
		return "", fmt.Errorf("read the password from standard input: %w", err)
	}
	b = bytes.TrimSuffix(b, []byte("\n"))
	b = bytes.TrimSuffix(b, []byte("\r"))
	return string(b), nil
}

// findUser returns the user with login; ENOTFOUND names the login.
func findUser(ctx context.Context, st tideline.UserStore, login string) (tideline.User, error) {
	u, _, err := st.UserByLogin(ctx, login)
	if tideline.ErrorCode(err) == tideline.ENOTFOUND {
		return u, tideline.Errorf(tideline.ENOTFOUND, "no user %q (see 'tideline user list')", login)
	}
	return u, err
}

func newUserCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "user",
		Short: "Add, list, disable, enable and reset the users who sign in",
		Long: `Manages the users of the web interface: each has a unique login, a name, the
code of the agency they work for, and one or more roles:

  analyst       reads, searches, analyses networks, judges resolution pairs
  investigator  an analyst who also loads records, exports and sees safeguarded people
  supervisor    an investigator who shares its agency's datasets and reads the audit trail
  prosecutor    reads, searches and exports what is disclosed to the case
  liaison       a partner liaison officer: reads and searches what is shared
  administrator manages users, shares and operations; reads the audit trail; no data

Passwords are kept as argon2id hashes. A password Tideline makes is printed
once and must be changed at the first sign-in. Every change is recorded in the
audit trail under the name of the system user who ran the command.`,
		Example: `  tideline user add dc.smith --name "DC Jane Smith" --agency NCA --role investigator
  printf '%s\n' "$PASSWORD" | tideline user add admin --name Admin --agency NCA --role admin --password-stdin
  tideline user list
  tideline user reset dc.smith`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newUserAddCmd(app), newUserListCmd(app), newUserDisableCmd(app, true), newUserDisableCmd(app, false),
		newUserResetCmd(app), newUserRolesCmd(app))
	return cmd
}

func newUserAddCmd(app *App) *cobra.Command {
	var name, agency string
	var roleFlags []string
	var fromStdin bool
	cmd := &cobra.Command{
		Use:   "add LOGIN",
		Short: "Add a user; prints a generated password once unless --password-stdin",
		Long: `Adds a user. LOGIN is lower case: letters, digits, '.', '_', '-' and '@'.
Without --password-stdin Tideline makes a strong random password, prints it
once, and the user must change it at the first sign-in; with it, the password
is read from standard input (at least 12 characters, no line breaks).`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("user add needs exactly one LOGIN")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			roles, err := parseRoles(roleFlags)
			if err != nil {
				return err
			}
			if strings.ContainsFunc(name, unicode.IsControl) {
				return usagef("--name: no line breaks or control characters")
			}
			u := tideline.User{Login: args[0], Name: name, Agency: agency, Roles: roles}
			if err := u.Validate(); err != nil {
				return usagef("%s", tideline.ErrorMessage(err))
			}
			pw := password.Generate()
			if fromStdin {
				if pw, err = readPassword(app.Stdin); err != nil {
					return err
				}
			}
			hash, err := password.Hash(pw)
			if err != nil {
				return err
			}
			u.MustChangePassword = !fromStdin
			st, err := app.adminStore(ctx, true)
			if err != nil {
				return err
			}
			u, err = st.CreateUser(ctx, u, tideline.Credential{PasswordHash: hash})
			if err != nil {
				return err
			}
			how := "password given"
			if !fromStdin {
				how = "password generated, to be changed at first sign-in"
			}
			if err := auditChange(ctx, st, "user:"+u.Login, "tideline user add: name %q, agency %s, roles %s; %s",
				u.Name, u.Agency, joinRoles(u.Roles), how); err != nil {
				return err
			}
			fmt.Fprintf(app.Stdout, "user %s added: %s, %s, %s\n", u.Login, sanitize(u.Name), u.Agency, joinRoles(u.Roles))
			if !fromStdin {
				fmt.Fprintf(app.Stdout, "password (shown once; %s must change it at the first sign-in): %s\n", u.Login, pw)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&name, "name", "", "the user's full name (required)")
	f.StringVar(&agency, "agency", "", `code of the user's agency, e.g. NCA, BF, MPS, CPS, EUROPOL (required)`)
	f.StringSliceVar(&roleFlags, "role", nil, "a role (repeat for several): "+roleNames())
	f.BoolVar(&fromStdin, "password-stdin", false, "read the password from standard input instead of generating one")
	return cmd
}

func newUserListCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the users, by login",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := app.adminStore(ctx, false)
			if err != nil {
				return err
			}
			us, err := st.Users(ctx)
			if err != nil {
				return err
			}
			if asJSON {
				if us == nil {
					us = []tideline.User{}
				}
				return writeJSON(app.Stdout, us)
			}
			if len(us) == 0 {
				fmt.Fprintln(app.Stdout, "No users yet: add one with 'tideline user add'.")
				return nil
			}
			w := tabwriter.NewWriter(app.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "login\tname\tagency\troles\tstatus\tcreated")
			for _, u := range us {
				status := "active"
				switch {
				case u.Disabled:
					status = "disabled"
				case u.MustChangePassword:
					status = "must change password"
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Login, short(u.Name, 40), u.Agency, joinRoles(u.Roles), status,
					u.CreatedAt.Format(time.DateOnly))
			}
			return w.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// newUserDisableCmd makes "user disable" (disable true) or "user enable".
func newUserDisableCmd(app *App, disable bool) *cobra.Command {
	use, short := "enable LOGIN", "Let a disabled user sign in again"
	if disable {
		use, short = "disable LOGIN", "Stop a user from signing in and end their sessions and API tokens"
	}
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("user %s needs exactly one LOGIN", strings.Fields(use)[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := app.adminStore(ctx, false)
			if err != nil {
				return err
			}
			u, err := findUser(ctx, st, args[0])
			if err != nil {
				return err
			}
			was := u.Disabled
			if _, err := st.UpdateUser(ctx, u.ID, tideline.UserUpdate{Disabled: &disable}); err != nil {
				return err
			}
			if disable {
				// Even when already disabled: no session may outlive it.
				if err := st.DeleteSessions(ctx, u.ID); err != nil {
					return err
				}
			}
			verb := "enabled"
			if disable {
				verb = "disabled"
			}
			if was == disable {
				fmt.Fprintf(app.Stdout, "user %s was already %s\n", u.Login, verb)
				return nil
			}
			if err := auditChange(ctx, st, "user:"+u.Login, "tideline user %s", strings.Fields(use)[0]); err != nil {
				return err
			}
			if disable {
				fmt.Fprintf(app.Stdout, "user %s disabled; their sessions and API tokens are ended\n", u.Login)
			} else {
				fmt.Fprintf(app.Stdout, "user %s enabled\n", u.Login)
			}
			return nil
		},
	}
}

func newUserResetCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "reset LOGIN",
		Short: "Give a user a new random password (printed once, to be changed) and end their sessions",
		Long: `Replaces the user's password with a new random one, printed once, which they
must change at the next sign-in; clears failed sign-ins and any lock, and ends
the user's sessions and API tokens.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("user reset needs exactly one LOGIN")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := app.adminStore(ctx, false)
			if err != nil {
				return err
			}
			u, err := findUser(ctx, st, args[0])
			if err != nil {
				return err
			}
			pw := password.Generate()
			hash, err := password.Hash(pw)
			if err != nil {
				return err
			}
			if err := st.SetCredential(ctx, tideline.Credential{UserID: u.ID, PasswordHash: hash}, true); err != nil {
				return err
			}
			if err := st.DeleteSessions(ctx, u.ID); err != nil {
				return err
			}
			if err := auditChange(ctx, st, "user:"+u.Login, "tideline user reset: new password generated, to be changed at next sign-in; sessions ended"); err != nil {
				return err
			}
			fmt.Fprintf(app.Stdout, "user %s: sessions and API tokens ended\npassword (shown once; %s must change it at the next sign-in): %s\n", u.Login, u.Login, pw)
			if u.Disabled {
				fmt.Fprintf(app.Stdout, "%s is disabled: 'tideline user enable %s' lets them sign in\n", u.Login, u.Login)
			}
			return nil
		},
	}
}

func newUserRolesCmd(app *App) *cobra.Command {
	var roleFlags []string
	cmd := &cobra.Command{
		Use:   "roles LOGIN --role ROLE...",
		Short: "Replace a user's roles",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("user roles needs exactly one LOGIN")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			roles, err := parseRoles(roleFlags)
			if err != nil {
				return err
			}
			st, err := app.adminStore(ctx, false)
			if err != nil {
				return err
			}
			u, err := findUser(ctx, st, args[0])
			if err != nil {
				return err
			}
			after, err := st.UpdateUser(ctx, u.ID, tideline.UserUpdate{Roles: &roles})
			if err != nil {
				return err
			}
			if joinRoles(after.Roles) == joinRoles(u.Roles) {
				fmt.Fprintf(app.Stdout, "user %s already has roles %s\n", u.Login, joinRoles(u.Roles))
				return nil
			}
			if err := auditChange(ctx, st, "user:"+u.Login, "tideline user roles: %s (were %s)", joinRoles(after.Roles), joinRoles(u.Roles)); err != nil {
				return err
			}
			fmt.Fprintf(app.Stdout, "user %s: roles %s (were %s)\n", u.Login, joinRoles(after.Roles), joinRoles(u.Roles))
			return nil
		},
	}
	cmd.Flags().StringSliceVar(&roleFlags, "role", nil, "a role (repeat for several): "+roleNames())
	return cmd
}
