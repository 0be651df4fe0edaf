package app

import (
	"slices"

	"fyne.io/fyne/v2"
)

// Preference keys. Preferences live with the app (a.Preferences()), not
// in a project.
const (
	prefReviewer    = "reviewer"       // the reviewer's name, asked on first start
	prefLastProject = "lastProject"    // path of the project open when the app last closed
	prefRecent      = "recentProjects" // most recent first
	prefTextScale   = "textScale"      // the editor's text scale
	prefTheme       = "themeVariant"   // system, light or dark
	prefLastDoc     = "lastDocument:"  // + project path: the document last open in it
)

// maxRecent is how many recent projects File > Open recent lists.
const maxRecent = 8

// rememberProject makes path the last and most recent project.
func rememberProject(p fyne.Preferences, path string) {
	p.SetString(prefLastProject, path)
	recent := slices.DeleteFunc(p.StringList(prefRecent), func(s string) bool { return s == path || s == "" })
	recent = append([]string{path}, recent...)
	if len(recent) > maxRecent {
		recent = recent[:maxRecent]
	}
	p.SetStringList(prefRecent, recent)
}

// forgetProject drops path from the recent projects (it could not be opened).
func forgetProject(p fyne.Preferences, path string) {
	recent := slices.DeleteFunc(p.StringList(prefRecent), func(s string) bool { return s == path })
	p.SetStringList(prefRecent, recent)
	if p.String(prefLastProject) == path {
		p.RemoveValue(prefLastProject)
	}
}
