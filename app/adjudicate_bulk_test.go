package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"goldspan/annotate"
)

// keyboard sends keys to a window as the driver does and counts them:
// characters and keys to the focused widget (else the canvas's handlers),
// shortcuts to the focused widget when it takes shortcuts, else to the
// canvas's.
type keyboard struct {
	c fyne.Canvas
	n int
}

func (k *keyboard) key(name fyne.KeyName) {
	k.n++
	ev := &fyne.KeyEvent{Name: name}
	if f := k.c.Focused(); f != nil {
		f.TypedKey(ev)
	} else if h := k.c.OnTypedKey(); h != nil {
		h(ev)
	}
}

func (k *keyboard) rune(r rune) {
	k.n++
	if f := k.c.Focused(); f != nil {
		f.TypedRune(r)
	} else if h := k.c.OnTypedRune(); h != nil {
		h(r)
	}
}

func (k *keyboard) shortcut(s fyne.Shortcut) {
	k.n++
	if f, ok := k.c.Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
		return
	}
	k.c.(fyne.Shortcutable).TypedShortcut(s)
}

// openAdjudication opens the adjudication window on h's project and waits
// for its disagreements.
func openAdjudication(t *testing.T, h *harness) *adjudicationView {
	t.Helper()
	rw := &reviewWindows{d: h.d}
	rw.showAdjudication(adjudicateRequest{})
	h.d.jobs.wait()
	v := rw.adjudication
	if v == nil || !v.hasDoc {
		t.Fatal("adjudication opened no document")
	}
	t.Cleanup(v.win.Close)
	v.win.Resize(fyne.NewSize(1100, 720))
	return v
}

// The disagreement strip settles disagreements one key each, walks them
// with the arrows, hands one to gold for editing and back (Enter, F6), and
// says how many remain.
func TestAdjudicationKeyboard(t *testing.T) {
	h := newHarness(t, newAgreementProject(t), "lead")
	v := openAdjudication(t, h)
	k := &keyboard{c: v.win.Canvas()}
	if v.doc.ID != "a1" || v.win.Canvas().Focused() != v.nav || v.cur != 0 {
		t.Fatalf("opened %s with %v focused and disagreement %d current", v.doc.ID, v.win.Canvas().Focused(), v.cur)
	}
	if got := v.nav.text.Text; got != "Disagreement 1 of 2 here  ·  3 disagreements left in 2 documents gold has not finished" {
		t.Errorf("the strip says %q", got)
	}
	trumpS, trumpE := runes(t, textA, "特朗普（Donald Trump）")
	if s, e := v.editor.Selection(); s != trumpS || e != trumpE {
		t.Errorf("gold selects [%d, %d), want the first disagreement [%d, %d)", s, e, trumpS, trumpE)
	}
	trumpLong, beijing := span(t, textA, "特朗普（Donald Trump）", "PER"), span(t, textA, "北京", "LOC")
	gold := func() string { return spansText(goldSpans(t, h, "a1")) }

	// → takes bob's (the second annotator's) version and moves on.
	k.key(fyne.KeyRight)
	if got := gold(); !strings.Contains(got, trumpLong) || v.cur != 1 {
		t.Fatalf("→: gold %q, disagreement %d current", got, v.cur)
	}
	if !strings.Contains(v.message.Text, "Took bob's version") {
		t.Errorf("message %q", v.message.Text)
	}
	// ↑ back, 1 takes alice's instead; 1 on 北京 takes alice's too.
	k.key(fyne.KeyUp)
	k.rune('1')
	k.rune('1')
	want := strings.Join([]string{span(t, textA, "俄羅斯國防部", "ORG"), span(t, textA, "特朗普", "PER"), span(t, textA, "2025年9月23日", "TIME"), beijing}, " ")
	if got := gold(); got != want {
		t.Fatalf("after ↑ 1 1 gold = %q, want %q", got, want)
	}
	if !strings.Contains(v.message.Text, "last disagreement here") {
		t.Errorf("after the last one: %q", v.message.Text)
	}
	// 0 rejects every version of 北京; Ctrl+Z (the window's shortcut) brings it back.
	k.rune('0')
	if got := gold(); strings.Contains(got, beijing) {
		t.Fatalf("0 left %q", got)
	}
	k.shortcut(&fyne.ShortcutUndo{})
	if got := gold(); got != want {
		t.Fatalf("Ctrl+Z left %q, want %q", got, want)
	}
	// 3 names an annotator there is not.
	k.rune('3')
	if !strings.Contains(v.message.Text, "only 2 annotators") {
		t.Errorf("3: %q", v.message.Text)
	}
	// Enter hands the disagreement to gold's editor; F6 comes back.
	k.key(fyne.KeyReturn)
	if v.win.Canvas().Focused() != v.editor {
		t.Fatalf("Enter left %v focused", v.win.Canvas().Focused())
	}
	k.key(fyne.KeyF6)
	if v.win.Canvas().Focused() != v.nav {
		t.Fatalf("F6 in gold left %v focused", v.win.Canvas().Focused())
	}
	// Ctrl+Enter: gold done, the next document opens on its disagreement.
	k.shortcut(shortcutDoneNext)
	if v.doc.ID != "b2" || v.win.Canvas().Focused() != v.nav || v.cur != 0 {
		t.Fatalf("Ctrl+Enter opened %s, focus %v, disagreement %d", v.doc.ID, v.win.Canvas().Focused(), v.cur)
	}
	if got := v.nav.text.Text; !strings.Contains(got, "1 disagreement left in 1 document gold") {
		t.Errorf("the strip says %q", got)
	}
	// Settling a1 and moving on took 10 keys (with the detours), none of them the mouse's.
	if k.n != 10 {
		t.Errorf("%d keys", k.n)
	}
	test.AssertRendersToMarkup(t, "adjudication_keyboard.xml", v.win.Canvas())
}

// Settle in bulk: Ctrl+B asks, 1 takes everything from alice over every
// document gold has not finished and marks them done; Ctrl+Z right after
// undoes the whole pass.
func TestAdjudicationBulk(t *testing.T) {
	h := newHarness(t, newAgreementProject(t), "lead")
	v := openAdjudication(t, h)
	k := &keyboard{c: v.win.Canvas()}
	before := map[string]string{}
	for _, id := range []string{"a1", "b2", "c3"} {
		before[id] = spansText(goldSpans(t, h, id))
	}
	k.shortcut(shortcutBulk)
	if v.bulkAsk == nil || v.win.Canvas().Focused() != v.bulkAsk {
		t.Fatal("Ctrl+B did not open the bulk dialog with the keyboard")
	}
	k.rune('1')
	h.d.jobs.wait()
	for _, id := range []string{"a1", "b2"} {
		if got, want := spansText(goldSpans(t, h, id)), spansText(spansOf(t, h, id, "alice")); got != want {
			t.Errorf("gold on %s = %q, want alice's %q", id, got, want)
		}
		if st, _ := h.d.st.Status(context.Background(), id, annotate.GoldAnnotator); st != annotate.StatusDone {
			t.Errorf("gold on %s is %s", id, st)
		}
	}
	if got := spansText(goldSpans(t, h, "c3")); got != "" {
		t.Errorf("c3 (bob has not finished it) got gold %q", got)
	}
	if got := v.message.Text; !strings.Contains(got, "Take everything from alice") || !strings.Contains(got, "3 disagreements decided, 0 left") ||
		!strings.Contains(got, "2 documents marked gold done") || !strings.Contains(got, "Ctrl+Z undoes it all") {
		t.Errorf("message %q", got)
	}
	if got := v.nav.text.Text; !strings.Contains(got, "0 disagreements left in 0 documents") {
		t.Errorf("the strip says %q", got)
	}
	if v.win.Canvas().Focused() != v.nav {
		t.Errorf("after the pass %v has the keyboard", v.win.Canvas().Focused())
	}
	// One undo step takes it all back.
	k.shortcut(&fyne.ShortcutUndo{})
	h.d.jobs.wait()
	for _, id := range []string{"a1", "b2", "c3"} {
		if got := spansText(goldSpans(t, h, id)); got != before[id] {
			t.Errorf("after undo gold on %s = %q, want %q", id, got, before[id])
		}
		if st, _ := h.d.st.Status(context.Background(), id, annotate.GoldAnnotator); st == annotate.StatusDone {
			t.Errorf("after undo gold on %s is still done", id)
		}
	}
	if got := v.nav.text.Text; !strings.Contains(got, "3 disagreements left in 2 documents") {
		t.Errorf("after undo the strip says %q", got)
	}
	if !strings.Contains(v.message.Text, "Undid take everything from alice: 2 documents as before") {
		t.Errorf("message %q", v.message.Text)
	}
	// Esc cancels the dialog; a gold edit after a pass makes Ctrl+Z undo the edit only.
	k.shortcut(shortcutBulk)
	k.key(fyne.KeyEscape)
	if v.win.Canvas().Overlays().Top() != nil || v.win.Canvas().Focused() != v.nav {
		t.Fatal("Esc did not close the bulk dialog")
	}
	k.shortcut(shortcutBulk)
	k.rune('u')
	h.d.jobs.wait()
	if !strings.Contains(v.message.Text, "Accept where all annotators agree") || v.lastBulk == nil {
		t.Fatalf("U: %q", v.message.Text)
	}
	k.rune('2') // bob's 特朗普（Donald Trump）
	k.shortcut(&fyne.ShortcutUndo{})
	if v.lastBulk == nil || !strings.Contains(v.message.Text, "in gold") {
		t.Errorf("Ctrl+Z after an edit: %q (the pass kept: %v)", v.message.Text, v.lastBulk != nil)
	}
	if !v.undoBulk.Visible() {
		t.Error("the Undo button for the pass is gone")
	}
}
