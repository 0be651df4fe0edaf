package project

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"goldspan/annotate"
	"goldspan/storage"
)

// benchProject returns a project whose model was trained on the first
// 3,000 MSRA test sentences (600 done documents of 5 sentences), and a
// text of the next 100 sentences (about 5,000 characters) to suggest on.
func benchProject(b *testing.B) (annotate.Project, string) {
	b.Helper()
	sents := readBIO(b, filepath.Join("..", "..", "shared", "data", "ner", "msra_test.bio"))
	ctx := context.Background()
	db, err := storage.Open(filepath.Join(b.TempDir(), "bench.goldspan"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	imp, err := db.BeginImport(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i+5 <= 3000; i += 5 {
		d, spans := joinSentences(fmt.Sprintf("m%04d", i/5), sents[i:i+5])
		for j := range spans {
			spans[j].Annotator = "alice"
		}
		if err := imp.Add(ctx, annotate.Record{Doc: d, Annotator: "alice", Status: annotate.StatusDone, HasSpans: true, Spans: spans}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := imp.Commit(); err != nil {
		b.Fatal(err)
	}
	l, err := service.NewLearner(ctx, db) // trains on the done documents
	if err != nil {
		b.Fatal(err)
	}
	if err := l.Wait(ctx); err != nil {
		b.Fatal(err)
	}
	if err := l.Close(); err != nil {
		b.Fatal(err)
	}
	var text strings.Builder
	for _, s := range sents[3000:3100] {
		text.WriteString(s.Doc.Text)
		text.WriteString("\n")
	}
	return db, text.String()
}

// BenchmarkDeskSuggestRules is the baseline: the rules with the project's
// lexicon (what the desk suggested before the model).
func BenchmarkDeskSuggestRules(b *testing.B) {
	db, text := benchProject(b)
	sug := service.Live(db)
	labels := annotate.DefaultLabels()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := sug.Suggest(context.Background(), text, labels); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDeskSuggestLearner is what the desk runs when a document to do
// is opened: both sources, kept for scoring, combined.
func BenchmarkDeskSuggestLearner(b *testing.B) {
	db, text := benchProject(b)
	l, err := service.NewLearner(context.Background(), db)
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	if err := l.Wait(context.Background()); err != nil {
		b.Fatal(err)
	}
	labels := annotate.DefaultLabels()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := l.Suggest(context.Background(), text, labels); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDeskOpenLearner is opening a project's learner until it is
// ready: the model read from the project file (in the background; the
// desk suggests with the rules meanwhile) and the done documents checked.
func BenchmarkDeskOpenLearner(b *testing.B) {
	db, _ := benchProject(b)
	b.ResetTimer()
	for b.Loop() {
		l, err := service.NewLearner(context.Background(), db)
		if err != nil {
			b.Fatal(err)
		}
		if err := l.Wait(context.Background()); err != nil {
			b.Fatal(err)
		}
		if err := l.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
