// Package gazetteer embeds Goldspan's built-in lists of high-frequency news
// entities (countries, regions, cities, organisations, companies, media and
// people), compiled by the Goldspan authors from public facts.
//
// Each .txt file holds entries separated by white space. A line "= LABEL"
// sets the label of the entries after it; "#" starts a comment; an
// underscore inside an entry stands for a space (New_York).
package gazetteer

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"unicode/utf8"

	"goldspan/annotate"
)

//go:embed *.txt
var files embed.FS

// Entry is one surface form of the gazetteer with its label and where it
// was written.
type Entry struct {
	Surface string
	Label   string
	File    string
	Line    int
}

// Entries parses every list, in file order. It returns an EINVALID error
// naming the file and line of the first malformed line.
func Entries() ([]Entry, error) {
	return parseFS(files)
}

func parseFS(fsys fs.FS) ([]Entry, error) {
	names, err := fs.Glob(fsys, "*.txt")
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		es, err := Parse(name, string(data))
		if err != nil {
			return nil, err
		}
		out = append(out, es...)
	}
	return out, nil
}

// Parse parses one list in the format described in the package comment.
// name is used in entries and errors.
func Parse(name, text string) ([]Entry, error) {
	if !utf8.ValidString(text) {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: not valid UTF-8", name)
	}
	var out []Entry
	label := ""
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "="); ok {
			label = strings.TrimSpace(rest)
			l := annotate.Label{Name: label, Color: "#000000"}
			if err := l.Validate(); err != nil {
				return nil, fmt.Errorf("%s line %d: %w", name, n, err)
			}
			continue
		}
		if label == "" {
			return nil, annotate.Errorf(annotate.EINVALID, "%s line %d: entries before any \"= LABEL\" line", name, n)
		}
		for _, f := range strings.Fields(line) {
			out = append(out, Entry{Surface: strings.ReplaceAll(f, "_", " "), Label: label, File: name, Line: n})
		}
	}
	return out, sc.Err()
}
