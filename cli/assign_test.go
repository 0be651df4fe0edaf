package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// A lead hands six documents to three reviewers, two each; --show gives
// their progress; agree compares each document among the two it went to.
func TestAssignShowAndAgreeOnTheOverlap(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.goldspan")
	var docs strings.Builder
	for i := range 6 {
		fmt.Fprintf(&docs, `{"id":"d%d","text":"𠮷野家在俄羅斯國防部旁👍\r\n普京訪問北京"}`+"\n", i)
	}
	if code, _, errs := run(t, "", "import", "--db", db, write(t, dir, "docs.jsonl", docs.String())); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	code, out, errs := run(t, "", "assign", "--db", db, "--annotators", "alice, bob,carol", "--overlap", "2", "--seed", "3")
	if code != 0 || !strings.Contains(errs, "handed out 6 documents, each to 2 of 3 annotators (seed 3)") {
		t.Fatalf("assign: %d %q %q", code, out, errs)
	}
	for _, s := range []string{"alice\t4 documents", "bob\t4 documents", "carol\t4 documents", "alice + bob\tshare 2", "bob + carol\tshare 2"} {
		if !strings.Contains(out, s) {
			t.Errorf("assign printed no %q:\n%s", s, out)
		}
	}
	if code, _, errs := run(t, "", "assign", "--db", db, "--annotators", "alice,bob,carol", "--overlap", "2"); code != 0 || !strings.Contains(errs, "every document is assigned already") {
		t.Errorf("assign again: %d %q", code, errs)
	}
	if code, _, errs := run(t, "", "assign", "--db", db, "--annotators", "alice", "--overlap", "2"); code != 1 || !strings.Contains(errs, "an overlap of 2 needs at least 2 annotators") {
		t.Errorf("too few annotators: %d %q", code, errs)
	}

	// Each reviewer marks their documents done, with the same span; alice
	// adds one of her own on each.
	code, out, _ = run(t, "", "assign", "--db", db, "--show", "--json")
	if code != 0 || !strings.Contains(out, `"annotator":"alice","assigned":4,"done":0`) {
		t.Fatalf("show --json: %d %s", code, out)
	}
	var layers strings.Builder
	for i := range 6 {
		for _, who := range []string{"alice", "bob", "carol"} {
			spans := `[{"start":14,"end":16,"label":"PER"}]`
			if who == "alice" {
				spans = `[{"start":14,"end":16,"label":"PER"},{"start":0,"end":3,"label":"ORG"}]`
			}
			fmt.Fprintf(&layers, `{"id":"d%d","text":"𠮷野家在俄羅斯國防部旁👍\r\n普京訪問北京","annotator":%q,"status":"done","spans":%s}`+"\n", i, who, spans)
		}
	}
	if code, _, errs := run(t, "", "import", "--db", db, write(t, dir, "layers.jsonl", layers.String())); code != 0 {
		t.Fatalf("import layers: %d %s", code, errs)
	}
	code, out, _ = run(t, "", "assign", "--db", db, "--show")
	if code != 0 || !strings.Contains(out, "alice                        4      4") {
		t.Errorf("show: %d\n%s", code, out)
	}

	code, out, errs = run(t, "", "agree", "--db", db)
	if code != 0 || !strings.Contains(out, "Agreement on the overlap of the assignments: 6 documents assigned to two or more annotators, 6 compared") {
		t.Fatalf("agree: %d %q\n%s", code, errs, out)
	}
	for _, s := range []string{"Every document's 2 annotators", "alice–bob", "alice–carol", "bob–carol"} {
		if !strings.Contains(out, s) {
			t.Errorf("agree printed no %q:\n%s", s, out)
		}
	}
	code, out, _ = run(t, "", "agree", "--db", db, "--json")
	var rep struct {
		Compared int `json:"compared_documents"`
		Pairs    []struct {
			A, B      string
			Documents int
			F1Exact   float64 `json:"f1_exact"`
		}
	}
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Compared != 6 || len(rep.Pairs) != 3 {
		t.Fatalf("agree --json: %d %s", code, out)
	}
	for _, p := range rep.Pairs {
		want := 1.0
		if p.A == "alice" {
			want = 2.0 / 3 // alice's ORG is hers alone: 1 matched, 1 only a
		}
		if p.Documents != 2 || fmt.Sprintf("%.4f", p.F1Exact) != fmt.Sprintf("%.4f", want) {
			t.Errorf("pair %s-%s: %d documents, F1 %.4f; want 2, %.4f", p.A, p.B, p.Documents, p.F1Exact, want)
		}
	}
	// --overlap no compares everyone on every document, as before.
	code, out, _ = run(t, "", "agree", "--db", db, "--overlap", "no")
	if code != 0 || !strings.Contains(out, "Agreement of 3 annotators") {
		t.Errorf("agree --overlap no: %d\n%s", code, out)
	}
}
