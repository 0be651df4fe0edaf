package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

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

// The keys of a Goldspan JSONL record and of its spans: what the encoder
// writes, and nothing else.
var (
	goldKeys = keySet{
		what:    "Goldspan JSONL records",
		read:    []string{"id", "text", "spans", "annotator", "status", "meta"},
		foreign: foreignFor("spans"),
	}
	goldSpanKeys = keySet{
		what: "Goldspan JSONL spans",
		read: []string{"start", "end", "label", "text", "origin", "source", "score"},
	}
)

// The indexes of goldKeys.read.
const (
	gID = iota
	gText
	gSpans
	gAnnotator
	gStatus
	gMeta
)

type goldDecoder struct {
	lines  *lineReader
	o      Options
	labels labels
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
	rec, err := d.record(line, n)
	if err != nil {
		return annotate.Record{}, lineError(d.o, n, "%s", err)
	}
	return rec, nil
}

func (d *goldDecoder) record(line []byte, n int) (annotate.Record, error) {
	v, err := parseRecord(line)
	if err != nil {
		return annotate.Record{}, err
	}
	var f [6]jv
	if err := goldKeys.fields(v, "the record", f[:]); err != nil {
		return annotate.Record{}, err
	}
	if f[gText].absent() {
		return annotate.Record{}, fmt.Errorf(`missing "text"`)
	}
	text, err := f[gText].str("text")
	if err != nil {
		return annotate.Record{}, typeProblem(err)
	}
	if err := checkText("text", text); err != nil {
		return annotate.Record{}, err
	}
	rec := annotate.Record{Line: n, Doc: annotate.Document{Text: text}}
	if rec.Doc.ID, err = recordID(f[gID], text); err != nil {
		return rec, err
	}
	if rec.Doc.Meta, err = compactObject(f[gMeta]); err != nil {
		return rec, fmt.Errorf(`"meta": %s`, err)
	}
	if rec.Annotator, _, err = f[gAnnotator].optStr("annotator"); err != nil {
		return rec, typeProblem(err)
	}
	if st, ok, err := f[gStatus].optStr("status"); err != nil {
		return rec, typeProblem(err)
	} else if ok {
		if rec.Status, err = annotate.ParseStatus(st); err != nil {
			return rec, fmt.Errorf("%s", annotate.ErrorMessage(err))
		}
	}
	if !f[gSpans].absent() {
		items, err := f[gSpans].array("spans")
		if err != nil {
			return rec, err
		}
		textLen := utf8.RuneCountInString(text)
		var off *annotate.Offsets // built for the first span with a "text"
		spans := 0
		for it, ok := items.next(); ok; it, ok = items.next() {
			spans++
			s, err := d.span(it, items.n, textLen, text, &off)
			if err != nil {
				return rec, err
			}
			if s.source != "" {
				rec.Suggestions = append(rec.Suggestions, annotate.Suggestion{DocID: rec.Doc.ID, Start: s.Start, End: s.End, Label: s.Label, Source: s.source, Score: s.score})
				continue
			}
			if rec.Spans == nil {
				rec.Spans = make([]annotate.Span, 0, countItems(f[gSpans])-items.n+1)
			}
			s.DocID = rec.Doc.ID
			rec.Spans = append(rec.Spans, s.Span)
		}
		if items.err != nil {
			return rec, fmt.Errorf(`"spans": %v`, items.err)
		}
		if len(rec.Suggestions) > 0 && len(rec.Spans) > 0 {
			return rec, fmt.Errorf(`spans mix suggestions (with "source") and annotations (without); split them into two records`)
		}
		if len(rec.Suggestions) == 0 {
			if rec.Annotator == "" {
				rec.Annotator = d.o.Annotator
			}
			if spans > 0 || rec.Annotator != "" {
				rec.HasSpans = true
			}
		}
	}
	if rec.Annotator == "" && rec.Status != "" {
		rec.Annotator = d.o.Annotator
	}
	if (rec.HasSpans || rec.Status != "") && rec.Annotator == "" {
		return rec, fmt.Errorf(`record has spans or a status but no "annotator"; give one in the record or with --annotator`)
	}
	if rec.Annotator != "" {
		if err := annotate.ValidateAnnotator(rec.Annotator); err != nil {
			return rec, fmt.Errorf("%s", annotate.ErrorMessage(err))
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

// typeProblem marks a key of the wrong type, as the messages of Goldspan
// JSONL always have: "invalid JSON: "text" should be a string, ...".
func typeProblem(err error) error {
	if strings.Contains(err.Error(), " should be ") {
		return fmt.Errorf("invalid JSON: %w", err)
	}
	return err
}

// goldSpan is one span read, with its source and score when it is a
// suggestion.
type goldSpan struct {
	annotate.Span
	source string
	score  float64
}

// span reads span i of a record whose text has textLen code points.
func (d *goldDecoder) span(v jv, i, textLen int, text string, off **annotate.Offsets) (goldSpan, error) {
	var s goldSpan
	o, err := v.object("spans")
	if err != nil {
		return s, fmt.Errorf(`span %d: should be an object {"start","end","label"}, not %s`, i, v.describe())
	}
	var start, end, label, stext jv
	for key, val, ok := o.next(); ok; key, val, ok = o.next() {
		switch string(key) {
		case "start":
			start = val
		case "end":
			end = val
		case "label":
			label = val
		case "text":
			stext = val
		case "origin":
			if !val.absent() {
				origin, err := val.str("origin")
				if err != nil {
					return s, fmt.Errorf("span %d: %v", i, err)
				}
				if s.Origin = annotate.Origin(origin); !s.Origin.Valid() {
					return s, fmt.Errorf("span %d: unknown origin %q", i, origin)
				}
			}
		case "source":
			if !val.absent() {
				if s.source, err = val.str("source"); err != nil {
					return s, fmt.Errorf("span %d: %v", i, err)
				}
				if err := checkName("source", s.source); s.source != "" && err != nil {
					return s, fmt.Errorf("span %d: %v", i, err)
				}
			}
		case "score":
			if !val.absent() {
				if s.score, err = val.float("score"); err != nil {
					return s, fmt.Errorf("span %d: %v", i, err)
				}
			}
		default:
			if err := goldSpanKeys.unknown(string(key), val, objHas(v)); err != nil {
				return s, fmt.Errorf("span %d: %v", i, err)
			}
		}
	}
	if o.err != nil {
		return s, fmt.Errorf("span %d: %v", i, o.err)
	}
	if start.absent() || end.absent() || label.absent() {
		return s, fmt.Errorf(`span %d: needs "start", "end" and "label"`, i)
	}
	if s.Start, err = start.int("start"); err != nil {
		return s, fmt.Errorf("span %d: %v", i, err)
	}
	if s.End, err = end.int("end"); err != nil {
		return s, fmt.Errorf("span %d: %v", i, err)
	}
	if s.Label, err = d.labels.label(label, "label"); err != nil {
		return s, fmt.Errorf("span %d: %v", i, err)
	}
	if s.Start < 0 || s.End > textLen || s.Start >= s.End {
		return s, fmt.Errorf("span %d [%d,%d): offsets out of range: need 0 <= start < end <= %d (the text's length in code points)", i, s.Start, s.End, textLen)
	}
	if !stext.absent() {
		want, err := stext.str("text")
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
	if s.Origin == "" {
		s.Origin = annotate.OriginManual
	}
	return s, nil
}

// objHas returns a function that reports whether object v has a key.
func objHas(v jv) func(string) bool {
	return func(k string) bool {
		o, err := v.object("")
		if err != nil {
			return false
		}
		for key, _, ok := o.next(); ok; key, _, ok = o.next() {
			if string(key) == k {
				return true
			}
		}
		return false
	}
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

// jsonID reads an "id": a string, or a whole number kept as written.
// The id must pass annotate.ValidateName.
func jsonID(v jv) (string, error) {
	var id string
	switch {
	case len(v) > 0 && v[0] == '"':
		s, err := v.str("id")
		if err != nil {
			return "", err
		}
		if s == "" {
			return "", fmt.Errorf(`"id" is empty`)
		}
		id = s
	case len(v) > 0 && (v[0] == '-' || v[0] >= '0' && v[0] <= '9') && !bytes.ContainsAny(v, ".eE"):
		id = string(v)
	default:
		return "", fmt.Errorf(`"id" must be a string or a whole number, not %s`, clip(v, 40))
	}
	if err := checkName("id", id); err != nil {
		return "", err
	}
	return id, nil
}

// compactObject returns v as compact JSON, "{}" when absent, and an error
// unless it is a JSON object without a key twice in any object inside.
func compactObject(v jv) (json.RawMessage, error) {
	if v.absent() {
		return json.RawMessage("{}"), nil
	}
	if v[0] != '{' {
		return nil, fmt.Errorf("must be a JSON object, not %s", v.kind())
	}
	if err := checkTree(v); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
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
