package tagger

import (
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"

	"goldspan/annotate"
)

// Feature templates. A feature is a uint64: the template in the top 8
// bits, its values packed below, so that features sort and compress
// well and need no interning.
const (
	fBias    = iota + 1
	fUni0         // character at offset −2; fUni0+k at offset k−2 (k < 5)
	fBi0     = 7  // characters at offsets (k−2, k−1); fBi0+k (k < 4)
	fSkip    = 11 // characters at −1 and +1
	fClass   = 12 // character classes at −1, 0, +1
	fPos     = 13 // gse token: POS, position in the token
	fPosLen  = 14 // gse token: POS, position, length
	fPosPrev = 15 // gse token: previous token's POS, POS, position
	fPosNext = 16 // gse token: POS, next token's POS, position
	fWord    = 17 // gse token: the word, position
	fCharPos = 18 // character, position in its gse token
	fDict    = 19 // dictionary word of type nr/ns/nt/nz covering the character: type, position, length
	// 20 was per-character priors counted from gse's dictionary (how often
	// a character starts a person's name, ends a place's or an
	// organisation's): no better without hints, 1 F1 worse with them.
	fGaz      = 21 // gazetteer entry covering the character: label, position, length, count
	fGazPos   = 22 // gazetteer entry: label, position, whether it starts and ends at gse token boundaries, count
	fDictChar = 23 // dictionary word type and position, with the character
	fHint     = 24 // a hint (another suggester's suggestion) covering the character: label, source, position
	fHintLen  = 25 // a hint: label, position, length, score
	fGazBare  = 26 // gazetteer entry covering the character: label, position
)

const payloadBits = 56

func feat(tmpl uint64, payload uint64) uint64 {
	return tmpl<<payloadBits | payload&(1<<payloadBits-1)
}

// Sentinel characters beyond the sentence.
const (
	runeBOS = 0x110001
	runeEOS = 0x110002
)

// Positions of a character in a word: begin, middle, end, single.
const (
	posB = iota
	posM
	posE
	posS
)

func bmes(i, start, end int) uint64 {
	switch {
	case end-start == 1:
		return posS
	case i == start:
		return posB
	case i == end-1:
		return posE
	}
	return posM
}

func lenBucket(n, most int) uint64 { return uint64(min(n, most)) }

// posTags lists gse's part-of-speech tags; a tag's id is its index + 1,
// 0 is the pseudo tag of text between tokens, and unknown tags share
// the last id.
var posTags = []string{
	"a", "ad", "ag", "an", "b", "c", "d", "df", "dg", "e", "eng", "f", "g", "h", "i", "j", "k", "l",
	"m", "mg", "mq", "n", "ng", "nr", "nrfg", "nrt", "ns", "nt", "nz", "o", "p", "q", "r", "rg",
	"rr", "rz", "s", "t", "tg", "u", "ud", "ug", "uj", "ul", "uv", "uz", "v", "vd", "vg", "vi", "vn",
	"vq", "x", "y", "z", "zg",
}

var posID = func() map[string]uint64 {
	m := make(map[string]uint64, len(posTags))
	for i, t := range posTags {
		m[t] = uint64(i + 1)
	}
	return m
}()

const posOther = 63

func posOf(tag string) uint64 {
	if id, ok := posID[tag]; ok {
		return id
	}
	return posOther
}

// Entity types of dictionary words, as fDict uses them.
const (
	dictNone = iota
	dictPer
	dictLoc
	dictOrg
	dictOther // nz
)

func dictType(pos string) int {
	switch pos {
	case "nr", "nrfg", "nrt":
		return dictPer
	case "ns":
		return dictLoc
	case "nt":
		return dictOrg
	case "nz":
		return dictOther
	}
	return dictNone
}

// maxDictWord is the longest dictionary word looked up, in characters.
const maxDictWord = 12

// resources are what the features need from gse: its segmenter, whose
// dictionary is read-only once loaded.
type resources struct {
	seg *gse.Segmenter
}

// normRune maps a folded character to the form the character n-grams
// use: digits to '0', letters to lower case, full-width ASCII to ASCII.
func normRune(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		r -= 0xFF01 - 0x21
	}
	switch {
	case r >= '0' && r <= '9' || r < 0x3000 && unicode.IsDigit(r):
		return '0'
	case r < 0x80:
		return unicode.ToLower(r)
	}
	return r
}

// Character classes.
const (
	classHan = iota + 1
	classDigit
	classLatin
	classLetter
	classPunct
	classSpace
	classOther
)

func classOf(r rune) uint64 {
	switch {
	case unicode.Is(unicode.Han, r):
		return classHan
	case unicode.IsDigit(r) || r >= '０' && r <= '９' || r == '〇' || r == '零':
		return classDigit
	case r < 0x250 && unicode.IsLetter(r):
		return classLatin
	case unicode.IsLetter(r):
		return classLetter
	case unicode.IsSpace(r):
		return classSpace
	case unicode.IsPunct(r) || unicode.IsSymbol(r):
		return classPunct
	}
	return classOther
}

// hashString is 64-bit FNV-1a: a stable hash, so that word features mean
// the same in every process.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// analysis is the part of a sentence's features that depends only on its
// text (and the hints): everything but the gazetteer, which changes as
// the model learns. It is computed without holding the model's lock.
type analysis struct {
	runes  []rune  // the text's code points
	fr     []rune  // the same folded to Simplified, one code point for one
	folded string  // string(fr)
	bo     []int   // bo[i]: byte offset of code point i in folded; len n+1
	pos    []uint8 // gse POS id of the token around each character
	cut    []bool  // cut[i]: a gse token boundary lies before character i; len n+1
	feats  []uint64
	off    []int32 // features of position t: feats[off[t]:off[t+1]]
}

// analyse computes the text-only features of one sentence.
func (r *resources) analyse(text string) *analysis {
	rs := []rune(text)
	n := len(rs)
	a := &analysis{runes: rs, bo: make([]int, n+1), pos: make([]uint8, n), cut: make([]bool, n+1)}
	fr := make([]rune, n)
	a.fr = fr
	buf := make([]byte, 0, len(text)+8)
	for i, c := range rs {
		a.bo[i] = len(buf)
		fr[i] = hk2s.rune(c)
		buf = utf8.AppendRune(buf, fr[i])
	}
	a.bo[n] = len(buf)
	a.folded = string(buf)
	nr := make([]rune, n+4) // normalised, padded with 2 sentinels each side
	nr[0], nr[1], nr[n+2], nr[n+3] = runeBOS, runeBOS, runeEOS, runeEOS
	for i, c := range fr {
		nr[i+2] = normRune(c)
	}
	cls := make([]uint64, n+2)
	for i, c := range fr {
		cls[i+1] = classOf(c)
	}

	// gse tokens: for each character, its token's POS, span and neighbours.
	type tokInfo struct {
		start, end      int
		pos, prev, next uint64
		word            uint64
	}
	toks := make([]int32, n) // index into infos, -1 for none
	for i := range toks {
		toks[i] = -1
	}
	var infos []tokInfo
	var dict [][]uint64 // per position: dictionary features
	if seg := r.seg; seg != nil && seg.Dict != nil && n > 0 {
		// Map byte offsets of folded to code points.
		b2r := make([]int32, len(buf)+1)
		for i := range b2r {
			b2r[i] = -1
		}
		for i, b := range a.bo {
			b2r[b] = int32(i)
		}
		segs := seg.Segment(buf)
		infos = make([]tokInfo, 0, len(segs))
		for _, s := range segs {
			if s.Start() < 0 || s.End() > len(buf) {
				continue
			}
			st, en := int(b2r[s.Start()]), int(b2r[s.End()])
			if st < 0 || en <= st {
				continue
			}
			p := posOf(s.Token().Pos())
			w := hashString(a.folded[s.Start():s.End()]) >> 10
			infos = append(infos, tokInfo{start: st, end: en, pos: p, word: w})
		}
		for k := range infos {
			infos[k].prev, infos[k].next = 0, 0
			if k > 0 {
				infos[k].prev = infos[k-1].pos
			}
			if k+1 < len(infos) {
				infos[k].next = infos[k+1].pos
			}
			for i := infos[k].start; i < infos[k].end; i++ {
				toks[i] = int32(k)
			}
			a.cut[infos[k].start], a.cut[infos[k].end] = true, true
		}
		// Dictionary words of entity types covering each character.
		words := make([]gse.Text, n)
		for i := range n {
			words[i] = buf[a.bo[i]:a.bo[i+1]]
		}
		tbuf := make([]*gse.Token, maxDictWord)
		dict = make([][]uint64, n)
		for i := range n {
			m := seg.Dict.LookupTokens(words[i:min(i+maxDictWord, n)], tbuf)
			for _, t := range tbuf[:m] {
				typ := dictType(t.Pos())
				if typ == dictNone {
					continue
				}
				l := utf8.RuneCountInString(t.Text())
				if l < 2 || i+l > n {
					continue
				}
				for j := i; j < i+l; j++ {
					b := bmes(j, i, i+l)
					dict[j] = append(dict[j],
						feat(fDict, uint64(typ)<<8|b<<4|lenBucket(l, 6)),
						feat(fDictChar, uint64(typ)<<24|b<<21|uint64(nr[j+2])))
				}
			}
		}
	}

	a.off = make([]int32, n+1)
	a.feats = make([]uint64, 0, n*32)
	for i := range n {
		a.off[i] = int32(len(a.feats))
		c := i + 2 // index into nr
		f := append(a.feats, feat(fBias, 0))
		for k := range 5 {
			f = append(f, feat(fUni0+uint64(k), uint64(nr[c-2+k])))
		}
		for k := range 4 {
			f = append(f, feat(fBi0+uint64(k), uint64(nr[c-2+k])<<21|uint64(nr[c-1+k])))
		}
		f = append(f, feat(fSkip, uint64(nr[c-1])<<21|uint64(nr[c+1])))
		f = append(f, feat(fClass, cls[i]<<8|cls[i+1]<<4|cls[i+2]))
		if toks[i] >= 0 {
			t := infos[toks[i]]
			b := bmes(i, t.start, t.end)
			a.pos[i] = uint8(t.pos)
			f = append(f,
				feat(fPos, t.pos<<4|b),
				feat(fPosLen, t.pos<<8|b<<4|lenBucket(t.end-t.start, 5)),
				feat(fPosPrev, t.prev<<12|t.pos<<4|b),
				feat(fPosNext, t.pos<<12|t.next<<4|b),
				feat(fWord, t.word<<2|b),
				feat(fCharPos, uint64(nr[c])<<8|b<<4|lenBucket(t.end-t.start, 3)),
			)
			f = append(f, dict[i]...)
		}
		a.feats = f
	}
	a.off[n] = int32(len(a.feats))
	return a
}

// countBucket buckets how often a gazetteer entry was annotated.
func countBucket(n int32) uint64 {
	switch {
	case n <= 1:
		return 1
	case n == 2:
		return 2
	case n <= 4:
		return 3
	}
	return 4
}

// own counts the entities the gazetteer leaves out while a sentence is
// trained on: its own and its neighbours' (see gazWindow).
type own map[gazKey]int32

type gazKey struct {
	surface string // folded
	label   int
}

// withGazetteer returns a's features plus those of the gazetteer entries
// found in the sentence, leaving out the entities in skip.
func (a *analysis) withGazetteer(g *gazetteer, skip own) (feats []uint64, off []int32) {
	n := len(a.runes)
	if g == nil || len(g.entries) == 0 || n == 0 {
		return a.feats, a.off
	}
	var extra [][]uint64
	for i := range n {
		ls := g.lengths[a.fr[i]]
		for _, l := range ls {
			if i+l > n {
				continue
			}
			surface := a.folded[a.bo[i]:a.bo[i+l]]
			counts, ok := g.entries[surface]
			if !ok {
				continue
			}
			for lab, cnt := range counts {
				if cnt <= 0 {
					continue
				}
				cnt -= skip[gazKey{surface, lab}]
				if cnt <= 0 {
					continue
				}
				if extra == nil {
					extra = make([][]uint64, n)
				}
				var align uint64
				if a.cut[i] {
					align |= 1
				}
				if a.cut[i+l] {
					align |= 2
				}
				cb := countBucket(cnt)
				for j := i; j < i+l; j++ {
					b := bmes(j, i, i+l)
					extra[j] = append(extra[j],
						feat(fGazBare, uint64(lab)<<4|b),
						feat(fGaz, uint64(lab)<<16|b<<12|lenBucket(l, 6)<<8|cb),
						feat(fGazPos, uint64(lab)<<12|b<<8|align<<4|cb))
				}
			}
		}
	}
	if extra == nil {
		return a.feats, a.off
	}
	return merge(a.feats, a.off, extra)
}

// merge returns feats/off with extra[t] appended to position t's features.
func merge(feats []uint64, off []int32, extra [][]uint64) ([]uint64, []int32) {
	n := len(off) - 1
	total := len(feats)
	for _, e := range extra {
		total += len(e)
	}
	nf := make([]uint64, 0, total)
	no := make([]int32, n+1)
	for i := range n {
		no[i] = int32(len(nf))
		nf = append(nf, feats[off[i]:off[i+1]]...)
		nf = append(nf, extra[i]...)
	}
	no[n] = int32(len(nf))
	return nf, no
}

// hintSources numbers the sources of hints; others share 0.
var hintSources = map[string]uint64{"dictionary": 1, "rule": 2, "gazetteer": 3, "learned": 4, "model": 5}

// addHints adds the features of hints, suggestions for a's text.
func (a *analysis) addHints(hints []annotate.Suggestion) {
	n := len(a.runes)
	var extra [][]uint64
	for _, h := range hints {
		if h.Start < 0 || h.End > n || h.Start >= h.End {
			continue
		}
		if extra == nil {
			extra = make([][]uint64, n)
		}
		lab := hashString(h.Label) >> 40
		src := hintSources[h.Source]
		sb := uint64(min(max(h.Score, 0), 1) * 4)
		for j := h.Start; j < h.End; j++ {
			b := bmes(j, h.Start, h.End)
			extra[j] = append(extra[j],
				feat(fHint, lab<<12|src<<4|b),
				feat(fHintLen, lab<<16|b<<12|lenBucket(h.End-h.Start, 6)<<4|sb))
		}
	}
	if extra != nil {
		a.feats, a.off = merge(a.feats, a.off, extra)
	}
}
