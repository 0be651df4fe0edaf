package storage_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"goldspan/annotate"
	"goldspan/storage"
)

// fixtures holds a project file of every schema version ever released,
// written by that version, and what its export must be after migration.
var fixtures = []struct {
	file    string
	version int
	export  string
}{
	{"schema1.goldspan", 1, `{"id":"d1","text":"俄羅斯國防部表示，普京👍將訪問𠮷野家。","spans":[{"start":0,"end":3,"label":"LOC","text":"俄羅斯","origin":"suggestion"},{"start":0,"end":6,"label":"ORG","text":"俄羅斯國防部"}],"annotator":"alice","status":"in-progress","meta":{"source":"fixture"}}
{"id":"d2","text":"上海\r\n北京","spans":[{"start":0,"end":2,"label":"LOC","text":"上海"},{"start":4,"end":6,"label":"LOC","text":"北京"}],"annotator":"bob","status":"done","meta":{}}
`},
}

func exportAll(t *testing.T, db annotate.Store) string {
	t.Helper()
	var b strings.Builder
	err := db.Export(context.Background(), annotate.ExportFilter{All: true}, func(r annotate.Record) error {
		// The native encoder lives in annotate/format; a compact form
		// of the same content is enough here.
		b.WriteString(recordLine(r))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestMigrateEveryReleasedSchema(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.file, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), fx.file)
			b, err := os.ReadFile(filepath.Join("testdata", fx.file))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(path, b, 0o600)
			db, err := storage.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if fx.version < storage.SchemaVersion() {
				if len(db.Backups) != 1 {
					t.Fatalf("backups = %v, want one before migrating", db.Backups)
				}
				bak, err := os.ReadFile(db.Backups[0])
				if err != nil || len(bak) == 0 {
					t.Fatalf("backup unreadable: %v", err)
				}
			}
			var v int
			db.SQL().QueryRow(`SELECT MAX(version) FROM schema_migrations`).Scan(&v)
			if v != storage.SchemaVersion() {
				t.Fatalf("schema %d after migration, want %d", v, storage.SchemaVersion())
			}
			if got := exportAll(t, db); got != compactExport(t, fx.export) {
				t.Fatalf("data changed by migration:\n got %s\nwant %s", got, compactExport(t, fx.export))
			}
			// The undo history came through: redo restores the undone span.
			if _, err := db.Redo(ctx, "d1", "alice"); err != nil {
				t.Fatal(err)
			}
			spans, _ := db.Spans(ctx, "d1", "alice")
			if len(spans) != 3 {
				t.Fatalf("after redo: %+v", spans)
			}
			if sugs, _ := db.Suggestions(ctx, "d1", "alice"); len(sugs) != 0 {
				t.Fatalf("decisions lost: %+v", sugs)
			}
			lex, _ := db.Lexicon(ctx)
			if len(lex) == 0 {
				t.Fatal("lexicon lost")
			}
		})
	}
}
