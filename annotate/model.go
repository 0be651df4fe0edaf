package annotate

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Document is one article to annotate. Its text is data: it is never parsed
// as markup.
type Document struct {
	ID   string          // given on import, else DocumentID(Text)
	Text string          // valid UTF-8
	Meta json.RawMessage // a JSON object, compacted; "{}" when empty
	Seq  int64           // import order, assigned by the store
}

// DocumentID returns the id given to a document imported without one: a
// hash of its text, so that importing the same text twice is idempotent.
func DocumentID(text string) string {
	sum := sha256.Sum256([]byte(text))
	return "sha256:" + hex.EncodeToString(sum[:8])
}

// Validate reports whether d can be stored: an id that ValidateName
// accepts, a text of valid UTF-8 that is not blank (BlankText) and meta
// that is a JSON object.
func (d *Document) Validate() error {
	if d.ID == "" {
		return Errorf(EINVALID, "document id is empty")
	} else if err := ValidateName("document id", d.ID); err != nil {
		return err
	} else if !utf8.ValidString(d.Text) {
		return Errorf(EINVALID, "document %q: text is not valid UTF-8", d.ID)
	} else if BlankText(d.Text) {
		return Errorf(EINVALID, "document %q: the text is empty or only white space", d.ID)
	}
	if len(d.Meta) > 0 {
		var m map[string]any
		if err := json.Unmarshal(d.Meta, &m); err != nil || m == nil {
			return Errorf(EINVALID, "document %q: meta must be a JSON object", d.ID)
		}
	}
	return nil
}

// Label is one entity type of a project.
type Label struct {
	Name   string // e.g. "PER"
	Color  string // "#rrggbb"
	Hotkey string // "1".."9", or "" for none
}

var (
	labelNameRE = regexp.MustCompile(`^[\p{L}\p{N}_][\p{L}\p{N}_.:/-]{0,63}$`)
	colorRE     = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
)

// Validate reports whether l is a well-formed label.
func (l *Label) Validate() error {
	if !labelNameRE.MatchString(l.Name) || l.Name == "O" {
		return Errorf(EINVALID, "label name %q must be 1-64 letters, digits, _ . : / - and not \"O\"", l.Name)
	} else if !colorRE.MatchString(l.Color) {
		return Errorf(EINVALID, "label %s: colour %q must look like #3366cc", l.Name, l.Color)
	} else if l.Hotkey != "" && (len(l.Hotkey) != 1 || l.Hotkey[0] < '1' || l.Hotkey[0] > '9') {
		return Errorf(EINVALID, "label %s: hotkey %q must be a digit 1-9 or empty", l.Name, l.Hotkey)
	}
	return nil
}

// DefaultLabels is the label set of a new project.
func DefaultLabels() []Label {
	return []Label{
		{Name: "PER", Color: "#e4572e", Hotkey: "1"},
		{Name: "LOC", Color: "#29a35a", Hotkey: "2"},
		{Name: "ORG", Color: "#3a7bd5", Hotkey: "3"},
		{Name: "TIME", Color: "#c78b00", Hotkey: "4"},
	}
}

// Origin says how a span came to be.
type Origin string

// The origins of a span.
const (
	OriginManual           Origin = "manual"            // added by hand
	OriginSuggestion       Origin = "suggestion"        // a suggestion accepted unchanged
	OriginSuggestionEdited Origin = "suggestion-edited" // a suggestion accepted, then relabelled or resized
)

// Valid reports whether o is a known origin.
func (o Origin) Valid() bool {
	return o == OriginManual || o == OriginSuggestion || o == OriginSuggestionEdited
}

// GoldAnnotator is the annotator name of the adjudicated layer.
const GoldAnnotator = "gold"

// ValidateAnnotator reports whether name is a usable annotator name: 1-64
// bytes of UTF-8 without surrounding white space, and free of the
// characters ValidateName refuses.
func ValidateAnnotator(name string) error {
	if strings.TrimSpace(name) != name || name == "" || len(name) > 64 || !utf8.ValidString(name) {
		return Errorf(EINVALID, "annotator name %q must be 1-64 characters without surrounding spaces", name)
	}
	return ValidateName("annotator name", name)
}

// ValidateName reports whether s, a document id, label or annotator name
// (what says which, for the message), can be shown and compared safely:
// valid UTF-8, not blank (BlankText), and without control characters
// (Unicode Cc: NUL, ESC and the other C0 controls, DEL, the C1 controls,
// which a terminal may act on), format characters (Cf: bidirectional
// overrides and isolates, which reorder what a terminal shows, zero-width
// spaces and joiners, the byte order mark, the soft hyphen), which make
// two different names look the same, or line and paragraph separators.
// The message quotes s with Go escapes, so printing it is safe.
func ValidateName(what, s string) error {
	if !utf8.ValidString(s) {
		return Errorf(EINVALID, "%s %q is not valid UTF-8", what, s)
	}
	if BlankText(s) {
		return Errorf(EINVALID, "%s %q is empty or only white space", what, s)
	}
	for _, r := range s {
		if kind := unsafeRune(r); kind != "" {
			return Errorf(EINVALID, "%s %q contains %s, %s", what, s, RuneName(r), kind)
		}
	}
	return nil
}

// unsafeRune says why r may not stand in a name, or "" when it may.
func unsafeRune(r rune) string {
	switch {
	case unicode.Is(unicode.Cc, r):
		return "a control character"
	case unicode.Is(unicode.Cf, r):
		return "an invisible formatting character"
	case r == '\u2028' || r == '\u2029':
		return "a line break"
	}
	return ""
}

// runeNames names the characters that messages about invisible or
// control characters most often meet.
var runeNames = map[rune]string{
	0x00: "NUL", 0x07: "BEL", 0x08: "BACKSPACE", 0x09: "TAB", 0x0a: "LINE FEED", 0x0d: "CARRIAGE RETURN",
	0x1b: "ESC", 0x7f: "DELETE", 0x85: "NEXT LINE", 0x9b: "CSI", 0xad: "SOFT HYPHEN", 0x061c: "ARABIC LETTER MARK",
	0x200b: "ZERO WIDTH SPACE", 0x200c: "ZERO WIDTH NON-JOINER", 0x200d: "ZERO WIDTH JOINER",
	0x200e: "LEFT-TO-RIGHT MARK", 0x200f: "RIGHT-TO-LEFT MARK", 0x2028: "LINE SEPARATOR", 0x2029: "PARAGRAPH SEPARATOR",
	0x202a: "LEFT-TO-RIGHT EMBEDDING", 0x202b: "RIGHT-TO-LEFT EMBEDDING", 0x202c: "POP DIRECTIONAL FORMATTING",
	0x202d: "LEFT-TO-RIGHT OVERRIDE", 0x202e: "RIGHT-TO-LEFT OVERRIDE", 0x2060: "WORD JOINER",
	0x2066: "LEFT-TO-RIGHT ISOLATE", 0x2067: "RIGHT-TO-LEFT ISOLATE", 0x2068: "FIRST STRONG ISOLATE",
	0x2069: "POP DIRECTIONAL ISOLATE", 0xfeff: "BYTE ORDER MARK",
}

// RuneName returns "U+XXXX" and, for the characters messages about
// invisible ones meet most, the name: "U+001B (ESC)".
func RuneName(r rune) string {
	if name, ok := runeNames[r]; ok {
		return fmt.Sprintf("U+%04X (%s)", r, name)
	}
	return fmt.Sprintf("U+%04X", r)
}

// BlankText reports whether s shows nothing: it is empty or holds only
// white space (Unicode White_Space: spaces, tabs, line breaks, U+3000
// ...), control and format characters (zero-width space U+200B, joiners,
// bidirectional marks, the byte order mark, ...) and the characters that
// render as nothing though they are letters or marks (Hangul fillers
// U+115F, U+1160, U+3164, U+FFA0, the combining grapheme joiner U+034F
// and the Braille blank U+2800).
func BlankText(s string) bool {
	for _, r := range s {
		if !invisible(r) {
			return false
		}
	}
	return true
}

func invisible(r rune) bool {
	if r < utf8.RuneSelf {
		return r <= ' ' || r == 0x7f
	}
	switch r {
	case 0x115f, 0x1160, 0x3164, 0xffa0, 0x034f, 0x2800:
		return true
	}
	return unicode.IsSpace(r) || unicode.In(r, unicode.Cc, unicode.Cf)
}

// Span is one annotation: a labelled range of a document's code points.
type Span struct {
	ID        int64 // assigned by the store; 0 before
	DocID     string
	Start     int // code points, inclusive
	End       int // code points, exclusive
	Label     string
	Origin    Origin
	Annotator string
}

// Validate checks s against its document's length in code points and the
// project's label set (nil labels skips the label check).
func (s *Span) Validate(textLen int, labels map[string]bool) error {
	if s.Start < 0 || s.End > textLen || s.Start >= s.End {
		return Errorf(EINVALID, "span [%d,%d) is out of range: need 0 <= start < end <= %d", s.Start, s.End, textLen)
	}
	if labels != nil && !labels[s.Label] {
		return Errorf(EINVALID, "unknown label %q", s.Label)
	}
	if s.Origin != "" && !s.Origin.Valid() {
		return Errorf(EINVALID, "unknown span origin %q", s.Origin)
	}
	return ValidateAnnotator(s.Annotator)
}

// SameAs reports whether two spans are exact duplicates: same document,
// offsets, label and annotator.
func (s Span) SameAs(o Span) bool {
	return s.DocID == o.DocID && s.Start == o.Start && s.End == o.End && s.Label == o.Label && s.Annotator == o.Annotator
}

// SortSpans orders spans by start, end, label (the export order).
func SortSpans(spans []Span) {
	sortSlice(spans, func(a, b Span) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		} else if a.End != b.End {
			return a.End - b.End
		}
		return strings.Compare(a.Label, b.Label)
	})
}

// Status is the state of one document for one annotator.
type Status string

// The statuses of a document.
const (
	StatusTodo       Status = "todo"
	StatusInProgress Status = "in-progress"
	StatusDone       Status = "done"
	StatusSkipped    Status = "skipped"
)

// ParseStatus returns the Status named s.
func ParseStatus(s string) (Status, error) {
	switch st := Status(s); st {
	case StatusTodo, StatusInProgress, StatusDone, StatusSkipped:
		return st, nil
	}
	return "", Errorf(EINVALID, "unknown status %q (want todo, in-progress, done or skipped)", s)
}

// Suggestion is a machine-proposed span, not yet a reviewer's annotation.
type Suggestion struct {
	ID     int64 // assigned by the store
	DocID  string
	Start  int
	End    int
	Label  string
	Source string  // "dictionary", "rule", "gazetteer", "learned", "model"
	Score  float64 // 0..1
}

// ActionKind names a logged reviewer action.
type ActionKind string

// The kinds of logged reviewer actions.
const (
	ActionAdd    ActionKind = "add"    // a span added (by hand or by accepting a suggestion)
	ActionUpdate ActionKind = "update" // a span relabelled or resized
	ActionDelete ActionKind = "delete" // a span removed
	ActionReject ActionKind = "reject" // a suggestion rejected
	ActionStatus ActionKind = "status" // a document's status changed
)

// Action is one entry of the append-only log of reviewer actions. Before
// and After hold the span (or suggestion decision) around the action, so
// that undo can restore Before and redo After.
type Action struct {
	ID           int64
	Annotator    string
	DocID        string
	Kind         ActionKind
	Before       *Span // nil for add
	After        *Span // nil for delete
	SuggestionID int64 // accept and reject: the suggestion decided on
	// Decided is where the suggestion decided on was (Start, End, Label
	// only); nil when the action decided on none.
	Decided      *Span
	StatusBefore Status
	StatusAfter  Status
	Time         time.Time
	Undone       bool
}
