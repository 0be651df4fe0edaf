package project

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"goldspan/annotate"
	"goldspan/annotate/format"
	"goldspan/storage"
)

// readBIO reads a character-per-line BIO file of ../shared/data/ner, one
// record per sentence.
func readBIO(t testing.TB, path string) []annotate.Record {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("%v (the NER data is read from ../shared/data/ner beside the repository)", err)
	}
	defer f.Close()
	conll, err := format.Lookup("conll")
	if err != nil {
		t.Fatal(err)
	}
	dec := conll.NewDecoder(f, format.Options{Name: path, Annotator: "gold"})
	var out []annotate.Record
	for {
		r, err := dec.Next()
		if errors.Is(err, io.EOF) {
			return out
		} else if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
}

// joinSentences makes one document of consecutive sentences, one per line.
func joinSentences(id string, sents []annotate.Record) (annotate.Document, []annotate.Span) {
	var b strings.Builder
	var spans []annotate.Span
	at := 0
	for i, s := range sents {
		if i > 0 {
			b.WriteString("\n")
			at++
		}
		b.WriteString(s.Doc.Text)
		for _, sp := range s.Spans {
			spans = append(spans, annotate.Span{Start: sp.Start + at, End: sp.End + at, Label: sp.Label})
		}
		at += len([]rune(s.Doc.Text))
	}
	return annotate.Document{ID: id, Text: b.String()}, spans
}

func (c counts) String() string {
	p := 100 * float64(c.TP) / float64(max(c.TP+c.FP, 1))
	r := 100 * float64(c.TP) / float64(max(c.TP+c.FN, 1))
	return fmt.Sprintf("%.1f / %.1f / **%.1f**", p, r, c.f1())
}

// scoreOn scores sug on the held-out sentences, exact match.
func scoreOn(t testing.TB, sug annotate.Suggester, held []annotate.Record, labels []annotate.Label) counts {
	t.Helper()
	var c counts
	for _, r := range held {
		sugs, err := sug.Suggest(context.Background(), r.Doc.Text, labels)
		if err != nil {
			t.Fatal(err)
		}
		m := match(r.Spans, sugs)
		c.TP, c.FP, c.FN = c.TP+m.TP, c.FP+m.FP, c.FN+m.FN
	}
	return c
}

// TestInAppLearningCurve plays a reviewer through the desk's code path on
// the first 3,000 MSRA test sentences (600 documents of 5 sentences): for
// each document the learner suggests, the suggestions are stored, every
// one equal to gold accepted and every other rejected, the missing gold
// spans added, the document marked done, and the learner told of each
// action, as the desk does. Every 100 documents it reports the running
// scores the status bar shows and scores the other 442 sentences.
//
//	GOLDSPAN_EVAL=1 go test ./cli -run TestInAppLearningCurve -v
func TestInAppLearningCurve(t *testing.T) {
	if os.Getenv("GOLDSPAN_EVAL") == "" {
		t.Skip("set GOLDSPAN_EVAL=1 to run the in-app learning curve (about 2 minutes)")
	}
	sents := readBIO(t, filepath.Join("..", "..", "shared", "data", "ner", "msra_test.bio"))
	const perDoc, trainSents = 5, 3000
	if len(sents) <= trainSents {
		t.Fatalf("%d sentences", len(sents))
	}
	held := sents[trainSents:]
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "msra.goldspan")
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	type docGold struct {
		doc  annotate.Document
		gold []annotate.Span
	}
	var docs []docGold
	imp, err := db.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < trainSents; i += perDoc {
		d, g := joinSentences(fmt.Sprintf("msra-%04d", i/perDoc), sents[i:i+perDoc])
		docs = append(docs, docGold{d, g})
		if err := imp.Add(ctx, annotate.Record{Doc: d}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := imp.Commit(); err != nil {
		t.Fatal(err)
	}
	l, err := service.NewLearner(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := l.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	labels := []annotate.Label{{Name: "PER"}, {Name: "LOC"}, {Name: "ORG"}}

	var report strings.Builder
	fmt.Fprintf(&report, "A reviewer played through the desk's code path (suggest on open, accept/reject/add, mark done, the learner told of every action) on the first %d MSRA test sentences as %d documents of %d; scored on the other %d sentences (P / R / F1, exact match, PER/LOC/ORG). The running F1s are what the status bar shows: each source's suggestions at the time a document was opened, over the last %d documents marked done.\n\n",
		trainSents, len(docs), perDoc, len(held), ScoreWindow)
	report.WriteString("| documents done | sentences learned | running F1 model / rules (bar) | leader | rules (with the learned lexicon) | model alone | what the desk suggests |\n|---:|---:|---|---|---|---|---|\n")
	row := func(n int) {
		st := l.Status()
		rules := scoreOn(t, l.rules, held, labels)
		model := scoreOn(t, l.model, held, labels)
		desk := scoreOn(t, l, held, labels)
		fmt.Fprintf(&report, "| %d | %d | %.1f / %.1f | %s | %s | %s | %s |\n", n, st.Sentences, st.ModelF1, st.RulesF1, st.Leader, rules, model, desk)
		t.Logf("%d documents: %s; held out: rules %s, model %s, desk %s", n, st, rules, model, desk)
	}
	row(0)
	var learnTimes, actionTimes []time.Duration
	switched := -1
	actions := 0
	// learnAction tells the learner of an action and waits until it has
	// learned from it (a reviewer's next action comes later than that).
	learnAction := func(doc string) {
		start := time.Now()
		l.Changed(doc, "alice")
		if err := l.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		actionTimes = append(actionTimes, time.Since(start))
		actions++
	}
	for i, dg := range docs {
		sugs, err := l.Suggest(ctx, dg.doc.Text, labels)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SetSuggestions(ctx, dg.doc.ID, sugs); err != nil {
			t.Fatal(err)
		}
		pending, err := db.Suggestions(ctx, dg.doc.ID, "alice")
		if err != nil {
			t.Fatal(err)
		}
		want := map[[3]string]bool{}
		for _, g := range dg.gold {
			want[spanKey(g.Start, g.End, g.Label)] = true
		}
		for _, s := range pending {
			k := spanKey(s.Start, s.End, s.Label)
			if want[k] {
				_, err = db.AcceptSuggestion(ctx, "alice", s.ID, "")
				delete(want, k)
			} else {
				err = db.RejectSuggestion(ctx, "alice", s.ID)
			}
			if err != nil {
				t.Fatal(err)
			}
			learnAction(dg.doc.ID)
		}
		for _, g := range dg.gold {
			if want[spanKey(g.Start, g.End, g.Label)] {
				if _, err := db.AddSpan(ctx, annotate.Span{DocID: dg.doc.ID, Start: g.Start, End: g.End, Label: g.Label, Annotator: "alice"}); err != nil {
					t.Fatal(err)
				}
				learnAction(dg.doc.ID)
			}
		}
		if err := db.SetStatus(ctx, dg.doc.ID, "alice", annotate.StatusDone); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		l.Changed(dg.doc.ID, "alice")
		if err := l.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		learnTimes = append(learnTimes, time.Since(start))
		// A reviewer takes far longer over a document than a retrain takes.
		if err := l.WaitTrained(ctx); err != nil {
			t.Fatal(err)
		}
		if switched < 0 && l.Status().Leader == annotate.SourceModel {
			switched = i + 1
		}
		if (i+1)%100 == 0 {
			row(i + 1)
		}
	}
	slices.Sort(learnTimes)
	slices.Sort(actionTimes)
	pct := func(ds []time.Duration, p float64) time.Duration { return ds[int(p*float64(len(ds)-1))] }
	data, err := l.model.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&report, "\nThe model took the lead after %d documents. From a reviewer's action (accept, reject, add: %d of them) to the learner idle again (read the document back, learn the sentences it settled): p50 %s, p99 %s. From marking a document done to idle (score both sources, learn its sentences, store the model in the project): p50 %s, p99 %s. Model in the project file: %.2f MB.\n",
		switched, actions, pct(actionTimes, 0.5).Round(10*time.Microsecond), pct(actionTimes, 0.99).Round(10*time.Microsecond),
		pct(learnTimes, 0.5).Round(time.Millisecond), pct(learnTimes, 0.99).Round(time.Millisecond), float64(len(data))/1e6)
	t.Log(report.String())
	if out := os.Getenv("GOLDSPAN_EVAL_OUT"); out != "" {
		if err := os.WriteFile(out, []byte(report.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if switched < 0 {
		t.Errorf("the model never took the lead")
	}
}
