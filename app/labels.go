package app

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"goldspan/annotate"
)

// labelColours are offered to a new label, the first one not in use.
var labelColours = []string{"#e4572e", "#29a35a", "#3a7bd5", "#c78b00", "#8e44ad", "#16a085", "#d35400", "#c0392b", "#2c3e50", "#7f8c8d"}

// hotkeyChoices are the hotkeys a label can have, "none" first in the
// language on show.
func hotkeyChoices() []string {
	return []string{lang.L("none"), "1", "2", "3", "4", "5", "6", "7", "8", "9"}
}

func hotkeyFrom(choice string) string {
	if choice == lang.L("none") {
		return ""
	}
	return choice
}

// labelNames returns the names of the project's labels.
func (d *desk) labelNames() []string {
	names := make([]string, len(d.labels))
	for i, l := range d.labels {
		names[i] = l.Name
	}
	return names
}

// label returns the project label named name.
func (d *desk) label(name string) (annotate.Label, bool) {
	for _, l := range d.labels {
		if l.Name == name {
			return l, true
		}
	}
	return annotate.Label{}, false
}

// freeHotkey returns the first hotkey no label has, or "".
func (d *desk) freeHotkey() string {
	used := map[string]bool{}
	for _, l := range d.labels {
		used[l.Hotkey] = true
	}
	for _, k := range hotkeyChoices()[1:] {
		if !used[k] {
			return k
		}
	}
	return ""
}

// putLabel stores l and shows the new label set.
func (d *desk) putLabel(l annotate.Label) bool {
	if d.st == nil {
		return false
	}
	if !d.saved(d.st.PutLabel(d.ctx(), l)) {
		return false
	}
	if err := d.loadLabels(); err != nil {
		d.showError(err)
	}
	return true
}

// validLabel checks a label typed into a dialog.
func validLabel(l annotate.Label) error {
	if err := l.Validate(); err != nil {
		return errorText(annotate.ErrorMessage(err))
	}
	return nil
}

// onAddLabel asks for a new label's name, colour and hotkey.
func (d *desk) onAddLabel() {
	if d.st == nil {
		return
	}
	used := map[string]bool{}
	for _, l := range d.labels {
		used[l.Color] = true
	}
	col := labelColours[0]
	for _, c := range labelColours {
		if !used[c] {
			col = c
			break
		}
	}
	name := widget.NewEntry()
	name.PlaceHolder = lang.L("e.g. PRODUCT")
	name.Validator = func(s string) error { return validLabel(annotate.Label{Name: s, Color: "#000000"}) }
	colour := widget.NewEntry()
	colour.SetText(col)
	colour.Validator = func(s string) error { return validLabel(annotate.Label{Name: "X", Color: s}) }
	hotkey := widget.NewSelect(hotkeyChoices(), nil)
	hotkey.SetSelected(orNone(d.freeHotkey()))
	dialog.ShowForm(lang.L("Add a label"), lang.L("Add"), lang.L("Cancel"), []*widget.FormItem{
		{Text: lang.L("Name"), Widget: name},
		{Text: lang.L("Colour"), Widget: colour, HintText: "#rrggbb"},
		{Text: lang.L("Hotkey"), Widget: hotkey},
	}, func(ok bool) {
		if ok {
			d.putLabel(annotate.Label{Name: name.Text, Color: colour.Text, Hotkey: hotkeyFrom(hotkey.Selected)})
		}
	}, d.win)
}

func orNone(k string) string {
	if k == "" {
		return lang.L("none")
	}
	return k
}

// onRenameLabel renames a label everywhere in the project.
func (d *desk) onRenameLabel() {
	if d.st == nil || len(d.labels) == 0 {
		return
	}
	which := widget.NewSelect(d.labelNames(), nil)
	which.SetSelectedIndex(0)
	name := widget.NewEntry()
	name.Validator = func(s string) error { return validLabel(annotate.Label{Name: s, Color: "#000000"}) }
	dialog.ShowForm(lang.L("Rename a label"), lang.L("Rename"), lang.L("Cancel"), []*widget.FormItem{
		{Text: lang.L("Label"), Widget: which},
		{Text: lang.L("New name"), Widget: name, HintText: lang.L("renames it in every span and suggestion")},
	}, func(ok bool) {
		if !ok || which.Selected == "" {
			return
		}
		if !d.saved(d.st.RenameLabel(d.ctx(), which.Selected, name.Text)) {
			return
		}
		if err := d.loadLabels(); err != nil {
			d.showError(err)
		}
		if d.hasDoc {
			d.reloadLayer()
		}
	}, d.win)
}

// onRecolourLabel picks a new colour for a label.
func (d *desk) onRecolourLabel() {
	d.chooseLabel(lang.L("Recolour which label?"), func(name string) {
		l, ok := d.label(name)
		if !ok {
			return
		}
		picker := dialog.NewColorPicker(fmt.Sprintf(lang.L("Colour of %s"), name), "", func(c color.Color) {
			r, g, b, _ := c.RGBA()
			l.Color = fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
			d.putLabel(l)
		}, d.win)
		picker.Advanced = true
		picker.SetColor(parseColor(l.Color))
		picker.Show()
	})
}

// onLabelHotkey gives a label another hotkey.
func (d *desk) onLabelHotkey() {
	if d.st == nil || len(d.labels) == 0 {
		return
	}
	which := widget.NewSelect(d.labelNames(), nil)
	hotkey := widget.NewSelect(hotkeyChoices(), nil)
	which.OnChanged = func(name string) {
		if l, ok := d.label(name); ok {
			hotkey.SetSelected(orNone(l.Hotkey))
		}
	}
	which.SetSelectedIndex(0)
	dialog.ShowForm(lang.L("Set a hotkey"), lang.L("Set"), lang.L("Cancel"), []*widget.FormItem{
		{Text: lang.L("Label"), Widget: which},
		{Text: lang.L("Hotkey"), Widget: hotkey, HintText: lang.L("a hotkey another label has is refused")},
	}, func(ok bool) {
		if l, found := d.label(which.Selected); ok && found {
			l.Hotkey = hotkeyFrom(hotkey.Selected)
			d.putLabel(l)
		}
	}, d.win)
}

// chooseLabel asks for one of the project's labels.
func (d *desk) chooseLabel(title string, then func(label string)) {
	if len(d.labels) == 0 {
		return
	}
	which := widget.NewSelect(d.labelNames(), nil)
	which.SetSelectedIndex(0)
	dialog.ShowForm(title, lang.L("OK"), lang.L("Cancel"), []*widget.FormItem{{Text: lang.L("Label"), Widget: which}}, func(ok bool) {
		if ok && which.Selected != "" {
			then(which.Selected)
		}
	}, d.win)
}
