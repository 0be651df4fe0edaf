package tagger

import (
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"unicode"
)

// Tags: 0 is O; label i has B = 1+4i (the first of several
// characters), I = 2+4i (inside), E = 3+4i (the last) and S = 4+4i (a
// one-character span). BIOES rather than BIO: the model learns how names
// end as well as how they begin.

// The kinds of tag are the positions of a character in a span as bmes
// gives them (a hint's position and a gold span's tags are one spelling).
const (
	kindB = posB
	kindI = posM
	kindE = posE
	kindS = posS
)

func tagOf(label, kind int) int { return 1 + 4*label + kind }
func tagB(label int) int        { return tagOf(label, kindB) }
func tagI(label int) int        { return tagOf(label, kindI) }
func tagE(label int) int        { return tagOf(label, kindE) }
func tagS(label int) int        { return tagOf(label, kindS) }
func kindOf(tag int) int        { return (tag - 1) % 4 }
func labelOf(tag int) int       { return (tag - 1) / 4 }
func numTags(labels int) int    { return 1 + 4*labels }

// spanTag returns the tag of character i of a span [start, end) of
// label l: B, I, ..., E, or S for a span of one.
func spanTag(l, i, start, end int) int { return tagOf(l, int(bmes(i, start, end))) }

// continues reports whether tag continues a span begun before it (I or E).
func continues(tag int) bool { return tag > 0 && (kindOf(tag) == kindI || kindOf(tag) == kindE) }

// open reports whether a span is still open after tag (B or I): the next
// tag must continue it, and the sentence may not end there.
func open(tag int) bool { return tag > 0 && (kindOf(tag) == kindB || kindOf(tag) == kindI) }

// starts reports whether tag starts a span (B or S).
func starts(tag int) bool { return tag > 0 && (kindOf(tag) == kindB || kindOf(tag) == kindS) }

// allowed reports whether tag cur may follow tag prev (prev < 0: the
// start of the sentence): an I-X or E-X only continues a B-X or an I-X,
// and an open B-X or I-X is followed by nothing else.
func allowed(prev, cur int) bool {
	if continues(cur) {
		return prev >= 0 && open(prev) && labelOf(prev) == labelOf(cur)
	}
	return prev < 0 || !open(prev)
}

// params are the weights of an averaged structured perceptron. Every
// weight is kept as w, its current value, and u, the sum of c·δ over its
// updates δ made at time c, so that the average over all c time steps is
// w − u/c (Daumé's trick).
type params struct {
	labels  []string
	labelID map[string]int
	nt      int        // number of tags: numTags(len(labels))
	index   *featIndex // feature → row
	w, u    []float32  // rows × nt
	tw, tu  []float32  // transitions: (nt+1) × nt, row nt is the start

	// c is the time, in examples seen. Train, Retrain and
	// UnmarshalBinary leave averaged weights in w with u = 0 and c = the
	// number of sentences fitted: the fitted weights then weigh in the
	// average as one pass over the data, so that online updates after
	// them count, yet do not swamp them (with c = 1, 200 Learns after a
	// Retrain of 2,800 MSRA sentences cost 2 F1, 5 without hints; with
	// c = all the passes made, a Learn hardly shows until the next
	// Retrain).
	c float64

	// prior is the weight a rule's hint starts with towards its own tag
	// (see seedHints); 0 for a model without hints.
	prior float32

	// avg caches the averaged weights w − u/c for decoding; nil when
	// stale. Writers (who hold the model's write lock) clear it; readers
	// fill it under avgMu.
	avgMu sync.Mutex
	avg   atomic.Pointer[[]float32]
}

// changed marks the cached averaged weights stale.
func (p *params) changed() { p.avg.Store(nil) }

// averaged returns the averaged weights, rows × nt: w − float32(u·(1/c))
// in float32, rounded to a multiple of 1/weightSteps.
func (p *params) averaged() []float32 {
	if a := p.avg.Load(); a != nil {
		return *a
	}
	p.avgMu.Lock()
	defer p.avgMu.Unlock()
	if a := p.avg.Load(); a != nil {
		return *a
	}
	invC := float32(1 / p.c)
	a := make([]float32, len(p.w))
	for i := range a {
		a[i] = quantise(p.w[i] - float32(p.u[i]*invC))
	}
	p.avg.Store(&a)
	return a
}

// weightSteps is the number of steps per unit the averaged weights are
// rounded to, for decoding and on disk alike: so the model read back
// decodes exactly as the one written, a weight takes one or two bytes on
// disk instead of four, and weights too small to matter drop out. The
// models on disk are half the size, with the same F1 (±0.2) on MSRA at
// 1,000 to 5,300 sentences; 8 steps did as well.
const weightSteps = 16

// quantise rounds v to the nearest multiple of 1/weightSteps (a power of
// two, so that the result is exact).
func quantise(v float32) float32 {
	return float32(math.Round(float64(v*weightSteps))) / weightSteps
}

func newParams() *params {
	p := &params{labelID: map[string]int{}, index: newFeatIndex(), c: 1}
	p.nt = numTags(0)
	p.tw = make([]float32, (p.nt+1)*p.nt)
	p.tu = make([]float32, (p.nt+1)*p.nt)
	return p
}

// label returns the id of a label, adding it (and re-laying out the
// weights for the two new tags) if it is new.
func (p *params) label(name string) int {
	if id, ok := p.labelID[name]; ok {
		return id
	}
	id := len(p.labels)
	p.labels = append(p.labels, name)
	p.labelID[name] = id
	old, nt := p.nt, numTags(len(p.labels))
	grow := func(a []float32, rows, stride int) []float32 {
		b := make([]float32, rows*nt)
		for r := range rows {
			copy(b[r*nt:r*nt+stride], a[r*stride:(r+1)*stride])
		}
		return b
	}
	rows := len(p.w) / max(old, 1)
	p.w, p.u = grow(p.w, rows, old), grow(p.u, rows, old)
	// Transition rows: tags 0..old-1 keep their index, the start row
	// moves from old to nt.
	tw, tu := make([]float32, (nt+1)*nt), make([]float32, (nt+1)*nt)
	for r := 0; r <= old; r++ {
		to := r
		if r == old {
			to = nt
		}
		copy(tw[to*nt:to*nt+old], p.tw[r*old:(r+1)*old])
		copy(tu[to*nt:to*nt+old], p.tu[r*old:(r+1)*old])
	}
	p.tw, p.tu, p.nt = tw, tu, nt
	p.seedHints(id)
	p.changed()
	return id
}

// seedHints starts the weights of label id's hint features from the
// rules' sources at p.prior towards the tag the hint proposes (its B, M,
// E or S to the label's B, I, E or S), so that a new model tags what the
// rules suggest and learns only where the reviewers differ from them.
func (p *params) seedHints(id int) {
	if p.prior == 0 {
		return
	}
	lab := hashString(p.labels[id]) >> 40
	for _, src := range []uint64{hintSources["dictionary"], hintSources["rule"], hintSources["gazetteer"], hintSources["learned"]} {
		for _, b := range []uint64{posB, posM, posE, posS} {
			tag := tagOf(id, int(b)) // the hint's position is the tag's kind
			r := int(p.row(feat(fHint, lab<<12|src<<4|b), true))
			p.w[r*p.nt+tag] += p.prior
		}
	}
}

// row returns the row of feature f, adding it if add is set; -1 if absent.
func (p *params) row(f uint64, add bool) int32 {
	if r, ok := p.index.get(f); ok {
		return r
	}
	if !add {
		return -1
	}
	r := int32(len(p.w) / p.nt)
	p.index.put(f, r)
	p.w = append(p.w, make([]float32, p.nt)...)
	p.u = append(p.u, make([]float32, p.nt)...)
	p.changed()
	return r
}

// scorer computes emission and transition scores with the averaged
// weights (avg) or the current ones (training).
type scorer struct {
	p   *params
	avg bool
}

func (s scorer) weight(w, u []float32, i int) float32 {
	if s.avg {
		return w[i] - float32(float64(u[i])/s.p.c)
	}
	return w[i]
}

// emissions fills e (n × nt) with the score of each tag at each position;
// feats[off[t]:off[t+1]] are the features of position t.
func (s scorer) emissions(feats []uint64, off []int32, e []float32) {
	p, nt := s.p, s.p.nt
	clear(e)
	weights := p.w
	if s.avg {
		weights = p.averaged()
	}
	for t := 0; t+1 < len(off); t++ {
		row := e[t*nt : (t+1)*nt]
		for _, f := range feats[off[t]:off[t+1]] {
			r, ok := p.index.get(f)
			if !ok {
				continue
			}
			w := weights[int(r)*nt : int(r+1)*nt]
			w = w[:len(row)] // one bounds check, not one per tag
			for k, x := range w {
				row[k] += x
			}
		}
	}
}

// transitions returns the (nt+1) × nt transition scores, −Inf where the
// BIOES constraints forbid the pair; row nt is the start.
func (s scorer) transitions() []float32 {
	p, nt := s.p, s.p.nt
	tr := make([]float32, (nt+1)*nt)
	for a := 0; a <= nt; a++ {
		prev := a
		if a == nt {
			prev = -1
		}
		for b := 0; b < nt; b++ {
			i := a*nt + b
			if !allowed(prev, b) {
				tr[i] = float32(math.Inf(-1))
			} else {
				tr[i] = s.weight(p.tw, p.tu, i)
			}
		}
	}
	return tr
}

// adjacency lists, for each tag b, the tags allowed next to it (before
// or after it, see adjacencies), in ascending order: BIOES forbids most
// pairs (of 169 with three labels, 61 are left), and the searches over a
// sentence visit only these.
type adjacency struct {
	off  []int32 // the tags next to b: list[off[b]:off[b+1]]
	list []int32
}

// of returns the tags next to b.
func (a adjacency) of(b int) []int32 { return a.list[a.off[b]:a.off[b+1]] }

// adjacencyCache holds adjacencies' lists by number of tags.
var adjacencyCache sync.Map // int → *[2]adjacency

// adjacencies returns, for nt tags, the tags allowed before each tag
// ([0]) and after it ([1]) by allowed: the pairs where transitions are
// not −Inf. They depend on the number of labels alone, so they are built
// once for each, not for every sentence decoded.
func adjacencies(nt int) *[2]adjacency {
	if a, ok := adjacencyCache.Load(nt); ok {
		return a.(*[2]adjacency)
	}
	var a [2]adjacency
	for d := range a {
		a[d] = adjacency{off: make([]int32, nt+1), list: make([]int32, 0, nt*nt)}
		for b := range nt {
			for c := range nt {
				if d == 0 && allowed(c, b) || d == 1 && allowed(b, c) {
					a[d].list = append(a[d].list, int32(c))
				}
			}
			a[d].off[b+1] = int32(len(a[d].list))
		}
	}
	v, _ := adjacencyCache.LoadOrStore(nt, &a)
	return v.(*[2]adjacency)
}

// viterbi returns the best tag sequence under the BIOES constraints for
// emissions e (n × nt) and transitions tr ((nt+1) × nt, as transitions
// builds them: only the pairs allowed permits are read).
func viterbi(e, tr []float32, nt int, out []int) []int {
	return viterbiJoined(e, tr, nt, nil, out)
}

// viterbiJoined is viterbi where no span may start or end between t−1
// and t when joined[t] (a run of Latin letters or digits goes on there,
// see latinJoined): at such t only O after O, or I-X or E-X after B-X or
// I-X, is allowed. joined may be nil or shorter than the sentence.
func viterbiJoined(e, tr []float32, nt int, joined []bool, out []int) []int {
	n := len(e) / nt
	out = slices.Grow(out[:0], n)[:n]
	if n == 0 {
		return out
	}
	delta := make([]float32, n*nt)
	back := make([]int32, n*nt)
	inf := float32(math.Inf(-1))
	preds := adjacencies(nt)[0]
	for b := range nt {
		delta[b] = tr[nt*nt+b] + e[b]
	}
	for t := 1; t < n; t++ {
		prev, cur := delta[(t-1)*nt:t*nt], delta[t*nt:(t+1)*nt]
		inside := t < len(joined) && joined[t]
		for b := range nt {
			best, arg := inf, int32(0)
			if inside && b != 0 && !continues(b) {
				cur[b] = inf // a span would start inside the run
				continue
			}
			for _, a := range preds.of(b) {
				if inside && b == 0 && a != 0 {
					continue // a span would end inside the run
				}
				if v := prev[a] + tr[int(a)*nt+b]; v > best {
					best, arg = v, a
				}
			}
			cur[b] = best + e[t*nt+b]
			back[t*nt+b] = arg
		}
	}
	best, arg := inf, 0
	for b := range nt {
		if open(b) {
			continue // the sentence ends inside a span
		}
		if v := delta[(n-1)*nt+b]; v > best {
			best, arg = v, b
		}
	}
	if best == inf { // cannot happen: O is always allowed
		arg = 0
	}
	for t := n - 1; t >= 0; t-- {
		out[t] = arg
		arg = int(back[t*nt+arg])
	}
	return out
}

// latinJoined reports, for each code point t > 0 of rs, whether it and
// the one before it are both Latin letters or digits (of any width):
// the inside of a word such as Zelenskyy or @ZelenskyyUa, or of a number,
// where no span may begin or end.
func latinJoined(rs []rune) []bool {
	joined := make([]bool, len(rs))
	for t := 1; t < len(rs); t++ {
		joined[t] = latinAlnum(rs[t-1]) && latinAlnum(rs[t])
	}
	return joined
}

func latinAlnum(r rune) bool {
	return unicode.IsDigit(r) || unicode.IsLetter(r) && unicode.Is(unicode.Latin, r)
}

// lattice holds the forward and backward probabilities of a sentence
// with emission scores e and transition scores tr read as the potentials
// of a linear-chain CRF, exp(score/temp), normalised at each position so
// that nothing under- or overflows.
type lattice struct {
	nt          int
	pe          []float64 // exp((e[t][k] − max_k e[t][k]) / temp)
	pt          []float64 // exp((tr − max tr) / temp); 0 where forbidden
	alpha, beta []float64 // scaled: P(y_t = k) = alpha[t][k]·beta[t][k]
	scale       []float64 // scale[t]: the normaliser of alpha at t
}

func newLattice(e, tr []float32, nt int, temp float32) *lattice {
	n := len(e) / nt
	lt := &lattice{nt: nt, pe: make([]float64, n*nt), pt: make([]float64, len(tr)),
		alpha: make([]float64, n*nt), beta: make([]float64, n*nt), scale: make([]float64, n)}
	inv := 1 / float64(temp)
	top := math.Inf(-1)
	for _, v := range tr {
		top = max(top, float64(v))
	}
	for i, v := range tr {
		lt.pt[i] = math.Exp((float64(v) - top) * inv) // 0 for −Inf
	}
	for t := range n {
		row := e[t*nt : (t+1)*nt]
		m := float32(math.Inf(-1))
		for _, v := range row {
			m = max(m, v)
		}
		for k, v := range row {
			if t == n-1 && open(k) {
				continue // no span is left open at the end
			}
			lt.pe[t*nt+k] = math.Exp(float64(v-m) * inv)
		}
	}
	if n == 0 {
		return lt
	}
	start := lt.pt[nt*nt:]
	a := lt.alpha
	for k := range nt {
		a[k] = start[k] * lt.pe[k]
	}
	lt.scale[0] = normalise(a[:nt])
	// The sums run over the allowed pairs only, in the order of the full
	// sums: a forbidden pair adds exactly 0 (pt is 0 there).
	adj := adjacencies(nt)
	preds, succs := adj[0], adj[1]
	for t := 1; t < n; t++ {
		prev, cur := a[(t-1)*nt:t*nt], a[t*nt:(t+1)*nt]
		for b := range nt {
			sum := 0.0
			for _, k := range preds.of(b) {
				sum += prev[k] * lt.pt[int(k)*nt+b]
			}
			cur[b] = sum * lt.pe[t*nt+b]
		}
		lt.scale[t] = normalise(cur)
	}
	bt := lt.beta
	for k := range nt {
		bt[(n-1)*nt+k] = 1
	}
	for t := n - 2; t >= 0; t-- {
		next := bt[(t+1)*nt : (t+2)*nt]
		pe := lt.pe[(t+1)*nt : (t+2)*nt]
		for k := range nt {
			sum := 0.0
			for _, b := range succs.of(k) {
				sum += lt.pt[k*nt+int(b)] * pe[b] * next[b]
			}
			bt[t*nt+k] = sum / lt.scale[t+1]
		}
	}
	return lt
}

// normalise divides a by its sum, which it returns (1 if it is 0).
func normalise(a []float64) float64 {
	s := 0.0
	for _, v := range a {
		s += v
	}
	if s == 0 || math.IsNaN(s) || math.IsInf(s, 0) {
		return 1
	}
	for i := range a {
		a[i] /= s
	}
	return s
}

// spanProb returns the marginal probability that positions [s, end) are
// exactly one entity of label l.
func (lt *lattice) spanProb(s, end, l int) float64 {
	nt := lt.nt
	n := len(lt.scale)
	prev := spanTag(l, s, s, end)
	p := lt.alpha[s*nt+prev]
	for t := s + 1; t < end; t++ {
		tag := spanTag(l, t, s, end)
		p *= lt.pt[prev*nt+tag] * lt.pe[t*nt+tag] / lt.scale[t]
		prev = tag
	}
	if end < n {
		sum := 0.0
		for b := range nt {
			sum += lt.pt[prev*nt+b] * lt.pe[end*nt+b] * lt.beta[end*nt+b]
		}
		p *= sum / lt.scale[end]
	} else {
		p *= lt.beta[(end-1)*nt+prev]
	}
	if math.IsNaN(p) {
		return 0
	}
	return min(1, max(0, p))
}

// update moves the weights towards gold and away from pred, both tag
// sequences of the sentence with features feats/off, at time p.c.
func (p *params) update(feats []uint64, off []int32, gold, pred []int) {
	nt := p.nt
	c := float32(p.c)
	bump := func(w, u []float32, i int, d float32) {
		w[i] += d
		u[i] += c * d
	}
	for t := range gold {
		g, q := gold[t], pred[t]
		if g != q {
			for _, f := range feats[off[t]:off[t+1]] {
				r := int(p.row(f, true))
				bump(p.w, p.u, r*nt+g, 1)
				bump(p.w, p.u, r*nt+q, -1)
			}
		}
		gp, qp := nt, nt
		if t > 0 {
			gp, qp = gold[t-1], pred[t-1]
		}
		if gp != qp || g != q {
			bump(p.tw, p.tu, gp*nt+g, 1)
			bump(p.tw, p.tu, qp*nt+q, -1)
		}
	}
}

// cloneEmpty returns params with p's labels and no weights.
func (p *params) cloneEmpty() *params {
	q := newParams()
	q.prior = p.prior
	for _, l := range p.labels {
		q.label(l)
	}
	return q
}

// mergeParams returns the mean of the averaged weights of runs, all with
// the same labels, as the current weights of new params (u = 0, c = 1).
func mergeParams(runs []*params) *params {
	prior := runs[0].prior
	runs[0].prior = 0 // each run holds the seeds already
	p := runs[0].cloneEmpty()
	runs[0].prior, p.prior = prior, prior
	nt := p.nt
	k := float32(len(runs))
	for _, q := range runs {
		sc := scorer{p: q, avg: true}
		avg := q.averaged()
		q.index.all(func(f uint64, r int32) {
			row := int(p.row(f, true))
			for t := range nt {
				p.w[row*nt+t] += avg[int(r)*nt+t] / k
			}
		})
		for i := range q.tw {
			p.tw[i] += sc.weight(q.tw, q.tu, i) / k
		}
	}
	return p
}
