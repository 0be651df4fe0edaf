package tagger

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"goldspan/annotate"
)

// A small synthetic corpus: every entity is known, so tests can say
// exactly what the model must find and where.
var (
	synPER = []string{"张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周晓明", "吴国强", "欧阳娜"}
	synLOC = []string{"北京", "上海", "广州", "深圳", "杭州", "南京", "武汉", "成都", "西安", "重庆"}
	synORG = []string{"清华大学", "人民银行", "新华社", "外交部", "中国银行", "北京大学", "国家统计局"}
	synTPL = []string{
		"{P}昨天在{L}会见了{O}的代表。",
		"{O}发言人{P}说，{L}的经济正在恢复。",
		"记者从{O}获悉，{P}将于下月访问{L}。",
		"来自{L}的{P}加入了{O}。",
		"{P}和{Q}一起去了{L}。",
		"{L}市民{P}对{O}的决定表示欢迎。",
	}
)

// synthetic returns n sentences of the synthetic corpus.
func synthetic(n int) []Example {
	var out []Example
	for i := range n {
		tpl := synTPL[i%len(synTPL)]
		vals := map[byte]struct{ s, label string }{
			'P': {synPER[i%len(synPER)], "PER"},
			'Q': {synPER[(i+3)%len(synPER)], "PER"},
			'L': {synLOC[(i/2)%len(synLOC)], "LOC"},
			'O': {synORG[(i/3)%len(synORG)], "ORG"},
		}
		var ex Example
		var b strings.Builder
		n := 0
		for j := 0; j < len(tpl); {
			if tpl[j] == '{' {
				v := vals[tpl[j+1]]
				ex.Spans = append(ex.Spans, annotate.Span{Start: n, End: n + annotate.RuneLen(v.s), Label: v.label})
				b.WriteString(v.s)
				n += annotate.RuneLen(v.s)
				j += 3
				continue
			}
			r := []rune(tpl[j:])[0]
			b.WriteRune(r)
			n++
			j += len(string(r))
		}
		ex.Text = b.String()
		out = append(out, ex)
	}
	return out
}

var synModel struct {
	once sync.Once
	data []byte
	err  error
}

// trained returns a new model trained on the synthetic corpus, each call
// its own copy (training happens once per test binary).
func trained(t *testing.T) *Model {
	t.Helper()
	seg := segmenter(t)
	synModel.once.Do(func() {
		m := New(seg)
		if synModel.err = m.Train(context.Background(), synthetic(120), 0, nil); synModel.err == nil {
			synModel.data, synModel.err = m.MarshalBinary()
		}
	})
	if synModel.err != nil {
		t.Fatal(synModel.err)
	}
	m := New(seg)
	if err := m.UnmarshalBinary(synModel.data); err != nil {
		t.Fatal(err)
	}
	return m
}

// found lists suggestions as "surface/label@start-end".
func found(text string, sg []annotate.Suggestion) []string {
	var out []string
	for _, s := range sg {
		out = append(out, fmt.Sprintf("%s/%s@%d-%d", annotate.SliceRunes(text, s.Start, s.End), s.Label, s.Start, s.End))
	}
	return out
}

func TestViterbiNeverInvalid(t *testing.T) {
	inf := float32(math.Inf(1))
	_ = inf
	// Hand-made cases where unconstrained decoding would pick an I-X or
	// E-X after O or after another label's tag, or leave a span open. Tags
	// per position: O, then B I E S of each label.
	for _, tc := range []struct {
		name   string
		labels int
		e      [][]float32 // per position, per tag
	}{
		{"I at the start", 1, [][]float32{{0, 0, 9, 0, 0}, {0, 0, 9, 0, 0}}},
		{"E at the start", 1, [][]float32{{0, 0, 0, 9, 0}, {9, 0, 0, 0, 0}}},
		{"I after O", 1, [][]float32{{9, 0, 0, 0, 0}, {0, 0, 9, 0, 0}}},
		{"E after S", 1, [][]float32{{0, 0, 0, 0, 9}, {0, 0, 0, 9, 0}}},
		{"O after B", 1, [][]float32{{0, 9, 0, 0, 0}, {9, 0, 0, 0, 0}}},
		{"B at the end", 1, [][]float32{{9, 0, 0, 0, 0}, {0, 9, 0, 0, 0}}},
		{"I at the end", 1, [][]float32{{0, 9, 0, 0, 0}, {0, 0, 9, 0, 0}}},
		{"E-LOC after B-PER", 2, [][]float32{{0, 9, 0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0, 9, 0}}},
		{"I-LOC after I-PER", 2, [][]float32{{0, 9, 0, 0, 0, 0, 0, 0, 0}, {0, 0, 9, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 99, 0, 0}}},
		{"only I and E wanted", 2, [][]float32{{-9, -9, 5, 5, -9, -9, 5, 5, -9}, {-9, -9, 5, 5, -9, -9, 5, 5, -9}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nt := numTags(tc.labels)
			var e []float32
			for _, row := range tc.e {
				e = append(e, row...)
			}
			tr := scorer{p: paramsWith(tc.labels)}.transitions()
			got := viterbi(e, tr, nt, nil)
			if !validTags(got) {
				t.Errorf("viterbi = %v: not a valid BIOES sequence", got)
			}
		})
	}
	// Random scores, including transition weights that favour invalid
	// pairs.
	rng := rand.New(rand.NewPCG(1, 1))
	for range 3000 {
		labels := 1 + rng.IntN(4)
		p := paramsWith(labels)
		for i := range p.tw {
			p.tw[i] = float32(rng.NormFloat64() * 10)
		}
		n := 1 + rng.IntN(12)
		e := make([]float32, n*p.nt)
		for i := range e {
			e[i] = float32(rng.NormFloat64() * 10)
		}
		if got := viterbi(e, scorer{p: p}.transitions(), p.nt, nil); !validTags(got) || len(got) != n {
			t.Fatalf("viterbi = %v for %d positions: not a valid BIOES sequence", got, n)
		}
	}
}

// validTags reports whether tags is a well-formed BIOES sequence: each
// tag allowed after the one before, and no span open at the end.
func validTags(tags []int) bool {
	prev := -1
	for _, t := range tags {
		if !allowed(prev, t) {
			return false
		}
		prev = t
	}
	return prev < 0 || !open(prev)
}

// paramsWith returns empty params with labels L0, L1, ...
func paramsWith(labels int) *params {
	p := newParams()
	for i := range labels {
		p.label(fmt.Sprintf("L%d", i))
	}
	return p
}

// FuzzViterbi decodes scores made of fuzz bytes: the result is always a
// valid BIOES sequence as long as the scores.
func FuzzViterbi(f *testing.F) {
	f.Add([]byte{0, 0, 9, 9, 0, 0, 0, 9}, uint8(1))
	f.Add([]byte{200, 1, 2, 3, 4, 5, 250, 7, 8, 9, 10}, uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, labels uint8) {
		p := paramsWith(1 + int(labels)%4)
		for i := range p.tw {
			if i < len(data) {
				p.tw[i] = float32(int8(data[i]))
			}
		}
		n := len(data) / p.nt
		e := make([]float32, n*p.nt)
		for i := range e {
			e[i] = float32(int8(data[i])) * 3
		}
		got := viterbi(e, scorer{p: p}.transitions(), p.nt, nil)
		if len(got) != n || !validTags(got) {
			t.Fatalf("viterbi = %v for %d positions", got, n)
		}
	})
}

// TestSpanProb compares the lattice's span probabilities with brute force
// over every valid tag sequence.
func TestSpanProb(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 50 {
		labels := 1 + trial%2
		p := paramsWith(labels)
		for i := range p.tw {
			p.tw[i] = float32(rng.NormFloat64() * 20)
		}
		nt, n := p.nt, 1+rng.IntN(5)
		e := make([]float32, n*nt)
		for i := range e {
			e[i] = float32(rng.NormFloat64() * 30)
		}
		tr := scorer{p: p}.transitions()
		const temp = 20
		lt := newLattice(e, tr, nt, temp)
		// Brute force: the probability of each exact span.
		want := map[[3]int]float64{}
		z := 0.0
		seq := make([]int, n)
		var walk func(i int)
		walk = func(i int) {
			if i == n {
				if !validTags(seq) {
					return
				}
				s, prev := 0.0, nt
				for t, y := range seq {
					s += float64(tr[prev*nt+y] + e[t*nt+y])
					prev = y
				}
				w := math.Exp(s / temp)
				z += w
				for a := 0; a < n; {
					if seq[a] == 0 {
						a++
						continue
					}
					b := a + 1
					for open(seq[b-1]) {
						b++
					}
					want[[3]int{a, b, labelOf(seq[a])}] += w
					a = b
				}
				return
			}
			for y := range nt {
				seq[i] = y
				walk(i + 1)
			}
		}
		walk(0)
		for k, w := range want {
			got := lt.spanProb(k[0], k[1], k[2])
			if math.Abs(got-w/z) > 1e-6 {
				t.Fatalf("trial %d: P(span %v) = %.9f, brute force %.9f", trial, k, got, w/z)
			}
		}
	}
}

func TestExampleSentences(t *testing.T) {
	for _, tc := range []struct {
		name  string
		ex    Example
		want  []string // sentence text with its spans as surface/label
		error bool
	}{
		{"two sentences", Example{Text: "张伟来了。王芳走了！", Spans: []annotate.Span{{Start: 0, End: 2, Label: "PER"}, {Start: 5, End: 7, Label: "PER"}}},
			[]string{"张伟来了。 张伟/PER", "王芳走了！ 王芳/PER"}, false},
		{"never inside an entity", Example{Text: "他说：我们。好", Spans: []annotate.Span{{Start: 3, End: 7, Label: "ORG"}}},
			[]string{"他说：我们。好 我们。好/ORG"}, false},
		{"closing quote stays", Example{Text: "“好。”他说。"},
			[]string{"“好。”", "他说。"}, false},
		{"overlap keeps the longest first", Example{Text: "北京大学", Spans: []annotate.Span{{Start: 0, End: 2, Label: "LOC"}, {Start: 0, End: 4, Label: "ORG"}, {Start: 2, End: 4, Label: "ORG"}}},
			[]string{"北京大学 北京大学/ORG"}, false},
		{"CRLF", Example{Text: "甲\r\n乙", Spans: []annotate.Span{{Start: 3, End: 4, Label: "PER"}}},
			[]string{"甲\r\n", "乙 乙/PER"}, false},
		{"out of range", Example{Text: "甲乙", Spans: []annotate.Span{{Start: 1, End: 3, Label: "PER"}}}, nil, true},
		{"empty span", Example{Text: "甲乙", Spans: []annotate.Span{{Start: 1, End: 1, Label: "PER"}}}, nil, true},
		{"no label", Example{Text: "甲乙", Spans: []annotate.Span{{Start: 0, End: 1}}}, nil, true},
		{"invalid UTF-8", Example{Text: "甲\xff"}, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss, err := tc.ex.sentences()
			if tc.error {
				if annotate.ErrorCode(err) != annotate.EINVALID {
					t.Fatalf("err = %v, want EINVALID", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range ss {
				x := s.text
				for _, sp := range s.spans {
					x += " " + annotate.SliceRunes(s.text, sp.start, sp.end) + "/" + sp.label
				}
				got = append(got, x)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("sentences = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSplitLongRuns(t *testing.T) {
	// A run of names with no punctuation is cut into pieces of at most
	// maxChunk characters, never inside an entity.
	var b strings.Builder
	var spans []annotate.Span
	for i := range 100 {
		name := synPER[i%len(synPER)] + "明"
		spans = append(spans, annotate.Span{Start: 3 * i, End: 3*i + 3, Label: "PER"})
		b.WriteString(name)
	}
	ss, err := (&Example{Text: b.String(), Spans: spans}).sentences()
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, s := range ss {
		n := annotate.RuneLen(s.text)
		if n > maxChunk+3 {
			t.Errorf("piece of %d characters", n)
		}
		for _, sp := range s.spans {
			if sp.end-sp.start != 3 {
				t.Errorf("entity cut: %+v", sp)
			}
		}
		total += len(s.spans)
	}
	if total != 100 || len(ss) < 5 {
		t.Errorf("%d pieces, %d entities; want at least 5 pieces and 100 entities", len(ss), total)
	}
}

func TestFoldKeepsLength(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"張偉在廣州會見了外交部的代表。", "张伟在广州会见了外交部的代表。"},
		{"國家統計局發言人說，經濟正在恢復。", "国家统计局发言人说，经济正在恢复。"},
		{"👍𠮷\r\nABC１２３，Zürich", "👍𠮷\r\nABC１２３，Zürich"},
		{"", ""},
	} {
		rs := []rune(tc.in)
		got := hk2s.fold(rs)
		if len(got) != len(rs) {
			t.Errorf("fold(%q) has %d code points, want %d", tc.in, len(got), len(rs))
		}
		if string(got) != tc.want {
			t.Errorf("fold(%q) = %q, want %q", tc.in, string(got), tc.want)
		}
	}
	// Every CJK character of the BMP folds to one code point, and folding
	// a folded character changes nothing more than OpenCC does.
	for r := rune(0x4E00); r <= 0x9FFF; r += 7 {
		if f := hk2s.rune(r); !foldable(f) && f != r {
			t.Fatalf("fold(%q) = %q: left the CJK blocks", r, f)
		}
	}
	// Where a conversion is not one code point for one, the character
	// stays as it is.
	fake := &folder{convert: func(s string) (string, error) {
		switch s {
		case "甲":
			return "乙丙", nil
		case "丁":
			return "", nil
		case "戊":
			return "", errors.New("broken")
		case "己":
			return "庚", nil
		}
		return s, nil
	}}
	if got := string(fake.fold([]rune("甲丁戊己"))); got != "甲丁戊庚" {
		t.Errorf("fold with a fake converter = %q, want %q", got, "甲丁戊庚")
	}
}

func TestTagOffsets(t *testing.T) {
	m := trained(t)
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"张伟昨天在北京会见了新华社的代表。", []string{"张伟/PER@0-2", "北京/LOC@5-7", "新华社/ORG@10-13"}},
		{"👍𠮷\r\n张伟昨天在北京会见了新华社的代表。", []string{"张伟/PER@4-6", "北京/LOC@9-11", "新华社/ORG@14-17"}},
		{"来自上海的王芳加入了外交部。\r\n👍👍李娜和陈静一起去了𠮷成都。", []string{"上海/LOC@2-4", "王芳/PER@5-7", "外交部/ORG@10-13",
			"李娜/PER@18-20", "陈静/PER@21-23", "成都/LOC@28-30"}},
	} {
		got := found(tc.text, m.Tag(tc.text))
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Tag(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestTraditionalTagsLikeSimplified(t *testing.T) {
	m := trained(t)
	for _, tc := range []struct{ trad, simp string }{
		{"張偉昨天在廣州會見了外交部的代表。", "张伟昨天在广州会见了外交部的代表。"},
		{"記者從國家統計局獲悉，趙磊將於下月訪問南京。", "记者从国家统计局获悉，赵磊将于下月访问南京。"},
	} {
		if got := string(hk2s.fold([]rune(tc.trad))); got != tc.simp {
			t.Fatalf("fold(%q) = %q, want %q", tc.trad, got, tc.simp)
		}
		st, ss := m.Tag(tc.trad), m.Tag(tc.simp)
		if len(ss) == 0 {
			t.Fatalf("Tag(%q) found nothing", tc.simp)
		}
		if !reflect.DeepEqual(st, ss) {
			t.Errorf("Tag(%q) = %v,\nTag(%q) = %v", tc.trad, found(tc.trad, st), tc.simp, found(tc.simp, ss))
		}
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	m := trained(t)
	data, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	m2 := New(segmenter(t))
	if err := m2.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	texts := []string{"周杰昨天在深圳会见了人民银行的代表。", "来自重庆的黄敏加入了中国银行。👍", "吴刚和杨帆一起去了西安。"}
	for _, ex := range synthetic(30) {
		texts = append(texts, ex.Text)
	}
	for _, text := range texts {
		if a, b := m.Tag(text), m2.Tag(text); !reflect.DeepEqual(a, b) {
			t.Errorf("Tag(%q) after a round trip = %v, before %v", text, found(text, b), found(text, a))
		}
	}
	again, err := m2.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(data) {
		t.Errorf("marshalling the model read back gives other bytes (%d vs %d)", len(again), len(data))
	}
	if a, b := m.Stats(), m2.Stats(); !reflect.DeepEqual(a, b) {
		t.Errorf("Stats after a round trip = %+v, before %+v", b, a)
	}
	// The model read back goes on learning.
	if err := m2.Learn(Example{Text: "新来的司马相如去了杭州。", Spans: []annotate.Span{{Start: 3, End: 7, Label: "PER"}, {Start: 9, End: 11, Label: "LOC"}}}); err != nil {
		t.Fatal(err)
	}
}

func TestUnmarshalDamaged(t *testing.T) {
	m := trained(t)
	data, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	before := m.Stats()
	bad := [][]byte{nil, []byte("hello"), []byte(magic), data[:len(data)/2], data[:len(data)-1]}
	for i := len(magic); i < len(data); i += len(data) / 40 {
		b := append([]byte(nil), data...)
		b[i] ^= 0x5a
		bad = append(bad, b)
	}
	for i, b := range bad {
		err := m.UnmarshalBinary(b)
		if err == nil {
			// A flipped byte may land where any value is valid (the
			// gzip header's time): start again from the original.
			if err := m.UnmarshalBinary(data); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if annotate.ErrorCode(err) != annotate.EINVALID {
			t.Errorf("case %d: err = %v, want EINVALID", i, err)
		}
		if !reflect.DeepEqual(m.Stats(), before) {
			t.Fatalf("case %d: a failed UnmarshalBinary changed the model", i)
		}
	}
	if err := m.UnmarshalBinary(data[:len(data)-1]); err == nil {
		t.Error("a truncated model was accepted")
	}
}

// TestUnmarshalOldVersion: a model in an older format (version 1 kept
// float32 weights) gives an EINVALID error that says so.
func TestUnmarshalOldVersion(t *testing.T) {
	var buf bytes.Buffer
	buf.WriteString(magic)
	zw := gzip.NewWriter(&buf)
	zw.Write(binary.AppendUvarint(nil, 1))
	zw.Write([]byte{0, 0, 0, 0, 0})
	zw.Close()
	m := New(nil)
	err := m.UnmarshalBinary(buf.Bytes())
	if annotate.ErrorCode(err) != annotate.EINVALID || !strings.Contains(err.Error(), "version 1") {
		t.Errorf("err = %v, want EINVALID naming version 1", err)
	}
}

// TestReadsBIOModels: a model stored by the Goldspan before BIOES
// (format version 2, BIO tags; testdata/model-v2.bin, trained on
// synthetic(60)) is read into BIOES and tags exactly as it did, with the
// same scores (testdata/tags-v2.json, written by that Goldspan). Written
// again, it is a version 3 model that reads back to the same tags, and
// it goes on learning.
func TestReadsBIOModels(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "model-v2.bin"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join("testdata", "tags-v2.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want []struct {
		Text string
		Tags []string
	}
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	seg := segmenter(t)
	m := New(seg)
	if err := m.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	if st := m.Stats(); st.Sentences != 60 {
		t.Errorf("%d sentences read, want 60", st.Sentences)
	}
	// tags lists m's suggestions on text as the fixture does; scores to
	// four places (float32 sums in another order may differ in the last).
	tags := func(m *Model, text string) []string {
		var out []string
		for _, s := range m.Tag(text) {
			out = append(out, fmt.Sprintf("%d-%d %s %.4f", s.Start, s.End, s.Label, s.Score))
		}
		return out
	}
	round := func(tags []string) []string {
		var out []string
		for _, x := range tags {
			var a, b int
			var l string
			var sc float64
			fmt.Sscanf(x, "%d-%d %s %f", &a, &b, &l, &sc)
			out = append(out, fmt.Sprintf("%d-%d %s %.4f", a, b, l, sc))
		}
		return out
	}
	spans := 0
	for _, w := range want {
		spans += len(w.Tags)
		if got := tags(m, w.Text); !slices.Equal(got, round(w.Tags)) {
			t.Errorf("%.20s…: read from version 2, tags\n%v\nwant\n%v", w.Text, got, round(w.Tags))
		}
	}
	if spans < 20 {
		t.Fatalf("the fixture has %d spans: too few to test anything", spans)
	}
	again, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	m2 := New(seg)
	if err := m2.UnmarshalBinary(again); err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		if got := tags(m2, w.Text); !slices.Equal(got, round(w.Tags)) {
			t.Errorf("%.20s…: written as version %d and read back, tags\n%v\nwant\n%v", w.Text, formatVersion, got, round(w.Tags))
		}
	}
	if err := m2.Learn(Example{Text: "卢卡斯昨天在太原会见了国家统计局的代表。", Spans: []annotate.Span{{Start: 0, End: 3, Label: "PER"}, {Start: 6, End: 8, Label: "LOC"}, {Start: 11, End: 16, Label: "ORG"}}}); err != nil {
		t.Fatal(err)
	}
	if st := m2.Stats(); st.Sentences != 61 {
		t.Errorf("after Learn: %d sentences, want 61", st.Sentences)
	}
}

// FuzzUnmarshalBinary: any bytes give a model or an EINVALID error, never
// a panic.
func FuzzUnmarshalBinary(f *testing.F) {
	m := New(nil)
	if err := m.Train(context.Background(), synthetic(12), 2, nil); err != nil {
		f.Fatal(err)
	}
	data, err := m.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, data []byte) {
		m := New(nil)
		if err := m.UnmarshalBinary(data); err != nil {
			if annotate.ErrorCode(err) != annotate.EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
			return
		}
		m.Tag("张伟在北京。")
	})
}

func TestLearnTagsNewEntity(t *testing.T) {
	ex := Example{Text: "记者从外交部获悉，王芳将于下月访问克夫拉达。", Spans: []annotate.Span{
		{Start: 3, End: 6, Label: "ORG"}, {Start: 9, End: 11, Label: "PER"}, {Start: 17, End: 21, Label: "LOC"}}}
	test := "克夫拉达的悬崖很有名。"
	// label returns the label Tag gives 克夫拉达 in test, "" if none.
	label := func(m *Model) string {
		for _, s := range m.Tag(test) {
			if s.Start == 0 && s.End == 4 {
				return s.Label
			}
		}
		return ""
	}
	// A new model learning online, as in a new project: a few dozen
	// confirmed sentences, then one naming a place it has never seen.
	// (One Learn moves a model's averaged weights little: the sentence
	// shows fully once the next Retrain has made passes over it.)
	m := New(segmenter(t))
	for _, e := range synthetic(36) {
		if err := m.Learn(e); err != nil {
			t.Fatal(err)
		}
	}
	if l := label(m); l == "LOC" {
		t.Fatalf("Tag(%q) found 克夫拉达/LOC before learning it", test)
	}
	// Learn, then the Retrain the app runs in the background.
	if err := m.Learn(ex); err != nil {
		t.Fatal(err)
	}
	if err := m.Retrain(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if l := label(m); l != "LOC" {
		t.Errorf("after learning %q: Tag(%q) = %v, want 克夫拉达/LOC@0-4", ex.Text, test, found(test, m.Tag(test)))
	}
	// The same with a model trained on more.
	m = trained(t)
	if l := label(m); l == "LOC" {
		t.Fatalf("Tag(%q) found 克夫拉达/LOC before learning it", test)
	}
	if err := m.Learn(ex); err != nil {
		t.Fatal(err)
	}
	if err := m.Retrain(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if l := label(m); l != "LOC" {
		t.Errorf("after learning %q and retraining: Tag(%q) = %v, want 克夫拉达/LOC@0-4", ex.Text, test, found(test, m.Tag(test)))
	}
	if st := m.Stats(); st.Sentences != 121 {
		t.Errorf("Stats().Sentences = %d, want 121", st.Sentences)
	}
}

func TestLearnReplacesByKey(t *testing.T) {
	m := New(nil)
	a := Example{Key: "doc1", Text: "张伟来了。王芳走了。", Spans: []annotate.Span{{Start: 0, End: 2, Label: "PER"}}}
	if err := m.Learn(a); err != nil {
		t.Fatal(err)
	}
	a.Spans = append(a.Spans, annotate.Span{Start: 5, End: 7, Label: "PER"})
	if err := m.Learn(a); err != nil {
		t.Fatal(err)
	}
	if err := m.Learn(Example{Key: "doc2", Text: "李娜到了。"}); err != nil {
		t.Fatal(err)
	}
	if st := m.Stats(); st.Sentences != 3 || st.Entities != 2 {
		t.Errorf("Stats = %+v, want 3 sentences (doc1 replaced) and 2 entities", st)
	}
	if c := m.gaz.entries["张伟"]; len(c) < 1 || c[0] != 1 {
		t.Errorf("gazetteer count of 张伟 = %v, want [1]", c)
	}
	if err := m.Learn(Example{Text: "坏", Spans: []annotate.Span{{Start: 0, End: 2, Label: "PER"}}}); annotate.ErrorCode(err) != annotate.EINVALID {
		t.Errorf("Learn of a bad span: err = %v, want EINVALID", err)
	}
}

func TestGazetteerLeavesOut(t *testing.T) {
	res := &resources{}
	p := newParams()
	per := p.label("PER")
	mk := func(text string, spans ...span) sentence {
		s := sentence{text: text, spans: spans}
		s.ents = s.entities()
		return s
	}
	filler := mk("今天天气很好。")
	// Sentence 0 names 司马光; sentence 1, its neighbour, too; the last,
	// far away, mentions it without annotating it.
	sents := []sentence{mk("司马光砸缸。", span{0, 3, "PER"}), mk("司马光是宋人。", span{0, 3, "PER"})}
	for range 2 * gazWindow {
		sents = append(sents, filler)
	}
	sents = append(sents, mk("我读了司马光的书。"))
	g := newGazetteer()
	for _, s := range sents {
		for _, e := range s.ents {
			g.add(e.surface, per, 1)
		}
	}
	gazFeats := func(i int) int {
		lo, hi := window(i)
		in := instanceOf(res.analyse(sents[i].text), &sents[i], p, g, ownOf(sents, lo, hi, p))
		n := 0
		for _, f := range in.feats {
			if f>>payloadBits == fGaz {
				n++
			}
		}
		return n
	}
	if n := gazFeats(0); n != 0 {
		t.Errorf("sentence 0 sees %d gazetteer features: its own entity and its neighbour's must be left out", n)
	}
	if n := gazFeats(len(sents) - 1); n != 3 {
		t.Errorf("a sentence far away sees %d gazetteer features, want 3 (one per character of 司马光)", n)
	}
	// With only itself left out, sentence 0 would see its neighbour's.
	a := res.analyse(sents[0].text)
	feats, _ := a.withGazetteer(g, ownOf(sents, 0, 1, p))
	n := 0
	for _, f := range feats {
		if f>>payloadBits == fGaz {
			n++
		}
	}
	if n != 3 {
		t.Errorf("leaving out sentence 0 alone: %d gazetteer features, want 3", n)
	}
}

func TestSuggest(t *testing.T) {
	m := trained(t)
	ctx := context.Background()
	text := "张伟昨天在北京会见了新华社的代表。"
	got, err := m.Suggest(ctx, text, []annotate.Label{{Name: "LOC"}, {Name: "TIME"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"北京/LOC@5-7"}; !reflect.DeepEqual(found(text, got), want) {
		t.Errorf("Suggest(LOC, TIME) = %q, want %q", found(text, got), want)
	}
	for _, s := range got {
		if s.Source != Source || s.Score <= 0 || s.Score > 1 {
			t.Errorf("suggestion %+v: want source %q and a score in (0,1]", s, Source)
		}
	}
	if got, err := m.Suggest(ctx, text, nil); err != nil || len(got) != 0 {
		t.Errorf("Suggest with no labels = %v, %v; want nothing", got, err)
	}
	if _, err := m.Suggest(ctx, "张\xff", annotate.DefaultLabels()); annotate.ErrorCode(err) != annotate.EINVALID {
		t.Errorf("Suggest of invalid UTF-8: err = %v, want EINVALID", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := m.Suggest(cctx, text, annotate.DefaultLabels()); !errors.Is(err, context.Canceled) {
		t.Errorf("Suggest with a cancelled context: err = %v", err)
	}
	if got := New(segmenter(t)).Tag(text); len(got) != 0 {
		t.Errorf("an untrained model tagged %v", got)
	}
}

func TestRetrainEqualsTrain(t *testing.T) {
	exs := synthetic(40)
	a := New(nil)
	if err := a.Train(context.Background(), exs, 3, nil); err != nil {
		t.Fatal(err)
	}
	b := New(nil)
	for _, ex := range exs {
		if err := b.Learn(ex); err != nil {
			t.Fatal(err)
		}
	}
	var calls, last int
	if err := b.Retrain(context.Background(), func(done, total int) { calls++; last = done; _ = total }); err != nil {
		t.Fatal(err)
	}
	// Retrain makes DefaultEpochs passes; Train above 3: train a again.
	if err := a.Train(context.Background(), exs, DefaultEpochs, nil); err != nil {
		t.Fatal(err)
	}
	da, _ := a.MarshalBinary()
	db, _ := b.MarshalBinary()
	if string(da) != string(db) {
		t.Error("Retrain after Learn does not give the model Train gives on the same sentences")
	}
	if calls == 0 || last != len(exs)*(DefaultEpochs+1) {
		t.Errorf("progress called %d times, last done = %d; want the last at %d", calls, last, len(exs)*(DefaultEpochs+1))
	}
}

func TestTrainCancelled(t *testing.T) {
	m := New(nil)
	if err := m.Train(context.Background(), synthetic(20), 2, nil); err != nil {
		t.Fatal(err)
	}
	before, _ := m.MarshalBinary()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := m.Train(ctx, synthetic(50), 2, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	after, _ := m.MarshalBinary()
	if string(before) != string(after) {
		t.Error("a cancelled Train changed the model")
	}
	if err := m.Train(context.Background(), []Example{{Text: "甲", Spans: []annotate.Span{{Start: 0, End: 5, Label: "X"}}}}, 1, nil); annotate.ErrorCode(err) != annotate.EINVALID {
		t.Errorf("Train with a bad example: err = %v, want EINVALID", err)
	}
}

func TestWithoutSegmenter(t *testing.T) {
	m := New(nil)
	if err := m.Train(context.Background(), synthetic(120), 0, nil); err != nil {
		t.Fatal(err)
	}
	text := "张伟昨天在北京会见了新华社的代表。"
	if got, want := found(text, m.Tag(text)), []string{"张伟/PER@0-2", "北京/LOC@5-7", "新华社/ORG@10-13"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Tag without gse = %q, want %q", got, want)
	}
}

// TestConcurrent tags, learns and retrains at once (run with -race).
func TestConcurrent(t *testing.T) {
	m := New(nil)
	exs := synthetic(60)
	if err := m.Train(context.Background(), exs[:20], 2, nil); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 3 {
		wg.Go(func() {
			for i := range 30 {
				m.Tag(exs[(i+g)%len(exs)].Text)
			}
		})
	}
	wg.Go(func() {
		for _, ex := range exs[20:] {
			if err := m.Learn(ex); err != nil {
				t.Error(err)
			}
		}
	})
	wg.Go(func() {
		if err := m.Retrain(context.Background(), nil); err != nil {
			t.Error(err)
		}
	})
	wg.Wait()
	if st := m.Stats(); st.Sentences != 60 {
		t.Errorf("after learning during a Retrain: %d sentences, want 60", st.Sentences)
	}
}

// TestFoldMSRA folds the Traditional copy of MSRA (made from the
// Simplified one by OpenCC s2hk, phrase by phrase) back one character at
// a time: lengths always agree, and nearly every character comes back.
func TestFoldMSRA(t *testing.T) {
	simp, trad := readNER(t, "msra_test.bio"), readNER(t, "msra_test.s2hk.bio")
	if len(simp) != len(trad) {
		t.Fatalf("%d sentences against %d", len(simp), len(trad))
	}
	total, same, changed := 0, 0, 0
	diff := map[string]int{}
	for i := range simp {
		s, tr := []rune(simp[i].Text), []rune(trad[i].Text)
		f := hk2s.fold(tr)
		if len(f) != len(tr) || len(s) != len(tr) {
			t.Fatalf("sentence %d: %d, %d and %d code points", i+1, len(s), len(tr), len(f))
		}
		for j := range s {
			total++
			if tr[j] != s[j] {
				changed++
			}
			if f[j] == s[j] {
				same++
			} else {
				diff[string(tr[j])+"→"+string(f[j])+" want "+string(s[j])]++
			}
		}
	}
	t.Logf("%d characters, %d written differently in Traditional, %d folded back exactly; misses: %v", total, changed, same, diff)
	if miss := total - same; float64(miss) > 0.002*float64(total) {
		t.Errorf("%d of %d characters do not fold back", miss, total)
	}
}
