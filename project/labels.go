package project

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"goldspan/annotate"
	"goldspan/annotate/format"
)

// Labels on import and export: a label map renames labels as records pass
// (FROM=TO, the same way in both directions: on import FROM is the file's
// label, on export the project's), and an import meets labels the project
// lacks either by adding them (the default, reported) or by refusing the
// import (strict).

// ParseLabelMap parses "GPE=LOC,PERSON=PER" (FROM=TO pairs, commas
// between). A label named twice on the left, an empty side or a pair
// without "=" is an EINVALID error.
func ParseLabelMap(s string) (map[string]string, error) {
	m := map[string]string{}
	for _, pair := range strings.Split(s, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		from, to, ok := strings.Cut(pair, "=")
		from, to = strings.TrimSpace(from), strings.TrimSpace(to)
		if !ok || from == "" || to == "" {
			return nil, annotate.Errorf(annotate.EINVALID, "label map: want FROM=TO pairs separated by commas (GPE=LOC,PERSON=PER), not %q", pair)
		}
		if _, dup := m[from]; dup {
			return nil, annotate.Errorf(annotate.EINVALID, "label map: %s is mapped twice", from)
		}
		probe := annotate.Label{Name: to, Color: "#000000"}
		if err := probe.Validate(); err != nil {
			return nil, annotate.Errorf(annotate.EINVALID, "label map %s=%s: %s", from, to, annotate.ErrorMessage(err))
		}
		m[from] = to
	}
	if len(m) == 0 {
		return nil, annotate.Errorf(annotate.EINVALID, "label map: no FROM=TO pairs in %q", s)
	}
	return m, nil
}

// newLabelColors are the colours of labels an import adds, in turn; they
// stay apart from the default labels' colours.
var newLabelColors = []string{"#8e44ad", "#16a085", "#d35400", "#7f8c8d", "#c0392b", "#2c3e50", "#6d9e00", "#b03a8c"}

// labelPlan maps and checks the labels of an import's records, adding the
// project's missing labels through the import (or refusing them).
type labelPlan struct {
	mapping map[string]string
	strict  bool
	known   map[string]bool
	names   []string // the project's labels, in order, for messages
	hotkeys map[string]bool
	added   []annotate.Label
}

func newLabelPlan(labels []annotate.Label, mapping map[string]string, strict bool) *labelPlan {
	p := &labelPlan{mapping: mapping, strict: strict, known: map[string]bool{}, hotkeys: map[string]bool{}}
	for _, l := range labels {
		p.known[l.Name] = true
		p.names = append(p.names, l.Name)
		if l.Hotkey != "" {
			p.hotkeys[l.Hotkey] = true
		}
	}
	return p
}

// apply maps the labels of rec and makes sure the project has every one
// of them; a mapping that makes two spans equal keeps one (reported).
func (p *labelPlan) apply(ctx context.Context, imp annotate.Importer, rec *annotate.Record) ([]format.Loss, error) {
	var losses []format.Loss
	if len(p.mapping) > 0 {
		before := len(rec.Spans)
		rec.Spans = mapSpanLabels(rec.Spans, p.mapping)
		if n := before - len(rec.Spans); n > 0 {
			losses = append(losses, format.Loss{DocID: rec.Doc.ID, Reason: fmt.Sprintf("%s left out: the label map made them equal to another span", annotate.Plural(n, "span"))})
		}
		for i := range rec.Suggestions {
			if to, ok := p.mapping[rec.Suggestions[i].Label]; ok {
				rec.Suggestions[i].Label = to
			}
		}
	}
	for i := range rec.Spans {
		if err := p.need(ctx, imp, rec.Spans[i].Label); err != nil {
			return nil, fmt.Errorf("span %d: %w", i+1, err)
		}
	}
	for i := range rec.Suggestions {
		if err := p.need(ctx, imp, rec.Suggestions[i].Label); err != nil {
			return nil, fmt.Errorf("suggestion %d: %w", i+1, err)
		}
	}
	return losses, nil
}

// need adds label to the project unless it has it, or refuses it when
// strict.
func (p *labelPlan) need(ctx context.Context, imp annotate.Importer, label string) error {
	if p.known[label] {
		return nil
	}
	if p.strict {
		return annotate.Errorf(annotate.EINVALID, "unknown label %q (the project has %s): map it with --label-map %s=%s, or import without --strict-labels to add it", label, strings.Join(p.names, ", "), label, p.names[0])
	}
	l := annotate.Label{Name: label, Color: newLabelColors[len(p.added)%len(newLabelColors)]}
	for k := '1'; k <= '9'; k++ {
		if !p.hotkeys[string(k)] {
			l.Hotkey = string(k)
			break
		}
	}
	if err := imp.PutLabel(ctx, l); err != nil {
		return err
	}
	p.known[label] = true
	p.names = append(p.names, label)
	if l.Hotkey != "" {
		p.hotkeys[l.Hotkey] = true
	}
	p.added = append(p.added, l)
	return nil
}

// mapSpanLabels renames the labels of spans through m, keeping one of
// spans that became equal. It returns a new slice when anything changed.
func mapSpanLabels(spans []annotate.Span, m map[string]string) []annotate.Span {
	changed := false
	for _, s := range spans {
		if _, ok := m[s.Label]; ok {
			changed = true
			break
		}
	}
	if !changed {
		return spans
	}
	out := make([]annotate.Span, 0, len(spans))
	type key struct {
		start, end int
		label      string
	}
	seen := map[key]bool{}
	for _, s := range spans {
		if to, ok := m[s.Label]; ok {
			s.Label = to
		}
		k := key{s.Start, s.End, s.Label}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}

// mapRecordLabels renames the labels of an exported record's spans and
// suggestions through m (nil: unchanged); spans made equal are kept once
// and reported.
func mapRecordLabels(r annotate.Record, m map[string]string) (annotate.Record, []format.Loss) {
	if len(m) == 0 {
		return r, nil
	}
	var losses []format.Loss
	before := len(r.Spans)
	r.Spans = mapSpanLabels(r.Spans, m)
	if n := before - len(r.Spans); n > 0 {
		losses = append(losses, format.Loss{DocID: r.Doc.ID, Reason: fmt.Sprintf("%s left out: the label map made them equal to another span", annotate.Plural(n, "span"))})
	}
	if len(r.Suggestions) > 0 {
		r.Suggestions = slices.Clone(r.Suggestions)
		for i := range r.Suggestions {
			if to, ok := m[r.Suggestions[i].Label]; ok {
				r.Suggestions[i].Label = to
			}
		}
	}
	return r, losses
}
