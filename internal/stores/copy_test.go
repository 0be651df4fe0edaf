package stores_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"goldspan/annotate"
	"goldspan/internal/pgtest"
	"goldspan/internal/stores"
)

// dump is everything a copy must keep, as text: every layer with its
// suggestions, every layer's action log, the lexicon and its version,
// labels, models and settings.
func dump(t *testing.T, p annotate.Project) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	if err := p.Export(ctx, annotate.ExportFilter{All: true, Suggestions: true}, func(r annotate.Record) error {
		fmt.Fprintf(&b, "%s %s %s %s %v sugs=%v rejected=%d\n", r.Doc.ID, r.Doc.Meta, r.Annotator, r.Status, r.Spans, r.Suggestions, r.Rejected)
		for _, a := range []string{"alice", "bob"} {
			acts, err := p.Actions(ctx, r.Doc.ID, a)
			if err != nil {
				return err
			}
			for _, x := range acts {
				fmt.Fprintf(&b, "  %s %d %s %v %v %v %s>%s undone=%t %s\n", a, x.ID, x.Kind, x.Before, x.After, x.Decided, x.StatusBefore, x.StatusAfter, x.Undone, x.Time)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	lex, err := p.Lexicon(ctx)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := p.LexiconVersion(ctx)
	labels, _ := p.Labels(ctx)
	m, err := p.LoadModel(ctx, "tagger")
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.Assignments(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "lexicon %v version %s\nlabels %v\nmodel %q %d %g\nassignments %v\n", lex, v, labels, m.Data, m.Examples, m.F1, as)
	return b.String()
}

// TestCopyIsLossless fills a project file (spans, decisions, statuses, an
// undone action, a rename, a model, a label), copies it to a PostgreSQL
// server and back to a file, and checks that all three hold the same and
// that undo and redo go on in the copies where they were.
func TestCopyIsLossless(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	file := filepath.Join(dir, "news.goldspan")
	p, err := stores.Open(ctx, file, true)
	if err != nil {
		t.Fatal(err)
	}
	imp, err := p.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range []string{"新华社北京电 习近平在人民大会堂", "👍𠮷野家在東京\r\n2025年9月23日"} {
		if err := imp.Add(ctx, annotate.Record{Doc: annotate.Document{ID: fmt.Sprintf("d%d", i+1), Text: text, Meta: []byte(`{"n":1}`)}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := imp.Commit(); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(p.PutLabel(ctx, annotate.Label{Name: "EVT", Color: "#123456", Hotkey: "9"}))
	must(p.SetSuggestions(ctx, "d1", []annotate.Suggestion{{DocID: "d1", Start: 3, End: 5, Label: "LOC", Source: "rules", Score: 0.75}, {DocID: "d1", Start: 7, End: 10, Label: "PER", Source: "rules", Score: 0.5}}))
	sugs, err := p.Suggestions(ctx, "d1", "alice")
	must(err)
	_, err = p.AcceptSuggestion(ctx, "alice", sugs[0].ID, "")
	must(err)
	must(p.RejectSuggestion(ctx, "alice", sugs[1].ID))
	_, err = p.AddSpan(ctx, annotate.Span{DocID: "d2", Annotator: "alice", Start: 1, End: 4, Label: "ORG"})
	must(err)
	_, err = p.AddSpan(ctx, annotate.Span{DocID: "d2", Annotator: "alice", Start: 5, End: 7, Label: "LOC"})
	must(err)
	_, err = p.Undo(ctx, "d2", "alice") // redo is due in the copies
	must(err)
	_, err = p.AddSpan(ctx, annotate.Span{DocID: "d1", Annotator: "bob", Start: 0, End: 3, Label: "ORG"})
	must(err)
	must(p.SetStatus(ctx, "d1", "bob", annotate.StatusDone))
	must(p.SaveModel(ctx, annotate.Model{Name: "tagger", Data: []byte{0, 1, 2, 255}, Examples: 7, F1: 0.5}))
	type settings interface {
		SetSetting(ctx context.Context, key, value string) error
		Setting(ctx context.Context, key string) (string, error)
	}
	must(p.(settings).SetSetting(ctx, "guidelines", "# 指南"))
	must(p.Assign(ctx, []annotate.Assignment{{DocID: "d1", Annotator: "alice"}, {DocID: "d1", Annotator: "bob"}, {DocID: "d2", Annotator: "carol"}}, false))
	want := dump(t, p)
	if !strings.Contains(want, "assignments [{d1 alice} {d1 bob} {d2 carol}]") {
		t.Fatalf("the original's assignments:\n%s", want)
	}
	p.Close()

	u := pgtest.Project(t, pgtest.Database(t), "news")
	must(stores.Copy(ctx, file, u))
	if err := stores.Copy(ctx, file, u); annotate.ErrorCode(err) != annotate.ECONFLICT {
		t.Fatalf("a second copy onto the project: %v, want ECONFLICT", err)
	}
	back := filepath.Join(dir, "back.goldspan")
	must(stores.Copy(ctx, u, back))
	for _, target := range []string{u, back} {
		q, err := stores.Open(ctx, target, false)
		must(err)
		if got := dump(t, q); got != want {
			t.Fatalf("%s differs from the original:\n%s\nwant\n%s", target, got, want)
		}
		if g, err := q.(settings).Setting(ctx, "guidelines"); err != nil || g != "# 指南" {
			t.Fatalf("%s: guidelines %q, %v", target, g, err)
		}
		a, err := q.Redo(ctx, "d2", "alice")
		must(err)
		s, err := q.AddSpan(ctx, annotate.Span{DocID: "d2", Annotator: "alice", Start: 8, End: 9, Label: "LOC"})
		must(err)
		if s.ID <= a.After.ID {
			t.Fatalf("%s: a new span got id %d, not above the redone one's %d: ids given twice", target, s.ID, a.After.ID)
		}
		_, err = q.Undo(ctx, "d2", "alice")
		must(err)
		_, err = q.Undo(ctx, "d2", "alice")
		must(err)
		_, err = q.Undo(ctx, "d2", "alice")
		must(err)
		if _, err := q.Undo(ctx, "d2", "alice"); annotate.ErrorCode(err) != annotate.ENOTHING {
			t.Fatalf("%s: undo past the start: %v", target, err)
		}
		q.Close()
	}
}

// TestCopyFailureLeavesNothing copies from a project that is not there.
func TestCopyFailureLeavesNothing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if err := stores.Copy(ctx, filepath.Join(dir, "missing.goldspan"), filepath.Join(dir, "to.goldspan")); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("copy from nothing: %v", err)
	}
	if _, err := stores.Open(ctx, filepath.Join(dir, "to.goldspan"), false); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("a failed copy left a project: %v", err)
	}
}

