package format

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"goldspan/annotate"
)

// CoNLL-2003 columns, word tokens, white space between columns:
//
//	-DOCSTART- -X- O O
//	<blank>
//	北京 -X- O B-LOC
//	欢迎 -X- O O
//	<blank line between sentences>
//
// Export writes the four columns token, POS, chunk and NER; Goldspan has
// no POS or chunk, so they are "-X-" and "O", as on the -DOCSTART- line.
// That line is "-DOCSTART- -X- O O" exactly, the document delimiter
// spaCy's `spacy convert -c ner` splits at (conll_ner_to_docs); flair and
// Hugging Face's conll2003 reader skip lines starting with -DOCSTART-.
// Tokens come from Options.Tokenize (else one a character), never cut
// inside an emoji, always cut at span edges and at white space, which a
// column file cannot hold: white space is dropped, a line break ends a
// sentence, and with Options.SplitSentences so do 。！？ (never inside an
// entity). Tags are IOB2 (B-/I-). Import rebuilds the text by joining
// tokens with a space unless a character on either side is CJK (Han,
// kana, CJK and full-width punctuation), sentences the same way; where
// that does not give back the document's text the encoder's Losses says
// so, with what will be read back. What CoNLL-2003 cannot hold besides:
// ids, meta, annotator, status, origins, suggestions, overlapping spans.
//
// Import: a token line is the token, any middle columns, and the tag last,
// every token line of a file with the same number of columns. Documents
// run from one -DOCSTART- line to the next, sentences joined; Label
// Studio's CONLL2003 export (label-studio-converter, convert_to_conll2003:
// one "-DOCSTART- -X- O" line, three columns, then "token -X- _ tag" with
// a blank line after each task) makes each blank-line block a document,
// and so does a file without -DOCSTART-. Tag schemes (Options.TagScheme):
// "iob1", "iob2", "iobes" (E-, S-) and "bilou" (L-, U-) are checked
// strictly (an I-, E- or L- must continue an entity, except that IOB1's
// I- begins one); "" (auto) reads any of them, an I- after O beginning an
// entity as IOB1 (CoNLL-2003's original scheme) does. Ids are
// "<file name>:<line of the first token>".

func init() {
	Register(Format{
		Name: "conll2003",
		Doc:  "CoNLL-2003: token POS chunk NER, -DOCSTART- between documents; import reads IOB1/IOB2/IOBES/BILOU and Label Studio's CONLL2003",
		NewDecoder: func(r io.Reader, o Options) Decoder {
			return &conll03Decoder{lines: newLineReader(r, o), o: o, doc: newBIODoc()}
		},
		NewEncoder: func(w io.Writer, o Options) Encoder {
			return &conll03Encoder{w: bufio.NewWriterSize(w, 64<<10), o: o}
		},
	})
}

// LooksLikeConll2003 reports whether the start of a .conll file is
// CoNLL-2003 columns (a -DOCSTART- -X- line, or a first token line of
// three or more columns) rather than Goldspan's character-per-line CoNLL.
func LooksLikeConll2003(head []byte) bool {
	for _, line := range bytes.Split(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if bytes.HasPrefix(line, []byte("-DOCSTART- -X-")) {
			return true
		}
		if isDocstart(line) {
			continue
		}
		return len(conllFields(string(line))) >= 3
	}
	return false
}

// conllSep is what Python's str.split() splits columns at.
func conllSep(r rune) bool { return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f }

func conllFields(line string) []string { return strings.FieldsFunc(line, conllSep) }

// tightRune: no space is written between tokens next to it (CJK).
func tightRune(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Bopomofo) ||
		r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef || r >= 0x2e80 && r <= 0x2fdf
}

// needSpace reports whether import puts a space between a token ending
// in last and one starting with next (last is 0 at a document's start).
func needSpace(last, next rune) bool { return last != 0 && !tightRune(last) && !tightRune(next) }

type conll03Decoder struct {
	lines    *lines03
	o        Options
	doc      *bioDoc
	last     rune // the last character of the text so far
	first    int
	docstart bool // documents run between -DOCSTART- lines
	blocks   bool // Label Studio's shape: each block a document
	cols     int  // columns of the first token line
	err      error
}

type lines03 = lineReader

// Next implements Decoder.
func (d *conll03Decoder) Next() (annotate.Record, error) {
	if d.err != nil {
		return annotate.Record{}, d.err
	}
	rec, err := d.next()
	if err != nil {
		d.err = err
	}
	return rec, err
}

func (d *conll03Decoder) next() (annotate.Record, error) {
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
			if (!d.docstart || d.blocks) && !d.doc.empty() {
				return d.emit()
			}
			continue
		}
		if isDocstart(line) {
			d.doc.endBlock()
			if f := conllFields(string(line)); len(f) == 3 && f[1] == "-X-" && f[2] == "O" {
				d.blocks = true // Label Studio's one line at the top
			}
			d.docstart = true
			if !d.doc.empty() {
				return d.emit()
			}
			continue
		}
		f := conllFields(string(line))
		if len(f) < 2 {
			return annotate.Record{}, lineError(d.o, n, "want a token, optional columns and a tag, separated by white space; got %q", clipString(string(line), 40))
		}
		if d.cols == 0 {
			d.cols = len(f)
		} else if len(f) != d.cols {
			return annotate.Record{}, lineError(d.o, n, "%d columns, but the first token line has %d", len(f), d.cols)
		}
		tag, err := d.scheme(f[len(f)-1])
		if err != nil {
			return annotate.Record{}, lineError(d.o, n, "%s", err)
		}
		if d.doc.empty() {
			d.first = n
		}
		first, _ := utf8.DecodeRuneInString(f[0])
		if needSpace(d.last, first) {
			d.doc.text.WriteByte(' ')
			d.doc.n++
		}
		d.last, _ = utf8.DecodeLastRuneInString(f[0])
		if err := d.doc.add(f[0], tag); err != nil {
			return annotate.Record{}, lineError(d.o, n, "%s", err)
		}
		if d.doc.text.Len() > MaxText {
			return annotate.Record{}, lineError(d.o, n, "the document that starts on line %d is longer than %d MiB", d.first, MaxText>>20)
		}
	}
}

// scheme checks a tag against Options.TagScheme and maps it to the tags
// bioDoc reads (L- as E-, U- as S-), setting the doc's leniency for IOB1.
func (d *conll03Decoder) scheme(tag string) (string, error) {
	if err := checkTag(tag); err != nil {
		return "", err
	}
	letters := map[string]string{"": "OBIESLUM", "iob1": "OBI", "iob2": "OBI", "iobes": "OBIES", "bilou": "OBILU"}
	allowed, ok := letters[d.o.TagScheme]
	if !ok {
		return "", fmt.Errorf("unknown tag scheme %q (iob1, iob2, iobes, bilou)", d.o.TagScheme)
	}
	k := tag[0]
	if tag != "O" && (len(tag) < 3 || tag[1] != '-') || !strings.ContainsRune(allowed, rune(k)) {
		s := strings.ToUpper(d.o.TagScheme)
		if s == "" {
			s = "IOB1, IOB2, IOBES or BILOU"
		}
		return "", fmt.Errorf("tag %q is not %s (O, B-<label>, I-<label>, …)", tag, s)
	}
	d.doc.lenient = d.o.TagScheme == "" || d.o.TagScheme == "iob1"
	switch k {
	case 'L':
		return "E" + tag[1:], nil
	case 'U':
		return "S" + tag[1:], nil
	}
	return tag, nil
}

// emit turns the document read so far into a record.
func (d *conll03Decoder) emit() (annotate.Record, error) {
	doc := d.doc
	d.doc = newBIODoc()
	d.last = 0
	text := doc.text.String()
	id := annotate.DocumentID(text)
	if d.o.Name != "" {
		id = fmt.Sprintf("%s:%d", strings.TrimSuffix(filepath.Base(d.o.Name), filepath.Ext(d.o.Name)), d.first)
	}
	if err := checkText("text", text); err != nil {
		return annotate.Record{}, lineError(d.o, d.first, "the document starting here has no text")
	}
	if err := checkName("id", id); err != nil {
		return annotate.Record{}, lineError(d.o, d.first, "the document starting here: %s (from the file name)", err)
	}
	rec := annotate.Record{Line: d.first, Doc: annotate.Document{ID: id, Text: text}, HasSpans: true, Spans: doc.spans}
	if err := finishRecord(&rec, d.o); err != nil {
		return annotate.Record{}, lineError(d.o, d.first, "the document starting here: %s", err)
	}
	return rec, nil
}

type conll03Encoder struct {
	w *bufio.Writer
	o Options
	lossList
}

// Encode implements Encoder.
func (e *conll03Encoder) Encode(r annotate.Record) error {
	e.noSuggestions(r, "CoNLL-2003")
	text := []rune(r.Doc.Text)
	n := len(text)
	spans := bioSpans(r, n, "CoNLL-2003", &e.lossList)
	tags := bioTags(n, spans)
	cuts := make([]bool, n+1)
	cuts[0], cuts[n] = true, true
	if e.o.Tokenize != nil {
		for _, t := range e.o.Tokenize(r.Doc.Text) {
			if t.Start >= 0 && t.End <= n && t.Start <= t.End {
				cuts[t.Start], cuts[t.End] = true, true
			}
		}
	} else {
		for i := range cuts {
			cuts[i] = true
		}
	}
	for i := 1; i < n; i++ {
		if cuts[i] && joinsPrevious(text, i) {
			cuts[i] = false
		}
	}
	for _, s := range spans {
		cuts[s.Start], cuts[s.End] = true, true
	}
	var out bytes.Buffer
	var back strings.Builder // the text import rebuilds
	var last rune
	prevOut := "O"
	out.WriteString("-DOCSTART- -X- O O\n\n")
	brk, wrote := false, false
	for start := 0; start < n; {
		if conllSep(text[start]) {
			if isLineBreak(text[start]) {
				brk = true
			}
			start++
			continue
		}
		end := start + 1
		for end < n && !cuts[end] && !conllSep(text[end]) {
			end++
		}
		tag := tags[start]
		if brk && wrote && !strings.HasPrefix(tag, "I-") {
			out.WriteByte('\n')
		}
		brk = false
		if tag[0] == 'I' && (prevOut == "O" || prevOut[2:] != tag[2:]) {
			tag = "B-" + tag[2:] // the entity's first character was white space
		}
		prevOut = tag
		tok := string(text[start:end])
		out.WriteString(tok)
		out.WriteString(" -X- O ")
		out.WriteString(tag)
		out.WriteByte('\n')
		wrote = true
		if needSpace(last, text[start]) {
			back.WriteByte(' ')
		}
		back.WriteString(tok)
		last = text[end-1]
		if e.o.SplitSentences && isTerminator(text[end-1]) {
			brk = true
		}
		start = end
	}
	if !wrote {
		e.add(Loss{DocID: r.Doc.ID, Reason: "only white space: CoNLL-2003 cannot hold it"})
		return nil
	}
	out.WriteByte('\n')
	if got := back.String(); got != r.Doc.Text {
		e.add(Loss{DocID: r.Doc.ID, Reason: fmt.Sprintf("white space not kept: CoNLL-2003 reads back %q", clipString(got, 60))})
	}
	_, err := e.w.Write(out.Bytes())
	return err
}

// Close implements Encoder.
func (e *conll03Encoder) Close() error { return e.w.Flush() }
