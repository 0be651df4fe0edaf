package storage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"goldspan/annotate"
)

// BackupDir is the folder that holds the rolling backups of the project at
// path: a hidden folder beside it.
func BackupDir(path string) string {
	return filepath.Join(filepath.Dir(path), ".goldspan-backups", filepath.Base(path))
}

// Backup writes a consistent copy of the project (VACUUM INTO, so it is
// one self-contained file even while others write) into BackupDir, named
// by the time, and keeps only the newest keep copies. It returns the new
// copy's path.
func (d *DB) Backup(ctx context.Context, keep int) (string, error) {
	dir := BackupDir(d.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", annotate.Errorf(annotate.EINVALID, "cannot create %s: %v", dir, err)
	}
	name := filepath.Join(dir, d.Now().UTC().Format("20060102-150405.000")+".goldspan")
	if err := vacuumInto(ctx, d.db, name); err != nil {
		return "", d.wrap(err, "back up %s", d.path)
	}
	all, err := Backups(d.path)
	if err != nil {
		return name, err
	}
	for len(all) > keep && keep > 0 {
		os.Remove(all[len(all)-1])
		all = all[:len(all)-1]
	}
	return name, nil
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
	if cur, err := Open(path); err == nil {
		_, err = cur.Backup(ctx, 0)
		cur.Close()
		if err != nil {
			return err
		}
	}
	b, err := os.ReadFile(backup)
	if err != nil {
		return annotate.Errorf(annotate.EINVALID, "cannot read %s: %v", backup, err)
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
