// Package storage keeps a Goldspan project in one SQLite file (pure Go,
// modernc.org/sqlite). It implements annotate.Store: every reviewer action
// is one transaction that commits with synchronous=FULL before the method
// returns, and every import is one transaction, all or nothing.
package storage

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"goldspan/annotate"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// BusyTimeout is how long a write waits for another process holding the
// project file before it fails with EBUSY. Set it before Open.
var BusyTimeout = 5 * time.Second

// DB is an open project file. It implements annotate.Store.
type DB struct {
	db   *sql.DB
	path string
	// Now is the clock; tests may replace it before use.
	Now annotate.Clock
	// Backups lists the files written by VACUUM INTO before a migration.
	Backups []string
}

var _ annotate.Project = (*DB)(nil)

// DSN returns the data source name for path: WAL, full fsync on commit,
// foreign keys, a busy timeout and immediate write transactions. Pragmas
// live here rather than in db.Exec, which would reach one pooled
// connection only.
func DSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_txlock", "immediate")
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Open opens the project file at path, creating it (mode 0600, with the
// default labels) if it does not exist, and migrates it to the current
// schema. A file written by a newer Goldspan is refused with ETOONEW and
// left untouched; before migrating an older one, a copy is written beside it.
func Open(path string) (*DB, error) {
	return OpenContext(context.Background(), path)
}

// OpenProject opens the project file at path as an annotate.Project (the
// project service's opener): with create false it returns ENOTFOUND when
// there is no file at path, else it creates one as Open does.
func OpenProject(ctx context.Context, path string, create bool) (annotate.Project, error) {
	if !create {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, annotate.Errorf(annotate.ENOTFOUND, "no project at %s", path)
		}
	}
	db, err := OpenContext(ctx, path)
	if err != nil {
		return nil, err
	}
	return db, nil
}

// OpenContext is Open with a context.
func OpenContext(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, annotate.Errorf(annotate.EINVALID, "no project file given")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, annotate.Errorf(annotate.EINVALID, "cannot create folder for %s: %v", path, err)
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "cannot open project %s: %v", path, err)
	}
	f.Close()
	sdb, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	d := &DB{db: sdb, path: path, Now: time.Now}
	if err := d.migrate(ctx); err != nil {
		sdb.Close()
		return nil, err
	}
	return d, nil
}

// Path returns the project file's path.
func (d *DB) Path() string { return d.path }

// Close closes the project file.
func (d *DB) Close() error { return d.db.Close() }

// SQL returns the underlying handle, for tests and integrity checks.
func (d *DB) SQL() *sql.DB { return d.db }

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", e.Name())
		}
		b, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// SchemaVersion is the newest schema this build knows.
func SchemaVersion() int {
	ms, _ := migrations()
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// migrate applies the pending migrations, each in its own transaction and
// recorded in schema_migrations.
func (d *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	if _, err := d.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return d.wrap(err, "prepare %s", d.path)
	}
	var current int
	if err := d.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return d.wrap(err, "read schema version of %s", d.path)
	}
	newest := ms[len(ms)-1].version
	if current > newest {
		return annotate.Errorf(annotate.ETOONEW, "%s was written by a newer Goldspan (schema %d; this one knows %d): update Goldspan to open it", d.path, current, newest)
	}
	if current > 0 && current < newest {
		backup := fmt.Sprintf("%s.schema%d.bak", d.path, current)
		os.Remove(backup)
		if _, err := d.db.ExecContext(ctx, `VACUUM INTO ?`, backup); err != nil {
			return d.wrap(err, "back up %s before migrating", d.path)
		}
		d.Backups = append(d.Backups, backup)
	}
	for _, m := range ms {
		if m.version <= current {
			continue
		}
		if err := d.write(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if m.version == 1 {
				for _, l := range annotate.DefaultLabels() {
					if _, err := tx.ExecContext(ctx, `INSERT INTO labels (name, color, hotkey) VALUES (?, ?, ?)`, l.Name, l.Color, l.Hotkey); err != nil {
						return err
					}
				}
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`, m.version, m.name, d.now())
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}

func (d *DB) now() string { return d.Now().UTC().Format(time.RFC3339Nano) }

// write runs fn in an immediate write transaction and commits it.
func (d *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return d.wrap(err, "begin")
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return d.wrap(err, "")
	}
	if err := tx.Commit(); err != nil {
		return d.wrap(err, "commit")
	}
	return nil
}

// read runs fn in a read-only transaction: one consistent snapshot.
func (d *DB) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := d.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return d.wrap(err, "begin read")
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return d.wrap(err, "")
	}
	return nil
}

// wrap maps SQLite errors to domain errors: a lock held past the timeout
// becomes EBUSY with a message a reviewer understands; domain errors pass
// through; anything else is internal, with context.
func (d *DB) wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	var ae *annotate.Error
	if errors.As(err, &ae) {
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return annotate.Errorf(annotate.EBUSY, "the project %s is busy: another Goldspan has been writing to it for over %s; try again", d.path, BusyTimeout)
		case sqlite3.SQLITE_NOTADB:
			return annotate.Errorf(annotate.EINVALID, "%s is not a Goldspan project (not an SQLite database)", d.path)
		case sqlite3.SQLITE_CORRUPT:
			return annotate.Errorf(annotate.EINTERNAL, "the project %s is damaged: %v", d.path, se)
		case sqlite3.SQLITE_READONLY:
			return annotate.Errorf(annotate.EINVALID, "the project %s is read-only", d.path)
		case sqlite3.SQLITE_FULL:
			return annotate.Errorf(annotate.EINTERNAL, "the disk is full; the project %s was not changed", d.path)
		}
	}
	if format == "" {
		return err
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
