package format

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"goldspan/annotate"
)

// The Chinese NER gold files live outside the repository (see
// DEVELOPERS.md): read them in place, never copy them.
const nerDir = "../../../shared/data/ner"

// nerFile reads one of them, or skips (fails under CI=true).
func nerFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(nerDir, name))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI=true: %v", name, err)
		}
		t.Skipf("%s not available: %v", name, err)
	}
	return data
}

// TestNERData imports the three gold files with the CoNLL decoder and
// checks the sentence and entity counts of their README.
func TestNERData(t *testing.T) {
	tests := []struct {
		file                string
		sentences, chars    int
		per, loc, org       int
		sep                 string
		identicalAfterRetab bool
	}{
		// ../shared/data/ner/README.md
		{file: "msra_test.bio", sentences: 3442, chars: 172601, per: 1973, loc: 2886, org: 1331, sep: "\t"},
		{file: "msra_test.s2hk.bio", sentences: 3442, chars: 172601, per: 1973, loc: 2886, org: 1331, sep: "\t"},
		{file: "peoples_daily_dev.bio", sentences: 2318, chars: 109870, per: 884, loc: 1951, org: 984, sep: " "},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := nerFile(t, tt.file)
			o := Options{Name: tt.file, Annotator: "gold"}
			f, _ := Lookup("conll")
			dec := f.NewDecoder(bytes.NewReader(data), o)
			var recs []annotate.Record
			counts := map[string]int{}
			chars := 0
			for {
				r, err := dec.Next()
				if err == io.EOF {
					break
				} else if err != nil {
					t.Fatal(annotate.ErrorMessage(err))
				}
				for _, s := range r.Spans {
					counts[s.Label]++
				}
				chars += annotate.RuneLen(r.Doc.Text)
				recs = append(recs, r)
			}
			if len(recs) != tt.sentences || chars != tt.chars {
				t.Errorf("%d documents of %d characters, want %d of %d", len(recs), chars, tt.sentences, tt.chars)
			}
			want := map[string]int{"PER": tt.per, "LOC": tt.loc, "ORG": tt.org}
			for l, n := range want {
				if counts[l] != n {
					t.Errorf("%s: %d entities, want %d", l, counts[l], n)
				}
			}
			if len(counts) != len(want) {
				t.Errorf("labels %v, want PER, LOC, ORG", counts)
			}
			if recs[0].Doc.ID != strings.TrimSuffix(tt.file, ".bio")+":1" {
				t.Errorf("first id %q", recs[0].Doc.ID)
			}
			// Decode → encode is the original up to the separator.
			out, losses := encodeAll(t, "conll", recs, Options{})
			if len(losses) != 0 {
				t.Errorf("losses: %+v", losses[:min(3, len(losses))])
			}
			orig := string(data)
			if tt.sep != "\t" {
				orig = regexp.MustCompile("(?m)^(.) ").ReplaceAllString(orig, "$1\t")
			}
			if out != orig {
				ol, gl := strings.Split(orig, "\n"), strings.Split(out, "\n")
				for i := range min(len(ol), len(gl)) {
					if ol[i] != gl[i] {
						t.Fatalf("re-export differs from the original at line %d: %q, want %q", i+1, gl[i], ol[i])
					}
				}
				t.Fatalf("re-export has %d lines, the original %d", len(gl), len(ol))
			}
		})
	}
}

// BenchmarkDecodeConllMSRA measures CoNLL import speed on the MSRA test
// file (MB/s of input).
func BenchmarkDecodeConllMSRA(b *testing.B) {
	data := nerFile(b, "msra_test.bio")
	f, _ := Lookup("conll")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		dec := f.NewDecoder(bytes.NewReader(data), Options{Name: "msra_test.bio", Annotator: "gold"})
		for {
			if _, err := dec.Next(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkEncodeConllMSRA measures CoNLL export speed on the same data.
func BenchmarkEncodeConllMSRA(b *testing.B) {
	data := nerFile(b, "msra_test.bio")
	recs := mustDecode(b, "conll", string(data), Options{Name: "msra_test.bio", Annotator: "gold"})
	f, _ := Lookup("conll")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		enc := f.NewEncoder(io.Discard, Options{})
		for _, r := range recs {
			if err := enc.Encode(r); err != nil {
				b.Fatal(err)
			}
		}
		enc.Close()
	}
}
