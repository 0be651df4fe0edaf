package suggest

import (
	"strings"
	"unicode/utf8"
)

//go:generate go run gen_fold.go

var (
	foldMap  = map[rune]rune{}
	foldable = setOf("") // the keys of foldMap, for a fast first check
)

func init() {
	var from rune = -1
	for _, r := range foldPairs {
		if from < 0 {
			from = r
		} else {
			foldMap[from] = r
			foldable.add(from)
			from = -1
		}
	}
}

// Fold maps Traditional characters to their Simplified forms one character
// for one character, so code point offsets in the folded text are those of
// the original. Characters that are also everyday Simplified characters
// (著, 乾, 么) are kept. Suggestions are looked up in the gazetteer and in a
// Lexicon by their folded surface, so that a name confirmed in one script is
// suggested in the other.
func Fold(s string) string {
	i := 0
	for i < len(s) {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if foldable.has(r) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if foldable.has(r) {
			b.WriteRune(foldMap[r])
		} else {
			b.WriteString(s[i : i+n]) // invalid bytes stay as they are
		}
		i += n
	}
	return b.String()
}
