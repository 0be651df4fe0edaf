package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"goldspan/annotate"
)

// TestDeskEchoesAConfirmedName: a name labelled once in the desk shows as
// a suggestion at its other occurrences in the document at once (the
// document-level cache, issue 18); Accept all echoes nothing more.
func TestDeskEchoesAConfirmedName(t *testing.T) {
	text := "李國強說，李國強和陳美玲見面。陳美玲表示李國強會來。"
	h := newHarness(t, memProject(t, "echo.goldspan", []annotate.Record{{Doc: annotate.Document{ID: "e1", Text: text}}}), "alice")
	if !h.d.hasDoc || len(h.d.sugs) != 0 {
		t.Fatalf("the document should open without suggestions: open %v, %d", h.d.hasDoc, len(h.d.sugs))
	}
	dragSelect(h.w, h.ed(), 0, 3)
	test.Type(h.ed(), "1") // PER
	h.wantSaved()
	var got []string
	for _, s := range h.d.sugs {
		got = append(got, string([]rune(text)[s.Start:s.End])+"/"+s.Label)
	}
	if strings.Join(got, " ") != "李國強/PER 李國強/PER" {
		t.Fatalf("after labelling 李國強 the desk shows %v", got)
	}
	h.d.onAcceptAll()
	h.d.jobs.wait()
	if len(h.d.sugs) != 0 {
		t.Errorf("after Accept all %d suggestions are left", len(h.d.sugs))
	}
}
