package tagger

import (
	"slices"
	"unicode/utf8"
)

// maxGazLen is the longest gazetteer entry matched, in characters.
const maxGazLen = 24

// gazetteer holds the entities of the training sentences: per folded
// surface, how many times it was annotated with each label id.
type gazetteer struct {
	entries map[string][]int32
	lengths map[rune][]int // per first character: entry lengths, longest first
}

func newGazetteer() *gazetteer {
	return &gazetteer{entries: map[string][]int32{}, lengths: map[rune][]int{}}
}

// add adds d (±1) occurrences of surface (folded) with label id lab.
func (g *gazetteer) add(key string, lab int, d int32) {
	first, _ := utf8.DecodeRuneInString(key)
	n := utf8.RuneCountInString(key)
	if n == 0 || n > maxGazLen {
		return
	}
	c := g.entries[key]
	if len(c) <= lab {
		c = append(c, make([]int32, lab+1-len(c))...)
	}
	c[lab] = max(0, c[lab]+d)
	g.entries[key] = c
	ls := g.lengths[first]
	if !slices.Contains(ls, n) {
		ls = append(ls, n)
		slices.SortFunc(ls, func(a, b int) int { return b - a })
		g.lengths[first] = ls
	}
}
