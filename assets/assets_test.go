package assets

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"image/png"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestFontsAreSingleOpenTypeFonts checks that the embedded fonts are single
// CFF OpenType fonts (Fyne 2.7.1 crashes on .ttc collections) named as the
// licence says.
func TestFontsAreSingleOpenTypeFonts(t *testing.T) {
	for _, tc := range []struct {
		name     string
		data     []byte
		fullName string
	}{
		{FontRegularName, FontRegular, "NotoSansCJKsc-Regular"},
		{FontBoldName, FontBold, "NotoSansCJKsc-Bold"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.data) < 1<<20 {
				t.Fatalf("font is %d bytes; want a full CJK font", len(tc.data))
			}
			if tag := string(tc.data[:4]); tag != "OTTO" {
				t.Fatalf("font starts with %q; want an OpenType CFF font (OTTO), not a collection", tag)
			}
			if !hasTable(tc.data, "cmap") || !hasTable(tc.data, "CFF ") {
				t.Fatal("font lacks a cmap or CFF table")
			}
			// The PostScript name is stored in UTF-16BE in the name table.
			if !bytes.Contains(tc.data, utf16be(tc.fullName)) {
				t.Errorf("font does not carry the name %q", tc.fullName)
			}
		})
	}
	if !strings.Contains(FontLicense, "SIL OPEN FONT LICENSE Version 1.1") {
		t.Error("FontLicense does not hold the OFL text")
	}
}

// TestIcon checks the icon is a 512x512 PNG.
func TestIcon(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(Icon))
	if err != nil {
		t.Fatalf("icon: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 512 || b.Dy() != 512 {
		t.Errorf("icon is %dx%d; want 512x512", b.Dx(), b.Dy())
	}
}

// TestDemoCorpus checks the demo corpus is native JSONL without spans, with
// unique ids, both scripts, Latin names in parentheses and a date.
func TestDemoCorpus(t *testing.T) {
	type record struct {
		ID    string            `json:"id"`
		Text  string            `json:"text"`
		Spans json.RawMessage   `json:"spans"`
		Meta  map[string]string `json:"meta"`
	}
	ids := map[string]bool{}
	scripts := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(DemoCorpus))
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Bytes()
		if !utf8.Valid(line) {
			t.Fatalf("line %d: invalid UTF-8", n)
		}
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		var r record
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		if r.ID == "" || ids[r.ID] {
			t.Errorf("line %d: empty or repeated id %q", n, r.ID)
		}
		ids[r.ID] = true
		if r.Spans != nil {
			t.Errorf("line %d: demo records carry no spans", n)
		}
		if r.Meta["source"] != "Goldspan demo" {
			t.Errorf("line %d: meta.source = %q", n, r.Meta["source"])
		}
		scripts[r.Meta["script"]]++
		if !strings.Contains(r.Text, "（") || !strings.Contains(r.Text, "年") {
			t.Errorf("line %d: want a Latin name in parentheses and a date", n)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 8 || n > 10 {
		t.Errorf("demo corpus has %d articles; want 8-10", n)
	}
	if scripts["Traditional"] == 0 || scripts["Simplified"] == 0 || len(scripts) != 2 {
		t.Errorf("scripts = %v; want Traditional and Simplified only", scripts)
	}
	for _, want := range []string{"俄羅斯國防部", "𠮷", "👍", "上午十時", "2025年9月23日"} {
		if !bytes.Contains(DemoCorpus, []byte(want)) {
			t.Errorf("demo corpus lacks %q", want)
		}
	}
}

// hasTable reports whether the sfnt font data has a table with the given tag.
func hasTable(data []byte, tag string) bool {
	if len(data) < 12 {
		return false
	}
	n := int(binary.BigEndian.Uint16(data[4:6]))
	for i := 0; i < n; i++ {
		off := 12 + 16*i
		if off+16 > len(data) {
			return false
		}
		if string(data[off:off+4]) == tag {
			return true
		}
	}
	return false
}

func utf16be(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r>>8), byte(r))
	}
	return b
}
