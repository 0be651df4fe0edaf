package storage_test

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"goldspan/annotate"
	"goldspan/internal/race"
	"goldspan/storage"
)

// Issue "Gold you can trust", item 4: two writers whose transactions take
// milliseconds share the project fairly. With SQLite's busy handler alone
// the waiting writer slept ever longer between tries while the other took
// the lock again at once, and gave up after 5 s.

// hammer makes short writes (add a span, delete it) as annotator name
// until stop closes, and returns how long each took.
func hammer(t *testing.T, db *storage.DB, name string, stop <-chan struct{}) ([]time.Duration, error) {
	var took []time.Duration
	for k := 0; ; k++ {
		select {
		case <-stop:
			return took, nil
		default:
		}
		start := time.Now()
		s, err := db.AddSpan(ctx, annotate.Span{DocID: "d", Start: k % 50, End: k%50 + 2, Label: "LOC", Annotator: name})
		if err != nil {
			return took, fmt.Errorf("%s add %d after %v: %w", name, k, time.Since(start), err)
		}
		took = append(took, time.Since(start))
		start = time.Now()
		if err := db.DeleteSpan(ctx, name, s.ID); err != nil {
			return took, fmt.Errorf("%s delete %d after %v: %w", name, k, time.Since(start), err)
		}
		took = append(took, time.Since(start))
	}
}

func quantile(d []time.Duration, q float64) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s) == 0 {
		return 0
	}
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

func TestTwoWritersShareTheFileFairly(t *testing.T) {
	db1, path := open(t)
	mustImport(t, db1, doc("d", strings.Repeat("北京上海廣州深圳", 20)))
	db2, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()

	// Alone, a write takes this long: the scale of a transaction.
	stop := make(chan struct{})
	time.AfterFunc(300*time.Millisecond, func() { close(stop) })
	solo, err := hammer(t, db1, "solo", stop)
	if err != nil {
		t.Fatal(err)
	}
	longest := quantile(solo, 1)

	var wg sync.WaitGroup
	var took [2][]time.Duration
	var errs [2]error
	stop = make(chan struct{})
	for i, db := range []*storage.DB{db1, db2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			took[i], errs[i] = hammer(t, db, fmt.Sprintf("w%d", i), stop)
		}()
	}
	time.Sleep(2 * time.Second)
	close(stop)
	wg.Wait()
	var worst time.Duration
	for i := range took {
		if errs[i] != nil {
			t.Error(errs[i])
		}
		worst = max(worst, quantile(took[i], 1))
		t.Logf("writer %d: %d writes in 2 s, median %v, 99%% %v, longest %v", i, len(took[i]), quantile(took[i], 0.5), quantile(took[i], 0.99), quantile(took[i], 1))
	}
	t.Logf("alone: %d writes in 0.3 s, median %v, longest %v; two writers: longest write %v (%.1f times the longest alone)",
		len(solo), quantile(solo, 0.5), longest, worst, float64(worst)/float64(longest))
	if len(took[0]) < 20 || len(took[1]) < 20 {
		t.Fatalf("a writer was starved: %d and %d writes in 2 s", len(took[0]), len(took[1]))
	}
	// A write waits for at most the other's transaction in progress: its
	// own time plus the other's, with room for the scheduler and fsync.
	// Judged on the 99th percentile: on two loaded cores (make test runs
	// packages side by side) a single write can stall on the CPU, which
	// is not the queue's unfairness (before the queue, a writer waited
	// 1.3 s). Under the race detector only starvation is judged: its
	// instrumentation, not the queue, sets the times.
	var p99 time.Duration
	for i := range took {
		p99 = max(p99, quantile(took[i], 0.99))
	}
	if limit := 3*longest + 100*time.Millisecond; p99 > limit && !race.Enabled {
		t.Fatalf("99%% of writes took up to %v with two writers, over %v (3 times the longest write alone, %v, plus 100 ms)", p99, limit, longest)
	}
}
