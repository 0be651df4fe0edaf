package cli

import (
	"bytes"
	"context"
	"database/sql"
	"strings"
	"testing"

	"goldspan/internal/pgtest"
	"goldspan/internal/stores"
	"goldspan/project"
)

// teamService opens files and postgres:// URLs, as main wires it.
var teamService = project.New(project.Options{Open: stores.Open})

func runServer(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Service: teamService, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, IsTerminal: func() bool { return false }, Copy: stores.Copy}
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
	if code, _, errs := runServer(t, "", "import", "--db", u, in); code != 0 {
		t.Fatalf("import into %s: exit %d: %s", u, code, errs)
	}
	file := dir + "/news.goldspan"
	if code, _, errs := runServer(t, "", "import", "--db", file, in); code != 0 {
		t.Fatalf("import into a file: exit %d: %s", code, errs)
	}
	_, want, _ := runServer(t, "", "export", "--db", file, "--all")

	t.Setenv(DBEnv, u)
	code, got, errs := runServer(t, "", "export", "--all")
	if code != 0 {
		t.Fatalf("export with %s set: exit %d: %s", DBEnv, code, errs)
	}
	if got != want || !strings.Contains(got, "𠮷野家") {
		t.Fatalf("the server's export differs from the file's:\n%s\nwant\n%s", got, want)
	}
	if code, out, errs := runServer(t, "", "stats"); code != 0 || !strings.Contains(out, "alice") {
		t.Fatalf("stats: exit %d: %s%s", code, out, errs)
	}
	if code, _, errs := runServer(t, "", "agree", "--annotators", "alice,bob"); code != 0 {
		t.Fatalf("agree: exit %d: %s", code, errs)
	}
	if code, _, errs := runServer(t, "", "export", "--db", pgtest.Project(t, u, "other"), "--all"); code == 0 || !strings.Contains(errs, "no project other") {
		t.Fatalf("export of a project that is not there: exit %d: %s", code, errs)
	}
}

// TestTeamCommands sets a project up for a team from the command line and
// checks that the reviewer it adds can work in their own layer only.
func TestTeamCommands(t *testing.T) {
	db := pgtest.Database(t)
	u := pgtest.Project(t, db, "news")
	suffix := strings.ReplaceAll(strings.TrimPrefix(db[strings.LastIndex(db, "/")+1:], "goldspan_t_"), "?sslmode=disable", "")
	rev, lead := "rev_"+suffix, "lead_"+suffix
	if code, _, errs := runServer(t, "", "team", "init", "--db", u, "--reviewers-see", "done"); code != 0 {
		t.Fatalf("team init: exit %d: %s", code, errs)
	}
	if code, _, errs := runServer(t, "pw\n", "team", "add-reviewer", "--db", u, rev, "--password-stdin"); code != 0 {
		t.Fatalf("team add-reviewer: exit %d: %s", code, errs)
	}
	if code, _, errs := runServer(t, "", "team", "add-lead", "--db", u, lead); code != 0 || !strings.Contains(errs, lead+" may now work") {
		t.Fatalf("team add-lead: exit %d: %s", code, errs)
	}
	if code, _, errs := runServer(t, "", "team", "init", "--db", "x.goldspan"); code == 0 || !strings.Contains(errs, "PostgreSQL") {
		t.Fatalf("team init on a file: exit %d: %s", code, errs)
	}
	asLead := strings.Replace(u, "goldspan_test@", lead+"@", 1)
	asRev := strings.Replace(u, "goldspan_test@", rev+"@", 1)
	dir := t.TempDir()
	in := write(t, dir, "in.jsonl", tricky)
	if code, _, errs := runServer(t, "", "import", "--db", asLead, in); code != 0 {
		t.Fatalf("the lead imports: exit %d: %s", code, errs)
	}
	if code, _, errs := runServer(t, "", "import", "--db", asRev, in); code != 1 || !strings.Contains(errs, "not allowed") {
		t.Fatalf("a reviewer imports others' layers: exit %d: %s", code, errs)
	}
	ctx := context.Background()
	for _, r := range []string{rev, lead} {
		st, err := teamService.OpenExisting(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{`DROP OWNED BY "` + r + `"`, `DROP ROLE "` + r + `"`} {
			if _, err := st.(interface{ SQL() *sql.DB }).SQL().ExecContext(ctx, q); err != nil {
				t.Log(err)
			}
		}
		st.Close()
	}
}

// TestCopyCommand moves a project file to a server and back with goldspan
// copy: the exports are the file's.
func TestCopyCommand(t *testing.T) {
	u := pgtest.Project(t, pgtest.Database(t), "news")
	dir := t.TempDir()
	file, back := dir+"/news.goldspan", dir+"/back.goldspan"
	if code, _, errs := runServer(t, "", "import", "--db", file, write(t, dir, "in.jsonl", tricky)); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	if code, _, errs := runServer(t, "", "copy", "--from", file, "--to", u); code != 0 {
		t.Fatalf("copy to the server: exit %d: %s", code, errs)
	}
	if code, _, errs := runServer(t, "", "copy", "--from", u, "--to", back); code != 0 {
		t.Fatalf("copy back: exit %d: %s", code, errs)
	}
	if code, _, errs := runServer(t, "", "copy", "--from", u, "--to", back); code != 1 || !strings.Contains(errs, "already exists") {
		t.Fatalf("copy onto an existing file: exit %d: %s", code, errs)
	}
	_, want, _ := runServer(t, "", "export", "--db", file, "--all")
	for _, db := range []string{u, back} {
		if _, got, _ := runServer(t, "", "export", "--db", db, "--all"); got != want {
			t.Fatalf("export of %s:\n%s\nwant\n%s", db, got, want)
		}
	}
}
