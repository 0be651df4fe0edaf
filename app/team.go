package app

import "goldspan/annotate"

// useTeamIdentity makes the desk annotate as the account a team project
// is open as (annotate.Team: a project on a PostgreSQL server): the
// server lets a reviewer write only that layer, so the desk asks for no
// name there. The remembered name of file projects is left as it is.
func (d *desk) useTeamIdentity() {
	t, ok := d.st.(annotate.Team)
	if !ok {
		return
	}
	if who, err := t.Whoami(d.ctx()); err == nil && who != "" {
		d.annotator = who
	}
}
