package project

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"

	"goldspan/annotate"
	"goldspan/annotate/format"
)

// DemoPath returns where the demo project lives, in the user's data
// directory as each system has it: goldspan/demo.goldspan in
// $XDG_DATA_HOME (else ~/.local/share) on Linux and the BSDs,
// Goldspan\demo.goldspan in %AppData% on Windows, and
// Goldspan/demo.goldspan in ~/Library/Application Support on macOS.
func DemoPath() (string, error) {
	dir, err := dataDir(runtime.GOOS, os.Getenv, os.UserHomeDir)
	if err != nil {
		return "", annotate.Errorf(annotate.EINVALID, "cannot find a data directory: %v", err)
	}
	return filepath.Join(dir, "demo.goldspan"), nil
}

// dataDir is Goldspan's folder for its own files on goos, from the
// environment and the home directory.
func dataDir(goos string, getenv func(string) string, home func() (string, error)) (string, error) {
	switch goos {
	case "windows":
		if dir := getenv("AppData"); dir != "" {
			return filepath.Join(dir, "Goldspan"), nil
		}
		return "", errors.New("%AppData% is not set")
	case "darwin", "ios":
		h, err := home()
		if err != nil {
			return "", err
		}
		return filepath.Join(h, "Library", "Application Support", "Goldspan"), nil
	}
	dir := getenv("XDG_DATA_HOME")
	if dir == "" {
		h, err := home()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(h, ".local", "share")
	}
	return filepath.Join(dir, "goldspan"), nil
}

// EnsureDemo creates the demo project at path from corpus (native JSONL,
// assets.DemoCorpus), with the rules' suggestions when suggest is set,
// unless a file is already there. A project it could not fill is removed.
func (s *Service) EnsureDemo(ctx context.Context, path string, corpus []byte, suggest bool) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return annotate.Errorf(annotate.EINVALID, "cannot read %s: %v", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return annotate.Errorf(annotate.EINVALID, "cannot create %s: %v", filepath.Dir(path), err)
	}
	st, err := s.Open(ctx, path)
	if err != nil {
		return err
	}
	var o ImportOptions
	if suggest {
		if o.Suggester, err = s.Suggester(ctx, st); err != nil {
			Discard(st, path, true)
			return err
		}
	}
	in := Input{Reader: bytes.NewReader(corpus), Format: "gold", Options: format.Options{Name: "demo corpus"}}
	if _, err = Import(ctx, st, []Input{in}, o); err != nil {
		Discard(st, path, true)
		return err
	}
	return st.Close()
}

// Discard closes st, a project at path that this process opened to fill
// and could not, and removes it if this process created it and nobody
// else opened it since, so a failed import leaves nothing behind. A store
// that knows who created it (storage's creator mark and open lock) decides
// that itself; for any other store created says whether this process
// created the file.
func Discard(st annotate.Project, path string, created bool) {
	if d, ok := st.(interface{ Discard() (bool, error) }); ok {
		d.Discard()
		return
	}
	st.Close()
	if created {
		RemoveProject(path)
	}
}

// RemoveProject deletes a project file that this process created and
// could not fill, so a failed import leaves nothing behind.
func RemoveProject(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}
