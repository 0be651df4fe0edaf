package app

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"goldspan/annotate"
	"goldspan/annotate/format"
)

func TestMarkLevels(t *testing.T) {
	for _, c := range []struct {
		name   string
		marks  []Mark
		levels []int
		depth  int
	}{
		{"none", nil, []int{}, 0},
		{"disjoint", []Mark{{Start: 0, End: 3}, {Start: 3, End: 6}}, []int{0, 0}, 1},
		// 俄羅斯國防部 with 俄羅斯 inside it: the outer span below the text, the inner one under it.
		{"nested", []Mark{{Start: 0, End: 3}, {Start: 0, End: 6}}, []int{0, 1}, 2},
		{"overlapping", []Mark{{Start: 0, End: 4}, {Start: 2, End: 6}, {Start: 5, End: 8}}, []int{0, 1, 0}, 2},
		{"three deep", []Mark{{Start: 0, End: 9}, {Start: 1, End: 8}, {Start: 2, End: 7}, {Start: 8, End: 9}}, []int{0, 1, 2, 1}, 3},
		{"span and suggestion on the same text", []Mark{{Kind: MarkSuggestion, Start: 0, End: 3}, {Kind: MarkSpan, Start: 0, End: 3}}, []int{0, 1}, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			ms := append([]Mark(nil), c.marks...)
			sortMarks(ms)
			levels, depth := markLevels(ms)
			if fmt.Sprint(levels) != fmt.Sprint(c.levels) || depth != c.depth {
				t.Errorf("levels %v depth %d, want %v %d (marks %v)", levels, depth, c.levels, c.depth, ms)
			}
			checkLevels(t, ms, levels, depth)
		})
	}
}

// checkLevels asserts that marks on one level never overlap.
func checkLevels(t *testing.T, ms []Mark, levels []int, depth int) {
	t.Helper()
	for i := range ms {
		if levels[i] < 0 || levels[i] >= depth {
			t.Fatalf("level %d of mark %d outside [0, %d)", levels[i], i, depth)
		}
		for j := i + 1; j < len(ms); j++ {
			if levels[i] == levels[j] && ms[i].Start < ms[j].End && ms[j].Start < ms[i].End {
				t.Fatalf("marks %v and %v overlap on level %d", ms[i], ms[j], levels[i])
			}
		}
	}
}

func TestPickMark(t *testing.T) {
	// 俄羅斯國防部 [0,6) and 俄羅斯 [0,3), and 國防部 [3,6) as a suggestion.
	ms := []Mark{
		{Kind: MarkSpan, ID: 1, Start: 0, End: 6, Label: "ORG"},
		{Kind: MarkSpan, ID: 2, Start: 0, End: 3, Label: "LOC"},
		{Kind: MarkSuggestion, ID: 3, Start: 3, End: 6, Label: "ORG"},
	}
	sortMarks(ms)
	levels, _ := markLevels(ms)
	id := func(k int) int64 {
		if k < 0 {
			return -1
		}
		return ms[k].ID
	}
	for _, c := range []struct {
		name         string
		char, level  int
		cur          int64
		want         int64
		wantNoneHere bool
	}{
		{name: "text picks the innermost", char: 1, level: -1, cur: -1, want: 2},
		{name: "again goes outwards", char: 1, level: -1, cur: 2, want: 1},
		{name: "and around", char: 1, level: -1, cur: 1, want: 2},
		{name: "the bar of the outer span", char: 1, level: 0, cur: -1, want: 1},
		{name: "the bar of the inner span", char: 1, level: 1, cur: -1, want: 2},
		{name: "suggestion inside the outer span", char: 4, level: -1, cur: -1, want: 3},
		{name: "nothing there", char: 7, level: -1, cur: -1, want: -1},
	} {
		cur := -1
		for k, m := range ms {
			if m.ID == c.cur {
				cur = k
			}
		}
		if got := id(pickMark(ms, levels, c.char, c.level, cur)); got != c.want {
			t.Errorf("%s: picked %d, want %d", c.name, got, c.want)
		}
	}
}

func TestStepMark(t *testing.T) {
	ms := []Mark{{Start: 0, End: 2}, {Start: 4, End: 6}, {Start: 8, End: 9}}
	for _, c := range []struct{ cur, dir, pos, want int }{
		{-1, 1, 0, 0},
		{-1, 1, 5, 2},
		{-1, -1, 5, 1},
		{-1, 1, 9, 0},
		{0, 1, 0, 1},
		{2, 1, 0, 0},
		{0, -1, 0, 2},
	} {
		if got := stepMark(ms, c.cur, c.dir, c.pos); got != c.want {
			t.Errorf("stepMark(cur %d, dir %d, pos %d) = %d, want %d", c.cur, c.dir, c.pos, got, c.want)
		}
	}
	if got := stepMark(nil, -1, 1, 0); got != -1 {
		t.Errorf("stepMark on no marks = %d", got)
	}
}

func TestSelection(t *testing.T) {
	s := selection{anchor: 3, caret: 3}
	s = s.moved(4, 10, true)
	s = s.moved(5, 10, true)
	if a, b := s.bounds(); a != 3 || b != 5 {
		t.Errorf("grown right: [%d,%d)", a, b)
	}
	s = s.moved(1, 10, true) // backwards past the anchor
	if a, b := s.bounds(); a != 1 || b != 3 {
		t.Errorf("grown left past the anchor: [%d,%d)", a, b)
	}
	if s = s.moved(-4, 10, false); !s.empty() || s.caret != 0 {
		t.Errorf("moved off the start: %+v", s)
	}
	if s = s.moved(40, 10, true); s.caret != 10 {
		t.Errorf("moved off the end: %+v", s)
	}
}

func TestResized(t *testing.T) {
	m := Mark{Start: 2, End: 4}
	for _, c := range []struct {
		atStart     bool
		delta       int
		start, end  int
		ok          bool
		description string
	}{
		{false, 1, 2, 5, true, "end right"},
		{false, -1, 2, 3, true, "end left"},
		{true, -1, 1, 4, true, "start left"},
		{true, 1, 3, 4, true, "start right"},
		{true, 2, 2, 4, false, "start onto the end"},
		{false, -2, 2, 4, false, "end onto the start"},
		{false, 2, 2, 4, false, "end past the text"},
		{true, -3, 2, 4, false, "start before the text"},
	} {
		s, e, ok := resized(m, c.atStart, c.delta, 5)
		if s != c.start || e != c.end || ok != c.ok {
			t.Errorf("%s: got [%d,%d) %v, want [%d,%d) %v", c.description, s, e, ok, c.start, c.end, c.ok)
		}
	}
}

func TestWordAt(t *testing.T) {
	text := []rune("特朗普（Donald Trump）於2025年訪問𠮷野家👍")
	for _, c := range []struct {
		name   string
		i      int
		tokens []format.Token
		want   string
	}{
		{"latin word", 6, nil, "Donald"},
		{"han run without a segmenter", 1, nil, "特朗普"},
		{"punctuation alone", 3, nil, "（"},
		{"space alone", 10, nil, " "},
		{"digits", 18, nil, "2025"},
		{"extension B joins the han run", 25, nil, "年訪問𠮷野家"},
		{"emoji alone", 28, nil, "👍"},
		{"segmenter token", 23, []format.Token{{Start: 0, End: 3}, {Start: 18, End: 22}, {Start: 22, End: 24}}, "年訪"},
		{"outside the tokens falls back", 6, []format.Token{{Start: 0, End: 3}}, "Donald"},
	} {
		s, e := wordAt(text, c.tokens, c.i)
		if got := string(text[s:e]); got != c.want {
			t.Errorf("%s: wordAt(%d) = %q, want %q", c.name, c.i, got, c.want)
		}
	}
}

func TestOccurrences(t *testing.T) {
	for _, c := range []struct {
		text, needle string
		want         []int
	}{
		{"北京北京北", "北京", []int{0, 2}},
		{"aaaa", "aa", []int{0, 2}},
		{"aaa", "aa", []int{0}},
		{"𠮷野家と𠮷野家", "𠮷野家", []int{0, 4}},
		{"abc", "", nil},
		{"ab", "abc", nil},
	} {
		if got := occurrences([]rune(c.text), []rune(c.needle)); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("occurrences(%q, %q) = %v, want %v", c.text, c.needle, got, c.want)
		}
	}
	text := []rune("北京和北京和北京")
	ms := []Mark{
		{Kind: MarkSpan, Start: 0, End: 2, Label: "LOC"},
		{Kind: MarkSpan, Start: 3, End: 5, Label: "ORG"},
		{Kind: MarkSuggestion, Start: 6, End: 8, Label: "LOC"},
	}
	if got := missingOccurrences(text, 0, 2, "LOC", ms); fmt.Sprint(got) != "[3 6]" {
		t.Errorf("missingOccurrences = %v, want [3 6]", got)
	}
	if got := missingOccurrences(text, 2, 2, "LOC", ms); got != nil {
		t.Errorf("missingOccurrences of nothing = %v", got)
	}
}

func TestMarksOf(t *testing.T) {
	ms := MarksOf([]annotate.Span{{ID: 7, Start: 0, End: 3, Label: "PER"}}, []annotate.Suggestion{{ID: 9, Start: 4, End: 6, Label: "LOC"}})
	want := []Mark{{Kind: MarkSpan, ID: 7, Start: 0, End: 3, Label: "PER"}, {Kind: MarkSuggestion, ID: 9, Start: 4, End: 6, Label: "LOC"}}
	if fmt.Sprint(ms) != fmt.Sprint(want) {
		t.Errorf("MarksOf = %v, want %v", ms, want)
	}
}

// FuzzMarkArithmetic checks occurrences against strings.Index, wordAt and
// the stacking levels on arbitrary text and marks.
func FuzzMarkArithmetic(f *testing.F) {
	f.Add("北京北京北", "北京", uint16(0x0306), uint16(0x0103))
	f.Add("特朗普（Donald Trump）👍𠮷\r\n", "Trump", uint16(0x0402), uint16(0x0210))
	f.Fuzz(func(t *testing.T, text, needle string, a, b uint16) {
		if !utf8.ValidString(text) || !utf8.ValidString(needle) {
			return
		}
		runes, nr := []rune(text), []rune(needle)
		var want []int
		if len(nr) > 0 {
			for rest, off := text, 0; ; {
				i := strings.Index(rest, needle)
				if i < 0 {
					break
				}
				want = append(want, off+utf8.RuneCountInString(rest[:i]))
				off += utf8.RuneCountInString(rest[:i]) + len(nr)
				rest = rest[i+len(needle):]
			}
		}
		if got := occurrences(runes, nr); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("occurrences(%q, %q) = %v, strings.Index finds %v", text, needle, got, want)
		}
		n := len(runes)
		if n == 0 {
			return
		}
		i := int(a) % n
		s, e := wordAt(runes, nil, i)
		if s > i || e <= i || s < 0 || e > n {
			t.Fatalf("wordAt(%d) = [%d,%d) does not hold it", i, s, e)
		}
		// Marks from the bytes of a and b.
		var ms []Mark
		for _, v := range []uint16{a, b, a ^ b, a + b} {
			s, e := int(v>>8)%n, int(v&0xff)%(n+1)
			if s < e {
				ms = append(ms, Mark{Kind: MarkSpan, ID: int64(v), Start: s, End: e})
			}
		}
		sortMarks(ms)
		levels, depth := markLevels(ms)
		checkLevels(t, ms, levels, depth)
		for k := range ms {
			if p := pickMark(ms, levels, ms[k].Start, -1, -1); p < 0 || ms[p].Start > ms[k].Start || ms[p].End <= ms[k].Start {
				t.Fatalf("pickMark at %d = %d", ms[k].Start, p)
			}
		}
	})
}
