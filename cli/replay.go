package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"goldspan/annotate"
)

func init() {
	register(command{
		name:  "replay",
		usage: "--db FILE [--learn] < actions.jsonl",
		short: "apply a script of reviewer actions through the GUI's code path, acknowledging each commit",
		run:   runReplay,
	})
}

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

// Apply performs the action on st: exactly the Store calls the GUI makes.
// sug is the desk's suggester, for open; nil refuses open.
func (o Op) Apply(ctx context.Context, st annotate.Store, sug annotate.Suggester) error {
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
	findSuggestion := func() (int64, error) {
		sugs, err := st.Suggestions(ctx, o.Doc, o.Annotator)
		if err != nil {
			return 0, err
		}
		for _, s := range sugs {
			if s.Start == o.Start && s.End == o.End && s.Label == o.Label {
				return s.ID, nil
			}
		}
		return 0, annotate.Errorf(annotate.ENOTFOUND, "no pending %s suggestion at [%d,%d)", o.Label, o.Start, o.End)
	}
	switch o.Op {
	case "add":
		_, err := st.AddSpan(ctx, annotate.Span{DocID: o.Doc, Start: o.Start, End: o.End, Label: o.Label, Annotator: o.Annotator})
		return err
	case "relabel", "resize", "delete":
		s, err := findSpan()
		if err != nil {
			return err
		}
		switch o.Op {
		case "relabel":
			_, err = st.UpdateSpan(ctx, o.Annotator, s.ID, s.Start, s.End, o.To)
		case "resize":
			_, err = st.UpdateSpan(ctx, o.Annotator, s.ID, o.ToStart, o.ToEnd, s.Label)
		default:
			err = st.DeleteSpan(ctx, o.Annotator, s.ID)
		}
		return err
	case "accept", "reject":
		id, err := findSuggestion()
		if err != nil {
			return err
		}
		if o.Op == "accept" {
			_, err = st.AcceptSuggestion(ctx, o.Annotator, id, "")
			return err
		}
		return st.RejectSuggestion(ctx, o.Annotator, id)
	case "undo":
		_, err := st.Undo(ctx, o.Doc, o.Annotator)
		return err
	case "redo":
		_, err := st.Redo(ctx, o.Doc, o.Annotator)
		return err
	case "done":
		return st.SetStatus(ctx, o.Doc, o.Annotator, annotate.StatusDone)
	case "open":
		if sug == nil {
			return annotate.Errorf(annotate.EINVALID, "open needs suggestions: replay --learn")
		}
		doc, err := st.Document(ctx, o.Doc)
		if err != nil {
			return err
		}
		labels, err := st.Labels(ctx)
		if err != nil {
			return err
		}
		sugs, err := sug.Suggest(ctx, doc.Text, labels)
		if err != nil {
			return err
		}
		return st.SetSuggestions(ctx, o.Doc, sugs)
	case "review":
		return o.review(ctx, st)
	}
	return annotate.Errorf(annotate.EINVALID, "unknown op %q", o.Op)
}

// review settles the document on o.Spans, one reviewer action at a time.
func (o Op) review(ctx context.Context, st annotate.Store) error {
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
			if err := st.DeleteSpan(ctx, o.Annotator, s.ID); err != nil {
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
			_, err = st.AcceptSuggestion(ctx, o.Annotator, s.ID, "")
			delete(want, k)
		} else {
			err = st.RejectSuggestion(ctx, o.Annotator, s.ID)
		}
		if err != nil {
			return err
		}
	}
	for _, s := range o.Spans {
		if want[spanKey(s.Start, s.End, s.Label)] {
			if _, err := st.AddSpan(ctx, annotate.Span{DocID: o.Doc, Start: s.Start, End: s.End, Label: s.Label, Annotator: o.Annotator}); err != nil {
				return err
			}
		}
	}
	return nil
}

// Replay applies each line of r as an Op and calls ack after each one with
// its number (from 1) and its error, once the action has committed (or
// failed, changing nothing). A malformed line stops the replay.
func Replay(ctx context.Context, st annotate.Store, r io.Reader, ack func(n int, err error)) error {
	return replay(ctx, st, nil, r, ack)
}

// replay is Replay with the desk's learner, if l is not nil: open
// suggests with it, and it hears of every action.
func replay(ctx context.Context, st annotate.Store, l *Learner, r io.Reader, ack func(n int, err error)) error {
	var sug annotate.Suggester
	if l != nil {
		sug = l
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		var o Op
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			return annotate.Errorf(annotate.EINVALID, "action line %d: invalid JSON: %v", n, err)
		}
		err := o.Apply(ctx, st, sug)
		if l != nil && err == nil && o.Op != "open" {
			// A reviewer is slower than the learner: it has learned
			// from each action before the next.
			l.Changed(o.Doc, o.Annotator)
			if err := l.Wait(ctx); err != nil {
				return err
			}
		}
		ack(n, err)
	}
	return sc.Err()
}

func runReplay(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	db := fs.String("db", "", "project file")
	learn := fs.Bool("learn", false, "suggest and learn as the desk does: the project's suggestion model learns from the actions")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openExisting(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	var l *Learner
	if *learn {
		if err := Engine.Load(ctx); err != nil {
			return err
		}
		if l, err = NewLearner(ctx, st); err != nil {
			return err
		}
		defer l.Close()
	}
	// Each acknowledgement is written straight to stdout, unbuffered: a
	// line there means the action had committed.
	err = replay(ctx, st, l, env.Stdin, func(n int, err error) {
		fmt.Fprintf(env.Stdout, "%d %s\n", n, orOK(annotate.ErrorCode(err)))
	})
	if err != nil || l == nil {
		return err
	}
	if err := l.Wait(ctx); err != nil {
		return err
	}
	if err := l.WaitTrained(ctx); err != nil {
		return err
	}
	if err := l.Close(); err != nil {
		return err
	}
	fmt.Fprintln(env.Stderr, l.Status())
	return nil
}

func orOK(code string) string {
	if code == "" {
		return "ok"
	}
	return code
}
