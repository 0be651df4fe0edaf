package storage_test

import (
	"fmt"
	"maps"
	"os"
	"strings"
	"testing"
	"time"

	"goldspan/annotate"
	"goldspan/storage"
)

// An import holds the project's write lock until it ends (issue "Gold you
// can trust", item 10): a writer that gives up waiting is told that an
// import is running, by whom and since when, not only that the project
// is busy; and once the import ends nothing says it still runs.
func TestRunningImportIsNamed(t *testing.T) {
	old := storage.BusyTimeout
	storage.BusyTimeout = 200 * time.Millisecond
	defer func() { storage.BusyTimeout = old }()
	db1, path := open(t)
	mustImport(t, db1, doc("d", "北京"))
	db2, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if holder, running := storage.ImportRunning(path); running {
		t.Fatalf("an import is said to run before any: %q", holder)
	}
	imp, err := db1.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	holder, running := storage.ImportRunning(path)
	if !running || !strings.HasPrefix(holder, fmt.Sprintf("pid %d on ", os.Getpid())) {
		t.Fatalf("ImportRunning during the import = %q, %v", holder, running)
	}
	_, err = db2.BeginImport(ctx)
	code(t, err, annotate.EBUSY)
	if msg := annotate.ErrorMessage(err); !strings.Contains(msg, "is busy: an import is running (pid ") || !strings.Contains(msg, "try again when it has finished") {
		t.Fatalf("message = %q", msg)
	}
	if err := imp.Rollback(); err != nil {
		t.Fatal(err)
	}
	if holder, running := storage.ImportRunning(path); running {
		t.Fatalf("an import is said to run after it ended: %q", holder)
	}
	if _, err := os.Stat(path + ".import"); !os.IsNotExist(err) {
		t.Fatalf("the import's marker is left behind: %v", err)
	}
	imp, err = db2.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, imp, doc("e", "上海"))
	if _, err := imp.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, running := storage.ImportRunning(path); running {
		t.Fatal("an import is said to run after it committed")
	}
}

func mustAdd(t *testing.T, imp annotate.Importer, r annotate.Record) {
	t.Helper()
	if err := imp.Add(ctx, r); err != nil {
		t.Fatal(err)
	}
}

// layer is a record of annotator's spans on document id.
func layer(id, text, annotator string, spans ...annotate.Span) annotate.Record {
	r := doc(id, text)
	r.Annotator, r.HasSpans, r.Spans = annotator, true, spans
	return r
}

// The importer checks a record's spans for duplicates in memory, sorted
// or not, naming the first span that repeats one before it.
func TestImportFindsDuplicateSpansInAnyOrder(t *testing.T) {
	db, _ := open(t)
	sp := func(s, e int, l string) annotate.Span { return annotate.Span{Start: s, End: e, Label: l} }
	for _, c := range []struct {
		spans []annotate.Span
		want  string
	}{
		{[]annotate.Span{sp(0, 2, "LOC"), sp(0, 2, "LOC")}, "span 2: LOC at [0,2) appears twice"},
		{[]annotate.Span{sp(3, 4, "PER"), sp(0, 2, "LOC"), sp(2, 3, "ORG"), sp(0, 2, "LOC"), sp(3, 4, "PER")}, "span 4: LOC at [0,2) appears twice"},
	} {
		imp, err := db.BeginImport(ctx)
		if err != nil {
			t.Fatal(err)
		}
		err = imp.Add(ctx, layer("d", "北京上海", "ann", c.spans...))
		imp.Rollback()
		code(t, err, annotate.ECONFLICT)
		if msg := annotate.ErrorMessage(err); msg != c.want {
			t.Errorf("message %q, want %q", msg, c.want)
		}
	}
}

// Spans go in batches of many rows; a layer imported again replaces the
// old one in one statement. Every span must arrive, in its place, and
// the lexicon must count each stored span once, as annotate.LexiconVotes
// adds up.
func TestImportManySpansAndReplaceThem(t *testing.T) {
	db, _ := open(t)
	text := strings.Repeat("北京上海👍", 60) // 300 code points, one outside the BMP every 5
	labels := []string{"LOC", "PER", "ORG", "TIME"}
	mk := func(n, shift int) []annotate.Span {
		var out []annotate.Span
		for i := range n {
			s := (i*3 + shift) % 290
			out = append(out, annotate.Span{Start: s, End: s + 1 + i%4, Label: labels[i%4]})
		}
		return out
	}
	want := func(spans []annotate.Span) map[[2]string]int {
		rs := []rune(text)
		m := map[[2]string]int{}
		for _, s := range spans {
			m[[2]string{string(rs[s.Start:s.End]), s.Label}]++
		}
		return m
	}
	check := func(spans []annotate.Span) {
		t.Helper()
		got, err := db.Spans(ctx, "d", "ann")
		if err != nil {
			t.Fatal(err)
		}
		gotKeys := map[[3]any]bool{}
		for _, s := range got {
			gotKeys[[3]any{s.Start, s.End, s.Label}] = true
		}
		for _, s := range spans {
			if !gotKeys[[3]any{s.Start, s.End, s.Label}] {
				t.Fatalf("span %+v missing", s)
			}
		}
		if len(got) != len(spans) {
			t.Fatalf("%d spans stored, want %d", len(got), len(spans))
		}
		lex, err := db.Lexicon(ctx)
		if err != nil {
			t.Fatal(err)
		}
		votes := map[[2]string]int{}
		for _, e := range lex {
			if e.Votes != 0 {
				votes[[2]string{e.Surface, e.Label}] = e.Votes
			}
		}
		if w := want(spans); !maps.Equal(votes, w) {
			t.Fatalf("lexicon %v, want %v", votes, w)
		}
	}
	first := mk(64*3+17, 0)
	res := mustImport(t, db, layer("d", text, "ann", first...))
	if res.Spans != len(first) {
		t.Fatalf("import says %d spans, want %d", res.Spans, len(first))
	}
	check(first)
	second := mk(90, 7)
	mustImport(t, db, layer("d", text, "ann", second...))
	check(second)
	mustImport(t, db, layer("d", text, "ann"))
	check(nil)
}
