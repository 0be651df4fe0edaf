package agree

import (
	"math/rand/v2"
	"sync"
	"testing"
	"unicode/utf8"
)

// benchInput is 10,000 documents of 200-500 code points with about ten
// spans per annotator and 3 annotators, built once.
var benchInput = sync.OnceValues(func() (Input, []string) {
	return randomInput(rand.New(rand.NewPCG(10000, 3)), genConfig{
		docs: 10000, annotators: 3, minLen: 200, maxLen: 500, spans: 10,
		labels: []string{"LOC", "ORG", "PER", "TIME"},
	})
})

// BenchmarkAgree10kDocs3Annotators is the whole report, disagreement list
// included, over 10,000 documents × 3 annotators (goal: at most 2 s).
func BenchmarkAgree10kDocs3Annotators(b *testing.B) {
	benchAgree(b, 0)
}

// BenchmarkAgree10kDocs3Annotators1Worker is the same on one goroutine.
func BenchmarkAgree10kDocs3Annotators1Worker(b *testing.B) {
	benchAgree(b, 1)
}

func benchAgree(b *testing.B, workers int) {
	in, names := benchInput()
	b.ReportAllocs()
	var r *Report
	for b.Loop() {
		var err error
		if r, err = Compute(in, Options{Annotators: names, Workers: workers}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(r.Characters), "chars")
	b.ReportMetric(float64(len(r.Disagreements)), "disagreements")
}

// BenchmarkBaselineIterate10kDocs3Annotators is the floor to compare the
// report with: decoding every code point of the same documents once per
// annotator and reading each annotator's span list, on one goroutine.
func BenchmarkBaselineIterate10kDocs3Annotators(b *testing.B) {
	in, names := benchInput()
	b.ReportAllocs()
	var sink int
	for b.Loop() {
		for i := range in.Docs {
			d := &in.Docs[i]
			for _, a := range names {
				for _, r := range d.Text {
					sink += int(r)
				}
				for _, s := range d.Layers[a].Spans {
					sink += s.End - s.Start
				}
			}
		}
	}
	_ = sink
}

// BenchmarkBaselineNaiveKappa10kDocs3Annotators is a naive reference for
// the character measures alone: per document and annotator, a []string of
// categories, and per pair a map from category pair to count.
func BenchmarkBaselineNaiveKappa10kDocs3Annotators(b *testing.B) {
	in, names := benchInput()
	b.ReportAllocs()
	for b.Loop() {
		type key struct{ a, b string }
		conf := make([]map[key]int, 3)
		for p := range conf {
			conf[p] = map[key]int{}
		}
		for i := range in.Docs {
			d := &in.Docs[i]
			n := utf8.RuneCountInString(d.Text)
			cats := make([][]string, len(names))
			for a, name := range names {
				cats[a] = make([]string, n)
				for x := range cats[a] {
					cats[a][x] = "O"
				}
				for _, s := range d.Layers[name].Spans {
					for x := s.Start; x < s.End; x++ {
						cats[a][x] = s.Label
					}
				}
			}
			p := 0
			for a := range names {
				for c := a + 1; c < len(names); c++ {
					for x := 0; x < n; x++ {
						conf[p][key{cats[a][x], cats[c][x]}]++
					}
					p++
				}
			}
		}
	}
}
