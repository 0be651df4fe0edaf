package format

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"goldspan/annotate"
)

// countingDecoder gives n records d0, d1, …, fails at record fail (if
// not negative), and counts how many it gave.
type countingDecoder struct {
	n, fail int
	given   atomic.Int64
}

func (c *countingDecoder) Next() (annotate.Record, error) {
	i := int(c.given.Load())
	if i == c.fail {
		return annotate.Record{Line: i + 1}, annotate.Errorf(annotate.EINVALID, "line %d: broken", i+1)
	}
	if i >= c.n {
		return annotate.Record{}, io.EOF
	}
	c.given.Add(1)
	r := annotate.Record{Line: i + 1, Doc: annotate.Document{ID: fmt.Sprintf("d%d", i), Text: fmt.Sprintf("text %d", i)}}
	if i%7 == 3 {
		r.Suggestions = []annotate.Suggestion{} // brings its own: kept as it is
	}
	return r, nil
}

// slowSuggester takes a random while and suggests one span named after
// the text, so a record that came back with another's is seen.
type slowSuggester struct{ calls atomic.Int64 }

func (s *slowSuggester) Suggest(ctx context.Context, text string, _ []annotate.Label) ([]annotate.Suggestion, error) {
	s.calls.Add(1)
	time.Sleep(time.Duration(rand.IntN(300)) * time.Microsecond)
	return []annotate.Suggestion{{Start: 0, End: 1, Label: "PER", Source: text}}, ctx.Err()
}

func TestWithSuggestionsKeepsOrderAndBoundsReadAhead(t *testing.T) {
	src := &countingDecoder{n: 500, fail: -1}
	sug := &slowSuggester{}
	dec, stop := WithSuggestions(context.Background(), src, sug, nil, 4)
	defer stop()
	for i := 0; ; i++ {
		r, err := dec.Next()
		if err == io.EOF {
			if i != 500 {
				t.Fatalf("EOF after %d records, want 500", i)
			}
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("d%d", i); r.Doc.ID != want {
			t.Fatalf("record %d is %s: out of order", i, r.Doc.ID)
		}
		if i%7 == 3 {
			if len(r.Suggestions) != 0 {
				t.Fatalf("%s brought its own suggestions and got %v", r.Doc.ID, r.Suggestions)
			}
		} else if len(r.Suggestions) != 1 || r.Suggestions[0].Source != r.Doc.Text {
			t.Fatalf("%s got %v", r.Doc.ID, r.Suggestions)
		}
		// At most 2 × workers records are read ahead of the consumer (and
		// one more being decoded).
		if ahead := int(src.given.Load()) - (i + 1); ahead > 2*4+1 {
			t.Fatalf("%d records read ahead, want at most 9", ahead)
		}
	}
	if _, err := dec.Next(); err != io.EOF {
		t.Errorf("after EOF: %v", err)
	}
	if n := sug.calls.Load(); n != 500-71 {
		t.Errorf("%d suggestions asked, want 429 (71 records brought their own)", n)
	}
}

func TestWithSuggestionsStopsAtAnError(t *testing.T) {
	src := &countingDecoder{n: 100, fail: 40}
	dec, stop := WithSuggestions(context.Background(), src, &slowSuggester{}, nil, 3)
	defer stop()
	var got int
	var err error
	for {
		var r annotate.Record
		r, err = dec.Next()
		if err != nil {
			if r.Line != 41 {
				t.Errorf("the error comes with line %d, want 41", r.Line)
			}
			break
		}
		got++
	}
	if got != 40 || annotate.ErrorCode(err) != annotate.EINVALID {
		t.Fatalf("%d records, then %v: want 40, then line 41's error", got, err)
	}
	if _, again := dec.Next(); !errors.Is(again, err) {
		t.Errorf("after the error: %v", again)
	}
}

// Stopping early (the import failed) ends every goroutine it started.
func TestWithSuggestionsStopLeavesNothingRunning(t *testing.T) {
	before := runtime.NumGoroutine()
	src := &countingDecoder{n: 1000, fail: -1}
	dec, stop := WithSuggestions(context.Background(), src, &slowSuggester{}, nil, 4)
	for range 10 {
		if _, err := dec.Next(); err != nil {
			t.Fatal(err)
		}
	}
	stop()
	stop() // twice is harmless
	read := src.given.Load()
	time.Sleep(20 * time.Millisecond)
	if src.given.Load() != read {
		t.Error("the source is still read after stop")
	}
	for i := 0; runtime.NumGoroutine() > before && i < 100; i++ {
		time.Sleep(5 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after stop, %d before", n, before)
	}
}
