package format

import (
	"bufio"
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"

	"goldspan/annotate"
)

// SniffSize is how much of a file Pick reads ahead to tell the JSON formats
// apart: enough for a first record with a long text, so a doccano or
// spaCy file is not mistaken for Goldspan JSONL.
const SniffSize = 64 << 10

// Pick resolves a format choice for the file at path: "auto" sniffs the
// first SniffSize bytes of br (which must buffer at least that much) and
// the extension; lines turns auto or text into lines.
func Pick(name, path string, lines bool, br *bufio.Reader) (Format, error) {
	if lines && (name == "auto" || name == "text") {
		name = "lines"
	}
	if name != "auto" {
		return Lookup(name)
	}
	head, _ := br.Peek(SniffSize)
	if path == "-" || path == "" {
		path = "stdin.jsonl"
	}
	return Detect(filepath.Base(path), head)
}

// WithSuggestions returns a decoder that gives every record without
// suggestions the suggestions of sug for its text, in the given labels.
// It suggests for up to workers records at once (sug must be safe for
// concurrent use; workers < 1 means GOMAXPROCS), reading ahead at most
// twice as many records, and gives them back in the order dec gave them,
// an error in its place. stop ends the reading ahead and waits for it:
// call it before closing what dec reads (after it, dec is not touched).
func WithSuggestions(ctx context.Context, dec Decoder, sug annotate.Suggester, labels []annotate.Label, workers int) (d Decoder, stop func()) {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	p := &suggestingDecoder{dec: dec, order: make(chan chan suggested, 2*workers), cancel: cancel}
	work := make(chan suggestJob)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				sugs, err := sug.Suggest(ctx, j.rec.Doc.Text, labels)
				if err != nil {
					err = fmt.Errorf("suggestions for %s: %w", j.rec.Doc.ID, err)
				} else if sugs == nil {
					sugs = []annotate.Suggestion{}
				}
				j.rec.Suggestions = sugs
				j.out <- suggested{j.rec, err}
			}
		}()
	}
	p.done = make(chan struct{})
	go func() {
		defer close(p.done)
		defer wg.Wait()
		defer close(work)
		defer close(p.order)
		for {
			r, err := dec.Next()
			out := make(chan suggested, 1)
			select {
			case p.order <- out:
			case <-ctx.Done():
				return
			}
			if err != nil || r.Suggestions != nil {
				out <- suggested{r, err}
				if err != nil {
					return // io.EOF or a final error: nothing follows
				}
				continue
			}
			select {
			case work <- suggestJob{r, out}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return p, p.stop
}

type suggestJob struct {
	rec annotate.Record
	out chan suggested
}

type suggested struct {
	rec annotate.Record
	err error
}

type suggestingDecoder struct {
	dec    Decoder
	order  chan chan suggested // the records in dec's order, each once suggested
	cancel context.CancelFunc
	done   chan struct{}
	last   error // the final error (io.EOF included), given again
}

// Next implements Decoder.
func (d *suggestingDecoder) Next() (annotate.Record, error) {
	if d.last != nil {
		return annotate.Record{}, d.last
	}
	out, ok := <-d.order
	if !ok {
		d.last = context.Canceled
		return annotate.Record{}, d.last
	}
	s := <-out
	if s.err != nil {
		d.last = s.err
		d.stop()
	}
	return s.rec, s.err
}

// stop ends the reading ahead and waits until dec is no longer read.
func (d *suggestingDecoder) stop() {
	d.cancel()
	<-d.done
}

// Losses implements Lossy when the wrapped decoder does.
func (d *suggestingDecoder) Losses() []Loss {
	if l, ok := d.dec.(Lossy); ok {
		return l.Losses()
	}
	return nil
}
