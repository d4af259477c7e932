package resolve

import (
	"context"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"
)

// Settings configures a resolution run.
type Settings struct {
	Fields      []Field
	Comparisons []Comparison // at most 16, each of at most 16 levels
	Blocking    []Block
	// MaxBlock bounds the blocks paired in full: the records of a key
	// shared by more records than this are sorted by name, date, phone
	// and identifier and each is paired with its next Window records
	// (sorted neighbourhood), so that "Mohammed" with a birth year never
	// makes a block of millions of pairs (default 200).
	MaxBlock int
	// Threshold is the match probability from which two records are
	// linked (default 0.9).
	Threshold float64
	// ReviewFrom is the probability from which unlinked pairs go to the
	// review queue (default 0.5).
	ReviewFrom float64
	// AttachFrom is the probability from which a record that gives little
	// (alone, or in a cluster with no date, phone or own identifier)
	// joins the one cluster all its pairs point to (default 0.5; set it
	// to the threshold or above to turn attachment off).
	AttachFrom float64
	// Coherence is the mean match probability two clusters' records must
	// have across for the clusters to merge (default 0.05), and Veto the
	// match weight below which any one cross pair refuses the merge
	// (default -12 bits). Cross pairs that contradict (dates of birth
	// apart, different passports) and would not link on their own refuse
	// the merge when they are more than a third of the pairs checked, or
	// any of fewer than three: a chain A-B-C does not join A and C when
	// they clearly differ, while one mistyped record in a large cluster
	// does not keep it apart. At most 48 cross pairs are checked, spread
	// evenly.
	Coherence float64
	Veto      float64
	// NoRefine skips the second pass of Run, which counts term
	// frequencies and estimates u again over the first pass's clusters.
	NoRefine bool
	// AllPairs compares every pair of records instead of blocking: exact
	// recall for small sets (refused above MaxAllPairs records).
	AllPairs bool
	// LinkOnly compares only records of different sources; OnePerSource
	// lets a cluster hold at most one record of each source (one-to-one
	// linkage of deduplicated files).
	LinkOnly     bool
	OnePerSource bool
	// USamples is the number of random pairs u is estimated from (default
	// 300,000); EMIterations bounds EM (default 60).
	USamples     int
	EMIterations int
	Seed         uint64
	Workers      int // goroutines (default GOMAXPROCS)
}

func (s *Settings) defaults() {
	if s.MaxBlock <= 0 {
		s.MaxBlock = 200
	}
	if s.Threshold <= 0 {
		s.Threshold = 0.9
	}
	if s.ReviewFrom <= 0 {
		s.ReviewFrom = 0.5
	}
	if s.AttachFrom <= 0 {
		s.AttachFrom = max(s.ReviewFrom, 0.5)
	}
	if s.Coherence <= 0 {
		s.Coherence = 0.05
	}
	if s.Veto == 0 {
		s.Veto = -12
	}
	if s.USamples <= 0 {
		s.USamples = 300_000
	}
	if s.EMIterations <= 0 {
		s.EMIterations = 60
	}
	if s.Workers <= 0 {
		s.Workers = runtime.GOMAXPROCS(0)
	}
}

// Resolver resolves one set of records: it prepares them once, then
// trains a model, scores, clusters and explains.
type Resolver struct {
	s       Settings
	records []Record
	recs    []prepared
	sources []int32
	model   *Model

	cands    []uint64  // candidate pairs i<<32|j
	rules    []uint16  // the blocking rules that produced each (bit r for Blocking[r])
	allPairs bool      // cands holds every pair
	patterns []uint64  // their levels
	tfAdj    []float32 // their summed term-frequency adjustments
	counts   map[uint64]float64
	blocking BlockStats

	// The values candidate pairs agree on, for the comparisons with term
	// frequencies: tfIDs[x*len(tfComps)+t] indexes tfVals[t] (0: none).
	// Levels do not change as the model is refined; these let the
	// adjustments be summed again without comparing the records again.
	tfComps []int
	tfIDs   []uint32
	tfVals  [][]string

	vetoing bool    // a comparison Vetoes
	classes []int32 // each record's Class, numbered; nil when all are alike
	names   *nameCache

	// The random pairs u is estimated from, and their levels.
	uPairs, uPatterns []uint64
}

// NewResolver prepares records for s. O(total values) time, spread over
// the workers.
func NewResolver(records []Record, s Settings) *Resolver {
	s.defaults()
	r := &Resolver{s: s, records: records, recs: make([]prepared, len(records)), sources: make([]int32, len(records))}
	src := map[string]int32{}
	for i := range records {
		id, ok := src[records[i].Source]
		if !ok {
			id = int32(len(src))
			src[records[i].Source] = id
		}
		r.sources[i] = id
	}
	for _, c := range s.Comparisons {
		r.vetoing = r.vetoing || c.Vetoes
	}
	cls := map[string]int32{}
	for i := range records {
		if _, ok := cls[records[i].Class]; !ok {
			cls[records[i].Class] = int32(len(cls))
		}
	}
	if len(cls) > 1 {
		r.classes = make([]int32, len(records))
		for i := range records {
			r.classes[i] = cls[records[i].Class]
		}
	}
	parallel(len(records), s.Workers, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			r.recs[i] = prepare(s.Fields, &records[i])
		}
	})
	r.names = newNameCache(r.recs, s.Comparisons, len(s.Fields))
	return r
}

// parallel runs f over [0, n) in contiguous chunks on workers goroutines.
func parallel(n, workers int, f func(lo, hi int)) {
	if n < 2 || workers <= 1 {
		f(0, n)
		return
	}
	chunk := max(1, (n+workers*8-1)/(workers*8))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for lo := range next {
				f(lo, min(lo+chunk, n))
			}
		}()
	}
	for lo := 0; lo < n; lo += chunk {
		next <- lo
	}
	close(next)
	wg.Wait()
}

// Settings returns the settings in use, defaults filled in.
func (r *Resolver) Settings() Settings { return r.s }

// Model returns the model in use (nil before Train or SetModel).
func (r *Resolver) Model() *Model { return r.model }

// SetModel uses a trained model's m, u and λ instead of training; term
// frequencies are counted from these records.
func (r *Resolver) SetModel(m *Model) {
	cp := *m
	cp.Comparisons = r.s.Comparisons
	r.model = &cp
	r.countTF()
	if r.patterns != nil {
		r.retf()
	}
}

// refineTF sets, for each value that a TF comparison's adjusted levels
// agree on, the weight of agreeing on it from the clusters of a first
// pass, as
//
//	w(v) = log2( m_l · P(v | match) / P(agree on v | non-match) )
//	P(v | match)          = (W_v + ½) / (Σ W + ½·K)
//	P(agree on v | non-m) = (A_v + ½) / (pairs − within-cluster pairs)
//
// where W_v counts the pairs of records holding v within one cluster, K
// the values, and A_v the pairs holding v across two informative clusters
// (clusters with a date, phone or identifier: records with nothing but a
// name are not counted as other people bearing it). The adjustment is
// w(v) − log2(m_l/u_l), clamped to [-10, +12] bits. A name borne by one
// known person so links the records that give nothing else; a name
// several known people bear does not. O(records · values).
func (r *Resolver) refineTF(cluster []int32) {
	m := r.model
	if m.TFWeights == nil {
		m.TFWeights = make([]map[string]float64, len(m.Comparisons))
	}
	size := map[int32]int{}
	informative := map[int32]bool{}
	for i, c := range cluster {
		size[c]++
		p := &r.recs[i]
		if len(p.dates) > 0 || len(p.phones) > 0 || len(p.ids) > 0 {
			informative[c] = true
		}
	}
	n := float64(len(cluster))
	within := 0.0
	for _, k := range size {
		within += float64(k) * float64(k-1) / 2
	}
	nonMatch := math.Max(n*(n-1)/2-within, 1)
	for k, c := range m.Comparisons {
		if !c.TF {
			continue
		}
		// Per value, per cluster: how many records hold it.
		type vc struct {
			key string
			c   int32
		}
		counts := map[vc]int{}
		for i := range r.recs {
			seen := map[string]bool{}
			for _, key := range r.tfKeys(&c, &r.recs[i]) {
				if !seen[key] {
					seen[key] = true
					counts[vc{key, cluster[i]}]++
				}
			}
		}
		type agg struct{ s1, s2, w float64 }
		per := map[string]*agg{}
		for x, cnt := range counts {
			a := per[x.key]
			if a == nil {
				a = &agg{}
				per[x.key] = a
			}
			f := float64(cnt)
			a.w += f * (f - 1) / 2
			if informative[x.c] {
				a.s1 += f
				a.s2 += f * f
			}
		}
		totalW := map[byte]float64{}
		keysAt := map[byte]float64{}
		for key, a := range per {
			totalW[key[0]] += a.w
			keysAt[key[0]]++
		}
		out := make(map[string]float64, len(per))
		for key, a := range per {
			l := key[0] - '0'
			if int(l) >= len(m.M[k]) {
				continue
			}
			cross := (a.s1*a.s1 - a.s2) / 2
			pv := (a.w + 0.5) / (totalW[key[0]] + 0.5*keysAt[key[0]])
			uv := (cross + 0.5) / nonMatch
			adj := math.Log2(m.M[k][l]*pv/uv) - math.Log2(m.M[k][l]/m.U[k][l])
			out[key] = math.Max(-10, math.Min(12, adj))
		}
		m.TFWeights[k] = out
	}
}

// tfKeys returns the keys a record holds for comparison c's adjusted levels.
func (r *Resolver) tfKeys(c *Comparison, p *prepared) []string {
	var keys []string
	switch c.Method {
	case MethodName, MethodNamePart:
		for _, n := range of(p.names, c.Field) {
			keys = append(keys, tfKey(1, n.v.Key), tfKey(2, n.v.SkelKey))
			if c.Method == MethodName {
				keys = append(keys, tfKey(3, n.v.SkelKey))
			}
		}
	case MethodExact, MethodText:
		for _, t := range of(p.texts, c.Field) {
			keys = append(keys, tfKey(1, t.v))
		}
	}
	return keys
}

// countTF counts, for each comparison with TF, how many records hold each
// value its adjusted levels agree on.
func (r *Resolver) countTF() { r.countTFOver(nil) }

// countTFOver counts how many clusters (records, when cluster is nil)
// hold each value the adjusted levels agree on: frequencies among
// entities rather than records.
func (r *Resolver) countTFOver(cluster []int32) {
	m := r.model
	m.tf = make([]map[string]int, len(m.Comparisons))
	order := make([]int32, len(r.recs))
	for i := range order {
		order[i] = int32(i)
	}
	groups := len(r.recs)
	if cluster != nil {
		sort.Slice(order, func(a, b int) bool {
			ca, cb := cluster[order[a]], cluster[order[b]]
			return ca < cb || ca == cb && order[a] < order[b]
		})
		distinct := map[int32]bool{}
		for _, c := range cluster {
			distinct[c] = true
		}
		groups = len(distinct)
	}
	m.n = groups
	for k, c := range m.Comparisons {
		if !c.TF {
			continue
		}
		counts := map[string]int{}
		last := map[string]int32{}
		for _, i := range order {
			g := i
			if cluster != nil {
				g = cluster[i]
			}
			for _, key := range r.tfKeys(&c, &r.recs[i]) {
				if l, ok := last[key]; ok && l == g {
					continue
				}
				last[key] = g
				counts[key]++
			}
		}
		m.tf[k] = counts
	}
}

// compare compares records i and j by comparison k.
func (r *Resolver) compare(k, i, j int) (int, string) {
	c := &r.s.Comparisons[k]
	if c.Method == MethodName {
		return r.names.level(c, r.recs, i, j)
	}
	return c.compare(&r.recs[i], &r.recs[j])
}

// levels computes the comparison levels of records i and j and their
// summed term-frequency adjustment.
func (r *Resolver) levels(i, j int, out []uint8) ([]uint8, float64) {
	out = out[:0]
	adj := 0.0
	for k := range r.s.Comparisons {
		l, v := r.compare(k, i, j)
		out = append(out, uint8(l))
		if r.model != nil && v != "" {
			adj += r.model.tfAdjust(k, uint8(l), v)
		}
	}
	return out, adj
}

// Weight returns the match weight of records i and j (a model is needed).
func (r *Resolver) Weight(i, j int) float64 {
	var buf [16]uint8
	lv, adj := r.levels(i, j, buf[:0])
	return r.model.weight(lv, nil) + adj
}

// Train estimates the model: term frequencies, u from random pairs, the
// candidate pairs by blocking, then m and λ.
//
// With AllPairs the candidates are the whole population and EM fits λ, m
// and u on them. With blocking, m is estimated as Splink does, one EM
// session per blocking rule over the pairs that rule produced, with the
// comparisons of the rule's own fields left out (they agree by
// construction) and u held at its random-pair value; each comparison's m
// is the mean over the sessions that estimated it. λ, the probability that
// two records drawn at random match, is then the expected matches among
// the candidates (EM over λ alone, m and u fixed) divided by all pairs.
// It honours ctx between stages.
func (r *Resolver) Train(ctx context.Context) error {
	if len(r.s.Comparisons) > 16 || len(r.s.Blocking) > 16 {
		return resolveError("resolve: at most 16 comparisons and 16 blocking rules")
	}
	r.model = initModel(r.s.Comparisons)
	r.countTF()
	r.estimateU()
	if err := ctx.Err(); err != nil {
		return err
	}
	r.block()
	if err := ctx.Err(); err != nil {
		return err
	}
	counts := r.scoreCandidates()
	m := r.model
	m.Trained.Records = len(r.recs)
	m.Trained.Candidates = len(r.cands)
	if r.allPairs {
		m.em(counts, r.s.EMIterations, true)
		return ctx.Err()
	}
	r.trainSessions()
	lc := m.emLambda(counts, r.s.EMIterations)
	m.Lambda = 1e-12 // no candidates: nothing is expected to match
	if total := r.totalPairs(); total > 0 && len(r.cands) > 0 {
		m.Lambda = math.Min(math.Max(lc*float64(len(r.cands))/total, 1e-12), 0.5)
	}
	return ctx.Err()
}

// totalPairs counts the pairs that could be compared: all, or those across
// sources with LinkOnly.
func (r *Resolver) totalPairs() float64 {
	n := float64(len(r.recs))
	if !r.s.LinkOnly {
		return n * (n - 1) / 2
	}
	per := map[int32]float64{}
	for _, s := range r.sources {
		per[s]++
	}
	within := 0.0
	for _, k := range per {
		within += k * (k - 1) / 2
	}
	return n*(n-1)/2 - within
}

// trainSessions runs one EM session per blocking rule (see Train).
func (r *Resolver) trainSessions() {
	m := r.model
	k := len(m.Comparisons)
	sum := make([][]float64, k)
	seen := make([]int, k)
	for c := range sum {
		sum[c] = make([]float64, len(m.M[c]))
	}
	for b := range r.s.Blocking {
		masked := r.coveredBy(&r.s.Blocking[b])
		counts := map[uint64]float64{}
		var clear uint64
		for c := 0; c < k; c++ {
			if masked[c] {
				clear |= 15 << (4 * c)
			}
		}
		for x, rules := range r.rules {
			if rules&(1<<b) != 0 {
				counts[r.patterns[x]&^clear]++
			}
		}
		if len(counts) == 0 {
			continue
		}
		session := initModel(m.Comparisons)
		session.U = m.URandom
		session.em(counts, r.s.EMIterations, false)
		for c := 0; c < k; c++ {
			if masked[c] {
				continue
			}
			seen[c]++
			for l := range sum[c] {
				sum[c][l] += session.M[c][l]
			}
		}
		m.Trained.Iterations = max(m.Trained.Iterations, session.Trained.Iterations)
		m.Trained.Converged = session.Trained.Converged
	}
	for c := 0; c < k; c++ {
		if seen[c] == 0 {
			continue // no session estimated it: the starting m stands
		}
		for l := 1; l < len(sum[c]); l++ {
			m.M[c][l] = sum[c][l] / float64(seen[c])
		}
	}
	m.U = m.URandom
}

// coveredBy reports, per comparison, whether it compares a field the
// blocking rule keys on.
func (r *Resolver) coveredBy(b *Block) []bool {
	fields := map[int]bool{b.Field: true}
	switch b.Rule {
	case BlockNameYear, BlockDateInitial, BlockDateSwap, BlockValuePair:
		fields[b.Date] = true
	}
	out := make([]bool, len(r.s.Comparisons))
	for c, cmp := range r.s.Comparisons {
		out[c] = fields[cmp.Field] || cmp.Other >= 0 && fields[cmp.Other]
	}
	return out
}

// estimateU samples random record pairs (across sources with LinkOnly)
// and takes u as their level frequencies, smoothed.
func (r *Resolver) estimateU() { r.estimateUOver(nil) }

// estimateUOver estimates u from random pairs, leaving out pairs in one
// cluster (presumed matches) when cluster is given. The pairs are drawn
// and compared once (USamples of them, in chunks each from its own
// stream: the same pairs whatever the number of workers); later calls
// count their levels again without the pairs now in one cluster.
func (r *Resolver) estimateUOver(cluster []int32) {
	n := len(r.recs)
	if r.uPairs == nil && n >= 2 {
		samples := min(r.s.USamples, n*(n-1)/2)
		const chunk = 4096
		chunks := (samples + chunk - 1) / chunk
		pairs := make([]uint64, samples)
		pats := make([]uint64, samples)
		got := make([]int, chunks)
		parallel(chunks, r.s.Workers, func(lo, hi int) {
			var buf [16]uint8
			for c := lo; c < hi; c++ {
				rng := splitmix(r.s.Seed ^ 0x5eed ^ uint64(c)*0x9e3779b97f4a7c15)
				want := min(chunk, samples-c*chunk)
				s := 0
				for tries := 0; s < want && tries < 50*want; tries++ {
					i, j := int(rng.next()%uint64(n)), int(rng.next()%uint64(n))
					if i == j || r.s.LinkOnly && r.sources[i] == r.sources[j] {
						continue
					}
					lv, _ := r.levels(i, j, buf[:0])
					pairs[c*chunk+s] = uint64(i)<<32 | uint64(j)
					pats[c*chunk+s] = pattern(lv)
					s++
				}
				got[c] = s
			}
		})
		// Keep the pairs drawn (a chunk of a small LinkOnly population may
		// fall short of its quota).
		w := 0
		for c := 0; c < chunks; c++ {
			for s := 0; s < got[c]; s++ {
				pairs[w], pats[w] = pairs[c*chunk+s], pats[c*chunk+s]
				w++
			}
		}
		r.uPairs, r.uPatterns = pairs[:w], pats[:w]
	}
	counts := newLevelCounts(r.s.Comparisons)
	var buf [16]uint8
	used := 0
	for x, p := range r.uPatterns {
		if cluster != nil && cluster[r.uPairs[x]>>32] == cluster[uint32(r.uPairs[x])] {
			continue
		}
		counts.add(unpack(p, len(r.s.Comparisons), buf[:0]))
		used++
	}
	r.model.Trained.USamples = used
	r.model.URandom = counts.probabilities()
	for k, c := range r.s.Comparisons {
		if c.Unique && len(r.model.URandom[k]) > 1 {
			r.model.URandom[k][1] = math.Min(r.model.URandom[k][1], UniqueU)
			if c.Method == MethodIdentifier {
				// Equal but for OCR confusion is, for a unique value, all but
				// as rare by chance as equal.
				r.model.URandom[k][2] = math.Min(r.model.URandom[k][2], UniqueU)
			}
		}
	}
	r.model.U = make([][]float64, len(r.model.URandom))
	for k := range r.model.URandom {
		r.model.U[k] = slices.Clone(r.model.URandom[k])
	}
}

// splitmix is a SplitMix64 stream for sampling.
type splitmix uint64

func (s *splitmix) next() uint64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// block finds the candidate pairs, unless a previous call did.
func (r *Resolver) block() {
	if r.cands != nil {
		return
	}
	if r.s.AllPairs && len(r.recs) <= MaxAllPairs {
		n := len(r.recs)
		r.cands = make([]uint64, 0, n*(n-1)/2)
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				if !r.s.LinkOnly || r.sources[i] != r.sources[j] {
					r.cands = append(r.cands, uint64(i)<<32|uint64(j))
				}
			}
		}
		r.blocking = BlockStats{Candidates: len(r.cands)}
		r.allPairs = true
		return
	}
	r.cands, r.rules, r.blocking = candidates(r.recs, r.sources, r.s.Fields, r.s.Blocking, r.s.MaxBlock, r.s.LinkOnly, r.s.Workers)
}

// MaxAllPairs is the most records Settings.AllPairs compares pair by pair
// (12.5 million pairs); larger sets are blocked.
const MaxAllPairs = 5000

// scoreCandidates computes each candidate pair's levels and adjustment, in
// parallel, and returns the count of each pattern. The levels and agreed
// values are computed once; later calls only sum the adjustments again.
func (r *Resolver) scoreCandidates() map[uint64]float64 {
	if r.patterns != nil && r.tfIDs != nil {
		r.retf()
		return r.counts
	}
	r.patterns = make([]uint64, len(r.cands))
	r.tfAdj = make([]float32, len(r.cands))
	r.tfComps = r.tfComps[:0]
	for k, c := range r.s.Comparisons {
		if c.TF {
			r.tfComps = append(r.tfComps, k)
		}
	}
	nt := len(r.tfComps)
	// The agreed values are interned as they are found: one id per
	// distinct value and comparison (id 0: none).
	type interner struct {
		sync.Mutex
		ids  map[string]uint32
		vals []string
	}
	interns := make([]interner, nt)
	for t := range interns {
		interns[t].ids = map[string]uint32{}
		interns[t].vals = []string{""}
	}
	r.tfIDs = make([]uint32, len(r.cands)*nt)
	var mu sync.Mutex
	counts := map[uint64]float64{}
	parallel(len(r.cands), r.s.Workers, func(lo, hi int) {
		local := map[uint64]float64{}
		var lv [16]uint8
		for x := lo; x < hi; x++ {
			i, j := int(r.cands[x]>>32), int(uint32(r.cands[x]))
			t := 0
			for k := range r.s.Comparisons {
				l, v := r.compare(k, i, j)
				lv[k] = uint8(l)
				if t < nt && r.tfComps[t] == k {
					if v != "" {
						in := &interns[t]
						in.Lock()
						id, ok := in.ids[v]
						if !ok {
							id = uint32(len(in.vals))
							in.ids[v] = id
							in.vals = append(in.vals, v)
						}
						in.Unlock()
						r.tfIDs[x*nt+t] = id
					}
					t++
				}
			}
			p := pattern(lv[:len(r.s.Comparisons)])
			r.patterns[x] = p
			local[p]++
		}
		mu.Lock()
		for p, n := range local {
			counts[p] += n
		}
		mu.Unlock()
	})
	r.tfVals = make([][]string, nt)
	for t := range interns {
		r.tfVals[t] = interns[t].vals
	}
	r.counts = counts
	r.retf()
	return counts
}

// retf sums each candidate's term-frequency adjustments under the current
// model: a table per comparison, level and value, then one pass.
func (r *Resolver) retf() {
	nt := len(r.tfComps)
	if nt == 0 || r.model == nil {
		clear(r.tfAdj)
		return
	}
	type table [16][]float32
	tabs := make([]table, nt)
	for t, k := range r.tfComps {
		for l := range r.s.Comparisons[k].Levels() {
			if !tfLevels[r.s.Comparisons[k].Method][l] {
				continue
			}
			col := make([]float32, len(r.tfVals[t]))
			for id := 1; id < len(col); id++ {
				col[id] = float32(r.model.tfAdjust(k, uint8(l), r.tfVals[t][id]))
			}
			tabs[t][l] = col
		}
	}
	parallel(len(r.cands), r.s.Workers, func(lo, hi int) {
		for x := lo; x < hi; x++ {
			var adj float32
			for t, k := range r.tfComps {
				id := r.tfIDs[x*nt+t]
				if id == 0 {
					continue
				}
				if col := tabs[t][(r.patterns[x]>>(4*k))&15]; col != nil {
					adj += col[id]
				}
			}
			r.tfAdj[x] = adj
		}
	})
}

// pairLevels returns the levels and adjustment of records i and j, from
// the candidates' cache when they are a candidate pair. O(log P).
func (r *Resolver) pairLevels(i, j int32, out []uint8) ([]uint8, float64) {
	if i > j {
		i, j = j, i
	}
	if r.patterns != nil {
		if x, ok := slices.BinarySearch(r.cands, uint64(i)<<32|uint64(j)); ok {
			return unpack(r.patterns[x], len(r.s.Comparisons), out), float64(r.tfAdj[x])
		}
	}
	return r.levels(int(i), int(j), out)
}

// Pair is two records (indices) with their match weight and probability.
type Pair struct {
	A, B        int32
	Weight      float64
	Probability float64
}

// Judgement is an analyst's decision on two records (indices): Match
// true links them whatever the score, false keeps them apart.
type Judgement struct {
	A, B  int32
	Match bool
}

// Result is the outcome of a run.
type Result struct {
	// Cluster gives each record's cluster: the smallest record index in it.
	Cluster  []int32
	Model    *Model
	Blocking BlockStats
	Links    int // candidate pairs at or above the threshold
	Merges   int // merges made (pairs that joined two clusters)
	Refused  int // merges refused: incoherent clusters, judgements, one per source
	Attached int // lone records attached to the one cluster they point to
	Review   []Pair
}

// Run scores the candidate pairs (blocking them first when Train did
// not), clusters those at or above the threshold under the judgements and
// returns the clusters and the review queue. A model must be set.
func (r *Resolver) Run(ctx context.Context, judgements []Judgement) (*Result, error) {
	if r.model == nil {
		return nil, errNoModel
	}
	r.block()
	if r.patterns == nil {
		r.scoreCandidates()
	}
	res, err := r.cluster(ctx, judgements)
	if err != nil || r.allPairs || r.s.NoRefine || len(r.cands) == 0 {
		return res, err
	}
	// Refinement: the term frequencies and u so far count the records of
	// one entity as if they were different entities (a person named in
	// forty records makes the name look common). Estimated again over the
	// clusters (u from random pairs in different clusters; term-frequency
	// weights from how often a value is shared within and across the
	// clusters, see refineTF), the pairs are scored and clustered again.
	for round := 0; round < refineRounds; round++ {
		r.estimateUOver(res.Cluster)
		r.refineTF(res.Cluster)
		counts := r.scoreCandidates()
		lc := r.model.emLambda(counts, r.s.EMIterations)
		if total := r.totalPairs(); total > 0 {
			r.model.Lambda = math.Min(math.Max(lc*float64(len(r.cands))/total, 1e-12), 0.5)
		}
		if res, err = r.cluster(ctx, judgements); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// refineRounds is how many times Run re-estimates over its clusters.
var refineRounds = 3

// cluster scores the candidate pairs with the model and clusters them.
func (r *Resolver) cluster(ctx context.Context, judgements []Judgement) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Weights per pattern, then per pair; keep the pairs worth a look.
	k := len(r.s.Comparisons)
	pw := map[uint64]float64{}
	var buf []uint8
	for _, p := range r.patterns {
		if _, ok := pw[p]; !ok {
			buf = unpack(p, k, buf)
			pw[p] = r.model.weight(buf, nil)
		}
	}
	reviewW, linkW := WeightOf(r.s.ReviewFrom), WeightOf(r.s.Threshold)
	keepW := min(reviewW, WeightOf(r.s.AttachFrom))
	var kept []Pair
	for x, c := range r.cands {
		w := pw[r.patterns[x]] + float64(r.tfAdj[x])
		if w >= keepW {
			kept = append(kept, Pair{A: int32(c >> 32), B: int32(uint32(c)), Weight: w, Probability: Probability(w)})
		}
	}
	sort.Slice(kept, func(a, b int) bool {
		if kept[a].Weight != kept[b].Weight {
			return kept[a].Weight > kept[b].Weight
		}
		if kept[a].A != kept[b].A {
			return kept[a].A < kept[b].A
		}
		return kept[a].B < kept[b].B
	})
	res := &Result{Model: r.model, Blocking: r.blocking}
	var sources []int32 // tracked only for the one-per-source rule
	if r.s.OnePerSource {
		sources = r.sources
	}
	cl := newClusters(len(r.recs), sources)
	for _, j := range judgements {
		if !j.Match {
			cl.forbid(j.A, j.B)
		}
	}
	for _, j := range judgements {
		if j.Match && !cl.forbidden(j.A, j.B) {
			cl.union(j.A, j.B)
			cl.judged[cl.find(j.A)] = true
		}
	}
	var review []Pair // pairs not linked, for attach and the review queue
	for _, p := range kept {
		if p.Weight < linkW {
			review = append(review, p)
			continue
		}
		res.Links++
		switch ok, err := r.tryMerge(ctx, cl, p.A, p.B); {
		case err != nil:
			return nil, err
		case ok:
			res.Merges++
		case cl.find(p.A) != cl.find(p.B):
			res.Refused++
			review = append(review, p)
		}
	}
	r.attach(ctx, cl, review, res)
	for _, p := range review {
		if p.Weight >= reviewW && cl.find(p.A) != cl.find(p.B) && !cl.forbidden(p.A, p.B) {
			res.Review = append(res.Review, p)
		}
	}
	res.Cluster = cl.labels()
	return res, nil
}

// attach joins a record that gives little (a lone record, or a cluster of
// records with nothing but names and accounts: no date, phone or document)
// to a cluster when every pair it has at or above AttachFrom points into
// that one cluster (single best link: unambiguous, though no pair reached
// the threshold), unless a judgement, the one-per-source rule or the
// coherence check forbids it. An associate named in many intelligence
// reports with nothing else so joins the one known person of that name,
// and stays apart when two known people bear it.
func (r *Resolver) attach(ctx context.Context, cl *clusters, pairs []Pair, res *Result) {
	if r.s.AttachFrom >= r.s.Threshold {
		return
	}
	attachW := WeightOf(r.s.AttachFrom)
	thin := map[int32]bool{} // cluster root -> gives little
	isThin := func(root int32) bool {
		if t, ok := thin[root]; ok {
			return t
		}
		members := cl.membersOf(root)
		t := len(members) == 1
		if !t {
			t = true
			for _, i := range members {
				p := &r.recs[i]
				if len(p.dates) > 0 || len(p.phones) > 0 || !r.onlyLinks(p.ids) {
					t = false
					break
				}
			}
		}
		thin[root] = t
		return t
	}
	type choice struct {
		target int32 // the one cluster pointed to; -1 when several
		best   Pair
	}
	choices := map[int32]*choice{}
	for _, p := range pairs {
		if p.Weight < attachW {
			continue
		}
		ra, rb := cl.find(p.A), cl.find(p.B)
		if ra == rb {
			continue
		}
		for _, x := range [][2]int32{{ra, rb}, {rb, ra}} {
			src, dst := x[0], x[1]
			if !isThin(src) || len(cl.membersOf(dst)) == 1 {
				continue // only thin clusters attach, and only to clusters
			}
			switch c := choices[src]; {
			case c == nil:
				choices[src] = &choice{target: dst, best: p}
			case c.target != dst:
				c.target = -1
			case p.Weight > c.best.Weight:
				c.best = p
			}
		}
	}
	srcs := make([]int32, 0, len(choices))
	for src, c := range choices {
		if c.target >= 0 {
			srcs = append(srcs, src)
		}
	}
	slices.Sort(srcs)
	for _, src := range srcs {
		c := choices[src]
		if cl.find(src) != src || cl.find(c.target) != c.target {
			continue // joined meanwhile
		}
		if ok, _ := r.tryMerge(ctx, cl, c.best.A, c.best.B); ok {
			res.Merges++
			res.Attached++
		}
	}
}

// onlyLinks reports whether every identifier in ids is of a Link field.
func (r *Resolver) onlyLinks(ids []fv[idVal]) bool {
	for _, x := range ids {
		if !r.s.Fields[x.f].Link {
			return false
		}
	}
	return true
}

// tryMerge merges the clusters of a and b unless a judgement, the
// one-per-source rule or the coherence check forbids it.
func (r *Resolver) tryMerge(ctx context.Context, cl *clusters, a, b int32) (bool, error) {
	ra, rb := cl.find(a), cl.find(b)
	if ra == rb {
		return false, nil
	}
	if cl.conflict(ra, rb) || r.s.OnePerSource && cl.sourcesOverlap(ra, rb) {
		return false, nil
	}
	if r.vetoing {
		var buf [16]uint8
		if lv, _ := r.pairLevels(a, b, buf[:0]); r.vetoed(lv) {
			return false, nil
		}
	}
	// Records of different classes (a victim's and anyone else's) are
	// never merged by score: only an analyst's judgement joins them.
	if r.classes != nil && r.classes[ra] != r.classes[rb] && !cl.judged[ra] && !cl.judged[rb] {
		return false, nil
	}
	ma, mb := cl.membersOf(ra), cl.membersOf(rb)
	linkW := WeightOf(r.s.Threshold)
	if cl.judged[ra] || cl.judged[rb] {
		// An analyst joined records that disagree (two dates of birth of
		// one man): the cross check would refuse everything. Instead,
		// every record of the side not judged (the smaller, when both are)
		// must agree with at least one record of the other side: no
		// contradiction and no veto.
		in, with := mb, ma
		if cl.judged[rb] && (!cl.judged[ra] || len(ma) < len(mb)) {
			in, with = ma, mb
		}
		const maxChecks = 48
		for _, i := range in[:min(len(in), maxChecks)] {
			ok := false
			for _, j := range with[:min(len(with), maxChecks)] {
				var buf [16]uint8
				lv, adj := r.pairLevels(i, j, buf[:0])
				if w := r.model.weight(lv, nil) + adj; w >= r.s.Veto && (w >= linkW || !r.contradicts(lv)) {
					ok = true
					break
				}
			}
			if !ok {
				return false, nil
			}
		}
		cl.union(a, b)
		return true, ctx.Err()
	}
	if len(ma)*len(mb) > 1 {
		// Coherence: the records across must agree on the whole.
		const maxChecks = 48
		total := len(ma) * len(mb)
		step := max(1, total/maxChecks)
		sum, n, against := 0.0, 0, 0
		for x := 0; x < total; x += step {
			i, j := ma[x/len(mb)], mb[x%len(mb)]
			if i == a && j == b {
				continue
			}
			var buf [16]uint8
			lv, adj := r.pairLevels(i, j, buf[:0])
			w := r.model.weight(lv, nil) + adj
			if w < r.s.Veto {
				return false, nil
			}
			// A contradiction (two dates of birth, two passports) counts
			// against the merge unless the pair would link on its own (same
			// address, account and name despite a date typo).
			if w < linkW && r.contradicts(lv) {
				against++
			}
			sum += Probability(w)
			n++
		}
		// Contradicted by more than a third of the pairs checked (by any,
		// when few are checked): one mistyped record does not keep a
		// person's records apart; two people of one name are kept apart.
		if against > 0 && (n < 3 || 3*against > n) || n > 0 && sum/float64(n) < r.s.Coherence {
			return false, nil
		}
	}
	cl.union(a, b)
	return true, ctx.Err()
}

// contradicts reports whether levels hold a disagreement that separates
// entities whatever else agrees: a Contradicts comparison at its last
// level ("different": dates of birth apart beyond a typo, a swap or a
// year; two different passports).
func (r *Resolver) contradicts(levels []uint8) bool {
	for k, l := range levels {
		c := &r.s.Comparisons[k]
		last := uint8(len(c.Levels()) - 1)
		if c.Contradicts && (l == last || c.ContradictsFrom > 0 && l >= uint8(c.ContradictsFrom)) {
			return true
		}
	}
	return false
}

// vetoed reports whether levels hold a Vetoes comparison at its last
// level with no Unique comparison agreeing and no phone number shared.
func (r *Resolver) vetoed(levels []uint8) bool {
	veto := false
	for k, l := range levels {
		c := &r.s.Comparisons[k]
		if c.Vetoes && l == uint8(len(c.Levels())-1) {
			veto = true
		}
	}
	if !veto {
		return false
	}
	for k, l := range levels {
		c := &r.s.Comparisons[k]
		if c.Unique && (l == 1 || l == 2 && c.Method == MethodIdentifier) || c.Method == MethodPhone && l == 1 {
			return false
		}
	}
	return true
}

// Explain breaks the score of records i and j into its parts.
func (r *Resolver) Explain(i, j int) Explanation {
	m := r.model
	e := Explanation{Lambda: m.Lambda, Prior: log2odds(m.Lambda)}
	e.Weight = e.Prior
	for k := range r.s.Comparisons {
		c := &r.s.Comparisons[k]
		l, v := c.compare(&r.recs[i], &r.recs[j])
		t := Term{Comparison: c.Name, Level: l, Label: c.Levels()[l], A: r.values(i, c.Field), B: r.values(j, c.Field)}
		if l != 0 {
			t.M, t.U = m.M[k][l], m.U[k][l]
			t.Weight = math.Log2(t.M / t.U)
			if v != "" {
				t.TFAdjust = m.tfAdjust(k, uint8(l), v)
				if t.TFAdjust != 0 {
					t.Agreed = v
				}
			}
		}
		e.Weight += t.Weight + t.TFAdjust
		e.Terms = append(e.Terms, t)
	}
	e.Probability = Probability(e.Weight)
	return e
}

func (r *Resolver) values(i, field int) []string {
	if field < 0 || field >= len(r.records[i].Values) {
		return nil
	}
	return slices.Clone(r.records[i].Values[field])
}

// Candidates returns the number of candidate pairs found by blocking.
func (r *Resolver) Candidates() int { return len(r.cands) }

type resolveError string

func (e resolveError) Error() string { return string(e) }

const errNoModel = resolveError("resolve: no model: call Train or SetModel first")
