package storage

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"goldspan/annotate"
)

// Beside each project file lives its queue file, .<project>.queue (a
// hidden file, so that the project's name is the prefix of nothing but
// SQLite's own files): an empty file whose bytes are advisory locks that Goldspan processes (and
// the handles of one process) take to share the project fairly. Each lock
// belongs to one open of the file, not to a process, so two handles in one
// process exclude each other as two processes do, and closing one handle's
// file never drops another's lock. (SQLite's own locks are on the project
// file, its -wal and -shm; the queue never touches those.)
//
// Writers queue through a turnstile: a writer takes the gate, then the
// write lock, then lets the gate go, and holds the write lock for the one
// write transaction. A writer waiting for the write lock holds the gate,
// so the writer that just committed cannot come back for the write lock
// before it: under contention two writers alternate, and a write waits at
// most for the transaction in progress and the one of the writer ahead of
// it in the gate. SQLite's busy handler alone polls with growing sleeps,
// so a writer whose transactions take milliseconds kept the lock nearly
// all the time and starved the other one for seconds.
//
// The open lock is held, shared, by every read-write handle of the
// project for as long as it is open; a creator discarding the project it
// created takes it exclusively, without waiting, and removes the file only
// if it gets it (see DB.Discard).
const (
	lockGate  = 0
	lockWrite = 1
	lockOpen  = 2
)

// queuePath is the queue file of the project at path.
func queuePath(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".queue")
}

// removeQueue removes the queue file of the project at path, and the
// files beside it that hold its locks where the system has no open file
// description locks (see tryLock in queue_other.go).
func removeQueue(path string) {
	q := queuePath(path)
	os.Remove(q)
	for b := range int64(lockOpen + 1) {
		os.Remove(q + "-" + strconv.FormatInt(b, 10))
	}
}

// heldLock is one lock of a queue file, held through its own open of it.
type heldLock struct {
	f *os.File
	b int64
}

// release lets the lock go. Safe on nil.
func (h *heldLock) release() {
	if h != nil && h.f != nil {
		h.f.Close() // closing the file releases its locks
		h.f = nil
	}
}

// acquire takes lock b of path's queue file, exclusive or shared, waiting
// until the deadline or the end of ctx. It polls with short jittered
// sleeps (50 µs growing to 250 µs), so a lock let go is taken within a
// quarter of a millisecond and a wait ends at its deadline. When the queue file cannot
// be opened (a read-only folder, where nobody writes) it returns nil and
// no error: there is nobody to queue with.
func acquire(ctx context.Context, path string, b int64, exclusive bool, deadline time.Time, busy func() error) (*heldLock, error) {
	f, err := os.OpenFile(queuePath(path), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		if f, err = os.Open(queuePath(path)); err != nil {
			return nil, nil
		}
	}
	sleep := 50 * time.Microsecond
	for {
		held, err := tryLock(f, b, exclusive)
		if err != nil {
			f.Close()
			return nil, nil // the file system keeps no such locks: nobody to queue with
		}
		if held != nil {
			if held != f {
				f.Close()
			}
			if current(held, held.Name()) {
				return &heldLock{f: held, b: b}, nil
			}
			// A creator discarding its project removed the queue file
			// while we waited on it: queue on the file there now.
			held.Close()
			if f, err = os.OpenFile(queuePath(path), os.O_RDWR|os.O_CREATE, 0o600); err != nil {
				return nil, nil
			}
			continue
		}
		if !time.Now().Before(deadline) {
			f.Close()
			return nil, busy()
		}
		d := sleep/2 + rand.N(sleep)
		if rest := time.Until(deadline); d > rest {
			d = rest
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(d):
		}
		if sleep < 250*time.Microsecond {
			sleep *= 2
		}
	}
}

// current reports whether f is still the file at path.
func current(f *os.File, path string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Stat(path)
	return err == nil && os.SameFile(a, b)
}

// queueWrite takes the write lock through the gate (see above).
func queueWrite(ctx context.Context, path string, busy func() error) (*heldLock, error) {
	deadline := time.Now().Add(BusyTimeout)
	gate, err := acquire(ctx, path, lockGate, true, deadline, busy)
	if err != nil {
		return nil, err
	}
	defer gate.release()
	return acquire(ctx, path, lockWrite, true, deadline, busy)
}

// busyError is the error of a write that waited past BusyTimeout.
func busyError(path string) func() error {
	return func() error {
		if h, ok := ImportRunning(path); ok {
			return importBusy(path, h) // say which import holds it, and since when
		}
		return annotate.Errorf(annotate.EBUSY, "the project %s is busy: another Goldspan has been writing to it for over %s; try again", path, BusyTimeout)
	}
}
