package annotate

import "context"

// Who may see other reviewers' layers on a team project (TeamOptions.Layers).
const (
	LayersOwn  = "own"  // each reviewer sees only their own spans, statuses and decisions
	LayersDone = "done" // and others' layers on documents those others marked done
	LayersAll  = "all"  // and everyone's layers
)

// TeamOptions configure a team project.
type TeamOptions struct {
	// Layers says what reviewers may read of others' work: LayersOwn,
	// LayersDone or LayersAll ("" keeps what is set, LayersDone at first).
	Layers string
}

// Team is a project whose store enforces who may do what: each reviewer
// connects as their own account and may write only their own layer; a
// lead writes the gold layer, the labels and the assignments. Projects on
// a PostgreSQL server implement it (roles and row-level security); a
// project file does not.
type Team interface {
	// TeamInit sets the project up for a team (idempotent: run it again
	// after an upgrade, or to change the options). It needs an account
	// that may create roles.
	TeamInit(ctx context.Context, o TeamOptions) error
	// AddMember lets the account name work on the project as a reviewer
	// (lead false) or a lead, creating the account (able to log in) if
	// there is none; a non-empty password becomes its password.
	AddMember(ctx context.Context, name string, lead bool, password string) error
	// Whoami returns the account this project is open as: on a team
	// project, the only annotator whose layer it may write (a lead may
	// write the gold layer too).
	Whoami(ctx context.Context) (string, error)
}

// Pinger is a store on a server that can say whether the server answers:
// the desk asks it, while offline (EOFFLINE), whether it is back. Projects
// on a PostgreSQL server implement it; a project file has no server.
type Pinger interface {
	// Ping returns nil when the server answers, EOFFLINE when it does not.
	Ping(ctx context.Context) error
}
