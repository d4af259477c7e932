package main

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/analysis"
)

func newAnalyseCmd(app *App) *cobra.Command {
	var (
		datasets []string
		schemata []string
		opt      analysis.ReportOptions
		asJSON   bool
		noPivots bool
		victims  bool
	)
	cmd := &cobra.Command{
		Use:     "analyse",
		Aliases: []string{"analyze"},
		Short:   "Print the network report: components, key players, brokers and communities",
		Long: `Builds the graph from the store (entities, links, events, and phone numbers,
identifiers, IBANs and e-mails shared by two or more entities, each shown as its
own node) and prints, for each connected component, its size and density, the
top nodes by degree, betweenness and PageRank, and its Louvain communities with
their modularity Q.

Normalisation: degree is the count of distinct neighbours; betweenness is
Brandes' over unordered pairs times 2/((n-1)(n-2)), n the nodes of the whole
graph (networkx normalized=True); PageRank uses damping 0.85 and sums to 1.
All measures use the simple graph unless --weighted, which makes PageRank and
Louvain use tie strength.`,
		Example: `  tideline analyse
  tideline analyse --dataset caviar_phase11 --top 5
  tideline analyse --dataset montagna_meetings --json > report.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if opt.TopN < 1 || opt.MinSize < 1 {
				return usagef("--top and --min-size must be at least 1")
			}
			store, err := app.ExistingStore(ctx)
			if err != nil {
				return err
			}
			if len(datasets) > 0 {
				known, err := store.Datasets(ctx)
				if err != nil {
					return err
				}
				for _, d := range datasets {
					if !hasDataset(known, d) {
						return tideline.Errorf(tideline.ENOTFOUND, "dataset %q is not in the store %s (see 'tideline ingest')", d, app.DBPath)
					}
				}
			}
			start := time.Now()
			g, err := analysis.Build(ctx, store, analysis.Options{
				Filter:         tideline.EntityFilter{Datasets: datasets, Schemata: schemata},
				NoPivots:       noPivots,
				IncludeVictims: victims,
			})
			if err != nil {
				return err
			}
			status(app, "graph of %d nodes and %d edges built in %s; analysing...", g.G.N(), g.G.M(), time.Since(start).Round(time.Millisecond))
			rep := analysis.Analyse(g, opt)
			status(app, "")
			if asJSON {
				enc := json.NewEncoder(app.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(rep)
			}
			if rep.Nodes == 0 && len(rep.Problems) == 0 {
				fmt.Fprintln(app.Stdout, "The selection holds no entities to draw. Load data with 'tideline ingest'.")
				return nil
			}
			return rep.WriteText(app.Stdout)
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&datasets, "dataset", nil, "only statements of these datasets (repeat or comma-separate)")
	f.StringSliceVar(&schemata, "schema", nil, "only entities of these schemata and their descendants")
	f.IntVar(&opt.TopN, "top", 10, "nodes listed per measure")
	f.IntVar(&opt.MinSize, "min-size", 3, "smallest component reported in full")
	f.Uint64Var(&opt.Seed, "seed", 1, "seed of the Louvain community search")
	f.BoolVar(&opt.Weighted, "weighted", false, "PageRank and communities use tie strength (summed call, meeting and payment weights)")
	f.BoolVar(&noPivots, "no-pivots", false, "do not link entities through shared phones, identifiers, IBANs and e-mails")
	f.BoolVar(&victims, "include-victims", false, "also draw people recorded as victims (safeguarding flag), for safeguarding work; by default they are left out and never ranked")
	f.BoolVar(&asJSON, "json", false, "print JSON (keys nodes, edges, components...) instead of tables")
	return cmd
}

func hasDataset(list []tideline.DatasetStats, name string) bool {
	for _, d := range list {
		if d.Name == name {
			return true
		}
	}
	return false
}
