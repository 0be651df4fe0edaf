package format

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"goldspan/annotate"
)

// Label Studio JSON: one array of tasks (also read: JSONL of tasks), code
// point offsets:
//
//	[{"id":1,"data":{"text":"…"},
//	  "annotations":[{"completed_by":3,"result":[{"id":"r1","from_name":"label",
//	    "to_name":"text","type":"labels","origin":"manual",
//	    "value":{"start":0,"end":2,"text":"北京","labels":["LOC"]}}]}],
//	  "predictions":[{"model_version":"dictionary","score":0.8,"result":[…]}]}]
//
// Import streams the array one task at a time. A task with several
// annotations gives one record per annotation, in order; its predictions
// become the machine suggestions of the first (source: model_version,
// score: the result's score, else the prediction's). Annotators:
// completed_by may be a user id N ("user-N"), an object (its email, else
// first and last name, else "user-<id>") or a name; without it,
// Options.Annotator. was_cancelled reads as status skipped, other
// annotations as done. Only "labels" results are spans; a region with
// several labels gives one span per label; value.text must match the
// text at the offsets (a mismatch that UTF-16 counting would explain is
// said so). Other result types (choices, relations, textarea, ...) cannot
// be imported: the decoder's Losses lists them. Exact duplicate spans
// are read once; drafts are ignored; data keys other than "text" are
// ignored; the task's "meta" is the document's meta. Keys are read
// strictly (see jsonvalue.go): Label Studio's many other keys are
// tolerated unless one looks like a misspelt key Goldspan reads.
//
// Export groups consecutive records of one document into one task:
// annotators' records become annotations, machine suggestions become
// predictions, one per source (model_version; score the mean of its
// results' scores; taken from the first record of the task that has any,
// since every record of a document carries all its suggestions). Result
// ids are "r1", "r2", ... (predictions "p1", ...), so output is
// reproducible.
//
// Annotators: Label Studio's importer (label_studio/tasks/serializers.py,
// BaseTaskSerializerBulk._insert_valid_completed_by) accepts completed_by
// only as {"email": e} of a member of the organization or the integer id
// of one, and keeps none of an annotation's other fields but ground_truth,
// was_cancelled, lead_time, result and id (add_annotations). So by default
// completed_by is left out (Label Studio gives the annotation to the user
// who imports) and the annotators' names go into the task's meta, which
// it keeps, as "goldspan_annotators": one name per annotation, in order;
// import reads them back (before completed_by) and drops the key from the
// document's meta. NewLabelStudioEncoder with an email map writes
// completed_by {"email": ...} for every annotator (one missing from the
// map is an error). ground_truth is true for the gold layer only (Label
// Studio's default when it is absent is true). What Label Studio cannot
// hold: statuses other than done and skipped (they import as done).

func init() {
	Register(Format{
		Name:       "labelstudio",
		Extensions: []string{".json"},
		Doc:        `Label Studio JSON: [{"id","data":{"text"},"annotations":[{"completed_by","result":[…]}],"predictions":[…]}], code points`,
		NewDecoder: func(r io.Reader, o Options) Decoder { return &lsDecoder{s: newJSONStream(r, o), o: o} },
		NewEncoder: func(w io.Writer, o Options) Encoder { return NewLabelStudioEncoder(w, o, nil) },
	})
	RegisterSniffer(func(head []byte) (string, bool) {
		k, array := firstKeys(head)
		if k["data"] || k["annotations"] || k["predictions"] || k["completions"] {
			return "labelstudio", true
		}
		return "labelstudio", array && !k["text"] && !k["tokens"]
	})
}

// lsAnnotatorsKey is the task meta key that carries the annotators' names,
// one per annotation in order (see the export notes above).
const lsAnnotatorsKey = "goldspan_annotators"

// lsStatusesKey carries the annotators' statuses, one per annotation as
// lsAnnotatorsKey, when one is neither done nor skipped (Label Studio
// has no "in progress": without it, the work would come back as done).
const lsStatusesKey = "goldspan_statuses"

// NewLabelStudioEncoder is the Label Studio encoder; emails, when not nil,
// maps every annotator to the email of a Label Studio member, written as
// completed_by {"email": ...}. Without it completed_by is left out, which
// Label Studio always accepts.
func NewLabelStudioEncoder(w io.Writer, o Options, emails map[string]string) Encoder {
	return &lsEncoder{w: bufio.NewWriterSize(w, 64<<10), emails: emails}
}

// The keys of a Label Studio task and of what it holds. Label Studio
// writes many keys of its own, and more with every version (created_at,
// updated_at, inner_id, total_annotations, lead_time, ground_truth,
// result_count, to_name, readonly, ...); data holds the task's own fields
// beside "text". So any other key is tolerated (checked for a key twice
// inside, not read), unless it looks like a misspelling of one of these
// that the object lacks (nearKey): "Data" for "data", "annotation" for
// "annotations".
var (
	lsTaskKeys       = keySet{what: "Label Studio tasks", read: []string{"id", "data", "meta", "annotations", "completions", "predictions"}, open: true}
	lsDataKeys       = keySet{what: "Label Studio task data", read: []string{"text"}, open: true}
	lsAnnotationKeys = keySet{what: "Label Studio annotations", read: []string{"completed_by", "result", "was_cancelled"}, open: true}
	lsPredictionKeys = keySet{what: "Label Studio predictions", read: []string{"model_version", "score", "result"}, open: true}
	lsResultKeys     = keySet{what: "Label Studio results", read: []string{"type", "from_name", "origin", "score", "value"}, open: true}
	lsValueKeys      = keySet{what: "Label Studio result values", read: []string{"start", "end", "text", "labels"}, open: true}
	lsUserKeys       = keySet{what: "Label Studio users", read: []string{"id", "email", "first_name", "last_name"}, open: true}
)

// lsResult is one result of an annotation or prediction.
type lsResult struct {
	Type     string
	FromName string
	Origin   string
	Score    *float64
}

type lsDecoder struct {
	s      *jsonStream
	o      Options
	queue  []annotate.Record
	labels labels
	lossList
}

// Next implements Decoder.
func (d *lsDecoder) Next() (annotate.Record, error) {
	for len(d.queue) == 0 {
		raw, line, task, err := d.s.next()
		if err != nil {
			return annotate.Record{}, err
		}
		recs, err := d.parse(jv(raw), line)
		if err != nil {
			err = lineError(d.o, line, "task %d: %s", task, err)
			d.s.err = err
			return annotate.Record{}, err
		}
		d.queue = recs
	}
	rec := d.queue[0]
	d.queue[0] = annotate.Record{}
	d.queue = d.queue[1:]
	return rec, nil
}

func (d *lsDecoder) parse(v jv, line int) ([]annotate.Record, error) {
	var t [6]jv // id, data, meta, annotations, completions, predictions
	if err := lsTaskKeys.fields(v, "the task", t[:]); err != nil {
		return nil, err
	}
	if t[1].absent() {
		return nil, fmt.Errorf(`missing "data" (a Label Studio task is {"data":{"text":...},...})`)
	}
	if len(t[1]) == 0 || t[1][0] != '{' {
		return nil, fmt.Errorf(`"data" must be an object with a "text" string`)
	}
	var data [1]jv
	if err := lsDataKeys.fields(t[1], "data", data[:]); err != nil {
		return nil, fmt.Errorf(`"data": %v`, err)
	}
	if data[0].absent() {
		return nil, fmt.Errorf(`"data" has no "text" (Goldspan reads the document from data.text)`)
	}
	if len(data[0]) == 0 || data[0][0] != '"' {
		return nil, fmt.Errorf(`"data" must be an object with a "text" string`)
	}
	text, err := data[0].str("text")
	if err != nil {
		return nil, fmt.Errorf(`"data": %v`, err)
	}
	if err := checkText("text", text); err != nil {
		return nil, fmt.Errorf(`"data": %v`, err)
	}
	doc := annotate.Document{Text: text}
	if doc.ID, err = recordID(t[0], doc.Text); err != nil {
		return nil, err
	}
	if doc.Meta, err = compactObject(t[2]); err != nil {
		return nil, fmt.Errorf(`"meta": %s`, err)
	}
	var metaNames, metaStatuses []string
	if doc.Meta, metaNames, err = lsMetaAnnotators(doc.Meta); err != nil {
		return nil, fmt.Errorf(`"meta": %s`, err)
	}
	if doc.Meta, metaStatuses, err = lsMetaList(doc.Meta, lsStatusesKey); err != nil {
		return nil, fmt.Errorf(`"meta": %s`, err)
	}
	textLen := utf8.RuneCountInString(text)
	var off *annotate.Offsets
	offsets := func() *annotate.Offsets {
		if off == nil {
			off = annotate.NewOffsets(text)
		}
		return off
	}

	anns := t[3]
	if anns.absent() {
		anns = t[4]
	}
	var recs []annotate.Record
	if !anns.absent() {
		list, err := anns.array("annotations")
		if err != nil {
			return nil, fmt.Errorf(`"annotations" must be a list of {"completed_by","result"}: %v`, err)
		}
		for it, ok := list.next(); ok; it, ok = list.next() {
			i := list.n
			var a [3]jv // completed_by, result, was_cancelled
			if err := lsAnnotationKeys.fields(it, "annotations", a[:]); err != nil {
				return nil, fmt.Errorf("annotation %d: %v", i, err)
			}
			rec := annotate.Record{Line: line, Doc: doc, HasSpans: true, Status: annotate.StatusDone}
			name, err := lsUser(a[0])
			if err != nil {
				return nil, fmt.Errorf("annotation %d: \"completed_by\" %s", i, err)
			}
			if i-1 < len(metaNames) {
				name = metaNames[i-1]
			}
			rec.Annotator = name
			if rec.Annotator == "" {
				rec.Annotator = d.o.Annotator
			}
			if i-1 < len(metaStatuses) {
				if rec.Status, err = annotate.ParseStatus(metaStatuses[i-1]); err != nil {
					return nil, fmt.Errorf("\"meta\" %q: %s", lsStatusesKey, annotate.ErrorMessage(err))
				}
			}
			if rec.Annotator == "" {
				return nil, fmt.Errorf(`annotation %d has no "completed_by"; give an annotator with --annotator`, i)
			}
			if !a[2].absent() {
				cancelled, err := a[2].bool("was_cancelled")
				if err != nil {
					return nil, fmt.Errorf("annotation %d: %v", i, err)
				}
				if cancelled {
					rec.Status = annotate.StatusSkipped
				}
			}
			err = d.results(a[1], textLen, offsets, doc.ID, func(r lsResult, s annotate.Span) {
				switch r.Origin {
				case "prediction":
					s.Origin = annotate.OriginSuggestion
				case "prediction-changed":
					s.Origin = annotate.OriginSuggestionEdited
				default:
					s.Origin = annotate.OriginManual
				}
				rec.Spans = append(rec.Spans, s)
			})
			if err != nil {
				return nil, fmt.Errorf("annotation %d: %s", i, err)
			}
			rec.Spans = dedupe(rec.Spans)
			if err := finishRecord(&rec, d.o); err != nil {
				return nil, fmt.Errorf("annotation %d: %s", i, err)
			}
			recs = append(recs, rec)
		}
		if list.err != nil {
			return nil, fmt.Errorf(`"annotations": %v`, list.err)
		}
	}

	var sugs []annotate.Suggestion
	if !t[5].absent() {
		list, err := t[5].array("predictions")
		if err != nil {
			return nil, fmt.Errorf(`"predictions" must be a list of {"model_version","result"}: %v`, err)
		}
		for it, ok := list.next(); ok; it, ok = list.next() {
			i := list.n
			var p [3]jv // model_version, score, result
			if err := lsPredictionKeys.fields(it, "predictions", p[:]); err != nil {
				return nil, fmt.Errorf("prediction %d: %v", i, err)
			}
			source := "model"
			if !p[0].absent() {
				s := ""
				if p[0][0] == '"' {
					if s, err = p[0].str("model_version"); err != nil {
						return nil, fmt.Errorf("prediction %d: %v", i, err)
					}
				} else {
					s = string(p[0])
				}
				if s != "" {
					if err := checkName("model_version", s); err != nil {
						return nil, fmt.Errorf("prediction %d: %v", i, err)
					}
					source = s
				}
			}
			var pscore *float64
			if !p[1].absent() {
				f, err := p[1].float("score")
				if err != nil {
					return nil, fmt.Errorf("prediction %d: %v", i, err)
				}
				pscore = &f
			}
			err := d.results(p[2], textLen, offsets, doc.ID, func(r lsResult, s annotate.Span) {
				score := 0.0
				if r.Score != nil {
					score = *r.Score
				} else if pscore != nil {
					score = *pscore
				}
				sugs = append(sugs, annotate.Suggestion{DocID: doc.ID, Start: s.Start, End: s.End, Label: s.Label, Source: source, Score: score})
			})
			if err != nil {
				return nil, fmt.Errorf("prediction %d: %s", i, err)
			}
		}
		if list.err != nil {
			return nil, fmt.Errorf(`"predictions": %v`, list.err)
		}
	}
	// Label Studio lets one user submit a task twice; Goldspan keeps one
	// layer per annotator: the later annotation, and the loss said.
	if len(recs) > 1 {
		at := map[string]int{}
		kept := recs[:0]
		for i, r := range recs {
			if r.Annotator == "" {
				kept = append(kept, r)
				continue
			}
			if j, dup := at[r.Annotator]; dup {
				d.add(Loss{DocID: doc.ID, Reason: fmt.Sprintf("two annotations by %s on the task of line %d: the later one (annotation %d) is kept, the earlier one's %s are not imported", r.Annotator, line, i+1, annotate.Plural(len(kept[j].Spans), "span"))})
				kept[j] = r
				continue
			}
			at[r.Annotator] = len(kept)
			kept = append(kept, r)
		}
		recs = kept
	}
	if len(recs) == 0 {
		rec := annotate.Record{Line: line, Doc: doc}
		if err := finishRecord(&rec, d.o); err != nil {
			return nil, err
		}
		recs = append(recs, rec)
	}
	if len(sugs) > 0 {
		recs[0].Suggestions = sugs
	}
	return recs, nil
}

// results reads a result list, calling add for each span of a "labels"
// result and listing other results as losses.
func (d *lsDecoder) results(list jv, textLen int, offsets func() *annotate.Offsets, docID string, add func(lsResult, annotate.Span)) error {
	if list.absent() {
		return nil
	}
	items, err := list.array("result")
	if err != nil {
		return fmt.Errorf(`"result" must be a list of {"type","value",...}: %v`, err)
	}
	for it, ok := items.next(); ok; it, ok = items.next() {
		j := items.n
		var f [5]jv // type, from_name, origin, score, value
		if err := lsResultKeys.fields(it, "result", f[:]); err != nil {
			return fmt.Errorf("result %d: %v", j, err)
		}
		var r lsResult
		var err error
		for k, dst := range []*string{&r.Type, &r.FromName, &r.Origin} {
			if *dst, _, err = f[k].optStr(lsResultKeys.read[k]); err != nil {
				return fmt.Errorf("result %d: %v", j, err)
			}
		}
		if !f[3].absent() {
			score, err := f[3].float("score")
			if err != nil {
				return fmt.Errorf("result %d: %v", j, err)
			}
			r.Score = &score
		}
		if r.Type != "labels" {
			if err := checkTree(f[4]); err != nil {
				return fmt.Errorf("result %d: \"value\": %v", j, err)
			}
			d.add(Loss{DocID: docID, Label: sanitize(r.Type), Reason: fmt.Sprintf("a %q result (from %q) is not a text span and was not imported", r.Type, r.FromName)})
			continue
		}
		bad := fmt.Errorf(`result %d: "value" needs whole-number "start" and "end" and a "labels" list`, j)
		var v [4]jv // start, end, text, labels
		if len(f[4]) == 0 || f[4][0] != '{' {
			return bad
		}
		if err := lsValueKeys.fields(f[4], "value", v[:]); err != nil {
			return fmt.Errorf("result %d: \"value\": %v", j, err)
		}
		if v[0].absent() || v[1].absent() || v[0][0] == '"' || v[1][0] == '"' || !v[3].absent() && v[3][0] != '[' {
			return bad
		}
		start, ok1 := v[0].whole()
		end, ok2 := v[1].whole()
		if !ok1 || !ok2 {
			return fmt.Errorf(`result %d: "start" and "end" must be whole numbers (code points), not %s and %s`, j, clip(v[0], 24), clip(v[1], 24))
		}
		var labels []string
		if !v[3].absent() {
			la, _ := v[3].array("labels")
			for l, ok := la.next(); ok; l, ok = la.next() {
				if len(l) == 0 || l[0] != '"' {
					return bad
				}
				name, err := d.labels.label(l, "labels")
				if err != nil {
					return fmt.Errorf("result %d: %v", j, err)
				}
				labels = append(labels, name)
			}
			if la.err != nil {
				return fmt.Errorf("result %d: %v", j, la.err)
			}
		}
		if start < 0 || end > textLen || start >= end {
			return fmt.Errorf("result %d [%d,%d): offsets out of range: need 0 <= start < end <= %d (the text's length in code points)", j, start, end, textLen)
		}
		if !v[2].absent() {
			want, err := v[2].str("text")
			if err != nil {
				return fmt.Errorf("result %d: %v", j, err)
			}
			off := offsets()
			if got := off.Slice(start, end); got != want {
				hint := ""
				if s, ok := off.FromUTF16(start); ok {
					if e, ok := off.FromUTF16(end); ok && e <= off.Len() && s < e && off.Slice(s, e) == want {
						hint = " (the offsets match if counted in UTF-16 code units, as JavaScript counts; Label Studio JSON counts code points)"
					}
				}
				return fmt.Errorf("result %d [%d,%d): text %q does not match the document's %q at those code points%s", j, start, end, want, got, hint)
			}
		}
		if len(labels) == 0 {
			return fmt.Errorf(`result %d [%d,%d): "labels" is empty`, j, start, end)
		}
		for _, l := range labels {
			add(r, annotate.Span{DocID: docID, Start: start, End: end, Label: l})
		}
	}
	if items.err != nil {
		return fmt.Errorf(`"result": %v`, items.err)
	}
	return nil
}

// lsUser maps completed_by to an annotator name ("" when absent).
func lsUser(v jv) (string, error) {
	if len(v) > 0 && v[0] == '{' {
		var u [4]jv // id, email, first_name, last_name
		if err := lsUserKeys.fields(v, "completed_by", u[:]); err != nil {
			return "", fmt.Errorf("must be a user id, name or {\"email\",...}: %v", err)
		}
		var s [4]string
		for k := 1; k < 4; k++ {
			var err error
			if s[k], _, err = u[k].optStr(lsUserKeys.read[k]); err != nil {
				return "", fmt.Errorf("must be a user id, name or {\"email\",...}: %v", err)
			}
		}
		if email := strings.TrimSpace(s[1]); email != "" {
			return email, nil
		}
		if name := strings.TrimSpace(s[2] + " " + s[3]); name != "" {
			return name, nil
		}
		name, ok, err := userName(u[0], "id")
		if err != nil || !ok {
			return "", fmt.Errorf("has no email, name or id")
		}
		if !strings.HasPrefix(name, "user-") {
			name = "user-" + name
		}
		return name, nil
	}
	name, _, err := userName(v, "completed_by")
	if err != nil {
		return "", fmt.Errorf("must be a name or a whole-number user id, not %s", clip(v, 40))
	}
	return name, err
}

// lsMetaList takes the list of strings under key out of a task's meta;
// meta without other keys becomes nil.
func lsMetaList(meta json.RawMessage, key string) (json.RawMessage, []string, error) {
	if len(meta) == 0 || !strings.Contains(string(meta), `"`+key+`"`) {
		return meta, nil, nil
	}
	ms, err := objectMembers(meta)
	if err != nil {
		return nil, nil, err
	}
	var out []string
	kept := ms[:0]
	for _, m := range ms {
		if m.key != key {
			kept = append(kept, m)
			continue
		}
		list, err := jv(m.val).array(key)
		if err != nil {
			return nil, nil, fmt.Errorf("%q must be a list of strings: %v", key, err)
		}
		for it, ok := list.next(); ok; it, ok = list.next() {
			v, err := it.str(key)
			if err != nil {
				return nil, nil, err
			}
			out = append(out, v)
		}
		if list.err != nil {
			return nil, nil, fmt.Errorf("%q: %v", key, list.err)
		}
	}
	if len(kept) == 0 {
		return nil, out, nil
	}
	return joinObject(kept), out, nil
}

// lsMetaAnnotators takes the annotators' names (lsAnnotatorsKey) out of a
// task's meta; meta without other keys becomes nil.
func lsMetaAnnotators(meta json.RawMessage) (json.RawMessage, []string, error) {
	if len(meta) == 0 || !strings.Contains(string(meta), `"`+lsAnnotatorsKey+`"`) {
		return meta, nil, nil
	}
	ms, err := objectMembers(meta)
	if err != nil {
		return nil, nil, err
	}
	var names []string
	kept := ms[:0]
	for _, m := range ms {
		if m.key != lsAnnotatorsKey {
			kept = append(kept, m)
			continue
		}
		list, err := jv(m.val).array(lsAnnotatorsKey)
		if err != nil {
			return nil, nil, fmt.Errorf("%q must be a list of annotator names: %v", lsAnnotatorsKey, err)
		}
		for it, ok := list.next(); ok; it, ok = list.next() {
			name, err := it.str(lsAnnotatorsKey)
			if err != nil {
				return nil, nil, err
			}
			if err := annotate.ValidateAnnotator(name); err != nil {
				return nil, nil, fmt.Errorf("%q: %s", lsAnnotatorsKey, annotate.ErrorMessage(err))
			}
			names = append(names, name)
		}
		if list.err != nil {
			return nil, nil, fmt.Errorf("%q: %v", lsAnnotatorsKey, list.err)
		}
	}
	if len(kept) == 0 {
		return nil, names, nil
	}
	return joinObject(kept), names, nil
}

type lsValueOut struct {
	Start  int      `json:"start"`
	End    int      `json:"end"`
	Text   string   `json:"text"`
	Labels []string `json:"labels"`
}

type lsResultOut struct {
	ID       string     `json:"id"`
	FromName string     `json:"from_name"`
	ToName   string     `json:"to_name"`
	Type     string     `json:"type"`
	Origin   string     `json:"origin,omitempty"`
	Score    *float64   `json:"score,omitempty"`
	Value    lsValueOut `json:"value"`
}

type lsAnnotationOut struct {
	CompletedBy  json.RawMessage `json:"completed_by,omitempty"`
	GroundTruth  bool            `json:"ground_truth"`
	WasCancelled bool            `json:"was_cancelled"`
	Result       []lsResultOut   `json:"result"`
}

type lsPredictionOut struct {
	ModelVersion string        `json:"model_version"`
	Score        float64       `json:"score"`
	Result       []lsResultOut `json:"result"`
}

type lsTaskOut struct {
	ID   json.RawMessage `json:"id"`
	Data struct {
		Text string `json:"text"`
	} `json:"data"`
	Meta        json.RawMessage   `json:"meta,omitempty"`
	Annotations []lsAnnotationOut `json:"annotations"`
	Predictions []lsPredictionOut `json:"predictions"`
}

type lsEncoder struct {
	w      *bufio.Writer
	emails map[string]string
	cur    *lsTaskOut
	meta   json.RawMessage // the document's own meta
	names  []string        // the annotators of cur's annotations
	states []string        // their statuses
	curID  string
	off    *annotate.Offsets
	tasks  int
	lossList
}

// Encode implements Encoder: consecutive records of one document make
// one task.
func (e *lsEncoder) Encode(r annotate.Record) error {
	if e.cur != nil && (e.curID != r.Doc.ID || e.cur.Data.Text != r.Doc.Text) {
		if err := e.flush(); err != nil {
			return err
		}
	}
	if e.cur == nil {
		e.cur = &lsTaskOut{ID: numericID(r.Doc.ID), Annotations: []lsAnnotationOut{}, Predictions: []lsPredictionOut{}}
		e.cur.Data.Text = r.Doc.Text
		e.meta, e.names, e.states = nil, nil, nil
		if len(r.Doc.Meta) > 0 && string(r.Doc.Meta) != "{}" {
			e.meta = r.Doc.Meta
		}
		e.curID = r.Doc.ID
		e.off = annotate.NewOffsets(r.Doc.Text)
	}
	n := e.off.Len()
	inRange := func(s, end int, label string) bool {
		if s < 0 || end > n || s >= end {
			e.add(Loss{DocID: r.Doc.ID, Start: s, End: end, Label: label, Reason: fmt.Sprintf("offsets outside the text of %d characters", n)})
			return false
		}
		return true
	}
	if r.Annotator != "" {
		a := lsAnnotationOut{GroundTruth: r.Annotator == annotate.GoldAnnotator, WasCancelled: r.Status == annotate.StatusSkipped, Result: []lsResultOut{}}
		if e.emails != nil {
			email, ok := e.emails[r.Annotator]
			if !ok {
				return annotate.Errorf(annotate.EINVALID, "annotator %q has no Label Studio email: map every annotator (--ls-email %s=EMAIL) or none", r.Annotator, r.Annotator)
			}
			a.CompletedBy, _ = marshal(map[string]string{"email": email})
		}
		e.names = append(e.names, r.Annotator)
		e.states = append(e.states, string(r.Status))
		spans := append([]annotate.Span(nil), r.Spans...)
		annotate.SortSpans(spans)
		for _, s := range spans {
			if !inRange(s.Start, s.End, s.Label) {
				continue
			}
			origin := "manual"
			switch s.Origin {
			case annotate.OriginSuggestion:
				origin = "prediction"
			case annotate.OriginSuggestionEdited:
				origin = "prediction-changed"
			}
			a.Result = append(a.Result, lsResultOut{ID: fmt.Sprintf("r%d", len(a.Result)+1), FromName: "label", ToName: "text", Type: "labels", Origin: origin,
				Value: lsValueOut{Start: s.Start, End: s.End, Text: e.off.Slice(s.Start, s.End), Labels: []string{s.Label}}})
		}
		e.cur.Annotations = append(e.cur.Annotations, a)
	}
	// Records of one document all carry its suggestions: take them once.
	if len(r.Suggestions) > 0 && len(e.cur.Predictions) == 0 {
		byModel := map[string]int{}
		ids := 0
		for _, s := range r.Suggestions {
			if !inRange(s.Start, s.End, s.Label) {
				continue
			}
			src := s.Source
			if src == "" {
				src = "model"
			}
			i, ok := byModel[src]
			if !ok {
				i = len(e.cur.Predictions)
				byModel[src] = i
				e.cur.Predictions = append(e.cur.Predictions, lsPredictionOut{ModelVersion: src})
			}
			ids++
			score := s.Score
			p := &e.cur.Predictions[i]
			p.Result = append(p.Result, lsResultOut{ID: fmt.Sprintf("p%d", ids), FromName: "label", ToName: "text", Type: "labels", Score: &score,
				Value: lsValueOut{Start: s.Start, End: s.End, Text: e.off.Slice(s.Start, s.End), Labels: []string{s.Label}}})
		}
		for i := range e.cur.Predictions {
			p := &e.cur.Predictions[i]
			sum := 0.0
			for _, res := range p.Result {
				sum += *res.Score
			}
			if len(p.Result) > 0 {
				p.Score = sum / float64(len(p.Result))
			}
		}
	}
	return nil
}

func (e *lsEncoder) flush() error {
	if e.cur == nil {
		return nil
	}
	e.cur.Meta = e.meta
	if len(e.names) > 0 {
		var ms []member
		if len(e.meta) > 0 {
			var err error
			if ms, err = objectMembers(e.meta); err != nil {
				return fmt.Errorf("document %q: meta %s", e.curID, err)
			}
		}
		kept := ms[:0]
		for _, m := range ms {
			if m.key != lsAnnotatorsKey && m.key != lsStatusesKey {
				kept = append(kept, m)
			}
		}
		names, _ := marshal(e.names)
		kept = append(kept, member{key: lsAnnotatorsKey, val: names})
		for _, st := range e.states {
			if st != string(annotate.StatusDone) && st != string(annotate.StatusSkipped) {
				states, _ := marshal(e.states)
				kept = append(kept, member{key: lsStatusesKey, val: states})
				break
			}
		}
		e.cur.Meta = joinObject(kept)
	}
	b, err := marshal(e.cur)
	if err != nil {
		return err
	}
	e.cur, e.off = nil, nil
	if e.tasks == 0 {
		e.w.WriteString("[\n")
	} else {
		e.w.WriteString(",\n")
	}
	e.tasks++
	_, err = e.w.Write(b)
	return err
}

// Close implements Encoder: it writes the last task and closes the array.
func (e *lsEncoder) Close() error {
	if err := e.flush(); err != nil {
		return err
	}
	if e.tasks == 0 {
		e.w.WriteString("[]\n")
	} else {
		e.w.WriteString("\n]\n")
	}
	return e.w.Flush()
}
