package app

import (
	"fmt"
	"testing"
	"unicode/utf8"
)

// testAdvances gives CJK and emoji two units, other visible code points
// one, line breaks and controls none: a font that is easy to reason about.
func testAdvances(runes []rune) []float32 {
	adv := make([]float32, len(runes))
	for i, r := range runes {
		switch {
		case isHardBreak(r) || r < 0x20:
			adv[i] = 0
		case breaksAnywhere(r):
			adv[i] = 2
		default:
			adv[i] = 1
		}
	}
	return adv
}

// lineTexts returns the text of each line.
func lineTexts(runes []rune, l textLayout) []string {
	out := make([]string, len(l.Lines))
	for i, b := range l.Lines {
		out[i] = string(runes[b.Start:b.End])
	}
	return out
}

var wrapCases = []struct {
	name  string
	text  string
	width float32
	want  []string
}{
	{"empty", "", 10, []string{""}},
	{"fits", "abc", 10, []string{"abc"}},
	{"latin words stay whole", "ab cd", 3, []string{"ab ", "cd"}},
	{"spaces hang past the edge", "ab   cd", 2, []string{"ab   ", "cd"}},
	{"a word longer than a line breaks", "abcdef", 4, []string{"abcd", "ef"}},
	{"CJK breaks anywhere", "俄羅斯國防部", 5, []string{"俄羅", "斯國", "防部"}},
	{"CJK then latin", "特朗普Trump", 7, []string{"特朗普", "Trump"}},
	{"no break before closing punctuation", "北京。上海", 4, []string{"北", "京。", "上海"}},
	{"no break after opening punctuation", "特朗普（Donald）", 10, []string{"特朗普", "（Donald）"}},
	{"hard break", "ab\ncd", 10, []string{"ab\n", "cd"}},
	{"CRLF is one break", "ab\r\ncd", 10, []string{"ab\r\n", "cd"}},
	{"lone CR breaks", "ab\rcd", 10, []string{"ab\r", "cd"}},
	{"blank line", "a\n\nb", 10, []string{"a\n", "\n", "b"}},
	{"trailing newline ends with an empty line", "ab\n", 10, []string{"ab\n", ""}},
	{"emoji break like ideographs", "👍👍👍", 4, []string{"👍👍", "👍"}},
	{"extension B", "𠮷野家𠮷", 4, []string{"𠮷野", "家𠮷"}},
	{"date", "2025年9月23日", 7, []string{"2025年9", "月23日"}},
	{"narrower than one character", "國家", 1, []string{"國", "家"}},
	{"combining mark stays with its base", "abe\u0301", 3, []string{"ab", "e\u0301"}},
}

func TestWrapText(t *testing.T) {
	for _, c := range wrapCases {
		t.Run(c.name, func(t *testing.T) {
			runes := []rune(c.text)
			l := wrapText(runes, testAdvances(runes), c.width)
			if got := lineTexts(runes, l); fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("lines = %q, want %q", got, c.want)
			}
			checkLayout(t, runes, l)
		})
	}
}

func TestWrapTextPositions(t *testing.T) {
	runes := []rune("ab\r\n國c")
	l := wrapText(runes, testAdvances(runes), 10)
	want := []float32{0, 1, 2, 2, 0, 2, 3}
	for i, x := range want {
		if l.X[i] != x {
			t.Errorf("X[%d] = %v, want %v", i, l.X[i], x)
		}
	}
	for _, c := range []struct {
		p, line int
	}{{0, 0}, {2, 0}, {3, 0}, {4, 1}, {6, 1}} {
		if got := l.lineOf(c.p); got != c.line {
			t.Errorf("lineOf(%d) = %d, want %d", c.p, got, c.line)
		}
	}
}

func TestHitTest(t *testing.T) {
	runes := []rune("ab國\ncd")
	l := wrapText(runes, testAdvances(runes), 10) // "ab國\n" x: a0 b1 國2-4; "cd"
	for _, c := range []struct {
		line    int
		x       float32
		pos, ch int
	}{
		{0, -5, 0, -1},
		{0, 0.2, 0, 0},
		{0, 0.6, 1, 0},
		{0, 2.9, 2, 2},
		{0, 3.1, 3, 2},
		{0, 9, 3, -1}, // past the end: before the newline, no character
		{1, 1.7, 6, 1 + 4},
		{1, 0, 4, 4},
		{-1, 1, 0, -1},
		{7, 1, 6, -1},
	} {
		if got := l.posAt(runes, c.line, c.x); got != c.pos {
			t.Errorf("posAt(line %d, x %v) = %d, want %d", c.line, c.x, got, c.pos)
		}
		if got := l.charAt(runes, c.line, c.x); got != c.ch {
			t.Errorf("charAt(line %d, x %v) = %d, want %d", c.line, c.x, got, c.ch)
		}
	}
	if x0, x1, ok := l.segment(0, 1, 6); !ok || x0 != 1 || x1 != 4 {
		t.Errorf("segment(0, 1, 6) = %v, %v, %v; want 1, 4, true", x0, x1, ok)
	}
	if _, _, ok := l.segment(1, 0, 3); ok {
		t.Errorf("segment of a range on another line is ok")
	}
}

// checkLayout asserts what every layout must satisfy.
func checkLayout(t *testing.T, runes []rune, l textLayout) {
	t.Helper()
	n := len(runes)
	if len(l.Lines) == 0 || l.Lines[0].Start != 0 || l.Lines[len(l.Lines)-1].End != n {
		t.Fatalf("lines %v do not cover [0, %d)", l.Lines, n)
	}
	if len(l.X) != n+1 {
		t.Fatalf("len(X) = %d, want %d", len(l.X), n+1)
	}
	for k, b := range l.Lines {
		if b.Start > b.End || (k > 0 && l.Lines[k-1].End != b.Start) {
			t.Fatalf("lines %v are not contiguous at %d", l.Lines, k)
		}
		if b.Start == b.End && k != len(l.Lines)-1 {
			t.Fatalf("empty line %d in the middle: %v", k, l.Lines)
		}
		for i := b.Start; i < b.End; i++ {
			if isHardBreak(runes[i]) && i != b.End-1 && !(runes[i] == '\r' && runes[i+1] == '\n' && i+2 == b.End) {
				t.Fatalf("hard break at %d inside line %d %v", i, k, b)
			}
			if i == b.Start && l.X[i] != 0 {
				t.Fatalf("line %d starts at x %v", k, l.X[i])
			}
			if i > b.Start && l.X[i] != l.X[i-1]+l.Adv[i-1] {
				t.Fatalf("X[%d] = %v, want %v", i, l.X[i], l.X[i-1]+l.Adv[i-1])
			}
		}
		// Soft lines start with something visible, and only hanging blanks
		// and lone over-wide characters pass the width.
		prevHard := k == 0 || isHardBreak(runes[l.Lines[k-1].End-1])
		if !prevHard && b.Start < b.End && isBlank(runes[b.Start]) {
			t.Fatalf("soft line %d starts with a blank: %q", k, string(runes[b.Start:b.End]))
		}
		end := b.End
		for end > b.Start && isBlank(runes[end-1]) {
			end--
		}
		if end-b.Start > 1 && l.X[end-1]+l.Adv[end-1] > l.Width && !onlyOneCluster(runes[b.Start:end]) {
			t.Fatalf("line %d %q is %v wide, more than %v", k, string(runes[b.Start:end]), l.X[end-1]+l.Adv[end-1], l.Width)
		}
	}
	for p := 0; p <= n; p++ {
		k := l.lineOf(p)
		if b := l.Lines[k]; p < b.Start || (p >= b.End && p != n) {
			t.Fatalf("lineOf(%d) = %d %v", p, k, b)
		}
	}
}

// onlyOneCluster reports whether rs is one visible character with its
// marks, which may be wider than a line.
func onlyOneCluster(rs []rune) bool {
	for _, r := range rs[1:] {
		if !noBreakBefore(r) {
			return false
		}
	}
	return true
}

func FuzzWrapText(f *testing.F) {
	for _, c := range wrapCases {
		f.Add(c.text, uint8(c.width))
	}
	f.Add("特朗普（Donald Trump）於2025年9月23日\r\n抵達👍𠮷", uint8(9))
	f.Fuzz(func(t *testing.T, text string, width uint8) {
		if !utf8.ValidString(text) {
			return
		}
		runes := []rune(text)
		l := wrapText(runes, testAdvances(runes), float32(width)/4)
		checkLayout(t, runes, l)
		for k := range l.Lines {
			for _, x := range []float32{-1, 0, 0.5, 3, 1000} {
				if p := l.posAt(runes, k, x); p < l.Lines[k].Start || p > l.Lines[k].End {
					t.Fatalf("posAt(%d, %v) = %d outside line %v", k, x, p, l.Lines[k])
				}
				if c := l.charAt(runes, k, x); c != -1 && (c < l.Lines[k].Start || c >= l.Lines[k].End) {
					t.Fatalf("charAt(%d, %v) = %d outside line %v", k, x, c, l.Lines[k])
				}
			}
		}
	})
}
