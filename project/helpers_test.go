package project

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"goldspan/annotate"
	"goldspan/annotate/format"
	"goldspan/internal/fake"
	"goldspan/storage"
)

// service is the project service of the tests, on SQLite project files
// as main wires it; its dictionary loads once for the package.
var service = New(Options{Open: storage.OpenProject})

// onFakeAndSQLite runs test on a new in-memory fake project and on a new
// SQLite project file, each as a subtest.
func onFakeAndSQLite(t *testing.T, test func(t *testing.T, st annotate.Project)) {
	sqlite, err := storage.Open(filepath.Join(t.TempDir(), "project.goldspan"))
	if err != nil {
		t.Fatal(err)
	}
	defer sqlite.Close()
	for name, st := range map[string]annotate.Project{"fake": fake.New(), "SQLite": sqlite} {
		t.Run(name, func(t *testing.T) { test(t, st) })
	}
}

// mustImport imports recs into st in one transaction.
func mustImport(t testing.TB, st annotate.Store, recs ...annotate.Record) {
	t.Helper()
	imp, err := st.BeginImport(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer imp.Rollback()
	for _, r := range recs {
		if err := imp.Add(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := imp.Commit(); err != nil {
		t.Fatal(err)
	}
}

// importLines imports records given as native JSONL lines into st through
// the project's pipeline.
func importLines(t testing.TB, st annotate.Store, lines ...string) ImportReport {
	t.Helper()
	in := Input{Reader: strings.NewReader(strings.Join(lines, "\n") + "\n"), Format: "gold", Options: format.Options{Name: "docs.jsonl"}}
	rep, err := Import(context.Background(), st, []Input{in}, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}
