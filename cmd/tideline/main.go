package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/sqlite"
)

func main() {
	// Ctrl-C and SIGTERM (kill, a container stopping) end the run alike.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// App holds the configuration and the opened store for one invocation.
type App struct {
	DBPath string
	Stdout io.Writer
	Stderr io.Writer
	Stdin  io.Reader
	store  *sqlite.DB
}

// Store opens the store on first use.
func (a *App) Store(ctx context.Context) (tideline.Store, error) {
	if a.store != nil {
		return a.store, nil
	}
	db, err := sqlite.Open(ctx, a.DBPath)
	if err != nil {
		return nil, err
	}
	a.store = db
	return db, nil
}

// ExistingStore opens the store for reading commands, which must not create
// an empty one when --db is mistyped.
func (a *App) ExistingStore(ctx context.Context) (tideline.Store, error) {
	if a.store == nil && a.DBPath != ":memory:" {
		if _, err := os.Stat(a.DBPath); err != nil {
			return nil, tideline.Errorf(tideline.ENOTFOUND, "no store at %s: load data first (tideline ingest or tideline demo) or point --db at it", a.DBPath)
		}
	}
	return a.Store(ctx)
}

// Close closes the store if it was opened.
func (a *App) Close() error {
	if a.store != nil {
		return a.store.Close()
	}
	return nil
}

// Run executes the command line args and returns the process exit code:
// 0 success, 1 failure, 2 usage error. It is the whole program, so tests run
// it end to end.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := &App{Stdout: stdout, Stderr: stderr, Stdin: stdin}
	root := newRootCmd(app)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetIn(stdin)
	err := root.ExecuteContext(ctx)
	if cerr := app.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err == nil {
		return 0
	}
	var ue *usageError
	var ie *tideline.InputError
	var te *tideline.Error
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			fmt.Fprintf(stderr, "tideline: %v\n", e)
		}
		return 1
	}
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		fmt.Fprintln(stderr, "tideline: interrupted; what was written before stays in the store, and running the same command again completes it")
		return 130
	}
	switch {
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "tideline: %v\nRun 'tideline --help' for usage.\n", ue.err)
		return 2
	case errors.As(err, &ie):
		fmt.Fprintf(stderr, "tideline: %s\n", ie.Error())
	case errors.As(err, &te):
		fmt.Fprintf(stderr, "tideline: %s\n", te.Message)
	default:
		fmt.Fprintf(stderr, "tideline: %v\n", err)
	}
	return 1
}

type usageError struct{ err error }

func (u *usageError) Error() string { return u.err.Error() }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

func newRootCmd(app *App) *cobra.Command {
	root := &cobra.Command{
		Use:   "tideline",
		Short: "Tideline: investigate and disrupt people-smuggling networks across agencies",
		Long: `Tideline keeps every agency's records as statements with their provenance
(source agency, dataset, 3x5x2 grading and handling code, dates seen, original
value) and analyses the network they describe.`,
		Example: `  tideline demo
  tideline ingest --dataset montagna_meetings --format network --link Associate --namespace montagna \
      ../shared/data/networks/montagna/Montagna_meetings_edgelist.csv
  tideline ingest ../shared/data/ftm/donations.mapping.yml
  tideline analyse --dataset montagna_meetings --top 5`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&app.DBPath, "db", envOr("TIDELINE_DB", "tideline.db"), "store file (SQLite); env TIDELINE_DB")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &usageError{err} })
	root.AddCommand(newDemoCmd(app), newIngestCmd(app), newAnalyseCmd(app), newShowCmd(app), newScenarioCmd(app),
		newResolveCmd(app), newReviewCmd(app), newExplainCmd(app), newEvalCmd(app),
		newUserCmd(app), newShareCmd(app, true), newShareCmd(app, false), newOwnerCmd(app), newOperationCmd(app), newAuditCmd(app))
	return root
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
