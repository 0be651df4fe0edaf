package storage

import (
	"os"
	"strings"
	"testing"
)

// niceness reads the calling thread's nice value from /proc.
func niceness(t *testing.T) string {
	b, err := os.ReadFile("/proc/thread-self/stat")
	if err != nil {
		t.Skipf("no /proc/thread-self: %v", err)
	}
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	return fields[16] // field 19 of stat: nice (fields from 3 on here)
}

// A backup is written on a thread at nice 19; the caller's stays as it was.
func TestLowPriorityRunsOnANiceThread(t *testing.T) {
	var inside string
	if err := lowPriority(func() error { inside = niceness(t); return nil }); err != nil {
		t.Fatal(err)
	}
	if inside != "19" {
		t.Errorf("the backup's thread runs at nice %s, want 19", inside)
	}
	if got := niceness(t); got == "19" {
		t.Errorf("the caller's thread was lowered too")
	}
}
