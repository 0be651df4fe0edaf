package app

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"goldspan/storage"
)

func TestSecondSessionIsWarned(t *testing.T) {
	path := newProject(t)
	// Another window has the project open.
	other, holder, err := storage.Claim(path)
	if err != nil || other == nil || holder != "" {
		t.Fatalf("claim: %v %q %v", other, holder, err)
	}
	h := newDeskWith(t, path, Deps{Open: openStore})
	want := fmt.Sprintf("Someone else is working in this project: pid %d on ", os.Getpid())
	if !strings.HasPrefix(h.d.lastWarning, want) || !strings.Contains(h.d.lastWarning, "Your changes are saved safely") {
		t.Fatalf("warning %q", h.d.lastWarning)
	}
	if h.w.Canvas().Overlays().Top() == nil {
		t.Fatalf("no warning dialog")
	}
	// It does not stop the work: dismiss it and label something.
	tapButton(t, h.w, "OK")
	if !h.d.hasDoc {
		t.Fatalf("no document open under the warning")
	}
	dragSelect(h.w, h.ed(), 0, 3)
	test.Type(h.ed(), "2")
	h.wantSaved()
	if got := h.spans("a1"); got != "LOC[0,3)manual" {
		t.Errorf("stored %q", got)
	}
	other.Release()

	// Reopened alone, this window holds the project: a third is warned,
	// and closing gives the claim back.
	h.d.lastWarning = ""
	h.d.openProject(newProject(t))
	h.d.jobs.wait()
	h.d.openProject(path)
	h.d.jobs.wait()
	if h.d.lastWarning != "" {
		t.Errorf("warned with nobody else in the project: %q", h.d.lastWarning)
	}
	third, holder, err := storage.Claim(path)
	if err != nil || third != nil || !strings.HasPrefix(holder, fmt.Sprintf("pid %d on ", os.Getpid())) {
		t.Errorf("a third claim while the desk has the project: %v %q %v", third, holder, err)
	}
	h.d.closeProject()
	third, holder, err = storage.Claim(path)
	if err != nil || third == nil {
		t.Fatalf("the claim was not given back on close: %q %v", holder, err)
	}
	third.Release()
}
