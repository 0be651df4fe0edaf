package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"goldspan/annotate"
)

// The done gate, from the keyboard: Ctrl+Enter on a document with
// undecided suggestions asks first; Escape (and Enter) go back and change
// nothing, R rejects the rest, A accepts the rest; a document with every
// suggestion decided is marked done at once; the title counts what is
// decided.
func TestDoneGateAsksAboutUndecidedSuggestions(t *testing.T) {
	h := newHarness(t, newMemProject(t), "alice")
	if h.d.doc.ID != "a1" || len(h.d.sugs) != 3 {
		t.Fatalf("a1 with its 3 suggestions is not open: %s %d", h.d.doc.ID, len(h.d.sugs))
	}
	if got := h.d.title.Text; !strings.Contains(got, "0 of 3 suggestions decided") {
		t.Errorf("title %q does not count the decided suggestions", got)
	}
	// Decide one: the title follows.
	h.ed().TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
	if m, ok := h.ed().SelectedMark(); !ok || m.Kind != MarkSuggestion {
		t.Fatalf("Tab selected %+v", m)
	}
	h.ed().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.wantSaved()
	if got := h.d.title.Text; !strings.Contains(got, "1 of 3 suggestions decided") {
		t.Errorf("title after accepting one: %q", got)
	}

	ask := func() {
		t.Helper()
		shortcut(h.ed(), fyne.KeyReturn, ctrl)
		if h.d.gate == nil || h.w.Canvas().Overlays().Top() == nil {
			t.Fatal("Ctrl+Enter with undecided suggestions did not ask")
		}
		if h.w.Canvas().Focused() != h.d.gate {
			t.Fatalf("the gate does not have the keyboard: %T", h.w.Canvas().Focused())
		}
		if !strings.Contains(h.d.gate.text.Text, "2 suggestions of this document are still undecided") {
			t.Errorf("the gate says %q", h.d.gate.text.Text)
		}
	}
	// Escape goes back: nothing is marked, nothing decided.
	ask()
	h.d.gate.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.d.gate != nil || h.w.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape did not close the gate")
	}
	if st := h.status("a1"); st == annotate.StatusDone || h.d.doc.ID != "a1" {
		t.Fatalf("Escape marked a1 %s, on %s", st, h.d.doc.ID)
	}
	if got := h.suggestions("a1"); strings.Count(got, "[") != 2 {
		t.Fatalf("Escape decided suggestions: %q left", got)
	}
	// Enter is "go back" too: the default.
	ask()
	h.d.gate.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if st := h.status("a1"); st == annotate.StatusDone {
		t.Fatal("Enter marked a1 done")
	}
	// R rejects the rest, marks a1 done and opens the next document.
	ask()
	test.Type(h.d.gate, "r")
	h.d.jobs.wait()
	if st := h.status("a1"); st != annotate.StatusDone {
		t.Fatalf("after R a1 is %s", st)
	}
	if got := h.suggestions("a1"); got != "" {
		t.Fatalf("after R undecided suggestions remain: %q", got)
	}
	if got := h.spans("a1"); strings.Count(got, "[") != 1 {
		t.Fatalf("after R a1's spans: %q (the accepted one only)", got)
	}
	if h.d.doc.ID != "b2" {
		t.Fatalf("after R the desk shows %s, want b2", h.d.doc.ID)
	}
	// A accepts the rest.
	ask2 := len(h.d.sugs)
	shortcut(h.ed(), fyne.KeyReturn, ctrl)
	if h.d.gate == nil {
		t.Fatalf("no gate on b2 with %d undecided", ask2)
	}
	test.Type(h.d.gate, "A")
	h.d.jobs.wait()
	if st := h.status("b2"); st != annotate.StatusDone {
		t.Fatalf("after A b2 is %s", st)
	}
	if got := h.spans("b2"); strings.Count(got, "[") != ask2 {
		t.Fatalf("after A b2's spans: %q, want its %d suggestions", got, ask2)
	}
	// c3: decide its one suggestion by hand, then Ctrl+Enter asks nothing.
	if h.d.doc.ID != "c3" {
		t.Fatalf("the desk shows %s, want c3", h.d.doc.ID)
	}
	h.ed().TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
	h.ed().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	shortcut(h.ed(), fyne.KeyReturn, ctrl)
	if h.d.gate != nil {
		t.Fatal("the gate asked with every suggestion decided")
	}
	h.d.jobs.wait()
	if st := h.status("c3"); st != annotate.StatusDone {
		t.Fatalf("c3 is %s", st)
	}
}

// A document marked done before the gate, with suggestions undecided,
// shows in the list with a warning and the count.
func TestDoneWithUndecidedShowsInTheList(t *testing.T) {
	path := memProject(t, "legacy.goldspan", []annotate.Record{
		{Doc: annotate.Document{ID: "a1", Text: textA}, Annotator: "alice", Status: annotate.StatusDone, HasSpans: true,
			Suggestions: []annotate.Suggestion{sug(t, textA, "特朗普", "PER"), sug(t, textA, "北京", "LOC")}},
		{Doc: annotate.Document{ID: "b2", Text: textB}},
	})
	h := newHarness(t, path, "alice")
	s, ok := h.d.list.row(0)
	if !ok || s.ID != "a1" || s.Undecided != 2 || s.Suggestions != 2 {
		t.Fatalf("row 0: %+v", s)
	}
	r := newDocRow().(*docRow)
	r.set(s, false)
	if got := r.spans.Text; got != "0 · 2 undecided" {
		t.Errorf("the row says %q", got)
	}
}
