package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/analysis"
	"github.com/tideline-oss/tideline/internal/ingest"
	"github.com/tideline-oss/tideline/internal/resolution"
	"github.com/tideline-oss/tideline/internal/scenario"
)

// demoSource is one real public file the demo loads, with its provenance.
type demoSource struct {
	path string // relative to the data directory
	fl   ingestFlags
}

func demoSources() []demoSource {
	var out []demoSource
	add := func(path string, fl ingestFlags) { out = append(out, demoSource{path, fl}) }
	add("ftm/donations.mapping.yml", ingestFlags{agency: "Bundestag (public register)", grading: "1A", handling: "P"})
	add("ftm/zala.entities.ftm.json", ingestFlags{format: "ftm", dataset: "zala", agency: "OpenSanctions", grading: "1B", handling: "P"})
	add("networks/montagna/Montagna_meetings_edgelist.csv", ingestFlags{format: "network", dataset: "montagna_meetings",
		namespace: "montagna", link: "Associate", relationship: "met", agency: "Court records (Messina)", grading: "1B", handling: "P"})
	add("networks/montagna/Montagna_phonecalls_edgelist.csv", ingestFlags{format: "network", dataset: "montagna_calls",
		namespace: "montagna", link: "Call", directed: true, agency: "Court records (Messina)", grading: "1B", handling: "P"})
	for i := 1; i <= 11; i++ {
		add(fmt.Sprintf("networks/caviar/phase%d.csv", i), ingestFlags{format: "network", dataset: fmt.Sprintf("caviar_phase%d", i),
			namespace: "caviar", link: "Call", directed: true, agency: "Montreal police / RCMP wiretaps", grading: "1A", handling: "P"})
	}
	return out
}

func newDemoCmd(app *App) *cobra.Command {
	var data, scenarioDir string
	var top int
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Generate the demo scenario, load it, resolve its entities, load real public data, and print the network reports",
		Long: `First generates the demo smuggling scenario (tideline scenario --demo: six
months of Channel crossings following the Home Office series, ten groups and
the records eight agency sources hold about them) into --scenario, loads every
source through its mapping and prints the network report of the smugglers'
network (people recorded as victims are not drawn); then resolves the
entities across the agencies, scores the result against the scenario's truth
and prints the network report again.

Then loads real public data from the shared data directory, each file as its
own dataset with its agency and grading: German party donations (CSV through
an FtM mapping), an OpenSanctions export (FtM JSON), the Sicilian Mafia
"Montagna" meetings and phone calls, and the 11 wiretap phases of Project
CAVIAR; and prints the network report for Montagna (both layers) and how
CAVIAR's key players changed across the phases. Without the data directory
that part is skipped. Running the demo again adds nothing.`,
		Example: `  tideline demo
  tideline demo --data /path/to/shared/data --db /tmp/demo.db --scenario /tmp/demo-scenario`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			store, err := app.Store(ctx)
			if err != nil {
				return err
			}
			rejects := &rejectFiles{}
			defer rejects.close()
			explicit := func(string) bool { return true } // every source states its provenance

			// The scenario: generated, loaded source by source, analysed.
			start := time.Now()
			st, err := scenario.Generate(ctx, scenario.Demo(), scenarioDir)
			if err != nil {
				return err
			}
			fmt.Fprintf(app.Stdout, "== Demo scenario: %s\n", strings.TrimSpace(strings.SplitN(st.Summary(), "\n", 2)[0]))
			fmt.Fprintf(app.Stdout, "Generated into %s in %s (ground truth in %s); loading each agency's records through its mapping:\n\n",
				scenarioDir, time.Since(start).Round(time.Millisecond), filepath.Join(scenarioDir, "truth"))
			var total ingest.Summary
			var datasets []string
			for _, src := range st.Sources {
				fl := ingestFlags{agency: src.Agency, title: src.Title}
				sum, ds, _, err := loadFile(ctx, app, store, filepath.Join(scenarioDir, src.Mapping), &fl, tideline.Grading{}, explicit, rejects)
				if err != nil {
					return fmt.Errorf("%s: %w", src.Mapping, err)
				}
				fmt.Fprintf(app.Stdout, "  %-16s %-16s %s\n", ds.Name, src.Agency, sum)
				total = add(total, sum)
				datasets = append(datasets, ds.Name)
			}
			fmt.Fprintf(app.Stdout, "  total: %s\n\n", total)
			g, err := analysis.Build(ctx, store, analysis.Options{Filter: tideline.EntityFilter{Datasets: datasets}})
			if err != nil {
				return err
			}
			fmt.Fprintf(app.Stdout, "The smugglers' network as recorded, before entity resolution (components of 150 nodes or more):\n")
			if err := analysis.Analyse(g, analysis.ReportOptions{TopN: top, MinSize: 150}).WriteText(app.Stdout); err != nil {
				return err
			}

			// Entity resolution across the agencies, scored against the truth.
			rs, err := app.resolvingStore(ctx)
			if err != nil {
				return err
			}
			start = time.Now()
			rsum, err := resolution.Run(ctx, rs, resolution.Options{Datasets: datasets})
			if err != nil {
				return err
			}
			fmt.Fprintf(app.Stdout, "\nEntity resolution across the agencies (tideline resolve), %s:\n", time.Since(start).Round(time.Millisecond))
			for _, p := range rsum.Profiles {
				if p.Records > 0 {
					fmt.Fprintf(app.Stdout, "  %-8s %5d records -> %5d entities\n", p.Profile, p.Records, p.Clusters)
				}
			}
			if rep, err := resolution.EvalScenario(ctx, rs, filepath.Join(scenarioDir, "truth")); err == nil {
				m := rep.Metrics
				fmt.Fprintf(app.Stdout, "  against the scenario's truth: pairwise precision %.3f, recall %.3f, F1 %.3f; record-level (B-cubed) F1 %.3f\n",
					m.Precision, m.Recall, m.F1, m.BCubedF1)
			}
			fmt.Fprintf(app.Stdout, "  %d uncertain pairs wait in the review queue (tideline review; tideline explain A B)\n\n", rsum.Review)
			if g, err = analysis.Build(ctx, store, analysis.Options{Filter: tideline.EntityFilter{Datasets: datasets}}); err != nil {
				return err
			}
			fmt.Fprintf(app.Stdout, "The smugglers' network after entity resolution (components of 150 nodes or more):\n")
			if err := analysis.Analyse(g, analysis.ReportOptions{TopN: top, MinSize: 150}).WriteText(app.Stdout); err != nil {
				return err
			}

			if st, err := os.Stat(data); err != nil || !st.IsDir() {
				fmt.Fprintf(app.Stdout, "\nThe real public data directory %s was not found (pass --data or set TIDELINE_DATA); skipping it.\n", data)
				return nil
			}
			fmt.Fprintf(app.Stdout, "\n== Real public data from %s into %s\n\n", data, app.DBPath)
			total = ingest.Summary{}
			for _, s := range demoSources() {
				fl := s.fl
				g, _ := tideline.ParseGrading(fl.grading)
				if err := g.SetHandling(fl.handling, fl.conditions); err != nil {
					return err
				}
				sum, ds, _, err := loadFile(ctx, app, store, filepath.Join(data, s.path), &fl, g, explicit, rejects)
				if err != nil {
					return fmt.Errorf("%s: %w", s.path, err)
				}
				fmt.Fprintf(app.Stdout, "  %-52s %-18s %s\n", s.path, ds.Name, sum)
				total = add(total, sum)
			}
			fmt.Fprintf(app.Stdout, "  total: %s\n", total)

			fmt.Fprintf(app.Stdout, "\n== Montagna operation (Sicilian Mafia): meetings and phone calls combined ==\n")
			g, err = analysis.Build(ctx, store, analysis.Options{Filter: tideline.EntityFilter{Datasets: []string{"montagna_meetings", "montagna_calls"}}})
			if err != nil {
				return err
			}
			if err := analysis.Analyse(g, analysis.ReportOptions{TopN: top}).WriteText(app.Stdout); err != nil {
				return err
			}

			fmt.Fprintf(app.Stdout, "\n== Project CAVIAR: the key player in each wiretap phase ==\n")
			fmt.Fprintf(app.Stdout, "%-6s %5s %5s  %-22s %-30s\n", "phase", "nodes", "edges", "top degree", "top betweenness")
			for i := 1; i <= 11; i++ {
				g, err := analysis.Build(ctx, store, analysis.Options{Filter: tideline.EntityFilter{Datasets: []string{fmt.Sprintf("caviar_phase%d", i)}}})
				if err != nil {
					return err
				}
				r := analysis.Analyse(g, analysis.ReportOptions{TopN: 2})
				if len(r.Components) == 0 {
					continue
				}
				c := r.Components[0]
				fmt.Fprintf(app.Stdout, "%-6d %5d %5d  %-22s %-30s\n", i, r.Nodes, r.Edges,
					fmt.Sprintf("n%s (%.0f)", c.TopDegree[0].Caption, c.TopDegree[0].Score),
					fmt.Sprintf("n%s %.3f, n%s %.3f", c.TopBetweenness[0].Caption, c.TopBetweenness[0].Score,
						c.TopBetweenness[1].Caption, c.TopBetweenness[1].Score))
			}
			fmt.Fprintf(app.Stdout, "\nNext, with the binary built by 'go build -o tideline ./cmd/tideline':\n"+
				"  ./tideline --db %s analyse --dataset nca_intel,cdr_albion,cdr_kestrel   (one agency's view; add --json for machines)\n"+
				"  ./tideline --db %s show 6d03aec76fdeec8f9697d8b19954ab6fc2568bc8   (an entity with the provenance of every value)\n"+
				"  ./tideline scenario --people 100000 --out big   (a larger scenario; see --help)\n", app.DBPath, app.DBPath)
			return nil
		},
	}
	cmd.Flags().StringVar(&data, "data", envOr("TIDELINE_DATA", filepath.Join("..", "shared", "data")), "shared data directory; env TIDELINE_DATA")
	cmd.Flags().StringVar(&scenarioDir, "scenario", "demo-scenario", "folder the demo scenario is generated into")
	cmd.Flags().IntVar(&top, "top", 5, "nodes listed per measure")
	return cmd
}
