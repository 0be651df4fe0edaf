package app

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// The interface in English, 繁體中文 and 简体中文, through Fyne's lang
// package: the words are lang.L calls on the English text in the code and the
// translations are JSON files in translations/, one per language, keyed
// by the English text. The language follows the system's locale until
// the reviewer picks one in View › Language (remembered). Label names,
// document text and the lead's guidelines are never translated.

//go:embed translations/*.json
var translationFiles embed.FS

// prefLanguage remembers the language picked in View › Language; "" follows the system.
const prefLanguage = "language"

// language is one language of the interface.
type language struct {
	code string // the translation file's name: en, zh-Hant, zh-Hans
	name string // as its readers write it
}

// languages are the interface's languages, in the menu's order.
var languages = []language{{"en", "English"}, {"zh-Hant", "繁體中文"}, {"zh-Hans", "简体中文"}}

// translation reads the words of language code.
func translation(code string) (map[string]string, []byte, error) {
	b, err := translationFiles.ReadFile("translations/" + code + ".json")
	if err != nil {
		return nil, nil, err
	}
	m := map[string]string{}
	err = json.Unmarshal(b, &m)
	return m, b, err
}

// systemLanguage is the language of the interface for a system locale
// such as zh-TW, zh-Hant-HK, zh_CN.UTF-8 or en-GB.
func systemLanguage(locale string) string {
	l := strings.ToLower(strings.ReplaceAll(locale, "_", "-"))
	switch {
	case !strings.HasPrefix(l, "zh"):
		return "en"
	case strings.Contains(l, "hant") || strings.Contains(l, "-tw") || strings.Contains(l, "-hk") || strings.Contains(l, "-mo"):
		return "zh-Hant"
	}
	return "zh-Hans"
}

// chosenLanguage is the language to show: the one picked, else the system's.
func (d *desk) chosenLanguage() string {
	if c := d.prefs.String(prefLanguage); c != "" {
		for _, l := range languages {
			if l.code == c {
				return c
			}
		}
	}
	return systemLanguage(string(lang.SystemLocale()))
}

// useLanguage makes lang.L answer in language code. Fyne picks the
// translation closest to the system's locale and offers no switch, so
// the words of code are added under every tag it may pick: ours and the
// system's own.
func useLanguage(code string) error {
	_, b, err := translation(code)
	if err != nil {
		return err
	}
	tags := map[fyne.Locale]bool{lang.SystemLocale(): true}
	for _, l := range languages {
		tags[fyne.Locale(l.code)] = true
	}
	for t := range tags {
		if t == "" {
			continue
		}
		if err := lang.AddTranslationsForLocale(b, t); err != nil {
			return err
		}
	}
	return nil
}

// applyLanguage shows the interface in the chosen language.
func (d *desk) applyLanguage() {
	d.language = d.chosenLanguage()
	if err := useLanguage(d.language); err != nil {
		fyne.LogError("loading the translations", err)
	}
}

// plural is the count n with its noun in the language on show: one for
// 1, other for any other count, each a format translated by lang.L with
// one %d ("%d span", "%d spans"). Chinese has no plural: there both read
// the same.
func plural(n int, one, other string) string {
	if n == 1 {
		return fmt.Sprintf(one, n)
	}
	return fmt.Sprintf(other, n)
}

// languageItem is View › Language, the language on show ticked.
func (d *desk) languageItem() *fyne.MenuItem {
	it := fyne.NewMenuItem(lang.L("Language"), nil)
	var items []*fyne.MenuItem
	for _, l := range languages {
		sub := fyne.NewMenuItem(l.name, func() { d.setLanguage(l.code) })
		sub.Checked = l.code == d.language
		items = append(items, sub)
	}
	it.ChildMenu = fyne.NewMenu("", items...)
	return it
}

// setLanguage switches the interface to language code and remembers it:
// the menus are built again and the desk's own words set again.
func (d *desk) setLanguage(code string) {
	d.prefs.SetString(prefLanguage, code)
	d.applyLanguage()
	d.win.SetMainMenu(d.buildMenu())
	d.panelTab.Text = lang.L("Annotations")
	d.guideTab.Text = lang.L("Guidelines")
	d.side.Refresh()
	d.panel.retranslate()
	d.guide.edit.SetText(lang.L("Edit…"))
	d.guide.show(d.guide.md)
	d.list.retranslate()
	d.bar.retranslate()
	d.refreshBar()
	d.refreshTitle()
	d.onSelectionChanged()
	if !d.hasDoc && d.st == nil {
		d.editor.Placeholder = lang.L("No document open.")
		d.editor.Refresh()
	}
	if l := d.learner(); l != nil {
		d.bar.setModel(l.Status())
	}
}

// fyneWords are Fyne's own words (its dialogs' buttons and titles, the
// file dialogs, the Quit item) that the translation files carry too, so
// that they follow View › Language rather than the system's locale.
var fyneWords = []string{"Advanced", "Cancel", "Confirm", "Copy", "Create Folder", "Cut", "Enter filename", "Error",
	"Favourites", "File", "Folder", "New Folder", "No", "OK", "Open", "Paste", "Quit", "Redo", "Save", "Select all",
	"Show Hidden Files", "Undo", "Yes", "file.name", "file.parent"}
