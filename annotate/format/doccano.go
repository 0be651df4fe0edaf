package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"goldspan/annotate"
)

// doccano sequence labelling, JSONL (or doccano's JSON array):
//
//	{"id":1,"text":"…","label":[[0,2,"PER"]],"annotator":"ann"}
//
// Offsets count UTF-16 code units, as doccano (JavaScript) does; they are
// converted to code points on import, and an offset inside a surrogate
// pair or past the text is an error naming the line.
//
// Import also reads the "entities" form of newer doccano versions
// ([{"id","label","start_offset","end_offset"}]) and "labels" as a synonym
// of "label". A "label" list of plain strings is a text-classification
// project and is refused. The annotator comes from "annotator" or "user"
// (a numeric user id N reads as "user-N"), else Options.Annotator.
// Exact duplicate spans are read once. "relations" cannot be imported;
// the decoder's Losses lists them. A numeric "id" reads as its digits.
// Keys are read strictly (see jsonvalue.go and doccanoKeys): other keys
// of the record are the document's meta, as doccano writes them.
//
// Export writes id (a number when it is one), text, label (when the
// record carries spans), annotator and meta (when not empty). What
// doccano cannot hold: status (import marks records with spans done),
// span origins and machine suggestions (listed by Losses).

func init() {
	Register(Format{
		Name:       "doccano",
		Doc:        `doccano JSONL: {"id","text","label":[[start,end,"LABEL"]]}, offsets in UTF-16 code units`,
		NewDecoder: func(r io.Reader, o Options) Decoder { return &doccanoDecoder{s: newJSONStream(r, o), o: o} },
		NewEncoder: func(w io.Writer, o Options) Encoder { return newDoccanoEncoder(w) },
	})
	RegisterSniffer(func(head []byte) (string, bool) {
		k, array := firstKeys(head)
		if k["spans"] || k["data"] || k["tokens"] {
			return "doccano", false
		}
		// The native format is never an array: one with a "text" whose
		// long value hides the label key is doccano's JSON export.
		return "doccano", k["label"] || k["labels"] || k["entities"] || (array && k["text"])
	})
}

// The keys of a doccano record. doccano writes a document's metadata as
// top-level keys of the record (and its import reads every key it does
// not know as metadata), so other keys are the document's meta here too,
// beside those of a "meta" object; but a key that looks like a misspelt
// one of these (nearKey) is an error, and so is a key of another format.
// "Comments" (doccano's comments on the document) and "cats" (the
// categories of an intent-detection project) are doccano's own and not
// imported: Losses lists them.
var (
	doccanoKeys = keySet{
		what:      "doccano records",
		read:      []string{"id", "text", "label", "labels", "entities", "relations", "user", "annotator", "meta"},
		tolerated: []string{"Comments", "cats"},
		open:      true,
		foreign:   foreignFor("label", "entities"),
	}
	doccanoEntityKeys = keySet{
		what: "doccano entities",
		read: []string{"id", "label", "start_offset", "end_offset"},
	}
)

// The indexes of doccanoKeys.read.
const (
	dcID = iota
	dcText
	dcLabel
	dcLabels
	dcEntities
	dcRelations
	dcUser
	dcAnnotator
	dcMeta
)

type doccanoDecoder struct {
	s      *jsonStream
	o      Options
	labels labels
	lossList
}

// Next implements Decoder.
func (d *doccanoDecoder) Next() (annotate.Record, error) { return d.s.nextRecord(d.o, d.parse) }

func (d *doccanoDecoder) parse(v jv, n int) (annotate.Record, error) {
	o, err := v.object("the record")
	if err != nil {
		return annotate.Record{}, err
	}
	var f [9]jv
	var extra []member // top-level keys that are the document's meta
	others := false
	for key, val, ok := o.next(); ok; key, val, ok = o.next() {
		if i := indexKey(doccanoKeys.read, key); i >= 0 {
			f[i] = val
		} else {
			others = true
		}
	}
	if o.err != nil {
		return annotate.Record{}, o.err
	}
	if others {
		has := func(k string) bool { return f[indexKey(doccanoKeys.read, []byte(k))] != nil }
		o, _ = v.object("the record")
		for key, val, ok := o.next(); ok; key, val, ok = o.next() {
			if indexKey(doccanoKeys.read, key) >= 0 {
				continue
			}
			if err := doccanoKeys.unknown(string(key), val, has); err != nil {
				return annotate.Record{}, err
			}
			switch string(key) {
			case "Comments", "cats":
				if a, err := val.array(string(key)); err == nil {
					if _, any := a.next(); any {
						d.add(Loss{Reason: fmt.Sprintf("%q of the record on line %d not imported: Goldspan has no place for them", key, n)})
					}
				}
			default:
				extra = append(extra, member{key: string(key), val: json.RawMessage(val)})
			}
		}
	}
	if f[dcText].absent() {
		return annotate.Record{}, fmt.Errorf(`missing "text"`)
	}
	text, err := f[dcText].str("text")
	if err != nil {
		return annotate.Record{}, err
	}
	if err := checkText("text", text); err != nil {
		return annotate.Record{}, err
	}
	rec := annotate.Record{Line: n, Doc: annotate.Document{Text: text}}
	if rec.Doc.ID, err = recordID(f[dcID], text); err != nil {
		return rec, err
	}
	if rec.Doc.Meta, err = doccanoMeta(f[dcMeta], extra); err != nil {
		return rec, err
	}
	for _, k := range []int{dcAnnotator, dcUser} {
		name, ok, err := userName(f[k], doccanoKeys.read[k])
		if err != nil {
			return rec, err
		}
		if ok && rec.Annotator == "" {
			rec.Annotator = name
		}
	}
	present, key, list := false, "", jv(nil)
	for _, k := range []int{dcLabel, dcLabels, dcEntities} {
		c := f[k]
		if c.absent() {
			continue
		}
		present = true
		name := doccanoKeys.read[k]
		items, err := c.array(name)
		if err != nil {
			return rec, fmt.Errorf("%q must be a list of [start, end, \"LABEL\"]", name)
		}
		if _, any := items.next(); !any && items.err == nil {
			continue
		}
		if key != "" {
			return rec, fmt.Errorf("both %q and %q hold labels; keep one", key, name)
		}
		key, list = name, c
	}
	if present {
		rec.HasSpans = true
	}
	if key != "" {
		spans, err := d.spans(key, list, text)
		if err != nil {
			return rec, err
		}
		rec.Spans = dedupe(spans)
	}
	if err := finishRecord(&rec, d.o); err != nil {
		return rec, err
	}
	if !f[dcRelations].absent() {
		rels, err := f[dcRelations].array("relations")
		if err != nil {
			return rec, err
		}
		count := 0
		for it, ok := rels.next(); ok; it, ok = rels.next() {
			if err := checkTree(it); err != nil {
				return rec, fmt.Errorf(`"relations" item %d: %v`, rels.n, err)
			}
			count++
		}
		if rels.err != nil {
			return rec, rels.err
		}
		if count > 0 {
			d.add(Loss{DocID: rec.Doc.ID, Reason: fmt.Sprintf("%d relations not imported: Goldspan has no relations", count)})
		}
	}
	return rec, nil
}

// doccanoMeta joins a record's "meta" object and its other top-level keys
// (extra) into the document's meta.
func doccanoMeta(meta jv, extra []member) (json.RawMessage, error) {
	m, err := compactObject(meta)
	if err != nil {
		return nil, fmt.Errorf(`"meta": %s`, err)
	}
	if len(extra) == 0 {
		return m, nil
	}
	ms, err := objectMembers(m)
	if err != nil {
		return nil, fmt.Errorf(`"meta" %s`, err)
	}
	for _, e := range extra {
		for _, x := range ms {
			if x.key == e.key {
				return nil, fmt.Errorf(`the key %q is both in "meta" and beside it (doccano keeps other keys as the document's meta)`, e.key)
			}
		}
		if err := checkTree(jv(e.val)); err != nil {
			return nil, fmt.Errorf("%q: %v", e.key, err)
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, e.val); err != nil {
			return nil, err
		}
		ms = append(ms, member{key: e.key, val: buf.Bytes()})
	}
	return joinObject(ms), nil
}

// utf16Text converts UTF-16 offsets of one text to code points: the
// identity for a text without characters outside the BMP, else through
// annotate.Offsets, built once.
type utf16Text struct {
	text  string
	n     int // code points
	units int // UTF-16 code units
	off   *annotate.Offsets
}

func newUTF16Text(text string) *utf16Text {
	t := &utf16Text{text: text}
	for _, r := range text {
		t.n++
		t.units++
		if r >= 0x10000 {
			t.units++
		}
	}
	if t.units != t.n {
		t.off = annotate.NewOffsets(text)
	}
	return t
}

// fromUTF16 converts a UTF-16 offset to code points, refusing offsets
// outside the text or inside a surrogate pair.
func (t *utf16Text) fromUTF16(u int) (int, error) {
	if u < 0 || u > t.units {
		return 0, fmt.Errorf("offset %d is outside the text (0..%d UTF-16 code units)", u, t.units)
	}
	if t.off == nil {
		return u, nil
	}
	return fromUTF16(t.off, u)
}

// spans reads a span list: [start, end, "LABEL"] triples or
// {"start_offset","end_offset","label"} objects, in UTF-16 code units.
func (d *doccanoDecoder) spans(key string, list jv, text string) ([]annotate.Span, error) {
	items, err := list.array(key)
	if err != nil {
		return nil, err
	}
	t := newUTF16Text(text)
	spans := make([]annotate.Span, 0, countItems(list))
	for it, ok := items.next(); ok; it, ok = items.next() {
		i := items.n
		var start, end int
		var label string
		switch {
		case len(it) > 0 && it[0] == '"':
			return nil, fmt.Errorf("%q holds text-classification categories (%s), not spans; Goldspan imports sequence-labelling projects only", key, clip(it, 40))
		case len(it) > 0 && it[0] == '[':
			bad := func() error {
				return fmt.Errorf("%q item %d: want [start, end, \"LABEL\"] with whole-number offsets, got %s", key, i, clip(it, 60))
			}
			triple, _ := it.array(key)
			a, ok1 := triple.next()
			b, ok2 := triple.next()
			c, ok3 := triple.next()
			_, more := triple.next()
			if !ok1 || !ok2 || !ok3 || more || triple.err != nil {
				return nil, bad()
			}
			var ok bool
			if start, ok = a.whole(); !ok {
				return nil, bad()
			}
			if end, ok = b.whole(); !ok {
				return nil, bad()
			}
			if len(c) == 0 || c[0] != '"' {
				return nil, bad()
			}
			if label, err = d.labels.label(c, "label"); err != nil {
				return nil, fmt.Errorf("%q item %d: %v", key, i, err)
			}
		case len(it) > 0 && it[0] == '{':
			if hasKeyIn(it, "labels") {
				return nil, fmt.Errorf("%q item %d looks like Label Studio's JSON-MIN export; export JSON from Label Studio and import it with --format labelstudio", key, i)
			}
			var e [4]jv
			if err := doccanoEntityKeys.fields(it, key, e[:]); err != nil {
				return nil, fmt.Errorf("%q item %d: %v", key, i, err)
			}
			if e[1].absent() || e[2].absent() || e[3].absent() {
				return nil, fmt.Errorf("%q item %d: want {\"start_offset\", \"end_offset\", \"label\"}, got %s", key, i, clip(it, 60))
			}
			if start, err = e[2].int("start_offset"); err != nil {
				return nil, fmt.Errorf("%q item %d: %v", key, i, err)
			}
			if end, err = e[3].int("end_offset"); err != nil {
				return nil, fmt.Errorf("%q item %d: %v", key, i, err)
			}
			if label, err = d.labels.label(e[1], "label"); err != nil {
				return nil, fmt.Errorf("%q item %d: %v", key, i, err)
			}
		default:
			return nil, fmt.Errorf("%q item %d: want [start, end, \"LABEL\"], got %s", key, i, clip(it, 40))
		}
		s, err := t.fromUTF16(start)
		if err != nil {
			return nil, fmt.Errorf("%q item %d %s: start %s", key, i, clip(it, 60), err)
		}
		e, err := t.fromUTF16(end)
		if err != nil {
			return nil, fmt.Errorf("%q item %d %s: end %s", key, i, clip(it, 60), err)
		}
		if s >= e {
			return nil, fmt.Errorf("%q item %d %s: start must be before end", key, i, clip(it, 60))
		}
		spans = append(spans, annotate.Span{Start: s, End: e, Label: label, Origin: annotate.OriginManual})
	}
	if items.err != nil {
		return nil, fmt.Errorf("%q: %v", key, items.err)
	}
	return spans, nil
}

// hasKeyIn reports whether object v has key k.
func hasKeyIn(v jv, k string) bool { return objHas(v)(k) }

// fromUTF16 converts a UTF-16 offset to code points, refusing offsets
// outside the text or inside a surrogate pair.
func fromUTF16(off *annotate.Offsets, u int) (int, error) {
	if u < 0 || u > off.UTF16Len() {
		return 0, fmt.Errorf("offset %d is outside the text (0..%d UTF-16 code units)", u, off.UTF16Len())
	}
	cp, ok := off.FromUTF16(u)
	if !ok {
		return 0, fmt.Errorf("offset %d falls inside the surrogate pair of %q (UTF-16 code units %d-%d)", u, off.Slice(cp-1, cp), off.UTF16(cp-1), off.UTF16(cp)-1)
	}
	return cp, nil
}

type doccanoOut struct {
	ID        json.RawMessage `json:"id"`
	Text      string          `json:"text"`
	Label     *[][3]any       `json:"label,omitempty"`
	Annotator string          `json:"annotator,omitempty"`
	Meta      json.RawMessage `json:"meta,omitempty"`
}

type doccanoEncoder struct {
	w *bufio.Writer
	lossList
}

func newDoccanoEncoder(w io.Writer) *doccanoEncoder {
	return &doccanoEncoder{w: bufio.NewWriterSize(w, 64<<10)}
}

// Encode implements Encoder.
func (e *doccanoEncoder) Encode(r annotate.Record) error {
	e.noSuggestions(r, "doccano")
	out := doccanoOut{ID: numericID(r.Doc.ID), Text: r.Doc.Text}
	if len(r.Doc.Meta) > 0 && string(r.Doc.Meta) != "{}" {
		out.Meta = r.Doc.Meta
	}
	if r.HasSpans {
		off := annotate.NewOffsets(r.Doc.Text)
		spans := append([]annotate.Span(nil), r.Spans...)
		annotate.SortSpans(spans)
		list := make([][3]any, 0, len(spans))
		for _, s := range spans {
			if s.Start < 0 || s.End > off.Len() || s.Start >= s.End {
				e.add(Loss{DocID: r.Doc.ID, Start: s.Start, End: s.End, Label: s.Label, Reason: fmt.Sprintf("offsets outside the text of %d characters", off.Len())})
				continue
			}
			list = append(list, [3]any{off.UTF16(s.Start), off.UTF16(s.End), s.Label})
		}
		out.Label = &list
		out.Annotator = r.Annotator
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
func (e *doccanoEncoder) Close() error { return e.w.Flush() }
