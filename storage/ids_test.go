package storage_test

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"goldspan/annotate"
	"goldspan/storage"
)

// Issue "Gold you can trust", item 3: redo always works. Span ids were
// SQLite's reused rowids: a span added elsewhere after an undo took the
// undone span's id, and redoing the undone add failed with "UNIQUE
// constraint failed: spans.id".

func TestRedoAfterAnAddInAnotherDocument(t *testing.T) {
	db, _ := open(t)
	mustImport(t, db, doc("d1", "北京上海"), doc("d2", "廣州深圳"))
	s1, err := db.AddSpan(ctx, annotate.Span{DocID: "d1", Start: 0, End: 2, Label: "LOC", Annotator: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Undo(ctx, "d1", "alice"); err != nil {
		t.Fatal(err)
	}
	s2, err := db.AddSpan(ctx, annotate.Span{DocID: "d2", Start: 0, End: 2, Label: "LOC", Annotator: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if s2.ID == s1.ID {
		t.Errorf("the new span in d2 took the undone span's id %d", s1.ID)
	}
	if _, err := db.Redo(ctx, "d1", "alice"); err != nil {
		t.Fatalf("redo in d1 after an add in d2: %v", err)
	}
	spans, _ := db.Spans(ctx, "d1", "alice")
	if len(spans) != 1 || spans[0].ID != s1.ID {
		t.Fatalf("redo should restore the span with its id %d: %+v", s1.ID, spans)
	}
	// Deleting the newest span frees the highest id; the next one is new.
	if err := db.DeleteSpan(ctx, "alice", s2.ID); err != nil {
		t.Fatal(err)
	}
	s3, err := db.AddSpan(ctx, annotate.Span{DocID: "d2", Start: 2, End: 4, Label: "LOC", Annotator: "bob"})
	if err != nil {
		t.Fatal(err)
	}
	if s3.ID == s2.ID || s3.ID == s1.ID {
		t.Fatalf("id %d reused (earlier ids %d, %d)", s3.ID, s1.ID, s2.ID)
	}
	if _, err := db.Undo(ctx, "d2", "alice"); err != nil {
		t.Fatalf("undo of the delete: %v", err)
	}
}

// A project written before span ids were kept unique may already hold a
// reused id in its log: redo gives the span a new id and carries it
// through the log, so that undo and redo go on working.
func TestRedoOfAnIDAlreadyReusedInALegacyLog(t *testing.T) {
	db, _ := open(t)
	mustImport(t, db, doc("d1", "北京上海"), doc("d2", "廣州深圳"))
	s1, err := db.AddSpan(ctx, annotate.Span{DocID: "d1", Start: 0, End: 2, Label: "LOC", Annotator: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateSpan(ctx, "alice", s1.ID, 0, 2, "ORG"); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := db.Undo(ctx, "d1", "alice"); err != nil {
			t.Fatal(err)
		}
	}
	// What an older Goldspan did: the next span took the free id.
	if _, err := db.SQL().Exec(`INSERT INTO annotators (name) VALUES ('bob')`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`INSERT INTO spans (id, doc, annotator, start, end, label, origin)
		SELECT ?, d.seq, a.id, 0, 2, 'LOC', 'manual' FROM documents d, annotators a WHERE d.id = 'd2' AND a.name = 'bob'`, s1.ID); err != nil {
		t.Fatal(err)
	}
	a, err := db.Redo(ctx, "d1", "alice")
	if err != nil {
		t.Fatalf("redo onto a reused id: %v", err)
	}
	if a.After == nil || a.After.ID == s1.ID {
		t.Fatalf("redo kept the taken id: %+v", a.After)
	}
	if _, err := db.Redo(ctx, "d1", "alice"); err != nil {
		t.Fatalf("redo of the update of the re-numbered span: %v", err)
	}
	spans, _ := db.Spans(ctx, "d1", "alice")
	if len(spans) != 1 || spans[0].Label != "ORG" || spans[0].ID != a.After.ID {
		t.Fatalf("after two redos: %+v", spans)
	}
	for range 2 {
		if _, err := db.Undo(ctx, "d1", "alice"); err != nil {
			t.Fatal(err)
		}
	}
	if spans, _ := db.Spans(ctx, "d2", "bob"); len(spans) != 1 || spans[0].ID != s1.ID {
		t.Fatalf("bob's span was touched: %+v", spans)
	}
}

// The random test below drives a project and a reference model through the
// same random interleavings of add, update, delete, accept, reject, status,
// undo and redo over several documents and annotators. The model is the
// action log: each layer (document, annotator) keeps its entries, and its
// spans, decisions and status are the log's done entries applied in order.
// After every step the project must answer every call as the model does,
// its own stored log must be the model's, and its spans, statuses, pending
// suggestions and lexicon must equal the replayed log. Span ids are checked
// never to be given twice.

type mSpan struct {
	ID     int64  `json:"id"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Label  string `json:"label"`
	Origin string `json:"origin"`
}

type mKey struct {
	start, end int
	label      string
}

type mDecision struct {
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Label    string `json:"label"`
	Decision string `json:"decision"`
}

type mEntry struct {
	kind          string
	before, after *mSpan
	sug           *mDecision
	sb, sa        string
	state         int // 0 done, 1 undone, 2 sealed
}

type mLayer struct {
	doc, annot string
	log        []*mEntry
}

// state replays the layer's log: its done entries, in order, from nothing.
func (l *mLayer) state() (map[int64]mSpan, map[mKey]string, string) {
	spans := map[int64]mSpan{}
	decs := map[mKey]string{}
	status := "todo"
	for _, e := range l.log {
		if e.state != 0 {
			continue
		}
		if e.before != nil {
			delete(spans, e.before.ID)
		}
		if e.after != nil {
			spans[e.after.ID] = *e.after
		}
		if e.sug != nil {
			decs[mKey{e.sug.Start, e.sug.End, e.sug.Label}] = e.sug.Decision
		}
		if e.sa != "" {
			status = e.sa
		}
	}
	return spans, decs, status
}

func (l *mLayer) push(e *mEntry) {
	for _, o := range l.log {
		if o.state == 1 {
			o.state = 2
		}
	}
	l.log = append(l.log, e)
}

type model struct {
	texts  map[string][]rune
	sugs   map[string][]mKey
	labels []string
	layers map[[2]string]*mLayer
	issued map[int64]string // every span id the project gave, and to what
}

func (m *model) layer(doc, annot string) *mLayer {
	k := [2]string{doc, annot}
	if m.layers[k] == nil {
		m.layers[k] = &mLayer{doc: doc, annot: annot}
	}
	return m.layers[k]
}

// pending is what the layer has neither decided nor stored, in the
// project's order.
func (m *model) pending(l *mLayer) []mKey {
	spans, decs, _ := l.state()
	var out []mKey
	for _, k := range m.sugs[l.doc] {
		if decs[k] != "" {
			continue
		}
		taken := false
		for _, s := range spans {
			if s.Start == k.start && s.End == k.end && s.Label == k.label {
				taken = true
			}
		}
		if !taken {
			out = append(out, k)
		}
	}
	return out
}

// edit records an edit of spans or decisions as the project logs it: a
// todo layer becomes in progress in the same entry.
func (l *mLayer) edit(e *mEntry) {
	if _, _, st := l.state(); st == "todo" {
		e.sb, e.sa = "todo", "in-progress"
	}
	l.push(e)
}

func (m *model) valid(l *mLayer, s mSpan, self int64) string {
	if s.Start < 0 || s.End > len(m.texts[l.doc]) || s.Start >= s.End {
		return annotate.EINVALID
	}
	known := false
	for _, x := range m.labels {
		known = known || x == s.Label
	}
	if !known {
		return annotate.EINVALID
	}
	spans, _, _ := l.state()
	for _, o := range spans {
		if o.ID != self && o.Start == s.Start && o.End == s.End && o.Label == s.Label {
			return annotate.ECONFLICT
		}
	}
	return ""
}

func (m *model) newID(t *testing.T, id int64, what string) {
	t.Helper()
	if id <= 0 {
		t.Fatalf("%s: span id %d", what, id)
	}
	if old, ok := m.issued[id]; ok {
		t.Fatalf("%s: span id %d given again (first to %s)", what, id, old)
	}
	m.issued[id] = what
}

func TestRandomInterleavingsEqualTheReplayedLog(t *testing.T) {
	runs, steps := 60, 60
	if testing.Short() {
		runs = 15
	}
	texts := map[string]string{"d1": "俄羅斯國防部表示普京將訪問北京", "d2": "👍𠮷野家在東京開店上海市政府歡迎", "d3": "特朗普與澤連斯基會面"}
	sugs := map[string][]mKey{
		"d1": {{0, 3, "LOC"}, {0, 6, "ORG"}, {8, 10, "PER"}, {13, 15, "LOC"}},
		"d2": {{1, 4, "ORG"}, {5, 7, "LOC"}, {9, 14, "ORG"}},
	}
	docs := []string{"d1", "d2", "d3"}
	annots := []string{"alice", "bob"}
	tried, ops, failed := 0, 0, 0
	counts := map[string]int{}
	for run := 0; run < runs; run++ {
		seed := int64(20250923 + run)
		rng := rand.New(rand.NewSource(seed))
		db, _ := open(t)
		m := &model{texts: map[string][]rune{}, sugs: sugs, layers: map[[2]string]*mLayer{}, issued: map[int64]string{}}
		for _, l := range annotate.DefaultLabels() {
			m.labels = append(m.labels, l.Name)
		}
		var recs []annotate.Record
		for _, d := range docs {
			m.texts[d] = []rune(texts[d])
			recs = append(recs, doc(d, texts[d]))
		}
		mustImport(t, db, recs...)
		for d, ks := range sugs {
			var in []annotate.Suggestion
			for _, k := range ks {
				in = append(in, annotate.Suggestion{DocID: d, Start: k.start, End: k.end, Label: k.label, Source: "test", Score: 0.5})
			}
			if err := db.SetSuggestions(ctx, d, in); err != nil {
				t.Fatal(err)
			}
		}
		var trace []string
		for step := 0; step < steps; step++ {
			l := m.layer(docs[rng.Intn(len(docs))], annots[rng.Intn(len(annots))])
			what, want, err := m.step(t, db, l, rng)
			trace = append(trace, fmt.Sprintf("%s %s: %s -> %v", l.doc, l.annot, what, err))
			if got := annotate.ErrorCode(err); got != want {
				t.Fatalf("seed %d step %d: %s: got %q (%v), model says %q\n%s", seed, step, what, got, err, want, strings.Join(trace, "\n"))
			}
			if err != nil {
				failed++
			}
			counts[strings.Fields(what)[0]]++
			ops++
			if msg := m.compare(t, db); msg != "" {
				t.Fatalf("seed %d step %d after %s: %s\n%s", seed, step, what, msg, strings.Join(trace, "\n"))
			}
		}
		tried++
		db.Close()
	}
	t.Logf("%d random interleavings of %d steps (%d actions, %d refused as the model predicted; %v), each checked after every step", tried, steps, ops, failed, counts)
}

// step performs one random action on the project and on the model and
// returns what it did, the error code the model expects and the
// project's error.
func (m *model) step(t *testing.T, db *storage.DB, l *mLayer, rng *rand.Rand) (string, string, error) {
	spans, _, status := l.state()
	var ids []int64
	for id := range spans {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	randSpan := func() mSpan {
		n := len(m.texts[l.doc])
		s := rng.Intn(n)
		e := s + 1 + rng.Intn(min(4, n-s))
		label := m.labels[rng.Intn(len(m.labels))]
		if rng.Intn(20) == 0 {
			label = "NOPE"
		}
		return mSpan{Start: s, End: e, Label: label}
	}
	pick := func() (mSpan, bool) {
		if len(ids) == 0 || rng.Intn(15) == 0 {
			return mSpan{ID: 1 << 40}, false
		}
		return spans[ids[rng.Intn(len(ids))]], true
	}
	switch r := rng.Intn(100); {
	case r < 22:
		s := randSpan()
		s.Origin = "manual"
		if rng.Intn(8) == 0 && len(ids) > 0 {
			o := spans[ids[rng.Intn(len(ids))]] // an exact duplicate
			s.Start, s.End, s.Label = o.Start, o.End, o.Label
		}
		want := m.valid(l, s, 0)
		got, err := db.AddSpan(ctx, annotate.Span{DocID: l.doc, Annotator: l.annot, Start: s.Start, End: s.End, Label: s.Label})
		what := fmt.Sprintf("add [%d,%d) %s", s.Start, s.End, s.Label)
		if want == "" && err == nil {
			s.ID = got.ID
			m.newID(t, got.ID, l.doc+"/"+l.annot+" "+what)
			l.edit(&mEntry{kind: "add", after: &s})
		}
		return what, want, err
	case r < 36:
		before, ok := pick()
		to := randSpan()
		if rng.Intn(3) == 0 && ok {
			to.Start, to.End = before.Start, before.End // a relabel
		}
		what := fmt.Sprintf("update %d to [%d,%d) %s", before.ID, to.Start, to.End, to.Label)
		_, err := db.UpdateSpan(ctx, l.annot, before.ID, to.Start, to.End, to.Label)
		if !ok {
			return what, annotate.ENOTFOUND, err
		}
		after := mSpan{ID: before.ID, Start: to.Start, End: to.End, Label: to.Label, Origin: before.Origin}
		if after == before {
			return what, "", err
		}
		if before.Origin == "suggestion" {
			after.Origin = "suggestion-edited"
		}
		want := m.valid(l, after, before.ID)
		if want == "" {
			b := before
			l.edit(&mEntry{kind: "update", before: &b, after: &after})
		}
		return what, want, err
	case r < 46:
		before, ok := pick()
		what := fmt.Sprintf("delete %d", before.ID)
		err := db.DeleteSpan(ctx, l.annot, before.ID)
		if !ok {
			return what, annotate.ENOTFOUND, err
		}
		l.edit(&mEntry{kind: "delete", before: &before})
		return what, "", err
	case r < 62:
		pend := m.pending(l)
		if len(pend) == 0 {
			return "undo (no pending suggestion)", m.undo(l), undoErr(db.Undo(ctx, l.doc, l.annot))
		}
		k := pend[rng.Intn(len(pend))]
		sid, err := suggestionID(db, l.doc, l.annot, k)
		if err != nil {
			t.Fatal(err)
		}
		if rng.Intn(3) == 0 {
			what := fmt.Sprintf("reject [%d,%d) %s", k.start, k.end, k.label)
			err := db.RejectSuggestion(ctx, l.annot, sid)
			l.edit(&mEntry{kind: "reject", sug: &mDecision{k.start, k.end, k.label, "rejected"}})
			return what, "", err
		}
		label := ""
		if rng.Intn(4) == 0 {
			label = m.labels[rng.Intn(len(m.labels))]
		}
		what := fmt.Sprintf("accept [%d,%d) %s as %q", k.start, k.end, k.label, label)
		s := mSpan{Start: k.start, End: k.end, Label: k.label, Origin: "suggestion"}
		if label != "" && label != k.label {
			s.Label, s.Origin = label, "suggestion-edited"
		}
		want := m.valid(l, s, 0)
		got, err := db.AcceptSuggestion(ctx, l.annot, sid, label)
		if want == "" && err == nil {
			s.ID = got.ID
			m.newID(t, got.ID, l.doc+"/"+l.annot+" "+what)
			l.edit(&mEntry{kind: "add", after: &s, sug: &mDecision{k.start, k.end, k.label, "accepted"}})
		}
		return what, want, err
	case r < 66:
		st := []string{"done", "skipped", "in-progress"}[rng.Intn(3)]
		err := db.SetStatus(ctx, l.doc, l.annot, annotate.Status(st))
		if st != status {
			l.push(&mEntry{kind: "status", sb: status, sa: st})
		}
		return "status " + st, "", err
	case r < 84:
		return "undo", m.undo(l), undoErr(db.Undo(ctx, l.doc, l.annot))
	default:
		return "redo", m.redo(l), undoErr(db.Redo(ctx, l.doc, l.annot))
	}
}

func undoErr(_ annotate.Action, err error) error { return err }

func (m *model) undo(l *mLayer) string {
	for i := len(l.log) - 1; i >= 0; i-- {
		if l.log[i].state == 0 {
			l.log[i].state = 1
			return ""
		}
	}
	return annotate.ENOTHING
}

func (m *model) redo(l *mLayer) string {
	for _, e := range l.log {
		if e.state == 1 {
			e.state = 0
			return ""
		}
	}
	return annotate.ENOTHING
}

func suggestionID(db *storage.DB, docID, annot string, k mKey) (int64, error) {
	sugs, err := db.Suggestions(ctx, docID, annot)
	if err != nil {
		return 0, err
	}
	for _, s := range sugs {
		if s.Start == k.start && s.End == k.end && s.Label == k.label {
			return s.ID, nil
		}
	}
	return 0, fmt.Errorf("no pending suggestion %v", k)
}

// storedLog reads a layer's log as the project stores it.
func storedLog(db *storage.DB, docID, annot string) ([]*mEntry, error) {
	rows, err := db.SQL().Query(`SELECT x.kind, x.before, x.after, x.suggestion, x.status_before, x.status_after, x.state
		FROM actions x JOIN documents d ON d.seq = x.doc JOIN annotators a ON a.id = x.annotator
		WHERE d.id = ? AND a.name = ? ORDER BY x.id`, docID, annot)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*mEntry
	for rows.Next() {
		e := &mEntry{}
		var before, after, sug sql.NullString
		if err := rows.Scan(&e.kind, &before, &after, &sug, &e.sb, &e.sa, &e.state); err != nil {
			return nil, err
		}
		for _, p := range []struct {
			s   sql.NullString
			dst any
		}{{before, &e.before}, {after, &e.after}, {sug, &e.sug}} {
			if p.s.Valid {
				if err := json.Unmarshal([]byte(p.s.String), p.dst); err != nil {
					return nil, err
				}
			}
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func entryString(e *mEntry) string {
	s := func(p *mSpan) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprintf("%d:[%d,%d)%s/%s", p.ID, p.Start, p.End, p.Label, p.Origin)
	}
	d := "-"
	if e.sug != nil {
		d = fmt.Sprintf("[%d,%d)%s=%s", e.sug.Start, e.sug.End, e.sug.Label, e.sug.Decision)
	}
	return fmt.Sprintf("%s %s>%s %s %s>%s #%d", e.kind, s(e.before), s(e.after), d, e.sb, e.sa, e.state)
}

func spansString(spans map[int64]mSpan) string {
	var out []string
	for _, s := range spans {
		out = append(out, fmt.Sprintf("%d:[%d,%d)%s/%s", s.ID, s.Start, s.End, s.Label, s.Origin))
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// compare checks the project against the model; "" when they agree.
func (m *model) compare(t *testing.T, db *storage.DB) string {
	votes := map[[2]string][2]int{}
	for _, d := range []string{"d1", "d2", "d3"} {
		for _, a := range []string{"alice", "bob"} {
			l := m.layer(d, a)
			wantSpans, wantDecs, wantStatus := l.state()
			stored, err := storedLog(db, d, a)
			if err != nil {
				t.Fatal(err)
			}
			var got, want []string
			for _, e := range stored {
				got = append(got, entryString(e))
			}
			for _, e := range l.log {
				want = append(want, entryString(e))
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				return fmt.Sprintf("%s/%s log:\n got %s\nwant %s", d, a, strings.Join(got, "\n     "), strings.Join(want, "\n     "))
			}
			// The project equals its own log replayed.
			replayed, _, replayedStatus := (&mLayer{log: stored}).state()
			spans, err := db.Spans(ctx, d, a)
			if err != nil {
				t.Fatal(err)
			}
			have := map[int64]mSpan{}
			for _, s := range spans {
				have[s.ID] = mSpan{ID: s.ID, Start: s.Start, End: s.End, Label: s.Label, Origin: string(s.Origin)}
			}
			if spansString(have) != spansString(wantSpans) || spansString(have) != spansString(replayed) {
				return fmt.Sprintf("%s/%s spans: %s; replayed log %s; model %s", d, a, spansString(have), spansString(replayed), spansString(wantSpans))
			}
			st, err := db.Status(ctx, d, a)
			if err != nil {
				t.Fatal(err)
			}
			if string(st) != wantStatus || replayedStatus != wantStatus {
				return fmt.Sprintf("%s/%s status %s, replayed log %s, model %s", d, a, st, replayedStatus, wantStatus)
			}
			pend, err := db.Suggestions(ctx, d, a)
			if err != nil {
				t.Fatal(err)
			}
			var gotPend, wantPend []string
			for _, s := range pend {
				gotPend = append(gotPend, fmt.Sprintf("[%d,%d)%s", s.Start, s.End, s.Label))
			}
			for _, k := range m.pending(l) {
				wantPend = append(wantPend, fmt.Sprintf("[%d,%d)%s", k.start, k.end, k.label))
			}
			if strings.Join(gotPend, " ") != strings.Join(wantPend, " ") {
				return fmt.Sprintf("%s/%s pending %v, model %v", d, a, gotPend, wantPend)
			}
			// Each stored span votes, and each rejection counts against,
			// its surface and the classes it belongs to
			// (annotate.LexiconVotes), whatever the order of the actions.
			text := m.texts[d]
			count := func(vs []annotate.LexiconVote) {
				for _, x := range vs {
					k := [2]string{x.Surface, x.Label}
					v := votes[k]
					v[0] += x.Votes
					v[1] += x.Rejections
					votes[k] = v
				}
			}
			for _, s := range wantSpans {
				count(annotate.LexiconVotes(text, nil, &annotate.Span{Start: s.Start, End: s.End, Label: s.Label}, nil, nil))
			}
			for k, dec := range wantDecs {
				if dec == "rejected" {
					count(annotate.LexiconVotes(text, nil, nil, &annotate.Span{Start: k.start, End: k.end, Label: k.label}, nil))
				}
			}
		}
	}
	lex, err := db.Lexicon(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for _, e := range lex {
		got = append(got, fmt.Sprintf("%s/%s %d-%d", e.Surface, e.Label, e.Votes, e.Rejections))
	}
	for k, v := range votes {
		want = append(want, fmt.Sprintf("%s/%s %d-%d", k[0], k[1], v[0], v[1]))
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		return fmt.Sprintf("lexicon %v, model %v", got, want)
	}
	return ""
}

// Migration 3 rebuilds spans with AUTOINCREMENT: every span keeps its id,
// the constraints and the unique index are back, and the sequence starts
// above every id the log names.
func TestSpanIDMigrationKeepsEveryID(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.goldspan")
	b, err := os.ReadFile(filepath.Join("testdata", "schema1.goldspan"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, b, 0o600)
	ids := func(q *sql.DB) string {
		rows, err := q.Query(`SELECT id, doc, annotator, start, end, label, origin FROM spans ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var id, doc, annot, start, end int64
			var label, origin string
			rows.Scan(&id, &doc, &annot, &start, &end, &label, &origin)
			out = append(out, fmt.Sprint(id, doc, annot, start, end, label, origin))
		}
		return strings.Join(out, "\n")
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	before := ids(raw)
	var logMax int64
	raw.QueryRow(`SELECT MAX(MAX(COALESCE(json_extract(before, '$.id'), 0)), MAX(COALESCE(json_extract(after, '$.id'), 0))) FROM actions`).Scan(&logMax)
	raw.Close()
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if after := ids(db.SQL()); after != before || before == "" {
		t.Fatalf("spans changed by the migration:\n%s\nwant\n%s", after, before)
	}
	var schema string
	db.SQL().QueryRow(`SELECT sql FROM sqlite_schema WHERE name = 'spans'`).Scan(&schema)
	if !strings.Contains(schema, "AUTOINCREMENT") || !strings.Contains(schema, "REFERENCES documents(seq) ON DELETE CASCADE") {
		t.Fatalf("spans is now %s", schema)
	}
	var seq, maxID int64
	db.SQL().QueryRow(`SELECT seq FROM sqlite_sequence WHERE name = 'spans'`).Scan(&seq)
	db.SQL().QueryRow(`SELECT MAX(id) FROM spans`).Scan(&maxID)
	if seq < maxID || seq < logMax {
		t.Fatalf("sequence %d, highest span id %d, highest id in the log %d", seq, maxID, logMax)
	}
	var n int
	db.SQL().QueryRow(`SELECT COUNT(*) FROM pragma_foreign_key_check`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d foreign key violations", n)
	}
	_, err = db.SQL().Exec(`INSERT INTO spans (doc, annotator, start, end, label, origin) SELECT doc, annotator, start, end, label, origin FROM spans LIMIT 1`)
	if err == nil || !strings.Contains(err.Error(), "UNIQUE") {
		t.Fatalf("a duplicate span was stored: %v", err)
	}
}
