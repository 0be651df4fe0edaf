package agree

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"goldspan/annotate"
)

// spansFromCats returns the spans that give categories cats ("" or "O" for
// none): one span per run of equal labels.
func spansFromCats(cats []string) []annotate.Span {
	var out []annotate.Span
	for i := 0; i < len(cats); {
		j := i + 1
		for j < len(cats) && cats[j] == cats[i] {
			j++
		}
		if cats[i] != "" && cats[i] != "O" {
			out = append(out, annotate.Span{Start: i, End: j, Label: cats[i], Origin: annotate.OriginManual})
		}
		i = j
	}
	return out
}

// catsDoc returns a document of len(cats[0]) code points on which
// annotator i put code point x in category cats[i][x].
func catsDoc(id string, names []string, cats [][]string) Doc {
	d := Doc{ID: id, Text: strings.Repeat("字", len(cats[0])), Layers: map[string]Layer{}}
	for i, a := range names {
		d.Layers[a] = Layer{Status: annotate.StatusDone, Spans: spansFromCats(cats[i])}
	}
	return d
}

// repeat returns n copies of s.
func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func near(t *testing.T, what string, got Score, want float64, tol float64) {
	t.Helper()
	if math.IsNaN(want) {
		if got.Defined() {
			t.Errorf("%s = %v, want undefined", what, float64(got))
		}
		return
	}
	if !got.Defined() || math.Abs(float64(got)-want) > tol {
		t.Errorf("%s = %v, want %v (±%g)", what, float64(got), want, tol)
	}
}

func compute(t *testing.T, in Input, opt Options) *Report {
	t.Helper()
	r, err := Compute(in, opt)
	if err != nil {
		t.Fatalf("Compute: %v", err)
	}
	return r
}

// alphabet mixes ASCII, CJK, CJK Extension B, emoji, a combining mark and
// line breaks (CRLF too), so that code points, bytes and UTF-16 units all
// differ.
var alphabet = []string{
	"a", "b", "Z", " ", "中", "國", "台", "北", "王", "明", "年", "月", "日",
	"𠀀", "𠮷", "𡃁", "😀", "🎉", "e\u0301", "\n", "\r\n", "（", "）", "，",
}

// genConfig shapes random agreement data.
type genConfig struct {
	docs, annotators int
	minLen, maxLen   int // code points per document, roughly
	spans            int // true spans per document
	labels           []string
	statuses         bool // give some documents todo or in-progress statuses
}

// randomInput returns seeded random documents: per document a set of true
// spans, of which each annotator keeps most, mislabels some, moves the
// boundaries of some, drops some and adds others, sometimes overlapping
// their own spans. Origins and suggestions vary so that the machine
// measures have something to count.
func randomInput(rng *rand.Rand, cfg genConfig) (Input, []string) {
	names := make([]string, cfg.annotators)
	for i := range names {
		names[i] = []string{"alice", "bob", "carol", "dave", "erin", "frank"}[i%6]
		if i >= 6 {
			names[i] += fmt.Sprint(i)
		}
	}
	in := Input{Docs: make([]Doc, cfg.docs)}
	var sb strings.Builder
	for di := range in.Docs {
		sb.Reset()
		n := 0
		target := cfg.minLen + rng.IntN(cfg.maxLen-cfg.minLen+1)
		for n < target {
			s := alphabet[rng.IntN(len(alphabet))]
			sb.WriteString(s)
			n += len([]rune(s))
		}
		text := sb.String()
		var truth []annotate.Span
		for range cfg.spans {
			l := 1 + rng.IntN(8)
			if n <= l {
				break
			}
			st := rng.IntN(n - l)
			truth = append(truth, annotate.Span{Start: st, End: st + l, Label: cfg.labels[rng.IntN(len(cfg.labels))]})
		}
		d := Doc{ID: fmt.Sprintf("doc-%04d", di), Text: text, Layers: map[string]Layer{}}
		suggested := make([]bool, len(truth))
		for i, s := range truth {
			if rng.IntN(3) > 0 {
				suggested[i] = true
				d.Suggestions = append(d.Suggestions, annotate.Suggestion{DocID: d.ID, Start: s.Start, End: s.End, Label: s.Label, Source: "rule", Score: 0.5})
			}
		}
		for _, a := range names {
			var ss []annotate.Span
			rejected := 0
			for i, s := range truth {
				s.Origin = annotate.OriginManual
				switch x := rng.IntN(20); {
				case x < 2: // dropped
					if suggested[i] {
						rejected++
					}
					continue
				case x < 4: // mislabelled
					s.Label = cfg.labels[rng.IntN(len(cfg.labels))]
					if suggested[i] {
						s.Origin = annotate.OriginSuggestionEdited
					}
				case x < 7: // boundary moved
					s.Start = min(n-1, max(0, s.Start+rng.IntN(5)-2))
					s.End = min(n, s.End+rng.IntN(5)-2)
					if s.End <= s.Start {
						s.End = s.Start + 1
					}
					if suggested[i] {
						s.Origin = annotate.OriginSuggestionEdited
					}
				case x < 16:
					if suggested[i] {
						s.Origin = annotate.OriginSuggestion
					}
				}
				ss = append(ss, s)
			}
			for rng.IntN(3) == 0 { // extra spans, may overlap others
				l := 1 + rng.IntN(6)
				if n <= l {
					break
				}
				st := rng.IntN(n - l)
				ss = append(ss, annotate.Span{Start: st, End: st + l, Label: cfg.labels[rng.IntN(len(cfg.labels))], Origin: annotate.OriginManual})
			}
			st := annotate.StatusDone
			if cfg.statuses {
				switch rng.IntN(12) {
				case 0:
					st = annotate.StatusInProgress
				case 1:
					st = annotate.StatusTodo
				}
			}
			d.Layers[a] = Layer{Status: st, Spans: ss, Rejected: rejected}
		}
		in.Docs[di] = d
	}
	return in, names
}
