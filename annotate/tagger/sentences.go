package tagger

import (
	"slices"
	"strings"
	"unicode/utf8"

	"goldspan/annotate"
)

// span is an entity of a sentence: code points [start, end) of its text.
type span struct {
	start, end int
	label      string
}

// sentence is one training sentence. key is the Example's key; seq the
// order in which the model learned it.
type sentence struct {
	key   string
	text  string
	spans []span
	ents  []entity // the spans' folded surfaces, for the gazetteer
	seq   uint64
}

// entity is a span's text folded to Simplified, and its label.
type entity struct{ surface, label string }

// entities returns the folded surfaces and labels of s's spans.
func (s *sentence) entities() []entity {
	if len(s.spans) == 0 {
		return nil
	}
	rs := []rune(s.text)
	out := make([]entity, len(s.spans))
	for i, sp := range s.spans {
		out[i] = entity{string(hk2s.fold(rs[sp.start:sp.end])), sp.label}
	}
	return out
}

// chunk is a piece of a text to tag: code points [start, end).
type chunk struct{ start, end int }

// isEnder reports whether r ends a sentence.
func isEnder(r rune) bool {
	switch r {
	case '。', '！', '？', '!', '?', '；', ';', '\n', '\r', '…':
		return true
	}
	return false
}

// isCloser reports whether r closes a quotation or bracket, and so stays
// with the sentence before it.
func isCloser(r rune) bool {
	switch r {
	case '”', '’', '」', '』', '）', ')', '》', '〉', '】', '"', '\'':
		return true
	}
	return false
}

// maxChunk is the longest piece of text learned or decoded at once, in
// code points: longer runs without a sentence end are cut at a comma or
// a space, or anywhere outside an entity. A run of hundreds of names with
// no punctuation would otherwise weigh as one giant update (+2 F1 on
// MSRA at 1,000 sentences).
const maxChunk = 60

// splitRunes cuts rs into sentences: after a sentence end and any closing
// quotes, and never inside [s, e) of a protected span (cut reports
// whether position i may start a new chunk).
func splitRunes(rs []rune, cut func(i int) bool) []chunk {
	var out []chunk
	start := 0
	soft := -1 // last comma or space seen in the current chunk
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == '，' || r == ',' || r == ' ' || r == '、' || r == '\t' {
			if cut(i + 1) {
				soft = i + 1
			}
		}
		if isEnder(r) {
			j := i + 1
			for j < len(rs) && (isCloser(rs[j]) || isEnder(rs[j])) {
				j++
			}
			if cut(j) {
				out = append(out, chunk{start, j})
				start, soft = j, -1
			}
			i = j - 1
			continue
		}
		if i+1-start >= maxChunk {
			if soft > start {
				out = append(out, chunk{start, soft})
				start, soft = soft, -1
			} else if cut(i + 1) {
				out = append(out, chunk{start, i + 1})
				start, soft = i+1, -1
			}
		}
	}
	if start < len(rs) {
		out = append(out, chunk{start, len(rs)})
	}
	return out
}

// Example is one annotated text to learn from: a sentence or a whole
// document whose entities a reviewer has confirmed. Every entity in Text
// must be among Spans; text outside them is taken as no entity.
type Example struct {
	// Key optionally names the example (a document ID, say): learning a
	// later example with the same key replaces this one in the examples
	// the model keeps for replay, Retrain and its gazetteer.
	Key string
	// Text is valid UTF-8.
	Text string
	// Spans are the entities; only Start, End (code points) and Label
	// are used. Overlapping spans are not allowed: the longest of those
	// starting first is kept, the others are dropped.
	Spans []annotate.Span
}

// sentences validates ex and cuts it into sentences, never inside an
// entity. It returns an EINVALID error for text that is not valid UTF-8,
// spans out of range and empty labels.
func (ex *Example) sentences() ([]sentence, error) {
	if !utf8.ValidString(ex.Text) {
		return nil, annotate.Errorf(annotate.EINVALID, "text is not valid UTF-8")
	}
	rs := []rune(ex.Text)
	spans := make([]span, 0, len(ex.Spans))
	for _, s := range ex.Spans {
		if s.Start < 0 || s.End > len(rs) || s.Start >= s.End {
			return nil, annotate.Errorf(annotate.EINVALID, "span [%d,%d) is out of range: need 0 <= start < end <= %d", s.Start, s.End, len(rs))
		}
		if strings.TrimSpace(s.Label) == "" {
			return nil, annotate.Errorf(annotate.EINVALID, "span [%d,%d) has no label", s.Start, s.End)
		}
		spans = append(spans, span{s.Start, s.End, s.Label})
	}
	slices.SortFunc(spans, func(a, b span) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end
	})
	kept := spans[:0]
	end := 0
	for _, s := range spans {
		if s.start >= end {
			kept = append(kept, s)
			end = s.end
		}
	}
	inside := make([]bool, len(rs)+1) // inside[i]: a span covers both i-1 and i
	for _, s := range kept {
		for i := s.start + 1; i < s.end; i++ {
			inside[i] = true
		}
	}
	var out []sentence
	k := 0
	for _, c := range splitRunes(rs, func(i int) bool { return !inside[i] }) {
		text := string(rs[c.start:c.end])
		if strings.TrimSpace(text) == "" {
			continue
		}
		s := sentence{key: ex.Key, text: text}
		for k < len(kept) && kept[k].start < c.start {
			k++
		}
		for k < len(kept) && kept[k].end <= c.end {
			sp := kept[k]
			s.spans = append(s.spans, span{sp.start - c.start, sp.end - c.start, sp.label})
			k++
		}
		s.ents = s.entities()
		out = append(out, s)
	}
	return out, nil
}
