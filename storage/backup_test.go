package storage_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"goldspan/annotate"
	"goldspan/storage"
)

func TestRollingBackupsKeepFiveAndRestore(t *testing.T) {
	db, path := open(t)
	mustImport(t, db, doc("d", "北京"))
	clock := time.Date(2025, 9, 23, 10, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return clock }
	var first string
	for i := 0; i < 7; i++ {
		clock = clock.Add(time.Minute)
		b, err := db.Backup(ctx, 5)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = b
		}
		if i == 5 {
			// Work after the sixth backup, undone by restoring that one.
			if _, err := db.AddSpan(ctx, annotate.Span{DocID: "d", Start: 0, End: 2, Label: "LOC", Annotator: "a"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	all, _ := storage.Backups(path)
	if len(all) != 5 {
		t.Fatalf("backups = %d, want 5", len(all))
	}
	for _, b := range all {
		if b == first {
			t.Fatal("the oldest backup was kept")
		}
	}
	newest, _ := storage.BackupTime(all[0])
	if !newest.Equal(clock) {
		t.Fatalf("newest backup time %v, want %v", newest, clock)
	}
	db.Close()
	// all[0] is the seventh backup (with the span), all[1] the sixth (without).
	if err := storage.Restore(ctx, path, all[1]); err != nil {
		t.Fatal(err)
	}
	db2, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if spans, _ := db2.Spans(ctx, "d", "a"); len(spans) != 0 {
		t.Fatalf("restored spans = %+v", spans)
	}
	if after, _ := storage.Backups(path); len(after) != 6 {
		t.Fatalf("restore should keep the replaced file as a backup: %d", len(after))
	}
}

// The rolling backups fit their budget (a multiple of the project's size):
// the oldest go first, the newest always stays; a backup killed while it
// was written leaves a partial file that is never listed and is removed
// by a later backup once stale; a bad budget is refused before anything
// is written.
func TestBackupsFitTheBudgetAndPartialsGo(t *testing.T) {
	defer func(m int64) { storage.MinBackupRoom = m }(storage.MinBackupRoom)
	storage.MinBackupRoom = 0 // this project is small: its budget alone counts
	db, path := open(t)
	var recs []annotate.Record
	for i := range 200 {
		recs = append(recs, doc(strings.Repeat("x", 3)+string(rune('a'+i%26))+string(rune('0'+i/26)), strings.Repeat("俄羅斯國防部", 40)))
	}
	mustImport(t, db, recs...)
	clock := time.Date(2025, 9, 23, 10, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return clock }
	dir := storage.BackupDir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	// What a kill during a backup leaves: the partial copy and its journal.
	stale := filepath.Join(dir, "20250923-095000.000.goldspan.partial")
	for _, f := range []string{stale, stale + "-journal"} {
		if err := os.WriteFile(f, []byte("half"), 0o600); err != nil {
			t.Fatal(err)
		}
		old := clock.Add(-time.Hour)
		os.Chtimes(f, old, old)
	}
	fresh := filepath.Join(dir, "20250923-095959.000.goldspan.partial") // another process's, under way
	os.WriteFile(fresh, []byte("half"), 0o600)
	os.Chtimes(fresh, clock, clock)

	t.Setenv(storage.BackupBudgetEnv, "2.5")
	for range 6 {
		clock = clock.Add(time.Minute)
		if _, err := db.Backup(ctx, 0); err != nil {
			t.Fatal(err)
		}
	}
	all, err := storage.Backups(path)
	if err != nil {
		t.Fatal(err)
	}
	var size int64
	for _, f := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(f); err == nil {
			size += fi.Size()
		}
	}
	var used int64
	for _, b := range all {
		if strings.Contains(b, ".partial") {
			t.Errorf("a partial backup is listed: %s", b)
		}
		bi, _ := os.Stat(b)
		used += bi.Size()
	}
	if len(all) < 2 || len(all) >= 6 || float64(used) > 2.5*float64(size) {
		t.Fatalf("%d backups of %d bytes for a project of %d bytes (file and log): want 2 to 5, within 2.5 times", len(all), used, size)
	}
	if newest, _ := storage.BackupTime(all[0]); !newest.Equal(clock) {
		t.Errorf("the newest backup is of %v, want %v", newest, clock)
	}
	for _, f := range []string{stale, stale + "-journal"} {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Errorf("%s is still there", filepath.Base(f))
		}
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("another process's backup under way was removed: %v", err)
	}

	// The newest stays even when one copy is over the budget.
	t.Setenv(storage.BackupBudgetEnv, "0.01")
	clock = clock.Add(time.Minute)
	if _, err := db.Backup(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if all, _ := storage.Backups(path); len(all) != 1 {
		t.Errorf("%d backups over a tiny budget, want the newest alone", len(all))
	}
	// A small project keeps its backups whatever the budget.
	storage.MinBackupRoom = 64 << 20
	for range 3 {
		clock = clock.Add(time.Minute)
		if _, err := db.Backup(ctx, 0); err != nil {
			t.Fatal(err)
		}
	}
	if all, _ := storage.Backups(path); len(all) != 4 {
		t.Errorf("%d backups of a small project, want all 4 (MinBackupRoom)", len(all))
	}
	for _, bad := range []string{"0", "-1", "two", "NaN", "+Inf"} {
		t.Setenv(storage.BackupBudgetEnv, bad)
		before, _ := storage.Backups(path)
		if _, err := db.Backup(ctx, 0); annotate.ErrorCode(err) != annotate.EINVALID || !strings.Contains(err.Error(), storage.BackupBudgetEnv) {
			t.Errorf("budget %q: %v, want EINVALID naming %s", bad, err, storage.BackupBudgetEnv)
		}
		if after, _ := storage.Backups(path); len(after) != len(before) {
			t.Errorf("budget %q: a backup was written", bad)
		}
	}
}

// TestBackupOnThisSystem writes a backup, restores from it and reads the
// work back, on whatever system runs it. release-test.sh runs it on
// Windows, under wine, where every backup once failed: the copy was
// flushed through a read-only handle, and FlushFileBuffers answered
// "Access denied". It makes its folder with os.MkdirTemp rather than
// t.TempDir, whose cleanup (os.RemoveAll) wine 8 cannot do with Go 1.26
// ("Invalid function"); what it leaves there is logged, not failed.
func TestBackupOnThisSystem(t *testing.T) {
	dir, err := os.MkdirTemp("", "goldspan-backup-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := os.RemoveAll(dir); err != nil {
			t.Logf("left behind: %v", err)
		}
	})
	path := filepath.Join(dir, "p.goldspan")
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustImport(t, db, doc("d", "北京"))
	if _, err := db.AddSpan(ctx, annotate.Span{DocID: "d", Start: 0, End: 2, Label: "LOC", Annotator: "a"}); err != nil {
		t.Fatal(err)
	}
	b, err := db.Backup(ctx, 5)
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if all, err := storage.Backups(path); err != nil || len(all) != 1 || all[0] != b {
		t.Fatalf("backups %v (%v), want [%s]", all, err, b)
	}
	if entries, _ := os.ReadDir(filepath.Dir(b)); len(entries) != 1 {
		t.Errorf("the backup folder holds %d entries, want the backup alone (no partial)", len(entries))
	}
	copyDB, err := storage.Open(b)
	if err != nil {
		t.Fatalf("open the backup: %v", err)
	}
	defer copyDB.Close()
	spans, err := copyDB.Spans(ctx, "d", "a")
	if err != nil || len(spans) != 1 || spans[0].Label != "LOC" {
		t.Fatalf("the backup holds %v (%v), want the LOC span", spans, err)
	}
}
