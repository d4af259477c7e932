package access_test

import (
	"context"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tideline-oss/tideline"
)

// fakeAccess is an in-memory tideline.AccessStore.
type fakeAccess struct {
	mu     sync.Mutex
	owners map[string]string
	shares []tideline.Share
	ops    map[string]*tideline.Operation
	reads  atomic.Int64 // calls of Owners
}

var _ tideline.AccessStore = (*fakeAccess)(nil)

func newFakeAccess() *fakeAccess {
	return &fakeAccess{owners: map[string]string{}, ops: map[string]*tideline.Operation{}}
}

func (f *fakeAccess) Shares(ctx context.Context) ([]tideline.Share, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := slices.Clone(f.shares)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Dataset < out[j].Dataset })
	return out, nil
}

func (f *fakeAccess) AddShare(ctx context.Context, s tideline.Share) error {
	if err := s.Validate(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, x := range f.shares {
		if x.Dataset == s.Dataset && x.Agency == s.Agency && x.Role == s.Role {
			return nil
		}
	}
	s.At = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	f.shares = append(f.shares, s)
	return nil
}

func (f *fakeAccess) RemoveShare(ctx context.Context, dataset, agency string, role tideline.Role) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, x := range f.shares {
		if x.Dataset == dataset && x.Agency == agency && x.Role == role {
			f.shares = slices.Delete(f.shares, i, i+1)
			return nil
		}
	}
	return tideline.Errorf(tideline.ENOTFOUND, "no share of %s", dataset)
}

func (f *fakeAccess) Operations(ctx context.Context) ([]tideline.Operation, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []tideline.Operation
	for _, op := range f.ops {
		c := *op
		c.Datasets, c.Members = slices.Clone(op.Datasets), slices.Clone(op.Members)
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func (f *fakeAccess) PutOperation(ctx context.Context, op tideline.Operation) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if cur, ok := f.ops[op.Name]; ok {
		cur.Title, cur.Agency = op.Title, op.Agency
		return nil
	}
	f.ops[op.Name] = &tideline.Operation{Name: op.Name, Title: op.Title, Agency: op.Agency}
	return nil
}

func (f *fakeAccess) SetDatasetOperation(ctx context.Context, dataset, operation string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if operation != "" && f.ops[operation] == nil {
		return tideline.Errorf(tideline.ENOTFOUND, "operation %s not found", operation)
	}
	for _, op := range f.ops {
		op.Datasets = slices.DeleteFunc(op.Datasets, func(d string) bool { return d == dataset })
	}
	if operation != "" {
		f.ops[operation].Datasets = append(f.ops[operation].Datasets, dataset)
	}
	return nil
}

func (f *fakeAccess) AddMember(ctx context.Context, operation string, userID int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	op := f.ops[operation]
	if op == nil {
		return tideline.Errorf(tideline.ENOTFOUND, "operation %s not found", operation)
	}
	if !slices.Contains(op.Members, userID) {
		op.Members = append(op.Members, userID)
	}
	return nil
}

func (f *fakeAccess) RemoveMember(ctx context.Context, operation string, userID int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	op := f.ops[operation]
	if op == nil {
		return tideline.Errorf(tideline.ENOTFOUND, "operation %s not found", operation)
	}
	op.Members = slices.DeleteFunc(op.Members, func(id int64) bool { return id == userID })
	return nil
}

func (f *fakeAccess) Owners(ctx context.Context) (map[string]string, error) {
	f.reads.Add(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]string, len(f.owners))
	for k, v := range f.owners {
		out[k] = v
	}
	return out, nil
}

func (f *fakeAccess) SetOwner(ctx context.Context, dataset, agency string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if agency == "" {
		delete(f.owners, dataset)
	} else {
		f.owners[dataset] = agency
	}
	return nil
}

// check fails tb on an error of the fake's setters.
func check(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
