package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/ingest"
	"github.com/tideline-oss/tideline/internal/resolution"
	"github.com/tideline-oss/tideline/internal/sqlite"
)

// resolvingStore opens the existing store as a resolution store.
func (a *App) resolvingStore(ctx context.Context) (resolution.Store, error) {
	if _, err := a.ExistingStore(ctx); err != nil {
		return nil, err
	}
	return a.store, nil
}

func newResolveCmd(app *App) *cobra.Command {
	var opt resolution.Options
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "resolve",
		Short: "Resolve entities across sources: one person where four agencies recorded four spellings",
		Long: `Finds the records of one person, vehicle, boat, engine or bank account across
sources and merges them under one canonical id, keeping every statement's
provenance. Per profile (person, vehicle, vessel, engine, account):

  blocking   candidate pairs from several keys at once: name-token skeletons
             with the birth year (Mohammed, Muhammad and Mohamed share one),
             name-token pairs, the birth date with initials, day and month
             swapped, phones, documents, plates, serials, IBANs; a key
             shared by more than 50 people's records pairs each with its 5
             nearest in name and date order (sorted neighbourhood)
  scoring    Fellegi-Sunter: each comparison's level weighs log2(m/u); m by
             EM, u from random pairs, rare names weigh more (term frequency)
  clusters   pairs at or above the threshold (probability 0.9) merge, unless
             the two clusters disagree across (no chains joining different
             people through a third; two dates of birth or passports that
             differ keep them apart), an analyst's judgement forbids it, or
             the names differ with no phone or identifier shared; a record
             with little more than a name joins the one person it points to
  refinement u and the weight of each name are estimated again over the
             first clusters (a person named in forty records does not make
             the name look common), and the pairs clustered again

Judgements (tideline review) are respected on every run. The model is
trained on the first run and stored; --retrain trains again. Canonical ids
are stable: a cluster keeps the id most of its members had. Pairs close to
the threshold go to the review queue.`,
		Example: `  tideline resolve
  tideline resolve --profile person --threshold 0.95
  tideline review
  tideline explain ID1 ID2`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if opt.Threshold < 0 || opt.Threshold >= 1 {
				return usagef("--threshold %g: give a probability between 0 and 1", opt.Threshold)
			}
			for _, p := range opt.Profiles {
				known := false
				for _, q := range resolution.Profiles() {
					known = known || q.Name == p
				}
				if !known {
					return usagef("--profile %q: use person, vehicle, vessel, engine or account", p)
				}
			}
			st, err := app.resolvingStore(ctx)
			if err != nil {
				return err
			}
			start := time.Now()
			opt.Progress = func(format string, args ...any) { status(app, format, args...) }
			sum, err := resolution.Run(ctx, st, opt)
			status(app, "")
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(app.Stdout, sum)
			}
			w := tabwriter.NewWriter(app.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "profile\trecords\tcandidate pairs\tlinks\tclusters\trecords merged\tcanonical ids changed\tjudgements\tmodel\tseconds")
			for _, p := range sum.Profiles {
				model := "stored"
				if p.Trained {
					model = "trained"
				}
				if p.Records < 2 {
					model = "-"
				}
				fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%.1f\n", p.Profile, p.Records, p.Candidates, p.Links, p.Clusters, p.Merged, p.Changed, p.Judgements, model, p.Seconds)
			}
			w.Flush()
			fmt.Fprintf(app.Stdout, "%d pairs to review (tideline review); resolved in %s\n", sum.Review, time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&opt.Datasets, "dataset", nil, "only entities of these datasets")
	f.StringSliceVar(&opt.Profiles, "profile", nil, "only these profiles: person, vehicle, vessel, engine, account")
	f.BoolVar(&opt.Retrain, "retrain", false, "train the models again instead of using the stored ones")
	f.Float64Var(&opt.Threshold, "threshold", 0, "match probability from which records merge (default 0.9)")
	f.IntVar(&opt.ReviewLimit, "review", 1000, "pairs kept in the review queue")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func newReviewCmd(app *App) *cobra.Command {
	var limit int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "review",
		Short: "List the pairs resolution was unsure of; accept, reject or undo judgements",
		Long: `Lists the review queue of the last 'tideline resolve': pairs of entities
whose match probability fell just short of the threshold, or whose merge the
coherence check refused. Judge them with:

  tideline review accept A B --reason "same passport number"   (merge them)
  tideline review reject A B --reason "father and son"         (never merge)
  tideline review unsure A B                                   (drop from the queue)
  tideline review undo ID                                      (undo a judgement)
  tideline review history [ENTITY]                             (judgements, undone ones too)

Every later 'tideline resolve' respects the judgements in force; undoing one
lets the next run decide again.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := app.resolvingStore(ctx)
			if err != nil {
				return err
			}
			items, err := st.Review(ctx, limit)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(app.Stdout, items)
			}
			if len(items) == 0 {
				fmt.Fprintln(app.Stdout, "The review queue is empty (run 'tideline resolve' to fill it).")
				return nil
			}
			w := tabwriter.NewWriter(app.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "#\tprobability\tA\tB\twhy")
			for i, it := range items {
				fmt.Fprintf(w, "%d\t%.3f\t%s\t%s\t%s\n", i+1, it.Probability, caption(ctx, st, it.A), caption(ctx, st, it.B), sanitize(it.Note))
			}
			return w.Flush()
		},
	}
	cmd.Flags().IntVar(&limit, "limit", 20, "pairs listed")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	judge := func(verdict tideline.Verdict, use, short string) *cobra.Command {
		var reason, user string
		c := &cobra.Command{
			Use:   use + " A B",
			Short: short,
			Args:  cobra.ExactArgs(2),
			RunE: func(cmd *cobra.Command, args []string) error {
				ctx := cmd.Context()
				st, err := app.resolvingStore(ctx)
				if err != nil {
					return err
				}
				j, added, err := resolution.Judge(ctx, st, tideline.Judgement{A: args[0], B: args[1], Verdict: verdict, User: user, Reason: reason})
				if err != nil {
					return err
				}
				if !added {
					fmt.Fprintf(app.Stdout, "judgement %d already says %s %s %s (by %s at %s); nothing added\n",
						j.ID, j.A, j.Verdict, j.B, j.User, j.At.Format(time.RFC3339))
					return nil
				}
				fmt.Fprintf(app.Stdout, "judgement %d: %s %s %s, by %s at %s; the next 'tideline resolve' applies it\n",
					j.ID, j.A, j.Verdict, j.B, j.User, j.At.Format(time.RFC3339))
				return nil
			},
		}
		c.Flags().StringVar(&reason, "reason", "", "why (kept with the judgement)")
		c.Flags().StringVar(&user, "user", envOr("TIDELINE_USER", envOr("USER", "analyst")), "who decides; env TIDELINE_USER")
		return c
	}
	var undoUser string
	undo := &cobra.Command{
		Use:   "undo ID",
		Short: "Undo a judgement (it is kept, marked undone)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id <= 0 {
				return usagef("undo %q: give a judgement number (see tideline review history)", args[0])
			}
			st, err := app.resolvingStore(cmd.Context())
			if err != nil {
				return err
			}
			j, err := st.UndoJudgement(cmd.Context(), id, undoUser, time.Time{})
			if err != nil {
				return err
			}
			fmt.Fprintf(app.Stdout, "judgement %d (%s %s %s) undone by %s; the next 'tideline resolve' decides the pair again\n", j.ID, j.A, j.Verdict, j.B, j.UndoneBy)
			return nil
		},
	}
	undo.Flags().StringVar(&undoUser, "user", envOr("TIDELINE_USER", envOr("USER", "analyst")), "who undoes; env TIDELINE_USER")
	history := &cobra.Command{
		Use:   "history [ENTITY]",
		Short: "List judgements, undone ones too",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := app.resolvingStore(cmd.Context())
			if err != nil {
				return err
			}
			f := tideline.JudgementFilter{}
			if len(args) == 1 {
				f.EntityID = args[0]
			}
			js, err := st.Judgements(cmd.Context(), f)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(app.Stdout, js)
			}
			w := tabwriter.NewWriter(app.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "id\tverdict\tA\tB\tuser\tat\treason\tundone")
			for _, j := range js {
				undone := ""
				if !j.InForce() {
					undone = fmt.Sprintf("by %s at %s", j.UndoneBy, j.UndoneAt.Format(time.RFC3339))
				}
				fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", j.ID, j.Verdict, j.A, j.B, sanitize(j.User), j.At.Format(time.RFC3339), sanitize(j.Reason), undone)
			}
			return w.Flush()
		},
	}
	cmd.AddCommand(judge(tideline.VerdictMatch, "accept", "Judge two entities the same: every later run merges them"),
		judge(tideline.VerdictNoMatch, "reject", "Judge two entities different: no run merges them, even through others"),
		judge(tideline.VerdictUnsure, "unsure", "Mark a pair looked at and undecided: it leaves the queue"),
		undo, history)
	return cmd
}

// caption names an entity for a listing: its caption and id.
func caption(ctx context.Context, st tideline.Store, id string) string {
	e, err := st.Entity(ctx, id)
	if err != nil {
		return id
	}
	return fmt.Sprintf("%s (%s)", sanitize(e.MakeCaption(tideline.DefaultModel())), id)
}

// sanitize keeps a value on one line and free of terminal controls.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 {
			return ' '
		}
		return r
	}, s)
}

func newExplainCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "explain A B",
		Short: "Show how resolution scores two entities: each comparison's level, m, u and weight, the prior and the probability",
		Long: `Scores two entities (ids as loaded) with the stored model of their profile and
prints each comparison: the values compared, the level they reach, its m and
u probabilities, its weight log2(m/u) and the term-frequency adjustment; then
the prior log2(λ/(1-λ)), the total weight (the prior plus every weight and
adjustment) and the match probability 2^W/(1+2^W).`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := app.resolvingStore(ctx)
			if err != nil {
				return err
			}
			e, err := resolution.Explain(ctx, st, args[0], args[1], resolution.Options{})
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(app.Stdout, e)
			}
			fmt.Fprintf(app.Stdout, "%s: %s (%s)\n     vs %s (%s)\n\n", e.Profile, sanitize(e.CaptionA), e.A, sanitize(e.CaptionB), e.B)
			w := tabwriter.NewWriter(app.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "comparison\tA\tB\tlevel\tm\tu\tweight\ttf adjust")
			fmt.Fprintf(w, "prior\t\t\tλ = %.4g\t\t\t%+.2f\t\n", e.Lambda, e.Prior)
			for _, t := range e.Terms {
				if t.Level == 0 {
					fmt.Fprintf(w, "%s\t%s\t%s\tnull (a side has no value)\t\t\t0\t\n", t.Comparison, clipJoin(t.A), clipJoin(t.B))
					continue
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%.4f\t%.4f\t%+.2f\t%+.2f\n", t.Comparison, clipJoin(t.A), clipJoin(t.B), t.Label, t.M, t.U, t.Weight, t.TFAdjust)
			}
			fmt.Fprintf(w, "total\t\t\t\t\t\t%+.2f\t\n", e.Weight)
			w.Flush()
			verdict := "below"
			if e.Linked {
				verdict = "at or above"
			}
			same := "separate entities"
			if e.SameNow {
				same = "one entity"
			}
			fmt.Fprintf(app.Stdout, "\nmatch probability %.4f, %s the threshold %.2f; in the store now: %s\n", e.Probability, verdict, e.Threshold, same)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (terms, prior, weight, probability)")
	return cmd
}

func clipJoin(vs []string) string {
	s := sanitize(strings.Join(vs, "; "))
	if r := []rune(s); len(r) > 40 {
		return string(r[:39]) + "…"
	}
	return s
}

func newEvalCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "eval",
		Short: "Evaluate Tideline on labelled data",
	}
	var dataset, data, scenarioDir string
	var inStore bool
	var asJSON bool
	var threshold float64
	res := &cobra.Command{
		Use:   "resolve --dataset NAME",
		Short: "Evaluate entity resolution: pairwise precision, recall and F1, B-cubed and cluster metrics",
		Long: `Runs entity resolution on labelled data and prints pairwise precision, recall
and F1 (over all pairs of records: a pair is predicted when both records are
in one cluster), B-cubed precision, recall and F1, and how many true clusters
were found exactly. Datasets (from the shared data folder, er/):

  febrl4          link FEBRL dataset4a with dataset4b
  febrl3          deduplicate FEBRL dataset3
  fake_1000       Splink's fake_1000, plus F1 on its 3,176 clerical labels
  historical_50k  Splink's historical figures with errors
  name_bench      the Person name pairs of the OpenSanctions name bench
  scenario        a generated scenario (--scenario DIR, default a fresh demo
                  scenario): loaded into a temporary store, resolved, and
                  scored against its truth per profile and per noise kind`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if dataset == "" {
				return usagef("--dataset is required: febrl4, febrl3, fake_1000, historical_50k, name_bench or scenario")
			}
			var rep *resolution.Report
			var err error
			if dataset == "scenario" && inStore {
				if scenarioDir == "" {
					return usagef("--in-store needs --scenario DIR, the scenario the store was loaded from")
				}
				st, err := app.resolvingStore(ctx)
				if err != nil {
					return err
				}
				if rep, err = resolution.EvalScenario(ctx, st, filepath.Join(scenarioDir, "truth")); err != nil {
					return err
				}
				rep.Threshold = 0.9
			} else if dataset == "scenario" {
				rep, err = evalScenario(ctx, app, scenarioDir, threshold)
			} else {
				if _, ok := resolution.Datasets[dataset]; !ok {
					return usagef("--dataset %q: use febrl4, febrl3, fake_1000, historical_50k, name_bench or scenario", dataset)
				}
				if st, serr := os.Stat(filepath.Join(data, "er")); serr != nil || !st.IsDir() {
					return tideline.Errorf(tideline.ENOTFOUND, "labelled data not found at %s: pass --data or set TIDELINE_DATA", filepath.Join(data, "er"))
				}
				rep, err = resolution.Evaluate(ctx, data, dataset, resolution.Options{Threshold: threshold})
			}
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(app.Stdout, rep)
			}
			printReport(app.Stdout, rep)
			return nil
		},
	}
	res.Flags().StringVar(&dataset, "dataset", "", "febrl4, febrl3, fake_1000, historical_50k, name_bench or scenario")
	res.Flags().StringVar(&data, "data", envOr("TIDELINE_DATA", filepath.Join("..", "shared", "data")), "shared data folder; env TIDELINE_DATA")
	res.Flags().StringVar(&scenarioDir, "scenario", "", "scenario folder for --dataset scenario (default: generate the demo scenario)")
	res.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	res.Flags().BoolVar(&inStore, "in-store", false, "with --dataset scenario: score the resolution already in --db (loaded from --scenario and resolved) instead of loading and resolving a copy")
	res.Flags().Float64Var(&threshold, "threshold", 0, "match probability from which records merge (default: the dataset's, 0.9)")
	cmd.AddCommand(res)
	return cmd
}

// evalScenario loads a scenario into a temporary store, resolves it and
// scores it against its truth.
func evalScenario(ctx context.Context, app *App, dir string, threshold float64) (*resolution.Report, error) {
	tmp, err := os.MkdirTemp("", "tideline-eval-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	if dir == "" {
		dir = filepath.Join(tmp, "scenario")
		if code := Run(ctx, []string{"scenario", "--demo", "--out", dir}, nil, io.Discard, app.Stderr); code != 0 {
			return nil, tideline.Errorf(tideline.EINTERNAL, "generating the demo scenario failed")
		}
	}
	mappings, _ := filepath.Glob(filepath.Join(dir, "sources", "*.mapping.yml"))
	if len(mappings) == 0 {
		return nil, tideline.Errorf(tideline.ENOTFOUND, "no sources/*.mapping.yml in %s: give a folder made by 'tideline scenario'", dir)
	}
	st, err := sqlite.Open(ctx, filepath.Join(tmp, "eval.db"))
	if err != nil {
		return nil, err
	}
	defer st.Close()
	sub := &App{DBPath: filepath.Join(tmp, "eval.db"), Stdout: io.Discard, Stderr: app.Stderr, store: st}
	rejects := &rejectFiles{explicit: filepath.Join(tmp, "rejects.csv")}
	defer rejects.close()
	start := time.Now()
	var total ingest.Summary
	for _, m := range mappings {
		fl := ingestFlags{}
		sum, _, _, err := loadFile(ctx, sub, st, m, &fl, tideline.Grading{}, func(string) bool { return true }, rejects)
		if err != nil {
			return nil, err
		}
		total = add(total, sum)
	}
	status(app, "loaded %s in %s; resolving...", total, time.Since(start).Round(time.Millisecond))
	if _, err := resolution.Run(ctx, st, resolution.Options{Threshold: threshold}); err != nil {
		return nil, err
	}
	status(app, "")
	rep, err := resolution.EvalScenario(ctx, st, filepath.Join(dir, "truth"))
	if err != nil {
		return nil, err
	}
	rep.Threshold = 0.9
	if threshold > 0 {
		rep.Threshold = threshold
	}
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

func printReport(w io.Writer, rep *resolution.Report) {
	fmt.Fprintf(w, "%s: %s\n", rep.Dataset, rep.Task)
	fmt.Fprintf(w, "records %d", rep.Records)
	if rep.Candidates > 0 {
		fmt.Fprintf(w, ", candidate pairs %d", rep.Candidates)
	}
	fmt.Fprintf(w, ", threshold %.2f, %.1f s\n", rep.Threshold, rep.Seconds)
	if m := rep.Metrics; m != nil {
		fmt.Fprintf(w, "pairwise   precision %.4f  recall %.4f  F1 %.4f  (true pairs %d, predicted %d, correct %d)\n",
			m.Precision, m.Recall, m.F1, m.TruePairs, m.PredictedPairs, m.TruePositives)
		fmt.Fprintf(w, "B-cubed    precision %.4f  recall %.4f  F1 %.4f\n", m.BCubedPrecision, m.BCubedRecall, m.BCubedF1)
		fmt.Fprintf(w, "clusters   predicted %d, true %d, found exactly %d (%.1f%%)\n", m.PredictedClusters, m.TrueClusters, m.ExactClusters, 100*m.ExactShare)
	}
	if l := rep.Labels; l != nil {
		fmt.Fprintf(w, "labelled pairs %d: precision %.4f  recall %.4f  F1 %.4f  (TP %d, FP %d, FN %d, TN %d)\n",
			l.Pairs, l.Precision, l.Recall, l.F1, l.TruePositives, l.FalsePositives, l.FalseNegatives, l.TrueNegatives)
	}
	if len(rep.ByProfile) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "\nprofile\trecords\tprecision\trecall\tF1\ttrue clusters\tfound exactly")
		for _, p := range rep.ByProfile {
			m := p.Metrics
			fmt.Fprintf(tw, "%s\t%d\t%.4f\t%.4f\t%.4f\t%d\t%d\n", p.Profile, m.Records, m.Precision, m.Recall, m.F1, m.TrueClusters, m.ExactClusters)
		}
		tw.Flush()
	}
	if len(rep.ByNoise) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "\nnoise kind\trecords\ttrue pairs\tpairwise P\tR\tF1\trecord-level (B-cubed) P\tR\tF1")
		for _, n := range rep.ByNoise {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\n", n.Kind, n.Records, n.TruePairs, n.Precision, n.Recall, n.F1,
				n.BCubedPrecision, n.BCubedRecall, n.BCubedF1)
		}
		tw.Flush()
	}
}
