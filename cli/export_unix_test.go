//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// export -o into a device, a named pipe or through a symbolic link
// replaces none of them: /dev/null stays a device (an export once turned
// it into a file), a pipe's reader gets the records, a link stays a link
// and the file it names gets the export; a folder is refused.
func TestExportNeverReplacesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.goldspan")
	run(t, "", "import", "--db", db, write(t, dir, "in.jsonl", tricky))
	if code, _, errs := run(t, "", "export", "--db", db, "-o", os.DevNull, "--force"); code != 0 {
		t.Fatalf("to %s: %d %s", os.DevNull, code, errs)
	}
	if code, _, errs := run(t, "", "export", "--db", db, "-o", os.DevNull); code != 0 {
		t.Fatalf("to %s without --force: %d %s", os.DevNull, code, errs)
	}
	if fi, err := os.Stat(os.DevNull); err != nil || fi.Mode()&os.ModeDevice == 0 {
		t.Fatalf("%s is no longer a device: %v %v", os.DevNull, fi.Mode(), err)
	}

	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	got := make(chan []byte)
	go func() {
		b, _ := os.ReadFile(fifo)
		got <- b
	}()
	if code, _, errs := run(t, "", "export", "--db", db, "-o", fifo); code != 0 {
		t.Fatalf("to a pipe: %d %s", code, errs)
	}
	if b := <-got; string(b) != tricky {
		t.Errorf("the pipe's reader got %q", b)
	}
	if fi, _ := os.Lstat(fifo); fi.Mode()&os.ModeNamedPipe == 0 {
		t.Error("the pipe was replaced")
	}

	target := write(t, dir, "real.jsonl", "old")
	link := filepath.Join(dir, "link.jsonl")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, "", "export", "--db", db, "-o", link, "--force"); code != 0 {
		t.Fatalf("through a link: %d %s", code, errs)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if b, _ := os.ReadFile(target); string(b) != tricky {
		t.Errorf("the link's file holds %q", b)
	}
	if code, _, errs := run(t, "", "export", "--db", db, "-o", dir, "--force"); code != 1 || !strings.Contains(errs, "it is a folder") {
		t.Errorf("to a folder: %d %s", code, errs)
	}
}
