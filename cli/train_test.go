package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"goldspan/annotate"
	"goldspan/storage"
)

// TestTrainThenSuggestWithTheModel trains the project's tagger on its done
// documents and a gold file, then suggests with it.
func TestTrainThenSuggestWithTheModel(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.goldspan")
	var b strings.Builder
	names := []string{"葛瑞森", "林雅婷", "鈷澤蘭", "陳建宏", "王志强"}
	places := []string{"卡爾達河谷", "臺北市", "花蓮縣", "浦东新区", "東京"}
	for i := 0; i < 40; i++ {
		n, p := names[i%5], places[(i/5)%5]
		text := fmt.Sprintf("記者%s%d日在%s報道。", n, i+1, p)
		ds := 2 + len([]rune(n)) + len([]rune(fmt.Sprint(i+1))) + 2
		fmt.Fprintf(&b, `{"id":"t%d","text":%q,"spans":[{"start":2,"end":%d,"label":"PER"},{"start":%d,"end":%d,"label":"LOC"}],"annotator":"alice","status":"done"}`+"\n",
			i, text, 2+len([]rune(n)), ds, ds+len([]rune(p)))
	}
	train := write(t, dir, "train.jsonl", b.String())
	if code, _, errs := run(t, "", "import", "--db", db, train); code != 0 {
		t.Fatal(errs)
	}
	extra := write(t, dir, "extra.jsonl", `{"id":"x1","text":"記者葛瑞森在東京報道。","spans":[{"start":2,"end":5,"label":"PER"},{"start":6,"end":8,"label":"LOC"}],"annotator":"bob","status":"done"}`+"\n")
	code, _, errs := run(t, "", "train", "--db", db, "--from", extra)
	if code != 0 || !strings.Contains(errs, "trained the tagger on 40 done documents of the project and 1 document from files") ||
		!strings.Contains(errs, "training: 0%\n") || !strings.Contains(errs, "training: 100%\n") {
		t.Fatalf("train: %d %s", code, errs)
	}
	// suggest --db follows the project's policy, as the desk does: a
	// model not yet scored against the rules does not lead them. The
	// name is new (the place is in the learned lexicon, which comes
	// first whoever leads), so that the model has something of its own.
	const doc = `{"id":"n1","text":"記者何嘉欣昨日在花蓮縣報道。"}` + "\n"
	sources := func() map[string]bool {
		t.Helper()
		code, out, errs := run(t, doc, "suggest", "--db", db)
		if code != 0 {
			t.Fatal(errs)
		}
		rec := parseSuggested(t, out)[0]
		sources := map[string]bool{}
		for _, s := range rec.Spans {
			sources[s.Source] = true
			if got := annotate.SliceRunes(rec.Text, s.Start, s.End); got != s.Text {
				t.Fatalf("%+v: the text at its offsets is %q", s, got)
			}
		}
		return sources
	}
	if got := sources(); got["model"] || !got["learned"] {
		t.Fatalf("the model led before it was scored: %v", got)
	}
	// Once the desk's running scores hand it the lead, it leads here too.
	st, err := storage.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	err = st.SaveModel(context.Background(), annotate.Model{Name: "tagger.scores", Data: []byte(`{"window":[],"total":3,"leader":"model"}`)})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if got := sources(); !got["model"] {
		t.Fatalf("no suggestion from the leading model: %v", got)
	}
	// Nothing to train on is a clear error.
	empty := filepath.Join(dir, "empty.goldspan")
	run(t, "", "import", "--db", empty, write(t, dir, "plain.txt", "沒有標註的文章。"))
	if code, _, errs := run(t, "", "train", "--db", empty); code != 1 || !strings.Contains(errs, "nothing to train on") {
		t.Fatalf("empty train: %d %s", code, errs)
	}
}
