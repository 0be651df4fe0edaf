package suggest

import (
	"context"

	"goldspan/annotate/format"
)

// Words splits text into gse's words, in code points, covering the text
// without gaps: the word boundaries the editor's double-click selects and
// the tokens of spaCy exports. It waits for the dictionary to load.
func (s *Suggester) Words(ctx context.Context, text string) ([]format.Token, error) {
	if err := s.Load(ctx); err != nil {
		return nil, err
	}
	d, _ := s.m.analyse(text, nil, Options{NoRules: true})
	defer d.release()
	out := make([]format.Token, len(d.toks))
	for i, t := range d.toks {
		out[i] = format.Token{Start: t.start, End: t.end}
	}
	return out, nil
}
