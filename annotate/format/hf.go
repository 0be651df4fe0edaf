package format

import (
	"bufio"
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
// and the id from "id" (else a hash of the text); other keys are errors.
// What the format cannot
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

// The keys of a Hugging Face record: these and nothing else.
var hfKeys = keySet{
	what:    "Hugging Face records",
	read:    []string{"id", "tokens", "ner_tags"},
	foreign: foreignFor("tokens", "ner_tags"),
}

type hfDecoder struct {
	s *jsonStream
	o Options
}

// Next implements Decoder.
func (d *hfDecoder) Next() (annotate.Record, error) { return d.s.nextRecord(d.o, d.parse) }

func (d *hfDecoder) parse(v jv, n int) (annotate.Record, error) {
	var f [3]jv // id, tokens, ner_tags
	if err := hfKeys.fields(v, "the record", f[:]); err != nil {
		return annotate.Record{}, err
	}
	if f[1].absent() {
		return annotate.Record{}, fmt.Errorf(`missing "tokens"`)
	}
	tokens, err := f[1].array("tokens")
	if err != nil {
		return annotate.Record{}, err
	}
	var tags jarr
	if !f[2].absent() {
		if tags, err = f[2].array("ner_tags"); err != nil {
			return annotate.Record{}, err
		}
	} else {
		tags.done = true
	}
	doc := newBIODoc()
	var buf []byte
	for {
		tok, more := tokens.next()
		tag, moreTags := tags.next()
		if !more || !moreTags {
			if tokens.err != nil || tags.err != nil {
				return annotate.Record{}, fmt.Errorf("invalid JSON in \"tokens\" or \"ner_tags\"")
			}
			if more || moreTags {
				return annotate.Record{}, fmt.Errorf(`%d "tokens" but %d "ner_tags"; need one tag per token`, countItems(f[1]), countItems(f[2]))
			}
			break
		}
		i := tokens.n
		if len(tok) == 0 || tok[0] != '"' {
			return annotate.Record{}, fmt.Errorf(`"tokens" item %d should be a string, not %s`, i, tok.describe())
		}
		if buf, err = unquote(tok, buf[:0]); err != nil {
			return annotate.Record{}, fmt.Errorf(`"tokens" item %d %v`, i, err)
		}
		if len(tag) == 0 || tag[0] != '"' {
			return annotate.Record{}, fmt.Errorf(`"ner_tags" item %d is %s, not a tag name; Goldspan reads BIO strings ("B-PER"), not class numbers`, i, clip(tag, 20))
		}
		name, err := tag.str("ner_tags")
		if err != nil {
			return annotate.Record{}, fmt.Errorf(`"ner_tags" item %d: %v`, i, err)
		}
		if err := checkTag(name); err != nil {
			return annotate.Record{}, fmt.Errorf("token %d: %v", i, err)
		}
		if err := doc.add(string(buf), name); err != nil {
			return annotate.Record{}, fmt.Errorf("token %d: %s", i, err)
		}
	}
	text := doc.text.String()
	if err := checkText("tokens", text); err != nil {
		return annotate.Record{}, err
	}
	rec := annotate.Record{Line: n, Doc: annotate.Document{Text: text}, HasSpans: true, Spans: doc.spans}
	if rec.Doc.ID, err = recordID(f[0], text); err != nil {
		return rec, err
	}
	return rec, finishRecord(&rec, d.o)
}

// countItems counts the items of a JSON array (0 when absent).
func countItems(v jv) int {
	a, err := v.array("")
	if err != nil {
		return 0
	}
	for _, ok := a.next(); ok; _, ok = a.next() {
	}
	return a.n
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
