package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"goldspan/annotate"
)

// CLUENER2020 JSON lines (github.com/CLUEbenchmark/CLUENER2020):
//
//	{"text":"浙商银行企业信贷部叶老桂博士…","label":{"name":{"叶老桂":[[9,11]]},"company":{"浙商银行":[[0,3]]}}}
//
// "label" maps a label to the entities of that label, each entity (the
// text it covers) to its [start, end] pairs: offsets count code points
// (Python's list(text)) from 0 and the end is INCLUSIVE. CLUENER's own
// loader (processors/utils_ner.py, _read_json) asserts that each entity
// equals "".join(words[start:end+1]); so does import here, with an error
// naming the line, the label, the entity and the offsets. Labels are kept
// as written (address, book, company, game, government, movie, name,
// organization, position, scene); map them with --label-map. "id" (as in
// CLUENER's test.json) is read when present, else the id is a hash of the
// text; a record without "label" is a document without annotation, one
// with "label":{} is annotated and has no entities. Spans take the
// annotator of Options.Annotator. Other keys are errors.
//
// Export writes one line per record: "id" (a number when it is one),
// "text" and, for records with spans, "label" with our labels as written,
// end inclusive, the entity key the covered text. Overlapping spans are
// kept (the format nests them). What CLUENER cannot hold: annotator,
// status, meta, span origins and machine suggestions (Losses lists the
// suggestions).

func init() {
	Register(Format{
		Name:       "cluener",
		Doc:        `CLUENER2020 JSONL: {"text","label":{"LABEL":{"entity":[[start,end]]}}}, end inclusive`,
		NewDecoder: func(r io.Reader, o Options) Decoder { return &cluenerDecoder{s: newJSONStream(r, o), o: o} },
		NewEncoder: func(w io.Writer, o Options) Encoder { return &cluenerEncoder{w: bufio.NewWriterSize(w, 64<<10)} },
	})
	RegisterSnifferFirst(func(head []byte) (string, bool) {
		// doccano's "label" is a list; CLUENER's is an object.
		k := firstValueKinds(head)
		return "cluener", k["label"] == '{' && k["text"] == '"'
	})
}

// firstValueKinds returns the first byte of the value of each top-level
// key of the first JSON object in head (inside an array if the file is
// one): '{' for an object, '[' for a list, '"' for a string.
func firstValueKinds(head []byte) map[string]byte {
	b := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	i := skipWS(b, 0)
	if i < len(b) && b[i] == '[' {
		i = skipWS(b, i+1)
	}
	kinds := map[string]byte{}
	if i >= len(b) || b[i] != '{' {
		return kinds
	}
	i++
	for {
		i = skipWS(b, i)
		if i >= len(b) || b[i] != '"' {
			return kinds
		}
		j, ok := skipString(b, i)
		if !ok {
			return kinds
		}
		var key string
		if json.Unmarshal(b[i:j], &key) != nil {
			return kinds
		}
		i = skipWS(b, j)
		if i >= len(b) || b[i] != ':' {
			return kinds
		}
		i = skipWS(b, i+1)
		if i < len(b) {
			kinds[key] = b[i]
		}
		if i, ok = skipValue(b, i); !ok {
			return kinds
		}
		i = skipWS(b, i)
		if i >= len(b) || b[i] != ',' {
			return kinds
		}
		i++
	}
}

// The keys of a CLUENER record.
var cluenerKeys = keySet{
	what:    "CLUENER records",
	read:    []string{"id", "text", "label"},
	foreign: foreignFor("label"),
}

type cluenerDecoder struct {
	s      *jsonStream
	o      Options
	labels labels
}

// Next implements Decoder.
func (d *cluenerDecoder) Next() (annotate.Record, error) { return d.s.nextRecord(d.o, d.parse) }

func (d *cluenerDecoder) parse(v jv, n int) (annotate.Record, error) {
	var f [3]jv // id, text, label
	if err := cluenerKeys.fields(v, "the record", f[:]); err != nil {
		return annotate.Record{}, err
	}
	if f[1].absent() {
		return annotate.Record{}, fmt.Errorf(`missing "text"`)
	}
	text, err := f[1].str("text")
	if err != nil {
		return annotate.Record{}, err
	}
	if err := checkText("text", text); err != nil {
		return annotate.Record{}, err
	}
	rec := annotate.Record{Line: n, Doc: annotate.Document{Text: text}}
	if rec.Doc.ID, err = recordID(f[0], text); err != nil {
		return rec, err
	}
	if !f[2].absent() {
		rec.HasSpans = true
		if rec.Spans, err = d.spans(f[2], []rune(text)); err != nil {
			return rec, err
		}
		rec.Spans = dedupe(rec.Spans)
	}
	return rec, finishRecord(&rec, d.o)
}

// spans reads "label": {LABEL: {ENTITY: [[start, end], ...]}}.
func (d *cluenerDecoder) spans(v jv, text []rune) ([]annotate.Span, error) {
	byLabel, err := v.object("label")
	if err != nil {
		return nil, fmt.Errorf(`"label" should be an object {"LABEL": {"entity": [[start, end]]}}, not %s`, v.describe())
	}
	var spans []annotate.Span
	for lk, ents, ok := byLabel.next(); ok; lk, ents, ok = byLabel.next() {
		label := d.labels.intern(lk)
		if err := checkName("label", label); err != nil {
			return nil, fmt.Errorf("label %q: %v", lk, err)
		}
		byEntity, err := ents.object(string(lk))
		if err != nil {
			return nil, fmt.Errorf(`label %q should map entities to offsets ({"entity": [[start, end]]}), not %s`, label, ents.describe())
		}
		for ek, pairs, ok := byEntity.next(); ok; ek, pairs, ok = byEntity.next() {
			entity := string(ek)
			list, err := pairs.array(entity)
			if err != nil {
				return nil, fmt.Errorf("label %q, entity %q: want a list of [start, end] pairs, not %s", label, entity, pairs.describe())
			}
			count := 0
			for p, ok := list.next(); ok; p, ok = list.next() {
				count++
				s, e, err := cluenerPair(p)
				if err != nil {
					return nil, fmt.Errorf("label %q, entity %q, pair %d: %v", label, entity, list.n, err)
				}
				where := fmt.Sprintf("label %q, entity %q, offsets [%d,%d]", label, entity, s, e)
				switch {
				case s < 0 || e < s:
					return nil, fmt.Errorf("%s: want 0 ≤ start ≤ end (the end is inclusive)", where)
				case e >= len(text):
					return nil, fmt.Errorf("%s: the end is past the text of %d characters (the end is inclusive: the last character is %d)", where, len(text), len(text)-1)
				}
				if got := string(text[s : e+1]); got != entity {
					return nil, fmt.Errorf("%s: the text there is %q, not the entity (offsets count characters from 0, the end inclusive)", where, got)
				}
				spans = append(spans, annotate.Span{Start: s, End: e + 1, Label: label, Origin: annotate.OriginManual})
			}
			if list.err != nil {
				return nil, list.err
			}
			if count == 0 {
				return nil, fmt.Errorf("label %q, entity %q has no [start, end] pairs", label, entity)
			}
		}
		if byEntity.err != nil {
			return nil, byEntity.err
		}
	}
	return spans, byLabel.err
}

// cluenerPair reads [start, end].
func cluenerPair(p jv) (int, int, error) {
	a, err := p.array("")
	if err != nil {
		return 0, 0, fmt.Errorf("want [start, end], not %s", p.describe())
	}
	var n [2]int
	i := 0
	for it, ok := a.next(); ok; it, ok = a.next() {
		if i == 2 {
			return 0, 0, fmt.Errorf("want [start, end], not %s", clip(p, 40))
		}
		if n[i], err = it.int("offset"); err != nil {
			return 0, 0, fmt.Errorf("want [start, end] of whole numbers, not %s", clip(p, 40))
		}
		i++
	}
	if a.err != nil {
		return 0, 0, a.err
	}
	if i != 2 {
		return 0, 0, fmt.Errorf("want [start, end], not %s", clip(p, 40))
	}
	return n[0], n[1], nil
}

type cluenerEncoder struct {
	w *bufio.Writer
	lossList
}

// Encode implements Encoder.
func (e *cluenerEncoder) Encode(r annotate.Record) error {
	e.noSuggestions(r, "CLUENER")
	var buf bytes.Buffer
	buf.WriteString(`{"id":`)
	buf.Write(numericID(r.Doc.ID))
	buf.WriteString(`,"text":`)
	t, err := marshal(r.Doc.Text)
	if err != nil {
		return err
	}
	buf.Write(t)
	if r.HasSpans {
		buf.WriteString(`,"label":`)
		buf.Write(e.label(r))
	}
	buf.WriteString("}\n")
	_, err = e.w.Write(buf.Bytes())
	return err
}

// label writes the "label" object: labels in the order of their first
// span, entities likewise, pairs in span order.
func (e *cluenerEncoder) label(r annotate.Record) []byte {
	text := []rune(r.Doc.Text)
	spans := append([]annotate.Span(nil), r.Spans...)
	annotate.SortSpans(spans)
	type entity struct {
		text  string
		pairs [][2]int
	}
	var order []string
	ents := map[string][]*entity{}
	for _, s := range spans {
		if s.Start < 0 || s.End > len(text) || s.Start >= s.End {
			e.add(Loss{DocID: r.Doc.ID, Start: s.Start, End: s.End, Label: s.Label, Reason: fmt.Sprintf("offsets outside the text of %d characters", len(text))})
			continue
		}
		list, seen := ents[s.Label]
		if !seen {
			order = append(order, s.Label)
		}
		covered := string(text[s.Start:s.End])
		var en *entity
		for _, x := range list {
			if x.text == covered {
				en = x
			}
		}
		if en == nil {
			en = &entity{text: covered}
			ents[s.Label] = append(list, en)
		}
		en.pairs = append(en.pairs, [2]int{s.Start, s.End - 1})
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, l := range order {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := marshal(l)
		b.Write(k)
		b.WriteString(":{")
		for j, en := range ents[l] {
			if j > 0 {
				b.WriteByte(',')
			}
			k, _ := marshal(en.text)
			b.Write(k)
			b.WriteString(":[")
			for p, pr := range en.pairs {
				if p > 0 {
					b.WriteByte(',')
				}
				fmt.Fprintf(&b, "[%d,%d]", pr[0], pr[1])
			}
			b.WriteByte(']')
		}
		b.WriteByte('}')
	}
	b.WriteByte('}')
	return b.Bytes()
}

// Close implements Encoder.
func (e *cluenerEncoder) Close() error { return e.w.Flush() }
