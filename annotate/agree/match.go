package agree

import "slices"

// span is a span inside the package: code point offsets and the index of
// its label in the report's label list plus one (0 is "O", no span).
type span struct {
	start, end int
	label      int
}

// overlaps reports whether a and b share at least one code point.
func (a span) overlaps(b span) bool { return a.start < b.end && b.start < a.end }

// cmpSpan orders spans by start, end, label.
func cmpSpan(a, b span) int {
	if a.start != b.start {
		return a.start - b.start
	} else if a.end != b.end {
		return a.end - b.end
	}
	return a.label - b.label
}

// node is one span taking part in an overlap matching.
type node struct {
	span
	side uint8 // 0: a, 1: b
	idx  int   // index in its side's slice
	done bool  // matched, or known to have no partner left
}

// matcher holds scratch space for overlap matchings, reused across calls.
type matcher struct{ nodes []node }

// overlap pairs spans of a with spans of b that overlap (and carry the
// same label when sameLabel), one to one, with as many pairs as any
// matching can have; spans whose skip flag is set take no part. It calls fn
// for each pair, in no particular order.
//
// The greedy is maximum for intervals. Take the unmatched span x whose end
// is smallest among all unmatched spans of both sides. Every unmatched span
// y of the other side ends at or after x, so y overlaps x exactly when
// y.start < x.end. Pair x with such a y of smallest end (or drop x if there
// is none: it can be in no pair). Some maximum matching M contains (x,y):
// if x is unmatched in M, swapping y's partner for x keeps |M|; if M has
// (x,y') and (z,y), then (x,y) and (z,y') are pairs too, since z ends at or
// after x, which ends after y' starts, and z starts before y ends, which is
// at or before y' ends. Repeat on what is left. TestOverlapMaximum checks
// this against augmenting paths on random spans.
func (m *matcher) overlap(a, b []span, skipA, skipB []bool, sameLabel bool, fn func(i, j int)) {
	nodes := m.nodes[:0]
	for i, s := range a {
		if skipA == nil || !skipA[i] {
			nodes = append(nodes, node{span: s, side: 0, idx: i})
		}
	}
	na := len(nodes)
	for j, s := range b {
		if skipB == nil || !skipB[j] {
			nodes = append(nodes, node{span: s, side: 1, idx: j})
		}
	}
	m.nodes = nodes
	if na == 0 || na == len(nodes) {
		return
	}
	slices.SortFunc(nodes, func(x, y node) int {
		if sameLabel && x.label != y.label {
			return x.label - y.label
		} else if x.end != y.end {
			return x.end - y.end
		}
		return x.start - y.start
	})
	for i := range nodes {
		x := &nodes[i]
		if x.done {
			continue
		}
		x.done = true
		for k := i + 1; k < len(nodes); k++ {
			y := &nodes[k]
			if sameLabel && y.label != x.label {
				break
			}
			if !y.done && y.side != x.side && y.start < x.end {
				y.done = true
				if x.side == 0 {
					fn(x.idx, y.idx)
				} else {
					fn(y.idx, x.idx)
				}
				break
			}
		}
	}
}

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
	m      matcher
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
		p.countA[s.label]++
	}
	for _, s := range b {
		p.countB[s.label]++
	}
	ua := resetBools(sc.usedA, len(a))
	ub := resetBools(sc.usedB, len(b))
	sc.usedA, sc.usedB = ua, ub

	// Exact matches: a merge of the two sorted lists.
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch c := cmpSpan(a[i], b[j]); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			p.exact[a[i].label]++
			p.spanConf[a[i].label*k+b[j].label]++
			ua[i], ub[j] = true, true
			i++
			j++
		}
	}
	// Type errors: what is left with equal offsets, paired in label order.
	for i, j := 0, 0; i < len(a) && j < len(b); {
		if a[i].start != b[j].start || a[i].end != b[j].end {
			if a[i].start < b[j].start || (a[i].start == b[j].start && a[i].end < b[j].end) {
				i++
			} else {
				j++
			}
			continue
		}
		ga, gb := sc.groupA[:0], sc.groupB[:0]
		s, e := a[i].start, a[i].end
		for ; i < len(a) && a[i].start == s && a[i].end == e; i++ {
			if !ua[i] {
				ga = append(ga, i)
			}
		}
		for ; j < len(b) && b[j].start == s && b[j].end == e; j++ {
			if !ub[j] {
				gb = append(gb, j)
			}
		}
		for x := 0; x < len(ga) && x < len(gb); x++ {
			p.spanConf[a[ga[x]].label*k+b[gb[x]].label]++
			ua[ga[x]], ub[gb[x]] = true, true
		}
		sc.groupA, sc.groupB = ga, gb
	}
	// Boundary errors, then type-and-boundary errors, among what is left.
	sc.m.overlap(a, b, ua, ub, true, func(i, j int) {
		p.boundary++
		ua[i], ub[j] = true, true
	})
	sc.m.overlap(a, b, ua, ub, false, func(i, j int) {
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
	sc.m.overlap(a, b, nil, nil, true, func(i, j int) { p.overlap[a[i].label]++ })
}
