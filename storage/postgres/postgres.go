// Package postgres keeps a Goldspan project on a PostgreSQL server
// (github.com/jackc/pgx/v5), so that a team of reviewers works on one
// project at once. It implements annotate.Project with the same
// behaviour as the SQLite file (package storage), checked by the same
// contract suite (internal/storetest):
//
//   - A project is one PostgreSQL schema: postgres://user@host/db?project=news
//     keeps the project "news" in the schema news of database db. Its
//     tables, columns and numbered migrations (migrations/*.sql) are those
//     of the SQLite file, with the type mapping of TypeMapping; a test
//     keeps the two equal.
//   - Every reviewer action is one transaction, committed (synchronous_commit
//     as the server has it, on by default) before the method returns. Write
//     transactions take the project's transaction-level advisory lock first
//     (the server's analogue of SQLite's BEGIN IMMEDIATE), so writers take
//     turns and none loses or doubles another's action; a serialization
//     failure or deadlock is retried inside the store, never reported as a
//     lost action. Reads run in REPEATABLE READ snapshots and never wait.
//   - Who may do what is the server's business: see Team (row-level
//     security, one PostgreSQL role per reviewer).
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"goldspan/annotate"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// LockTimeout is how long a write waits for another writer (an import
// holds the project for its whole transaction) before it fails with EBUSY.
var LockTimeout = 30 * time.Second

// DefaultProject is the project (schema) a URL without ?project= names.
const DefaultProject = "goldspan"

// IsURL reports whether a --db argument names a PostgreSQL project rather
// than an SQLite file.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// DB is a project on a PostgreSQL server. It implements annotate.Project.
type DB struct {
	db     *sql.DB
	schema string
	name   string // the URL without password, for messages
	lock   int64  // the project's advisory lock key
	// Now is the clock; tests may replace it before use.
	Now annotate.Clock

	mu    sync.Mutex
	claim *sql.Conn // the session connection holding Claim's lock
}

var _ annotate.Project = (*DB)(nil)

var projectName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// Target is a parsed project URL.
type Target struct {
	Config  *pgx.ConnConfig // the connection, without the project parameter
	Project string          // the schema
	Display string          // the URL without a password, for messages
}

// ParseURL reads a project URL: a libpq connection URL (passwords come from
// ~/.pgpass or PGPASSWORD as libpq's do, never from Goldspan's own files)
// with an optional project parameter naming the schema (DefaultProject
// without it).
func ParseURL(raw string) (Target, error) {
	u, err := url.Parse(raw)
	if err != nil || !IsURL(raw) {
		return Target{}, annotate.Errorf(annotate.EINVALID, "%q is not a PostgreSQL URL (postgres://user@host/database?project=name)", redact(raw))
	}
	q := u.Query()
	project := q.Get("project")
	q.Del("project")
	if project == "" {
		project = DefaultProject
	}
	if !projectName.MatchString(project) || strings.HasPrefix(project, "pg_") || project == "information_schema" || project == "public" {
		return Target{}, annotate.Errorf(annotate.EINVALID, "project name %q in %s: use lowercase letters, digits and _ (not public, not pg_…), at most 63", project, redact(raw))
	}
	u.RawQuery = q.Encode()
	cfg, err := pgx.ParseConfig(u.String())
	if err != nil {
		return Target{}, annotate.Errorf(annotate.EINVALID, "%s: %v", redact(raw), err)
	}
	return Target{Config: cfg, Project: project, Display: redact(raw)}, nil
}

// redact returns a URL without its password.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Open opens the project a URL names. With create set it creates the
// project (its schema, tables and default labels) when there is none;
// without, a missing project is ENOTFOUND. A project written by a newer
// Goldspan is ETOONEW; an older one is migrated.
func Open(ctx context.Context, raw string, create bool) (*DB, error) {
	t, err := ParseURL(raw)
	if err != nil {
		return nil, err
	}
	return OpenTarget(ctx, t, create)
}

// OpenProject is Open as the project service's opener.
func OpenProject(ctx context.Context, raw string, create bool) (annotate.Project, error) {
	d, err := Open(ctx, raw, create)
	if err != nil {
		return nil, err
	}
	return d, nil
}

// OpenTarget is Open with a parsed URL.
func OpenTarget(ctx context.Context, t Target, create bool) (*DB, error) {
	cfg := t.Config.Copy()
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	cfg.RuntimeParams["search_path"] = pgx.Identifier{t.Project}.Sanitize()
	cfg.RuntimeParams["lock_timeout"] = strconv.FormatInt(LockTimeout.Milliseconds(), 10)
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = "goldspan"
	}
	d := &DB{db: stdlib.OpenDB(*cfg), schema: t.Project, name: t.Display, lock: lockKey(t.Project), Now: time.Now}
	d.db.SetMaxIdleConns(4)
	if err := d.open(ctx, create); err != nil {
		d.db.Close()
		return nil, err
	}
	return d, nil
}

// lockKey is the advisory lock of the project in schema: one key per
// project, so that projects of one database do not wait for each other.
func lockKey(schema string) int64 {
	var h uint64 = 14695981039346656037
	for _, b := range []byte("goldspan:" + schema) {
		h ^= uint64(b)
		h *= 1099511628211
	}
	return int64(h)
}

// Schema returns the schema that holds the project.
func (d *DB) Schema() string { return d.schema }

// String returns the project's URL without a password.
func (d *DB) String() string { return d.name }

// SQL returns the connection pool (for Team and the tests).
func (d *DB) SQL() *sql.DB { return d.db }

// open checks that the project exists (or creates it) and migrates it.
func (d *DB) open(ctx context.Context, create bool) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	newest := ms[len(ms)-1].version
	var have bool
	var version int
	err = d.read(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT to_regclass(?) IS NOT NULL`, pgx.Identifier{d.schema, "schema_migrations"}.Sanitize()).Scan(&have); err != nil {
			return err
		}
		if have {
			return tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&version)
		}
		return nil
	})
	if err != nil {
		return err
	}
	switch {
	case !have && !create:
		return annotate.Errorf(annotate.ENOTFOUND, "no project %s at %s yet", d.schema, d.name)
	case version > newest:
		return annotate.Errorf(annotate.ETOONEW, "the project %s was written by a newer Goldspan (schema %d; this one knows %d): update Goldspan to open it", d.name, version, newest)
	case version == newest:
		return nil
	}
	return d.migrate(ctx, ms)
}

// migrate creates the schema if need be and applies the pending
// migrations, each recorded, all in one transaction under the project's
// lock: two Goldspans opening a new project at once never both apply one.
func (d *DB) migrate(ctx context.Context, ms []migration) error {
	return d.writeOnce(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{d.schema}.Sanitize()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
			return err
		}
		var version int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&version); err != nil {
			return err
		}
		for _, m := range ms {
			if m.version <= version {
				continue
			}
			if strings.TrimSpace(stripComments(m.sql)) != "" {
				if _, err := tx.Tx.ExecContext(ctx, m.sql); err != nil {
					return fmt.Errorf("migration %s: %w", m.name, err)
				}
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
		return nil
	})
}

// stripComments drops SQL line comments (to tell a migration with nothing
// to do on this backend from one with statements).
func stripComments(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if i := strings.Index(line, "--"); i >= 0 {
			line = line[:i]
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}

// migration is one numbered file of migrations/.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in order.
func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		n, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: no number", name)
		}
		b, err := migrationFS.ReadFile("migrations/" + name)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: n, name: name, sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// SchemaVersion returns the newest migration this Goldspan knows.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

func (d *DB) now() string { return d.Now().UTC().Format(time.RFC3339Nano) }

// maxAttempts bounds how often a write is tried again after a
// serialization failure or a deadlock.
const maxAttempts = 20

// write runs fn in a write transaction that holds the project's advisory
// lock, and commits it; a serialization failure or deadlock runs fn again
// in a new transaction (fn must only read and write through tx and set its
// results last).
func (d *DB) write(ctx context.Context, fn func(tx *Tx) error) error {
	var err error
	for attempt := 0; attempt < maxAttempts; attempt++ {
		if err = d.writeOnce(ctx, fn); !retryable(err) {
			break
		}
		time.Sleep(time.Duration(attempt+1) * time.Millisecond)
	}
	return d.wrap(err, "")
}

func (d *DB) writeOnce(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// begin starts a write transaction and takes the project's lock.
func (d *DB) begin(ctx context.Context) (*Tx, error) {
	stx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	tx := &Tx{stx}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, d.lock); err != nil {
		stx.Rollback()
		return nil, err
	}
	return tx, nil
}

// read runs fn in a read-only snapshot.
func (d *DB) read(ctx context.Context, fn func(tx *Tx) error) error {
	stx, err := d.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return d.wrap(err, "begin read")
	}
	defer stx.Rollback()
	return d.wrap(fn(&Tx{stx}), "")
}

// retryable reports whether err is a serialization failure or deadlock.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// IsOffline reports whether err says the server cannot be reached (the
// connection is refused or lost): the desk shows it as offline.
func IsOffline(err error) bool {
	return annotate.ErrorCode(err) == annotate.EOFFLINE
}

// wrap maps server errors to domain errors: domain errors pass through;
// a lock held past LockTimeout is EBUSY; a refused or lost connection is
// EOFFLINE; a write row-level security or a missing privilege refuses is
// EPERM; anything else is internal, with context.
func (d *DB) wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	var ae *annotate.Error
	if errors.As(err, &ae) {
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "55P03":
			return annotate.Errorf(annotate.EBUSY, "the project %s is busy: another writer (an import?) has held it for over %s; try again", d.schema, LockTimeout)
		case pe.Code == "42501":
			return annotate.Errorf(annotate.EPERM, "not allowed: %s (the project's lead decides who may change what); nothing was changed", pe.Message)
		case pe.Code == "28P01" || pe.Code == "28000":
			return annotate.Errorf(annotate.EINVALID, "cannot log in to %s: %s", d.name, pe.Message)
		case pe.Code == "3D000":
			return annotate.Errorf(annotate.ENOTFOUND, "%s: %s", d.name, pe.Message)
		case strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03":
			return annotate.Errorf(annotate.EOFFLINE, "offline: the server of %s cannot be reached (%s); nothing was changed", d.name, pe.Message)
		case pe.Code == "53100":
			return annotate.Errorf(annotate.EINTERNAL, "the server's disk is full; the project %s was not changed", d.name)
		}
	} else if offline(err) {
		return annotate.Errorf(annotate.EOFFLINE, "offline: the server of %s cannot be reached (%v); nothing was saved", d.name, err)
	}
	if format == "" {
		return err
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// offline reports whether err is a failure to reach the server or a lost
// connection.
func offline(err error) bool {
	var ne net.Error
	var ce *pgconn.ConnectError
	return errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, sql.ErrConnDone) ||
		pgconn.SafeToRetry(err) || strings.Contains(err.Error(), "conn closed") || strings.Contains(err.Error(), "unexpected EOF") ||
		strings.Contains(err.Error(), "broken pipe") || strings.Contains(err.Error(), "connection reset")
}

// Ping checks that the server answers (the desk's reconnect probe).
func (d *DB) Ping(ctx context.Context) error {
	return d.wrap(d.db.PingContext(ctx), "")
}

// Close implements annotate.Project.
func (d *DB) Close() error {
	d.mu.Lock()
	if d.claim != nil {
		d.claim.Close()
		d.claim = nil
	}
	d.mu.Unlock()
	return d.db.Close()
}

// Backup implements annotate.Project: a project on a server is backed up
// by the server's own tools (pg_dump, or goldspan copy to a file), so it
// writes nothing and returns "".
func (d *DB) Backup(ctx context.Context, keep int) (string, error) {
	return "", nil
}

// Claim implements annotate.Project: a session advisory lock of the
// project and the connected role, held on a connection of its own, so
// that one reviewer opening the project twice is told so. Other
// reviewers working at once is what a team project is for: it does not
// count.
func (d *DB) Claim() (release func() error, holder string, err error) {
	ctx := context.Background()
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return nil, "", d.wrap(err, "claim")
	}
	var got bool
	var user string
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1, hashtext(current_user)), current_user`, int32(d.lock)).Scan(&got, &user); err != nil {
		conn.Close()
		return nil, "", d.wrap(err, "claim")
	}
	if !got {
		conn.Close()
		return nil, fmt.Sprintf("another Goldspan of %s", user), nil
	}
	d.mu.Lock()
	d.claim = conn
	d.mu.Unlock()
	return func() error {
		d.mu.Lock()
		defer d.mu.Unlock()
		if d.claim != conn {
			return nil
		}
		d.claim = nil
		_, err := conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1, hashtext(current_user))`, int32(d.lock))
		if cerr := conn.Close(); err == nil {
			err = cerr
		}
		return d.wrap(err, "release the claim")
	}, "", nil
}

// TypeMapping says which PostgreSQL column types stand for each SQLite
// declared type in the two schemas; the schema test holds both to it.
var TypeMapping = map[string][]string{
	"INTEGER": {"integer", "bigint"},
	"TEXT":    {"text"},
	"REAL":    {"double precision"},
	"BLOB":    {"bytea"},
}
