package access

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/tideline-oss/tideline"
)

// notFound is the error of an id never loaded, the same for an entity the
// principal may not see.
func notFound(id string) error { return tideline.Errorf(tideline.ENOTFOUND, "entity %s not found", id) }

// view is one entity as a principal sees it.
type view struct {
	id        string               // the id shown: see present
	canonical string               // the canonical id it is stored under
	stmts     []tideline.Statement // its visible statements that the read selects, CanonicalID set to id, then its synthetic flag
	flag      string               // the value of the synthetic flag complete adds, "" for none
}

// selection is what one read asks for, cut down to what the principal sees.
type selection struct {
	vis      *tideline.Visibility
	datasets map[string]bool // visible datasets the read selects: every visible one when it names none
	list     []string        // datasets, sorted
	narrowed bool            // some visible datasets are not selected
	schemata map[string]bool // the schemata asked for and their descendants; nil for all
}

func (s *Store) selection(vis *tideline.Visibility, f tideline.EntityFilter) (*selection, error) {
	sel := &selection{vis: vis, datasets: map[string]bool{}}
	if len(f.Schemata) > 0 {
		names, err := s.model.Descendants(f.Schemata)
		if err != nil {
			return nil, err
		}
		sel.schemata = map[string]bool{}
		for _, n := range names {
			sel.schemata[n] = true
		}
	}
	if len(f.Datasets) == 0 {
		for d, ok := range vis.Datasets {
			if ok {
				sel.datasets[d] = true
			}
		}
	} else {
		for _, d := range f.Datasets {
			if vis.Datasets[d] {
				sel.datasets[d] = true
			}
		}
		for d, ok := range vis.Datasets {
			if ok && !sel.datasets[d] {
				sel.narrowed = true
				break
			}
		}
	}
	for d := range sel.datasets {
		sel.list = append(sel.list, d)
	}
	slices.Sort(sel.list)
	return sel, nil
}

// Outcomes of present.
const (
	hide    = iota // nothing of the entity is shown
	show           // the view is complete
	pending        // shown, but its id needs the statements of datasets not read
)

func hasFlag(stmts []tideline.Statement) bool {
	return slices.ContainsFunc(stmts, func(st tideline.Statement) bool { return st.Prop == propSafeguarding })
}

// present makes the view of group, the statements stored under one
// canonical id: all of them (full) or those of the selected datasets
// (known then says where the entity is flagged elsewhere, from the victim
// list). It keeps the view's statements in group's array.
//
// The entity is hidden when it is flagged as a victim and the principal
// may not see victims, when no statement of it is selected, or when the
// read asks for schemata and no selected schema statement names one. Its
// id is the canonical id when the canonical entity has a visible statement
// of its own; otherwise the smallest id of the visible entities merged
// into it, so that a canonical id the principal cannot see never shows.
// When only the selected datasets were read and they do not hold the
// canonical entity's own statements, the id cannot be told yet: pending.
// A victim none of whose selected statements is a flag gets the synthetic
// flag (FlagNotSelected when a visible dataset holds a flag, FlagNotShared
// otherwise) once its id is known (complete).
func (sel *selection) present(group []tideline.Statement, full bool, known flags) (view, int) {
	flagged := known.any || hasFlag(group)
	if flagged && !sel.vis.Safeguarding {
		return view{}, hide
	}
	c := group[0].CanonicalID
	own, least := false, ""
	visibleFlag, shownFlag := known.visible, false
	out := group[:0] // filtered in place: group is not used again
	for _, st := range group {
		if !sel.vis.Datasets[st.Dataset] {
			continue
		}
		own = own || st.EntityID == c
		if least == "" || st.EntityID < least {
			least = st.EntityID
		}
		flag := st.Prop == propSafeguarding
		visibleFlag = visibleFlag || flag
		if sel.datasets[st.Dataset] {
			out = append(out, st)
			shownFlag = shownFlag || flag
		}
	}
	if len(out) == 0 {
		return view{}, hide
	}
	if sel.schemata != nil && !slices.ContainsFunc(out, func(st tideline.Statement) bool {
		return st.Prop == tideline.PropSchema && sel.schemata[st.Schema]
	}) {
		return view{}, hide
	}
	vw := view{canonical: c, stmts: out}
	if flagged && !shownFlag {
		vw.flag = FlagNotShared
		if visibleFlag {
			vw.flag = FlagNotSelected
		}
	}
	switch {
	case own:
		vw.id = c
	case !full && sel.narrowed:
		return vw, pending
	default:
		vw.id = least
	}
	vw.complete()
	return vw, show
}

// complete files the view's statements under the id shown and adds the
// synthetic flag, if any, as the last one.
func (vw *view) complete() {
	for i := range vw.stmts {
		vw.stmts[i].CanonicalID = vw.id
	}
	if vw.flag != "" {
		vw.stmts = append(vw.stmts, synthetic(vw.id, vw.flag, vw.stmts))
	}
}

// groups turns a stream ordered by canonical id into its runs of one
// canonical id. Each run is a new slice.
func groups(stmts iter.Seq2[*tideline.Statement, error]) iter.Seq2[[]tideline.Statement, error] {
	return func(yield func([]tideline.Statement, error) bool) {
		var g []tideline.Statement
		for st, err := range stmts {
			if err != nil {
				yield(nil, err)
				return
			}
			if len(g) > 0 && g[0].CanonicalID != st.CanonicalID {
				if !yield(g, nil) {
					return
				}
				g = make([]tideline.Statement, 0, len(g)) // entities tend to be alike
			}
			g = append(g, *st)
		}
		if len(g) > 0 {
			yield(g, nil)
		}
	}
}

// views streams the entities a principal with visibility vis sees among
// those f selects.
//
// With ids, it reads every statement of their entities (following merged
// ids to their canonical id) and keeps the visible ones. Without, it reads
// only the selected visible datasets from the wrapped store, with the
// victim list, which hides victims from principals who may not see them
// and gives the others their synthetic flags; a merged entity
// whose canonical entity's own statements lie outside the selected
// datasets waits until the stream is read and comes at its end, after one
// more read of the other visible datasets for those entities.
func (s *Store) views(ctx context.Context, vis *tideline.Visibility, f tideline.EntityFilter) iter.Seq2[*view, error] {
	return func(yield func(*view, error) bool) {
		sel, err := s.selection(vis, f)
		if err != nil {
			yield(nil, err)
			return
		}
		if len(sel.list) == 0 {
			return
		}
		if len(f.IDs) > 0 {
			s.viewsByID(ctx, sel, f.IDs, yield)
			return
		}
		s.viewsAll(ctx, sel, f.Schemata, yield)
	}
}

// canonicalIDs returns the distinct canonical ids of ids, sorted.
func (s *Store) canonicalIDs(ctx context.Context, ids []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		c := id
		if s.rs != nil {
			var err error
			if c, err = s.rs.CanonicalOf(ctx, id); err != nil {
				return nil, err
			}
		}
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out, nil
}

func (s *Store) viewsByID(ctx context.Context, sel *selection, ids []string, yield func(*view, error) bool) {
	canon, err := s.canonicalIDs(ctx, ids)
	if err != nil {
		yield(nil, err)
		return
	}
	asked := map[string]bool{}
	for _, id := range ids {
		asked[id] = true
	}
	for g, err := range groups(s.inner.Statements(ctx, tideline.EntityFilter{IDs: canon})) {
		if err != nil {
			yield(nil, err)
			return
		}
		vw, out := sel.present(g, true, flags{})
		if out != show || !asked[vw.id] {
			continue
		}
		if !yield(&vw, nil) {
			return
		}
	}
}

func (s *Store) viewsAll(ctx context.Context, sel *selection, schemata []string, yield func(*view, error) bool) {
	victims, err := s.victimList(ctx)
	if err != nil {
		yield(nil, err)
		return
	}
	var waiting []view
	for g, err := range groups(s.inner.Statements(ctx, tideline.EntityFilter{Datasets: sel.list, Schemata: schemata})) {
		if err != nil {
			yield(nil, err)
			return
		}
		vw, out := sel.present(g, false, victims.flags(g[0].CanonicalID, sel.vis.Datasets))
		switch out {
		case show:
			if !yield(&vw, nil) {
				return
			}
		case pending:
			waiting = append(waiting, vw)
		}
	}
	if len(waiting) > 0 {
		s.settle(ctx, sel, waiting, yield)
	}
}

// settle finds the ids of the pending views from the statements of the
// visible datasets the read did not select, and yields the views.
func (s *Store) settle(ctx context.Context, sel *selection, waiting []view, yield func(*view, error) bool) {
	var others []string
	for d, ok := range sel.vis.Datasets {
		if ok && !sel.datasets[d] {
			others = append(others, d)
		}
	}
	slices.Sort(others)
	type seen struct {
		own   bool
		least string
		flag  bool
	}
	info := map[string]*seen{}
	ids := make([]string, len(waiting))
	for i, vw := range waiting {
		ids[i] = vw.canonical
		least := ""
		for _, st := range vw.stmts {
			if least == "" || st.EntityID < least {
				least = st.EntityID
			}
		}
		info[vw.canonical] = &seen{least: least}
	}
	var rest iter.Seq2[*tideline.Statement, error] = func(func(*tideline.Statement, error) bool) {}
	if len(others) > 0 { // no dataset filter would read them all
		rest = s.inner.Statements(ctx, tideline.EntityFilter{IDs: ids, Datasets: others})
	}
	for st, err := range rest {
		if err != nil {
			yield(nil, err)
			return
		}
		in := info[st.CanonicalID]
		if in == nil {
			continue
		}
		in.own = in.own || st.EntityID == st.CanonicalID
		in.flag = in.flag || st.Prop == propSafeguarding
		if st.EntityID < in.least {
			in.least = st.EntityID
		}
	}
	for i := range waiting {
		vw := &waiting[i]
		in := info[vw.canonical]
		if in.flag && !sel.vis.Safeguarding {
			continue
		}
		if in.flag && !hasFlag(vw.stmts) {
			vw.flag = FlagNotSelected // flagged in a visible dataset the read leaves out
		}
		vw.id = in.least
		if in.own {
			vw.id = vw.canonical
		}
		vw.complete()
		if !yield(vw, nil) {
			return
		}
	}
}

// lookup returns the view of the entity with id (its canonical id, or the
// id of an entity merged into it) from all its statements. ENOTFOUND when
// the principal sees no statement of id's own: an entity merged into
// another is found by its id only while its own record is visible.
func (s *Store) lookup(ctx context.Context, vis *tideline.Visibility, id string) (*view, error) {
	sel, err := s.selection(vis, tideline.EntityFilter{})
	if err != nil {
		return nil, err
	}
	if len(sel.list) == 0 {
		return nil, notFound(id)
	}
	canon, err := s.canonicalIDs(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	var group []tideline.Statement
	for st, err := range s.inner.Statements(ctx, tideline.EntityFilter{IDs: canon}) {
		if err != nil {
			return nil, err
		}
		group = append(group, *st)
	}
	if len(group) == 0 {
		return nil, notFound(id)
	}
	// The synthetic flag present may add is filed under vw.id, which has
	// a visible statement of its own, so it never makes id look visible.
	vw, out := sel.present(group, true, flags{})
	if out != show || !slices.ContainsFunc(vw.stmts, func(st tideline.Statement) bool { return st.EntityID == id }) {
		return nil, notFound(id)
	}
	return &vw, nil
}

// Entity assembles the entity with the given id from the statements the
// principal in ctx may see (tideline.AssembleEntity); an id merged into
// another entity gives that entity, under the id the principal sees (see
// the package documentation). Errors: EUNAUTHORIZED without a principal;
// ENOTFOUND, with the message of an id never loaded, when the principal
// sees no statement of id's own or the entity is a victim it may not see;
// EINVALID when the visible schema statements do not merge. A victim none
// of whose visible statements is a flag comes with the synthetic flag
// (FlagNotShared; see the package documentation). Reads all the entity's
// statements: O(statements of the entity).
func (s *Store) Entity(ctx context.Context, id string) (*tideline.Entity, error) {
	c, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	if c.system {
		return s.inner.Entity(ctx, id)
	}
	vw, err := s.lookup(ctx, &c.g.vis, id)
	if err != nil {
		return nil, err
	}
	return tideline.AssembleEntity(s.model, vw.id, vw.stmts)
}

// EntityStatements returns the visible statements of the entity with the
// given id, ordered by property, value and dataset, each whole (grading,
// handling code and conditions included) and with the CanonicalID the
// principal sees, the synthetic flag of a victim flagged only in datasets
// the principal cannot see among them. Errors as for Entity.
func (s *Store) EntityStatements(ctx context.Context, id string) ([]tideline.Statement, error) {
	c, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	if c.system {
		return s.inner.EntityStatements(ctx, id)
	}
	vw, err := s.lookup(ctx, &c.g.vis, id)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(vw.stmts, func(a, b tideline.Statement) int {
		if c := strings.Compare(a.Prop, b.Prop); c != 0 {
			return c
		}
		if c := strings.Compare(a.Value, b.Value); c != 0 {
			return c
		}
		return strings.Compare(a.Dataset, b.Dataset)
	})
	return vw.stmts, nil
}

// Entities streams the entities the principal in ctx sees among those f
// selects, each assembled from its visible statements that f selects.
// f.Datasets is cut down to the visible datasets; f.IDs are the ids the
// principal sees (an entity merged under a hidden canonical id is asked
// for by the id it shows); f.Schemata apply to the visible statements. A
// victim none of whose statements read is a flag comes with the synthetic
// flag: FlagNotSelected when a visible dataset that f.Datasets leaves out
// holds one, FlagNotShared otherwise.
//
// Entities come in the wrapped store's canonical-id order, except that an
// entity shown under another id than its canonical one keeps its stored
// place and, when f.Datasets leave out its canonical record, comes at the
// end. Memory is bounded by the largest entity, plus the entities coming
// at the end. EUNAUTHORIZED without a principal (the only item); EINVALID
// for an unknown schema in f; other errors as the wrapped store's.
func (s *Store) Entities(ctx context.Context, f tideline.EntityFilter) iter.Seq2[*tideline.Entity, error] {
	return func(yield func(*tideline.Entity, error) bool) {
		c, err := s.caller(ctx)
		if err != nil {
			yield(nil, err)
			return
		}
		if c.system {
			for e, err := range s.inner.Entities(ctx, f) {
				if !yield(e, err) {
					return
				}
			}
			return
		}
		var schemata []*tideline.Schema
		for _, n := range f.Schemata {
			if sc := s.model.Schema(n); sc != nil {
				schemata = append(schemata, sc)
			}
		}
		for vw, err := range s.views(ctx, &c.g.vis, f) {
			if err != nil {
				yield(nil, err)
				return
			}
			e, err := tideline.AssembleEntity(s.model, vw.id, vw.stmts)
			if err != nil {
				if !yield(nil, err) {
					return
				}
				continue
			}
			if len(schemata) > 0 && !slices.ContainsFunc(schemata, func(sc *tideline.Schema) bool { return s.model.Schema(e.Schema).IsA(sc) }) {
				continue
			}
			if !yield(e, nil) {
				return
			}
		}
	}
}

// Statements streams the visible statements of the entities the principal
// in ctx sees among those f selects, whole and with the CanonicalID the
// principal sees, entity by entity in the order of Entities, a victim's
// synthetic flag (as for Entities) after its entity's other statements.
// Errors as for Entities.
func (s *Store) Statements(ctx context.Context, f tideline.EntityFilter) iter.Seq2[*tideline.Statement, error] {
	return func(yield func(*tideline.Statement, error) bool) {
		c, err := s.caller(ctx)
		if err != nil {
			yield(nil, err)
			return
		}
		if c.system {
			for st, err := range s.inner.Statements(ctx, f) {
				if !yield(st, err) {
					return
				}
			}
			return
		}
		for vw, err := range s.views(ctx, &c.g.vis, f) {
			if err != nil {
				yield(nil, err)
				return
			}
			for i := range vw.stmts {
				if !yield(&vw.stmts[i], nil) {
					return
				}
			}
		}
	}
}

// Counts returns the number of statements and of entities the principal in
// ctx sees, as Statements and Entities without a filter return them: the
// synthetic flags count as statements. O(visible statements): it reads
// them.
func (s *Store) Counts(ctx context.Context) (statements, entities int, err error) {
	c, err := s.caller(ctx)
	if err != nil {
		return 0, 0, err
	}
	if c.system {
		return s.inner.Counts(ctx)
	}
	for vw, err := range s.views(ctx, &c.g.vis, tideline.EntityFilter{}) {
		if err != nil {
			return 0, 0, err
		}
		statements += len(vw.stmts)
		entities++
	}
	return statements, entities, nil
}

// Datasets lists the datasets the principal in ctx sees, by name, with what
// it sees of them: for a principal who may see victims, every statement of
// a visible dataset; for any other, the statements of the entities that are
// not victims, counted again over the visible statements (O(visible
// statements)). The pseudo-dataset of the synthetic flags is not a dataset
// and is not listed, nor are the flags counted in any dataset.
func (s *Store) Datasets(ctx context.Context) ([]tideline.DatasetStats, error) {
	c, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	if c.system {
		return s.inner.Datasets(ctx)
	}
	all, err := s.inner.Datasets(ctx)
	if err != nil {
		return nil, err
	}
	var out []tideline.DatasetStats
	for _, d := range all {
		if c.g.vis.Datasets[d.Name] {
			out = append(out, d)
		}
	}
	if c.g.vis.Safeguarding || len(out) == 0 {
		return out, nil
	}
	index := map[string]*tideline.DatasetStats{}
	for i := range out {
		d := &out[i]
		d.Statements, d.Entities, d.FirstSeen, d.LastSeen = 0, 0, time.Time{}, time.Time{}
		index[d.Name] = d
	}
	for vw, err := range s.views(ctx, &c.g.vis, tideline.EntityFilter{}) {
		if err != nil {
			return nil, err
		}
		counted := map[string]bool{}
		for _, st := range vw.stmts {
			d := index[st.Dataset]
			if d == nil {
				continue
			}
			d.Statements++
			if !counted[st.Dataset] {
				counted[st.Dataset] = true
				d.Entities++
			}
			if d.FirstSeen.IsZero() || st.FirstSeen.Before(d.FirstSeen) {
				d.FirstSeen = st.FirstSeen
			}
			if st.LastSeen.After(d.LastSeen) {
				d.LastSeen = st.LastSeen
			}
		}
	}
	return out, nil
}

// PutDataset records d's metadata. A principal needs PermIngest and d
// writable (see WriteStatements); EUNAUTHORIZED otherwise, EINVALID when
// d.Validate fails.
func (s *Store) PutDataset(ctx context.Context, d tideline.Dataset) error {
	c, err := s.caller(ctx)
	if err != nil {
		return err
	}
	if !c.system {
		if err := c.canIngest(); err != nil {
			return err
		}
		if err := d.Validate(); err != nil {
			return err
		}
		if err := c.canWrite(d.Name); err != nil {
			return err
		}
	}
	return s.inner.PutDataset(ctx, d)
}

// WriteStatements writes stmts to the wrapped store (see tideline.Store).
// A principal needs PermIngest, and every dataset written must be in an
// operation the principal is a member of or, outside operations, owned by
// the principal's agency; statements must leave CanonicalID empty or equal
// to EntityID (only resolution merges entities). Errors: EUNAUTHORIZED
// naming the first dataset or statement refused, with nothing written;
// EINVALID as tideline.ValidateStatements; others as the wrapped store's.
// Any write drops the list of flagged people.
func (s *Store) WriteStatements(ctx context.Context, stmts []tideline.Statement) (int, error) {
	c, err := s.caller(ctx)
	if err != nil {
		return 0, err
	}
	if !c.system {
		if err := c.canIngest(); err != nil {
			return 0, err
		}
		if err := tideline.ValidateStatements(stmts); err != nil {
			return 0, err
		}
		checked := map[string]bool{}
		for i := range stmts {
			st := &stmts[i]
			if st.CanonicalID != "" && st.CanonicalID != st.EntityID {
				return 0, tideline.Errorf(tideline.EUNAUTHORIZED, "statement %d (entity %s): canonical ids are set by entity resolution only", i, st.EntityID)
			}
			if !checked[st.Dataset] {
				if err := c.canWrite(st.Dataset); err != nil {
					return 0, err
				}
				checked[st.Dataset] = true
			}
		}
	}
	n, err := s.inner.WriteStatements(ctx, stmts)
	if err == nil {
		s.dropVictims()
	}
	return n, err
}

func (c *caller) canIngest() error {
	if !c.p.Can(tideline.PermIngest) {
		return tideline.Errorf(tideline.EUNAUTHORIZED, "loading records needs the %s permission, which your roles do not grant", tideline.PermIngest)
	}
	return nil
}

func (c *caller) canWrite(dataset string) error {
	if !c.g.write[dataset] {
		return tideline.Errorf(tideline.EUNAUTHORIZED, "not allowed to load into dataset %s: it is neither owned by your agency (%s) nor in an operation you are a member of", dataset, c.p.User.Agency)
	}
	return nil
}

// ctxErr wraps a finished context's error as the stores do.
func ctxErr(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("access: %w", err)
	}
	return nil
}
