package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"goldspan/annotate"
	"goldspan/internal/testcorpus"
	"goldspan/project"
	"goldspan/storage"
)

// service is the project service of the tests, on SQLite project files
// as main wires it; its dictionary loads once for the package.
var service = project.New(project.Options{Open: storage.OpenProject})

// The promise, through the desk as a reviewer uses it: on a
// fresh corpus with a label the rules do not know, the reviewer accepts,
// rejects and adds spans and marks documents done; the model learns from
// each, scores better than the rules, takes the lead, suggests the label
// in new documents, and the status bar says so. The model is in the
// project file afterwards.
func TestModelLearnsFromTheDeskAndLeads(t *testing.T) {
	select {
	case <-service.Ready():
	case <-time.After(2 * time.Minute):
		t.Fatal("the gse dictionary did not load")
	}
	path := filepath.Join(t.TempDir(), "drugs.goldspan")
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := db.PutLabel(ctx, annotate.Label{Name: "DRUG", Color: "#8e44ad", Hotkey: "5"}); err != nil {
		t.Fatal(err)
	}
	imp, _ := db.BeginImport(ctx)
	gold := map[string][]annotate.Span{}
	for i, d := range testcorpus.Drugs {
		text, spans := testcorpus.DrugArticle(i, d)
		id := fmt.Sprintf("d%02d", i)
		gold[id] = spans
		if err := imp.Add(ctx, annotate.Record{Doc: annotate.Document{ID: id, Text: text}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := imp.Commit(); err != nil {
		t.Fatal(err)
	}
	db.Close()

	h := newDeskWith(t, path, Deps{Open: openStore, Suggester: service.DeskSuggester, SuggestReady: service.Ready()})
	learner := func() *project.Learner {
		l, ok := h.d.learner().(*project.Learner)
		if !ok {
			t.Fatalf("the desk has no learner: %T", h.d.suggester())
		}
		return l
	}
	settled := func() {
		t.Helper()
		c, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		if err := learner().Wait(c); err != nil {
			t.Fatal(err)
		}
		h.d.jobs.wait()
	}
	barSays := func(want string) bool {
		deadline := time.Now().Add(5 * time.Second)
		for time.Now().Before(deadline) {
			h.d.jobs.wait() // the learner's news reaches the bar on the UI goroutine
			if strings.Contains(h.d.bar.modelText(), want) {
				return true
			}
			time.Sleep(10 * time.Millisecond)
		}
		return false
	}
	if !barSays("Model: nothing learned yet · rules lead") {
		t.Fatalf("a new project's bar: %q", h.d.bar.modelText())
	}

	const reviewed = 8
	modelHits := 0
	for i := 0; i < reviewed; i++ {
		id := fmt.Sprintf("d%02d", i)
		if h.d.doc.ID != id {
			t.Fatalf("%s open, want %s", h.d.doc.ID, id)
		}
		want := map[[2]int]bool{}
		for _, g := range gold[id] {
			want[[2]int{g.Start, g.End}] = true
		}
		// Review every suggestion as the keys Enter and Delete do.
		for {
			var next *Mark
			for _, m := range h.ed().Marks() {
				if m.Kind == MarkSuggestion {
					next = &m
					break
				}
			}
			if next == nil {
				break
			}
			if k := [2]int{next.Start, next.End}; want[k] && next.Label == "DRUG" {
				h.d.onAccept(*next)
				delete(want, k)
				modelHits++
			} else {
				h.d.onRemove(*next)
			}
			h.wantSaved()
		}
		for _, g := range gold[id] {
			if want[[2]int{g.Start, g.End}] {
				h.d.onAddSpan(g.Start, g.End, "DRUG")
				h.wantSaved()
			}
		}
		settled()
		shortcut(h.ed(), fyne.KeyReturn, ctrl) // done, and on to the next
		settled()
	}
	st := learner().Status()
	t.Logf("after %d documents: %s; %d model suggestions accepted", reviewed, project.Describe(st), modelHits)
	if st.Documents != reviewed || st.Sentences != 2*reviewed || st.Leader != annotate.SourceModel || st.ModelF1 <= st.RulesF1 {
		t.Fatalf("after %d documents the model should lead: %+v", reviewed, st)
	}
	if modelHits == 0 {
		t.Error("the reviewer never saw a right DRUG suggestion")
	}
	if !barSays("model leads") || !barSays(fmt.Sprintf("%d done", reviewed)) {
		t.Fatalf("the bar says %q", h.d.bar.modelText())
	}
	// The document now open (never reviewed, an unseen drug) gets the
	// model's DRUG suggestions.
	id := h.d.doc.ID
	h.d.resuggest(h.d.doc, true)
	h.d.jobs.wait()
	found := 0
	for _, s := range h.d.sugs {
		for _, g := range gold[id] {
			if s.Start == g.Start && s.End == g.End && s.Label == "DRUG" && s.Source == annotate.SourceModel {
				found++
			}
		}
	}
	if found == 0 {
		t.Fatalf("%s: no DRUG suggestion from the model: %+v", id, h.d.sugs)
	}

	// Documents imported done are learned from.
	in := filepath.Join(t.TempDir(), "done.jsonl")
	var b strings.Builder
	for i := 11; i < 14; i++ {
		text, spans := testcorpus.DrugArticle(i, testcorpus.Drugs[i])
		fmt.Fprintf(&b, `{"id":"imported-%d","text":%q,"spans":[{"start":%d,"end":%d,"label":"DRUG"},{"start":%d,"end":%d,"label":"DRUG"}],"annotator":"carol","status":"done"}`+"\n",
			i, text, spans[0].Start, spans[0].End, spans[1].Start, spans[1].End)
	}
	if err := os.WriteFile(in, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	h.d.runImport(importOptions{Path: in, Format: "auto"})
	h.d.jobs.wait()
	settled()
	if st := learner().Status(); st.Documents != reviewed+3 {
		t.Fatalf("after importing 3 done documents the model learned from %d", st.Documents)
	}
	if !barSays(fmt.Sprintf("%d done", reviewed+3)) {
		t.Fatalf("the bar says %q after the import", h.d.bar.modelText())
	}

	// Closing the project stores the model in the project file.
	h.d.closeProject()
	if h.d.bar.modelText() != "" {
		t.Errorf("the bar still shows the closed project's model: %q", h.d.bar.modelText())
	}
	db, err = storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m, err := db.LoadModel(ctx, project.TaggerModel)
	if err != nil || m.Examples != 2*(reviewed+3) {
		t.Fatalf("stored model: %v, %d sentences", err, m.Examples)
	}
}

// goldspan FILE.goldspan opens that project, not the last one.
func TestDepsProjectOpensThatProject(t *testing.T) {
	first := newMemProject(t)
	other := memProject(t, "other.goldspan", []annotate.Record{{Doc: annotate.Document{ID: "o1", Text: "另一個項目。"}}})
	h := newHarness(t, first, "alice") // remembered as the last project
	h.d.jobs.wait()
	h.d.closeProject()
	h.startDesk(Deps{Open: openStore, Project: other})
	h.d.start()
	h.d.jobs.wait()
	if h.d.path != other || h.d.doc.ID != "o1" {
		t.Fatalf("opened %s on %q, want %s", h.d.path, h.d.doc.ID, other)
	}
}

// The model's status keeps its full width on a wide bar and gives way
// (ellipsis) on a narrow one, leaving the message at least a third.
func TestStatusBarMakesRoomForTheModel(t *testing.T) {
	useTestApp(t)
	b := newStatusBar(nil)
	b.setMessage("Accepted ORG “南岭市交通运输局”")
	b.setModel(annotate.LearnerStatus{Leader: annotate.SourceModel, Sentences: 196, Documents: 40, Scored: 20, ModelF1: 75.4, RulesF1: 70.3})
	lay := messageAndModel{b.model}
	natural := lay.naturalWidth()
	if natural < 200 {
		t.Fatalf("natural width %.0f for %q", natural, b.model.Text)
	}
	objs := []fyne.CanvasObject{b.message, b.model}
	lay.Layout(objs, fyne.NewSize(1000, 36))
	if b.model.Size().Width != natural || b.model.Position().X != 1000-natural || b.message.Size().Width != 1000-natural {
		t.Errorf("wide: model %v at %v, message %v", b.model.Size(), b.model.Position(), b.message.Size())
	}
	lay.Layout(objs, fyne.NewSize(300, 36))
	if b.model.Size().Width != 200 || b.message.Size().Width != 100 {
		t.Errorf("narrow: model %v, message %v", b.model.Size(), b.message.Size())
	}
	b.setModel(annotate.LearnerStatus{})
	if lay.naturalWidth() != 0 || b.modelText() != "" {
		t.Errorf("a hidden model still takes %.0f", lay.naturalWidth())
	}
}
