package main

import (
	"context"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/ingest"
	"github.com/tideline-oss/tideline/internal/ingest/ftmjson"
	"github.com/tideline-oss/tideline/internal/ingest/netfile"
	"github.com/tideline-oss/tideline/internal/normalize"
	"golang.org/x/term"
)

type ingestFlags struct {
	format       string
	dataset      string
	title        string
	agency       string
	grading      string
	handling     string
	conditions   string
	region       string
	rejects      string
	strict       bool
	link         string
	relationship string
	directed     bool
	namespace    string
	progress     bool
}

func newIngestCmd(app *App) *cobra.Command {
	var fl ingestFlags
	cmd := &cobra.Command{
		Use:   "ingest [flags] FILE...",
		Short: "Load records into the store with their provenance",
		Long: `Loads each FILE as statements with provenance: dataset, source agency,
3x5x2 grading, handling code and conditions, first and last seen, original value.

Formats (--format, default auto by file name):
  ftm      FollowTheMoney entity JSON lines (.json, .ijson, .jsonl)
  mapping  an FtM mapping YAML (.yml, .yaml) whose queries name their CSV files
  network  a criminal-network edge list or labelled adjacency matrix (CSV/TSV)

Values are normalised (names NFKC, dates ISO 8601, phones E.164, countries
ISO 3166-1, IBANs mod-97 checked, identifiers upper-cased); a value that cannot
be normalised is kept as written and marked invalid. A bad record is written to
the rejects file (file, line, field, reason, outcome "rejected") and the rest
loads; --strict stops at the first. A record loaded without a bad value of its
provenance (a seen date, a region) counts as a warning and is listed there too
(outcome "loaded without this value"). Loading the same file again adds nothing.`,
		Example: `  tideline ingest ../shared/data/ftm/donations.mapping.yml
  tideline ingest --dataset zala --agency OpenSanctions --grading 1B ../shared/data/ftm/zala.entities.ftm.json
  tideline ingest --format network --link Call --directed --namespace caviar --dataset caviar_phase1 \
      ../shared/data/networks/caviar/phase1.csv
  tideline ingest --dataset nca_intel --agency NCA --grading 2B --handling C \
      --conditions "not for disclosure outside UK law enforcement" reports.ijson`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("ingest needs at least one FILE")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			grading, err := tideline.ParseGrading(fl.grading)
			if err != nil {
				return usagef("--grading: %s", tideline.ErrorMessage(err))
			}
			if err := grading.SetHandling(fl.handling, fl.conditions); err != nil {
				return usagef("--handling/--conditions: %s", tideline.ErrorMessage(err))
			}
			if fl.region != "" {
				if len(fl.region) != 2 {
					return usagef("--region %q: give an ISO 3166-1 alpha-2 code such as GB or FR", fl.region)
				}
				if _, err := normalize.Country(fl.region); err != nil {
					return usagef("--region %q: not an ISO 3166-1 alpha-2 country code", fl.region)
				}
			}
			if fl.link == "Call" && !fl.directed && fl.format == "network" {
				return usagef("--link Call needs --directed: calls go from caller to receiver")
			}
			store, err := app.Store(ctx)
			if err != nil {
				return err
			}
			rejects := &rejectFiles{inputs: args, explicit: fl.rejects}
			defer rejects.close()
			var total ingest.Summary
			for _, path := range args {
				start := time.Now()
				sum, ds, rejectsPath, err := loadFile(ctx, app, store, path, &fl, grading, cmd.Flags().Changed, rejects)
				if err != nil {
					return err
				}
				fmt.Fprintf(app.Stdout, "%s -> dataset %s: %s in %s\n", path, ds.Name, sum, time.Since(start).Round(time.Millisecond))
				switch {
				case sum.Rejected > 0 && sum.Warnings > 0:
					fmt.Fprintf(app.Stdout, "  rejected records and warnings are listed in %s\n", rejectsPath)
				case sum.Rejected > 0:
					fmt.Fprintf(app.Stdout, "  rejected records are listed in %s\n", rejectsPath)
				case sum.Warnings > 0:
					fmt.Fprintf(app.Stdout, "  warnings (records loaded without a value) are listed in %s\n", rejectsPath)
				}
				if sum.Rejected > 0 && sum.Fragments == 0 {
					return tideline.Errorf(tideline.EINVALID, "%s: nothing loaded: every record was rejected (see %s)", path, rejectsPath)
				}
				total = add(total, sum)
			}
			if len(args) > 1 {
				fmt.Fprintf(app.Stdout, "total: %s\n", total)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.format, "format", "auto", "input format: auto, ftm, mapping or network")
	f.StringVar(&fl.dataset, "dataset", "", "dataset (source feed) name; default: the mapping's dataset or the file name")
	f.StringVar(&fl.title, "title", "", "dataset title")
	f.StringVar(&fl.agency, "agency", "", "agency that supplied the records, e.g. NCA, BF, EUROPOL")
	f.StringVar(&fl.grading, "grading", "", "3x5x2 source and intelligence grading, e.g. 2B")
	f.StringVar(&fl.handling, "handling", "", "handling code: P (sharing permitted) or C (with conditions)")
	f.StringVar(&fl.conditions, "conditions", "", "handling conditions, required with --handling C")
	f.StringVar(&fl.region, "region", "", "ISO 3166-1 alpha-2 region for national phone numbers, e.g. GB")
	f.StringVar(&fl.rejects, "rejects", "", "rejects CSV path (default DATASET.rejects.csv, written only when records are rejected)")
	f.BoolVar(&fl.strict, "strict", false, "stop at the first bad record")
	f.StringVar(&fl.link, "link", "UnknownLink", "network: link schema for ties (Call, Associate, UnknownLink)")
	f.StringVar(&fl.relationship, "relationship", "", "network: relationship or role written on each tie, e.g. met")
	f.BoolVar(&fl.directed, "directed", false, "network: ties go from row to column (matrix) or first to second field")
	f.StringVar(&fl.namespace, "namespace", "", "network: id namespace shared by files that label the same people (e.g. two layers of one operation)")
	f.BoolVar(&fl.progress, "progress", false, "show a progress bar even when stderr is not a terminal")
	return cmd
}

// loadFile reads one file into store with the run's provenance (flags, or
// the dataset's recorded provenance for flags not changed) and returns its
// summary, its dataset and the path of its rejects file.
func loadFile(ctx context.Context, app *App, store tideline.Store, path string, fl *ingestFlags, grading tideline.Grading,
	changed func(string) bool, rejects *rejectFiles) (ingest.Summary, tideline.Dataset, string, error) {
	src, ds, closer, err := openSource(ctx, app, path, fl)
	if err != nil {
		return ingest.Summary{}, ds, "", err
	}
	defer closer()
	ds.Agency, ds.Grading, ds.Title = fl.agency, grading, fl.title
	if err := inheritProvenance(ctx, app, store, &ds, changed); err != nil {
		return ingest.Summary{}, ds, "", err
	}
	rw, err := rejects.open(ds.Name)
	if err != nil {
		return ingest.Summary{}, ds, "", err
	}
	sum, err := ingest.Run(ctx, store, src, ingest.Options{Dataset: ds, Region: fl.region, Strict: fl.strict, Rejects: rw})
	if err != nil && sum.Records > 0 {
		fmt.Fprintf(app.Stderr, "%s: stopped after %s\n", path, sum)
	}
	return sum, ds, rw.path, err
}

// rejectFiles hands out one rejects file per path for a whole invocation,
// so files loaded into one dataset share it. A file left from an earlier
// run is replaced, or removed when this run rejects nothing.
type rejectFiles struct {
	inputs   []string // files being read, which a rejects file must never be
	explicit string   // --rejects, or "" for DATASET.rejects.csv
	files    map[string]*lazyFile
}

func (r *rejectFiles) open(dataset string) (*lazyFile, error) {
	path := r.explicit
	if path == "" {
		path = dataset + ".rejects.csv"
	}
	for _, in := range r.inputs {
		if sameFile(path, in) {
			return nil, usagef("the rejects file %s is one of the input files; pass --rejects with another path", path)
		}
	}
	if r.files == nil {
		r.files = map[string]*lazyFile{}
	}
	if r.files[path] == nil {
		r.files[path] = &lazyFile{path: path}
	}
	return r.files[path], nil
}

func (r *rejectFiles) close() {
	for _, f := range r.files {
		f.Close()
		if !f.written {
			os.Remove(f.path)
		}
	}
}

// inheritProvenance keeps a dataset's recorded provenance when it is loaded
// again without the flags that set it, so a re-run never silently ungrades
// or re-attributes records; and it says so when flags change it.
func inheritProvenance(ctx context.Context, app *App, store tideline.Store, ds *tideline.Dataset, changed func(string) bool) error {
	known, err := store.Datasets(ctx)
	if err != nil {
		return err
	}
	for _, prev := range known {
		if prev.Name != ds.Name || (prev.Agency == "" && prev.Grading == (tideline.Grading{})) {
			continue
		}
		before := *ds
		if !changed("agency") {
			ds.Agency = prev.Agency
		}
		if !changed("grading") {
			ds.Grading.Source, ds.Grading.Intelligence = prev.Grading.Source, prev.Grading.Intelligence
		}
		if !changed("handling") && !changed("conditions") {
			ds.Grading.Handling, ds.Grading.Conditions = prev.Grading.Handling, prev.Grading.Conditions
		}
		if !changed("title") {
			ds.Title = prev.Title
		}
		switch {
		case *ds != before && ds.Agency == prev.Agency && ds.Grading == prev.Grading:
			fmt.Fprintf(app.Stdout, "dataset %s: keeping its recorded provenance (%s, %s); set --agency/--grading/--handling to change it\n",
				ds.Name, orNone(ds.Agency), ds.Grading)
		case ds.Agency != prev.Agency || ds.Grading != prev.Grading:
			fmt.Fprintf(app.Stdout, "dataset %s: provenance changes from (%s, %s) to (%s, %s) for the records loaded now\n",
				ds.Name, orNone(prev.Agency), prev.Grading, orNone(ds.Agency), ds.Grading)
		}
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "no agency"
	}
	return s
}

// openSource picks the reader for path and the dataset it loads into.
func openSource(ctx context.Context, app *App, path string, fl *ingestFlags) (iter.Seq2[*tideline.Fragment, error], tideline.Dataset, func(), error) {
	ds := tideline.Dataset{Name: fl.dataset}
	if st, err := os.Stat(path); err != nil {
		return nil, ds, nil, tideline.Errorf(tideline.ENOTFOUND, "cannot open %s: %v", path, unwrapPathErr(err))
	} else if st.IsDir() {
		return nil, ds, nil, tideline.Errorf(tideline.EINVALID, "%s is a directory, not a file", path)
	}
	format := fl.format
	if format == "" || format == "auto" {
		format = detectFormat(path)
		if format == "" {
			return nil, ds, nil, usagef("%s: cannot tell the format from the name: a CSV of records is loaded through its mapping (tideline ingest MAPPING.yml), a network file with --format network, FtM JSON lines with --format ftm", path)
		}
	}
	if format == "mapping" {
		return openMapping(ctx, app, path, fl)
	}
	if ds.Name == "" {
		ds.Name = datasetFromFile(path)
	}
	if err := ds.Validate(); err != nil {
		return nil, ds, nil, usagef("--dataset: %s", tideline.ErrorMessage(err))
	}
	r, closer, err := openWithProgress(app, path, fl.progress)
	if err != nil {
		return nil, ds, nil, err
	}
	name := filepath.Base(path)
	switch format {
	case "ftm":
		return ftmjson.Read(r, name), ds, closer, nil
	case "network":
		return netfile.Read(r, name, netfile.Options{Dataset: ds.Name, Namespace: fl.namespace, Link: fl.link,
			Relationship: fl.relationship, Directed: fl.directed}), ds, closer, nil
	}
	closer()
	return nil, ds, nil, usagef("unknown --format %q: use ftm, mapping or network", format)
}

func detectFormat(path string) string {
	p := strings.ToLower(path)
	switch {
	case strings.HasSuffix(p, ".yml"), strings.HasSuffix(p, ".yaml"):
		return "mapping"
	case strings.HasSuffix(p, ".json"), strings.HasSuffix(p, ".ijson"), strings.HasSuffix(p, ".jsonl"), strings.HasSuffix(p, ".ndjson"):
		return "ftm"
	}
	return ""
}

var nonSlug = regexp.MustCompile(`[^a-z0-9_.-]+`)

// datasetFromFile derives a dataset name from a file name:
// "Montagna_meetings_edgelist.csv" -> "montagna_meetings_edgelist".
func datasetFromFile(path string) string {
	base := strings.ToLower(filepath.Base(path))
	for _, ext := range []string{".entities.ftm.json", ".ftm.json", ".ijson", ".jsonl", ".json", ".csv", ".tsv", ".txt", ".yml", ".yaml"} {
		base = strings.TrimSuffix(base, ext)
	}
	base = strings.Trim(nonSlug.ReplaceAllString(base, "_"), "_.-")
	if base == "" {
		base = "dataset"
	}
	return base
}

// openWithProgress opens path for reading, wrapped in a byte progress bar when
// stderr is a terminal (or force is set).
func openWithProgress(app *App, path string, force bool) (io.Reader, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, tideline.Errorf(tideline.ENOTFOUND, "cannot open %s: %v", path, unwrapPathErr(err))
	}
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		f.Close()
		return nil, nil, tideline.Errorf(tideline.EINVALID, "%s is not a readable file", path)
	}
	if !force && !isTerminal(app.Stderr) {
		return f, func() { f.Close() }, nil
	}
	bar := progressbar.NewOptions64(st.Size(),
		progressbar.OptionSetWriter(app.Stderr),
		progressbar.OptionSetDescription(filepath.Base(path)),
		progressbar.OptionShowBytes(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	r := progressbar.NewReader(f, bar)
	return &r, func() { bar.Finish(); f.Close() }, nil
}

// sameFile reports whether two paths name one existing file.
func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// status prints a transient line on a terminal stderr; "" clears it.
func status(app *App, format string, args ...any) {
	if !isTerminal(app.Stderr) {
		return
	}
	fmt.Fprintf(app.Stderr, "\r\033[K"+format, args...)
}

func add(a, b ingest.Summary) ingest.Summary {
	a.Records += b.Records
	a.Fragments += b.Fragments
	a.Entities += b.Entities
	a.Statements += b.Statements
	a.Written += b.Written
	a.Rejected += b.Rejected
	a.Warnings += b.Warnings
	a.Invalid += b.Invalid
	return a
}

// lazyFile creates (or truncates) its file on the first write, so a clean
// run leaves no empty rejects file behind.
type lazyFile struct {
	path    string
	f       *os.File
	written bool
}

func (l *lazyFile) Write(p []byte) (int, error) {
	if l.f == nil {
		f, err := os.Create(l.path)
		if err != nil {
			return 0, fmt.Errorf("rejects file: %w", err)
		}
		l.f, l.written = f, true
	}
	return l.f.Write(p)
}

func (l *lazyFile) Close() error {
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}
