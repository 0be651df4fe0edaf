package format

import (
	"io"
	"os"
	"unicode/utf8"

	"goldspan/annotate/score"
)

// Sentence is one sentence of a character-per-line BIO file: its text and
// its gold entities, in code points.
type Sentence struct {
	Text string
	Gold []score.Entity
}

// ReadBIOFile reads the character-per-line BIO file at path (see ReadBIO);
// errors name the file.
func ReadBIOFile(path string) ([]Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readBIO(f, Options{Name: path})
}

// ReadBIO reads character-per-line BIO, the shape of NER gold files: one
// character, a tab or space and a tag per line, a blank line after each
// sentence. It is the CoNLL import's reading of lines and tags (bio.go;
// U+XXXX tokens and extra middle columns included) with two differences
// that suit scoring: every token must be one character, and an I- (or M-,
// E-) tag that does not continue an entity of its label starts one, as
// conlleval counts it. Errors are EINVALID and name the line.
func ReadBIO(r io.Reader) ([]Sentence, error) { return readBIO(r, Options{}) }

func readBIO(r io.Reader, o Options) ([]Sentence, error) {
	lines := newLineReader(r, o)
	var out []Sentence
	doc := &bioDoc{open: -1, lenient: true}
	flush := func() {
		if doc.n > 0 {
			out = append(out, Sentence{Text: doc.text.String(), Gold: score.FromSpans(doc.spans)})
		}
		doc = &bioDoc{open: -1, lenient: true}
	}
	for {
		line, n, err := lines.next(false)
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		if isBlank(line) {
			flush()
			continue
		}
		token, tag, err := splitTokenLine(string(line))
		if err != nil {
			return nil, lineError(o, n, "%s", err)
		}
		if utf8.RuneCountInString(token) != 1 {
			return nil, lineError(o, n, "%q is not one character", token)
		}
		if err := doc.add(token, tag); err != nil {
			return nil, lineError(o, n, "%s", err)
		}
	}
	flush()
	return out, nil
}
