package project

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"goldspan/annotate"
	"goldspan/annotate/score"
	"goldspan/annotate/suggest"
	"goldspan/internal/fake"
	"goldspan/internal/testcorpus"
)

// newProject creates a project with the default labels and DRUG and
// imports the records given as gold JSONL lines. It is in memory: what
// the learner does with a project is the same on any store that passes the
// contract suite (the file's own behaviour is storage's tests').
func newProject(t *testing.T, lines ...string) annotate.Project {
	t.Helper()
	db := fake.New()
	if err := db.PutLabel(context.Background(), annotate.Label{Name: "DRUG", Color: "#8e44ad"}); err != nil {
		t.Fatal(err)
	}
	importLines(t, db, lines...)
	return db
}

func newTestLearner(t *testing.T, db annotate.Project) *Learner {
	t.Helper()
	l, err := service.NewLearner(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	settle(t, l)
	return l
}

func settle(t *testing.T, l *Learner) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := l.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if err := l.WaitTrained(ctx); err != nil {
		t.Fatal(err)
	}
}

// review plays a reviewer on doc: the learner's suggestions are stored
// as the app stores them when a document is opened, then every one not
// in gold is rejected, every one in gold accepted, the missing spans
// added, and the document marked done; the learner hears of each action.
func review(t *testing.T, db annotate.Project, l *Learner, docID, text string, gold []annotate.Span) {
	t.Helper()
	ctx := context.Background()
	labels, err := db.Labels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sugs, err := l.Suggest(ctx, text, labels)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetSuggestions(ctx, docID, sugs); err != nil {
		t.Fatal(err)
	}
	pending, err := db.Suggestions(ctx, docID, "alice")
	if err != nil {
		t.Fatal(err)
	}
	want := map[[3]string]bool{}
	for _, g := range gold {
		want[spanKey(g.Start, g.End, g.Label)] = true
	}
	for _, s := range pending {
		if k := spanKey(s.Start, s.End, s.Label); want[k] {
			if _, err := db.AcceptSuggestion(ctx, "alice", s.ID, ""); err != nil {
				t.Fatal(err)
			}
			delete(want, k)
		} else if err := db.RejectSuggestion(ctx, "alice", s.ID); err != nil {
			t.Fatal(err)
		}
		l.Changed(docID, "alice")
	}
	for _, g := range gold {
		if want[spanKey(g.Start, g.End, g.Label)] {
			if _, err := db.AddSpan(ctx, annotate.Span{DocID: docID, Start: g.Start, End: g.End, Label: g.Label, Annotator: "alice"}); err != nil {
				t.Fatal(err)
			}
			l.Changed(docID, "alice")
		}
	}
	if err := db.SetStatus(ctx, docID, "alice", annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	l.Changed(docID, "alice")
	settle(t, l)
}

// TestLearnerOvertakesTheRules is the promise: a new project
// starts with the rules leading; after a reviewer labels a few dozen
// sentences of a kind the rules do not know, the model suggests them in
// new documents, scores better on each document marked done, and leads.
func TestLearnerOvertakesTheRules(t *testing.T) {
	var lines []string
	for i, d := range testcorpus.Drugs {
		text, _ := testcorpus.DrugArticle(i, d)
		lines = append(lines, fmt.Sprintf(`{"id":"d%02d","text":%q}`, i, text))
	}
	db := newProject(t, lines...)
	defer db.Close()
	l := newTestLearner(t, db)
	if st := l.Status(); st.Leader != annotate.SourceRules || st.Sentences != 0 {
		t.Fatalf("a new project: %+v", st)
	}
	const reviewed = 24
	for i := 0; i < reviewed; i++ {
		text, gold := testcorpus.DrugArticle(i, testcorpus.Drugs[i])
		review(t, db, l, fmt.Sprintf("d%02d", i), text, gold)
	}
	st := l.Status()
	t.Logf("after %d documents: %s", reviewed, Describe(st))
	if st.Sentences != 2*reviewed || st.Documents != reviewed || st.Entities != 2*reviewed {
		t.Fatalf("learned from %+v, want %d sentences of %d done documents", st, 2*reviewed, reviewed)
	}
	if st.Leader != annotate.SourceModel || st.ModelF1 <= st.RulesF1 || st.Scored != min(reviewed, ScoreWindow) {
		t.Fatalf("the model should lead: %+v", st)
	}
	// A drug no one has seen, in a document not reviewed yet.
	text, gold := testcorpus.DrugArticle(reviewed, testcorpus.Drugs[reviewed])
	labels, _ := db.Labels(context.Background())
	sugs, err := l.Suggest(context.Background(), text, labels)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, s := range sugs {
		for _, g := range gold {
			if s.Start == g.Start && s.End == g.End && s.Label == "DRUG" && s.Source == annotate.SourceModel {
				found++
			}
		}
	}
	if found == 0 {
		t.Fatalf("an unseen drug is not suggested by the model: %+v", sugs)
	}

	// Everything survives a restart: the model and its running scores.
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l2 := newTestLearner(t, db)
	st2 := l2.Status()
	if st2.Sentences != st.Sentences || st2.Documents != st.Documents || st2.Scored != st.Scored ||
		st2.ModelF1 != st.ModelF1 || st2.Leader != st.Leader {
		t.Fatalf("after a restart %+v, before %+v", st2, st)
	}
	m, err := db.LoadModel(context.Background(), TaggerModel)
	if err != nil || m.Examples != st.Sentences || m.F1 != st.ModelF1 {
		t.Fatalf("stored model: %v %d %.1f", err, m.Examples, m.F1)
	}
}

// TestLearnerLearnsSettledSentencesAndTakesBackUndone: in a document in
// progress, a sentence is learned once the reviewer acted in it and left
// nothing undecided; an undone decision takes it back; done learns all.
func TestLearnerLearnsSettledSentencesAndTakesBackUndone(t *testing.T) {
	text := "醫師建議患者每日服用普瑞坦兩次。\r\n研究顯示沙莫唑能有效降低血壓👍𠮷。"
	db := newProject(t, fmt.Sprintf(`{"id":"a","text":%q}`, text))
	defer db.Close()
	l := newTestLearner(t, db)
	ctx := context.Background()
	// Sentence 1 is [0,18) with its CRLF; sentence 2 starts at 18.
	if err := db.SetSuggestions(ctx, "a", []annotate.Suggestion{
		{DocID: "a", Start: 10, End: 13, Label: "PER", Source: "rule"},
		{DocID: "a", Start: 22, End: 25, Label: "PER", Source: "rule"},
	}); err != nil {
		t.Fatal(err)
	}
	sugs, _ := db.Suggestions(ctx, "a", "alice")
	s1 := sentenceKey("p", "a", 0)
	s2 := sentenceKey("p", "a", 18)
	step := func(what string, err error, want1, want2 int) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		l.Changed("a", "alice")
		settle(t, l)
		if g1, g2 := l.Model().Known(s1), l.Model().Known(s2); g1 != want1 || g2 != want2 {
			t.Fatalf("after %s: sentences known %d, %d; want %d, %d", what, g1, g2, want1, want2)
		}
	}
	_, err := db.AcceptSuggestion(ctx, "alice", sugs[0].ID, "DRUG")
	step("relabelling the first suggestion", err, 1, 0)
	step("rejecting the second", db.RejectSuggestion(ctx, "alice", sugs[1].ID), 1, 1)
	_, err = db.Undo(ctx, "a", "alice")
	step("undoing the rejection", err, 1, 0)
	_, err = db.AddSpan(ctx, annotate.Span{DocID: "a", Start: 22, End: 25, Label: "DRUG", Annotator: "alice"})
	// The second suggestion is still undecided: the sentence is not settled.
	step("adding a span beside an undecided suggestion", err, 1, 0)
	// Through the done gate: the undecided suggestion is rejected first
	// (an undecided one would keep its sentence out of the training data).
	step("marking the document done", Reviewer{St: db, Annotator: "alice"}.MarkDone(ctx, "a", RejectRest), 0, 0)
	if d1, d2 := l.Model().Known(sentenceKey("d", "a", 0)), l.Model().Known(sentenceKey("d", "a", 18)); d1 != 1 || d2 != 1 {
		t.Fatalf("done: sentences known %d, %d", d1, d2)
	}
	if st := l.Status(); st.Entities != 2 || st.Documents != 1 {
		t.Fatalf("done: %+v", st)
	}
	// Suggestions made before the document was opened were not kept: it is not scored.
	if st := l.Status(); st.Scored != 0 {
		t.Fatalf("scored a document whose suggestions it never made: %+v", st)
	}
	step("skipping it", db.SetStatus(ctx, "a", "alice", annotate.StatusSkipped), 0, 0)
	if n := l.Model().Known(keyPrefix("d", "a")); n != 0 {
		t.Fatalf("a skipped document is still learned from: %d sentences", n)
	}
}

// TestLearnerCatchesUpWithDoneDocuments: documents imported done (or
// learned by a session killed before it stored the model) are learned
// when the project is opened and when Imported is called; a damaged
// stored model is rebuilt from them.
func TestLearnerCatchesUpWithDoneDocuments(t *testing.T) {
	var lines []string
	for i, d := range testcorpus.Drugs[:8] {
		text, gold := testcorpus.DrugArticle(i, d)
		lines = append(lines, goldLine(fmt.Sprintf("d%02d", i), text, gold, "done"))
	}
	db := newProject(t, lines...)
	defer db.Close()
	l := newTestLearner(t, db)
	if st := l.Status(); st.Documents != 8 || st.Sentences != 16 {
		t.Fatalf("caught up with %+v, want 8 done documents", st)
	}
	// An import while the project is open.
	var more []string
	for i, d := range testcorpus.Drugs[8:12] {
		text, gold := testcorpus.DrugArticle(i, d)
		more = append(more, goldLine(fmt.Sprintf("e%02d", i), text, gold, "done"))
	}
	importLines(t, db, more...)
	l.Imported()
	settle(t, l)
	if st := l.Status(); st.Documents != 12 {
		t.Fatalf("after an import: %+v", st)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	// A damaged model is replaced by one trained on the done documents,
	// damaged scores start afresh, and the status says so.
	if err := db.SaveModel(context.Background(),
		annotate.Model{Name: TaggerModel, Data: []byte("not a model")},
		annotate.Model{Name: scoresModel, Data: []byte(`{"window":`)}); err != nil {
		t.Fatal(err)
	}
	l2 := newTestLearner(t, db)
	st := l2.Status()
	if st.Documents != 12 || !strings.Contains(st.Err, "not a Goldspan tagger model") || !strings.Contains(st.Err, "running scores") {
		t.Fatalf("rebuilt: %+v", st)
	}
	if err := l2.Close(); err != nil {
		t.Fatal(err)
	}
	l3 := newTestLearner(t, db)
	if st := l3.Status(); st.Documents != 12 || st.Err != "" {
		t.Fatalf("after the rebuilt model was stored: %+v", st)
	}
}

func goldLine(id, text string, spans []annotate.Span, status string) string {
	var b strings.Builder
	for i, s := range spans {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"start":%d,"end":%d,"label":%q}`, s.Start, s.End, s.Label)
	}
	return fmt.Sprintf(`{"id":%q,"text":%q,"spans":[%s],"annotator":"alice","status":%q}`, id, text, b.String(), status)
}

func TestSentencesOfNeverCutsASpan(t *testing.T) {
	text := "他說：「我們到了。」然後\r\n離開。「台北。市」"
	spans := []annotate.Span{{Start: 17, End: 23, Label: "LOC"}} // 「台北。市」 across a 。
	rs, ps := sentencesOf(text, spans)
	var got []string
	for _, p := range ps {
		got = append(got, string(rs[p.start:p.end]))
	}
	want := []string{"他說：「我們到了。」", "然後\r\n", "離開。", "「台北。市」"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}

func TestLeadNeedsEnoughDocumentsAndAClearMargin(t *testing.T) {
	var s scoreState
	vote := func(model, rules score.Counts) string {
		s.Window = append(s.Window, docScore{Model: model, Rules: rules})
		s.elect()
		return s.leader()
	}
	better, worse := score.Counts{TP: 9, FP: 1, FN: 1}, score.Counts{TP: 5, FP: 5, FN: 5}
	for i := 1; i < MinScored; i++ {
		if got := vote(better, worse); got != annotate.SourceRules {
			t.Fatalf("after %d documents the %s lead", i, got)
		}
	}
	if got := vote(better, worse); got != annotate.SourceModel {
		t.Fatalf("after %d documents the model scored better and the %s lead", MinScored, got)
	}
	// Level scores do not take the lead back.
	s.Window = nil
	for range MinScored {
		vote(worse, worse)
	}
	if got := s.leader(); got != annotate.SourceModel {
		t.Fatalf("a tie handed the lead to the %s", got)
	}
	if got := vote(score.Counts{}, better); got != annotate.SourceRules {
		t.Fatalf("the rules scored clearly better and the %s lead", got)
	}
}

// The rules take the lead back from the model only if they are better
// over the long run too (scoreState.Long), not on one bad stretch of the
// window: on the long MSRA curve that halved the changes of lead (9 to
// 5 in 600 documents).
func TestOneBadStretchKeepsTheModel(t *testing.T) {
	better, worse := score.Counts{TP: 9, FP: 1, FN: 1}, score.Counts{TP: 5, FP: 5, FN: 5}
	s := scoreState{Leader: annotate.SourceModel}
	for range 50 {
		s.Long[0].add(better)
		s.Long[1].add(worse)
	}
	for range MinScored {
		s.Window = append(s.Window, docScore{Model: worse, Rules: better})
		s.Long[0].add(worse)
		s.Long[1].add(better)
		s.elect()
	}
	if got := s.leader(); got != annotate.SourceModel {
		t.Fatalf("one bad stretch handed the lead to the %s", got)
	}
	for range 100 {
		s.Window = append(s.Window[1:], docScore{Model: worse, Rules: better})
		s.Long[0].add(worse)
		s.Long[1].add(better)
		s.elect()
	}
	if got := s.leader(); got != annotate.SourceRules {
		t.Fatalf("the rules were better for 100 documents and the %s lead", got)
	}
}

func TestCombineLetsTheLeaderSpeak(t *testing.T) {
	sug := func(start, end int, label, source string) annotate.Suggestion {
		return annotate.Suggestion{Start: start, End: end, Label: label, Source: source}
	}
	rules := []annotate.Suggestion{sug(0, 3, "PER", "rule"), sug(5, 8, "LOC", "gazetteer"), sug(10, 19, "TIME", "rule"),
		sug(20, 22, "LOC", "rule"), sug(23, 25, "PER", "learned")}
	model := []annotate.Suggestion{sug(0, 2, "PER", "model"), sug(12, 14, "ORG", "model")}
	show := func(ss []annotate.Suggestion) string {
		var out []string
		for _, s := range ss {
			out = append(out, fmt.Sprintf("%s[%d,%d)%s", s.Label, s.Start, s.End, s.Source))
		}
		return strings.Join(out, " ")
	}
	// The rules lead: the model fills in where they are silent.
	if got, want := show(combine(lead{overall: annotate.SourceRules}, rules, model, []string{"PER", "ORG"})),
		"PER[0,3)rule LOC[5,8)gazetteer TIME[10,19)rule LOC[20,22)rule PER[23,25)learned"; got != want {
		t.Errorf("rules lead: %s, want %s", got, want)
	}
	// The model leads: the rules add a label it has not learned, and
	// the gazetteer's and the learned lexicon's names where it is silent;
	// their patterns only in a label it has not learned.
	if got, want := show(combine(lead{overall: annotate.SourceModel}, rules, model, []string{"PER", "LOC", "ORG"})),
		"PER[0,2)model LOC[5,8)gazetteer ORG[12,14)model PER[23,25)learned"; got != want {
		t.Errorf("model leads: %s, want %s", got, want)
	}
	if got, want := show(combine(lead{overall: annotate.SourceModel}, rules, model, []string{"PER", "ORG"})),
		"PER[0,2)model LOC[5,8)gazetteer ORG[12,14)model LOC[20,22)rule PER[23,25)learned"; got != want {
		t.Errorf("model leads, LOC not learned: %s, want %s", got, want)
	}
	if rules[1].Label != "LOC" || len(rules) != 5 {
		t.Errorf("combine changed the rules' suggestions: %v", rules)
	}
}

// TestUnscoredModelFillsNothing: before the first election the model has
// shown nothing, so it fills none of the labels the rules suggest (a
// model trained from files guessed 何嘉欣 a place where the rules were
// silent); it still suggests a label the rules never do. A stored
// election from before per-label scores names its leader and lets the
// model fill every gap, as it did then.
func TestUnscoredModelFillsNothing(t *testing.T) {
	sug := func(start, end int, label, source string) annotate.Suggestion {
		return annotate.Suggestion{Start: start, End: end, Label: label, Source: source}
	}
	rules := []annotate.Suggestion{sug(8, 11, "LOC", "learned")}
	model := []annotate.Suggestion{sug(2, 5, "LOC", "model"), sug(12, 14, "DRUG", "model")}
	labels := []annotate.Label{{Name: "PER"}, {Name: "LOC"}, {Name: "ORG"}, {Name: "DRUG"}}
	show := func(ss []annotate.Suggestion) string {
		var out []string
		for _, s := range ss {
			out = append(out, fmt.Sprintf("%s[%d,%d)%s", s.Label, s.Start, s.End, s.Source))
		}
		return strings.Join(out, " ")
	}
	for _, c := range []struct {
		name  string
		state scoreState
		want  string
	}{
		{"never elected", scoreState{}, "LOC[8,11)learned DRUG[12,14)model"},
		{"stored before per-label scores", scoreState{Leader: annotate.SourceRules}, "LOC[2,5)model LOC[8,11)learned DRUG[12,14)model"},
	} {
		ld := c.state.lead()
		ld.ruled = suggest.Ruled(labels)
		if got := show(combine(ld, rules, model, []string{"LOC", "DRUG"})); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

// The "tried as a new user", as a test: on the trial corpus
// (assets/trial: 60 original articles in both scripts), a reviewer settles
// the first 40 through the desk's code path; the model takes the lead, and
// on the 20 articles nobody reviewed the desk's suggestions score better
// than the rules alone.
func TestTrialCorpusHandsTheLeadToTheModel(t *testing.T) {
	type rec struct {
		ID    string `json:"id"`
		Text  string `json:"text"`
		Spans []struct {
			Start int    `json:"start"`
			End   int    `json:"end"`
			Label string `json:"label"`
		} `json:"spans"`
	}
	raw, err := os.ReadFile(filepath.Join("..", "assets", "trial", "news.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var recs []rec
	var plain []string
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		var r rec
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
		plain = append(plain, fmt.Sprintf(`{"id":%q,"text":%q}`, r.ID, r.Text))
	}
	if len(recs) != 60 {
		t.Fatalf("%d articles", len(recs))
	}
	db := newProject(t, plain...)
	defer db.Close()
	l := newTestLearner(t, db)
	var script strings.Builder
	for _, r := range recs[:40] {
		spans, _ := json.Marshal(r.Spans)
		fmt.Fprintf(&script, `{"op":"open","doc":%q,"annotator":"alice"}`+"\n", r.ID)
		fmt.Fprintf(&script, `{"op":"review","doc":%q,"annotator":"alice","spans":%s}`+"\n", r.ID, spans)
		fmt.Fprintf(&script, `{"op":"done","doc":%q,"annotator":"alice"}`+"\n", r.ID)
	}
	ctx := context.Background()
	if err := Replay(ctx, Reviewer{St: db, Suggester: l}, strings.NewReader(script.String()), func(n int, err error) {
		if err != nil {
			t.Fatalf("action %d: %v", n, err)
		}
	}); err != nil {
		t.Fatal(err)
	}
	settle(t, l)
	st := l.Status()
	t.Logf("after 40 articles: %s", Describe(st))
	want := 0
	for _, r := range recs[:40] {
		var spans []annotate.Span
		for _, s := range r.Spans {
			spans = append(spans, annotate.Span{Start: s.Start, End: s.End, Label: s.Label})
		}
		_, pieces := sentencesOf(r.Text, spans)
		want += len(pieces)
	}
	// Exactly the sentences of the done articles: none learned twice
	// (as settled in progress and again as done), none forgotten.
	if st.Leader != annotate.SourceModel || st.Documents != 40 || st.Sentences != want {
		t.Fatalf("after 40 articles: %+v, want the %d sentences of 40 done articles", st, want)
	}
	labels := []annotate.Label{{Name: "PER"}, {Name: "LOC"}, {Name: "ORG"}}
	var held []annotate.Record
	for _, r := range recs[40:] {
		rec := annotate.Record{Doc: annotate.Document{ID: r.ID, Text: r.Text}}
		for _, s := range r.Spans {
			rec.Spans = append(rec.Spans, annotate.Span{Start: s.Start, End: s.End, Label: s.Label})
		}
		held = append(held, rec)
	}
	rules, desk := scoreOn(t, l.rules, held, labels), scoreOn(t, l, held, labels)
	t.Logf("the 20 articles nobody reviewed: rules %s, desk %s", prf(rules), prf(desk))
	// The model starts as the rules (the hint prior) and leads once it
	// beat them on the done articles; on 193 sentences it gains little
	// on unseen ones (+0.4 F1 after 200 MSRA sentences, BENCHMARKS.md),
	// and whether a background retrain has finished moves it by a few
	// tenths: the desk must not be worse than the rules by more than that.
	if f1(desk) < f1(rules)-1 {
		t.Fatalf("the desk's suggestions (%s) are worse than the rules' (%s)", prf(desk), prf(rules))
	}
}

// A project that arrives with many done documents (an import, or a team's
// earlier work) and no model is trained on them in full when the desk
// opens it, and the model is stored at once.
func TestLearnerTrainsANewModelOnImportedDoneDocuments(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "assets", "trial", "news.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		lines = append(lines, strings.Replace(line, `"annotator": "gold"`, `"annotator": "alice", "status": "done"`, 1))
	}
	if !strings.Contains(lines[0], `"status": "done"`) {
		t.Fatalf("the trial corpus's records changed shape: %s", lines[0])
	}
	db := newProject(t, lines...)
	defer db.Close()
	l := newTestLearner(t, db)
	st := l.Status()
	if st.Documents != 60 || st.Sentences < 250 || st.Training || st.Err != "" {
		t.Fatalf("after opening: %+v", st)
	}
	m, err := db.LoadModel(context.Background(), TaggerModel)
	if err != nil || m.Examples != st.Sentences {
		t.Fatalf("stored: %v, %d sentences", err, m.Examples)
	}
	// It suggests what it learned.
	sugs, err := l.Model().Suggest(context.Background(), "南岭市交通运输局局长何建平昨日表示。", []annotate.Label{{Name: "PER"}, {Name: "ORG"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sugs) == 0 {
		t.Fatal("the trained model suggests nothing on a sentence of its own entities")
	}
}

// Per label: the model leads the labels it has shown itself better in,
// fills the rules' gaps only in labels it has shown itself at least as
// precise in, and always in a label the rules never suggest (issue 18).
func TestCombinePerLabel(t *testing.T) {
	sug := func(start, end int, label, source string) annotate.Suggestion {
		return annotate.Suggestion{Start: start, End: end, Label: label, Source: source}
	}
	rules := []annotate.Suggestion{sug(0, 3, "PER", "rule"), sug(5, 8, "LOC", "gazetteer"), sug(20, 22, "ORG", "rule")}
	model := []annotate.Suggestion{sug(0, 2, "PER", "model"), sug(12, 14, "ORG", "model"), sug(30, 32, "LOC", "model"), sug(40, 42, "DRUG", "model")}
	ld := lead{overall: annotate.SourceRules, labels: map[string]string{"PER": annotate.SourceModel, "LOC": annotate.SourceRules},
		fill: map[string]bool{"LOC": true, "ORG": false}, ruled: map[string]bool{"PER": true, "LOC": true, "ORG": true, "TIME": true}}
	var got []string
	for _, s := range combine(ld, rules, model, []string{"PER", "LOC", "ORG", "DRUG"}) {
		got = append(got, fmt.Sprintf("%s[%d,%d)%s", s.Label, s.Start, s.End, s.Source))
	}
	if want := "PER[0,2)model LOC[5,8)gazetteer ORG[20,22)rule LOC[30,32)model DRUG[40,42)model"; strings.Join(got, " ") != want {
		t.Errorf("combine: %s\n  want %s", strings.Join(got, " "), want)
	}
}

func TestElectPerLabel(t *testing.T) {
	c := func(tp, fp, fn int) score.Counts { return score.Counts{TP: tp, FP: fp, FN: fn} }
	var s scoreState
	for i := range 4 {
		s.Window = append(s.Window, docScore{Doc: fmt.Sprint(i),
			Model: c(8, 2, 4), Rules: c(6, 4, 6),
			Labels: map[string][2]score.Counts{
				"PER":  {c(4, 0, 0), c(2, 2, 2)}, // the model is better: leads PER
				"LOC":  {c(1, 2, 3), c(3, 1, 1)}, // the rules are better, and more precise
				"ORG":  {c(3, 0, 1), c(1, 1, 3)}, // the model is better but ORG has 4 gold a document: 16 in the window
				"TIME": {c(0, 0, 1), c(1, 0, 0)}, // too few spans to elect; the model made no suggestion
			}})
	}
	s.elect()
	if s.Leader != annotate.SourceModel {
		t.Errorf("overall leader %q, want the model (F1 %.1f vs %.1f)", s.Leader, f1(c(32, 8, 16)), f1(c(24, 16, 24)))
	}
	want := map[string]string{"PER": annotate.SourceModel, "LOC": annotate.SourceRules, "ORG": annotate.SourceModel}
	if fmt.Sprint(s.Leaders) != fmt.Sprint(want) {
		t.Errorf("leaders %v, want %v (TIME has too few spans)", s.Leaders, want)
	}
	if fmt.Sprint(s.Fill) != fmt.Sprint(map[string]bool{"PER": true, "LOC": false, "ORG": true, "TIME": false}) {
		t.Errorf("fill %v", s.Fill)
	}
	if ld := s.lead(); ld.of("TIME") != annotate.SourceModel || ld.of("LOC") != annotate.SourceRules {
		t.Errorf("TIME follows the overall leader, LOC its own: %q %q", ld.of("TIME"), ld.of("LOC"))
	}
}

// The gazetteer's and the learned lexicon's names fill a leading model's
// gaps only while they pay there: in a label where the project's done
// documents showed them less precise than half the model's F1 (a project
// that marks no one-character abbreviations, as nerpy's People's Daily),
// adding them lowers the desk's F1, so they stop; one label's evidence
// does not stop another's (issue 18).
func TestNamesStopFillingWhereTheyCost(t *testing.T) {
	c := func(tp, fp, fn int) score.Counts { return score.Counts{TP: tp, FP: fp, FN: fn} }
	var s scoreState
	for range 10 {
		s.Window = append(s.Window, docScore{Model: c(8, 2, 2), Rules: c(7, 3, 3)})
		s.addLong(c(8, 2, 2), c(7, 3, 3), map[string][2]score.Counts{
			"LOC": {c(4, 1, 1), c(4, 1, 1)},
			"PER": {c(4, 1, 1), c(3, 2, 2)},
		}, map[string]score.Counts{
			"LOC": c(0, 2, 1), // 美 of 美俄關係 where the project marks none
			"PER": c(1, 0, 1), // a reviewer's name the model missed
		})
		s.elect()
	}
	if want := map[string]bool{"LOC": false, "PER": true}; fmt.Sprint(s.Names) != fmt.Sprint(want) {
		t.Fatalf("names fill %v, want %v", s.Names, want)
	}
	sug := func(start, end int, label, source string) annotate.Suggestion {
		return annotate.Suggestion{Start: start, End: end, Label: label, Source: source}
	}
	rules := []annotate.Suggestion{sug(0, 1, "LOC", "gazetteer"), sug(4, 7, "PER", "learned"), sug(9, 11, "ORG", "gazetteer")}
	model := []annotate.Suggestion{sug(2, 3, "LOC", "model")}
	ld := s.lead()
	ld.overall, ld.labels = annotate.SourceModel, nil
	var got []string
	for _, x := range combine(ld, rules, model, []string{"PER", "LOC", "ORG"}) {
		got = append(got, fmt.Sprintf("%s[%d,%d)%s", x.Label, x.Start, x.End, x.Source))
	}
	if want := "LOC[2,3)model PER[4,7)learned ORG[9,11)gazetteer"; strings.Join(got, " ") != want {
		t.Errorf("combine: %s\n  want %s", strings.Join(got, " "), want)
	}
	// Before any evidence (and in a state stored before it was kept)
	// the names fill every label.
	if ld := (scoreState{}).lead(); !ld.namesFill("LOC") {
		t.Errorf("names do not fill without evidence")
	}
}

// A label's model is judged as it would lead: with the rules' names in
// its gaps where they fill (combine adds them), as the rules are judged
// with the project's lexicon. A model that misses names the reviewers
// taught the lexicon, which fill its gaps, leads the label; where those
// names cost (namesPay), the model is judged alone (issue 18: on nerpy's
// People's Daily after 1,000 reviewed sentences the rules kept PER,
// 76.0 against 76.8 on the window, where the model with the names read
// 79.6; held out the desk went from 82.2 to 83.1).
func TestTheModelIsJudgedWithItsNames(t *testing.T) {
	c := func(tp, fp, fn int) score.Counts { return score.Counts{TP: tp, FP: fp, FN: fn} }
	for _, tc := range []struct {
		name string
		gaps score.Counts // the rules' names in the model's PER gaps, a document
		want string
	}{
		{"the names are right", c(2, 0, 3), annotate.SourceModel},
		{"the names cost", c(0, 3, 5), annotate.SourceRules},
		{"no names", c(0, 0, 5), annotate.SourceRules},
	} {
		var s scoreState
		model, rules := c(6, 1, 4), c(7, 2, 3) // F1 70.6 against 73.7
		for range ScoreWindow {
			labels := map[string][2]score.Counts{"PER": {model, rules}}
			gaps := map[string]score.Counts{"PER": tc.gaps}
			s.Window = append(s.Window, docScore{Model: model, Rules: rules, Labels: labels, Gaps: gaps})
			s.addLong(model, rules, labels, gaps)
			s.elect()
		}
		if got := s.Leaders["PER"]; got != tc.want {
			m, r := s.labelCounts()["PER"][0], s.labelCounts()["PER"][1]
			t.Errorf("%s: PER led by the %s, want the %s (the model %.1f, with the names %.1f; the rules %.1f)",
				tc.name, got, tc.want, f1(m), f1(withGaps(m, s.gapCounts()["PER"])), f1(r))
		}
	}
	// The long run judges the model the same way: better with its names
	// over 40 documents, level on the window, it leads.
	var long scoreState
	level := c(7, 3, 3)
	for range 40 {
		long.addLong(level, level, map[string][2]score.Counts{"PER": {c(6, 1, 4), c(7, 2, 3)}}, map[string]score.Counts{"PER": c(2, 0, 3)})
	}
	for range ScoreWindow {
		long.Window = append(long.Window, docScore{Model: level, Rules: level, Labels: map[string][2]score.Counts{"PER": {level, level}}})
		long.addLong(level, level, map[string][2]score.Counts{"PER": {level, level}}, nil)
	}
	long.elect()
	if got := long.Leaders["PER"]; got != annotate.SourceModel {
		l := long.LongLabels["PER"]
		t.Errorf("long run: PER led by the %s, want the model (the model %.1f, with the names %.1f; the rules %.1f)", got, l[0].f1(), longLed(l, long.namesFill("PER")).f1(), l[1].f1())
	}
	// A score stored before the names were kept has no Gaps: the model
	// is judged alone, as then.
	var s scoreState
	for range ScoreWindow {
		s.Window = append(s.Window, docScore{Model: c(6, 1, 4), Rules: c(7, 2, 3), Labels: map[string][2]score.Counts{"PER": {c(6, 1, 4), c(7, 2, 3)}}})
	}
	s.elect()
	if got := s.Leaders["PER"]; got != annotate.SourceRules {
		t.Errorf("without stored names PER went to the %s", got)
	}
}

// As overall (TestOneBadStretchKeepsTheModel), a label the model leads
// goes back to the rules only if they are better in it over the long run
// too: on nerpy's People's Daily one stretch handed LOC back to the rules
// where the model was 2 points better held out.
func TestOneBadStretchKeepsTheModelALabel(t *testing.T) {
	better, worse := score.Counts{TP: 9, FP: 1, FN: 1}, score.Counts{TP: 5, FP: 5, FN: 5}
	s := scoreState{Leader: annotate.SourceModel, Leaders: map[string]string{"LOC": annotate.SourceModel}}
	doc := func(model, rules score.Counts) {
		s.Window = append(s.Window, docScore{Model: model, Rules: rules, Labels: map[string][2]score.Counts{"LOC": {model, rules}}})
		if len(s.Window) > ScoreWindow {
			s.Window = s.Window[1:]
		}
		s.addLong(model, rules, map[string][2]score.Counts{"LOC": {model, rules}}, nil)
		s.elect()
	}
	for range 50 {
		doc(better, worse)
	}
	for range 12 { // the window of 20 now favours the rules (F1 74 against 66)
		doc(worse, better)
	}
	if m, r := s.labelCounts()["LOC"][0], s.labelCounts()["LOC"][1]; f1(r) < f1(m)+Hysteresis {
		t.Fatalf("the stretch is not bad enough: the rules %.1f, the model %.1f", f1(r), f1(m))
	}
	if got := s.Leaders["LOC"]; got != annotate.SourceModel {
		t.Fatalf("one bad stretch handed LOC to the %s", got)
	}
	for range 100 {
		doc(worse, better)
	}
	if got := s.Leaders["LOC"]; got != annotate.SourceRules {
		t.Fatalf("the rules were better in LOC for 100 documents and the %s lead it", got)
	}
}

// A label's window holds too few of its spans to show a lead of a point
// or two: the model takes a label where it is better over the long run
// (LongLabels), even when the window shows the two level, and not where
// the rules are better there (issue 18: on nerpy's People's Daily the
// window kept PER and LOC with the rules, 2.4 and 2.6 points behind the
// model held out).
func TestTheLongRunElectsALabel(t *testing.T) {
	better, worse := score.Counts{TP: 9, FP: 1, FN: 1}, score.Counts{TP: 5, FP: 5, FN: 5}
	level := score.Counts{TP: 7, FP: 3, FN: 3}
	for _, tc := range []struct {
		name         string
		model, rules score.Counts // the 40 documents before the window
		want         string
	}{
		{"the model was better", better, worse, annotate.SourceModel},
		{"the rules were better", worse, better, annotate.SourceRules},
		{"both were level", level, level, annotate.SourceRules},
	} {
		var s scoreState
		long := func(model, rules score.Counts) {
			s.addLong(level, level, map[string][2]score.Counts{"LOC": {model, rules}}, nil)
		}
		for range 40 {
			long(tc.model, tc.rules)
		}
		for range ScoreWindow { // the window: level
			s.Window = append(s.Window, docScore{Model: level, Rules: level, Labels: map[string][2]score.Counts{"LOC": {level, level}}})
			long(level, level)
		}
		s.elect()
		if got := s.Leaders["LOC"]; got != tc.want {
			l := s.LongLabels["LOC"]
			t.Errorf("%s: LOC led by the %s, want the %s (long run: the model %.1f, the rules %.1f)", tc.name, got, tc.want, l[0].f1(), l[1].f1())
		}
		if s.Leader != annotate.SourceRules {
			t.Errorf("%s: the overall lead went to the %s on one label's long run", tc.name, s.Leader)
		}
	}
}

// TestLearnerKeepsABIOModel: a project whose stored model was written by
// the Goldspan before BIOES (tagger format version 2) opens with that
// model, read, not rebuilt as damaged: the status reports no error and
// the model still finds what it learned (the fixture is trained on the
// tagger's synthetic corpus; see tagger.TestReadsBIOModels).
func TestLearnerKeepsABIOModel(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "annotate", "tagger", "testdata", "model-v2.bin"))
	if err != nil {
		t.Fatal(err)
	}
	db := newProject(t, goldLine("d00", "他们昨天到了。", nil, "todo"))
	defer db.Close()
	if err := db.SaveModel(context.Background(), annotate.Model{Name: TaggerModel, Data: data, Examples: 60}); err != nil {
		t.Fatal(err)
	}
	l := newTestLearner(t, db)
	if st := l.Status(); st.Err != "" || l.Model().Stats().Sentences != 60 {
		t.Fatalf("opened with a version 2 model: %+v, %d sentences; want no error and its 60 sentences", st, l.Model().Stats().Sentences)
	}
	text := "张伟昨天在西安会见了国家统计局的代表。"
	var got []string
	for _, s := range l.Model().Tag(text) {
		got = append(got, fmt.Sprintf("%s/%s", annotate.SliceRunes(text, s.Start, s.End), s.Label))
	}
	if want := "张伟/PER 西安/LOC 国家统计局/ORG"; strings.Join(got, " ") != want {
		t.Errorf("the model read tags %q, want %q", strings.Join(got, " "), want)
	}
}
