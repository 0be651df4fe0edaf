package storage

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"goldspan/annotate"
)

// BackupDir is the folder that holds the rolling backups of the project at
// path: a hidden folder beside it.
func BackupDir(path string) string {
	return filepath.Join(filepath.Dir(path), ".goldspan-backups", filepath.Base(path))
}

// BackupBudgetEnv names the environment variable that sets how much room
// the rolling backups of a project may take, as a multiple of the
// project's own size (DefaultBackupBudget when unset).
const BackupBudgetEnv = "GOLDSPAN_BACKUP_BUDGET"

// DefaultBackupBudget is the room the rolling backups may take: twice the
// project's size.
const DefaultBackupBudget = 2.0

// MinBackupRoom is the room the rolling backups may always take, whatever
// the budget: a small project keeps all its backups (the budget is for
// projects of hundreds of megabytes). Tests lower it.
var MinBackupRoom int64 = 64 << 20

// partialSuffix marks a backup being written; a backup is renamed to its
// name only once it is whole, so a kill leaves at most a partial file,
// which Backups never lists and the next Backup removes.
const partialSuffix = ".partial"

// backupBudget reads BackupBudgetEnv.
func backupBudget() (float64, error) {
	v := os.Getenv(BackupBudgetEnv)
	if v == "" {
		return DefaultBackupBudget, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || !(f > 0) || math.IsInf(f, 0) {
		return 0, annotate.Errorf(annotate.EINVALID, "%s=%s: want a positive multiple of the project's size, such as 2", BackupBudgetEnv, v)
	}
	return f, nil
}

// Backup writes a consistent copy of the project (VACUUM INTO, so it is
// one self-contained file even while others write) into BackupDir, named
// by the time. The copy is written under a temporary name, synced and
// renamed, on a thread of the lowest CPU priority (where the system has
// one), so the desk's own writes never wait for it. Afterwards only the
// newest keep copies are kept (0: no limit), and of those only as many as
// fit the budget (BackupBudgetEnv, twice the project's size by default,
// and never less than MinBackupRoom):
// the oldest go first, the newest always stays. It returns the new copy's
// path.
func (d *DB) Backup(ctx context.Context, keep int) (string, error) {
	budget, err := backupBudget()
	if err != nil {
		return "", err
	}
	dir := BackupDir(d.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", annotate.Errorf(annotate.EINVALID, "cannot create %s: %v", dir, err)
	}
	removePartials(dir, d.Now())
	name := filepath.Join(dir, d.Now().UTC().Format("20060102-150405.000")+".goldspan")
	tmp := name + partialSuffix
	err = lowPriority(func() error {
		if err := vacuumInto(ctx, d.db, tmp); err != nil {
			return d.wrap(err, "back up %s", d.path)
		}
		if err := syncFile(tmp); err != nil {
			return annotate.Errorf(annotate.EINVALID, "cannot write the backup %s: %v", tmp, err)
		}
		return nil
	})
	if err != nil {
		os.Remove(tmp)
		return "", err
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return "", annotate.Errorf(annotate.EINVALID, "cannot keep the backup %s: %v", name, err)
	}
	syncDir(dir)
	all, err := Backups(d.path)
	if err != nil {
		return name, err
	}
	// The project's size is its pages', wherever they are yet (the file
	// or its write-ahead log).
	var size int64
	if err := d.db.QueryRowContext(ctx, `SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()`).Scan(&size); err != nil {
		return name, d.wrap(err, "measure %s", d.path)
	}
	room := max(int64(budget*float64(size)), MinBackupRoom)
	var used int64
	for i, b := range all {
		fi, err := os.Stat(b)
		if err != nil {
			continue
		}
		used += fi.Size()
		if i > 0 && (keep > 0 && i >= keep || used > room) {
			os.Remove(b)
		}
	}
	return name, nil
}

// removePartials removes what a backup killed while it was written left
// behind (its partial file and that file's journal), once it is older
// than a backup takes: a backup of the same project by another process
// may be under way.
func removePartials(dir string, now time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !strings.Contains(e.Name(), partialSuffix) {
			continue
		}
		if fi, err := e.Info(); err == nil && now.Sub(fi.ModTime()) > staleBackup {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// staleBackup is how old a partial backup must be to be taken for one a
// killed process left behind.
const staleBackup = 15 * time.Minute

// syncFile flushes a file to the disk. It opens the file for writing:
// Windows flushes only through such a handle (FlushFileBuffers needs
// GENERIC_WRITE; through a read-only one every backup failed with
// "Access denied").
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// syncDir flushes a folder's entries (a file renamed into it) to the
// disk, where the system can: Windows opens no folder for writing, and
// NTFS journals the entries itself.
func syncDir(path string) {
	if runtime.GOOS == "windows" {
		return
	}
	if f, err := os.Open(path); err == nil {
		f.Sync()
		f.Close()
	}
}

// Backups lists the rolling backups of the project at path, newest first.
func Backups(path string) ([]string, error) {
	entries, err := os.ReadDir(BackupDir(path))
	if os.IsNotExist(err) {
		return nil, nil
	} else if err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "cannot list backups of %s: %v", path, err)
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".goldspan") {
			out = append(out, filepath.Join(BackupDir(path), e.Name()))
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(out)))
	return out, nil
}

// BackupTime returns when a backup listed by Backups was taken.
func BackupTime(backup string) (time.Time, error) {
	return time.Parse("20060102-150405.000", strings.TrimSuffix(filepath.Base(backup), ".goldspan"))
}

// Restore replaces the project at path with backup. The project must be
// closed. The current file is first kept as another backup, so a restore
// can itself be undone.
func Restore(ctx context.Context, path, backup string) error {
	if _, err := os.Stat(backup); err != nil {
		return annotate.Errorf(annotate.ENOTFOUND, "no backup %s", backup)
	}
	check, err := OpenReadOnly(ctx, backup)
	if err != nil {
		return fmt.Errorf("backup %s: %w", filepath.Base(backup), err)
	}
	check.Close()
	// Read first: keeping the current file as a backup may prune the
	// oldest backups to fit the budget, this one among them.
	b, err := os.ReadFile(backup)
	if err != nil {
		return annotate.Errorf(annotate.EINVALID, "cannot read %s: %v", backup, err)
	}
	if cur, err := Open(path); err == nil {
		_, err = cur.Backup(ctx, 0)
		cur.Close()
		if err != nil {
			return err
		}
	}
	tmp := path + ".restore"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return annotate.Errorf(annotate.EINVALID, "cannot write %s: %v", tmp, err)
	}
	for _, s := range []string{"-wal", "-shm"} {
		os.Remove(path + s)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return annotate.Errorf(annotate.EINVALID, "cannot restore %s: %v", path, err)
	}
	return nil
}
