package gazetteer

import (
	"testing"
	"testing/fstest"

	"goldspan/annotate"
)

func TestEntries(t *testing.T) {
	es, err := Entries()
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

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []Entry
		code       string
	}{
		{"ok", "# c\n= LOC\n北京 上海 # c\n\n= ORG\nNew_York_Times\n", []Entry{
			{"北京", "LOC", "ok", 3}, {"上海", "LOC", "ok", 3}, {"New York Times", "ORG", "ok", 6}}, ""},
		{"nolabel", "北京\n", nil, annotate.EINVALID},
		{"badlabel", "= O\n北京\n", nil, annotate.EINVALID},
		{"badutf8", "= LOC\n\xff\n", nil, annotate.EINVALID},
	} {
		got, err := Parse(tc.name, tc.text)
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

func TestParseFSNames(t *testing.T) {
	_, err := parseFS(fstest.MapFS{"a.txt": {Data: []byte("= LOC\n北京\n")}, "b.txt": {Data: []byte("x\n")}})
	if err == nil || annotate.ErrorMessage(err) != "b.txt line 1: entries before any \"= LABEL\" line" {
		t.Errorf("error %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("= LOC\n北京 上海\n")
	f.Add("= O\n")
	f.Add("#\n=\n")
	f.Fuzz(func(t *testing.T, s string) {
		es, err := Parse("f", s)
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
