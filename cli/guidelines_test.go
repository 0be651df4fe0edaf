package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// goldspan guidelines prints what --set kept, byte for byte; bad files
// are refused naming the file and line, leaving the guidelines as they were;
// an empty file removes them.
func TestGuidelinesSetAndPrint(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.goldspan")
	in := write(t, dir, "docs.jsonl", `{"id":"a1","text":"俄羅斯國防部"}`+"\n")
	if code, _, errs := run(t, "", "import", "--db", db, in); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	code, out, errs := run(t, "", "guidelines", "--db", db)
	if code != 0 || out != "" || !strings.Contains(errs, "has no guidelines yet") {
		t.Fatalf("before any: %d %q %q", code, out, errs)
	}
	guide := "# 標註指引\n\n- 俄 (one-character country abbreviations): **LOC**\n- 𠮷野家: ORG\n"
	code, _, errs = run(t, "", "guidelines", "--db", db, "--set", write(t, dir, "guide.md", guide))
	if code != 0 || !strings.Contains(errs, "4 lines") {
		t.Fatalf("--set: %d %q", code, errs)
	}
	if code, out, _ := run(t, "", "guidelines", "--db", db); code != 0 || out != guide {
		t.Fatalf("print: %d %q", code, out)
	}

	bad := write(t, dir, "bad.md", "# ok\n\xff\xfe broken\n")
	code, _, errs = run(t, "", "guidelines", "--db", db, "--set", bad)
	if code != 1 || !strings.Contains(errs, "bad.md line 2: not UTF-8") {
		t.Errorf("bad UTF-8: %d %q", code, errs)
	}
	code, _, errs = run(t, "", "guidelines", "--db", db, "--set", filepath.Join(dir, "missing.md"))
	if code != 1 || !strings.Contains(errs, "missing.md") {
		t.Errorf("missing file: %d %q", code, errs)
	}
	if _, out, _ := run(t, "", "guidelines", "--db", db); out != guide {
		t.Errorf("after refused files: %q", out)
	}

	if code, _, errs := run(t, "short\n", "guidelines", "--db", db, "--set", "-"); code != 0 || !strings.Contains(errs, "1 line") {
		t.Errorf("from stdin: %d %q", code, errs)
	}
	if _, out, _ := run(t, "", "guidelines", "--db", db); out != "short\n" {
		t.Errorf("after stdin: %q", out)
	}
	if code, _, errs := run(t, "", "guidelines", "--db", db, "--set", write(t, dir, "empty.md", "")); code != 0 || !strings.Contains(errs, "removed") {
		t.Errorf("empty file: %d %q", code, errs)
	}
	if _, out, errs := run(t, "", "guidelines", "--db", db); out != "" || !strings.Contains(errs, "no guidelines") {
		t.Errorf("after removing: %q %q", out, errs)
	}
	if code, _, _ := run(t, "", "guidelines", "--db", filepath.Join(dir, "none.goldspan")); code != 1 {
		t.Errorf("no such project: exit %d", code)
	}
	if code, _, _ := run(t, "", "guidelines", "--db", db, "extra"); code != 2 {
		t.Errorf("an extra argument: exit %d", code)
	}
}
