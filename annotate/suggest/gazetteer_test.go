package suggest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"goldspan/annotate"
)

// builtinGazetteer is Goldspan's built-in gazetteer, read from the
// repository's assets/gazetteer: the bytes main hands in, without the
// import that annotate must not have.
var builtinGazetteer = os.DirFS(filepath.Join("..", "..", "assets", "gazetteer"))

// withGazetteer returns the default Options with the built-in gazetteer.
func withGazetteer() Options { return Options{Gazetteer: builtinGazetteer} }

func TestReadGazetteerBuiltin(t *testing.T) {
	es, err := ReadGazetteer(builtinGazetteer)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, e := range es {
		count[e.Label]++
	}
	for _, l := range []string{"PER", "LOC", "ORG"} {
		if count[l] < 150 {
			t.Errorf("%s: %d entries, want at least 150", l, count[l])
		}
	}
	want := map[string]string{"普京": "PER", "烏克蘭": "", "乌克兰": "LOC", "北约": "ORG", "新华社": "ORG", "澤倫斯基": "PER"}
	got := map[string]string{}
	for _, e := range es {
		got[e.Surface] = e.Label
	}
	for s, l := range want {
		if got[s] != l {
			t.Errorf("%s: label %q, want %q", s, got[s], l)
		}
	}
}

func TestParseGazetteer(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []GazetteerEntry
		code       string
	}{
		{"ok", "# c\n= LOC\n北京 上海 # c\n\n= ORG\nNew_York_Times\n", []GazetteerEntry{
			{"北京", "LOC", "ok", 3}, {"上海", "LOC", "ok", 3}, {"New York Times", "ORG", "ok", 6}}, ""},
		{"nolabel", "北京\n", nil, annotate.EINVALID},
		{"badlabel", "= O\n北京\n", nil, annotate.EINVALID},
		{"badutf8", "= LOC\n\xff\n", nil, annotate.EINVALID},
	} {
		got, err := ParseGazetteer(tc.name, tc.text)
		if annotate.ErrorCode(err) != tc.code {
			t.Errorf("%s: error %v, want code %q", tc.name, err, tc.code)
			continue
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: entry %d = %v, want %v", tc.name, i, got[i], tc.want[i])
			}
		}
	}
}

func TestReadGazetteerNames(t *testing.T) {
	_, err := ReadGazetteer(fstest.MapFS{"a.txt": {Data: []byte("= LOC\n北京\n")}, "b.txt": {Data: []byte("x\n")}})
	if err == nil || annotate.ErrorMessage(err) != "b.txt line 1: entries before any \"= LABEL\" line" {
		t.Errorf("error %v", err)
	}
}

// TestGazetteerOption checks that the gazetteer suggested is the one
// given: none without one, and a malformed one fails Load naming its line.
func TestGazetteerOption(t *testing.T) {
	ctx := context.Background()
	labels := []annotate.Label{{Name: LOC}, {Name: PER}}
	own := New(Options{Gazetteer: fstest.MapFS{"x.txt": {Data: []byte("= LOC\n基輔港\n")}}})
	got, err := own.Suggest(ctx, "他到了基辅港。", labels)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, g := range got {
		found = found || (g.Start == 3 && g.End == 6 && g.Label == LOC && g.Source == SourceGazetteer)
	}
	if !found {
		t.Errorf("suggestions %+v lack the given gazetteer's 基辅港 (folded)", got)
	}
	none, err := New(Options{}).Suggest(ctx, "他到了基辅港。", labels)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range none {
		if g.Source == SourceGazetteer {
			t.Errorf("a gazetteer suggestion without a gazetteer: %+v", g)
		}
	}
	bad := New(Options{Gazetteer: fstest.MapFS{"bad.txt": {Data: []byte("x\n")}}})
	err = bad.Load(ctx)
	if annotate.ErrorCode(err) != annotate.EINVALID || annotate.ErrorMessage(err) != "loading the gazetteer: bad.txt line 1: entries before any \"= LABEL\" line" {
		t.Errorf("Load with a malformed gazetteer: %v", err)
	}
}

func FuzzParseGazetteer(f *testing.F) {
	f.Add("= LOC\n北京 上海\n")
	f.Add("= O\n")
	f.Add("#\n=\n")
	f.Fuzz(func(t *testing.T, s string) {
		es, err := ParseGazetteer("f", s)
		if err != nil {
			return
		}
		for _, e := range es {
			if e.Surface == "" || e.Label == "" {
				t.Fatalf("empty entry %+v", e)
			}
		}
	})
}
