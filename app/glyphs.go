package app

import (
	"unicode"

	"fyne.io/fyne/v2"
)

// glyphKey names one font at one size.
type glyphKey struct {
	size float32
	font string
}

// glyphWidths caches the advance of each code point per font and text size:
// fyne.MeasureText shapes a string on every call, far too slow to run per
// code point of a long article on every layout.
type glyphWidths struct {
	key    glyphKey
	cur    map[rune]float32
	byKey  map[glyphKey]map[rune]float32
	lineH  map[glyphKey]float32
	styles fyne.TextStyle
}

func newGlyphWidths() *glyphWidths {
	return &glyphWidths{byKey: map[glyphKey]map[rune]float32{}, lineH: map[glyphKey]float32{}}
}

// use selects the font and size later calls measure with.
func (g *glyphWidths) use(size float32, font fyne.Resource) {
	k := glyphKey{size: size}
	if font != nil {
		k.font = font.Name()
	}
	if g.cur != nil && k == g.key {
		return
	}
	g.key = k
	if g.cur = g.byKey[k]; g.cur == nil {
		g.cur = map[rune]float32{}
		g.byKey[k] = g.cur
	}
}

// advance returns the width of r: measured once per font and size; zero
// for line breaks and control characters; four spaces for a tab.
func (g *glyphWidths) advance(r rune) float32 {
	if w, ok := g.cur[r]; ok {
		return w
	}
	var w float32
	switch {
	case r == '\t':
		w = 4 * g.advance(' ')
	case isHardBreak(r) || unicode.IsControl(r):
		w = 0
	default:
		w = fyne.MeasureText(string(r), g.key.size, g.styles).Width
	}
	g.cur[r] = w
	return w
}

// advances fills dst (reused when large enough) with the advance of each of runes.
func (g *glyphWidths) advances(runes []rune, dst []float32) []float32 {
	if cap(dst) < len(runes) {
		dst = make([]float32, len(runes))
	}
	dst = dst[:len(runes)]
	for i, r := range runes {
		dst[i] = g.advance(r)
	}
	return dst
}

// lineHeight returns the height of one line of text in the current font and size.
func (g *glyphWidths) lineHeight() float32 {
	if h, ok := g.lineH[g.key]; ok {
		return h
	}
	h := fyne.MeasureText("國Ag", g.key.size, g.styles).Height
	g.lineH[g.key] = h
	return h
}
