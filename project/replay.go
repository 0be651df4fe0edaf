package project

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"

	"goldspan/annotate"
	"goldspan/annotate/format"
)

// Op is one scripted reviewer action. Spans and suggestions are named by
// their offsets and label, as a reviewer sees them.
type Op struct {
	// add, relabel, resize, delete, accept, reject, undo, redo, done;
	// open (the desk opening a document to do: suggest and store the
	// suggestions); review (settle the document on Spans as a reviewer
	// would: accept the suggestions among them, reject the others, add
	// the missing ones)
	Op        string `json:"op"`
	Doc       string `json:"doc"`
	Annotator string `json:"annotator"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Label     string `json:"label"`
	To        string `json:"to,omitempty"`       // relabel: the new label
	ToStart   int    `json:"to_start,omitempty"` // resize
	ToEnd     int    `json:"to_end,omitempty"`
	Spans     []struct {
		Start int    `json:"start"`
		End   int    `json:"end"`
		Label string `json:"label"`
	} `json:"spans,omitempty"` // review
}

// Apply performs the action as the reviewer r: the calls the desk makes
// for it, with the desk's checks. open needs r.Suggester.
func (o Op) Apply(ctx context.Context, r Reviewer) error {
	st := r.St
	if o.Annotator == "" {
		return annotate.Errorf(annotate.EINVALID, "the action names no annotator")
	}
	r.Annotator = o.Annotator
	findSpan := func() (annotate.Span, error) {
		spans, err := st.Spans(ctx, o.Doc, o.Annotator)
		if err != nil {
			return annotate.Span{}, err
		}
		for _, s := range spans {
			if s.Start == o.Start && s.End == o.End && s.Label == o.Label {
				return s, nil
			}
		}
		return annotate.Span{}, annotate.Errorf(annotate.ENOTFOUND, "%s has no %s span at [%d,%d)", o.Annotator, o.Label, o.Start, o.End)
	}
	findSuggestion := func() (annotate.Suggestion, error) {
		sugs, err := st.Suggestions(ctx, o.Doc, o.Annotator)
		if err != nil {
			return annotate.Suggestion{}, err
		}
		for _, s := range sugs {
			if s.Start == o.Start && s.End == o.End && s.Label == o.Label {
				return s, nil
			}
		}
		return annotate.Suggestion{}, annotate.Errorf(annotate.ENOTFOUND, "no pending %s suggestion at [%d,%d)", o.Label, o.Start, o.End)
	}
	switch o.Op {
	case "add":
		_, err := r.AddSpan(ctx, o.Doc, o.Start, o.End, o.Label)
		return err
	case "relabel", "resize", "delete":
		s, err := findSpan()
		if err != nil {
			return err
		}
		switch o.Op {
		case "relabel":
			_, err = r.UpdateSpan(ctx, s, s.Start, s.End, o.To)
		case "resize":
			_, err = r.UpdateSpan(ctx, s, o.ToStart, o.ToEnd, s.Label)
		default:
			err = r.DeleteSpan(ctx, s)
		}
		return err
	case "accept", "reject":
		s, err := findSuggestion()
		if err != nil {
			return err
		}
		if o.Op == "accept" {
			_, err = r.Accept(ctx, s, "")
			return err
		}
		return r.Reject(ctx, s)
	case "undo":
		_, err := r.Undo(ctx, o.Doc)
		return err
	case "redo":
		_, err := r.Redo(ctx, o.Doc)
		return err
	case "done":
		return r.SetStatus(ctx, o.Doc, annotate.StatusDone)
	case "open":
		if r.Suggester == nil {
			return annotate.Errorf(annotate.EINVALID, "open needs a suggester")
		}
		_, err := r.Open(ctx, o.Doc)
		return err
	case "review":
		return o.review(ctx, r)
	}
	return annotate.Errorf(annotate.EINVALID, "unknown op %q", o.Op)
}

// review settles the document on o.Spans, one reviewer action at a time.
func (o Op) review(ctx context.Context, r Reviewer) error {
	st := r.St
	want := map[[3]string]bool{}
	for _, s := range o.Spans {
		want[spanKey(s.Start, s.End, s.Label)] = true
	}
	have, err := st.Spans(ctx, o.Doc, o.Annotator)
	if err != nil {
		return err
	}
	for _, s := range have {
		k := spanKey(s.Start, s.End, s.Label)
		if !want[k] {
			if err := r.DeleteSpan(ctx, s); err != nil {
				return err
			}
		}
		delete(want, k)
	}
	pending, err := st.Suggestions(ctx, o.Doc, o.Annotator)
	if err != nil {
		return err
	}
	for _, s := range pending {
		k := spanKey(s.Start, s.End, s.Label)
		if want[k] {
			_, err = r.Accept(ctx, s, "")
			delete(want, k)
		} else {
			err = r.Reject(ctx, s)
		}
		if err != nil {
			return err
		}
	}
	for _, s := range o.Spans {
		if want[spanKey(s.Start, s.End, s.Label)] {
			if _, err := r.AddSpan(ctx, o.Doc, s.Start, s.End, s.Label); err != nil {
				return err
			}
		}
	}
	return nil
}

// Replay applies each line of rd as an Op, acting as r (each line names
// its annotator), and calls ack after each one with its number (from 1)
// and its error, once the action has committed (or failed, changing
// nothing). When r.Suggester is a Learner, it has learned from each
// action before the next (a reviewer is slower than the learner). A
// malformed line, or one longer than 1 MiB, stops the replay with an
// error naming its number.
func Replay(ctx context.Context, r Reviewer, rd io.Reader, ack func(n int, err error)) error {
	l, _ := r.Suggester.(*Learner)
	sc := bufio.NewScanner(rd)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	n := 0
	for sc.Scan() {
		n++
		var o Op
		// Exact keys, each once, no unknown ones (a misspelt "Op" must not
		// stand in for "op"), no lone surrogates, whole numbers.
		if err := format.StrictUnmarshal(sc.Bytes(), &o); err != nil {
			return annotate.Errorf(annotate.EINVALID, "action line %d: %v", n, err)
		}
		if o.Doc != "" {
			if err := annotate.ValidateName("document id", o.Doc); err != nil {
				return fmt.Errorf("action line %d: %w", n, err)
			}
		}
		if o.Annotator != "" {
			if err := annotate.ValidateAnnotator(o.Annotator); err != nil {
				return fmt.Errorf("action line %d: %w", n, err)
			}
		}
		err := o.Apply(ctx, r)
		if l != nil && err == nil && o.Op != "open" {
			if err := l.Wait(ctx); err != nil {
				return err
			}
		}
		ack(n, err)
	}
	if err := sc.Err(); errors.Is(err, bufio.ErrTooLong) {
		return annotate.Errorf(annotate.EINVALID, "action line %d is longer than %d bytes", n+1, maxLine)
	} else if err != nil {
		return err
	}
	return nil
}

// maxLine is the longest action line Replay reads.
const maxLine = 1 << 20
