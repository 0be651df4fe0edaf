// Package assets holds the files bundled into the Goldspan binary: the CJK
// font with its licence, the application icon and the demo corpus.
//
// It imports nothing beyond the standard library, so the CLI and the domain
// can use it without cgo; app/theme.go wraps the bytes as Fyne resources.
package assets

import _ "embed"

// FontRegular is Noto Sans CJK SC Regular as a single OpenType (CFF) font,
// extracted from Debian's fonts-noto-cjk collection by scripts/make-fonts.py.
// It covers Simplified and Traditional Chinese, part of CJK Extension B,
// kana, hangul, Latin, Greek and Cyrillic; it has no emoji.
//
//go:embed fonts/NotoSansCJKsc-Regular.otf
var FontRegular []byte

// FontBold is Noto Sans CJK SC Bold, with the same coverage as FontRegular.
//
//go:embed fonts/NotoSansCJKsc-Bold.otf
var FontBold []byte

// FontRegularName and FontBoldName are the file names of the bundled fonts.
const (
	FontRegularName = "NotoSansCJKsc-Regular.otf"
	FontBoldName    = "NotoSansCJKsc-Bold.otf"
)

// FontLicense is the SIL Open Font License 1.1 text with the copyright
// notices of the bundled fonts, for an about dialog.
//
//go:embed fonts/OFL.txt
var FontLicense string

// Icon is the 512x512 PNG application icon (also named in FyneApp.toml).
//
//go:embed icon.png
var Icon []byte

// DemoCorpus is a native Goldspan JSONL file of ten short original
// news-style articles, mixed Traditional and Simplified Chinese, without
// spans: the documents of the demo project created on first start.
//
//go:embed demo/articles.jsonl
var DemoCorpus []byte
