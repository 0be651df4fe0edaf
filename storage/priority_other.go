//go:build !linux

package storage

// lowPriority runs fn; only Linux lowers the priority of one thread.
func lowPriority(fn func() error) error { return fn() }
