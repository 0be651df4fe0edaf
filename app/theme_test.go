package app

import (
	"bytes"
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"goldspan/assets"
)

func TestThemeFonts(t *testing.T) {
	th := NewTheme(VariantSystem)
	for _, tc := range []struct {
		name  string
		style fyne.TextStyle
		want  []byte
	}{
		{"regular", fyne.TextStyle{}, assets.FontRegular},
		{"bold", fyne.TextStyle{Bold: true}, assets.FontBold},
		{"italic", fyne.TextStyle{Italic: true}, assets.FontRegular},
		{"bold italic", fyne.TextStyle{Bold: true, Italic: true}, assets.FontBold},
		{"monospace", fyne.TextStyle{Monospace: true}, theme.DefaultTextMonospaceFont().Content()},
		{"symbol", fyne.TextStyle{Symbol: true}, theme.DefaultSymbolFont().Content()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := th.Font(tc.style)
			if got == nil {
				t.Fatalf("Font(%+v) = nil", tc.style)
			}
			if !bytes.Equal(got.Content(), tc.want) {
				t.Errorf("Font(%+v) = %s (%d bytes); want the %d-byte font", tc.style, got.Name(), len(got.Content()), len(tc.want))
			}
		})
	}
}

func TestThemeTextScale(t *testing.T) {
	def := theme.DefaultTheme()
	for _, tc := range []struct {
		set, want float32
	}{
		{1, 1},
		{1.5, 1.5},
		{2, 2},
		{0.1, MinTextScale},
		{10, MaxTextScale},
		{float32(math.NaN()), 1},
		{float32(math.Inf(1)), 1},
	} {
		th := NewTheme(VariantLight)
		if got := th.SetTextScale(tc.set); got != tc.want {
			t.Errorf("SetTextScale(%v) = %v; want %v", tc.set, got, tc.want)
		}
		for _, n := range []fyne.ThemeSizeName{theme.SizeNameText, theme.SizeNameHeadingText,
			theme.SizeNameSubHeadingText, theme.SizeNameCaptionText} {
			if got, want := th.Size(n), def.Size(n)*tc.want; got != want {
				t.Errorf("scale %v: Size(%s) = %v; want %v", tc.set, n, got, want)
			}
		}
		for _, n := range []fyne.ThemeSizeName{theme.SizeNamePadding, theme.SizeNameInnerPadding,
			theme.SizeNameScrollBar, theme.SizeNameInputBorder} {
			if got, want := th.Size(n), def.Size(n); got != want {
				t.Errorf("scale %v: Size(%s) = %v; want the unscaled %v", tc.set, n, got, want)
			}
		}
	}
}

func TestThemeZoom(t *testing.T) {
	th := NewTheme(VariantLight)
	var ups []float32
	for range len(TextScaleSteps) + 2 {
		ups = append(ups, th.ZoomIn())
	}
	if got := ups[0]; got != 1.1 {
		t.Errorf("first ZoomIn from 1 = %v; want 1.1", got)
	}
	if got := ups[len(ups)-1]; got != MaxTextScale {
		t.Errorf("ZoomIn stops at %v; want %v", got, float32(MaxTextScale))
	}
	for i := 1; i < len(ups); i++ {
		if ups[i] < ups[i-1] {
			t.Errorf("ZoomIn went down: %v", ups)
		}
	}
	for range len(TextScaleSteps) + 2 {
		th.ZoomOut()
	}
	if got := th.TextScale(); got != TextScaleSteps[0] {
		t.Errorf("ZoomOut stops at %v; want %v", got, TextScaleSteps[0])
	}
	th.SetTextScale(1.05) // between steps
	if got := th.ZoomOut(); got != 1 {
		t.Errorf("ZoomOut from 1.05 = %v; want 1", got)
	}
}

func TestThemeVariant(t *testing.T) {
	def := theme.DefaultTheme()
	bg := theme.ColorNameBackground
	for _, tc := range []struct {
		variant Variant
		asked   fyne.ThemeVariant
		want    color.Color
	}{
		{VariantLight, theme.VariantDark, def.Color(bg, theme.VariantLight)},
		{VariantDark, theme.VariantLight, def.Color(bg, theme.VariantDark)},
		{VariantSystem, theme.VariantLight, def.Color(bg, theme.VariantLight)},
		{VariantSystem, theme.VariantDark, def.Color(bg, theme.VariantDark)},
	} {
		th := NewTheme(tc.variant)
		if got := th.Color(bg, tc.asked); got != tc.want {
			t.Errorf("%s theme asked for variant %d: background %v; want %v", tc.variant, tc.asked, got, tc.want)
		}
		if got := ParseVariant(tc.variant.String()); got != tc.variant {
			t.Errorf("ParseVariant(%q) = %v; want %v", tc.variant.String(), got, tc.variant)
		}
	}
	if def.Color(bg, theme.VariantLight) == def.Color(bg, theme.VariantDark) {
		t.Fatal("light and dark backgrounds are equal; the variant test proves nothing")
	}
	if got := ParseVariant("purple"); got != VariantSystem {
		t.Errorf("ParseVariant(purple) = %v; want system", got)
	}
	th := NewTheme(Variant(42))
	if got := th.Variant(); got != VariantSystem {
		t.Errorf("NewTheme(42).Variant() = %v; want system", got)
	}
}

// TestThemeInApp installs the theme in a headless app and checks that text
// is measured with the bundled font at the scaled size.
func TestThemeInApp(t *testing.T) {
	a := test.NewTempApp(t)
	latin := "Goldspan reviewers"
	defaultWidth := fyne.MeasureText(latin, 14, fyne.TextStyle{}).Width

	th := NewTheme(VariantDark)
	th.Apply(a)
	if theme.Current() != fyne.Theme(th) {
		t.Fatal("Apply did not install the theme")
	}
	if got := theme.TextSize(); got != 14 {
		t.Fatalf("text size = %v; want 14", got)
	}
	// Noto Sans CJK draws every ideograph one em wide.
	for _, s := range []string{"國", "臺灣國防部", "俄罗斯国防部", "𠮷田"} {
		want := float32(len([]rune(s))) * 14
		if got := fyne.MeasureText(s, 14, fyne.TextStyle{}).Width; math.Abs(float64(got-want)) > 0.5 {
			t.Errorf("width of %q = %v; want %v (one em per ideograph)", s, got, want)
		}
	}
	// Its Latin letters come from the CJK font, not from Fyne's Noto Sans.
	if got := fyne.MeasureText(latin, 14, fyne.TextStyle{}).Width; got == defaultWidth {
		t.Errorf("Latin text measures %v with and without the theme; the bundled font is not used", got)
	}

	label := widget.NewLabel("俄羅斯國防部")
	w := test.NewTempWindow(t, label)
	small := label.MinSize()
	th.SetTextScale(2)
	th.Apply(a)
	w.Content().Refresh()
	big := label.MinSize()
	if got, want := big.Width-small.Width, float32(6*14); math.Abs(float64(got-want)) > 1 {
		t.Errorf("doubling the text scale widened the label by %v; want %v (six ideographs of 14 more)", got, want)
	}
	if got := theme.Color(theme.ColorNameBackground); got != theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark) {
		t.Errorf("background = %v; want the dark background", got)
	}
}
