package score

import (
	"cmp"
	"slices"
)

// node is one span taking part in an overlap matching.
type node[L cmp.Ordered] struct {
	Span[L]
	side uint8 // 0: a, 1: b
	idx  int   // index in its side's slice
	done bool  // matched, or known to have no partner left
}

// Matcher finds overlap matchings, reusing its scratch space from one call
// to the next. The zero value is ready to use; a Matcher must not be used
// by two goroutines at once.
type Matcher[L cmp.Ordered] struct{ nodes []node[L] }

// Overlap pairs spans of a with spans of b that overlap (and carry the
// same label when sameLabel), one to one, with as many pairs as any
// matching can have; spans whose skip flag is set take no part (nil skips
// none). It calls fn(i, j) for each pair of a[i] and b[j], in no
// particular order. The inputs need not be sorted.
//
// The greedy is maximum for intervals. Take the unmatched span x whose end
// is smallest among all unmatched spans of both sides. Every unmatched span
// y of the other side ends at or after x, so y overlaps x exactly when
// y.Start < x.End. Pair x with such a y of smallest end (or drop x if there
// is none: it can be in no pair). Some maximum matching M contains (x,y):
// if x is unmatched in M, swapping y's partner for x keeps |M|; if M has
// (x,y') and (z,y), then (x,y) and (z,y') are pairs too, since z ends at or
// after x, which ends after y' starts, and z starts before y ends, which is
// at or before y' ends. Repeat on what is left. TestOverlapMaximum checks
// this against augmenting paths on random spans.
func (m *Matcher[L]) Overlap(a, b []Span[L], skipA, skipB []bool, sameLabel bool, fn func(i, j int)) {
	nodes := m.nodes[:0]
	for i, s := range a {
		if skipA == nil || !skipA[i] {
			nodes = append(nodes, node[L]{Span: s, side: 0, idx: i})
		}
	}
	na := len(nodes)
	for j, s := range b {
		if skipB == nil || !skipB[j] {
			nodes = append(nodes, node[L]{Span: s, side: 1, idx: j})
		}
	}
	m.nodes = nodes
	if na == 0 || na == len(nodes) {
		return
	}
	slices.SortFunc(nodes, func(x, y node[L]) int {
		if sameLabel && x.Label != y.Label {
			return cmp.Compare(x.Label, y.Label)
		} else if x.End != y.End {
			return x.End - y.End
		}
		return x.Start - y.Start
	})
	for i := range nodes {
		x := &nodes[i]
		if x.done {
			continue
		}
		x.done = true
		for k := i + 1; k < len(nodes); k++ {
			y := &nodes[k]
			if sameLabel && y.Label != x.Label {
				break
			}
			if !y.done && y.side != x.side && y.Start < x.End {
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
