// Package agree measures how far annotators agree, over the documents that
// every compared annotator has marked done. It is pure: the caller reads the
// project (FromStore does it from an annotate.Store) and hands over an Input.
//
// The measures, for every pair of annotators (a, b):
//
//   - Span F1, exact: spans with the same start, end and label match (one
//     to one); F1 = 2·matched / (spans of a + spans of b). Overlap: spans
//     with the same label that share a code point match, one to one, as
//     many as possible (a maximum bipartite matching). Overall and per
//     label, with the counts behind them.
//   - Cohen's kappa over characters: the items are every code point of the
//     compared documents; an annotator's category for a code point is the
//     label of their span covering it, else "O". Where one annotator's spans
//     overlap, the span that starts first decides, then the longest, then
//     the label listed first. Per label, kappa is binary: the label vs
//     anything else.
//   - A label confusion matrix over spans with the same offsets, and a
//     classification of every span as exact, type error, boundary error,
//     both, or unmatched (see Errors).
//
// Over all annotators at once, on the same character items: Fleiss' kappa
// (Fleiss 1971, which is multi-pi and equals NLTK's AnnotationTask.pi(), not
// its multi_kappa(), which is Davies and Fleiss 1982) and Krippendorff's
// alpha for nominal data, overall and per label (binary).
//
// Degenerate cases: a measure that divides 0 by 0 is undefined, a NaN
// Score that encodes as JSON null and prints as "n/a". Kappa and alpha are
// undefined when every rating falls in one category (then observed and
// expected agreement are both 1; scikit-learn's cohen_kappa_score returns
// nan there, while NLTK's alpha returns 1) and when there are no
// characters. F1 is undefined when neither annotator has a span (of that
// label). The observed agreement is reported beside every kappa, so an
// undefined kappa is never a mystery.
//
// Per annotator, the package also measures the use of machine suggestions
// (Machine) and lists the disagreements (Disagreement) with context.
// Unanimous and Disagreements serve adjudication one document at a time.
package agree

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"goldspan/annotate"
	"goldspan/annotate/score"
)

// Input is everything agreement is computed from.
type Input struct {
	Docs []Doc
}

// Doc is one document, its machine suggestions and every annotator's layer.
type Doc struct {
	ID          string
	Text        string
	Suggestions []annotate.Suggestion // the machine's suggestions on the document
	Layers      map[string]Layer      // by annotator; an annotator without a layer has status todo
}

// Layer is one annotator's work on one document.
type Layer struct {
	Status annotate.Status
	// Spans must fit the text; exact duplicates count once. Their DocID, ID
	// and Annotator are not read; Origin feeds the machine measures.
	Spans []annotate.Span
	// Rejected is how many of the document's suggestions the annotator
	// rejected (for the machine measures only; counted as given, whatever
	// Options.Labels).
	Rejected int
}

// DefaultContext is the context, in code points either side, shown around
// a disagreement when Options.Context is 0.
const DefaultContext = 20

// Options choose what to compare.
type Options struct {
	// Annotators to compare, at least two. Nil means every annotator with a
	// layer on some document, sorted, except "gold".
	Annotators []string
	// IncludeInProgress compares documents that some annotator has in
	// progress as well as done ones.
	IncludeInProgress bool
	// Labels to compare, in the order reports list them; spans and
	// suggestions with other labels are left out as if absent. Nil means
	// every label the compared annotators used on the compared documents,
	// sorted (and suggestions of any label).
	Labels []string
	// Context is how many code points of text either side of a
	// disagreement to keep; 0 means DefaultContext, negative none.
	Context int
	// Workers is how many goroutines share the documents; 0 means
	// GOMAXPROCS, at most 4.
	Workers int
	// MaxDisagreements, when positive, keeps only the first this many
	// disagreements in the report (their count and kinds still cover all),
	// so that a report of a large project stays small.
	MaxDisagreements int
}

// Compute measures the agreement of in's annotators. It returns EINVALID
// for fewer than two annotators, an unknown or repeated annotator or label,
// or a span that does not fit its document.
func Compute(in Input, opt Options) (*Report, error) {
	names, err := annotators(in, opt.Annotators)
	if err != nil {
		return nil, err
	}
	var docs []*Doc
	skipped := 0
	for i := range in.Docs {
		d := &in.Docs[i]
		if finished(d, names, opt.IncludeInProgress) {
			docs = append(docs, d)
		} else {
			skipped++
		}
	}
	labels, err := labelList(docs, names, opt.Labels)
	if err != nil {
		return nil, err
	}
	c, err := newComputation(names, labels, opt)
	if err != nil {
		return nil, err
	}
	c.docs, c.out, c.compared = docs, make([][]Disagreement, len(docs)), len(docs)
	acc, err := c.run(opt.Workers)
	if err != nil {
		return nil, err
	}
	r := c.report(acc)
	r.Skipped = skipped
	return r, nil
}

// newComputation sets up the comparison of names on labels, with no
// documents yet.
func newComputation(names, labels []string, opt Options) (*computation, error) {
	if len(labels) >= math.MaxUint16 {
		return nil, annotate.Errorf(annotate.EINVALID, "too many labels to compare: %d", len(labels))
	}
	ctx := opt.Context
	if ctx == 0 {
		ctx = DefaultContext
	} else if ctx < 0 {
		ctx = 0
	}
	c := &computation{
		names:     names,
		labels:    labels,
		index:     make(map[string]int, len(labels)),
		k:         len(labels) + 1,
		ctx:       ctx,
		maxDis:    opt.MaxDisagreements,
		allLabels: opt.Labels == nil,
	}
	for i, l := range labels {
		c.index[l] = i + 1
	}
	return c, nil
}

// annotators returns the annotators to compare.
func annotators(in Input, given []string) ([]string, error) {
	seen := map[string]bool{}
	for _, d := range in.Docs {
		for a := range d.Layers {
			seen[a] = true
		}
	}
	var names []string
	if given == nil {
		for a := range seen {
			if a != annotate.GoldAnnotator {
				names = append(names, a)
			}
		}
		slices.Sort(names)
	} else {
		dup := map[string]bool{}
		for _, a := range given {
			if err := annotate.ValidateAnnotator(a); err != nil {
				return nil, err
			} else if dup[a] {
				return nil, annotate.Errorf(annotate.EINVALID, "annotator %q is named twice", a)
			} else if !seen[a] {
				return nil, annotate.Errorf(annotate.EINVALID, "annotator %q has annotated no document", a)
			}
			dup[a] = true
		}
		names = slices.Clone(given)
	}
	if len(names) < 2 {
		return nil, annotate.Errorf(annotate.EINVALID, "agreement needs at least two annotators; found %d %q", len(names), names)
	}
	return names, nil
}

// finished reports whether every annotator has finished d.
func finished(d *Doc, names []string, inProgress bool) bool {
	for _, a := range names {
		st := d.Layers[a].Status
		if st != annotate.StatusDone && !(inProgress && st == annotate.StatusInProgress) {
			return false
		}
	}
	return true
}

// labelList returns the labels to compare.
func labelList(docs []*Doc, names []string, given []string) ([]string, error) {
	if given != nil {
		dup := map[string]bool{}
		for _, l := range given {
			if l == "" {
				return nil, annotate.Errorf(annotate.EINVALID, "empty label name")
			} else if dup[l] {
				return nil, annotate.Errorf(annotate.EINVALID, "label %q is named twice", l)
			}
			dup[l] = true
		}
		return slices.Clone(given), nil
	}
	seen := map[string]bool{}
	for _, d := range docs {
		for _, a := range names {
			for _, s := range d.Layers[a].Spans {
				seen[s.Label] = true
			}
		}
	}
	labels := make([]string, 0, len(seen))
	for l := range seen {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	return labels, nil
}

// computation is one Compute call, shared read-only by its workers.
type computation struct {
	names  []string
	labels []string
	index  map[string]int // label → index + 1
	k      int            // categories: labels + "O"
	ctx    int
	docs   []*Doc
	out    [][]Disagreement // per document, written by the worker that owns it
	// compared counts the documents compared.
	compared int
	maxDis   int // Options.MaxDisagreements
	// allLabels: no label list was given, so the machine measures count
	// suggestions of every label, used by an annotator or not.
	allLabels bool
}

// accum holds counts that add up over documents.
type accum struct {
	chars   int64
	conf    [][]int64 // per pair: K×K character confusion, a's category × K + b's
	spans   []pairCounts
	machine []Machine
}

func (c *computation) newAccum() *accum {
	n := len(c.names)
	a := &accum{machine: make([]Machine, n)}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			a.conf = append(a.conf, make([]int64, c.k*c.k))
			a.spans = append(a.spans, newPairCounts(c.k))
		}
	}
	return a
}

func (a *accum) add(o *accum) {
	a.chars += o.chars
	for p := range a.conf {
		addInts(a.conf[p], o.conf[p])
		a.spans[p].add(&o.spans[p])
	}
	for i := range a.machine {
		m, om := &a.machine[i], &o.machine[i]
		m.Suggestions += om.Suggestions
		m.Accepted += om.Accepted
		m.Edited += om.Edited
		m.Rejected += om.Rejected
		m.Ignored += om.Ignored
		m.Spans += om.Spans
		m.Manual += om.Manual
	}
}

// run spreads the documents over workers in chunks and adds up their counts.
func (c *computation) run(workers int) (*accum, error) {
	workers = defaultWorkers(workers)
	const chunk = 64
	workers = max(1, min(workers, (len(c.docs)+chunk-1)/chunk))
	var (
		next   atomic.Int64
		wg     sync.WaitGroup
		accs   = make([]*accum, workers)
		errs   = make([]error, len(c.docs))
		failed atomic.Bool
	)
	for w := range workers {
		accs[w] = c.newAccum()
		wg.Add(1)
		go func(acc *accum) {
			defer wg.Done()
			wk := newWorker(c, acc)
			for !failed.Load() {
				lo := int(next.Add(chunk)) - chunk
				if lo >= len(c.docs) {
					return
				}
				for i := lo; i < min(lo+chunk, len(c.docs)); i++ {
					if err := wk.doc(i); err != nil {
						errs[i] = err
						failed.Store(true)
						return
					}
				}
			}
		}(accs[w])
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return sumAccums(accs), nil
}

// defaultWorkers is Options.Workers with 0 (or less) read as GOMAXPROCS,
// at most 4.
func defaultWorkers(n int) int {
	if n <= 0 {
		return min(runtime.GOMAXPROCS(0), 4)
	}
	return n
}

// sumAccums adds the workers' counts into the first one's.
func sumAccums(accs []*accum) *accum {
	for _, a := range accs[1:] {
		accs[0].add(a)
	}
	return accs[0]
}

// worker compares documents one at a time, reusing its buffers.
type worker struct {
	c      *computation
	acc    *accum
	bytes  []int      // byte offset of each code point, plus len(text)
	spans  [][]span   // per annotator, sorted, without duplicates
	cats   [][]uint16 // per annotator, the category of each code point
	paint  []span
	sc     spanScratch
	sorted []annSpan
}

func newWorker(c *computation, acc *accum) *worker {
	n := len(c.names)
	return &worker{c: c, acc: acc, spans: make([][]span, n), cats: make([][]uint16, n)}
}

// doc adds document i to the worker's counts.
func (w *worker) doc(i int) error {
	ds, err := w.add(w.c.docs[i])
	w.c.out[i] = ds
	return err
}

// add adds d to the worker's counts and returns its disagreements.
func (w *worker) add(d *Doc) ([]Disagreement, error) {
	c := w.c
	w.bytes = w.bytes[:0]
	for b := range d.Text {
		w.bytes = append(w.bytes, b)
	}
	w.bytes = append(w.bytes, len(d.Text))
	n := len(w.bytes) - 1
	w.acc.chars += int64(n)

	for a, name := range c.names {
		layer := d.Layers[name]
		ss := w.spans[a][:0]
		for _, s := range layer.Spans {
			if s.Start < 0 || s.End > n || s.Start >= s.End {
				return nil, annotate.Errorf(annotate.EINVALID, "document %q, annotator %q: span [%d,%d) %s is out of range: need 0 <= start < end <= %d",
					d.ID, name, s.Start, s.End, s.Label, n)
			}
			if l := c.index[s.Label]; l > 0 {
				ss = append(ss, span{Start: s.Start, End: s.End, Label: l})
			}
		}
		slices.SortFunc(ss, cmpSpan)
		ss = slices.Compact(ss)
		w.spans[a] = ss
		w.cats[a] = w.categories(w.cats[a], ss, n)
		w.machine(&w.acc.machine[a], d, layer)
	}

	p := 0
	for a := range c.names {
		for b := a + 1; b < len(c.names); b++ {
			conf, ca, cb, k := w.acc.conf[p], w.cats[a], w.cats[b], c.k
			for x := range ca {
				conf[int(ca[x])*k+int(cb[x])]++
			}
			w.sc.compareSpans(&w.acc.spans[p], w.spans[a], w.spans[b], k)
			p++
		}
	}
	return w.disagreements(d.ID, d.Text), nil
}

// categories fills cats with the category of each of n code points: the
// label index of the span covering it that starts first, then is longest,
// then has the lowest label index; 0 where no span covers it.
func (w *worker) categories(cats []uint16, spans []span, n int) []uint16 {
	cats = slices.Grow(cats[:0], n)[:n]
	clear(cats)
	// Paint in reverse order of precedence, so that the deciding span paints last.
	ps := append(w.paint[:0], spans...)
	slices.SortFunc(ps, func(x, y span) int {
		if x.Start != y.Start {
			return y.Start - x.Start
		} else if x.End != y.End {
			return x.End - y.End
		}
		return y.Label - x.Label
	})
	for _, s := range ps {
		l := uint16(s.Label)
		for x := s.Start; x < s.End; x++ {
			cats[x] = l
		}
	}
	w.paint = ps
	return cats
}

// machine adds one annotator's use of the suggestions on d to m.
func (w *worker) machine(m *Machine, d *Doc, layer Layer) {
	sugs := 0
	for _, s := range d.Suggestions {
		if w.c.allLabels || w.c.index[s.Label] > 0 {
			sugs++
		}
	}
	acc, ed := 0, 0
	spans := 0
	for _, s := range layer.Spans {
		if w.c.index[s.Label] == 0 {
			continue
		}
		spans++
		switch s.Origin {
		case annotate.OriginSuggestion:
			acc++
		case annotate.OriginSuggestionEdited:
			ed++
		default:
			m.Manual++
		}
	}
	m.Suggestions += sugs
	m.Accepted += acc
	m.Edited += ed
	m.Rejected += layer.Rejected
	m.Ignored += max(0, sugs-acc-ed-layer.Rejected)
	m.Spans += spans
}

// report turns the counts into measures.
func (c *computation) report(acc *accum) *Report {
	m := len(c.names)
	k := c.k
	r := &Report{
		Annotators:        slices.Clone(c.names),
		Labels:            slices.Clone(c.labels),
		Documents:         c.compared,
		Characters:        int(acc.chars),
		PerLabel:          map[string]LabelAll{},
		DisagreementKinds: map[string]int{KindMissing: 0, KindLabel: 0, KindBoundary: 0},
	}
	n := float64(acc.chars)

	// Σ_items Σ_cat n_ic² is N·m plus twice the agreeing annotator pairs
	// of every item: the traces of the pairs' confusion matrices.
	agreePairs := make([]int64, k)
	p := 0
	for a := 0; a < m; a++ {
		for b := a + 1; b < m; b++ {
			conf := acc.conf[p]
			for x := 0; x < k; x++ {
				agreePairs[x] += conf[x*k+x]
			}
			r.Pairs = append(r.Pairs, c.pair(c.names[a], c.names[b], conf, &acc.spans[p], n))
			p++
		}
	}
	// Code points per category over all annotators: annotator 0's are the
	// row sums of pair (0, 1), annotator a's the column sums of pair (0, a),
	// which comes (a − 1)th.
	marg := make([][]int64, m)
	for a := range marg {
		marg[a] = make([]int64, k)
		conf := acc.conf[max(0, a-1)]
		for x := 0; x < k; x++ {
			for y := 0; y < k; y++ {
				if a == 0 {
					marg[a][x] += conf[x*k+y]
				} else {
					marg[a][y] += conf[x*k+y]
				}
			}
		}
	}
	total := make([]int64, k)
	for a := range marg {
		addInts(total, marg[a])
	}
	fm := float64(m)
	var s, sumT2, agree float64
	for x := 0; x < k; x++ {
		agree += float64(agreePairs[x])
		sumT2 += float64(total[x]) * float64(total[x])
	}
	s = n*fm + 2*agree
	r.FleissKappa = fleiss(n, fm, s, sumT2)
	r.Alpha = alpha(n, fm, s, sumT2)
	r.Agreement = ratio(agree, n*fm*(fm-1)/2)
	M := n * fm
	for li, l := range c.labels {
		x := li + 1
		t := float64(total[x])
		q := t + 2*float64(agreePairs[x]) // Σ_items n_ix²
		sx := 2*q + n*fm*fm - 2*fm*t      // Σ_items (n_ix² + (m − n_ix)²)
		t2 := t*t + (M-t)*(M-t)
		la := LabelAll{
			FleissKappa: fleiss(n, fm, sx, t2),
			Alpha:       alpha(n, fm, sx, t2),
			Agreement:   ratio(sx-M, M*(fm-1)),
			Spans:       make([]int, m),
		}
		r.PerLabel[l] = la
	}
	for a := range c.names {
		var spans []int
		if a == 0 {
			spans = acc.spans[0].countA
		} else {
			spans = acc.spans[a-1].countB // pair (0, a)
		}
		for li, l := range c.labels {
			r.PerLabel[l].Spans[a] = spans[li+1]
		}
	}

	for a, mc := range acc.machine {
		mc.Annotator = c.names[a]
		sug := float64(mc.Suggestions)
		mc.AcceptedShare = ratio(float64(mc.Accepted), sug)
		mc.EditedShare = ratio(float64(mc.Edited), sug)
		mc.RejectedShare = ratio(float64(mc.Rejected), sug)
		mc.IgnoredShare = ratio(float64(mc.Ignored), sug)
		mc.ManualShare = ratio(float64(mc.Manual), float64(mc.Spans))
		r.Machine = append(r.Machine, mc)
	}

	r.Disagreements = []Disagreement{}
	for _, ds := range c.out {
		r.DisagreementCount += len(ds)
		for _, d := range ds {
			for _, kind := range d.Kinds {
				r.DisagreementKinds[kind]++
			}
			if c.maxDis <= 0 || len(r.Disagreements) < c.maxDis {
				r.Disagreements = append(r.Disagreements, d)
			}
		}
	}
	return r
}

// pair computes the measures of one pair from its counts.
func (c *computation) pair(a, b string, conf []int64, sp *pairCounts, n float64) Pair {
	k := c.k
	row := make([]float64, k)
	col := make([]float64, k)
	var trace float64
	for x := 0; x < k; x++ {
		trace += float64(conf[x*k+x])
		for y := 0; y < k; y++ {
			row[x] += float64(conf[x*k+y])
			col[y] += float64(conf[x*k+y])
		}
	}
	var e float64
	for x := 0; x < k; x++ {
		e += row[x] * col[x]
	}
	pr := Pair{
		A: a, B: b,
		Kappa:     cohen(n, trace, e),
		Agreement: ratio(trace, n),
		PerLabel:  map[string]LabelPair{},
		Confusion: map[string]map[string]int{},
	}
	var exact, overlap, na, nb int
	for li, l := range c.labels {
		x := li + 1
		exact += sp.exact[x]
		overlap += sp.overlap[x]
		na += sp.countA[x]
		nb += sp.countB[x]
		// Binary kappa: x vs anything else.
		n11 := float64(conf[x*k+x])
		n00 := n - row[x] - col[x] + n11
		ex := row[x]*col[x] + (n-row[x])*(n-col[x])
		lp := LabelPair{
			Exact:     countsOf(score.FromTotals(sp.exact[x], sp.countA[x], sp.countB[x])),
			Overlap:   countsOf(score.FromTotals(sp.overlap[x], sp.countA[x], sp.countB[x])),
			Kappa:     cohen(n, n11+n00, ex),
			Agreement: ratio(n11+n00, n),
		}
		lp.F1Exact, lp.F1Overlap = lp.Exact.F1(), lp.Overlap.F1()
		pr.PerLabel[l] = lp
		for yi, l2 := range c.labels {
			if v := sp.spanConf[x*k+yi+1]; v > 0 {
				if pr.Confusion[l] == nil {
					pr.Confusion[l] = map[string]int{}
				}
				pr.Confusion[l][l2] = v
			}
		}
	}
	pr.Exact = countsOf(score.FromTotals(exact, na, nb))
	pr.Overlap = countsOf(score.FromTotals(overlap, na, nb))
	pr.F1Exact, pr.F1Overlap = pr.Exact.F1(), pr.Overlap.F1()
	typeErrs := 0
	for x := 1; x < k; x++ {
		for y := 1; y < k; y++ {
			if x != y {
				typeErrs += sp.spanConf[x*k+y]
			}
		}
	}
	pr.Errors = Errors{
		Exact: exact, Type: typeErrs, Boundary: sp.boundary, TypeAndBoundary: sp.typeBoundary,
		OnlyA: sp.onlyA, OnlyB: sp.onlyB,
	}
	return pr
}

// annSpan is a span of one annotator (by index).
type annSpan struct {
	span
	ann int
}

func cmpAnnSpan(x, y annSpan) int {
	return cmp.Or(cmpSpan(x.span, y.span), x.ann-y.ann)
}
