package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"goldspan/storage"
)

// backupDeps is Deps with rolling backups on the real storage, as main wires them.
func backupDeps() Deps {
	return Deps{
		Open:       openStore,
		Backups:    storage.Backups,
		BackupTime: storage.BackupTime,
		Restore: func(path, backup string) error {
			return storage.Restore(context.Background(), path, backup)
		},
	}
}

// backups counts the project's rolling backups.
func backups(t testing.TB, path string) []string {
	t.Helper()
	list, err := storage.Backups(path)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func TestRollingBackupsAndRestore(t *testing.T) {
	path := newProject(t)
	h := newDeskWith(t, path, backupDeps())
	if n := len(backups(t, path)); n != 1 {
		t.Fatalf("%d backups after opening, want 1", n)
	}
	first := backups(t, path)[0]

	// An edit within 10 minutes of the last backup: none yet.
	dragSelect(h.w, h.ed(), 0, 3)
	test.Type(h.ed(), "2")
	h.wantSaved()
	h.d.jobs.wait()
	if n := len(backups(t, path)); n != 1 {
		t.Fatalf("%d backups right after an edit, want 1", n)
	}
	if h.d.backup.stop == nil {
		t.Errorf("no backup scheduled after an edit")
	}
	// Eleven minutes later, the next edit backs up at once.
	start := h.d.now()
	h.d.now = func() time.Time { return start.Add(11 * time.Minute) }
	dragSelect(h.w, h.ed(), 3, 6)
	test.Type(h.ed(), "3")
	h.wantSaved()
	h.d.jobs.wait()
	if n := len(backups(t, path)); n != 2 {
		t.Fatalf("%d backups after an edit 11 minutes on, want 2", n)
	}
	// Idle for an hour: no edit, no backup.
	h.d.now = func() time.Time { return start.Add(time.Hour) }
	h.d.scheduleBackup()
	h.d.jobs.wait()
	if n := len(backups(t, path)); n != 2 {
		t.Errorf("%d backups after an idle hour, want 2", n)
	}
	if got := h.spans("a1"); got != "LOC[0,3)manual ORG[3,6)manual" {
		t.Fatalf("stored %q", got)
	}

	// File › Restore backup… lists them with their times, newest first.
	h.d.onRestoreBackup()
	radio, _ := findObject(h.w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) bool {
		_, ok := o.(*widget.RadioGroup)
		return ok
	}).(*widget.RadioGroup)
	if radio == nil || len(radio.Options) != 2 {
		t.Fatalf("the restore dialog lists %v", radio)
	}
	when, _ := storage.BackupTime(first)
	if want := when.Local().Format("15:04:05"); !strings.Contains(radio.Options[1], want) {
		t.Errorf("the oldest backup is listed as %q, want its time %s", radio.Options[1], want)
	}
	// Choose the first one (taken when the project opened), confirm.
	radio.SetSelected(radio.Options[1])
	tapButton(t, h.w, "Restore...")
	if h.w.Canvas().Overlays().Top() == nil {
		t.Fatalf("no confirmation before restoring")
	}
	if got := h.spans("a1"); got != "LOC[0,3)manual ORG[3,6)manual" {
		t.Fatalf("changed before confirming: %q", got)
	}
	tapButton(t, h.w, "Restore")
	h.d.jobs.wait()
	if h.d.lastError != "" {
		t.Fatalf("restore failed: %s", h.d.lastError)
	}
	if got := h.spans("a1"); got != "" {
		t.Errorf("after restoring the first backup a1 has %q, want nothing", got)
	}
	if h.d.st == nil || !h.d.hasDoc || h.d.doc.ID != "a1" || len(h.d.spans) != 0 || len(h.d.sugs) != 3 {
		t.Fatalf("the restored project is not open again as it was: open %v", h.d.hasDoc)
	}
	if !strings.Contains(h.d.bar.message.Text, "Restored the backup of") {
		t.Errorf("message %q", h.d.bar.message.Text)
	}
	// The state before the restore is a backup too (and the restored
	// state, a backup already, is not copied again): restoring it brings
	// the spans back.
	list := backups(t, path)
	if len(list) != 3 {
		t.Errorf("%d backups after a restore, want 3", len(list))
	}
	var undo string
	for _, b := range list {
		db, err := storage.Open(b)
		if err != nil {
			t.Fatal(err)
		}
		spans, _ := db.Spans(context.Background(), "a1", "alice")
		db.Close()
		if len(spans) == 2 {
			undo = b
		}
	}
	if undo == "" {
		t.Fatalf("no backup keeps the state before the restore among %d", len(list))
	}
	h.d.restoreBackup(undo)
	h.d.jobs.wait()
	if got := h.spans("a1"); got != "LOC[0,3)manual ORG[3,6)manual" {
		t.Errorf("after undoing the restore a1 has %q", got)
	}
	// At most KeepBackups are kept.
	for range KeepBackups + 2 {
		h.d.backupNow()
		h.d.jobs.wait()
		time.Sleep(2 * time.Millisecond) // backups are named by the millisecond
	}
	if n := len(backups(t, path)); n != KeepBackups {
		t.Errorf("%d backups kept, want %d", n, KeepBackups)
	}
}

func TestBackupOnOpenOnlyWhenChanged(t *testing.T) {
	path := newProject(t)
	h := newDeskWith(t, path, backupDeps())
	if n := len(backups(t, path)); n != 1 {
		t.Fatalf("%d backups after opening, want 1", n)
	}
	// Opened again without a change: the backup it has is enough.
	for range 3 {
		h.d.openProject(path)
		h.d.jobs.wait()
	}
	if n := len(backups(t, path)); n != 1 {
		t.Fatalf("%d backups after reopening an unchanged project, want 1", n)
	}
	// Changed, then opened again: a new backup.
	dragSelect(h.w, h.ed(), 0, 3)
	test.Type(h.ed(), "2")
	h.wantSaved()
	h.d.openProject(path)
	h.d.jobs.wait()
	if n := len(backups(t, path)); n != 2 {
		t.Errorf("%d backups after reopening a changed project, want 2", n)
	}
}
