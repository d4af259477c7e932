package resolution

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/resolve"
)

// Store is a statement store that keeps resolution.
type Store interface {
	tideline.Store
	tideline.ResolutionStore
}

// Options tune a resolution run.
type Options struct {
	Datasets []string // only entities of these datasets (all when empty)
	Profiles []string // only these profiles (all when empty)
	// Retrain estimates the model again even when one is stored.
	Retrain bool
	// Threshold overrides the profiles' match probability for links.
	Threshold float64
	// ReviewLimit bounds the review queue (default 1,000).
	ReviewLimit int
	Workers     int
	// Progress, when set, receives one line per stage.
	Progress func(format string, args ...any)
}

// ProfileSummary is what one profile's run did.
type ProfileSummary struct {
	Profile    string  `json:"profile"`
	Records    int     `json:"records"`
	Candidates int     `json:"candidate_pairs"`
	Links      int     `json:"links"`
	Merges     int     `json:"merges"`
	Refused    int     `json:"refused_merges"`
	Clusters   int     `json:"clusters"`
	Merged     int     `json:"records_in_merged_clusters"`
	Changed    int     `json:"canonical_ids_changed"`
	Judgements int     `json:"judgements_applied"`
	Trained    bool    `json:"trained"`
	Lambda     float64 `json:"lambda"`
	Seconds    float64 `json:"seconds"`
}

// Summary is what a run did.
type Summary struct {
	Profiles []ProfileSummary `json:"profiles"`
	Review   int              `json:"review_queue"`
}

// mention is a record with where it stands now.
type mention struct {
	canonical string // canonical id before this run
}

// load reads the entities of a profile as they were loaded (not merged),
// with their current canonical ids. O(statements read).
func load(ctx context.Context, st Store, p *Profile, datasets []string) ([]resolve.Record, []mention, error) {
	m := tideline.DefaultModel()
	var recs []resolve.Record
	var ms []mention
	var group []tideline.Statement
	var linked map[string][]string
	for _, f := range p.fields {
		if slices.Contains(f, linkedProp) {
			var err error
			if linked, err = linkedIdentifiers(ctx, st, datasets); err != nil {
				return nil, nil, err
			}
		}
	}
	flush := func() error {
		if len(group) == 0 {
			return nil
		}
		e, err := tideline.AssembleEntity(m, group[0].EntityID, group)
		canonical := group[0].CanonicalID
		group = group[:0]
		if err != nil {
			return nil // an entity with conflicting schemata is left out, as the graph leaves it
		}
		s := m.Schema(e.Schema)
		in := false
		for _, name := range p.Schemata {
			in = in || s.IsAName(name)
		}
		if q := ProfileFor(m, e.Schema); !in || q == nil || q.Name != p.Name {
			return nil
		}
		recs = append(recs, p.record(e, strings.Join(e.Datasets, ","), linked))
		ms = append(ms, mention{canonical: canonical})
		return nil
	}
	for s, err := range st.Statements(ctx, tideline.EntityFilter{Datasets: datasets, Schemata: p.Schemata}) {
		if err != nil {
			return nil, nil, err
		}
		if len(group) > 0 && group[0].EntityID != s.EntityID {
			if err := flush(); err != nil {
				return nil, nil, err
			}
		}
		group = append(group, *s)
	}
	return recs, ms, flush()
}

// Run resolves the store's entities profile by profile: it trains (or
// loads) each profile's model, scores and clusters under the judgements in
// force, gives every cluster a canonical id (stable: a cluster keeps the
// canonical id most of its members had), moves the statements and replaces
// the review queue.
func Run(ctx context.Context, st Store, opt Options) (*Summary, error) {
	if opt.ReviewLimit <= 0 {
		opt.ReviewLimit = 1000
	}
	progress := opt.Progress
	if progress == nil {
		progress = func(string, ...any) {}
	}
	judgements, err := st.Judgements(ctx, tideline.JudgementFilter{InForce: true})
	if err != nil {
		return nil, err
	}
	sum := &Summary{}
	var review []tideline.ReviewItem
	read := map[string]bool{} // the entities this run read
	for _, p := range Profiles() {
		if len(opt.Profiles) > 0 && !slices.Contains(opt.Profiles, p.Name) {
			continue
		}
		start := time.Now()
		recs, ms, err := load(ctx, st, p, opt.Datasets)
		if err != nil {
			return nil, err
		}
		ps := ProfileSummary{Profile: p.Name, Records: len(recs)}
		for i := range recs {
			read[recs[i].ID] = true
		}
		if len(recs) < 2 {
			sum.Profiles = append(sum.Profiles, ps)
			continue
		}
		progress("%s: %d records loaded in %s", p.Name, len(recs), time.Since(start).Round(time.Millisecond))
		r, trained, err := resolverFor(ctx, st, p, recs, opt)
		if err != nil {
			return nil, err
		}
		ps.Trained = trained
		index := make(map[string]int32, len(recs))
		for i := range recs {
			index[recs[i].ID] = int32(i)
		}
		var js []resolve.Judgement
		unsure := map[[2]string]bool{}
		for _, j := range judgements {
			a, okA := index[j.A]
			b, okB := index[j.B]
			if !okA || !okB {
				continue
			}
			unsure[pairKey(j.A, j.B)] = true // any judgement keeps the pair out of the queue
			if j.Verdict == tideline.VerdictUnsure {
				continue
			}
			js = append(js, resolve.Judgement{A: a, B: b, Match: j.Verdict == tideline.VerdictMatch})
			ps.Judgements++
		}
		res, err := r.Run(ctx, js)
		if err != nil {
			return nil, err
		}
		// The model as refined over this run's clusters, so that explain
		// scores as this run did. The next run starts again from the
		// trained model, so that a run on unchanged data gives the same
		// clusters as the one before.
		if data, err := json.Marshal(res.Model); err != nil {
			return nil, fmt.Errorf("resolution: %w", err)
		} else if err := st.PutModel(ctx, refinedModel(p), data); err != nil {
			return nil, err
		}
		progress("%s: %d candidate pairs, %d links, %d merges", p.Name, r.Candidates(), res.Links, res.Merges)
		ps.Candidates, ps.Links, ps.Merges, ps.Refused, ps.Lambda = res.Blocking.Candidates, res.Links, res.Merges, res.Refused, res.Model.Lambda
		mapping, clusters, merged := assignCanonicals(recs, ms, res.Cluster, len(opt.Datasets) > 0)
		ps.Clusters, ps.Merged = clusters, merged
		if ps.Changed, err = st.SetCanonicals(ctx, mapping); err != nil {
			return nil, err
		}
		for _, pr := range res.Review {
			a, b := recs[pr.A].ID, recs[pr.B].ID
			if unsure[pairKey(a, b)] {
				continue
			}
			review = append(review, tideline.ReviewItem{A: a, B: b, Probability: pr.Probability, Weight: pr.Weight, Note: p.Name + ": " + note(r, int(pr.A), int(pr.B))})
			if len(review) >= opt.ReviewLimit*4 {
				break
			}
		}
		ps.Seconds = time.Since(start).Seconds()
		sum.Profiles = append(sum.Profiles, ps)
	}
	sort.SliceStable(review, func(i, j int) bool { return review[i].Probability > review[j].Probability })
	if len(review) > opt.ReviewLimit {
		review = review[:opt.ReviewLimit]
	}
	if len(opt.Datasets) > 0 || len(opt.Profiles) > 0 {
		// A run over part of the store keeps the queue's other pairs.
		old, err := st.Review(ctx, 0)
		if err != nil {
			return nil, err
		}
		for _, it := range old {
			if !read[it.A] && !read[it.B] {
				review = append(review, it)
			}
		}
		sort.SliceStable(review, func(i, j int) bool { return review[i].Probability > review[j].Probability })
		if len(review) > opt.ReviewLimit {
			review = review[:opt.ReviewLimit]
		}
	}
	if err := st.ReplaceReview(ctx, review); err != nil {
		return nil, err
	}
	sum.Review = len(review)
	return sum, nil
}

func pairKey(a, b string) [2]string {
	if a > b {
		a, b = b, a
	}
	return [2]string{a, b}
}

// resolverFor prepares the records and sets the profile's model: the
// stored one, unless retraining is asked for or it no longer fits the
// profile's comparisons; a model trained here is stored.
func resolverFor(ctx context.Context, st Store, p *Profile, recs []resolve.Record, opt Options) (*resolve.Resolver, bool, error) {
	s := p.Settings
	s.Workers = opt.Workers
	if opt.Threshold > 0 {
		s.Threshold = opt.Threshold
	}
	r := resolve.NewResolver(recs, s)
	if !opt.Retrain {
		if data, err := st.Model(ctx, p.Name); err == nil {
			var m resolve.Model
			if json.Unmarshal(data, &m) == nil && fits(&m, s.Comparisons) {
				r.SetModel(&m)
				return r, false, nil
			}
		} else if tideline.ErrorCode(err) != tideline.ENOTFOUND {
			return nil, false, err
		}
	}
	if err := r.Train(ctx); err != nil {
		return nil, false, err
	}
	data, err := json.Marshal(r.Model())
	if err != nil {
		return nil, false, fmt.Errorf("resolution: %w", err)
	}
	return r, true, st.PutModel(ctx, p.Name, data)
}

// fits reports whether a stored model has the comparisons and levels of cs.
func fits(m *resolve.Model, cs []resolve.Comparison) bool {
	if len(m.M) != len(cs) || len(m.U) != len(cs) || len(m.Comparisons) != len(cs) {
		return false
	}
	for k := range cs {
		if m.Comparisons[k].Name != cs[k].Name || m.Comparisons[k].Method != cs[k].Method || len(m.M[k]) != len(cs[k].Levels()) || len(m.U[k]) != len(cs[k].Levels()) {
			return false
		}
	}
	return true
}

// note summarises the strongest terms of a pair's explanation.
func note(r *resolve.Resolver, i, j int) string {
	e := r.Explain(i, j)
	terms := slices.Clone(e.Terms)
	sort.SliceStable(terms, func(a, b int) bool {
		return abs(terms[a].Weight+terms[a].TFAdjust) > abs(terms[b].Weight+terms[b].TFAdjust)
	})
	var parts []string
	for _, t := range terms {
		if t.Level == 0 || len(parts) == 3 {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %s (%+.1f)", t.Comparison, t.Label, t.Weight+t.TFAdjust))
	}
	return strings.Join(parts, "; ")
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// assignCanonicals gives each cluster a canonical id and returns the
// records whose canonical id changes, with the new one; the number of clusters and of records in
// clusters of two or more. Stability: clusters are taken largest first;
// each takes the canonical id most of its members already had (ties: the
// smallest), if no larger cluster took it, else the smallest member id not
// taken. A cluster that grows keeps its id; of a split, the larger part
// keeps it.
func assignCanonicals(recs []resolve.Record, ms []mention, cluster []int32, subset bool) ([]tideline.Canonical, int, int) {
	loaded := map[string]bool{}
	if subset {
		for i := range recs {
			loaded[recs[i].ID] = true
		}
	}
	members := map[int32][]int{}
	for i, c := range cluster {
		members[c] = append(members[c], i)
	}
	roots := make([]int32, 0, len(members))
	for c := range members {
		roots = append(roots, c)
	}
	sort.Slice(roots, func(a, b int) bool {
		if la, lb := len(members[roots[a]]), len(members[roots[b]]); la != lb {
			return la > lb
		}
		return roots[a] < roots[b]
	})
	taken := map[string]bool{}
	// Ids that some record has as its own are reserved for it when it is
	// alone; a cluster may still take one as its canonical id.
	out := make([]tideline.Canonical, 0, len(recs))
	merged := 0
	for _, c := range roots {
		mem := members[c]
		if len(mem) > 1 {
			merged += len(mem)
		}
		votes := map[string]int{}
		for _, i := range mem {
			votes[ms[i].canonical]++
		}
		best := ""
		for id, v := range votes {
			if taken[id] {
				continue
			}
			if best == "" || v > votes[best] || v == votes[best] && id < best {
				best = id
			}
		}
		if best == "" {
			for _, i := range mem {
				if id := recs[i].ID; !taken[id] && (best == "" || id < best) {
					best = id
				}
			}
		}
		if best == "" {
			best = "tl-" + recs[mem[0]].ID // every id was taken: a fresh one
		}
		// In a run over some datasets, a canonical id of a record outside
		// them may be kept by several clusters: the run does not split
		// what it did not read.
		if !subset || loaded[best] {
			taken[best] = true
		}
		for _, i := range mem {
			if ms[i].canonical != best {
				out = append(out, tideline.Canonical{EntityID: recs[i].ID, CanonicalID: best})
			}
		}
	}
	return out, len(roots), merged
}

// refinedModel names the stored model a run refined over its clusters
// (the trained one is stored under the profile's name).
func refinedModel(p *Profile) string { return p.Name + ".refined" }

// Judge records an analyst's judgement on two entities (ids as loaded)
// after checking it against those in force on the same pair: ECONFLICT
// when one with another verdict is in force (undo it first: the two would
// contradict, and the store would silently apply the no-match), and the
// one in force, unchanged, with added false, when it already says the
// same. ENOTFOUND for an unknown entity; EINVALID as
// tideline.Judgement.Validate.
func Judge(ctx context.Context, st Store, j tideline.Judgement) (_ tideline.Judgement, added bool, _ error) {
	if err := j.Validate(); err != nil {
		return tideline.Judgement{}, false, err
	}
	for _, id := range []string{j.A, j.B} {
		if _, err := st.EntityStatements(ctx, id); err != nil {
			return tideline.Judgement{}, false, err
		}
	}
	js, err := st.Judgements(ctx, tideline.JudgementFilter{EntityID: j.A, InForce: true})
	if err != nil {
		return tideline.Judgement{}, false, err
	}
	for _, old := range js {
		if pairKey(old.A, old.B) != pairKey(j.A, j.B) {
			continue
		}
		if old.Verdict == j.Verdict {
			return old, false, nil
		}
		return tideline.Judgement{}, false, tideline.Errorf(tideline.ECONFLICT, "judgement %d (%s, by %s) is in force on %s and %s: undo it first (tideline review undo %d)",
			old.ID, old.Verdict, old.User, j.A, j.B, old.ID)
	}
	j, err = st.AddJudgement(ctx, j)
	return j, err == nil, err
}
