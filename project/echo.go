package project

import (
	"context"
	"slices"

	"goldspan/annotate"
	"goldspan/annotate/suggest"
)

// The document-level cache (issue 18): a name a reviewer confirms once in
// a document is suggested again, at once, wherever the same text occurs
// further on in that document. News repeats its names (李國強 three times
// in an article), and the rules or the model miss or cut the later ones
// in the same way; the project's lexicon learns them only for the next
// documents, after MinEvidence decisions. An echo is a suggestion, never
// a span: only what the reviewer decides is gold.

// echoScore is the score of an echo: the reviewer's own decision, a few
// characters earlier, outweighs the machine's.
const echoScore = 0.95

// Echoes returns the suggestions a document should hold after the
// reviewer confirmed s (added it, or accepted or relabelled a suggestion
// into it): all, the document's suggestions (every annotator's view),
// with an echo of s at each other occurrence of its text that none of
// the reviewer's spans and no suggestion overlaps: the echo fills the
// machine's gaps and never takes a suggestion away, so a list of
// suggestions being decided (Accept all) stays valid. changed is false
// when nothing would change. A text of one character is never echoed (俄 in 俄烏 and in 俄羅斯
// are different things), nor an occurrence inside a Latin word.
func Echoes(text []rune, s annotate.Span, spans []annotate.Span, all []annotate.Suggestion) (out []annotate.Suggestion, changed bool) {
	n := s.End - s.Start
	if n < 2 || s.Start < 0 || s.End > len(text) {
		return all, false
	}
	surface := text[s.Start:s.End]
	overlaps := func(start, end int) bool {
		for _, o := range spans {
			if o.Start < end && start < o.End {
				return true
			}
		}
		return false
	}
	out = slices.Clone(all)
	for i := 0; i+n <= len(text); i++ {
		if i == s.Start || !slices.Equal(text[i:i+n], surface) {
			continue
		}
		start, end := i, i+n
		if overlaps(start, end) || annotate.CutsLatinWord(text, start, end) {
			continue
		}
		if slices.ContainsFunc(out, func(g annotate.Suggestion) bool { return g.Start < end && start < g.End }) {
			continue // a suggestion is there (shown, or decided): it stands
		}
		out = append(out, annotate.Suggestion{DocID: s.DocID, Start: start, End: end, Label: s.Label, Source: suggest.SourceLearned, Score: echoScore})
		changed = true
		i = end - 1
	}
	if changed {
		slices.SortFunc(out, func(a, b annotate.Suggestion) int {
			if a.Start != b.Start {
				return a.Start - b.Start
			}
			return a.End - b.End
		})
	}
	return out, changed
}

// echo stores the echoes of the span the reviewer confirmed (see Echoes),
// when r.Echo is set and no other annotator (gold aside) works on the
// project: the suggestions of a document are every annotator's, and
// another's view must not change with this reviewer's decisions. It is
// a convenience after the action committed: a failure leaves the action
// saved and the suggestions as they were.
func (r Reviewer) echo(ctx context.Context, s annotate.Span) {
	if !r.Echo || r.Annotator == annotate.GoldAnnotator {
		return
	}
	names, err := r.St.Annotators(ctx)
	if err != nil {
		return
	}
	for _, n := range names {
		if n != r.Annotator && n != annotate.GoldAnnotator {
			return
		}
	}
	doc, err := r.St.Document(ctx, s.DocID)
	if err != nil {
		return
	}
	spans, err := r.St.Spans(ctx, s.DocID, r.Annotator)
	if err != nil {
		return
	}
	all, err := r.St.Suggestions(ctx, s.DocID, "") // "" has decided nothing: every suggestion
	if err != nil {
		return
	}
	if out, changed := Echoes([]rune(doc.Text), s, spans, all); changed {
		r.St.SetSuggestions(ctx, s.DocID, out)
	}
}
