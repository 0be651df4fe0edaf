package app

import (
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"goldspan/annotate/agree"
)

// barRow is one bar of a barChart.
type barRow struct {
	Name  string
	Color color.Color
	Value agree.Score // drawn from 0 (leftwards when negative); undefined prints "n/a"
	Note  string      // printed after the value
}

// barChart draws one horizontal bar per row on a scale of 0 to 1, with the
// row's name on the left and its value printed after the bar, so that it
// reads without guessing lengths. A negative value (kappa below chance)
// stretches the scale leftwards to the next tick below it, and its bar
// runs from the zero line to the left.
type barChart struct {
	widget.BaseWidget
	// Rows are the bars, top to bottom.
	Rows []barRow
}

func newBarChart() *barChart {
	c := &barChart{}
	c.ExtendBaseWidget(c)
	return c
}

// SetRows replaces the bars.
func (c *barChart) SetRows(rows []barRow) {
	c.Rows = rows
	c.Refresh()
}

// CreateRenderer implements fyne.Widget.
func (c *barChart) CreateRenderer() fyne.WidgetRenderer {
	r := &barChartRenderer{c: c}
	r.build()
	return r
}

// barTickStep is the distance between the scale's marks.
const barTickStep = 0.2

// barScale returns the scale's marks for rows: from 0, or from the mark
// at or below the lowest value when one is negative, up to 1 (values
// below -1 are drawn at -1).
func barScale(rows []barRow) []float64 {
	lo := 0.0
	for _, r := range rows {
		if r.Value.Defined() {
			lo = min(lo, float64(r.Value))
		}
	}
	steps := int(1 / barTickStep) // marks from 0 to 1
	from := 0
	for from > -steps && float64(from)*barTickStep > lo+1e-9 {
		from--
	}
	ticks := make([]float64, 0, steps-from+1)
	for k := from; k <= steps; k++ {
		ticks = append(ticks, float64(k)/float64(steps))
	}
	return ticks
}

type barChartRenderer struct {
	c       *barChart
	scale   []float64 // the marks, lowest first; the scale runs from the first to 1
	objects []fyne.CanvasObject
	grid    []*canvas.Rectangle
	ticks   []*canvas.Text
	tracks  []*canvas.Rectangle
	bars    []*canvas.Rectangle
	names   []*canvas.Text
	values  []*canvas.Text
}

// build creates the canvas objects of the current rows.
func (r *barChartRenderer) build() {
	th := r.c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, v)
	dim := th.Color(theme.ColorNameDisabled, v)
	track := th.Color(theme.ColorNameInputBackground, v)
	size := th.Size(theme.SizeNameText)
	r.objects = r.objects[:0]
	r.grid, r.ticks, r.tracks, r.bars, r.names, r.values = nil, nil, nil, nil, nil, nil
	r.scale = barScale(r.c.Rows)
	for _, t := range r.scale {
		g := canvas.NewRectangle(withAlphaColor(dim, 0x50))
		if t == 0 && r.scale[0] < 0 {
			g.FillColor = dim // the zero line, when bars run both ways
		}
		txt := canvas.NewText(strconv.FormatFloat(t, 'f', 1, 64), dim)
		txt.TextSize = th.Size(theme.SizeNameCaptionText)
		txt.Alignment = fyne.TextAlignCenter
		r.grid, r.ticks = append(r.grid, g), append(r.ticks, txt)
		r.objects = append(r.objects, g, txt)
	}
	for _, row := range r.c.Rows {
		tr := canvas.NewRectangle(track)
		tr.CornerRadius = 3
		b := canvas.NewRectangle(row.Color)
		b.CornerRadius = 3
		name := canvas.NewText(row.Name, fg)
		name.TextSize = size
		name.Alignment = fyne.TextAlignTrailing
		val := row.Value.String()
		if row.Note != "" {
			val += "   " + row.Note
		}
		value := canvas.NewText(val, fg)
		value.TextSize = size
		r.tracks, r.bars = append(r.tracks, tr), append(r.bars, b)
		r.names, r.values = append(r.names, name), append(r.values, value)
		r.objects = append(r.objects, tr, b, name, value)
	}
}

// geometry returns the widths of the name column, the bars and the value
// column, and the height of a row, for a chart width w.
func (r *barChartRenderer) geometry(w float32) (nameW, barW, valueW, rowH, pad float32) {
	th := r.c.Theme()
	pad = th.Size(theme.SizeNameInnerPadding)
	size := th.Size(theme.SizeNameText)
	for _, n := range r.names {
		nameW = max(nameW, fyne.MeasureText(n.Text, size, n.TextStyle).Width)
	}
	for _, v := range r.values {
		valueW = max(valueW, fyne.MeasureText(v.Text, size, v.TextStyle).Width)
	}
	rowH = fyne.MeasureText("Mg", size, fyne.TextStyle{}).Height + pad
	barW = max(w-nameW-valueW-4*pad, 8*size)
	return
}

// Layout implements fyne.WidgetRenderer.
func (r *barChartRenderer) Layout(s fyne.Size) {
	nameW, barW, _, rowH, pad := r.geometry(s.Width)
	x0 := pad + nameW + pad
	top := pad
	lo := float32(r.scale[0])
	at := func(v float32) float32 { return x0 + barW*(v-lo)/(1-lo) } // where v is on the scale
	for i := range r.c.Rows {
		y := top + float32(i)*rowH
		n := r.names[i]
		n.Move(fyne.NewPos(pad, y))
		n.Resize(fyne.NewSize(nameW, rowH))
		barY, barH := y+rowH*0.2, rowH*0.6
		r.tracks[i].Move(fyne.NewPos(x0, barY))
		r.tracks[i].Resize(fyne.NewSize(barW, barH))
		v := float32(r.c.Rows[i].Value)
		if !r.c.Rows[i].Value.Defined() {
			v = 0
		}
		v = max(min(v, 1), lo)
		left, right := at(min(v, 0)), at(max(v, 0))
		r.bars[i].Move(fyne.NewPos(left, barY))
		r.bars[i].Resize(fyne.NewSize(right-left, barH))
		r.values[i].Move(fyne.NewPos(x0+barW+pad, y))
		r.values[i].Resize(fyne.NewSize(s.Width-x0-barW-pad, rowH))
	}
	bottom := top + float32(len(r.c.Rows))*rowH
	for i, t := range r.scale {
		x := at(float32(t))
		r.grid[i].Move(fyne.NewPos(x, top))
		r.grid[i].Resize(fyne.NewSize(1, bottom-top))
		tw := float32(40)
		r.ticks[i].Move(fyne.NewPos(x-tw/2, bottom))
		r.ticks[i].Resize(fyne.NewSize(tw, r.ticks[i].MinSize().Height))
	}
}

// MinSize implements fyne.WidgetRenderer.
func (r *barChartRenderer) MinSize() fyne.Size {
	nameW, _, valueW, rowH, pad := r.geometry(0)
	size := r.c.Theme().Size(theme.SizeNameText)
	tickH := float32(0)
	if len(r.ticks) > 0 {
		tickH = r.ticks[0].MinSize().Height
	}
	return fyne.NewSize(nameW+valueW+4*pad+8*size, 2*pad+float32(len(r.c.Rows))*rowH+tickH)
}

// Refresh implements fyne.WidgetRenderer.
func (r *barChartRenderer) Refresh() {
	r.build()
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

// Objects implements fyne.WidgetRenderer.
func (r *barChartRenderer) Objects() []fyne.CanvasObject { return r.objects }

// Destroy implements fyne.WidgetRenderer.
func (r *barChartRenderer) Destroy() {}

// withAlphaColor returns c with alpha a.
func withAlphaColor(c color.Color, a uint8) color.NRGBA {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}
