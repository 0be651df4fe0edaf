package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
)

// The desk's keys beyond the span editor's own: the review keys when no
// widget has the focus, the window shortcuts the menus do not cover, and
// the window commands that keys and menus pass on.

// addWindowKeys makes the window answer keys when no widget has the focus.
func (d *desk) addWindowKeys() {
	d.win.Canvas().SetOnTypedKey(d.onWindowKey)
	// Ctrl+plus is Ctrl+Shift+= on most keyboards, and the keypad's plus:
	// the menu's Ctrl+= does not match those.
	for _, s := range []*desktop.CustomShortcut{
		{KeyName: fyne.KeyEqual, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift},
		{KeyName: fyne.KeyPlus, Modifier: fyne.KeyModifierShortcutDefault},
		{KeyName: fyne.KeyPlus, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift},
	} {
		d.win.Canvas().AddShortcut(s, func(fyne.Shortcut) { d.onCommand(CommandZoomIn) })
	}
}

// onWindowKey handles the review keys when no widget has the focus.
func (d *desk) onWindowKey(ev *fyne.KeyEvent) {
	if d.win.Canvas().Overlays().Top() != nil {
		// A dialog is open: Esc or F1 close the shortcut sheet and the
		// about box, Enter or Esc a notice; nothing reaches the document
		// behind.
		if (ev.Name == fyne.KeyEscape || ev.Name == fyne.KeyF1) && d.sheet != nil {
			d.sheet.Hide()
			d.sheet = nil
		}
		if d.notice != nil && (ev.Name == fyne.KeyEscape || ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter) {
			d.notice.Hide()
			d.notice = nil
		}
		if d.gate != nil { // the done gate lost the focus to a click
			d.gate.TypedKey(ev)
		}
		if d.acceptAsk != nil { // so did the question before accepting all
			d.acceptAsk.TypedKey(ev)
		}
		return
	}
	switch ev.Name {
	case fyne.KeyPageDown:
		d.onCommand(CommandNextDocument)
	case fyne.KeyPageUp:
		d.onCommand(CommandPreviousDocument)
	case fyne.KeyF1:
		d.onCommand(CommandShortcuts)
	case fyne.KeyF6:
		d.onCommand(CommandPanel)
	default:
		if d.hasDoc {
			d.focusEditor()
			d.editor.TypedKey(ev)
		}
	}
}

// onCommand runs a window command from a key or a menu.
func (d *desk) onCommand(c Command) {
	switch c {
	case CommandUndo:
		d.onUndo(false)
	case CommandRedo:
		d.onUndo(true)
	case CommandDoneNext:
		d.onDoneNext()
	case CommandNextDocument:
		d.step(1)
	case CommandPreviousDocument:
		d.step(-1)
	case CommandShortcuts:
		d.showShortcuts()
	case CommandZoomIn:
		d.zoom(d.theme.ZoomIn)
	case CommandZoomOut:
		d.zoom(d.theme.ZoomOut)
	case CommandFind:
		d.panel.focusSearch()
	case CommandPanel:
		d.panel.focusList()
	}
}

// zoom changes the text size and remembers it. The theme in use is the
// same object with another scale, so it is not set again: Fyne answers a
// new theme by dropping its font cache, and parsing the bundled Noto Sans
// CJK and shaping with it afresh took 0.2-0.5 s of the UI goroutine per
// press (Ctrl+plus twice: no repaint for a second or more). Every window
// is laid out again at the new size at once instead.
func (d *desk) zoom(change func() float32) {
	s := change()
	d.prefs.SetFloat(prefTextScale, float64(s))
	if d.app.Settings().Theme() == fyne.Theme(d.theme) {
		relayoutAll(d.app)
	} else {
		d.applyTheme()
	}
	d.bar.setMessage(fmt.Sprintf(lang.L("Text size %d%%"), int(s*100+0.5)))
}

// relayoutAll draws every window of a again after the theme's sizes
// changed: the content twice (a container lays out before it refreshes
// its children, so the first pass measures the new text and the second
// lays it out), the dialogs over it, and the menu bar.
func relayoutAll(a fyne.App) {
	for _, w := range a.Driver().AllWindows() {
		c := w.Canvas()
		for range 2 {
			if content := c.Content(); content != nil {
				content.Refresh()
			}
			for _, o := range c.Overlays().List() {
				o.Refresh()
			}
		}
		if m := w.MainMenu(); m != nil {
			// The menu bar is built again at the new size, after the
			// key event: the shortcut came through the bar being replaced.
			go fyne.Do(func() { w.SetMainMenu(m) })
		}
	}
}
