package format

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"goldspan/annotate"
)

// bratReferee reads a zip of .txt and .ann files by brat's own rules
// (server/src/annotation.py: _parse_ann_lines, _split_textbound_data and
// TextAnnotations._parse_textbound_annotation), written apart from the
// decoder: lines split at the first tab into id and the rest, the id
// matching ^([A-Za-z]+|#[A-Za-z]*)([0-9]+)(.*?)$ once per file, T data
// "TYPE S E[;S E]", offsets in code points of the .txt as stored, each
// fragment 0 ≤ start ≤ end ≤ len(text), the text after a tab equal to
// the fragments joined by " " or nothing at all. It returns per document
// id its text and entities as "start-end:TYPE".
func bratReferee(data []byte) (map[string]string, map[string][]string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, err
	}
	files := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, nil, err
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if strings.Contains(f.Name, "\\") || strings.HasPrefix(f.Name, "/") || strings.HasPrefix(f.Name, ".") || strings.Contains(f.Name, "/.") {
			return nil, nil, fmt.Errorf("unsafe file name %q", f.Name)
		}
		files[f.Name] = string(b)
	}
	idRE := regexp.MustCompile(`^([A-Za-z]+|#[A-Za-z]*)([0-9]+)(.*?)$`)
	texts, ents := map[string]string{}, map[string][]string{}
	for name, ann := range files {
		if !strings.HasSuffix(name, ".ann") {
			continue
		}
		doc := strings.TrimSuffix(name, ".ann")
		text, ok := files[doc+".txt"]
		if !ok {
			return nil, nil, fmt.Errorf("%s without its .txt", name)
		}
		texts[doc] = text
		rs := []rune(text)
		seen := map[string]bool{}
		for n, line := range strings.SplitAfter(ann, "\n") {
			if line == "" {
				continue
			}
			id, tail, ok := strings.Cut(line, "\t")
			if !ok || !idRE.MatchString(id) || seen[id] {
				return nil, nil, fmt.Errorf("%s line %d: bad or repeated id in %q", name, n+1, line)
			}
			seen[id] = true
			data, dataTail := tail, ""
			if i := strings.Index(tail, "\t"); i >= 0 {
				data, dataTail = tail[:i], tail[i:]
			}
			typ, rest, ok := strings.Cut(data, " ")
			if !ok || id[0] != 'T' {
				return nil, nil, fmt.Errorf("%s line %d: not a textbound: %q", name, n+1, line)
			}
			var parts []string
			var first, last int
			for k, frag := range strings.Split(rest, ";") {
				se := strings.SplitN(frag, " ", 3)
				if len(se) != 2 {
					return nil, nil, fmt.Errorf("%s line %d: fragment %q", name, n+1, frag)
				}
				s, err1 := strconv.Atoi(se[0])
				e, err2 := strconv.Atoi(strings.TrimRight(se[1], " \t\r\n"))
				if err1 != nil || err2 != nil || s > e || s < 0 || e > len(rs) {
					return nil, nil, fmt.Errorf("%s line %d: offsets %q against %d characters", name, n+1, frag, len(rs))
				}
				if k == 0 {
					first = s
				}
				last = e
				parts = append(parts, string(rs[s:e]))
			}
			ref := strings.Join(parts, " ")
			if strings.TrimSpace(dataTail) != "" {
				tt := []rune(dataTail[1:])
				k := len([]rune(ref))
				if len(tt) < k || string(tt[:k]) != ref {
					return nil, nil, fmt.Errorf("%s line %d: text %q does not match %q", name, n+1, dataTail, ref)
				}
				if rem := string(tt[k:]); rem != "" && rem != "\n" {
					return nil, nil, fmt.Errorf("%s line %d: trailing %q", name, n+1, rem)
				}
			}
			ents[doc] = append(ents[doc], fmt.Sprintf("%d-%d:%s", first, last, typ))
		}
		sort.Strings(ents[doc])
	}
	return texts, ents, nil
}

func sortedKeys(spans []annotate.Span) []string {
	k := spanKeys(spans, false)
	sort.Strings(k)
	return k
}

func TestBratExportUnderBratsRules(t *testing.T) {
	recs := append(interopRecords(), sampleRecords()...)
	crossing := "第一行北\n京第二行" // a span over a line break
	recs = append(recs, annotate.Record{Doc: annotate.Document{ID: "a/b c", Text: crossing}, Annotator: "a", Status: annotate.StatusDone, HasSpans: true,
		Spans: []annotate.Span{span(crossing, "北\n京", 0, "LOC")}},
		annotate.Record{Doc: annotate.Document{ID: "A/B C", Text: "x"}})
	out, losses := encodeAll(t, "brat", recs, Options{})
	texts, ents, err := bratReferee([]byte(out))
	if err != nil {
		t.Fatalf("brat's rules refuse our export: %v", err)
	}
	names := map[string]string{"d-1": "d-1", "2": "2", "plain": "plain", "d1": "d1", "7": "7", "ov": "ov", "a/b c": "a/b_c", "A/B C": "A/B_C~2"}
	for _, r := range recs {
		name := names[r.Doc.ID]
		if r.Doc.ID == "plain" && r.Doc.Text == textPlain {
			name = "plain~2" // the second record of id "plain"
		}
		if texts[name] != r.Doc.Text {
			t.Errorf("%s.txt = %q, want %q", name, texts[name], r.Doc.Text)
		}
		if got, want := ents[name], sortedKeys(r.Spans); !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("%s.ann entities %v, want %v", name, got, want)
		}
	}
	var reasons []string
	for _, l := range losses {
		reasons = append(reasons, l.DocID+": "+l.Reason)
	}
	want := []string{
		"plain: written as plain~2.txt and plain~2.ann: the id is not a safe file name or is taken",
		"a/b c: written as a/b_c.txt and a/b_c.ann: the id is not a safe file name or is taken",
		"A/B C: written as A/B_C~2.txt and A/B_C~2.ann: the id is not a safe file name or is taken",
	}
	if !reflect.DeepEqual(reasons, want) {
		t.Errorf("losses\n%q\nwant\n%q", reasons, want)
	}
	// Back: the same texts and spans.
	back := mustDecode(t, "brat", out, Options{Name: "x.zip", Annotator: "ann"})
	byID := map[string]annotate.Record{}
	for _, b := range back {
		byID[b.Doc.ID] = b
	}
	for _, r := range recs[:2] {
		b := byID[r.Doc.ID]
		if b.Doc.Text != r.Doc.Text || !reflect.DeepEqual(sortedKeys(b.Spans), sortedKeys(r.Spans)) || b.Status != annotate.StatusDone {
			t.Errorf("round trip of %s: %q %v %s", r.Doc.ID, b.Doc.Text, sortedKeys(b.Spans), b.Status)
		}
	}
	if b := byID["plain"]; b.HasSpans {
		t.Errorf("a plain document came back annotated")
	}
}

// bratSample is shaped as brat writes a document: notes, attributes,
// a relation, an event, a normalization, a discontinuous entity, CRLF.
var bratSample = map[string]string{
	"news/001.txt":    "浙商银行的叶老桂\r\n在北京和上海。",
	"news/001.ann":    "T1\tORG 0 4\t浙商银行\nT2\tPER 5 8\t叶老桂\n#1\tAnnotatorNotes T2\t博士\nA1\tNegated T1\nR1\tWorks Arg1:T2 Arg2:T1\t\nT3\tLOC 11 13\t北京\nT4\tLOC 11 12;14 16\t北 上海\nN1\tReference T3 Wikipedia:1234\t北京\nT5\tTrigger 10 11\t在\nE1\tTrigger:T5 Theme:T2\n",
	"news/002.txt":    "没有标注。",
	"annotation.conf": "[entities]\nORG\nPER\nLOC\n",
}

func writeZip(t *testing.T, files map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestBratReadsBratFiles(t *testing.T) {
	check := func(t *testing.T, recs []annotate.Record, losses []Loss) {
		t.Helper()
		if len(recs) != 2 || recs[0].Doc.ID != "news/001" || recs[1].Doc.ID != "news/002" {
			t.Fatalf("records %+v", recs)
		}
		if got := spanKeys(recs[0].Spans, false); !reflect.DeepEqual(got, []string{"0-4:ORG", "5-8:PER", "11-13:LOC"}) {
			t.Errorf("spans %v", got)
		}
		if recs[1].HasSpans {
			t.Errorf("a .txt without .ann came back annotated")
		}
		var reasons []string
		for _, l := range losses {
			reasons = append(reasons, l.Reason)
		}
		text := strings.Join(reasons, "\n")
		for _, w := range []string{"discontinuous entity T4 (11 12;14 16) not imported", "1 attributes not imported", "1 relations not imported", "1 events not imported", "1 normalizations not imported", "1 notes not imported", "event trigger T5 (Trigger) not imported"} {
			if !strings.Contains(text, w) {
				t.Errorf("losses lack %q:\n%s", w, text)
			}
		}
	}
	t.Run("zip stream", func(t *testing.T) {
		recs, losses, err := decodeAll(t, "brat", string(writeZip(t, bratSample)), Options{Name: "c.zip", Annotator: "a"})
		if err != nil {
			t.Fatal(err)
		}
		check(t, recs, losses)
	})
	dir := t.TempDir()
	for name, body := range bratSample {
		p := filepath.Join(dir, "corpus", filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	zipPath := filepath.Join(dir, "corpus.zip")
	os.WriteFile(zipPath, writeZip(t, bratSample), 0o644)
	for _, p := range []string{filepath.Join(dir, "corpus"), zipPath} {
		t.Run(filepath.Base(p), func(t *testing.T) {
			f, ok := PathFormat("auto", p)
			if !ok || f.Name != "brat" {
				t.Fatalf("PathFormat(auto, %s) = %s, %v", p, f.Name, ok)
			}
			dec, closeFn, err := f.OpenPath(p, Options{Name: p, Annotator: "a"})
			if err != nil {
				t.Fatal(err)
			}
			defer closeFn()
			var recs []annotate.Record
			for {
				r, err := dec.Next()
				if err == io.EOF {
					break
				} else if err != nil {
					t.Fatal(err)
				}
				recs = append(recs, r)
			}
			check(t, recs, dec.(Lossy).Losses())
		})
	}
	t.Run("one .ann", func(t *testing.T) {
		p := filepath.Join(dir, "corpus", "news", "001.ann")
		f, ok := PathFormat("auto", p)
		if !ok {
			t.Fatal("a .ann is not read as BRAT")
		}
		dec, _, err := f.OpenPath(p, Options{Name: p, Annotator: "a"})
		if err != nil {
			t.Fatal(err)
		}
		r, err := dec.Next()
		if err != nil || r.Doc.ID != "001" || len(r.Spans) != 3 {
			t.Fatalf("%+v %v", r, err)
		}
	})
	if _, ok := PathFormat("auto", filepath.Join(dir, "corpus", "news", "002.txt")); ok {
		t.Error("a .txt with --format auto is a text document, not BRAT")
	}
}

func TestBratErrors(t *testing.T) {
	cases := []struct{ ann, want string }{
		{"T1\tPER 0 3\t叶老", `c.zip:d.ann line 1: T1 PER 0 3: the text after the offsets is "叶老", but the .txt has "叶老桂" there`},
		{"T1\tPER 0 9\t叶老桂", `[0,9): past the end of the text of 8 characters`},
		{"T1\tPER 3 1", `want 0 ≤ start ≤ end`},
		{"T1\tPER 0 1\t叶\nT1\tPER 1 2\t老", `line 2: the id T1 appears twice`},
		{"T1 PER 0 1", `want an id, a tab`},
		{"X\tPER 0 1", `"X" is not a brat id`},
		{"T1\tPER 0 1;0 2\t叶 叶老", `overlap`},
		{"T1\tPER a 1", `not whole numbers`},
		{"T1\tPER 0 1 2", `want START END`},
		{"T1\tPER 0 3\t叶老桂x", `runs on into "x"`},
		{"Q1\tPER 0 3", `unknown annotation "Q1"`},
	}
	for _, c := range cases {
		in := writeZip(t, map[string]string{"d.txt": "叶老桂博士来了。", "d.ann": c.ann})
		_, _, err := decodeAll(t, "brat", string(in), Options{Name: "c.zip", Annotator: "a"})
		if err == nil || !strings.Contains(annotate.ErrorMessage(err), c.want) {
			t.Errorf("%q:\n got %v\nwant …%s…", c.ann, err, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"not a zip", "not a zip of BRAT"},
		{string(writeZip(t, map[string]string{"a.ann": ""})), "no BRAT documents"},
		{string(writeZip(t, map[string]string{"a.txt": " \r\n"})), `c.zip:a.txt line 1: "text" is only white space`},
		{string(writeZip(t, map[string]string{"a.txt": "ok\n\xff"})), `c.zip:a.txt line 2: invalid UTF-8`},
	} {
		_, _, err := decodeAll(t, "brat", c.in, Options{Name: "c.zip", Annotator: "a"})
		if err == nil || !strings.Contains(annotate.ErrorMessage(err), c.want) {
			t.Errorf("got %v, want …%s…", err, c.want)
		}
	}
}

func FuzzDecodeBrat(f *testing.F) {
	seed(f, "brat")
	f.Fuzz(func(t *testing.T, in string) { checkDecode(t, "brat", in) })
}

func TestBratFoldersKeepIDs(t *testing.T) {
	recs := interopRecords()[:1]
	recs[0].Doc.ID = "news/001"
	for i := range recs[0].Spans {
		recs[0].Spans[i].DocID = "news/001"
	}
	out, losses := encodeAll(t, "brat", recs, Options{})
	if len(losses) != 0 {
		t.Errorf("losses %v", losses)
	}
	back := mustDecode(t, "brat", out, Options{Name: "x.zip", Annotator: "ann"})
	if len(back) != 1 || back[0].Doc.ID != "news/001" || back[0].Doc.Text != textFlag {
		t.Errorf("back %+v", back)
	}
}
