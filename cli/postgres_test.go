package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"goldspan/internal/pgtest"
	"goldspan/internal/stores"
	"goldspan/project"
)

// teamService opens files and postgres:// URLs, as main wires it.
var teamService = project.New(project.Options{Open: stores.Open})

func runTeam(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Service: teamService, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, IsTerminal: func() bool { return false }}
	code := Run(context.Background(), env, args)
	return code, out.String(), errb.String()
}

// TestCommandsTakeAPostgresURL imports into a project on a PostgreSQL
// server with --db URL, then exports, counts and compares agreement with
// the URL in GOLDSPAN_DB instead, and checks the export is the file's.
func TestCommandsTakeAPostgresURL(t *testing.T) {
	u := pgtest.Project(t, pgtest.Database(t), "news")
	dir := t.TempDir()
	in := write(t, dir, "in.jsonl", tricky)
	if code, _, errs := runTeam(t, "", "import", "--db", u, in); code != 0 {
		t.Fatalf("import into %s: exit %d: %s", u, code, errs)
	}
	file := dir + "/news.goldspan"
	if code, _, errs := runTeam(t, "", "import", "--db", file, in); code != 0 {
		t.Fatalf("import into a file: exit %d: %s", code, errs)
	}
	_, want, _ := runTeam(t, "", "export", "--db", file, "--all")

	t.Setenv(DBEnv, u)
	code, got, errs := runTeam(t, "", "export", "--all")
	if code != 0 {
		t.Fatalf("export with %s set: exit %d: %s", DBEnv, code, errs)
	}
	if got != want || !strings.Contains(got, "𠮷野家") {
		t.Fatalf("the server's export differs from the file's:\n%s\nwant\n%s", got, want)
	}
	if code, out, errs := runTeam(t, "", "stats"); code != 0 || !strings.Contains(out, "alice") {
		t.Fatalf("stats: exit %d: %s%s", code, out, errs)
	}
	if code, _, errs := runTeam(t, "", "agree", "--annotators", "alice,bob"); code != 0 {
		t.Fatalf("agree: exit %d: %s", code, errs)
	}
	if code, _, errs := runTeam(t, "", "export", "--db", pgtest.Project(t, u, "other"), "--all"); code == 0 || !strings.Contains(errs, "no project other") {
		t.Fatalf("export of a project that is not there: exit %d: %s", code, errs)
	}
}
