// Package storage keeps a Goldspan project in one SQLite file (pure Go,
// modernc.org/sqlite). It implements annotate.Store: every reviewer action
// is one transaction that commits with synchronous=FULL before the method
// returns, and every import is one transaction, all or nothing.
package storage

import (
	"context"
	crand "crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
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
	conn *connector
	// openLock is the open lock (queue.go) a read-write handle holds,
	// shared, until it closes; nonce is the mark a handle that created
	// the file left in it ("" for any other handle).
	mu        sync.Mutex
	openLock  *heldLock
	nonce     string
	upgradeMu sync.Mutex
	// Now is the clock; tests may replace it before use.
	Now annotate.Clock
	// Backups lists the files written by VACUUM INTO before a migration.
	Backups []string
}

var _ annotate.Project = (*DB)(nil)

// DSN returns the data source name of a plain SQLite database at path
// with a project's settings: WAL, full fsync on commit, foreign keys, a
// busy timeout and immediate write transactions (pragmas live here rather
// than in db.Exec, which would reach one pooled connection only). It is
// for databases that are not projects (the benchmarks' baselines): Open
// opens projects, and puts a file in WAL mode only once it knows the file
// is one.
func DSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_txlock", "immediate")
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// ApplicationID marks an SQLite file as a Goldspan project: the value of
// PRAGMA application_id (the 32-bit integer at offset 68 of the file's
// header) in every project, "Gold" in ASCII. Open refuses any other SQLite
// file; a project from before application ids (application_id 0 and
// Goldspan's schema_migrations table) is adopted and marked on its first
// read-write open.
const ApplicationID = 0x476f6c64

// connDSN returns the data source name of a connection to path: full
// fsync on commit, foreign keys, a busy timeout and immediate write
// transactions, and the extra pragmas or parameters given. The journal
// mode is not set here: it is written into the file (WAL) only once the
// file is known to be a Goldspan project (see migrate).
func connDSN(path string, extra url.Values) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_txlock", "immediate")
	for k, vs := range extra {
		for _, v := range vs {
			q.Add(k, v)
		}
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// openPool opens a connection pool on dsn for the project at path.
func openPool(path, dsn string, writable bool) (*sql.DB, *connector, error) {
	base, err := sqlite.NewConnector(dsn)
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", path, err)
	}
	c := &connector{base: base, path: path, writable: writable}
	return sql.OpenDB(c), c, nil
}

// Open opens the project file at path, creating it (mode 0600, with the
// default labels) if it does not exist, and migrates it to the current
// schema. A file that is not a Goldspan project is refused with EINVALID,
// and a file written by a newer Goldspan with ETOONEW, both left
// byte-for-byte as they were; before migrating an older project, a copy
// is written beside it.
func Open(path string) (*DB, error) {
	return OpenContext(context.Background(), path)
}

// OpenProject opens the project file at path as an annotate.Project (the
// project service's opener). With create set it creates the file if there
// is none, as Open does. With create unset it returns ENOTFOUND when there
// is no file at path, and opens the project for reading, as OpenReadOnly
// does: a command that only reads never writes to the file. The handle
// becomes writable at its first write, which opens the project for
// writing then (and migrates it if it is older), unless the file or its
// folder cannot be written, when the write fails with EINVALID.
func OpenProject(ctx context.Context, path string, create bool) (annotate.Project, error) {
	var db *DB
	var err error
	if create {
		db, err = OpenContext(ctx, path)
	} else {
		db, err = openRead(ctx, path, true)
	}
	if err != nil {
		return nil, err
	}
	return db, nil
}

// OpenReadOnly opens the project at path for reading only; every write
// fails with EINVALID. It never writes to the project file, its -wal or
// its -shm, and leaves none of them behind: a file in a folder this
// process can write to is read through an ordinary connection that
// refuses writes (query_only), whose -wal and -shm SQLite removes again
// when the last connection closes; a file or folder that cannot be written
// is opened with mode=ro, and with immutable=1 when no -wal is beside it
// (then nobody has it open for writing). A project of an older schema is
// read as it is, not migrated. It returns ENOTFOUND when there is no file
// at path, EINVALID for a file that is not a Goldspan project and ETOONEW
// for one written by a newer Goldspan.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	return openRead(ctx, path, false)
}

func openRead(ctx context.Context, path string, upgradable bool) (*DB, error) {
	if path == "" {
		return nil, annotate.Errorf(annotate.EINVALID, "no project file given")
	}
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, annotate.Errorf(annotate.ENOTFOUND, "no project at %s", path)
	} else if err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "cannot open project %s: %v", path, err)
	} else if fi.IsDir() {
		return nil, annotate.Errorf(annotate.EINVALID, "%s is a folder, not a Goldspan project", path)
	}
	st, err := inspect(ctx, path)
	if err != nil {
		return nil, err
	}
	if st.empty() {
		return nil, annotate.Errorf(annotate.ENOTFOUND, "no project at %s yet: the file is empty", path)
	}
	extra := url.Values{}
	writable := canWrite(path) && canWrite(filepath.Dir(path))
	switch _, walErr := os.Stat(path + "-wal"); {
	case writable:
		extra.Add("_pragma", "query_only(1)")
	case walErr == nil:
		extra.Set("mode", "ro")
	default:
		extra.Set("mode", "ro")
		extra.Set("immutable", "1")
	}
	sdb, c, err := openPool(path, connDSN(path, extra), false)
	if err != nil {
		return nil, err
	}
	d := &DB{db: sdb, path: path, Now: time.Now, conn: c}
	if upgradable && writable {
		c.upgrade = d.upgrade
	}
	// Read once now, so that a file SQLite cannot read fails here.
	if err := d.read(ctx, func(tx *sql.Tx) error {
		var n int
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema`).Scan(&n)
	}); err != nil {
		sdb.Close()
		return nil, err
	}
	return d, nil
}

// upgrade makes a handle opened for reading by OpenProject writable, at
// its first write, as a read-write open would have opened it: it takes the
// open lock, checks that the file is still there, and migrates and marks
// the project.
func (d *DB) upgrade(ctx context.Context) error {
	d.upgradeMu.Lock()
	defer d.upgradeMu.Unlock()
	if w, _, _ := d.conn.state(); w {
		return nil
	}
	lock, err := acquire(ctx, d.path, lockOpen, false, time.Now().Add(BusyTimeout), busyCreating(d.path))
	if err != nil {
		return err
	}
	if _, err := os.Stat(d.path); err != nil {
		lock.release()
		return annotate.Errorf(annotate.ENOTFOUND, "the project %s is gone", d.path)
	}
	d.conn.mu.Lock()
	d.conn.writable = true
	d.conn.mu.Unlock()
	if err := d.migrate(ctx); err != nil {
		d.conn.mu.Lock()
		d.conn.writable = false
		d.conn.mu.Unlock()
		lock.release()
		return err
	}
	d.mu.Lock()
	d.openLock = lock
	d.mu.Unlock()
	return nil
}

// busyCreating is the error of an open that waited past BusyTimeout for
// another process to finish discarding the project.
func busyCreating(path string) func() error {
	return func() error {
		return annotate.Errorf(annotate.EBUSY, "the project %s is being removed by another Goldspan (for over %s); try again", path, BusyTimeout)
	}
}

// errReadOnly is the error of a write through a read-only handle.
func errReadOnly(path string) error {
	return annotate.Errorf(annotate.EINVALID, "the project %s is open read-only; nothing was changed", path)
}

// OpenContext is Open with a context.
//
// Creating is exclusive (O_EXCL): when two processes create one project
// at once, one creates it and the other opens it. The creator leaves a
// mark in the project (a random nonce in the project table) until its
// first write commits (settle); any other read-write open that finds the
// mark takes it away, and every read-write handle holds the project's
// open lock (queue.go), shared, until it closes. Discard removes a file
// only while its mark is still there and it gets the open lock
// exclusively: a file that nobody but its creator opened.
func OpenContext(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, annotate.Errorf(annotate.EINVALID, "no project file given")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, annotate.Errorf(annotate.EINVALID, "cannot create folder for %s: %v", path, err)
		}
	}
	deadline := time.Now().Add(BusyTimeout)
	nonce := ""
	for {
		fi, err := os.Stat(path)
		if errors.Is(err, os.ErrNotExist) {
			n, err := create(ctx, path)
			if errors.Is(err, fs.ErrExist) {
				continue // another process created it first: open it
			} else if err != nil {
				return nil, err
			}
			nonce = n
			continue
		} else if err != nil {
			return nil, annotate.Errorf(annotate.EINVALID, "cannot open project %s: %v", path, err)
		} else if fi.IsDir() {
			return nil, annotate.Errorf(annotate.EINVALID, "%s is a folder, not a Goldspan project", path)
		} else if _, err := inspect(ctx, path); err != nil {
			if _, serr := os.Stat(path); errors.Is(serr, os.ErrNotExist) {
				nonce = "" // its creator discarded it while we looked: create it
				continue
			}
			// Looked at before touching: a file that is not a Goldspan
			// project, or is too new, is refused without a write.
			return nil, err
		}
		lock, err := acquire(ctx, path, lockOpen, false, deadline, busyCreating(path))
		if err != nil {
			return nil, err
		}
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			lock.release() // its creator discarded it while we waited
			nonce = ""
			continue
		}
		d, err := connect(ctx, path, nonce)
		if err != nil {
			lock.release()
			return nil, err
		}
		d.openLock = lock
		if nonce != "" {
			d.conn.mu.Lock()
			d.conn.onCommit = d.settle
			d.conn.mu.Unlock()
		}
		return d, nil
	}
}

// create makes a new project at path and returns the mark it left in it
// (see OpenContext). The project is built whole in a hidden file beside
// path (schema, labels, application id, the mark, WAL mode) and then
// linked to path, which fails if anything is there by then: creating is
// exclusive, and nobody ever sees a project half made. The error wraps
// fs.ErrExist when a file appeared at path meanwhile.
func create(ctx context.Context, path string) (string, error) {
	nonce := newNonce()
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".new-"+nonce[:12])
	defer removeProjectFiles(tmp) // once linked, path keeps the file
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", annotate.Errorf(annotate.EINVALID, "cannot create project %s: %v", path, err)
	}
	// Closing is safe: no SQLite connection of this process has the new
	// file open (closing a file drops the process's POSIX locks on it,
	// SQLite's among them).
	f.Close()
	d, err := connect(ctx, tmp, nonce)
	if err != nil {
		return "", err
	}
	// The last connection closing checkpoints: one self-contained file.
	if err := d.db.Close(); err != nil {
		return "", d.wrap(err, "create %s", path)
	}
	err = os.Link(tmp, path)
	if errors.Is(err, fs.ErrExist) {
		return "", err
	} else if err != nil {
		// A file system without hard links: create path exclusively and
		// copy the new project into it.
		err = copyNew(tmp, path)
	}
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return "", err
		}
		return "", annotate.Errorf(annotate.EINVALID, "cannot create project %s: %v", path, err)
	}
	return nonce, nil
}

// copyNew copies the file from to a new file to (O_EXCL, mode 0600).
func copyNew(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(to)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(to)
		return err
	}
	return f.Close()
}

// settle takes the creator's mark away once its first write has
// committed: from then on the project is everyone's, and Discard leaves
// it. Other handles then find no mark to take away, so opening a project
// never writes to it.
func (d *DB) settle() {
	d.mu.Lock()
	nonce := d.nonce
	d.nonce = ""
	d.mu.Unlock()
	if nonce == "" {
		return
	}
	d.write(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`DELETE FROM project WHERE key = 'created_by' AND value = ?`, nonce)
		return err
	})
}

// newNonce returns a random mark for a project's creator.
func newNonce() string {
	b := make([]byte, 16)
	crand.Read(b)
	return hex.EncodeToString(b)
}

// connect opens a read-write pool on the project file at path and
// migrates it; nonce is the creator's mark, "" when this handle did not
// create the file.
func connect(ctx context.Context, path, nonce string) (*DB, error) {
	sdb, c, err := openPool(path, connDSN(path, nil), true)
	if err != nil {
		return nil, err
	}
	d := &DB{db: sdb, path: path, Now: time.Now, conn: c, nonce: nonce}
	if err := d.migrate(ctx); err != nil {
		sdb.Close()
		return nil, err
	}
	return d, nil
}

// removeProjectFiles removes the project file at path and what SQLite and
// Goldspan keep beside it.
func removeProjectFiles(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
	removeQueue(path)
}

// Discard closes the project and, if this handle created the file and
// nobody else opened it since (the creator's mark is still in it, and no
// other handle holds the open lock), removes it: what an import into a
// new project that failed leaves behind. Otherwise, as for a project that
// existed before, it only closes. It reports whether it removed the file.
func (d *DB) Discard() (bool, error) {
	d.mu.Lock()
	own := d.openLock
	d.openLock = nil
	d.mu.Unlock()
	own.release()
	d.mu.Lock()
	nonce := d.nonce
	d.mu.Unlock()
	if nonce == "" {
		return false, d.db.Close()
	}
	// Taken without waiting: anyone holding the open lock has the file.
	lock, err := acquire(context.Background(), d.path, lockOpen, true, time.Now(), func() error { return errOpened })
	if err != nil || lock == nil {
		return false, d.db.Close()
	}
	defer lock.release()
	var mark string
	d.db.QueryRow(`SELECT value FROM project WHERE key = 'created_by'`).Scan(&mark)
	if err := d.db.Close(); err != nil || mark != nonce {
		return false, err
	}
	removeProjectFiles(d.path)
	return true, nil
}

var errOpened = errors.New("opened by another handle")

// Path returns the project file's path.
func (d *DB) Path() string { return d.path }

// Close closes the project file.
func (d *DB) Close() error {
	err := d.db.Close()
	d.mu.Lock()
	lock := d.openLock
	d.openLock = nil
	d.mu.Unlock()
	lock.release()
	return err
}

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

// schemaState is what decides whether a file is a Goldspan project.
type schemaState struct {
	appID      int64
	tables     int  // tables other than SQLite's own
	migrations bool // has Goldspan's schema_migrations table
	version    int  // its newest version, 0 without it
	// partial: the file alone could not be read, its -wal holds the rest
	// (inspect); nothing is known until both are read.
	partial bool
}

// empty reports whether the file holds no tables and no mark: a new file.
func (s schemaState) empty() bool { return !s.partial && s.appID == 0 && s.tables == 0 }

// readSchema reads the schema state in q (a transaction or a pool).
func readSchema(ctx context.Context, q interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}) (schemaState, error) {
	var s schemaState
	if err := q.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&s.appID); err != nil {
		return s, err
	}
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(name = 'schema_migrations'), 0) FROM sqlite_schema
		WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`).Scan(&s.tables, &s.migrations); err != nil {
		return s, err
	}
	if s.migrations {
		if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&s.version); err != nil {
			return s, err
		}
	}
	return s, nil
}

// verdict refuses a file that is not a Goldspan project or is too new.
func (s schemaState) verdict(path string, newest int) error {
	switch {
	case s.appID == ApplicationID:
	case s.appID != 0:
		return annotate.Errorf(annotate.EINVALID, "%s is not a Goldspan project: it is an SQLite database of another application (application_id %#x); it was left as it was", path, s.appID)
	case s.migrations: // a project from before application ids: adopted
	case s.tables == 0: // an empty file: a new project
	default:
		return annotate.Errorf(annotate.EINVALID, "%s is not a Goldspan project: it is an SQLite database of another application (%d tables, not Goldspan's); it was left as it was", path, s.tables)
	}
	if s.version > newest {
		return annotate.Errorf(annotate.ETOONEW, "%s was written by a newer Goldspan (schema %d; this one knows %d): update Goldspan to open it", path, s.version, newest)
	}
	return nil
}

// inspect reads the schema state of the file at path without writing to
// it or beside it (mode=ro, immutable=1: no locks, no -wal, no -shm), and
// refuses a file that is not an SQLite database, not a Goldspan project or
// too new. It is a first look: a project busy in another process may show
// an older state (its newest commits still in its -wal), never a wrong
// verdict; the read-write open checks again inside its write transaction.
func inspect(ctx context.Context, path string) (schemaState, error) {
	ms, err := migrations()
	if err != nil {
		return schemaState{}, err
	}
	var st schemaState
	for attempt := 0; ; attempt++ {
		st, err = func() (schemaState, error) {
			sdb, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro&immutable=1")
			if err != nil {
				return schemaState{}, err
			}
			defer sdb.Close()
			return readSchema(ctx, sdb)
		}()
		var se *sqlite.Error
		if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_NOTADB {
			return st, annotate.Errorf(annotate.EINVALID, "%s is not a Goldspan project (not an SQLite database); it was left as it was", path)
		}
		if err == nil || attempt == 2 {
			break
		}
		// A page read while another process checkpointed: look again.
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil {
		if fi, werr := os.Stat(path + "-wal"); werr == nil && fi.Size() > 0 {
			// The file alone is not the whole database: a process killed
			// while it checkpointed leaves pages that only its -wal makes
			// whole. The open that follows reads both (and migrate checks
			// the application id and schema again, before any write).
			return schemaState{partial: true}, nil
		}
		return st, annotate.Errorf(annotate.EINVALID, "cannot read %s: %v", path, err)
	}
	return st, st.verdict(path, ms[len(ms)-1].version)
}

// migrate checks that the file is a Goldspan project (or empty), marks it
// with ApplicationID, applies the pending migrations and puts the file in
// WAL mode. The check, the mark and every migration happen in one write
// transaction that reads the schema version again after taking the write
// lock, so that two processes creating or upgrading one project never
// both apply a migration. Before migrating an older project, a copy is
// written beside it (mode 0600).
func (d *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	newest := ms[len(ms)-1].version
	st, err := readSchema(ctx, d.db)
	if err != nil {
		return d.wrap(err, "read the schema of %s", d.path)
	}
	if err := st.verdict(d.path, newest); err != nil {
		return err
	}
	var mark string
	if st.version > 0 {
		if err := d.db.QueryRowContext(ctx, `SELECT value FROM project WHERE key = 'created_by'`).Scan(&mark); err != nil && err != sql.ErrNoRows {
			return d.wrap(err, "read %s", d.path)
		}
	}
	if st.appID != ApplicationID || st.version < newest || (mark != "" && mark != d.nonce) {
		if err := d.write(ctx, func(tx *sql.Tx) error {
			st, err := readSchema(ctx, tx)
			if err != nil {
				return err
			}
			if err := st.verdict(d.path, newest); err != nil {
				return err
			}
			if st.version > 0 && st.version < newest {
				// The copy is read by another connection, in the state this
				// transaction holds the write lock on.
				backup := fmt.Sprintf("%s.schema%d.bak", d.path, st.version)
				if err := vacuumInto(ctx, d.db, backup); err != nil {
					return fmt.Errorf("back up %s before migrating: %w", d.path, err)
				}
				d.Backups = append(d.Backups, backup)
			}
			if !st.migrations {
				if _, err := tx.ExecContext(ctx, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
					return err
				}
			}
			for _, m := range ms {
				if m.version <= st.version {
					continue
				}
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
				if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`, m.version, m.name, d.now()); err != nil {
					return err
				}
			}
			// The creator's mark goes in with the schema; any other
			// read-write open takes it away (see Discard).
			if st.version == 0 && d.nonce != "" {
				_, err = tx.ExecContext(ctx, `INSERT INTO project (key, value) VALUES ('created_by', ?)`, d.nonce)
			} else {
				_, err = tx.ExecContext(ctx, `DELETE FROM project WHERE key = 'created_by' AND value <> ?`, d.nonce)
			}
			if err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA application_id = %d`, ApplicationID))
			return err
		}); err != nil {
			return err
		}
	}
	var mode string
	if err := d.db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
		return d.wrap(err, "read the journal mode of %s", d.path)
	}
	if mode != "wal" {
		if err := d.db.QueryRowContext(ctx, `PRAGMA journal_mode = WAL`).Scan(&mode); err != nil {
			return d.wrap(err, "switch %s to WAL", d.path)
		}
	}
	return nil
}

// vacuumInto writes a consistent copy of the database to name, a new file
// of mode 0600 (created empty first, so that the copy is never readable by
// others, even for a moment).
func vacuumInto(ctx context.Context, q *sql.DB, name string) error {
	os.Remove(name)
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	f.Close()
	if _, err := q.ExecContext(ctx, `VACUUM INTO ?`, name); err != nil {
		os.Remove(name)
		return err
	}
	return os.Chmod(name, 0o600)
}

func (d *DB) now() string { return d.Now().UTC().Format(time.RFC3339Nano) }

// write runs fn in an immediate write transaction and commits it. The
// transaction first waits its turn in the project's write queue
// (queue.go).
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
			return annotate.Errorf(annotate.EINVALID, "the project %s is read-only; nothing was changed", d.path)
		case sqlite3.SQLITE_FULL:
			return annotate.Errorf(annotate.EINTERNAL, "the disk is full; the project %s was not changed", d.path)
		}
	}
	if format == "" {
		return err
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
