package app

import (
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	fynestorage "fyne.io/fyne/v2/storage"
)

// The shortcuts of the menus. The span editor handles the same keys when it
// has the focus (see SpanEditor.TypedShortcut); the menus make them work
// from anywhere in the window.
var (
	shortcutUndo     = &fyne.ShortcutUndo{}
	shortcutRedo     = &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	shortcutDoneNext = &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutLabelAll = &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutZoomIn   = &desktop.CustomShortcut{KeyName: fyne.KeyEqual, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutZoomOut  = &desktop.CustomShortcut{KeyName: fyne.KeyMinus, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutNew      = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutOpen     = &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutImport   = &desktop.CustomShortcut{KeyName: fyne.KeyI, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutFind     = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutQuit     = &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}
)

// projectFilter is what the project file dialogs list.
var projectFilter = fynestorage.NewExtensionFileFilter([]string{".goldspan", ".db", ".sqlite"})

// buildMenu creates the main menu.
func (d *desk) buildMenu() *fyne.MainMenu {
	with := func(it *fyne.MenuItem, s fyne.Shortcut) *fyne.MenuItem {
		it.Shortcut = s
		return it
	}
	d.recent = fyne.NewMenuItem(lang.L("Open recent"), nil)
	d.refreshRecent()
	file := fyne.NewMenu(lang.L("File"),
		with(fyne.NewMenuItem(lang.L("New project…"), d.onNewProject), shortcutNew),
		with(fyne.NewMenuItem(lang.L("Open project…"), d.onOpenProject), shortcutOpen),
		fyne.NewMenuItem(lang.L("Open team project…"), d.onOpenTeamProject),
		d.recent,
		fyne.NewMenuItem(lang.L("Open the demo project"), d.openDemo),
		fyne.NewMenuItemSeparator(),
		with(fyne.NewMenuItem(lang.L("Import…"), d.whenOnline(d.onImport)), shortcutImport),
		fyne.NewMenuItem(lang.L("Export…"), d.onExport),
		fyne.NewMenuItemSeparator(),
		d.restoreItem(),
		fyne.NewMenuItemSeparator(),
		quitItem(),
	)
	labels := fyne.NewMenuItem(lang.L("Labels"), nil)
	labels.ChildMenu = fyne.NewMenu("",
		fyne.NewMenuItem(lang.L("Add label…"), d.whenOnline(d.onAddLabel)),
		fyne.NewMenuItem(lang.L("Rename label…"), d.whenOnline(d.onRenameLabel)),
		fyne.NewMenuItem(lang.L("Recolour label…"), d.whenOnline(d.onRecolourLabel)),
		fyne.NewMenuItem(lang.L("Set hotkey…"), d.whenOnline(d.onLabelHotkey)),
	)
	edit := fyne.NewMenu(lang.L("Edit"),
		with(fyne.NewMenuItem(lang.L("Undo"), func() { d.onCommand(CommandUndo) }), shortcutUndo),
		with(fyne.NewMenuItem(lang.L("Redo"), func() { d.onCommand(CommandRedo) }), shortcutRedo),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(lang.L("Accept all suggestions (A)"), d.onAcceptAll),
		with(fyne.NewMenuItem(lang.L("Label every occurrence"), d.onLabelAllMenu), shortcutLabelAll),
		with(fyne.NewMenuItem(lang.L("Find in the document"), func() { d.onCommand(CommandFind) }), shortcutFind),
		with(fyne.NewMenuItem(lang.L("Mark done and open the next"), func() { d.onCommand(CommandDoneNext) }), shortcutDoneNext),
		fyne.NewMenuItemSeparator(),
		labels,
	)
	themes := fyne.NewMenuItem(lang.L("Theme"), nil)
	d.themeItems = map[Variant]*fyne.MenuItem{}
	for _, v := range []struct {
		text    string
		variant Variant
	}{{lang.L("Follow the system"), VariantSystem}, {lang.L("Light"), VariantLight}, {lang.L("Dark"), VariantDark}} {
		d.themeItems[v.variant] = fyne.NewMenuItem(v.text, func() { d.setVariant(v.variant) })
	}
	themes.ChildMenu = fyne.NewMenu("", d.themeItems[VariantSystem], d.themeItems[VariantLight], d.themeItems[VariantDark])
	d.checkTheme()
	view := fyne.NewMenu(lang.L("View"),
		with(fyne.NewMenuItem(lang.L("Bigger text"), func() { d.onCommand(CommandZoomIn) }), shortcutZoomIn),
		with(fyne.NewMenuItem(lang.L("Smaller text"), func() { d.onCommand(CommandZoomOut) }), shortcutZoomOut),
		fyne.NewMenuItem(lang.L("Normal text size"), func() { d.zoom(func() float32 { return d.theme.SetTextScale(1) }) }),
		fyne.NewMenuItemSeparator(),
		themes,
		d.languageItem(),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(lang.L("Recent messages…"), d.showMessages),
	)
	help := fyne.NewMenu(lang.L("Help"),
		fyne.NewMenuItem(lang.L("Keyboard shortcuts (F1)"), d.showShortcuts),
		fyne.NewMenuItem(lang.L("Annotation guidelines"), d.showGuidelines),
		fyne.NewMenuItem(lang.L("Edit annotation guidelines…"), d.whenOnline(d.guide.onEdit)),
		fyne.NewMenuItem(lang.L("About Goldspan"), d.showAbout),
	)
	review := d.reviewMenu()
	d.suggest.item = fyne.NewMenuItem(suggestAgainText(), d.whenOnline(d.onSuggestAgain))
	d.suggest.undo = fyne.NewMenuItem(lang.L("Undo suggest again"), d.whenOnline(d.onUndoSuggestAgain))
	review.Items = append(review.Items, fyne.NewMenuItemSeparator(), d.suggest.item, d.suggest.undo,
		fyne.NewMenuItem(lang.L("Suggestion model…"), d.showModel))
	d.menu = fyne.NewMainMenu(file, edit, view, review, help)
	d.refreshSuggestItem()
	return d.menu
}

// quitItem is File › Quit, Ctrl+Q: Fyne gives it its action (close every
// window, so that Run closes the project) and adds no second Quit. Every
// action is committed when it is made, so quitting loses nothing.
func quitItem() *fyne.MenuItem {
	it := fyne.NewMenuItem(lang.L("Quit"), nil)
	it.IsQuit, it.Shortcut = true, shortcutQuit
	return it
}

// refreshRecent lists the recent projects under File > Open recent.
func (d *desk) refreshRecent() {
	if d.recent == nil {
		return
	}
	var items []*fyne.MenuItem
	for _, p := range d.prefs.StringList(prefRecent) {
		path := p
		text := filepath.Base(path) + "  —  " + filepath.Dir(path)
		if isServerURL(path) {
			text = serverName(path) // never with a password: none is remembered
		}
		items = append(items, fyne.NewMenuItem(text, func() { d.openProject(path) }))
	}
	d.recent.Disabled = len(items) == 0
	d.recent.ChildMenu = fyne.NewMenu("", items...)
	if d.menu != nil {
		d.menu.Refresh()
	}
}

// setVariant switches between light, dark and the system's theme.
func (d *desk) setVariant(v Variant) {
	d.theme.SetVariant(v)
	d.prefs.SetString(prefTheme, v.String())
	d.applyTheme()
	d.checkTheme()
}

// checkTheme ticks the theme on show in View › Theme.
func (d *desk) checkTheme() {
	for v, it := range d.themeItems {
		it.Checked = v == d.theme.Variant()
	}
	if d.menu != nil {
		d.menu.Refresh()
	}
}

// onNewProject asks where to create a project and opens it.
func (d *desk) onNewProject() {
	fd := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			d.showError(err)
			return
		}
		if w == nil {
			return
		}
		path := w.URI().Path()
		w.Close() // the project is created by Open in the empty file
		d.openProject(path)
	}, d.win)
	fd.SetFileName("project.goldspan")
	fd.SetFilter(projectFilter)
	fd.Show()
}

// onOpenProject asks for a project file and opens it.
func (d *desk) onOpenProject() {
	d.pickFile(projectFilter, d.openProject)
}

// onLabelAllMenu labels every occurrence of the selected span's text (with
// its label) or of the selected text (asking for the label).
func (d *desk) onLabelAllMenu() {
	if !d.hasDoc {
		return
	}
	if m, ok := d.editor.SelectedMark(); ok {
		d.onLabelAll(m.Start, m.End, m.Label)
		return
	}
	s, e := d.editor.Selection()
	if s == e {
		d.bar.setMessage(lang.L("Select a span or some text first"))
		return
	}
	d.chooseLabel(lang.L("Label every occurrence as"), func(label string) { d.onLabelAll(s, e, label) })
}
