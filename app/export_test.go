package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"goldspan/annotate"
)

func TestExportAsksBeforeOverwriting(t *testing.T) {
	h := newHarness(t, newMemProject(t), "alice")
	out := filepath.Join(t.TempDir(), "gold.jsonl")
	o := exportOptions{Path: out, Format: "gold", Filter: annotate.ExportFilter{All: true}}

	// A new file is written without asking.
	h.d.startExport(o)
	h.d.jobs.wait()
	tapButton(t, h.w, "OK") // "Export finished"
	data, err := os.ReadFile(out)
	if err != nil || strings.Count(string(data), "\n") != 3 {
		t.Fatalf("export to a new file: %v, %q", err, data)
	}

	// An existing file: the reviewer is asked, and Cancel leaves it alone.
	os.WriteFile(out, []byte("keep me\n"), 0o600)
	h.d.startExport(o)
	h.d.jobs.wait()
	if h.w.Canvas().Overlays().Top() == nil {
		t.Fatalf("no question before overwriting %s", out)
	}
	if b, _ := os.ReadFile(out); string(b) != "keep me\n" {
		t.Fatalf("the file changed before the answer: %q", b)
	}
	tapButton(t, h.w, "Cancel")
	h.d.jobs.wait()
	if b, _ := os.ReadFile(out); string(b) != "keep me\n" {
		t.Errorf("the file changed after Cancel: %q", b)
	}
	if !strings.Contains(h.d.bar.message.Text, "left as it was") {
		t.Errorf("message after Cancel: %q", h.d.bar.message.Text)
	}

	// Replace overwrites it.
	h.d.startExport(o)
	tapButton(t, h.w, "Replace")
	h.d.jobs.wait()
	if b, _ := os.ReadFile(out); strings.Count(string(b), "\n") != 3 || strings.Contains(string(b), "keep me") {
		t.Errorf("after Replace: %q", b)
	}

	// The dialog proposes a name beside the project that follows the format.
	if got := h.d.exportPath(filepath.Dir(h.path), "conll"); !strings.HasPrefix(filepath.Base(got), "test-conll.") {
		t.Errorf("proposed %s", got)
	}
	if err := validateExportPath(filepath.Join(t.TempDir(), "no", "such", "x.jsonl")); err == nil {
		t.Errorf("a folder that does not exist was accepted")
	}
}
