package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

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
// record carries spans), annotator, goldspan_status and meta (when not
// empty). doccano keeps keys it does not know as the example's metadata
// and writes them back beside text on export, so the status survives the
// trip; without it (a file from elsewhere), a record with spans is done and
// an empty list ("label": [], which doccano writes for every example
// nobody labelled) is no annotation at all. What doccano cannot hold:
// span origins and machine suggestions (listed by Losses).
//
// Offsets are in Options.Units: on import auto-detected (units.go) unless
// given, on export UTF-16 unless given (--units grapheme for a doccano
// project that counts grapheme clusters; a span that cuts a cluster is
// then listed as lost).

func init() {
	Register(Format{
		Name:       "doccano",
		Doc:        `doccano JSONL: {"id","text","label":[[start,end,"LABEL"]]}, offsets in UTF-16 code units`,
		NewDecoder: func(r io.Reader, o Options) Decoder { return newDoccanoDecoder(r, o) },
		NewEncoder: func(w io.Writer, o Options) Encoder { return newDoccanoEncoder(w, o) },
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
		read:      []string{"id", "text", "label", "labels", "entities", "relations", "user", "annotator", "meta", "annotations", "goldspan_status"},
		tolerated: []string{"Comments", "comments", "cats", "annotation_approver"},
		open:      true,
		foreign:   foreignFor("label", "entities"),
	}
	doccanoEntityKeys = keySet{
		what: "doccano entities",
		read: []string{"id", "label", "start_offset", "end_offset"},
	}
	// doccano 1.0-1.2's JSON export: {"label": 5, "start_offset", "end_offset", "user": 1}
	// (the label's id in the project, not its name).
	doccanoAnnotationKeys = keySet{
		what:      "doccano 1.x annotations",
		read:      []string{"label", "start_offset", "end_offset", "user"},
		tolerated: []string{"id", "prob", "document"},
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
	dcAnnotations
	dcStatus
)

type doccanoDecoder struct {
	s      *jsonStream
	o      Options
	labels labels
	units  *unitDetector
	// pending are the records of further annotators of a doccano 1.x
	// document, returned before the next line is read.
	pending []annotate.Record
	// labelIDs are the label ids of doccano 1.x annotations met so far.
	labelIDs map[string]bool
	lossList
}

func newDoccanoDecoder(r io.Reader, o Options) *doccanoDecoder {
	return &doccanoDecoder{s: newJSONStream(r, o), o: o, units: newUnitDetector(o.Units)}
}

// Next implements Decoder.
func (d *doccanoDecoder) Next() (annotate.Record, error) {
	if len(d.pending) > 0 {
		rec := d.pending[0]
		d.pending = d.pending[1:]
		return rec, nil
	}
	return d.s.nextRecord(d.o, d.parse)
}

// Losses implements Lossy: what the records held that Goldspan has no
// place for, and the offset units auto-detection could not tell.
func (d *doccanoDecoder) Losses() []Loss {
	out := d.lossList.Losses()
	if w := d.units.warning(); w != "" {
		out = append(out, Loss{Reason: w})
	}
	if len(d.labelIDs) > 0 {
		ids := make([]string, 0, len(d.labelIDs))
		for id := range d.labelIDs {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		out = append(out, Loss{Reason: fmt.Sprintf("doccano 1.x \"annotations\" name labels by their ids in the doccano project (%s): unless --label-map named them (%s=PER,…), they are labels of those names now", strings.Join(ids, ", "), ids[0])})
	}
	return out
}

func (d *doccanoDecoder) parse(v jv, n int) (annotate.Record, error) {
	o, err := v.object("the record")
	if err != nil {
		return annotate.Record{}, err
	}
	var f [11]jv
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
			case "Comments", "comments", "cats":
				if a, err := val.array(string(key)); err == nil {
					if _, any := a.next(); any {
						d.add(Loss{Reason: fmt.Sprintf("%q of the record on line %d not imported: Goldspan has no place for them", key, n)})
					}
				}
			case "annotation_approver":
				if !val.absent() {
					d.add(Loss{Reason: fmt.Sprintf("the approval of the record on line %d (%s) not imported: Goldspan has no approvals", n, clip(val, 40))})
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
	if !f[dcStatus].absent() {
		name, err := f[dcStatus].str("goldspan_status")
		if err != nil {
			return rec, err
		}
		if rec.Status, err = annotate.ParseStatus(name); err != nil {
			return rec, fmt.Errorf(`"goldspan_status": %s`, annotate.ErrorMessage(err))
		}
	}
	// An empty list is an example nobody labelled (doccano exports every
	// example with "label": []): not an annotation, unless Goldspan's own
	// status says the annotator decided it has no entities.
	key, list := "", jv(nil)
	for _, k := range []int{dcLabel, dcLabels, dcEntities, dcAnnotations} {
		c := f[k]
		if c.absent() {
			continue
		}
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
	rec.HasSpans = key != "" || rec.Status != ""
	var more []annotate.Record // doccano 1.x: further annotators' records
	if key == "annotations" {
		layers, err := d.annotations(list, n)
		if err != nil {
			return rec, err
		}
		t := newUnitText(text)
		for i, l := range layers {
			r := rec
			if l.user != "" {
				r.Annotator = l.user
			}
			name := itemNamer("annotations", list)
			raw := rawSpans{list: l.raw, name: func(i int) string { return name(l.items[i]) }}
			if r.Spans, err = d.units.convert(t, raw, n); err != nil {
				return rec, err
			}
			r.Spans = dedupe(r.Spans)
			if err := finishRecord(&r, d.o); err != nil {
				return rec, err
			}
			if i == 0 {
				rec = r
			} else {
				more = append(more, r)
			}
		}
	} else {
		if key != "" {
			t := newUnitText(text)
			var direct string // units to convert in as the list is read
			if d.units.fixed != "" {
				direct = d.units.fixed
			} else if t.simple {
				direct = UnitsUTF16 // every unit agrees: errors name doccano's default
			}
			raw, spans, err := d.spans(key, list, t, direct)
			if err != nil {
				return rec, err
			}
			if direct == "" {
				if spans, err = d.units.convert(t, raw, n); err != nil {
					return rec, err
				}
			}
			rec.Spans = dedupe(spans)
		}
		if err := finishRecord(&rec, d.o); err != nil {
			return rec, err
		}
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
	d.pending = append(d.pending, more...)
	return rec, nil
}

// layer1x is one annotator's spans of a doccano 1.x record, in the file's
// units.
type layer1x struct {
	user  string // "" for the record's annotator
	raw   []rawSpan
	items []int // the index of each span in "annotations"
}

// annotations reads doccano 1.x's "annotations" list, one layer per user
// in the order they first appear.
func (d *doccanoDecoder) annotations(list jv, line int) ([]layer1x, error) {
	items, err := list.array("annotations")
	if err != nil {
		return nil, err
	}
	var layers []layer1x
	at := map[string]int{}
	for it, ok := items.next(); ok; it, ok = items.next() {
		i := items.n
		var e [4]jv
		if err := doccanoAnnotationKeys.fields(it, "annotations", e[:]); err != nil {
			return nil, fmt.Errorf("\"annotations\" item %d: %v", i, err)
		}
		if e[0].absent() || e[1].absent() || e[2].absent() {
			return nil, fmt.Errorf("\"annotations\" item %d: want {\"label\", \"start_offset\", \"end_offset\"}, got %s", i, clip(it, 60))
		}
		var r rawSpan
		if id, ok := e[0].whole(); ok {
			r.label = strconv.Itoa(id)
			if d.labelIDs == nil {
				d.labelIDs = map[string]bool{}
			}
			d.labelIDs[r.label] = true
		} else if r.label, err = d.labels.label(e[0], "label"); err != nil {
			return nil, fmt.Errorf("\"annotations\" item %d: %v", i, err)
		}
		if r.start, err = e[1].int("start_offset"); err != nil {
			return nil, fmt.Errorf("\"annotations\" item %d: %v", i, err)
		}
		if r.end, err = e[2].int("end_offset"); err != nil {
			return nil, fmt.Errorf("\"annotations\" item %d: %v", i, err)
		}
		user, _, err := userName(e[3], "user")
		if err != nil {
			return nil, fmt.Errorf("\"annotations\" item %d: %v", i, err)
		}
		k, seen := at[user]
		if !seen {
			k = len(layers)
			at[user] = k
			layers = append(layers, layer1x{user: user})
		}
		layers[k].raw = append(layers[k].raw, r)
		layers[k].items = append(layers[k].items, i-1)
	}
	if items.err != nil {
		return nil, fmt.Errorf("\"annotations\": %v", items.err)
	}
	_ = line
	return layers, nil
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

// spans reads a span list: [start, end, "LABEL"] triples or
// {"start_offset","end_offset","label"} objects, in the file's units.
//
// With direct units, the spans are converted to code points as they are
// read (a record of 200,000 spans then holds one list, not two).
func (d *doccanoDecoder) spans(key string, list jv, t *unitText, direct string) (rawSpans, []annotate.Span, error) {
	items, err := list.array(key)
	if err != nil {
		return rawSpans{}, nil, err
	}
	var spans []rawSpan
	var out []annotate.Span
	if direct != "" {
		out = make([]annotate.Span, 0, countItems(list))
	} else {
		spans = make([]rawSpan, 0, countItems(list))
	}
	for it, ok := items.next(); ok; it, ok = items.next() {
		i := items.n
		var start, end int
		var label string
		switch {
		case len(it) > 0 && it[0] == '"':
			return rawSpans{}, nil, fmt.Errorf("%q holds text-classification categories (%s), not spans; Goldspan imports sequence-labelling projects only", key, clip(it, 40))
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
				return rawSpans{}, nil, bad()
			}
			var ok bool
			if start, ok = a.whole(); !ok {
				return rawSpans{}, nil, bad()
			}
			if end, ok = b.whole(); !ok {
				return rawSpans{}, nil, bad()
			}
			if len(c) == 0 || c[0] != '"' {
				return rawSpans{}, nil, bad()
			}
			if label, err = d.labels.label(c, "label"); err != nil {
				return rawSpans{}, nil, fmt.Errorf("%q item %d: %v", key, i, err)
			}
		case len(it) > 0 && it[0] == '{':
			if hasKeyIn(it, "labels") {
				return rawSpans{}, nil, fmt.Errorf("%q item %d looks like Label Studio's JSON-MIN export; export JSON from Label Studio and import it with --format labelstudio", key, i)
			}
			var e [4]jv
			if err := doccanoEntityKeys.fields(it, key, e[:]); err != nil {
				return rawSpans{}, nil, fmt.Errorf("%q item %d: %v", key, i, err)
			}
			if e[1].absent() || e[2].absent() || e[3].absent() {
				return rawSpans{}, nil, fmt.Errorf("%q item %d: want {\"start_offset\", \"end_offset\", \"label\"}, got %s", key, i, clip(it, 60))
			}
			if start, err = e[2].int("start_offset"); err != nil {
				return rawSpans{}, nil, fmt.Errorf("%q item %d: %v", key, i, err)
			}
			if end, err = e[3].int("end_offset"); err != nil {
				return rawSpans{}, nil, fmt.Errorf("%q item %d: %v", key, i, err)
			}
			if label, err = d.labels.label(e[1], "label"); err != nil {
				return rawSpans{}, nil, fmt.Errorf("%q item %d: %v", key, i, err)
			}
		default:
			return rawSpans{}, nil, fmt.Errorf("%q item %d: want [start, end, \"LABEL\"], got %s", key, i, clip(it, 40))
		}
		if direct == "" {
			spans = append(spans, rawSpan{start: start, end: end, label: label})
			continue
		}
		cs, err := t.toCodePoint(direct, start)
		if err != nil {
			return rawSpans{}, nil, fmt.Errorf("%q item %d %s: start %s", key, i, clip(it, 60), err)
		}
		ce, err := t.toCodePoint(direct, end)
		if err != nil {
			return rawSpans{}, nil, fmt.Errorf("%q item %d %s: end %s", key, i, clip(it, 60), err)
		}
		if cs >= ce {
			return rawSpans{}, nil, fmt.Errorf("%q item %d %s: start must be before end", key, i, clip(it, 60))
		}
		out = append(out, annotate.Span{Start: cs, End: ce, Label: label, Origin: annotate.OriginManual})
	}
	if items.err != nil {
		return rawSpans{}, nil, fmt.Errorf("%q: %v", key, items.err)
	}
	if direct != "" {
		return rawSpans{}, out, nil
	}
	return rawSpans{list: spans, name: itemNamer(key, list)}, nil, nil
}

// itemNamer names the i-th item of a span list for errors, finding it
// again in the list only when asked.
func itemNamer(key string, list jv) func(int) string {
	return func(i int) string {
		items, _ := list.array(key)
		n := 0
		for it, ok := items.next(); ok; it, ok = items.next() {
			if n == i {
				return fmt.Sprintf("%q item %d %s", key, items.n, clip(it, 60))
			}
			n++
		}
		return fmt.Sprintf("%q item %d", key, i+1)
	}
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
	Status    string          `json:"goldspan_status,omitempty"`
	Meta      json.RawMessage `json:"meta,omitempty"`
}

type doccanoEncoder struct {
	w     *bufio.Writer
	units string
	lossList
}

func newDoccanoEncoder(w io.Writer, o Options) *doccanoEncoder {
	u := o.Units
	if u == "" || u == UnitsAuto {
		u = UnitsUTF16
	}
	return &doccanoEncoder{w: bufio.NewWriterSize(w, 64<<10), units: u}
}

// Encode implements Encoder.
func (e *doccanoEncoder) Encode(r annotate.Record) error {
	e.noSuggestions(r, "doccano")
	out := doccanoOut{ID: numericID(r.Doc.ID), Text: r.Doc.Text}
	if len(r.Doc.Meta) > 0 && string(r.Doc.Meta) != "{}" {
		out.Meta = r.Doc.Meta
	}
	if r.HasSpans {
		t := newUnitText(r.Doc.Text)
		spans := append([]annotate.Span(nil), r.Spans...)
		annotate.SortSpans(spans)
		list := make([][3]any, 0, len(spans))
		for _, s := range spans {
			if s.Start < 0 || s.End > t.n || s.Start >= s.End {
				e.add(Loss{DocID: r.Doc.ID, Start: s.Start, End: s.End, Label: s.Label, Reason: fmt.Sprintf("offsets outside the text of %d characters", t.n)})
				continue
			}
			start, ok1 := t.fromCodePoint(e.units, s.Start)
			end, ok2 := t.fromCodePoint(e.units, s.End)
			if !ok1 || !ok2 {
				e.add(Loss{DocID: r.Doc.ID, Start: s.Start, End: s.End, Label: s.Label, Reason: "the span cuts a grapheme cluster, which a grapheme-mode doccano project counts as one character"})
				continue
			}
			list = append(list, [3]any{start, end, s.Label})
		}
		out.Label = &list
		out.Annotator = r.Annotator
		if r.Annotator != "" {
			// doccano keeps keys it does not know as the example's meta and
			// writes them back on export: the status comes home with it.
			out.Status = string(r.Status)
		}
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
