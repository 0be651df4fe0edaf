package storage_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"goldspan/annotate"
	"goldspan/storage"
)

// TestTwoWritersLoseNothing runs two handles on one project file (two
// connection pools, as two processes have) writing at once.
func TestTwoWritersLoseNothing(t *testing.T) {
	db1, path := open(t)
	mustImport(t, db1, doc("d", strings.Repeat("北京上海廣州深圳", 20)))
	db2, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for i, db := range []*storage.DB{db1, db2} {
		wg.Add(1)
		go func(name string, db *storage.DB) {
			defer wg.Done()
			for k := 0; k < 100; k++ {
				if _, err := db.AddSpan(ctx, annotate.Span{DocID: "d", Start: k, End: k + 2, Label: "LOC", Annotator: name}); err != nil {
					errs <- fmt.Errorf("%s %d: %w", name, k, err)
					return
				}
			}
		}(fmt.Sprintf("w%d", i), db)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for _, name := range []string{"w0", "w1"} {
		spans, _ := db1.Spans(ctx, "d", name)
		acts, _ := db2.Actions(ctx, "d", name)
		if len(spans) != 100 || len(acts) != 100 {
			t.Fatalf("%s: %d spans, %d actions; want 100 each", name, len(spans), len(acts))
		}
	}
	var res string
	db1.SQL().QueryRow(`PRAGMA integrity_check`).Scan(&res)
	if res != "ok" {
		t.Fatal(res)
	}
}

// TestBusyPastTimeoutIsAClearError holds the write lock in one handle longer
// than the other's busy timeout.
func TestBusyPastTimeoutIsAClearError(t *testing.T) {
	old := storage.BusyTimeout
	storage.BusyTimeout = 200 * time.Millisecond
	defer func() { storage.BusyTimeout = old }()
	db1, path := open(t)
	mustImport(t, db1, doc("d", "北京"))
	db2, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	imp, err := db1.BeginImport(context.Background()) // holds the write lock
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = db2.AddSpan(ctx, annotate.Span{DocID: "d", Start: 0, End: 2, Label: "LOC", Annotator: "a"})
	imp.Rollback()
	code(t, err, annotate.EBUSY)
	// The holder here is an import: the waiting writer is told so.
	if msg := annotate.ErrorMessage(err); !strings.Contains(msg, "is busy: an import is running (pid ") || !strings.Contains(msg, "try again when it has finished") {
		t.Fatalf("message = %q", msg)
	}
	if waited := time.Since(start); waited < 150*time.Millisecond {
		t.Fatalf("gave up after %v, before the timeout", waited)
	}
	// Once the lock is gone the same action goes through.
	if _, err := db2.AddSpan(ctx, annotate.Span{DocID: "d", Start: 0, End: 2, Label: "LOC", Annotator: "a"}); err != nil {
		t.Fatal(err)
	}
}

func TestClaimWarnsTheSecondSession(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.goldspan")
	s1, holder, err := storage.Claim(path)
	if err != nil || s1 == nil || holder != "" {
		t.Fatalf("first claim: %v %q %v", s1, holder, err)
	}
	s2, holder, err := storage.Claim(path)
	if err != nil || s2 != nil || !strings.HasPrefix(holder, "pid ") {
		t.Fatalf("second claim: %v %q %v", s2, holder, err)
	}
	s1.Release()
	s3, holder, err := storage.Claim(path)
	if err != nil || s3 == nil || holder != "" {
		t.Fatalf("claim after release: %v %q %v", s3, holder, err)
	}
	s3.Release()
}
