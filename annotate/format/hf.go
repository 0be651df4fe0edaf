package format

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"goldspan/annotate"
)

// Hugging Face token classification JSONL, one character a token:
//
//	{"id":"d1","tokens":["北","京"],"ner_tags":["B-LOC","I-LOC"]}
//
// Tags are BIO strings; import also reads class numbers when the label
// list is known: Options.HFLabels (--hf-labels O,B-PER,I-PER,…), else
// features.ner_tags.feature.names of a dataset_info.json beside the file
// (as datasets' save_to_disk and the Hub write it). With Options.HFInt
// export writes class numbers of Options.HFLabels (HFLabelNames of the
// project's labels: O, B-L, I-L, …; a span whose label is not in it is
// written as O and listed by Losses); HFDatasetInfo is the
// dataset_info.json to write beside the file, whose names a user passes
// to datasets.ClassLabel(names=…). Every character is a token, white space included (JSON holds it
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
		Doc:        `Hugging Face JSONL: {"id","tokens":[characters],"ner_tags":[BIO tags, or class numbers with the label list]}`,
		NewDecoder: func(r io.Reader, o Options) Decoder { return &hfDecoder{s: newJSONStream(r, o), o: o} },
		NewEncoder: func(w io.Writer, o Options) Encoder { return newHFEncoder(w, o) },
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
	s     *jsonStream
	o     Options
	names []string // the class names of integer tags, once known
	where string   // where they came from, for messages
}

// className turns an integer tag into its name (see HFLabelNames).
func (d *hfDecoder) className(tag jv, i int) (string, error) {
	k, ok := tag.whole()
	if !ok {
		return "", fmt.Errorf(`"ner_tags" item %d is %s: want a tag ("B-PER") or a class number`, i, clip(tag, 20))
	}
	if d.names == nil {
		if err := d.loadNames(); err != nil {
			return "", fmt.Errorf(`"ner_tags" item %d is %d, not a tag name, and %v`, i, k, err)
		}
	}
	if k < 0 || k >= len(d.names) {
		return "", fmt.Errorf(`"ner_tags" item %d is class %d, but %s names %d classes (0 to %d)`, i, k, d.where, len(d.names), len(d.names)-1)
	}
	return d.names[k], nil
}

// loadNames finds the label list: Options.HFLabels, else the
// features.ner_tags.feature.names of a dataset_info.json beside the file.
func (d *hfDecoder) loadNames() error {
	if len(d.o.HFLabels) > 0 {
		d.names, d.where = d.o.HFLabels, "the label list given"
		return nil
	}
	help := "give the label list (--hf-labels O,B-PER,I-PER,…) or put the dataset's dataset_info.json beside the file"
	if d.o.Name == "" {
		return fmt.Errorf("no label list for class numbers: %s", help)
	}
	info := filepath.Join(filepath.Dir(d.o.Name), "dataset_info.json")
	b, err := os.ReadFile(info)
	if err != nil {
		return fmt.Errorf("there is no %s for class numbers: %s", info, help)
	}
	names, err := HFNamesFromDatasetInfo(b)
	if err != nil {
		return fmt.Errorf("%s: %v", info, err)
	}
	d.names, d.where = names, info
	return nil
}

// HFNamesFromDatasetInfo reads the class names of the ner_tags feature
// from a Hugging Face dataset_info.json (what datasets' save_to_disk and
// the Hub write): features.ner_tags.feature.names, the ClassLabel names.
func HFNamesFromDatasetInfo(b []byte) ([]string, error) {
	var info struct {
		Features map[string]struct {
			Feature struct {
				Names []string `json:"names"`
			} `json:"feature"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b, &info); err != nil {
		return nil, fmt.Errorf("not a dataset_info.json: %v", err)
	}
	names := info.Features["ner_tags"].Feature.Names
	if len(names) == 0 {
		return nil, fmt.Errorf(`no features.ner_tags.feature.names (the ClassLabel of "ner_tags")`)
	}
	for _, n := range names {
		if _, _, ok := parseTag(n); !ok {
			return nil, fmt.Errorf("class name %q is not a tag (O, B-<label>, I-<label>)", n)
		}
	}
	return names, nil
}

// HFLabelNames is the label list of an --hf-int export of labels: "O",
// then B- and I- of each label in order, as datasets.ClassLabel(names=…)
// takes it.
func HFLabelNames(labels []string) []string {
	names := []string{"O"}
	for _, l := range labels {
		names = append(names, "B-"+l, "I-"+l)
	}
	return names
}

// HFDatasetInfo is a dataset_info.json declaring the features of an
// --hf-int export with those class names: id and tokens strings, ner_tags
// a Sequence of ClassLabel. Written beside the file, it lets import read
// the numbers back, and datasets.load_dataset("json", data_files=…,
// features=Features.from_dict(info["features"])) read them as classes.
func HFDatasetInfo(names []string) []byte {
	type feat = map[string]any
	info := feat{"features": feat{
		"id":       feat{"dtype": "string", "_type": "Value"},
		"tokens":   feat{"feature": feat{"dtype": "string", "_type": "Value"}, "_type": "Sequence"},
		"ner_tags": feat{"feature": feat{"names": names, "_type": "ClassLabel"}, "_type": "Sequence"},
	}}
	b, _ := json.MarshalIndent(info, "", "  ")
	return append(b, '\n')
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
		var name string
		if len(tag) > 0 && tag[0] != '"' {
			if name, err = d.className(tag, i); err != nil {
				return annotate.Record{}, err
			}
		} else if name, err = tag.str("ner_tags"); err != nil {
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
	w     *bufio.Writer
	class map[string]int // with Options.HFInt: tag → class number
	lossList
}

func newHFEncoder(w io.Writer, o Options) *hfEncoder {
	e := &hfEncoder{w: bufio.NewWriterSize(w, 64<<10)}
	if o.HFInt {
		e.class = map[string]int{}
		for i, n := range o.HFLabels {
			e.class[n] = i
		}
	}
	return e
}

type hfIntOut struct {
	ID      string   `json:"id"`
	Tokens  []string `json:"tokens"`
	NerTags []int    `json:"ner_tags"`
}

// Encode implements Encoder.
func (e *hfEncoder) Encode(r annotate.Record) error {
	e.noSuggestions(r, "Hugging Face JSONL")
	n := annotate.RuneLen(r.Doc.Text)
	out := hfOut{ID: r.Doc.ID, Tokens: make([]string, 0, n), NerTags: bioTags(n, bioSpans(r, n, "Hugging Face JSONL", &e.lossList))}
	for _, c := range r.Doc.Text {
		out.Tokens = append(out.Tokens, string(c))
	}
	var v any = out
	if e.class != nil {
		if _, ok := e.class["O"]; !ok {
			return fmt.Errorf(`--hf-int needs the label list, with "O" in it (Options.HFLabels, e.g. HFLabelNames of the project's labels)`)
		}
		ints := hfIntOut{ID: out.ID, Tokens: out.Tokens, NerTags: make([]int, n)}
		for i, t := range out.NerTags {
			k, ok := e.class[t]
			if !ok && t[0] == 'B' {
				e.add(Loss{DocID: r.Doc.ID, Start: i, Label: t[2:], Reason: fmt.Sprintf("%s is not in the label list: the span is written as O", t)})
			}
			ints.NerTags[i] = k // 0 when missing: "O" must be class 0 then
			if !ok {
				ints.NerTags[i] = e.class["O"]
			}
		}
		v = ints
	}
	b, err := marshal(v)
	if err != nil {
		return err
	}
	e.w.Write(b)
	_, err = e.w.WriteString("\n")
	return err
}

// Close implements Encoder.
func (e *hfEncoder) Close() error { return e.w.Flush() }
