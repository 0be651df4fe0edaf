package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// lsTwoAnnotators is a Label Studio file with two annotators' work on one
// document.
const lsTwoAnnotators = `[{"id":1,"data":{"text":"张三在北京"},"annotations":[
 {"completed_by":{"email":"alice@example.org"},"result":[{"from_name":"label","to_name":"text","type":"labels","value":{"start":0,"end":2,"text":"张三","labels":["PER"]}}]},
 {"completed_by":{"first_name":"bob"},"result":[{"from_name":"label","to_name":"text","type":"labels","value":{"start":3,"end":5,"text":"北京","labels":["LOC"]}}]}]}]`

// TestExportLabelStudioAnnotators: the Label Studio export leaves out the
// completed_by Label Studio refuses, keeps the names in the task's meta
// (and they come back on import), and --ls-email maps them to members.
func TestExportLabelStudioAnnotators(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.goldspan")
	if code, _, errs := run(t, "", "import", "--db", db, write(t, dir, "ls.json", lsTwoAnnotators)); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := run(t, "", "export", "--db", db, "--format", "labelstudio")
	if code != 0 {
		t.Fatal(errs)
	}
	if strings.Contains(out, "completed_by") || !strings.Contains(out, `"goldspan_annotators":["alice@example.org","bob"]`) || !strings.Contains(out, `"ground_truth":false`) {
		t.Fatalf("export:\n%s", out)
	}
	db2 := filepath.Join(dir, "q.goldspan")
	if code, _, errs := run(t, "", "import", "--db", db2, write(t, dir, "back.json", out)); code != 0 {
		t.Fatal(errs)
	}
	_, again, _ := run(t, "", "export", "--db", db2, "--format", "labelstudio")
	if again != out {
		t.Errorf("round trip changed the export:\n%s\n%s", out, again)
	}

	code, out, errs = run(t, "", "export", "--db", db, "--format", "labelstudio", "--ls-email", "alice@example.org=alice@example.org", "--ls-email", "bob=bob@example.org")
	if code != 0 || !strings.Contains(out, `"completed_by":{"email":"bob@example.org"}`) {
		t.Fatalf("code %d %s:\n%s", code, errs, out)
	}
	code, _, errs = run(t, "", "export", "--db", db, "--format", "labelstudio", "--ls-email", "bob=bob@example.org")
	if code == 0 || !strings.Contains(errs, `"alice@example.org" has no Label Studio email`) {
		t.Errorf("an unmapped annotator: code %d %s", code, errs)
	}
	code, _, errs = run(t, "", "export", "--db", db, "--format", "labelstudio", "--ls-email", "bob")
	if code != 2 || !strings.Contains(errs, "NAME=EMAIL") {
		t.Errorf("--ls-email bob: code %d %s", code, errs)
	}
}

// lsWithPredictions has one annotated document with a prediction and one
// with predictions only.
const lsWithPredictions = `[{"id":1,"data":{"text":"张三在北京"},
 "annotations":[{"completed_by":{"email":"alice@example.org"},"result":[{"from_name":"label","to_name":"text","type":"labels","value":{"start":0,"end":2,"text":"张三","labels":["PER"]}}]}],
 "predictions":[{"model_version":"dict-v1","score":0.5,"result":[{"from_name":"label","to_name":"text","type":"labels","value":{"start":3,"end":5,"text":"北京","labels":["LOC"]}}]}]},
 {"id":2,"data":{"text":"李四去上海"},
 "predictions":[{"model_version":"dict-v1","result":[{"from_name":"label","to_name":"text","type":"labels","score":0.9,"value":{"start":3,"end":5,"text":"上海","labels":["LOC"]}}]}]}]`

// TestExportSuggestions: --suggestions writes the machine suggestions as
// Label Studio predictions (model_version, score) and as spaCy spans with
// their source; without it they are not written.
func TestExportSuggestions(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.goldspan")
	if code, _, errs := run(t, "", "import", "--db", db, write(t, dir, "ls.json", lsWithPredictions)); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := run(t, "", "export", "--db", db, "--format", "labelstudio", "--suggestions")
	if code != 0 {
		t.Fatal(errs)
	}
	for _, want := range []string{
		`"predictions":[{"model_version":"dict-v1","score":0.5,"result":[{"id":"p1","from_name":"label","to_name":"text","type":"labels","score":0.5,"value":{"start":3,"end":5,"text":"北京","labels":["LOC"]}}]}]`,
		`"predictions":[{"model_version":"dict-v1","score":0.9,`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %s:\n%s", want, out)
		}
	}
	_, plain, _ := run(t, "", "export", "--db", db, "--format", "labelstudio")
	if strings.Contains(plain, "dict-v1") {
		t.Errorf("suggestions written without --suggestions:\n%s", plain)
	}

	code, out, errs = run(t, "", "export", "--db", db, "--format", "spacy", "--suggestions")
	if code != 0 {
		t.Fatal(errs)
	}
	if !strings.Contains(out, `"label":"LOC"`) || !strings.Contains(out, `"source":"dict-v1","score":0.9`) {
		t.Errorf("spaCy export lacks the suggestion with its source:\n%s", out)
	}
	if !strings.Contains(errs, "1 machine suggestions not written") {
		t.Errorf("the annotated record's suggestions are not reported as left out: %s", errs)
	}
}

// goldTwoDocs: alice and bob annotated d1 (done) and d2 (alice in
// progress, bob skipped): gold JSONL with statuses.
const goldTwoDocs = `{"id":"d1","text":"张三在北京","annotator":"alice","status":"done","spans":[{"start":0,"end":2,"label":"PER"}]}
{"id":"d1","text":"张三在北京","annotator":"bob","status":"done","spans":[{"start":3,"end":5,"label":"LOC"}]}
{"id":"d2","text":"李四去上海","annotator":"alice","status":"in-progress","spans":[{"start":0,"end":2,"label":"PER"}]}
{"id":"d2","text":"李四去上海","annotator":"bob","status":"skipped","spans":[]}
`

// TestTrainingExportDefaults: hf and conll take one layer and done
// documents; several annotators without gold is an error asking for
// --annotator; the gold layer is taken when there is one; two records of
// one document are never written; the native format keeps every layer.
func TestTrainingExportDefaults(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.goldspan")
	if code, _, errs := run(t, "", "import", "--db", db, write(t, dir, "g.jsonl", goldTwoDocs)); code != 0 {
		t.Fatal(errs)
	}
	for _, f := range []string{"hf", "conll"} {
		code, _, errs := run(t, "", "export", "--db", db, "--format", f)
		if code == 0 || !strings.Contains(errs, "2 annotators (alice, bob) and no gold layer") || !strings.Contains(errs, "--annotator") {
			t.Errorf("%s with two annotators: code %d %s", f, code, errs)
		}
		code, _, errs = run(t, "", "export", "--db", db, "--format", f, "--all")
		if code == 0 || !strings.Contains(errs, `document "d1" has several annotators' records`) {
			t.Errorf("%s --all: code %d %s", f, code, errs)
		}
	}
	code, out, errs := run(t, "", "export", "--db", db, "--format", "hf", "--annotator", "alice")
	if code != 0 {
		t.Fatal(errs)
	}
	if n := strings.Count(out, "\n"); n != 1 || !strings.Contains(out, `"id":"d1"`) {
		t.Errorf("hf --annotator alice: want d1 only (d2 is in progress):\n%s", out)
	}
	_, out, _ = run(t, "", "export", "--db", db, "--format", "hf", "--annotator", "alice", "--status", "any")
	if n := strings.Count(out, "\n"); n != 2 {
		t.Errorf("--status any gives both documents:\n%s", out)
	}
	_, out, _ = run(t, "", "export", "--db", db)
	if n := strings.Count(out, "\n"); n != 4 {
		t.Errorf("the native export keeps every layer and status:\n%s", out)
	}

	// With a gold layer, hf and conll take it.
	gold := `{"id":"d1","text":"张三在北京","annotator":"gold","status":"done","spans":[{"start":0,"end":2,"label":"PER"},{"start":3,"end":5,"label":"LOC"}]}` + "\n"
	if code, _, errs := run(t, "", "import", "--db", db, write(t, dir, "gold.jsonl", gold)); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs = run(t, "", "export", "--db", db, "--format", "conll")
	if code != 0 {
		t.Fatal(errs)
	}
	if !strings.Contains(out, "张\tB-PER") || !strings.Contains(out, "北\tB-LOC") || strings.Contains(out, "李") {
		t.Errorf("conll: want the gold layer of d1 only:\n%s", out)
	}
}

// TestTrainingExportOneAnnotator: one annotator needs no --annotator.
func TestTrainingExportOneAnnotator(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.goldspan")
	lines := strings.Split(goldTwoDocs, "\n")
	one := lines[0] + "\n" + lines[2] + "\n" // alice's only
	if code, _, errs := run(t, "", "import", "--db", db, write(t, dir, "g.jsonl", one)); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := run(t, "", "export", "--db", db, "--format", "hf")
	if code != 0 || strings.Count(out, "\n") != 1 || !strings.Contains(out, `"id":"d1"`) {
		t.Errorf("code %d %s:\n%s", code, errs, out)
	}
}
