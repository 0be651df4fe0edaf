package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"goldspan/annotate"
)

func init() {
	Register(Format{
		Name:       "gold",
		Extensions: []string{".jsonl", ".ndjson"},
		Doc:        `Goldspan JSONL: {"id","text","spans":[{"start","end","label","text"}],"annotator","status","meta"}, code points`,
		NewDecoder: func(r io.Reader, o Options) Decoder { return &goldDecoder{lines: newLineReader(r, o), o: o} },
		NewEncoder: func(w io.Writer, o Options) Encoder { return newGoldEncoder(w) },
	})
}

// goldSpan is a span as the native JSONL writes it. Suggestions written by
// `goldspan suggest` carry source and score.
type goldSpan struct {
	Start  *int     `json:"start"`
	End    *int     `json:"end"`
	Label  *string  `json:"label"`
	Text   *string  `json:"text,omitempty"`
	Origin string   `json:"origin,omitempty"`
	Source string   `json:"source,omitempty"`
	Score  *float64 `json:"score,omitempty"`
}

type goldIn struct {
	// Keys of other formats, so that a file given the wrong format is
	// refused rather than imported without its spans.
	Label    json.RawMessage `json:"label"`
	Entities json.RawMessage `json:"entities"`
	Tokens   json.RawMessage `json:"tokens"`
	Answer   json.RawMessage `json:"answer"`
	Data     json.RawMessage `json:"data"`

	ID        json.RawMessage `json:"id"`
	Text      *string         `json:"text"`
	Spans     json.RawMessage `json:"spans"`
	Annotator *string         `json:"annotator"`
	Status    *string         `json:"status"`
	Meta      json.RawMessage `json:"meta"`
}

type goldDecoder struct {
	lines *lineReader
	o     Options
}

// Next implements Decoder.
func (d *goldDecoder) Next() (annotate.Record, error) {
	line, n, err := d.lines.nextNonBlank()
	if err != nil {
		return annotate.Record{}, err
	}
	return d.parse(line, n)
}

func (d *goldDecoder) parse(line []byte, n int) (annotate.Record, error) {
	fail := func(format string, args ...any) (annotate.Record, error) {
		return annotate.Record{}, lineError(d.o, n, format, args...)
	}
	var in goldIn
	if err := strictJSON(line, &in); err != nil {
		return fail("%s", err)
	}
	for _, k := range []struct {
		raw  json.RawMessage
		key  string
		hint string
	}{{in.Label, "label", "doccano"}, {in.Entities, "entities", "doccano"}, {in.Tokens, "tokens", "spacy or hf"}, {in.Answer, "answer", "spacy"}, {in.Data, "data", "labelstudio"}} {
		if len(k.raw) > 0 {
			return fail(`has a %q key, which Goldspan JSONL does not use: is this a %s file? Give --format`, k.key, k.hint)
		}
	}
	if in.Text == nil {
		return fail(`missing "text"`)
	}
	if err := checkSurrogates(line, *in.Text); err != nil {
		return fail("%s", err)
	}
	rec := annotate.Record{Line: n, Doc: annotate.Document{Text: *in.Text}}
	if len(in.ID) > 0 && string(in.ID) != "null" {
		id, err := jsonID(in.ID)
		if err != nil {
			return fail("%s", err)
		}
		rec.Doc.ID = id
	} else {
		rec.Doc.ID = annotate.DocumentID(rec.Doc.Text)
	}
	meta, err := compactObject(in.Meta)
	if err != nil {
		return fail(`"meta": %s`, err)
	}
	rec.Doc.Meta = meta
	if in.Annotator != nil {
		rec.Annotator = *in.Annotator
	}
	if in.Status != nil {
		st, err := annotate.ParseStatus(*in.Status)
		if err != nil {
			return fail("%s", annotate.ErrorMessage(err))
		}
		rec.Status = st
	}
	if len(in.Spans) > 0 && string(in.Spans) != "null" {
		var spans []goldSpan
		if err := json.Unmarshal(in.Spans, &spans); err != nil {
			return fail(`"spans" must be a list of {"start","end","label"}: %s`, jsonProblem(err))
		}
		off := annotate.NewOffsets(rec.Doc.Text)
		sugs := 0
		for i, s := range spans {
			if s.Start == nil || s.End == nil || s.Label == nil {
				return fail(`span %d: needs "start", "end" and "label"`, i+1)
			}
			if *s.Start < 0 || *s.End > off.Len() || *s.Start >= *s.End {
				return fail("span %d [%d,%d): offsets out of range: need 0 <= start < end <= %d (the text's length in code points)", i+1, *s.Start, *s.End, off.Len())
			}
			if s.Text != nil {
				if got := off.Slice(*s.Start, *s.End); got != *s.Text {
					return fail("span %d [%d,%d): text %q does not match the document's %q at those code points", i+1, *s.Start, *s.End, *s.Text, got)
				}
			}
			if s.Source != "" {
				sugs++
				score := 0.0
				if s.Score != nil {
					score = *s.Score
				}
				rec.Suggestions = append(rec.Suggestions, annotate.Suggestion{DocID: rec.Doc.ID, Start: *s.Start, End: *s.End, Label: *s.Label, Source: s.Source, Score: score})
				continue
			}
			origin := annotate.Origin(s.Origin)
			if origin == "" {
				origin = annotate.OriginManual
			} else if !origin.Valid() {
				return fail("span %d: unknown origin %q", i+1, s.Origin)
			}
			rec.Spans = append(rec.Spans, annotate.Span{DocID: rec.Doc.ID, Start: *s.Start, End: *s.End, Label: *s.Label, Origin: origin})
		}
		if sugs > 0 && len(rec.Spans) > 0 {
			return fail(`spans mix suggestions (with "source") and annotations (without); split them into two records`)
		}
		if sugs == 0 {
			if rec.Annotator == "" {
				rec.Annotator = d.o.Annotator
			}
			if len(spans) > 0 || rec.Annotator != "" {
				rec.HasSpans = true
			}
		}
	}
	if rec.Annotator == "" && rec.Status != "" {
		rec.Annotator = d.o.Annotator
	}
	if (rec.HasSpans || rec.Status != "") && rec.Annotator == "" {
		return fail(`record has spans or a status but no "annotator"; give one in the record or with --annotator`)
	}
	if rec.Annotator != "" {
		if err := annotate.ValidateAnnotator(rec.Annotator); err != nil {
			return fail("%s", annotate.ErrorMessage(err))
		}
		for i := range rec.Spans {
			rec.Spans[i].Annotator = rec.Annotator
		}
		if rec.Status == "" && rec.HasSpans {
			rec.Status = annotate.StatusDone
		}
	}
	return rec, nil
}

// strictJSON decodes one JSON object and refuses trailing data.
func strictJSON(line []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(line))
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("invalid JSON: %s", jsonProblem(err))
	}
	if dec.More() {
		return fmt.Errorf("invalid JSON: more than one value on the line")
	}
	return nil
}

// jsonProblem turns encoding/json's errors into a reviewer's sentence.
func jsonProblem(err error) string {
	switch e := err.(type) {
	case *json.UnmarshalTypeError:
		field := e.Field
		if field == "" {
			field = "the record"
		}
		return fmt.Sprintf("%q should be %s, not a JSON %s", field, typeName(e.Type.String()), clipString(e.Value, 40))
	case *json.SyntaxError:
		return fmt.Sprintf("%s at byte %d", e.Error(), e.Offset)
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return "unexpected end of the line"
	}
	return err.Error()
}

func typeName(t string) string {
	switch {
	case strings.Contains(t, "int"):
		return "a whole number"
	case strings.Contains(t, "float"):
		return "a number"
	case strings.Contains(t, "string"):
		return "a string"
	case strings.HasPrefix(t, "[]"), strings.Contains(t, "[]"):
		return "a list"
	case strings.Contains(t, "map"), strings.Contains(t, "struct"), strings.Contains(t, "format."):
		return "an object"
	}
	return t
}

// jsonID accepts a string id, or a whole number written as one.
func jsonID(raw json.RawMessage) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		if s == "" {
			return "", fmt.Errorf(`"id" is empty`)
		}
		return s, nil
	}
	var n json.Number
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&n); err == nil && !strings.ContainsAny(n.String(), ".eE") {
		return n.String(), nil
	}
	return "", fmt.Errorf(`"id" must be a string or a whole number, not %s`, clip(raw, 40))
}

// compactObject returns raw as compact JSON, "{}" when absent, and an error
// unless it is a JSON object.
func compactObject(raw json.RawMessage) (json.RawMessage, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return json.RawMessage("{}"), nil
	}
	if raw[0] != '{' {
		return nil, fmt.Errorf("must be a JSON object")
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// checkSurrogates refuses \u escapes of lone UTF-16 surrogates, which
// encoding/json would silently turn into U+FFFD and so change the text.
func checkSurrogates(line []byte, text string) error {
	if !strings.ContainsRune(text, '\uFFFD') {
		return nil
	}
	lower := bytes.ToLower(line)
	if bytes.Contains(line, []byte("\uFFFD")) || bytes.Contains(lower, []byte(`\ufffd`)) {
		return nil
	}
	return fmt.Errorf(`"text" contains a \u escape of a lone UTF-16 surrogate, which is not a character`)
}

type goldOut struct {
	ID        string          `json:"id"`
	Text      string          `json:"text"`
	Spans     *[]goldSpanOut  `json:"spans,omitempty"`
	Annotator string          `json:"annotator,omitempty"`
	Status    string          `json:"status,omitempty"`
	Meta      json.RawMessage `json:"meta"`
}

type goldSpanOut struct {
	Start  int      `json:"start"`
	End    int      `json:"end"`
	Label  string   `json:"label"`
	Text   string   `json:"text"`
	Origin string   `json:"origin,omitempty"`
	Source string   `json:"source,omitempty"`
	Score  *float64 `json:"score,omitempty"`
}

type goldEncoder struct {
	w   *bufio.Writer
	enc *json.Encoder
}

func newGoldEncoder(w io.Writer) *goldEncoder {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &goldEncoder{w: bw, enc: enc}
}

// Encode implements Encoder. A record with suggestions and no annotator
// writes the suggestions as spans with source and score.
func (e *goldEncoder) Encode(r annotate.Record) error {
	out := goldOut{ID: r.Doc.ID, Text: r.Doc.Text, Annotator: r.Annotator, Status: string(r.Status), Meta: r.Doc.Meta}
	if len(out.Meta) == 0 {
		out.Meta = json.RawMessage("{}")
	}
	off := annotate.NewOffsets(r.Doc.Text)
	switch {
	case r.HasSpans:
		spans := append([]annotate.Span(nil), r.Spans...)
		annotate.SortSpans(spans)
		list := make([]goldSpanOut, 0, len(spans))
		for _, s := range spans {
			o := goldSpanOut{Start: s.Start, End: s.End, Label: s.Label, Text: off.Slice(s.Start, s.End)}
			if s.Origin != annotate.OriginManual {
				o.Origin = string(s.Origin)
			}
			list = append(list, o)
		}
		out.Spans = &list
	case r.Suggestions != nil:
		list := make([]goldSpanOut, 0, len(r.Suggestions))
		for _, s := range r.Suggestions {
			score := s.Score
			list = append(list, goldSpanOut{Start: s.Start, End: s.End, Label: s.Label, Text: off.Slice(s.Start, s.End), Source: s.Source, Score: &score})
		}
		out.Spans = &list
	}
	return e.enc.Encode(out)
}

// Close implements Encoder.
func (e *goldEncoder) Close() error { return e.w.Flush() }

// ParseGold parses one line of Goldspan JSONL (line number n, for errors),
// for callers that keep their own line loop.
func ParseGold(line []byte, n int, o Options) (annotate.Record, error) {
	return (&goldDecoder{o: o}).parse(line, n)
}
