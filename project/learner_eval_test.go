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
	"goldspan/annotate/score"
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

// prf formats counts as P / R / F1 in percent, F1 in bold.
func prf(c score.Counts) string {
	return fmt.Sprintf("%.1f / %.1f / **%.1f**", 100*c.Precision(), 100*c.Recall(), f1(c))
}

// scoreOn scores sug on the held-out sentences, exact match.
func scoreOn(t testing.TB, sug annotate.Suggester, held []annotate.Record, labels []annotate.Label) score.Counts {
	t.Helper()
	var c score.Counts
	for _, r := range held {
		sugs, err := sug.Suggest(context.Background(), r.Doc.Text, labels)
		if err != nil {
			t.Fatal(err)
		}
		gold := slices.DeleteFunc(slices.Clone(r.Spans), func(sp annotate.Span) bool {
			return !slices.ContainsFunc(labels, func(l annotate.Label) bool { return l.Name == sp.Label })
		})
		m := match(gold, sugs)
		c.TP, c.FP, c.FN = c.TP+m.TP, c.FP+m.FP, c.FN+m.FN
	}
	return c
}

// seenBound scores sug on held as if every one of its errors on a
// surface that occurs in seen (the text reviewed so far) were put right:
// a false positive withdrawn, a miss found. A learner can learn a surface
// directly only where the reviewers met it; what it gains beyond this it
// must generalise from other names (a class, a context).
func seenBound(t testing.TB, sug annotate.Suggester, held []annotate.Record, labels []annotate.Label, seen string) score.Counts {
	t.Helper()
	type key struct {
		start, end int
		label      string
	}
	var c score.Counts
	for _, r := range held {
		sugs, err := sug.Suggest(context.Background(), r.Doc.Text, labels)
		if err != nil {
			t.Fatal(err)
		}
		rs := []rune(r.Doc.Text)
		met := func(k key) bool { return strings.Contains(seen, string(rs[k.start:k.end])) }
		gold, got := map[key]bool{}, map[key]bool{}
		for _, g := range r.Spans {
			if slices.ContainsFunc(labels, func(l annotate.Label) bool { return l.Name == g.Label }) {
				gold[key{g.Start, g.End, g.Label}] = true
			}
		}
		for _, s := range sugs {
			got[key{s.Start, s.End, s.Label}] = true
		}
		for k := range got {
			if gold[k] {
				c.TP++
			} else if !met(k) {
				c.FP++ // a surface never met: it stays wrong
			}
		}
		for k := range gold {
			switch {
			case got[k]:
			case met(k):
				c.TP++ // put right
			default:
				c.FN++
			}
		}
	}
	return c
}

// curve is the outcome of a reviewer played through the desk's path.
type curve struct {
	report   string
	switched int // documents done when the model first led; -1 if never
	flips    int // how many times the overall lead changed hands
	// held-out scores after the last document
	rules, model, desk score.Counts
	leader             string
	rows               []curveRow // every row of the report
}

// curveRow is one row of a curve: the held-out scores after docs
// documents done.
type curveRow struct {
	docs               int
	rules, model, desk score.Counts
	leader             string
	perLabel           map[string][2]score.Counts // label → rules, desk
	// bound is the rules after review with every error on a surface the
	// reviewers had seen put right (seenBound).
	bound score.Counts
}

// learningCurve plays a reviewer through the desk's code path (Reviewer:
// open suggests for a document to do and stores the suggestions; every
// one equal to gold is accepted, every other rejected, the missing gold
// spans added, the document marked done, the learner told of each action)
// on train as documents of perDoc sentences, and scores the rules, the
// model and what the desk suggests on held every `every` documents.
func learningCurve(t *testing.T, train, held []annotate.Record, perDoc, every int) curve {
	return learningCurveOf(t, train, held, perDoc, every, []annotate.Label{{Name: "PER"}, {Name: "LOC"}, {Name: "ORG"}})
}

// learningCurveOf is learningCurve suggesting and scoring labels; the
// project's TIME becomes a label the rules do not know unless labels
// hold it. Each row also scores the rules and the desk per label.
func learningCurveOf(t *testing.T, train, held []annotate.Record, perDoc, every int, labels []annotate.Label) curve {
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
	for i := 0; i+perDoc <= len(train); i += perDoc {
		d, g := joinSentences(fmt.Sprintf("msra-%04d", i/perDoc), train[i:i+perDoc])
		docs = append(docs, docGold{d, g})
		if err := imp.Add(ctx, annotate.Record{Doc: d}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := imp.Commit(); err != nil {
		t.Fatal(err)
	}
	// MSRA has no TIME: the project's TIME label becomes one the rules do
	// not know, so the desk suggests PER, LOC and ORG as in a project
	// without it.
	if !slices.ContainsFunc(labels, func(l annotate.Label) bool { return l.Name == "TIME" }) {
		if err := db.RenameLabel(ctx, "TIME", "UNUSED"); err != nil {
			t.Fatal(err)
		}
	}
	l, err := service.NewLearner(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := l.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	r := Reviewer{St: db, Annotator: "alice", Suggester: l}
	var report strings.Builder
	fmt.Fprintf(&report, "A reviewer played through the desk's code path (suggest on open, accept/reject/add, mark done, the learner told of every action) on %d MSRA test sentences as %d documents of %d; scored on %d other sentences (P / R / F1, exact match, PER/LOC/ORG). The running F1s are what the status bar shows: each source's suggestions at the time a document was opened, over the last %d documents marked done.\n\n",
		len(docs)*perDoc, len(docs), perDoc, len(held), ScoreWindow)
	report.WriteString("| documents done | sentences learned | running F1 model / rules (bar) | leader | rules (with the learned lexicon) | model alone | what the desk suggests |\n|---:|---:|---|---|---|---|---|\n")
	var out curve
	var reviewed strings.Builder // the text of the documents done so far
	row := func(n int) {
		st := l.Status()
		out.rules = scoreOn(t, l.rules, held, labels)
		out.model = scoreOn(t, l.model, held, labels)
		out.desk = scoreOn(t, l, held, labels)
		out.leader = st.Leader
		row := curveRow{n, out.rules, out.model, out.desk, st.Leader, map[string][2]score.Counts{}, seenBound(t, l.rules, held, labels, reviewed.String())}
		for _, lb := range labels {
			one := []annotate.Label{lb}
			row.perLabel[lb.Name] = [2]score.Counts{scoreOn(t, l.rules, held, one), scoreOn(t, l, held, one)}
		}
		out.rows = append(out.rows, row)
		fmt.Fprintf(&report, "| %d | %d | %.1f / %.1f | %s | %s | %s | %s |\n", n, st.Sentences, st.ModelF1, st.RulesF1, st.Leader, prf(out.rules), prf(out.model), prf(out.desk))
		t.Logf("%d documents: %s; held out: rules %s, model %s, desk %s", n, Describe(st), prf(out.rules), prf(out.model), prf(out.desk))
	}
	row(0)
	var learnTimes, actionTimes []time.Duration
	out.switched = -1
	var last string
	actions := 0
	// act makes one reviewer action and waits until the learner has
	// learned from it (a reviewer's next action comes later than that).
	act := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if err := l.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		actionTimes = append(actionTimes, time.Since(start))
		actions++
		// A reviewer's next action comes seconds later, long after a
		// retrain of these few hundred sentences ends; waiting for it
		// keeps the curve the same however fast the machine (or -race).
		if err := l.WaitTrained(ctx); err != nil {
			t.Fatal(err)
		}
	}
	for i, dg := range docs {
		if _, err := r.Open(ctx, dg.doc.ID); err != nil {
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
				_, err = r.Accept(ctx, s, "")
				delete(want, k)
			} else {
				err = r.Reject(ctx, s)
			}
			act(err)
		}
		for _, g := range dg.gold {
			if want[spanKey(g.Start, g.End, g.Label)] {
				_, err := r.AddSpan(ctx, dg.doc.ID, g.Start, g.End, g.Label)
				act(err)
			}
		}
		reviewed.WriteString(dg.doc.Text)
		start := time.Now()
		if err := r.SetStatus(ctx, dg.doc.ID, annotate.StatusDone); err != nil {
			t.Fatal(err)
		}
		if err := l.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		learnTimes = append(learnTimes, time.Since(start))
		// A reviewer takes far longer over a document than a retrain takes.
		if err := l.WaitTrained(ctx); err != nil {
			t.Fatal(err)
		}
		leader := l.Status().Leader
		if out.switched < 0 && leader == annotate.SourceModel {
			out.switched = i + 1
		}
		if i > 0 && leader != last {
			out.flips++
		}
		last = leader
		if (i+1)%every == 0 || i+1 == len(docs) {
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
	fmt.Fprintf(&report, "\nThe model took the lead after %d documents; the lead changed hands %d times. From a reviewer's action (accept, reject, add: %d of them) to the learner idle again (read the document back, learn the sentences it settled): p50 %s, p99 %s. From marking a document done to idle (score both sources, learn its sentences, store the model in the project): p50 %s, p99 %s. Model in the project file: %.2f MB.\n",
		out.switched, out.flips, actions, pct(actionTimes, 0.5).Round(10*time.Microsecond), pct(actionTimes, 0.99).Round(10*time.Microsecond),
		pct(learnTimes, 0.5).Round(time.Millisecond), pct(learnTimes, 0.99).Round(time.Millisecond), float64(len(data))/1e6)
	out.report = report.String()
	return out
}

// nerData reads one file of ../shared/data/ner. Outside CI a checkout
// without the shared data skips the quality tests; in CI they must run.
func nerData(t *testing.T, name string) []annotate.Record {
	t.Helper()
	path := filepath.Join("..", "..", "shared", "data", "ner", name)
	if _, err := os.Stat(path); err != nil && os.Getenv("CI") == "" {
		t.Skipf("%v (the NER data is read from ../shared/data/ner beside the repository)", err)
	}
	return readBIO(t, path)
}

// TestInAppLearningCurve plays a reviewer through the desk's code path on
// the first 3,000 MSRA test sentences (600 documents of 5 sentences) and
// scores the other 442 every 100 documents (see learningCurve).
//
//	GOLDSPAN_EVAL=1 go test ./project -run TestInAppLearningCurve -v
func TestInAppLearningCurve(t *testing.T) {
	if os.Getenv("GOLDSPAN_EVAL") == "" {
		t.Skip("set GOLDSPAN_EVAL=1 to run the in-app learning curve (about 2 minutes)")
	}
	sents := nerData(t, "msra_test.bio")
	const trainSents = 3000
	if len(sents) <= trainSents {
		t.Fatalf("%d sentences", len(sents))
	}
	c := learningCurve(t, sents[:trainSents], sents[trainSents:], 5, 100)
	t.Log(c.report)
	if out := os.Getenv("GOLDSPAN_EVAL_OUT"); out != "" {
		if err := os.WriteFile(out, []byte(c.report), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if c.switched < 0 {
		t.Errorf("the model never took the lead")
	}
}

// TestReviewGains measures what issue 18 asks of review: the gain of the
// desk's suggestions over the rules after 200 and 1,000 sentences
// reviewed through the desk's path (what replay --learn plays), in
// articles of 10 sentences, on MSRA and on People's Daily, each scored on
// sentences of the same corpus that no article holds.
//
//	GOLDSPAN_EVAL=1 go test ./project -run TestReviewGains -v
func TestReviewGains(t *testing.T) {
	if os.Getenv("GOLDSPAN_EVAL") == "" {
		t.Skip("set GOLDSPAN_EVAL=1 to measure the gains of review (about 2 minutes)")
	}
	var report strings.Builder
	report.WriteString("Articles of 10 sentences reviewed through the desk's code path (what `goldspan replay --learn` plays: suggest on open, accept, reject, add, mark done, the learner told of each action); the desk's suggestions and the rules scored on held-out sentences of the same corpus (P / R / F1, exact match, PER/LOC/ORG). The rules are scored as they stand before review and with what review taught them (the learned lexicon, the project's conventions such as one-character abbreviations); the gain is the desk's over the latter. Goals: +4 F1 over the rules after 200 sentences, +8 after 1,000. nerpy's People's Daily (github.com/shibing624/nerpy, read from GOLDSPAN_TIME_GOLD, TIME left out) marks by conventions the rules do not follow: no one-character abbreviations, 美国政府 as one organisation.\n\n")
	report.WriteString("Two columns say what any policy or learner could reach: the model alone (no choice of who leads gains more than it), and the rules after review with every error on a surface that occurs in the reviewed text put right (a learner meets no other surface; beyond this it must generalise from classes and contexts), each with its gain over the rules after review. The long run goes on reviewing nerpy past 1,000 sentences (the test split after its first 1,000, which stay held out) to 4,000, to show how far review takes the same learner with four times the goal's sentences.\n\n")
	report.WriteString("| corpus | held out | sentences reviewed | leader | rules before review | rules after review | what the desk suggests | gain | goal | model alone | surfaces met put right |\n|---|---:|---:|---|---|---|---|---:|---|---|---|\n")
	noTime := func(rs []annotate.Record) []annotate.Record {
		for i := range rs {
			rs[i].Spans = slices.DeleteFunc(rs[i].Spans, func(s annotate.Span) bool { return s.Label == "TIME" })
		}
		return rs
	}
	// nerpy reads nerpy's dev and test splits, TIME left out; nil if
	// GOLDSPAN_TIME_GOLD is not set.
	nerpy := func() (dev, test []annotate.Record) {
		dir := os.Getenv("GOLDSPAN_TIME_GOLD")
		if dir == "" {
			t.Log("nerpy's People's Daily not measured: GOLDSPAN_TIME_GOLD is not set")
			return nil, nil
		}
		return noTime(readBIO(t, filepath.Join(dir, "dev.char.bio.tsv"))), noTime(readBIO(t, filepath.Join(dir, "test.char.bio.tsv")))
	}
	for _, c := range []struct {
		name string
		// load returns the sentences reviewed and those held out; none
		// if the corpus is not on this machine.
		load func() (train, held []annotate.Record)
		// every is how many documents of 10 sentences a row is apart.
		every int
	}{
		{"MSRA test", func() ([]annotate.Record, []annotate.Record) {
			s := nerData(t, "msra_test.bio")
			return s[:1000], s[2000:3442]
		}, 20},
		{"People's Daily dev", func() ([]annotate.Record, []annotate.Record) {
			s := nerData(t, "peoples_daily_dev.bio")
			return s[:1000], s[1318:2318]
		}, 20},
		{"nerpy People's Daily (dev → test)", func() ([]annotate.Record, []annotate.Record) {
			dev, test := nerpy()
			if dev == nil {
				return nil, nil
			}
			return dev[:1000], test[:1000]
		}, 20},
		// The long run: how far review goes past 1,000 sentences. After
		// the dev split the reviewer goes on into the test split past the
		// held-out sentences.
		{"nerpy long run (dev, then test past its first 1,000 → test)", func() ([]annotate.Record, []annotate.Record) {
			dev, test := nerpy()
			if dev == nil {
				return nil, nil
			}
			train := append(slices.Clone(dev), test[1000:]...)
			return train[:min(4000, len(train))], test[:1000]
		}, 100},
	} {
		train, held := c.load()
		if train == nil {
			continue
		}
		cv := learningCurve(t, train, held, 10, c.every)
		before := cv.rows[0].rules
		for _, r := range cv.rows {
			if r.docs == 0 {
				continue
			}
			n := r.docs * 10
			gain := f1(r.desk) - f1(r.rules)
			goal := ""
			switch n {
			case 200:
				goal = verdict(gain >= 4, "+4")
			case 1000:
				goal = verdict(gain >= 8, "+8")
			}
			leader := "rules"
			if r.leader == annotate.SourceModel {
				leader = "model"
			}
			fmt.Fprintf(&report, "| %s | %d | %d | %s | %s | %s | %s | %+.1f | %s | **%.1f** (%+.1f) | **%.1f** (%+.1f) |\n", c.name, len(held), n, leader, prf(before), prf(r.rules), prf(r.desk), gain, goal,
				f1(r.model), f1(r.model)-f1(r.rules), f1(r.bound), f1(r.bound)-f1(r.rules))
		}
	}
	t.Log(report.String())
	if out := os.Getenv("GOLDSPAN_EVAL_OUT"); out != "" {
		if err := os.WriteFile(out, []byte(report.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestTimeConvention measures issue 18's TIME goal: TIME F1 ≥ 0.75 once
// the project's reviewers settled 200 sentences of news whose gold marks
// TIME in its own convention (nerpy's People's Daily: 今年, 目前, 前不久,
// 1998年). The gold is not in ../shared/data/ner: GOLDSPAN_TIME_GOLD
// names a directory with nerpy's people/dev.char.bio.tsv and
// test.char.bio.tsv (github.com/shibing624/nerpy, examples/data/people),
// read from there and never copied into the repository; without it the
// test is skipped. Articles of 10 dev sentences are reviewed through the
// desk's path; the first 1,000 test sentences are scored.
//
//	GOLDSPAN_EVAL=1 GOLDSPAN_TIME_GOLD=../nerpy-people go test ./project -run TestTimeConvention -v
func TestTimeConvention(t *testing.T) {
	dir := os.Getenv("GOLDSPAN_TIME_GOLD")
	if os.Getenv("GOLDSPAN_EVAL") == "" || dir == "" {
		t.Skip("not run: set GOLDSPAN_EVAL=1 and GOLDSPAN_TIME_GOLD to a directory holding dev.char.bio.tsv and test.char.bio.tsv of github.com/shibing624/nerpy examples/data/people (the TIME gold is not in ../shared/data/ner)")
	}
	train := readBIO(t, filepath.Join(dir, "dev.char.bio.tsv"))
	held := readBIO(t, filepath.Join(dir, "test.char.bio.tsv"))
	if len(train) < 1000 || len(held) < 1000 {
		t.Fatalf("%d and %d sentences, want 1,000 each", len(train), len(held))
	}
	labels := []annotate.Label{{Name: "PER"}, {Name: "LOC"}, {Name: "ORG"}, {Name: "TIME"}}
	c := learningCurveOf(t, train[:1000], held[:1000], 10, 10, labels)
	var report strings.Builder
	report.WriteString("Articles of 10 sentences of nerpy's People's Daily dev split (gold with TIME) reviewed through the desk's code path; the rules and the desk's suggestions scored on the first 1,000 sentences of its test split (P / R / F1, exact match). Goal: TIME F1 ≥ 75 after 200 sentences. The gold is read from GOLDSPAN_TIME_GOLD (github.com/shibing624/nerpy examples/data/people), never copied into the repository.\n\n")
	report.WriteString("| sentences reviewed | leader | TIME: rules | TIME: what the desk suggests | PER/LOC/ORG/TIME: rules | all: the desk | goal |\n|---:|---|---|---|---|---|---|\n")
	for _, r := range c.rows {
		n := r.docs * 10
		if n != 0 && n != 100 && n != 200 && n != 500 && n != 1000 {
			continue
		}
		goal := ""
		if n == 200 {
			goal = verdict(f1(r.perLabel["TIME"][1]) >= 75, "75")
		}
		fmt.Fprintf(&report, "| %d | %s | %s | %s | %s | %s | %s |\n", n, r.leader, prf(r.perLabel["TIME"][0]), prf(r.perLabel["TIME"][1]), prf(r.rules), prf(r.desk), goal)
	}
	t.Log(report.String())
	if out := os.Getenv("GOLDSPAN_EVAL_OUT"); out != "" {
		if err := os.WriteFile(out, []byte(report.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// verdict says whether a goal was met.
func verdict(met bool, goal string) string {
	if met {
		return "≥ " + goal + ": met"
	}
	return "≥ " + goal + ": **missed**"
}

// Floors of the fast in-app learning curve, so that a change that makes
// the desk's suggestions worse breaks the build. Measured on 2026-12-05,
// with the hint prior (the model starts as the rules): the model led
// after 16 documents; on the held-out sentences the rules scored F1 65.4,
// the model 68.8 and the desk 68.8 (model leading). Before the prior: 29
// documents, 65.5 / 65.4 / 65.4. On 2026-12-06 the rules got better
// (one-character names, surname + title: on these 400 sentences the
// rules with the learned lexicon score 86-94 on the bar, 2 to 5 points
// more than before), so the model needs longer to beat them, and the
// held-out gain is smaller. With the learned lexicon's consistent
// decisions ahead of the model's own (policy.go) the model led after 37
// documents and kept the lead; held out: rules 67.2, model 69.2, desk
// 69.1. The curve waits for each retrain, so it is the same under -race,
// but small changes to the rules move the model on these 400 sentences
// by about a point: the desk's gain over the rules measured +1.9, +1.1
// and +0.8 after three of them that day (the last with the national
// bodies' prefixes: rules 67.6, desk 68.4). The gain floor asks that the
// desk be no worse than the rules; the F1 floors catch a worse desk.
// In the eighth session the rules learned that a congress keeps its
// ordinal and its party (中国共产党第十五次全国代表大会), which the first
// documents here are about: before that rule the model first led after 4
// documents, with it after 62, as the rules now get those documents
// right. Held out at the end of that session: rules 71.0, model 72.3,
// desk 72.3 (+1.3).
const (
	floorSwitchedBy = 70 // documents by which the model must lead
	floorModelF1    = 70.0
	floorDeskF1     = 70.0
	floorDeskGain   = 0.0 // F1 points over the rules on the same sentences
)

// TestInAppLearningCurveFloor is the fast form of TestInAppLearningCurve
// that make test runs: a reviewer settles 80 documents of 5 MSRA
// sentences through the desk's path, and the desk's suggestions on 400
// held-out sentences must score no worse than the floors.
func TestInAppLearningCurveFloor(t *testing.T) {
	sents := nerData(t, "msra_test.bio")
	c := learningCurve(t, sents[:400], sents[3000:3400], 5, 80)
	t.Logf("fast curve: model led after %d documents; held out: rules %s, model %s, desk %s (%s lead)", c.switched, prf(c.rules), prf(c.model), prf(c.desk), c.leader)
	if c.switched < 0 || c.switched > floorSwitchedBy {
		t.Errorf("the model led after %d documents (-1: never), floor %d", c.switched, floorSwitchedBy)
	}
	if f1(c.model) < floorModelF1 {
		t.Errorf("the model alone scores F1 %.1f on held-out sentences, below the floor %.1f", f1(c.model), floorModelF1)
	}
	if f1(c.desk) < floorDeskF1 {
		t.Errorf("the desk's suggestions score F1 %.1f on held-out sentences, below the floor %.1f", f1(c.desk), floorDeskF1)
	}
	if g := f1(c.desk) - f1(c.rules); g < floorDeskGain {
		t.Errorf("the desk's suggestions gain %+.1f F1 over the rules on held-out sentences, below the floor %+.1f", g, floorDeskGain)
	}
}
