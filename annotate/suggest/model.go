package suggest

import (
	"fmt"
	"io/fs"
	"reflect"
	"sync"
	"unsafe"

	"github.com/go-ego/gse"

	"goldspan/annotate"
)

// model is what a Suggester suggests with: the gse segmenter and our
// tables, which every Suggester of a process shares once loaded, and its
// own gazetteer (Options.Gazetteer). It is read-only after loading.
type model struct {
	seg   *gse.Segmenter
	gaz   *static
	names *nameModel
}

// The gse dictionary costs about 150 MB and two seconds to load, so a
// process loads it once and every Suggester shares it; Segment only reads
// it. Only the Simplified dictionary (zh_s) is loaded: every text is
// folded to Simplified characters before it is segmented (Fold), so the
// Traditional one (zh, both) would cost 105 MB more and 1.4 s longer to
// load for nothing (issue 16: the rules' F1 on MSRA and People's Daily
// moved by less than 0.05 points).
var shared struct {
	once sync.Once
	m    *model
	err  error
}

// loadModel returns the shared model, loading it the first time; its
// gazetteer is empty (see withGazetteer).
func loadModel() (*model, error) {
	shared.once.Do(func() {
		shared.m, shared.err = buildModel()
		if shared.err != nil {
			shared.err = annotate.Errorf(annotate.EINTERNAL, "loading suggestions: %v", shared.err)
		}
	})
	return shared.m, shared.err
}

func buildModel() (*model, error) {
	seg := new(gse.Segmenter)
	seg.SkipLog = true
	if err := seg.LoadDictEmbed("zh_s"); err != nil {
		return nil, fmt.Errorf("gse dictionary: %w", err)
	}
	dropSearchSegments(seg.Dict)
	names := buildNameModel(func(visit func(text, pos string, freq float64)) {
		for i := range seg.Dict.Tokens {
			t := &seg.Dict.Tokens[i]
			visit(t.Text(), t.Pos(), t.Freq())
		}
	})
	return &model{seg: seg, gaz: newStatic(), names: names}, nil
}

// withGazetteer returns a copy of m that looks up the lists in fsys (see
// ReadGazetteer); nil for none.
func (m *model) withGazetteer(fsys fs.FS) (*model, error) {
	gaz, err := buildGazetteer(fsys)
	if err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "loading the gazetteer: %s", annotate.ErrorMessage(err))
	}
	c := *m
	c.gaz = gaz
	return &c, nil
}

// static is a read-only surface → label table with the same longest-first
// index as Learned.
type static struct {
	labels  map[string]string
	lengths map[rune][]int
	first   runeSet          // the keys of lengths
	pairs   *[1 << 12]uint64 // a filter of the first two characters of each surface
	single  runeSet          // surfaces of one character
}

func newStatic() *static {
	return &static{labels: map[string]string{}, lengths: map[rune][]int{}, first: setOf(""), pairs: new([1 << 12]uint64), single: setOf("")}
}

// pairBit hashes two characters to a bit of static.pairs.
func pairBit(a, b rune) uint32 { return (uint32(a)*0x9E3779B1 ^ uint32(b)*0x85EBCA77) >> 14 }

// mayStart reports whether a surface may start with rs[i] (and rs[i+1]).
func (s *static) mayStart(rs []rune, i int) bool {
	if !s.first.has(rs[i]) {
		return false
	}
	if s.single.has(rs[i]) {
		return true
	}
	if i+1 >= len(rs) {
		return false
	}
	h := pairBit(rs[i], rs[i+1])
	return s.pairs[h>>6]&(1<<(h&63)) != 0
}

func (s *static) add(surface, label string) {
	key := Fold(surface)
	if _, ok := s.labels[key]; ok {
		return
	}
	s.labels[key] = label
	rs := []rune(key)
	r := rs[0]
	s.first.add(r)
	if len(rs) == 1 {
		s.single.add(r)
	} else {
		h := pairBit(rs[0], rs[1])
		s.pairs[h>>6] |= 1 << (h & 63)
	}
	n := len(rs)
	ls := s.lengths[r]
	for _, l := range ls {
		if l == n {
			return
		}
	}
	ls = append(ls, n)
	sortSlice(ls, func(a, b int) int { return b - a })
	s.lengths[r] = ls
}

// dropSearchSegments frees what gse computes on load for its search mode
// alone: every dictionary word's own segmentation (Token.segments), about
// 30 MB of the 130 MB dictionary. Segment, the only gse call we make,
// never reads it (search mode, CutSearch and the Segments* printers do).
// The field is unexported, so it is found by name and type through
// reflection; if a gse release renames or retypes it, nothing is freed
// (TestSearchSegmentsDropped fails then, and says so).
func dropSearchSegments(d *gse.Dictionary) bool {
	f, ok := reflect.TypeFor[gse.Token]().FieldByName("segments")
	if !ok || f.Type != reflect.TypeFor[[]*gse.Segment]() {
		return false
	}
	for i := range d.Tokens {
		*(*[]*gse.Segment)(unsafe.Add(unsafe.Pointer(&d.Tokens[i]), f.Offset)) = nil
	}
	return true
}
