package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"goldspan/annotate"
)

// teamDialog is File › Open team project…: where the team's project is
// (server, port, database, project) and whom to connect as, with a
// password that is never kept in the desk's settings: written to the
// password file libpq reads (~/.pgpass, mode 0600) if the reviewer asks,
// else used for this session only. The project opens through the same
// path as `goldspan 'postgres://…'`; what went wrong is said in the
// dialog, which stays open to put it right.
type teamDialog struct {
	d   *desk
	dlg dialog.Dialog

	host     *widget.Entry
	port     *widget.Entry
	database *widget.Entry
	user     *widget.Entry
	project  *widget.Entry
	password *widget.Entry
	keep     *widget.RadioGroup
	url      *widget.Label // the URL the desk will open (and remember), without the password
	message  *widget.Label // what went wrong, or "Connecting…"
	connect  *widget.Button

	pgpass     string // the password file's path ("" if there is none to write)
	keepPgpass string // the keep choice that writes it
	cancel     *widget.Button
	connecting bool
}

// onOpenTeamProject shows the connection dialog, filled in from the most
// recent team project.
func (d *desk) onOpenTeamProject() {
	var c teamConn
	for _, p := range d.prefs.StringList(prefRecent) {
		if got, ok := parseTeamURL(p); ok {
			c = got
			break
		}
	}
	d.showTeamDialog(c, "")
}

// showTeamDialog shows the connection dialog filled in with c, saying why
// (problem, when not empty: a remembered team project did not open).
func (d *desk) showTeamDialog(c teamConn, problem string) {
	if d.teamDlg != nil {
		d.teamDlg.dlg.Hide()
	}
	v := &teamDialog{d: d}
	content := v.buildUI(c)
	v.dlg = dialog.NewCustomWithoutButtons(lang.L("Open team project"), content, d.win)
	v.dlg.SetOnClosed(func() {
		if d.teamDlg == v {
			d.teamDlg = nil
		}
	})
	d.teamDlg = v
	if problem != "" {
		v.showProblem(problem)
	}
	v.dlg.Resize(fyne.NewSize(min(640, d.win.Canvas().Size().Width*0.95), v.dlg.MinSize().Height))
	v.dlg.Show()
	focus := v.host
	for _, e := range []*widget.Entry{v.host, v.database, v.user, v.project, v.password} {
		if strings.TrimSpace(e.Text) == "" {
			focus = e
			break
		}
	}
	d.win.Canvas().Focus(focus)
}

func (v *teamDialog) buildUI(c teamConn) fyne.CanvasObject {
	entry := func(text, hint string) *widget.Entry {
		e := &widget.Entry{Text: text, PlaceHolder: hint}
		e.ExtendBaseWidget(e)
		e.OnChanged = func(string) { v.refreshURL() }
		e.OnSubmitted = func(string) { v.onConnect() }
		return e
	}
	port := c.Port
	if port == "" {
		port = defaultPort
	}
	v.host = entry(c.Host, "db.example.org")
	v.port = entry(port, defaultPort)
	v.database = entry(c.Database, "annotation")
	v.user = entry(c.User, "alice")
	v.project = entry(c.Project, "news")
	v.password = widget.NewPasswordEntry()
	v.password.PlaceHolder = lang.L("empty: the password file has it")
	v.password.OnSubmitted = func(string) { v.onConnect() }

	keepSession := lang.L("Use it for this session only")
	options := []string{keepSession}
	if p, err := pgpassPath(); err == nil {
		v.pgpass = p
		v.keepPgpass = fmt.Sprintf(lang.L("Remember it in %s (only you can read it)"), p)
		options = []string{v.keepPgpass, keepSession}
	}
	v.keep = widget.NewRadioGroup(options, nil)
	v.keep.Required = true
	v.keep.SetSelected(keepSession)

	v.url = &widget.Label{Truncation: fyne.TextTruncateEllipsis, TextStyle: fyne.TextStyle{Italic: true}}
	v.message = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance}
	v.message.Hide()
	help := &widget.Label{Wrapping: fyne.TextWrapWord, Text: lang.L("Goldspan keeps no password in its settings and uses no system keyring (no maintained Go library for it is at hand): a password to remember goes in ~/.pgpass, the file psql and every libpq program read, which only you may read (mode 0600).")}

	form := widget.NewForm(
		widget.NewFormItem(lang.L("Server"), container.NewBorder(nil, nil, nil,
			container.NewHBox(widget.NewLabel(lang.L("Port")), container.NewGridWrap(fyne.NewSize(90, v.port.MinSize().Height), v.port)), v.host)),
		widget.NewFormItem(lang.L("Database"), v.database),
		widget.NewFormItem(lang.L("Project"), v.project),
		widget.NewFormItem(lang.L("User"), v.user),
		widget.NewFormItem(lang.L("Password"), v.password),
		widget.NewFormItem("", v.keep),
	)
	v.connect = &widget.Button{Text: lang.L("Connect"), Icon: theme.LoginIcon(), Importance: widget.HighImportance, OnTapped: v.onConnect}
	v.connect.ExtendBaseWidget(v.connect)
	v.cancel = &widget.Button{Text: lang.L("Cancel"), Icon: theme.CancelIcon(), OnTapped: v.onCancel}
	v.cancel.ExtendBaseWidget(v.cancel)
	v.refreshURL()
	return container.NewVBox(form, v.url, help, v.message, container.NewHBox(layout.NewSpacer(), v.cancel, v.connect))
}

// conn is the connection the fields describe.
func (v *teamDialog) conn() teamConn {
	return teamConn{Host: v.host.Text, Port: v.port.Text, Database: v.database.Text, User: v.user.Text, Project: v.project.Text}.trimmed()
}

// refreshURL shows the URL the fields make.
func (v *teamDialog) refreshURL() {
	if v.url == nil {
		return
	}
	c := v.conn()
	if c.validate() != nil {
		v.url.SetText(lang.L("Opens postgres://user@server:port/database?project=name"))
		return
	}
	v.url.SetText(fmt.Sprintf(lang.L("Opens %s"), c.url("")))
}

// showProblem says what went wrong under the fields.
func (v *teamDialog) showProblem(s string) {
	v.message.SetText(s)
	v.message.Importance = widget.DangerImportance
	v.message.Show()
	v.dlg.Resize(fyne.NewSize(v.dlg.MinSize().Width, v.dlg.MinSize().Height).Max(fyne.NewSize(min(640, v.d.win.Canvas().Size().Width*0.95), 0)))
}

// onCancel closes the dialog; with nothing open (a team project that did
// not open at start) the demo project opens, to have something to work on.
func (v *teamDialog) onCancel() {
	v.dlg.Hide()
	if d := v.d; d.st == nil && !d.triedDemo {
		d.openDemo()
	}
}

// onConnect opens the project the fields name, as the account they name.
func (v *teamDialog) onConnect() {
	if v.connecting {
		return
	}
	c := v.conn()
	if err := c.validate(); err != nil {
		v.showProblem(annotate.ErrorMessage(err))
		return
	}
	d := v.d
	if d.busy != "" {
		v.showProblem(fmt.Sprintf(lang.L("%s: wait until it is done"), d.busy))
		return
	}
	password := v.password.Text
	path := c.url("")
	v.connecting = true
	v.connect.Disable()
	v.message.Importance = widget.MediumImportance
	v.message.SetText(fmt.Sprintf(lang.L("Connecting to %s…"), serverName(path)))
	v.message.Show()
	d.openAt(path, c.url(password), func(st annotate.Project, err error) {
		v.connecting = false
		v.connect.Enable()
		if err != nil {
			v.showProblem(teamOpenMessage(err, c))
			return
		}
		v.dlg.Hide()
		if password != "" && v.keep.Selected == v.keepPgpass && v.pgpass != "" {
			if err := writePgpass(v.pgpass, c, password); err != nil {
				d.showWarning(lang.L("The password was not remembered"), fmt.Sprintf(lang.L("The password could not be written to %s: %v\n\nIt works for this session; next time type it again."), v.pgpass, err))
			} else {
				d.bar.setMessage(fmt.Sprintf(lang.L("The password of %s is in %s"), c.User, v.pgpass))
			}
		}
		d.setProject(st, path)
	})
}

// teamOpenMessage says why a team project did not open, and what to do.
func teamOpenMessage(err error, c teamConn) string {
	msg := annotate.ErrorMessage(err)
	var head string
	switch code := annotate.ErrorCode(err); {
	case code == annotate.EOFFLINE:
		head = fmt.Sprintf(lang.L("The server %s does not answer: check its name and port, and that this computer reaches it (a VPN?)."), c.Host+":"+c.Port)
	case code == annotate.EINVALID && strings.Contains(msg, "cannot log in"):
		head = fmt.Sprintf(lang.L("The server did not let %s in: the password is wrong (or missing), or the account may not log in there. Type the password the lead gave you."), c.User)
	case code == annotate.ENOTFOUND && strings.Contains(msg, "database"):
		head = fmt.Sprintf(lang.L("The server has no database %s: check its name."), c.Database)
	case code == annotate.ENOTFOUND:
		head = fmt.Sprintf(lang.L("There is no project %s in %s that %s may open: check the project's name, or ask the lead to add you (goldspan team add-reviewer)."), c.Project, c.Database, c.User)
	case code == annotate.EPERM:
		head = fmt.Sprintf(lang.L("%s is not a member of the team of %s: ask the lead to run goldspan team add-reviewer %s."), c.User, c.Project, c.User)
	default:
		return msg
	}
	return head + "\n(" + msg + ")"
}
