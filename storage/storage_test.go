package storage_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"goldspan/annotate"
	"goldspan/storage"
)

var ctx = context.Background()

// open returns a new project in a temp dir with the clock fixed.
func open(t *testing.T) (*storage.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "p.goldspan")
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return time.Date(2025, 9, 23, 10, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { db.Close() })
	return db, path
}

func mustImport(t *testing.T, db *storage.DB, recs ...annotate.Record) annotate.ImportResult {
	t.Helper()
	imp, err := db.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer imp.Rollback()
	for _, r := range recs {
		if err := imp.Add(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	res, err := imp.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func doc(id, text string) annotate.Record {
	return annotate.Record{Doc: annotate.Document{ID: id, Text: text}}
}

func code(t *testing.T, err error, want string) {
	t.Helper()
	if got := annotate.ErrorCode(err); got != want {
		t.Fatalf("error code = %q (%v), want %q", got, err, want)
	}
}

// The behaviour every store shares (labels, edits, undo, suggestions,
// imports, exports, the lexicon, models) is in internal/storetest, run by
// contract_test.go; these tests cover what only a project file has.

func TestOpenCreatesProjectWithMode0600AndWAL(t *testing.T) {
	db, path := open(t)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode = %v, want 0600", fi.Mode().Perm())
	}
	var mode string
	if err := db.SQL().QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v", mode, err)
	}
	var sync int
	if err := db.SQL().QueryRow(`PRAGMA synchronous`).Scan(&sync); err != nil || sync != 2 {
		t.Fatalf("synchronous = %d, %v; want 2 (FULL)", sync, err)
	}
}

func TestReopenKeepsSchemaAndRefusesNewerSchema(t *testing.T) {
	db, path := open(t)
	mustImport(t, db, doc("a", "台北"))
	db.Close()
	db2, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(db2.Backups) != 0 {
		t.Fatalf("backups on a current schema: %v", db2.Backups)
	}
	if _, err := db2.SQL().Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')`); err != nil {
		t.Fatal(err)
	}
	db2.Close()
	before, _ := os.ReadFile(path)
	_, err = storage.Open(path)
	code(t, err, annotate.ETOONEW)
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Fatal("a newer project was changed")
	}
}

func TestUndoRedoAcrossRestart(t *testing.T) {
	db, path := open(t)
	// 𠮷 is outside the BMP: code point offsets must not count it twice.
	mustImport(t, db, doc("d1", "𠮷野家在俄羅斯國防部旁👍"))
	s1, err := db.AddSpan(ctx, annotate.Span{DocID: "d1", Start: 4, End: 10, Label: "ORG", Annotator: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddSpan(ctx, annotate.Span{DocID: "d1", Start: 4, End: 7, Label: "LOC", Annotator: "alice"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateSpan(ctx, "alice", s1.ID, 4, 10, "LOC"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a, err := db.Undo(ctx, "d1", "alice")
	if err != nil || a.Kind != annotate.ActionUpdate {
		t.Fatalf("undo after restart = %+v, %v", a, err)
	}
	spans, _ := db.Spans(ctx, "d1", "alice")
	if len(spans) != 2 || spans[0].Label != "LOC" || spans[1].Label != "ORG" || spans[1].End != 10 {
		t.Fatalf("spans after undo = %+v", spans)
	}
	for range 2 {
		if _, err := db.Undo(ctx, "d1", "alice"); err != nil {
			t.Fatal(err)
		}
	}
	if st, _ := db.Status(ctx, "d1", "alice"); st != annotate.StatusTodo {
		t.Fatalf("status after undoing all = %s", st)
	}
	db.Close()

	db, err = storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Redo(ctx, "d1", "alice"); err != nil {
		t.Fatal(err)
	}
	spans, _ = db.Spans(ctx, "d1", "alice")
	if len(spans) != 1 || spans[0].ID != s1.ID || spans[0].Label != "ORG" {
		t.Fatalf("redo after restart should restore the first span with its id: %+v", spans)
	}
	if lex, _ := db.Lexicon(ctx); len(lex) != 1 || lex[0].Surface != "俄羅斯國防部" || lex[0].Votes != 1 {
		t.Fatalf("lexicon after restart = %+v", lex)
	}
}

func TestModelsSurviveRestart(t *testing.T) {
	db, path := open(t)
	if err := db.SaveModel(ctx, annotate.Model{Name: "tagger", Data: []byte{1, 2, 3}, Examples: 10, F1: 0.5}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveModel(ctx, annotate.Model{Name: "tagger", Data: []byte{4}, Examples: 11, F1: 0.6}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db2, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	m, err := db2.LoadModel(ctx, "tagger")
	if err != nil || len(m.Data) != 1 || m.Data[0] != 4 || m.Examples != 11 || m.F1 != 0.6 {
		t.Fatalf("%+v %v", m, err)
	}
}

func TestClaimReportsTheHolder(t *testing.T) {
	db, path := open(t)
	release, holder, err := db.Claim()
	if err != nil || release == nil || holder != "" {
		t.Fatalf("first claim: release nil %t, holder %q, %v", release == nil, holder, err)
	}
	other, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	again, holder, err := other.Claim()
	if err != nil || again != nil || !strings.Contains(holder, fmt.Sprintf("pid %d", os.Getpid())) {
		t.Fatalf("second claim: release nil %t, holder %q, %v", again == nil, holder, err)
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	again, holder, err = other.Claim()
	if err != nil || again == nil || holder != "" {
		t.Fatalf("claim after release: release nil %t, holder %q, %v", again == nil, holder, err)
	}
	again()
}
