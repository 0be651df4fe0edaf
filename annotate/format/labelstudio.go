package format

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

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
// ignored; the task's "meta" is the document's meta.
//
// Export groups consecutive records of one document into one task:
// annotators' records become annotations (completed_by: N for "user-N",
// else {"email": name} for names with @, else {"first_name": name}),
// machine suggestions become predictions, one per source (taken from the
// first record of the task that has any, since every record of a document
// carries all its suggestions). Result ids are
// "r1", "r2", ... (predictions "p1", ...), so output is reproducible. What
// Label Studio cannot hold: statuses other than done and skipped (they
// import as done).

func init() {
	Register(Format{
		Name:       "labelstudio",
		Extensions: []string{".json"},
		Doc:        `Label Studio JSON: [{"id","data":{"text"},"annotations":[{"completed_by","result":[…]}],"predictions":[…]}], code points`,
		NewDecoder: func(r io.Reader, o Options) Decoder { return &lsDecoder{s: newJSONStream(r, o), o: o} },
		NewEncoder: func(w io.Writer, o Options) Encoder { return &lsEncoder{w: bufio.NewWriterSize(w, 64<<10)} },
	})
	RegisterSniffer(func(head []byte) (string, bool) {
		k, array := firstKeys(head)
		if k["data"] || k["annotations"] || k["predictions"] || k["completions"] {
			return "labelstudio", true
		}
		return "labelstudio", array && !k["text"] && !k["tokens"]
	})
}

type lsTask struct {
	ID          json.RawMessage `json:"id"`
	Data        json.RawMessage `json:"data"`
	Meta        json.RawMessage `json:"meta"`
	Annotations json.RawMessage `json:"annotations"`
	Completions json.RawMessage `json:"completions"` // before Label Studio 1.0
	Predictions json.RawMessage `json:"predictions"`
}

type lsAnnotation struct {
	CompletedBy  json.RawMessage `json:"completed_by"`
	Result       json.RawMessage `json:"result"`
	WasCancelled bool            `json:"was_cancelled"`
}

type lsPrediction struct {
	ModelVersion json.RawMessage `json:"model_version"`
	Score        *float64        `json:"score"`
	Result       json.RawMessage `json:"result"`
}

type lsResult struct {
	Type     string          `json:"type"`
	FromName string          `json:"from_name"`
	Origin   string          `json:"origin"`
	Score    *float64        `json:"score"`
	Value    json.RawMessage `json:"value"`
}

type lsValue struct {
	Start  json.RawMessage `json:"start"` // raw: a quoted number is refused too
	End    json.RawMessage `json:"end"`
	Text   *string         `json:"text"`
	Labels []string        `json:"labels"`
}

type lsDecoder struct {
	s     *jsonStream
	o     Options
	queue []annotate.Record
	lossList
}

// Next implements Decoder.
func (d *lsDecoder) Next() (annotate.Record, error) {
	for len(d.queue) == 0 {
		raw, line, task, err := d.s.next()
		if err != nil {
			return annotate.Record{}, err
		}
		recs, err := d.parse(raw, line)
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

func (d *lsDecoder) parse(raw []byte, line int) ([]annotate.Record, error) {
	var t lsTask
	if err := json.Unmarshal(raw, &t); err != nil {
		return nil, fmt.Errorf("%s", jsonProblem(err))
	}
	if len(t.Data) == 0 || string(t.Data) == "null" {
		return nil, fmt.Errorf(`missing "data" (a Label Studio task is {"data":{"text":...},...})`)
	}
	var data struct {
		Text *string `json:"text"`
	}
	if json.Unmarshal(t.Data, &data) != nil {
		return nil, fmt.Errorf(`"data" must be an object with a "text" string`)
	}
	if data.Text == nil {
		return nil, fmt.Errorf(`"data" has no "text" (Goldspan reads the document from data.text)`)
	}
	if err := checkSurrogates(raw, *data.Text); err != nil {
		return nil, err
	}
	doc := annotate.Document{Text: *data.Text}
	var err error
	if doc.ID, err = recordID(t.ID, doc.Text); err != nil {
		return nil, err
	}
	if doc.Meta, err = compactObject(t.Meta); err != nil {
		return nil, fmt.Errorf(`"meta": %s`, err)
	}
	off := annotate.NewOffsets(doc.Text)

	anns := t.Annotations
	if len(anns) == 0 || string(anns) == "null" {
		anns = t.Completions
	}
	var annotations []lsAnnotation
	if len(anns) > 0 && string(anns) != "null" {
		if err := json.Unmarshal(anns, &annotations); err != nil {
			return nil, fmt.Errorf(`"annotations" must be a list of {"completed_by","result"}: %s`, jsonProblem(err))
		}
	}
	var recs []annotate.Record
	for i, a := range annotations {
		rec := annotate.Record{Line: line, Doc: doc, HasSpans: true, Status: annotate.StatusDone}
		name, err := lsUser(a.CompletedBy)
		if err != nil {
			return nil, fmt.Errorf("annotation %d: \"completed_by\" %s", i+1, err)
		}
		rec.Annotator = name
		if rec.Annotator == "" {
			rec.Annotator = d.o.Annotator
		}
		if rec.Annotator == "" {
			return nil, fmt.Errorf(`annotation %d has no "completed_by"; give an annotator with --annotator`, i+1)
		}
		if a.WasCancelled {
			rec.Status = annotate.StatusSkipped
		}
		err = d.results(a.Result, off, doc.ID, func(r lsResult, s annotate.Span) {
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
			return nil, fmt.Errorf("annotation %d: %s", i+1, err)
		}
		rec.Spans = dedupe(rec.Spans)
		if err := finishRecord(&rec, d.o); err != nil {
			return nil, fmt.Errorf("annotation %d: %s", i+1, err)
		}
		recs = append(recs, rec)
	}

	var sugs []annotate.Suggestion
	if len(t.Predictions) > 0 && string(t.Predictions) != "null" {
		var preds []lsPrediction
		if err := json.Unmarshal(t.Predictions, &preds); err != nil {
			return nil, fmt.Errorf(`"predictions" must be a list of {"model_version","result"}: %s`, jsonProblem(err))
		}
		for i, p := range preds {
			source := "model"
			if len(p.ModelVersion) > 0 && string(p.ModelVersion) != "null" {
				var s string
				if json.Unmarshal(p.ModelVersion, &s) != nil {
					s = strings.Trim(string(p.ModelVersion), `"`)
				}
				if s != "" {
					source = s
				}
			}
			err := d.results(p.Result, off, doc.ID, func(r lsResult, s annotate.Span) {
				score := 0.0
				if r.Score != nil {
					score = *r.Score
				} else if p.Score != nil {
					score = *p.Score
				}
				sugs = append(sugs, annotate.Suggestion{DocID: doc.ID, Start: s.Start, End: s.End, Label: s.Label, Source: source, Score: score})
			})
			if err != nil {
				return nil, fmt.Errorf("prediction %d: %s", i+1, err)
			}
		}
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
func (d *lsDecoder) results(raw json.RawMessage, off *annotate.Offsets, docID string, add func(lsResult, annotate.Span)) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var results []lsResult
	if err := json.Unmarshal(raw, &results); err != nil {
		return fmt.Errorf(`"result" must be a list of {"type","value",...}: %s`, jsonProblem(err))
	}
	for j, r := range results {
		if r.Type != "labels" {
			d.add(Loss{DocID: docID, Label: r.Type, Reason: fmt.Sprintf("a %q result (from %q) is not a text span and was not imported", r.Type, r.FromName)})
			continue
		}
		var v lsValue
		if err := json.Unmarshal(r.Value, &v); err != nil || len(v.Start) == 0 || len(v.End) == 0 || v.Start[0] == '"' || v.End[0] == '"' {
			return fmt.Errorf(`result %d: "value" needs whole-number "start" and "end" and a "labels" list`, j+1)
		}
		start, err1 := strconv.Atoi(string(v.Start))
		end, err2 := strconv.Atoi(string(v.End))
		if err1 != nil || err2 != nil {
			return fmt.Errorf(`result %d: "start" and "end" must be whole numbers (code points), not %s and %s`, j+1, clip(v.Start, 24), clip(v.End, 24))
		}
		if start < 0 || end > off.Len() || start >= end {
			return fmt.Errorf("result %d [%d,%d): offsets out of range: need 0 <= start < end <= %d (the text's length in code points)", j+1, start, end, off.Len())
		}
		if v.Text != nil {
			if got := off.Slice(start, end); got != *v.Text {
				hint := ""
				if s, ok := off.FromUTF16(start); ok {
					if e, ok := off.FromUTF16(end); ok && e <= off.Len() && s < e && off.Slice(s, e) == *v.Text {
						hint = " (the offsets match if counted in UTF-16 code units, as JavaScript counts; Label Studio JSON counts code points)"
					}
				}
				return fmt.Errorf("result %d [%d,%d): text %q does not match the document's %q at those code points%s", j+1, start, end, *v.Text, got, hint)
			}
		}
		if len(v.Labels) == 0 {
			return fmt.Errorf(`result %d [%d,%d): "labels" is empty`, j+1, start, end)
		}
		for _, l := range v.Labels {
			add(r, annotate.Span{DocID: docID, Start: start, End: end, Label: l})
		}
	}
	return nil
}

// lsUser maps completed_by to an annotator name ("" when absent).
func lsUser(raw json.RawMessage) (string, error) {
	if len(raw) > 0 && raw[0] == '{' {
		var u struct {
			ID        json.RawMessage `json:"id"`
			Email     string          `json:"email"`
			FirstName string          `json:"first_name"`
			LastName  string          `json:"last_name"`
		}
		if err := json.Unmarshal(raw, &u); err != nil {
			return "", fmt.Errorf("must be a user id, name or {\"email\",...}: %s", jsonProblem(err))
		}
		if u.Email = strings.TrimSpace(u.Email); u.Email != "" {
			return u.Email, nil
		}
		if name := strings.TrimSpace(u.FirstName + " " + u.LastName); name != "" {
			return name, nil
		}
		name, ok, err := userName(u.ID)
		if err != nil || !ok {
			return "", fmt.Errorf("has no email, name or id")
		}
		if !strings.HasPrefix(name, "user-") {
			name = "user-" + name
		}
		return name, nil
	}
	name, _, err := userName(raw)
	return name, err
}

// lsUserOut is the inverse of lsUser.
func lsUserOut(name string) json.RawMessage {
	if n, ok := strings.CutPrefix(name, "user-"); ok {
		if id := numericID(n); len(id) > 0 && id[0] != '"' {
			return id
		}
	}
	key := "first_name"
	if strings.Contains(name, "@") {
		key = "email"
	}
	b, _ := marshal(map[string]string{key: name})
	return b
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
	CompletedBy  json.RawMessage `json:"completed_by"`
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
	w     *bufio.Writer
	cur   *lsTaskOut
	curID string
	off   *annotate.Offsets
	tasks int
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
		if len(r.Doc.Meta) > 0 && string(r.Doc.Meta) != "{}" {
			e.cur.Meta = r.Doc.Meta
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
		a := lsAnnotationOut{CompletedBy: lsUserOut(r.Annotator), WasCancelled: r.Status == annotate.StatusSkipped, Result: []lsResultOut{}}
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
