package annotate

import (
	"strconv"
	"unicode"
)

// Plural is n with noun for messages: "1 document", "3 documents".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// CutsLatinWord reports whether the span [start, end) of text (code
// points) starts or ends inside a run of Latin letters or digits, such as
// "ance" of "JD Vance" or "Mer" of "Merz": no suggestion may (issue 18).
func CutsLatinWord(text []rune, start, end int) bool {
	joined := func(i int) bool { return i > 0 && i < len(text) && latinAlnum(text[i-1]) && latinAlnum(text[i]) }
	return joined(start) || joined(end)
}

// latinAlnum reports whether r is a Latin letter or a digit, of any width.
func latinAlnum(r rune) bool {
	return unicode.IsDigit(r) || unicode.IsLetter(r) && unicode.Is(unicode.Latin, r)
}
