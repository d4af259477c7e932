package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// DataDir returns the absolute path of the shared data directory, or fails tb
// with a message saying where it looked.
func DataDir(tb testing.TB) string {
	tb.Helper()
	if d := os.Getenv("TIDELINE_DATA"); d != "" {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d
		}
		tb.Fatalf("sharedtest: TIDELINE_DATA=%q is not a directory", d)
	}
	root, err := ModuleRoot()
	if err != nil {
		tb.Fatalf("sharedtest: %v", err)
	}
	d := filepath.Join(root, "..", "shared", "data")
	if st, err := os.Stat(d); err != nil || !st.IsDir() {
		tb.Fatalf("sharedtest: shared data not found at %s (set TIDELINE_DATA)", d)
	}
	return filepath.Clean(d)
}

// Path joins elem onto DataDir(tb) and fails tb if the result does not exist.
func Path(tb testing.TB, elem ...string) string {
	tb.Helper()
	p := filepath.Join(append([]string{DataDir(tb)}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("sharedtest: %v", err)
	}
	return p
}

// ModuleRoot returns the nearest ancestor of the working directory that holds go.mod.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
