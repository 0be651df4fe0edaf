package suggest

import (
	"bufio"
	"fmt"
	"io/fs"
	"strings"
	"unicode/utf8"

	"goldspan/annotate"
)

// GazetteerEntry is one surface form of a gazetteer with its label and
// where it was written.
type GazetteerEntry struct {
	Surface string
	Label   string
	File    string
	Line    int
}

// ReadGazetteer parses every *.txt list of fsys, in file name order: the
// gazetteer of Options.Gazetteer, whose built-in lists are the files
// embedded by goldspan/assets/gazetteer (the caller hands them in; annotate
// imports no assets). Each list holds entries separated by white space. A
// line "= LABEL" sets the label of the entries after it; "#" starts a
// comment; an underscore inside an entry stands for a space (New_York). It
// returns an EINVALID error naming the file and line of the first
// malformed line.
func ReadGazetteer(fsys fs.FS) ([]GazetteerEntry, error) {
	names, err := fs.Glob(fsys, "*.txt")
	if err != nil {
		return nil, err
	}
	var out []GazetteerEntry
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		es, err := ParseGazetteer(name, string(data))
		if err != nil {
			return nil, err
		}
		out = append(out, es...)
	}
	return out, nil
}

// ParseGazetteer parses one list in the format of ReadGazetteer. name is
// used in entries and errors.
func ParseGazetteer(name, text string) ([]GazetteerEntry, error) {
	if !utf8.ValidString(text) {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: not valid UTF-8", name)
	}
	var out []GazetteerEntry
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
			out = append(out, GazetteerEntry{Surface: strings.ReplaceAll(f, "_", " "), Label: label, File: name, Line: n})
		}
	}
	return out, sc.Err()
}

// buildGazetteer returns the look-up table of the lists in fsys; an empty
// one for nil.
func buildGazetteer(fsys fs.FS) (*static, error) {
	gaz := newStatic()
	if fsys == nil {
		return gaz, nil
	}
	es, err := ReadGazetteer(fsys)
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		gaz.add(e.Surface, e.Label)
	}
	return gaz, nil
}
