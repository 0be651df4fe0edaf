package project

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"goldspan/annotate"
	"goldspan/annotate/tagger"
	"goldspan/internal/fake"
)

// queueIDs lists a queue as "id: reason".
func queueIDs(q []QueueItem) string {
	var out []string
	for _, it := range q {
		out = append(out, it.ID+": "+it.Reason)
	}
	return strings.Join(out, "\n")
}

func TestQueue(t *testing.T) {
	ctx := context.Background()
	st := fake.New()
	sug := func(start, end int) annotate.Suggestion {
		return annotate.Suggestion{Start: start, End: end, Label: "PER", Source: "rule", Score: 0.5}
	}
	mustImport(t, st,
		annotate.Record{Doc: annotate.Document{ID: "a", Text: "👍短"}, Suggestions: []annotate.Suggestion{sug(1, 2)}},
		annotate.Record{Doc: annotate.Document{ID: "b", Text: "𠮷一段很長很長很長的文字"}, Suggestions: []annotate.Suggestion{sug(1, 3), sug(3, 5), sug(5, 7)}},
		annotate.Record{Doc: annotate.Document{ID: "c", Text: "中等長度"}, Suggestions: []annotate.Suggestion{sug(0, 2), sug(2, 4)}},
		annotate.Record{Doc: annotate.Document{ID: "d", Text: "已經開始"}, Suggestions: []annotate.Suggestion{sug(0, 2)}},
		annotate.Record{Doc: annotate.Document{ID: "e", Text: "做完了"}},
	)
	r := Reviewer{St: st, Annotator: "alice"}
	if err := r.SetStatus(ctx, "d", annotate.StatusInProgress); err != nil {
		t.Fatal(err)
	}
	if err := r.SetStatus(ctx, "e", annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	// A stand-in model unsure of one character in three.
	third := func(text string) (float64, int) { n := len([]rune(text)); return float64(n) / 3, n }
	for _, c := range []struct {
		order Order
		un    Uncertain
		want  string
	}{
		{OrderImport, third, "a: import order\nb: import order\nc: import order\nd: in progress: after every document to do"},
		{OrderUndecided, nil, "b: 3 suggestions undecided\nc: 2 suggestions undecided\na: 1 suggestion undecided\nd: in progress: after every document to do"},
		{OrderUncertainty, third, "b: model's doubt 4.0 over 12 characters\nc: model's doubt 1.3 over 4 characters\n" +
			"a: model's doubt 0.7 over 2 characters\nd: in progress: after every document to do"},
		{OrderUncertainty, nil, "a: import order: there is no suggestion model yet to be uncertain\nb: import order: there is no suggestion model yet to be uncertain\n" +
			"c: import order: there is no suggestion model yet to be uncertain\nd: in progress: after every document to do"},
	} {
		q, err := Queue(ctx, st, "alice", c.order, c.un)
		if err != nil {
			t.Fatal(err)
		}
		if got := queueIDs(q); got != c.want {
			t.Errorf("%s:\n%s\nwant\n%s", c.order, got, c.want)
		}
	}
	// Next skips the open document and those done since the queue was made.
	q, _ := Queue(ctx, st, "alice", OrderUndecided, nil)
	if err := r.MarkDone(ctx, "c", RejectRest); err != nil {
		t.Fatal(err)
	}
	if it, ok, err := Next(ctx, st, "alice", q, "b"); err != nil || !ok || it.ID != "a" {
		t.Errorf("next after b with c done: %v %v %v, want a", it.ID, ok, err)
	}
	for _, o := range Orders {
		if got, err := ParseOrder(string(o)); err != nil || got != o {
			t.Errorf("ParseOrder(%q) = %q, %v", o, got, err)
		}
	}
	if _, err := ParseOrder("random"); annotate.ErrorCode(err) != annotate.EINVALID {
		t.Errorf("ParseOrder(random): %v", err)
	}
}

// TestUncertaintyOrderCurve measures whether reviewing the sentences the
// model is least sure of first (OrderUncertainty's rule: the most
// characters it may tag wrongly) reaches a model F1 with fewer reviewed
// sentences than import order (and than a random order), on MSRA test
// sentences read from ../shared/data/ner: the first 2,400 are the pool to
// review, the other 1,042 are held out for scoring. Every strategy starts
// from the same first 100 sentences, then reviews 100 more a round; the
// model (the app's: the tagger reading the rules as hints) is trained
// afresh on what was reviewed each round. Run with GOLDSPAN_EVAL=1 and -v.
func TestUncertaintyOrderCurve(t *testing.T) {
	if os.Getenv("GOLDSPAN_EVAL") == "" {
		t.Skip("set GOLDSPAN_EVAL=1 to measure uncertainty order against import order (a few minutes)")
	}
	recs := nerData(t, "msra_test.bio")
	if len(recs) < 3000 {
		t.Fatalf("%d sentences", len(recs))
	}
	pool, held := recs[:2400], recs[2400:]
	const seed, batch, rounds = 100, 100, 10
	ctx := context.Background()
	labels := []annotate.Label{{Name: "PER"}, {Name: "LOC"}, {Name: "ORG"}}
	example := func(i int) tagger.Example {
		return tagger.Example{Key: fmt.Sprint(i), Text: pool[i].Doc.Text, Spans: pool[i].Spans}
	}
	type point struct {
		sentences, chars int
		f1               float64
	}
	curves := map[string][]point{}
	strategies := []string{"import", "uncertainty", "random", "uncertainty per character"}
	for _, strategy := range strategies {
		start := time.Now()
		order := make([]int, len(pool))
		for i := range order {
			order[i] = i
		}
		if strategy == "random" {
			rng := rand.New(rand.NewPCG(17, 3))
			rest := order[seed:]
			rng.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
		}
		reviewed := slices.Clone(order[:seed])
		left := slices.Clone(order[seed:])
		for round := 0; ; round++ {
			m, err := service.NewTagger(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var exs []tagger.Example
			chars := 0
			for _, i := range reviewed {
				exs = append(exs, example(i))
				chars += len([]rune(pool[i].Doc.Text))
			}
			if err := m.Train(ctx, exs, 0, nil); err != nil {
				t.Fatal(err)
			}
			c := scoreOn(t, m, held, labels)
			curves[strategy] = append(curves[strategy], point{len(reviewed), chars, f1(c)})
			t.Logf("%s: %d sentences (%d characters) reviewed: model F1 %.1f on %d held out", strategy, len(reviewed), chars, f1(c), len(held))
			if round == rounds-1 {
				break
			}
			if strings.HasPrefix(strategy, "uncertainty") {
				u := make(map[int]float64, len(left))
				for _, i := range left {
					sum, n := m.Uncertainty(pool[i].Doc.Text)
					u[i] = sum
					if strategy == "uncertainty per character" && n > 0 {
						u[i] = sum / float64(n)
					}
				}
				slices.SortStableFunc(left, func(a, b int) int {
					switch {
					case u[a] > u[b]:
						return -1
					case u[a] < u[b]:
						return 1
					}
					return 0
				})
			}
			reviewed = append(reviewed, left[:batch]...)
			left = left[batch:]
		}
		t.Logf("%s took %s", strategy, time.Since(start).Round(time.Second))
	}
	var b strings.Builder
	b.WriteString("| sentences reviewed | import order: F1 (characters) | uncertainty order | random order | uncertainty per character |\n|---:|---:|---:|---:|---:|\n")
	for i, p := range curves["import"] {
		fmt.Fprintf(&b, "| %d |", p.sentences)
		for _, s := range strategies {
			fmt.Fprintf(&b, " %.1f (%d) |", curves[s][i].f1, curves[s][i].chars)
		}
		b.WriteString("\n")
	}
	for _, target := range []float64{65, 70, 72, 74} {
		fmt.Fprintf(&b, "\nF1 ≥ %.0f first reached at:", target)
		for _, s := range strategies {
			at := "not within 1,000"
			for _, p := range curves[s] {
				if p.f1 >= target {
					at = fmt.Sprintf("%d sentences (%d characters)", p.sentences, p.chars)
					break
				}
			}
			fmt.Fprintf(&b, " %s %s;", s, at)
		}
	}
	t.Log("\n" + b.String())
	if out := os.Getenv("GOLDSPAN_EVAL_OUT"); out != "" {
		if err := os.WriteFile(out, []byte(b.String()+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
