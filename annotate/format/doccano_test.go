package format

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"goldspan/annotate"
)

// The referee of grapheme mode: the cluster boundaries that doccano's
// editor (v-annotator 0.1.28, the grapheme-splitter npm package 1.0.4)
// counts, written by scripts/referee/doccano-graphemes.js.
func TestGraphemesAsDoccanoCountsThem(t *testing.T) {
	data, err := os.ReadFile("testdata/doccano-graphemes.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Text   string `json:"text"`
		Bounds []int  `json:"utf16_bounds"`
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 10 {
		t.Fatalf("only %d referee texts", len(cases))
	}
	for _, c := range cases {
		off := annotate.NewOffsets(c.Text)
		want := make([]int, len(c.Bounds))
		for i, u := range c.Bounds {
			cp, ok := off.FromUTF16(u)
			if !ok {
				t.Fatalf("%q: referee boundary %d inside a surrogate pair", c.Text, u)
			}
			want[i] = cp
		}
		ut := newUnitText(c.Text)
		if got := ut.graphemes(); !slices.Equal(got, want) {
			t.Errorf("%q: grapheme boundaries (code points) %v, doccano's %v", c.Text, got, want)
		}
		if simple := len(want)-1 == ut.n && off.UTF16Len() == ut.n; ut.simple != simple {
			t.Errorf("%q: simple = %v, want %v", c.Text, ut.simple, simple)
		}
	}
}

// doccanoLine writes one doccano record with spans in the given units,
// computed from code-point spans through the referee's own arithmetic:
// UTF-16 from Go's utf16 count, graphemes from the referee's boundaries.
func doccanoLine(t *testing.T, id int, text string, units string, spans ...[3]any) string {
	t.Helper()
	t16 := func(cp int) int { return annotate.NewOffsets(text).UTF16(cp) }
	label := make([][3]any, 0, len(spans))
	for _, s := range spans {
		start, end := s[0].(int), s[1].(int)
		switch units {
		case UnitsUTF16:
			start, end = t16(start), t16(end)
		case UnitsGrapheme:
			b := newUnitText(text).graphemes() // checked against the referee above
			start, _ = slices.BinarySearch(b, start)
			end, _ = slices.BinarySearch(b, end)
		}
		label = append(label, [3]any{start, end, s[2]})
	}
	rec := map[string]any{"id": id, "text": text, "label": label, "annotator": "ann"}
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func spanStrings(recs []annotate.Record) []string {
	var out []string
	for _, r := range recs {
		for _, s := range r.Spans {
			out = append(out, fmt.Sprintf("%s %d-%d %s %s", r.Doc.ID, s.Start, s.End, s.Label, annotate.NewOffsets(r.Doc.Text).Slice(s.Start, s.End)))
		}
	}
	return out
}

// A grapheme-mode project's export imports without shifted spans: CRLF and
// a ZWJ emoji prove the units, auto-detection reads them right.
func TestDoccanoUnitsDetected(t *testing.T) {
	crlf := "第一行\r\n第二行\r\n北京和上海"
	zwj := "李四去了北京！👨‍👩‍👧 好？"
	want := []string{"1 10-12 LOC 北京", "1 13-15 LOC 上海", "2 0-2 PER 李四", "2 4-6 LOC 北京", "2 7-12 MISC 👨‍👩‍👧", "2 13-14 X 好"}
	for _, units := range []string{UnitsGrapheme, UnitsUTF16, UnitsCodePoint} {
		t.Run(units, func(t *testing.T) {
			in := doccanoLine(t, 1, crlf, units, [3]any{10, 12, "LOC"}, [3]any{13, 15, "LOC"}) + "\n" +
				doccanoLine(t, 2, zwj, units, [3]any{0, 2, "PER"}, [3]any{4, 6, "LOC"}, [3]any{7, 12, "MISC"}, [3]any{13, 14, "X"}) + "\n"
			recs, losses, err := decodeAll(t, "doccano", in, Options{Name: "dc.jsonl"})
			if err != nil {
				t.Fatal(err)
			}
			if got := spanStrings(recs); !slices.Equal(got, want) {
				t.Fatalf("auto read %s offsets as\n%s\nwant\n%s", units, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if len(losses) != 0 {
				t.Errorf("losses %+v: the texts proved the units", losses)
			}
			// Given explicitly, the same.
			recs = mustDecode(t, "doccano", in, Options{Units: units})
			if got := spanStrings(recs); !slices.Equal(got, want) {
				t.Fatalf("--units %s read\n%s", units, strings.Join(got, "\n"))
			}
		})
	}
}

// A record that cannot tell the units is read as doccano's default and
// says so; a later record that proves otherwise fails the import, naming
// both lines, instead of leaving the first one shifted.
func TestDoccanoUnitsUndecided(t *testing.T) {
	text := "甲乙\r\n丙丁戊己"
	// Code points: 甲0 乙1 \r2 \n3 丙4 丁5 戊6 己7; graphemes: 甲0 乙1 CRLF2 丙3 丁4 戊5 己6.
	// [5,7]: UTF-16 and code points read 丁戊, graphemes read 戊己: all plausible.
	first := fmt.Sprintf(`{"id":1,"text":%q,"label":[[5,7,"PER"]],"annotator":"ann"}`, text)
	recs, losses, err := decodeAll(t, "doccano", first+"\n", Options{Name: "dc.jsonl"})
	if err != nil {
		t.Fatal(err)
	}
	if got := spanStrings(recs); !slices.Equal(got, []string{"1 5-7 PER 丁戊"}) {
		t.Fatalf("undecided record read as %v, want UTF-16 (doccano's default)", got)
	}
	if len(losses) != 1 || !strings.Contains(losses[0].Reason, "line 1") || !strings.Contains(losses[0].Reason, "--units") {
		t.Fatalf("losses %+v, want a warning naming line 1 and --units", losses)
	}

	// The ZWJ family proves grapheme clusters on line 2.
	second := doccanoLine(t, 2, "李四👨‍👩‍👧", UnitsGrapheme, [3]any{0, 2, "PER"}, [3]any{2, 7, "MISC"})
	_, _, err = decodeAll(t, "doccano", first+"\n"+second+"\n", Options{Name: "dc.jsonl"})
	if err == nil {
		t.Fatal("a file proved to count graphemes after line 1 was read in UTF-16 imported")
	}
	for _, want := range []string{"dc.jsonl line 2", "line 1 was read in UTF-16", "--units grapheme"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	// With --units grapheme both read right.
	recs = mustDecode(t, "doccano", first+"\n"+second+"\n", Options{Units: UnitsGrapheme})
	if got := spanStrings(recs); !slices.Equal(got, []string{"1 6-8 PER 戊己", "2 0-2 PER 李四", "2 2-7 MISC 👨‍👩‍👧"}) {
		t.Fatalf("--units grapheme read %v", got)
	}
}

// Export in grapheme units for a grapheme-mode project; a span that cuts
// a cluster is listed, not written shifted.
func TestDoccanoExportUnits(t *testing.T) {
	text := "甲\r\n👨‍👩‍👧乙"
	rec := annotate.Record{Doc: annotate.Document{ID: "d", Text: text, Meta: json.RawMessage("{}")}, Annotator: "ann", Status: annotate.StatusDone, HasSpans: true,
		Spans: []annotate.Span{{Start: 3, End: 8, Label: "MISC"}, {Start: 8, End: 9, Label: "PER"}, {Start: 3, End: 4, Label: "X"}}}
	out, losses := encodeAll(t, "doccano", []annotate.Record{rec}, Options{Units: UnitsGrapheme})
	if !strings.Contains(out, `"label":[[2,3,"MISC"],[3,4,"PER"]]`) {
		t.Fatalf("grapheme export: %s", out)
	}
	if len(losses) != 1 || losses[0].Label != "X" || !strings.Contains(losses[0].Reason, "grapheme cluster") {
		t.Fatalf("losses %+v, want the span that cuts the family emoji", losses)
	}
	out, _ = encodeAll(t, "doccano", []annotate.Record{rec}, Options{})
	if !strings.Contains(out, `"label":[[3,5,"X"],[3,11,"MISC"],[11,12,"PER"]]`) {
		t.Fatalf("UTF-16 export: %s", out)
	}
}

// doccano 1.0-1.2's JSON export names labels by id, one list for every
// user; comments and approvals are listed as lost.
func TestDoccanoOldAnnotations(t *testing.T) {
	in := `[{"id": 1, "text": "張三去上海", "annotations": [{"label": 5, "start_offset": 0, "end_offset": 2, "user": 1}, {"label": 6, "start_offset": 3, "end_offset": 5, "user": 1}, {"label": 5, "start_offset": 0, "end_offset": 2, "user": 2}], "meta": {"src": "x"}, "annotation_approver": "lead", "comments": [{"id": 1, "text": "ok", "user": 1}]},
 {"id": 2, "text": "沒有標註", "annotations": [], "meta": {}, "annotation_approver": null, "comments": []}]`
	recs, losses, err := decodeAll(t, "doccano", in, Options{Name: "old.json"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		got = append(got, fmt.Sprintf("%s %s/%s %d %s", r.Doc.ID, r.Annotator, r.Status, len(r.Spans), r.Doc.Meta))
	}
	want := []string{`1 user-1/done 2 {"src":"x"}`, `1 user-2/done 1 {"src":"x"}`, `2 / 0 {}`}
	if !slices.Equal(got, want) {
		t.Fatalf("records\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if recs[0].Spans[1].Label != "6" {
		t.Fatalf("label ids read as %q", recs[0].Spans[1].Label)
	}
	reasons := ""
	for _, l := range losses {
		reasons += l.Reason + "\n"
	}
	for _, w := range []string{`"comments"`, "approval", "label ids", "5, 6", "--label-map"} {
		if !strings.Contains(reasons, w) && !(w == "label ids" && strings.Contains(reasons, "by their ids")) {
			t.Errorf("losses do not mention %s:\n%s", w, reasons)
		}
	}
}

// The status rides along as goldspan_status; a file without it reads as
// before (spans: done), and "label": [] alone is no annotation.
func TestDoccanoStatus(t *testing.T) {
	base := annotate.Record{Doc: annotate.Document{ID: "d", Text: "北京", Meta: json.RawMessage("{}")}, Annotator: "ann", HasSpans: true}
	for _, st := range []annotate.Status{annotate.StatusDone, annotate.StatusSkipped, annotate.StatusInProgress, annotate.StatusTodo} {
		for _, spans := range [][]annotate.Span{nil, {{Start: 0, End: 2, Label: "LOC"}}} {
			r := base
			r.Status, r.Spans = st, spans
			out, _ := encodeAll(t, "doccano", []annotate.Record{r}, Options{})
			back := mustDecode(t, "doccano", out, Options{})
			if len(back) != 1 || back[0].Status != st || !back[0].HasSpans || len(back[0].Spans) != len(spans) || back[0].Annotator != "ann" {
				t.Errorf("%s with %d spans came back as %+v from %s", st, len(spans), back, out)
			}
		}
	}
	back := mustDecode(t, "doccano", `{"text":"北京","label":[],"annotator":"ann"}`, Options{})
	if back[0].HasSpans || back[0].Status != "" || back[0].Annotator != "" {
		t.Errorf(`"label": [] read as %+v, want a plain document`, back[0])
	}
	if _, _, err := decodeAll(t, "doccano", `{"text":"北京","label":[],"annotator":"ann","goldspan_status":"finished"}`, Options{Name: "x"}); err == nil || !strings.Contains(err.Error(), "goldspan_status") {
		t.Errorf("a bad goldspan_status: %v", err)
	}
}
