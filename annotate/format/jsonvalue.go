package format

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"goldspan/annotate"
)

// A strict reader of JSON records. encoding/json matches keys without
// regard to case ("Op" fills the field tagged "op"), lets the last of two
// equal keys win, ignores keys it does not know and turns a \u escape of
// a lone UTF-16 surrogate into U+FFFD, so that two different ids can
// become one. The decoders of this package read records with jv instead:
// keys match exactly, a key twice in one object is an error, each format
// says which other keys it tolerates, and a lone surrogate is an error.
// The bytes are first checked with encoding/json (json.Valid, or the
// stream's Decoder), whose syntax errors the messages keep; jv then walks
// the valid bytes without reflection and without allocating for what it
// skips, so that a record of a million spans is read in one pass.

// jv is the bytes of one JSON value, without white space around it; nil
// for a key that is absent.
type jv []byte

// absent reports whether v is missing or null, which every decoder reads
// alike.
func (v jv) absent() bool { return len(v) == 0 || v[0] == 'n' }

// kind is v's JSON type, as messages name it.
func (v jv) kind() string {
	if len(v) == 0 {
		return "nothing"
	}
	switch v[0] {
	case '{':
		return "a JSON object"
	case '[':
		return "a JSON array"
	case '"':
		return "a JSON string"
	case 't', 'f':
		return "a JSON boolean"
	case 'n':
		return "null"
	}
	return "a JSON number"
}

// describe is kind with the value itself for scalars, clipped: a JSON
// number 1e30, a JSON string "0".
func (v jv) describe() string {
	if len(v) > 0 && (v[0] == '"' || v[0] == '-' || v[0] >= '0' && v[0] <= '9') {
		return v.kind() + " " + clip(v, 40)
	}
	return v.kind()
}

// typeError says that key holds the wrong kind of value.
func typeError(key, want string, v jv) error {
	return fmt.Errorf("%q should be %s, not %s", key, want, v.describe())
}

// errDepth stops values nested deeper than encoding/json allows.
var errDepth = errors.New("JSON nested too deep")

const maxDepth = 10000

// scanValue returns the end of the JSON value starting at b[i] (no white
// space before it). It trusts the syntax (checked before) only as far as
// never reading out of bounds or looping.
func scanValue(b []byte, i, depth int) (int, error) {
	if i >= len(b) {
		return i, errors.New("unexpected end of JSON")
	}
	switch c := b[i]; {
	case c == '"':
		j, ok := skipString(b, i)
		if !ok {
			return j, errors.New("unterminated JSON string")
		}
		return j, nil
	case c == '{' || c == '[':
		if depth >= maxDepth {
			return i, errDepth
		}
		closer := byte('}')
		if c == '[' {
			closer = ']'
		}
		j := skipWS(b, i+1)
		if j < len(b) && b[j] == closer {
			return j + 1, nil
		}
		for {
			var err error
			if c == '{' {
				if j, err = scanValue(b, j, depth+1); err != nil { // the key
					return j, err
				}
				j = skipWS(b, j)
				if j >= len(b) || b[j] != ':' {
					return j, errors.New("expected : after an object key")
				}
				j = skipWS(b, j+1)
			}
			if j, err = scanValue(b, j, depth+1); err != nil {
				return j, err
			}
			j = skipWS(b, j)
			if j >= len(b) {
				return j, errors.New("unexpected end of JSON")
			}
			if b[j] == closer {
				return j + 1, nil
			}
			if b[j] != ',' {
				return j, fmt.Errorf("unexpected %q in JSON", b[j])
			}
			j = skipWS(b, j+1)
		}
	default:
		j := i
		for j < len(b) {
			switch b[j] {
			case ',', '}', ']', ' ', '\t', '\n', '\r', ':':
				return j, nil
			}
			j++
		}
		if j == i {
			return j, errors.New("expected a JSON value")
		}
		return j, nil
	}
}

// jobj walks the members of a JSON object in order. It refuses a key
// that comes twice (compared after decoding escapes, so "a" and "\u0061"
// are the same key) and a key with a \u escape of a lone surrogate.
type jobj struct {
	b     []byte
	i     int
	err   error
	done  bool
	small [16][]byte // the keys so far, while there are few
	n     int
	set   map[string]struct{} // the keys so far, past len(small)
}

// object starts walking v, which must be an object (name says whose, for
// the message).
func (v jv) object(name string) (jobj, error) {
	if len(v) == 0 || v[0] != '{' {
		return jobj{}, typeError(name, "an object", v)
	}
	o := jobj{b: v, i: skipWS(v, 1)}
	if o.i < len(v) && v[o.i] == '}' {
		o.done = true
	}
	return o, nil
}

// next returns the next key and value; ok is false at the end or on an
// error, which err then holds.
func (o *jobj) next() (key []byte, val jv, ok bool) {
	if o.done || o.err != nil {
		return nil, nil, false
	}
	b := o.b
	if o.i >= len(b) || b[o.i] != '"' {
		o.err = errors.New("expected an object key")
		return nil, nil, false
	}
	end, sok := skipString(b, o.i)
	if !sok {
		o.err = errors.New("unterminated object key")
		return nil, nil, false
	}
	key = b[o.i+1 : end-1]
	if bytes.IndexByte(key, '\\') >= 0 {
		dec, err := unquote(b[o.i:end], nil)
		if err != nil {
			o.err = fmt.Errorf("object key %s: %v", clip(b[o.i:end], 40), err)
			return nil, nil, false
		}
		key = dec
	}
	j := skipWS(b, end)
	if j >= len(b) || b[j] != ':' {
		o.err = errors.New("expected : after an object key")
		return nil, nil, false
	}
	j = skipWS(b, j+1)
	vend, err := scanValue(b, j, 1)
	if err != nil {
		o.err = err
		return nil, nil, false
	}
	val = jv(b[j:vend])
	j = skipWS(b, vend)
	switch {
	case j < len(b) && b[j] == ',':
		o.i = skipWS(b, j+1)
	case j < len(b) && b[j] == '}':
		o.done = true
	default:
		o.err = errors.New("expected , or } after an object member")
		return nil, nil, false
	}
	if o.seen(key) {
		o.err = fmt.Errorf("the key %q appears twice in one object", key)
		return nil, nil, false
	}
	return key, val, true
}

// seen records key and reports whether it came before.
func (o *jobj) seen(key []byte) bool {
	if o.set == nil {
		for _, k := range o.small[:o.n] {
			if bytes.Equal(k, key) {
				return true
			}
		}
		if o.n < len(o.small) {
			o.small[o.n] = key
			o.n++
			return false
		}
		o.set = make(map[string]struct{}, 2*len(o.small))
		for _, k := range o.small {
			o.set[string(k)] = struct{}{}
		}
	}
	if _, dup := o.set[string(key)]; dup {
		return true
	}
	o.set[string(key)] = struct{}{}
	return false
}

// jarr walks the items of a JSON array.
type jarr struct {
	b    []byte
	i    int
	n    int // items returned
	err  error
	done bool
}

// array starts walking v, which must be an array (name says whose, for
// the message).
func (v jv) array(name string) (jarr, error) {
	if len(v) == 0 || v[0] != '[' {
		return jarr{}, typeError(name, "a list", v)
	}
	a := jarr{b: v, i: skipWS(v, 1)}
	if a.i < len(v) && v[a.i] == ']' {
		a.done = true
	}
	return a, nil
}

// next returns the next item; ok is false at the end or on an error.
func (a *jarr) next() (jv, bool) {
	if a.done || a.err != nil {
		return nil, false
	}
	b := a.b
	end, err := scanValue(b, a.i, 1)
	if err != nil {
		a.err = err
		return nil, false
	}
	val := jv(b[a.i:end])
	j := skipWS(b, end)
	switch {
	case j < len(b) && b[j] == ',':
		a.i = skipWS(b, j+1)
	case j < len(b) && b[j] == ']':
		a.done = true
	default:
		a.err = errors.New("expected , or ] after an array item")
		return nil, false
	}
	a.n++
	return val, true
}

// loneSurrogate is the error of a \u escape of a lone UTF-16 surrogate.
type loneSurrogate struct{ esc string }

func (e loneSurrogate) Error() string {
	return fmt.Sprintf(`contains a \u escape of a lone UTF-16 surrogate (%s), which is not a character`, e.esc)
}

// unquote appends the decoded JSON string q (with its quotes) to buf. A
// \u escape of a lone surrogate is an error: encoding/json would turn it
// into U+FFFD.
func unquote(q []byte, buf []byte) ([]byte, error) {
	if len(q) < 2 || q[0] != '"' || q[len(q)-1] != '"' {
		return buf, errors.New("not a JSON string")
	}
	s := q[1 : len(q)-1]
	for len(s) > 0 {
		i := bytes.IndexByte(s, '\\')
		if i < 0 {
			return append(buf, s...), nil
		}
		buf = append(buf, s[:i]...)
		s = s[i:]
		if len(s) < 2 {
			return buf, errors.New("bad escape in a JSON string")
		}
		switch s[1] {
		case '"', '\\', '/':
			buf = append(buf, s[1])
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := hex4(s[2:])
			if !ok {
				return buf, errors.New("bad \\u escape in a JSON string")
			}
			n := 6
			if utf16.IsSurrogate(r) {
				if r >= 0xdc00 || len(s) < 12 || s[6] != '\\' || s[7] != 'u' {
					return buf, loneSurrogate{string(s[:6])}
				}
				r2, ok2 := hex4(s[8:])
				if !ok2 || r2 < 0xdc00 || r2 > 0xdfff {
					return buf, loneSurrogate{string(s[:6])}
				}
				r = utf16.DecodeRune(r, r2)
				n = 12
			}
			buf = utf8.AppendRune(buf, r)
			s = s[n:]
			continue
		default:
			return buf, errors.New("bad escape in a JSON string")
		}
		s = s[2:]
	}
	return buf, nil
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// str decodes v, which must be a string (name says whose, for messages).
func (v jv) str(name string) (string, error) {
	if len(v) == 0 || v[0] != '"' {
		return "", typeError(name, "a string", v)
	}
	if bytes.IndexByte(v, '\\') < 0 {
		return string(v[1 : len(v)-1]), nil
	}
	b, err := unquote(v, make([]byte, 0, len(v)))
	if err != nil {
		return "", fmt.Errorf("%q %v", name, err)
	}
	return string(b), nil
}

// optStr is str for an optional string: "" and false when v is absent.
func (v jv) optStr(name string) (string, bool, error) {
	if v.absent() {
		return "", false, nil
	}
	s, err := v.str(name)
	return s, err == nil, err
}

// whole reads v as a JSON integer (no fraction, no exponent) that fits
// an int.
func (v jv) whole() (int, bool) {
	b := v
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	if n > 1<<63-1 {
		return 0, false
	}
	if neg {
		return -int(n), true
	}
	return int(n), true
}

// int reads v as a whole number (name says whose, for the message).
func (v jv) int(name string) (int, error) {
	n, ok := v.whole()
	if !ok {
		return 0, typeError(name, "a whole number", v)
	}
	return n, nil
}

// float reads v as a JSON number.
func (v jv) float(name string) (float64, error) {
	if len(v) == 0 || !(v[0] == '-' || v[0] >= '0' && v[0] <= '9') {
		return 0, typeError(name, "a number", v)
	}
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil {
		return 0, typeError(name, "a number", v)
	}
	return f, nil
}

// bool reads v as true or false.
func (v jv) bool(name string) (bool, error) {
	switch string(v) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, typeError(name, "true or false", v)
}

// checkTree walks v and refuses a key twice in any object inside it:
// for the values a decoder keeps (meta) or tolerates without reading.
func checkTree(v jv) error { return checkTreeDepth(v, 0) }

func checkTreeDepth(v jv, depth int) error {
	if len(v) == 0 || (v[0] != '{' && v[0] != '[') {
		return nil
	}
	if depth > maxDepth {
		return errDepth
	}
	if v[0] == '[' {
		a, _ := v.array("")
		for it, ok := a.next(); ok; it, ok = a.next() {
			if err := checkTreeDepth(it, depth+1); err != nil {
				return err
			}
		}
		return a.err
	}
	o, _ := v.object("")
	for key, val, ok := o.next(); ok; key, val, ok = o.next() {
		if err := checkTreeDepth(val, depth+1); err != nil {
			return fmt.Errorf("%q: %w", key, err)
		}
	}
	return o.err
}

// keySet is the keys one object of a format may hold.
type keySet struct {
	// what names the object in messages: "Goldspan JSONL records".
	what string
	// read are the keys the decoder reads.
	read []string
	// tolerated are keys the decoder accepts and ignores (checked for
	// duplicate keys inside); a key ending in "*" is a prefix.
	tolerated []string
	// open: any other key is tolerated too, unless it looks like a
	// misspelling of a key of read that the object lacks (see nearKey).
	open bool
	// foreign maps keys of other formats to a hint: a file given the
	// wrong --format is refused rather than read without its spans.
	foreign map[string]string
}

// foreignKeys are the distinctive keys of each format, for hints.
var foreignKeys = map[string]string{
	"spans":       "gold or spacy",
	"label":       "doccano",
	"entities":    "doccano",
	"tokens":      "spacy or hf",
	"ner_tags":    "hf",
	"answer":      "spacy",
	"data":        "labelstudio",
	"annotations": "labelstudio",
	"predictions": "labelstudio",
}

// foreignFor returns foreignKeys without the keys a format reads.
func foreignFor(own ...string) map[string]string {
	m := make(map[string]string, len(foreignKeys))
	for k, v := range foreignKeys {
		if !contains(own, k) {
			m[k] = v
		}
	}
	return m
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// tolerates reports whether key is one of ks.tolerated.
func (ks *keySet) tolerates(key string) bool {
	for _, t := range ks.tolerated {
		if t == key || strings.HasSuffix(t, "*") && strings.HasPrefix(key, t[:len(t)-1]) {
			return true
		}
	}
	return false
}

// unknown returns the error for key, which is not in ks.read, or nil
// when ks tolerates it; has reports which keys of ks.read the object
// holds.
func (ks *keySet) unknown(key string, val jv, has func(string) bool) error {
	if hint, ok := ks.foreign[key]; ok {
		return fmt.Errorf("has a %q key, which %s do not have: is this a %s file? Give --format", key, ks.what, hint)
	}
	if k, ok := nearKey(key, ks.read, has); ok {
		return fmt.Errorf("unknown key %q: did you mean %q? (keys match exactly, case included)", key, k)
	}
	if ks.open || ks.tolerates(key) {
		return checkTree(val)
	}
	return fmt.Errorf("unknown key %q; %s have %s", key, ks.what, quoteList(ks.read))
}

// quoteList writes keys as "a", "b" and "c".
func quoteList(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = strconv.Quote(k)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}

// nearKey returns the key of read that key looks like a misspelling of:
// the same but for case (always), or, for keys of four bytes or more, one
// edit away (a byte inserted, deleted, replaced, or two neighbours
// swapped) from a key the object lacks. "Op" for "op", "span" for
// "spans", "lable" for "label"; but a "text2" beside a "text" is a key
// of its own.
func nearKey(key string, read []string, has func(string) bool) (string, bool) {
	for _, k := range read {
		if strings.EqualFold(k, key) {
			return k, true
		}
	}
	for _, k := range read {
		if len(k) >= 4 && len(key) >= 4 && !has(k) && oneEdit(key, k) {
			return k, true
		}
	}
	return "", false
}

// oneEdit reports whether a and b differ by one insertion, deletion,
// replacement or swap of neighbouring bytes.
func oneEdit(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	switch len(b) - len(a) {
	case 0:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		if i == len(a) {
			return false // equal
		}
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case 1:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		return a[i:] == b[i+1:]
	}
	return false
}

// fields reads object v (name says whose, for messages) into vals, the
// values of the keys of ks.read in that order (nil for a key the object
// lacks), checking every other key against ks.
func (ks *keySet) fields(v jv, name string, vals []jv) error {
	o, err := v.object(name)
	if err != nil {
		return err
	}
	others := false
	for key, val, ok := o.next(); ok; key, val, ok = o.next() {
		if i := indexKey(ks.read, key); i >= 0 {
			vals[i] = val
		} else {
			others = true
		}
	}
	if o.err != nil || !others {
		return o.err
	}
	has := func(k string) bool { return vals[indexKey(ks.read, []byte(k))] != nil }
	o, _ = v.object(name)
	for key, val, ok := o.next(); ok; key, val, ok = o.next() {
		if indexKey(ks.read, key) < 0 {
			if err := ks.unknown(string(key), val, has); err != nil {
				return err
			}
		}
	}
	return o.err
}

func indexKey(read []string, key []byte) int {
	for i, k := range read {
		if k == string(key) {
			return i
		}
	}
	return -1
}

// parseRecord checks that line is one valid JSON value, with
// encoding/json's messages for what is not, and returns it.
func parseRecord(line []byte) (jv, error) {
	if !json.Valid(line) {
		return nil, strictJSON(line)
	}
	v := jv(bytes.TrimSpace(line))
	if v[0] != '{' {
		return nil, fmt.Errorf("the record should be a JSON object {...}, not %s", v.kind())
	}
	return v, nil
}

// strictJSON returns encoding/json's error for a line that is not one
// valid JSON value.
func strictJSON(line []byte) error {
	dec := json.NewDecoder(bytes.NewReader(line))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return fmt.Errorf("invalid JSON: %s", jsonProblem(err))
	}
	if dec.More() {
		return fmt.Errorf("invalid JSON: more than one value on the line")
	}
	return fmt.Errorf("invalid JSON")
}

// checkText refuses a document text that is blank (annotate.BlankText)
// or holds NUL; key names it.
func checkText(key, text string) error {
	if text == "" {
		return fmt.Errorf("%q is empty: a document needs text", key)
	}
	if annotate.BlankText(text) {
		return fmt.Errorf("%q is only white space or invisible characters (%s): a document needs text", key, firstRunes(text, 3))
	}
	if i := strings.IndexByte(text, 0); i >= 0 {
		return fmt.Errorf("%q contains U+0000 (NUL) at code point %d", key, utf8.RuneCountInString(text[:i]))
	}
	return nil
}

// firstRunes names the first n code points of s: "U+200B U+0020".
func firstRunes(s string, n int) string {
	var parts []string
	for _, r := range s {
		if len(parts) == n {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, fmt.Sprintf("U+%04X", r))
	}
	return strings.Join(parts, " ")
}

// checkName is annotate.ValidateName as a decoder's error, without the
// error code (lineError adds it).
func checkName(what, s string) error {
	if err := annotate.ValidateName(what, s); err != nil {
		return errors.New(annotate.ErrorMessage(err))
	}
	return nil
}

// labels interns span labels, which repeat a million times in a big
// record, so that each is one string; it forgets them past a bound.
type labels map[string]string

func (l *labels) intern(b []byte) string {
	if s, ok := (*l)[string(b)]; ok {
		return s
	}
	if *l == nil || len(*l) > 1024 {
		*l = make(labels)
	}
	s := string(b)
	(*l)[s] = s
	return s
}

// label reads a span label: a string that checkName accepts.
func (l *labels) label(v jv, name string) (string, error) {
	if len(v) < 2 || v[0] != '"' {
		return "", typeError(name, "a string", v)
	}
	var s string
	if bytes.IndexByte(v, '\\') < 0 {
		s = l.intern(v[1 : len(v)-1])
	} else {
		var err error
		if s, err = v.str(name); err != nil {
			return "", err
		}
	}
	if err := checkName("label", s); err != nil {
		return "", err
	}
	return s, nil
}

// StrictUnmarshal decodes data, one JSON object, into the struct v points
// to, as encoding/json would but strictly: keys match the fields' json
// tags exactly (case included), a key the struct lacks, a key twice in
// one object, data after the object and a \u escape of a lone UTF-16
// surrogate in any string are errors, and whole-number fields take only
// whole numbers. Nested structs and lists of them are read the same way.
// Fields may be strings, bools, ints, floats, pointers to those, structs,
// slices, json.RawMessage (kept as written, checked for duplicate keys)
// or any (decoded by encoding/json after the same checks). Errors are
// plain sentences for a caller to place: "unknown key "Op": did you mean
// "op"?".
func StrictUnmarshal(data []byte, v any) error {
	rec, err := parseRecord(data)
	if err != nil {
		return err
	}
	return strictInto(rec, v)
}
