package format

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"goldspan/annotate"
)

// decodeAll reads every record of input with the named format.
func decodeAll(t testing.TB, name, input string, o Options) ([]annotate.Record, []Loss, error) {
	t.Helper()
	f, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	dec := f.NewDecoder(strings.NewReader(input), o)
	var recs []annotate.Record
	for {
		r, err := dec.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			return recs, nil, err
		}
		recs = append(recs, r)
		if len(recs) > 100000 {
			t.Fatal("decoder does not end")
		}
	}
	var losses []Loss
	if l, ok := dec.(Lossy); ok {
		losses = l.Losses()
	}
	return recs, losses, nil
}

// mustDecode is decodeAll failing the test on an error.
func mustDecode(t testing.TB, name, input string, o Options) []annotate.Record {
	t.Helper()
	recs, _, err := decodeAll(t, name, input, o)
	if err != nil {
		t.Fatalf("%s: decode: %v\ninput:\n%s", name, err, input)
	}
	return recs
}

// encodeAll writes recs with the named format and returns the output and
// what the encoder reported lost.
func encodeAll(t testing.TB, name string, recs []annotate.Record, o Options) (string, []Loss) {
	t.Helper()
	f, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	enc := f.NewEncoder(&buf, o)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			t.Fatalf("%s: encode %q: %v", name, r.Doc.ID, err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatalf("%s: close: %v", name, err)
	}
	var losses []Loss
	if l, ok := enc.(Lossy); ok {
		losses = l.Losses()
	}
	return buf.String(), losses
}

// at returns the code point span of the n-th (from 0) occurrence of sub in
// text, computed by counting runes independently of annotate.Offsets.
func at(text, sub string, n int) (int, int) {
	idx := -1
	from := 0
	for i := 0; i <= n; i++ {
		j := strings.Index(text[from:], sub)
		if j < 0 {
			panic(fmt.Sprintf("%q not in %q", sub, text))
		}
		idx = from + j
		from = idx + len(sub)
	}
	start := len([]rune(text[:idx]))
	return start, start + len([]rune(sub))
}

func span(text, sub string, n int, label string) annotate.Span {
	s, e := at(text, sub, n)
	return annotate.Span{Start: s, End: e, Label: label, Origin: annotate.OriginManual}
}

// The texts every format is tried with: emoji, CJK Extension B, combining
// marks, CRLF, ideographic and plain spaces, tabs, an RTL mark.
const (
	textEmoji     = "👍张三在𠮷野家吃饭。\r\n李四去了北京！👨‍👩‍👧 好？"
	textCombining = "Cafe\u0301 Zoë (Zoe\u0308) 在巴黎\u3000开会。\tend\u200f"
	textPlain     = "纯文本，没有标注。\n第二行"
	textOverlap   = "北京大学在北京。"
)

// sampleRecords is the corpus of the round-trip tests.
func sampleRecords() []annotate.Record {
	doc := func(id, text, meta string) annotate.Document {
		return annotate.Document{ID: id, Text: text, Meta: json.RawMessage(meta)}
	}
	recs := []annotate.Record{
		{Doc: doc("d1", textEmoji, `{"source":"news","n":1}`), Annotator: "ann", Status: annotate.StatusDone, HasSpans: true, Spans: []annotate.Span{
			span(textEmoji, "张三", 0, "PER"), span(textEmoji, "𠮷野家", 0, "ORG"), span(textEmoji, "李四", 0, "PER"), span(textEmoji, "北京", 0, "LOC"),
			span(textEmoji, "👨‍👩‍👧", 0, "MISC"),
		}},
		{Doc: doc("7", textCombining, `{}`), Annotator: "user-3", Status: annotate.StatusDone, HasSpans: true, Spans: []annotate.Span{
			span(textCombining, "Cafe\u0301", 0, "ORG"), span(textCombining, "Zoë", 0, "PER"), span(textCombining, "Zoe\u0308", 0, "PER"), span(textCombining, "巴黎", 0, "LOC"),
		}},
		{Doc: doc("plain", textPlain, `{}`)},
		{Doc: doc("ov", textOverlap, `{}`), Annotator: "a@example.org", Status: annotate.StatusDone, HasSpans: true, Spans: []annotate.Span{
			span(textOverlap, "北京", 0, "LOC"), span(textOverlap, "北京大学", 0, "ORG"), span(textOverlap, "北京", 1, "LOC"),
		}},
	}
	for i := range recs {
		for j := range recs[i].Spans {
			recs[i].Spans[j].DocID = recs[i].Doc.ID
			recs[i].Spans[j].Annotator = recs[i].Annotator
		}
		annotate.SortSpans(recs[i].Spans)
	}
	return recs
}

// sugRecord is a record of machine suggestions only.
func sugRecord() annotate.Record {
	s1, e1 := at(textEmoji, "张三", 0)
	s2, e2 := at(textEmoji, "𠮷野家", 0)
	return annotate.Record{Doc: annotate.Document{ID: "d1", Text: textEmoji, Meta: json.RawMessage(`{"source":"news","n":1}`)}, Suggestions: []annotate.Suggestion{
		{DocID: "d1", Start: s1, End: e1, Label: "PER", Source: "dictionary", Score: 0.75},
		{DocID: "d1", Start: s2, End: e2, Label: "ORG", Source: "rule", Score: 0.5},
	}}
}

// spanKeys lists a record's spans as comparable strings.
func spanKeys(spans []annotate.Span, origin bool) []string {
	var out []string
	for _, s := range spans {
		k := fmt.Sprintf("%d-%d:%s", s.Start, s.End, s.Label)
		if origin {
			k += ":" + string(s.Origin)
		}
		out = append(out, k)
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	withOverlapLoss := func(recs []annotate.Record) []annotate.Record {
		// BIO keeps the longest of overlapping spans: 北京大学, not 北京.
		out := append([]annotate.Record(nil), recs...)
		for i := range out {
			if out[i].Doc.ID == "ov" {
				out[i].Spans = []annotate.Span{out[i].Spans[1], out[i].Spans[2]}
			}
		}
		return out
	}
	overlapLoss := []Loss{{DocID: "ov", Start: 0, End: 2, Label: "LOC", Reason: "overlaps ORG [0,4), which was kept: %s cannot hold overlapping spans"}}
	tests := []struct {
		format   string
		ids      bool // document ids survive
		names    bool // annotator names survive
		origins  bool // span origins survive
		meta     bool
		want     func([]annotate.Record) []annotate.Record
		losses   []Loss
		lossWord string
	}{
		{format: "gold", ids: true, names: true, origins: true, meta: true},
		{format: "doccano", ids: true, names: true, meta: true},
		{format: "spacy", ids: true, names: true, meta: true},
		{format: "labelstudio", ids: true, names: true, origins: true, meta: true},
		{format: "conll", want: withOverlapLoss, losses: overlapLoss, lossWord: "CoNLL"},
		{format: "hf", ids: true, want: withOverlapLoss, losses: overlapLoss, lossWord: "Hugging Face JSONL"},
	}
	for _, tt := range tests {
		for _, split := range []bool{false, true} {
			if split && tt.format != "conll" {
				continue
			}
			t.Run(fmt.Sprintf("%s/split=%v", tt.format, split), func(t *testing.T) {
				o := Options{Name: "rt." + tt.format, Annotator: "ann", SplitSentences: split}
				recs := sampleRecords()
				if tt.origins {
					recs[0].Spans[1].Origin = annotate.OriginSuggestion
					recs[0].Spans[2].Origin = annotate.OriginSuggestionEdited
				}
				out1, losses := encodeAll(t, tt.format, recs, o)
				back := mustDecode(t, tt.format, out1, o)
				out2, _ := encodeAll(t, tt.format, back, o)
				if out1 != out2 {
					t.Fatalf("encode → decode → encode differs:\nfirst:\n%s\nsecond:\n%s", out1, out2)
				}
				want := recs
				if tt.want != nil {
					want = tt.want(recs)
				}
				var wantLosses []Loss
				for _, l := range tt.losses {
					l.Reason = fmt.Sprintf(l.Reason, tt.lossWord)
					wantLosses = append(wantLosses, l)
				}
				if !reflect.DeepEqual(losses, wantLosses) {
					t.Errorf("losses = %+v, want %+v", losses, wantLosses)
				}
				if len(back) != len(want) {
					t.Fatalf("decoded %d records, want %d", len(back), len(want))
				}
				for i, w := range want {
					g := back[i]
					if g.Doc.Text != w.Doc.Text {
						t.Errorf("record %d: text %q, want %q", i, g.Doc.Text, w.Doc.Text)
					}
					if tt.ids && g.Doc.ID != w.Doc.ID {
						t.Errorf("record %d: id %q, want %q", i, g.Doc.ID, w.Doc.ID)
					}
					if tt.meta && string(g.Doc.Meta) != string(w.Doc.Meta) {
						t.Errorf("record %d: meta %s, want %s", i, g.Doc.Meta, w.Doc.Meta)
					}
					wantAnn := w.Annotator
					if !tt.names {
						// BIO has no annotators: every document read with
						// an annotator is that annotator's, even without
						// entities.
						wantAnn = o.Annotator
					}
					if g.Annotator != wantAnn {
						t.Errorf("record %d: annotator %q, want %q", i, g.Annotator, wantAnn)
					}
					if gs, ws := spanKeys(g.Spans, tt.origins), spanKeys(w.Spans, tt.origins); !reflect.DeepEqual(gs, ws) {
						t.Errorf("record %d: spans %v, want %v", i, gs, ws)
					}
					if wantAnn != "" && g.Status != annotate.StatusDone {
						t.Errorf("record %d: status %q, want done", i, g.Status)
					}
					for _, s := range g.Spans {
						if s.DocID != g.Doc.ID || s.Annotator != g.Annotator {
							t.Errorf("record %d: span %+v not tied to its record", i, s)
						}
					}
				}
			})
		}
	}
}

// TestRoundTripSuggestions: formats with a place for machine suggestions
// keep them; the others list them as lost.
func TestRoundTripSuggestions(t *testing.T) {
	for _, format := range []string{"gold", "spacy", "labelstudio", "doccano", "conll", "hf"} {
		t.Run(format, func(t *testing.T) {
			rec := sugRecord()
			out1, losses := encodeAll(t, format, []annotate.Record{rec}, Options{})
			back := mustDecode(t, format, out1, Options{})
			out2, _ := encodeAll(t, format, back, Options{})
			if out1 != out2 {
				t.Fatalf("encode → decode → encode differs:\n%s\n%s", out1, out2)
			}
			if len(back) != 1 || back[0].Doc.Text != rec.Doc.Text || back[0].Annotator != "" || back[0].HasSpans {
				t.Fatalf("decoded %+v, want one plain record", back)
			}
			switch format {
			case "gold", "spacy", "labelstudio":
				if !reflect.DeepEqual(back[0].Suggestions, rec.Suggestions) {
					t.Errorf("suggestions %+v, want %+v", back[0].Suggestions, rec.Suggestions)
				}
				if len(losses) != 0 {
					t.Errorf("losses %+v, want none", losses)
				}
			default:
				if len(back[0].Suggestions) != 0 {
					t.Errorf("suggestions %+v, want none", back[0].Suggestions)
				}
				if len(losses) != 1 || losses[0].DocID != "d1" || !strings.Contains(losses[0].Reason, "2 machine suggestions") {
					t.Errorf("losses %+v, want one naming the 2 suggestions of d1", losses)
				}
			}
		})
	}
}

// TestStatusSkipped: how each format carries a skipped document.
func TestStatusSkipped(t *testing.T) {
	rec := sampleRecords()[0]
	rec.Status = annotate.StatusSkipped
	tests := []struct {
		format    string
		status    annotate.Status
		spans     int
		lostSpans int
	}{
		{"gold", annotate.StatusSkipped, 5, 0},
		{"labelstudio", annotate.StatusSkipped, 5, 0},
		{"spacy", annotate.StatusSkipped, 0, 5},
		{"doccano", annotate.StatusSkipped, 5, 0}, // goldspan_status, which doccano keeps as metadata
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			out, losses := encodeAll(t, tt.format, []annotate.Record{rec}, Options{})
			back := mustDecode(t, tt.format, out, Options{})
			if len(back) != 1 || back[0].Status != tt.status || len(back[0].Spans) != tt.spans || back[0].Annotator != "ann" {
				t.Fatalf("decoded %+v, want status %s with %d spans", back, tt.status, tt.spans)
			}
			if len(losses) != tt.lostSpans {
				t.Errorf("losses %+v, want %d", losses, tt.lostSpans)
			}
		})
	}
}

// TestLabelStudioGroups: several annotators' records of one document make
// one task with several annotations, and come back one by one.
func TestLabelStudioGroups(t *testing.T) {
	a := sampleRecords()[0]
	b := a
	b.Annotator = "bob"
	b.Spans = b.Spans[:2]
	s := sugRecord()
	out, _ := encodeAll(t, "labelstudio", []annotate.Record{a, b, s}, Options{})
	var tasks []map[string]any
	if err := json.Unmarshal([]byte(out), &tasks); err != nil {
		t.Fatalf("output is not one JSON array: %v\n%s", err, out)
	}
	if len(tasks) != 1 || len(tasks[0]["annotations"].([]any)) != 2 || len(tasks[0]["predictions"].([]any)) != 2 {
		t.Fatalf("want 1 task with 2 annotations and 2 predictions (one per source):\n%s", out)
	}
	back := mustDecode(t, "labelstudio", out, Options{})
	if len(back) != 2 || back[0].Annotator != "ann" || back[1].Annotator != "bob" || len(back[1].Spans) != 2 {
		t.Fatalf("decoded %+v", back)
	}
	if len(back[0].Suggestions) != 2 || back[1].Suggestions != nil {
		t.Errorf("suggestions go with the first record only: %+v / %+v", back[0].Suggestions, back[1].Suggestions)
	}
}

// TestSpansWithSuggestions: records exported with their document's
// suggestions (ExportFilter.Suggestions) keep the spans; the suggestions
// go where the format has a place for them, once per document, and are
// listed as lost elsewhere.
func TestSpansWithSuggestions(t *testing.T) {
	a := sampleRecords()[0]
	a.Suggestions = sugRecord().Suggestions
	b := a
	b.Annotator = "bob"
	for _, format := range []string{"gold", "doccano", "spacy", "labelstudio", "conll", "hf"} {
		t.Run(format, func(t *testing.T) {
			out, losses := encodeAll(t, format, []annotate.Record{a, b}, Options{})
			back := mustDecode(t, format, out, Options{Annotator: "ann"})
			if len(back) != 2 || len(back[0].Spans) != 5 || len(back[1].Spans) != 5 {
				t.Fatalf("decoded %+v", back)
			}
			sugs := len(back[0].Suggestions) + len(back[1].Suggestions)
			switch format {
			case "labelstudio":
				if sugs != 2 || len(losses) != 0 {
					t.Errorf("%d suggestions, losses %+v; want the 2 once", sugs, losses)
				}
			case "gold":
				// The native format writes an annotator's spans; the
				// lead's encoder decides about suggestions.
			default:
				if sugs != 0 || len(losses) != 2 || !strings.Contains(losses[0].Reason, "2 machine suggestions not written") {
					t.Errorf("%d suggestions, losses %+v; want none and 2 losses", sugs, losses)
				}
			}
		})
	}
}
