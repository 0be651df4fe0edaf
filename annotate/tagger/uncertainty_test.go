package tagger

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The confidence at each position is the largest tag marginal, checked by
// brute force over every valid tag sequence.
func TestConfidence(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 50 {
		p := paramsWith(1 + trial%2)
		for i := range p.tw {
			p.tw[i] = float32(rng.NormFloat64() * 20)
		}
		nt, n := p.nt, 1+rng.IntN(5)
		e := make([]float32, n*nt)
		for i := range e {
			e[i] = float32(rng.NormFloat64() * 30)
		}
		tr := scorer{p: p}.transitions()
		const temp = 20
		lt := newLattice(e, tr, nt, temp)
		marg := make([]float64, n*nt)
		z := 0.0
		seq := make([]int, n)
		var walk func(i int)
		walk = func(i int) {
			if i == n {
				if !validTags(seq) {
					return
				}
				s, prev := 0.0, nt
				for t, y := range seq {
					s += float64(tr[prev*nt+y] + e[t*nt+y])
					prev = y
				}
				w := math.Exp(s / temp)
				z += w
				for t, y := range seq {
					marg[t*nt+y] += w
				}
				return
			}
			for y := range nt {
				seq[i] = y
				walk(i + 1)
			}
		}
		walk(0)
		for pos := range n {
			want := 0.0
			for k := range nt {
				want = max(want, marg[pos*nt+k]/z)
			}
			if got := lt.confidence(pos); math.Abs(got-want) > 1e-6 {
				t.Fatalf("trial %d position %d: confidence %.9f, brute force %.9f", trial, pos, got, want)
			}
		}
	}
}

func TestUncertainty(t *testing.T) {
	text := "新华社北京9月23日电，习近平在人民大会堂会见联合国秘书长古特雷斯。"
	if u, n := New(segmenter(t)).Uncertainty(text); u != 0 || n != len([]rune(text)) {
		t.Errorf("an untrained model: %g over %d characters, want 0 over %d", u, n, len([]rune(text)))
	}
	m := trained(t)
	u, n := m.Uncertainty(text)
	if n != len([]rune(text)) || u <= 0 || u >= float64(n) {
		t.Errorf("a trained model: %g over %d characters, want between 0 and %d", u, n, len([]rune(text)))
	}
	// Two sentences are as unsure as each alone.
	u2, _ := m.Uncertainty(text + text)
	if math.Abs(u2-2*u) > 1e-9 {
		t.Errorf("twice the text: %g, want %g", u2, 2*u)
	}
}
