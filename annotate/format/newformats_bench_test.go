package format

import (
	"fmt"
	"io"
	"testing"

	"goldspan/annotate"
)

// benchRecords are n copies of the interop documents under distinct ids.
func benchRecords(n int) []annotate.Record {
	base := interopRecords()[:2]
	out := make([]annotate.Record, 0, n)
	for i := 0; len(out) < n; i++ {
		for _, r := range base {
			r.Doc.ID = fmt.Sprintf("%s-%d", r.Doc.ID, i)
			out = append(out, r)
		}
	}
	return out[:n]
}

// BenchmarkEncodeNewFormats writes 1000 documents in each new format;
// b.SetBytes is the text written, so MB/s compares formats.
func BenchmarkEncodeNewFormats(b *testing.B) {
	recs := benchRecords(1000)
	text := 0
	for _, r := range recs {
		text += len(r.Doc.Text)
	}
	for _, name := range []string{"docbin", "brat", "conll2003", "cluener"} {
		b.Run(name, func(b *testing.B) {
			f, _ := Lookup(name)
			b.SetBytes(int64(text))
			for i := 0; i < b.N; i++ {
				enc := f.NewEncoder(io.Discard, Options{})
				for _, r := range recs {
					if err := enc.Encode(r); err != nil {
						b.Fatal(err)
					}
				}
				if err := enc.Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
