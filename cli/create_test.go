package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"goldspan/annotate"
	"goldspan/storage"
)

// Issue "Gold you can trust", item 5: imports started at once on a new
// path. The one that failed removed the file another had just reported as
// imported, and two processes creating one project both applied the
// first migration ("table already exists"). Each trial runs three imports
// into one new path at once, in-process as separate handles (separate
// connection pools, as separate processes have): two good ones and one
// that fails. Every import that reported success must find its documents
// in the file, and only the failing one may fail.
func TestConcurrentImportsIntoANewProject(t *testing.T) {
	trials := 120
	if testing.Short() {
		trials = 30
	}
	dir := t.TempDir()
	good := [2]string{
		write(t, dir, "a.jsonl", `{"id":"a1","text":"北京歡迎你"}`+"\n"),
		write(t, dir, "b.jsonl", `{"id":"b1","text":"上海歡迎你"}`+"\n"),
	}
	bad := write(t, dir, "bad.jsonl", `{"id":"c1","text":"廣州"}`+"\n"+"not json\n")
	lostFiles, lostDocs, otherErrors, removed := 0, 0, 0, 0
	for i := 0; i < trials; i++ {
		db := filepath.Join(dir, fmt.Sprintf("t%03d.goldspan", i))
		inputs := []string{good[0], good[1], bad}
		codes := make([]int, len(inputs))
		errs := make([]string, len(inputs))
		var wg sync.WaitGroup
		for k, in := range inputs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[k], _, errs[k] = run(t, "", "import", "--db", db, in)
			}()
		}
		wg.Wait()
		for k := range 2 {
			if codes[k] != 0 {
				otherErrors++
				t.Errorf("trial %d: good import %d failed: %s", i, k, errs[k])
			}
		}
		if codes[2] != 1 || !strings.Contains(errs[2], "invalid JSON") {
			otherErrors++
			t.Errorf("trial %d: the bad import: exit %d, %s", i, codes[2], errs[2])
		}
		if _, err := os.Stat(db); err != nil {
			lostFiles++
			t.Errorf("trial %d: the project is gone after %d successful imports", i, min(1, 1-codes[0])+min(1, 1-codes[1]))
			continue
		}
		st, err := storage.OpenReadOnly(context.Background(), db)
		if err != nil {
			t.Fatalf("trial %d: %v", i, err)
		}
		for k, id := range []string{"a1", "b1"} {
			if _, err := st.Document(context.Background(), id); codes[k] == 0 && annotate.ErrorCode(err) == annotate.ENOTFOUND {
				lostDocs++
				t.Errorf("trial %d: %s was reported imported and is not there", i, id)
			}
		}
		if _, err := st.Document(context.Background(), "c1"); err == nil {
			t.Errorf("trial %d: the failed import left c1", i)
		}
		st.Close()
	}
	// A failed import alone into a new path leaves nothing.
	for i := 0; i < 10; i++ {
		db := filepath.Join(dir, fmt.Sprintf("alone%d.goldspan", i))
		if code, _, _ := run(t, "", "import", "--db", db, bad); code != 1 {
			t.Fatal("the bad import succeeded")
		}
		if left, _ := filepath.Glob(db + "*"); len(left) != 0 {
			t.Fatalf("a failed import into a new path left %v", left)
		}
		removed++
	}
	t.Logf("%d trials of three imports at once into a new project (two good, one failing): %d lost files, %d lost documents, %d other errors; %d failed imports alone left nothing behind",
		trials, lostFiles, lostDocs, otherErrors, removed)
}
