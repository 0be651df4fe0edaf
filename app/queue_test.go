package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"goldspan/annotate"
	"goldspan/project"
)

// Review › What to review next: with the queue ordered by undecided
// suggestions, Ctrl+Enter opens the document with the most next and the
// status bar says why; the window lists the queue with the reasons, and
// a row opens its document.
func TestQueueOrder(t *testing.T) {
	s := func(text, sub, label string) annotate.Suggestion { return sug(t, text, sub, label) }
	recs := []annotate.Record{
		{Doc: annotate.Document{ID: "a", Text: textA}},
		{Doc: annotate.Document{ID: "b", Text: textB}, Suggestions: []annotate.Suggestion{s(textB, "新华社", "ORG")}},
		{Doc: annotate.Document{ID: "c", Text: textC}, Suggestions: []annotate.Suggestion{s(textC, "臺北市政府", "ORG"), s(textC, "2026年", "TIME"), s(textC, "臺北", "LOC")}},
		{Doc: annotate.Document{ID: "d", Text: textB}, Suggestions: []annotate.Suggestion{s(textB, "北京", "LOC"), s(textB, "习近平", "PER")}},
	}
	h := newHarness(t, memProject(t, "queue.goldspan", recs), "alice")
	if !h.d.hasDoc || h.d.doc.ID != "a" {
		t.Fatalf("opened %q, want a", h.d.doc.ID)
	}
	h.d.showQueue()
	v := h.d.queue().view
	if v == nil {
		t.Fatal("no queue window")
	}
	t.Cleanup(v.win.Close)
	h.d.jobs.wait()
	if got := v.list.Length(); got != 4 || !strings.Contains(v.note.Text, "import order") {
		t.Errorf("the window lists %d documents and says %q", got, v.note.Text)
	}
	v.order.SetSelected(project.OrderUndecided.String())
	h.d.jobs.wait()
	var rows []string
	for _, it := range h.d.queue().items {
		rows = append(rows, it.ID+": "+it.Reason)
	}
	if got := strings.Join(rows, "; "); got != "c: 3 suggestions undecided; d: 2 suggestions undecided; b: 1 suggestion undecided; a: 0 suggestions undecided" {
		t.Errorf("the queue: %s", got)
	}
	if h.a.Preferences().String(prefQueueOrder+h.path) != "undecided" {
		t.Error("the order is not remembered")
	}
	// Ctrl+Enter on a (nothing undecided): c comes next, and the bar says why.
	shortcut(h.ed(), fyne.KeyReturn, ctrl)
	h.d.jobs.wait()
	if h.d.doc.ID != "c" {
		t.Fatalf("Ctrl+Enter opened %s, want c (the most undecided)", h.d.doc.ID)
	}
	if got := h.d.bar.message.Text; got != "Next by undecided: c (3 suggestions undecided)" {
		t.Errorf("the bar says %q", got)
	}
	// R in the done gate rejects c's three; d comes next, then b.
	shortcut(h.ed(), fyne.KeyReturn, ctrl)
	test.Type(h.d.win.Canvas().Focused(), "r")
	h.d.jobs.wait()
	if h.d.doc.ID != "d" {
		t.Fatalf("after c: %s, want d", h.d.doc.ID)
	}
	// The window's rows open their documents: the queue is now d, b.
	if n := v.list.Length(); n != 2 {
		t.Errorf("the window lists %d documents to do, want d and b", n)
	}
	v.list.Select(1)
	if h.d.doc.ID != "b" {
		t.Errorf("the second row opened %s, want b", h.d.doc.ID)
	}
	// Back to import order: after b comes d again (import order, wrapping: c is done).
	h.d.setQueueOrder(project.OrderImport)
	h.d.jobs.wait()
	if next, err := h.d.nextToDo(h.d.doc); err != nil || next != "d" {
		t.Errorf("import order after b: %q %v, want d", next, err)
	}
}
