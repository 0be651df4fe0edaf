package suggest

import (
	"context"
	"fmt"
	"io"

	"goldspan/annotate/format"
	"goldspan/annotate/score"
)

// Sentence is one sentence of a BIO file: its text and its gold entities
// (see format.Sentence).
type Sentence = format.Sentence

// Entity is a labelled range of code points, end-exclusive.
type Entity = score.Entity

// ReadBIOFile reads a character-per-line BIO file (see format.ReadBIO).
func ReadBIOFile(path string) ([]Sentence, error) { return format.ReadBIOFile(path) }

// ReadBIO reads character-per-line BIO: one character, a tab or space, a
// tag (B-X, I-X or O) per line, a blank line after each sentence. An I-X
// that does not continue an X entity starts one, as conlleval counts it.
// It is format.ReadBIO.
func ReadBIO(r io.Reader) ([]Sentence, error) { return format.ReadBIO(r) }

// Counts are entity-level exact-match counts for one label (see package
// score: its zero-division convention, P, R and F1 are 0 over nothing).
type Counts = score.Counts

// Score holds entity-level exact-match counts per label; Add scores one
// sentence (exact duplicates count once on either side).
type Score = score.ByLabel

// Tagger returns the entities of one text; Evaluate scores it.
type Tagger func(ctx context.Context, text string) ([]Entity, error)

// Evaluate runs tag on every sentence and scores it against the gold.
func Evaluate(ctx context.Context, sents []Sentence, tag Tagger) (Score, error) {
	s := Score{}
	for i, st := range sents {
		pred, err := tag(ctx, st.Text)
		if err != nil {
			return nil, fmt.Errorf("sentence %d: %w", i+1, err)
		}
		s.Add(st.Gold, pred)
	}
	return s, nil
}
