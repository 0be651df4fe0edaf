package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"goldspan/annotate"
)

// palette is a row of buttons, one per label, in the label's colour with
// its hotkey; a button does what the hotkey does.
type palette struct {
	box     *fyne.Container
	buttons []*widget.Button
	onLabel func(label string)
}

func newPalette(onLabel func(label string)) *palette {
	return &palette{box: container.NewHBox(), onLabel: onLabel}
}

// setLabels shows one button per label.
func (p *palette) setLabels(labels []annotate.Label) {
	p.box.RemoveAll()
	p.buttons = p.buttons[:0]
	for _, l := range labels {
		name := l.Name
		text := name
		if l.Hotkey != "" {
			text = l.Hotkey + "  " + name
		}
		b := &widget.Button{Text: text, Importance: widget.LowImportance, OnTapped: func() { p.onLabel(name) }}
		b.ExtendBaseWidget(b)
		c := parseColor(l.Color)
		bg := canvas.NewRectangle(withAlpha(c, 0x60))
		bg.CornerRadius = 4
		bg.StrokeColor = c
		bg.StrokeWidth = 1
		p.buttons = append(p.buttons, b)
		p.box.Add(container.NewStack(bg, b))
	}
	p.box.Refresh()
}
