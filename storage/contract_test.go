package storage_test

import (
	"path/filepath"
	"testing"

	"goldspan/annotate"
	"goldspan/internal/storetest"
	"goldspan/storage"
)

// TestContract runs the store contract suite against a real project file.
func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) annotate.Project {
		db, err := storage.Open(filepath.Join(t.TempDir(), "p.goldspan"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}
