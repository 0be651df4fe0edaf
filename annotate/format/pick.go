package format

import (
	"bufio"
	"context"
	"fmt"
	"path/filepath"

	"goldspan/annotate"
)

// SniffSize is how much of a file Pick reads ahead to tell the JSON formats
// apart: enough for a first record with a long text, so a doccano or
// spaCy file is not mistaken for Goldspan JSONL.
const SniffSize = 64 << 10

// Pick resolves a format choice for the file at path: "auto" sniffs the
// first SniffSize bytes of br (which must buffer at least that much) and
// the extension; lines turns auto or text into lines.
func Pick(name, path string, lines bool, br *bufio.Reader) (Format, error) {
	if lines && (name == "auto" || name == "text") {
		name = "lines"
	}
	if name != "auto" {
		return Lookup(name)
	}
	head, _ := br.Peek(SniffSize)
	if path == "-" || path == "" {
		path = "stdin.jsonl"
	}
	return Detect(filepath.Base(path), head)
}

// WithSuggestions returns a decoder that gives every record without
// suggestions the suggestions of sug for its text, in the given labels.
func WithSuggestions(ctx context.Context, dec Decoder, sug annotate.Suggester, labels []annotate.Label) Decoder {
	return &suggestingDecoder{ctx: ctx, dec: dec, sug: sug, labels: labels}
}

type suggestingDecoder struct {
	ctx    context.Context
	dec    Decoder
	sug    annotate.Suggester
	labels []annotate.Label
}

// Next implements Decoder.
func (d *suggestingDecoder) Next() (annotate.Record, error) {
	r, err := d.dec.Next()
	if err != nil || r.Suggestions != nil {
		return r, err
	}
	sugs, err := d.sug.Suggest(d.ctx, r.Doc.Text, d.labels)
	if err != nil {
		return r, fmt.Errorf("suggestions for %s: %w", r.Doc.ID, err)
	}
	if sugs == nil {
		sugs = []annotate.Suggestion{}
	}
	r.Suggestions = sugs
	return r, nil
}

// Losses implements Lossy when the wrapped decoder does.
func (d *suggestingDecoder) Losses() []Loss {
	if l, ok := d.dec.(Lossy); ok {
		return l.Losses()
	}
	return nil
}
