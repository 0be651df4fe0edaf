package app

import (
	"context"
	"runtime"
	"testing"
	"time"
)

// TestJobsTrimWhenIdle: with trimIdle set, memory is returned to the
// system once, after the last of a burst of jobs, never while one runs.
func TestJobsTrimWhenIdle(t *testing.T) {
	var j jobs
	j.trimIdle = 20 * time.Millisecond
	release := make(chan struct{})
	j.start(func(context.Context, func(float64, string)) error { <-release; return nil }, nil, nil)
	j.start(func(context.Context, func(float64, string)) error { return nil }, nil, nil)
	time.Sleep(30 * time.Millisecond) // the quick job ended, the slow one runs
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	time.Sleep(60 * time.Millisecond)
	runtime.ReadMemStats(&after)
	if after.NumForcedGC != before.NumForcedGC {
		t.Errorf("memory was trimmed while a job ran")
	}
	close(release)
	j.wg.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for after.NumForcedGC == before.NumForcedGC && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		runtime.ReadMemStats(&after)
	}
	if after.NumForcedGC == before.NumForcedGC {
		t.Errorf("memory was not trimmed after the last job")
	}
}
