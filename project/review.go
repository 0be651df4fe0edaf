package project

import (
	"context"

	"goldspan/annotate"
)

// Reviewer is one annotator's actions on a project, made as the review
// desk makes them: each is one store call (one committed transaction),
// and once it has committed the project's learner, if any, is told. The
// desk's span editor, its adjudication view and `goldspan replay` all act
// through a Reviewer, so the crash trials and the scripted sessions test
// the path a reviewer takes.
type Reviewer struct {
	St        annotate.Store
	Annotator string
	// Suggester makes the suggestions of a document opened to do (the
	// desk's learner, or the policy); nil opens documents without new
	// suggestions. When it is an annotate.Learner it hears of every
	// saved action.
	Suggester annotate.Suggester
	// Echo suggests a span the reviewer confirms again at the other
	// occurrences of its text in the document at once (Echoes), on a
	// project no other annotator works on. The desk sets it.
	Echo bool
}

// changed tells the learner, if there is one, that docID changed.
func (r Reviewer) changed(docID string, err error) {
	if err != nil {
		return
	}
	if l, ok := r.Suggester.(annotate.Learner); ok {
		l.Changed(docID, r.Annotator)
	}
}

// AddSpan adds a span by hand.
func (r Reviewer) AddSpan(ctx context.Context, docID string, start, end int, label string) (annotate.Span, error) {
	s, err := r.St.AddSpan(ctx, annotate.Span{DocID: docID, Start: start, End: end, Label: label, Origin: annotate.OriginManual, Annotator: r.Annotator})
	r.changed(docID, err)
	if err == nil {
		r.echo(ctx, s)
	}
	return s, err
}

// UpdateSpan relabels or resizes the reviewer's span.
func (r Reviewer) UpdateSpan(ctx context.Context, s annotate.Span, start, end int, label string) (annotate.Span, error) {
	out, err := r.St.UpdateSpan(ctx, r.Annotator, s.ID, start, end, label)
	r.changed(s.DocID, err)
	if err == nil {
		r.echo(ctx, out)
	}
	return out, err
}

// DeleteSpan removes the reviewer's span.
func (r Reviewer) DeleteSpan(ctx context.Context, s annotate.Span) error {
	err := r.St.DeleteSpan(ctx, r.Annotator, s.ID)
	r.changed(s.DocID, err)
	return err
}

// Accept turns a suggestion into the reviewer's span, relabelled when
// label is not empty.
func (r Reviewer) Accept(ctx context.Context, s annotate.Suggestion, label string) (annotate.Span, error) {
	out, err := r.St.AcceptSuggestion(ctx, r.Annotator, s.ID, label)
	r.changed(s.DocID, err)
	if err == nil {
		r.echo(ctx, out)
	}
	return out, err
}

// Reject records that the reviewer rejected a suggestion.
func (r Reviewer) Reject(ctx context.Context, s annotate.Suggestion) error {
	err := r.St.RejectSuggestion(ctx, r.Annotator, s.ID)
	r.changed(s.DocID, err)
	return err
}

// Undo reverses the reviewer's latest action on the document.
func (r Reviewer) Undo(ctx context.Context, docID string) (annotate.Action, error) {
	a, err := r.St.Undo(ctx, docID, r.Annotator)
	r.changed(docID, err)
	return a, err
}

// Redo re-applies the reviewer's most recently undone action.
func (r Reviewer) Redo(ctx context.Context, docID string) (annotate.Action, error) {
	a, err := r.St.Redo(ctx, docID, r.Annotator)
	r.changed(docID, err)
	return a, err
}

// SetStatus sets the reviewer's status on the document. Done goes
// through the done gate: see MarkDone.
func (r Reviewer) SetStatus(ctx context.Context, docID string, st annotate.Status) error {
	if st == annotate.StatusDone {
		return r.MarkDone(ctx, docID, KeepUndecided)
	}
	err := r.St.SetStatus(ctx, docID, r.Annotator, st)
	r.changed(docID, err)
	return err
}

// Settle says what marking a document done does with the suggestions the
// reviewer has not decided on yet.
type Settle int

// The ways to settle undecided suggestions when marking a document done.
const (
	// KeepUndecided refuses to mark the document done while any
	// suggestion is undecided: an undecided suggestion is never gold,
	// never training data, never a negative in a score.
	KeepUndecided Settle = iota
	// RejectRest rejects every undecided suggestion first, one action each.
	RejectRest
	// AcceptRest accepts every undecided suggestion first, one action each.
	AcceptRest
)

// MarkDone marks the document done for the reviewer once every suggestion
// in it is decided: with KeepUndecided it refuses (ECONFLICT, saying how
// many are undecided) while any is not; RejectRest and AcceptRest decide
// them first, one action each. The gold layer has no gate: it is settled
// from the annotators' layers, where each suggestion was decided.
func (r Reviewer) MarkDone(ctx context.Context, docID string, settle Settle) error {
	r.Echo = false // deciding the rest must not suggest more
	var undecided []annotate.Suggestion
	if r.Annotator != annotate.GoldAnnotator {
		var err error
		if undecided, err = r.St.Suggestions(ctx, docID, r.Annotator); err != nil {
			return err
		}
	}
	switch {
	case len(undecided) == 0:
	case settle == RejectRest:
		for _, s := range undecided {
			if err := r.Reject(ctx, s); err != nil {
				return err
			}
		}
	case settle == AcceptRest:
		for _, s := range undecided {
			if _, err := r.Accept(ctx, s, ""); err != nil {
				return err
			}
		}
	default:
		pronoun := "them"
		if len(undecided) == 1 {
			pronoun = "it"
		}
		return annotate.Errorf(annotate.ECONFLICT, "document %s has %s undecided: accept or reject %s before marking it done",
			docID, annotate.Plural(len(undecided), "suggestion"), pronoun)
	}
	err := r.St.SetStatus(ctx, docID, r.Annotator, annotate.StatusDone)
	r.changed(docID, err)
	return err
}

// Suggest computes the suggestions for a document opened to do, with the
// reviewer's suggester (nil, nil without one). It is slow (the desk runs
// it off the UI goroutine) and stores nothing: see StoreSuggestions.
func (r Reviewer) Suggest(ctx context.Context, doc annotate.Document, labels []annotate.Label) ([]annotate.Suggestion, error) {
	if r.Suggester == nil {
		return nil, nil
	}
	sugs, err := r.Suggester.Suggest(ctx, doc.Text, labels)
	if sugs == nil && err == nil {
		sugs = []annotate.Suggestion{}
	}
	return sugs, err
}

// StoreSuggestions stores fresh suggestions for a document that the
// reviewer has still to do; it stores nothing and reports false once the
// reviewer has started on it (acted, or marked it), so nothing shifts
// under a reviewer who has begun.
func (r Reviewer) StoreSuggestions(ctx context.Context, docID string, sugs []annotate.Suggestion) (bool, error) {
	now, err := r.St.Status(ctx, docID, r.Annotator)
	if err != nil || now != annotate.StatusTodo {
		return false, err
	}
	return true, r.St.SetSuggestions(ctx, docID, sugs)
}

// Open does what the desk does when it shows a document: a document the
// reviewer has still to do gets fresh suggestions (with the project's
// lexicon and model as they are now); one in progress or done keeps
// its own.
func (r Reviewer) Open(ctx context.Context, docID string) (annotate.Document, error) {
	doc, err := r.St.Document(ctx, docID)
	if err != nil || r.Suggester == nil {
		return doc, err
	}
	if now, err := r.St.Status(ctx, docID, r.Annotator); err != nil || now != annotate.StatusTodo {
		return doc, err
	}
	labels, err := r.St.Labels(ctx)
	if err != nil {
		return doc, err
	}
	sugs, err := r.Suggest(ctx, doc, labels)
	if err != nil {
		return doc, err
	}
	_, err = r.StoreSuggestions(ctx, docID, sugs)
	return doc, err
}

// UndecidedDone returns the documents the annotator has marked done while
// suggestions in them were undecided (before the done gate, or imported
// so): those suggestions are not gold, and the documents need another look.
func UndecidedDone(ctx context.Context, st annotate.Store, annotator string) ([]annotate.DocumentSummary, error) {
	const page = 1000
	var out []annotate.DocumentSummary
	for off := 0; ; off += page {
		docs, err := st.Documents(ctx, annotate.DocumentFilter{Annotator: annotator, Status: annotate.StatusDone, Offset: off, Limit: page})
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			if d.Undecided > 0 {
				out = append(out, d)
			}
		}
		if len(docs) < page {
			return out, nil
		}
	}
}
