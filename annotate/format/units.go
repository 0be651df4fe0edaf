package format

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/rivo/uniseg"

	"goldspan/annotate"
)

// Offset units of doccano files. doccano's editor counts UTF-16 code units
// (JavaScript strings) unless the project was created with "count grapheme
// clusters as one character" (grapheme_mode, the grapheme-splitter npm
// package in the browser), and files written for doccano by Python scripts
// count code points. The three agree on most Chinese text; they part on
// characters outside the BMP (emoji, CJK Extension B), on clusters of
// several code points (ZWJ emoji, flags, combining marks) and on CRLF,
// one grapheme cluster.
const (
	UnitsAuto      = "auto"
	UnitsUTF16     = "utf16"
	UnitsCodePoint = "codepoint"
	UnitsGrapheme  = "grapheme"
)

// unitOrder is the order in which auto-detection prefers units a record
// cannot tell apart: doccano's default first.
var unitOrder = []string{UnitsUTF16, UnitsGrapheme, UnitsCodePoint}

// ValidUnits reports whether u names offset units ("" is auto).
func ValidUnits(u string) bool {
	return u == "" || u == UnitsAuto || slices.Contains(unitOrder, u)
}

// unitText converts offsets of one text between code points and the other
// units, building each table only when asked.
type unitText struct {
	text   string
	n      int // code points
	off    *annotate.Offsets
	bounds []int // code-point offsets of the grapheme cluster boundaries, 0 and n included
	simple bool  // every unit counts the same on this text
}

func newUnitText(text string) *unitText {
	t := &unitText{text: text, simple: true}
	prev := rune(0)
	for _, r := range text {
		t.n++
		if !plainRune(r) || r == '\n' && prev == '\r' {
			t.simple = false
		}
		prev = r
	}
	if !t.simple {
		// Only a text whose clusters are all single code points of the
		// BMP counts the same in every unit.
		t.simple = len(t.graphemes())-1 == t.n && t.offsets().UTF16Len() == t.n
	}
	return t
}

// plainRune reports whether r is a character of the BMP that never joins
// its neighbours into a grapheme cluster: the fast path of newUnitText,
// which covers Chinese text, ASCII letters, digits and punctuation.
func plainRune(r rune) bool {
	switch {
	case r < 0x300: // CRLF is caught by the caller
		return true
	case r >= 0x3000 && r <= 0x303f, r >= 0x4e00 && r <= 0x9fff, r >= 0xff01 && r <= 0xff5e:
		return true
	}
	return false
}

func (t *unitText) offsets() *annotate.Offsets {
	if t.off == nil {
		t.off = annotate.NewOffsets(t.text)
	}
	return t.off
}

func (t *unitText) graphemes() []int {
	if t.bounds == nil {
		t.bounds = append(make([]int, 0, t.n+1), 0)
		g := uniseg.NewGraphemes(t.text)
		cp := 0
		for g.Next() {
			cp += len(g.Runes())
			t.bounds = append(t.bounds, cp)
		}
	}
	return t.bounds
}

// size is the length of the text in units u.
func (t *unitText) size(u string) int {
	if t.simple {
		return t.n
	}
	switch u {
	case UnitsUTF16:
		return t.offsets().UTF16Len()
	case UnitsGrapheme:
		return len(t.graphemes()) - 1
	}
	return t.n
}

// toCodePoint converts an offset in units u to code points, refusing one
// outside the text or inside a surrogate pair.
func (t *unitText) toCodePoint(u string, x int) (int, error) {
	if x < 0 || x > t.size(u) {
		return 0, fmt.Errorf("offset %d is outside the text (0..%d %s)", x, t.size(u), unitName(u))
	}
	switch {
	case t.simple || u == UnitsCodePoint:
		return x, nil
	case u == UnitsUTF16:
		return fromUTF16(t.offsets(), x)
	}
	return t.graphemes()[x], nil
}

// fromCodePoint converts a code-point offset to units u; ok is false when
// it falls inside a grapheme cluster that u counts as one.
func (t *unitText) fromCodePoint(u string, cp int) (int, bool) {
	switch {
	case t.simple || u == UnitsCodePoint:
		return cp, true
	case u == UnitsUTF16:
		return t.offsets().UTF16(cp), true
	}
	return slices.BinarySearch(t.graphemes(), cp)
}

// plausible reports whether a span in code points looks like one a person
// marked: it neither starts nor ends with white space, and it does not cut
// a grapheme cluster (half an emoji, \r without its \n).
func (t *unitText) plausible(start, end int) bool {
	s := t.offsets().Slice(start, end)
	first, _ := utf8First(s)
	last, _ := utf8Last(s)
	if unicode.IsSpace(first) || unicode.IsSpace(last) {
		return false
	}
	if t.simple {
		return true
	}
	b := t.graphemes()
	_, okS := slices.BinarySearch(b, start)
	_, okE := slices.BinarySearch(b, end)
	return okS && okE
}

func utf8First(s string) (rune, bool) {
	for _, r := range s {
		return r, true
	}
	return 0, false
}

func utf8Last(s string) (rune, bool) {
	rs := []rune(s)
	if len(rs) == 0 {
		return 0, false
	}
	return rs[len(rs)-1], true
}

func unitName(u string) string {
	switch u {
	case UnitsUTF16:
		return "UTF-16 code units"
	case UnitsGrapheme:
		return "grapheme clusters"
	}
	return "code points"
}

// rawSpan is a span as a file gives it, in the file's units.
type rawSpan struct {
	start, end int
	label      string
}

// rawSpans are a record's spans as the file gives them, and how errors
// name the i-th (`"label" item 2 [0,3,"PER"]`), built only for an error
// so that a record of many spans costs no string per span.
type rawSpans struct {
	list []rawSpan
	name func(i int) string
}

// unitDetector settles the units of one file record by record (auto):
// each record whose text tells the units apart narrows what the file can
// count in; a record that cannot tell is read in the preferred unit still
// possible, and an import that later proves another unit for such a
// record fails, naming both lines, rather than keep shifted spans.
type unitDetector struct {
	fixed    string          // the units the user gave, or "" for auto
	possible map[string]bool // auto: the units every record so far fits
	proof    map[string]int  // auto: the line that ruled each unit out
	guessed  map[string]int  // auto: a unit a record was read in without proof, and its line
	// auto: units that would have read a record differently from the one
	// it was read in, with the first such line: the warning names those
	// still possible at the end.
	doubt map[string]doubt
}

type doubt struct {
	line int
	read string // the unit the record was read in
}

func newUnitDetector(units string) *unitDetector {
	d := &unitDetector{}
	if units != "" && units != UnitsAuto {
		d.fixed = units
		return d
	}
	d.possible = map[string]bool{UnitsUTF16: true, UnitsGrapheme: true, UnitsCodePoint: true}
	d.proof = map[string]int{}
	d.guessed = map[string]int{}
	d.doubt = map[string]doubt{}
	return d
}

// convert turns a record's raw spans into code points.
func (d *unitDetector) convert(t *unitText, raw rawSpans, line int) ([]annotate.Span, error) {
	if d.fixed != "" || t.simple || len(raw.list) == 0 {
		u := d.fixed
		if u == "" {
			u = UnitsUTF16 // all units agree on this text: errors name doccano's default
		}
		return convertSpans(t, raw, u)
	}
	type reading struct {
		spans     []annotate.Span
		err       error
		plausible bool
	}
	read := map[string]reading{}
	for _, u := range unitOrder {
		spans, err := convertSpans(t, raw, u)
		r := reading{spans: spans, err: err, plausible: err == nil}
		for _, s := range spans {
			if !t.plausible(s.Start, s.End) {
				r.plausible = false
			}
		}
		read[u] = r
	}
	// The units this record fits: plausible readings if any of the
	// possible units gives one, else any that converts.
	fits := map[string]bool{}
	for _, u := range unitOrder {
		if d.possible[u] && read[u].plausible {
			fits[u] = true
		}
	}
	if len(fits) == 0 {
		for _, u := range unitOrder {
			if d.possible[u] && read[u].err == nil {
				fits[u] = true
			}
		}
	}
	if len(fits) == 0 {
		// Not one possible unit converts: report the preferred one's error.
		for _, u := range unitOrder {
			if d.possible[u] {
				return nil, read[u].err
			}
		}
	}
	for _, u := range unitOrder {
		if d.possible[u] && !fits[u] {
			d.possible[u] = false
			d.proof[u] = line
			if at, ok := d.guessed[u]; ok {
				var left []string
				for _, v := range unitOrder {
					if fits[v] {
						left = append(left, v)
					}
				}
				return nil, fmt.Errorf("these offsets do not count %s, yet line %d was read in %s before the file showed it; import again with --units %s", unitName(u), at, unitName(u), strings.Join(left, " or --units "))
			}
		}
	}
	// The preferred unit still possible; other possible units that read
	// the record differently make it a guess.
	var use string
	for _, u := range unitOrder {
		if fits[u] {
			use = u
			break
		}
	}
	guess := false
	for _, u := range unitOrder {
		if fits[u] && u != use && !slices.Equal(read[u].spans, read[use].spans) {
			guess = true
			if _, ok := d.doubt[u]; !ok {
				d.doubt[u] = doubt{line: line, read: use}
			}
		}
	}
	if _, ok := d.guessed[use]; guess && !ok {
		d.guessed[use] = line
	}
	return read[use].spans, nil
}

// warning is the loss an auto import reports when records could be read
// in units the file never ruled out, or "" when the file proved its units.
func (d *unitDetector) warning() string {
	if d.fixed != "" {
		return ""
	}
	for _, u := range unitOrder {
		if x, ok := d.doubt[u]; ok && d.possible[u] {
			return fmt.Sprintf("line %d and perhaps others: the offsets could count %s too; read as %s, doccano's default; give --units %s if the doccano project counted those", x.line, unitName(u), unitName(x.read), u)
		}
	}
	return ""
}

// convertSpans converts raw spans in units u to code points.
func convertSpans(t *unitText, raw rawSpans, u string) ([]annotate.Span, error) {
	out := make([]annotate.Span, 0, len(raw.list))
	for i, r := range raw.list {
		s, err := t.toCodePoint(u, r.start)
		if err != nil {
			return nil, fmt.Errorf("%s: start %s", raw.name(i), err)
		}
		e, err := t.toCodePoint(u, r.end)
		if err != nil {
			return nil, fmt.Errorf("%s: end %s", raw.name(i), err)
		}
		if s >= e {
			return nil, fmt.Errorf("%s: start must be before end", raw.name(i))
		}
		out = append(out, annotate.Span{Start: s, End: e, Label: r.label, Origin: annotate.OriginManual})
	}
	return out, nil
}
