package format

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"goldspan/annotate"
)

// Hugging Face token classification JSONL, one character a token:
//
//	{"id":"d1","tokens":["北","京"],"ner_tags":["B-LOC","I-LOC"]}
//
// Tags are BIO strings (not class numbers, which would need the label
// list). Every character is a token, white space included (JSON holds it
// exactly; training scripts may want to drop white-space tokens). Import
// joins the tokens without a separator (a longer token's tag covers all
// of it; tags as in bio.go, strict), takes spans for Options.Annotator
// and the id from "id" (else a hash of the text). What the format cannot
// hold: meta, annotator, status, span origins, machine suggestions and
// overlapping spans; Losses lists the spans and suggestions left out.

func init() {
	Register(Format{
		Name:       "hf",
		Doc:        `Hugging Face JSONL: {"id","tokens":[characters],"ner_tags":[BIO tags]}`,
		NewDecoder: func(r io.Reader, o Options) Decoder { return &hfDecoder{s: newJSONStream(r, o), o: o} },
		NewEncoder: func(w io.Writer, o Options) Encoder { return &hfEncoder{w: bufio.NewWriterSize(w, 64<<10)} },
	})
	RegisterSniffer(func(head []byte) (string, bool) {
		k, _ := firstKeys(head)
		// A long token list may hide ner_tags past the head.
		return "hf", k["ner_tags"] || (k["tokens"] && !k["text"] && !k["spans"])
	})
}

type hfIn struct {
	ID      json.RawMessage   `json:"id"`
	Tokens  *[]string         `json:"tokens"`
	NerTags []json.RawMessage `json:"ner_tags"`
}

type hfDecoder struct {
	s *jsonStream
	o Options
}

// Next implements Decoder.
func (d *hfDecoder) Next() (annotate.Record, error) { return d.s.nextRecord(d.o, d.parse) }

func (d *hfDecoder) parse(raw []byte, n int) (annotate.Record, error) {
	var in hfIn
	if err := json.Unmarshal(raw, &in); err != nil {
		return annotate.Record{}, fmt.Errorf("%s", jsonProblem(err))
	}
	if in.Tokens == nil {
		return annotate.Record{}, fmt.Errorf(`missing "tokens"`)
	}
	tokens := *in.Tokens
	if len(in.NerTags) != len(tokens) {
		return annotate.Record{}, fmt.Errorf(`%d "tokens" but %d "ner_tags"; need one tag per token`, len(tokens), len(in.NerTags))
	}
	doc := newBIODoc()
	for i, t := range tokens {
		var tag string
		if err := json.Unmarshal(in.NerTags[i], &tag); err != nil {
			return annotate.Record{}, fmt.Errorf(`"ner_tags" item %d is %s, not a tag name; Goldspan reads BIO strings ("B-PER"), not class numbers`, i+1, clip(in.NerTags[i], 20))
		}
		if err := doc.add(t, tag); err != nil {
			return annotate.Record{}, fmt.Errorf("token %d: %s", i+1, err)
		}
	}
	text := doc.text.String()
	if err := checkSurrogates(raw, text); err != nil {
		return annotate.Record{}, err
	}
	rec := annotate.Record{Line: n, Doc: annotate.Document{Text: text}, HasSpans: true, Spans: doc.spans}
	var err error
	if rec.Doc.ID, err = recordID(in.ID, text); err != nil {
		return rec, err
	}
	return rec, finishRecord(&rec, d.o)
}

type hfOut struct {
	ID      string   `json:"id"`
	Tokens  []string `json:"tokens"`
	NerTags []string `json:"ner_tags"`
}

type hfEncoder struct {
	w *bufio.Writer
	lossList
}

// Encode implements Encoder.
func (e *hfEncoder) Encode(r annotate.Record) error {
	e.noSuggestions(r, "Hugging Face JSONL")
	n := annotate.RuneLen(r.Doc.Text)
	out := hfOut{ID: r.Doc.ID, Tokens: make([]string, 0, n), NerTags: bioTags(n, bioSpans(r, n, "Hugging Face JSONL", &e.lossList))}
	for _, c := range r.Doc.Text {
		out.Tokens = append(out.Tokens, string(c))
	}
	b, err := marshal(out)
	if err != nil {
		return err
	}
	e.w.Write(b)
	_, err = e.w.WriteString("\n")
	return err
}

// Close implements Encoder.
func (e *hfEncoder) Close() error { return e.w.Flush() }
