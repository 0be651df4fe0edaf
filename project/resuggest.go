package project

import (
	"context"
	"fmt"

	"goldspan/annotate"
)

// Resuggestion is what one "Suggest again" pass changed: how many
// suggestions it added, removed and relabelled in how many documents, and
// what each document held before, so that the pass can be undone in one
// step.
type Resuggestion struct {
	Documents  int // documents to do that were suggested again
	Touched    int // of them, those whose suggestions changed
	Added      int // suggestions at a place that had none of that label or place
	Removed    int // suggestions gone without another label at their place
	Relabelled int // places whose suggested label changed
	before     map[string][]annotate.Suggestion
	order      []string
}

// String says in one line what the pass changed.
func (x *Resuggestion) String() string {
	if x.Touched == 0 {
		return fmt.Sprintf("Suggested again for %s to do: nothing changed", annotate.Plural(x.Documents, "document"))
	}
	return fmt.Sprintf("Suggested again: %d added, %d removed, %d relabelled in %d of %s to do",
		x.Added, x.Removed, x.Relabelled, x.Touched, annotate.Plural(x.Documents, "document"))
}

// SuggestAgain computes fresh suggestions for each document of ids that
// the reviewer still has to do (with the lexicon and model as they are
// now) and stores those that changed, each document in its own
// transaction, so a cancelled pass keeps what it finished. skip, if not
// nil, leaves a document out (the one open in the desk). progress, if not
// nil, hears of each document. The reviewers' decisions on equal
// suggestions hold.
func (r Reviewer) SuggestAgain(ctx context.Context, ids []string, skip func(id string) bool, progress func(i, n int)) (*Resuggestion, error) {
	x := &Resuggestion{before: map[string][]annotate.Suggestion{}}
	labels, err := r.St.Labels(ctx)
	if err != nil {
		return x, err
	}
	for i, id := range ids {
		if err := ctx.Err(); err != nil {
			return x, err
		}
		if progress != nil {
			progress(i, len(ids))
		}
		if skip != nil && skip(id) {
			continue
		}
		doc, err := r.St.Document(ctx, id)
		if err != nil {
			return x, err
		}
		if now, err := r.St.Status(ctx, id, r.Annotator); err != nil {
			return x, err
		} else if now != annotate.StatusTodo {
			continue
		}
		old, err := r.allSuggestions(ctx, id)
		if err != nil {
			return x, err
		}
		sugs, err := r.Suggest(ctx, doc, labels)
		if err != nil {
			return x, fmt.Errorf("%s: %w", id, err)
		}
		x.Documents++
		added, removed, relabelled := diffSuggestions(old, sugs)
		if added+removed+relabelled == 0 {
			continue
		}
		// Not if the reviewer has started on it (or opened it) meanwhile.
		if skip != nil && skip(id) {
			continue
		}
		stored, err := r.StoreSuggestions(ctx, id, sugs)
		if err != nil {
			return x, fmt.Errorf("%s: %w", id, err)
		}
		if !stored {
			continue
		}
		x.before[id] = old
		x.order = append(x.order, id)
		x.Touched++
		x.Added, x.Removed, x.Relabelled = x.Added+added, x.Removed+removed, x.Relabelled+relabelled
	}
	return x, nil
}

// Undo puts back the suggestions the pass replaced, in the documents the
// reviewer still has to do (a document started since keeps what it has),
// and returns how many documents it restored.
func (x *Resuggestion) Undo(ctx context.Context, r Reviewer) (int, error) {
	n := 0
	for _, id := range x.order {
		ok, err := r.StoreSuggestions(ctx, id, x.before[id])
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	x.order, x.before = nil, nil
	return n, nil
}

// allSuggestions returns every suggestion of a document, decided or not:
// what a document to do holds is all undecided, and a pass replaces it all.
func (r Reviewer) allSuggestions(ctx context.Context, id string) ([]annotate.Suggestion, error) {
	sugs, err := r.St.Suggestions(ctx, id, r.Annotator)
	if err != nil {
		return nil, err
	}
	out := make([]annotate.Suggestion, len(sugs))
	for i, s := range sugs {
		out[i] = annotate.Suggestion{DocID: s.DocID, Start: s.Start, End: s.End, Label: s.Label, Source: s.Source, Score: s.Score}
	}
	return out, nil
}

// diffSuggestions counts what changed from old to new: places (start,
// end) whose label set changed are relabelled, other new labelled places
// added, other old ones removed.
func diffSuggestions(old, new []annotate.Suggestion) (added, removed, relabelled int) {
	type place struct{ start, end int }
	labels := func(sugs []annotate.Suggestion) map[place]map[string]bool {
		m := map[place]map[string]bool{}
		for _, s := range sugs {
			p := place{s.Start, s.End}
			if m[p] == nil {
				m[p] = map[string]bool{}
			}
			m[p][s.Label] = true
		}
		return m
	}
	o, n := labels(old), labels(new)
	for p, nl := range n {
		ol, ok := o[p]
		switch {
		case !ok:
			added += len(nl)
		case !sameSet(ol, nl):
			relabelled++
		}
	}
	for p, ol := range o {
		if _, ok := n[p]; !ok {
			removed += len(ol)
		}
	}
	return added, removed, relabelled
}

func sameSet(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}
