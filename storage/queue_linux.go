package storage

import (
	"os"
	"syscall"
)

// fOFDSetlk is F_OFD_SETLK: open file description locks (Linux 3.15),
// fcntl byte-range locks that belong to one open of a file rather than to
// the process.
const fOFDSetlk = 37

// tryLock takes lock b of the queue file open as f without waiting, and
// returns the file that holds it (f itself), or nil when another open
// holds a conflicting lock.
func tryLock(f *os.File, b int64, exclusive bool) (*os.File, error) {
	lk := syscall.Flock_t{Type: syscall.F_RDLCK, Whence: 0, Start: b, Len: 1}
	if exclusive {
		lk.Type = syscall.F_WRLCK
	}
	err := syscall.FcntlFlock(f.Fd(), fOFDSetlk, &lk)
	if err == syscall.EAGAIN || err == syscall.EACCES {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return f, nil
}
