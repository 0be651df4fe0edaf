package format

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"unicode/utf8"

	"goldspan/annotate"
)

// spaCy / Prodigy JSONL, offsets in code points (Python string indices):
//
//	{"text":"…","meta":{"id":"d1"},
//	 "tokens":[{"text":"北","start":0,"end":1,"id":0},…],
//	 "spans":[{"start":0,"end":2,"label":"LOC","token_start":0,"token_end":1}],
//	 "answer":"accept","_annotator_id":"ann"}
//
// Export: tokens come from Options.Tokenize (nil: one token per
// character) and always cover the whole text: overlapping or
// out-of-range tokens are trimmed and gaps get one token per character.
// Where a span edge falls inside a token, the token is split there, so
// that every span starts and ends on token boundaries; token_end is
// inclusive. White space is tokens too (so "".join of the token texts is
// the text). A record's annotator goes to _annotator_id; its status to
// "answer": skipped is "ignore" (written without spans, which Losses
// lists), every other status "accept". A record of machine suggestions
// only is written without an answer, its spans carrying "source" and
// "score"; the suggestions of a record that also has an annotator's spans
// are left out (Losses lists them). meta is the document's meta with "id"
// (the document id) first.
//
// Import ignores tokens. The document id is meta.id, else a top-level
// "id", else a hash of the text; the rest of meta is kept. The annotator
// is _annotator_id, else _session_id, else Options.Annotator.
//   - "accept": the spans are the annotator's (status done).
//   - "ignore": the annotator skipped the document (status skipped, no
//     spans), or a plain document when there is no annotator.
//   - "reject": a plain document (the spans were judged wrong).
//   - no answer: spans with "source" are machine suggestions, spans
//     without are annotations (mixing both is an error).
// A span's optional "text" must match the document at its offsets.
// Exact duplicate spans are read once. Keys are read strictly (see
// jsonvalue.go): Prodigy's own keys are tolerated (spacyKeys), others are
// errors.
//
// What the format cannot hold: span origins and statuses other than done
// and skipped (they import as done).

func init() {
	Register(Format{
		Name:       "spacy",
		Doc:        `spaCy/Prodigy JSONL: {"text","meta":{"id"},"tokens","spans":[{"start","end","label","token_start","token_end"}],"answer","_annotator_id"}, code points`,
		NewDecoder: func(r io.Reader, o Options) Decoder { return &spacyDecoder{s: newJSONStream(r, o), o: o} },
		NewEncoder: func(w io.Writer, o Options) Encoder {
			return &spacyEncoder{w: bufio.NewWriterSize(w, 64<<10), o: o}
		},
	})
	RegisterSniffer(func(head []byte) (string, bool) {
		k, _ := firstKeys(head)
		return "spacy", !k["ner_tags"] && (k["answer"] || k["_annotator_id"] || k["_session_id"] || k["_input_hash"] ||
			k["_task_hash"] || k["_view_id"] || (k["tokens"] && k["text"]))
	})
}

// The keys of a spaCy/Prodigy record and of its spans. Prodigy keeps its
// own bookkeeping in keys that start with "_" (_input_hash, _task_hash,
// _view_id, _timestamp, ...) and writes "tokens", "priority", "score" and
// "flagged"; these are tolerated and not read. Spans may carry
// "token_start" and "token_end" (the encoder writes them), "input_hash"
// and "priority", tolerated the same way.
var (
	spacyKeys = keySet{
		what:      "spaCy/Prodigy records",
		read:      []string{"text", "meta", "id", "spans", "answer", "_annotator_id", "_session_id", "_view_id"},
		tolerated: []string{"_*", "tokens", "priority", "score", "flagged"},
		foreign:   foreignFor("spans", "tokens", "answer"),
	}
	spacySpanKeys = keySet{
		what:      "spaCy/Prodigy spans",
		read:      []string{"start", "end", "label", "text", "source", "score"},
		tolerated: []string{"token_start", "token_end", "input_hash", "priority"},
	}
)

// The indexes of spacyKeys.read.
const (
	spText = iota
	spMeta
	spID
	spSpans
	spAnswer
	spAnnotatorID
	spSessionID
	spViewID
)

type spacyDecoder struct {
	s      *jsonStream
	o      Options
	labels labels
	lossList
}

// Next implements Decoder.
func (d *spacyDecoder) Next() (annotate.Record, error) { return d.s.nextRecord(d.o, d.parse) }

func (d *spacyDecoder) parse(v jv, n int) (annotate.Record, error) {
	var f [8]jv
	if err := spacyKeys.fields(v, "the record", f[:]); err != nil {
		return annotate.Record{}, err
	}
	if f[spText].absent() {
		return annotate.Record{}, fmt.Errorf(`missing "text"`)
	}
	text, err := f[spText].str("text")
	if err != nil {
		return annotate.Record{}, err
	}
	if err := checkText("text", text); err != nil {
		return annotate.Record{}, err
	}
	rec := annotate.Record{Line: n, Doc: annotate.Document{Text: text, Meta: json.RawMessage("{}")}}
	idRaw := f[spID]
	if !f[spMeta].absent() {
		meta, err := compactObject(f[spMeta])
		if err != nil {
			return rec, fmt.Errorf(`"meta" %s`, err)
		}
		ms, err := objectMembers(meta)
		if err != nil {
			return rec, fmt.Errorf(`"meta" %s`, err)
		}
		rest := ms[:0]
		for _, m := range ms {
			if m.key == "id" {
				idRaw = jv(m.val)
			} else {
				rest = append(rest, m)
			}
		}
		rec.Doc.Meta = joinObject(rest)
	}
	if rec.Doc.ID, err = recordID(idRaw, text); err != nil {
		return rec, err
	}
	for _, k := range []int{spAnnotatorID, spSessionID} {
		name, ok, err := userName(f[k], spacyKeys.read[k])
		if err != nil {
			return rec, err
		}
		if ok && rec.Annotator == "" {
			rec.Annotator = name
		}
	}
	answer, hasAnswer, err := f[spAnswer].optStr("answer")
	if err != nil {
		return rec, err
	}
	view, _, err := f[spViewID].optStr("_view_id")
	if err != nil {
		return rec, err
	}
	if view == "ner" && answer != "" {
		// ner.teach's binary answers: a decision on one suggested span, not
		// an annotation of the document. Taken as done, the document would
		// read as having no other entities.
		d.add(Loss{DocID: rec.Doc.ID, Reason: fmt.Sprintf("line %d: a binary answer (%s, _view_id \"ner\", as ner.teach writes it) decides one span, not the whole document: the text is imported, the answer is not an annotation", n, answer)})
		rec.Annotator = ""
		return rec, finishRecord(&rec, d.o)
	}
	switch answer {
	case "reject":
		rec.Annotator = ""
		return rec, finishRecord(&rec, d.o)
	case "ignore":
		if rec.Annotator == "" {
			rec.Annotator = d.o.Annotator
		}
		if rec.Annotator != "" {
			rec.Status = annotate.StatusSkipped
		}
		return rec, finishRecord(&rec, d.o)
	case "accept":
		rec.HasSpans = true
	case "":
		if hasAnswer {
			return rec, fmt.Errorf(`"answer" must be "accept", "reject" or "ignore", not ""`)
		}
	default:
		return rec, fmt.Errorf(`"answer" must be "accept", "reject" or "ignore", not %q`, answer)
	}
	if !f[spSpans].absent() {
		items, err := f[spSpans].array("spans")
		if err != nil {
			return rec, err
		}
		textLen := utf8.RuneCountInString(text)
		var off *annotate.Offsets
		for it, ok := items.next(); ok; it, ok = items.next() {
			s, err := d.span(it, items.n, textLen, text, &off)
			if err != nil {
				return rec, err
			}
			if answer == "" && s.source != "" {
				rec.Suggestions = append(rec.Suggestions, annotate.Suggestion{Start: s.Start, End: s.End, Label: s.Label, Source: s.source, Score: s.score})
				continue
			}
			if rec.Spans == nil {
				rec.Spans = make([]annotate.Span, 0, countItems(f[spSpans])-items.n+1)
			}
			rec.Spans = append(rec.Spans, s.Span)
		}
		if items.err != nil {
			return rec, fmt.Errorf(`"spans": %v`, items.err)
		}
		if len(rec.Suggestions) > 0 && len(rec.Spans) > 0 {
			return rec, fmt.Errorf(`spans mix suggestions (with "source") and annotations (without) and there is no "answer"; split them into two records`)
		}
		if len(rec.Suggestions) == 0 {
			rec.HasSpans = true
		}
		rec.Spans = dedupe(rec.Spans)
	}
	if !rec.HasSpans {
		rec.Annotator = ""
	}
	return rec, finishRecord(&rec, d.o)
}

// span reads span i of a record whose text has textLen code points.
func (d *spacyDecoder) span(v jv, i, textLen int, text string, off **annotate.Offsets) (goldSpan, error) {
	var s goldSpan
	var f [6]jv
	if err := spacySpanKeys.fields(v, "spans", f[:]); err != nil {
		return s, fmt.Errorf("span %d: %v", i, err)
	}
	if f[0].absent() || f[1].absent() || f[2].absent() {
		return s, fmt.Errorf(`span %d: needs "start", "end" and "label"`, i)
	}
	var err error
	if s.Start, err = f[0].int("start"); err != nil {
		return s, fmt.Errorf("span %d: %v", i, err)
	}
	if s.End, err = f[1].int("end"); err != nil {
		return s, fmt.Errorf("span %d: %v", i, err)
	}
	if s.Label, err = d.labels.label(f[2], "label"); err != nil {
		return s, fmt.Errorf("span %d: %v", i, err)
	}
	if s.Start < 0 || s.End > textLen || s.Start >= s.End {
		return s, fmt.Errorf("span %d [%d,%d): offsets out of range: need 0 <= start < end <= %d (the text's length in code points)", i, s.Start, s.End, textLen)
	}
	if !f[3].absent() {
		want, err := f[3].str("text")
		if err != nil {
			return s, fmt.Errorf("span %d: %v", i, err)
		}
		if *off == nil {
			*off = annotate.NewOffsets(text)
		}
		if got := (*off).Slice(s.Start, s.End); got != want {
			return s, fmt.Errorf("span %d [%d,%d): text %q does not match the document's %q at those code points", i, s.Start, s.End, want, got)
		}
	}
	if !f[4].absent() {
		if s.source, err = f[4].str("source"); err != nil {
			return s, fmt.Errorf("span %d: %v", i, err)
		}
		if err := checkName("source", s.source); s.source != "" && err != nil {
			return s, fmt.Errorf("span %d: %v", i, err)
		}
	}
	if !f[5].absent() {
		if s.score, err = f[5].float("score"); err != nil {
			return s, fmt.Errorf("span %d: %v", i, err)
		}
	}
	s.Origin = annotate.OriginManual
	return s, nil
}

type spacyToken struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	ID    int    `json:"id"`
	WS    bool   `json:"ws"` // a space follows, not a token of its own (spaCy's whitespace_)
}

type spacySpanOut struct {
	Start      int      `json:"start"`
	End        int      `json:"end"`
	Label      string   `json:"label"`
	TokenStart int      `json:"token_start"`
	TokenEnd   int      `json:"token_end"`
	Source     string   `json:"source,omitempty"`
	Score      *float64 `json:"score,omitempty"`
}

type spacyOut struct {
	Text        string          `json:"text"`
	Meta        json.RawMessage `json:"meta"`
	Tokens      []spacyToken    `json:"tokens"`
	Spans       *[]spacySpanOut `json:"spans,omitempty"`
	Answer      string          `json:"answer,omitempty"`
	AnnotatorID string          `json:"_annotator_id,omitempty"`
}

type spacyEncoder struct {
	w *bufio.Writer
	o Options
	lossList
}

// Encode implements Encoder.
func (e *spacyEncoder) Encode(r annotate.Record) error {
	off := annotate.NewOffsets(r.Doc.Text)
	n := off.Len()
	meta := []member{{key: "id"}}
	meta[0].val, _ = marshal(r.Doc.ID)
	if len(r.Doc.Meta) > 0 {
		ms, err := objectMembers(r.Doc.Meta)
		if err != nil {
			return fmt.Errorf("document %q: meta %s", r.Doc.ID, err)
		}
		for _, m := range ms {
			if m.key != "id" {
				meta = append(meta, m)
			}
		}
	}
	out := spacyOut{Text: r.Doc.Text, Meta: joinObject(meta)}

	type span struct {
		start, end int
		label      string
		source     string
		score      *float64
	}
	var spans []span
	writeSpans := false
	if r.Annotator != "" {
		e.noSuggestions(r, "a Prodigy record with an answer")
		out.AnnotatorID = r.Annotator
		out.Answer = "accept"
		if r.Status == annotate.StatusSkipped {
			out.Answer = "ignore"
			for _, s := range r.Spans {
				e.add(Loss{DocID: r.Doc.ID, Start: s.Start, End: s.End, Label: s.Label, Reason: `skipped document: Prodigy's "ignore" answer carries no spans`})
			}
		} else if r.HasSpans {
			writeSpans = true
			sorted := append([]annotate.Span(nil), r.Spans...)
			annotate.SortSpans(sorted)
			for _, s := range sorted {
				spans = append(spans, span{start: s.Start, end: s.End, label: s.Label})
			}
		}
	} else if r.Suggestions != nil {
		writeSpans = true
		for _, s := range r.Suggestions {
			score := s.Score
			source := s.Source
			if source == "" {
				source = "model"
			}
			spans = append(spans, span{start: s.Start, end: s.End, label: s.Label, source: source, score: &score})
		}
	}
	kept := spans[:0]
	for _, s := range spans {
		if s.start < 0 || s.end > n || s.start >= s.end {
			e.add(Loss{DocID: r.Doc.ID, Start: s.start, End: s.end, Label: s.label, Reason: fmt.Sprintf("offsets outside the text of %d characters", n)})
			continue
		}
		kept = append(kept, s)
	}
	edges := make([]int, 0, 2*len(kept))
	for _, s := range kept {
		edges = append(edges, s.start, s.end)
	}
	all := spacyTokens(r.Doc.Text, n, e.o.Tokenize, edges)
	// As spaCy does, one space after a token is that token's trailing
	// white space ("ws"), not a token; other white space stays a token.
	// (Unless a span starts at the space or ends after it.)
	starts, ends := map[int]bool{}, map[int]bool{}
	for _, s := range kept {
		starts[s.start], ends[s.end] = true, true
	}
	toks := all[:0:0]
	out.Tokens = make([]spacyToken, 0, len(all))
	for _, t := range all {
		text := off.Slice(t.Start, t.End)
		if k := len(out.Tokens); text == " " && k > 0 && !out.Tokens[k-1].WS && !starts[t.Start] && !ends[t.End] {
			out.Tokens[k-1].WS = true
			continue
		}
		out.Tokens = append(out.Tokens, spacyToken{Text: text, Start: t.Start, End: t.End, ID: len(out.Tokens)})
		toks = append(toks, t)
	}
	if writeSpans {
		list := make([]spacySpanOut, 0, len(kept))
		for _, s := range kept {
			ts := sort.Search(len(toks), func(i int) bool { return toks[i].Start >= s.start })
			te := sort.Search(len(toks), func(i int) bool { return toks[i].End >= s.end })
			list = append(list, spacySpanOut{Start: s.start, End: s.end, Label: s.label, TokenStart: ts, TokenEnd: te, Source: s.source, Score: s.score})
		}
		out.Spans = &list
	}
	b, err := marshal(out)
	if err != nil {
		return err
	}
	e.w.Write(b)
	_, err = e.w.WriteString("\n")
	return err
}

// Close implements Encoder.
func (e *spacyEncoder) Close() error { return e.w.Flush() }

// spacyTokens returns tokens that partition the n code points of text:
// those of tokenize (nil: one per grapheme cluster, so that a ZWJ emoji
// or a flag stays one token) cleaned up — sorted, clipped to the text,
// overlaps trimmed, gaps filled one token per grapheme cluster — then
// split at every edge that falls inside a token.
func spacyTokens(text string, n int, tokenize func(string) []Token, edges []int) []Token {
	var base []Token
	if tokenize != nil {
		base = append(base, tokenize(text)...)
		sort.SliceStable(base, func(i, j int) bool { return base[i].Start < base[j].Start })
	}
	sort.Ints(edges)
	ut := newUnitText(text)
	out := make([]Token, 0, n)
	ei := 0
	// emit appends [s,e) split at the edges inside it.
	emit := func(s, e int) {
		for ei < len(edges) && edges[ei] <= s {
			ei++
		}
		for ei < len(edges) && edges[ei] < e {
			if edges[ei] > s { // two spans meeting at one edge cut once
				out = append(out, Token{s, edges[ei]})
				s = edges[ei]
			}
			ei++
		}
		out = append(out, Token{s, e})
	}
	cur := 0
	fill := func(to int) {
		for cur < to {
			next := cur + 1
			if !ut.simple {
				b := ut.graphemes()
				i, _ := slices.BinarySearch(b, cur+1)
				if i < len(b) {
					next = min(b[i], to)
				}
			}
			emit(cur, next)
			cur = next
		}
	}
	for _, t := range base {
		s, e := max(t.Start, cur), min(t.End, n)
		if e <= s {
			continue
		}
		fill(s)
		emit(s, e)
		cur = e
	}
	fill(n)
	return out
}
