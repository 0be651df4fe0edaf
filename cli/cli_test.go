package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"goldspan/annotate"
	"goldspan/annotate/format"
	"goldspan/project"
	"goldspan/storage"
)

// service is the project service of the tests, on SQLite project files
// as main wires it; its dictionary loads once for the package.
var service = project.New(project.Options{Open: storage.OpenProject})

// run runs the CLI in-process and returns exit code, stdout and stderr.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Service: service, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb}
	code := Run(context.Background(), env, args)
	return code, out.String(), errb.String()
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// tricky holds the texts that break other tools' offsets: an emoji, a CJK
// Extension B character (outside the BMP), a combining mark and CRLF.
const tricky = `{"id":"a1","text":"特朗普（Donald Trump）","spans":[{"start":0,"end":3,"label":"PER","text":"特朗普"},{"start":4,"end":16,"label":"PER","text":"Donald Trump"}],"annotator":"alice","status":"done","meta":{}}
{"id":"e1","text":"👍𠮷野家在東京\r\n2025年9月23日","spans":[{"start":1,"end":4,"label":"ORG","text":"𠮷野家"},{"start":5,"end":7,"label":"LOC","text":"東京"},{"start":9,"end":19,"label":"TIME","text":"2025年9月23日"}],"annotator":"alice","status":"in-progress","meta":{"source":"test","n":12345678901234567890}}
{"id":"c1","text":"Café née à 俄羅斯國防部","spans":[{"start":12,"end":15,"label":"LOC","text":"俄羅斯"},{"start":12,"end":18,"label":"ORG","text":"俄羅斯國防部"}],"annotator":"bob","status":"done","meta":{}}
{"id":"p1","text":"純文本，沒有標註。","meta":{}}
`

func TestRoundTripIsByteIdentical(t *testing.T) {
	dir := t.TempDir()
	in := write(t, dir, "in.jsonl", tricky)
	db1, db2 := filepath.Join(dir, "one.goldspan"), filepath.Join(dir, "two.goldspan")
	if code, _, errs := run(t, "", "import", "--db", db1, in); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	code, out1, errs := run(t, "", "export", "--db", db1, "--all")
	if code != 0 {
		t.Fatalf("export: %d %s", code, errs)
	}
	if out1 != tricky {
		t.Fatalf("export differs from the input:\n got %s\nwant %s", out1, tricky)
	}
	mid := write(t, dir, "mid.jsonl", out1)
	if code, _, errs := run(t, "", "import", "--db", db2, mid); code != 0 {
		t.Fatalf("re-import: %d %s", code, errs)
	}
	_, out2, _ := run(t, "", "export", "--db", db2, "--all")
	if out2 != out1 {
		t.Fatalf("second export differs:\n%s\n%s", out1, out2)
	}
	// One annotator, done only.
	_, outAlice, _ := run(t, "", "export", "--db", db1, "--annotator", "alice", "--status", "done")
	if strings.Count(outAlice, "\n") != 1 || !strings.Contains(outAlice, `"id":"a1"`) {
		t.Fatalf("alice done export = %s", outAlice)
	}
}

// TestOffsetsMatchPythonSlicing checks exported span text against what
// Python's text[start:end] gives for the same offsets.
func TestOffsetsMatchPythonSlicing(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3 is needed for this check")
		}
		t.Skip("no python3")
	}
	dir := t.TempDir()
	in := write(t, dir, "in.jsonl", tricky)
	db := filepath.Join(dir, "p.goldspan")
	if code, _, errs := run(t, "", "import", "--db", db, in); code != 0 {
		t.Fatal(errs)
	}
	_, out, _ := run(t, "", "export", "--db", db, "--all")
	exp := write(t, dir, "out.jsonl", out)
	script := `import json,sys
n=0
for line in open(sys.argv[1],encoding="utf-8"):
    r=json.loads(line)
    for s in r.get("spans",[]):
        assert r["text"][s["start"]:s["end"]]==s["text"], (r["id"],s)
        n+=1
print(n)`
	res, err := exec.Command(py, "-c", script, exp).CombinedOutput()
	if err != nil || strings.TrimSpace(string(res)) != "7" {
		t.Fatalf("python check: %v %s", err, res)
	}
}

func TestBadInputNamesFileAndLineAndChangesNothing(t *testing.T) {
	good := `{"id":"g1","text":"北京歡迎你"}` + "\n"
	cases := []struct {
		name, line, want string
	}{
		{"invalid JSON", `{"id":"x","text":"abc"`, "line 2: invalid JSON"},
		{"invalid UTF-8", "{\"id\":\"x\",\"text\":\"a\xff\"}", "line 2: invalid UTF-8"},
		{"negative offset", `{"id":"x","text":"北京","spans":[{"start":-1,"end":1,"label":"LOC"}],"annotator":"a"}`, "line 2: span 1 [-1,1): offsets out of range"},
		{"offset past end", `{"id":"x","text":"北京","spans":[{"start":0,"end":3,"label":"LOC"}],"annotator":"a"}`, "line 2: span 1 [0,3): offsets out of range"},
		{"end before start", `{"id":"x","text":"北京","spans":[{"start":1,"end":1,"label":"LOC"}],"annotator":"a"}`, "line 2: span 1 [1,1)"},
		{"span text mismatch", `{"id":"x","text":"👍北京","spans":[{"start":0,"end":2,"label":"LOC","text":"北京"}],"annotator":"a"}`, `line 2: span 1 [0,2): text "北京" does not match`},
		{"unknown label", `{"id":"x","text":"北京","spans":[{"start":0,"end":2,"label":"CITY"}],"annotator":"a"}`, `line 2: span 1: unknown label "CITY"`},
		{"same id other text", `{"id":"g1","text":"上海歡迎你"}`, `line 2: document "g1" is already in the project with a different text`},
		{"wrong type", `{"id":"x","text":5}`, `line 2: invalid JSON: "text" should be a string`},
		{"missing text", `{"id":"x"}`, `line 2: missing "text"`},
		{"duplicate span", `{"id":"x","text":"北京","spans":[{"start":0,"end":2,"label":"LOC"},{"start":0,"end":2,"label":"LOC"}],"annotator":"a"}`, "line 2: span 2: LOC at [0,2) appears twice"},
		{"lone surrogate", `{"id":"x","text":"a\ud800b"}`, "line 2: \"text\" contains a \\u escape of a lone UTF-16 surrogate"},
		{"spans without annotator", `{"id":"x","text":"北京","spans":[{"start":0,"end":2,"label":"LOC"}]}`, `line 2: record has spans or a status but no "annotator"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "p.goldspan")
			seed := write(t, dir, "seed.jsonl", good)
			if code, _, errs := run(t, "", "import", "--db", db, seed); code != 0 {
				t.Fatal(errs)
			}
			before := fileHash(t, db)
			_, exportBefore, _ := run(t, "", "export", "--db", db)
			bad := write(t, dir, "bad.jsonl", `{"id":"ok","text":"好"}`+"\n"+c.line+"\n")
			// --strict-labels: without it an unknown label joins the project.
			code, _, errs := run(t, "", "import", "--db", db, "--strict-labels", bad)
			if code != 1 {
				t.Fatalf("exit code = %d, want 1; stderr %s", code, errs)
			}
			if strings.Count(errs, "\n") != 1 || !strings.Contains(errs, bad) || !strings.Contains(errs, c.want) {
				t.Fatalf("stderr = %q, want one line naming %s and containing %q", errs, bad, c.want)
			}
			if fileHash(t, db) != before {
				t.Fatal("the project file changed")
			}
			if _, exportAfter, _ := run(t, "", "export", "--db", db); exportAfter != exportBefore {
				t.Fatal("the project's content changed")
			}
		})
	}
}

func TestFailedImportIntoNewProjectLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "new.goldspan")
	bad := write(t, dir, "bad.jsonl", "not json\n")
	if code, _, _ := run(t, "", "import", "--db", db, bad); code != 1 {
		t.Fatal("want failure")
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Fatal("a failed import left a project file behind")
	}
}

func TestImportPlainTextAndLines(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.goldspan")
	txt := write(t, dir, "article.txt", "\ufeff第一行\r\n\r\n第二行\r\n")
	if code, _, errs := run(t, "", "import", "--db", db, txt); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := run(t, "", "import", "--db", db, "--lines", txt); code != 0 {
		t.Fatal(errs)
	}
	_, out, _ := run(t, "", "export", "--db", db)
	want := `{"id":"article","text":"第一行\r\n\r\n第二行\r\n","meta":{}}
{"id":"article:1","text":"第一行","meta":{}}
{"id":"article:3","text":"第二行","meta":{}}
`
	if out != want {
		t.Fatalf("got\n%s\nwant\n%s", out, want)
	}
	_, js, _ := run(t, "", "stats", "--db", db, "--json")
	if !strings.Contains(js, `"documents": 3`) {
		t.Fatalf("stats = %s", js)
	}
}

func TestExportRefusesToOverwriteWithoutForce(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.goldspan")
	in := write(t, dir, "in.jsonl", tricky)
	run(t, "", "import", "--db", db, in)
	out := write(t, dir, "out.jsonl", "keep me")
	code, _, errs := run(t, "", "export", "--db", db, "-o", out)
	if code != 1 || !strings.Contains(errs, "already exists; add --force") {
		t.Fatalf("code %d, %s", code, errs)
	}
	if b, _ := os.ReadFile(out); string(b) != "keep me" {
		t.Fatal("overwritten")
	}
	if code, _, errs := run(t, "", "export", "--db", db, "-o", out, "--force"); code != 0 {
		t.Fatal(errs)
	}
	if b, _ := os.ReadFile(out); string(b) != tricky {
		t.Fatalf("export file = %s", b)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"import", "x.jsonl"}, {"export", "--db"}, {"frobnicate"}, {"export", "--db", "x", "--annotator", "a", "--all"}} {
		if code, _, errs := run(t, "", args...); code != 2 || errs == "" {
			t.Errorf("%v: code %d, stderr %q", args, code, errs)
		}
	}
	if code, out, _ := run(t, "", "help"); code != 0 || !strings.Contains(out, "goldspan import") {
		t.Errorf("help: %d %s", code, out)
	}
	code, _, errs := run(t, "", "stats", "--db", filepath.Join(t.TempDir(), "missing.goldspan"))
	if code != 1 || !strings.Contains(errs, "no project at") {
		t.Errorf("missing project: %d %s", code, errs)
	}
}

// Messages say it once: a domain error wrapped in context, internal or
// not, prints as one sentence without its code; a bad flag value exits 2.
func TestErrorsSayItOnce(t *testing.T) {
	damaged := fmt.Errorf("open p.goldspan: %w", annotate.Errorf(annotate.EINTERNAL, "the project p.goldspan is damaged: database disk image is malformed"))
	if got, want := errorLine("stats", damaged), "goldspan stats: open p.goldspan: the project p.goldspan is damaged: database disk image is malformed"; got != want {
		t.Errorf("damaged:\n got %q\nwant %q", got, want)
	}
	full := fmt.Errorf("import in.jsonl line 3: %w", annotate.Errorf(annotate.EINTERNAL, "the disk is full; the project p.goldspan was not changed"))
	if got := errorLine("import", full); strings.Count(got, "disk is full") != 1 || strings.Contains(got, "code=") || strings.Contains(got, "internal error") {
		t.Errorf("disk full: %q", got)
	}
	if got := errorLine("export", errors.New("boom")); got != "goldspan export: internal error: boom" {
		t.Errorf("a non-domain error: %q", got)
	}
	dir := t.TempDir()
	src := write(t, dir, "in.jsonl", `{"id":"a","text":"文"}`+"\n")
	for _, args := range [][]string{
		{"import", "--db", filepath.Join(dir, "p.goldspan"), "--format", "bogus", src},
		{"export", "--db", filepath.Join(dir, "p.goldspan"), "--format", "bogus"},
		{"export", "--db", filepath.Join(dir, "p.goldspan"), "--status", "bogus"},
	} {
		code, _, errs := run(t, "", args...)
		if code != 2 || !strings.Contains(errs, "bogus") || !strings.Contains(errs, "usage: goldspan") {
			t.Errorf("%v: exit %d, %q", args, code, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "p.goldspan")); err == nil {
		t.Error("a refused import created the project")
	}
}

// The help of import and export lists the formats each can read or write,
// from the format registry.
func TestHelpListsFormats(t *testing.T) {
	for _, tc := range []struct {
		cmd    string
		export bool
	}{{"import", false}, {"export", true}} {
		code, out, _ := run(t, "", "help", tc.cmd)
		if code != 0 || !strings.Contains(out, "formats (--format NAME):") {
			t.Fatalf("help %s: %d %s", tc.cmd, code, out)
		}
		for _, name := range format.Names() {
			f, err := format.Lookup(name)
			if err != nil {
				t.Fatal(err)
			}
			can := f.NewDecoder != nil
			if tc.export {
				can = f.NewEncoder != nil
			}
			listed := strings.Contains(out, "\n  "+name+" ")
			if can != listed {
				t.Errorf("help %s: format %s listed %v, supported %v\n%s", tc.cmd, name, listed, can, out)
			}
		}
		if auto := strings.Contains(out, "\n  auto "); auto == tc.export {
			t.Errorf("help %s: auto listed %v", tc.cmd, auto)
		}
	}
}
