package format

import (
	"encoding/json"
	"fmt"
	"io"

	"goldspan/annotate"
)

// Label Studio's JSON-MIN export (import only), as label-studio-converter
// writes it (converter.py, convert_to_json_min): one array, a record per
// annotation, the task's data keys at the top level beside the results of
// each control tag under its name (from_name, "label" in the NER
// template), code point offsets:
//
//	[{"text":"…","id":1,"label":[{"start":0,"end":2,"text":"北京","labels":["LOC"]}],
//	  "annotator":"a@x.org","annotation_id":1,"created_at":"…","updated_at":"…","lead_time":3.2}]
//
// A record whose annotation_id is not null is one annotation: its
// annotator is "annotator" (an email, or a user id N read as "user-N"),
// else Options.Annotator, and its spans are the regions of every list
// of {"start","end","text","labels"} objects (one span per label; "text"
// must match the document at those code points); an annotation without
// regions has no entities. A task without annotations (annotation_id
// null) is a document without annotation. Other top-level strings,
// numbers and objects are the task's data: the document's meta. Lists of
// other results (choices, text areas) cannot be imported: the decoder's
// Losses lists them. "created_at", "updated_at", "lead_time" and
// "agreement" are read past. Skipped annotations never reach JSON-MIN
// (the converter drops them).

func init() {
	Register(Format{
		Name:       "labelstudio-min",
		Doc:        `Label Studio JSON-MIN: [{"text","id","label":[{"start","end","text","labels"}],"annotator","annotation_id",…}] (import only)`,
		NewDecoder: func(r io.Reader, o Options) Decoder { return &lsMinDecoder{s: newJSONStream(r, o), o: o} },
	})
	RegisterSnifferFirst(func(head []byte) (string, bool) {
		k, _ := firstKeys(head)
		return "labelstudio-min", k["text"] && (k["annotation_id"] || k["lead_time"])
	})
}

var lsMinRegionKeys = keySet{what: "JSON-MIN regions", read: []string{"start", "end", "text", "labels"}}

type lsMinDecoder struct {
	s      *jsonStream
	o      Options
	labels labels
	lossList
}

// Next implements Decoder.
func (d *lsMinDecoder) Next() (annotate.Record, error) { return d.s.nextRecord(d.o, d.parse) }

func (d *lsMinDecoder) parse(v jv, n int) (annotate.Record, error) {
	o, err := v.object("the record")
	if err != nil {
		return annotate.Record{}, err
	}
	var text, id, annotator, annID jv
	var rest []member
	for key, val, ok := o.next(); ok; key, val, ok = o.next() {
		switch string(key) {
		case "text":
			text = val
		case "id":
			id = val
		case "annotator":
			annotator = val
		case "annotation_id":
			annID = val
		case "created_at", "updated_at", "lead_time", "agreement":
			if err := checkTree(val); err != nil {
				return annotate.Record{}, fmt.Errorf("%q: %v", key, err)
			}
		default:
			rest = append(rest, member{key: string(key), val: json.RawMessage(val)})
		}
	}
	if o.err != nil {
		return annotate.Record{}, o.err
	}
	if text == nil {
		return annotate.Record{}, fmt.Errorf(`missing "text" (the task's data key; JSON-MIN of a project whose text is under another key cannot be read)`)
	}
	t, err := text.str("text")
	if err != nil {
		return annotate.Record{}, err
	}
	if err := checkText("text", t); err != nil {
		return annotate.Record{}, err
	}
	rec := annotate.Record{Line: n, Doc: annotate.Document{Text: t}}
	if rec.Doc.ID, err = recordID(id, t); err != nil {
		return rec, err
	}
	rec.HasSpans = !annID.absent()
	if rec.HasSpans {
		if _, err := jsonID(annID); err != nil {
			return rec, fmt.Errorf(`"annotation_id": %v`, err)
		}
		name, ok, err := userName(annotator, "annotator")
		if err != nil {
			return rec, err
		}
		if ok {
			rec.Annotator = name
		}
	}
	runes := []rune(t)
	var meta []member
	for _, m := range rest {
		val := jv(m.val)
		if len(val) == 0 || val[0] != '[' {
			if err := checkTree(val); err != nil {
				return rec, fmt.Errorf("%q: %v", m.key, err)
			}
			meta = append(meta, m)
			continue
		}
		items, _ := val.array(m.key)
		regions, others := 0, 0
		for it, ok := items.next(); ok; it, ok = items.next() {
			if !isRegion(it) {
				if err := checkTree(it); err != nil {
					return rec, fmt.Errorf("%q: %v", m.key, err)
				}
				others++
				continue
			}
			regions++
			spans, err := d.region(it, runes, fmt.Sprintf("%q item %d", m.key, items.n))
			if err != nil {
				return rec, err
			}
			rec.Spans = append(rec.Spans, spans...)
		}
		if items.err != nil {
			return rec, items.err
		}
		if others > 0 || regions == 0 && items.n > 0 {
			d.add(Loss{DocID: rec.Doc.ID, Reason: fmt.Sprintf("line %d: %q holds %d results that are not text spans (choices, text areas, …): not imported", n, m.key, items.n-regions)})
		}
		if regions > 0 && !rec.HasSpans {
			return rec, fmt.Errorf(`%q holds spans but "annotation_id" is null`, m.key)
		}
		if regions == 0 && items.n == 0 && !rec.HasSpans {
			meta = append(meta, m) // a data list
		}
	}
	rec.Spans = dedupe(rec.Spans)
	if len(meta) > 0 {
		rec.Doc.Meta = joinObject(meta)
	}
	return rec, finishRecord(&rec, d.o)
}

// isRegion reports whether v is an object with "start" and "labels".
func isRegion(v jv) bool {
	o, err := v.object("")
	if err != nil {
		return false
	}
	has := 0
	for k, _, ok := o.next(); ok; k, _, ok = o.next() {
		if string(k) == "start" || string(k) == "labels" {
			has++
		}
	}
	return has == 2
}

// region reads {"start","end","text","labels"} into one span per label.
func (d *lsMinDecoder) region(v jv, text []rune, where string) ([]annotate.Span, error) {
	var f [4]jv
	if err := lsMinRegionKeys.fields(v, where, f[:]); err != nil {
		return nil, fmt.Errorf("%s: %v", where, err)
	}
	if f[1].absent() {
		return nil, fmt.Errorf(`%s: missing "end"`, where)
	}
	s, err1 := f[0].int("start")
	e, err2 := f[1].int("end")
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf(`%s: "start" and "end" must be whole numbers (code points)`, where)
	}
	if s < 0 || s >= e || e > len(text) {
		return nil, fmt.Errorf("%s [%d,%d): need 0 ≤ start < end ≤ %d (the text's length in code points)", where, s, e, len(text))
	}
	if !f[2].absent() {
		want, err := f[2].str("text")
		if err != nil {
			return nil, fmt.Errorf("%s: %v", where, err)
		}
		if got := string(text[s:e]); got != want {
			return nil, fmt.Errorf("%s [%d,%d): \"text\" is %q, but the document has %q there", where, s, e, want, got)
		}
	}
	labels, err := f[3].array("labels")
	if err != nil {
		return nil, fmt.Errorf("%s: %v", where, err)
	}
	var out []annotate.Span
	for l, ok := labels.next(); ok; l, ok = labels.next() {
		name, err := d.labels.label(l, "labels")
		if err != nil {
			return nil, fmt.Errorf("%s: %v", where, err)
		}
		out = append(out, annotate.Span{Start: s, End: e, Label: name, Origin: annotate.OriginManual})
	}
	if labels.err != nil {
		return nil, labels.err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: \"labels\" is empty", where)
	}
	return out, nil
}
