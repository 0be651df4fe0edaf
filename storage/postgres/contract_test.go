package postgres_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"goldspan/annotate"
	"goldspan/internal/pgtest"
	"goldspan/internal/storetest"
	"goldspan/storage/postgres"
)

// TestContract runs the store contract suite against a real PostgreSQL
// server: each subtest gets a project (schema) of its own in one database.
func TestContract(t *testing.T) {
	db := pgtest.Database(t)
	var n atomic.Int64
	storetest.Run(t, func(t *testing.T) annotate.Project {
		p, err := postgres.Open(context.Background(), pgtest.Project(t, db, fmt.Sprintf("p%d", n.Add(1))), true)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { p.Close() })
		return p
	})
}
