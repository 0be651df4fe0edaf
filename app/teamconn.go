package app

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/lang"

	"goldspan/annotate"
)

// A team project is a project on a PostgreSQL server, opened by a
// postgres:// URL (see storage/postgres): File › Open team project… builds
// the URL from a server, a database, an account and a project name. The
// password is never kept in the desk's settings: the reviewer may have it
// written to ~/.pgpass, libpq's password file (mode 0600), which the
// server's driver reads when a URL carries no password, or use it for
// this session only.

// defaultPort is PostgreSQL's port.
const defaultPort = "5432"

// isServerURL reports whether path names a project on a PostgreSQL server.
func isServerURL(path string) bool {
	return strings.HasPrefix(path, "postgres://") || strings.HasPrefix(path, "postgresql://")
}

// teamConn is what the connection dialog asks: where the team's project is
// and whom to connect as.
type teamConn struct {
	Host     string
	Port     string // "" for 5432
	Database string
	User     string
	Project  string // the project's name (its schema)
}

// serverProjectName is storage/postgres's rule for a project name.
var serverProjectName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// trimmed returns c with its fields' spaces removed and the port defaulted.
func (c teamConn) trimmed() teamConn {
	c.Host, c.Port, c.Database = strings.TrimSpace(c.Host), strings.TrimSpace(c.Port), strings.TrimSpace(c.Database)
	c.User, c.Project = strings.TrimSpace(c.User), strings.TrimSpace(c.Project)
	if c.Port == "" {
		c.Port = defaultPort
	}
	return c
}

// validate checks the fields (trimmed), naming the first one wrong.
func (c teamConn) validate() error {
	switch {
	case c.Host == "":
		return annotate.Errorf(annotate.EINVALID, "%s", lang.L("Type the server's name or address."))
	case c.Database == "":
		return annotate.Errorf(annotate.EINVALID, "%s", lang.L("Type the database that holds the project."))
	case c.User == "":
		return annotate.Errorf(annotate.EINVALID, "%s", lang.L("Type your account on the server."))
	case c.Project == "":
		return annotate.Errorf(annotate.EINVALID, "%s", lang.L("Type the project's name."))
	}
	if p, err := strconv.Atoi(c.Port); err != nil || p < 1 || p > 65535 {
		return annotate.Errorf(annotate.EINVALID, lang.L("The port is a number from 1 to 65535, not %q."), c.Port)
	}
	if !serverProjectName.MatchString(c.Project) || strings.HasPrefix(c.Project, "pg_") || c.Project == "public" || c.Project == "information_schema" {
		return annotate.Errorf(annotate.EINVALID, lang.L("A project's name is lowercase letters, digits and _ (at most 63, not public, not pg_…), not %q."), c.Project)
	}
	return nil
}

// url is the project's URL: postgres://user@host:port/database?project=name,
// with password in it when it is not empty (for this session only: the
// URL the desk remembers is the one without).
func (c teamConn) url(password string) string {
	u := url.URL{Scheme: "postgres", Host: net.JoinHostPort(c.Host, c.Port), Path: "/" + c.Database,
		RawQuery: url.Values{"project": {c.Project}}.Encode()}
	if password != "" {
		u.User = url.UserPassword(c.User, password)
	} else {
		u.User = url.User(c.User)
	}
	return u.String()
}

// parseTeamURL reads the fields back from a team project's URL (one from
// Open recent), dropping any password.
func parseTeamURL(raw string) (teamConn, bool) {
	u, err := url.Parse(raw)
	if err != nil || !isServerURL(raw) {
		return teamConn{}, false
	}
	c := teamConn{Host: u.Hostname(), Port: u.Port(), Database: strings.TrimPrefix(u.Path, "/"), Project: u.Query().Get("project")}
	if u.User != nil {
		c.User = u.User.Username()
	}
	return c.trimmed(), true
}

// withoutPassword returns a project URL with any password taken out.
func withoutPassword(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, has := u.User.Password(); has {
		u.User = url.User(u.User.Username())
		return u.String()
	}
	return raw
}

// serverName is how the desk names a team project: "news — alice@db:5432/annotation".
func serverName(raw string) string {
	c, ok := parseTeamURL(raw)
	if !ok {
		return raw
	}
	project := c.Project
	if project == "" {
		project = "goldspan"
	}
	return fmt.Sprintf("%s — %s@%s/%s", project, c.User, net.JoinHostPort(c.Host, c.Port), c.Database)
}

// displayName is the name of a project in titles and messages: a file's
// base name, a team project's serverName.
func displayName(path string) string {
	if isServerURL(path) {
		return serverName(path)
	}
	return filepath.Base(path)
}

// --- ~/.pgpass ---

// pgpassPath is where libpq (and pgx) look for passwords: $PGPASSFILE,
// else %APPDATA%\postgresql\pgpass.conf on Windows, else ~/.pgpass.
func pgpassPath() (string, error) {
	if p := os.Getenv("PGPASSFILE"); p != "" {
		return p, nil
	}
	if runtime.GOOS == "windows" {
		if a := os.Getenv("APPDATA"); a != "" {
			return filepath.Join(a, "postgresql", "pgpass.conf"), nil
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", annotate.Errorf(annotate.EINVALID, "no home folder to keep ~/.pgpass in: %v", err)
	}
	return filepath.Join(home, ".pgpass"), nil
}

// pgpassEscape escapes one field of a .pgpass line: \ and : are written \\ and \:.
func pgpassEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `:`, `\:`).Replace(s)
}

// pgpassFields splits a .pgpass line into its unescaped fields.
func pgpassFields(line string) []string {
	var fields []string
	var b strings.Builder
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == '\\' && i+1 < len(line):
			i++
			b.WriteByte(line[i])
		case c == ':':
			fields = append(fields, b.String())
			b.Reset()
		default:
			b.WriteByte(c)
		}
	}
	return append(fields, b.String())
}

// pgpassLine is the .pgpass line of c's account with password.
func pgpassLine(c teamConn, password string) string {
	return strings.Join([]string{pgpassEscape(c.Host), pgpassEscape(c.Port), pgpassEscape(c.Database),
		pgpassEscape(c.User), pgpassEscape(password)}, ":")
}

// writePgpass keeps password for c's account (host, port, database, user)
// in the password file at path, in libpq's format. libpq takes the first
// line that matches, so the account's line goes where the first line
// that would match it was (its old password's line, or a wildcard line
// above it), else at the end; any other line of the account is dropped
// and every other line kept as it was. The file is left readable by its
// owner only (0600: libpq ignores a file others may read) and replaced
// whole through a temporary file beside it, so a crash leaves the old or
// the new file, never half of one.
func writePgpass(path string, c teamConn, password string) error {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real // keep a linked file a link
	}
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		// ~/.pgpass linked to /dev/null turns the file off; never replace a device.
		return annotate.Errorf(annotate.EINVALID, "%s is not a file that can hold passwords", path)
	}
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("read %s: %w", path, err)
	}
	key := []string{c.Host, c.Port, c.Database, c.User}
	var lines []string
	at := -1 // where the account's line goes
	sc := bufio.NewScanner(bytes.NewReader(old))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		f := pgpassFields(strings.TrimSpace(line))
		if strings.HasPrefix(strings.TrimSpace(line), "#") || len(f) != 5 {
			lines = append(lines, line) // a comment, or a line libpq skips
			continue
		}
		exact, matches := true, true
		for i, k := range key {
			exact = exact && f[i] == k
			matches = matches && (f[i] == k || f[i] == "*")
		}
		if matches && at < 0 {
			at = len(lines)
		}
		if !exact {
			lines = append(lines, line)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if at < 0 {
		at = len(lines)
	}
	lines = slices.Insert(lines, at, pgpassLine(c, password))
	var out bytes.Buffer
	for _, l := range lines {
		out.WriteString(l)
		out.WriteByte('\n')
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".pgpass-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // gone after the rename; left only by a failure
	if err := tmp.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(out.Bytes()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
