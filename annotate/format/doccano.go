package format

import (
	"bufio"
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

type doccanoIn struct {
	ID        json.RawMessage `json:"id"`
	Text      *string         `json:"text"`
	Label     json.RawMessage `json:"label"`
	Labels    json.RawMessage `json:"labels"`
	Entities  json.RawMessage `json:"entities"`
	Relations []any           `json:"relations"`
	User      json.RawMessage `json:"user"`
	Annotator json.RawMessage `json:"annotator"`
	Meta      json.RawMessage `json:"meta"`
}

type doccanoDecoder struct {
	s *jsonStream
	o Options
	lossList
}

// Next implements Decoder.
func (d *doccanoDecoder) Next() (annotate.Record, error) { return d.s.nextRecord(d.o, d.parse) }

func (d *doccanoDecoder) parse(raw []byte, n int) (annotate.Record, error) {
	var in doccanoIn
	if err := json.Unmarshal(raw, &in); err != nil {
		return annotate.Record{}, fmt.Errorf("%s", jsonProblem(err))
	}
	if in.Text == nil {
		return annotate.Record{}, fmt.Errorf(`missing "text"`)
	}
	if err := checkSurrogates(raw, *in.Text); err != nil {
		return annotate.Record{}, err
	}
	rec := annotate.Record{Line: n, Doc: annotate.Document{Text: *in.Text}}
	var err error
	if rec.Doc.ID, err = recordID(in.ID, rec.Doc.Text); err != nil {
		return rec, err
	}
	if rec.Doc.Meta, err = compactObject(in.Meta); err != nil {
		return rec, fmt.Errorf(`"meta": %s`, err)
	}
	for _, k := range []struct {
		key string
		raw json.RawMessage
	}{{"annotator", in.Annotator}, {"user", in.User}} {
		name, ok, err := userName(k.raw)
		if err != nil {
			return rec, fmt.Errorf("%q %s", k.key, err)
		}
		if ok && rec.Annotator == "" {
			rec.Annotator = name
		}
	}
	present, key, list := false, "", json.RawMessage(nil)
	for _, c := range []struct {
		key string
		raw json.RawMessage
	}{{"label", in.Label}, {"labels", in.Labels}, {"entities", in.Entities}} {
		if len(c.raw) == 0 || string(c.raw) == "null" {
			continue
		}
		present = true
		var items []json.RawMessage
		if json.Unmarshal(c.raw, &items) != nil {
			return rec, fmt.Errorf("%q must be a list of [start, end, \"LABEL\"]", c.key)
		}
		if len(items) == 0 {
			continue
		}
		if key != "" {
			return rec, fmt.Errorf("both %q and %q hold labels; keep one", key, c.key)
		}
		key, list = c.key, c.raw
	}
	if present {
		rec.HasSpans = true
	}
	if key != "" {
		spans, err := doccanoSpans(key, list, annotate.NewOffsets(rec.Doc.Text))
		if err != nil {
			return rec, err
		}
		rec.Spans = dedupe(spans)
	}
	if err := finishRecord(&rec, d.o); err != nil {
		return rec, err
	}
	if len(in.Relations) > 0 {
		d.add(Loss{DocID: rec.Doc.ID, Reason: fmt.Sprintf("%d relations not imported: Goldspan has no relations", len(in.Relations))})
	}
	return rec, nil
}

// doccanoSpans reads a span list: [start, end, "LABEL"] triples or
// {"start_offset","end_offset","label"} objects, in UTF-16 code units.
func doccanoSpans(key string, raw json.RawMessage, off *annotate.Offsets) ([]annotate.Span, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("%q must be a list of [start, end, \"LABEL\"]", key)
	}
	spans := make([]annotate.Span, 0, len(items))
	for i, it := range items {
		var start, end int
		var label string
		switch {
		case len(it) > 0 && it[0] == '"':
			return nil, fmt.Errorf("%q holds text-classification categories (%s), not spans; Goldspan imports sequence-labelling projects only", key, clip(it, 40))
		case len(it) > 0 && it[0] == '[':
			var triple []json.RawMessage
			if json.Unmarshal(it, &triple) != nil || len(triple) != 3 ||
				json.Unmarshal(triple[0], &start) != nil || json.Unmarshal(triple[1], &end) != nil || json.Unmarshal(triple[2], &label) != nil {
				return nil, fmt.Errorf("%q item %d: want [start, end, \"LABEL\"] with whole-number offsets, got %s", key, i+1, clip(it, 60))
			}
		case len(it) > 0 && it[0] == '{':
			var obj struct {
				Start  *int            `json:"start_offset"`
				End    *int            `json:"end_offset"`
				Label  *string         `json:"label"`
				Labels json.RawMessage `json:"labels"`
			}
			if json.Unmarshal(it, &obj) != nil {
				return nil, fmt.Errorf("%q item %d: want {\"start_offset\", \"end_offset\", \"label\"} with whole-number offsets, got %s", key, i+1, clip(it, 60))
			}
			if len(obj.Labels) > 0 {
				return nil, fmt.Errorf("%q item %d looks like Label Studio's JSON-MIN export; export JSON from Label Studio and import it with --format labelstudio", key, i+1)
			}
			if obj.Start == nil || obj.End == nil || obj.Label == nil {
				return nil, fmt.Errorf("%q item %d: want {\"start_offset\", \"end_offset\", \"label\"}, got %s", key, i+1, clip(it, 60))
			}
			start, end, label = *obj.Start, *obj.End, *obj.Label
		default:
			return nil, fmt.Errorf("%q item %d: want [start, end, \"LABEL\"], got %s", key, i+1, clip(it, 40))
		}
		s, err := fromUTF16(off, start)
		if err != nil {
			return nil, fmt.Errorf("%q item %d %s: start %s", key, i+1, clip(it, 60), err)
		}
		e, err := fromUTF16(off, end)
		if err != nil {
			return nil, fmt.Errorf("%q item %d %s: end %s", key, i+1, clip(it, 60), err)
		}
		if s >= e {
			return nil, fmt.Errorf("%q item %d %s: start must be before end", key, i+1, clip(it, 60))
		}
		spans = append(spans, annotate.Span{Start: s, End: e, Label: label, Origin: annotate.OriginManual})
	}
	return spans, nil
}

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
