package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The interop flags of import and export, end to end through the CLI.
func TestInteropFlags(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.goldspan")
	in := write(t, dir, "in.jsonl", `{"id":"a1","text":"北京大學在海淀","annotator":"bob","status":"done","spans":[{"start":0,"end":4,"label":"MISC"},{"start":5,"end":7,"label":"GPE"}]}`+"\n")
	if code, _, errs := run(t, "", "import", "--db", db, "--strict-labels", "--label-map", "GPE=LOC", in); code != 1 || !strings.Contains(errs, `unknown label "MISC"`) {
		t.Fatalf("--strict-labels: exit %d, %s", code, errs)
	}
	code, _, errs := run(t, "", "import", "--db", db, "--label-map", "GPE=LOC", in)
	if code != 0 || !strings.Contains(errs, "added the label MISC (hotkey 5)") {
		t.Fatalf("import: exit %d, %s", code, errs)
	}
	// Class numbers out, with the class names beside them, and back in.
	out := filepath.Join(dir, "hf", "train.jsonl")
	os.Mkdir(filepath.Dir(out), 0o755)
	if code, _, errs := run(t, "", "export", "--db", db, "--format", "hf", "--hf-int", "-o", out); code != 0 {
		t.Fatal(errs)
	}
	data, _ := os.ReadFile(out)
	if !strings.Contains(string(data), `"ner_tags":[9,10,10,10,0,3,4]`) {
		t.Fatalf("hf --hf-int wrote %s", data)
	}
	if info, err := os.ReadFile(filepath.Join(dir, "hf", "dataset_info.json")); err != nil || !strings.Contains(string(info), `"B-MISC"`) {
		t.Fatalf("dataset_info.json: %s, %v", info, err)
	}
	db2 := filepath.Join(dir, "q.goldspan")
	if code, _, errs := run(t, "", "import", "--db", db2, "--annotator", "z", out); code != 0 {
		t.Fatal(errs)
	}
	if _, got, _ := run(t, "", "export", "--db", db2, "--annotator", "z", "--format", "doccano"); !strings.Contains(got, `"label":[[0,4,"MISC"],[5,7,"LOC"]]`) {
		t.Fatalf("class numbers read back as %s", got)
	}
	// A doccano file from a grapheme-mode project.
	dc := write(t, dir, "dc.jsonl", `{"id":9,"text":"甲乙\r\n丙丁戊己","label":[[5,7,"PER"]],"annotator":"dan"}`+"\n")
	if code, _, errs := run(t, "", "import", "--db", db2, "--units", "grapheme", dc); code != 0 {
		t.Fatal(errs)
	}
	if _, got, _ := run(t, "", "export", "--db", db2, "--annotator", "dan", "--format", "doccano", "--units", "grapheme"); !strings.Contains(got, `"label":[[5,7,"PER"]]`) {
		t.Fatalf("grapheme round trip: %s", got)
	}
	for _, bad := range [][]string{{"import", "--db", db2, "--units", "bytes", dc}, {"import", "--db", db2, "--match", "name", dc}, {"export", "--db", db2, "--hf-int"}, {"import", "--db", db2, "--label-map", "A", dc}} {
		if code, _, _ := run(t, "", bad...); code != 2 {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
}
