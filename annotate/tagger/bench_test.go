package tagger

import (
	"context"
	"sync"
	"testing"

	"goldspan/annotate/suggest"
)

// The benchmarks read MSRA from ../shared/data/ner (never copied into the
// repository) and skip without it. Decoding speed is measured per core:
//
//	go test ./annotate/tagger -run '^$' -bench . -cpu 1

type benchSetup struct {
	once  sync.Once
	m     *Model
	test  []suggest.Sentence
	bytes int64
}

var benchModel, benchHinted benchSetup

// trainedForBench returns a model trained on the first 1,000 MSRA
// sentences and the sentences after them.
func trainedForBench(b *testing.B) (*Model, []suggest.Sentence, int64) {
	return benchTrain(b, &benchModel)
}

// hintedForBench is trainedForBench with the rule suggester as hints.
func hintedForBench(b *testing.B) (*Model, []suggest.Sentence, int64) {
	return benchTrain(b, &benchHinted, WithHints(rules(b)))
}

func benchTrain(b *testing.B, bs *benchSetup, opts ...Option) (*Model, []suggest.Sentence, int64) {
	b.Helper()
	seg := segmenter(b)
	sents := readNER(b, "msra_test.bio")
	bs.once.Do(func() {
		m := New(seg, opts...)
		if err := m.Train(context.Background(), examplesOf(sents[:1000]), 0, nil); err != nil {
			b.Fatal(err)
		}
		bs.m, bs.test = m, sents[1000:]
		for _, s := range bs.test {
			bs.bytes += int64(len(s.Text))
		}
	})
	if bs.m == nil {
		b.Fatal("training failed")
	}
	return bs.m, bs.test, bs.bytes
}

// BenchmarkSegment is the baseline: gse's Segment alone on the sentences
// BenchmarkTag tags.
func BenchmarkSegment(b *testing.B) {
	_, test, n := trainedForBench(b)
	seg := segmenter(b)
	b.SetBytes(n)
	b.ResetTimer()
	for b.Loop() {
		for _, s := range test {
			seg.Segment([]byte(s.Text))
		}
	}
}

// BenchmarkTag decodes 2,442 MSRA sentences with a model trained on 1,000:
// MB/s is the decoding speed (target: at least 1 MB/s on one core).
func BenchmarkTag(b *testing.B) {
	m, test, n := trainedForBench(b)
	b.SetBytes(n)
	b.ResetTimer()
	for b.Loop() {
		for _, s := range test {
			m.Tag(s.Text)
		}
	}
}

// BenchmarkTagWithRules is BenchmarkTag for a model that reads the rule
// suggester's suggestions as hints: their cost included.
func BenchmarkTagWithRules(b *testing.B) {
	m, test, n := hintedForBench(b)
	b.SetBytes(n)
	b.ResetTimer()
	for b.Loop() {
		for _, s := range test {
			m.Tag(s.Text)
		}
	}
}

// BenchmarkLearn is one online update (a sentence plus Replay replays) on
// a model trained on 1,000 sentences (target: p99 under 5 ms; the
// evaluation reports p50 and p99).
func BenchmarkLearn(b *testing.B) {
	m0, test, _ := trainedForBench(b)
	data, err := m0.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	m := New(segmenter(b))
	if err := m.UnmarshalBinary(data); err != nil {
		b.Fatal(err)
	}
	exs := examplesOf(test)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if err := m.Learn(exs[i%len(exs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
