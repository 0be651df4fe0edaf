package tagger

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"goldspan/annotate"
)

func TestLatinJoined(t *testing.T) {
	got := latinJoined([]rune("JD Vance說@ZelenskyyUa 2025年Ｇ７"))
	var b strings.Builder
	for _, j := range got {
		if j {
			b.WriteByte('1')
		} else {
			b.WriteByte('0')
		}
	}
	// J D _ V a n c e 說 @ Z e l e n s k y y U a _ 2 0 2 5 年 Ｇ ７ (29 code points)
	if want := "01001111000111111111100111001"; b.String() != want {
		t.Errorf("joined %s\n  want %s", b.String(), want)
	}
}

// Whatever the scores, a joined position never starts or ends a span:
// with random emissions and transitions, every decoded span covers whole
// Latin runs.
func TestViterbiKeepsLatinWordsWhole(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	texts := []string{"JD Vance說", "@ZelenskyyUa表示", "Friedrich Merz與G7", "2025年9月23日", "olodymyr"}
	for range 2000 {
		text := []rune(texts[rng.IntN(len(texts))])
		joined := latinJoined(text)
		labels := 1 + rng.IntN(3)
		p := paramsWith(labels)
		for i := range p.tw {
			p.tw[i] = float32(rng.NormFloat64() * 10)
		}
		e := make([]float32, len(text)*p.nt)
		for i := range e {
			e[i] = float32(rng.NormFloat64() * 10)
		}
		tags := viterbiJoined(e, scorer{p: p}.transitions(), p.nt, joined, nil)
		if !validTags(tags) {
			t.Fatalf("%s: %v is not valid BIOES", string(text), tags)
		}
		for i := 1; i < len(tags); i++ {
			if !joined[i] {
				continue
			}
			begins := starts(tags[i])
			ends := tags[i-1] != 0 && tags[i] == 0
			if begins || ends {
				t.Fatalf("%s: tags %v start or end a span inside a Latin run at %d", string(text), tags, i)
			}
		}
	}
}

// A model taught on purpose to cut Latin names (its gold marks "ance" of
// Vance and "Mer" of Merz, as the issue saw it guess) still suggests no
// span that starts or ends inside a Latin word.
func TestModelNeverCutsLatinWords(t *testing.T) {
	m := New(segmenter(t))
	var exs []Example
	for i, s := range []string{"美國副總統JD Vance今日訪問", "德國總理Friedrich Merz表示", "JD Vance與Friedrich Merz會面"} {
		for range 30 {
			ex := Example{Key: string(rune('a' + i)), Text: s}
			for _, cut := range []string{"ance", "Mer"} {
				if at := strings.Index(s, cut); at >= 0 {
					st := len([]rune(s[:at]))
					ex.Spans = append(ex.Spans, annotate.Span{Start: st, End: st + len([]rune(cut)), Label: "PER"})
				}
			}
			exs = append(exs, ex)
		}
	}
	if err := m.Train(context.Background(), exs, 0, nil); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"JD Vance今日訪問北京", "Friedrich Merz與JD Vance通話", "@ZelenskyyUa 表示"} {
		rs := []rune(text)
		joined := latinJoined(rs)
		for _, s := range m.Tag(text) {
			if s.Start > 0 && joined[s.Start] || s.End < len(rs) && joined[s.End] {
				t.Errorf("%s: %q [%d,%d) cuts a Latin word", text, string(rs[s.Start:s.End]), s.Start, s.End)
			}
		}
	}
}
