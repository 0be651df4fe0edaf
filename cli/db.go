package cli

import (
	"flag"
	"os"
	"strings"
)

// DBEnv names the environment variable whose value is every command's
// default --db: a project file, or a project on a PostgreSQL server
// (postgres://user@host/database?project=news).
const DBEnv = "GOLDSPAN_DB"

// dbUsage is the --db flag's help.
const dbUsage = "project: an SQLite file, or postgres://user@host/database?project=NAME (default $" + DBEnv + ")"

// dbFlag defines a command's --db flag, defaulting to $GOLDSPAN_DB.
func dbFlag(fs *flag.FlagSet, usage string) *string {
	return fs.String("db", os.Getenv(DBEnv), usage)
}

// isURL reports whether a --db value names a project on a PostgreSQL
// server rather than a file: such a project has no file to stat, remove
// or compare with an export's target.
func isURL(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}
