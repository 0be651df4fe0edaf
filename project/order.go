package project

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"goldspan/annotate"
)

// Order is how a reviewer's to-do queue is ordered: which document comes
// next once one is done. It is a piece of its own so that assignments can
// filter the same queue.
type Order string

// The orders of the to-do queue.
const (
	// OrderImport is import order (the default).
	OrderImport Order = "import"
	// OrderUncertainty puts first the documents on which the suggestion
	// model is least sure of the most characters (tagger Uncertainty: one
	// minus each character's best tag marginal, summed): reviewing them
	// teaches it most (active learning, least-confidence sampling).
	OrderUncertainty Order = "uncertainty"
	// OrderUndecided puts first the documents with the most suggestions
	// the reviewer has not decided on.
	OrderUndecided Order = "undecided"
)

// Orders lists the orders, the default first.
var Orders = []Order{OrderImport, OrderUncertainty, OrderUndecided}

// String names the order for a menu.
func (o Order) String() string {
	switch o {
	case OrderUncertainty:
		return "The model's uncertainty, most uncertain first"
	case OrderUndecided:
		return "Undecided suggestions, most first"
	}
	return "Import order"
}

// ParseOrder returns the order named s ("" is import order), or EINVALID.
func ParseOrder(s string) (Order, error) {
	if s == "" {
		return OrderImport, nil
	}
	for _, o := range Orders {
		if string(o) == s {
			return o, nil
		}
	}
	return "", annotate.Errorf(annotate.EINVALID, "unknown queue order %q: use import, uncertainty or undecided", s)
}

// Uncertain scores a text for OrderUncertainty: the model's doubt summed
// over its characters, and the characters (tagger.Model.Uncertainty).
type Uncertain func(text string) (sum float64, n int)

// QueueItem is one document of the to-do queue and why it comes where it
// does.
type QueueItem struct {
	annotate.DocumentSummary
	// Uncertainty is the model's doubt summed over the document's
	// characters (OrderUncertainty only).
	Uncertainty float64
	// Reason says why the document stands where it does, for the lead.
	Reason string
}

// Queue returns the documents annotator has still to do in order o (of
// those assigned to them, when the lead assigned them any): those to do
// first, ordered by o (ties in import order), then those in progress in
// import order. OrderUncertainty needs uncertain; without it
// (no model yet) the queue keeps import order and says so. Each document's
// text is read for OrderUncertainty only.
func Queue(ctx context.Context, st annotate.Store, annotator string, o Order, uncertain Uncertain) ([]QueueItem, error) {
	var todo, started []QueueItem
	// A reviewer the lead assigned documents to works through those alone.
	assigned, err := st.CountDocuments(ctx, annotate.DocumentFilter{Annotator: annotator, Assigned: true})
	if err != nil {
		return nil, err
	}
	for _, status := range []annotate.Status{annotate.StatusTodo, annotate.StatusInProgress} {
		const page = 1000
		for off := 0; ; off += page {
			docs, err := st.Documents(ctx, annotate.DocumentFilter{Annotator: annotator, Status: status, Assigned: assigned > 0, Offset: off, Limit: page})
			if err != nil {
				return nil, err
			}
			for _, d := range docs {
				it := QueueItem{DocumentSummary: d}
				if status == annotate.StatusTodo {
					todo = append(todo, it)
				} else {
					it.Reason = "in progress: after every document to do"
					started = append(started, it)
				}
			}
			if len(docs) < page {
				break
			}
		}
	}
	switch {
	case o == OrderUncertainty && uncertain != nil:
		for i := range todo {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			doc, err := st.Document(ctx, todo[i].ID)
			if err != nil {
				return nil, err
			}
			u, n := uncertain(doc.Text)
			todo[i].Uncertainty = u
			todo[i].Reason = fmt.Sprintf("model's doubt %.1f over %d characters", u, n)
		}
		slices.SortStableFunc(todo, func(a, b QueueItem) int { return cmp.Compare(b.Uncertainty, a.Uncertainty) })
	case o == OrderUncertainty:
		for i := range todo {
			todo[i].Reason = "import order: there is no suggestion model yet to be uncertain"
		}
	case o == OrderUndecided:
		for i := range todo {
			todo[i].Reason = annotate.Plural(todo[i].Undecided, "suggestion") + " undecided"
		}
		slices.SortStableFunc(todo, func(a, b QueueItem) int { return cmp.Compare(b.Undecided, a.Undecided) })
	default:
		for i := range todo {
			todo[i].Reason = "import order"
		}
	}
	return append(todo, started...), nil
}

// Next returns the first document of queue other than cur that annotator
// still has to do now (the queue may be older than the last actions), or
// "" when there is none.
func Next(ctx context.Context, st annotate.Store, annotator string, queue []QueueItem, cur string) (QueueItem, bool, error) {
	for _, it := range queue {
		if it.ID == cur {
			continue
		}
		s, err := st.Status(ctx, it.ID, annotator)
		if err != nil {
			return QueueItem{}, false, err
		}
		if s == annotate.StatusTodo || s == annotate.StatusInProgress {
			return it, true, nil
		}
	}
	return QueueItem{}, false, nil
}
