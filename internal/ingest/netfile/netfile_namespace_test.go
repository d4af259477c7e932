package netfile_test

import (
	"strings"
	"testing"

	"github.com/tideline-oss/tideline/internal/ingest/netfile"
)

// TestNamespace: two layers of one operation share person ids when they
// share a namespace, and keep distinct link ids through their datasets.
func TestNamespace(t *testing.T) {
	ids := func(opt netfile.Options) map[string]string {
		out := map[string]string{}
		for f, err := range netfile.Read(strings.NewReader("18\t25\t2\n"), "x.tsv", opt) {
			if err != nil {
				t.Fatal(err)
			}
			out[f.Entity.Schema+":"+f.Entity.First("name")] = f.Entity.ID
		}
		return out
	}
	meet := ids(netfile.Options{Dataset: "montagna_meetings", Namespace: "montagna", Link: "Associate"})
	calls := ids(netfile.Options{Dataset: "montagna_calls", Namespace: "montagna", Link: "Call", Directed: true})
	if meet["Person:18"] == "" || meet["Person:18"] != calls["Person:18"] {
		t.Errorf("person 18 ids differ across layers: %q vs %q", meet["Person:18"], calls["Person:18"])
	}
	if got, want := meet["Person:18"], netfile.PersonID("montagna", "18"); got != want {
		t.Errorf("person id = %s; want PersonID(montagna, 18) = %s", got, want)
	}
	plain := ids(netfile.Options{Dataset: "montagna_meetings", Link: "Associate"})
	if plain["Person:18"] == meet["Person:18"] {
		t.Error("without a namespace, ids must be seeded by the dataset")
	}
}
