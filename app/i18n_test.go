package app

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"goldspan/project"
)

// langKeys parses the package's Go files (tests left out) and returns
// every string literal passed to lang.L, with where it is.
func langKeys(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "L" {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "lang" {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("%s: lang.L of a non-literal: its key cannot be checked", fset.Position(call.Pos()))
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			keys[s] = fset.Position(call.Pos()).String()
			return true
		})
	}
	return keys
}

// verbVerb is one fmt verb, with an argument index if it has one.
var fmtVerb = regexp.MustCompile(`%(\[(\d+)\])?[-+# 0]*\d*(\.\d+)?([a-zA-Z%])`)

// verbs lists the format verbs of s as fmt uses them: by argument, in the
// argument's order ("%[2]s ... %[1]d" is "d s"), "%%" left out.
func verbs(s string) string {
	byArg := map[int]string{}
	next := 1
	for _, m := range fmtVerb.FindAllStringSubmatch(s, -1) {
		if m[4] == "%" {
			continue
		}
		if m[2] != "" {
			next, _ = strconv.Atoi(m[2])
		}
		byArg[next] += m[4]
		next++
	}
	var out []string
	for i := 1; i <= len(byArg); i++ {
		out = append(out, byArg[i])
	}
	return strings.Join(out, " ")
}

// Every word the code translates is in all three translation files, none
// of them empty, and no file keeps words the code no longer uses; the
// format verbs of a translation are the English text's.
func TestTranslationsCoverEveryKey(t *testing.T) {
	keys := langKeys(t)
	if len(keys) < 40 {
		t.Fatalf("found only %d lang.L keys", len(keys))
	}
	for _, l := range languages {
		m, _, err := translation(l.code)
		if err != nil {
			t.Fatalf("%s: %v", l.code, err)
		}
		for _, k := range fyneWords {
			if _, ok := m[k]; !ok {
				t.Errorf("%s.json lacks Fyne's own %q", l.code, k)
			}
		}
		for k, where := range keys {
			v, ok := m[k]
			switch {
			case !ok:
				t.Errorf("%s.json lacks %q (used at %s)", l.code, k, where)
			case strings.TrimSpace(v) == "":
				t.Errorf("%s.json: %q is empty", l.code, k)
			case verbs(v) != verbs(k):
				t.Errorf("%s.json: %q has other format verbs than %q: %s against %s", l.code, v, k, verbs(v), verbs(k))
			case strings.Contains(v, "{{"):
				t.Errorf("%s.json: %q would be read as a template", l.code, v)
			}
		}
		for k := range m {
			if _, ok := keys[k]; !ok && !slices.Contains(fyneWords, k) {
				t.Errorf("%s.json keeps %q, which no code uses", l.code, k)
			}
		}
	}
}

// The system's locale picks the language; View › Language switches it at
// once (menus and the panel) and it is remembered.
func TestLanguageFromLocaleAndMenu(t *testing.T) {
	for loc, want := range map[string]string{"zh-TW": "zh-Hant", "zh_HK.UTF-8": "zh-Hant", "zh-Hant": "zh-Hant",
		"zh-CN": "zh-Hans", "zh_SG": "zh-Hans", "zh": "zh-Hans", "en-GB": "en", "de-DE": "en", "": "en"} {
		if got := systemLanguage(loc); got != want {
			t.Errorf("systemLanguage(%q) = %s, want %s", loc, got, want)
		}
	}
	h := newHarness(t, newMemProject(t), "alice")
	t.Cleanup(func() { _ = useLanguage("en") })
	menuNamed := func(name string) *fyne.Menu {
		for _, m := range h.w.MainMenu().Items {
			if m.Label == name {
				return m
			}
		}
		return nil
	}
	// In English "…" is written "...": the bundled CJK font draws U+2026
	// centred on the line, which reads as floating dots after Latin text.
	if !slices.ContainsFunc(menuNamed("File").Items, func(it *fyne.MenuItem) bool { return it.Label == "Import..." }) {
		t.Errorf("English Import… reads %q; the File menu has no Import...", lang.L("Import…"))
	}
	h.d.setLanguage("zh-Hant")
	if !strings.Contains(h.w.MainMenu().Items[0].Items[0].Label, "…") {
		t.Errorf("繁體中文's File › New project lost its ellipsis: %q", h.w.MainMenu().Items[0].Items[0].Label)
	}
	if menuNamed("檔案") == nil || menuNamed("檢視") == nil {
		t.Errorf("the menus after 繁體中文: %v", h.w.MainMenu().Items)
	}
	if got := h.d.panel.search.PlaceHolder; got != "在內文中尋找 (Ctrl+F)" {
		t.Errorf("the panel's search after 繁體中文: %q", got)
	}
	if h.d.panelTab.Text != "標註" || h.a.Preferences().String(prefLanguage) != "zh-Hant" {
		t.Errorf("tab %q, remembered %q", h.d.panelTab.Text, h.a.Preferences().String(prefLanguage))
	}
	// The filters keep working in the language on show.
	h.d.panel.source.SetSelected(panelReviewer())
	if h.d.panel.filter.source != panelReviewerSource || h.d.panel.model.shown != 0 {
		t.Errorf("the reviewer's filter in 繁體中文: %q, %d shown", h.d.panel.filter.source, h.d.panel.model.shown)
	}
	h.d.setLanguage("zh-Hans")
	if menuNamed("文件") == nil || lang.L("Language") != "语言" {
		t.Errorf("简体中文: menus %v, %q", h.w.MainMenu().Items, lang.L("Language"))
	}
	view := menuNamed("视图")
	ticked := ""
	for _, it := range view.Items {
		if it.ChildMenu != nil && it.Label == "语言" {
			for _, s := range it.ChildMenu.Items {
				if s.Checked {
					ticked = s.Label
				}
			}
		}
	}
	if ticked != "简体中文" {
		t.Errorf("View › Language ticks %q", ticked)
	}
	// A restart keeps the language.
	h.restart()
	if h.d.language != "zh-Hans" || h.d.panel.labelAll.Text != "全部标注…" {
		t.Errorf("after a restart: %s, %q", h.d.language, h.d.panel.labelAll.Text)
	}
	h.d.setLanguage("en")
	if menuNamed("File") == nil || h.d.panel.undecided.Text != "Undecided only" {
		t.Errorf("back to English: %v, %q", h.w.MainMenu().Items, h.d.panel.undecided.Text)
	}
}

// shownTexts collects the text that o draws (a hidden object draws none).
func shownTexts(o fyne.CanvasObject, out *[]string) {
	if o == nil || !o.Visible() {
		return
	}
	switch x := o.(type) {
	case *canvas.Text:
		*out = append(*out, x.Text)
	case *fyne.Container:
		for _, c := range x.Objects {
			shownTexts(c, out)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			shownTexts(c, out)
		}
	}
}

// menuTexts collects the labels of a menu and its submenus.
func menuTexts(items []*fyne.MenuItem, out *[]string) {
	for _, it := range items {
		*out = append(*out, it.Label)
		if it.ChildMenu != nil {
			menuTexts(it.ChildMenu.Items, out)
		}
	}
}

// englishIn returns the English words of texts that are not the
// project's own (label names, document ids, the annotator) nor key names.
func englishIn(texts []string, own ...string) []string {
	allowed := map[string]bool{}
	for _, w := range strings.Fields("Ctrl Enter Esc Tab Shift Alt Delete Backspace PageUp PageDown Page Down Up Home End " +
		"Goldspan Markdown JSONL Noto Sans CJK Label Studio spaCy predictions spans Fleiss Krippendorff Cohen auto English") {
		allowed[w] = true
	}
	for _, o := range own {
		allowed[o] = true
	}
	word := regexp.MustCompile(`[A-Za-z]{3,}`)
	var found []string
	for _, s := range texts {
		for _, w := range word.FindAllString(s, -1) {
			if !allowed[w] {
				found = append(found, fmt.Sprintf("%s (in %q)", w, s))
			}
		}
	}
	return found
}

// In 繁體中文 and 简体中文 the desk shows no English words of its own:
// not in the menus, the window, the status bar, the F1 sheet, nor the
// dialogs a reviewer meets (label names, ids and key names aside).
func TestChineseDeskHasNoEnglishLeft(t *testing.T) {
	h := newHarness(t, newMemProject(t), "alice")
	t.Cleanup(func() { _ = useLanguage("en") })
	// The project's own words: label names, ids, the reviewer, the test
	// suggester's source, the documents' text.
	// The export dialog's format names and file are the project's too.
	own := regexp.MustCompile(`[A-Za-z]+`).FindAllString("alice PER LOC ORG TIME MISC GPE PRODUCT rrggbb test goldspan dictionary gold jsonl "+
		textA+" "+textB+" "+textC+" "+h.d.path, -1)
	for _, code := range []string{"zh-Hant", "zh-Hans"} {
		h.d.setLanguage(code)
		h.d.openDocument("a1")
		if code == "zh-Hant" {
			h.d.editor.SelectMark(h.d.editor.Marks()[0])
			h.d.onAccept(h.d.editor.Marks()[0])
		}
		var texts []string
		for _, m := range h.w.MainMenu().Items {
			texts = append(texts, m.Label)
			var items []*fyne.MenuItem
			for _, it := range m.Items {
				if it != h.d.recent { // the recent projects' file names
					items = append(items, it)
				}
			}
			menuTexts(items, &texts)
		}
		shownTexts(h.w.Content(), &texts)
		texts = append(texts, h.d.bar.message.Text, h.d.list.search.PlaceHolder)
		texts = append(texts, h.d.list.filter.Options...)
		for _, dlg := range []func(){
			h.d.showShortcuts, h.d.onExport, h.d.onAddLabel, h.d.onLabelHotkey,
			func() { h.d.showReviewerDialog(false) }, func() { h.d.askAcceptAll(2) }, func() { h.d.showDoneGate(2) },
			h.d.showModel, h.d.guide.onEdit,
		} {
			dlg()
			for _, o := range h.w.Canvas().Overlays().List() {
				shownTexts(o, &texts)
			}
			for h.w.Canvas().Overlays().Top() != nil {
				h.w.Canvas().Overlays().Remove(h.w.Canvas().Overlays().Top())
			}
			h.d.sheet, h.d.gate, h.d.acceptAsk = nil, nil, nil
		}
		for _, s := range shortcutSheet() {
			texts = append(texts, s.group)
			for _, k := range s.keys {
				texts = append(texts, k[0], k[1])
			}
		}
		if found := englishIn(texts, own...); len(found) > 0 {
			t.Errorf("%s shows English:\n%s", code, strings.Join(found, "\n"))
		}
	}
}

// The queue's reasons, which project.Queue writes in English, read in
// Chinese: every order's reasons are among those reasonText knows (a
// reason it does not know would show in English).
func TestQueueReasonsTranslated(t *testing.T) {
	h := newHarness(t, newMemProject(t), "alice")
	t.Cleanup(func() { _ = useLanguage("en") })
	h.d.setLanguage("zh-Hant")
	uncertain := func(text string) (float64, int) { return 1.5, len([]rune(text)) }
	for _, o := range project.Orders {
		for _, un := range []project.Uncertain{nil, uncertain} {
			items, err := project.Queue(context.Background(), h.d.st, "alice", o, un)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range items {
				if got := reasonText(it.Reason); got == it.Reason || len(englishIn([]string{got})) > 0 {
					t.Errorf("%s: the reason %q reads %q", o, it.Reason, got)
				}
			}
		}
	}
}
