package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestEnsureDemoCreatesOnceWithTheSampleArticles(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	path, err := DemoPath()
	if err != nil || filepath.Base(path) != "demo.goldspan" {
		t.Fatal(path, err)
	}
	if err := EnsureDemo(context.Background(), path, nil); err != nil {
		t.Fatal(err)
	}
	_, js, _ := run(t, "", "stats", "--db", path, "--json")
	if !strings.Contains(js, `"documents": `) || strings.Contains(js, `"documents": 0`) {
		t.Fatalf("demo stats = %s", js)
	}
	// A second call leaves the project alone.
	run(t, "", "import", "--db", path, write(t, t.TempDir(), "x.txt", "新文章"))
	if err := EnsureDemo(context.Background(), path, nil); err != nil {
		t.Fatal(err)
	}
	_, out, _ := run(t, "", "export", "--db", path)
	if !strings.Contains(out, "新文章") {
		t.Fatal("EnsureDemo replaced an existing project")
	}
}

func TestEnsureDemoWithSuggestions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.goldspan")
	if err := EnsureDemo(context.Background(), path, Engine); err != nil {
		t.Fatal(err)
	}
	_, js, _ := run(t, "", "stats", "--db", path, "--json")
	if strings.Contains(js, `"suggestions": 0`) || !strings.Contains(js, `"suggestions": `) {
		t.Fatalf("demo without suggestions: %s", js)
	}
}
