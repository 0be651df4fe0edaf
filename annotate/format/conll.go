package format

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"goldspan/annotate"
)

// CoNLL BIO, one character a line:
//
//	中<TAB>B-ORG
//	共<TAB>I-ORG
//	<blank line between sentences>
//
// Import: each line is a token, a tab or space, and a tag; extra middle
// columns (as in CoNLL-2003) are ignored and the first column is the
// token. A token longer than one character is kept whole and its tag
// covers all of it. Each blank-line-separated block is one document,
// unless -DOCSTART- lines mark documents: from the first -DOCSTART- on,
// a document runs to the next one and its blocks are joined without a
// separator. Document ids are "<file name>:<line of the first token>".
// Tags: see bio.go; an I- without a B- before it is an error.
//
// Export: one block per record. White space, control and format
// characters (space, tab, CR, LF, U+3000, U+00A0, U+200B, U+FEFF, ...)
// cannot stand alone on a line that other tools split at white space, so
// they are written as U+XXXX tokens (e.g. "U+0020<TAB>O"); no single
// character can be mistaken for such a token, and import turns them back,
// so text round-trips exactly, CRLF and line breaks included. With
// Options.SplitSentences a document's sentences become separate blocks:
// a break follows 。！？ or a line end, together with any closing quotes
// and brackets and white space after it, but never inside a span; each
// document then starts with a "-DOCSTART-<TAB>O" line so import joins
// its sentences again.
//
// What CoNLL cannot hold: document ids, meta, annotator, status, span
// origins, machine suggestions and empty documents are not written;
// overlapping spans keep the longest (see bioSpans) and the encoder's
// Losses lists every span and suggestion left out.

func init() {
	Register(Format{
		Name:       "conll",
		Extensions: []string{".conll", ".bio", ".iob", ".iob2", ".bioes", ".bmes"},
		Doc:        "CoNLL BIO: one character a line, char<TAB>B-LABEL, a blank line between sentences (-DOCSTART- marks documents)",
		NewDecoder: func(r io.Reader, o Options) Decoder {
			return &conllDecoder{lines: newLineReader(r, o), o: o, doc: newBIODoc()}
		},
		NewEncoder: func(w io.Writer, o Options) Encoder {
			return &conllEncoder{w: bufio.NewWriterSize(w, 64<<10), o: o}
		},
	})
}

type conllDecoder struct {
	lines    *lineReader
	o        Options
	docstart bool    // -DOCSTART- lines mark documents
	doc      *bioDoc // the document being read
	first    int     // line of its first token
	err      error   // sticky: io.EOF or the first error
}

// Next implements Decoder.
func (d *conllDecoder) Next() (annotate.Record, error) {
	if d.err != nil {
		return annotate.Record{}, d.err
	}
	rec, err := d.next()
	if err != nil {
		d.err = err
	}
	return rec, err
}

func (d *conllDecoder) next() (annotate.Record, error) {
	for {
		line, n, err := d.lines.next(false)
		if err == io.EOF {
			if !d.doc.empty() {
				return d.emit()
			}
			return annotate.Record{}, io.EOF
		} else if err != nil {
			return annotate.Record{}, err
		}
		if isBlank(line) {
			d.doc.endBlock()
			if !d.docstart && !d.doc.empty() {
				return d.emit()
			}
			continue
		}
		if isDocstart(line) {
			d.doc.endBlock()
			d.docstart = true
			if !d.doc.empty() {
				return d.emit()
			}
			continue
		}
		token, tag, err := splitTokenLine(string(line))
		if err == nil {
			err = checkTag(tag)
		}
		if err != nil {
			return annotate.Record{}, lineError(d.o, n, "%s", err)
		}
		if d.doc.empty() {
			d.first = n
		}
		if err := d.doc.add(token, tag); err != nil {
			return annotate.Record{}, lineError(d.o, n, "%s", err)
		}
		if d.doc.text.Len() > MaxText {
			return annotate.Record{}, lineError(d.o, n, "the document that starts on line %d is longer than %d MiB", d.first, MaxText>>20)
		}
	}
}

// emit turns the document read so far into a record.
func (d *conllDecoder) emit() (annotate.Record, error) {
	doc := d.doc
	d.doc = newBIODoc()
	text := doc.text.String()
	var id string
	if d.o.Name != "" {
		id = fmt.Sprintf("%s:%d", strings.TrimSuffix(filepath.Base(d.o.Name), filepath.Ext(d.o.Name)), d.first)
	} else {
		id = annotate.DocumentID(text)
	}
	if err := checkText("text", text); err != nil {
		return annotate.Record{}, lineError(d.o, d.first, "the document starting here has no text: only white space or invisible characters (%s)", firstRunes(text, 3))
	}
	if err := checkName("id", id); err != nil {
		return annotate.Record{}, lineError(d.o, d.first, "the document starting here: %s (from the file name)", err)
	}
	rec := annotate.Record{
		Line:     d.first,
		Doc:      annotate.Document{ID: id, Text: text, Meta: []byte("{}")},
		HasSpans: true,
		Spans:    doc.spans,
	}
	if err := finishRecord(&rec, d.o); err != nil {
		return annotate.Record{}, lineError(d.o, d.first, "the document starting here: %s", err)
	}
	return rec, nil
}

// isBlank reports whether a line is empty or white space only.
func isBlank(line []byte) bool {
	for _, c := range line {
		if c >= utf8.RuneSelf {
			return len(bytes.TrimSpace(line)) == 0
		}
		if c != ' ' && c != '\t' && c != '\r' && c != '\v' && c != '\f' {
			return false
		}
	}
	return true
}

func isDocstart(line []byte) bool {
	const m = "-DOCSTART-"
	return bytes.HasPrefix(line, []byte(m)) && (len(line) == len(m) || line[len(m)] == ' ' || line[len(m)] == '\t')
}

// splitTokenLine splits "<token><tab or space>[<more columns> ]<tag>".
func splitTokenLine(line string) (token, tag string, err error) {
	i := strings.LastIndexAny(line, " \t")
	if i < 0 {
		return "", "", fmt.Errorf("want a character, a tab or space, and a tag; got %q", clipString(line, 40))
	}
	tag, rest := line[i+1:], line[:i]
	if tag == "" {
		return "", "", fmt.Errorf("no tag after the character in %q", clipString(line, 40))
	}
	if utf8.RuneCountInString(rest) != 1 {
		fields := strings.FieldsFunc(rest, func(r rune) bool { return r == ' ' || r == '\t' })
		if len(fields) == 0 {
			return "", "", fmt.Errorf("no character before the tag %q (write a space or tab character as U+0020 or U+0009)", tag)
		}
		rest = fields[0]
	}
	if r, ok, err := unescapeToken(rest); err != nil {
		return "", "", err
	} else if ok {
		rest = string(r)
	}
	return rest, tag, nil
}

// needsEscape reports whether a character is written as a U+XXXX token.
func needsEscape(r rune) bool {
	if r >= 0x3400 && r <= 0x9FFF || r > ' ' && r < 0x7F {
		return false // CJK ideographs and printable ASCII: the common case, without table lookups
	}
	return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError
}

// unescapeToken reads a U+XXXX token: "U+" and 4 to 6 hex digits of a
// Unicode scalar value other than U+0000. A token of "U+" and letters or
// digits that is not one (U+12, U+D800, U+110000, U+00G0, U+0000) is an
// error rather than text: it is a broken escape, and reading it as the
// characters "U+12" would change the text without a word. Other tokens
// are not escapes (ok is false).
func unescapeToken(t string) (r rune, ok bool, err error) {
	digits, isU := strings.CutPrefix(t, "U+")
	if !isU || digits == "" {
		return 0, false, nil
	}
	for i := 0; i < len(digits); i++ {
		if c := digits[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return 0, false, nil
		}
	}
	bad := func(why string) (rune, bool, error) {
		return 0, false, fmt.Errorf("malformed escape %q: %s (a character that cannot stand on a line is written U+ and 4 to 6 hex digits, e.g. U+0020)", clipString(t, 20), why)
	}
	if len(digits) < 4 || len(digits) > 6 {
		return bad(fmt.Sprintf("%d digits", len(digits)))
	}
	v, perr := strconv.ParseUint(digits, 16, 32)
	switch {
	case perr != nil:
		return bad("not a hex number")
	case v >= 0xd800 && v <= 0xdfff:
		return bad("a UTF-16 surrogate is not a character")
	case v > unicode.MaxRune:
		return bad("beyond U+10FFFF, the last code point")
	case v == 0:
		return bad("U+0000 (NUL) cannot be in a text")
	}
	return rune(v), true, nil
}

// checkTag refuses a tag with characters that ValidateName refuses in a
// label (control and invisible formatting characters).
func checkTag(tag string) error {
	for _, r := range tag {
		if unsafeInMessage(r) && r != '\t' {
			return checkName("tag", tag)
		}
	}
	return nil
}

func clipString(s string, n int) string { return clip([]byte(s), n) }

type conllEncoder struct {
	w *bufio.Writer
	o Options
	lossList
}

// sentence ends and what may follow one inside the same sentence.
func isTerminator(r rune) bool { return r == '。' || r == '！' || r == '？' }

func isCloser(r rune) bool { return strings.ContainsRune("”’」』）》〉】〕)]\"'", r) }

// Encode implements Encoder.
func (e *conllEncoder) Encode(r annotate.Record) error {
	e.noSuggestions(r, "CoNLL")
	if r.Doc.Text == "" {
		e.add(Loss{DocID: r.Doc.ID, Reason: "empty document: CoNLL cannot hold it"})
		return nil
	}
	n := annotate.RuneLen(r.Doc.Text)
	tags := bioTags(n, bioSpans(r, n, "CoNLL", &e.lossList))
	if e.o.SplitSentences {
		e.w.WriteString("-DOCSTART-\tO\n\n")
	}
	i, brk := 0, false
	for _, c := range r.Doc.Text {
		if brk && !(isTerminator(c) || isCloser(c) || unicode.IsSpace(c)) {
			brk = false
			if !strings.HasPrefix(tags[i], "I-") {
				e.w.WriteByte('\n')
			}
		}
		if needsEscape(c) {
			fmt.Fprintf(e.w, "U+%04X", c)
		} else {
			e.w.WriteRune(c)
		}
		e.w.WriteByte('\t')
		e.w.WriteString(tags[i])
		if _, err := e.w.WriteString("\n"); err != nil {
			return err
		}
		if e.o.SplitSentences && (isTerminator(c) || c == '\n' || c == '\r') {
			brk = true
		}
		i++
	}
	_, err := e.w.WriteString("\n")
	return err
}

// Close implements Encoder.
func (e *conllEncoder) Close() error { return e.w.Flush() }
