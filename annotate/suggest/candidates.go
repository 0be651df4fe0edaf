package suggest

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"goldspan/annotate"
)

// Ranks order the sources when candidates overlap: a candidate never
// survives if it crosses, or contains without being built on, a candidate
// of higher rank.
const (
	rankDictionary  = 1
	rankWeakLearned = 2 // a learned label on too little evidence: ahead of gse's tags, behind patterns and the gazetteer
	rankRule        = 3
	rankGazetteer   = 4
	rankLearned     = 5
)

// token is one gse word, in code points of the text.
type token struct {
	start, end int
	pos        string
	flags      uint8 // posNounish, posWeak
}

// Part-of-speech classes, looked up once per word.
const (
	posNounish = 1 << iota // may make up the body of a name
	posWeak                // a function word: a one-character suffix here is none
)

func posFlags(pos string) uint8 {
	if pos == "" {
		return 0
	}
	switch pos[0] {
	case 'n', 'j', 'b', 'x', 'l', 'i':
		return posNounish
	case 'a':
		if pos == "an" {
			return posNounish
		}
	case 'z':
		if pos == "zg" {
			return posNounish
		}
	case 'v':
		if pos == "vn" {
			return posNounish
		}
		if pos == "v" {
			return posWeak
		}
	case 'c', 'p', 'd', 'r', 'u', 'y', 'e', 'o':
		return posWeak
	}
	return 0
}

// cand is a candidate suggestion.
type cand struct {
	start, end int
	label      string
	source     string
	score      float64
	rank       int
	// composite candidates are built on smaller entities (北京 + 大学) and
	// may contain candidates of any rank.
	composite bool
}

func (c cand) len() int { return c.end - c.start }

// doc is one text being analysed. Docs are pooled: the 150 MB dictionary
// makes every garbage collection costly, so the analysis allocates as
// little as it can.
type doc struct {
	text    string // folded (see Fold); same code point offsets as the input
	runes   []rune
	bytePos []int // bytePos[i] is the byte offset of code point i in text; len n+1
	toks    []token
	// tokAt[i] is the index of the token covering code point i.
	tokAt []int
	cands []cand

	// scratch
	buf   []byte
	inPos []int
	drop  []bool
	used  []bool
	keep  []int
	gazAt []int
}

var docPool = sync.Pool{New: func() any { return new(doc) }}

func (d *doc) slice(start, end int) string { return d.text[d.bytePos[start]:d.bytePos[end]] }

// boundary reports whether a token starts at code point i (or i is the end).
func (d *doc) boundary(i int) bool {
	return i <= 0 || i >= len(d.runes) || d.toks[d.tokAt[i]].start == i
}

// tok returns the text of token i.
func (d *doc) tok(i int) string { return d.slice(d.toks[i].start, d.toks[i].end) }

func (d *doc) add(c cand) { d.cands = append(d.cands, c) }

// bytePositions appends the byte offset of each code point of s, and
// len(s), to pos[:0].
func bytePositions(pos []int, s string) []int {
	pos = pos[:0]
	for i := range s {
		pos = append(pos, i)
	}
	return append(pos, len(s))
}

// analyse segments text and returns the resolved candidates, sorted by
// start, in built-in or learned labels. The result lives in d, which the
// caller returns to docPool when done with it.
func (m *model) analyse(text string, lex Lexicon, opts Options) (*doc, []cand) {
	folded := Fold(text)
	d := docPool.Get().(*doc)
	d.text = folded
	d.runes, d.bytePos = d.runes[:0], d.bytePos[:0]
	for i, r := range folded {
		d.runes = append(d.runes, r)
		d.bytePos = append(d.bytePos, i)
	}
	d.bytePos = append(d.bytePos, len(folded))
	in, inPos := folded, d.bytePos
	if opts.NoFold && text != folded {
		in = text
		d.inPos = bytePositions(d.inPos, text)
		inPos = d.inPos
	}
	n := len(d.runes)
	d.tokAt = slices.Grow(d.tokAt[:0], n)[:n]
	d.buf = append(d.buf[:0], in...)
	segs := m.seg.Segment(d.buf)
	d.toks = d.toks[:0]
	// gse's segments are contiguous byte ranges in order: walk the code
	// points along with them.
	cp := 0
	for _, sg := range segs {
		s := cp
		for cp < n && inPos[cp] < sg.End() {
			d.tokAt[cp] = len(d.toks)
			cp++
		}
		if cp > s {
			pos := sg.Token().Pos()
			d.toks = append(d.toks, token{start: s, end: cp, pos: pos, flags: posFlags(pos)})
		}
	}
	d.cands = d.cands[:0]
	if len(d.toks) == 0 {
		return d, nil
	}
	m.dictionary(d, opts)
	m.scanStatic(d)
	if lex != nil {
		scanLexicon(d, lex)
	}
	if !opts.NoRules {
		m.rules(d)
		vetCandidates(d)
	}
	if lex != nil {
		withholdTitles(d, lex)
		learnedTails(d, lex)
	}
	out := d.resolve()
	if lex != nil {
		out = suppress(d, out, lex)
	}
	if !opts.NoRules {
		out = latinAliases(d, out)
		out = agencyCredits(d, out)
	}
	return d, out
}

// release returns d to the pool.
func (d *doc) release() {
	if cap(d.runes) > 1<<20 {
		return // do not keep huge buffers
	}
	d.text = ""
	docPool.Put(d)
}

// dictionary turns gse's part-of-speech tags into candidates.
func (m *model) dictionary(d *doc, opts Options) {
	for _, t := range d.toks {
		label := ""
		switch t.pos {
		case "nr", "nrfg", "nrt":
			label = PER
		case "ns":
			label = LOC
		case "nt":
			label = ORG
		case "n", "v", "vn", "nz", "l", "j":
			// 会理县/n, 漾濞县/v: counties the dictionary did not tag.
			if opts.NoRules || !m.countyWord(d.runes[t.start:t.end], false) {
				continue
			}
			label = LOC
		default:
			continue
		}
		// gse's place and organisation words are whole names that may
		// contain smaller ones (中国队 contains 中国).
		c := cand{start: t.start, end: t.end, label: label, source: SourceDictionary, score: 0.5, rank: rankDictionary, composite: label != PER}
		if !opts.NoRules {
			var ok bool
			if c, ok = m.filterDictionary(d, t, c); !ok {
				continue
			}
		}
		d.add(c)
	}
}

// scanStatic adds the gazetteer's longest match at each word start.
func (m *model) scanStatic(d *doc) {
	for _, t := range d.toks {
		i := t.start
		if !m.gaz.mayStart(d.runes, i) {
			continue
		}
		for _, n := range m.gaz.lengths[d.runes[i]] {
			if i+n > len(d.runes) {
				continue
			}
			if label, ok := m.gaz.labels[d.slice(i, i+n)]; ok {
				if m.gazetteerFits(d, i, i+n, label) {
					d.add(cand{start: i, end: i + n, label: label, source: SourceGazetteer, score: 0.9, rank: rankGazetteer})
				}
				break
			}
		}
	}
}

// scanLexicon adds the learned lexicon's longest match at each word start:
// its majority label, unless reviewers rejected it more than confirmed it.
func scanLexicon(d *doc, lex Lexicon) {
	if l, ok := lex.(*Learned); ok {
		// One lock for the whole text rather than two per word.
		l.mu.RLock()
		defer l.mu.RUnlock()
		if len(l.entries) == 0 {
			return
		}
		lex = learnedLocked{l}
	}
	for _, t := range d.toks {
		i := t.start
		if d.runes[i] == '\x01' {
			continue // class keys (annotate.TitleClass) are counts, never surfaces
		}
		for _, n := range lex.Lengths(d.runes[i]) {
			if i+n > len(d.runes) {
				continue
			}
			v, ok := lex.Lookup(d.slice(i, i+n))
			if !ok {
				continue
			}
			// A learned single character (中 in 中美, 李 in 李先生) is
			// right in some places only: it never is a suggestion of its
			// own, though its rejections still suppress the rules' ones.
			if n == 1 {
				break
			}
			if label, score, ok := v.Best(); ok {
				rank := rankLearned
				if !v.Strong(label) {
					rank = rankWeakLearned
				}
				d.add(cand{start: i, end: i + n, label: label, source: SourceLearned, score: score, rank: rank})
			}
			break
		}
	}
}

// suppress drops candidates whose surface and label reviewers rejected
// consistently (Votes.Suppressed); a gazetteer entry or a pattern's match
// needs one rejection more than MinEvidence. It also drops one-character
// candidates of a label whose whole class the reviewers reject
// (singlesSuppressed), unless that character itself was confirmed.
func suppress(d *doc, cs []cand, lex Lexicon) []cand {
	out := cs[:0]
	singles := map[string]bool{} // label → its one-character class is withheld
	for _, c := range cs {
		min := MinEvidence
		if c.source == SourceGazetteer || c.source == SourceRule {
			min++
		}
		v, ok := lex.Lookup(d.slice(c.start, c.end))
		if ok && v.suppressedAfter(c.label, min) {
			continue
		}
		if c.end-c.start == 1 && c.source != SourceLearned {
			off, seen := singles[c.label]
			if !seen {
				off = singlesSuppressed(lex, c.label)
				singles[c.label] = off
			}
			if off && !(ok && v.Strong(c.label)) {
				continue // the project does not mark this class (a character confirmed itself still is)
			}
		}
		out = append(out, c)
	}
	return out
}

// withholdTitles drops the candidates of an office before a title
// (annotate.BeforeTitle: 衛生部 in 肯尼亞衛生部長) of a label whose class
// the reviewers reject (classSuppressed on annotate.TitleClass), unless
// the surface itself was confirmed. It runs before resolve, so that the
// place inside (肯尼亞) is suggested in the office's stead.
func withholdTitles(d *doc, lex Lexicon) {
	var titles map[string]bool // label → its offices before a title are withheld
	out := d.cands[:0]
	for _, c := range d.cands {
		if c.source != SourceLearned && annotate.BeforeTitle(d.runes, c.start, c.end) {
			if titles == nil {
				titles = map[string]bool{}
			}
			off, seen := titles[c.label]
			if !seen {
				off = classSuppressed(lex, annotate.TitleClass, c.label)
				titles[c.label] = off
			}
			if off {
				if v, ok := lex.Lookup(d.slice(c.start, c.end)); !ok || !v.Strong(c.label) {
					continue // the project marks the place of 肯尼亞衛生部長, not the office
				}
			}
		}
		out = append(out, c)
	}
	d.cands = out
}

// tailConvention is how a project marks a place (labelled place) before a
// tail (annotate.PlaceTails): joined into one span labelled join (中国政府/ORG)
// or the place alone; known is false where the reviewers' decisions do
// not say.
type tailConvention struct {
	known, joined bool
	join, place   string
}

// tailConventionOf reads the reviewers' decisions on a tail (as the
// folded text has it) from the lexicon. The joined form is the convention
// after at least 2 × MinEvidence confirmations of it and a clear majority
// (two thirds) of the evidence: confirmations of the joined form and
// rejections of the place alone before the tail, against the opposite.
// The place alone is the convention likewise. One stray decision never
// changes either.
func tailConventionOf(lex Lexicon, tail string) tailConvention {
	keys := tailKeys()[tail]
	jv, _ := lex.Lookup(keys[0])
	av, _ := lex.Lookup(keys[1])
	sum := func(m map[string]int) (n int) {
		for _, c := range m {
			n += c
		}
		return n
	}
	cj, rj, ca, ra := sum(jv.Confirmed), sum(jv.Rejected), sum(av.Confirmed), sum(av.Rejected)
	forJoin, forAlone := cj+ra, ca+rj
	c := tailConvention{join: ORG, place: LOC}
	if cj >= 2*MinEvidence && 3*forJoin >= 2*(forJoin+forAlone) {
		c.known, c.joined = true, true
		if l, _, ok := jv.Best(); ok {
			c.join = l
		}
		// The place's label: the one most often rejected before the tail
		// (counting its confirmations too), else LOC.
		most := 0
		for l, n := range av.Rejected {
			if n += av.Confirmed[l]; n > most || n == most && l < c.place {
				c.place, most = l, n
			}
		}
		return c
	}
	if ca >= 2*MinEvidence && 3*forAlone >= 2*(forJoin+forAlone) {
		c.known = true
		if l, _, ok := av.Best(); ok {
			c.place = l
		}
		if l, _, ok := jv.Best(); ok {
			c.join = l
		} else if l := mostRejected(jv); l != "" {
			c.join = l
		}
	}
	return c
}

// mostRejected returns the label rejected most often in v ("" if none).
func mostRejected(v Votes) string {
	label, most := "", 0
	for l, n := range v.Rejected {
		if n > most || n == most && l < label {
			label, most = l, n
		}
	}
	return label
}

// tailKeys maps each of annotate.PlaceTails, folded as the text is, to
// its lexicon keys: annotate.TailClass joined and alone, folded.
var tailKeys = sync.OnceValue(func() map[string][2]string {
	m := map[string][2]string{}
	for _, t := range annotate.PlaceTails {
		f := Fold(t)
		m[f] = [2]string{Fold(annotate.TailClass(f, true)), Fold(annotate.TailClass(f, false))}
	}
	return m
})

// learnedTails applies the project's convention for places before a tail
// (tailConventionOf): where it joins them, every place candidate the tail
// follows gets a candidate of the two together (韓國 + 政府 once the
// reviewers marked 中國政府 and 泉州市政府); where it marks the place
// alone, candidates that join them are dropped (美國海軍), unless the
// surface itself was confirmed. The lexicon is read only where a
// candidate meets a tail. It runs before resolve.
func learnedTails(d *doc, lex Lexicon) {
	drop := false
	for i, n := 0, len(d.cands); i < n; i++ {
		c := d.cands[i]
		ending, following := annotate.TailsAround(d.runes, c.start, c.end)
		if following != "" {
			if cv := tailConventionOf(lex, following); cv.known && cv.joined && c.label == cv.place {
				d.add(cand{start: c.start, end: c.end + utf8.RuneCountInString(following), label: cv.join, source: SourceLearned, score: c.score, rank: c.rank, composite: true})
			}
		}
		if ending != "" && c.source != SourceLearned {
			if cv := tailConventionOf(lex, ending); cv.known && !cv.joined && c.label == cv.join {
				if v, ok := lex.Lookup(d.slice(c.start, c.end)); !ok || !v.Strong(c.label) {
					d.cands[i].label, drop = "", true // the project marks 美國 of 美國海軍, not the two
				}
			}
		}
	}
	if drop {
		d.cands = slices.DeleteFunc(d.cands, func(c cand) bool { return c.label == "" })
	}
}

// resolve keeps non-overlapping candidates of d.cands: a candidate that
// crosses a higher-ranked one, or contains one without being composite, is
// dropped; then longer candidates win, then higher ranks, then higher
// scores. The result reuses d.cands.
func (d *doc) resolve() []cand {
	cs := d.cands
	if len(cs) == 0 {
		return nil
	}
	if !slices.IsSortedFunc(cs, byPosition) {
		slices.SortFunc(cs, byPosition)
	}
	d.drop = slices.Grow(d.drop[:0], len(cs))[:len(cs)]
	clear(d.drop)
	drop := d.drop
	// beaten reports whether c must give way to o of higher rank.
	beaten := func(c, o cand) bool {
		return o.rank > c.rank && (!c.composite || o.start < c.start || o.end > c.end)
	}
	end := 0
	for i, c := range cs {
		end = max(end, c.end)
		for j := i + 1; j < len(cs) && cs[j].start < c.end; j++ {
			if beaten(c, cs[j]) {
				drop[i] = true
			}
			if beaten(cs[j], c) {
				drop[j] = true
			}
		}
	}
	keep := d.keep[:0]
	for i := range cs {
		if !drop[i] {
			keep = append(keep, i)
		}
	}
	d.keep = keep
	slices.SortFunc(keep, func(i, j int) int {
		a, b := &cs[i], &cs[j]
		if a.len() != b.len() {
			return b.len() - a.len()
		} else if a.rank != b.rank {
			return b.rank - a.rank
		} else if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		return i - j // cs is sorted by position
	})
	d.used = slices.Grow(d.used[:0], end)[:end]
	clear(d.used)
	used := d.used
	clear(drop) // from here on: drop[i] is false where cs[i] is chosen
	for _, k := range keep {
		c := &cs[k]
		free := true
		for i := c.start; i < c.end; i++ {
			if used[i] {
				free = false
				break
			}
		}
		if !free {
			continue
		}
		for i := c.start; i < c.end; i++ {
			used[i] = true
		}
		drop[k] = true
	}
	out := cs[:0]
	for i, c := range cs {
		if drop[i] {
			out = append(out, c)
		}
	}
	return out
}

// byPosition orders candidates by start, end, label and source, a total
// order so that unstable sorting is deterministic.
func byPosition(a, b cand) int {
	if a.start != b.start {
		return a.start - b.start
	} else if a.end != b.end {
		return a.end - b.end
	} else if a.label != b.label {
		return strings.Compare(a.label, b.label)
	} else if a.rank != b.rank {
		return a.rank - b.rank
	}
	return strings.Compare(a.source, b.source)
}
