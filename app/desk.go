package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"goldspan/annotate"
)

// desk is the main window: the document list, the span editor with the
// label palette, and the status bar. It is split by idea: the project it
// shows (desk_project.go), moving between documents (desk_navigation.go),
// its side of editing (desk_editing.go), the title and status bar
// (desk_status.go) and the keys that reach the window (desk_keys.go).
// Every edit is one store call through the embedded editing controller,
// and the "saved" mark shows only after that call returned nil.
type desk struct {
	// editing is the span editor and the reviewer's layer on show (the
	// open document, its status, spans and suggestions); its onXxx
	// methods answer the editor.
	editing

	app    fyne.App
	win    fyne.Window
	deps   Deps
	prefs  fyne.Preferences
	theme  *Theme
	jobs   jobs
	review reviewTools

	st        annotate.Project
	path      string
	labels    []annotate.Label
	annotator string
	busy      string // what a running import is doing; edits wait until it is done
	triedDemo bool   // the demo project was opened (or tried) in this run

	index int // the open document's row in the list, -1 if not in it

	list     *docList
	panel    *annotationPanel // the spans and suggestions beside the editor
	side     *container.AppTabs
	guide    *guidelinesView // the project's annotation guidelines, a tab beside the panel
	assign   *assignView     // the Assignments and progress window, while open
	guideTab *container.TabItem
	panelTab *container.TabItem
	palette  *palette
	bar      *statusBar
	tips     *tipLayer // the window's tooltips: a cut title, line or message in full
	title    *tipLabel
	info     *tipLabel
	header   *fyne.Container // title, palette and selection info above the editor
	center   *fyne.Container // the header and the editor
	menu     *fyne.MainMenu
	recent   *fyne.MenuItem
	// themeItems are View › Theme's items, by variant; the one on show is ticked.
	themeItems map[Variant]*fyne.MenuItem
	language   string        // the interface's language: en, zh-Hant or zh-Hans
	sheet      dialog.Dialog // the shortcut sheet or about box, which Esc closes
	gate       *doneGate     // the done gate while it asks
	acceptAsk  *acceptAllAsk // "Accept all suggestions?" while it asks
	notice     dialog.Dialog // an information dialog, which Enter and Esc close

	suggest suggestState // the machine suggester and the "Suggest again" pass
	teamDlg *teamDialog  // File › Open team project…'s dialog while it is open
	offline offlineState // the team project's server stopped answering (offline.go)
	live    liveState    // others' work read again on a team project (live.go)
	backup  backupState  // the rolling backups of the open project
	release func() error // gives back the claim on the open project; nil if none

	nameEntry   *widget.SelectEntry // the reviewer-name dialog's entry while it is open
	nameSubmit  func()              // and its submit action
	lastError   string              // the message of the last error dialog, for tests
	lastWarning string              // the message of the last warning dialog, for tests
	now         func() time.Time    // the clock of the "saved" mark and of backups
}

func newDesk(a fyne.App, w fyne.Window, deps Deps) *desk {
	d := &desk{app: a, win: w, deps: deps, prefs: a.Preferences(), index: -1, now: time.Now}
	d.theme = NewTheme(ParseVariant(d.prefs.String(prefTheme)))
	d.theme.SetTextScale(float32(d.prefs.FloatWithFallback(prefTextScale, 1)))
	d.annotator = d.prefs.String(prefReviewer)
	d.applyLanguage()
	d.review = newReviewTools(d)
	return d
}

// applyTheme installs the theme with the remembered variant and text scale.
func (d *desk) applyTheme() { d.theme.Apply(d.app) }

// buildUI creates the window's widgets.
func (d *desk) buildUI() fyne.CanvasObject {
	d.buildEditor()
	d.list = newDocList(d)
	d.palette = newPalette(d.onPaletteLabel)
	d.tips = newTipLayer()
	d.bar = newStatusBar(d.tips)
	d.bar.message.OnTapped = d.showMessages
	d.title = newTipLabel(d.tips, fyne.TextStyle{Bold: true})
	d.info = newTipLabel(d.tips, fyne.TextStyle{})

	d.header = container.NewVBox(d.title, d.palette.box, d.info)
	d.center = container.NewBorder(d.header, nil, nil, nil, d.editor)
	d.panel = newAnnotationPanel(d)
	d.guide = newGuidelinesView(d)
	d.panelTab = container.NewTabItem(lang.L("Annotations"), d.panel.box)
	d.guideTab = container.NewTabItem(lang.L("Guidelines"), d.guide.box)
	d.side = container.NewAppTabs(d.panelTab, d.guideTab)
	right, _ := newHSplit(d.center, d.side, 0.68)
	split, _ := newHSplit(d.list.box, right, 0.24)
	d.addWindowKeys()
	d.refreshBar()
	d.watchSuggester()
	return container.NewStack(container.NewBorder(d.buildOfflineBanner(), d.bar.box, nil, nil, split), d.tips.box)
}
