package tagger

import (
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

// folder maps Traditional characters to Simplified ones, one code point
// for one code point, with OpenCC's hk2s conversion applied to each
// character alone. A character whose conversion is not exactly one code
// point stays as it is, so offsets never move. Conversions are cached;
// a folder is safe for concurrent use.
type folder struct {
	once    sync.Once
	convert func(string) (string, error) // nil until loaded; tests set it
	err     error
	bmp     [1 << 16]atomic.Int32 // per BMP code point: its folded form + 1, 0 if not asked yet
	other   sync.Map              // beyond the BMP: rune → rune
}

var hk2s folder

// load loads the OpenCC dictionaries (about 0.06 s) once.
func (f *folder) load() error {
	f.once.Do(func() {
		if f.convert != nil {
			return
		}
		cc, err := opencc.New("hk2s")
		if err != nil {
			f.err = err
			return
		}
		f.convert = cc.Convert
	})
	return f.err
}

// foldable reports whether r may have a Simplified form: it lies in a
// CJK block. Everything else (ASCII, Latin, emoji, punctuation below
// U+2E80) is kept without asking OpenCC.
func foldable(r rune) bool {
	return r >= 0x2E80 && r <= 0x9FFF || r >= 0xF900 && r <= 0xFAFF || r >= 0x20000 && r <= 0x3134F
}

// rune returns the Simplified form of r, or r itself.
func (f *folder) rune(r rune) rune {
	if !foldable(r) {
		return r
	}
	if r < 1<<16 {
		if v := f.bmp[r].Load(); v != 0 {
			return v - 1
		}
	} else if v, ok := f.other.Load(r); ok {
		return v.(rune)
	}
	out := f.ask(r)
	if r < 1<<16 {
		f.bmp[r].Store(out + 1)
	} else {
		f.other.Store(r, out)
	}
	return out
}

// ask converts r alone with OpenCC, falling back to r itself unless the
// result is exactly one code point.
func (f *folder) ask(r rune) rune {
	if f.load() != nil {
		return r
	}
	s, err := f.convert(string(r))
	if err != nil || utf8.RuneCountInString(s) != 1 {
		return r
	}
	out, _ := utf8.DecodeRuneInString(s)
	if out == utf8.RuneError {
		return r
	}
	return out
}

// fold returns a copy of rs with every character folded; the result has
// the same length as rs.
func (f *folder) fold(rs []rune) []rune {
	out := make([]rune, len(rs))
	for i, r := range rs {
		out[i] = f.rune(r)
	}
	return out
}
