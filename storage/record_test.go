package storage_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"goldspan/annotate"
)

// recordLine is a compact, comparable form of an exported record.
func recordLine(r annotate.Record) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%s|%s|%s|%s|", r.Doc.ID, r.Doc.Text, r.Annotator, r.Status, r.Doc.Meta)
	for _, s := range r.Spans {
		fmt.Fprintf(&b, "%d-%d/%s/%s ", s.Start, s.End, s.Label, s.Origin)
	}
	return b.String() + "\n"
}

// compactExport turns native JSONL into recordLine form.
func compactExport(t *testing.T, jsonl string) string {
	t.Helper()
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(jsonl), "\n") {
		var in struct {
			ID, Text, Annotator, Status string
			Meta                        json.RawMessage
			Spans                       []struct {
				Start, End    int
				Label, Origin string
			}
		}
		if err := json.Unmarshal([]byte(line), &in); err != nil {
			t.Fatal(err)
		}
		r := annotate.Record{Doc: annotate.Document{ID: in.ID, Text: in.Text, Meta: in.Meta}, Annotator: in.Annotator, Status: annotate.Status(in.Status)}
		for _, s := range in.Spans {
			o := annotate.Origin(s.Origin)
			if o == "" {
				o = annotate.OriginManual
			}
			r.Spans = append(r.Spans, annotate.Span{Start: s.Start, End: s.End, Label: s.Label, Origin: o})
		}
		b.WriteString(recordLine(r))
	}
	return b.String()
}
