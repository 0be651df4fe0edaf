package tagger

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"unicode/utf8"

	"goldspan/annotate"
)

// The binary form of a Model: magic, then a gzip stream of
//
//	format version                      uvarint
//	labels                              count, then each as a string
//	transitions                         (nt+1)·nt float32, averaged
//	weight steps q                      uvarint: a power of two, weights are multiples of 1/q
//	features                            count n
//	  keys                              n uvarints: each key minus the one before (sorted)
//	  tag masks                         n × ⌈nt/8⌉ bytes: the tags with a non-zero weight
//	  weights                           for each bit set, the averaged weight × q as a
//	                                    zigzag varint (averaged weights are kept on that grid)
//	sentences                           count, then each as key, text, span count,
//	                                    spans (start − previous end, length, label id)
//
// Strings are a uvarint length and UTF-8 bytes, float32s little-endian.
// Only averaged weights are kept (zeros dropped): a model read back tags
// exactly as the one written, and goes on learning from there as from a
// Train (see params.c). Version 2 had BIO tags (nt = 1+2·labels) and is
// read into BIOES exactly (see bioToBIOES); version 1 stored float32
// weights and is no longer read (retrain from the project's confirmed
// sentences).
const (
	magic         = "goldspan-tagger\n"
	formatVersion = 3
	formatBIO     = 2 // the last version with BIO tags
)

// bioToBIOES lists, for each tag of a BIO model with the given labels
// (O, then B and I of each label), the BIOES tags that take its weights:
// B's go to B and S, I's to I and E. The BIOES model then scores every tag
// sequence as the BIO model scored the same spans, so it tags exactly as
// the BIO model did, and learns from there.
func bioToBIOES(labels int) [][]int {
	out := [][]int{{0}}
	for l := range labels {
		out = append(out, []int{tagB(l), tagS(l)}, []int{tagI(l), tagE(l)})
	}
	return out
}

// MarshalBinary implements encoding.BinaryMarshaler: the weights, the
// labels and the sentences learned (for replay, Retrain and the
// gazetteer), gzipped.
func (m *Model) MarshalBinary() ([]byte, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var buf bytes.Buffer
	buf.WriteString(magic)
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	w := &writer{w: bufio.NewWriter(zw)}
	p := m.p
	nt := p.nt
	sc := scorer{p: p, avg: true}
	w.uvarint(formatVersion)
	w.uvarint(uint64(len(p.labels)))
	for _, l := range p.labels {
		w.string(l)
	}
	for _, v := range sc.transitions() {
		if math.IsInf(float64(v), -1) {
			v = 0 // forbidden: restored by transitions()
		}
		w.float32(v)
	}
	// The averaged weights exactly as scorer.emissions uses them.
	avg := p.averaged()
	w.uvarint(weightSteps)
	keys := make([]uint64, 0, p.index.len())
	p.index.all(func(f uint64, r int32) {
		row := int(r) * nt
		for t := range nt {
			if avg[row+t] != 0 {
				keys = append(keys, f)
				break
			}
		}
	})
	slices.Sort(keys)
	w.uvarint(uint64(len(keys)))
	var prev uint64
	for _, f := range keys {
		w.uvarint(f - prev)
		prev = f
	}
	mask := make([]byte, (nt+7)/8)
	for _, f := range keys {
		r, _ := p.index.get(f)
		row := int(r) * nt
		clear(mask)
		for t := range nt {
			if avg[row+t] != 0 {
				mask[t/8] |= 1 << (t % 8)
			}
		}
		w.bytes(mask)
	}
	for _, f := range keys {
		r, _ := p.index.get(f)
		row := int(r) * nt
		for t := range nt {
			if v := avg[row+t]; v != 0 {
				w.varint(int64(math.Round(float64(v * weightSteps))))
			}
		}
	}
	w.uvarint(uint64(len(m.examples)))
	for _, s := range m.examples {
		w.string(s.key)
		w.string(s.text)
		w.uvarint(uint64(len(s.spans)))
		end := 0
		for _, sp := range s.spans {
			w.uvarint(uint64(sp.start - end))
			w.uvarint(uint64(sp.end - sp.start))
			w.uvarint(uint64(p.labelID[sp.label]))
			end = sp.end
		}
	}
	if w.err == nil {
		w.err = w.w.Flush()
	}
	if w.err == nil {
		w.err = zw.Close()
	}
	if w.err != nil {
		return nil, annotate.Errorf(annotate.EINTERNAL, "writing the model: %v", w.err)
	}
	return buf.Bytes(), nil
}

// UnmarshalBinary implements encoding.BinaryUnmarshaler: it replaces what
// m has learned by the model in data, written by MarshalBinary. It
// returns an EINVALID error, leaving m as it was, if data is not such a
// model or is damaged.
func (m *Model) UnmarshalBinary(data []byte) error {
	p, sents, err := decodeModel(data)
	if err != nil {
		return annotate.Errorf(annotate.EINVALID, "not a Goldspan tagger model: %v", err)
	}
	g := newGazetteer()
	for _, s := range sents {
		for _, e := range s.ents {
			g.add(e.surface, p.labelID[e.label], 1)
		}
	}
	m.fitMu.Lock()
	defer m.fitMu.Unlock()
	m.mu.Lock()
	defer m.mu.Unlock()
	p.c = float64(max(1, len(sents)))
	p.prior = m.p.prior // the seeds are in the weights read; new labels get theirs
	m.p, m.gaz, m.examples = p, g, sents
	m.renumber()
	return nil
}

// Limits that keep a damaged model from asking for absurd allocations
// (a few kilobytes of gzip can hold millions of small varints). A model
// of 5,000 sentences has 150,000 features and 7 tags.
const (
	maxLabels    = 255
	maxWeights   = 1 << 25 // features × tags
	maxSentences = 1 << 22
	maxString    = 1 << 20
	maxSteps     = 1 << 12 // weight steps per unit
	maxStep      = 1 << 24 // |weight × steps|: exact in a float32
)

func decodeModel(data []byte) (*params, []sentence, error) {
	if !bytes.HasPrefix(data, []byte(magic)) {
		return nil, nil, errors.New("bad magic")
	}
	zr, err := gzip.NewReader(bytes.NewReader(data[len(magic):]))
	if err != nil {
		return nil, nil, err
	}
	r := &reader{r: bufio.NewReader(zr)}
	v := r.uvarint()
	if r.err == nil && v != formatVersion && v != formatBIO {
		return nil, nil, fmt.Errorf("model format version %d, this Goldspan reads versions %d and %d only: train the model again", v, formatBIO, formatVersion)
	}
	p := newParams()
	nl := r.count(maxLabels)
	for range nl {
		l := r.string()
		if r.err != nil {
			break
		}
		if _, dup := p.labelID[l]; dup || l == "" || !utf8.ValidString(l) {
			return nil, nil, fmt.Errorf("bad label %q", l)
		}
		p.label(l)
	}
	// The tags as stored (ntIn of them, each read into the tags of to[t])
	// and as held (nt).
	nt, ntIn := p.nt, p.nt
	to := make([][]int, nt)
	for t := range to {
		to[t] = []int{t}
	}
	if v == formatBIO {
		to = bioToBIOES(len(p.labels))
		ntIn = len(to)
	}
	// Transitions: ntIn+1 rows (the last is the start) of ntIn.
	for a := 0; a <= ntIn; a++ {
		rows := []int{nt}
		if a < ntIn {
			rows = to[a]
		}
		for b := range ntIn {
			x := r.float32()
			for _, ra := range rows {
				for _, tb := range to[b] {
					p.tw[ra*nt+tb] = x
				}
			}
		}
	}
	steps := r.count(maxSteps)
	if r.err == nil && (steps == 0 || steps&(steps-1) != 0) {
		return nil, nil, fmt.Errorf("weight steps %d", steps)
	}
	q := float32(steps)
	nf := r.count(min(maxWeights/ntIn, 1<<22))
	keys := make([]uint64, 0, min(nf, 1<<16))
	var prev uint64
	for i := range nf {
		d := r.uvarint()
		if r.err != nil {
			break
		}
		if i > 0 && d == 0 || prev+d < prev {
			return nil, nil, errors.New("feature keys out of order")
		}
		prev += d
		keys = append(keys, prev)
	}
	masks := make([]byte, 0, min(nf, 1<<16)*((ntIn+7)/8))
	mask := make([]byte, (ntIn+7)/8)
	for range nf {
		r.bytes(mask)
		if r.err != nil {
			break
		}
		masks = append(masks, mask...)
	}
	for i, f := range keys {
		row := int(p.row(f, true)) * nt
		mask := masks[i*len(mask) : (i+1)*len(mask)]
		for t := range ntIn {
			if mask[t/8]&(1<<(t%8)) != 0 {
				v := r.varint()
				if r.err == nil && (v == 0 || v <= -maxStep || v >= maxStep) {
					return nil, nil, fmt.Errorf("weight %d out of range", v)
				}
				for _, tt := range to[t] {
					p.w[row+tt] = float32(v) / q
				}
			}
		}
		for t := ntIn; t < len(mask)*8; t++ {
			if mask[t/8]&(1<<(t%8)) != 0 {
				return nil, nil, errors.New("weight for an unknown tag")
			}
		}
		if r.err != nil {
			break
		}
	}
	ns := r.count(maxSentences)
	sents := make([]sentence, 0, min(ns, 1<<16))
	for range ns {
		s := sentence{key: r.string(), text: r.string()}
		if r.err != nil {
			break
		}
		if !utf8.ValidString(s.key) || !utf8.ValidString(s.text) {
			return nil, nil, errors.New("sentence is not valid UTF-8")
		}
		n := utf8.RuneCountInString(s.text)
		nsp := r.count(n)
		end := 0
		for range nsp {
			start := end + r.count(n)
			e := start + r.count(n)
			l := r.count(len(p.labels) - 1)
			if r.err != nil {
				break
			}
			if e <= start || e > n {
				return nil, nil, errors.New("span out of range")
			}
			s.spans = append(s.spans, span{start, e, p.labels[l]})
			end = e
		}
		s.ents = s.entities()
		sents = append(sents, s)
	}
	if r.err == nil {
		// The stream must end here.
		if _, err := r.r.ReadByte(); err != io.EOF {
			r.err = errors.New("trailing data")
		}
	}
	if r.err != nil {
		if r.err == io.EOF {
			r.err = io.ErrUnexpectedEOF
		}
		return nil, nil, r.err
	}
	return p, sents, nil
}

// writer writes the binary form, keeping the first error.
type writer struct {
	w   *bufio.Writer
	err error
	tmp [binary.MaxVarintLen64]byte
}

func (w *writer) bytes(b []byte) {
	if w.err == nil {
		_, w.err = w.w.Write(b)
	}
}

func (w *writer) uvarint(v uint64) { w.bytes(binary.AppendUvarint(w.tmp[:0], v)) }

func (w *writer) string(s string) {
	w.uvarint(uint64(len(s)))
	if w.err == nil {
		_, w.err = w.w.WriteString(s)
	}
}

func (w *writer) varint(v int64) { w.bytes(binary.AppendVarint(w.tmp[:0], v)) }

func (w *writer) float32(v float32) {
	w.bytes(binary.LittleEndian.AppendUint32(w.tmp[:0], math.Float32bits(v)))
}

// reader reads the binary form, keeping the first error; after one,
// every read returns zero values.
type reader struct {
	r   *bufio.Reader
	err error
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(r.r)
	r.err = err
	return v
}

// count reads a uvarint that must be at most most.
func (r *reader) count(most int) int {
	v := r.uvarint()
	if r.err == nil && (most < 0 || v > uint64(most)) {
		r.err = fmt.Errorf("count %d out of range", v)
	}
	if r.err != nil {
		return 0
	}
	return int(v)
}

func (r *reader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, err := binary.ReadVarint(r.r)
	r.err = err
	return v
}

func (r *reader) bytes(b []byte) {
	if r.err == nil {
		_, r.err = io.ReadFull(r.r, b)
	}
}

func (r *reader) string() string {
	n := r.count(maxString)
	if r.err != nil {
		return ""
	}
	b := make([]byte, 0, min(n, 4096))
	for len(b) < n && r.err == nil {
		chunk := make([]byte, min(n-len(b), 1<<16))
		r.bytes(chunk)
		b = append(b, chunk...)
	}
	return string(b)
}

func (r *reader) float32() float32 {
	var b [4]byte
	r.bytes(b[:])
	v := math.Float32frombits(binary.LittleEndian.Uint32(b[:]))
	if r.err == nil && (math.IsNaN(float64(v)) || math.IsInf(float64(v), 0)) {
		r.err = errors.New("weight is not finite")
	}
	return v
}
