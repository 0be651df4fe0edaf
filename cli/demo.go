package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"

	"goldspan/annotate"
	"goldspan/annotate/format"
	"goldspan/assets"
	"goldspan/storage"
)

// DemoPath returns where the demo project lives: goldspan/demo.goldspan in
// the user's data directory ($XDG_DATA_HOME, else ~/.local/share).
func DemoPath() (string, error) {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", annotate.Errorf(annotate.EINVALID, "cannot find a data directory: %v", err)
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "goldspan", "demo.goldspan"), nil
}

// EnsureDemo creates the demo project at path with the bundled sample
// articles, and machine suggestions when sug is not nil, unless a file is
// already there.
func EnsureDemo(ctx context.Context, path string, sug annotate.Suggester) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return annotate.Errorf(annotate.EINVALID, "cannot read %s: %v", path, err)
	}
	st, err := storage.OpenContext(ctx, path)
	if err != nil {
		return err
	}
	o := format.Options{Name: "demo corpus"}
	f, _ := format.Lookup("gold")
	srcs := []format.Source{{Decoder: f.NewDecoder(bytes.NewReader(assets.DemoCorpus), o), Options: o}}
	_, err = importInto(ctx, &Env{IsTerminal: func() bool { return false }}, st, srcs, sug)
	st.Close()
	if err != nil {
		removeProject(path)
	}
	return err
}
