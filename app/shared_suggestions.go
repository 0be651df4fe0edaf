package app

import (
	"goldspan/annotate"
)

// Suggestions on a shared project: a document's machine suggestions are
// the project's, not one reviewer's, and a desk that opens a document
// nobody has started computes them again (with the lexicon as it is now),
// which gives them new ids. On a team project another reviewer's desk
// may do that while this one shows the old ids. So a desk does not write
// suggestions equal to those stored, and an action on a suggestion whose
// id is gone is made on the equal suggestion under its new id.

// withSuggestion runs f on the suggestion the editor shows as m; if its id
// is gone (ENOTFOUND: the suggestions were computed again meanwhile), on
// the suggestion now stored at the same place with the same label.
func (e *editing) withSuggestion(m Mark, f func(annotate.Suggestion) error) error {
	err := f(e.sug(m.ID))
	if annotate.ErrorCode(err) != annotate.ENOTFOUND || e.store == nil {
		return err
	}
	now, rerr := e.store.Suggestions(e.ctx(), e.doc.ID, e.author)
	if rerr != nil {
		return err
	}
	for _, s := range now {
		if s.Start == m.Start && s.End == m.End && s.Label == m.Label && s.ID != m.ID {
			return f(e.sug(s.ID))
		}
	}
	return err
}

// acceptSuggestion accepts the suggestion m (as label, if not empty).
func (e *editing) acceptSuggestion(m Mark, label string) (annotate.Span, error) {
	var sp annotate.Span
	err := e.withSuggestion(m, func(s annotate.Suggestion) error {
		var err error
		sp, err = e.reviewer().Accept(e.ctx(), s, label)
		return err
	})
	return sp, err
}

// rejectSuggestion rejects the suggestion m.
func (e *editing) rejectSuggestion(m Mark) error {
	return e.withSuggestion(m, func(s annotate.Suggestion) error { return e.reviewer().Reject(e.ctx(), s) })
}

// suggestionMark is the mark of a suggestion of the layer.
func suggestionMark(s annotate.Suggestion) Mark {
	return Mark{Kind: MarkSuggestion, ID: s.ID, Start: s.Start, End: s.End, Label: s.Label}
}

// sameSuggestions reports whether computed, as SetSuggestions would store
// it (labels the project has, one per place and label), is what stored
// holds: then nothing need be written.
func sameSuggestions(stored, computed []annotate.Suggestion, labels []annotate.Label) bool {
	type key struct {
		start, end int
		label      string
	}
	known := map[string]bool{}
	for _, l := range labels {
		known[l.Name] = true
	}
	want := map[key]annotate.Suggestion{}
	for _, s := range computed {
		k := key{s.Start, s.End, s.Label}
		if _, dup := want[k]; !dup && known[s.Label] {
			want[k] = s
		}
	}
	if len(want) != len(stored) {
		return false
	}
	for _, s := range stored {
		w, ok := want[key{s.Start, s.End, s.Label}]
		if !ok || w.Source != s.Source || w.Score != s.Score {
			return false
		}
	}
	return true
}
