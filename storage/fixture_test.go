package storage_test

import (
	"os"
	"testing"
)

// benchDir returns a directory that lives as long as the test binary, for
// fixtures shared across benchmarks.
func benchDir(b *testing.B) string {
	dir, err := os.MkdirTemp("", "goldspan-bench-")
	if err != nil {
		b.Fatal(err)
	}
	return dir
}
