package storage

import (
	"os"
	"syscall"
	"unsafe"
)

var (
	kernel32       = syscall.NewLazyDLL("kernel32.dll")
	procLockFileEx = kernel32.NewProc("LockFileEx")
)

const (
	lockfileFailImmediately = 0x1
	lockfileExclusiveLock   = 0x2
	errorLockViolation      = syscall.Errno(33) // ERROR_LOCK_VIOLATION
	errorIOPending          = syscall.Errno(997)
)

// tryFlock takes a lock on f, exclusive or shared, without waiting: false
// when another open of the file holds a conflicting one. Windows byte-range
// locks are mandatory, so the lock is on one byte far past anything written
// (at 2^62): the holder's note at the start of a lock file stays readable.
// The lock belongs to this handle and goes with its Close (or the
// process's end, however it ends), as flock's does.
func tryFlock(f *os.File, exclusive bool) (bool, error) {
	flags := uint32(lockfileFailImmediately)
	if exclusive {
		flags |= lockfileExclusiveLock
	}
	ol := new(syscall.Overlapped)
	ol.OffsetHigh = 1 << 30 // the byte at 2^62
	r, _, err := procLockFileEx.Call(f.Fd(), uintptr(flags), 0, 1, 0, uintptr(unsafe.Pointer(ol)))
	if r != 0 {
		return true, nil
	}
	if err == errorLockViolation || err == errorIOPending {
		return false, nil
	}
	return false, err
}

// canWrite reports whether this process may write to path: a file that is
// not read-only. Windows does not enforce a folder's read-only attribute,
// so a folder is writable; where it is not, creating the file fails with
// its own clear error.
func canWrite(path string) bool {
	fi, err := os.Stat(path)
	if err != nil {
		return false
	}
	return fi.IsDir() || fi.Mode().Perm()&0o200 != 0
}
