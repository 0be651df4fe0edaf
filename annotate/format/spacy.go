package format

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"

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
// Exact duplicate spans are read once.
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

type spacyIn struct {
	Text        *string         `json:"text"`
	Meta        json.RawMessage `json:"meta"`
	ID          json.RawMessage `json:"id"`
	Spans       json.RawMessage `json:"spans"`
	Answer      *string         `json:"answer"`
	AnnotatorID json.RawMessage `json:"_annotator_id"`
	SessionID   json.RawMessage `json:"_session_id"`
}

type spacySpanIn struct {
	Start  *int     `json:"start"`
	End    *int     `json:"end"`
	Label  *string  `json:"label"`
	Text   *string  `json:"text"`
	Source *string  `json:"source"`
	Score  *float64 `json:"score"`
}

type spacyDecoder struct {
	s *jsonStream
	o Options
}

// Next implements Decoder.
func (d *spacyDecoder) Next() (annotate.Record, error) { return d.s.nextRecord(d.o, d.parse) }

func (d *spacyDecoder) parse(raw []byte, n int) (annotate.Record, error) {
	var in spacyIn
	if err := json.Unmarshal(raw, &in); err != nil {
		return annotate.Record{}, fmt.Errorf("%s", jsonProblem(err))
	}
	if in.Text == nil {
		return annotate.Record{}, fmt.Errorf(`missing "text"`)
	}
	if err := checkSurrogates(raw, *in.Text); err != nil {
		return annotate.Record{}, err
	}
	rec := annotate.Record{Line: n, Doc: annotate.Document{Text: *in.Text, Meta: json.RawMessage("{}")}}
	idRaw := in.ID
	if len(in.Meta) > 0 && string(in.Meta) != "null" {
		ms, err := objectMembers(in.Meta)
		if err != nil {
			return rec, fmt.Errorf(`"meta" %s`, err)
		}
		rest := ms[:0]
		for _, m := range ms {
			if m.key == "id" {
				idRaw = m.val
			} else {
				rest = append(rest, m)
			}
		}
		rec.Doc.Meta = joinObject(rest)
	}
	var err error
	if rec.Doc.ID, err = recordID(idRaw, rec.Doc.Text); err != nil {
		return rec, err
	}
	for _, k := range []struct {
		key string
		raw json.RawMessage
	}{{"_annotator_id", in.AnnotatorID}, {"_session_id", in.SessionID}} {
		name, ok, err := userName(k.raw)
		if err != nil {
			return rec, fmt.Errorf("%q %s", k.key, err)
		}
		if ok && rec.Annotator == "" {
			rec.Annotator = name
		}
	}
	answer := ""
	if in.Answer != nil {
		answer = *in.Answer
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
		if in.Answer != nil {
			return rec, fmt.Errorf(`"answer" must be "accept", "reject" or "ignore", not ""`)
		}
	default:
		return rec, fmt.Errorf(`"answer" must be "accept", "reject" or "ignore", not %q`, answer)
	}
	if len(in.Spans) > 0 && string(in.Spans) != "null" {
		var spans []spacySpanIn
		if err := json.Unmarshal(in.Spans, &spans); err != nil {
			return rec, fmt.Errorf(`"spans" must be a list of {"start","end","label"}: %s`, jsonProblem(err))
		}
		off := annotate.NewOffsets(rec.Doc.Text)
		for i, s := range spans {
			if s.Start == nil || s.End == nil || s.Label == nil {
				return rec, fmt.Errorf(`span %d: needs "start", "end" and "label"`, i+1)
			}
			if *s.Start < 0 || *s.End > off.Len() || *s.Start >= *s.End {
				return rec, fmt.Errorf("span %d [%d,%d): offsets out of range: need 0 <= start < end <= %d (the text's length in code points)", i+1, *s.Start, *s.End, off.Len())
			}
			if s.Text != nil {
				if got := off.Slice(*s.Start, *s.End); got != *s.Text {
					return rec, fmt.Errorf("span %d [%d,%d): text %q does not match the document's %q at those code points", i+1, *s.Start, *s.End, *s.Text, got)
				}
			}
			if answer == "" && s.Source != nil {
				score := 0.0
				if s.Score != nil {
					score = *s.Score
				}
				rec.Suggestions = append(rec.Suggestions, annotate.Suggestion{Start: *s.Start, End: *s.End, Label: *s.Label, Source: *s.Source, Score: score})
				continue
			}
			rec.Spans = append(rec.Spans, annotate.Span{Start: *s.Start, End: *s.End, Label: *s.Label, Origin: annotate.OriginManual})
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

type spacyToken struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	ID    int    `json:"id"`
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
	toks := spacyTokens(r.Doc.Text, n, e.o.Tokenize, edges)
	out.Tokens = make([]spacyToken, len(toks))
	for i, t := range toks {
		out.Tokens[i] = spacyToken{Text: off.Slice(t.Start, t.End), Start: t.Start, End: t.End, ID: i}
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
// those of tokenize (nil: one per character) cleaned up — sorted, clipped
// to the text, overlaps trimmed, gaps filled one token per character —
// then split at every edge that falls inside a token.
func spacyTokens(text string, n int, tokenize func(string) []Token, edges []int) []Token {
	var base []Token
	if tokenize != nil {
		base = append(base, tokenize(text)...)
		sort.SliceStable(base, func(i, j int) bool { return base[i].Start < base[j].Start })
	}
	sort.Ints(edges)
	out := make([]Token, 0, n)
	ei := 0
	// emit appends [s,e) split at the edges inside it.
	emit := func(s, e int) {
		for ei < len(edges) && edges[ei] <= s {
			ei++
		}
		for ei < len(edges) && edges[ei] < e {
			out = append(out, Token{s, edges[ei]})
			s = edges[ei]
			ei++
		}
		out = append(out, Token{s, e})
	}
	cur := 0
	fill := func(to int) {
		for ; cur < to; cur++ {
			emit(cur, cur+1)
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
