package project

import (
	"context"
	"path/filepath"
	"testing"

	"goldspan/annotate"
	"goldspan/assets"
	"goldspan/storage"
)

func TestEnsureDemoCreatesOnceWithTheSampleArticles(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	path, err := DemoPath()
	if err != nil || filepath.Base(path) != "demo.goldspan" {
		t.Fatal(path, err)
	}
	ctx := context.Background()
	if err := service.EnsureDemo(ctx, path, assets.DemoCorpus, false); err != nil {
		t.Fatal(err)
	}
	st, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	stats, err := st.Stats(ctx)
	if err != nil || stats.Documents == 0 || stats.Suggestions != 0 {
		t.Fatalf("demo stats = %+v, %v", stats, err)
	}
	// A second call leaves the project alone.
	mustImport(t, st, annotate.Record{Doc: annotate.Document{ID: "new", Text: "新文章"}})
	st.Close()
	if err := service.EnsureDemo(ctx, path, assets.DemoCorpus, false); err != nil {
		t.Fatal(err)
	}
	st, err = storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Document(ctx, "new"); err != nil {
		t.Fatalf("EnsureDemo replaced an existing project: %v", err)
	}
}

func TestEnsureDemoWithSuggestions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.goldspan")
	ctx := context.Background()
	if err := service.EnsureDemo(ctx, path, assets.DemoCorpus, true); err != nil {
		t.Fatal(err)
	}
	st, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if stats, err := st.Stats(ctx); err != nil || stats.Suggestions == 0 {
		t.Fatalf("demo without suggestions: %+v, %v", stats, err)
	}
}

func TestEnsureDemoRemovesWhatItCouldNotFill(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.goldspan")
	err := service.EnsureDemo(context.Background(), path, []byte("{not json\n"), false)
	if annotate.ErrorCode(err) != annotate.EINVALID {
		t.Fatalf("a broken corpus: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*")); len(left) != 0 {
		t.Fatalf("left behind: %v", left)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*")); len(left) != 0 {
		t.Fatalf("hidden files left behind: %v", left)
	}
}
