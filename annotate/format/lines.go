package format

import (
	"bufio"
	"bytes"
	"io"
	"unicode/utf8"
)

// MaxLine is the longest line a line-based decoder accepts. A longer line
// is an error rather than an unbounded allocation.
const MaxLine = 32 << 20

// lineReader yields lines without their line ends, counting them from 1,
// dropping a UTF-8 byte order mark at the start of the file, and refusing
// lines over MaxLine or with invalid UTF-8 or NUL bytes.
type lineReader struct {
	r    *bufio.Reader
	o    Options
	n    int
	long []byte
}

func newLineReader(r io.Reader, o Options) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 64<<10), o: o}
}

// next returns the next line and its number, or io.EOF. The returned slice
// is valid until the next call. keepCR leaves a trailing \r in place.
func (l *lineReader) next(keepCR bool) ([]byte, int, error) {
	l.long = l.long[:0]
	for {
		chunk, err := l.r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			if len(l.long)+len(chunk) > MaxLine {
				l.n++
				return nil, l.n, lineError(l.o, l.n, "line is longer than %d MiB", MaxLine>>20)
			}
			l.long = append(l.long, chunk...)
			continue
		}
		if err != nil && err != io.EOF {
			return nil, l.n + 1, lineError(l.o, l.n+1, "read failed: %v", err)
		}
		if len(chunk) == 0 && len(l.long) == 0 && err == io.EOF {
			return nil, l.n, io.EOF
		}
		line := chunk
		if len(l.long) > 0 {
			if len(l.long)+len(chunk) > MaxLine {
				l.n++
				return nil, l.n, lineError(l.o, l.n, "line is longer than %d MiB", MaxLine>>20)
			}
			l.long = append(l.long, chunk...)
			line = l.long
		}
		l.n++
		line = bytes.TrimSuffix(line, []byte("\n"))
		if !keepCR {
			line = bytes.TrimSuffix(line, []byte("\r"))
		}
		if l.n == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		if !utf8.Valid(line) {
			return nil, l.n, lineError(l.o, l.n, "invalid UTF-8 at byte %d of the line", invalidAt(line))
		}
		if i := bytes.IndexByte(line, 0); i >= 0 {
			return nil, l.n, lineError(l.o, l.n, "NUL byte at byte %d of the line (binary file?)", i)
		}
		return line, l.n, nil
	}
}

func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// nextNonBlank is next without its line end, skipping lines of only white
// space.
func (l *lineReader) nextNonBlank() ([]byte, int, error) {
	for {
		line, n, err := l.next(false)
		if err != nil || len(bytes.TrimSpace(line)) > 0 {
			return line, n, err
		}
	}
}
