package format

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"goldspan/annotate"
)

// BRAT standoff (brat.nlplab.org/standoff.html): a document is ID.txt,
// its text, and ID.ann, one annotation a line:
//
//	T1<TAB>PER 0 3<TAB>叶老桂
//
// Offsets count the code points of the .txt as brat reads it (Python 3
// str of the UTF-8 file as stored: CR LF is two characters, a byte order
// mark is one), end exclusive. Import reads a folder (its subfolders too;
// the id is the path below the folder without ".txt", with "/"), a .zip
// of one, or a single .txt or .ann with its partner; other files
// (annotation.conf, visual.conf, …) are ignored. The rules are brat's own
// (server/src/annotation.py): an id is letters and digits (T1, T1a), once
// per file; a T line is "TYPE START END" or discontinuous
// "TYPE S1 E1;S2 E2", then a tab and the covered text (the fragments
// joined by one space), which must match the .txt, or nothing (brat
// fills it in); fragments lie in the text and do not overlap. Errors name
// the .ann file and its line. What Goldspan cannot hold is listed by the
// decoder's Losses, never dropped silently: discontinuous and empty
// (START = END) entities, event triggers (T lines an E line names as its
// trigger: not entities, as brat's get_entities says), and the A, M, R,
// E, N, * and # lines
// (attributes, relations, events, normalizations, equivalences, notes).
// A .txt without a .ann, or whose .ann has no entities, is a document
// without annotation; spans take Options.Annotator.
//
// Export writes a zip holding ID.txt (the text exactly, UTF-8) and ID.ann
// (T1, T2, … in span order) per record. Ids are made file-name safe,
// "/" kept as the folder separator (import reads folders back into the
// same ids): in each part, characters other than letters, digits, "-",
// "_" and "." become "_", a leading "." becomes "_", at most 100 bytes,
// an empty part is "doc"; a name taken already (case
// ignored, for Windows and macOS) gets "~2", "~3", …; Losses lists every
// id so changed. A span whose text holds a line break is written without
// the text after its offsets (brat fills it in), as a line cannot hold
// it. What BRAT cannot hold: meta, annotator, status, span origins,
// machine suggestions, labels with white space, and an annotated
// document without entities (its empty .ann reads back as not annotated).

func init() {
	Register(Format{
		Name:       "brat",
		Extensions: []string{".ann"},
		Doc:        "BRAT standoff: ID.txt + ID.ann (T1<TAB>LABEL start end<TAB>text), a folder or .zip; export writes a .zip",
		NewDecoder: func(r io.Reader, o Options) Decoder { return newBratZipDecoder(r, o) },
		NewEncoder: func(w io.Writer, o Options) Encoder {
			return &bratEncoder{zw: zip.NewWriter(w), taken: map[string]bool{}}
		},
		OpenPath: openBratPath,
	})
}

// maxBratZip bounds a zip read from a stream (it is read into memory).
const maxBratZip = 1 << 30

// bratDoc is one document: where its two files are.
type bratDoc struct {
	id       string
	txtName  string // as messages name it
	annName  string // "" when there is no .ann
	txt, ann func() (io.ReadCloser, error)
}

type bratDecoder struct {
	o      Options
	docs   []bratDoc
	i      int
	err    error
	labels labels
	lossList
}

// Next implements Decoder.
func (d *bratDecoder) Next() (annotate.Record, error) {
	if d.err != nil {
		return annotate.Record{}, d.err
	}
	if d.i >= len(d.docs) {
		return annotate.Record{}, io.EOF
	}
	doc := d.docs[d.i]
	d.i++
	rec, err := d.read(doc)
	if err != nil {
		d.err = err
	}
	return rec, err
}

// newBratZipDecoder reads a zip from a stream.
func newBratZipDecoder(r io.Reader, o Options) Decoder {
	data, err := io.ReadAll(io.LimitReader(r, maxBratZip+1))
	if err == nil && len(data) > maxBratZip {
		err = fmt.Errorf("longer than %d MiB", maxBratZip>>20)
	}
	if err != nil {
		return &bratDecoder{err: lineError(o, 1, "cannot read the BRAT zip: %v", err)}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return &bratDecoder{err: lineError(o, 1, "not a zip of BRAT .txt and .ann files (%v); a folder is read by its path", err)}
	}
	return newBratZip(zr, o)
}

func newBratZip(zr *zip.Reader, o Options) *bratDecoder {
	byPath := map[string]*zip.File{}
	for _, f := range zr.File {
		if !f.FileInfo().IsDir() {
			byPath[f.Name] = f
		}
	}
	open := func(f *zip.File) func() (io.ReadCloser, error) {
		return func() (io.ReadCloser, error) { return f.Open() }
	}
	d := &bratDecoder{o: o}
	for name, f := range byPath {
		if !strings.HasSuffix(name, ".txt") {
			continue
		}
		base := strings.TrimSuffix(name, ".txt")
		doc := bratDoc{id: strings.TrimPrefix(base, "./"), txtName: zipName(o, name), txt: open(f)}
		if a, ok := byPath[base+".ann"]; ok {
			doc.annName, doc.ann = zipName(o, base+".ann"), open(a)
		}
		d.docs = append(d.docs, doc)
	}
	d.sortDocs()
	return d
}

func zipName(o Options, name string) string {
	if o.Name == "" {
		return name
	}
	return o.Name + ":" + name
}

func (d *bratDecoder) sortDocs() {
	sort.Slice(d.docs, func(i, j int) bool { return d.docs[i].id < d.docs[j].id })
	if len(d.docs) == 0 && d.err == nil {
		d.err = lineError(d.o, 1, "no BRAT documents (ID.txt with its ID.ann) found")
	}
}

// openBratPath opens a folder, a .zip, or one .txt or .ann file.
func openBratPath(p string, o Options) (Decoder, func() error, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, nil, annotate.Errorf(annotate.ENOTFOUND, "%s: %v", o.Name, pathErr(err))
	}
	fileOpener := func(name string) func() (io.ReadCloser, error) {
		return func() (io.ReadCloser, error) { return os.Open(name) }
	}
	exists := func(name string) bool { s, err := os.Stat(name); return err == nil && s.Mode().IsRegular() }
	switch {
	case fi.IsDir():
		d := &bratDecoder{o: o}
		err := filepath.WalkDir(p, func(name string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if e.IsDir() || !strings.HasSuffix(name, ".txt") {
				return nil
			}
			rel, _ := filepath.Rel(p, name)
			base := strings.TrimSuffix(name, ".txt")
			doc := bratDoc{id: filepath.ToSlash(strings.TrimSuffix(rel, ".txt")), txtName: name, txt: fileOpener(name)}
			if exists(base + ".ann") {
				doc.annName, doc.ann = base+".ann", fileOpener(base+".ann")
			}
			d.docs = append(d.docs, doc)
			return nil
		})
		if err != nil {
			return nil, nil, annotate.Errorf(annotate.EINVALID, "%s: %v", o.Name, pathErr(err))
		}
		d.sortDocs()
		return d, func() error { return nil }, nil
	case strings.EqualFold(filepath.Ext(p), ".zip"):
		zr, err := zip.OpenReader(p)
		if err != nil {
			return nil, nil, annotate.Errorf(annotate.EINVALID, "%s: not a zip of BRAT .txt and .ann files: %v", o.Name, err)
		}
		return newBratZip(&zr.Reader, o), zr.Close, nil
	case strings.HasSuffix(p, ".txt") || strings.HasSuffix(p, ".ann"):
		base := strings.TrimSuffix(strings.TrimSuffix(p, ".txt"), ".ann")
		doc := bratDoc{id: filepath.Base(base), txtName: base + ".txt", txt: fileOpener(base + ".txt")}
		if exists(base + ".ann") {
			doc.annName, doc.ann = base+".ann", fileOpener(base+".ann")
		}
		return &bratDecoder{o: o, docs: []bratDoc{doc}}, func() error { return nil }, nil
	}
	return nil, nil, annotate.Errorf(annotate.EINVALID, "%s: BRAT reads a folder, a .zip, or a .txt or .ann file", o.Name)
}

// pathErr is the reason of a file-system error without the path.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// PathFormat returns the format that reads the input at p as a whole
// rather than as one stream (BRAT: a folder, a .zip, or a .txt or .ann
// with its partner), for name "auto" or a format with OpenPath; ok is
// false for inputs read through NewDecoder.
func PathFormat(name, p string) (Format, bool) {
	if name != "auto" {
		f, ok := registry[name]
		return f, ok && f.OpenPath != nil
	}
	if p == "" || p == "-" {
		return Format{}, false
	}
	fi, err := os.Stat(p)
	if err != nil {
		return Format{}, false
	}
	ext := strings.ToLower(filepath.Ext(p))
	if fi.IsDir() || ext == ".zip" || ext == ".ann" {
		f, ok := registry["brat"]
		return f, ok
	}
	return Format{}, false
}

// readAllLimited reads a file of the document, at most MaxText bytes.
func readAllLimited(open func() (io.ReadCloser, error), o Options) ([]byte, error) {
	f, err := open()
	if err != nil {
		return nil, lineError(o, 1, "cannot open: %v", pathErr(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxText+1))
	if err != nil {
		return nil, lineError(o, 1, "cannot read: %v", pathErr(err))
	}
	if len(b) > MaxText {
		return nil, lineError(o, 1, "longer than %d MiB", MaxText>>20)
	}
	if !utf8.Valid(b) {
		i := invalidAt(b)
		return nil, lineError(o, 1+bytes.Count(b[:i], []byte("\n")), "invalid UTF-8 (brat reads UTF-8)")
	}
	return b, nil
}

// bratID is brat's id syntax (annotation.py, __split_annotation_id).
var bratID = regexp.MustCompile(`^([A-Za-z]+|#[A-Za-z]*)([0-9]+)(.*?)$`)

func (d *bratDecoder) read(doc bratDoc) (annotate.Record, error) {
	to := d.o
	to.Name = doc.txtName
	raw, err := readAllLimited(doc.txt, to)
	if err != nil {
		return annotate.Record{}, err
	}
	text := string(raw)
	if err := checkText("text", text); err != nil {
		return annotate.Record{}, lineError(to, 1, "%v", err)
	}
	rec := annotate.Record{Line: 1, Doc: annotate.Document{ID: doc.id, Text: text}}
	if err := checkName("id", doc.id); err != nil {
		return rec, lineError(to, 1, "the file name: %v", err)
	}
	if doc.ann != nil {
		ao := d.o
		ao.Name = doc.annName
		araw, err := readAllLimited(doc.ann, ao)
		if err != nil {
			return rec, err
		}
		if rec.Spans, err = d.parseAnn(string(araw), []rune(text), doc.id, ao); err != nil {
			return rec, err
		}
		rec.HasSpans = len(rec.Spans) > 0
		rec.Spans = dedupe(rec.Spans)
	}
	if err := finishRecord(&rec, d.o); err != nil {
		return rec, lineError(to, 1, "%v", err)
	}
	return rec, nil
}

// parseAnn reads the lines of an .ann file.
func (d *bratDecoder) parseAnn(ann string, text []rune, docID string, o Options) ([]annotate.Span, error) {
	var spans []annotate.Span
	var spanIDs []string
	var triggers []string // T ids that events name as their trigger
	seen := map[string]bool{}
	others := map[string]int{}
	kinds := map[byte]string{'A': "attributes", 'M': "attributes", 'R': "relations", 'E': "events", 'N': "normalizations", '*': "equivalences", '#': "notes"}
	for n, line := range strings.Split(ann, "\n") {
		n++
		line = strings.TrimSuffix(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		id, tail, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, lineError(o, n, "want an id, a tab and the annotation, e.g. T1<TAB>PER 0 3<TAB>叶老桂; got %q", clipString(line, 40))
		}
		if id != "*" && !bratID.MatchString(id) {
			return nil, lineError(o, n, "%q is not a brat id (letters then digits: T1, R2, #3)", clipString(id, 20))
		}
		if id != "*" {
			if seen[id] {
				return nil, lineError(o, n, "the id %s appears twice", id)
			}
			seen[id] = true
		}
		if id[0] != 'T' {
			kind, ok := kinds[id[0]]
			if !ok {
				return nil, lineError(o, n, "unknown annotation %q: brat's are T, A, M, R, E, N, * and #", id)
			}
			others[kind]++
			if id[0] == 'E' { // TYPE:TRIGGER ROLE:ID …
				if first, _, _ := strings.Cut(strings.TrimSpace(strings.SplitN(tail, "\t", 2)[0]), " "); strings.Contains(first, ":") {
					triggers = append(triggers, first[strings.LastIndex(first, ":")+1:])
				}
			}
			continue
		}
		data, textTail, _ := strings.Cut(tail, "\t")
		typ, rest, ok := strings.Cut(data, " ")
		if !ok {
			return nil, lineError(o, n, "%s: want TYPE START END, got %q", id, clipString(data, 40))
		}
		var frags [][2]int
		for _, f := range strings.Split(rest, ";") {
			parts := strings.Split(strings.TrimRight(f, " "), " ")
			if len(parts) != 2 {
				return nil, lineError(o, n, "%s: want START END (fragments separated by ;), got %q (a space instead of a tab?)", id, clipString(f, 40))
			}
			s, err1 := strconv.Atoi(parts[0])
			e, err2 := strconv.Atoi(parts[1])
			if err1 != nil || err2 != nil || parts[0][0] == '+' || parts[1][0] == '+' {
				return nil, lineError(o, n, "%s: offsets %q are not whole numbers", id, clipString(f, 40))
			}
			switch {
			case s < 0 || s > e:
				return nil, lineError(o, n, "%s %s [%d,%d): want 0 ≤ start ≤ end", id, typ, s, e)
			case e > len(text):
				return nil, lineError(o, n, "%s %s [%d,%d): past the end of the text of %d characters (offsets count code points of the .txt)", id, typ, s, e, len(text))
			}
			for _, g := range frags {
				if e >= g[0] && s < g[1] {
					return nil, lineError(o, n, "%s: fragments [%d,%d) and [%d,%d) overlap", id, g[0], g[1], s, e)
				}
			}
			frags = append(frags, [2]int{s, e})
		}
		parts := make([]string, len(frags))
		for i, f := range frags {
			parts[i] = string(text[f[0]:f[1]])
		}
		ref := strings.Join(parts, " ")
		if strings.TrimSpace(textTail) != "" {
			tr := []rune(textTail)
			k := utf8.RuneCountInString(ref)
			if len(tr) < k || string(tr[:k]) != ref {
				got := textTail
				if len(tr) > k {
					got = string(tr[:k])
				}
				return nil, lineError(o, n, "%s %s %s: the text after the offsets is %q, but the .txt has %q there", id, typ, rest, got, ref)
			}
			if len(tr) > k && !unicode.IsSpace(tr[k]) {
				return nil, lineError(o, n, "%s: the text %q runs on into %q", id, ref, clipString(string(tr[k:]), 20))
			}
		}
		label := d.labels.intern([]byte(typ))
		if err := checkName("label", label); err != nil {
			return nil, lineError(o, n, "%s: %v", id, err)
		}
		switch {
		case len(frags) > 1:
			d.add(Loss{DocID: docID, Start: frags[0][0], End: frags[len(frags)-1][1], Label: label, Reason: fmt.Sprintf("%s line %d: discontinuous entity %s (%s) not imported: Goldspan spans are contiguous", o.Name, n, id, rest)})
		case frags[0][0] == frags[0][1]:
			d.add(Loss{DocID: docID, Start: frags[0][0], End: frags[0][1], Label: label, Reason: fmt.Sprintf("%s line %d: empty entity %s not imported", o.Name, n, id)})
		default:
			spans = append(spans, annotate.Span{Start: frags[0][0], End: frags[0][1], Label: label, Origin: annotate.OriginManual})
			spanIDs = append(spanIDs, id)
		}
	}
	// Event triggers are text-bound but not entities (brat's get_entities).
	for _, tr := range triggers {
		for i, id := range spanIDs {
			if id == tr {
				s := spans[i]
				d.add(Loss{DocID: docID, Start: s.Start, End: s.End, Label: s.Label, Reason: fmt.Sprintf("%s: event trigger %s (%s) not imported: Goldspan keeps entities only", o.Name, id, s.Label)})
				spans = append(spans[:i], spans[i+1:]...)
				spanIDs = append(spanIDs[:i], spanIDs[i+1:]...)
				break
			}
		}
	}
	var kindsSeen []string
	for k := range others {
		kindsSeen = append(kindsSeen, k)
	}
	sort.Strings(kindsSeen)
	for _, k := range kindsSeen {
		d.add(Loss{DocID: docID, Reason: fmt.Sprintf("%s: %d %s not imported: Goldspan keeps entities only", o.Name, others[k], k)})
	}
	return spans, nil
}

type bratEncoder struct {
	zw    *zip.Writer
	taken map[string]bool // lower-cased names written
	lossList
}

// bratFileName makes an id a path in the zip: see the comment at the
// top; "/" separates folders (brat's collections), as import reads them.
func bratFileName(id string) string {
	parts := strings.Split(id, "/")
	for i, p := range parts {
		parts[i] = bratSegment(p)
	}
	return strings.Join(parts, "/")
}

func bratSegment(id string) string {
	var b strings.Builder
	for _, r := range id {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	s := b.String()
	if strings.HasPrefix(s, ".") {
		s = "_" + s[1:]
	}
	for len(s) > 100 {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	if s == "" {
		s = "doc"
	}
	return s
}

// isLineBreak is what Python's str.splitlines splits at.
func isLineBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// Encode implements Encoder.
func (e *bratEncoder) Encode(r annotate.Record) error {
	e.noSuggestions(r, "BRAT")
	name := bratFileName(r.Doc.ID)
	base := name
	for k := 2; e.taken[strings.ToLower(name)]; k++ {
		name = fmt.Sprintf("%s~%d", base, k)
	}
	e.taken[strings.ToLower(name)] = true
	if name != r.Doc.ID {
		e.add(Loss{DocID: r.Doc.ID, Reason: fmt.Sprintf("written as %s.txt and %s.ann: the id is not a safe file name or is taken", name, name)})
	}
	text := []rune(r.Doc.Text)
	spans := append([]annotate.Span(nil), r.Spans...)
	annotate.SortSpans(spans)
	var ann bytes.Buffer
	k := 0
	for _, s := range spans {
		switch {
		case s.Start < 0 || s.End > len(text) || s.Start >= s.End:
			e.add(Loss{DocID: r.Doc.ID, Start: s.Start, End: s.End, Label: s.Label, Reason: fmt.Sprintf("offsets outside the text of %d characters", len(text))})
			continue
		case !validTagLabel(s.Label):
			e.add(Loss{DocID: r.Doc.ID, Start: s.Start, End: s.End, Label: s.Label, Reason: "a BRAT type cannot hold white space"})
			continue
		}
		k++
		covered := string(text[s.Start:s.End])
		fmt.Fprintf(&ann, "T%d\t%s %d %d", k, s.Label, s.Start, s.End)
		if strings.IndexFunc(covered, isLineBreak) < 0 {
			ann.WriteByte('\t')
			ann.WriteString(covered)
		}
		ann.WriteByte('\n')
	}
	if r.HasSpans && k == 0 {
		e.add(Loss{DocID: r.Doc.ID, Reason: "annotated with no entities: its empty .ann reads back as a document without annotation"})
	}
	for _, f := range []struct {
		ext  string
		data []byte
	}{{".txt", []byte(r.Doc.Text)}, {".ann", ann.Bytes()}} {
		w, err := e.zw.Create(name + f.ext)
		if err != nil {
			return err
		}
		if _, err := w.Write(f.data); err != nil {
			return err
		}
	}
	return nil
}

// Close implements Encoder: it ends the zip.
func (e *bratEncoder) Close() error { return e.zw.Close() }
