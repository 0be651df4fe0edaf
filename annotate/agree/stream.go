package agree

import (
	"context"
	"maps"
	"slices"
	"sync"

	"goldspan/annotate"
)

// ComputeStore measures agreement as Compute(FromStore(st), opt) does, but
// reads the project one document at a time: only the documents being
// compared are in memory (a few per worker), whatever the project's size,
// besides the disagreements the report lists. Without opt.Annotators it
// compares every annotator with a layer but gold; without opt.Labels the
// labels the compared annotators used, as Compute.
func ComputeStore(ctx context.Context, st annotate.Store, opt Options) (*Report, error) {
	known, err := st.Annotators(ctx)
	if err != nil {
		return nil, err
	}
	names, err := annotatorsOf(known, opt.Annotators)
	if err != nil {
		return nil, err
	}
	var labels []string
	if opt.Labels != nil {
		if labels, err = labelList(nil, nil, opt.Labels); err != nil {
			return nil, err
		}
	} else {
		// Every label of the project; those nobody compared used are
		// dropped from the report at the end (an unused category changes
		// no count).
		ls, err := st.Labels(ctx)
		if err != nil {
			return nil, err
		}
		for _, l := range ls {
			labels = append(labels, l.Name)
		}
		slices.Sort(labels)
	}
	c, err := newComputation(names, labels, opt)
	if err != nil {
		return nil, err
	}

	workers := defaultWorkers(opt.Workers)
	type item struct {
		i int
		d *Doc
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		work     = make(chan item, 2*workers)
		mu       sync.Mutex
		out      = map[int][]Disagreement{} // kept: all, or the first MaxDisagreements' documents
		total    int                        // every disagreement
		kinds    = map[string]int{KindMissing: 0, KindLabel: 0, KindBoundary: 0}
		firstErr error
		wg       sync.WaitGroup
		accs     = make([]*accum, workers)
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
		cancel()
	}
	// keep counts document i's disagreements and keeps them while they may
	// be among the first MaxDisagreements in document order: a document
	// past those the kept documents before it already fill is dropped.
	keep := func(i int, ds []Disagreement) {
		total += len(ds)
		for _, d := range ds {
			for _, k := range d.Kinds {
				kinds[k]++
			}
		}
		out[i] = ds
		if opt.MaxDisagreements <= 0 {
			return
		}
		n := 0
		for _, j := range slices.Sorted(maps.Keys(out)) {
			if n >= opt.MaxDisagreements {
				delete(out, j)
			} else {
				n += len(out[j])
			}
		}
	}
	for w := range workers {
		accs[w] = c.newAccum()
		wg.Add(1)
		go func(acc *accum) {
			defer wg.Done()
			wk := newWorker(c, acc)
			for it := range work {
				ds, err := wk.add(it.d)
				if err != nil {
					fail(err)
					continue // drain, so the reader is never stuck
				}
				if len(ds) > 0 {
					mu.Lock()
					keep(it.i, ds)
					mu.Unlock()
				}
			}
		}(accs[w])
	}

	skipped := 0
	var cur *Doc
	seen := map[string]bool{}
	flush := func() error {
		if cur == nil {
			return nil
		}
		d := cur
		cur = nil
		if !finished(d, names, opt.IncludeInProgress) {
			skipped++
			return nil
		}
		select {
		case work <- item{c.compared, d}:
			c.compared++
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	err = st.Export(ctx, annotate.ExportFilter{All: true, Suggestions: true}, func(r annotate.Record) error {
		if r.Annotator == "" {
			return nil
		}
		if cur == nil || cur.ID != r.Doc.ID {
			if err := flush(); err != nil {
				return err
			}
			if seen[r.Doc.ID] {
				return annotate.Errorf(annotate.EINTERNAL, "agreement: the layers of document %q did not come together", r.Doc.ID)
			}
			seen[r.Doc.ID] = true
			cur = &Doc{ID: r.Doc.ID, Text: r.Doc.Text, Suggestions: r.Suggestions, Layers: map[string]Layer{}}
		}
		cur.Layers[r.Annotator] = Layer{Status: r.Status, Spans: r.Spans, Rejected: r.Rejected}
		return nil
	})
	if err == nil {
		err = flush()
	}
	close(work)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err != nil {
		return nil, err
	}
	sum := sumAccums(accs)
	c.out = make([][]Disagreement, c.compared)
	for i, ds := range out {
		c.out[i] = ds
	}
	r := c.report(sum)
	r.Skipped = skipped
	r.DisagreementCount, r.DisagreementKinds = total, kinds
	if opt.Labels == nil {
		dropUnused(r)
	}
	return r, nil
}

// annotatorsOf returns the annotators to compare out of those known to
// have a layer, as annotators does for an Input.
func annotatorsOf(known, given []string) ([]string, error) {
	in := Input{Docs: []Doc{{Layers: map[string]Layer{}}}}
	for _, a := range known {
		in.Docs[0].Layers[a] = Layer{}
	}
	return annotators(in, given)
}

// dropUnused removes from r the labels no compared annotator used on a
// compared document, as Compute leaves them out.
func dropUnused(r *Report) {
	var keep []string
	for _, l := range r.Labels {
		used := false
		for _, n := range r.PerLabel[l].Spans {
			used = used || n > 0
		}
		if used {
			keep = append(keep, l)
			continue
		}
		delete(r.PerLabel, l)
		for i := range r.Pairs {
			delete(r.Pairs[i].PerLabel, l)
			delete(r.Pairs[i].Confusion, l)
		}
	}
	if keep == nil {
		keep = []string{}
	}
	r.Labels = keep
}
