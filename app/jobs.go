package app

import (
	"context"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
)

// jobs runs slow work (opening a project, imports, exports, searches) off
// the UI goroutine. It is the one place where a goroutine hands results back
// to the UI: progress and the final error reach the UI goroutine through
// fyne.Do, so no handler ever touches a widget from elsewhere.
type jobs struct {
	wg sync.WaitGroup
	// watching counts the goroutines of when, which wait is not held up by
	// (their channel may never close in a test).
	watching sync.WaitGroup

	// queue, when set (by tests), holds the results instead of fyne.Do, and
	// wait runs them on the goroutine that calls it: the test driver would
	// otherwise run them on the job's goroutine, beside the test's own.
	queue  bool
	mu     sync.Mutex
	queued []func()

	// trimIdle, when set (by Run), returns the heap's free pages to the
	// system once no job has run for that long. Opening a large project
	// or importing leaves tens of megabytes of garbage that an idle desk
	// would otherwise hold for minutes under its soft memory limit
	// (issue 16: 405 MB idle on 100,000 documents, 350 MB after a GC).
	trimIdle time.Duration
	running  atomic.Int32
	trimMu   sync.Mutex
	trimT    *time.Timer
}

// progressEvery is how often a job's progress reaches the UI at most.
const progressEvery = 50 * time.Millisecond

// start runs work on its own goroutine with a context that the returned
// function cancels. work may call report as often as it likes; progress (if
// not nil) receives the reports, at most one per progressEvery, and done
// (if not nil) receives work's error; both run on the UI goroutine.
func (j *jobs) start(work func(ctx context.Context, report func(fraction float64, note string)) error,
	progress func(fraction float64, note string), done func(err error)) context.CancelFunc {
	ctx, cancel := context.WithCancel(context.Background())
	j.wg.Add(1)
	j.running.Add(1)
	go func() {
		defer j.wg.Done()
		defer j.trimLater()
		defer j.running.Add(-1)
		defer cancel()
		var last time.Time
		report := func(fraction float64, note string) {
			if progress == nil || time.Since(last) < progressEvery {
				return
			}
			last = time.Now()
			j.toUI(func() { progress(fraction, note) }, false)
		}
		err := work(ctx, report)
		if done != nil {
			j.toUI(func() { done(err) }, true)
		}
	}()
	return cancel
}

// trimLater returns free memory to the system trimIdle after the last
// job ends, unless another job is running then.
func (j *jobs) trimLater() {
	if j.trimIdle <= 0 {
		return
	}
	j.trimMu.Lock()
	defer j.trimMu.Unlock()
	if j.trimT != nil {
		j.trimT.Stop()
	}
	j.trimT = time.AfterFunc(j.trimIdle, func() {
		if j.running.Load() == 0 {
			debug.FreeOSMemory()
		}
	})
}

// trimGarbage watches the heap every period for as long as the app runs,
// and returns memory to the system when no job runs and more than limit
// bytes are garbage waiting for a collection or free pages the runtime
// keeps. Work outside jobs (the suggester's first pass, the learner, list
// pages) leaves garbage too, and the runtime returns free pages slowly.
func (j *jobs) trimGarbage(period time.Duration, limit uint64) {
	samples := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/free:bytes"}}
	go func() {
		for range time.Tick(period) {
			metrics.Read(samples)
			for _, s := range samples {
				if s.Value.Kind() != metrics.KindUint64 {
					return // a runtime without these metrics
				}
			}
			live, objects, free := samples[0].Value.Uint64(), samples[1].Value.Uint64(), samples[2].Value.Uint64()
			if objects+free > live+limit && j.running.Load() == 0 {
				debug.FreeOSMemory()
			}
		}
	}()
}

// when runs f on the UI goroutine once ch is closed: at once (on the
// caller's goroutine, which must be the UI's) if it already is.
func (j *jobs) when(ch <-chan struct{}, f func()) {
	select {
	case <-ch:
		f()
		return
	default:
	}
	j.watching.Add(1)
	go func() {
		defer j.watching.Done()
		<-ch
		j.toUI(f, false)
	}()
}

// after runs f on the UI goroutine once d has passed, unless the returned
// function is called first.
func (j *jobs) after(d time.Duration, f func()) (stop func() bool) {
	t := time.AfterFunc(d, func() { j.toUI(f, false) })
	return t.Stop
}

// toUI runs f on the UI goroutine (waiting for it if wait is set).
func (j *jobs) toUI(f func(), wait bool) {
	if j.queue {
		j.mu.Lock()
		j.queued = append(j.queued, f)
		j.mu.Unlock()
		return
	}
	if wait {
		fyne.DoAndWait(f)
	} else {
		fyne.Do(f)
	}
}

// wait blocks until every job started so far (and any they started in
// turn) has finished, running queued results on the caller's goroutine.
func (j *jobs) wait() {
	for {
		j.wg.Wait()
		j.mu.Lock()
		q := j.queued
		j.queued = nil
		j.mu.Unlock()
		if len(q) == 0 {
			return
		}
		for _, f := range q {
			f()
		}
	}
}
