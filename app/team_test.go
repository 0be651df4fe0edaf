package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"goldspan/annotate"
	"goldspan/internal/fake"
)

// teamStore is an in-memory project that says it is a team's (as one on
// a PostgreSQL server does), open as who.
type teamStore struct {
	annotate.Project
	who string
}

func (s *teamStore) TeamInit(context.Context, annotate.TeamOptions) error  { return nil }
func (s *teamStore) AddMember(context.Context, string, bool, string) error { return nil }
func (s *teamStore) Whoami(context.Context) (string, error)                { return s.who, nil }

var (
	_ annotate.Team    = (*teamStore)(nil)
	_ annotate.Project = (*teamStore)(nil)
)

// memStore is the in-memory project registered at path.
func memStore(t testing.TB, path string) *fake.Store {
	t.Helper()
	memProjects.Lock()
	defer memProjects.Unlock()
	st := memProjects.byPath[path]
	if st == nil {
		t.Fatalf("no in-memory project %s", path)
	}
	return st
}

// ticker stands in for the timers of the live views and the reconnect:
// what they schedule runs when the test fires it.
type ticker struct{ due []func() }

func (k *ticker) after(_ time.Duration, f func()) func() bool {
	k.due = append(k.due, f)
	return func() bool { return true } // a stopped timer's function checks its generation
}

// fire runs what is due (and not what that schedules).
func (k *ticker) fire() {
	due := k.due
	k.due = nil
	for _, f := range due {
		f()
	}
}

// newTeamHarness starts a desk whose OpenExisting opens st (or fails with
// *fail) and records the URLs it was asked for.
func newTeamHarness(t *testing.T, open func(url string) (annotate.Project, error)) *harness {
	t.Helper()
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "pgpass"))
	h := &harness{t: t, a: useTestApp(t)}
	h.startDesk(Deps{Open: openStore, OpenExisting: open})
	return h
}

func (h *harness) fillTeamDialog(c teamConn, password string) *teamDialog {
	h.t.Helper()
	v := h.d.teamDlg
	if v == nil {
		h.t.Fatal("the team dialog is not open")
	}
	for _, f := range []struct {
		e    interface{ SetText(string) }
		text string
	}{{v.host, c.Host}, {v.port, c.Port}, {v.database, c.Database}, {v.user, c.User}, {v.project, c.Project}} {
		f.e.SetText("")
	}
	test.Type(v.host, c.Host)
	test.Type(v.port, c.Port)
	test.Type(v.database, c.Database)
	test.Type(v.user, c.User)
	test.Type(v.project, c.Project)
	test.Type(v.password, password)
	return v
}

// menuItem finds an item of the main menu by its label.
func menuItem(t testing.TB, w fyne.Window, menu, label string) *fyne.MenuItem {
	t.Helper()
	for _, m := range w.MainMenu().Items {
		if m.Label != menu {
			continue
		}
		for _, it := range m.Items {
			if it.Label == label {
				return it
			}
		}
	}
	t.Fatalf("no %s › %s", menu, label)
	return nil
}

// File › Open team project…: the fields make the URL, the password goes
// only into this session's connection and, when asked, into ~/.pgpass;
// the desk shows the project as the account it connected as and
// remembers the URL without the password in Open recent, which opens it
// again (a refused login brings the dialog back, filled in).
func TestTeamDialogOpensTheProject(t *testing.T) {
	mem := newMemProject(t)
	var asked []string
	var fail error
	h := newTeamHarness(t, func(u string) (annotate.Project, error) {
		asked = append(asked, u)
		if fail != nil {
			return nil, fail
		}
		return &teamStore{Project: memStore(t, mem), who: "alice"}, nil
	})
	menuItem(t, h.w, "File", "Open team project...").Action()
	c := teamConn{Host: "db.example", Port: "6432", Database: "annotation", User: "alice", Project: "news"}
	v := h.fillTeamDialog(c, "s3:cret")
	if got := v.url.Text; got != "Opens postgres://alice@db.example:6432/annotation?project=news" {
		t.Errorf("the dialog shows %q", got)
	}
	if !strings.Contains(v.keepPgpass, os.Getenv("PGPASSFILE")) {
		t.Errorf("the choice to remember does not name the file: %q", v.keepPgpass)
	}
	v.keep.SetSelected(v.keepPgpass)
	test.Tap(v.connect)
	h.d.jobs.wait()

	bare := "postgres://alice@db.example:6432/annotation?project=news"
	if len(asked) != 1 || asked[0] != "postgres://alice:s3%3Acret@db.example:6432/annotation?project=news" {
		t.Fatalf("opened %q", asked)
	}
	if h.d.teamDlg != nil || h.d.lastError != "" {
		t.Fatalf("the dialog is still open (%q) or an error was shown (%q)", v.message.Text, h.d.lastError)
	}
	if h.d.path != bare || h.d.annotator != "alice" || !h.d.hasDoc {
		t.Fatalf("the desk shows %s as %s (document open: %v)", h.d.path, h.d.annotator, h.d.hasDoc)
	}
	if got := h.w.Title(); got != "Goldspan — news — alice@db.example:6432/annotation" {
		t.Errorf("title %q", got)
	}
	for _, s := range append(h.a.Preferences().StringList(prefRecent), h.a.Preferences().String(prefLastProject)) {
		if strings.Contains(s, "s3") {
			t.Errorf("a password in the preferences: %q", s)
		}
	}
	if h.a.Preferences().String(prefLastProject) != bare {
		t.Errorf("last project %q", h.a.Preferences().String(prefLastProject))
	}
	b, err := os.ReadFile(os.Getenv("PGPASSFILE"))
	if err != nil || string(b) != `db.example:6432:annotation:alice:s3\:cret`+"\n" {
		t.Errorf("~/.pgpass holds %q (%v)", b, err)
	}
	recent := menuItem(t, h.w, "File", "Open recent").ChildMenu.Items
	if len(recent) == 0 || recent[0].Label != "news — alice@db.example:6432/annotation" {
		t.Fatalf("Open recent lists %v", recent)
	}

	// Open recent, now without a password (the driver reads ~/.pgpass);
	// the server refuses it: the dialog asks again, filled in.
	fail = annotate.Errorf(annotate.EINVALID, "cannot log in to %s: password authentication failed for user \"alice\"", bare)
	recent[0].Action()
	h.d.jobs.wait()
	if asked[len(asked)-1] != bare {
		t.Errorf("Open recent opened %q", asked[len(asked)-1])
	}
	v = h.d.teamDlg
	if v == nil {
		t.Fatal("a refused login did not bring the dialog back")
	}
	if v.host.Text != "db.example" || v.port.Text != "6432" || v.user.Text != "alice" || v.project.Text != "news" || v.password.Text != "" {
		t.Errorf("the dialog is filled in with %q %q %q %q", v.host.Text, v.port.Text, v.user.Text, v.project.Text)
	}
	if !strings.Contains(v.message.Text, "The server did not let alice in") {
		t.Errorf("the dialog says %q", v.message.Text)
	}
	if !strings.Contains(strings.Join(h.a.Preferences().StringList(prefRecent), " "), bare) {
		t.Error("a refused login forgot the team project")
	}
	v.dlg.Hide()

	// A new File › Open team project… is filled in from the recent one.
	h.d.onOpenTeamProject()
	if v := h.d.teamDlg; v == nil || v.database.Text != "annotation" || v.port.Text != "6432" {
		t.Errorf("not filled in from Open recent")
	}
}

// What the dialog says when the project does not open: the server does
// not answer, the password is wrong, there is no such database or
// project, the account is not in the team; the dialog stays open, nothing
// is remembered and no password written. Wrong fields are refused before
// connecting.
func TestTeamDialogSaysWhatWentWrong(t *testing.T) {
	url := "postgres://bob@db:5432/ann?project=news"
	var fail error
	opened := 0
	h := newTeamHarness(t, func(string) (annotate.Project, error) {
		opened++
		return nil, fail
	})
	c := teamConn{Host: "db", Port: "5432", Database: "ann", User: "bob", Project: "news"}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{annotate.Errorf(annotate.EOFFLINE, "offline: the server of %s cannot be reached (dial tcp 10.0.0.1:5432: connect: connection refused); nothing was saved", url),
			"The server db:5432 does not answer"},
		{annotate.Errorf(annotate.EINVALID, "cannot log in to %s: password authentication failed for user \"bob\"", url),
			"The server did not let bob in: the password is wrong"},
		{annotate.Errorf(annotate.ENOTFOUND, "%s: database \"ann\" does not exist", url),
			"The server has no database ann"},
		{annotate.Errorf(annotate.ENOTFOUND, "no project news at %s yet", url),
			"There is no project news in ann that bob may open"},
		{annotate.Errorf(annotate.EPERM, "not allowed: permission denied for schema news (the project's lead decides who may change what); nothing was changed"),
			"bob is not a member of the team of news: ask the lead to run goldspan team add-reviewer bob"},
	} {
		fail = tc.err
		h.d.onOpenTeamProject()
		v := h.fillTeamDialog(c, "pw")
		v.keep.SetSelected(v.keepPgpass)
		test.Tap(v.connect)
		h.d.jobs.wait()
		if h.d.teamDlg != v || !v.message.Visible() || !strings.Contains(v.message.Text, tc.want) {
			t.Errorf("%v: the dialog says %q (open: %v), want %q", tc.err, v.message.Text, h.d.teamDlg == v, tc.want)
		}
		if !strings.Contains(v.message.Text, annotate.ErrorMessage(tc.err)) {
			t.Errorf("the dialog hides the server's words: %q", v.message.Text)
		}
		if v.connect.Disabled() {
			t.Error("Connect stays disabled after a failure")
		}
		v.dlg.Hide()
	}
	if h.d.st != nil || len(h.a.Preferences().StringList(prefRecent)) != 0 {
		t.Errorf("a project that did not open is open or remembered: %v", h.a.Preferences().StringList(prefRecent))
	}
	if _, err := os.Stat(os.Getenv("PGPASSFILE")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a password was written for a connection that failed: %v", err)
	}

	// Fields refused before connecting.
	n := opened
	h.d.onOpenTeamProject()
	v := h.fillTeamDialog(teamConn{Host: "db", Port: "5432", Database: "ann", User: "bob", Project: "News"}, "")
	test.Tap(v.connect)
	h.d.jobs.wait()
	if opened != n || !strings.Contains(v.message.Text, "lowercase") {
		t.Errorf("a bad project name: connected %d times, says %q", opened-n, v.message.Text)
	}
}

// "For this session only": the password is used and written nowhere.
func TestTeamDialogSessionPassword(t *testing.T) {
	mem := newMemProject(t)
	var asked string
	h := newTeamHarness(t, func(u string) (annotate.Project, error) {
		asked = u
		return &teamStore{Project: memStore(t, mem), who: "alice"}, nil
	})
	h.d.onOpenTeamProject()
	v := h.fillTeamDialog(teamConn{Host: "db", Port: "5432", Database: "ann", User: "alice", Project: "news"}, "secret")
	if v.keep.Selected == v.keepPgpass {
		t.Error("remembering the password is the default")
	}
	test.Tap(v.connect)
	h.d.jobs.wait()
	if !strings.Contains(asked, "alice:secret@") || h.d.path != "postgres://alice@db:5432/ann?project=news" {
		t.Fatalf("opened %q, shows %q", asked, h.d.path)
	}
	if _, err := os.Stat(os.Getenv("PGPASSFILE")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a session's password was written: %v", err)
	}
}

// flakyStore is a team project whose server can be taken away: while down
// every call fails with EOFFLINE (nothing done), as storage/postgres's do.
type flakyStore struct {
	teamStore
	down   atomic.Bool
	writes atomic.Int32 // write calls that reached the store
}

func (f *flakyStore) lost() error {
	if f.down.Load() {
		return annotate.Errorf(annotate.EOFFLINE, "offline: the server of postgres://alice@db/ann cannot be reached (connection refused); nothing was saved")
	}
	return nil
}

func (f *flakyStore) Ping(context.Context) error { return f.lost() }

func (f *flakyStore) AcceptSuggestion(ctx context.Context, a string, id int64, label string) (annotate.Span, error) {
	f.writes.Add(1)
	if err := f.lost(); err != nil {
		return annotate.Span{}, err
	}
	return f.Project.AcceptSuggestion(ctx, a, id, label)
}

func (f *flakyStore) AddSpan(ctx context.Context, s annotate.Span) (annotate.Span, error) {
	f.writes.Add(1)
	if err := f.lost(); err != nil {
		return annotate.Span{}, err
	}
	return f.Project.AddSpan(ctx, s)
}

func (f *flakyStore) SetStatus(ctx context.Context, doc, a string, s annotate.Status) error {
	f.writes.Add(1)
	if err := f.lost(); err != nil {
		return err
	}
	return f.Project.SetStatus(ctx, doc, a, s)
}

func (f *flakyStore) PutLabel(ctx context.Context, l annotate.Label) error {
	f.writes.Add(1)
	if err := f.lost(); err != nil {
		return err
	}
	return f.Project.PutLabel(ctx, l)
}

func (f *flakyStore) Status(ctx context.Context, doc, a string) (annotate.Status, error) {
	if err := f.lost(); err != nil {
		return "", err
	}
	return f.Project.Status(ctx, doc, a)
}

func (f *flakyStore) Spans(ctx context.Context, doc, a string) ([]annotate.Span, error) {
	if err := f.lost(); err != nil {
		return nil, err
	}
	return f.Project.Spans(ctx, doc, a)
}

func (f *flakyStore) Suggestions(ctx context.Context, doc, a string) ([]annotate.Suggestion, error) {
	if err := f.lost(); err != nil {
		return nil, err
	}
	return f.Project.Suggestions(ctx, doc, a)
}

func (f *flakyStore) Documents(ctx context.Context, q annotate.DocumentFilter) ([]annotate.DocumentSummary, error) {
	if err := f.lost(); err != nil {
		return nil, err
	}
	return f.Project.Documents(ctx, q)
}

func (f *flakyStore) CountDocuments(ctx context.Context, q annotate.DocumentFilter) (int, error) {
	if err := f.lost(); err != nil {
		return 0, err
	}
	return f.Project.CountDocuments(ctx, q)
}

func (f *flakyStore) Labels(ctx context.Context) ([]annotate.Label, error) {
	if err := f.lost(); err != nil {
		return nil, err
	}
	return f.Project.Labels(ctx)
}

func (f *flakyStore) Stats(ctx context.Context) (annotate.Stats, error) {
	if err := f.lost(); err != nil {
		return annotate.Stats{}, err
	}
	return f.Project.Stats(ctx)
}

// selectSuggestion tabs to the suggestion on sub in the desk's editor.
func (h *harness) selectSuggestion(text, sub string) {
	h.t.Helper()
	s, _ := runes(h.t, text, sub)
	for range 12 {
		if m, ok := h.ed().SelectedMark(); ok && m.Kind == MarkSuggestion && m.Start == s {
			return
		}
		key(h.ed(), fyne.KeyTab)
	}
	h.t.Fatalf("no suggestion on %s", sub)
}

// The server goes away mid-session: the first action that fails puts the
// banner up at once (no dialog, "Not saved"), edits and writing menus are
// refused without reaching the store, the desk asks the server every few
// seconds and, when it answers, removes the banner and shows what the
// server holds (here an accept whose commit the desk never heard of);
// then edits are saved again.
func TestOfflineBannerRefusesEditsAndRecovers(t *testing.T) {
	mem := newMemProject(t)
	st := &flakyStore{teamStore: teamStore{Project: memStore(t, mem), who: "alice"}}
	tick := &ticker{}
	h := &harness{t: t, a: useTestApp(t), path: mem}
	h.startDesk(Deps{Open: func(string) (annotate.Project, error) { return st, nil }})
	h.d.offline.after = tick.after
	h.d.live.after = tick.after
	h.d.openProject("postgres://alice@db/ann?project=news")
	h.d.jobs.wait()
	if !h.d.hasDoc || h.d.doc.ID != "a1" || h.d.offline.banner.Visible() {
		t.Fatalf("not open on a1 (banner shown: %v)", h.d.offline.banner.Visible())
	}

	h.selectSuggestion(textA, "特朗普")
	st.down.Store(true)
	key(h.ed(), fyne.KeyReturn)
	h.d.jobs.wait()
	if !h.d.offline.on || !h.d.offline.banner.Visible() || h.d.offline.title.Text != "offline: changes are not being saved" {
		t.Fatalf("no offline banner after the failed accept (%q)", h.d.offline.title.Text)
	}
	if h.d.lastError != "" || h.w.Canvas().Overlays().Top() != nil {
		t.Errorf("a dialog as well as the banner: %q", h.d.lastError)
	}
	if h.d.bar.isSaved() || h.d.bar.saved.Text != "Not saved" {
		t.Errorf("the status bar says %q", h.d.bar.saved.Text)
	}
	if !h.ed().ReadOnly {
		t.Error("the editor still offers edits")
	}

	// Edits are refused before they reach the store.
	writes := st.writes.Load()
	h.selectSuggestion(textA, "北京")
	key(h.ed(), fyne.KeyReturn)
	dragSelect(h.w, h.ed(), 0, 3)
	test.Type(h.ed(), "2")
	h.d.onCommand(CommandDoneNext)
	menuItem(t, h.w, "File", "Import...").Action()
	h.d.whenOnline(h.d.onAddLabel)()
	h.d.jobs.wait()
	if got := st.writes.Load(); got != writes {
		t.Errorf("%d edits reached the store while offline", got-writes)
	}
	if !strings.Contains(h.d.bar.message.Text, "offline: changes are not being saved") || h.w.Canvas().Overlays().Top() != nil {
		t.Errorf("a refused edit says %q (a dialog open: %v)", h.d.bar.message.Text, h.w.Canvas().Overlays().Top() != nil)
	}
	if got := h.spans("a1"); got != "" {
		t.Fatalf("stored while offline: %s", got)
	}

	// Still down at the next try; then an accept the desk never heard
	// of reaches the server and the server comes back.
	tick.fire()
	h.d.jobs.wait()
	if !h.d.offline.on || h.d.offline.tries != 1 || !strings.Contains(h.d.offline.detail.Text, "1 tries") {
		t.Fatalf("after a failed try: offline %v, tries %d, %q", h.d.offline.on, h.d.offline.tries, h.d.offline.detail.Text)
	}
	sugs, err := st.Project.Suggestions(context.Background(), "a1", "alice")
	if err != nil {
		t.Fatal(err)
	}
	bs, be := runes(t, textA, "北京")
	for _, s := range sugs {
		if s.Start == bs && s.End == be {
			if _, err := st.Project.AcceptSuggestion(context.Background(), "alice", s.ID, s.Label); err != nil {
				t.Fatal(err)
			}
		}
	}
	st.down.Store(false)
	tick.fire()
	h.d.jobs.wait()
	if h.d.offline.on || h.d.offline.banner.Visible() || h.ed().ReadOnly {
		t.Fatalf("still offline after the server answered")
	}
	if !strings.Contains(h.d.bar.message.Text, "Back online") {
		t.Errorf("the status bar says %q", h.d.bar.message.Text)
	}
	found := false
	for _, m := range h.ed().Marks() {
		found = found || (m.Kind == MarkSpan && m.Start == bs && m.End == be)
	}
	if !found {
		t.Errorf("the desk does not show the server's span on 北京: %v", h.ed().Marks())
	}

	// Edits are saved again.
	h.selectSuggestion(textA, "特朗普")
	key(h.ed(), fyne.KeyReturn)
	h.d.jobs.wait()
	h.wantSaved()
	if got := h.spans("a1"); !strings.Contains(got, "PER") || !strings.Contains(got, "LOC") {
		t.Errorf("stored after reconnecting: %s", got)
	}
}

// The live views on a team project: every liveEvery the desk reads the
// counts; when another reviewer's work changed them the list's statuses,
// the status bar's count, the agreement numbers and the adjudication
// lanes show it. A project file is not polled.
func TestLiveViewsShowOthersWork(t *testing.T) {
	path := newAgreementProject(t)
	fk := memStore(t, path)
	tick := &ticker{}
	h := &harness{t: t, a: useTestApp(t), path: path}
	h.startDesk(Deps{Open: func(string) (annotate.Project, error) { return &teamStore{Project: fk, who: "lead"}, nil }})
	h.d.live.after = tick.after
	h.d.openProject("postgres://lead@db/ann?project=news")
	h.d.jobs.wait()
	if !h.d.live.on || len(tick.due) != 1 {
		t.Fatalf("no live reads on a team project (on %v, %d due)", h.d.live.on, len(tick.due))
	}
	h.d.setAnnotator("bob") // the lead looks at bob's work
	h.d.jobs.wait()
	tick.fire() // the first read takes the counts
	h.d.jobs.wait()
	if got := h.d.bar.done.Text; got != "Done 2 / 3" {
		t.Fatalf("bob's count: %q", got)
	}
	rowStatus := func(id string) annotate.Status {
		for i := 0; i < h.d.list.count; i++ {
			if r, ok := h.d.list.row(i); ok && r.ID == id {
				return r.Status
			}
		}
		return ""
	}
	if rowStatus("c3") != annotate.StatusInProgress {
		t.Fatalf("c3 is %q in the list", rowStatus("c3"))
	}
	h.d.review.open.showAgreement()
	h.d.jobs.wait()
	ag := h.d.review.open.agreement
	t.Cleanup(func() { ag.win.Close() })
	if ag.rep == nil || ag.rep.Documents != 2 {
		t.Fatalf("agreement before: %+v", ag.rep)
	}
	h.d.review.open.showAdjudication(adjudicateRequest{Doc: "a1"})
	h.d.jobs.wait()
	adj := h.d.review.open.adjudication
	t.Cleanup(func() { adj.win.Close() })
	if !adj.hasDoc || adj.doc.ID != "a1" {
		t.Fatal("adjudication did not open a1")
	}
	lane := func(a string) int {
		for i, n := range adj.names {
			if n == a {
				return len(adj.lanes[i].Marks())
			}
		}
		return -1
	}
	aliceBefore, disBefore := lane("alice"), len(adj.dis)

	// Nothing changed: a read changes nothing on show.
	tick.fire()
	h.d.jobs.wait()
	if ag.rep.Documents != 2 || lane("alice") != aliceBefore {
		t.Fatal("a read without changes changed the views")
	}

	// bob finishes c3 and alice adds a span on a1, on the server.
	ctx := context.Background()
	if err := fk.SetStatus(ctx, "c3", "bob", annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	s, e := runes(t, textA, "週二")
	if _, err := fk.AddSpan(ctx, annotate.Span{DocID: "a1", Annotator: "alice", Start: s, End: e, Label: "TIME", Origin: annotate.OriginManual}); err != nil {
		t.Fatal(err)
	}
	if rowStatus("c3") != annotate.StatusInProgress || h.d.bar.done.Text != "Done 2 / 3" {
		t.Fatal("the desk changed before the next read")
	}
	tick.fire()
	h.d.jobs.wait()
	if rowStatus("c3") != annotate.StatusDone || h.d.bar.done.Text != "Done 3 / 3" {
		t.Errorf("after the read: c3 %q, %q", rowStatus("c3"), h.d.bar.done.Text)
	}
	if ag.rep == nil || ag.rep.Documents != 3 || !ag.report.Visible() {
		t.Errorf("the agreement window after the read: %v (report shown %v)", ag.rep != nil && ag.rep.Documents == 3, ag.report.Visible())
	}
	if lane("alice") != aliceBefore+1 || len(adj.dis) != disBefore+1 {
		t.Errorf("the adjudication lanes after the read: alice %d marks (was %d), %d disagreements (was %d)", lane("alice"), aliceBefore, len(adj.dis), disBefore)
	}
	if len(tick.due) != 1 {
		t.Errorf("%d reads due after a read, want the next one", len(tick.due))
	}

	// Closing the project stops the reads; a project file has none.
	h.d.closeProject()
	if h.d.live.on {
		t.Error("live reads after the project closed")
	}
	h2 := newHarness(t, newMemProject(t), "alice")
	if h2.d.live.on {
		t.Error("live reads on a project that is not a team's")
	}
}

// goldspan 'postgres://alice@…' on a first start with no password at hand:
// the dialog asks for it, filled in, and nothing else asks over it (no
// name: the team's account is the name); with the password the project
// opens as alice. Cancelled with nothing open, the demo project opens.
func TestTeamURLAtStartAsksThePassword(t *testing.T) {
	mem := newMemProject(t)
	fail := annotate.Errorf(annotate.EINVALID, "cannot log in to postgres://alice@db:5432/ann?project=news: password authentication failed for user \"alice\"")
	start := func(deps Deps) *harness {
		t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "pgpass"))
		h := &harness{t: t, a: useTestApp(t)}
		deps.Project = "postgres://alice@db:5432/ann?project=news"
		h.startDesk(deps)
		h.d.start()
		h.d.jobs.wait()
		return h
	}
	var asked []string
	h := start(Deps{Open: openStore, DemoPath: func() (string, error) { return mem, nil }, OpenExisting: func(u string) (annotate.Project, error) {
		asked = append(asked, u)
		if len(asked) == 1 {
			return nil, fail
		}
		return &teamStore{Project: memStore(t, mem), who: "alice"}, nil
	}})
	v := h.d.teamDlg
	if v == nil || h.d.nameEntry != nil || h.d.triedDemo || h.d.st != nil {
		t.Fatalf("at start: team dialog %v, name asked %v, demo tried %v", v != nil, h.d.nameEntry != nil, h.d.triedDemo)
	}
	test.Type(v.password, "pw")
	test.Tap(v.connect)
	h.d.jobs.wait()
	if h.d.st == nil || h.d.annotator != "alice" || h.d.nameEntry != nil || h.d.triedDemo {
		t.Fatalf("after the password: open %v as %q, name asked %v, demo tried %v", h.d.st != nil, h.d.annotator, h.d.nameEntry != nil, h.d.triedDemo)
	}
	if asked[1] != "postgres://alice:pw@db:5432/ann?project=news" {
		t.Errorf("connected with %q", asked[1])
	}

	// Cancelled: the demo project instead.
	h = start(Deps{Open: openStore, DemoPath: func() (string, error) { return mem, nil },
		OpenExisting: func(string) (annotate.Project, error) { return nil, fail }})
	h.a.Preferences().SetString(prefReviewer, "bob")
	h.d.annotator = "bob"
	test.Tap(h.d.teamDlg.cancel)
	h.d.jobs.wait()
	if !h.d.triedDemo || h.d.path != mem {
		t.Errorf("cancelled: demo tried %v, open %q", h.d.triedDemo, h.d.path)
	}
}

// Shared suggestions: a desk that opens a document nobody has started
// writes its suggestions only when they differ from those stored, so a
// second reviewer's desk computing the same ones leaves the ids the first
// desk shows alone; and when another desk did compute them again (new
// ids), accepting or rejecting the old id acts on the equal suggestion.
func TestSharedSuggestionsKeepTheirIds(t *testing.T) {
	path := newMemProject(t)
	fk := memStore(t, path)
	ctx := context.Background()
	sug := &fakeSuggester{words: map[string]string{"特朗普": "PER", "北京": "LOC"}}
	ids := func() string {
		t.Helper()
		sugs, err := fk.Suggestions(ctx, "a1", "nobody")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range sugs {
			out = append(out, fmt.Sprintf("%s%d", s.Label, s.ID))
		}
		return strings.Join(out, " ")
	}
	alice := newDeskWith(t, path, withSuggester(sug, nil))
	first := ids()
	if !strings.Contains(storedSuggestions(t, path, "a1"), "fake") {
		t.Fatalf("alice's desk did not write its suggestions: %s", storedSuggestions(t, path, "a1"))
	}
	bob := &harness{t: t, a: useTestApp(t), path: path}
	bob.a.Preferences().SetString(prefReviewer, "bob")
	bob.startDesk(withSuggester(sug, nil))
	bob.d.openProject(path)
	bob.d.jobs.wait()
	if !sug.wasAsked(textA) || ids() != first {
		t.Fatalf("bob's desk rewrote equal suggestions: %s, then %s", first, ids())
	}

	// Another desk computes them again: new ids under alice's desk.
	sugs, err := sug.Suggest(ctx, textA, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := fk.SetSuggestions(ctx, "a1", sugs); err != nil {
		t.Fatal(err)
	}
	if ids() == first {
		t.Fatal("SetSuggestions kept the ids: the test shows nothing")
	}
	alice.selectSuggestion(textA, "特朗普")
	key(alice.ed(), fyne.KeyReturn)
	alice.d.jobs.wait()
	alice.wantSaved()
	alice.selectSuggestion(textA, "北京")
	if err := fk.SetSuggestions(ctx, "a1", sugs); err != nil {
		t.Fatal(err)
	}
	key(alice.ed(), fyne.KeyDelete)
	alice.d.jobs.wait()
	alice.wantSaved()
	if got := alice.spans("a1"); got != "PER[14,17)suggestion" {
		t.Errorf("alice's spans: %q", got)
	}
	if got := storedSuggestions(t, path, "a1"); got != "" {
		t.Errorf("alice's open suggestions after accepting one and rejecting the other: %q", got)
	}
}
