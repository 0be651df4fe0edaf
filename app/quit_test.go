package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// File › Quit ends the file menu on Ctrl+Q (Cmd+Q on macOS), marked as
// the quit item, so that Fyne gives it its action (close every window,
// after which Run closes the project) and adds no second Quit; the key
// sheet lists it. Fyne binds no key to quit on Linux or Windows, and the
// scripts that drive the desk under Xvfb pressed Ctrl+Q to no effect.
func TestQuitIsOnCtrlQ(t *testing.T) {
	h := newHarness(t, "", "alice")
	file := h.d.menu.Items[0].Items
	last := file[len(file)-1]
	want := (&desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}).ShortcutName()
	if !last.IsQuit || last.Label != "Quit" || last.Shortcut == nil || last.Shortcut.ShortcutName() != want {
		t.Errorf("the file menu ends with %q (quit %v, shortcut %v), want Quit on %s", last.Label, last.IsQuit, last.Shortcut, want)
	}
	quits := 0
	for _, m := range h.d.menu.Items {
		for _, it := range m.Items {
			if it.IsQuit {
				quits++
			}
		}
	}
	if quits != 1 {
		t.Errorf("%d quit items, want 1", quits)
	}
	listed := false
	for _, g := range shortcutSheet() {
		for _, row := range g.keys {
			listed = listed || row[0] == "Ctrl+Q"
		}
	}
	if !listed {
		t.Error("the key sheet does not list Ctrl+Q")
	}
}
