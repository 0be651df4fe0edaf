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
		usage: "--db FILE < actions.jsonl",
		short: "apply a script of reviewer actions through the GUI's code path, acknowledging each commit",
		run:   runReplay,
	})
}

// Op is one scripted reviewer action. Spans and suggestions are named by
// their offsets and label, as a reviewer sees them.
type Op struct {
	Op        string `json:"op"` // add, relabel, resize, delete, accept, reject, undo, redo, done
	Doc       string `json:"doc"`
	Annotator string `json:"annotator"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Label     string `json:"label"`
	To        string `json:"to,omitempty"`       // relabel: the new label
	ToStart   int    `json:"to_start,omitempty"` // resize
	ToEnd     int    `json:"to_end,omitempty"`
}

// Apply performs the action on st: exactly the Store calls the GUI makes.
func (o Op) Apply(ctx context.Context, st annotate.Store) error {
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
	}
	return annotate.Errorf(annotate.EINVALID, "unknown op %q", o.Op)
}

// Replay applies each line of r as an Op and calls ack after each one with
// its number (from 1) and its error, once the action has committed (or
// failed, changing nothing). A malformed line stops the replay.
func Replay(ctx context.Context, st annotate.Store, r io.Reader, ack func(n int, err error)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		var o Op
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			return annotate.Errorf(annotate.EINVALID, "action line %d: invalid JSON: %v", n, err)
		}
		ack(n, o.Apply(ctx, st))
	}
	return sc.Err()
}

func runReplay(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	db := fs.String("db", "", "project file")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	st, err := openExisting(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	// Each acknowledgement is written straight to stdout, unbuffered: a
	// line there means the action had committed.
	return Replay(ctx, st, env.Stdin, func(n int, err error) {
		fmt.Fprintf(env.Stdout, "%d %s\n", n, orOK(annotate.ErrorCode(err)))
	})
}

func orOK(code string) string {
	if code == "" {
		return "ok"
	}
	return code
}
