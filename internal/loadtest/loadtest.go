// Package loadtest drives many simulated annotators at once through the
// project service's Reviewer, each on a handle of its own (as separate
// desks would be), and checks afterwards that no action was lost or
// doubled and that every annotator's undo and redo still walk their whole
// history. It measures throughput and commit latency; the tests run it on
// SQLite and PostgreSQL (loadtest_test.go) and write the figures to
// BENCHMARKS.md under make bench.
package loadtest

import (
	"context"
	"fmt"
	"math/rand"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"goldspan/annotate"
	"goldspan/project"
)

// Options size a run.
type Options struct {
	Annotators int // simulated annotators, each on a handle of its own
	Actions    int // actions each annotator makes
	Documents  int // documents, every annotator working on all of them
	Seed       int64
}

// Result is what a run measured.
type Result struct {
	Actions   int           // actions made (all annotators)
	Logged    int           // rows the action log gained (adds and deletes; undo and redo move rows)
	Elapsed   time.Duration // wall time of the concurrent phase
	P50, P99  time.Duration // commit latency of one action (call to return)
	PerSecond float64
}

// String formats r for a report.
func (r Result) String() string {
	return fmt.Sprintf("%d actions in %.2f s: %.0f actions/s, commit latency p50 %.2f ms, p99 %.2f ms",
		r.Actions, r.Elapsed.Seconds(), r.PerSecond, ms(r.P50), ms(r.P99))
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// layer is the model of one annotator's layer on one document: what the
// store must hold after the run.
type layer struct {
	spans map[int64]annotate.Span
	undo  []step // applied actions, newest last
	redo  []step // undone ones, next redo last
	next  int    // offset of the next new span (never reused)
}

type step struct {
	add  bool
	span annotate.Span
}

// Run imports o.Documents documents into p (through open's first handle),
// then lets o.Annotators goroutines, each with a handle from open, make
// o.Actions random actions (add a span, delete one, undo, redo) on those
// documents through project.Reviewer, and checks the result against a
// model of every layer: the same spans with the same ids, the action log
// grown by exactly the logged actions, and undo to the start and redo to
// the end working on every layer.
func Run(ctx context.Context, open func() (annotate.Project, error), o Options) (Result, error) {
	var res Result
	setup, err := open()
	if err != nil {
		return res, err
	}
	defer setup.Close()
	length := o.Actions + 10
	text := strings.Repeat("新华社北京电记者报道", length/10+1)
	var docs []string
	imp, err := setup.BeginImport(ctx)
	if err != nil {
		return res, err
	}
	for i := range o.Documents {
		id := fmt.Sprintf("load%03d", i)
		docs = append(docs, id)
		if err := imp.Add(ctx, annotate.Record{Doc: annotate.Document{ID: id, Text: text}}); err != nil {
			imp.Rollback()
			return res, err
		}
	}
	if _, err := imp.Commit(); err != nil {
		return res, err
	}
	before, err := setup.Stats(ctx)
	if err != nil {
		return res, err
	}

	handles := make([]annotate.Project, o.Annotators)
	for i := range handles {
		if handles[i], err = open(); err != nil {
			return res, err
		}
		defer handles[i].Close()
	}
	models := make([]map[string]*layer, o.Annotators)
	lat := make([][]time.Duration, o.Annotators)
	logged := make([]int, o.Annotators)
	errs := make([]error, o.Annotators)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range o.Annotators {
		wg.Add(1)
		go func() {
			defer wg.Done()
			models[w], lat[w], logged[w], errs[w] = annotator(ctx, handles[w], fmt.Sprintf("annotator%02d", w), docs, o.Actions, rand.New(rand.NewSource(o.Seed+int64(w))))
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	for _, err := range errs {
		if err != nil {
			return res, err
		}
	}
	var all []time.Duration
	for w := range lat {
		all = append(all, lat[w]...)
		res.Logged += logged[w]
	}
	slices.Sort(all)
	res.Actions = len(all)
	res.P50, res.P99 = all[len(all)/2], all[len(all)*99/100]
	res.PerSecond = float64(res.Actions) / res.Elapsed.Seconds()

	// Nothing lost, nothing doubled: every layer as its model says, and
	// the log grown by exactly the logged actions.
	after, err := setup.Stats(ctx)
	if err != nil {
		return res, err
	}
	if got := after.Actions - before.Actions; got != res.Logged {
		return res, fmt.Errorf("the action log grew by %d rows, want %d (lost or doubled actions)", got, res.Logged)
	}
	for w := range o.Annotators {
		name := fmt.Sprintf("annotator%02d", w)
		for _, doc := range docs {
			if err := same(ctx, setup, doc, name, models[w][doc]); err != nil {
				return res, err
			}
		}
	}
	// Undo to the start and redo to the end on every layer, the
	// annotators at once again.
	for w := range o.Annotators {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[w] = walk(ctx, handles[w], fmt.Sprintf("annotator%02d", w), docs, models[w])
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return res, err
		}
	}
	return res, nil
}

// annotator makes n random actions as name and returns its model, the
// latency of each action and how many log rows they added.
func annotator(ctx context.Context, st annotate.Project, name string, docs []string, n int, rng *rand.Rand) (map[string]*layer, []time.Duration, int, error) {
	r := project.Reviewer{St: st, Annotator: name}
	model := map[string]*layer{}
	for _, d := range docs {
		model[d] = &layer{spans: map[int64]annotate.Span{}}
	}
	lat := make([]time.Duration, 0, n)
	logged := 0
	for i := range n {
		doc := docs[rng.Intn(len(docs))]
		l := model[doc]
		t := time.Now()
		var err error
		switch k := rng.Intn(10); {
		case k < 6 || len(l.spans) == 0 && k < 8:
			var s annotate.Span
			s, err = r.AddSpan(ctx, doc, l.next, l.next+1, "PER")
			if err == nil {
				l.next++
				l.spans[s.ID] = s
				l.undo, l.redo = append(l.undo, step{add: true, span: s}), nil
				logged++
			}
		case k < 8:
			ids := make([]int64, 0, len(l.spans))
			for id := range l.spans {
				ids = append(ids, id)
			}
			sort.Slice(ids, func(a, b int) bool { return ids[a] < ids[b] })
			s := l.spans[ids[rng.Intn(len(ids))]]
			if err = r.DeleteSpan(ctx, s); err == nil {
				delete(l.spans, s.ID)
				l.undo, l.redo = append(l.undo, step{span: s}), nil
				logged++
			}
		case k < 9:
			_, err = r.Undo(ctx, doc)
			if len(l.undo) == 0 {
				if annotate.ErrorCode(err) != annotate.ENOTHING {
					return nil, nil, 0, fmt.Errorf("%s: undo with nothing to undo on %s: %v", name, doc, err)
				}
				err = nil
			} else if err == nil {
				s := l.undo[len(l.undo)-1]
				l.undo = l.undo[:len(l.undo)-1]
				l.redo = append(l.redo, s)
				apply(l, s, false)
			}
		default:
			_, err = r.Redo(ctx, doc)
			if len(l.redo) == 0 {
				if annotate.ErrorCode(err) != annotate.ENOTHING {
					return nil, nil, 0, fmt.Errorf("%s: redo with nothing to redo on %s: %v", name, doc, err)
				}
				err = nil
			} else if err == nil {
				s := l.redo[len(l.redo)-1]
				l.redo = l.redo[:len(l.redo)-1]
				l.undo = append(l.undo, s)
				apply(l, s, true)
			}
		}
		if err != nil {
			return nil, nil, 0, fmt.Errorf("%s, action %d on %s: %w", name, i+1, doc, err)
		}
		lat = append(lat, time.Since(t))
	}
	return model, lat, logged, nil
}

// apply plays a step forwards (redo) or backwards (undo) on the model.
func apply(l *layer, s step, forward bool) {
	if s.add == forward {
		l.spans[s.span.ID] = s.span
	} else {
		delete(l.spans, s.span.ID)
	}
}

// same checks that the store holds the model's spans of one layer.
func same(ctx context.Context, st annotate.Store, doc, name string, l *layer) error {
	got, err := st.Spans(ctx, doc, name)
	if err != nil {
		return err
	}
	var want []string
	for _, s := range l.spans {
		want = append(want, fmt.Sprintf("%d:%d-%d", s.ID, s.Start, s.End))
	}
	var have []string
	for _, s := range got {
		have = append(have, fmt.Sprintf("%d:%d-%d", s.ID, s.Start, s.End))
	}
	slices.Sort(want)
	slices.Sort(have)
	if !slices.Equal(want, have) {
		return fmt.Errorf("%s's spans on %s: the store has %d, the model %d: %v, want %v", name, doc, len(have), len(want), have, want)
	}
	return nil
}

// walk undoes every action of name's layers back to the start (checking
// the spans are gone), then redoes them all (checking the spans are back).
func walk(ctx context.Context, st annotate.Project, name string, docs []string, model map[string]*layer) error {
	r := project.Reviewer{St: st, Annotator: name}
	for _, doc := range docs {
		l := model[doc]
		final := &layer{spans: map[int64]annotate.Span{}}
		for id, s := range l.spans {
			final.spans[id] = s
		}
		undone := 0
		for {
			_, err := r.Undo(ctx, doc)
			if annotate.ErrorCode(err) == annotate.ENOTHING {
				break
			} else if err != nil {
				return fmt.Errorf("%s: undo %d on %s: %w", name, undone+1, doc, err)
			}
			undone++
		}
		if undone != len(l.undo) {
			return fmt.Errorf("%s on %s: undid %d actions, want %d", name, doc, undone, len(l.undo))
		}
		if err := same(ctx, st, doc, name, &layer{spans: map[int64]annotate.Span{}}); err != nil {
			return fmt.Errorf("after undoing everything: %w", err)
		}
		for i := 0; i < undone+len(l.redo); i++ {
			if _, err := r.Redo(ctx, doc); err != nil {
				return fmt.Errorf("%s: redo %d on %s: %w", name, i+1, doc, err)
			}
			if i+1 == undone {
				if err := same(ctx, st, doc, name, final); err != nil {
					return fmt.Errorf("after redoing back to the end: %w", err)
				}
			}
		}
		if _, err := r.Redo(ctx, doc); annotate.ErrorCode(err) != annotate.ENOTHING {
			return fmt.Errorf("%s on %s: a redo past the end: %v, want nothing to redo", name, doc, err)
		}
	}
	return nil
}
