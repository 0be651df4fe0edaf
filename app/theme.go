package app

import (
	"image/color"
	"math"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"goldspan/assets"
)

// Bundled resources wrapping the bytes of package assets for Fyne.
var (
	// FontRegular is the bundled Noto Sans CJK SC Regular font.
	FontRegular = fyne.NewStaticResource(assets.FontRegularName, assets.FontRegular)
	// FontBold is the bundled Noto Sans CJK SC Bold font.
	FontBold = fyne.NewStaticResource(assets.FontBoldName, assets.FontBold)
	// AppIcon is the application icon (assets/icon.png), for SetIcon.
	AppIcon = fyne.NewStaticResource("icon.png", assets.Icon)
)

// Variant chooses between the light and the dark colours of a Theme.
type Variant int

// The variants a Theme can show. VariantSystem follows the variant Fyne
// reports from the desktop settings.
const (
	VariantSystem Variant = iota
	VariantLight
	VariantDark
)

// String returns "system", "light" or "dark", the form stored in preferences.
func (v Variant) String() string {
	switch v {
	case VariantLight:
		return "light"
	case VariantDark:
		return "dark"
	default:
		return "system"
	}
}

// ParseVariant returns the Variant named by s ("light", "dark", anything
// else is VariantSystem), the inverse of Variant.String.
func ParseVariant(s string) Variant {
	switch s {
	case "light":
		return VariantLight
	case "dark":
		return VariantDark
	default:
		return VariantSystem
	}
}

// Limits and steps of the text scale. TextScaleSteps are the scales that
// ZoomIn and ZoomOut move between.
const (
	MinTextScale = 0.5
	MaxTextScale = 3.0
)

// TextScaleSteps are the text scales offered by ZoomIn and ZoomOut, in order.
var TextScaleSteps = []float32{0.7, 0.8, 0.9, 1, 1.1, 1.25, 1.4, 1.6, 1.8, 2, 2.25, 2.5, 3}

// Theme is Goldspan's Fyne theme: Fyne's default theme with the bundled CJK
// font for every text style except monospace and symbols, a fixed or
// system-chosen variant, and a scale factor for every text size.
//
// Its setters are safe for concurrent use with the renderer; after changing
// the variant or the scale, call Apply (or Settings().SetTheme) so that
// Fyne redraws every window.
type Theme struct {
	variant atomic.Int32
	scale   atomic.Uint32 // math.Float32bits of the text scale
}

var _ fyne.Theme = (*Theme)(nil)

// NewTheme returns a Theme showing variant v at text scale 1.
func NewTheme(v Variant) *Theme {
	t := &Theme{}
	t.SetVariant(v)
	t.SetTextScale(1)
	return t
}

// Apply installs t as the theme of a, which makes Fyne refresh every window.
func (t *Theme) Apply(a fyne.App) {
	a.Settings().SetTheme(t)
}

// Variant returns the variant t shows.
func (t *Theme) Variant() Variant {
	return Variant(t.variant.Load())
}

// SetVariant makes t show variant v; an unknown value means VariantSystem.
func (t *Theme) SetVariant(v Variant) {
	if v != VariantLight && v != VariantDark {
		v = VariantSystem
	}
	t.variant.Store(int32(v))
}

// TextScale returns the factor applied to every text size.
func (t *Theme) TextScale() float32 {
	return math.Float32frombits(t.scale.Load())
}

// SetTextScale sets the factor applied to every text size, clamped to
// [MinTextScale, MaxTextScale]; NaN and infinities mean 1. It returns the
// scale in effect.
func (t *Theme) SetTextScale(s float32) float32 {
	switch {
	case s != s || math.IsInf(float64(s), 0):
		s = 1
	case s < MinTextScale:
		s = MinTextScale
	case s > MaxTextScale:
		s = MaxTextScale
	}
	t.scale.Store(math.Float32bits(s))
	return s
}

// ZoomIn sets the text scale to the next larger of TextScaleSteps and
// returns it; at the largest step it stays.
func (t *Theme) ZoomIn() float32 {
	cur := t.TextScale()
	for _, s := range TextScaleSteps {
		if s > cur+1e-3 {
			return t.SetTextScale(s)
		}
	}
	return cur
}

// ZoomOut sets the text scale to the next smaller of TextScaleSteps and
// returns it; at the smallest step it stays.
func (t *Theme) ZoomOut() float32 {
	cur := t.TextScale()
	for i := len(TextScaleSteps) - 1; i >= 0; i-- {
		if s := TextScaleSteps[i]; s < cur-1e-3 {
			return t.SetTextScale(s)
		}
	}
	return cur
}

// Color returns Fyne's default colour for n in the variant t shows, or in
// variant v (Fyne's system variant) when t follows the system.
func (t *Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch t.Variant() {
	case VariantLight:
		v = theme.VariantLight
	case VariantDark:
		v = theme.VariantDark
	}
	return theme.DefaultTheme().Color(n, v)
}

// Font returns the bundled CJK font (bold for bold styles) for text, and
// Fyne's defaults for monospace and symbols. Italic styles use the upright
// font: Noto Sans CJK has no italics. Fyne's monospace font has no CJK
// glyphs, so monospace Chinese depends on the system's fonts: keep document
// text out of monospace styles.
func (t *Theme) Font(s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Monospace:
		return theme.DefaultTheme().Font(s)
	case s.Symbol:
		return theme.DefaultSymbolFont()
	case s.Bold:
		return FontBold
	default:
		return FontRegular
	}
}

// Icon returns Fyne's default icon for n.
func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource {
	return theme.DefaultTheme().Icon(n)
}

// Size returns Fyne's default size for n, multiplied by the text scale for
// the text sizes.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 {
	size := theme.DefaultTheme().Size(n)
	switch n {
	case theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText,
		theme.SizeNameCaptionText:
		return size * t.TextScale()
	}
	return size
}
