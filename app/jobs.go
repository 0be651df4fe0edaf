package app

import (
	"context"
	"sync"
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
	go func() {
		defer j.wg.Done()
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
