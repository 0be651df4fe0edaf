package app

import (
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/jackc/pgpassfile"

	"goldspan/annotate"
)

// The dialog's fields make the project's URL; a password goes only into
// the URL of this session's connection, and the fields come back from a
// remembered URL.
func TestTeamURL(t *testing.T) {
	for _, tc := range []struct {
		c        teamConn
		password string
		want     string
		invalid  string // what validate says, if anything
	}{
		{c: teamConn{Host: " db.example ", Database: "annotation", User: "alice", Project: "news"},
			want: "postgres://alice@db.example:5432/annotation?project=news"},
		{c: teamConn{Host: "127.0.0.1", Port: "6543", Database: "ann", User: "alice", Project: "news_2025"}, password: "s3:cr@t/x",
			want: "postgres://alice:s3%3Acr%40t%2Fx@127.0.0.1:6543/ann?project=news_2025"},
		{c: teamConn{Host: "::1", Port: "5432", Database: "ann", User: "bob", Project: "p"},
			want: "postgres://bob@[::1]:5432/ann?project=p"},
		{c: teamConn{Host: "db", Database: "my db", User: "o'neil", Project: "p"},
			want: "postgres://o%27neil@db:5432/my%20db?project=p"},
		{c: teamConn{Database: "ann", User: "a", Project: "p"}, invalid: "server's name"},
		{c: teamConn{Host: "db", User: "a", Project: "p"}, invalid: "database"},
		{c: teamConn{Host: "db", Database: "ann", Project: "p"}, invalid: "account"},
		{c: teamConn{Host: "db", Database: "ann", User: "a"}, invalid: "project's name"},
		{c: teamConn{Host: "db", Port: "70000", Database: "ann", User: "a", Project: "p"}, invalid: "1 to 65535"},
		{c: teamConn{Host: "db", Port: "x", Database: "ann", User: "a", Project: "p"}, invalid: "1 to 65535"},
		{c: teamConn{Host: "db", Database: "ann", User: "a", Project: "News"}, invalid: "lowercase"},
		{c: teamConn{Host: "db", Database: "ann", User: "a", Project: "pg_x"}, invalid: "lowercase"},
		{c: teamConn{Host: "db", Database: "ann", User: "a", Project: "public"}, invalid: "lowercase"},
	} {
		c := tc.c.trimmed()
		err := c.validate()
		if tc.invalid != "" {
			if err == nil || annotate.ErrorCode(err) != annotate.EINVALID || !strings.Contains(annotate.ErrorMessage(err), tc.invalid) {
				t.Errorf("%+v: validate = %v, want EINVALID about %q", tc.c, err, tc.invalid)
			}
			continue
		}
		if err != nil {
			t.Errorf("%+v: %v", tc.c, err)
			continue
		}
		got := c.url(tc.password)
		if got != tc.want {
			t.Errorf("%+v: url = %s, want %s", tc.c, got, tc.want)
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatal(err)
		}
		if pw, _ := u.User.Password(); pw != tc.password {
			t.Errorf("%s carries the password %q, want %q", got, pw, tc.password)
		}
		back, ok := parseTeamURL(got)
		if !ok || back != c {
			t.Errorf("parseTeamURL(%s) = %+v, %v; want %+v", got, back, ok, c)
		}
		if bare := withoutPassword(got); bare != c.url("") || strings.Contains(bare, "s3") {
			t.Errorf("withoutPassword(%s) = %s", got, bare)
		}
	}
	if got := serverName("postgres://alice@db:5432/ann?project=news"); got != "news — alice@db:5432/ann" {
		t.Errorf("serverName = %q", got)
	}
	if displayName("/home/a/news.goldspan") != "news.goldspan" || !isServerURL("postgresql://x/y") || isServerURL("news.goldspan") {
		t.Error("displayName or isServerURL")
	}
}

// The password file: libpq's format (':' and '\' escaped, as libpq and
// pgx read it back), mode 0600 whatever it was, one line per account
// (writing again does not add one; a new password replaces the old one
// in its place), every other line kept, and a wildcard line that would
// shadow the account does not.
func TestWritePgpass(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pgpass")
	c := teamConn{Host: "db.example", Port: "5432", Database: "ann:2", User: `al\ice`, Project: "news"}
	read := func() string {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	find := func(c teamConn) string {
		t.Helper()
		pf, err := pgpassfile.ReadPassfile(path)
		if err != nil {
			t.Fatal(err)
		}
		return pf.FindPassword(c.Host, c.Port, c.Database, c.User)
	}
	mode := func() os.FileMode {
		t.Helper()
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Mode().Perm()
	}

	if err := writePgpass(path, c, `pa:ss\w0rd`); err != nil {
		t.Fatal(err)
	}
	if got, want := read(), `db.example:5432:ann\:2:al\\ice:pa\:ss\\w0rd`+"\n"; got != want {
		t.Fatalf("new file holds %q, want %q", got, want)
	}
	if got := find(c); got != `pa:ss\w0rd` {
		t.Errorf("pgx reads the password back as %q", got)
	}
	if runtime.GOOS != "windows" && mode() != 0o600 {
		t.Errorf("mode %v, want 0600", mode())
	}

	// Others' lines, read by libpq, around the account's; the file was
	// left readable by others.
	other := teamConn{Host: "db.example", Port: "5433", Database: "ann:2", User: `al\ice`}
	before := "# my servers\nlocalhost:5432:*:postgres:pg\n" + pgpassLine(c, "old") + "\n" + pgpassLine(other, "other") + "\n"
	if err := os.WriteFile(path, []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second time changes nothing
		if err := writePgpass(path, c, "new"); err != nil {
			t.Fatal(err)
		}
		want := "# my servers\nlocalhost:5432:*:postgres:pg\n" + pgpassLine(c, "new") + "\n" + pgpassLine(other, "other") + "\n"
		if got := read(); got != want {
			t.Fatalf("after replacing the password:\n%s\nwant\n%s", got, want)
		}
	}
	if find(c) != "new" || find(other) != "other" {
		t.Errorf("read back: %q, %q", find(c), find(other))
	}
	if runtime.GOOS != "windows" && mode() != 0o600 {
		t.Errorf("mode %v after rewriting a 0644 file, want 0600", mode())
	}

	// Two lines of the account (written by hand) become one; a wildcard
	// line above it that would answer first gets the account's line
	// before it.
	dup := "*:*:*:" + pgpassEscape(c.User) + ":any\n" + pgpassLine(c, "a") + "\n" + pgpassLine(c, "b") + "\n"
	if err := os.WriteFile(path, []byte(dup), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := writePgpass(path, c, "mine"); err != nil {
		t.Fatal(err)
	}
	if got, want := read(), pgpassLine(c, "mine")+"\n*:*:*:"+pgpassEscape(c.User)+":any\n"; got != want {
		t.Errorf("with a wildcard line and two lines of the account:\n%s\nwant\n%s", got, want)
	}
	if find(c) != "mine" {
		t.Errorf("libpq would read %q", find(c))
	}
	// A password file that is not a file (a link to /dev/null is a way
	// to turn ~/.pgpass off; here a folder) is left alone.
	dir := filepath.Join(t.TempDir(), "pgpass")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := writePgpass(dir, c, "x"); annotate.ErrorCode(err) != annotate.EINVALID {
		t.Errorf("writing over a folder: %v", err)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Errorf("the folder was replaced: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".pgpass-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
