package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"goldspan/internal/pgtest"
	"goldspan/storage"
	"goldspan/storage/postgres"
)

// column is one column as both schemas are compared: its name, its
// SQLite type (PostgreSQL's mapped back through TypeMapping), whether it
// may be NULL and whether it is part of the primary key.
type column struct {
	Name    string
	Type    string
	NotNull bool
	PK      bool
}

// TestSchemasStayEquivalent migrates a new SQLite project and a new
// PostgreSQL one and compares them: the same migrations by number and
// name, the same tables, and in each the same columns in the same order,
// types equal under TypeMapping, the same NOT NULL and primary keys.
func TestSchemasStayEquivalent(t *testing.T) {
	ctx := context.Background()
	files := func(dir string) []string {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".sql") {
				out = append(out, e.Name())
			}
		}
		return out
	}
	if a, b := files("../migrations"), files("migrations"); !slices.Equal(a, b) {
		t.Fatalf("migrations differ:\nSQLite     %v\nPostgreSQL %v", a, b)
	}

	path := filepath.Join(t.TempDir(), "p.goldspan")
	lite, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	lite.Close()
	sdb, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	want := map[string][]column{}
	var liteVersions []int
	rows, err := sdb.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	for _, table := range tables {
		rows, err := sdb.QueryContext(ctx, `SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY cid`, table)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var c column
			var pk int
			if err := rows.Scan(&c.Name, &c.Type, &c.NotNull, &pk); err != nil {
				t.Fatal(err)
			}
			c.PK = pk > 0
			c.NotNull = c.NotNull || c.PK // a primary key is never NULL in PostgreSQL
			want[table] = append(want[table], c)
		}
		rows.Close()
	}
	if err := sdb.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(new(int)); err != nil {
		t.Fatal(err)
	}
	vrows, err := sdb.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	for vrows.Next() {
		var v int
		vrows.Scan(&v)
		liteVersions = append(liteVersions, v)
	}
	vrows.Close()

	u := pgtest.Project(t, pgtest.Database(t), "news")
	pg, err := postgres.Open(ctx, u, true)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	back := map[string]string{}
	for lite, pgs := range postgres.TypeMapping {
		for _, p := range pgs {
			back[p] = lite
		}
	}
	got := map[string][]column{}
	prows, err := pg.SQL().QueryContext(ctx, `SELECT c.table_name, c.column_name, c.data_type, c.is_nullable = 'NO',
			EXISTS (SELECT 1 FROM information_schema.table_constraints tc
				JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema AND k.table_name = tc.table_name
				WHERE tc.table_schema = c.table_schema AND tc.table_name = c.table_name AND tc.constraint_type = 'PRIMARY KEY' AND k.column_name = c.column_name)
		FROM information_schema.columns c WHERE c.table_schema = $1 ORDER BY c.table_name, c.ordinal_position`, pg.Schema())
	if err != nil {
		t.Fatal(err)
	}
	for prows.Next() {
		var table string
		var c column
		if err := prows.Scan(&table, &c.Name, &c.Type, &c.NotNull, &c.PK); err != nil {
			t.Fatal(err)
		}
		lt, ok := back[c.Type]
		if !ok {
			t.Errorf("%s.%s: PostgreSQL type %s is not in TypeMapping", table, c.Name, c.Type)
		}
		c.Type = lt
		got[table] = append(got[table], c)
	}
	prows.Close()
	show := func(m map[string][]column) string {
		var b strings.Builder
		for _, table := range slices.Sorted(func(yield func(string) bool) {
			for k := range m {
				if !yield(k) {
					return
				}
			}
		}) {
			fmt.Fprintf(&b, "%s:", table)
			for _, c := range m[table] {
				fmt.Fprintf(&b, " %s %s notnull=%t pk=%t;", c.Name, c.Type, c.NotNull, c.PK)
			}
			b.WriteByte('\n')
		}
		return b.String()
	}
	if a, b := show(want), show(got); a != b {
		t.Fatalf("schemas differ:\nSQLite:\n%s\nPostgreSQL:\n%s", a, b)
	}
	var pgVersions []int
	vrows, err = pg.SQL().QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	for vrows.Next() {
		var v int
		vrows.Scan(&v)
		pgVersions = append(pgVersions, v)
	}
	vrows.Close()
	if !slices.Equal(liteVersions, pgVersions) || len(pgVersions) != postgres.SchemaVersion() {
		t.Fatalf("applied migrations: SQLite %v, PostgreSQL %v (newest %d)", liteVersions, pgVersions, postgres.SchemaVersion())
	}
}
