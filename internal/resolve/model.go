package resolve

import (
	"fmt"
	"math"
	"sort"
)

// Model is a Fellegi-Sunter record-linkage model (Fellegi and Sunter
// 1969, "A theory for record linkage", JASA 64:1183): for each comparison
// and level, m is the probability of the level among pairs that match and
// u among pairs that do not; a pair's match weight is
//
//	W = log2(λ/(1-λ)) + Σ_k log2(m_k(γ_k) / u_k(γ_k)) + Σ_k tf_k
//
// over the comparisons k whose level γ_k is not null, where λ is the share
// of matches among the candidate pairs and tf_k the term-frequency
// adjustment of exact levels, log2(u_k(γ_k) / f(v)) for the value v the
// pair agrees on with frequency f(v) among the records (Splink's
// adjustment; Linacre et al. 2022, IJPDS 7(3)). The match probability is
// 2^W / (1 + 2^W). m is trained by EM on the candidate pairs (Winkler
// 1988, "Using the EM algorithm for weight computation in the
// Fellegi-Sunter model") together with λ and the u of candidate pairs,
// starting from u among random pairs, which the term-frequency
// adjustments keep.
type Model struct {
	Comparisons []Comparison `json:"comparisons"`
	M           [][]float64  `json:"m"`      // [comparison][level]; level 0 (null) unused
	U           [][]float64  `json:"u"`      // likewise, among the candidate pairs that do not match
	Lambda      float64      `json:"lambda"` // share of matches among candidate pairs
	// URandom is u among random pairs (the starting point of EM, and the
	// u of the term-frequency adjustments, which compare a value's
	// frequency with agreement by chance).
	URandom [][]float64 `json:"u_random"`
	// Trained records how the model was estimated.
	Trained TrainingStats `json:"trained"`

	tf []map[string]int // per comparison: records holding each agreed value
	n  int              // records the frequencies were counted over
	// TFWeights, once set by refinement, holds per comparison the
	// adjustment (bits) of agreeing on each value at each adjusted level
	// (keys are the level digit then the value), computed over the
	// clusters of the pass before; a value not in it is adjusted by its
	// frequency among the records.
	TFWeights []map[string]float64 `json:"tf_weights,omitempty"`
}

// TrainingStats says what the estimates rest on.
type TrainingStats struct {
	Records    int     `json:"records"`
	Candidates int     `json:"candidate_pairs"`
	USamples   int     `json:"u_samples"`
	Iterations int     `json:"em_iterations"`
	Converged  bool    `json:"converged"`
	Delta      float64 `json:"last_change"`
}

// tfClamp bounds a term-frequency adjustment, in bits.
const tfClamp = 10

// weight returns the pair's match weight and its parts: the prior, then
// each comparison's level weight and term-frequency adjustment.
func (m *Model) weight(levels []uint8, tfAdj []float64) float64 {
	w := log2odds(m.Lambda)
	for k, l := range levels {
		if l == 0 {
			continue
		}
		w += math.Log2(m.M[k][l] / m.U[k][l])
		if tfAdj != nil {
			w += tfAdj[k]
		}
	}
	return w
}

// tfAdjust returns the term-frequency adjustment for comparison k agreeing
// at level l on value v: log2(u / f(v)), clamped to ±10 bits; 0 when the
// level is not adjusted or the value unknown.
func (m *Model) tfAdjust(k int, l uint8, v string) float64 {
	c := &m.Comparisons[k]
	if !c.TF || v == "" || !tfLevels[c.Method][int(l)] {
		return 0
	}
	if m.TFWeights != nil && m.TFWeights[k] != nil {
		if adj, ok := m.TFWeights[k][tfKey(l, v)]; ok {
			return adj
		}
	}
	if m.tf == nil || m.tf[k] == nil || m.n == 0 {
		return 0
	}
	cnt := m.tf[k][tfKey(l, v)]
	if cnt < 1 {
		cnt = 1
	}
	f := float64(cnt) / float64(m.n)
	u := m.U[k][l]
	if m.URandom != nil {
		u = m.URandom[k][l]
	}
	adj := math.Log2(u / f)
	return math.Max(-tfClamp, math.Min(tfClamp, adj))
}

func tfKey(l uint8, v string) string { return string(rune('0'+l)) + v }

func log2odds(p float64) float64 { return math.Log2(p / (1 - p)) }

// Probability converts a match weight to a probability.
func Probability(w float64) float64 {
	if w > 60 {
		return 1
	}
	if w < -60 {
		return 0
	}
	x := math.Exp2(w)
	return x / (1 + x)
}

// WeightOf converts a probability to a match weight (log2 odds).
func WeightOf(p float64) float64 {
	p = math.Min(math.Max(p, 1e-12), 1-1e-12)
	return log2odds(p)
}

// initModel sets starting m (matches agree more often at better levels)
// and flat u.
func initModel(comps []Comparison) *Model {
	m := &Model{Comparisons: comps, Lambda: 0.05}
	for _, c := range comps {
		n := len(c.Levels())
		mk, uk := make([]float64, n), make([]float64, n)
		// Geometric m over levels 1..n-1, heaviest on the best level.
		total := 0.0
		for l := 1; l < n; l++ {
			mk[l] = math.Pow(0.35, float64(l-1))
			total += mk[l]
		}
		for l := 1; l < n; l++ {
			mk[l] /= total
			uk[l] = 1 / float64(n-1)
		}
		m.M, m.U = append(m.M, mk), append(m.U, uk)
	}
	return m
}

// levelCounts counts levels per comparison (for u) with Laplace smoothing.
type levelCounts [][]float64

func newLevelCounts(comps []Comparison) levelCounts {
	out := make(levelCounts, len(comps))
	for k := range comps {
		out[k] = make([]float64, len(comps[k].Levels()))
	}
	return out
}

func (lc levelCounts) add(levels []uint8) {
	for k, l := range levels {
		lc[k][l]++
	}
}

// probabilities turns counts into probabilities over levels 1..n-1, each
// count smoothed by +1.
func (lc levelCounts) probabilities() [][]float64 {
	out := make([][]float64, len(lc))
	for k, row := range lc {
		out[k] = make([]float64, len(row))
		total := 0.0
		for l := 1; l < len(row); l++ {
			total += row[l] + 1
		}
		for l := 1; l < len(row); l++ {
			out[k][l] = (row[l] + 1) / total
		}
	}
	return out
}

// pattern packs levels into a uint64, four bits a comparison (at most 16
// comparisons of at most 16 levels).
func pattern(levels []uint8) uint64 {
	var p uint64
	for k, l := range levels {
		p |= uint64(l) << (4 * k)
	}
	return p
}

func unpack(p uint64, k int, out []uint8) []uint8 {
	out = out[:0]
	for i := 0; i < k; i++ {
		out = append(out, uint8(p>>(4*i))&15)
	}
	return out
}

// em estimates λ and m, and u when estimateU is set, from the count of
// each pattern (the Fellegi-Sunter mixture fitted by EM, Winkler 1988).
// Comparisons null in every pattern keep their values. Each iteration is
// O(patterns · comparisons); EM stops when no probability moves by more
// than 1e-6, or after maxIter.
func (m *Model) em(counts map[uint64]float64, maxIter int, estimateU bool) {
	k := len(m.Comparisons)
	type pc struct {
		levels []uint8
		n      float64
	}
	pats := make([]pc, 0, len(counts))
	for p, n := range counts {
		pats = append(pats, pc{unpack(p, k, nil), n})
	}
	// Deterministic order (map iteration is random, sums are not exact).
	sort.Slice(pats, func(a, b int) bool { return pattern(pats[a].levels) < pattern(pats[b].levels) })
	var total float64
	for _, p := range pats {
		total += p.n
	}
	if total == 0 {
		return
	}
	for it := 1; it <= maxIter; it++ {
		newM, newU := newLevelCounts(m.Comparisons), newLevelCounts(m.Comparisons)
		matched := 0.0
		for _, p := range pats {
			lm, lu := math.Log(m.Lambda), math.Log(1-m.Lambda)
			for c, l := range p.levels {
				if l != 0 {
					lm += math.Log(m.M[c][l])
					lu += math.Log(m.U[c][l])
				}
			}
			post := 1 / (1 + math.Exp(lu-lm))
			w := post * p.n
			matched += w
			for c, l := range p.levels {
				newM[c][l] += w
				newU[c][l] += p.n - w
			}
		}
		delta := 0.0
		lambda := math.Min(math.Max(matched/total, 1e-9), 1-1e-9)
		delta = math.Max(delta, math.Abs(lambda-m.Lambda))
		m.Lambda = lambda
		updates := []struct {
			counts, dst [][]float64
			prior       float64
		}{{newM, m.M, mPrior}}
		if estimateU {
			updates = append(updates, struct {
				counts, dst [][]float64
				prior       float64
			}{newU, m.U, 1e-6})
		}
		for _, x := range updates {
			for c := range x.counts {
				sum := 0.0
				for l := 1; l < len(x.counts[c]); l++ {
					sum += x.counts[c][l]
				}
				if sum == 0 {
					continue // the comparison is null in every pair: nothing to learn
				}
				for l := 1; l < len(x.counts[c]); l++ {
					v := (x.counts[c][l] + x.prior) / (sum + x.prior*float64(len(x.counts[c])-1))
					delta = math.Max(delta, math.Abs(v-x.dst[c][l]))
					x.dst[c][l] = v
				}
			}
		}
		m.Trained.Iterations, m.Trained.Delta = it, delta
		if delta < 1e-6 {
			m.Trained.Converged = true
			break
		}
	}
}

// mPrior is the pseudo-count of matches EM adds to each level of m (a
// symmetric Dirichlet prior): a level no expected match reached in the
// training pairs gets a small m, not one that makes its weight -20 bits.
const mPrior = 0.5

// emLambda estimates the share of matches among the counted pairs with m
// and u fixed (EM on λ alone) and returns it; the model is unchanged.
func (m *Model) emLambda(counts map[uint64]float64, maxIter int) float64 {
	k := len(m.Comparisons)
	type pc struct {
		ratio float64 // log(m/u) of the pattern
		n     float64
	}
	var pats []pc
	var total float64
	var buf []uint8
	for p, n := range counts {
		buf = unpack(p, k, buf)
		r := 0.0
		for c, l := range buf {
			if l != 0 {
				r += math.Log(m.M[c][l] / m.U[c][l])
			}
		}
		pats = append(pats, pc{r, n})
		total += n
	}
	if total == 0 {
		return 0
	}
	sort.Slice(pats, func(a, b int) bool { return pats[a].ratio < pats[b].ratio })
	lambda := 0.1
	for it := 0; it < maxIter*4; it++ {
		matched := 0.0
		logOdds := math.Log(lambda / (1 - lambda))
		for _, p := range pats {
			matched += p.n / (1 + math.Exp(-(logOdds + p.ratio)))
		}
		next := math.Min(math.Max(matched/total, 1e-9), 1-1e-9)
		if math.Abs(next-lambda) < 1e-9 {
			return next
		}
		lambda = next
	}
	return lambda
}

// Term is one comparison's part of an explanation.
type Term struct {
	Comparison string   `json:"comparison"`
	Level      int      `json:"level"`
	Label      string   `json:"label"`
	A          []string `json:"a"` // the values compared
	B          []string `json:"b"`
	M          float64  `json:"m"`
	U          float64  `json:"u"`
	Weight     float64  `json:"weight"`    // log2(m/u); 0 for null
	TFAdjust   float64  `json:"tf_adjust"` // term-frequency adjustment, bits
	Agreed     string   `json:"agreed_on"` // the value agreed on, for adjusted levels
}

// Explanation breaks a pair's score into its parts; Weight is Prior plus
// the terms' Weight and TFAdjust, and Probability is 2^W/(1+2^W).
type Explanation struct {
	Prior       float64 `json:"prior"` // log2(λ/(1-λ))
	Lambda      float64 `json:"lambda"`
	Terms       []Term  `json:"terms"`
	Weight      float64 `json:"weight"`
	Probability float64 `json:"probability"`
}

// String renders the explanation as a table.
func (e *Explanation) String() string {
	s := fmt.Sprintf("%-20s %-42s %8s %8s %8s %8s\n", "comparison", "level", "m", "u", "weight", "tf")
	s += fmt.Sprintf("%-20s %-42s %8s %8s %+8.2f\n", "prior", fmt.Sprintf("λ = %.4g", e.Lambda), "", "", e.Prior)
	for _, t := range e.Terms {
		if t.Level == 0 {
			s += fmt.Sprintf("%-20s %-42s %8s %8s %8s\n", t.Comparison, "null (a side has no value)", "", "", "0")
			continue
		}
		s += fmt.Sprintf("%-20s %-42s %8.4f %8.4f %+8.2f %+8.2f\n", t.Comparison, t.Label, t.M, t.U, t.Weight, t.TFAdjust)
	}
	s += fmt.Sprintf("%-20s %-42s %8s %8s %+8.2f\nprobability %.4f\n", "total", "", "", "", e.Weight, e.Probability)
	return s
}
