package netfile_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/tideline-oss/tideline"
	"github.com/tideline-oss/tideline/internal/ingest/netfile"
	"github.com/tideline-oss/tideline/internal/sharedtest"
)

// fuzzOptions picks options from two fuzzed bytes.
func fuzzOptions(format string, mode byte) netfile.Options {
	opt := netfile.Options{Dataset: "fuzz", Format: format, Directed: mode&1 != 0}
	switch mode >> 1 % 3 {
	case 1:
		opt.Link, opt.Relationship = "Associate", "met"
	case 2:
		if opt.Directed {
			opt.Link = "Call"
		}
	}
	return opt
}

// checkFuzz reads data and checks, besides collect's invariants, that
// people are named by their label and carry its id.
func checkFuzz(t *testing.T, data []byte, opt netfile.Options) {
	g := collect(t, netfile.Read(bytes.NewReader(data), "f.csv", opt), "f.csv")
	for id, name := range g.names {
		if name == "" || name != strings.TrimSpace(name) || id != netfile.PersonID("fuzz", name) {
			t.Fatalf("Person %s named %q", id, name)
		}
		if !goodLabel(name) {
			t.Fatalf("Person %s named %q: invalid UTF-8 or a control character", id, name)
		}
	}
	for _, ev := range g.events {
		if name := ev.First("name"); !goodLabel(name) {
			t.Fatalf("Event %s named %q: invalid UTF-8 or a control character", ev.ID, name)
		}
	}
	for _, err := range g.errs {
		if err.(*tideline.InputError).Reason == "" {
			t.Fatalf("error without reason: %v", err)
		}
		if !utf8.ValidString(err.Error()) {
			t.Fatalf("error is not valid UTF-8: %q", err.Error())
		}
	}
}

// goodLabel reports whether s is valid UTF-8 without control characters
// other than TAB.
func goodLabel(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r != '\t' && unicode.IsControl(r) {
			return false
		}
	}
	return true
}

func addSeeds(f *testing.F, mode byte, files ...string) {
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) > 1024 {
			b = b[:1024]
		}
		f.Add(b, mode)
	}
}

func FuzzReadEdgeList(f *testing.F) {
	for _, s := range []string{
		"a b 1\nb c 2\n", "source,target,weight\nx,y,3\n", "\"a b\";\"c\";1.5e3\n", "# c\n\na\tb\n",
		"1 2 x\n", "a a 1\n", "a,,1\n", "a b -1\n", "\ufeffa b 0\r\n",
		"a b 1e-400\n", "a\xff b 1\n", "a \"b\x01\" 2\n", "a b\u0085 1\nb a 1\n",
	} {
		f.Add([]byte(s), byte(0))
	}
	addSeeds(f, 5, sharedtest.Path(f, "networks", "montagna", "Montagna_phonecalls_edgelist.csv"))
	f.Fuzz(func(t *testing.T, data []byte, mode byte) {
		format := "edgelist"
		if mode&0x80 != 0 {
			format = "auto"
		}
		checkFuzz(t, data, fuzzOptions(format, mode&0x7f))
	})
}

func FuzzReadMatrix(f *testing.F) {
	for _, s := range []string{
		",a,b,c,d\na,0,1,0,0\nb,1,0,2,0\nc,0,2,0,0\nd,0,0,0,0\n",
		"\ufeff\"\",\"a\",\"b\"\r\n\"a\",0,1\r\n\"b\",0.5,0\r\n",
		",a,b\nx,1,1\n,1\nb,-1,q\n", ";a;b\na;0;1\n", ",e1,e2\np,1,0\nq,1,1\n", ",a,,a\n",
		",a,b\xff\na,2,1e-400\nb\xff,1,0\n", "\"\",\"x\ny\",b\n\"x\ny\",0,1\nb,1,0\n",
	} {
		f.Add([]byte(s), byte(0))
	}
	dir := sharedtest.Path(f, "networks", "ucinet_covert")
	addSeeds(f, 1, filepath.Join(dir, "morselli_cielnet.csv"), filepath.Join(dir, "luciaetal_montagna.csv"))
	f.Fuzz(func(t *testing.T, data []byte, mode byte) {
		format := "matrix"
		switch {
		case mode&0x80 != 0:
			format = "auto"
		case mode&0x40 != 0:
			format = "twomode"
		}
		checkFuzz(t, data, fuzzOptions(format, mode&0x3f))
	})
}
