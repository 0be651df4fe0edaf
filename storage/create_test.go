package storage_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"goldspan/storage"
)

// Issue "Gold you can trust", item 5: two processes creating or upgrading
// one project never both apply a migration. Each trial opens one project
// from four handles at once (separate connection pools, as separate
// processes have): a new path, or a copy of a schema 1 project to upgrade.
func TestConcurrentOpensApplyEachMigrationOnce(t *testing.T) {
	trials := 60
	if testing.Short() {
		trials = 15
	}
	old, err := os.ReadFile(filepath.Join("testdata", "schema1.goldspan"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	failures, opens := 0, 0
	for i := 0; i < trials; i++ {
		for _, upgrade := range []bool{false, true} {
			path := filepath.Join(dir, fmt.Sprintf("p%03d-%t.goldspan", i, upgrade))
			if upgrade {
				os.WriteFile(path, old, 0o600)
			}
			var wg sync.WaitGroup
			dbs := make([]*storage.DB, 4)
			errs := make([]error, 4)
			for k := range dbs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					dbs[k], errs[k] = storage.Open(path)
				}()
			}
			wg.Wait()
			backups := 0
			for k, db := range dbs {
				opens++
				if errs[k] != nil {
					failures++
					t.Errorf("trial %d (upgrade %t), handle %d: %v", i, upgrade, k, errs[k])
					continue
				}
				backups += len(db.Backups)
				defer db.Close()
			}
			if errs[0] != nil {
				continue
			}
			var rows, versions int
			dbs[0].SQL().QueryRow(`SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations`).Scan(&rows, &versions)
			if rows != storage.SchemaVersion() || versions != rows {
				t.Errorf("trial %d (upgrade %t): %d migrations recorded, %d versions; want %d", i, upgrade, rows, versions, storage.SchemaVersion())
			}
			var labels int
			dbs[0].SQL().QueryRow(`SELECT COUNT(*) FROM labels`).Scan(&labels)
			if labels == 0 || labels > 10 {
				t.Errorf("trial %d: %d labels", i, labels)
			}
			if upgrade && backups != 1 {
				t.Errorf("trial %d: %d backups before migrating, want 1", i, backups)
			}
			if upgrade {
				if fi, err := os.Stat(path + ".schema1.bak"); err != nil || fi.Mode().Perm() != 0o600 {
					t.Errorf("trial %d: backup %v, %v; want mode 0600", i, fi, err)
				}
			}
		}
	}
	t.Logf("%d trials of four opens at once, of a new project and of a schema 1 project to upgrade: %d opens, %d failed", 2*trials, opens, failures)
}
