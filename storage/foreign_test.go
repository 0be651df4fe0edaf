package storage_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"goldspan/annotate"
	"goldspan/storage"
)

// Issue "Gold you can trust", item 6: another application's SQLite file
// was silently turned into a project (13 tables added, switched to WAL, no
// backup), and a failed open of a file with a documents table still
// changed it. Such files are refused, with a clear message naming them,
// and left byte-for-byte as they were, with nothing left beside them.

// folderState is every file of dir (hidden ones too) with its SHA-256.
func folderState(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e.Name()+" "+string(fmtHash(sha256.Sum256(b))))
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

func fmtHash(h [32]byte) []byte {
	const hex = "0123456789abcdef"
	out := make([]byte, 0, 64)
	for _, b := range h {
		out = append(out, hex[b>>4], hex[b&15])
	}
	return out
}

// foreignDB writes an SQLite file as another application would.
func foreignDB(t *testing.T, path, journal string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode("+journal+")")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestFilesThatAreNotProjectsAreRefusedUntouched(t *testing.T) {
	cases := []struct {
		name  string
		make  func(t *testing.T, path string)
		want  string
		empty bool
	}{
		{"another app's database with a documents table", func(t *testing.T, path string) {
			foreignDB(t, path, "delete", `CREATE TABLE documents (id INTEGER PRIMARY KEY, body TEXT)`, `INSERT INTO documents (body) VALUES ('hello')`)
		}, "is not a Goldspan project: it is an SQLite database of another application", false},
		{"another app's database in WAL mode", func(t *testing.T, path string) {
			foreignDB(t, path, "wal", `CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)`, `INSERT INTO notes (body) VALUES ('hello')`)
		}, "is not a Goldspan project: it is an SQLite database of another application", false},
		{"another app's empty database with its application id", func(t *testing.T, path string) {
			foreignDB(t, path, "delete", `PRAGMA application_id = 1234`)
		}, "application_id 0x4d2", false},
		{"another app's database with Goldspan's tables but its own id", func(t *testing.T, path string) {
			foreignDB(t, path, "delete", `PRAGMA application_id = 42`, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY)`, `CREATE TABLE documents (seq INTEGER PRIMARY KEY)`)
		}, "application_id 0x2a", false},
		{"a text file", func(t *testing.T, path string) {
			os.WriteFile(path, []byte(strings.Repeat("not a database\n", 100)), 0o644)
		}, "is not a Goldspan project (not an SQLite database)", false},
		{"a short file", func(t *testing.T, path string) {
			os.WriteFile(path, []byte("hi\n"), 0o644)
		}, "is not a Goldspan project (not an SQLite database)", false},
	}
	opens := []struct {
		name string
		open func(path string) (interface{ Close() error }, error)
	}{
		{"Open", func(path string) (interface{ Close() error }, error) { return storage.Open(path) }},
		{"OpenProject", func(path string) (interface{ Close() error }, error) {
			return storage.OpenProject(context.Background(), path, true)
		}},
		{"OpenProject existing", func(path string) (interface{ Close() error }, error) {
			return storage.OpenProject(context.Background(), path, false)
		}},
		{"OpenReadOnly", func(path string) (interface{ Close() error }, error) {
			return storage.OpenReadOnly(context.Background(), path)
		}},
	}
	for _, c := range cases {
		for _, o := range opens {
			t.Run(c.name+"/"+o.name, func(t *testing.T) {
				dir := t.TempDir()
				path := filepath.Join(dir, "other.db")
				c.make(t, path)
				before := folderState(t, dir)
				db, err := o.open(path)
				if err == nil {
					db.Close()
					t.Fatal("opened as a project")
				}
				code(t, err, annotate.EINVALID)
				if msg := annotate.ErrorMessage(err); !strings.Contains(msg, path) || !strings.Contains(msg, c.want) {
					t.Fatalf("message %q, want it to name %s and say %q", msg, path, c.want)
				}
				if after := folderState(t, dir); after != before {
					t.Fatalf("the folder changed:\n%s\nwas\n%s", after, before)
				}
			})
		}
	}
}

// A project from before application ids (id 0, with schema_migrations)
// is adopted and marked; a new project is marked from the start.
func TestProjectsAreMarkedWithTheApplicationID(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "old.goldspan")
	b, err := os.ReadFile(filepath.Join("testdata", "schema1.goldspan"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, b, 0o600)
	for _, p := range []string{path, filepath.Join(dir, "new.goldspan")} {
		db, err := storage.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		var id int64
		db.SQL().QueryRow(`PRAGMA application_id`).Scan(&id)
		db.Close()
		if id != storage.ApplicationID {
			t.Fatalf("%s: application_id %#x, want %#x", p, id, storage.ApplicationID)
		}
		// Marked, it opens again (and read-only too).
		db, err = storage.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		ro, err := storage.OpenReadOnly(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		ro.Close()
	}
}
