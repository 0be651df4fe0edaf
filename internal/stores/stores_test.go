package stores_test

import (
	"context"
	"path/filepath"
	"testing"

	"goldspan/annotate"
	"goldspan/internal/pgtest"
	"goldspan/internal/stores"
	"goldspan/storage"
	"goldspan/storage/postgres"
)

// TestOpenDispatches opens a file and a URL and checks which adapter each
// got, and that neither creates a project unless asked.
func TestOpenDispatches(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.goldspan")
	if _, err := stores.Open(ctx, path, false); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("opening a missing file: %v, want ENOTFOUND", err)
	}
	p, err := stores.Open(ctx, path, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.(*storage.DB); !ok {
		t.Fatalf("a file opened as %T", p)
	}
	p.Close()

	u := pgtest.Project(t, pgtest.Database(t), "news")
	if _, err := stores.Open(ctx, u, false); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("opening a missing server project: %v, want ENOTFOUND", err)
	}
	p, err = stores.Open(ctx, u, true)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if pg, ok := p.(*postgres.DB); !ok || pg.Schema() != "news" {
		t.Fatalf("a URL opened as %T", p)
	}
}
