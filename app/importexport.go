package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"goldspan/annotate"
	"goldspan/annotate/format"
	"goldspan/project"
)

// importOptions are the choices of the import dialog.
type importOptions struct {
	Path      string
	Format    string // "auto" or a format name
	Annotator string // for records with spans that name none
	Lines     bool   // plain text: one document per non-empty line
	Suggest   bool   // compute suggestions for documents that come without
}

// exportOptions are the choices of the export dialog.
type exportOptions struct {
	Path   string
	Format string
	Filter annotate.ExportFilter
}

// importFile imports one file into st, all or nothing, through the
// project's pipeline; report receives the fraction of the file read and
// the records so far. It runs off the UI goroutine and touches no widget.
func importFile(ctx context.Context, st annotate.Store, o importOptions, sug annotate.Suggester,
	tokenize func(string) []format.Token, report func(float64, string)) (project.ImportReport, error) {
	in := project.Input{Path: o.Path, Format: o.Format,
		Options: format.Options{Name: filepath.Base(o.Path), Annotator: o.Annotator, Lines: o.Lines, Tokenize: tokenize}}
	rep, err := project.Import(ctx, st, []project.Input{in}, project.ImportOptions{
		Suggester: sug,
		Progress: func(n int, frac float64) {
			report(max(frac, 0), fmt.Sprintf(lang.L("%s read"), plural(n, lang.L("%d record"), lang.L("%d records"))))
		},
	})
	return rep, err
}

// exportFile writes the records o selects into o.Path through the
// project's pipeline: into a file beside it first, renamed into place only
// when everything was written, so a failed or cancelled export leaves no
// half-written file. It returns the number of records and what the format
// could not hold.
func exportFile(ctx context.Context, st annotate.Store, o exportOptions, tokenize func(string) []format.Token,
	report func(float64, string)) (int, []format.Loss, error) {
	var n int
	var losses []format.Loss
	err := project.WriteFile(o.Path, true, func(w io.Writer) error {
		var err error
		n, losses, err = project.Export(ctx, st, w, project.ExportOptions{
			Format:  o.Format,
			Filter:  o.Filter,
			Options: format.Options{Name: filepath.Base(o.Path), Tokenize: tokenize},
			Progress: func(n, total int) {
				report(min(1, float64(n)/float64(max(total, 1))), fmt.Sprintf(lang.L("%s written"), plural(n, lang.L("%d record"), lang.L("%d records"))))
			},
		})
		if err == nil {
			err = ctx.Err()
		}
		return err
	})
	return n, losses, err
}

// progressDialog shows a running import or export with a Cancel button.
type progressDialog struct {
	dlg       *dialog.CustomDialog
	bar       *widget.ProgressBar
	note      *widget.Label
	stop      *widget.Button
	cancel    func()
	cancelled bool
}

func (d *desk) showProgress(title string) *progressDialog {
	p := &progressDialog{bar: widget.NewProgressBar(), note: widget.NewLabel(lang.L("Starting…"))}
	p.stop = widget.NewButton(lang.L("Cancel"), func() {
		p.cancelled = true
		p.note.SetText(lang.L("Cancelling…"))
		if p.cancel != nil {
			p.cancel()
		}
	})
	p.dlg = dialog.NewCustomWithoutButtons(title, container.NewVBox(p.note, p.bar, p.stop), d.win)
	p.dlg.Resize(fyne.NewSize(440, p.dlg.MinSize().Height))
	p.dlg.Show()
	return p
}

func (p *progressDialog) update(fraction float64, note string) {
	if p.cancelled {
		return
	}
	p.bar.SetValue(fraction)
	p.note.SetText(note)
}

// importFormats are the choices of the import dialog's format list.
func importFormats() []string {
	names := []string{"auto"}
	for _, n := range format.Names() {
		if f, _ := format.Lookup(n); f.NewDecoder != nil {
			names = append(names, n)
		}
	}
	return names
}

// exportFormats are the formats that can be written.
func exportFormats() []string {
	var names []string
	for _, n := range format.Names() {
		if f, _ := format.Lookup(n); f.NewEncoder != nil {
			names = append(names, n)
		}
	}
	return names
}

// onImport asks for a file to import, then for the options.
func (d *desk) onImport() {
	if d.st == nil {
		return
	}
	d.pickFile(nil, d.showImportOptions)
}

// pickFile shows the open-file dialog (with filter, if not nil) and hands
// the chosen path to then; cancelling does nothing.
func (d *desk) pickFile(filter fynestorage.FileFilter, then func(path string)) {
	fd := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			d.showError(err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		then(path)
	}, d.win)
	if filter != nil {
		fd.SetFilter(filter)
	}
	fd.Show()
}

// showImportOptions asks how to import path.
func (d *desk) showImportOptions(path string) {
	fm := widget.NewSelect(importFormats(), nil)
	fm.SetSelected("auto")
	annotator := widget.NewEntry()
	annotator.SetText(d.annotator)
	annotator.Validator = func(s string) error {
		if s == "" {
			return nil
		}
		if err := annotate.ValidateAnnotator(s); err != nil {
			return errorText(annotate.ErrorMessage(err))
		}
		return nil
	}
	lines := widget.NewCheck(lang.L("Each non-empty line is one document"), nil)
	suggest := widget.NewCheck(lang.L("Compute suggestions for documents without them"), nil)
	if d.suggester() == nil {
		suggest.SetText(lang.L("Compute suggestions (the dictionary is still loading)"))
		suggest.Disable()
	}
	dialog.ShowForm(fmt.Sprintf(lang.L("Import %s"), filepath.Base(path)), lang.L("Import"), lang.L("Cancel"), []*widget.FormItem{
		{Text: lang.L("Format"), Widget: fm, HintText: lang.L("auto: from the name and the first line")},
		{Text: lang.L("Annotator"), Widget: annotator, HintText: lang.L("for annotations that name none")},
		{Text: lang.L("Plain text"), Widget: lines},
		{Text: lang.L("Suggestions"), Widget: suggest},
	}, func(ok bool) {
		if ok {
			d.runImport(importOptions{Path: path, Format: fm.Selected, Annotator: annotator.Text, Lines: lines.Checked, Suggest: suggest.Checked})
		}
	}, d.win)
}

// runImport imports off the UI goroutine with a progress dialog, which it
// returns; the window stays responsive and edits wait until the import is done.
func (d *desk) runImport(o importOptions) *progressDialog {
	if d.st == nil || d.busy != "" {
		return nil
	}
	if d.suggest.sweep != nil {
		d.bar.setMessage(lang.L("Suggesting again is running: import when it is done, or cancel it"))
		return nil
	}
	st := d.st
	var sug annotate.Suggester
	if o.Suggest {
		sug = d.suggester()
	}
	p := d.showProgress(fmt.Sprintf(lang.L("Importing %s"), filepath.Base(o.Path)))
	d.busy = lang.L("An import is running")
	var res project.ImportReport
	p.cancel = d.jobs.start(func(ctx context.Context, report func(float64, string)) error {
		var err error
		res, err = importFile(ctx, st, o, sug, d.deps.Tokenize, report)
		return err
	}, p.update, func(err error) {
		p.dlg.Hide()
		d.busy = ""
		if p.cancelled {
			d.bar.setMessage(lang.L("Import cancelled; nothing was imported"))
			return
		}
		if err != nil {
			d.showError(err)
			return
		}
		d.afterImport(res)
	})
	return p
}

// afterImport shows what an import stored.
func (d *desk) afterImport(rep project.ImportReport) {
	res := rep.ImportResult
	if l := d.learner(); l != nil {
		l.Imported() // it learns from the documents that arrived done
	}
	if err := d.loadLabels(); err != nil {
		d.showError(err)
	}
	msg := fmt.Sprintf(lang.L("Imported %s (%d new), %s, %s."), plural(res.Documents, lang.L("%d document"), lang.L("%d documents")), res.NewDocs,
		plural(res.Spans, lang.L("%d span"), lang.L("%d spans")), plural(res.Suggestions, lang.L("%d suggestion"), lang.L("%d suggestions")))
	d.bar.setMessage(msg)
	msg += importNotes(rep)
	if d.hasDoc {
		d.openDocument(d.doc.ID)
		d.list.reload()
	} else {
		d.showProject()
	}
	dialog.ShowInformation(lang.L("Import finished"), msg, d.win)
}

// importNotes is what the import's report says beyond the counts: labels
// it added, documents matched by text, what the format left out.
func importNotes(rep project.ImportReport) string {
	var b strings.Builder
	for _, l := range rep.NewLabels {
		if l.Hotkey != "" {
			fmt.Fprintf(&b, "\n\n"+lang.L("The files use the label %s, which the project did not have: it was added (key %s)."), l.Name, l.Hotkey)
		} else {
			fmt.Fprintf(&b, "\n\n"+lang.L("The files use the label %s, which the project did not have: it was added."), l.Name)
		}
	}
	if m := rep.Matches; m.ByText > 0 {
		b.WriteString("\n\n" + plural(m.ByText, lang.L("%d document matched by its text (the file gave it another id)."), lang.L("%d documents matched by their text (the file gave them other ids).")))
	}
	if m := rep.Matches; m.Ambiguous > 0 {
		b.WriteString("\n\n" + plural(m.Ambiguous, lang.L("%d record with a text that several documents share kept its own id."), lang.L("%d records with a text that several documents share kept their own ids.")))
	}
	if n := len(rep.Losses); n > 0 {
		fmt.Fprintf(&b, "\n\n"+lang.L("Not imported (%d):"), n)
		for i, l := range rep.Losses {
			if i == 5 {
				fmt.Fprintf(&b, "\n"+lang.L("… and %d more"), n-5)
				break
			}
			b.WriteString("\n• ")
			if l.DocID != "" {
				b.WriteString(l.DocID + ": ")
			}
			b.WriteString(l.Reason)
		}
	}
	return b.String()
}

// onExport asks what to export and where.
func (d *desk) onExport() {
	if d.st == nil {
		return
	}
	fm := widget.NewSelect(exportFormats(), nil)
	fm.SetSelected("gold")
	mine := fmt.Sprintf(lang.L("My annotations (%s)"), d.annotator)
	gold := lang.L("Adjudicated (gold)")
	layers := []string{mine, lang.L("Every annotator's"), gold}
	layer := widget.NewRadioGroup(layers, nil)
	layer.SetSelected(mine)
	onlyDone := lang.L("Only documents marked done")
	status := widget.NewRadioGroup([]string{lang.L("Every document"), onlyDone}, nil)
	status.SetSelected(lang.L("Every document"))
	suggestions := widget.NewCheck(lang.L("Include machine suggestions"), nil)
	file := widget.NewEntry()
	file.SetText(d.exportPath(filepath.Dir(d.path), fm.Selected))
	file.Validator = validateExportPath
	fm.OnChanged = func(f string) {
		// Follow the format while the name is the one proposed.
		for _, o := range exportFormats() {
			if file.Text == d.exportPath(filepath.Dir(file.Text), o) {
				file.SetText(d.exportPath(filepath.Dir(file.Text), f))
				return
			}
		}
	}
	folder := widget.NewButtonWithIcon(lang.L("Folder…"), theme.FolderOpenIcon(), func() {
		fd := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
			if err != nil {
				d.showError(err)
				return
			}
			if dir != nil {
				file.SetText(filepath.Join(dir.Path(), filepath.Base(file.Text)))
			}
		}, d.win)
		if u, err := fynestorage.ListerForURI(fynestorage.NewFileURI(filepath.Dir(file.Text))); err == nil {
			fd.SetLocation(u)
		}
		fd.Show()
	})
	dlg := dialog.NewForm(lang.L("Export"), lang.L("Export"), lang.L("Cancel"), []*widget.FormItem{
		{Text: lang.L("Format"), Widget: fm},
		{Text: lang.L("Annotations"), Widget: layer},
		{Text: lang.L("Documents"), Widget: status},
		{Text: lang.L("Suggestions"), Widget: suggestions, HintText: lang.L("as Label Studio predictions, or spaCy spans with their source; other formats have no place for them")},
		{Text: lang.L("File"), Widget: container.NewBorder(nil, nil, nil, folder, file), HintText: lang.L("an existing file is replaced only after you confirm")},
	}, func(ok bool) {
		if !ok {
			return
		}
		o := exportOptions{Format: fm.Selected, Path: file.Text}
		o.Filter.Suggestions = suggestions.Checked
		switch layer.Selected {
		case mine:
			o.Filter.Annotator = d.annotator
		case gold:
			o.Filter.Annotator = annotate.GoldAnnotator
		default:
			o.Filter.All = true
		}
		if status.Selected == onlyDone {
			o.Filter.Status = annotate.StatusDone
		}
		d.startExport(o)
	}, d.win)
	dlg.Resize(fyne.NewSize(620, dlg.MinSize().Height))
	dlg.Show()
}

// exportPath proposes the file of an export in the format, in dir.
func (d *desk) exportPath(dir, formatName string) string {
	ext := ".jsonl"
	if f, err := format.Lookup(formatName); err == nil && len(f.Extensions) > 0 {
		ext = f.Extensions[0]
	}
	base := strings.TrimSuffix(filepath.Base(d.path), filepath.Ext(d.path))
	return filepath.Join(dir, base+"-"+formatName+ext)
}

// validateExportPath checks the export dialog's file: a name in a folder
// that exists.
func validateExportPath(p string) error {
	if strings.TrimSpace(p) == "" || strings.HasSuffix(p, string(filepath.Separator)) {
		return errorText(lang.L("choose a file name"))
	}
	if fi, err := os.Stat(filepath.Dir(p)); err != nil || !fi.IsDir() {
		return errorText(fmt.Sprintf(lang.L("no folder %s"), filepath.Dir(p)))
	}
	if fi, err := os.Stat(p); err == nil && fi.IsDir() {
		return errorText(fmt.Sprintf(lang.L("%s is a folder"), filepath.Base(p)))
	}
	return nil
}

// startExport runs the export, asking first whether to replace the file
// if it exists: nothing is written before the reviewer says yes.
func (d *desk) startExport(o exportOptions) {
	if err := validateExportPath(o.Path); err != nil {
		d.showError(annotate.Errorf(annotate.EINVALID, "cannot export to %s: %v", o.Path, err))
		return
	}
	if _, err := os.Stat(o.Path); err != nil {
		d.runExport(o)
		return
	}
	name := filepath.Base(o.Path)
	dlg := dialog.NewConfirm(fmt.Sprintf(lang.L("Replace %s?"), name), fmt.Sprintf(lang.L("%s already exists in %s.\n\nReplace it with this export? The old file stays as it is until the new one is written in full."), name, filepath.Dir(o.Path)), func(ok bool) {
		if ok {
			d.runExport(o)
		} else {
			d.bar.setMessage(fmt.Sprintf(lang.L("Export cancelled; %s was left as it was"), name))
		}
	}, d.win)
	dlg.SetConfirmText(lang.L("Replace"))
	dlg.SetDismissText(lang.L("Cancel"))
	dlg.Show()
}

// runExport exports off the UI goroutine with a progress dialog.
func (d *desk) runExport(o exportOptions) {
	if d.st == nil {
		return
	}
	st := d.st
	p := d.showProgress(fmt.Sprintf(lang.L("Exporting to %s"), filepath.Base(o.Path)))
	var n int
	var losses []format.Loss
	p.cancel = d.jobs.start(func(ctx context.Context, report func(float64, string)) error {
		var err error
		n, losses, err = exportFile(ctx, st, o, d.deps.Tokenize, report)
		return err
	}, p.update, func(err error) {
		p.dlg.Hide()
		if p.cancelled {
			d.bar.setMessage(lang.L("Export cancelled; no file was written"))
			return
		}
		if err != nil {
			d.showError(err)
			return
		}
		msg := fmt.Sprintf(lang.L("Exported %s to %s."), plural(n, lang.L("%d record"), lang.L("%d records")), filepath.Base(o.Path))
		if len(losses) > 0 {
			msg += "\n\n" + lossText(o.Format, losses)
		}
		d.bar.setMessage(strings.SplitN(msg, "\n", 2)[0])
		dialog.ShowInformation(lang.L("Export finished"), msg, d.win)
	})
}

// lossText says which spans an export's format could not hold (losses is
// not empty): how many, and the first.
func lossText(formatName string, losses []format.Loss) string {
	l := losses[0]
	if len(losses) == 1 {
		return fmt.Sprintf(lang.L("%s cannot hold 1 span (e.g. an overlapping one); it was left out: %s [%d, %d) %s: %s."),
			formatName, l.DocID, l.Start, l.End, l.Label, l.Reason)
	}
	return fmt.Sprintf(lang.L("%s cannot hold %d spans (e.g. overlapping ones); they were left out, the first: %s [%d, %d) %s: %s."),
		formatName, len(losses), l.DocID, l.Start, l.End, l.Label, l.Reason)
}
