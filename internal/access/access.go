package access

import (
	"context"
	"hash/maphash"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tideline-oss/tideline"
)

var _ tideline.Store = (*Store)(nil)

// DefaultTTL is how long a principal's visibility and the list of flagged
// people are kept unless Store.TTL says otherwise.
const DefaultTTL = 10 * time.Second

// Store is a tideline.Store that answers every read for the principal in
// the context (tideline.PrincipalFromContext) with what that principal may
// see, and every write only when the principal may load into the datasets
// written; see the package documentation for the rules. Create it with New
// (or NewResolving for a store that keeps resolution). A Store is safe for
// concurrent use.
type Store struct {
	// TTL is how long the visibility of one principal, and the list of
	// people recorded as victims, are reused before they are read again;
	// zero or less reads them for every call. Defaults to DefaultTTL; must
	// not be changed while the Store is in use.
	TTL time.Duration
	// Now returns the current time (for the TTL). Defaults to time.Now;
	// tests replace it. Must not be changed while the Store is in use.
	Now func() time.Time

	inner tideline.Store
	rs    tideline.ResolutionStore // inner's resolution, nil when it keeps none
	acc   tideline.AccessStore
	model *tideline.Model

	mu    sync.Mutex
	gen   uint64 // incremented by Invalidate; results computed before are not cached
	cache map[string]grant

	scanMu    sync.Mutex // held while the victims are listed, so one caller lists them
	victimMu  sync.Mutex // guards victims and victimGen
	victims   *victimSet
	victimGen uint64 // incremented by writes and Invalidate
	seed      maphash.Seed
}

// grant is what one principal may do, as computed from the access store.
type grant struct {
	vis     tideline.Visibility
	write   map[string]bool // datasets the principal's agency owns (outside operations) or in the principal's operations
	expires time.Time
}

// New wraps inner so that every call answers for the principal in its
// context, with visibility computed from acc's owners, shares and
// operations. Entity lookups follow merged ids through inner's resolution
// when inner also implements tideline.ResolutionStore; to expose the
// resolution methods too, use NewResolving. Close closes inner.
func New(inner tideline.Store, acc tideline.AccessStore) *Store {
	s := &Store{TTL: DefaultTTL, Now: time.Now, inner: inner, acc: acc, model: tideline.DefaultModel(),
		cache: map[string]grant{}, seed: maphash.MakeSeed()}
	s.rs, _ = inner.(tideline.ResolutionStore)
	return s
}

type systemKey struct{}

// System returns a context in which every Store lets everything through, for trusted
// jobs that run as no user: a resolution run, a migration, a bulk load
// started by an operator. It removes any principal ctx carried; a principal
// added to the returned context (tideline.NewContextWithPrincipal) governs
// again. Never derive request contexts from it.
func System(ctx context.Context) context.Context {
	return context.WithValue(tideline.NewContextWithPrincipal(ctx, nil), systemKey{}, true)
}

// IsSystem reports whether ctx was made by System and carries no principal
// added since.
func IsSystem(ctx context.Context) bool {
	ok, _ := ctx.Value(systemKey{}).(bool)
	return ok && tideline.PrincipalFromContext(ctx) == nil
}

// caller is who is asking: the system, or a principal with its grant.
type caller struct {
	system bool
	p      *tideline.Principal
	g      grant
}

var errSignIn = tideline.Errorf(tideline.EUNAUTHORIZED, "sign-in required")

// caller returns who ctx speaks for. EUNAUTHORIZED when it carries neither
// a principal nor the system mark; ctx's error (wrapped) when it is done;
// errors of the access store otherwise.
func (s *Store) caller(ctx context.Context) (caller, error) {
	if err := ctxErr(ctx); err != nil {
		return caller{}, err
	}
	if p := tideline.PrincipalFromContext(ctx); p != nil {
		g, err := s.grant(ctx, p)
		return caller{p: p, g: g}, err
	}
	if IsSystem(ctx) {
		return caller{system: true}, nil
	}
	return caller{}, errSignIn
}

// Invalidate drops every cached visibility and the list of flagged people,
// so the next call of every principal reads the access store again. Call
// it after any change of shares, owners, operations, members or roles.
func (s *Store) Invalidate() {
	s.mu.Lock()
	s.gen++
	clear(s.cache)
	s.mu.Unlock()
	s.dropVictims()
}

// principalKey identifies everything of p that Visible depends on, so a
// principal whose roles, agency or operations change gets a new entry.
func principalKey(p *tideline.Principal) string {
	roles := make([]string, len(p.User.Roles))
	for i, r := range p.User.Roles {
		roles[i] = string(r)
	}
	slices.Sort(roles)
	ops := slices.Clone(p.Operations)
	slices.Sort(ops)
	return strings.Join([]string{strconv.FormatInt(p.User.ID, 10), p.User.Login, p.User.Agency,
		strconv.FormatBool(p.User.Disabled), strings.Join(roles, "\x1f"), strings.Join(ops, "\x1f")}, "\x1e")
}

// grant returns p's grant, from the cache while it is fresh.
func (s *Store) grant(ctx context.Context, p *tideline.Principal) (grant, error) {
	key := principalKey(p)
	now := s.Now()
	s.mu.Lock()
	g, ok := s.cache[key]
	gen := s.gen
	s.mu.Unlock()
	if ok && now.Before(g.expires) {
		return g, nil
	}
	g, err := s.computeGrant(ctx, p)
	if err != nil {
		return grant{}, err
	}
	if s.TTL > 0 {
		g.expires = now.Add(s.TTL)
		s.mu.Lock()
		if s.gen == gen {
			if len(s.cache) >= 4096 {
				for k, e := range s.cache {
					if !now.Before(e.expires) {
						delete(s.cache, k)
					}
				}
			}
			s.cache[key] = g
		}
		s.mu.Unlock()
	}
	return g, nil
}

// computeGrant reads the access store and applies tideline.Visible. The
// principal's operations are those it names that also list its user id as
// a member, so neither a stale principal nor a stale member list opens an
// operation. O(datasets + shares + members).
func (s *Store) computeGrant(ctx context.Context, p *tideline.Principal) (grant, error) {
	owners, err := s.acc.Owners(ctx)
	if err != nil {
		return grant{}, err
	}
	shares, err := s.acc.Shares(ctx)
	if err != nil {
		return grant{}, err
	}
	ops, err := s.acc.Operations(ctx)
	if err != nil {
		return grant{}, err
	}
	eff := *p
	eff.Operations = nil
	member := map[string]bool{}
	for _, op := range ops {
		if slices.Contains(p.Operations, op.Name) && slices.Contains(op.Members, p.User.ID) {
			eff.Operations = append(eff.Operations, op.Name)
			member[op.Name] = true
		}
	}
	g := grant{vis: tideline.Visible(&eff, owners, shares, ops), write: map[string]bool{}}
	inOp := map[string]bool{}
	for _, op := range ops {
		for _, d := range op.Datasets {
			inOp[d] = true
			if member[op.Name] {
				g.write[d] = true
			}
		}
	}
	for d, agency := range owners {
		if !inOp[d] && agency != "" && agency == p.User.Agency {
			g.write[d] = true
		}
	}
	return g, nil
}

// Close closes the wrapped store.
func (s *Store) Close() error { return s.inner.Close() }

// victimSet holds the canonical ids of people with a safeguarding
// statement, as 64-bit hashes (maphash, seeded per Store), each with the
// datasets that hold its flags. A collision can only hide an entity that is
// not a victim, or give it a synthetic flag, never show a victim unflagged.
type victimSet struct {
	seed    maphash.Seed
	hashes  map[uint64]int32 // victim → index in sets
	sets    [][]string       // distinct sorted sets of flag datasets, shared by the victims flagged in the same datasets
	expires time.Time
}

// flags reports whether the entity stored under canonical id id is flagged
// as a victim, and whether one of its flags is in a dataset that visible
// maps to true.
func (v *victimSet) flags(id string, visible map[string]bool) flags {
	i, ok := v.hashes[maphash.String(v.seed, id)]
	if !ok {
		return flags{}
	}
	return flags{any: true, visible: slices.ContainsFunc(v.sets[i], func(d string) bool { return visible[d] })}
}

// victimBuilder collects the flag datasets of each victim while the Person
// statements are scanned.
type victimBuilder struct {
	vs     *victimSet
	index  map[string]int32 // set key (names joined by NUL) → index in vs.sets
	cur    string           // canonical id being collected
	curSet []string
}

// add records a safeguarding statement.
func (b *victimBuilder) add(st *tideline.Statement) {
	if st.CanonicalID != b.cur {
		b.flush()
		b.cur = st.CanonicalID
	}
	if !slices.Contains(b.curSet, st.Dataset) {
		b.curSet = append(b.curSet, st.Dataset)
	}
}

// flush files the datasets collected for the current victim, merged with
// any set already filed under its hash (a collision, or a victim whose
// flags were not contiguous).
func (b *victimBuilder) flush() {
	if len(b.curSet) == 0 {
		return
	}
	h := maphash.String(b.vs.seed, b.cur)
	set := b.curSet
	if i, ok := b.vs.hashes[h]; ok {
		set = append(set, b.vs.sets[i]...)
	}
	slices.Sort(set)
	set = slices.Compact(set)
	key := strings.Join(set, "\x00")
	i, ok := b.index[key]
	if !ok {
		i = int32(len(b.vs.sets))
		b.vs.sets = append(b.vs.sets, slices.Clone(set))
		b.index[key] = i
	}
	b.vs.hashes[h] = i
	b.curSet = b.curSet[:0]
}

func (s *Store) dropVictims() {
	s.victimMu.Lock()
	s.victims = nil
	s.victimGen++
	s.victimMu.Unlock()
}

// propSafeguarding is the Person property that records a victim.
const propSafeguarding = "safeguarding"

// victimList returns the people recorded as victims in any dataset: the
// canonical ids of the entities with a Person schema statement somewhere
// and a safeguarding statement somewhere, with the datasets of their
// flags. One scan of the Person statements, kept for TTL and shared by
// every principal; one caller scans while the others wait, and a write
// during the scan keeps its result from being kept.
func (s *Store) victimList(ctx context.Context) (*victimSet, error) {
	fresh := func() *victimSet {
		s.victimMu.Lock()
		defer s.victimMu.Unlock()
		if s.victims != nil && s.Now().Before(s.victims.expires) {
			return s.victims
		}
		return nil
	}
	if vs := fresh(); vs != nil {
		return vs, nil
	}
	s.scanMu.Lock()
	defer s.scanMu.Unlock()
	if vs := fresh(); vs != nil {
		return vs, nil
	}
	s.victimMu.Lock()
	gen := s.victimGen
	s.victimMu.Unlock()
	now := s.Now()
	vs := &victimSet{seed: s.seed, hashes: map[uint64]int32{}}
	b := victimBuilder{vs: vs, index: map[string]int32{}}
	for st, err := range s.inner.Statements(ctx, tideline.EntityFilter{Schemata: []string{"Person"}}) {
		if err != nil {
			return nil, err
		}
		if st.Prop == propSafeguarding {
			b.add(st)
		}
	}
	b.flush()
	if s.TTL > 0 {
		vs.expires = now.Add(s.TTL)
		s.victimMu.Lock()
		if gen == s.victimGen {
			s.victims = vs
		}
		s.victimMu.Unlock()
	}
	return vs, nil
}
