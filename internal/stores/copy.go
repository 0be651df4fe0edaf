package stores

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"

	"goldspan/annotate"
	"goldspan/storage"
	"goldspan/storage/postgres"
)

// copyTables are the project's tables in an order that satisfies their
// foreign keys; both backends have them with the same columns (the
// postgres package's schema test holds them equal). schema_migrations is
// the destination's own.
var copyTables = []string{"project", "labels", "documents", "annotators", "assignments", "spans", "statuses", "suggestions", "decisions", "actions", "lexicon", "models"}

// neverReused are the tables whose ids are never given twice: the
// destination's counter continues from the source's, not from the
// highest id left (an undone add's span id lives on in the log).
var neverReused = []string{"spans", "suggestions"}

// end is one side of a copy: a raw connection to the project's tables.
type end struct {
	db   *sql.DB
	pg   bool
	done func() error
}

// Copy copies the project at from (a file or a postgres:// URL) to a new
// project at to, whole: every table row for row with its ids, so the
// copy exports the same, and every annotator's undo and redo go on where
// they were. The source must be of this Goldspan's schema (open it once
// to upgrade it); to must not hold a project yet. Nothing is left at to
// when the copy fails.
func Copy(ctx context.Context, from, to string) (err error) {
	if from == to {
		return annotate.Errorf(annotate.EINVALID, "copy: --from and --to are the same project")
	}
	src, err := openSource(ctx, from)
	if err != nil {
		return err
	}
	defer src.done()
	dst, discard, err := createTarget(ctx, to)
	if err != nil {
		return err
	}
	defer func() {
		cerr := dst.done()
		if err == nil {
			err = cerr
		}
		if err != nil {
			discard()
		}
	}()
	tx, err := dst.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// A new project has its default labels and (SQLite) its creator's
	// mark: the source's rows replace them.
	for _, t := range []string{"labels", "project"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t); err != nil {
			return fmt.Errorf("copy: clear %s of %s: %w", t, to, err)
		}
	}
	for _, t := range copyTables {
		if err := copyTable(ctx, src, dst, tx, t); err != nil {
			return fmt.Errorf("copy %s from %s to %s: %w", t, from, to, err)
		}
	}
	if err := setCounters(ctx, src, dst, tx); err != nil {
		return fmt.Errorf("copy: id counters: %w", err)
	}
	return tx.Commit()
}

func openSource(ctx context.Context, from string) (end, error) {
	if postgres.IsURL(from) {
		d, err := postgres.Open(ctx, from, false)
		if err != nil {
			return end{}, err
		}
		return end{db: d.SQL(), pg: true, done: d.Close}, nil
	}
	d, err := storage.OpenReadOnly(ctx, from)
	if err != nil {
		return end{}, err
	}
	d.Close()
	db, err := sql.Open("sqlite", "file:"+from+"?mode=ro")
	if err != nil {
		return end{}, err
	}
	var v int
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		db.Close()
		return end{}, err
	}
	if v != storage.SchemaVersion() {
		db.Close()
		return end{}, annotate.Errorf(annotate.EINVALID, "%s is of schema %d, this Goldspan's is %d: open it once (goldspan stats does not upgrade; the desk does) and copy again", from, v, storage.SchemaVersion())
	}
	return end{db: db, done: db.Close}, nil
}

// createTarget creates the empty project at to and returns a raw
// connection to it and a function that removes it again.
func createTarget(ctx context.Context, to string) (end, func(), error) {
	if postgres.IsURL(to) {
		if _, err := postgres.Open(ctx, to, false); err == nil {
			return end{}, nil, annotate.Errorf(annotate.ECONFLICT, "%s already holds a project: copy makes a new one", to)
		} else if annotate.ErrorCode(err) != annotate.ENOTFOUND {
			return end{}, nil, err
		}
		d, err := postgres.Open(ctx, to, true)
		if err != nil {
			return end{}, nil, err
		}
		discard := func() {
			d, err := postgres.Open(context.Background(), to, false)
			if err == nil {
				d.SQL().Exec(`DROP SCHEMA ` + quoteIdent(d.Schema()) + ` CASCADE`)
				d.Close()
			}
		}
		return end{db: d.SQL(), pg: true, done: d.Close}, discard, nil
	}
	if _, err := os.Stat(to); err == nil {
		return end{}, nil, annotate.Errorf(annotate.ECONFLICT, "%s already exists: copy makes a new project file", to)
	} else if !errors.Is(err, os.ErrNotExist) {
		return end{}, nil, annotate.Errorf(annotate.EINVALID, "%s: %v", to, err)
	}
	d, err := storage.Open(to)
	if err != nil {
		return end{}, nil, err
	}
	db, err := sql.Open("sqlite", storage.DSN(to))
	if err != nil {
		d.Close()
		return end{}, nil, err
	}
	return end{db: db, done: db.Close}, func() { d.Discard() }, nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// copyTable copies every row of table, with the destination's columns.
func copyTable(ctx context.Context, src, dst end, tx *sql.Tx, table string) error {
	rows, err := src.db.QueryContext(ctx, `SELECT * FROM `+table+` LIMIT 0`)
	if err != nil {
		return err
	}
	cols, err := rows.Columns()
	rows.Close()
	if err != nil {
		return err
	}
	quoted := make([]string, len(cols))
	marks := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = quoteIdent(c)
		marks[i] = "?"
		if dst.pg {
			marks[i] = fmt.Sprintf("$%d", i+1)
		}
	}
	list := strings.Join(quoted, ", ")
	order := ""
	if table != "project" && table != "lexicon" && table != "models" && table != "statuses" && table != "decisions" {
		order = ` ORDER BY 1`
	}
	rows, err = src.db.QueryContext(ctx, `SELECT `+list+` FROM `+table+order)
	if err != nil {
		return err
	}
	defer rows.Close()
	insert, err := tx.PrepareContext(ctx, `INSERT INTO `+table+` (`+list+`) VALUES (`+strings.Join(marks, ", ")+`)`)
	if err != nil {
		return err
	}
	defer insert.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if table == "project" && vals[0] == "created_by" {
			continue // an SQLite creator's mark, not the project's
		}
		if table == "models" {
			if s, ok := vals[1].(string); ok {
				vals[1] = []byte(s)
			}
		}
		if _, err := insert.ExecContext(ctx, vals...); err != nil {
			return err
		}
	}
	return rows.Err()
}

// setCounters makes the destination give ids above every id the source
// gave: spans' and suggestions' from the source's counters, the others'
// from the highest id copied.
func setCounters(ctx context.Context, src, dst end, tx *sql.Tx) error {
	for _, t := range neverReused {
		var n int64
		var err error
		if src.pg {
			err = src.db.QueryRowContext(ctx, `SELECT COALESCE((SELECT last_value FROM pg_sequences WHERE schemaname = current_schema() AND sequencename = $1), 0)`, t+"_id_seq").Scan(&n)
		} else {
			err = src.db.QueryRowContext(ctx, `SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = ?), 0)`, t).Scan(&n)
		}
		if err != nil {
			return err
		}
		var high int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+t).Scan(&high); err != nil {
			return err
		}
		n = max(n, high)
		if dst.pg {
			if n > 0 {
				if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'), $2)`, t, n); err != nil {
					return err
				}
			}
		} else {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sqlite_sequence WHERE name = ?`, t); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)`, t, n); err != nil {
				return err
			}
		}
	}
	if dst.pg {
		for t, col := range map[string]string{"labels": "seq", "documents": "seq", "annotators": "id", "actions": "id"} {
			if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence($1, $2), m) FROM (SELECT MAX(`+col+`) AS m FROM `+t+`) x WHERE m IS NOT NULL`, t, col); err != nil {
				return err
			}
		}
	}
	return nil
}
