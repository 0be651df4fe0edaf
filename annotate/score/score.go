// Package score measures predicted entities against gold ones, the one way
// every scorer in Goldspan does: Counts of true positives, false positives
// and false negatives with precision, recall and F1, and the two matchings
// of spans, exact and overlap.
//
//   - Exact: a predicted span matches a gold span with the same start, end
//     and label, one to one.
//   - Overlap: a predicted span matches a gold span with the same label
//     that shares at least one code point with it, one to one, as many
//     pairs as any matching can have (a maximum bipartite matching).
//
// Both read their inputs as sets: an exact duplicate (same start, end and
// label) counts once, on either side.
//
// Undefined ratios: a precision, recall or F1 whose denominator is 0 is 0,
// as conlleval and scikit-learn's zero_division=0 have it, so scores always
// compare and sort. A caller that must tell "undefined" from 0 asks the
// counts (Empty, Gold, Predicted): package agree reports an F1 of Empty
// counts as JSON null.
//
// The package imports only the standard library and goldspan/annotate.
package score

import (
	"cmp"
	"slices"
	"sort"

	"goldspan/annotate"
)

// Span is a labelled range of code points, Start inclusive, End exclusive.
// The label is any ordered value: a label name (Entity), or a small index
// into a label list where speed matters (package agree).
type Span[L cmp.Ordered] struct {
	Start, End int
	Label      L
}

// Entity is a span with a label name: what gold files and taggers give.
type Entity = Span[string]

// Overlaps reports whether s and o share at least one code point; labels
// are not compared.
func (s Span[L]) Overlaps(o Span[L]) bool { return s.Start < o.End && o.Start < s.End }

// Compare orders spans by start, then end, then label.
func Compare[L cmp.Ordered](a, b Span[L]) int {
	if a.Start != b.Start {
		return cmp.Compare(a.Start, b.Start)
	} else if a.End != b.End {
		return cmp.Compare(a.End, b.End)
	}
	return cmp.Compare(a.Label, b.Label)
}

// Normalize sorts spans by Compare and drops exact duplicates, in place,
// and returns the shortened slice: the form ExactPairs wants.
func Normalize[L cmp.Ordered](spans []Span[L]) []Span[L] {
	slices.SortFunc(spans, Compare[L])
	return slices.Compact(spans)
}

// FromSpans returns the offsets and labels of annotations.
func FromSpans(spans []annotate.Span) []Entity {
	out := make([]Entity, len(spans))
	for i, s := range spans {
		out[i] = Entity{Start: s.Start, End: s.End, Label: s.Label}
	}
	return out
}

// FromSuggestions returns the offsets and labels of suggestions.
func FromSuggestions(sugs []annotate.Suggestion) []Entity {
	out := make([]Entity, len(sugs))
	for i, s := range sugs {
		out[i] = Entity{Start: s.Start, End: s.End, Label: s.Label}
	}
	return out
}

// Counts are entity-level counts of a prediction against gold: true
// positives (matched), false positives (predicted, unmatched) and false
// negatives (gold, unmatched). They encode in JSON as {"TP","FP","FN"}.
type Counts struct {
	TP int `json:"TP"`
	FP int `json:"FP"`
	FN int `json:"FN"`
}

// FromTotals returns the counts of matched pairs out of gold gold spans and
// predicted predicted spans.
func FromTotals(matched, gold, predicted int) Counts {
	return Counts{TP: matched, FP: predicted - matched, FN: gold - matched}
}

// Add adds o to c.
func (c *Counts) Add(o Counts) { c.TP += o.TP; c.FP += o.FP; c.FN += o.FN }

// Gold returns the gold spans counted: TP + FN.
func (c Counts) Gold() int { return c.TP + c.FN }

// Predicted returns the predicted spans counted: TP + FP.
func (c Counts) Predicted() int { return c.TP + c.FP }

// Empty reports whether there was neither gold nor prediction, so that
// precision, recall and F1 are all 0/0 (reported as 0).
func (c Counts) Empty() bool { return c.TP == 0 && c.FP == 0 && c.FN == 0 }

// Precision returns TP / (TP + FP), 0 when nothing was predicted.
func (c Counts) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall returns TP / (TP + FN), 0 when there was no gold.
func (c Counts) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 returns the harmonic mean of precision and recall,
// 2·TP / (2·TP + FP + FN), 0 when the counts are Empty.
func (c Counts) F1() float64 { return ratio(2*c.TP, 2*c.TP+c.FP+c.FN) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Exact counts the predicted spans that match a gold span exactly (same
// start, end and label), one to one; duplicates count once on either side.
func Exact[L cmp.Ordered](gold, pred []Span[L]) Counts {
	g, p := Normalize(slices.Clone(gold)), Normalize(slices.Clone(pred))
	n := 0
	ExactPairs(g, p, func(int, int) { n++ })
	return FromTotals(n, len(g), len(p))
}

// Overlap counts the predicted spans that match a gold span with the same
// label that they overlap, one to one, as many as can be (see Matcher);
// duplicates count once on either side.
func Overlap[L cmp.Ordered](gold, pred []Span[L]) Counts {
	g, p := Normalize(slices.Clone(gold)), Normalize(slices.Clone(pred))
	var m Matcher[L]
	n := 0
	m.Overlap(g, p, nil, nil, true, func(int, int) { n++ })
	return FromTotals(n, len(g), len(p))
}

// ExactPairs calls fn(i, j) for every a[i] equal to b[j], in order. Both
// must be sorted by Compare without duplicates (see Normalize); then each
// span is in at most one pair.
func ExactPairs[L cmp.Ordered](a, b []Span[L], fn func(i, j int)) {
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch c := Compare(a[i], b[j]); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			fn(i, j)
			i++
			j++
		}
	}
}

// ByLabel holds counts per label name.
type ByLabel map[string]*Counts

// Add adds the exact matching (see Exact) of one text's predicted entities
// against its gold to the counts of their labels.
func (s ByLabel) Add(gold, pred []Entity) {
	g, p := Normalize(slices.Clone(gold)), Normalize(slices.Clone(pred))
	matched := make([]bool, len(p))
	gm := make([]bool, len(g))
	ExactPairs(g, p, func(i, j int) { gm[i], matched[j] = true, true })
	s.tally(g, p, gm, matched)
}

// AddOverlap adds the overlap matching (see Overlap) of one text's
// predicted entities against its gold to the counts of their labels.
func (s ByLabel) AddOverlap(gold, pred []Entity) {
	g, p := Normalize(slices.Clone(gold)), Normalize(slices.Clone(pred))
	matched := make([]bool, len(p))
	gm := make([]bool, len(g))
	var m Matcher[string]
	m.Overlap(g, p, nil, nil, true, func(i, j int) { gm[i], matched[j] = true, true })
	s.tally(g, p, gm, matched)
}

// tally counts each gold span as a true positive or a false negative and
// each unmatched prediction as a false positive, under its label.
func (s ByLabel) tally(gold, pred []Entity, goldMatched, predMatched []bool) {
	for i, e := range gold {
		if goldMatched[i] {
			s.get(e.Label).TP++
		} else {
			s.get(e.Label).FN++
		}
	}
	for j, e := range pred {
		if !predMatched[j] {
			s.get(e.Label).FP++
		}
	}
}

func (s ByLabel) get(label string) *Counts {
	c := s[label]
	if c == nil {
		c = &Counts{}
		s[label] = c
	}
	return c
}

// Labels returns the labels counted, sorted.
func (s ByLabel) Labels() []string {
	var out []string
	for l := range s {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// Overall returns the counts summed over all labels (micro average).
func (s ByLabel) Overall() Counts {
	var c Counts
	for _, v := range s {
		c.Add(*v)
	}
	return c
}
