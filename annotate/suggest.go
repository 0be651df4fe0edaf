package annotate

import "context"

// Suggester proposes spans for a text. Offsets in the returned suggestions
// are code points; only labels in the given set are returned. It must be
// safe for concurrent use.
type Suggester interface {
	Suggest(ctx context.Context, text string, labels []Label) ([]Suggestion, error)
}
