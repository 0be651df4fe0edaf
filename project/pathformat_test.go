package project

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"goldspan/annotate"
	"goldspan/annotate/format"
	"goldspan/internal/fake"
)

// A BRAT folder imports through its path (format.PathFormat), and the
// project's BRAT export, imported into a fresh project, gives the same
// documents and spans.
func TestImportBratFolderAndBack(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	files := map[string]string{
		"news/001.txt": "浙商银行的叶老桂\r\n在北京。",
		"news/001.ann": "T1\tORG 0 4\t浙商银行\nT2\tPER 5 8\t叶老桂\nT3\tLOC 11 13\t北京\nR1\tWorks Arg1:T2 Arg2:T1\n",
		"002.txt":      "联合国🇺🇳旗帜下，👩‍👩‍👧去了𠀀村。",
		"002.ann":      "T1\tORG 0 3\t联合国\nT2\tLOC 16 18\t𠀀村\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st := fake.New()
	rep, err := Import(bg, st, []Input{{Path: dir, Options: format.Options{Annotator: "alice"}}}, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Documents != 2 || rep.Spans != 5 || len(rep.Losses) != 1 {
		t.Errorf("report %+v", rep)
	}
	gold, _ := exportAs(t, st, ExportOptions{Format: "gold", Filter: annotate.ExportFilter{Annotator: "alice"}})
	for _, want := range []string{`"id":"news/001"`, `"start":11,"end":13,"label":"LOC"`, `"id":"002"`, `"start":16,"end":18,"label":"LOC","text":"𠀀村"`} {
		if !strings.Contains(gold, want) {
			t.Errorf("stored records lack %s:\n%s", want, gold)
		}
	}
	var zipped bytes.Buffer
	if _, losses, err := Export(bg, st, &zipped, ExportOptions{Format: "brat", Filter: annotate.ExportFilter{Annotator: "alice"}}); err != nil || len(losses) != 0 {
		t.Fatalf("brat export: %v %v", err, losses)
	}
	zipPath := filepath.Join(t.TempDir(), "out.zip")
	os.WriteFile(zipPath, zipped.Bytes(), 0o644)
	st2 := fake.New()
	if _, err := Import(bg, st2, []Input{{Path: zipPath, Options: format.Options{Annotator: "alice"}}}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if again, _ := exportAs(t, st2, ExportOptions{Format: "gold", Filter: annotate.ExportFilter{Annotator: "alice"}}); again != gold {
		t.Errorf("BRAT round trip changed the project:\n%s\nwas\n%s", again, gold)
	}
}
