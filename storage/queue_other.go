//go:build !linux

package storage

import (
	"os"
	"strconv"
	"syscall"
)

// tryLock takes lock b without waiting and returns the file that holds
// it, or nil when another open holds a conflicting lock. Without open
// file description locks, each lock is a whole-file flock (which also
// belongs to one open of a file) of its own file beside the queue file.
func tryLock(f *os.File, b int64, exclusive bool) (*os.File, error) {
	g, err := os.OpenFile(f.Name()+"-"+strconv.FormatInt(b, 10), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	if err := syscall.Flock(int(g.Fd()), how|syscall.LOCK_NB); err != nil {
		g.Close()
		if err == syscall.EWOULDBLOCK {
			return nil, nil
		}
		return nil, err
	}
	return g, nil
}
