package loadtest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"goldspan/annotate"
	"goldspan/internal/loadtest"
	"goldspan/internal/pgtest"
	"goldspan/internal/stores"
)

// size returns the run's size: 20 annotators × 1,000 actions under
// GOLDSPAN_EVAL=1 (make bench), 20 × 100 otherwise.
func size() loadtest.Options {
	o := loadtest.Options{Annotators: 20, Actions: 100, Documents: 5, Seed: 15}
	if os.Getenv("GOLDSPAN_EVAL") != "" {
		o.Actions = 1000
	}
	return o
}

func run(t *testing.T, target string) loadtest.Result {
	t.Helper()
	ctx := context.Background()
	first := true
	res, err := loadtest.Run(ctx, func() (annotate.Project, error) {
		create := first
		first = false
		return stores.Open(ctx, target, create)
	}, size())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s", res)
	return res
}

// TestLoad runs the load on a project file and on a project on the
// PostgreSQL test server, and under GOLDSPAN_EVAL_OUT writes the figures
// for BENCHMARKS.md.
func TestLoad(t *testing.T) {
	var lite, pg loadtest.Result
	t.Run("SQLite", func(t *testing.T) { lite = run(t, filepath.Join(t.TempDir(), "load.goldspan")) })
	t.Run("PostgreSQL", func(t *testing.T) { pg = run(t, pgtest.Project(t, pgtest.Database(t), "load")) })
	if out := os.Getenv("GOLDSPAN_EVAL_OUT"); out != "" && !t.Failed() {
		o := size()
		report := fmt.Sprintf("%d simulated annotators × %d actions each (add a span, delete one, undo, redo; random, seed %d) on %d shared documents, "+
			"each annotator on a handle (connection pool) of its own, through project.Reviewer; afterwards every layer is checked against a model "+
			"(no action lost or doubled) and undone to the start and redone to the end.\n\n"+
			"| store | actions | actions/s | commit p50 | commit p99 |\n|---|---:|---:|---:|---:|\n"+
			"| SQLite file (synchronous=FULL) | %d | %.0f | %.2f ms | %.2f ms |\n"+
			"| PostgreSQL 127.0.0.1 (fsync off: the test cluster) | %d | %.0f | %.2f ms | %.2f ms |\n",
			o.Annotators, o.Actions, o.Seed, o.Documents,
			lite.Actions, lite.PerSecond, ms(lite.P50), ms(lite.P99), pg.Actions, pg.PerSecond, ms(pg.P50), ms(pg.P99))
		if err := os.WriteFile(out, []byte(report), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
