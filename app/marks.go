package app

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"goldspan/annotate"
	"goldspan/annotate/format"
)

// This file holds the span editor's pure arithmetic: marks and their
// stacking levels, hit-testing, the selection, word boundaries and
// occurrences. Offsets are code points, end-exclusive.

// MarkKind tells a reviewer's span from a machine suggestion.
type MarkKind uint8

// The kinds of marks the editor shows.
const (
	MarkSpan       MarkKind = iota + 1 // the annotator's confirmed span
	MarkSuggestion                     // a machine suggestion not yet decided on
)

// Mark is one span or suggestion shown in the span editor.
type Mark struct {
	Kind  MarkKind
	ID    int64 // the span's or suggestion's id in the store
	Start int   // code points, inclusive
	End   int   // code points, exclusive
	Label string
}

// Is reports whether m and o are the same span or suggestion.
func (m Mark) Is(o Mark) bool { return m.Kind == o.Kind && m.ID == o.ID }

// MarksOf turns an annotator's spans and suggestions into marks.
func MarksOf(spans []annotate.Span, sugs []annotate.Suggestion) []Mark {
	ms := make([]Mark, 0, len(spans)+len(sugs))
	for _, s := range spans {
		ms = append(ms, Mark{Kind: MarkSpan, ID: s.ID, Start: s.Start, End: s.End, Label: s.Label})
	}
	for _, s := range sugs {
		ms = append(ms, Mark{Kind: MarkSuggestion, ID: s.ID, Start: s.Start, End: s.End, Label: s.Label})
	}
	return ms
}

// compareMarks is the order of Tab: by start, longer first, spans before
// suggestions, then label and id.
func compareMarks(a, b Mark) int {
	switch {
	case a.Start != b.Start:
		return a.Start - b.Start
	case a.End != b.End:
		return b.End - a.End
	case a.Kind != b.Kind:
		return int(a.Kind) - int(b.Kind)
	case a.Label != b.Label:
		return strings.Compare(a.Label, b.Label)
	case a.ID < b.ID:
		return -1
	case a.ID > b.ID:
		return 1
	}
	return 0
}

// sortMarks sorts marks in Tab order.
func sortMarks(ms []Mark) { slices.SortStableFunc(ms, compareMarks) }

// markLevels gives each mark of ms (sorted by sortMarks) the lowest level on
// which it overlaps no mark before it, so nested and overlapping marks
// stack: 俄羅斯國防部 gets level 0 and 俄羅斯 inside it level 1. depth is the
// number of levels used.
func markLevels(ms []Mark) (levels []int, depth int) {
	levels = make([]int, len(ms))
	var ends []int // ends[k]: end of the last mark placed on level k
	for i, m := range ms {
		k := 0
		for k < len(ends) && ends[k] > m.Start {
			k++
		}
		if k == len(ends) {
			ends = append(ends, 0)
		}
		ends[k] = m.End
		levels[i] = k
	}
	return levels, len(ends)
}

// marksAt returns the indexes of the marks containing code point i,
// innermost (shortest) first.
func marksAt(ms []Mark, i int) []int {
	var out []int
	for k, m := range ms {
		if m.Start > i {
			break // ms is sorted by start
		}
		if i < m.End {
			out = append(out, k)
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		return ms[out[a]].End-ms[out[a]].Start < ms[out[b]].End-ms[out[b]].Start
	})
	return out
}

// pickMark returns the mark a click on code point i selects: the one on
// level when level >= 0 (a click on its bar), else the innermost; a second
// click on the selected mark moves to the next one out, so every nested
// mark can be reached. It returns -1 if no mark contains i.
func pickMark(ms []Mark, levels []int, i, level, cur int) int {
	at := marksAt(ms, i)
	if len(at) == 0 {
		return -1
	}
	if level >= 0 {
		for _, k := range at {
			if levels[k] == level {
				return k
			}
		}
	}
	for j, k := range at {
		if k == cur {
			return at[(j+1)%len(at)]
		}
	}
	return at[0]
}

// stepMark returns the index of the mark after (dir > 0) or before cur in
// Tab order, wrapping around; from no selection (-1) it starts at the first
// mark at or after pos (or the last one before it, going back).
func stepMark(ms []Mark, cur, dir, pos int) int {
	n := len(ms)
	if n == 0 {
		return -1
	}
	if cur >= 0 && cur < n {
		return ((cur+dir)%n + n) % n
	}
	first := sort.Search(n, func(k int) bool { return ms[k].Start >= pos })
	if dir > 0 {
		return first % n
	}
	return (first - 1 + n) % n
}

// selection is a character range with the end that stays (anchor) and the
// end that moves (caret); it is empty when they are equal.
type selection struct {
	anchor, caret int
}

// bounds returns the selection as start <= end.
func (s selection) bounds() (start, end int) {
	if s.anchor <= s.caret {
		return s.anchor, s.caret
	}
	return s.caret, s.anchor
}

// empty reports whether nothing is selected.
func (s selection) empty() bool { return s.anchor == s.caret }

// clampPos limits p to [0, n].
func clampPos(p, n int) int {
	if p < 0 {
		return 0
	} else if p > n {
		return n
	}
	return p
}

// moved returns s with its caret at p (clamped to [0, n]); without extend
// the anchor follows, leaving an empty selection.
func (s selection) moved(p, n int, extend bool) selection {
	p = clampPos(p, n)
	if extend {
		return selection{anchor: s.anchor, caret: p}
	}
	return selection{anchor: p, caret: p}
}

// resized returns the new extent of m after moving one of its boundaries
// by delta code points (the end when atStart is false); ok is false when
// that would leave the text or make the span empty.
func resized(m Mark, atStart bool, delta, n int) (start, end int, ok bool) {
	start, end = m.Start, m.End
	if atStart {
		start += delta
	} else {
		end += delta
	}
	if start < 0 || end > n || start >= end {
		return m.Start, m.End, false
	}
	return start, end, true
}

// scriptClass groups code points for selecting a word without a segmenter.
func scriptClass(r rune) int {
	switch {
	case isBlank(r):
		return 0
	case unicode.Is(unicode.Han, r) || (r >= 0x20000 && r <= 0x3FFFF):
		return 1
	case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || r == 'ー':
		return 2
	case unicode.Is(unicode.Hangul, r):
		return 3
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_':
		return 4
	}
	return 5 // punctuation and symbols: a word of their own
}

// wordAt returns the word containing code point i: the segmenter token
// holding it when tokens are given, else the run of code points of the same
// script around it (one code point for punctuation and blanks).
func wordAt(runes []rune, tokens []format.Token, i int) (start, end int) {
	n := len(runes)
	if i < 0 || i >= n {
		return clampPos(i, n), clampPos(i, n)
	}
	if len(tokens) > 0 {
		k := sort.Search(len(tokens), func(k int) bool { return tokens[k].End > i })
		if k < len(tokens) && tokens[k].Start <= i && tokens[k].End <= n && tokens[k].Start < tokens[k].End {
			return tokens[k].Start, tokens[k].End
		}
	}
	c := scriptClass(runes[i])
	if c == 0 || c == 5 {
		return i, i + 1
	}
	same := func(j int) bool { return scriptClass(runes[j]) == c || unicode.IsMark(runes[j]) }
	start, end = i, i+1
	for start > 0 && same(start-1) {
		start--
	}
	for end < n && same(end) {
		end++
	}
	return start, end
}

// occurrences returns the starts of the non-overlapping occurrences of
// needle in text, left to right.
func occurrences(text, needle []rune) []int {
	m := len(needle)
	if m == 0 {
		return nil
	}
	var out []int
	for i := 0; i+m <= len(text); {
		if text[i] == needle[0] && slices.Equal(text[i:i+m], needle) {
			out = append(out, i)
			i += m
			continue
		}
		i++
	}
	return out
}

// missingOccurrences returns the starts of the occurrences of
// text[start:end] that do not yet carry a span labelled label, for
// "label every occurrence".
func missingOccurrences(text []rune, start, end int, label string, ms []Mark) []int {
	if start < 0 || end > len(text) || start >= end {
		return nil
	}
	have := map[int]bool{}
	for _, m := range ms {
		if m.Kind == MarkSpan && m.Label == label && m.End-m.Start == end-start {
			have[m.Start] = true
		}
	}
	var out []int
	for _, s := range occurrences(text, text[start:end]) {
		if !have[s] {
			out = append(out, s)
		}
	}
	return out
}
