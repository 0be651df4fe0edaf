package annotate

import (
	"fmt"
	"maps"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

var offsetCases = []struct {
	name  string
	text  string
	cps   int
	utf16 int
}{
	{"empty", "", 0, 0},
	{"ascii", "Donald Trump", 12, 12},
	{"cjk", "俄羅斯國防部", 6, 6},
	{"emoji", "讚👍好", 3, 4},
	{"ext-b", "𠮷野家", 3, 4},
	{"combining", "ne\u0301e", 4, 4},
	{"crlf", "第一行\r\n第二行", 8, 8},
	{"flag", "🇹🇼台灣", 4, 6},
}

func TestOffsets(t *testing.T) {
	for _, c := range offsetCases {
		t.Run(c.name, func(t *testing.T) {
			checkOffsets(t, c.text)
			o := NewOffsets(c.text)
			if o.Len() != c.cps || o.UTF16Len() != c.utf16 || RuneLen(c.text) != c.cps || UTF16Len(c.text) != c.utf16 {
				t.Fatalf("len = %d/%d, utf16 = %d/%d; want %d, %d", o.Len(), RuneLen(c.text), o.UTF16Len(), UTF16Len(c.text), c.cps, c.utf16)
			}
		})
	}
}

// checkOffsets verifies every conversion against a slow reference.
func checkOffsets(t *testing.T, text string) {
	t.Helper()
	o := NewOffsets(text)
	runes := []rune(text)
	if o.Len() != len(runes) {
		t.Fatalf("Len = %d, want %d", o.Len(), len(runes))
	}
	b, u := 0, 0
	for i := 0; i <= len(runes); i++ {
		if o.Byte(i) != b || o.UTF16(i) != u {
			t.Fatalf("cp %d: byte %d utf16 %d, want %d %d", i, o.Byte(i), o.UTF16(i), b, u)
		}
		if cp, ok := o.FromByte(b); !ok || cp != i {
			t.Fatalf("FromByte(%d) = %d %v", b, cp, ok)
		}
		if cp, ok := o.FromUTF16(u); !ok || cp != i {
			t.Fatalf("FromUTF16(%d) = %d %v", u, cp, ok)
		}
		for j := i; j <= len(runes); j++ {
			if want := string(runes[i:j]); o.Slice(i, j) != want || SliceRunes(text, i, j) != want {
				t.Fatalf("slice [%d,%d) = %q / %q, want %q", i, j, o.Slice(i, j), SliceRunes(text, i, j), want)
			}
		}
		if i < len(runes) {
			size := utf8.RuneLen(runes[i])
			if size < 0 {
				size = 1
			}
			// A byte inside a multi-byte rune is not a boundary.
			if size > 1 {
				if _, ok := o.FromByte(b + 1); ok {
					t.Fatalf("FromByte(%d) inside a rune said ok", b+1)
				}
			}
			if utf16.RuneLen(runes[i]) == 2 {
				if _, ok := o.FromUTF16(u + 1); ok {
					t.Fatalf("FromUTF16(%d) inside a surrogate pair said ok", u+1)
				}
			}
			b += size
			n := utf16.RuneLen(runes[i])
			if n < 0 {
				n = 1
			}
			u += n
		}
	}
}

func FuzzOffsets(f *testing.F) {
	for _, c := range offsetCases {
		f.Add(c.text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) || len(text) > 200 {
			return
		}
		checkOffsets(t, text)
	})
}

func TestSpanValidate(t *testing.T) {
	labels := map[string]bool{"PER": true}
	cases := []struct {
		s    Span
		ok   bool
		name string
	}{
		{Span{Start: 0, End: 3, Label: "PER", Annotator: "a"}, true, "fits"},
		{Span{Start: -1, End: 3, Label: "PER", Annotator: "a"}, false, "negative"},
		{Span{Start: 2, End: 2, Label: "PER", Annotator: "a"}, false, "empty"},
		{Span{Start: 0, End: 4, Label: "PER", Annotator: "a"}, false, "past end"},
		{Span{Start: 0, End: 3, Label: "LOC", Annotator: "a"}, false, "unknown label"},
		{Span{Start: 0, End: 3, Label: "PER", Annotator: " a"}, false, "padded annotator"},
	}
	for _, c := range cases {
		if err := c.s.Validate(3, labels); (err == nil) != c.ok {
			t.Errorf("%s: err = %v", c.name, err)
		}
	}
}

func TestErrorMessageKeepsContext(t *testing.T) {
	err := Errorf(EINVALID, "unknown label %q", "X")
	wrapped := wrap("in.jsonl line 3: %w", err)
	if got := ErrorMessage(wrapped); got != `in.jsonl line 3: unknown label "X"` {
		t.Fatalf("ErrorMessage = %q", got)
	}
	if ErrorCode(wrapped) != EINVALID || ErrorCode(nil) != "" {
		t.Fatal("codes")
	}
}

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "0 documents", 1: "1 document", 2: "2 documents", 1200: "1200 documents"} {
		if got := Plural(n, "document"); got != want {
			t.Errorf("Plural(%d) = %q, want %q", n, got, want)
		}
	}
}

// An Error reads as its message alone, so a wrapped chain says each thing
// once; ErrorMessage keeps the context around it.
func TestErrorSaysItOnce(t *testing.T) {
	err := fmt.Errorf("import in.jsonl line 3: %w", Errorf(EINTERNAL, "the disk is full; the project p.goldspan was not changed"))
	want := "import in.jsonl line 3: the disk is full; the project p.goldspan was not changed"
	if err.Error() != want || ErrorMessage(err) != want || ErrorCode(err) != EINTERNAL {
		t.Fatalf("%q / %q / %s", err.Error(), ErrorMessage(err), ErrorCode(err))
	}
}

// TestLexiconVotesCountTheTitleClass: a span that ends on an office the
// next character makes a title also votes under TitleClass; others and
// spans at the text's end do not.
func TestLexiconVotesCountTheTitleClass(t *testing.T) {
	text := []rune("肯尼亞衛生部長穆圖與外交部长及教育局會面。衛生部")
	count := func(s Span) (votes, rejections int) {
		for _, v := range LexiconVotes(text, nil, &s, &s, nil) {
			if v.Surface == TitleClass {
				votes += v.Votes
				rejections += v.Rejections
			}
		}
		return
	}
	for _, c := range []struct {
		start, end int
		want       int
	}{
		{0, 6, 1},   // 肯尼亞衛生部 before 長
		{3, 6, 1},   // 衛生部 before 長
		{0, 3, 0},   // 肯尼亞: not an office
		{10, 13, 1}, // 外交部 before 长
		{15, 18, 0}, // 教育局 before 會
		{22, 25, 0}, // 衛生部 at the end
		{0, 7, 0},   // the title itself
	} {
		v, r := count(Span{Start: c.start, End: c.end, Label: "ORG"})
		if v != c.want || r != c.want {
			t.Errorf("%s: %d votes and %d rejections of the class, want %d", string(text[c.start:c.end]), v, r, c.want)
		}
	}
}

// TestLexiconVotesCountTheTailClasses: a span that ends with a place's
// tail (中國政府) votes under the joined class of that tail, a span the
// tail follows (中國 before 政府) under the class of the place alone; the
// tail by itself and spans far from one do not vote.
func TestLexiconVotesCountTheTailClasses(t *testing.T) {
	text := []rune("中國政府與美國海軍及淮北地区。政府")
	count := func(s Span) map[string]int {
		got := map[string]int{}
		for _, v := range LexiconVotes(text, nil, &s, nil, nil) {
			if strings.HasPrefix(v.Surface, "\x01tail") {
				got[v.Surface] += v.Votes
			}
		}
		return got
	}
	for _, c := range []struct {
		start, end int
		want       map[string]int
	}{
		{0, 4, map[string]int{TailClass("政府", true): 1}},   // 中國政府
		{0, 2, map[string]int{TailClass("政府", false): 1}},  // 中國 before 政府
		{2, 4, map[string]int{}},                           // 政府 alone is no place's
		{5, 9, map[string]int{TailClass("海軍", true): 1}},   // 美國海軍
		{5, 7, map[string]int{TailClass("海軍", false): 1}},  // 美國
		{10, 14, map[string]int{TailClass("地区", true): 1}}, // 淮北地区
		{10, 12, map[string]int{TailClass("地区", false): 1}},
		{15, 17, map[string]int{}}, // 政府 at the end
		{4, 5, map[string]int{}},   // 與
	} {
		if got := count(Span{Start: c.start, End: c.end, Label: "ORG"}); !maps.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", string(text[c.start:c.end]), got, c.want)
		}
	}
}
