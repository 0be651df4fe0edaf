package stores

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"testing"
)

// TestCopyTablesAreEveryTable: a table a migration adds is copied too
// (copyTables lists every table of the schema but the migrations' own).
func TestCopyTablesAreEveryTable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.goldspan")
	p, err := Open(context.Background(), path, true)
	if err != nil {
		t.Fatal(err)
	}
	p.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		got = append(got, n)
	}
	slices.Sort(got)
	want := slices.Sorted(slices.Values(copyTables))
	if !slices.Equal(got, want) {
		t.Fatalf("the schema's tables %v, copied %v", got, want)
	}
}
