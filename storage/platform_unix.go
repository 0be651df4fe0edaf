//go:build !windows

package storage

import (
	"os"
	"syscall"
)

// tryFlock takes an advisory lock on f, exclusive or shared, without
// waiting: false when another open of the file holds a conflicting one.
// The lock belongs to this open of the file and goes with its Close (or
// the process's end, however it ends).
func tryFlock(f *os.File, exclusive bool) (bool, error) {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
	if err == syscall.EWOULDBLOCK {
		return false, nil
	}
	return err == nil, err
}

// canWrite reports whether this process may write to path (a file or a
// folder). For root it is false only where writing fails for root too: an
// immutable file (chattr +i) or a read-only mount.
func canWrite(path string) bool {
	return syscall.Access(path, 2 /* W_OK */) == nil
}
