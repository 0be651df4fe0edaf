package storage

import (
	"fmt"
	"os"
	"strings"
	"time"

	"goldspan/annotate"
)

// Session marks a project as open in a reviewer's window: an advisory lock
// on a file beside the project that the operating system releases when the
// process ends, however it ends.
type Session struct {
	f *os.File
}

// Claim takes the project's session lock for this process. If another
// process holds it, Claim returns a nil Session and a description of the
// holder ("pid 123 on host, since 15:04") so that the GUI can warn that
// someone else is working in the project; the project can still be used,
// since every write is its own transaction.
func Claim(path string) (*Session, string, error) {
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, "", annotate.Errorf(annotate.EINVALID, "cannot create the lock file of %s: %v", path, err)
	}
	if ok, err := tryFlock(f, true); !ok || err != nil {
		b := make([]byte, 256)
		n, _ := f.ReadAt(b, 0)
		f.Close()
		holder := strings.TrimSpace(string(b[:n]))
		if holder == "" {
			holder = "another Goldspan"
		}
		return nil, holder, nil
	}
	host, _ := os.Hostname()
	f.Truncate(0)
	f.WriteAt([]byte(fmt.Sprintf("pid %d on %s, since %s\n", os.Getpid(), host, time.Now().Format("2006-01-02 15:04"))), 0)
	return &Session{f: f}, "", nil
}

// Release gives the lock back.
func (s *Session) Release() error {
	if s == nil || s.f == nil {
		return nil
	}
	s.f.Truncate(0)
	err := s.f.Close()
	s.f = nil
	return err
}

// Claim takes the project's session lock for this process (see the
// package function Claim); release gives it back.
func (d *DB) Claim() (release func() error, holder string, err error) {
	s, holder, err := Claim(d.path)
	if err != nil || s == nil {
		return nil, holder, err
	}
	return s.Release, "", nil
}
