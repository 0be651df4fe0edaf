package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"goldspan/annotate"
)

// KeepBackups is how many rolling backups of the open project are kept
// (Deps.Backup keeps this many).
const KeepBackups = 5

// backupEvery is how often the open project is backed up while the
// reviewer works; an idle project is not backed up again.
const backupEvery = 10 * time.Minute

// backupState schedules the rolling backups of the open project: one when
// it opens, then one at most every backupEvery while edits are saved.
type backupState struct {
	last    time.Time   // when the last backup started
	edited  bool        // an edit was saved since it started
	running bool        // a backup is being written
	stop    func() bool // stops the timer of the next backup; nil if none is set
	gen     int         // bumped by every timer and by closing the project
	// restored is set while a restored project opens: it is one of the
	// backups already, so opening it writes none (which would push an
	// older state out of the rolling backups).
	restored bool
}

// backupOnOpen backs up the project that just opened, unless its file has
// not changed since its newest backup: opening a project again and again
// must not push its older states out of the rolling backups.
func (d *desk) backupOnOpen() {
	if d.backup.restored {
		d.backup.restored, d.backup.last = false, d.now()
		return
	}
	d.writeBackup(true)
}

// backupNow writes a backup of the open project off the UI goroutine.
func (d *desk) backupNow() { d.writeBackup(false) }

func (d *desk) writeBackup(ifChanged bool) {
	if d.st == nil || d.backup.running {
		return
	}
	st, path, name := d.st, d.path, filepath.Base(d.path)
	d.backup.running, d.backup.edited, d.backup.last = true, false, d.now()
	d.jobs.start(func(ctx context.Context, _ func(float64, string)) error {
		if ifChanged && d.unchangedSinceBackup(path) {
			return nil
		}
		_, err := st.Backup(ctx, KeepBackups)
		return err
	}, nil, func(err error) {
		if d.st != st {
			return // closed meanwhile; its backups are no longer scheduled
		}
		d.backup.running = false
		if err != nil {
			d.showError(fmt.Errorf("backup of %s: %w", name, err))
			return
		}
		d.scheduleBackup() // for edits saved while it was written
	})
}

// unchangedSinceBackup reports whether the project file at path (with its
// write-ahead log) was last written before its newest backup was taken.
func (d *desk) unchangedSinceBackup(path string) bool {
	if d.deps.Backups == nil {
		return false
	}
	list, err := d.deps.Backups(path)
	if err != nil || len(list) == 0 {
		return false
	}
	newest, err := os.Stat(list[0])
	if err != nil {
		return false
	}
	for _, f := range []string{path, path + "-wal"} {
		fi, err := os.Stat(f)
		if err == nil && fi.Size() > 0 && !fi.ModTime().Before(newest.ModTime()) {
			return false
		}
	}
	return true
}

// noteEdit records that an edit was saved, so a backup is due in time.
func (d *desk) noteEdit() {
	d.backup.edited = true
	d.scheduleBackup()
}

// scheduleBackup backs up now if the last backup is backupEvery old and an
// edit came since, else sets a timer for when it will be.
func (d *desk) scheduleBackup() {
	if d.st == nil || !d.backup.edited || d.backup.running {
		return
	}
	wait := d.backup.last.Add(backupEvery).Sub(d.now())
	if wait <= 0 {
		if d.backup.stop != nil {
			d.backup.stop()
			d.backup.stop = nil
			d.backup.gen++
		}
		d.backupNow()
		return
	}
	if d.backup.stop != nil {
		return // a timer is set for then
	}
	d.backup.gen++
	gen := d.backup.gen
	d.backup.stop = d.jobs.after(wait, func() {
		if d.backup.gen != gen {
			return // stopped after it fired
		}
		d.backup.stop = nil
		d.scheduleBackup()
	})
}

// stopBackups forgets the schedule of the project that closes.
func (d *desk) stopBackups() {
	if d.backup.stop != nil {
		d.backup.stop()
	}
	d.backup = backupState{gen: d.backup.gen + 1, restored: d.backup.restored}
}

// backupLabel names a backup by when it was taken (and how long ago, with ago).
func (d *desk) backupLabel(backup string, withAgo bool) string {
	if d.deps.BackupTime == nil {
		return filepath.Base(backup)
	}
	t, err := d.deps.BackupTime(backup)
	if err != nil {
		return filepath.Base(backup)
	}
	l := t.Local().Format(lang.L("Mon 2 Jan 2006, 15:04:05"))
	if withAgo {
		l += "  (" + ago(d.now().Sub(t)) + ")"
	}
	return l
}

// ago says how long ago something happened.
func ago(dt time.Duration) string {
	switch {
	case dt < time.Minute:
		return lang.L("just now")
	case dt < 2*time.Minute:
		return lang.L("a minute ago")
	case dt < time.Hour:
		return fmt.Sprintf(lang.L("%d minutes ago"), int(dt/time.Minute))
	case dt < 2*time.Hour:
		return lang.L("an hour ago")
	case dt < 48*time.Hour:
		return fmt.Sprintf(lang.L("%d hours ago"), int(dt/time.Hour))
	}
	return fmt.Sprintf(lang.L("%d days ago"), int(dt/(24*time.Hour)))
}

// onRestoreBackup lists the open project's backups with their times and
// asks which to restore.
func (d *desk) onRestoreBackup() {
	if d.st == nil || d.deps.Backups == nil || d.deps.Restore == nil {
		return
	}
	if d.busy != "" {
		d.bar.setMessage(fmt.Sprintf(lang.L("%s: restore when it is done"), d.busy))
		return
	}
	name := filepath.Base(d.path)
	list, err := d.deps.Backups(d.path)
	if err != nil {
		d.showError(err)
		return
	}
	if len(list) == 0 {
		dialog.ShowInformation(lang.L("No backups"), fmt.Sprintf(lang.L("There is no backup of %s yet. One is written when a project opens, and every %d minutes while you work; the last %d are kept."), name, int(backupEvery/time.Minute), KeepBackups), d.win)
		return
	}
	labels := make([]string, len(list))
	byLabel := map[string]string{}
	for i, b := range list {
		l := d.backupLabel(b, true)
		for n := 2; byLabel[l] != ""; n++ {
			l = fmt.Sprintf("%s #%d", d.backupLabel(b, true), n)
		}
		labels[i], byLabel[l] = l, b
	}
	choice := widget.NewRadioGroup(labels, nil)
	choice.Required = true
	choice.SetSelected(labels[0])
	note := widget.NewLabel(fmt.Sprintf(lang.L("Backups of %s, newest first:"), name))
	dlg := dialog.NewCustomConfirm(lang.L("Restore backup"), lang.L("Restore…"), lang.L("Cancel"), container.NewVBox(note, choice), func(ok bool) {
		if ok && byLabel[choice.Selected] != "" {
			d.confirmRestore(byLabel[choice.Selected])
		}
	}, d.win)
	dlg.Show()
}

// confirmRestore asks before restoring backup.
func (d *desk) confirmRestore(backup string) {
	name, label := filepath.Base(d.path), d.backupLabel(backup, false)
	dlg := dialog.NewConfirm(fmt.Sprintf(lang.L("Restore %s?"), name), fmt.Sprintf(lang.L("Restore %s to its state of %s?\n\nThe project closes and reopens. Its present state is kept as another backup, so you can go back to it."), name, label),
		func(ok bool) {
			if ok {
				d.restoreBackup(backup)
			}
		}, d.win)
	dlg.SetConfirmText(lang.L("Restore"))
	dlg.SetDismissText(lang.L("Cancel"))
	dlg.Show()
}

// restoreBackup closes the project, replaces it with backup off the UI
// goroutine, and opens it again.
func (d *desk) restoreBackup(backup string) {
	path, name := d.path, filepath.Base(d.path)
	d.closeProject()
	d.editor.SetDocument("", nil)
	d.refreshTitle()
	d.list.reload()
	d.refreshBar()
	d.bar.setMessage(fmt.Sprintf(lang.L("Restoring %s…"), name))
	d.busy = lang.L("A backup is being restored")
	var restoreErr error
	var st annotate.Project
	d.jobs.start(func(ctx context.Context, _ func(float64, string)) error {
		restoreErr = d.deps.Restore(path, backup)
		var err error
		st, err = d.deps.Open(path)
		return err
	}, nil, func(err error) {
		d.busy = ""
		d.bar.setMessage("")
		if err != nil {
			d.showError(fmt.Errorf("open %s: %w", name, err))
			return
		}
		d.backup.restored = restoreErr == nil
		d.setProject(st, path)
		if restoreErr != nil {
			d.showError(fmt.Errorf("restore %s: %w", name, restoreErr))
			return
		}
		d.bar.setMessage(fmt.Sprintf(lang.L("Restored the backup of %s; the state before is kept as a backup"), d.backupLabel(backup, false)))
	})
}

// restoreItem is File › Restore backup…, disabled where backups are not kept.
func (d *desk) restoreItem() *fyne.MenuItem {
	it := fyne.NewMenuItem(lang.L("Restore backup…"), d.onRestoreBackup)
	it.Disabled = d.deps.Backups == nil || d.deps.Restore == nil
	return it
}
