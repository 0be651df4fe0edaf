package agree

import (
	"slices"

	"goldspan/annotate/score"
)

// span is a span inside the package: code point offsets and the index of
// its label in the report's label list plus one (0 is "O", no span).
type span = score.Span[int]

// cmpSpan orders spans by start, end, label.
func cmpSpan(a, b span) int { return score.Compare(a, b) }

// pairCounts accumulates the span comparison of one pair of annotators
// (a, b) over documents. Slices are indexed by label index (0 unused) or,
// for spanConf, by a's label × K + b's label with K = labels + 1.
type pairCounts struct {
	countA, countB []int
	exact          []int // exact matches per label
	overlap        []int // overlap matches per label (maximum matching)
	spanConf       []int // same-offset span pairs: diagonal = exact matches
	boundary       int   // same label, overlapping, different offsets
	typeBoundary   int   // different label and offsets, overlapping
	onlyA, onlyB   int   // spans with no counterpart at all
}

func newPairCounts(k int) pairCounts {
	return pairCounts{
		countA: make([]int, k), countB: make([]int, k),
		exact: make([]int, k), overlap: make([]int, k),
		spanConf: make([]int, k*k),
	}
}

func (p *pairCounts) add(o *pairCounts) {
	addInts(p.countA, o.countA)
	addInts(p.countB, o.countB)
	addInts(p.exact, o.exact)
	addInts(p.overlap, o.overlap)
	addInts(p.spanConf, o.spanConf)
	p.boundary += o.boundary
	p.typeBoundary += o.typeBoundary
	p.onlyA += o.onlyA
	p.onlyB += o.onlyB
}

func addInts[T int | int64](dst, src []T) {
	for i, v := range src {
		dst[i] += v
	}
}

// spanScratch is reusable space for comparing two span lists.
type spanScratch struct {
	m      score.Matcher[int]
	usedA  []bool
	usedB  []bool
	groupA []int
	groupB []int
}

func resetBools(b []bool, n int) []bool {
	b = slices.Grow(b[:0], n)[:n]
	clear(b)
	return b
}

// compareSpans adds the comparison of a's and b's spans on one document to
// p. Both lists are sorted by start, end, label and hold no duplicates. Each
// span is classified once, in this order: an exact match; a type error
// (the other has a span with the same offsets and another label); a
// boundary error (same label, overlapping, other offsets); a type and
// boundary error (overlapping, other label and offsets); else only_a or
// only_b. The overlap matches for F1 are counted separately, over all spans.
func (sc *spanScratch) compareSpans(p *pairCounts, a, b []span, k int) {
	for _, s := range a {
		p.countA[s.Label]++
	}
	for _, s := range b {
		p.countB[s.Label]++
	}
	ua := resetBools(sc.usedA, len(a))
	ub := resetBools(sc.usedB, len(b))
	sc.usedA, sc.usedB = ua, ub

	// Exact matches: a merge of the two sorted lists.
	score.ExactPairs(a, b, func(i, j int) {
		p.exact[a[i].Label]++
		p.spanConf[a[i].Label*k+b[j].Label]++
		ua[i], ub[j] = true, true
	})
	// Type errors: what is left with equal offsets, paired in label order.
	for i, j := 0, 0; i < len(a) && j < len(b); {
		if a[i].Start != b[j].Start || a[i].End != b[j].End {
			if a[i].Start < b[j].Start || (a[i].Start == b[j].Start && a[i].End < b[j].End) {
				i++
			} else {
				j++
			}
			continue
		}
		ga, gb := sc.groupA[:0], sc.groupB[:0]
		s, e := a[i].Start, a[i].End
		for ; i < len(a) && a[i].Start == s && a[i].End == e; i++ {
			if !ua[i] {
				ga = append(ga, i)
			}
		}
		for ; j < len(b) && b[j].Start == s && b[j].End == e; j++ {
			if !ub[j] {
				gb = append(gb, j)
			}
		}
		for x := 0; x < len(ga) && x < len(gb); x++ {
			p.spanConf[a[ga[x]].Label*k+b[gb[x]].Label]++
			ua[ga[x]], ub[gb[x]] = true, true
		}
		sc.groupA, sc.groupB = ga, gb
	}
	// Boundary errors, then type-and-boundary errors, among what is left.
	sc.m.Overlap(a, b, ua, ub, true, func(i, j int) {
		p.boundary++
		ua[i], ub[j] = true, true
	})
	sc.m.Overlap(a, b, ua, ub, false, func(i, j int) {
		p.typeBoundary++
		ua[i], ub[j] = true, true
	})
	for _, u := range ua {
		if !u {
			p.onlyA++
		}
	}
	for _, u := range ub {
		if !u {
			p.onlyB++
		}
	}
	// Overlap F1: a maximum one-to-one matching of same-label overlapping
	// spans, over all spans.
	sc.m.Overlap(a, b, nil, nil, true, func(i, j int) { p.overlap[a[i].Label]++ })
}
