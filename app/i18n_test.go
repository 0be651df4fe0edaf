package app

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
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
		for k, where := range keys {
			v, ok := m[k]
			switch {
			case !ok:
				t.Errorf("%s.json lacks %q (used at %s)", l.code, k, where)
			case strings.TrimSpace(v) == "":
				t.Errorf("%s.json: %q is empty", l.code, k)
			case strings.Count(v, "%d") != strings.Count(k, "%d") || strings.Count(v, "%s") != strings.Count(k, "%s"):
				t.Errorf("%s.json: %q has other format verbs than %q", l.code, v, k)
			}
		}
		for k := range m {
			if _, ok := keys[k]; !ok {
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
	if lang.L("Import…") != "Import..." || menuNamed("File").Items[6].Label != "Import..." {
		t.Errorf("English Import… reads %q in the File menu %q", lang.L("Import…"), menuNamed("File").Items[6].Label)
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
