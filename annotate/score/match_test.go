package score

import (
	"math/rand/v2"
	"testing"
)

// kuhn returns the size of a maximum matching between a and b, where an
// edge joins overlapping spans (with the same label when sameLabel), by
// augmenting paths: slow, obviously right.
func kuhn(a, b []Span[int], sameLabel bool) int {
	matchB := make([]int, len(b))
	for j := range matchB {
		matchB[j] = -1
	}
	var try func(i int, seen []bool) bool
	try = func(i int, seen []bool) bool {
		for j := range b {
			if seen[j] || !a[i].Overlaps(b[j]) || (sameLabel && a[i].Label != b[j].Label) {
				continue
			}
			seen[j] = true
			if matchB[j] < 0 || try(matchB[j], seen) {
				matchB[j] = i
				return true
			}
		}
		return false
	}
	n := 0
	for i := range a {
		if try(i, make([]bool, len(b))) {
			n++
		}
	}
	return n
}

// checkOverlap runs the greedy matching and checks that it pairs
// overlapping spans one to one and is as large as kuhn's.
func checkOverlap(t *testing.T, a, b []Span[int], sameLabel bool) {
	t.Helper()
	var m Matcher[int]
	usedA, usedB := make([]bool, len(a)), make([]bool, len(b))
	n := 0
	m.Overlap(a, b, nil, nil, sameLabel, func(i, j int) {
		if usedA[i] || usedB[j] {
			t.Fatalf("span used twice: a[%d] b[%d]", i, j)
		}
		if !a[i].Overlaps(b[j]) || (sameLabel && a[i].Label != b[j].Label) {
			t.Fatalf("paired %v with %v", a[i], b[j])
		}
		usedA[i], usedB[j] = true, true
		n++
	})
	if want := kuhn(a, b, sameLabel); n != want {
		t.Fatalf("greedy matched %d, maximum is %d\na=%v\nb=%v", n, want, a, b)
	}
}

func randomSpans(rng *rand.Rand, n, length, labels int) []Span[int] {
	out := make([]Span[int], n)
	for i := range out {
		s := rng.IntN(length)
		e := s + 1 + rng.IntN(min(8, length-s))
		out[i] = Span[int]{s, min(e, length), 1 + rng.IntN(labels)}
	}
	return out
}

// TestOverlapMaximum checks the greedy interval matching against
// augmenting paths on many random span sets, dense and sparse.
func TestOverlapMaximum(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 17))
	for iter := range 20000 {
		length := 5 + rng.IntN(40)
		a := randomSpans(rng, rng.IntN(10), length, 1+iter%3)
		b := randomSpans(rng, rng.IntN(10), length, 1+iter%3)
		checkOverlap(t, a, b, true)
		checkOverlap(t, a, b, false)
	}
}

// FuzzOverlapMaximum checks the same on spans decoded from fuzz bytes:
// each three bytes give a side, a start, a length and a label.
func FuzzOverlapMaximum(f *testing.F) {
	f.Add([]byte{0, 0, 10, 0, 12, 2, 1, 5, 8, 1, 6, 1})
	f.Add([]byte{0, 0, 10, 1, 0, 4, 1, 5, 5})
	f.Fuzz(func(t *testing.T, data []byte) {
		var a, b []Span[int]
		for i := 0; i+2 < len(data) && i < 90; i += 3 {
			s := Span[int]{Start: int(data[i+1] % 64), Label: 1 + int(data[i]>>1)%3}
			s.End = s.Start + 1 + int(data[i+2]%16)
			if data[i]&1 == 0 {
				a = append(a, s)
			} else {
				b = append(b, s)
			}
		}
		checkOverlap(t, a, b, true)
		checkOverlap(t, a, b, false)
	})
}

// TestOverlapSkip checks that skipped spans take no part.
func TestOverlapSkip(t *testing.T) {
	a := []Span[int]{{0, 4, 1}, {5, 8, 1}}
	b := []Span[int]{{1, 3, 1}, {6, 7, 1}}
	var m Matcher[int]
	var pairs [][2]int
	m.Overlap(a, b, []bool{true, false}, nil, true, func(i, j int) { pairs = append(pairs, [2]int{i, j}) })
	if len(pairs) != 1 || pairs[0] != [2]int{1, 1} {
		t.Errorf("pairs %v, want [[1 1]]", pairs)
	}
}
