//go:build !linux

package storage

import (
	"os"
	"strconv"
)

// tryLock takes lock b without waiting and returns the file that holds
// it, or nil when another open holds a conflicting lock. Without open
// file description locks, each lock is a tryFlock (which also belongs to
// one open of a file) of its own file beside the queue file.
func tryLock(f *os.File, b int64, exclusive bool) (*os.File, error) {
	g, err := os.OpenFile(f.Name()+"-"+strconv.FormatInt(b, 10), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	ok, err := tryFlock(g, exclusive)
	if !ok {
		g.Close()
		return nil, err
	}
	return g, nil
}
