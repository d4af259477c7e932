package memstore

import (
	"context"
	"slices"

	"github.com/tideline-oss/tideline"
)

// PutDataset records d's metadata, replacing what was stored under its name.
// EINVALID when d.Validate fails; ctx.Err() (wrapped) when ctx has ended.
func (s *Store) PutDataset(ctx context.Context, d tideline.Dataset) error {
	if err := d.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return err
	}
	s.datasets[d.Name] = d
	return nil
}

// Datasets lists every dataset that has metadata or statements, by name
// (byte order; nil when there is none), with the number of its statements
// and distinct canonical ids and the span of their seen dates (zero when it
// has no statements). O(N): it visits every statement under the read lock.
func (s *Store) Datasets(ctx context.Context) ([]tideline.DatasetStats, error) {
	if err := s.rlock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	type acc struct {
		n, e        int
		first, last int64
		group       uint32 // canonical id number + 1 of the last group counted in e
	}
	accs := make([]acc, len(s.names)) // by name index of the dataset
	for c, g := range s.groups {
		for _, p := range g {
			r := s.rec(p)
			a := &accs[s.attrs[r.attr].dataset]
			if a.n == 0 {
				a.first, a.last = r.first, r.last
			} else {
				a.first, a.last = min(a.first, r.first), max(a.last, r.last)
			}
			a.n++
			if a.group != uint32(c)+1 {
				a.group = uint32(c) + 1
				a.e++
			}
		}
	}
	var names []string
	for n := range s.datasets {
		names = append(names, n)
	}
	for i, a := range accs {
		if _, meta := s.datasets[s.names[i]]; a.n > 0 && !meta {
			names = append(names, s.names[i])
		}
	}
	slices.Sort(names)
	var out []tideline.DatasetStats
	for _, name := range names {
		d, ok := s.datasets[name]
		if !ok {
			d = tideline.Dataset{Name: name}
		}
		st := tideline.DatasetStats{Dataset: d}
		if n, ok := s.nameNum[name]; ok && accs[n].n > 0 {
			a := accs[n]
			st.Statements, st.Entities = a.n, a.e
			st.FirstSeen, st.LastSeen = fromMicro(a.first), fromMicro(a.last)
		}
		out = append(out, st)
	}
	return out, nil
}
