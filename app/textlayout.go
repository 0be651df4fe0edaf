package app

import (
	"sort"
	"unicode"
)

// This file holds the span editor's line breaking: pure arithmetic over code
// points and their advances, with no Fyne types, so that it is table-tested
// and fuzzed on its own.

// lineBox is one visual line: the code points [Start, End). A line ended by
// a hard break includes the break characters ("\n", "\r\n").
type lineBox struct {
	Start, End int
}

// textLayout is a text wrapped to a width. X[i] is the left edge of code
// point i within its line and X[n] the right edge of the text's last line,
// so X[p] is where a caret at position p (0 <= p <= n) is drawn.
type textLayout struct {
	Lines []lineBox
	X     []float32
	Adv   []float32
	Width float32 // the width it was wrapped to
}

// isHardBreak reports whether r ends a line.
func isHardBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// isBlank reports whether r is drawn as empty space (or not at all): white
// space, control and format characters.
func isBlank(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// breaksAnywhere reports whether a line may break before or after r on its
// own: ideographs, kana, hangul, CJK punctuation and full-width forms.
func breaksAnywhere(r rune) bool {
	switch {
	case r >= 0x2E80 && r <= 0x9FFF, // radicals, CJK symbols, kana, bopomofo, ideographs
		r >= 0xAC00 && r <= 0xD7AF,   // hangul syllables
		r >= 0xF900 && r <= 0xFAFF,   // compatibility ideographs
		r >= 0xFE30 && r <= 0xFE4F,   // CJK compatibility forms
		r >= 0xFF00 && r <= 0xFFEF,   // half- and full-width forms
		r >= 0x20000 && r <= 0x3FFFF: // ideographs of the supplementary planes (𠮷)
		return true
	}
	return unicode.Is(unicode.So, r) // emoji and other symbols
}

// noBreakBefore are characters that must not start a line.
func noBreakBefore(r rune) bool {
	switch r {
	case '，', '。', '、', '；', '：', '？', '！', '）', '」', '』', '】', '〉', '》', '〕', '］', '｝', '…', '・',
		',', '.', ';', ':', '!', '?', ')', ']', '}', '%', '”', '’', 'ー':
		return true
	}
	return unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cf, r) || (r >= 0xFE00 && r <= 0xFE0F)
}

// noBreakAfter are characters that must not end a line.
func noBreakAfter(r rune) bool {
	switch r {
	case '（', '「', '『', '【', '〈', '《', '〔', '［', '｛', '(', '[', '{', '“', '‘', 0x200D:
		return true
	}
	return false
}

// extendsCluster reports whether b belongs to the character before it
// (a combining mark, a variation selector, a joiner's partner).
func extendsCluster(a, b rune) bool {
	return a == 0x200D || unicode.Is(unicode.Mn, b) || unicode.Is(unicode.Me, b) || unicode.Is(unicode.Cf, b) || (b >= 0xFE00 && b <= 0xFE0F)
}

// canBreakBefore reports whether a soft line break may come between a and b.
func canBreakBefore(a, b rune) bool {
	switch {
	case isBlank(b) || noBreakBefore(b) || noBreakAfter(a):
		return false
	case isBlank(a):
		return true
	}
	return breaksAnywhere(a) || breaksAnywhere(b)
}

// wrapText breaks runes, whose advances are adv, into lines no wider than
// maxWidth. CJK text breaks between any two characters, other words stay
// whole unless one alone is wider than a line; spaces may hang past the
// edge; hard breaks ("\n", "\r\n", "\r", U+2028 ...) always end a line. The
// result always has at least one line; a text ending in a hard break ends
// with an empty line, where a caret after it goes.
func wrapText(runes []rune, adv []float32, maxWidth float32) textLayout {
	n := len(runes)
	l := textLayout{X: make([]float32, n+1), Adv: adv, Width: maxWidth, Lines: make([]lineBox, 0, 8)}
	start, x := 0, float32(0)
	lastBreak := -1
	for i := 0; i < n; i++ {
		r := runes[i]
		if isHardBreak(r) {
			l.X[i] = x
			if r == '\r' && i+1 < n && runes[i+1] == '\n' {
				continue
			}
			l.Lines = append(l.Lines, lineBox{start, i + 1})
			start, x, lastBreak = i+1, 0, -1
			continue
		}
		if i > start && canBreakBefore(runes[i-1], r) {
			lastBreak = i
		}
		w := adv[i]
		for x+w > maxWidth && i > start && !isBlank(r) {
			j := lastBreak
			if j <= start {
				// No break opportunity: break inside the word, but not
				// between a character and its combining marks.
				j = i
				for j > start+1 && extendsCluster(runes[j-1], runes[j]) && !isBlank(runes[j-1]) {
					j--
				}
			}
			xb := x
			if j < i {
				xb = l.X[j]
			}
			for k := j; k < i; k++ {
				l.X[k] -= xb
			}
			l.Lines = append(l.Lines, lineBox{start, j})
			start, x, lastBreak = j, x-xb, -1
		}
		l.X[i] = x
		x += w
	}
	l.Lines = append(l.Lines, lineBox{start, n})
	l.X[n] = x
	return l
}

// lineOf returns the index of the line holding position p: the line whose
// Start <= p < End, or the last line for p == n.
func (l *textLayout) lineOf(p int) int {
	i := sort.Search(len(l.Lines), func(k int) bool { return l.Lines[k].End > p })
	if i == len(l.Lines) {
		return len(l.Lines) - 1
	}
	return i
}

// contentEnd returns the end of line k without its hard-break characters.
func (l *textLayout) contentEnd(runes []rune, k int) int {
	b := l.Lines[k]
	e := b.End
	for e > b.Start && isHardBreak(runes[e-1]) {
		e--
	}
	return e
}

// posAt returns the caret position nearest to x on line k: the boundary
// between code points whose middle x is past, never after the line's hard
// break.
func (l *textLayout) posAt(runes []rune, k int, x float32) int {
	if k < 0 {
		return 0
	} else if k >= len(l.Lines) {
		return len(runes)
	}
	b := l.Lines[k]
	e := l.contentEnd(runes, k)
	for i := b.Start; i < e; i++ {
		if x < l.X[i]+l.Adv[i]/2 {
			return i
		}
	}
	return e
}

// charAt returns the code point drawn at x on line k, or -1 if there is none.
func (l *textLayout) charAt(runes []rune, k int, x float32) int {
	if k < 0 || k >= len(l.Lines) {
		return -1
	}
	b := l.Lines[k]
	e := l.contentEnd(runes, k)
	i := sort.Search(e-b.Start, func(j int) bool { return l.X[b.Start+j]+l.Adv[b.Start+j] > x }) + b.Start
	if i < e && x >= l.X[i] {
		return i
	}
	return -1
}

// segment returns the x extent of code points [a, b) on line k, clipped to
// the line; ok is false when they do not meet the line.
func (l *textLayout) segment(k, a, b int) (x0, x1 float32, ok bool) {
	lb := l.Lines[k]
	if a < lb.Start {
		a = lb.Start
	}
	if b > lb.End {
		b = lb.End
	}
	if a >= b {
		return 0, 0, false
	}
	return l.X[a], l.X[b-1] + l.Adv[b-1], true
}
