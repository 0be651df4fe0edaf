package annotate

import (
	"context"
	"slices"
)

// Model is a learned model kept in a project: opaque bytes and what it
// learned from.
type Model struct {
	Name     string
	Data     []byte
	Examples int     // what it learned from
	F1       float64 // its running F1 on documents marked done (0 if unknown)
}

// LexiconEntry is what reviewers taught about one surface form and label:
// the spans stored with it (votes) and the suggestions of it rejected.
type LexiconEntry struct {
	Surface    string
	Label      string
	Votes      int
	Rejections int
}

// ModelStore keeps a project's learned models.
type ModelStore interface {
	// SaveModel stores (or replaces) the models named by their Name, all
	// in one transaction.
	SaveModel(ctx context.Context, ms ...Model) error
	// LoadModel returns the model named name, or ENOTFOUND.
	LoadModel(ctx context.Context, name string) (Model, error)
}

// LexiconStore reads the lexicon that a project's reviewers taught: every
// stored span votes for its surface and label, every rejected suggestion
// counts against its surface and label (see LexiconVotes).
type LexiconStore interface {
	// Lexicon returns every entry with votes or rejections, sorted by
	// surface, then label.
	Lexicon(ctx context.Context) ([]LexiconEntry, error)
	// LexiconVersion returns a value that changes whenever the lexicon
	// does, so that a cached copy knows when to reload.
	LexiconVersion(ctx context.Context) (string, error)
}

// SettingStore keeps a project's own settings: texts by key, such as the
// lead's annotation guidelines (SettingGuidelines). The SQLite store and
// the fake implement it; callers ask a Project for it with a type
// assertion (a store without it keeps no settings).
type SettingStore interface {
	// Setting returns the value stored under key, "" if none is. Returns
	// EINVALID for a malformed key (see ValidateSettingKey).
	Setting(ctx context.Context, key string) (string, error)
	// SetSetting stores value under key in one transaction; "" removes it.
	// Returns EINVALID for a malformed key or a value over MaxSettingLen bytes.
	SetSetting(ctx context.Context, key, value string) error
}

// SettingGuidelines is the key of the project's annotation guidelines
// (Markdown, the lead's own).
const SettingGuidelines = "guidelines"

// MaxSettingLen is the most bytes a setting's value may hold.
const MaxSettingLen = 1 << 20

// ValidateSettingKey checks a setting's key: 1 to 64 characters of a-z,
// 0-9, '.', '_' and '-'.
func ValidateSettingKey(key string) error {
	if key == "" || len(key) > 64 {
		return Errorf(EINVALID, "setting key %q: need 1 to 64 characters", key)
	}
	for _, r := range key {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return Errorf(EINVALID, "setting key %q: only a-z, 0-9, '.', '_' and '-'", key)
		}
	}
	return nil
}

// ValidateSetting checks a setting's key and value.
func ValidateSetting(key, value string) error {
	if err := ValidateSettingKey(key); err != nil {
		return err
	}
	if len(value) > MaxSettingLen {
		return Errorf(EINVALID, "setting %s: %d bytes, at most %d", key, len(value), MaxSettingLen)
	}
	return nil
}

// Project is an open project: its documents and annotations (Store), its
// models and lexicon, the session claim and backups of the place it is
// kept. Close it when done.
type Project interface {
	Store
	ModelStore
	LexiconStore
	SettingStore
	AssignmentStore
	// Claim marks the project as open in this process. When another
	// process already has it open, Claim returns a nil release and a
	// description of the holder ("pid 123 on host, since 15:04"); the
	// project can still be used, since every write is its own transaction.
	Claim() (release func() error, holder string, err error)
	// Backup writes a consistent copy of the project beside it, keeping
	// the newest keep copies (0 keeps all), and returns where it wrote
	// it; "" when the store keeps no backups (in memory).
	Backup(ctx context.Context, keep int) (string, error)
	// Close releases the project; it must not be used afterwards.
	Close() error
}

// TitleClass is the lexicon key under which LexiconVotes also counts the
// decisions on every span that ends where a title begins: the ministry in
// 肯尼亞衛生部長 (Kenya's health minister) or 俄罗斯外交部长. Corpora
// differ here: People's Daily and MSRA mark 俄罗斯外交部 as an
// organisation, other projects mark only the place, so the suggester
// learns the project's convention from these counts. The key begins with
// U+0001, which no surface a reviewer marks does.
const TitleClass = "\x01office-before-title"

// BeforeTitle reports whether text[start:end] ends on an office (部 局
// 署 院 廳 厅 處 处 司 社) that the next character makes a title (長 长):
// 衛生部 in 衛生部長, 外交部 in 外交部长, 日报社 in 日报社长.
func BeforeTitle(text []rune, start, end int) bool {
	if start < 0 || end <= start || end >= len(text) || text[end] != '長' && text[end] != '长' {
		return false
	}
	switch text[end-1] {
	case '部', '局', '署', '院', '廳', '厅', '處', '处', '司', '社':
		return true
	}
	return false
}

// PlaceTails are words after a place that projects mark either way: one
// span with the place (中国政府 and 美國海軍 as one organisation, 淮北地区
// as one place), or the place alone (中国 of 中国政府, as People's Daily
// and MSRA mark it). LexiconVotes counts the decisions on both forms under
// TailClass keys, so that the suggester learns the project's convention
// for every place from a few of them. Traditional and Simplified forms
// are both listed; the lexicon folds the keys to Simplified.
var PlaceTails = []string{
	"政府", "当局", "當局", "军方", "軍方", "海军", "海軍", "陆军", "陸軍", "空军", "空軍",
	"国会", "國會", "议会", "議會", "参议院", "參議院", "众议院", "眾議院", "内阁", "內閣", "地区", "地區",
}

// TailClass is the lexicon key under which LexiconVotes also counts the
// decisions on spans that end with tail, one of PlaceTails, after at
// least one character (joined: 中国政府), or on spans that tail follows
// (not joined: 中国 before 政府). Like TitleClass it begins with U+0001.
func TailClass(tail string, joined bool) string {
	if joined {
		return "\x01tail-joined:" + tail
	}
	return "\x01tail-alone:" + tail
}

// placeTailRunes are PlaceTails as runes, for TailsAround.
var placeTailRunes = func() [][]rune {
	out := make([][]rune, len(PlaceTails))
	for i, t := range PlaceTails {
		out[i] = []rune(t)
	}
	return out
}()

// TailsAround returns the tail (one of PlaceTails) that text[start:end]
// ends with after at least one character, and the tail that follows it;
// "" where there is none. The suggester reads a candidate's tails with
// it, LexiconVotes a decision's.
func TailsAround(text []rune, start, end int) (ending, following string) {
	for i, tr := range placeTailRunes {
		if n := len(tr); ending == "" && end-start > n && slices.Equal(text[end-n:end], tr) {
			ending = PlaceTails[i]
		}
		if n := len(tr); following == "" && end+n <= len(text) && slices.Equal(text[end:end+n], tr) {
			following = PlaceTails[i]
		}
	}
	return ending, following
}

// LexiconVote is one change to the lexicon: add Votes and Rejections to
// the counts of Surface as Label.
type LexiconVote struct {
	Surface    string
	Label      string
	Votes      int
	Rejections int
}

// LexiconVotes returns how one change of a stored span or a decision on a
// suggestion moves the lexicon: a span that stops existing (before) takes
// its vote back, a span that comes to exist (after) votes, a rejection
// that comes to exist (rejected) or stops existing (unrejected) counts
// against its surface and label. text is the document's text; spans are
// in code points. Stores apply these in the transaction of the change.
func LexiconVotes(text []rune, before, after *Span, rejected, unrejected *Span) []LexiconVote {
	var out []LexiconVote
	surface := func(s *Span) string {
		if s.Start < 0 || s.End > len(text) || s.Start >= s.End {
			return ""
		}
		return string(text[s.Start:s.End])
	}
	add := func(s *Span, votes, rejections int) {
		if s == nil {
			return
		}
		if sf := surface(s); sf != "" {
			out = append(out, LexiconVote{Surface: sf, Label: s.Label, Votes: votes, Rejections: rejections})
			if BeforeTitle(text, s.Start, s.End) {
				out = append(out, LexiconVote{Surface: TitleClass, Label: s.Label, Votes: votes, Rejections: rejections})
			}
			ending, following := TailsAround(text, s.Start, s.End)
			if ending != "" {
				out = append(out, LexiconVote{Surface: TailClass(ending, true), Label: s.Label, Votes: votes, Rejections: rejections})
			}
			if following != "" {
				out = append(out, LexiconVote{Surface: TailClass(following, false), Label: s.Label, Votes: votes, Rejections: rejections})
			}
		}
	}
	add(before, -1, 0)
	add(after, 1, 0)
	add(rejected, 0, 1)
	add(unrejected, 0, -1)
	return out
}

// Assignment hands one document to one annotator: it is in their queue.
type Assignment struct {
	DocID     string
	Annotator string
}

// AssignmentStore keeps who is to annotate which document: the lead
// hands documents out, each to one or more annotators (the overlap on
// which agreement is measured), and each reviewer's "next document"
// follows their own. The SQLite and PostgreSQL stores and the fake
// implement it; on a team project only a lead may change it.
type AssignmentStore interface {
	// Assign stores as in one transaction. With replace, every earlier
	// assignment goes first; otherwise as are added to them (an
	// assignment already held is kept once). Returns ENOTFOUND naming the
	// first unknown document and EINVALID for a malformed annotator; then
	// nothing changed.
	Assign(ctx context.Context, as []Assignment, replace bool) error
	// Assignments returns the assignments of annotator ("" for every
	// annotator's), in the documents' import order, then by annotator.
	Assignments(ctx context.Context, annotator string) ([]Assignment, error)
}
