package app

import (
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"goldspan/annotate"
	"goldspan/annotate/agree"
	"goldspan/annotate/format"
)

// Tests of the defects an annotator reported in issue 17.

// windowKey sends a key as the driver would: to the focused widget, else
// to the window's canvas.
func windowKey(h *harness, name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	if f := h.w.Canvas().Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	if on := h.w.Canvas().OnTypedKey(); on != nil {
		on(ev)
	}
}

// The "All done" notice after the last document closes with Enter and
// with Escape, without the mouse.
func TestAllDoneClosesFromTheKeyboard(t *testing.T) {
	for _, key := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEnter, fyne.KeyEscape} {
		t.Run(string(key), func(t *testing.T) {
			path := memProject(t, "one.goldspan", []annotate.Record{{Doc: annotate.Document{ID: "a1", Text: textA}}})
			h := newHarness(t, path, "alice")
			shortcut(h.ed(), fyne.KeyReturn, ctrl)
			h.d.jobs.wait()
			if h.w.Canvas().Overlays().Top() == nil || h.d.notice == nil {
				t.Fatal("no All done dialog after the last document")
			}
			windowKey(h, key)
			if h.w.Canvas().Overlays().Top() != nil {
				t.Fatalf("%s did not close the All done dialog", key)
			}
			if h.status("a1") != annotate.StatusDone {
				t.Fatal("a1 is not done")
			}
		})
	}
}

// One of a thing is singular in every count message.
func TestCountMessagesUseTheSingular(t *testing.T) {
	if got := modelShort(annotate.LearnerStatus{Sentences: 1, Documents: 1}); !strings.HasPrefix(got, "Model: 1 sentence, 1 done") {
		t.Errorf("status bar: %q", got)
	}
	v := &agreementView{rep: &agree.Report{Documents: 1, Characters: 1, Disagreements: make([]agree.Disagreement, 1)}}
	if got := v.summaryText(); !strings.HasPrefix(got, "1 document compared, 1 character.") || !strings.Contains(got, "1 disagreement:") {
		t.Errorf("agreement summary: %q", got)
	}
	// The desk: a document with one suggestion, all accepted with A.
	path := memProject(t, "one.goldspan", []annotate.Record{{Doc: annotate.Document{ID: "c3", Text: textC},
		Suggestions: []annotate.Suggestion{sug(t, textC, "臺北市政府", "ORG")}}})
	h := newHarness(t, path, "alice")
	test.Type(h.ed(), "a")
	if got := h.d.bar.message.Text; got != "Accepted 1 suggestion" {
		t.Errorf("accept all: %q", got)
	}
	if got := h.d.title.Text; !strings.Contains(got, "1 span,") {
		t.Errorf("title: %q", got)
	}
}

// Undoing an accepted suggestion says so, not "adding a span".
func TestUndoAcceptSaysAccepting(t *testing.T) {
	h := newHarness(t, newMemProject(t), "alice")
	h.ed().TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
	h.ed().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.ed().TypedShortcut(shortcutUndo)
	if got := h.d.bar.message.Text; got != "Undid accepting a suggestion" {
		t.Errorf("undo of an accept: %q", got)
	}
	h.ed().TypedShortcut(shortcutRedo)
	if got := h.d.bar.message.Text; got != "Redid accepting a suggestion" {
		t.Errorf("redo of an accept: %q", got)
	}
	// An add by hand is still "adding a span".
	s, e := runes(t, textA, "國防部")
	h.ed().Select(s, e)
	test.Type(h.ed(), "1")
	h.ed().TypedShortcut(shortcutUndo)
	if got := h.d.bar.message.Text; got != "Undid adding a span" {
		t.Errorf("undo of an add: %q", got)
	}
}

// View › Theme ticks the theme on show, and follows a change.
func TestThemeMenuTicksTheCurrentTheme(t *testing.T) {
	h := newHarness(t, "", "alice")
	var themes *fyne.MenuItem
	for _, m := range h.d.menu.Items {
		for _, it := range m.Items {
			if it.Label == "Theme" {
				themes = it
			}
		}
	}
	if themes == nil || themes.ChildMenu == nil {
		t.Fatal("no View › Theme")
	}
	ticked := func() string {
		var out []string
		for _, it := range themes.ChildMenu.Items {
			if it.Checked {
				out = append(out, it.Label)
			}
		}
		return strings.Join(out, ", ")
	}
	if got := ticked(); got != "Follow the system" {
		t.Errorf("at start ticked: %q", got)
	}
	for _, it := range themes.ChildMenu.Items {
		if it.Label == "Dark" {
			it.Action()
		}
	}
	if got := ticked(); got != "Dark" {
		t.Errorf("after Dark ticked: %q", got)
	}
}

// The context menu's "Accept all suggestions…" is last, behind a
// separator, far from Reject; it asks first, saying how many, and Enter
// and Escape cancel: only A (or its button) accepts them all.
func TestContextMenuAcceptAllAsksFirst(t *testing.T) {
	h := newHarness(t, newMemProject(t), "alice")
	s, _ := runes(t, textA, "特朗普")
	e := h.ed()
	menu := e.menuAt(charPoint(e, s+1, false).Subtract(absPos(e.area)))
	if m, ok := e.SelectedMark(); !ok || m.Kind != MarkSuggestion {
		t.Fatalf("the right-click selected %+v", m)
	}
	var labels []string
	for _, it := range menu.Items {
		if it.IsSeparator {
			labels = append(labels, "---")
		} else {
			labels = append(labels, it.Label)
		}
	}
	got := strings.Join(labels, " | ")
	if want := "Accept | Accept as | Reject | --- | Label every occurrence | --- | Accept all suggestions..."; got != want {
		t.Fatalf("the menu is %q, want %q", got, want)
	}
	all := menu.Items[len(menu.Items)-1]
	ask := func() {
		t.Helper()
		all.Action()
		if h.d.acceptAsk == nil || h.w.Canvas().Overlays().Top() == nil {
			t.Fatal("Accept all suggestions… did not ask")
		}
		if h.w.Canvas().Focused() != h.d.acceptAsk {
			t.Fatalf("the question does not have the keyboard: %T", h.w.Canvas().Focused())
		}
		if txt := h.d.acceptAsk.text.Text; !strings.Contains(txt, "Accept 3 suggestions") {
			t.Errorf("the question says %q", txt)
		}
	}
	for _, key := range []fyne.KeyName{fyne.KeyEscape, fyne.KeyReturn} {
		ask()
		windowKey(h, key)
		if h.d.acceptAsk != nil || h.w.Canvas().Overlays().Top() != nil {
			t.Fatalf("%s did not close the question", key)
		}
		if got := h.spans("a1"); got != "" {
			t.Fatalf("%s accepted: %q", key, got)
		}
	}
	ask()
	test.Type(h.d.acceptAsk, "a")
	if h.w.Canvas().Overlays().Top() != nil {
		t.Fatal("A left the question open")
	}
	if got := h.spans("a1"); strings.Count(got, "[") != 3 {
		t.Fatalf("A accepted %q, want the 3 suggestions", got)
	}
	if got := h.d.bar.message.Text; got != "Accepted 3 suggestions" {
		t.Errorf("the bar says %q", got)
	}
}

// A negative score draws a bar left of the zero line, on a scale that
// reaches below zero, with its value printed; without one the scale is
// 0 to 1 as before.
func TestBarChartDrawsNegativeValues(t *testing.T) {
	useTestApp(t)
	c := newBarChart()
	c.SetRows([]barRow{
		{Name: "all labels", Color: color.Black, Value: 0.5},
		{Name: "PER", Color: color.Black, Value: -0.3},
	})
	w := test.NewTempWindow(t, c)
	w.Resize(fyne.NewSize(500, 200))
	r := test.TempWidgetRenderer(t, c).(*barChartRenderer)
	var ticks []string
	for _, tx := range r.ticks {
		ticks = append(ticks, tx.Text)
	}
	if got := strings.Join(ticks, " "); got != "-0.4 -0.2 0.0 0.2 0.4 0.6 0.8 1.0" {
		t.Fatalf("the scale's marks: %q", got)
	}
	zero := r.grid[2].Position().X
	neg := r.bars[1]
	if neg.Size().Width <= 0 {
		t.Fatal("the negative value draws no bar")
	}
	if right := neg.Position().X + neg.Size().Width; abs32(right-zero) > 0.5 || neg.Position().X >= zero {
		t.Errorf("the negative bar runs [%v, %v), the zero line is at %v", neg.Position().X, right, zero)
	}
	pos := r.bars[0]
	if abs32(pos.Position().X-zero) > 0.5 || pos.Size().Width <= 0 {
		t.Errorf("the positive bar starts at %v, the zero line is at %v", pos.Position().X, zero)
	}
	// Half a unit rightwards is longer than 0.3 leftwards, in proportion.
	if ratio := neg.Size().Width / pos.Size().Width; abs32(ratio-0.6) > 0.01 {
		t.Errorf("bar lengths -0.3 : 0.5 = %v", ratio)
	}
	if got := r.values[1].Text; got != "-0.3000" {
		t.Errorf("the value printed: %q", got)
	}

	c.SetRows([]barRow{{Name: "all labels", Color: color.Black, Value: 0.5}})
	if got := len(r.ticks); got != 6 || r.ticks[0].Text != "0.0" {
		t.Errorf("without negatives the scale has %d marks from %q", got, r.ticks[0].Text)
	}
}

func abs32(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}

// The export's report of spans its format could not hold counts in the
// singular for one.
func TestLossTextCountsOne(t *testing.T) {
	l := format.Loss{DocID: "a1", Start: 1, End: 3, Label: "PER", Reason: "overlaps"}
	if got := lossText("conll", []format.Loss{l}); !strings.HasPrefix(got, "conll cannot hold 1 span ") || !strings.Contains(got, "it was left out") {
		t.Errorf("one loss: %q", got)
	}
	if got := lossText("conll", []format.Loss{l, l}); !strings.HasPrefix(got, "conll cannot hold 2 spans ") || !strings.Contains(got, "they were left out") {
		t.Errorf("two losses: %q", got)
	}
}
