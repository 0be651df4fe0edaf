// Package stores opens a project wherever it is kept: a postgres:// or
// postgresql:// URL names a project on a PostgreSQL server (package
// storage/postgres), anything else an SQLite project file (package
// storage). Its Open is the project service's Opener (main.go), so every
// command and the desk take either.
package stores

import (
	"context"

	"goldspan/annotate"
	"goldspan/storage"
	"goldspan/storage/postgres"
)

// Open opens the project at path (a file) or URL (a server), creating it
// when create is set and there is none; see storage.OpenProject and
// postgres.OpenProject.
func Open(ctx context.Context, path string, create bool) (annotate.Project, error) {
	if postgres.IsURL(path) {
		return postgres.OpenProject(ctx, path, create)
	}
	return storage.OpenProject(ctx, path, create)
}
