package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// Fyne draws a split's grip in the text colour, two pixels by sixteen in
// the middle of the divider, which reads as a stray text caret between
// the document list and the editor (issue 17). The desk's splits draw
// their dividers with gripTheme, whose foreground is the muted colour of
// disabled things; the panes inside are drawn with the app's theme again.

// gripTheme is the app's theme with a muted foreground, for a divider.
type gripTheme struct{ appTheme }

func (gripTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameForeground {
		n = theme.ColorNameDisabled
	}
	return appSettingsTheme().Color(n, v)
}

// appTheme is the app's theme as it is now, whatever is set later.
type appTheme struct{}

func (appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return appSettingsTheme().Color(n, v)
}
func (appTheme) Font(s fyne.TextStyle) fyne.Resource     { return appSettingsTheme().Font(s) }
func (appTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return appSettingsTheme().Icon(n) }
func (appTheme) Size(n fyne.ThemeSizeName) float32       { return appSettingsTheme().Size(n) }

// newHSplit is container.NewHSplit with a grip that is not a caret; the
// split's Offset is set on the split it returns too.
func newHSplit(leading, trailing fyne.CanvasObject, offset float64) (fyne.CanvasObject, *container.Split) {
	s := container.NewHSplit(container.NewThemeOverride(leading, appTheme{}), container.NewThemeOverride(trailing, appTheme{}))
	s.Offset = offset
	return container.NewThemeOverride(s, gripTheme{}), s
}

// appSettingsTheme is the theme set on the app. (theme.Current answers
// the override being drawn, which would be these themes themselves.)
func appSettingsTheme() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }
