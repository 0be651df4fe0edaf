package tagger

import (
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/go-ego/gse"

	"goldspan/annotate"
	"goldspan/annotate/suggest"
)

// The gse dictionary costs 150 MB and more than a second to load: each
// test binary loads it once.
var shared struct {
	once sync.Once
	seg  *gse.Segmenter
	err  error
}

func segmenter(tb testing.TB) *gse.Segmenter {
	tb.Helper()
	shared.once.Do(func() {
		seg := new(gse.Segmenter)
		seg.SkipLog = true
		shared.err = seg.LoadDictEmbed("zh_s")
		shared.seg = seg
	})
	if shared.err != nil {
		tb.Fatalf("loading gse: %v", shared.err)
	}
	return shared.seg
}

// nerDir returns the directory of the NER gold files: ../shared/data/ner
// from the module root, or $GOLDSPAN_NER_DIR. They are read from there and
// never copied into the repository.
func nerDir() string {
	if d := os.Getenv("GOLDSPAN_NER_DIR"); d != "" {
		return d
	}
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Dir(filepath.Dir(filepath.Dir(file))) // <root>/annotate/tagger/x.go
	return filepath.Join(root, "..", "shared", "data", "ner")
}

// builtinGazetteer is Goldspan's built-in gazetteer for the rule
// suggester, read from the repository's assets/gazetteer: the bytes main
// hands in, without the import that annotate must not have.
var builtinGazetteer = os.DirFS(filepath.Join("..", "..", "assets", "gazetteer"))

// readNER reads one of the NER gold files, skipping the test if absent.
func readNER(tb testing.TB, name string) []suggest.Sentence {
	tb.Helper()
	path := filepath.Join(nerDir(), name)
	if _, err := os.Stat(path); err != nil {
		tb.Skipf("NER gold %s not found (set GOLDSPAN_NER_DIR): %v", path, err)
	}
	sents, err := suggest.ReadBIOFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return sents
}

// examplesOf converts gold sentences to examples.
func examplesOf(sents []suggest.Sentence) []Example {
	out := make([]Example, len(sents))
	for i, s := range sents {
		out[i].Text = s.Text
		for _, e := range s.Gold {
			out[i].Spans = append(out[i].Spans, annotate.Span{Start: e.Start, End: e.End, Label: e.Label})
		}
	}
	return out
}
