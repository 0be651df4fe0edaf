package format

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"

	"goldspan/annotate"
)

// jsonMinOf writes Label Studio tasks as label-studio-converter's
// convert_to_json_min does (converter.py: annotation_result_from_task,
// get_data, prettify_result; utils.get_annotator with int_id=True): a
// task without annotations gives one record with null annotation fields;
// cancelled annotations are dropped; the others, newest first, give one
// record each: the task's data, "id", each from_name's result values
// (without "type"), "annotator" (completed_by's email, or the user id),
// "annotation_id", "created_at", "updated_at", "lead_time".
func jsonMinOf(t *testing.T, tasks []map[string]any) string {
	var out []map[string]any
	for _, task := range tasks {
		anns, _ := task["annotations"].([]map[string]any)
		rec := func(ann map[string]any) map[string]any {
			r := map[string]any{}
			for k, v := range task["data"].(map[string]any) {
				r[k] = v
			}
			r["id"] = task["id"]
			var by any
			switch c := ann["completed_by"].(type) {
			case map[string]any:
				by = c["email"]
			case int:
				by = c
			}
			r["annotator"] = by
			for _, k := range []string{"created_at", "updated_at", "lead_time"} {
				r[k] = ann[k]
			}
			r["annotation_id"] = ann["id"]
			return r
		}
		if len(anns) == 0 {
			out = append(out, rec(map[string]any{}))
			continue
		}
		var kept []map[string]any
		for _, a := range anns {
			if a["was_cancelled"] != true {
				kept = append(kept, a)
			}
		}
		sort.SliceStable(kept, func(i, j int) bool { return kept[i]["created_at"].(string) > kept[j]["created_at"].(string) })
		for _, a := range kept {
			r := rec(a)
			for _, res := range a["result"].([]map[string]any) {
				v := map[string]any{}
				for k, x := range res["value"].(map[string]any) {
					v[k] = x
				}
				name := res["from_name"].(string)
				list, _ := r[name].([]any)
				r[name] = append(list, v)
			}
			out = append(out, r)
		}
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLabelStudioMinReadsTheConvertersOutput(t *testing.T) {
	region := func(s, e int, text, label string) map[string]any {
		return map[string]any{"from_name": "label", "to_name": "text", "type": "labels",
			"value": map[string]any{"start": s, "end": e, "text": text, "labels": []any{label}}}
	}
	tasks := []map[string]any{
		{"id": 1, "data": map[string]any{"text": textFlag, "source": "news"}, "annotations": []map[string]any{
			{"id": 11, "completed_by": map[string]any{"email": "a@x.org"}, "created_at": "2026-01-02", "updated_at": "2026-01-02", "lead_time": 3.5,
				"result": []map[string]any{region(3, 5, "🇺🇳", "MISC"), region(9, 14, "👩‍👩‍👧", "PER"), region(19, 21, "𠀀村", "LOC")}},
			{"id": 12, "completed_by": 7, "created_at": "2026-01-03", "updated_at": "2026-01-03", "lead_time": 1.0, "result": []map[string]any{}},
			{"id": 13, "completed_by": 8, "created_at": "2026-01-04", "was_cancelled": true, "result": []map[string]any{}},
		}},
		{"id": 2, "data": map[string]any{"text": "没有标注。"}},
	}
	in := jsonMinOf(t, tasks)
	if f, err := Detect("result.json", []byte(in)); err != nil || f.Name != "labelstudio-min" {
		t.Fatalf("Detect = %s, %v", f.Name, err)
	}
	recs, losses, err := decodeAll(t, "labelstudio-min", in, Options{Name: "result.json", Annotator: "importer"})
	if err != nil {
		t.Fatalf("%v\n%s", err, in)
	}
	if len(recs) != 3 || len(losses) != 0 {
		t.Fatalf("%d records, losses %v", len(recs), losses)
	}
	// Newest first: user 7's empty annotation, then a@x.org's.
	if r := recs[0]; r.Doc.ID != "1" || r.Annotator != "user-7" || !r.HasSpans || len(r.Spans) != 0 || r.Status != annotate.StatusDone {
		t.Errorf("empty annotation: %+v", r)
	}
	r := recs[1]
	if r.Annotator != "a@x.org" || !reflect.DeepEqual(spanKeys(r.Spans, false), []string{"3-5:MISC", "9-14:PER", "19-21:LOC"}) || string(r.Doc.Meta) != `{"source":"news"}` {
		t.Errorf("annotation: %s %v %s", r.Annotator, spanKeys(r.Spans, false), r.Doc.Meta)
	}
	if r := recs[2]; r.HasSpans || r.Annotator != "" || r.Doc.ID != "2" {
		t.Errorf("task without annotations: %+v", r)
	}
}

func TestLabelStudioMinErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{`[{"text":"北京","id":1,"label":[{"start":0,"end":2,"text":"北","labels":["LOC"]}],"annotator":1,"annotation_id":1}]`, `r.json line 1: "label" item 1 [0,2): "text" is "北", but the document has "北京" there`},
		{`[{"text":"北京","id":1,"label":[{"start":0,"end":3,"labels":["LOC"]}],"annotator":1,"annotation_id":1}]`, `need 0 ≤ start < end ≤ 2`},
		{`[{"text":"北京","id":1,"label":[{"start":0,"end":2,"labels":[]}],"annotator":1,"annotation_id":1}]`, `"labels" is empty`},
		{`[{"text":"北京","id":1,"label":[{"start":0,"end":2,"labels":["LOC"],"extra":1}],"annotator":1,"annotation_id":1}]`, `unknown key "extra"`},
		{`[{"text":"北京","id":1,"label":[{"start":0,"end":2,"labels":["LOC"]}],"annotator":null,"annotation_id":null}]`, `holds spans but "annotation_id" is null`},
		{`[{"id":1,"annotation_id":1}]`, `missing "text"`},
		{`[{"text":"北京","annotator":1.5,"annotation_id":1}]`, `"annotator" must be a name or a whole-number user id`},
	}
	for _, c := range cases {
		_, _, err := decodeAll(t, "labelstudio-min", c.in, Options{Name: "r.json", Annotator: "a"})
		if err == nil || !strings.Contains(annotate.ErrorMessage(err), c.want) {
			t.Errorf("%s:\n got %v\nwant …%s…", c.in, err, c.want)
		}
	}
	_, losses, err := decodeAll(t, "labelstudio-min", `[{"text":"北京","sentiment":[{"choices":["a","b"]}],"annotator":1,"annotation_id":1}]`, Options{Name: "r.json"})
	if err != nil || len(losses) != 1 || !strings.Contains(losses[0].Reason, `"sentiment" holds 1 results that are not text spans`) {
		t.Errorf("choices: %v %v", err, losses)
	}
}

func FuzzDecodeLabelStudioMin(f *testing.F) {
	seed(f, "labelstudio-min",
		`[{"text":"北京","id":1,"label":[{"start":0,"end":2,"text":"北京","labels":["LOC","GPE"]}],"annotator":"a@x","annotation_id":1,"lead_time":1}]`,
		`[{"text":"x","id":null,"annotator":null,"annotation_id":null,"created_at":null}]`)
	f.Fuzz(func(t *testing.T, in string) { checkDecode(t, "labelstudio-min", in) })
}
