package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// Issue "Gold you can trust", item 4: goldspan replay exits 1 when any
// action failed, still acknowledging every line, and a line too long to
// read is an error naming its number.
func TestReplayExitsOneWhenAnActionFailed(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.goldspan")
	src := write(t, dir, "in.jsonl", `{"id":"g1","text":"記者葛瑞森在東京報道。"}`+"\n")
	if code, _, errs := run(t, "", "import", "--db", path, src); code != 0 {
		t.Fatal(errs)
	}
	script := `{"op":"add","doc":"g1","annotator":"alice","start":2,"end":5,"label":"PER"}
{"op":"add","doc":"nope","annotator":"alice","start":0,"end":1,"label":"PER"}
{"op":"add","doc":"g1","annotator":"alice","start":6,"end":8,"label":"LOC"}
`
	code, out, errs := run(t, script, "replay", "--db", path)
	if code != 1 || out != "1 ok\n2 not_found\n3 ok\n" {
		t.Fatalf("exit %d, acks %q, stderr %q; want exit 1 and every ack", code, out, errs)
	}
	if !strings.Contains(errs, "1 of 3 actions failed") || !strings.Contains(errs, "line 2") {
		t.Fatalf("stderr %q", errs)
	}
	code, out, errs = run(t, `{"op":"undo","doc":"g1","annotator":"alice"}`+"\n", "replay", "--db", path)
	if code != 0 || out != "1 ok\n" {
		t.Fatalf("all ok: exit %d, %q, %q", code, out, errs)
	}
	long := `{"op":"undo","doc":"g1","annotator":"alice"}` + "\n" + `{"op":"add","doc":"g1","annotator":"alice","label":"` + strings.Repeat("x", 2<<20) + `"}` + "\n"
	code, out, errs = run(t, long, "replay", "--db", path)
	if code != 1 || out != "1 ok\n" || !strings.Contains(errs, "line 2 is longer than") {
		t.Fatalf("a line over the buffer: exit %d, %q, %q", code, out, errs)
	}
}
