package format

import (
	"bufio"
	"compress/zlib"
	"encoding/binary"
	"io"
	"math/bits"
	"sort"
	"unicode"

	"goldspan/annotate"
)

// spaCy's binary training corpus, the .spacy file that `spacy train` and
// `spacy evaluate` read (spacy/tokens/_serialize.py, DocBin.to_bytes):
// zlib.compress of one msgpack map
//
//	version     "0.1"
//	attrs       [ORTH, ENT_IOB, ENT_TYPE] as spaCy's attribute ids (65, 77, 78)
//	tokens      bin: a (tokens × attrs) array of little-endian uint64, row-major
//	spaces      bin: one byte per token, 1 if a space follows it
//	lengths     bin: one little-endian int32 per document, its token count
//	strings     every string the ids stand for, sorted
//	cats        [{}] per document
//	flags       [{"has_unknown_spaces": false}] per document
//	span_groups [msgpack []] per document
//
// A string's id is its symbol id when spaCy has one ("LOC", "ORG",
// "TIME", "PERSON", …: spacy_symbols.go, generated from spaCy's source),
// else MurmurHash64A of its UTF-8 with seed 1 (strings.pyx, hash_utf8).
// ENT_IOB is 3 for B, 1 for I, 2 for O, 0 for unknown; ENT_TYPE is the
// label's id. A document whose record carries no spans (not annotated)
// gets ENT_IOB 0 throughout: spaCy reads that as missing annotation, not
// as "no entities".
//
// Tokens: the cuts of Options.Tokenize (the segmenter), else one token
// per character; never cut inside a ZWJ sequence or a flag, before a
// combining mark, variation selector or skin tone, or inside CR LF; but
// always cut where a span starts or ends, so 美國紐約 with 美國
// and 紐約 is two tokens. Runs of white space are one token; one U+0020
// after a token outside an entity becomes that token's trailing space,
// as spaCy's tokenizer writes it. The document text is the tokens and
// their spaces joined, exactly.
//
// What a .spacy file cannot hold: document ids, meta, annotator, status,
// span origins, machine suggestions and overlapping spans (the longest is
// kept; Losses lists the rest). The file is written at Close, the whole
// corpus in memory (24 bytes a token) as DocBin itself holds it.

func init() {
	Register(Format{
		Name:       "docbin",
		Extensions: []string{".spacy"},
		Doc:        "spaCy DocBin (.spacy), the binary corpus spacy train reads: tokens with ENT_IOB/ENT_TYPE (export only)",
		NewEncoder: func(w io.Writer, o Options) Encoder {
			return &docbinEncoder{w: w, o: o, strings: map[string]bool{"": true}}
		},
	})
}

// spaCy's attribute ids (spacy/attrs.pxd) and ENT_IOB values
// (Token.iob_strings: "", "I", "O", "B").
const (
	spacyORTH    = 65
	spacyENTIOB  = 77
	spacyENTTYPE = 78
	iobMissing   = 0
	iobI         = 1
	iobO         = 2
	iobB         = 3
)

type docbinEncoder struct {
	w       io.Writer
	o       Options
	tokens  []uint64 // rows of ORTH, ENT_IOB, ENT_TYPE
	spaces  []byte
	lengths []int32
	strings map[string]bool
	lossList
}

// spacyID is the id spaCy's StringStore gives s.
func spacyID(s string) uint64 {
	if s == "" {
		return 0
	}
	if id, ok := spacySymbols[s]; ok {
		return id
	}
	return murmurHash64A([]byte(s), 1)
}

// murmurHash64A is Austin Appleby's MurmurHash64A, as the murmurhash
// package that spaCy uses implements it (hash64).
func murmurHash64A(key []byte, seed uint64) uint64 {
	const m = 0xc6a4a7935bd1e995
	const r = 47
	h := seed ^ uint64(len(key))*m
	for len(key) >= 8 {
		k := binary.LittleEndian.Uint64(key)
		k *= m
		k ^= k >> r
		k *= m
		h ^= k
		h *= m
		key = key[8:]
	}
	switch len(key) {
	case 7:
		h ^= uint64(key[6]) << 48
		fallthrough
	case 6:
		h ^= uint64(key[5]) << 40
		fallthrough
	case 5:
		h ^= uint64(key[4]) << 32
		fallthrough
	case 4:
		h ^= uint64(key[3]) << 24
		fallthrough
	case 3:
		h ^= uint64(key[2]) << 16
		fallthrough
	case 2:
		h ^= uint64(key[1]) << 8
		fallthrough
	case 1:
		h ^= uint64(key[0])
		h *= m
	}
	h ^= h >> r
	h *= m
	h ^= h >> r
	return h
}

// Encode implements Encoder.
func (e *docbinEncoder) Encode(r annotate.Record) error {
	e.noSuggestions(r, "spaCy's DocBin")
	text := []rune(r.Doc.Text)
	n := len(text)
	spans := bioSpans(r, n, "spaCy's DocBin", &e.lossList)
	cuts := make([]bool, n+1) // a token boundary before text[i]
	cuts[0], cuts[n] = true, true
	if e.o.Tokenize != nil {
		for _, t := range e.o.Tokenize(r.Doc.Text) {
			if t.Start >= 0 && t.Start <= n {
				cuts[t.Start] = true
			}
			if t.End >= 0 && t.End <= n {
				cuts[t.End] = true
			}
		}
	} else {
		for i := 1; i < n; i++ {
			cuts[i] = true
		}
	}
	for i := 1; i < n; i++ {
		if cuts[i] && joinsPrevious(text, i) {
			cuts[i] = false // a segmenter may cut emoji into pieces
		}
	}
	fixed := make([]bool, n+1) // span edges: always a boundary
	iob := make([]uint64, n)
	typ := make([]string, n)
	for i := range iob {
		iob[i] = iobO
		if !r.HasSpans {
			iob[i] = iobMissing
		}
	}
	for _, s := range spans {
		cuts[s.Start], cuts[s.End], fixed[s.Start], fixed[s.End] = true, true, true, true
		for i := s.Start; i < s.End; i++ {
			iob[i], typ[i] = iobI, s.Label
		}
		iob[s.Start] = iobB
	}
	// White space runs are one token.
	for i := 1; i < n; i++ {
		if cuts[i] && !fixed[i] && unicode.IsSpace(text[i-1]) && unicode.IsSpace(text[i]) {
			cuts[i] = false
		}
	}
	count, prevSpace := int32(0), false
	for start := 0; start < n; {
		end := start + 1
		for !cuts[end] {
			end++
		}
		tok := string(text[start:end])
		if tok == " " && count > 0 && !prevSpace && iob[start] != iobI && iob[start] != iobB && e.spaces[len(e.spaces)-1] == 0 {
			e.spaces[len(e.spaces)-1] = 1 // "a b": a, with a space after
			start = end
			continue
		}
		e.strings[tok] = true
		if typ[start] != "" {
			e.strings[typ[start]] = true
		}
		e.tokens = append(e.tokens, spacyID(tok), iob[start], spacyID(typ[start]))
		e.spaces = append(e.spaces, 0)
		count++
		prevSpace = isSpaceToken(tok)
		start = end
	}
	e.lengths = append(e.lengths, count)
	return nil
}

func isSpaceToken(s string) bool {
	for _, c := range s {
		if !unicode.IsSpace(c) {
			return false
		}
	}
	return s != ""
}

// joinsPrevious reports whether text[i] belongs to the character before
// it: a ZWJ and what follows one, combining marks, variation selectors,
// skin tones, the second regional indicator of a flag, LF after CR.
func joinsPrevious(text []rune, i int) bool {
	c, p := text[i], text[i-1]
	switch {
	case c == '\u200d' || p == '\u200d':
		return true
	case unicode.In(c, unicode.Mn, unicode.Me, unicode.Mc):
		return true
	case c >= 0xfe00 && c <= 0xfe0f, c >= 0xe0100 && c <= 0xe01ef:
		return true
	case c >= 0x1f3fb && c <= 0x1f3ff:
		return true
	case c >= 0xe0020 && c <= 0xe007f: // emoji tag sequences
		return true
	case c == '\n' && p == '\r':
		return true
	case isRI(c) && isRI(p):
		k := 0 // regional indicators before c: pairs form flags
		for j := i - 1; j >= 0 && isRI(text[j]); j-- {
			k++
		}
		return k%2 == 1
	}
	return false
}

func isRI(r rune) bool { return r >= 0x1f1e6 && r <= 0x1f1ff }

// Close implements Encoder: it writes the whole DocBin.
func (e *docbinEncoder) Close() error {
	strs := make([]string, 0, len(e.strings))
	for s := range e.strings {
		strs = append(strs, s)
	}
	sort.Strings(strs) // UTF-8 byte order is Python's code point order
	var m msgpackWriter
	m.mapHeader(9)
	m.str("version")
	m.str("0.1")
	m.str("attrs")
	m.arrayHeader(3)
	for _, a := range []uint64{spacyORTH, spacyENTIOB, spacyENTTYPE} {
		m.uint(a)
	}
	m.str("tokens")
	tok := make([]byte, 8*len(e.tokens))
	for i, v := range e.tokens {
		binary.LittleEndian.PutUint64(tok[8*i:], v)
	}
	m.bin(tok)
	m.str("spaces")
	m.bin(e.spaces)
	m.str("lengths")
	ln := make([]byte, 4*len(e.lengths))
	for i, v := range e.lengths {
		binary.LittleEndian.PutUint32(ln[4*i:], uint32(v))
	}
	m.bin(ln)
	m.str("strings")
	m.arrayHeader(len(strs))
	for _, s := range strs {
		m.str(s)
	}
	m.str("cats")
	m.arrayHeader(len(e.lengths))
	for range e.lengths {
		m.mapHeader(0)
	}
	m.str("flags")
	m.arrayHeader(len(e.lengths))
	for range e.lengths {
		m.mapHeader(1)
		m.str("has_unknown_spaces")
		m.b = append(m.b, 0xc2) // false
	}
	m.str("span_groups")
	m.arrayHeader(len(e.lengths))
	for range e.lengths {
		m.bin([]byte{0x90}) // srsly.msgpack_dumps([]): SpanGroups._EMPTY_BYTES
	}
	bw := bufio.NewWriter(e.w)
	zw := zlib.NewWriter(bw)
	if _, err := zw.Write(m.b); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

// msgpackWriter appends the few msgpack types a DocBin needs, in their
// shortest forms (as Python's msgpack writes them).
type msgpackWriter struct{ b []byte }

func (m *msgpackWriter) header(n int, fix, fixMax byte, c16, c32 byte) {
	switch {
	case n <= int(fixMax):
		m.b = append(m.b, fix|byte(n))
	case n <= 0xffff:
		m.b = append(m.b, c16, byte(n>>8), byte(n))
	default:
		m.b = append(m.b, c32, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
}

func (m *msgpackWriter) mapHeader(n int)   { m.header(n, 0x80, 15, 0xde, 0xdf) }
func (m *msgpackWriter) arrayHeader(n int) { m.header(n, 0x90, 15, 0xdc, 0xdd) }

func (m *msgpackWriter) str(s string) {
	n := len(s)
	switch {
	case n <= 31:
		m.b = append(m.b, 0xa0|byte(n))
	case n <= 0xff:
		m.b = append(m.b, 0xd9, byte(n))
	case n <= 0xffff:
		m.b = append(m.b, 0xda, byte(n>>8), byte(n))
	default:
		m.b = append(m.b, 0xdb, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
	m.b = append(m.b, s...)
}

func (m *msgpackWriter) bin(p []byte) {
	n := len(p)
	switch {
	case n <= 0xff:
		m.b = append(m.b, 0xc4, byte(n))
	case n <= 0xffff:
		m.b = append(m.b, 0xc5, byte(n>>8), byte(n))
	default:
		m.b = append(m.b, 0xc6, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
	m.b = append(m.b, p...)
}

func (m *msgpackWriter) uint(v uint64) {
	switch {
	case v < 0x80:
		m.b = append(m.b, byte(v))
	case v <= 0xff:
		m.b = append(m.b, 0xcc, byte(v))
	case v <= 0xffff:
		m.b = append(m.b, 0xcd, byte(v>>8), byte(v))
	case bits.Len64(v) <= 32:
		m.b = append(m.b, 0xce, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
	default:
		m.b = binary.BigEndian.AppendUint64(append(m.b, 0xcf), v)
	}
}
