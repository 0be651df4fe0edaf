package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"goldspan/annotate"
)

// The project's guidelines show in their tab as Markdown, and F1 shows
// them before the keyboard sheet; without guidelines F1 is the sheet alone.
func TestGuidelinesTabAndF1(t *testing.T) {
	path := newMemProject(t)
	st := openTest(t, path).(annotate.SettingStore)
	md := "# 標註指引\n\n- 俄 alone (one-character country abbreviations): **LOC**\n"
	if err := st.SetSetting(context.Background(), annotate.SettingGuidelines, md); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, path, "alice")
	segs := h.d.guide.text.Segments
	if len(segs) < 2 || !strings.Contains(richText(h.d.guide.text), "標註指引") || strings.Contains(richText(h.d.guide.text), "#") {
		t.Fatalf("the tab shows %q, not the Markdown rendered", richText(h.d.guide.text))
	}
	if _, ok := segs[1].(*widget.ListSegment); !ok {
		t.Errorf("the list item is a %T, not a Markdown list", segs[1])
	}
	h.d.showGuidelines()
	if h.d.side.Selected() != h.d.guideTab {
		t.Error("Help › Annotation guidelines did not bring the tab forward")
	}
	key(h.ed(), fyne.KeyF1)
	if h.d.sheet == nil {
		t.Fatal("F1 showed no help")
	}
	found := findObject(h.w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) bool {
		r, ok := o.(*widget.RichText)
		return ok && strings.Contains(richText(r), "標註指引")
	})
	if found == nil {
		t.Error("F1's help does not show the guidelines")
	}
	h.d.onWindowKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.w.Canvas().Overlays().Top() != nil {
		t.Error("Esc did not close the help")
	}

	// A project without guidelines: the tab says so, F1 is the sheet alone.
	h2 := newHarness(t, newMemProject(t), "alice")
	if h2.d.guide.md != "" || !strings.Contains(richText(h2.d.guide.text), "no annotation guidelines yet") {
		t.Errorf("without guidelines the tab shows %q", richText(h2.d.guide.text))
	}
	if h2.d.guide.content() != nil {
		t.Error("F1 would show empty guidelines")
	}
}

// Guidelines with emphasis inside a list item wrap at words in a narrow
// tab, never one character per row (Fyne 2.7.1 did so after a bold
// segment ending at the edge, at these widths).
func TestGuidelinesWrapInANarrowTab(t *testing.T) {
	useTestApp(t)
	md := "## LOC / ORG\n- One-character country abbreviations (**俄**, **美**, **中**) are LOC when they name the country.\n"
	for _, width := range []float32{280, 300, 320, 340, 360} {
		r := guidelinesText(md)
		w := test.NewTempWindow(t, container.NewVScroll(r))
		w.Resize(fyne.NewSize(width, 600))
		single := 0
		for _, o := range test.WidgetRenderer(r).Objects() {
			if tx, ok := o.(*canvas.Text); ok && len([]rune(strings.TrimSpace(tx.Text))) == 1 {
				single++
			}
		}
		if single > 1 {
			t.Errorf("at width %v, %d rows of one character", width, single)
		}
		list, ok := r.Segments[1].(*widget.ListSegment)
		if !ok {
			t.Fatalf("segment 1 is a %T, not the list", r.Segments[1])
		}
		if got := list.Items[0].(*widget.ParagraphSegment).Texts[0].Textual(); !strings.Contains(got, "俄, 美, 中) are LOC when") {
			t.Errorf("the list item reads %q", got)
		}
	}
}

// The lead edits the guidelines in a dialog: Save keeps them in the
// project and shows them; Cancel changes nothing.
func TestGuidelinesEditDialog(t *testing.T) {
	h := newHarness(t, newMemProject(t), "alice")
	h.d.guide.onEdit()
	entry, ok := h.w.Canvas().Focused().(*widget.Entry)
	if !ok {
		t.Fatalf("the dialog's entry does not have the keyboard: %T", h.w.Canvas().Focused())
	}
	test.Type(entry, "# Rules\n\n- 俄 is LOC")
	tapButton(t, h.w, "Save")
	st := openTest(t, h.path).(annotate.SettingStore)
	got, err := st.Setting(context.Background(), annotate.SettingGuidelines)
	if err != nil || got != "# Rules\n\n- 俄 is LOC" {
		t.Fatalf("stored %q, %v", got, err)
	}
	if !strings.Contains(richText(h.d.guide.text), "Rules") || h.d.bar.message.Text != "Saved the guidelines" {
		t.Errorf("after Save the tab shows %q, the bar %q", richText(h.d.guide.text), h.d.bar.message.Text)
	}

	h.d.guide.onEdit()
	entry = h.w.Canvas().Focused().(*widget.Entry)
	if entry.Text != "# Rules\n\n- 俄 is LOC" {
		t.Errorf("the dialog opened on %q", entry.Text)
	}
	test.Type(entry, " and more")
	tapButton(t, h.w, "Cancel")
	if got, _ := st.Setting(context.Background(), annotate.SettingGuidelines); got != "# Rules\n\n- 俄 is LOC" {
		t.Errorf("Cancel stored %q", got)
	}
}
