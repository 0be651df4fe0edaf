package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"goldspan/annotate"
	"goldspan/internal/fake"
	"goldspan/storage"
)

// The articles of the test project; each comes with machine suggestions.
var (
	textA = "俄羅斯國防部發言人週二表示，特朗普（Donald Trump）將於2025年9月23日抵達北京。"
	textB = "新华社北京9月23日电 国家主席习近平在人民大会堂会见联合国秘书长古特雷斯。"
	textC = "臺北市政府今日宣布，捷運環狀線北環段將於2026年動工。"
)

// runes returns the code point range of the first sub in text.
func runes(t testing.TB, text, sub string) (int, int) {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in %q", sub, text)
	}
	s := annotate.RuneLen(text[:i])
	return s, s + annotate.RuneLen(sub)
}

func sug(t testing.TB, text, sub, label string) annotate.Suggestion {
	s, e := runes(t, text, sub)
	return annotate.Suggestion{Start: s, End: e, Label: label, Source: "dictionary", Score: 0.9}
}

// The test projects. A project is either a real SQLite file (writeProject,
// newProject) or an in-memory fake (memProject, newMemProject) reached
// through a path the tests' openStore knows. Tests use the fake unless the
// file is the point: backups and restore, the session claim, reopening
// after a restart, files on disk, the model stored in the project, the
// real suggester on real storage.

// testRecords are the three articles of the test project, each with its
// suggestions.
func testRecords(t testing.TB) []annotate.Record {
	t.Helper()
	return []annotate.Record{
		{Doc: annotate.Document{ID: "a1", Text: textA}, Suggestions: []annotate.Suggestion{
			sug(t, textA, "特朗普", "PER"), sug(t, textA, "北京", "LOC"), sug(t, textA, "2025年9月23日", "TIME")}},
		{Doc: annotate.Document{ID: "b2", Text: textB}, Suggestions: []annotate.Suggestion{
			sug(t, textB, "新华社", "ORG"), sug(t, textB, "习近平", "PER")}},
		{Doc: annotate.Document{ID: "c3", Text: textC}, Suggestions: []annotate.Suggestion{
			sug(t, textC, "臺北市政府", "ORG")}},
	}
}

// newProject writes the test project to a file and returns its path.
func newProject(t testing.TB) string {
	t.Helper()
	return writeProject(t, "test.goldspan", testRecords(t))
}

// newMemProject is the test project in memory; it returns its path.
func newMemProject(t testing.TB) string {
	t.Helper()
	return memProject(t, "test.goldspan", testRecords(t))
}

// writeProject writes a new project file called name in a temp folder,
// holding recs (imported in one transaction), and returns its path.
func writeProject(t testing.TB, name string, recs []annotate.Record) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	importRecords(t, db, recs)
	return path
}

// memPrefix starts the path of every in-memory project.
const memPrefix = "mem:"

// memProjects are the in-memory projects of the tests, by path. Closing a
// fake changes nothing, so a path opens the same project again and again,
// as a file would.
var memProjects = struct {
	sync.Mutex
	byPath map[string]*fake.Store
}{byPath: map[string]*fake.Store{}}

// memProject makes an in-memory project holding recs (imported in one
// transaction) for the test and returns its path, mem:<test>/<name> (with
// a number before name if the test has one of that name already): its
// base name is name, as a file's would be. The project is forgotten when
// the test ends.
func memProject(t testing.TB, name string, recs []annotate.Record) string {
	t.Helper()
	st := fake.New()
	importRecords(t, st, recs)
	memProjects.Lock()
	defer memProjects.Unlock()
	path := memPrefix + t.Name() + "/" + name
	for i := 2; memProjects.byPath[path] != nil; i++ {
		path = fmt.Sprintf("%s%s/%d/%s", memPrefix, t.Name(), i, name)
	}
	memProjects.byPath[path] = st
	t.Cleanup(func() {
		memProjects.Lock()
		defer memProjects.Unlock()
		delete(memProjects.byPath, path)
	})
	return path
}

// importRecords imports recs into st in one transaction.
func importRecords(t testing.TB, st annotate.Project, recs []annotate.Record) {
	t.Helper()
	imp, err := st.BeginImport(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer imp.Rollback()
	for _, r := range recs {
		if err := imp.Add(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := imp.Commit(); err != nil {
		t.Fatal(err)
	}
}

// openStore is Deps.Open of the tests: the in-memory project registered
// at a mem: path, else the project file on the real storage.
func openStore(path string) (annotate.Project, error) {
	if strings.HasPrefix(path, memPrefix) {
		memProjects.Lock()
		defer memProjects.Unlock()
		if st := memProjects.byPath[path]; st != nil {
			return st, nil
		}
		return nil, fmt.Errorf("no in-memory project %s", path)
	}
	db, err := storage.Open(path)
	if err != nil {
		return nil, err
	}
	return db, nil
}

// openTest opens the project at path (a file or an in-memory one) apart
// from the desk, to see what is really stored; close it when done.
func openTest(t testing.TB, path string) annotate.Project {
	t.Helper()
	st, err := openStore(path)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// harness is the main window on a test app, against a test project.
type harness struct {
	t    testing.TB
	a    fyne.App
	w    fyne.Window
	d    *desk
	path string
}

// newHarness starts the desk on a new test app, with reviewer remembered
// unless it is empty, and opens path (unless it is empty).
func newHarness(t testing.TB, path, reviewer string) *harness {
	a := useTestApp(t)
	if reviewer != "" {
		a.Preferences().SetString(prefReviewer, reviewer)
	}
	h := &harness{t: t, a: a, path: path}
	h.startDesk(Deps{Open: openStore})
	if path != "" {
		h.d.openProject(path)
		h.d.jobs.wait()
	}
	return h
}

// startDesk builds a new main window on h's app.
func (h *harness) startDesk(deps Deps) {
	h.w = test.NewTempWindow(h.t, nil)
	h.w.SetPadded(false)
	h.d = newDesk(h.a, h.w, deps)
	h.d.jobs.queue = true // results run in h.d.jobs.wait(), on the test's goroutine
	h.d.now = func() time.Time { return time.Date(2025, 9, 23, 10, 30, 0, 0, time.UTC) }
	h.w.SetContent(h.d.buildUI())
	h.w.SetMainMenu(h.d.buildMenu())
	h.w.Resize(fyne.NewSize(1100, 640))
	h.t.Cleanup(h.d.closeProject)
}

// restart closes the window and opens a new one on the same app, as if the
// program had been started again.
func (h *harness) restart() {
	h.d.jobs.wait()
	h.d.closeProject()
	h.startDesk(Deps{Open: openStore})
	h.d.start()
	h.d.jobs.wait()
}

func (h *harness) ed() *SpanEditor { return h.d.editor }

// spans opens the project separately, to see what is really stored, and
// lists alice's spans on docID.
func (h *harness) spans(docID string) string {
	h.t.Helper()
	db := openTest(h.t, h.path)
	defer db.Close()
	spans, err := db.Spans(context.Background(), docID, "alice")
	if err != nil {
		h.t.Fatal(err)
	}
	var out []string
	for _, s := range spans {
		out = append(out, fmt.Sprintf("%s[%d,%d)%s", s.Label, s.Start, s.End, s.Origin))
	}
	return strings.Join(out, " ")
}

func (h *harness) status(docID string) annotate.Status {
	h.t.Helper()
	st, err := h.d.st.Status(context.Background(), docID, "alice")
	if err != nil {
		h.t.Fatal(err)
	}
	return st
}

func (h *harness) suggestions(docID string) string {
	h.t.Helper()
	sugs, err := h.d.st.Suggestions(context.Background(), docID, "alice")
	if err != nil {
		h.t.Fatal(err)
	}
	var out []string
	for _, s := range sugs {
		out = append(out, fmt.Sprintf("%s[%d,%d)", s.Label, s.Start, s.End))
	}
	return strings.Join(out, " ")
}

// selectMark selects the mark of kind over sub with the mouse.
func (h *harness) click(i int) {
	test.TapCanvas(h.w.Canvas(), charPoint(h.ed(), i, false))
}

func (h *harness) wantSaved() {
	h.t.Helper()
	if !h.d.bar.isSaved() {
		h.t.Errorf("no saved mark after the edit (status bar says %q)", h.d.bar.saved.Text)
	}
	if h.d.lastError != "" {
		h.t.Errorf("an error was shown: %s", h.d.lastError)
	}
}

func TestReviewFlowIsStored(t *testing.T) {
	h := newHarness(t, newProject(t), "alice")
	e := h.ed()
	if !h.d.hasDoc || h.d.doc.ID != "a1" || e.Text() != textA {
		t.Fatalf("the first document is not open: %q", h.d.doc.ID)
	}
	if h.d.bar.isSaved() {
		t.Errorf("saved mark before any edit")
	}
	if got := len(e.Marks()); got != 3 {
		t.Fatalf("%d marks shown, want the 3 suggestions", got)
	}

	// Drag over 俄羅斯國防部 and press 3 (ORG); then 俄羅斯 inside it and 2 (LOC).
	dragSelect(h.w, e, 0, 6)
	test.Type(e, "3")
	h.wantSaved()
	dragSelect(h.w, e, 0, 3)
	test.Type(e, "2")
	if got := h.spans("a1"); got != "LOC[0,3)manual ORG[0,6)manual" {
		t.Fatalf("stored after labelling with keys: %q", got)
	}
	if h.status("a1") != annotate.StatusInProgress {
		t.Errorf("status %q after the first edit, want in-progress", h.status("a1"))
	}
	if m, ok := e.SelectedMark(); !ok || m.Label != "LOC" || m.Kind != MarkSpan {
		t.Errorf("the new span is not selected: %v", m)
	}

	// Tab to the suggestion on 特朗普 and accept it with Enter: the next
	// suggestion is selected.
	ts, te := runes(t, textA, "特朗普")
	for range 5 {
		if m, _ := e.SelectedMark(); m.Kind == MarkSuggestion && m.Start == ts {
			break
		}
		key(e, fyne.KeyTab)
	}
	key(e, fyne.KeyReturn)
	h.wantSaved()
	if got := h.spans("a1"); !strings.Contains(got, fmt.Sprintf("PER[%d,%d)suggestion", ts, te)) {
		t.Fatalf("accepted suggestion not stored: %q", got)
	}
	m, ok := e.SelectedMark()
	if !ok || m.Kind != MarkSuggestion || m.Label != "TIME" {
		t.Fatalf("after Enter the next suggestion is not selected: %v", m)
	}
	// Reject it with Delete, relabel the next one with 3 (accepts it as ORG).
	key(e, fyne.KeyDelete)
	h.wantSaved()
	if got := h.suggestions("a1"); strings.Contains(got, "TIME") {
		t.Fatalf("rejected suggestion still open: %q", got)
	}
	m, _ = e.SelectedMark()
	if m.Kind != MarkSuggestion || m.Label != "LOC" {
		t.Fatalf("after Delete the next mark is not selected: %v", m)
	}
	test.Type(e, "3")
	bs, be := runes(t, textA, "北京")
	if got := h.spans("a1"); !strings.Contains(got, fmt.Sprintf("ORG[%d,%d)suggestion-edited", bs, be)) {
		t.Fatalf("suggestion accepted as another label not stored: %q", got)
	}
	if got := h.suggestions("a1"); got != "" {
		t.Fatalf("suggestions still open: %q", got)
	}

	// Click the inner span 俄羅斯 and delete it; undo brings it back, redo removes it, undo again.
	h.click(1)
	if m, _ := e.SelectedMark(); m.Label != "LOC" {
		t.Fatalf("click on 羅 selected %v", m)
	}
	key(e, fyne.KeyBackspace)
	if got := h.spans("a1"); strings.Contains(got, "LOC[0,3)") {
		t.Fatalf("deleted span still stored: %q", got)
	}
	e.TypedShortcut(shortcutUndo)
	if got := h.spans("a1"); !strings.Contains(got, "LOC[0,3)") {
		t.Fatalf("undo did not restore the span: %q", got)
	}
	if m, _ := e.SelectedMark(); m.Label != "LOC" || m.Start != 0 || m.End != 3 {
		t.Errorf("undo did not select the restored span: %v", m)
	}
	e.TypedShortcut(shortcutRedo)
	if got := h.spans("a1"); strings.Contains(got, "LOC[0,3)") {
		t.Fatalf("redo did not delete the span again: %q", got)
	}
	e.TypedShortcut(shortcutUndo)
	wantA := fmt.Sprintf("LOC[0,3)manual ORG[0,6)manual PER[%d,%d)suggestion ORG[%d,%d)suggestion-edited", ts, te, bs, be)
	if got := h.spans("a1"); got != wantA {
		t.Fatalf("stored %q, want %q", got, wantA)
	}

	// Alt+Right grows the selected span by one character.
	e.SelectMark(Mark{Kind: MarkSpan, ID: spanID(t, h, "a1", "LOC")})
	shortcut(e, fyne.KeyRight, fyne.KeyModifierAlt)
	if got := h.spans("a1"); !strings.Contains(got, "LOC[0,4)") {
		t.Fatalf("Alt+Right did not resize: %q", got)
	}
	shortcut(e, fyne.KeyLeft, fyne.KeyModifierAlt)

	// Ctrl+Enter marks the document done and opens the next one to do.
	shortcut(e, fyne.KeyReturn, ctrl)
	h.d.jobs.wait()
	if h.status("a1") != annotate.StatusDone {
		t.Fatalf("a1 is %q after Ctrl+Enter", h.status("a1"))
	}
	if h.d.doc.ID != "b2" || e.Text() != textB {
		t.Fatalf("Ctrl+Enter opened %q, want b2", h.d.doc.ID)
	}
	if got := h.d.bar.done.Text; got != "Done 1 / 3" {
		t.Errorf("status bar: %q", got)
	}
	if got := h.d.bar.position.Text; got != "Document 2 of 3" {
		t.Errorf("status bar: %q", got)
	}
	// Accept every suggestion of b2 with A.
	test.Type(e, "a")
	ps, pe := runes(t, textB, "习近平")
	if got := h.spans("b2"); got != fmt.Sprintf("ORG[0,3)suggestion PER[%d,%d)suggestion", ps, pe) {
		t.Fatalf("A stored %q", got)
	}

	// Restart: the last document is open again, everything is as it was
	// left, and undo still works from the stored log.
	h.restart()
	e = h.ed()
	if h.d.doc.ID != "b2" || h.d.annotator != "alice" {
		t.Fatalf("after a restart %q is open for %q, want b2 for alice", h.d.doc.ID, h.d.annotator)
	}
	if got := len(e.Marks()); got != 2 {
		t.Errorf("after a restart b2 shows %d marks, want its 2 spans", got)
	}
	key(e, fyne.KeyPageUp)
	if h.d.doc.ID != "a1" {
		t.Fatalf("PageUp opened %q, want a1", h.d.doc.ID)
	}
	if got := h.spans("a1"); got != wantA {
		t.Fatalf("after a restart a1 has %q, want %q", got, wantA)
	}
	e.TypedShortcut(shortcutUndo) // the last action on a1 was "done"
	if h.status("a1") != annotate.StatusInProgress {
		t.Errorf("undo after a restart left a1 %q, want in-progress", h.status("a1"))
	}
	e.TypedShortcut(shortcutUndo) // then Alt+Left
	e.TypedShortcut(shortcutUndo) // then Alt+Right
	if got := h.spans("a1"); got != wantA {
		t.Errorf("after undoing the resize: %q", got)
	}
	key(e, fyne.KeyPageDown)
	key(e, fyne.KeyPageDown)
	if h.d.doc.ID != "c3" {
		t.Errorf("PageDown twice opened %q, want c3", h.d.doc.ID)
	}
}

// spanID returns the id of alice's span labelled label on doc.
func spanID(t *testing.T, h *harness, docID, label string) int64 {
	spans, err := h.d.st.Spans(context.Background(), docID, "alice")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range spans {
		if s.Label == label {
			return s.ID
		}
	}
	t.Fatalf("no %s span on %s", label, docID)
	return 0
}

func TestErrorsShowTheDomainMessage(t *testing.T) {
	h := newHarness(t, newMemProject(t), "alice")
	e := h.ed()
	dragSelect(h.w, e, 0, 3)
	test.Type(e, "1")
	h.wantSaved()
	dragSelect(h.w, e, 0, 3)
	test.Type(e, "1") // the same span again: refused
	if !strings.Contains(h.d.lastError, "already") && !strings.Contains(strings.ToLower(h.d.lastError), "exist") {
		t.Errorf("error shown: %q", h.d.lastError)
	}
	if h.d.bar.isSaved() || h.d.bar.saved.Text != "Not saved" {
		t.Errorf("status bar after a refused edit: %q", h.d.bar.saved.Text)
	}
	if got := h.spans("a1"); got != "PER[0,3)manual" {
		t.Errorf("stored %q", got)
	}
}

func TestUndoWithNothingToUndo(t *testing.T) {
	h := newHarness(t, newMemProject(t), "alice")
	h.ed().TypedShortcut(shortcutUndo)
	if h.d.lastError != "" {
		t.Errorf("undo with nothing to undo showed an error: %s", h.d.lastError)
	}
	if !strings.Contains(strings.ToLower(h.d.bar.message.Text), "nothing") {
		t.Errorf("status message %q", h.d.bar.message.Text)
	}
}

func TestFirstStartAsksTheReviewerName(t *testing.T) {
	path := newMemProject(t)
	a := useTestApp(t)
	h := &harness{t: t, a: a, path: path}
	h.startDesk(Deps{Open: openStore, DemoPath: func() (string, error) { return path, nil }})
	h.d.start()
	h.d.jobs.wait()
	if h.d.nameEntry == nil {
		t.Fatalf("no name dialog on first start")
	}
	if h.d.hasDoc {
		t.Errorf("a document is open before the reviewer gave a name")
	}
	test.Type(h.d.nameEntry, "gold")
	h.d.nameSubmit()
	if h.d.annotator != "" {
		t.Fatalf("the reserved name gold was accepted")
	}
	h.d.nameEntry.SetText("")
	test.Type(h.d.nameEntry, "bob")
	h.d.nameSubmit()
	h.d.jobs.wait()
	if h.d.annotator != "bob" || a.Preferences().String(prefReviewer) != "bob" {
		t.Fatalf("annotator %q, preference %q", h.d.annotator, a.Preferences().String(prefReviewer))
	}
	if !h.d.hasDoc || h.d.doc.ID != "a1" {
		t.Fatalf("the demo project's first document is not open")
	}
	if a.Preferences().String(prefLastProject) != path {
		t.Errorf("last project not remembered")
	}
	if got := h.d.bar.annotator.Text; got != "Annotator: bob" {
		t.Errorf("status bar: %q", got)
	}
	// Switching annotator shows the other reviewer's work.
	dragSelect(h.w, h.ed(), 0, 3)
	test.Type(h.ed(), "2")
	h.d.showReviewerDialog(false)
	h.d.nameEntry.SetText("alice")
	h.d.nameSubmit()
	h.d.jobs.wait()
	if h.d.annotator != "alice" || len(h.d.spans) != 0 || len(h.d.sugs) != 3 {
		t.Errorf("after switching to alice: %q with %d spans and %d suggestions", h.d.annotator, len(h.d.spans), len(h.d.sugs))
	}
}

func TestListFilterAndSearch(t *testing.T) {
	h := newHarness(t, newMemProject(t), "alice")
	l := h.d.list
	if l.count != 3 {
		t.Fatalf("list shows %d documents", l.count)
	}
	shortcut(h.ed(), fyne.KeyReturn, ctrl) // a1 done, its suggestions rejected at the gate
	test.Type(h.d.gate, "r")
	h.d.jobs.wait()
	l.filter.SetSelected("Done")
	h.d.jobs.wait()
	if s, ok := l.row(0); l.count != 1 || !ok || s.ID != "a1" || s.Status != annotate.StatusDone {
		t.Fatalf("done filter: %d rows, first %v", l.count, s)
	}
	l.filter.SetSelected("To do")
	h.d.jobs.wait()
	if l.count != 2 {
		t.Errorf("to-do filter: %d rows", l.count)
	}
	l.filter.SetSelected("All")
	test.Type(l.search, "習近平")
	h.d.jobs.wait()
	if l.count != 0 {
		t.Errorf("search for traditional 習近平 found %d", l.count)
	}
	l.search.SetText("")
	test.Type(l.search, "习近平")
	h.d.jobs.wait()
	if s, ok := l.row(0); l.count != 1 || !ok || s.ID != "b2" {
		t.Errorf("search by text: %d rows, first %v", l.count, s)
	}
	l.search.SetText("c3")
	h.d.jobs.wait()
	if s, ok := l.row(0); l.count != 1 || !ok || s.ID != "c3" {
		t.Errorf("search by id: %d rows, first %v", l.count, s)
	}
	// Choosing a row opens it.
	l.list.Select(0)
	if h.d.doc.ID != "c3" || h.ed().Text() != textC {
		t.Errorf("selecting the row opened %q", h.d.doc.ID)
	}
}

func TestPaletteLabelsTheSelection(t *testing.T) {
	h := newHarness(t, newMemProject(t), "alice")
	if len(h.d.palette.buttons) != 4 {
		t.Fatalf("palette has %d buttons", len(h.d.palette.buttons))
	}
	dragSelect(h.w, h.ed(), 7, 9)
	test.Tap(h.d.palette.buttons[2]) // ORG
	if got := h.spans("a1"); got != "ORG[7,9)manual" {
		t.Errorf("palette button stored %q", got)
	}
	test.Tap(h.d.palette.buttons[3]) // relabels the selected span
	if got := h.spans("a1"); got != "TIME[7,9)manual" {
		t.Errorf("palette button on a span stored %q", got)
	}
}

func TestLabelEveryOccurrence(t *testing.T) {
	text := "北京和北京，还有北京大学。"
	h := newHarness(t, memProject(t, "p.goldspan", []annotate.Record{{Doc: annotate.Document{ID: "x", Text: text}}}), "alice")
	e := h.ed()
	dragSelect(h.w, e, 0, 2)
	shortcut(e, "2", ctrl)
	if got := h.spans("x"); got != "LOC[0,2)manual LOC[3,5)manual LOC[8,10)manual" {
		t.Errorf("Ctrl+2 stored %q", got)
	}
	shortcut(e, fyne.KeyE, ctrl) // again: nothing left to label
	if got := h.spans("x"); got != "LOC[0,2)manual LOC[3,5)manual LOC[8,10)manual" {
		t.Errorf("Ctrl+E stored %q", got)
	}
}

func TestZoomIsRemembered(t *testing.T) {
	h := newHarness(t, newProject(t), "alice")
	size := h.ed().geo.textSize
	shortcut(h.ed(), fyne.KeyEqual, ctrl)
	if got := h.a.Preferences().Float(prefTextScale); got < 1.05 {
		t.Fatalf("text scale preference %v after Ctrl+plus", got)
	}
	h.ed().Refresh()
	if h.ed().geo.textSize <= size {
		t.Errorf("text size %v after Ctrl+plus, was %v", h.ed().geo.textSize, size)
	}
	h.restart()
	if got := h.d.theme.TextScale(); got < 1.05 {
		t.Errorf("text scale %v after a restart", got)
	}
	shortcut(h.ed(), fyne.KeyMinus, ctrl)
	if got := h.a.Preferences().Float(prefTextScale); got != 1 {
		t.Errorf("text scale preference %v after Ctrl+minus", got)
	}
}

func TestImportAndExportFromTheGUI(t *testing.T) {
	h := newHarness(t, newMemProject(t), "alice")
	dir := t.TempDir()
	in := filepath.Join(dir, "more.jsonl")
	var b strings.Builder
	for i := range 5 {
		fmt.Fprintf(&b, `{"id":"n%d","text":"第%d篇：上海市政府發布新規。","spans":[{"start":3,"end":8,"label":"ORG"}],"annotator":"carol"}`+"\n", i, i)
	}
	if err := os.WriteFile(in, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	h.d.runImport(importOptions{Path: in, Format: "auto"})
	h.d.jobs.wait()
	if h.d.lastError != "" {
		t.Fatalf("import failed: %s", h.d.lastError)
	}
	if h.d.busy != "" {
		t.Errorf("still busy after the import")
	}
	if h.d.list.count != 8 {
		t.Errorf("list shows %d documents after importing 5 more", h.d.list.count)
	}
	if !strings.Contains(h.d.bar.message.Text, "Imported 5 documents (5 new), 5 spans") {
		t.Errorf("message %q", h.d.bar.message.Text)
	}

	out := filepath.Join(dir, "out.jsonl")
	h.d.runExport(exportOptions{Path: out, Format: "gold", Filter: annotate.ExportFilter{Annotator: "carol"}})
	h.d.jobs.wait()
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("export wrote nothing: %v (%s)", err, h.d.lastError)
	}
	if n := strings.Count(string(data), "\n"); n != 8 {
		t.Errorf("export has %d lines, want 8", n)
	}
	if !strings.Contains(string(data), `"annotator":"carol"`) || !strings.Contains(string(data), `"label":"ORG"`) {
		t.Errorf("export lacks carol's spans: %.300s", data)
	}

	// A bad file changes nothing and says which line is wrong.
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"id":"z1","text":"好"}`+"\n"+`{"id":"z2","text":"壞","spans":[{"start":0,"end":5,"label":"PER"}]}`+"\n"), 0o600)
	h.d.runImport(importOptions{Path: bad, Format: "auto", Annotator: "alice"})
	h.d.jobs.wait()
	if !strings.Contains(h.d.lastError, "bad.jsonl line 2") {
		t.Errorf("bad import error: %q", h.d.lastError)
	}
	if n, _ := h.d.st.CountDocuments(context.Background(), annotate.DocumentFilter{}); n != 8 {
		t.Errorf("%d documents after a failed import", n)
	}
}

func TestImportCancel(t *testing.T) {
	h := newHarness(t, newMemProject(t), "alice")
	in := filepath.Join(t.TempDir(), "big.txt")
	var b strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&b, "第%d行：臺北市政府今日宣布新政策。\n", i)
	}
	os.WriteFile(in, []byte(b.String()), 0o600)
	p := h.d.runImport(importOptions{Path: in, Format: "auto", Lines: true})
	test.Tap(p.stop)
	h.d.jobs.wait()
	if n, _ := h.d.st.CountDocuments(context.Background(), annotate.DocumentFilter{}); n != 3 {
		t.Errorf("%d documents after a cancelled import, want 3", n)
	}
	if h.d.lastError != "" || !strings.Contains(h.d.bar.message.Text, "cancelled") {
		t.Errorf("after cancelling: error %q, message %q", h.d.lastError, h.d.bar.message.Text)
	}
	if h.d.busy != "" {
		t.Errorf("still busy after cancelling")
	}
}

func TestLabelDialogsChangeTheProject(t *testing.T) {
	h := newHarness(t, newMemProject(t), "alice")
	if !h.d.putLabel(annotate.Label{Name: "PRODUCT", Color: "#8e44ad", Hotkey: "5"}) {
		t.Fatalf("adding a label failed: %s", h.d.lastError)
	}
	if len(h.d.palette.buttons) != 5 || h.d.palette.buttons[4].Text != "5  PRODUCT" {
		t.Errorf("palette after adding a label: %d buttons", len(h.d.palette.buttons))
	}
	dragSelect(h.w, h.ed(), 0, 3)
	test.Type(h.ed(), "5")
	if got := h.spans("a1"); got != "PRODUCT[0,3)manual" {
		t.Errorf("hotkey of the new label stored %q", got)
	}
	// A hotkey another label has is refused with the store's message.
	if h.d.putLabel(annotate.Label{Name: "PRODUCT", Color: "#8e44ad", Hotkey: "1"}) {
		t.Errorf("a taken hotkey was accepted")
	}
	if !strings.Contains(h.d.lastError, "1") {
		t.Errorf("error for a taken hotkey: %q", h.d.lastError)
	}
}

func TestRecentProjects(t *testing.T) {
	h := newHarness(t, newMemProject(t), "alice")
	other := newMemProject(t)
	h.d.openProject(other)
	h.d.jobs.wait()
	recent := h.a.Preferences().StringList(prefRecent)
	if len(recent) != 2 || recent[0] != other || recent[1] != h.path {
		t.Fatalf("recent projects %v", recent)
	}
	if items := h.d.recent.ChildMenu.Items; len(items) != 2 {
		t.Fatalf("Open recent lists %d projects", len(items))
	}
	h.d.recent.ChildMenu.Items[1].Action()
	h.d.jobs.wait()
	if h.d.path != h.path {
		t.Errorf("Open recent opened %s", h.d.path)
	}
	// A project that cannot be opened is reported and dropped from the list;
	// the open project stays.
	junk := filepath.Join(t.TempDir(), "junk.goldspan")
	os.WriteFile(junk, []byte(strings.Repeat("this is not a database ", 40)), 0o600)
	h.d.openProject(junk)
	h.d.jobs.wait()
	if !strings.Contains(h.d.lastError, "junk.goldspan") {
		t.Errorf("opening a file that is not a project showed %q", h.d.lastError)
	}
	if h.d.path != h.path || h.d.st == nil {
		t.Errorf("a failed open replaced the project")
	}
	for _, p := range h.a.Preferences().StringList(prefRecent) {
		if p == junk {
			t.Errorf("the file that failed is among the recent projects")
		}
	}
}

func TestEmptyProjectAndFallbackToTheDemo(t *testing.T) {
	demo := newMemProject(t)
	a := useTestApp(t)
	a.Preferences().SetString(prefReviewer, "alice")
	// The last project is no longer a project: its error is shown and the demo opens instead.
	junk := filepath.Join(t.TempDir(), "junk.goldspan")
	os.WriteFile(junk, []byte(strings.Repeat("this is not a database ", 40)), 0o600)
	a.Preferences().SetString(prefLastProject, junk)
	h := &harness{t: t, a: a, path: demo}
	h.startDesk(Deps{Open: openStore, DemoPath: func() (string, error) { return demo, nil }})
	h.d.start()
	h.d.jobs.wait()
	if !strings.Contains(h.d.lastError, "junk.goldspan") {
		t.Errorf("error shown: %q", h.d.lastError)
	}
	if h.d.path != demo || !h.d.hasDoc {
		t.Fatalf("the demo project did not open instead: %q", h.d.path)
	}
	if got := a.Preferences().StringList(prefRecent); len(got) != 1 || got[0] != demo {
		t.Errorf("recent projects %v", got)
	}
	// File > New project creates the project in the empty file the save dialog made.
	empty := filepath.Join(t.TempDir(), "new.goldspan")
	os.WriteFile(empty, nil, 0o600)
	h.d.lastError = ""
	h.d.openProject(empty)
	h.d.jobs.wait()
	if h.d.lastError != "" || h.d.path != empty || h.d.hasDoc {
		t.Fatalf("new project: error %q, path %q, document open %v", h.d.lastError, h.d.path, h.d.hasDoc)
	}
	if len(h.d.palette.buttons) != 4 || !strings.Contains(h.ed().Placeholder, "Import") {
		t.Errorf("new project: %d labels, placeholder %q", len(h.d.palette.buttons), h.ed().Placeholder)
	}
}
