package format

import (
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"goldspan/annotate"
)

// Fuzz targets for every decoder, seeded from the decode table and from
// the encoders' output of the round-trip corpus. Each checks that the
// decoder never panics, that errors are EINVALID and name the file and
// line, that records are valid, and — for formats with an encoder — that
// what it read can be written and read back the same.

func seed(f *testing.F, format string, extra ...string) {
	for _, c := range decodeCases {
		if c.format == format {
			f.Add(c.in)
		}
	}
	if fm, _ := Lookup(format); fm.NewEncoder != nil {
		recs := append(sampleRecords(), sugRecord())
		for _, split := range []bool{false, true} {
			out, _ := encodeAll(f, format, recs, Options{SplitSentences: split})
			f.Add(out)
		}
	}
	for _, e := range extra {
		f.Add(e)
	}
}

// view is what must survive a re-encoding, per format.
func view(format string, recs []annotate.Record) []string {
	var out []string
	for _, r := range recs {
		r.Spans = append([]annotate.Span(nil), r.Spans...)
		annotate.SortSpans(r.Spans) // encoders sort; decoders keep file order
		switch format {
		case "labelstudio":
			// Tasks group records; plain ones may merge into a task.
			if r.Annotator == "" {
				continue
			}
			out = append(out, fmt.Sprintf("%s %q %s %s %v", r.Doc.ID, r.Doc.Text, r.Annotator, r.Status, spanKeys(r.Spans, true)))
		case "conll", "conll2003":
			out = append(out, fmt.Sprintf("%q %s %v", r.Doc.Text, r.Annotator, spanKeys(r.Spans, false)))
		case "hf":
			out = append(out, fmt.Sprintf("%s %q %s %v", r.Doc.ID, r.Doc.Text, r.Annotator, spanKeys(r.Spans, false)))
		case "spacy":
			out = append(out, fmt.Sprintf("%s %q %s %s %v %d %s", r.Doc.ID, r.Doc.Text, r.Annotator, r.Status, spanKeys(r.Spans, false), len(r.Suggestions), r.Doc.Meta))
		default:
			out = append(out, fmt.Sprintf("%s %q %s %s %v %v %s", r.Doc.ID, r.Doc.Text, r.Annotator, r.Status, spanKeys(r.Spans, true), r.Suggestions, r.Doc.Meta))
		}
	}
	return out
}

func checkDecode(t *testing.T, format, in string) {
	o := Options{Name: "fuzz.in", Annotator: "fz"}
	fm, _ := Lookup(format)
	recs, err := readAll(t, fm, in, o)
	if err != nil {
		return
	}
	if fm.NewEncoder == nil {
		return
	}
	var buf strings.Builder
	enc := fm.NewEncoder(&buf, o)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			t.Fatalf("encode %+v: %v", r, err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	back, err := readAll(t, fm, buf.String(), o)
	if err != nil {
		t.Fatalf("re-reading our own output: %v\noutput:\n%s", annotate.ErrorMessage(err), buf.String())
	}
	if l, ok := enc.(Lossy); ok && len(l.Losses()) > 0 {
		return
	}
	if v1, v2 := view(format, recs), view(format, back); !reflect.DeepEqual(v1, v2) {
		t.Fatalf("read → write → read changed the records:\n%q\n%q\noutput:\n%s", v1, v2, buf.String())
	}
}

// readAll decodes in, checking every record and error.
func readAll(t *testing.T, fm Format, in string, o Options) ([]annotate.Record, error) {
	dec := fm.NewDecoder(strings.NewReader(in), o)
	var recs []annotate.Record
	for len(recs) < 100000 {
		r, err := dec.Next()
		if err == io.EOF {
			return recs, nil
		} else if err != nil {
			msg := annotate.ErrorMessage(err)
			// BRAT names the member of the zip: "fuzz.in:doc.ann line 3".
			member := fm.Name == "brat" && strings.HasPrefix(msg, o.Name+":") && strings.Contains(msg, " line ")
			if annotate.ErrorCode(err) != annotate.EINVALID || !strings.HasPrefix(msg, o.Name+" line ") && !member {
				t.Fatalf("error %q (code %s) does not name the file and line", annotate.ErrorMessage(err), annotate.ErrorCode(err))
			}
			return recs, err
		}
		if err := checkRecord(r); err != nil {
			t.Fatalf("record %+v: %v", r, err)
		}
		recs = append(recs, r)
	}
	t.Fatal("decoder does not end")
	return nil, nil
}

func checkRecord(r annotate.Record) error {
	if err := r.Doc.Validate(); err != nil {
		return err
	}
	if r.Doc.ID == "" || len(r.Doc.Meta) == 0 {
		return fmt.Errorf("no id or meta")
	}
	n := annotate.RuneLen(r.Doc.Text)
	if r.HasSpans || r.Status != "" {
		if err := annotate.ValidateAnnotator(r.Annotator); err != nil {
			return err
		}
	}
	for _, s := range r.Spans {
		if !r.HasSpans {
			return fmt.Errorf("spans without HasSpans")
		}
		if err := s.Validate(n, nil); err != nil {
			return err
		}
		if s.DocID != r.Doc.ID || s.Annotator != r.Annotator || !s.Origin.Valid() {
			return fmt.Errorf("span %+v not tied to its record", s)
		}
	}
	for _, s := range r.Suggestions {
		if s.Start < 0 || s.End > n || s.Start >= s.End || s.DocID != r.Doc.ID {
			return fmt.Errorf("suggestion %+v out of range", s)
		}
	}
	return nil
}

func FuzzDecodeDoccano(f *testing.F) {
	seed(f, "doccano")
	f.Fuzz(func(t *testing.T, in string) { checkDecode(t, "doccano", in) })
}

func FuzzDecodeSpacy(f *testing.F) {
	seed(f, "spacy")
	f.Fuzz(func(t *testing.T, in string) { checkDecode(t, "spacy", in) })
}

func FuzzDecodeLabelStudio(f *testing.F) {
	seed(f, "labelstudio")
	f.Fuzz(func(t *testing.T, in string) { checkDecode(t, "labelstudio", in) })
}

func FuzzDecodeConll(f *testing.F) {
	seed(f, "conll", "-DOCSTART-\n\na B-X\n\nb\tI-X\n", "U+0000\tO\nU+D800\tO\n")
	f.Fuzz(func(t *testing.T, in string) { checkDecode(t, "conll", in) })
}

func FuzzDecodeHF(f *testing.F) {
	seed(f, "hf")
	f.Fuzz(func(t *testing.T, in string) { checkDecode(t, "hf", in) })
}

// FuzzDecodeGold fuzzes the native JSONL decoder (gold.go).
func FuzzDecodeGold(f *testing.F) {
	seed(f, "gold",
		`{"id":"a","text":"👍张三","spans":[{"start":1,"end":3,"label":"PER","text":"张三"}],"annotator":"x","status":"done","meta":{"k":1}}`,
		`{"id":2,"text":"a","spans":[{"start":0,"end":1,"label":"X","source":"rule","score":0.5}]}`,
		`{"text":"a\ud800"}`)
	f.Fuzz(func(t *testing.T, in string) { checkDecode(t, "gold", in) })
}

// FuzzDecodeText fuzzes the plain-text decoders (text.go), whole file and
// one document a line.
func FuzzDecodeText(f *testing.F) {
	for _, s := range []string{"", "一\r\n二\n", "\xef\xbb\xbf文本", "a\x00b", "\xff", "  \n\n x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkDecode(t, "text", in)
		checkDecode(t, "lines", in)
	})
}
