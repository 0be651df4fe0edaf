package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// Issue "Gold you can trust", item 7: the commands that only read
// (export, stats, agree, suggest --db) work on a project that cannot be
// written, and write nothing. Tests run as root, whom file modes do not
// stop, so the project (or its folder) is made immutable with chattr +i,
// which stops root too; without chattr the test is skipped.
func TestReadingCommandsWorkOnAReadOnlyProject(t *testing.T) {
	for _, which := range []string{"file", "folder"} {
		t.Run(which, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "p.goldspan")
			src := write(t, t.TempDir(), "in.jsonl", `{"id":"a1","text":"北京歡迎你","spans":[{"start":0,"end":2,"label":"LOC"}],"annotator":"alice","status":"done"}
{"id":"a1","text":"北京歡迎你","spans":[{"start":0,"end":2,"label":"LOC"}],"annotator":"bob","status":"done"}
`)
			if code, _, errs := run(t, "", "import", "--db", db, src); code != 0 {
				t.Fatal(errs)
			}
			_, want, _ := run(t, "", "export", "--db", db)
			before := listing(t, dir)
			target := db
			if which == "folder" {
				target = dir
			}
			if out, err := exec.Command("chattr", "+i", target).CombinedOutput(); err != nil {
				t.Skipf("chattr +i is not available (%v: %s)", err, out)
			}
			t.Cleanup(func() { exec.Command("chattr", "-i", target).Run() })
			code, got, errs := run(t, "", "export", "--db", db)
			if code != 0 || got != want {
				t.Fatalf("export of a read-only project: exit %d, %q, %s", code, got, errs)
			}
			for _, args := range [][]string{{"stats", "--db", db}, {"agree", "--db", db}} {
				if code, _, errs := run(t, "", args...); code != 0 {
					t.Fatalf("%s of a read-only project: exit %d, %s", args[0], code, errs)
				}
			}
			if code, out, errs := run(t, `{"id":"x","text":"北京歡迎你"}`+"\n", "suggest", "--db", db); code != 0 || !strings.Contains(out, `"id":"x"`) {
				t.Fatalf("suggest --db of a read-only project: exit %d, %q, %s", code, out, errs)
			}
			// A command that writes fails clearly, and changes nothing.
			code, _, errs = run(t, `{"op":"add","doc":"a1","annotator":"carol","start":0,"end":2,"label":"LOC"}`+"\n", "replay", "--db", db)
			if code != 1 || !strings.Contains(errs, "read-only") {
				t.Fatalf("replay into a read-only project: exit %d, %s", code, errs)
			}
			if after := listing(t, dir); after != before {
				t.Fatalf("the folder changed:\n%s\nwas\n%s", after, before)
			}
		})
	}
}

// listing is every file of dir with its content hash.
func listing(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		h := fileHash(t, filepath.Join(dir, e.Name()))
		out = append(out, e.Name()+" "+string(h[:8]))
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}
