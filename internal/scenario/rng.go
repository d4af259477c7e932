package scenario

import (
	"math"
	"math/bits"
)

// Every random choice of a scenario is drawn from a stream keyed by the
// seed and the names of what it decides (a person's index, a crossing's
// index, a record's number), never from one shared sequence. The same
// seed therefore gives the same world whatever is generated, in whatever
// order and on however many goroutines, and leaving a source out does not
// change the others.

// mix64 is the SplitMix64 finaliser (Steele, Lea and Flood, "Fast
// splittable pseudorandom number generators", OOPSLA 2014): a bijection of
// uint64 with full avalanche.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// key hashes a seed and a path of integers into a stream key.
func key(seed uint64, parts ...uint64) uint64 {
	h := mix64(seed ^ 0x9e3779b97f4a7c15)
	for _, p := range parts {
		h = mix64(h ^ mix64(p+0x632be59bd9b4e019))
	}
	return h
}

// rng is a SplitMix64 stream. The zero value is a valid stream.
type rng struct{ s uint64 }

// stream returns the stream for a seed and a path.
func stream(seed uint64, parts ...uint64) rng { return rng{key(seed, parts...)} }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	return mix64(r.s)
}

// intn returns a uniform int in [0, n); n must be > 0. Lemire's
// multiply-shift, unbiased to within 2^-64 per draw.
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.next(), uint64(n))
	return int(hi)
}

// between returns a uniform int in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// float returns a uniform float64 in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// chance reports true with probability p.
func (r *rng) chance(p float64) bool { return r.float() < p }

// normal returns a standard normal deviate (Box-Muller).
func (r *rng) normal() float64 {
	u := r.float()
	for u == 0 {
		u = r.float()
	}
	return math.Sqrt(-2*math.Log(u)) * math.Cos(2*math.Pi*r.float())
}

// poisson returns a Poisson deviate of mean lambda: Knuth's product method
// below 30, a rounded normal approximation above.
func (r *rng) poisson(lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda > 30 {
		n := int(math.Round(lambda + math.Sqrt(lambda)*r.normal()))
		return max(n, 0)
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.float()
		if p <= l {
			return k
		}
		k++
	}
}

// zipf returns an index in [0, n) with probability proportional to
// 1/(i+1)^0.8: lists ordered by frequency, most common first.
func (r *rng) zipf(n int) int {
	// Inverse transform of the continuous approximation of the harmonic
	// sum: H(x) ~ x^(1-s)/(1-s).
	const s = 0.8
	hn := math.Pow(float64(n)+1, 1-s) - 1
	x := math.Pow(r.float()*hn+1, 1/(1-s)) - 1
	i := int(x)
	if i >= n {
		i = n - 1
	}
	return i
}

// weighted returns an index with probability proportional to w[i].
func (r *rng) weighted(w []float64, total float64) int {
	x := r.float() * total
	for i, v := range w {
		if x < v {
			return i
		}
		x -= v
	}
	return len(w) - 1
}

// permute maps i in [0, n) to a distinct value in [0, n): a keyed
// bijection (four Feistel rounds over the next power of four, cycle-walked
// into range; Black and Rogaway, "Ciphers with arbitrary finite domains",
// CT-RSA 2002). Identifiers drawn through it never collide. O(1) expected.
func permute(seed uint64, i, n uint64) uint64 {
	if n <= 1 {
		return 0
	}
	half := (uint(bits.Len64(n-1)) + 1) / 2
	mask := uint64(1)<<half - 1
	x := i
	for {
		l, r := x>>half, x&mask
		for round := uint64(0); round < 4; round++ {
			l, r = r, l^(mix64(seed^r^round<<56)&mask)
		}
		x = l<<half | r
		if x < n {
			return x
		}
	}
}
