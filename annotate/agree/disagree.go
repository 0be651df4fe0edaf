package agree

import (
	"slices"

	"goldspan/annotate"
)

// Disagreements lists where the annotators' spans on one document differ:
// every group of overlapping spans (of any annotator) on which their
// versions are not all the same, in text order. Nil annotators means every
// key of layers, sorted. context is the code points of text kept either
// side (0 means DefaultContext, negative none). Spans that do not fit the
// text are left out.
func Disagreements(docID, text string, layers map[string][]annotate.Span, annotators []string, context int) []Disagreement {
	names := layerNames(layers, annotators)
	if context == 0 {
		context = DefaultContext
	} else if context < 0 {
		context = 0
	}
	bytes := make([]int, 0, len(text)+1)
	for b := range text {
		bytes = append(bytes, b)
	}
	bytes = append(bytes, len(text))
	n := len(bytes) - 1

	seen := map[string]bool{}
	for _, a := range names {
		for _, s := range layers[a] {
			seen[s.Label] = true
		}
	}
	labels := make([]string, 0, len(seen))
	for l := range seen {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	index := make(map[string]int, len(labels))
	for i, l := range labels {
		index[l] = i + 1
	}
	spans := make([][]span, len(names))
	for a, name := range names {
		for _, s := range layers[name] {
			if s.Start >= 0 && s.End <= n && s.Start < s.End {
				spans[a] = append(spans[a], span{Start: s.Start, End: s.End, Label: index[s.Label]})
			}
		}
		slices.SortFunc(spans[a], cmpSpan)
		spans[a] = slices.Compact(spans[a])
	}
	w := &worker{c: &computation{names: names, labels: labels, ctx: context}, spans: spans, bytes: bytes}
	return w.disagreements(docID, text)
}

// Unanimous returns the spans that every one of annotators has, with the
// same start, end and label: the spans adjudication can accept at once.
// Nil annotators means every key of layers. The result is sorted by start,
// end, label; its spans carry the document id but no id, origin or
// annotator.
func Unanimous(layers map[string][]annotate.Span, annotators []string) []annotate.Span {
	names := layerNames(layers, annotators)
	if len(names) == 0 {
		return nil
	}
	type key struct {
		start, end int
		label      string
	}
	count := map[key]int{}
	for _, a := range names {
		mine := map[key]bool{}
		for _, s := range layers[a] {
			k := key{s.Start, s.End, s.Label}
			if !mine[k] {
				mine[k] = true
				count[k]++
			}
		}
	}
	var out []annotate.Span
	for _, s := range layers[names[0]] {
		k := key{s.Start, s.End, s.Label}
		if count[k] == len(names) {
			count[k] = 0 // once
			out = append(out, annotate.Span{DocID: s.DocID, Start: s.Start, End: s.End, Label: s.Label})
		}
	}
	annotate.SortSpans(out)
	return out
}

func layerNames(layers map[string][]annotate.Span, annotators []string) []string {
	if annotators != nil {
		return annotators
	}
	names := make([]string, 0, len(layers))
	for a := range layers {
		names = append(names, a)
	}
	slices.Sort(names)
	return names
}

// disagreements lists the disagreements of the worker's current document,
// whose spans per annotator are in w.spans and code point byte offsets in
// w.bytes.
func (w *worker) disagreements(docID, text string) []Disagreement {
	c := w.c
	m := len(c.names)
	all := w.sorted[:0]
	for a, ss := range w.spans {
		for _, s := range ss {
			all = append(all, annSpan{s, a})
		}
	}
	slices.SortFunc(all, cmpAnnSpan)
	w.sorted = all
	var out []Disagreement
	for i := 0; i < len(all); {
		end, j := all[i].End, i+1
		for ; j < len(all) && all[j].Start < end; j++ {
			end = max(end, all[j].End)
		}
		group := all[i:j]
		if !unanimous(group, m) {
			out = append(out, w.disagreement(docID, text, group))
		}
		i = j
	}
	return out
}

// unanimous reports whether every distinct span of a group (sorted, each
// annotator's spans distinct) belongs to all m annotators.
func unanimous(group []annSpan, m int) bool {
	for i := 0; i < len(group); {
		j := i + 1
		for j < len(group) && group[j].span == group[i].span {
			j++
		}
		if j-i != m {
			return false
		}
		i = j
	}
	return true
}

// disagreement describes one group of overlapping spans.
func (w *worker) disagreement(docID, text string, group []annSpan) Disagreement {
	c := w.c
	m := len(c.names)
	d := Disagreement{Doc: docID, Start: group[0].Start, Versions: make([]Version, m)}
	var missing, label, boundary bool
	covered := make([]bool, m)
	for _, s := range group {
		d.End = max(d.End, s.End)
		clear(covered)
		covered[s.ann] = true
		for _, t := range group {
			if t.ann == s.ann || !s.Overlaps(t.span) {
				continue
			}
			covered[t.ann] = true
			if s.Label != t.Label {
				label = true
			}
			if s.Start != t.Start || s.End != t.End {
				boundary = true
			}
		}
		if slices.Contains(covered, false) {
			missing = true
		}
	}
	d.Kinds = []string{}
	if missing {
		d.Kinds = append(d.Kinds, KindMissing)
	}
	if label {
		d.Kinds = append(d.Kinds, KindLabel)
	}
	if boundary {
		d.Kinds = append(d.Kinds, KindBoundary)
	}
	for a, name := range c.names {
		d.Versions[a] = Version{Annotator: name, Spans: []SpanText{}}
	}
	for _, s := range group {
		v := &d.Versions[s.ann]
		v.Spans = append(v.Spans, SpanText{
			Start: s.Start, End: s.End, Label: c.labels[s.Label-1],
			Text: text[w.bytes[s.Start]:w.bytes[s.End]],
		})
	}
	n := len(w.bytes) - 1
	cs, ce := max(0, d.Start-c.ctx), min(n, d.End+c.ctx)
	d.Context = Context{Start: cs, End: ce, Text: text[w.bytes[cs]:w.bytes[ce]]}
	return d
}
