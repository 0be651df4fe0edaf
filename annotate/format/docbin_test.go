package format

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"goldspan/annotate"
)

// The referee of the DocBin export: a reader written from spaCy's
// DocBin.from_bytes and Doc.from_array (spacy/tokens/_serialize.py,
// doc.pyx) and srsly's msgpack, separate from the encoder: zlib.decompress,
// msgpack unpack (bin for bytes, str for strings), tokens as uint64 rows
// of len(attrs), spaces as one bool byte a token, lengths as int32; words
// are looked up by id among the strings (spaCy's StringStore ids: symbol
// ids for its symbols, else MurmurHash64A seed 1), the text is each word
// and a space where spaces says so, and entities come from ENT_IOB (3 B,
// 1 I, 2 O, 0 missing) and ENT_TYPE.

// refHash64A is MurmurHash64A written from the reference C code, byte by
// byte, apart from the encoder's.
func refHash64A(data []byte, seed uint64) uint64 {
	const m uint64 = 0xc6a4a7935bd1e995
	h := seed ^ (uint64(len(data)) * m)
	nblocks := len(data) / 8
	for i := 0; i < nblocks; i++ {
		var k uint64
		for j := 7; j >= 0; j-- {
			k = k<<8 | uint64(data[8*i+j])
		}
		k *= m
		k ^= k >> 47
		k *= m
		h ^= k
		h *= m
	}
	tail := data[8*nblocks:]
	if len(tail) > 0 {
		for j := len(tail) - 1; j >= 0; j-- {
			h ^= uint64(tail[j]) << (8 * uint(j))
		}
		h *= m
	}
	h ^= h >> 47
	h *= m
	h ^= h >> 47
	return h
}

// refSymbols are ids copied by hand from spaCy's spacy/symbols.pxd.
var refSymbols = map[string]uint64{"ORTH": 65, "ENT_IOB": 77, "ENT_TYPE": 78, "SPACY": 81, "PERSON": 380, "ORG": 383, "LOC": 385, "TIME": 392}

// mpReader decodes msgpack into Go values: map[string]any, []any, []byte
// (bin), string (str), uint64/int64, bool, nil.
type mpReader struct {
	b []byte
	i int
}

func (r *mpReader) n(k int) []byte {
	if r.i+k > len(r.b) {
		panic("msgpack: truncated")
	}
	p := r.b[r.i : r.i+k]
	r.i += k
	return p
}

func (r *mpReader) size(k int) int {
	p := r.n(k)
	v := 0
	for _, c := range p {
		v = v<<8 | int(c)
	}
	return v
}

func (r *mpReader) value() any {
	c := r.n(1)[0]
	switch {
	case c <= 0x7f:
		return uint64(c)
	case c >= 0xe0:
		return int64(int8(c))
	case c&0xf0 == 0x80:
		return r.mapOf(int(c & 0x0f))
	case c&0xf0 == 0x90:
		return r.arrayOf(int(c & 0x0f))
	case c&0xe0 == 0xa0:
		return string(r.n(int(c & 0x1f)))
	}
	switch c {
	case 0xc0:
		return nil
	case 0xc2:
		return false
	case 0xc3:
		return true
	case 0xc4, 0xc5, 0xc6:
		return append([]byte(nil), r.n(r.size(1<<(c-0xc4)))...)
	case 0xcc, 0xcd, 0xce, 0xcf:
		return uint64(r.size(1 << (c - 0xcc)))
	case 0xd9, 0xda, 0xdb:
		return string(r.n(r.size(1 << (c - 0xd9))))
	case 0xdc, 0xdd:
		return r.arrayOf(r.size(2 << (c - 0xdc)))
	case 0xde, 0xdf:
		return r.mapOf(r.size(2 << (c - 0xde)))
	}
	panic(fmt.Sprintf("msgpack: type byte %#x not expected in a DocBin", c))
}

func (r *mpReader) arrayOf(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = r.value()
	}
	return out
}

func (r *mpReader) mapOf(n int) map[string]any {
	out := make(map[string]any, n)
	for i := 0; i < n; i++ {
		k, ok := r.value().(string)
		if !ok {
			panic("msgpack: a map key that is not a str")
		}
		out[k] = r.value()
	}
	return out
}

// refDoc is one document as spaCy would rebuild it.
type refDoc struct {
	text    string
	words   []string
	missing bool     // every ENT_IOB is 0
	ents    []string // "start-end:LABEL" in code points
}

// readDocBin reads data as DocBin.from_bytes and get_docs do.
func readDocBin(data []byte) (docs []refDoc, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	if len(data) < 2 || data[0] != 0x78 {
		return nil, fmt.Errorf("not zlib data (first byte %#x): DocBin.from_bytes calls zlib.decompress", data[0])
	}
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	r := &mpReader{b: raw}
	msg, ok := r.value().(map[string]any)
	if !ok || r.i != len(raw) {
		return nil, fmt.Errorf("not one msgpack map")
	}
	for _, k := range []string{"version", "attrs", "tokens", "spaces", "lengths", "strings", "cats", "flags", "span_groups"} {
		if _, ok := msg[k]; !ok {
			return nil, fmt.Errorf("msg[%q] missing", k)
		}
	}
	attrs := msg["attrs"].([]any)
	if attrs[0].(uint64) != refSymbols["ORTH"] {
		return nil, fmt.Errorf("attrs[0] is %v, not ORTH", attrs[0])
	}
	col := map[uint64]int{}
	for i, a := range attrs {
		col[a.(uint64)] = i
	}
	ci, hasIOB := col[refSymbols["ENT_IOB"]]
	ct, hasType := col[refSymbols["ENT_TYPE"]]
	if !hasIOB || !hasType {
		return nil, fmt.Errorf("attrs %v lack ENT_IOB or ENT_TYPE", attrs)
	}
	tokBytes := msg["tokens"].([]byte) // numpy.frombuffer(..., "uint64")
	if len(tokBytes)%(8*len(attrs)) != 0 {
		return nil, fmt.Errorf("tokens: %d bytes is not a whole number of rows", len(tokBytes))
	}
	rows := len(tokBytes) / 8 / len(attrs)
	cell := func(row, c int) uint64 { return binary.LittleEndian.Uint64(tokBytes[8*(row*len(attrs)+c):]) }
	spaces := msg["spaces"].([]byte)
	lenBytes := msg["lengths"].([]byte)
	if len(spaces) != rows || len(lenBytes)%4 != 0 {
		return nil, fmt.Errorf("%d spaces for %d tokens, %d bytes of lengths", len(spaces), rows, len(lenBytes))
	}
	byID := map[uint64]string{0: ""}
	for _, s := range msg["strings"].([]any) {
		str := s.(string)
		id, sym := refSymbols[str]
		if !sym {
			if sid, ok := spacySymbols[str]; ok {
				id = sid // a symbol the referee has no copy of
			} else {
				id = refHash64A([]byte(str), 1)
			}
		}
		byID[id] = str
	}
	for name, id := range refSymbols {
		byID[id] = name
	}
	nDocs := len(lenBytes) / 4
	for _, k := range []string{"cats", "flags", "span_groups"} {
		if got := len(msg[k].([]any)); got != nDocs {
			return nil, fmt.Errorf("%d %s for %d documents", got, k, nDocs)
		}
	}
	row := 0
	for d := 0; d < nDocs; d++ {
		length := int(int32(binary.LittleEndian.Uint32(lenBytes[4*d:])))
		if flags := msg["flags"].([]any)[d].(map[string]any); flags["has_unknown_spaces"] != false {
			return nil, fmt.Errorf("doc %d: flags %v", d, flags)
		}
		if sg := msg["span_groups"].([]any)[d].([]byte); !bytes.Equal(sg, []byte{0x90}) {
			return nil, fmt.Errorf("doc %d: span_groups %x", d, sg)
		}
		var doc refDoc
		var b strings.Builder
		pos, open, missing := 0, -1, 0
		var starts []int
		var labels []string
		var ends []int
		for i := 0; i < length; i, row = i+1, row+1 {
			w, ok := byID[cell(row, 0)]
			if !ok {
				return nil, fmt.Errorf("doc %d token %d: ORTH %d is no string of the DocBin", d, i, cell(row, 0))
			}
			if w == "" {
				return nil, fmt.Errorf("doc %d token %d: an empty word", d, i)
			}
			doc.words = append(doc.words, w)
			iob, typ := cell(row, ci), cell(row, ct)
			label, ok := byID[typ]
			if !ok {
				return nil, fmt.Errorf("doc %d token %d: ENT_TYPE %d is no string (KeyError E018)", d, i, typ)
			}
			switch iob {
			case 0:
				missing++
				open = -1
			case 2:
				open = -1
			case 3:
				starts, labels, ends = append(starts, pos), append(labels, label), append(ends, 0)
				open = len(starts) - 1
			case 1:
				if open < 0 || labels[open] != label {
					return nil, fmt.Errorf("doc %d token %d: I-%s without a B", d, i, label)
				}
			default:
				return nil, fmt.Errorf("doc %d token %d: ENT_IOB %d (E982)", d, i, iob)
			}
			if (iob == 3 || iob == 1) && label == "" {
				return nil, fmt.Errorf("doc %d token %d: an entity token without a type", d, i)
			}
			b.WriteString(w)
			pos += utf8.RuneCountInString(w)
			if open >= 0 {
				ends[open] = pos
			}
			if spaces[row] > 1 {
				return nil, fmt.Errorf("spaces byte %d is not a bool", spaces[row])
			}
			if spaces[row] == 1 {
				b.WriteByte(' ')
				pos++
				open = -1 // an entity never runs over the space
			}
		}
		doc.text = b.String()
		doc.missing = length > 0 && missing == length
		if missing != 0 && missing != length {
			return nil, fmt.Errorf("doc %d: %d of %d tokens missing", d, missing, length)
		}
		for k := range starts {
			doc.ents = append(doc.ents, fmt.Sprintf("%d-%d:%s", starts[k], ends[k], labels[k]))
		}
		docs = append(docs, doc)
	}
	if row != rows {
		return nil, fmt.Errorf("lengths add up to %d tokens, tokens has %d", row, rows)
	}
	return docs, nil
}

func TestMurmurHash64AIsSpaCys(t *testing.T) {
	// spaCy's docs (usage/spacy-101): "coffee" has the hash 3197928453018144401.
	for _, h := range []func([]byte, uint64) uint64{murmurHash64A, refHash64A} {
		if got := h([]byte("coffee"), 1); got != 3197928453018144401 {
			t.Errorf("hash(coffee) = %d, want 3197928453018144401", got)
		}
	}
	for _, s := range []string{"", "a", "北京", "👩‍👩‍👧", "𠀀𠀁𠀂 and more than sixteen bytes"} {
		if a, b := murmurHash64A([]byte(s), 1), refHash64A([]byte(s), 1); a != b {
			t.Errorf("%q: %d vs %d", s, a, b)
		}
	}
	for name, id := range refSymbols {
		if spacySymbols[name] != id {
			t.Errorf("spacySymbols[%q] = %d, spaCy's symbols.pxd says %d", name, spacySymbols[name], id)
		}
	}
}

func TestDocBinUnderSpaCysReader(t *testing.T) {
	words := func(text string) []Token { // a segmenter: Han runs, Latin words, single others (emoji in pieces)
		var out []Token
		rs := []rune(text)
		for i := 0; i < len(rs); {
			j := i + 1
			switch {
			case rs[i] >= 0x4e00 && rs[i] <= 0x9fff:
				for j < len(rs) && rs[j] >= 0x4e00 && rs[j] <= 0x9fff {
					j++
				}
			case rs[i] >= 'a' && rs[i] <= 'z':
				for j < len(rs) && rs[j] >= 'a' && rs[j] <= 'z' {
					j++
				}
			}
			out = append(out, Token{i, j})
			i = j
		}
		return out
	}
	const meet = "他住在美國紐約 and 北京"
	recs := append(interopRecords(), sampleRecords()...)
	recs = append(recs, annotate.Record{Doc: annotate.Document{ID: "meet", Text: meet}, Annotator: "a", Status: annotate.StatusDone, HasSpans: true,
		Spans: []annotate.Span{span(meet, "美國", 0, "LOC"), span(meet, "紐約", 0, "LOC"), span(meet, "北京", 0, "LOC")}})
	for _, tok := range []func(string) []Token{nil, words} {
		out, losses := encodeAll(t, "docbin", recs, Options{Tokenize: tok})
		docs, err := readDocBin([]byte(out))
		if err != nil {
			t.Fatalf("spaCy's reader refuses the DocBin: %v", err)
		}
		if len(docs) != len(recs) {
			t.Fatalf("%d docs, want %d", len(docs), len(recs))
		}
		for i, r := range recs {
			d := docs[i]
			if d.text != r.Doc.Text {
				t.Errorf("%s: text %q, want %q (words %q)", r.Doc.ID, d.text, r.Doc.Text, d.words)
			}
			if d.missing != !r.HasSpans {
				t.Errorf("%s: missing %v, want %v", r.Doc.ID, d.missing, !r.HasSpans)
			}
			want := spanKeys(r.Spans, false)
			if r.Doc.ID == "ov" {
				want = []string{"0-4:ORG", "5-7:LOC"} // the longest of overlapping spans
			}
			if !reflect.DeepEqual(d.ents, want) {
				t.Errorf("%s: entities %v, want %v (words %q)", r.Doc.ID, d.ents, want, d.words)
			}
			for _, w := range d.words {
				if strings.ContainsRune(w, '\u200d') && w != "👩‍👩‍👧" && w != "👨‍👩‍👧" {
					t.Errorf("%s: a ZWJ sequence cut: %q", r.Doc.ID, d.words)
				}
				if w == "🇺" || w == "🇳" {
					t.Errorf("%s: a flag cut in two: %q", r.Doc.ID, d.words)
				}
			}
			if r.Doc.ID == "meet" && tok != nil && !reflect.DeepEqual(d.words, []string{"他住在", "美國", "紐約", "and", "北京"}) {
				t.Errorf("tokens where spans meet inside a segmenter token: %q", d.words)
			}
		}
		if len(losses) != 1 || losses[0].DocID != "ov" {
			t.Errorf("losses %v, want the overlapping span of ov", losses)
		}
	}
}

func TestDocBinEmpty(t *testing.T) {
	out, _ := encodeAll(t, "docbin", nil, Options{})
	docs, err := readDocBin([]byte(out))
	if err != nil || len(docs) != 0 {
		t.Fatalf("empty DocBin: %v, %d docs", err, len(docs))
	}
}
