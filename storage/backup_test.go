package storage_test

import (
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
