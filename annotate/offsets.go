package annotate

import (
	"unicode/utf16"
	"unicode/utf8"
)

// RuneLen returns the length of s in Unicode code points.
func RuneLen(s string) int { return utf8.RuneCountInString(s) }

// Offsets converts between code point, byte and UTF-16 offsets of one text.
// Build it once per text; conversions are O(1) (code point → byte, UTF-16)
// or O(log n) (byte, UTF-16 → code point).
type Offsets struct {
	text   string
	bytes  []int // bytes[i] = byte offset of code point i; len = n+1
	utf16s []int // utf16s[i] = UTF-16 offset of code point i; len = n+1
}

// NewOffsets indexes text. Invalid UTF-8 bytes count as one code point each
// (U+FFFD), as Go's range loop sees them.
func NewOffsets(text string) *Offsets {
	n := utf8.RuneCountInString(text)
	o := &Offsets{text: text, bytes: make([]int, 0, n+1), utf16s: make([]int, 0, n+1)}
	u := 0
	for i, r := range text {
		o.bytes = append(o.bytes, i)
		o.utf16s = append(o.utf16s, u)
		if r >= 0x10000 && r <= utf8.MaxRune {
			u += 2
		} else {
			u++
		}
	}
	o.bytes = append(o.bytes, len(text))
	o.utf16s = append(o.utf16s, u)
	return o
}

// Len returns the number of code points.
func (o *Offsets) Len() int { return len(o.bytes) - 1 }

// UTF16Len returns the length of the text in UTF-16 code units.
func (o *Offsets) UTF16Len() int { return o.utf16s[len(o.utf16s)-1] }

// Byte returns the byte offset of code point offset cp (0 <= cp <= Len()).
func (o *Offsets) Byte(cp int) int { return o.bytes[cp] }

// UTF16 returns the UTF-16 offset of code point offset cp.
func (o *Offsets) UTF16(cp int) int { return o.utf16s[cp] }

// FromByte returns the code point offset of byte offset b and whether b
// falls on a code point boundary.
func (o *Offsets) FromByte(b int) (int, bool) { return search(o.bytes, b) }

// FromUTF16 returns the code point offset of UTF-16 offset u and whether u
// falls on a code point boundary (not inside a surrogate pair).
func (o *Offsets) FromUTF16(u int) (int, bool) { return search(o.utf16s, u) }

// Slice returns the text between code point offsets start and end.
func (o *Offsets) Slice(start, end int) string { return o.text[o.bytes[start]:o.bytes[end]] }

func search(a []int, v int) (int, bool) {
	lo, hi := 0, len(a)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if a[m] < v {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(a) && a[lo] == v
}

// SliceRunes returns text[start:end] in code points, as Python would slice
// it. Out-of-range offsets are clamped.
func SliceRunes(text string, start, end int) string {
	if start < 0 {
		start = 0
	}
	i, bs, be := 0, len(text), len(text)
	for b := range text {
		if i == start {
			bs = b
		}
		if i == end {
			be = b
			break
		}
		i++
	}
	if bs > be {
		return ""
	}
	return text[bs:be]
}

// UTF16Len returns the length of s in UTF-16 code units.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
