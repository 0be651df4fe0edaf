package format

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"goldspan/annotate"
)

func init() {
	Register(Format{
		Name:       "text",
		Extensions: []string{".txt", ".text"},
		Doc:        "plain text: the whole file is one document (id: the file name without extension)",
		NewDecoder: func(r io.Reader, o Options) Decoder {
			if o.Lines {
				return &linesDecoder{lines: newLineReader(r, o), o: o}
			}
			return &textDecoder{r: r, o: o}
		},
	})
	Register(Format{
		Name:       "lines",
		Doc:        "plain text: each non-empty line is one document (id: file name and line number)",
		NewDecoder: func(r io.Reader, o Options) Decoder { return &linesDecoder{lines: newLineReader(r, o), o: o} },
	})
}

// MaxText is the largest plain-text document accepted.
const MaxText = 64 << 20

type textDecoder struct {
	r    io.Reader
	o    Options
	done bool
}

// Next implements Decoder: the whole input is one document, kept byte for
// byte (CRLF line ends included) except for a leading byte order mark.
func (d *textDecoder) Next() (annotate.Record, error) {
	if d.done {
		return annotate.Record{}, io.EOF
	}
	d.done = true
	data, err := io.ReadAll(io.LimitReader(d.r, MaxText+1))
	if err != nil {
		return annotate.Record{}, lineError(d.o, 1, "read failed: %v", err)
	}
	if len(data) > MaxText {
		return annotate.Record{}, lineError(d.o, 1, "file is larger than %d MiB", MaxText>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		i := invalidAt(data)
		return annotate.Record{}, lineError(d.o, 1+bytes.Count(data[:i], []byte("\n")), "invalid UTF-8 (not a UTF-8 text file?)")
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return annotate.Record{}, lineError(d.o, 1+bytes.Count(data[:i], []byte("\n")), "NUL byte (binary file?)")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return annotate.Record{}, lineError(d.o, 1, "the file is empty")
	}
	text := string(data)
	if annotate.BlankText(text) {
		return annotate.Record{}, lineError(d.o, 1, "the file holds only white space and invisible characters (%s): a document needs text", firstRunes(text, 3))
	}
	id := strings.TrimSuffix(filepath.Base(d.o.Name), filepath.Ext(d.o.Name))
	if d.o.Name == "" || id == "" {
		id = annotate.DocumentID(text)
	}
	if err := checkName("id", id); err != nil {
		return annotate.Record{}, lineError(d.o, 1, "%s (from the file name)", err)
	}
	return annotate.Record{Line: 1, Doc: annotate.Document{ID: id, Text: text, Meta: []byte("{}")}}, nil
}

type linesDecoder struct {
	lines *lineReader
	o     Options
}

// Next implements Decoder: one document per line that is not blank. A
// line of only white space and invisible characters (annotate.BlankText:
// a zero-width space, say) is blank too, and skipped like an empty one.
func (d *linesDecoder) Next() (annotate.Record, error) {
	for {
		line, n, err := d.lines.nextNonBlank()
		if err != nil {
			return annotate.Record{}, err
		}
		text := string(line)
		if annotate.BlankText(text) {
			continue
		}
		base := strings.TrimSuffix(filepath.Base(d.o.Name), filepath.Ext(d.o.Name))
		id := fmt.Sprintf("%s:%d", base, n)
		if d.o.Name == "" {
			id = annotate.DocumentID(text)
		}
		if err := checkName("id", id); err != nil {
			return annotate.Record{}, lineError(d.o, n, "%s (from the file name)", err)
		}
		return annotate.Record{Line: n, Doc: annotate.Document{ID: id, Text: text, Meta: []byte("{}")}}, nil
	}
}
