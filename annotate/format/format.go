// Package format reads and writes annotation files: Goldspan's native JSONL
// and the formats other tools read (doccano, spaCy/Prodigy, Label Studio,
// CoNLL, Hugging Face). Decoders stream records one at a time so that memory
// does not grow with the corpus; every error names the file, the line and
// the problem. JSON records are read strictly (jsonvalue.go): keys match
// exactly, a key twice, an unknown key (beyond those a format tolerates)
// and a lone UTF-16 surrogate are errors; ids, labels and annotator names
// must pass annotate.ValidateName and texts must not be blank.
package format

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"goldspan/annotate"
)

// Decoder reads records one at a time.
type Decoder interface {
	// Next returns the next record, or io.EOF after the last one. Any other
	// error names the file and line and is final.
	Next() (annotate.Record, error)
}

// Encoder writes records.
type Encoder interface {
	// Encode writes one record.
	Encode(r annotate.Record) error
	// Close flushes what is buffered and ends the output (a closing
	// bracket for JSON arrays); it does not close the underlying writer.
	Close() error
}

// Loss is what an encoder could not write, e.g. an overlapping span that
// BIO cannot hold.
type Loss struct {
	DocID  string
	Start  int
	End    int
	Label  string
	Reason string
}

// Lossy is implemented by encoders whose format cannot hold everything;
// Losses lists what was left out, so it is never dropped silently.
type Lossy interface {
	Losses() []Loss
}

// Token is one segmenter token in code points (for spaCy/Prodigy tokens).
type Token struct {
	Start, End int
}

// Options configure decoders and encoders.
type Options struct {
	Name      string // the file name used in error messages
	Annotator string // annotator of records that carry spans but name none
	Lines     bool   // text: each non-empty line is one document
	// Tokenize splits text into tokens (code points); nil splits per character.
	Tokenize func(text string) []Token
	// SplitSentences makes CoNLL export split at 。！？ and line ends.
	SplitSentences bool
	// TagScheme is the tag scheme of a CoNLL-2003 import: "iob1", "iob2",
	// "iobes", "bilou", or "" to read any of them (conll2003.go).
	TagScheme string
	// HFLabels are the class names of Hugging Face integer ner_tags, in
	// class order (hf.go); HFInt makes the hf export write class numbers.
	HFLabels []string
	HFInt    bool
	// Units are the offset units of doccano files (UnitsAuto, "" too:
	// detected from the texts on import, UTF-16 on export; UnitsUTF16,
	// UnitsGrapheme, UnitsCodePoint).
	Units string
}

// Format is one file format.
type Format struct {
	Name       string                               // as given to --format
	Extensions []string                             // lower-case, with the dot, for --format auto
	Doc        string                               // one line for help output
	NewDecoder func(r io.Reader, o Options) Decoder // nil if import is unsupported
	NewEncoder func(w io.Writer, o Options) Encoder // nil if export is unsupported
	// OpenPath, for a format stored as many files (BRAT), opens a folder,
	// a zip or one file by its path; the func closes what it opened.
	// See PathFormat.
	OpenPath func(path string, o Options) (Decoder, func() error, error)
}

var registry = map[string]Format{}

// Register adds a format; formats register themselves in init.
func Register(f Format) {
	if _, dup := registry[f.Name]; dup {
		panic("format: registered twice: " + f.Name)
	}
	registry[f.Name] = f
}

// Lookup returns the format named name, or an EINVALID error listing the
// known ones.
func Lookup(name string) (Format, error) {
	if f, ok := registry[name]; ok {
		return f, nil
	}
	return Format{}, annotate.Errorf(annotate.EINVALID, "unknown format %q (known: %s)", name, strings.Join(Names(), ", "))
}

// Names returns the registered format names, sorted.
func Names() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Detect picks a format for --format auto from the file name and its first
// bytes.
func Detect(filename string, head []byte) (Format, error) {
	ext := strings.ToLower(filepath.Ext(filename))
	if ext == ".json" || ext == ".jsonl" || ext == ".ndjson" {
		if f, ok := sniffJSON(head); ok {
			return f, nil
		}
	}
	if f, ok := registry["conll2003"]; ok && contains(registry["conll"].Extensions, ext) && LooksLikeConll2003(head) {
		return f, nil
	}
	for _, f := range registry {
		for _, e := range f.Extensions {
			if e == ext {
				return f, nil
			}
		}
	}
	return Format{}, annotate.Errorf(annotate.EINVALID, "%s: cannot tell the format from the name; give --format (%s)", filename, strings.Join(Names(), ", "))
}

// sniffers let formats claim JSON files by their first record's keys.
var sniffers []func(head []byte) (string, bool)

// RegisterSniffer adds a function that recognises a JSON format by the
// start of the file.
func RegisterSniffer(fn func(head []byte) (string, bool)) { sniffers = append(sniffers, fn) }

// RegisterSnifferFirst adds a sniffer tried before those of
// RegisterSniffer: for a format whose records share keys with a more
// general one's (CLUENER's "label" object, Label Studio JSON_MIN's
// "annotation_id" beside doccano's "label").
func RegisterSnifferFirst(fn func(head []byte) (string, bool)) {
	sniffers = append([]func([]byte) (string, bool){fn}, sniffers...)
}

func sniffJSON(head []byte) (Format, bool) {
	for _, s := range sniffers {
		if name, ok := s(head); ok {
			if f, ok := registry[name]; ok {
				return f, true
			}
		}
	}
	f, ok := registry["gold"]
	return f, ok
}

// lineError is the one shape of a decoding error: file, line, problem.
func lineError(o Options, line int, format string, args ...any) error {
	name := o.Name
	if name == "" {
		name = "<stdin>"
	}
	return annotate.Errorf(annotate.EINVALID, "%s line %d: %s", name, line, fmt.Sprintf(format, args...))
}

// LineError returns an EINVALID error naming the file, the line and the
// problem, for decoders in other packages.
func LineError(o Options, line int, format string, args ...any) error {
	return lineError(o, line, format, args...)
}
