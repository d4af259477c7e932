package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/analysis"
)

// selection is what every analyse subcommand draws the graph from.
type selection struct {
	datasets, schemata, layers []string
	grading, from, to          string
	datedOnly, noPivots        bool
	victims, weighted, asJSON  bool
	top                        int
}

func (s *selection) flags(cmd *cobra.Command) {
	f := cmd.PersistentFlags()
	f.StringSliceVar(&s.datasets, "dataset", nil, "only statements of these datasets (repeat or comma-separate)")
	f.StringSliceVar(&s.schemata, "schema", nil, "only entities of these schemata and their descendants")
	f.StringSliceVar(&s.layers, "layer", nil, "only ties of these layers: Call, Associate (meetings), Payment, Ownership, a event schema such as Crossing, reference, phone, identifier, iban, email")
	f.StringVar(&s.grading, "grading", "", "only statements graded at least this well on 3x5x2, e.g. 2B (source 1-2, intelligence A-B)")
	f.StringVar(&s.from, "from", "", "only ties dated on or after this day (YYYY-MM-DD); undated ties are kept unless --dated-only")
	f.StringVar(&s.to, "to", "", "only ties dated before this day (YYYY-MM-DD)")
	f.BoolVar(&s.datedOnly, "dated-only", false, "with --from/--to: leave out undated ties")
	f.BoolVar(&s.noPivots, "no-pivots", false, "do not link entities through shared phones, identifiers, IBANs and e-mails")
	f.BoolVar(&s.victims, "include-victims", false, "also draw people recorded as victims (safeguarding flag), for safeguarding work; by default they are left out and never ranked")
	f.BoolVar(&s.weighted, "weighted", false, "use tie strength (summed call, meeting and payment weights; as distances 1/w for paths)")
	f.BoolVar(&s.asJSON, "json", false, "print JSON instead of tables")
	f.IntVar(&s.top, "top", 10, "nodes listed per measure")
}

func (s *selection) build(ctx context.Context, app *App) (*analysis.Graph, error) {
	if s.top < 1 {
		return nil, usagef("--top must be at least 1")
	}
	opt := analysis.Options{Filter: tideline.EntityFilter{Datasets: s.datasets, Schemata: s.schemata}, NoPivots: s.noPivots,
		IncludeVictims: s.victims, Layers: s.layers, DatedOnly: s.datedOnly}
	var err error
	if opt.MinGrading, err = tideline.ParseGrading(s.grading); err != nil {
		return nil, usagef("--grading %q: %s", s.grading, tideline.ErrorMessage(err))
	}
	for _, d := range []struct {
		flag, v string
		dst     *time.Time
	}{{"--from", s.from, &opt.From}, {"--to", s.to, &opt.To}} {
		if d.v == "" {
			continue
		}
		if *d.dst, err = time.Parse("2006-01-02", d.v); err != nil {
			return nil, usagef("%s %q: give a day as YYYY-MM-DD", d.flag, d.v)
		}
	}
	if !opt.From.IsZero() && !opt.To.IsZero() && !opt.From.Before(opt.To) {
		return nil, usagef("--from %s is not before --to %s", s.from, s.to)
	}
	store, err := app.ExistingStore(ctx)
	if err != nil {
		return nil, err
	}
	if len(s.datasets) > 0 {
		known, err := store.Datasets(ctx)
		if err != nil {
			return nil, err
		}
		for _, d := range s.datasets {
			if !hasDataset(known, d) {
				return nil, tideline.Errorf(tideline.ENOTFOUND, "dataset %q is not in the store %s (see 'tideline ingest')", d, app.DBPath)
			}
		}
	}
	start := time.Now()
	g, err := analysis.Build(ctx, store, opt)
	if err != nil {
		return nil, err
	}
	status(app, "graph of %d nodes and %d edges built in %s; analysing...", g.G.N(), g.G.M(), time.Since(start).Round(time.Millisecond))
	return g, nil
}

// nodeID resolves an id given on the command line to the node drawn: the
// canonical id of a merged entity, or a pivot written as phone:+44...
func nodeID(ctx context.Context, app *App, id string) string {
	if st, err := app.resolvingStore(ctx); err == nil {
		if c, err := st.CanonicalOf(ctx, id); err == nil && c != "" {
			return c
		}
	}
	return id
}

func (s *selection) out(app *App, v any, text func(w io.Writer) error) error {
	status(app, "")
	if s.asJSON {
		enc := json.NewEncoder(app.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	return text(app.Stdout)
}

func newAnalyseCmd(app *App) *cobra.Command {
	var sel selection
	var opt analysis.ReportOptions
	cmd := &cobra.Command{
		Use:     "analyse",
		Aliases: []string{"analyze"},
		Short:   "Analyse the network: the report, centrality, communities, paths, neighbours, timeline, disruption",
		Long: `Builds the graph from the store (entities, links, events, and phone numbers,
identifiers, IBANs and e-mails shared by two or more entities, each shown as its
own node) and, without a subcommand, prints for each connected component its
size and density, the top nodes by degree, betweenness and PageRank, and its
Louvain communities with their modularity Q.

The selection flags (--dataset, --schema, --layer, --grading, --from/--to,
--include-victims, --weighted, --json) apply to every subcommand. People
recorded as victims are never drawn unless --include-victims.

Normalisation: degree is the count of distinct neighbours; betweenness is
Brandes' over unordered pairs times 2/((n-1)(n-2)), n the nodes of the whole
graph (networkx normalized=True); PageRank uses damping 0.85 and sums to 1.
All measures use the simple graph unless --weighted, which makes PageRank and
Louvain use tie strength.`,
		Example: `  tideline analyse
  tideline analyse --dataset caviar_phase11 --top 5
  tideline analyse --dataset montagna_meetings --json > report.json
  tideline analyse --layer Call --grading 2B --from 2024-05-01 --to 2024-06-01
  tideline analyse centrality --measure betweenness,katz,core
  tideline analyse path ID1 ID2 --k 3
  tideline analyse disrupt --strategy betweenness --removals 10`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opt.MinSize < 1 {
				return usagef("--min-size must be at least 1")
			}
			g, err := sel.build(cmd.Context(), app)
			if err != nil {
				return err
			}
			opt.TopN, opt.Weighted = sel.top, sel.weighted
			rep := analysis.Analyse(g, opt)
			if !sel.asJSON && rep.Nodes == 0 && len(rep.Problems) == 0 {
				fmt.Fprintln(app.Stdout, "The selection holds no entities to draw. Load data with 'tideline ingest'.")
				return nil
			}
			return sel.out(app, rep, rep.WriteText)
		},
	}
	sel.flags(cmd)
	cmd.Flags().IntVar(&opt.MinSize, "min-size", 3, "smallest component reported in full")
	cmd.Flags().Uint64Var(&opt.Seed, "seed", 1, "seed of the Louvain community search")
	cmd.AddCommand(newCentralityCmd(app, &sel), newCommunitiesCmd(app, &sel), newPathCmd(app, &sel), newNeighboursCmd(app, &sel), newConnectCmd(app, &sel),
		newJourneyCmd(app, &sel), newDisruptCmd(app, &sel), newTimelineCmd(app, &sel))
	return cmd
}

func newCentralityCmd(app *App, sel *selection) *cobra.Command {
	var opt analysis.CentralityOptions
	cmd := &cobra.Command{
		Use:   "centrality",
		Short: "Rank the nodes by centrality measures: degree, strength, in/out, betweenness, closeness, harmonic, PageRank, eigenvector, Katz, k-core",
		Long: "Measures and their normalisation:\n\n" + func() string {
			var b strings.Builder
			for _, m := range analysis.MeasureOrder {
				fmt.Fprintf(&b, "  %-12s %s\n", m, analysis.Measures[m])
			}
			return b.String()
		}(),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opt.Epsilon < 0 || opt.Epsilon >= 1 {
				return usagef("--epsilon %g: give a bound between 0 and 1", opt.Epsilon)
			}
			g, err := sel.build(cmd.Context(), app)
			if err != nil {
				return err
			}
			opt.TopN, opt.Weighted = sel.top, sel.weighted
			rs, err := analysis.Centrality(g, opt)
			if err != nil {
				return usagef("%s", tideline.ErrorMessage(err))
			}
			return sel.out(app, rs, func(w io.Writer) error {
				for _, r := range rs {
					fmt.Fprintf(w, "%s: %s\n", r.Measure, r.Normalisation)
					if r.Note != "" {
						fmt.Fprintf(w, "  (%s)\n", r.Note)
					}
					tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
					for i, s := range r.Top {
						fmt.Fprintf(tw, "  %d\t%s\t%s\t%.4g\n", i+1, s.Caption, s.Schema, s.Score)
					}
					tw.Flush()
					fmt.Fprintln(w)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringSliceVar(&opt.Measures, "measure", nil, "measures: "+strings.Join(analysis.MeasureOrder, ", ")+" (default degree, betweenness, pagerank, eigenvector)")
	cmd.Flags().Float64Var(&opt.Epsilon, "epsilon", 0, "sample betweenness with this error bound (probability 0.9); default: exact up to 20,000 nodes, 0.01 above")
	cmd.Flags().Uint64Var(&opt.Seed, "seed", 1, "seed of sampled betweenness")
	return cmd
}

func newCommunitiesCmd(app *App, sel *selection) *cobra.Command {
	var algorithm string
	var resolution float64
	var seed uint64
	cmd := &cobra.Command{
		Use:   "communities",
		Short: "The cells of the network: Leiden (default) or Louvain communities, with modularity Q and each community's top members",
		Long: `Partitions the graph maximising modularity Q = 1/(2m) Σ_ij [A_ij − γ k_i k_j/(2m)] δ(c_i, c_j)
(Newman and Girvan 2004) with the resolution γ of Reichardt and Bornholdt
(2006): --resolution above 1 finds smaller cells, below 1 larger ones.
Leiden (Traag, Waltman and van Eck 2019) never returns a disconnected
community; Louvain (Blondel et al. 2008) is the classic. Both are seeded:
the same seed gives the same partition. --weighted uses tie strength.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			g, err := sel.build(cmd.Context(), app)
			if err != nil {
				return err
			}
			r, err := analysis.Communities(g, algorithm, resolution, seed, sel.weighted, sel.top)
			if err != nil {
				return usagef("%s", tideline.ErrorMessage(err))
			}
			return sel.out(app, r, func(w io.Writer) error {
				fmt.Fprintf(w, "%s, resolution %g: %d communities, modularity Q=%.4f\n", r.Algorithm, r.Resolution, len(r.Communities), r.Modularity)
				for i, c := range r.Communities {
					if i == 20 {
						fmt.Fprintf(w, "... %d more (--json lists them all)\n", len(r.Communities)-20)
						break
					}
					var names []string
					for _, m := range c.Members {
						names = append(names, m.Caption)
					}
					fmt.Fprintf(w, "  %3d: %4d nodes  %s\n", i+1, c.Size, strings.Join(names, ", "))
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&algorithm, "algorithm", "leiden", "leiden or louvain")
	cmd.Flags().Float64Var(&resolution, "resolution", 1, "resolution γ of modularity")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "seed")
	return cmd
}

func writeLinks(w io.Writer, links []analysis.Link) {
	for _, l := range links {
		when := ""
		if !l.First.IsZero() {
			when = " " + l.First.Format("2006-01-02")
			if !l.Last.Equal(l.First) {
				when += " to " + l.Last.Format("2006-01-02")
			}
		}
		fmt.Fprintf(w, "      -- %s (%d tie%s%s) --> %s\n", strings.Join(l.Layers, ", "), l.Ties, map[bool]string{true: "s"}[l.Ties != 1], when, l.To.Caption)
	}
}

func newPathCmd(app *App, sel *selection) *cobra.Command {
	var k, maxHops int
	cmd := &cobra.Command{
		Use:   "path A B",
		Short: "How are two entities connected: the k shortest paths (Yen), or every path of at most --max-hops",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if k < 1 || maxHops < 0 {
				return usagef("--k must be at least 1 and --max-hops at least 0")
			}
			ctx := cmd.Context()
			g, err := sel.build(ctx, app)
			if err != nil {
				return err
			}
			a, b := nodeID(ctx, app, args[0]), nodeID(ctx, app, args[1])
			var ps []analysis.PathResult
			more := false
			if maxHops > 0 {
				ps, more, err = analysis.SimplePaths(g, a, b, maxHops, k)
			} else {
				ps, err = analysis.Paths(g, a, b, k, sel.weighted)
			}
			if err != nil {
				return err
			}
			return sel.out(app, map[string]any{"paths": ps, "more": more}, func(w io.Writer) error {
				if len(ps) == 0 {
					fmt.Fprintf(w, "No path joins %s and %s in the selection.\n", args[0], args[1])
					return nil
				}
				for i, p := range ps {
					fmt.Fprintf(w, "path %d: %d hops (length %.4g)\n  %s\n", i+1, len(p.Links), p.Length, p.Nodes[0].Caption)
					writeLinks(w, p.Links)
				}
				if more {
					fmt.Fprintf(w, "(more paths of at most %d hops exist; raise --k)\n", maxHops)
				}
				return nil
			})
		},
	}
	cmd.Flags().IntVar(&k, "k", 3, "paths listed")
	cmd.Flags().IntVar(&maxHops, "max-hops", 0, "list every simple path of at most this many hops (up to --k of them) instead of the shortest")
	return cmd
}

func newNeighboursCmd(app *App, sel *selection) *cobra.Command {
	var hops int
	var through []string
	cmd := &cobra.Command{
		Use:     "neighbours ID...",
		Aliases: []string{"neighbors"},
		Short:   "The k-hop neighbourhood of entities",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if hops < 1 {
				return usagef("--hops must be at least 1")
			}
			ctx := cmd.Context()
			g, err := sel.build(ctx, app)
			if err != nil {
				return err
			}
			ids := make([]string, len(args))
			for i, a := range args {
				ids[i] = nodeID(ctx, app, a)
			}
			ns, err := analysis.Neighbours(g, ids, hops, through)
			if err != nil {
				return err
			}
			return sel.out(app, ns, func(w io.Writer) error {
				tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "hops\tcaption\tschema\tid")
				for _, n := range ns {
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", n.Hops, n.Caption, n.Schema, n.ID)
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().IntVar(&hops, "hops", 2, "hops from the entities")
	cmd.Flags().StringSliceVar(&through, "through", nil, "walk through and list only nodes of these schemata or pivot types (Person, Vehicle, phone...)")
	return cmd
}

func newConnectCmd(app *App, sel *selection) *cobra.Command {
	var steiner bool
	cmd := &cobra.Command{
		Use:   "connect ID ID...",
		Short: "The connecting network of entities: every shortest path between each pair (or a small tree, --steiner)",
		Args:  cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			g, err := sel.build(ctx, app)
			if err != nil {
				return err
			}
			ids := make([]string, len(args))
			for i, a := range args {
				ids[i] = nodeID(ctx, app, a)
			}
			net, err := analysis.Connect(g, ids, steiner, sel.weighted)
			if err != nil {
				return err
			}
			return sel.out(app, net, func(w io.Writer) error {
				fmt.Fprintf(w, "%d nodes, %d links", len(net.Nodes), len(net.Links))
				if !net.Connected {
					fmt.Fprint(w, "; the entities are not all connected in the selection")
				}
				fmt.Fprintln(w)
				for _, l := range net.Links {
					fmt.Fprintf(w, "  %s", l.From.Caption)
					writeLinks(w, []analysis.Link{l})
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&steiner, "steiner", false, "a small tree spanning the entities (Kou-Markowsky-Berman) instead of every shortest path")
	return cmd
}

func newJourneyCmd(app *App, sel *selection) *cobra.Command {
	var maxWait time.Duration
	cmd := &cobra.Command{
		Use:   "journey A B",
		Short: "The earliest time-respecting path from A to B: a chain of dated calls, payments or meetings, each after the one before",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if maxWait < 0 {
				return usagef("--max-wait must not be negative")
			}
			ctx := cmd.Context()
			g, err := sel.build(ctx, app)
			if err != nil {
				return err
			}
			from, to := parseDay(sel.from), parseDay(sel.to)
			hops, ok, err := analysis.Journey(g, nodeID(ctx, app, args[0]), nodeID(ctx, app, args[1]), from, to, maxWait)
			if err != nil {
				return err
			}
			return sel.out(app, map[string]any{"found": ok, "hops": hops}, func(w io.Writer) error {
				if !ok {
					fmt.Fprintf(w, "No time-respecting path from %s to %s in the selection.\n", args[0], args[1])
					return nil
				}
				for _, h := range hops {
					fmt.Fprintf(w, "  %s  %s -- %s --> %s\n", h.At.Format("2006-01-02 15:04"), h.From.Caption, h.Layer, h.To.Caption)
				}
				return nil
			})
		},
	}
	cmd.Flags().DurationVar(&maxWait, "max-wait", 0, "longest wait between two hops (e.g. 48h); 0: no limit")
	return cmd
}

func parseDay(s string) time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return t
}

func newDisruptCmd(app *App, sel *selection) *cobra.Command {
	var opt analysis.DisruptOptions
	cmd := &cobra.Command{
		Use:   "disrupt",
		Short: "Simulate arrests: which removals break the network most (degree, betweenness, Katz, collective influence, key players)",
		Long: `Removes nodes by a strategy, sequentially (scores recomputed after every
arrest) or in blocks of --block, and reports after each step the largest
connected component (and its fraction of the intact one), the number of
components, Borgatti's fragmentation (the share of pairs no longer
connected) and global efficiency (Latora and Marchiori; computed up to 5,000
nodes). --strategy keyplayer removes at once the set of --removals nodes that
fragments the network most (Borgatti's KPP-Neg, greedy with swaps). This is
the simulation of Cavallaro et al. (2020) on the Sicilian Mafia networks.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opt.Removals < 1 || opt.Block < 0 {
				return usagef("--removals must be at least 1 and --block at least 0")
			}
			g, err := sel.build(cmd.Context(), app)
			if err != nil {
				return err
			}
			opt.Weighted = sel.weighted
			steps, err := analysis.Disrupt(g, opt)
			if err != nil {
				return usagef("%s", tideline.ErrorMessage(err))
			}
			return sel.out(app, steps, func(w io.Writer) error {
				tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "step\tremoved\tLCC\tLCC fraction\tcomponents\tfragmentation\tefficiency")
				for i, s := range steps {
					var names []string
					for _, n := range s.Removed {
						names = append(names, n.Caption)
					}
					eff := "-"
					if s.Efficiency >= 0 {
						eff = fmt.Sprintf("%.4f", s.Efficiency)
					}
					fmt.Fprintf(tw, "%d\t%s\t%d\t%.3f\t%d\t%.4f\t%s\n", i, strings.Join(names, ", "), s.LCC, s.LCCFraction, s.Components, s.Fragmentation, eff)
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().StringVar(&opt.Strategy, "strategy", "betweenness", "degree, betweenness, katz, ci (collective influence) or keyplayer")
	cmd.Flags().IntVar(&opt.Removals, "removals", 10, "nodes removed in all")
	cmd.Flags().IntVar(&opt.Block, "block", 0, "nodes removed per step (0: one at a time, recomputing after each)")
	return cmd
}

func newTimelineCmd(app *App, sel *selection) *cobra.Command {
	var every string
	var phases []string
	cmd := &cobra.Command{
		Use:   "timeline",
		Short: "The network per time window (--every month|week|quarter|N days) or per dataset (--phases), with its key players and who entered and left",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var labels []string
			var graphs []*analysis.Graph
			switch {
			case len(phases) > 0:
				for _, p := range phases {
					s := *sel
					s.datasets = []string{p}
					g, err := s.build(ctx, app)
					if err != nil {
						return err
					}
					labels, graphs = append(labels, p), append(graphs, g)
				}
			default:
				if sel.from == "" || sel.to == "" {
					return usagef("timeline needs --phases DATASET,... or --from and --to with --every")
				}
				step, err := windowStep(every)
				if err != nil {
					return err
				}
				from, to := parseDay(sel.from), parseDay(sel.to)
				for t := from; t.Before(to); t = step(t) {
					s := *sel
					end := step(t)
					if end.After(to) {
						end = to
					}
					s.from, s.to, s.datedOnly = t.Format("2006-01-02"), end.Format("2006-01-02"), true
					g, err := s.build(ctx, app)
					if err != nil {
						return err
					}
					labels, graphs = append(labels, s.from), append(graphs, g)
				}
			}
			tl := analysis.Timeline(labels, graphs, sel.top)
			return sel.out(app, tl, func(w io.Writer) error {
				tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "window\tnodes\tedges\tentered\tleft\ttop degree\ttop betweenness")
				for _, x := range tl {
					top := func(s []analysis.Score, f string) string {
						var out []string
						for _, v := range s[:min(2, len(s))] {
							out = append(out, fmt.Sprintf("%s "+f, v.Caption, v.Score))
						}
						return strings.Join(out, ", ")
					}
					fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t%s\n", x.Label, x.Nodes, x.Edges, x.Entered, x.Left, top(x.TopDegree, "(%.0f)"), top(x.TopBetweenness, "%.3f"))
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().StringVar(&every, "every", "month", "window length: week, month, quarter, year or a number of days")
	cmd.Flags().StringSliceVar(&phases, "phases", nil, "one window per dataset, in this order (e.g. the wiretap phases of an operation)")
	return cmd
}

func windowStep(every string) (func(time.Time) time.Time, error) {
	switch every {
	case "week":
		return func(t time.Time) time.Time { return t.AddDate(0, 0, 7) }, nil
	case "month":
		return func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }, nil
	case "quarter":
		return func(t time.Time) time.Time { return t.AddDate(0, 3, 0) }, nil
	case "year":
		return func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }, nil
	}
	var days int
	if _, err := fmt.Sscan(every, &days); err != nil || days < 1 {
		return nil, usagef("--every %q: use week, month, quarter, year or a number of days", every)
	}
	return func(t time.Time) time.Time { return t.AddDate(0, 0, days) }, nil
}

func hasDataset(list []tideline.DatasetStats, name string) bool {
	for _, d := range list {
		if d.Name == name {
			return true
		}
	}
	return false
}
