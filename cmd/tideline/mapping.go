package main

import (
	"context"
	"io"
	"iter"
	"strings"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/ingest/mapping"
)

// openMapping loads an FtM mapping file and returns its fragments. The
// dataset is the mapping's (whose name seeds the entity ids, as in FtM);
// --dataset selects one when the file defines several.
func openMapping(ctx context.Context, app *App, path string, fl *ingestFlags) (iter.Seq2[*tideline.Fragment, error], tideline.Dataset, func(), error) {
	m, err := mapping.LoadOptions(path, mapping.Options{Dataset: fl.dataset})
	if err != nil {
		return nil, tideline.Dataset{}, nil, err
	}
	if len(m.Datasets) != 1 {
		return nil, tideline.Dataset{}, nil, usagef("%s defines datasets %s; choose one with --dataset", path, strings.Join(m.Datasets, ", "))
	}
	ds := tideline.Dataset{Name: m.Datasets[0]}
	if err := ds.Validate(); err != nil {
		return nil, ds, nil, tideline.Errorf(tideline.EINVALID, "%s: %s", path, tideline.ErrorMessage(err))
	}
	var closers []func()
	open := func(csvURL string) (io.ReadCloser, error) {
		p, err := m.CSVPath(csvURL) // refuses paths outside the mapping's folder
		if err != nil {
			return nil, err
		}
		r, closer, err := openWithProgress(app, p, fl.progress)
		if err != nil {
			return nil, err
		}
		closers = append(closers, closer)
		return io.NopCloser(r), nil
	}
	return m.Read(ctx, open), ds, func() {
		for _, c := range closers {
			c()
		}
	}, nil
}
