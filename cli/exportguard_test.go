package cli

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue "Gold you can trust", item 8: export -o news.goldspan --force
// replaced the project with JSONL and left its -wal behind. Export never
// writes over a Goldspan project, its own or another, nor over any SQLite
// file or a file with a -wal or -shm beside it, even with --force.
func TestExportNeverWritesOverAProject(t *testing.T) {
	dir := t.TempDir()
	src := write(t, dir, "in.jsonl", `{"id":"a1","text":"北京歡迎你"}`+"\n")
	news := filepath.Join(dir, "news.goldspan")
	other := filepath.Join(dir, "other.goldspan")
	for _, p := range []string{news, other} {
		if code, _, errs := run(t, "", "import", "--db", p, src); code != 0 {
			t.Fatal(errs)
		}
	}
	foreign := filepath.Join(dir, "app.db")
	fdb, err := sql.Open("sqlite", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fdb.Exec(`CREATE TABLE t (x)`); err != nil {
		t.Fatal(err)
	}
	fdb.Close()
	busy := write(t, dir, "busy.jsonl", "old\n")
	write(t, dir, "busy.jsonl-wal", "")
	for _, target := range []string{news, other, foreign, busy, "./" + filepath.Base(news)} {
		before := listing(t, dir)
		for _, force := range []bool{true, false} {
			args := []string{"export", "--db", news, "-o", target}
			if force {
				args = append(args, "--force")
			}
			cmd := &testCwd{dir: dir}
			code, _, errs := cmd.run(t, args...)
			if code != 1 || !strings.Contains(errs, "will not write over") {
				t.Fatalf("export -o %s (force %t): exit %d, %s", target, force, code, errs)
			}
		}
		if after := listing(t, dir); after != before {
			t.Fatalf("export -o %s changed the folder:\n%s\nwas\n%s", target, after, before)
		}
	}
	// An ordinary file is still overwritten with --force.
	plain := write(t, dir, "out.jsonl", "old\n")
	if code, _, errs := run(t, "", "export", "--db", news, "-o", plain, "--force"); code != 0 {
		t.Fatal(errs)
	}
	if b, _ := os.ReadFile(plain); !strings.Contains(string(b), `"id":"a1"`) {
		t.Fatalf("out.jsonl = %q", b)
	}
}

// testCwd runs the CLI from a folder, for relative -o paths.
type testCwd struct{ dir string }

func (c *testCwd) run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	wd, _ := os.Getwd()
	if err := os.Chdir(c.dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	return run(t, "", args...)
}
