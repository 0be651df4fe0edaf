package suggest

import (
	"context"

	"github.com/go-ego/gse"

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

// Segmenter returns the process's shared gse segmenter, loaded with
// LoadDictEmbed("zh_s"), waiting for the load: other models (the sequence
// tagger) read it instead of loading a second 150 MB copy. Only read it.
func (s *Suggester) Segmenter(ctx context.Context) (*gse.Segmenter, error) {
	if err := s.Load(ctx); err != nil {
		return nil, err
	}
	return s.m.seg, nil
}
