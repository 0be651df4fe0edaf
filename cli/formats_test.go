package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func nerFile(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join("..", "..", "shared", "data", "ner", name)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing: %v", p, err)
		}
		t.Skip("no shared NER data")
	}
	return p
}

// TestMSRAImportsAndReexportsAsCoNLL is the acceptance check: the
// MSRA test file imports via --format conll with its README's entity
// counts and re-exports identical to the original.
func TestMSRAImportsAndReexportsAsCoNLL(t *testing.T) {
	src := nerFile(t, "msra_test.bio")
	dir := t.TempDir()
	db := filepath.Join(dir, "msra.goldspan")
	if code, _, errs := run(t, "", "import", "--db", db, "--format", "conll", "--annotator", "msra", src); code != 0 {
		t.Fatal(errs)
	}
	_, js, _ := run(t, "", "stats", "--db", db, "--json")
	var st struct {
		Documents  int
		Annotators []struct {
			ByLabel map[string]int `json:"by_label"`
		}
	}
	if err := json.Unmarshal([]byte(js), &st); err != nil {
		t.Fatal(err)
	}
	got := st.Annotators[0].ByLabel
	if st.Documents != 3442 || got["PER"] != 1973 || got["LOC"] != 2886 || got["ORG"] != 1331 {
		t.Fatalf("documents %d, entities %v", st.Documents, got)
	}
	out := filepath.Join(dir, "out.bio")
	if code, _, errs := run(t, "", "export", "--db", db, "--format", "conll", "-o", out); code != 0 {
		t.Fatal(errs)
	}
	a, _ := os.ReadFile(src)
	b, _ := os.ReadFile(out)
	if strings.Join(strings.Fields(string(a)), " ") != strings.Join(strings.Fields(string(b)), " ") {
		t.Fatal("re-exported CoNLL differs from the original beyond whitespace")
	}
}

func TestImportDoccanoAndLabelStudioExports(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.goldspan")
	// doccano counts UTF-16 code units: 👍 is two, so 北京 is at [3,5).
	doccano := write(t, dir, "doccano.jsonl", `{"id":7,"text":"👍在北京","label":[[3,5,"LOC"]],"user":"carol"}`+"\n")
	ls := write(t, dir, "ls.json", `[{"id":1,"data":{"text":"𠮷野家在東京"},"annotations":[{"completed_by":{"email":"dan@example.org"},"result":[{"id":"a","from_name":"label","to_name":"text","type":"labels","value":{"start":4,"end":6,"text":"東京","labels":["LOC"]}}]}]}]`)
	for _, f := range []string{doccano, ls} {
		if code, _, errs := run(t, "", "import", "--db", db, f); code != 0 {
			t.Fatalf("%s: %s", f, errs)
		}
	}
	_, out, _ := run(t, "", "export", "--db", db, "--all")
	for _, want := range []string{`"start":2,"end":4,"label":"LOC","text":"北京"`, `"start":4,"end":6,"label":"LOC","text":"東京"`} {
		if !strings.Contains(out, want) {
			t.Fatalf("export lacks %s:\n%s", want, out)
		}
	}
	// The same doccano file given as gold JSONL is refused, not imported without spans.
	code, _, errs := run(t, "", "import", "--db", db, "--format", "gold", doccano)
	if code != 1 || !strings.Contains(errs, `line 1: has a "label" key`) {
		t.Fatalf("code %d: %s", code, errs)
	}
}
