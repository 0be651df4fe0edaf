package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"goldspan/annotate"
)

// jsonStream reads the top-level JSON objects of a file one at a time:
// either one JSON array of objects (Label Studio's export, doccano's JSON
// export) or a sequence of objects (JSONL, also pretty-printed ones).
// Memory holds one object at a time, never the whole array, and every
// object comes with the line it starts on.
type jsonStream struct {
	o       Options
	br      *bufio.Reader
	cnt     *lineCounter
	dec     *json.Decoder
	started bool
	array   bool
	n       int   // objects returned so far
	err     error // sticky: io.EOF or the first error
}

func newJSONStream(r io.Reader, o Options) *jsonStream {
	return &jsonStream{o: o, br: bufio.NewReaderSize(r, 64<<10)}
}

// errTooLong is returned by lineCounter when one JSON value outgrows
// MaxLine.
var errTooLong = errors.New("value too long")

// lineCounter sits between the input and encoding/json and remembers
// where the line breaks are that json has read but the stream has not yet
// accounted for, so that a byte offset turns into a line number without
// keeping the file, nor even the bytes of the value being read: 8 bytes a
// line break (one per record in JSONL).
type lineCounter struct {
	r    io.Reader
	nl   []int64 // stream offsets of the line breaks from base on
	base int64   // stream offset up to which lines are counted
	line int     // line number at base
	read int64   // total bytes read
}

func (c *lineCounter) Read(p []byte) (int, error) {
	room := MaxLine + (1 << 20) - (c.read - c.base)
	if room <= 0 {
		return 0, errTooLong
	}
	if int64(len(p)) > room {
		p = p[:room] // json may offer a big buffer: one read must not pass the limit
	}
	n, err := c.r.Read(p)
	for i, b := 0, p[:n]; ; {
		j := bytes.IndexByte(b[i:], '\n')
		if j < 0 {
			break
		}
		c.nl = append(c.nl, c.read+int64(i+j))
		i += j + 1
	}
	c.read += int64(n)
	return n, err
}

// lineAt returns the line of stream offset off and forgets the line
// breaks before it; offsets must not go backwards.
func (c *lineCounter) lineAt(off int64) int {
	if off <= c.base {
		return c.line
	}
	k := 0
	for k < len(c.nl) && c.nl[k] < off {
		k++
	}
	c.line += k
	c.nl = append(c.nl[:0], c.nl[k:]...)
	c.base = min(off, c.read)
	return c.line
}

// start skips a byte order mark and the white space before the first
// value, and tells an array from a sequence of objects.
func (s *jsonStream) start() error {
	s.started = true
	if b, _ := s.br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		s.br.Discard(3)
	}
	line := 1
	for {
		b, err := s.br.Peek(1)
		if err == io.EOF {
			return io.EOF
		} else if err != nil {
			return lineError(s.o, line, "read failed: %v", err)
		}
		switch b[0] {
		case '\n':
			line++
			fallthrough
		case ' ', '\t', '\r':
			s.br.Discard(1)
			continue
		}
		s.array = b[0] == '['
		break
	}
	s.cnt = &lineCounter{r: s.br, line: line}
	s.dec = json.NewDecoder(s.cnt)
	if s.array {
		if _, err := s.dec.Token(); err != nil {
			return s.decodeError(err)
		}
	}
	return nil
}

// next returns the next object's bytes, the line it starts on and its
// number (from 1), or io.EOF after the last one.
func (s *jsonStream) next() (json.RawMessage, int, int, error) {
	if s.err != nil {
		return nil, 0, 0, s.err
	}
	raw, line, err := s.read()
	if err != nil {
		s.err = err
		return nil, line, s.n + 1, err
	}
	s.n++
	return raw, line, s.n, nil
}

func (s *jsonStream) read() (json.RawMessage, int, error) {
	if !s.started {
		if err := s.start(); err != nil {
			return nil, 1, err
		}
	}
	if s.array && !s.dec.More() {
		if _, err := s.dec.Token(); err != nil { // the closing ]
			return nil, 0, s.decodeError(err)
		}
		if tok, err := s.dec.Token(); err != io.EOF {
			if err != nil {
				return nil, 0, s.decodeError(err)
			}
			what := fmt.Sprint(tok)
			if str, ok := tok.(string); ok {
				what = strconv.Quote(str) // a string may hold line breaks
			}
			return nil, 0, lineError(s.o, s.cnt.lineAt(s.dec.InputOffset()), "data after the closing ] of the array: %s", clip([]byte(what), 40))
		}
		return nil, 0, io.EOF
	}
	var raw json.RawMessage
	if err := s.dec.Decode(&raw); err == io.EOF && !s.array {
		return nil, 0, io.EOF
	} else if err != nil {
		return nil, 0, s.decodeError(err)
	}
	startOff := s.dec.InputOffset() - int64(len(raw))
	line := s.cnt.lineAt(startOff)
	if !utf8.Valid(raw) {
		i := invalidAt(raw)
		return nil, line, lineError(s.o, line+bytes.Count(raw[:i], []byte("\n")), "invalid UTF-8 (not a UTF-8 file?)")
	}
	if raw[0] != '{' {
		return nil, line, lineError(s.o, line, "expected a JSON object {...}, got %s", clip(raw, 40))
	}
	return raw, line, nil
}

// decodeError turns an error of encoding/json's Decoder into one naming
// the line.
func (s *jsonStream) decodeError(err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return lineError(s.o, s.cnt.lineAt(se.Offset), "invalid JSON: %s", se.Error())
	case errors.Is(err, errTooLong):
		return lineError(s.o, s.cnt.lineAt(s.cnt.base), "a JSON value is longer than %d MiB", MaxLine>>20)
	case err == io.ErrUnexpectedEOF || err == io.EOF:
		return lineError(s.o, s.cnt.lineAt(s.cnt.read), "the file ends inside a JSON value (truncated?)")
	}
	return lineError(s.o, s.cnt.lineAt(s.cnt.read), "read failed: %v", err)
}

// clip returns the start of b, about n bytes, for an error message. A line
// break and the white space after it become one space, so that a
// pretty-printed JSON value cannot spread the message over several lines.
func clip(b []byte, n int) string {
	if bytes.ContainsAny(b, "\r\n") {
		one := make([]byte, 0, min(len(b), n+1))
		for i := 0; i < len(b) && len(one) <= n; i++ {
			if b[i] != '\n' && b[i] != '\r' {
				one = append(one, b[i])
				continue
			}
			for i+1 < len(b) && (b[i+1] == ' ' || b[i+1] == '\t' || b[i+1] == '\n' || b[i+1] == '\r') {
				i++
			}
			one = append(one, ' ')
		}
		b = one
	}
	cut := len(b) > n
	if cut {
		for n > 0 && !utf8.RuneStart(b[n]) {
			n--
		}
		b = b[:n]
	}
	out := sanitize(string(b))
	if cut {
		out += "…"
	}
	return out
}

// sanitize writes the characters of s that a terminal could act on or
// that show as nothing (control and format characters, line and paragraph
// separators) as \u escapes, so that a message quoting input stays one
// safe line.
func sanitize(s string) string {
	if !strings.ContainsFunc(s, unsafeInMessage) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unsafeInMessage(r) {
			fmt.Fprintf(&b, "\\u%04x", r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func unsafeInMessage(r rune) bool {
	if r < utf8.RuneSelf {
		return r < 0x20 && r != '\t' || r == 0x7f
	}
	return r != utf8.RuneError && unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp)
}

// firstKeys returns the top-level keys of the first JSON object at the
// start of head (inside an array if the file is one), as far as head
// goes: a long first value may hide the keys after it.
func firstKeys(head []byte) (keys map[string]bool, array bool) {
	b := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	i := skipWS(b, 0)
	if i < len(b) && b[i] == '[' {
		array = true
		i = skipWS(b, i+1)
	}
	if i >= len(b) || b[i] != '{' {
		return nil, array
	}
	keys = map[string]bool{}
	i++
	for {
		i = skipWS(b, i)
		if i >= len(b) || b[i] != '"' {
			return keys, array
		}
		j, ok := skipString(b, i)
		if !ok {
			return keys, array
		}
		var key string
		if json.Unmarshal(b[i:j], &key) != nil {
			return keys, array
		}
		i = skipWS(b, j)
		if i >= len(b) || b[i] != ':' {
			return keys, array
		}
		keys[key] = true
		if i, ok = skipValue(b, i+1); !ok {
			return keys, array
		}
		i = skipWS(b, i)
		if i >= len(b) || b[i] != ',' {
			return keys, array
		}
		i++
	}
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index after the JSON string starting at b[i].
func skipString(b []byte, i int) (int, bool) {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1, true
		}
	}
	return len(b), false
}

// skipValue returns the index after the JSON value starting at or after
// b[i].
func skipValue(b []byte, i int) (int, bool) {
	i = skipWS(b, i)
	if i >= len(b) {
		return i, false
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				j, ok := skipString(b, i)
				if !ok {
					return j, false
				}
				i = j - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1, true
				}
			}
		}
		return i, false
	}
	for ; i < len(b); i++ {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i, true
		}
	}
	return i, false
}

// member is one key and value of a JSON object, in file order.
type member struct {
	key string
	val json.RawMessage
}

// objectMembers returns the members of a JSON object in order, each value
// compacted.
func objectMembers(raw json.RawMessage) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("must be a JSON object")
	}
	var ms []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("invalid JSON: %s", jsonProblem(err))
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("invalid JSON: %s", jsonProblem(err))
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, v); err != nil {
			return nil, err
		}
		ms = append(ms, member{key, buf.Bytes()})
	}
	return ms, nil
}

// joinObject writes members as one compact JSON object.
func joinObject(ms []member) json.RawMessage {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, _ := marshal(m.key)
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(m.val)
	}
	buf.WriteByte('}')
	return buf.Bytes()
}

// marshal is json.Marshal without HTML escaping and without the newline.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// numericID writes an id as a JSON number when it is a plain whole number
// (as doccano and Label Studio ids are), else as a JSON string, so that
// "12" read from {"id": 12} is written back as 12.
func numericID(id string) json.RawMessage {
	plain := id != "" && len(id) <= 15 && (id == "0" || id[0] != '0')
	for i := 0; plain && i < len(id); i++ {
		plain = id[i] >= '0' && id[i] <= '9'
	}
	if plain {
		return json.RawMessage(id)
	}
	b, _ := marshal(id)
	return b
}

// recordID reads an optional "id": a string or whole number (jsonID),
// else the hash of the text.
func recordID(v jv, text string) (string, error) {
	if v.absent() {
		return annotate.DocumentID(text), nil
	}
	return jsonID(v)
}

// userName maps a tool's user reference (a name, or a numeric user id) to
// an annotator name: numbers become "user-N"; key names it in messages.
func userName(v jv, key string) (string, bool, error) {
	if v.absent() {
		return "", false, nil
	}
	if v[0] == '"' {
		s, err := v.str(key)
		return s, err == nil, err
	}
	if n, ok := v.whole(); ok {
		return "user-" + strconv.Itoa(n), true, nil
	}
	return "", false, fmt.Errorf("%q must be a name or a whole-number user id, not %s", key, clip(v, 40))
}

// dedupe drops exact duplicate spans (same offsets and label), which
// carry no information; collaborative exports repeat them. The order of
// the others is kept. Spans in export order (sorted) are checked in one
// pass without memory; others through a sorted index, 4 bytes a span.
func dedupe(spans []annotate.Span) []annotate.Span {
	if len(spans) < 2 {
		return spans
	}
	cmp := func(a, b *annotate.Span) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		} else if a.End != b.End {
			return a.End - b.End
		}
		return strings.Compare(a.Label, b.Label)
	}
	sorted := true
	for i := 1; i < len(spans) && sorted; i++ {
		sorted = cmp(&spans[i-1], &spans[i]) < 0
	}
	if sorted {
		return spans // sorted strictly: no two the same
	}
	idx := make([]int32, len(spans))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int {
		if c := cmp(&spans[a], &spans[b]); c != 0 {
			return c
		}
		return int(a - b)
	})
	drop := false
	for i := 1; i < len(idx); i++ {
		if cmp(&spans[idx[i-1]], &spans[idx[i]]) == 0 {
			spans[idx[i]].Start, spans[idx[i]].End = -1, -1 // marks the later copy
			drop = true
		}
	}
	if !drop {
		return spans
	}
	out := spans[:0]
	for _, s := range spans {
		if s.Start >= 0 {
			out = append(out, s)
		}
	}
	return out
}

// finishRecord applies the rules every span-carrying decoder shares with
// the native one: spans need an annotator (from the record or
// Options.Annotator), whose name must be valid; a record with spans is
// done unless it says otherwise.
func finishRecord(rec *annotate.Record, o Options) error {
	if len(rec.Doc.Meta) == 0 {
		rec.Doc.Meta = json.RawMessage("{}")
	}
	if rec.Annotator != "" {
		// A name the record gives is checked even when the record turns
		// out to be a plain document.
		if err := annotate.ValidateAnnotator(rec.Annotator); err != nil {
			return fmt.Errorf("%s", annotate.ErrorMessage(err))
		}
	}
	if rec.HasSpans && rec.Annotator == "" {
		rec.Annotator = o.Annotator
	}
	if rec.HasSpans && rec.Annotator == "" {
		if len(rec.Spans) > 0 {
			return fmt.Errorf("record has spans but no annotator; give one with --annotator")
		}
		rec.HasSpans = false // no spans and nobody's: a plain document
	}
	if !rec.HasSpans && rec.Status == "" {
		rec.Annotator = "" // an annotator with neither spans nor status says nothing
	}
	if rec.Annotator != "" {
		if err := annotate.ValidateAnnotator(rec.Annotator); err != nil {
			return fmt.Errorf("%s", annotate.ErrorMessage(err))
		}
		for i := range rec.Spans {
			rec.Spans[i].DocID = rec.Doc.ID
			rec.Spans[i].Annotator = rec.Annotator
			if rec.Spans[i].Origin == "" {
				rec.Spans[i].Origin = annotate.OriginManual
			}
		}
		if rec.Status == "" && rec.HasSpans {
			rec.Status = annotate.StatusDone
		}
	}
	for i := range rec.Suggestions {
		rec.Suggestions[i].DocID = rec.Doc.ID
	}
	return nil
}

// nextRecord reads the next JSON value and parses it into a record. A parse
// error is given the file and line and kept, so later calls return it again.
func (s *jsonStream) nextRecord(o Options, parse func(v jv, line int) (annotate.Record, error)) (annotate.Record, error) {
	raw, n, _, err := s.next()
	if err != nil {
		return annotate.Record{}, err
	}
	rec, err := parse(jv(raw), n)
	if err != nil {
		s.err = lineError(o, n, "%s", err)
		return annotate.Record{}, s.err
	}
	return rec, nil
}
