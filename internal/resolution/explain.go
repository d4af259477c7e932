package resolution

import (
	"context"
	"encoding/json"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/resolve"
)

// Explanation is a pair's score broken into its parts, with what the two
// entities are.
type Explanation struct {
	Profile  string `json:"profile"`
	A        string `json:"a"`
	B        string `json:"b"`
	CaptionA string `json:"caption_a"`
	CaptionB string `json:"caption_b"`
	resolve.Explanation
	Threshold float64 `json:"threshold"`
	Linked    bool    `json:"linked"` // at or above the threshold
	SameNow   bool    `json:"same_entity_now"`
}

// Explain scores entities a and b (ids as loaded) with the stored model of
// their profile, term frequencies counted over the profile's entities.
// ENOTFOUND for an unknown id; EINVALID when the two are not resolved by
// one profile, or no model has been trained yet (run resolve first).
func Explain(ctx context.Context, st Store, a, b string, opt Options) (*Explanation, error) {
	m := tideline.DefaultModel()
	ea, err := mentionEntity(ctx, st, a)
	if err != nil {
		return nil, err
	}
	eb, err := mentionEntity(ctx, st, b)
	if err != nil {
		return nil, err
	}
	p := ProfileFor(m, ea.Schema)
	if q := ProfileFor(m, eb.Schema); p == nil || q == nil || q.Name != p.Name {
		return nil, tideline.Errorf(tideline.EINVALID, "%s (%s) and %s (%s) are not compared: resolution compares people with people, vehicles with vehicles...", a, ea.Schema, b, eb.Schema)
	}
	data, err := st.Model(ctx, refinedModel(p))
	if tideline.ErrorCode(err) == tideline.ENOTFOUND {
		data, err = st.Model(ctx, p.Name)
	}
	if tideline.ErrorCode(err) == tideline.ENOTFOUND {
		return nil, tideline.Errorf(tideline.EINVALID, "no %s model yet: run 'tideline resolve' first", p.Name)
	} else if err != nil {
		return nil, err
	}
	var model resolve.Model
	if err := json.Unmarshal(data, &model); err != nil || !fits(&model, p.Settings.Comparisons) {
		return nil, tideline.Errorf(tideline.EINVALID, "the stored %s model does not fit this version: run 'tideline resolve --retrain'", p.Name)
	}
	recs, ms, err := load(ctx, st, p, opt.Datasets)
	if err != nil {
		return nil, err
	}
	ia, ib := -1, -1
	for i := range recs {
		switch recs[i].ID {
		case a:
			ia = i
		case b:
			ib = i
		}
	}
	// Entities outside the datasets selected are compared all the same.
	if ia < 0 || ib < 0 {
		linked, err := linkedIdentifiers(ctx, st, nil)
		if err != nil {
			return nil, err
		}
		if ia < 0 {
			recs, ms, ia = append(recs, p.record(ea, "", linked)), append(ms, mention{}), len(recs)
		}
		if ib < 0 {
			recs, ms, ib = append(recs, p.record(eb, "", linked)), append(ms, mention{}), len(recs)
		}
	}
	s := p.Settings
	if opt.Threshold > 0 {
		s.Threshold = opt.Threshold
	}
	r := resolve.NewResolver(recs, s)
	r.SetModel(&model)
	e := &Explanation{Profile: p.Name, A: a, B: b, CaptionA: ea.MakeCaption(m), CaptionB: eb.MakeCaption(m),
		Explanation: r.Explain(ia, ib), Threshold: thresholdOf(s)}
	e.Linked = e.Probability >= e.Threshold
	e.SameNow = ms[ia].canonical != "" && ms[ia].canonical == ms[ib].canonical
	return e, nil
}

func thresholdOf(s resolve.Settings) float64 {
	if s.Threshold > 0 {
		return s.Threshold
	}
	return 0.9
}

// mentionEntity assembles entity id from its own statements, not those of
// the entities it was merged with. ENOTFOUND when it has none.
func mentionEntity(ctx context.Context, st Store, id string) (*tideline.Entity, error) {
	canonical, err := st.CanonicalOf(ctx, id)
	if err != nil {
		return nil, err
	}
	var own []tideline.Statement
	for s, err := range st.Statements(ctx, tideline.EntityFilter{IDs: []string{canonical}}) {
		if err != nil {
			return nil, err
		}
		if s.EntityID == id {
			own = append(own, *s)
		}
	}
	if len(own) == 0 {
		return nil, tideline.Errorf(tideline.ENOTFOUND, "entity %s not found", id)
	}
	return tideline.AssembleEntity(tideline.DefaultModel(), id, own)
}
