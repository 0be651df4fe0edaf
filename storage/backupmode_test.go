package storage_test

import (
	"os"
	"path/filepath"
	"testing"

	"goldspan/storage"
)

// Issue "Gold you can trust", item 8: the copy written before a migration
// is as private as the project (mode 0600), and so are rolling backups.
func TestBackupsAreMode0600(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.goldspan")
	b, err := os.ReadFile(filepath.Join("testdata", "schema1.goldspan"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, b, 0o600)
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rolling, err := db.Backup(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(db.Backups) != 1 {
		t.Fatalf("backups before migrating: %v", db.Backups)
	}
	for _, p := range []string{path, db.Backups[0], rolling} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", filepath.Base(p), fi.Mode().Perm())
		}
	}
}
