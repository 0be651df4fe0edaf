package app

import (
	"math"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// A one-line label that a narrow window shortens with an ellipsis keeps
// its whole text reachable: while the pointer rests on it, a tooltip
// shows the text in full, wrapped. The tooltip is drawn in the window's
// own tip layer, not as an overlay: an overlay would take the keyboard
// (and the desk refuses edits behind one), and a tooltip must not.

// tipLayer is the layer above a window's content that tooltips are drawn in.
type tipLayer struct {
	box   *fyne.Container // no layout: the tooltip is placed by hand
	shown string          // the text of the tooltip on show
}

func newTipLayer() *tipLayer { return &tipLayer{box: container.NewWithoutLayout()} }

// show draws text in full near the object at, below it if there is
// room, else above, within the layer.
func (t *tipLayer) show(at fyne.CanvasObject, text string) {
	d := fyne.CurrentApp().Driver()
	layer := t.box.Size()
	if layer.Width <= 0 || text == "" {
		return
	}
	pad := theme.Padding()
	inner := 2 * theme.InnerPadding()
	w := min(layer.Width-4*pad, max(at.Size().Width, 480))
	// The lines are broken here, not by the label: a wrapping label
	// measured before it is drawn may count fewer lines than it draws.
	label := &widget.Label{Text: breakLines(text, w-inner-2, theme.TextSize(), fyne.TextStyle{})}
	size := label.MinSize()
	size.Width = float32(math.Ceil(float64(size.Width))) + 2
	label.Resize(size)
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	bg.StrokeColor = theme.Color(theme.ColorNameShadow)
	bg.StrokeWidth = 1
	bg.CornerRadius = theme.InputRadiusSize()
	bg.Resize(size)
	tip := container.NewWithoutLayout(bg, label)
	tip.Resize(size)

	pos := d.AbsolutePositionForObject(at).Subtract(d.AbsolutePositionForObject(t.box))
	x := min(max(pos.X, pad), layer.Width-size.Width-pad)
	y := pos.Y + at.Size().Height
	if y+size.Height > layer.Height {
		y = pos.Y - size.Height
	}
	tip.Move(fyne.NewPos(x, max(y, 0)))
	t.box.Objects = []fyne.CanvasObject{tip}
	t.shown = text
	t.box.Refresh()
}

// hide takes the tooltip away.
func (t *tipLayer) hide() {
	if len(t.box.Objects) == 0 {
		return
	}
	t.box.Objects = nil
	t.shown = ""
	t.box.Refresh()
}

// text is the tooltip's text on show, "" if none.
func (t *tipLayer) text() string {
	return t.shown
}

// tipLabel is a one-line label shortened with an ellipsis when it does not
// fit, whose whole text a tooltip shows while the pointer rests on it.
// OnTapped, if set, runs on a click.
type tipLabel struct {
	widget.Label
	layer    *tipLayer
	OnTapped func()
}

func newTipLabel(layer *tipLayer, style fyne.TextStyle) *tipLabel {
	l := &tipLabel{layer: layer}
	l.TextStyle = style
	l.Truncation = fyne.TextTruncateEllipsis
	l.ExtendBaseWidget(l)
	return l
}

// cut reports whether the label shortens its text.
func (l *tipLabel) cut() bool {
	if l.Text == "" {
		return false
	}
	full := (&widget.Label{Text: l.Text, TextStyle: l.TextStyle}).MinSize().Width
	return float32(math.Ceil(float64(full))) > l.Size().Width+0.5
}

// MouseIn implements desktop.Hoverable: the whole text, if it is cut.
func (l *tipLabel) MouseIn(*desktop.MouseEvent) {
	if l.layer != nil && l.cut() {
		l.layer.show(l, l.Text)
	}
}

// MouseMoved implements desktop.Hoverable.
func (l *tipLabel) MouseMoved(*desktop.MouseEvent) {}

// MouseOut implements desktop.Hoverable.
func (l *tipLabel) MouseOut() {
	if l.layer != nil {
		l.layer.hide()
	}
}

// Tapped implements fyne.Tappable.
func (l *tipLabel) Tapped(*fyne.PointEvent) {
	if l.layer != nil {
		l.layer.hide()
	}
	if l.OnTapped != nil {
		l.OnTapped()
	}
}

// SetText sets the text; a tooltip of the old text goes.
func (l *tipLabel) SetText(s string) {
	if l.layer != nil && l.Text != s && l.layer.text() == l.Text && l.Text != "" {
		l.layer.hide()
	}
	l.Label.SetText(s)
}

// breakLines breaks text into lines of at most width when drawn at size in
// style: between words of Latin text, between any two characters of
// Chinese, and at the line breaks it has.
func breakLines(text string, width, size float32, style fyne.TextStyle) string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, tok := range wrapTokens(para) {
			if line != "" && fyne.MeasureText(line+strings.TrimRight(tok, " "), size, style).Width > width {
				out = append(out, strings.TrimRight(line, " "))
				line = strings.TrimLeft(tok, " ")
				continue
			}
			line += tok
		}
		out = append(out, strings.TrimRight(line, " "))
	}
	return strings.Join(out, "\n")
}

// wrapTokens splits s where a line may break: after each space-ended
// word, and around each wide (CJK) character.
func wrapTokens(s string) []string {
	var toks []string
	cur := []rune{}
	flush := func() {
		if len(cur) > 0 {
			toks = append(toks, string(cur))
			cur = cur[:0]
		}
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hiragana, unicode.Katakana) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef):
			flush()
			toks = append(toks, string(r))
		case r == ' ':
			cur = append(cur, r)
			flush()
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return toks
}
