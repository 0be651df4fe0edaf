package format

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"goldspan/annotate"
)

// BIO tagging, shared by CoNLL, Hugging Face and ReadBIO.
//
// On import, tags are O, B-<label> and I-<label>; the IOBES/BMES tags
// E-<label> (last of an entity), S-<label> (single-token entity) and
// M-<label> (same as I-) are read too. An I-, M- or E- tag must continue
// an entity of the same label begun by B- (strict: an error names the
// line; nothing is repaired), except in ReadBIO, which reads gold files
// as conlleval scores them: there such a tag starts an entity. Export
// writes BIO only.

// parseTag splits a tag into its kind (O, B, I, E, S; M reads as I) and
// label.
func parseTag(tag string) (kind byte, label string, ok bool) {
	if tag == "O" {
		return 'O', "", true
	}
	if len(tag) < 3 || tag[1] != '-' {
		return 0, "", false
	}
	switch tag[0] {
	case 'B', 'I', 'E', 'S':
		kind = tag[0]
	case 'M':
		kind = 'I'
	default:
		return 0, "", false
	}
	return kind, tag[2:], true
}

// bioDoc builds a document's text and spans from tagged tokens.
type bioDoc struct {
	text  strings.Builder
	n     int // code points so far
	spans []annotate.Span
	open  int // index of the entity a following I- may continue, or -1
	// lenient: an I-, M- or E- tag that continues no entity of its label
	// starts one (conlleval), instead of being an error.
	lenient bool
}

func newBIODoc() *bioDoc { return &bioDoc{open: -1} }

// add appends a token with its tag; the error is the problem without the
// line, for the caller to place.
func (b *bioDoc) add(token, tag string) error {
	kind, label, ok := parseTag(tag)
	if !ok {
		return fmt.Errorf("unknown tag %q: want O, B-<label> or I-<label> (E-, S-, M- also read)", tag)
	}
	tl := utf8.RuneCountInString(token)
	if tl == 0 && kind != 'O' {
		return fmt.Errorf("empty token tagged %q", tag)
	}
	switch kind {
	case 'O':
		b.open = -1
	case 'B', 'S':
		b.spans = append(b.spans, annotate.Span{Start: b.n, End: b.n + tl, Label: label, Origin: annotate.OriginManual})
		b.open = len(b.spans) - 1
		if kind == 'S' {
			b.open = -1
		}
	case 'I', 'E':
		switch {
		case b.open >= 0 && b.spans[b.open].Label == label:
			b.spans[b.open].End = b.n + tl
		case b.lenient:
			b.spans = append(b.spans, annotate.Span{Start: b.n, End: b.n + tl, Label: label, Origin: annotate.OriginManual})
			b.open = len(b.spans) - 1
		case b.open < 0:
			return fmt.Errorf("%q without a B-%s before it", tag, label)
		default:
			return fmt.Errorf("%q continues a %s entity; a new entity starts with B-%s", tag, b.spans[b.open].Label, label)
		}
		if kind == 'E' {
			b.open = -1
		}
	}
	b.text.WriteString(token)
	b.n += tl
	return nil
}

// endBlock ends a sentence: an entity cannot continue past it.
func (b *bioDoc) endBlock() { b.open = -1 }

// empty reports whether nothing was added.
func (b *bioDoc) empty() bool { return b.text.Len() == 0 && len(b.spans) == 0 }

// maxLosses bounds the memory of a Lossy encoder's list; past it only a
// count is kept.
const maxLosses = 10000

// lossList collects what an encoder left out, up to maxLosses entries.
type lossList struct {
	list []Loss
	more int
}

func (l *lossList) add(x Loss) {
	if len(l.list) < maxLosses {
		l.list = append(l.list, x)
	} else {
		l.more++
	}
}

// Losses implements Lossy: the entries, and a last one counting those
// past maxLosses.
func (l *lossList) Losses() []Loss {
	out := append([]Loss(nil), l.list...)
	if l.more > 0 {
		out = append(out, Loss{Reason: fmt.Sprintf("and %d more left out (only the first %d are listed)", l.more, maxLosses)})
	}
	return out
}

// noSuggestions records that a format without a place for machine
// suggestions left a record's suggestions out.
func (l *lossList) noSuggestions(r annotate.Record, format string) {
	if len(r.Suggestions) > 0 {
		l.add(Loss{DocID: r.Doc.ID, Reason: fmt.Sprintf("%d machine suggestions not written: %s has no place for them", len(r.Suggestions), format)})
	}
}

// validTagLabel reports whether label can stand in a tag on a line.
func validTagLabel(label string) bool {
	if label == "" {
		return false
	}
	for _, r := range label {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// bioSpans returns the spans of r that BIO can hold, sorted by start:
// in range, with a label a tag can carry, and not overlapping. Among
// overlapping spans the longest wins, then the earliest, then the label
// first in order (as spaCy's filter_spans); every span left out is
// reported to losses with the reason.
func bioSpans(r annotate.Record, n int, format string, losses *lossList) []annotate.Span {
	if !r.HasSpans || len(r.Spans) == 0 {
		return nil
	}
	cand := make([]annotate.Span, 0, len(r.Spans))
	for _, s := range r.Spans {
		switch {
		case s.Start < 0 || s.End > n || s.Start >= s.End:
			losses.add(Loss{DocID: r.Doc.ID, Start: s.Start, End: s.End, Label: s.Label, Reason: fmt.Sprintf("offsets outside the text of %d characters", n)})
		case !validTagLabel(s.Label):
			losses.add(Loss{DocID: r.Doc.ID, Start: s.Start, End: s.End, Label: s.Label, Reason: fmt.Sprintf("the label cannot be written in a %s tag", format)})
		default:
			cand = append(cand, s)
		}
	}
	slices.SortStableFunc(cand, func(a, b annotate.Span) int {
		if la, lb := a.End-a.Start, b.End-b.Start; la != lb {
			return cmp.Compare(lb, la)
		} else if a.Start != b.Start {
			return cmp.Compare(a.Start, b.Start)
		}
		return strings.Compare(a.Label, b.Label)
	})
	var kept []annotate.Span // sorted by start, disjoint
	for _, s := range cand {
		i := sort.Search(len(kept), func(i int) bool { return kept[i].End > s.Start })
		if i < len(kept) && kept[i].Start < s.End {
			k := kept[i]
			losses.add(Loss{DocID: r.Doc.ID, Start: s.Start, End: s.End, Label: s.Label,
				Reason: fmt.Sprintf("overlaps %s [%d,%d), which was kept: %s cannot hold overlapping spans", k.Label, k.Start, k.End, format)})
			continue
		}
		kept = append(kept, annotate.Span{})
		copy(kept[i+1:], kept[i:])
		kept[i] = s
	}
	return kept
}

// bioTags returns the BIO tag of each of the n code points.
func bioTags(n int, spans []annotate.Span) []string {
	tags := make([]string, n)
	for i := range tags {
		tags[i] = "O"
	}
	for _, s := range spans {
		tags[s.Start] = "B-" + s.Label
		in := "I-" + s.Label
		for i := s.Start + 1; i < s.End; i++ {
			tags[i] = in
		}
	}
	return tags
}
