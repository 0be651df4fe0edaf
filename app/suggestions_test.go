package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"goldspan/annotate"
	"goldspan/storage"
)

// fakeSuggester suggests every occurrence of its words, with source
// "fake", and records the texts it was asked about.
type fakeSuggester struct {
	words map[string]string // surface → label
	// block, if set, runs before each text; an error it returns is the
	// result (e.g. to wait for a cancel).
	block func(ctx context.Context, text string) error

	mu    sync.Mutex
	asked []string
}

var _ annotate.Suggester = (*fakeSuggester)(nil)

// Suggest implements annotate.Suggester.
func (f *fakeSuggester) Suggest(ctx context.Context, text string, labels []annotate.Label) ([]annotate.Suggestion, error) {
	f.mu.Lock()
	f.asked = append(f.asked, text)
	f.mu.Unlock()
	if f.block != nil {
		if err := f.block(ctx, text); err != nil {
			return nil, err
		}
	}
	var out []annotate.Suggestion
	runes := []rune(text)
	for w, label := range f.words {
		wr := []rune(w)
		for i := 0; i+len(wr) <= len(runes); i++ {
			if string(runes[i:i+len(wr)]) == w {
				out = append(out, annotate.Suggestion{Start: i, End: i + len(wr), Label: label, Source: "fake", Score: 0.5})
			}
		}
	}
	return out, nil
}

// wasAsked reports whether the suggester was asked about text.
func (f *fakeSuggester) wasAsked(text string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, a := range f.asked {
		if a == text {
			return true
		}
	}
	return false
}

// withSuggester returns Deps on the test projects whose suggester is sug,
// ready once ready is closed (at once if ready is nil).
func withSuggester(sug annotate.Suggester, ready chan struct{}) Deps {
	deps := Deps{Open: openStore, Suggester: func(annotate.Project) annotate.Suggester { return sug }}
	if ready != nil {
		deps.SuggestReady = ready
		deps.Suggester = func(annotate.Project) annotate.Suggester {
			select {
			case <-ready:
				return sug
			default:
				return nil
			}
		}
	}
	return deps
}

// newDeskWith starts the desk with deps for alice and opens path.
func newDeskWith(t testing.TB, path string, deps Deps) *harness {
	a := useTestApp(t)
	a.Preferences().SetString(prefReviewer, "alice")
	h := &harness{t: t, a: a, path: path}
	h.startDesk(deps)
	h.d.openProject(path)
	h.d.jobs.wait()
	return h
}

// storedSuggestions lists alice's open suggestions on a document as
// "LABEL[start,end)source", read apart from the desk.
func storedSuggestions(t testing.TB, path, docID string) string {
	t.Helper()
	db := openTest(t, path)
	defer db.Close()
	sugs, err := db.Suggestions(context.Background(), docID, "alice")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range sugs {
		out = append(out, fmt.Sprintf("%s[%d,%d)%s", s.Label, s.Start, s.End, s.Source))
	}
	return strings.Join(out, " ")
}

// setStatus sets alice's status on a document, apart from the desk.
func setStatus(t testing.TB, path, docID string, st annotate.Status) {
	t.Helper()
	db := openTest(t, path)
	defer db.Close()
	if err := db.SetStatus(context.Background(), docID, "alice", st); err != nil {
		t.Fatal(err)
	}
}

func TestSuggestionsOnOpenForDocumentsToDo(t *testing.T) {
	path := newMemProject(t)
	setStatus(t, path, "b2", annotate.StatusDone)
	fake := &fakeSuggester{words: map[string]string{"國防部": "ORG", "人民大会堂": "LOC", "捷運": "ORG"}}
	h := newDeskWith(t, path, withSuggester(fake, nil))

	// a1 is to do: its suggestions are computed again as it opens and shown.
	if h.d.doc.ID != "a1" || !fake.wasAsked(textA) {
		t.Fatalf("a1 open %v, suggester asked about it %v", h.d.doc.ID == "a1", fake.wasAsked(textA))
	}
	s, e := runes(t, textA, "國防部")
	want := fmt.Sprintf("ORG[%d,%d)fake", s, e)
	if got := storedSuggestions(t, path, "a1"); got != want {
		t.Errorf("a1's stored suggestions %q, want %q", got, want)
	}
	if got := h.suggestions("a1"); len(h.d.sugs) != 1 || got != fmt.Sprintf("ORG[%d,%d)", s, e) {
		t.Errorf("the desk shows suggestions %q", got)
	}
	if marks := h.ed().Marks(); len(marks) != 1 || marks[0].Kind != MarkSuggestion || marks[0].Start != s {
		t.Errorf("the editor shows %v", marks)
	}

	// b2 is done: opening it changes nothing under the reviewer.
	before := storedSuggestions(t, path, "b2")
	h.d.openDocument("b2")
	h.d.jobs.wait()
	if fake.wasAsked(textB) {
		t.Errorf("the suggester was asked about b2, which is done")
	}
	if got := storedSuggestions(t, path, "b2"); got != before || !strings.Contains(got, "dictionary") {
		t.Errorf("b2's suggestions changed from %q to %q", before, got)
	}

	// A document in progress keeps its suggestions too.
	h.d.openDocument("a1")
	h.d.jobs.wait()
	key(h.ed(), fyne.KeyTab)
	key(h.ed(), fyne.KeyDelete) // rejects 國防部: a1 is in progress now
	h.wantSaved()
	fake.words["發言人"] = "PER"
	h.d.openDocument("c3")
	h.d.jobs.wait()
	h.d.openDocument("a1")
	h.d.jobs.wait()
	if got := storedSuggestions(t, path, "a1"); got != "" {
		t.Errorf("a1 in progress got new suggestions: %q", got)
	}
	// c3 was to do: computed.
	if !fake.wasAsked(textC) {
		t.Errorf("c3, to do, was not suggested for")
	}
	cs, ce := runes(t, textC, "捷運")
	if got := storedSuggestions(t, path, "c3"); got != fmt.Sprintf("ORG[%d,%d)fake", cs, ce) {
		t.Errorf("c3's suggestions %q", got)
	}

	// An import asked to suggest uses the project's suggester for the
	// documents that come without suggestions.
	in := filepath.Join(t.TempDir(), "more.jsonl")
	os.WriteFile(in, []byte(`{"id":"m1","text":"國防部今日發布消息。"}`+"\n"), 0o600)
	h.d.runImport(importOptions{Path: in, Format: "auto", Suggest: true})
	h.d.jobs.wait()
	if got := storedSuggestions(t, path, "m1"); got != "ORG[0,3)fake" || h.d.lastError != "" {
		t.Errorf("imported m1's suggestions %q (error %q)", got, h.d.lastError)
	}
}

func TestSuggestionsLoadingState(t *testing.T) {
	path := newMemProject(t)
	ready := make(chan struct{})
	fake := &fakeSuggester{words: map[string]string{"國防部": "ORG"}}
	deps := withSuggester(fake, ready)
	var loadMu sync.Mutex
	took, loaded := 3200*time.Millisecond, false
	deps.SuggestLoad = func() (time.Duration, bool) {
		loadMu.Lock()
		defer loadMu.Unlock()
		return took, loaded
	}
	h := newDeskWith(t, path, deps)

	// The window works before the dictionary is ready, and says so, and
	// for how long it has been loading.
	if !h.d.bar.isLoading() || h.d.bar.loading.Text != "Suggestions loading... 3 s" {
		t.Fatalf("status bar says %q while loading, want the seconds", h.d.bar.loading.Text)
	}
	if it := h.d.suggest.item; !it.Disabled || it.Label != suggestLoadingText() {
		t.Errorf("Suggest again while loading: %q disabled %v", it.Label, it.Disabled)
	}
	if !h.d.hasDoc || len(h.d.sugs) != 3 || fake.wasAsked(textA) {
		t.Fatalf("while loading a1 should show its 3 stored suggestions: open %v, %d suggestions", h.d.hasDoc, len(h.d.sugs))
	}
	dragSelect(h.w, h.ed(), 0, 3)
	test.Type(h.ed(), "2")
	h.wantSaved()
	h.d.onSuggestAgain()
	if !strings.Contains(h.d.bar.message.Text, "loading") {
		t.Errorf("Suggest again while loading says %q", h.d.bar.message.Text)
	}
	h.d.openDocument("c3")
	h.d.jobs.wait()

	// Ready: the bar and the menu change, the bar says how long the load
	// took, and the open document to do is suggested for at once.
	loadMu.Lock()
	took, loaded = 4700*time.Millisecond, true
	loadMu.Unlock()
	close(ready)
	h.d.jobs.watching.Wait()
	h.d.jobs.wait()
	if h.d.bar.isLoading() {
		t.Errorf("status bar still says loading")
	}
	if !slices.ContainsFunc(h.d.bar.history, func(m string) bool { return strings.HasSuffix(m, "Suggestions ready: the dictionary loaded in 4.7 s") }) {
		t.Errorf("the bar's messages %q do not say how long the dictionary took", h.d.bar.history)
	}
	if it := h.d.suggest.item; it.Disabled || it.Label != suggestAgainText() {
		t.Errorf("Suggest again once ready: %q disabled %v", it.Label, it.Disabled)
	}
	if !fake.wasAsked(textC) || fake.wasAsked(textA) {
		t.Errorf("once ready, c3 (open, to do) asked %v; a1 (in progress, not open) asked %v", fake.wasAsked(textC), fake.wasAsked(textA))
	}
	if got := storedSuggestions(t, path, "c3"); got != "" {
		t.Errorf("c3's suggestions %q, want none (the fake knows no word of it)", got)
	}
}

// tapButton taps the button with text in the window's top overlay.
func tapButton(t testing.TB, w fyne.Window, text string) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog open to tap %q in", text)
	}
	b, _ := findObject(top, func(o fyne.CanvasObject) bool {
		b, ok := o.(*widget.Button)
		return ok && b.Text == text
	}).(*widget.Button)
	if b == nil {
		t.Fatalf("no button %q in the dialog", text)
	}
	test.Tap(b)
}

// findObject returns the first visible object under o that match accepts.
func findObject(o fyne.CanvasObject, match func(fyne.CanvasObject) bool) fyne.CanvasObject {
	if o == nil || !o.Visible() {
		return nil
	}
	if match(o) {
		return o
	}
	var kids []fyne.CanvasObject
	switch x := o.(type) {
	case *fyne.Container:
		kids = x.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(x).Objects()
	}
	for _, k := range kids {
		if f := findObject(k, match); f != nil {
			return f
		}
	}
	return nil
}

// manyDocs makes an in-memory project of n short documents d0…, each with
// the word 上海.
func manyDocs(t testing.TB, n int) (string, []string) {
	t.Helper()
	var texts []string
	var recs []annotate.Record
	for i := range n {
		text := fmt.Sprintf("第%d篇：上海市今日發布新規。", i)
		texts = append(texts, text)
		recs = append(recs, annotate.Record{Doc: annotate.Document{ID: fmt.Sprintf("d%d", i), Text: text}})
	}
	return memProject(t, "many.goldspan", recs), texts
}

func TestSuggestAgainOverEveryDocumentToDo(t *testing.T) {
	path, texts := manyDocs(t, 6)
	setStatus(t, path, "d5", annotate.StatusDone)
	fake := &fakeSuggester{words: map[string]string{"上海": "LOC"}}
	h := newDeskWith(t, path, withSuggester(fake, nil))
	if h.d.doc.ID != "d0" {
		t.Fatalf("%s open, want d0", h.d.doc.ID)
	}
	// Reject the suggestion on d0 (now in progress); the fake learns a word.
	ls, le := runes(t, texts[0], "上海")
	ns, ne := runes(t, texts[0], "新規")
	loc := fmt.Sprintf("LOC[%d,%d)fake", ls, le)
	org := fmt.Sprintf("ORG[%d,%d)fake", ns, ne)
	if got := storedSuggestions(t, path, "d0"); got != loc {
		t.Fatalf("d0's suggestions on open: %q", got)
	}
	key(h.ed(), fyne.KeyTab)
	key(h.ed(), fyne.KeyDelete)
	h.wantSaved()
	fake.words["新規"] = "ORG"

	// Suggest again; the pass over the documents to do stops at d3 until cancelled.
	reached := make(chan struct{})
	fake.block = func(ctx context.Context, text string) error {
		if text != texts[3] {
			return nil
		}
		close(reached)
		<-ctx.Done()
		return ctx.Err()
	}
	h.d.onSuggestAgain()
	if !h.d.bar.task.Visible() || !h.d.suggest.item.Disabled {
		t.Errorf("no progress in the status bar, or Suggest again still enabled, while the pass runs")
	}
	select {
	case <-reached:
	case <-time.After(10 * time.Second):
		t.Fatal("the pass never reached d3")
	}
	// The window stays usable: the reviewer labels text in d0 meanwhile.
	dragSelect(h.w, h.ed(), 0, 2)
	test.Type(h.ed(), "4")
	h.wantSaved()
	test.Tap(h.d.bar.taskStop)
	h.d.jobs.wait()

	both := loc + " " + org
	if got := storedSuggestions(t, path, "d0"); got != org {
		t.Errorf("d0 (open) after Suggest again: %q, want the new word and not the rejected one", got)
	}
	for _, id := range []string{"d1", "d2"} {
		if got := storedSuggestions(t, path, id); got != both {
			t.Errorf("%s before the cancel: %q, want %q", id, got, both)
		}
	}
	for _, id := range []string{"d3", "d4"} {
		if got := storedSuggestions(t, path, id); got != "" {
			t.Errorf("%s after the cancel: %q, want none yet", id, got)
		}
	}
	if fake.wasAsked(texts[5]) {
		t.Errorf("d5, done, was suggested for")
	}
	if msg := h.d.bar.message.Text; !strings.Contains(msg, "cancelled; Suggested again: 4 added, 0 removed, 0 relabelled in 2 of 2 documents to do") {
		t.Errorf("message after cancelling: %q", msg)
	}
	if h.d.bar.task.Visible() || h.d.suggest.item.Disabled || h.d.lastError != "" {
		t.Errorf("after the cancel: progress shown %v, menu disabled %v, error %q",
			h.d.bar.task.Visible(), h.d.suggest.item.Disabled, h.d.lastError)
	}
	if len(h.d.sugs) != 1 || h.d.sugs[0].Label != "ORG" {
		t.Errorf("the open document shows %v", h.d.sugs)
	}

	// Again, to the end: every document to do but the open one.
	fake.block = nil
	h.d.suggest.item.Action()
	h.d.jobs.wait()
	for _, id := range []string{"d1", "d2", "d3", "d4"} {
		if got := storedSuggestions(t, path, id); got != both {
			t.Errorf("%s: %q, want %q", id, got, both)
		}
	}
	if got := storedSuggestions(t, path, "d5"); got != "" {
		t.Errorf("d5, done: %q", got)
	}
	// The report says what changed: d1 and d2 had theirs already.
	if msg := h.d.bar.message.Text; msg != "Suggested again: 4 added, 0 removed, 0 relabelled in 2 of 4 documents to do (Review › Undo suggest again)" {
		t.Errorf("message: %q", msg)
	}
	// One step undoes the pass: d3 and d4 are as they were before it.
	if h.d.suggest.undo.Disabled {
		t.Fatal("Undo suggest again is disabled after a pass that changed documents")
	}
	h.d.suggest.undo.Action()
	h.d.jobs.wait()
	for id, want := range map[string]string{"d1": both, "d2": both, "d3": "", "d4": ""} {
		if got := storedSuggestions(t, path, id); got != want {
			t.Errorf("%s after the undo: %q, want %q", id, got, want)
		}
	}
	if msg := h.d.bar.message.Text; msg != "Undid suggesting again: 2 documents as before" || !h.d.suggest.undo.Disabled {
		t.Errorf("after the undo: %q, undo still enabled: %v", msg, !h.d.suggest.undo.Disabled)
	}
}

// The real suggester: a name the reviewer confirms in one document is
// suggested in the next one at once, as learned.
func TestConfirmedNameIsSuggestedInTheNextDocument(t *testing.T) {
	select {
	case <-service.Ready():
	case <-time.After(2 * time.Minute):
		t.Fatal("the gse dictionary did not load")
	}
	name := "鈷澤蘭" // made up: neither gse nor the rules know it
	doc1 := "記者報道，" + name + "今天抵達會場。"
	doc2 := "昨日" + name + "與市長會面，討論合作。"
	path := filepath.Join(t.TempDir(), "learn.goldspan")
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	imp, _ := db.BeginImport(context.Background())
	for i, text := range []string{doc1, doc2} {
		if err := imp.Add(context.Background(), annotate.Record{Doc: annotate.Document{ID: fmt.Sprintf("n%d", i+1), Text: text}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := imp.Commit(); err != nil {
		t.Fatal(err)
	}
	db.Close()

	deps := Deps{
		Open:         openStore,
		Suggester:    func(st annotate.Project) annotate.Suggester { return service.Live(st) },
		SuggestReady: service.Ready(),
	}
	h := newDeskWith(t, path, deps)
	if h.d.doc.ID != "n1" {
		t.Fatalf("%s open, want n1", h.d.doc.ID)
	}
	s1, e1 := runes(t, doc1, name)
	for _, s := range h.d.sugs {
		if s.Start < e1 && s.End > s1 {
			t.Fatalf("before any confirmation %s is suggested: %+v", name, s)
		}
	}
	if got := storedSuggestions(t, path, "n2"); strings.Contains(got, "PER") {
		t.Fatalf("n2 has a person before any confirmation: %q", got)
	}

	dragSelect(h.w, h.ed(), s1, e1)
	test.Type(h.ed(), "1") // PER
	h.wantSaved()
	shortcut(h.ed(), fyne.KeyReturn, ctrl) // done (the rest rejected at the gate), and on to n2
	if h.d.gate != nil {
		test.Type(h.d.gate, "r")
	}
	h.d.jobs.wait()
	if h.d.doc.ID != "n2" {
		t.Fatalf("%s open after Ctrl+Enter, want n2", h.d.doc.ID)
	}
	s2, e2 := runes(t, doc2, name)
	var found *annotate.Suggestion
	for i, s := range h.d.sugs {
		if s.Start == s2 && s.End == e2 {
			found = &h.d.sugs[i]
		}
	}
	if found == nil || found.Label != "PER" || found.Source != "learned" {
		t.Fatalf("n2 suggestions %+v, want PER [%d,%d) learned", h.d.sugs, s2, e2)
	}
	shown := false
	for _, m := range h.ed().Marks() {
		shown = shown || (m.Kind == MarkSuggestion && m.Start == s2 && m.End == e2 && m.Label == "PER")
	}
	if !shown {
		t.Errorf("the editor does not show the learned suggestion: %v", h.ed().Marks())
	}
}
