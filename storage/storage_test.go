package storage_test

import (
	"context"
	"os"
	"path/filepath"
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

func TestOpenCreatesProjectWithDefaultLabelsAndMode0600(t *testing.T) {
	db, path := open(t)
	ls, err := db.Labels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range ls {
		names = append(names, l.Name)
	}
	if got := names; len(got) != 4 || got[0] != "PER" || got[1] != "LOC" || got[2] != "ORG" || got[3] != "TIME" {
		t.Fatalf("labels = %v", got)
	}
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

func TestSpanEditsUndoRedoAcrossRestart(t *testing.T) {
	db, path := open(t)
	// 𠮷 is outside the BMP: code point offsets must not count it twice.
	mustImport(t, db, doc("d1", "𠮷野家在俄羅斯國防部旁👍"))
	s1, err := db.AddSpan(ctx, annotate.Span{DocID: "d1", Start: 5, End: 11, Label: "ORG", Annotator: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddSpan(ctx, annotate.Span{DocID: "d1", Start: 5, End: 8, Label: "LOC", Annotator: "alice"}); err != nil {
		t.Fatal("nested span refused:", err)
	}
	_, err = db.AddSpan(ctx, annotate.Span{DocID: "d1", Start: 5, End: 11, Label: "ORG", Annotator: "alice"})
	code(t, err, annotate.ECONFLICT)
	_, err = db.AddSpan(ctx, annotate.Span{DocID: "d1", Start: 5, End: 14, Label: "ORG", Annotator: "alice"})
	code(t, err, annotate.EINVALID)
	_, err = db.AddSpan(ctx, annotate.Span{DocID: "d1", Start: 0, End: 1, Label: "FOOD", Annotator: "alice"})
	code(t, err, annotate.EINVALID)
	if _, err := db.UpdateSpan(ctx, "alice", s1.ID, 5, 11, "LOC"); err != nil {
		t.Fatal(err)
	}
	st, _ := db.Status(ctx, "d1", "alice")
	if st != annotate.StatusInProgress {
		t.Fatalf("status after an edit = %s, want in-progress", st)
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
	if len(spans) != 2 || spans[0].Label != "LOC" || spans[1].Label != "ORG" || spans[1].End != 11 {
		t.Fatalf("spans after undo = %+v", spans)
	}
	if _, err := db.Undo(ctx, "d1", "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Undo(ctx, "d1", "alice"); err != nil {
		t.Fatal(err)
	}
	if spans, _ := db.Spans(ctx, "d1", "alice"); len(spans) != 0 {
		t.Fatalf("spans after undoing all = %+v", spans)
	}
	if st, _ := db.Status(ctx, "d1", "alice"); st != annotate.StatusTodo {
		t.Fatalf("status after undoing all = %s", st)
	}
	_, err = db.Undo(ctx, "d1", "alice")
	code(t, err, annotate.ENOTHING)
	if _, err := db.Redo(ctx, "d1", "alice"); err != nil {
		t.Fatal(err)
	}
	spans, _ = db.Spans(ctx, "d1", "alice")
	if len(spans) != 1 || spans[0].ID != s1.ID || spans[0].Label != "ORG" {
		t.Fatalf("redo should restore the first span with its id: %+v", spans)
	}
	// A new action seals the redo history.
	if _, err := db.AddSpan(ctx, annotate.Span{DocID: "d1", Start: 0, End: 3, Label: "ORG", Annotator: "alice"}); err != nil {
		t.Fatal(err)
	}
	_, err = db.Redo(ctx, "d1", "alice")
	code(t, err, annotate.ENOTHING)
	// Bob's layer is separate.
	if spans, _ := db.Spans(ctx, "d1", "bob"); len(spans) != 0 {
		t.Fatal("bob sees alice's spans")
	}
}

func TestSuggestionsAcceptRejectAndLexicon(t *testing.T) {
	db, _ := open(t)
	mustImport(t, db, doc("d1", "普京訪問北京"))
	err := db.SetSuggestions(ctx, "d1", []annotate.Suggestion{
		{Start: 0, End: 2, Label: "PER", Source: "gazetteer", Score: 0.9},
		{Start: 4, End: 6, Label: "LOC", Source: "gazetteer", Score: 0.9},
		{Start: 2, End: 4, Label: "FOOD", Source: "rule", Score: 0.5}, // not a project label
	})
	if err != nil {
		t.Fatal(err)
	}
	sugs, _ := db.Suggestions(ctx, "d1", "alice")
	if len(sugs) != 2 {
		t.Fatalf("suggestions = %+v", sugs)
	}
	sp, err := db.AcceptSuggestion(ctx, "alice", sugs[0].ID, "")
	if err != nil || sp.Origin != annotate.OriginSuggestion {
		t.Fatalf("accept = %+v, %v", sp, err)
	}
	if err := db.RejectSuggestion(ctx, "alice", sugs[1].ID); err != nil {
		t.Fatal(err)
	}
	if sugs, _ := db.Suggestions(ctx, "d1", "alice"); len(sugs) != 0 {
		t.Fatalf("pending after decisions = %+v", sugs)
	}
	if sugs, _ := db.Suggestions(ctx, "d1", "bob"); len(sugs) != 2 {
		t.Fatalf("bob's pending = %+v", sugs)
	}
	// Editing an accepted suggestion marks it edited.
	sp, err = db.UpdateSpan(ctx, "alice", sp.ID, 0, 2, "ORG")
	if err != nil || sp.Origin != annotate.OriginSuggestionEdited {
		t.Fatalf("edit = %+v, %v", sp, err)
	}
	lex, err := db.Lexicon(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[[2]string][2]int{{"普京", "ORG"}: {1, 0}, {"北京", "LOC"}: {0, 1}}
	for _, e := range lex {
		k := [2]string{e.Surface, e.Label}
		if w, ok := want[k]; ok {
			if e.Votes != w[0] || e.Rejections != w[1] {
				t.Errorf("lexicon %v = %d/%d, want %v", k, e.Votes, e.Rejections, w)
			}
			delete(want, k)
		} else if e.Votes != 0 || e.Rejections != 0 {
			t.Errorf("unexpected lexicon entry %+v", e)
		}
	}
	if len(want) != 0 {
		t.Errorf("missing lexicon entries %v", want)
	}
	// Suggesting again keeps the decisions.
	if err := db.SetSuggestions(ctx, "d1", []annotate.Suggestion{{Start: 4, End: 6, Label: "LOC", Source: "gazetteer", Score: 0.9}}); err != nil {
		t.Fatal(err)
	}
	if sugs, _ := db.Suggestions(ctx, "d1", "alice"); len(sugs) != 0 {
		t.Fatalf("a rejected suggestion came back: %+v", sugs)
	}
	// Undo the edit, the rejection and the acceptance.
	for i := 0; i < 3; i++ {
		if _, err := db.Undo(ctx, "d1", "alice"); err != nil {
			t.Fatal(err)
		}
	}
	if sugs, _ := db.Suggestions(ctx, "d1", "alice"); len(sugs) != 1 {
		t.Fatalf("after undo, pending = %+v", sugs)
	}
}

func TestImportIsAllOrNothing(t *testing.T) {
	db, _ := open(t)
	mustImport(t, db, doc("a", "甲"))
	imp, err := db.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := imp.Add(ctx, doc("b", "乙")); err != nil {
		t.Fatal(err)
	}
	err = imp.Add(ctx, doc("a", "不同"))
	code(t, err, annotate.ECONFLICT)
	imp.Rollback()
	n, _ := db.CountDocuments(ctx, annotate.DocumentFilter{})
	if n != 1 {
		t.Fatalf("documents after a failed import = %d, want 1", n)
	}
	// Spans with an unknown label are refused.
	imp, _ = db.BeginImport(ctx)
	defer imp.Rollback()
	r := doc("c", "丙丁")
	r.Annotator, r.HasSpans = "alice", true
	r.Spans = []annotate.Span{{Start: 0, End: 1, Label: "NOPE"}}
	code(t, imp.Add(ctx, r), annotate.EINVALID)
}

func TestDocumentsPagingFilterAndSearch(t *testing.T) {
	db, _ := open(t)
	var recs []annotate.Record
	for i := 0; i < 30; i++ {
		recs = append(recs, doc(string(rune('A'+i%26))+string(rune('0'+i/26)), "第"+string(rune('一'+i))+"篇"))
	}
	mustImport(t, db, recs...)
	if err := db.SetStatus(ctx, "B0", "alice", annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	page, err := db.Documents(ctx, annotate.DocumentFilter{Annotator: "alice", Offset: 10, Limit: 5})
	if err != nil || len(page) != 5 || page[0].ID != "K0" {
		t.Fatalf("page = %+v, %v", page, err)
	}
	done, _ := db.Documents(ctx, annotate.DocumentFilter{Annotator: "alice", Status: annotate.StatusDone})
	if len(done) != 1 || done[0].ID != "B0" || done[0].Status != annotate.StatusDone {
		t.Fatalf("done = %+v", done)
	}
	todo, _ := db.CountDocuments(ctx, annotate.DocumentFilter{Annotator: "alice", Status: annotate.StatusTodo})
	if todo != 29 {
		t.Fatalf("todo = %d", todo)
	}
	hits, _ := db.Documents(ctx, annotate.DocumentFilter{Annotator: "alice", Query: "第" + string(rune('一'+3))})
	if len(hits) != 1 || hits[0].ID != "D0" {
		t.Fatalf("search = %+v", hits)
	}
}

func TestRenameLabelCascades(t *testing.T) {
	db, _ := open(t)
	mustImport(t, db, doc("d", "北京"))
	if _, err := db.AddSpan(ctx, annotate.Span{DocID: "d", Start: 0, End: 2, Label: "LOC", Annotator: "a"}); err != nil {
		t.Fatal(err)
	}
	if err := db.RenameLabel(ctx, "LOC", "GPE"); err != nil {
		t.Fatal(err)
	}
	spans, _ := db.Spans(ctx, "d", "a")
	if spans[0].Label != "GPE" {
		t.Fatalf("span label after rename = %s", spans[0].Label)
	}
	code(t, db.RenameLabel(ctx, "GPE", "PER"), annotate.ECONFLICT)
	code(t, db.PutLabel(ctx, annotate.Label{Name: "EVT", Color: "#123456", Hotkey: "1"}), annotate.ECONFLICT)
	if err := db.PutLabel(ctx, annotate.Label{Name: "EVT", Color: "#123456", Hotkey: "5"}); err != nil {
		t.Fatal(err)
	}
}

func TestModelsSaveAndLoad(t *testing.T) {
	db, path := open(t)
	_, err := db.LoadModel(ctx, "tagger")
	code(t, err, annotate.ENOTFOUND)
	if err := db.SaveModel(ctx, annotate.Model{Name: "tagger", Data: []byte{1, 2, 3}, Examples: 10, F1: 0.5}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveModel(ctx, annotate.Model{Name: "tagger", Data: []byte{4}, Examples: 11, F1: 0.6}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db2, _ := storage.Open(path)
	defer db2.Close()
	m, err := db2.LoadModel(ctx, "tagger")
	if err != nil || len(m.Data) != 1 || m.Data[0] != 4 || m.Examples != 11 || m.F1 != 0.6 {
		t.Fatalf("%+v %v", m, err)
	}
}
