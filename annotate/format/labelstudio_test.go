package format

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"goldspan/annotate"
)

// lsValidate checks a Label Studio import file the way Label Studio's own
// importer does, so that an export it would refuse fails here. The rules
// are read from Label Studio's source (HumanSignal/label-studio):
//
//   - label_studio/tasks/validation.py, TaskValidator.to_internal_value:
//     the file is a non-empty list of tasks; TaskValidator.validate: a task
//     is a dict with "data" (dict), "annotations" a list whose dict items
//     must have "result" and "result" must be a list, "predictions" a list
//     whose dict items must have "result", "meta" a dict or list;
//     check_data with _DATA_TYPES: the Text tag's data["text"] is a str, int
//     or float.
//   - label_studio/tasks/serializers.py,
//     BaseTaskSerializerBulk._insert_valid_completed_by: completed_by
//     absent or null goes to the importing user; a dict must have "email"
//     and the email must belong to a member (unless the server sets
//     ALLOW_IMPORT_TASKS_WITH_UNKNOWN_EMAILS, off by default); an int must
//     be a member's id; anything else is "not a valid annotator's email or
//     ID".
//   - the same file, add_annotations: of an annotation only ground_truth
//     (default True when absent), was_cancelled, lead_time, result and id
//     are kept; add_tasks keeps the task's "meta"; add_predictions: score
//     must convert to float, model_version (PredictionSerializer: a
//     CharField) a string.
//   - a labels result (Label Studio's Labels tag on a Text object, as
//     label_studio_sdk's LabelInterface.validate_prediction checks it):
//     from_name and to_name strings naming the tags, type "labels",
//     value.start and value.end whole numbers, value.text a string,
//     value.labels a non-empty list of strings.
//
// members maps the organization's members' emails to their ids.
func lsValidate(file []byte, members map[string]int) error {
	dec := json.NewDecoder(bytes.NewReader(file))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		return fmt.Errorf("not JSON: %v", err)
	}
	tasks, ok := root.([]any)
	if !ok {
		return fmt.Errorf("data is not a list")
	}
	if len(tasks) == 0 {
		return fmt.Errorf("data is empty")
	}
	ids := map[int64]bool{}
	for _, m := range members {
		ids[int64(m)] = true
	}
	emails := map[string]bool{}
	for e := range members {
		emails[e] = true
	}
	for i, it := range tasks {
		task, ok := it.(map[string]any)
		if !ok {
			return fmt.Errorf("task %d: Task root must be dict", i)
		}
		data, ok := task["data"].(map[string]any)
		if !ok {
			return fmt.Errorf("task %d: Task[data] must be a dict (a task without \"data\" is read as data itself)", i)
		}
		switch data["text"].(type) {
		case string, json.Number:
		default:
			return fmt.Errorf(`task %d: "text" key is expected in task data, of type str, int or float`, i)
		}
		if m, ok := task["meta"]; ok {
			switch m.(type) {
			case map[string]any, []any:
			default:
				return fmt.Errorf("task %d: Task[meta] must be dict or list", i)
			}
		}
		for _, key := range []string{"annotations", "predictions"} {
			v, ok := task[key]
			if !ok {
				continue
			}
			list, ok := v.([]any)
			if !ok {
				return fmt.Errorf("task %d: Task[%s] must be list", i, key)
			}
			for j, x := range list {
				a, ok := x.(map[string]any)
				if !ok {
					continue // Label Studio logs and skips it
				}
				res, ok := a["result"]
				if !ok {
					return fmt.Errorf("task %d %s %d: must have \"result\" fields", i, key, j)
				}
				results, ok := res.([]any)
				if !ok {
					return fmt.Errorf("task %d %s %d: \"result\" field must be list", i, key, j)
				}
				for k, r := range results {
					if err := lsValidateResult(r); err != nil {
						return fmt.Errorf("task %d %s %d result %d: %v", i, key, j, k, err)
					}
				}
				if key == "predictions" {
					if s, ok := a["score"]; ok && s != nil {
						if n, ok := s.(json.Number); !ok {
							return fmt.Errorf("task %d prediction %d: score should be in float format", i, j)
						} else if _, err := n.Float64(); err != nil {
							return fmt.Errorf("task %d prediction %d: score should be in float format", i, j)
						}
					}
					if mv, ok := a["model_version"]; ok {
						if _, ok := mv.(string); !ok {
							return fmt.Errorf("task %d prediction %d: model_version must be a string", i, j)
						}
					}
					continue
				}
				// _insert_valid_completed_by
				switch cb := a["completed_by"].(type) {
				case nil:
				case map[string]any:
					e, ok := cb["email"]
					if !ok {
						return fmt.Errorf("task %d annotation %d: It's expected to have 'email' field in 'completed_by' data in annotations", i, j)
					}
					if s, _ := e.(string); !emails[s] {
						return fmt.Errorf("task %d annotation %d: Unknown annotator's email %v", i, j, e)
					}
				case json.Number:
					n, err := cb.Int64()
					if err != nil || !ids[n] {
						return fmt.Errorf("task %d annotation %d: Import data contains completed_by=%v which is not a valid annotator's email or ID", i, j, cb)
					}
				default:
					return fmt.Errorf("task %d annotation %d: Import data contains completed_by=%v which is not a valid annotator's email or ID", i, j, cb)
				}
				for _, b := range []string{"ground_truth", "was_cancelled"} {
					if v, ok := a[b]; ok {
						if _, ok := v.(bool); !ok {
							return fmt.Errorf("task %d annotation %d: %s must be a boolean", i, j, b)
						}
					}
				}
			}
		}
	}
	return nil
}

func lsValidateResult(r any) error {
	m, ok := r.(map[string]any)
	if !ok {
		return fmt.Errorf("a result item must be a dict")
	}
	for _, k := range []string{"from_name", "to_name", "type"} {
		if s, ok := m[k].(string); !ok || s == "" {
			return fmt.Errorf("%q must be a non-empty string", k)
		}
	}
	if m["type"] != "labels" {
		return fmt.Errorf("type %v: a span is a \"labels\" result", m["type"])
	}
	v, ok := m["value"].(map[string]any)
	if !ok {
		return fmt.Errorf(`"value" must be a dict`)
	}
	for _, k := range []string{"start", "end"} {
		n, ok := v[k].(json.Number)
		if !ok {
			return fmt.Errorf("value.%s must be a number", k)
		}
		if _, err := n.Int64(); err != nil {
			return fmt.Errorf("value.%s must be a whole number", k)
		}
	}
	if _, ok := v["text"].(string); !ok {
		return fmt.Errorf("value.text must be a string")
	}
	labels, ok := v["labels"].([]any)
	if !ok || len(labels) == 0 {
		return fmt.Errorf("value.labels must be a non-empty list")
	}
	for _, l := range labels {
		if _, ok := l.(string); !ok {
			return fmt.Errorf("value.labels must hold strings")
		}
	}
	return nil
}

// lsRecords: three annotators' work on one document (one of them the gold
// layer), with the document's suggestions, and a second document.
func lsRecords() []annotate.Record {
	recs := sampleRecords()
	a := recs[0]
	a.Suggestions = sugRecord().Suggestions
	b := a
	b.Annotator = "bob"
	b.Spans = b.Spans[:2]
	g := a
	g.Annotator = annotate.GoldAnnotator
	return []annotate.Record{a, b, g, recs[1], recs[2], recs[3]}
}

// TestLabelStudioAccepts: Label Studio's importer, as its source writes
// it (lsValidate), takes the export of several annotators and the gold
// layer, with no member known to it; the annotators come back on import.
func TestLabelStudioAccepts(t *testing.T) {
	recs := lsRecords()
	out, losses := encodeAll(t, "labelstudio", recs, Options{})
	if len(losses) != 0 {
		t.Errorf("losses %+v", losses)
	}
	if err := lsValidate([]byte(out), nil); err != nil {
		t.Fatalf("Label Studio would refuse the export: %v\n%s", err, out)
	}
	if strings.Contains(out, "completed_by") || strings.Contains(out, "first_name") {
		t.Errorf("completed_by written without an email map:\n%s", out)
	}
	var tasks []struct {
		Meta        map[string]any
		Annotations []map[string]any
		Predictions []map[string]any
	}
	if err := json.Unmarshal([]byte(out), &tasks); err != nil {
		t.Fatal(err)
	}
	if len(tasks) != 4 || len(tasks[0].Annotations) != 3 {
		t.Fatalf("want 4 tasks, the first with 3 annotations:\n%s", out)
	}
	for i, want := range []bool{false, false, true} {
		if gt, ok := tasks[0].Annotations[i]["ground_truth"].(bool); !ok || gt != want {
			t.Errorf("annotation %d: ground_truth %v, want %v (only the gold layer; Label Studio's default is true)", i, tasks[0].Annotations[i]["ground_truth"], want)
		}
	}
	if got := fmt.Sprint(tasks[0].Meta[lsAnnotatorsKey]); got != "[ann bob gold]" || tasks[0].Meta["source"] != "news" {
		t.Errorf("meta %v: want the document's meta and the annotators in order", tasks[0].Meta)
	}
	if tasks[2].Meta != nil {
		t.Errorf("a document without annotators gets no annotators' meta: %v", tasks[2].Meta)
	}

	back := mustDecode(t, "labelstudio", out, Options{})
	var got []string
	for _, r := range back {
		got = append(got, r.Doc.ID+"/"+r.Annotator)
		if strings.Contains(string(r.Doc.Meta), lsAnnotatorsKey) {
			t.Errorf("%s: meta %s keeps %s", r.Doc.ID, r.Doc.Meta, lsAnnotatorsKey)
		}
	}
	if fmt.Sprint(got) != "[d1/ann d1/bob d1/gold 7/user-3 plain/ ov/a@example.org]" {
		t.Errorf("decoded %v", got)
	}
	if string(back[0].Doc.Meta) != `{"source":"news","n":1}` {
		t.Errorf("meta %s", back[0].Doc.Meta)
	}
}

// TestLabelStudioAfterItsImport: Label Studio gives every imported
// annotation to the importing user and writes completed_by as its id on
// export; the names in meta still win.
func TestLabelStudioAfterItsImport(t *testing.T) {
	in := `[{"id":5,"data":{"text":"张三在北京"},"meta":{"goldspan_annotators":["ann","bob"],"k":1},
	 "annotations":[{"id":1,"completed_by":1,"ground_truth":false,"result":[]},{"id":2,"completed_by":1,"result":[]}]}]`
	back := mustDecode(t, "labelstudio", in, Options{})
	if len(back) != 2 || back[0].Annotator != "ann" || back[1].Annotator != "bob" || string(back[0].Doc.Meta) != `{"k":1}` {
		t.Fatalf("decoded %+v", back)
	}
	_, _, err := decodeAll(t, "labelstudio", `[{"data":{"text":"x"},"meta":{"goldspan_annotators":[1]},"annotations":[{"result":[]}]}]`, Options{})
	if err == nil || !strings.Contains(err.Error(), "goldspan_annotators") {
		t.Errorf("a number as a name: %v", err)
	}
}

// TestLabelStudioEmails: with an email map completed_by is each
// annotator's email, which Label Studio accepts for its members; an
// annotator the map lacks is an error rather than a silent reassignment.
func TestLabelStudioEmails(t *testing.T) {
	recs := lsRecords()[:3]
	emails := map[string]string{"ann": "ann@example.org", "bob": "bob@example.org", "gold": "lead@example.org"}
	var buf bytes.Buffer
	enc := NewLabelStudioEncoder(&buf, Options{}, emails)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	members := map[string]int{"ann@example.org": 2, "bob@example.org": 3, "lead@example.org": 4}
	if err := lsValidate(buf.Bytes(), members); err != nil {
		t.Fatalf("Label Studio would refuse it: %v\n%s", err, buf.String())
	}
	if !strings.Contains(buf.String(), `"completed_by":{"email":"bob@example.org"}`) {
		t.Errorf("no email:\n%s", buf.String())
	}
	if err := lsValidate(buf.Bytes(), map[string]int{"ann@example.org": 2}); err == nil || !strings.Contains(err.Error(), "Unknown annotator's email") {
		t.Errorf("the validator lets unknown emails through: %v", err)
	}
	back := mustDecode(t, "labelstudio", buf.String(), Options{})
	if back[1].Annotator != "bob" {
		t.Errorf("decoded %+v", back[1])
	}

	enc = NewLabelStudioEncoder(&bytes.Buffer{}, Options{}, map[string]string{"ann": "ann@example.org"})
	enc.Encode(recs[0])
	if err := enc.Encode(recs[1]); err == nil || !strings.Contains(err.Error(), `"bob" has no Label Studio email`) {
		t.Errorf("unmapped annotator: %v", err)
	}
}

// TestLabelStudioValidatorRefusesOldShapes: the rules catch what Label
// Studio refuses, including the completed_by Goldspan used to write.
func TestLabelStudioValidatorRefusesOldShapes(t *testing.T) {
	for name, in := range map[string]string{
		"first_name":  `[{"data":{"text":"x"},"annotations":[{"completed_by":{"first_name":"alice"},"result":[]}]}]`,
		"unknown id":  `[{"data":{"text":"x"},"annotations":[{"completed_by":3,"result":[]}]}]`,
		"name":        `[{"data":{"text":"x"},"annotations":[{"completed_by":"alice","result":[]}]}]`,
		"no result":   `[{"data":{"text":"x"},"annotations":[{}]}]`,
		"pred result": `[{"data":{"text":"x"},"predictions":[{"model_version":"m"}]}]`,
		"bad value":   `[{"data":{"text":"x"},"annotations":[{"result":[{"from_name":"label","to_name":"text","type":"labels","value":{"start":"0","end":1,"text":"x","labels":["A"]}}]}]}]`,
		"empty":       `[]`,
	} {
		if err := lsValidate([]byte(in), map[string]int{"a@example.org": 1}); err == nil {
			t.Errorf("%s: accepted %s", name, in)
		}
	}
}

// Two annotations by one user on a task: one layer, the later, and the
// earlier reported.
func TestLabelStudioSameUserTwice(t *testing.T) {
	in := `[{"id":1,"data":{"text":"北京大學"},"annotations":[
 {"id":10,"completed_by":{"email":"a@x.org"},"result":[{"from_name":"label","to_name":"text","type":"labels","value":{"start":0,"end":2,"text":"北京","labels":["LOC"]}}]},
 {"id":11,"completed_by":{"email":"a@x.org"},"result":[{"from_name":"label","to_name":"text","type":"labels","value":{"start":0,"end":4,"text":"北京大學","labels":["ORG"]}}]}]}]`
	recs, losses, err := decodeAll(t, "labelstudio", in, Options{Name: "ls.json"})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || len(recs[0].Spans) != 1 || recs[0].Spans[0].Label != "ORG" {
		t.Fatalf("records %+v, want the later annotation alone", recs)
	}
	if len(losses) != 1 || !strings.Contains(losses[0].Reason, "two annotations by") || !strings.Contains(losses[0].Reason, "1 span") {
		t.Fatalf("losses %+v", losses)
	}
}

// Work in progress comes back in progress: Label Studio has no such
// state, so the statuses ride in the task's meta.
func TestLabelStudioKeepsStatuses(t *testing.T) {
	a := sampleRecords()[0]
	a.Status = annotate.StatusInProgress
	b := a
	b.Annotator, b.Status = "bob", annotate.StatusDone
	c := a
	c.Annotator, c.Status = "cat", annotate.StatusSkipped
	out, _ := encodeAll(t, "labelstudio", []annotate.Record{a, b, c}, Options{})
	if err := lsValidate([]byte(out), nil); err != nil {
		t.Fatalf("Label Studio would refuse it: %v", err)
	}
	back := mustDecode(t, "labelstudio", out, Options{})
	var got []string
	for _, r := range back {
		got = append(got, r.Annotator+"/"+string(r.Status))
	}
	if strings.Join(got, " ") != "ann/in-progress bob/done cat/skipped" {
		t.Fatalf("statuses came back as %v", got)
	}
	if string(back[0].Doc.Meta) != string(a.Doc.Meta) {
		t.Fatalf("meta %s, want %s", back[0].Doc.Meta, a.Doc.Meta)
	}
}
