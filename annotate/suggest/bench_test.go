package suggest

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"goldspan/annotate"
	"goldspan/annotate/format"
)

// benchDocs returns the benchmark corpus: People's Daily dev sentences in
// documents of 20 sentences when ../shared/data/ner is there, else the
// articles in testdata.
func benchDocs(b *testing.B) []string {
	var docs []string
	if sents, err := ReadBIOFile(filepath.Join(nerDir(), "peoples_daily_dev.bio")); err == nil {
		var sb strings.Builder
		for i, s := range sents {
			sb.WriteString(s.Text)
			if i%20 == 19 {
				docs = append(docs, sb.String())
				sb.Reset()
			}
		}
		return docs
	}
	files, _ := filepath.Glob("testdata/*.txt")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, string(data))
	}
	return docs
}

func totalBytes(docs []string) int64 {
	n := 0
	for _, d := range docs {
		n += len(d)
	}
	return int64(n)
}

// BenchmarkBaseline is the baseline of scripts/bench.sh: gse's Segment
// alone on the corpus.
func BenchmarkBaseline(b *testing.B) {
	s := loadedForBench(b)
	docs := benchDocs(b)
	b.SetBytes(totalBytes(docs))
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			s.m.seg.Segment([]byte(d))
		}
	}
}

// BenchmarkSuggest is the suggester on the same corpus, with an empty
// learned lexicon. Its MB/s should stay at least 0.8 times the baseline's.
func BenchmarkSuggest(b *testing.B) {
	s := loadedForBench(b)
	docs := benchDocs(b)
	labels := annotate.DefaultLabels()
	lex := NewLearned()
	ctx := context.Background()
	b.SetBytes(totalBytes(docs))
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			if _, err := s.SuggestWith(ctx, d, labels, lex); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkSuggestVsSegment interleaves the two on each document so that
// both see the same machine load, and reports their throughputs and the
// ratio (the goal: ratio >= 0.8).
func BenchmarkSuggestVsSegment(b *testing.B) {
	s := loadedForBench(b)
	docs := benchDocs(b)
	labels := annotate.DefaultLabels()
	lex := NewLearned()
	ctx := context.Background()
	var seg, sug time.Duration
	segment := func(d string) {
		t := time.Now()
		s.m.seg.Segment([]byte(d))
		seg += time.Since(t)
	}
	suggest := func(d string) {
		t := time.Now()
		if _, err := s.SuggestWith(ctx, d, labels, lex); err != nil {
			b.Fatal(err)
		}
		sug += time.Since(t)
	}
	for b.Loop() {
		// Alternate which goes first: the second finds the caches warm.
		for i, d := range docs {
			if i%2 == 0 {
				segment(d)
				suggest(d)
			} else {
				suggest(d)
				segment(d)
			}
		}
	}
	mb := float64(totalBytes(docs)) * float64(b.N) / 1e6
	b.ReportMetric(mb/seg.Seconds(), "segment-MB/s")
	b.ReportMetric(mb/sug.Seconds(), "suggest-MB/s")
	b.ReportMetric(seg.Seconds()/sug.Seconds(), "ratio")
}

func loadedForBench(b *testing.B) *Suggester {
	s := New(withGazetteer())
	if err := s.Load(context.Background()); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkSuggestParallel is the suggester on the same corpus as the
// records of an import or of goldspan suggest: through
// format.WithSuggestions, every core at once, order kept. Issue 16's goal:
// at least 1.6 times the baseline's throughput on 2 cores (a time ratio of
// at most 0.625).
func BenchmarkSuggestParallel(b *testing.B) {
	s := loadedForBench(b)
	docs := benchDocs(b)
	labels := annotate.DefaultLabels()
	ctx := context.Background()
	b.SetBytes(totalBytes(docs))
	b.ResetTimer()
	for b.Loop() {
		dec, stop := format.WithSuggestions(ctx, &docDecoder{docs: docs}, s, labels, 0)
		n := 0
		for {
			_, err := dec.Next()
			if err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
			n++
		}
		stop()
		if n != len(docs) {
			b.Fatalf("%d records, want %d", n, len(docs))
		}
	}
}

// docDecoder gives texts as records.
type docDecoder struct {
	docs []string
	i    int
}

func (d *docDecoder) Next() (annotate.Record, error) {
	if d.i >= len(d.docs) {
		return annotate.Record{}, io.EOF
	}
	d.i++
	return annotate.Record{Doc: annotate.Document{ID: fmt.Sprint(d.i), Text: d.docs[d.i-1]}}, nil
}
