package cli

import (
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"
)

func TestAgreeOnTwoAnnotatorsFiles(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.goldspan")
	alice := write(t, dir, "alice.jsonl", `{"id":"d1","text":"普京訪問北京","spans":[{"start":0,"end":2,"label":"PER"},{"start":4,"end":6,"label":"LOC"}],"status":"done"}
{"id":"d2","text":"俄羅斯國防部說","spans":[{"start":0,"end":6,"label":"ORG"}],"status":"done"}
`)
	bob := write(t, dir, "bob.jsonl", `{"id":"d1","text":"普京訪問北京","spans":[{"start":0,"end":2,"label":"PER"},{"start":4,"end":6,"label":"ORG"}],"status":"done"}
{"id":"d2","text":"俄羅斯國防部說","spans":[{"start":0,"end":3,"label":"ORG"}],"status":"done"}
`)
	if code, _, errs := run(t, "", "import", "--db", db, "--annotator", "alice", alice); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := run(t, "", "import", "--db", db, "--annotator", "bob", bob); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := run(t, "", "agree", "--db", db, "--json")
	if code != 0 {
		t.Fatal(errs)
	}
	var rep struct {
		Annotators []string `json:"annotators"`
		Documents  int      `json:"documents"`
		Characters int      `json:"characters"`
		Pairs      []struct {
			A, B     string
			F1Exact  float64 `json:"f1_exact"`
			F1Overlp float64 `json:"f1_overlap"`
			Kappa    float64 `json:"kappa"`
		} `json:"pairs"`
		Disagreements []json.RawMessage `json:"disagreements"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err, out)
	}
	if rep.Documents != 2 || rep.Characters != 13 || len(rep.Pairs) != 1 {
		t.Fatalf("report = %+v", rep)
	}
	p := rep.Pairs[0]
	// Exact: PER matches; LOC/ORG and the two ORG extents do not: 1 of 3 each side.
	if math.Abs(p.F1Exact-1.0/3) > 1e-12 || math.Abs(p.F1Overlp-2.0/3) > 1e-12 {
		t.Fatalf("f1 = %v / %v", p.F1Exact, p.F1Overlp)
	}
	if len(rep.Disagreements) != 2 {
		t.Fatalf("disagreements = %d", len(rep.Disagreements))
	}
	code, text, _ := run(t, "", "agree", "--db", db)
	if code != 0 || !strings.Contains(text, "alice") || !strings.Contains(text, "kappa") {
		t.Fatalf("text report:\n%s", text)
	}
}
