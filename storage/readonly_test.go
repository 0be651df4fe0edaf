package storage_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"goldspan/annotate"
	"goldspan/storage"
)

// Issue "Gold you can trust", item 7: a read-only project (mode 0444, or
// in a read-only folder) could not even be exported: every open was a
// read-write open. OpenReadOnly (and OpenProject for an existing project,
// until its first write) reads without writing.
//
// The tests run as root, for whom file modes stop no write, so a project
// that cannot be written is made with chattr +i (immutable), which stops
// root too; where chattr is missing the test is skipped, and
// TestReadOnlyOpenNeverWrites still shows that reading writes nothing,
// byte for byte, -wal and -shm included.

// immutable makes path immutable (chattr +i) until the test ends.
func immutable(t *testing.T, path string) {
	t.Helper()
	if out, err := exec.Command("chattr", "+i", path).CombinedOutput(); err != nil {
		t.Skipf("chattr +i is not available here (%v: %s): cannot make a file that root cannot write", err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", path).Run() })
	if f, err := os.OpenFile(path, os.O_RDWR, 0); err == nil {
		f.Close()
		if fi, _ := os.Stat(path); !fi.IsDir() {
			t.Skip("chattr +i did not stop a write here")
		}
	}
}

// sample makes a closed project with a little of everything.
func sample(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "p.goldspan")
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, db, doc("d1", "北京上海"), doc("d2", "廣州深圳"))
	if _, err := db.AddSpan(ctx, annotate.Span{DocID: "d1", Start: 0, End: 2, Label: "LOC", Annotator: "alice"}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// readAll reads what export, stats and the desk read.
func readAll(t *testing.T, st annotate.Project) string {
	t.Helper()
	out := exportAll(t, st)
	if _, err := st.Stats(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Lexicon(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := st.LoadModel(ctx, "tagger"); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("LoadModel: %v", err)
	}
	return out
}

func TestReadOnlyOpenNeverWrites(t *testing.T) {
	dir := t.TempDir()
	path := sample(t, dir)
	before := folderState(t, dir)
	for _, name := range []string{"OpenReadOnly", "OpenProject existing"} {
		var st annotate.Project
		var err error
		if name == "OpenReadOnly" {
			st, err = storage.OpenReadOnly(context.Background(), path)
		} else {
			st, err = storage.OpenProject(context.Background(), path, false)
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := readAll(t, st); got == "" {
			t.Fatal("nothing read")
		}
		if name == "OpenReadOnly" {
			_, err := st.AddSpan(ctx, annotate.Span{DocID: "d2", Start: 0, End: 2, Label: "LOC", Annotator: "alice"})
			code(t, err, annotate.EINVALID)
		}
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
		if after := folderState(t, dir); after != before {
			t.Fatalf("%s changed the folder:\n%s\nwas\n%s", name, after, before)
		}
	}
	// OpenProject's handle becomes writable at its first write.
	st, err := storage.OpenProject(context.Background(), path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.AddSpan(ctx, annotate.Span{DocID: "d2", Start: 0, End: 2, Label: "LOC", Annotator: "alice"}); err != nil {
		t.Fatalf("the first write through OpenProject's handle: %v", err)
	}
	if spans, _ := st.Spans(ctx, "d2", "alice"); len(spans) != 1 {
		t.Fatalf("after the write: %+v", spans)
	}
}

// A read-only handle sees what a read-write handle open at the same time
// committed (its -wal is there, and is read).
func TestReadOnlyOpenReadsWhatAnotherHandleCommitted(t *testing.T) {
	dir := t.TempDir()
	path := sample(t, dir)
	rw, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Close()
	if _, err := rw.AddSpan(ctx, annotate.Span{DocID: "d2", Start: 2, End: 4, Label: "LOC", Annotator: "bob"}); err != nil {
		t.Fatal(err)
	}
	ro, err := storage.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if spans, err := ro.Spans(ctx, "d2", "bob"); err != nil || len(spans) != 1 {
		t.Fatalf("read-only handle: %+v, %v", spans, err)
	}
	if _, err := rw.AddSpan(ctx, annotate.Span{DocID: "d2", Start: 0, End: 2, Label: "LOC", Annotator: "bob"}); err != nil {
		t.Fatal(err)
	}
	if spans, err := ro.Spans(ctx, "d2", "bob"); err != nil || len(spans) != 2 {
		t.Fatalf("read-only handle after another commit: %+v, %v", spans, err)
	}
}

func TestImmutableProjectOrFolderIsReadable(t *testing.T) {
	for _, which := range []string{"file", "folder"} {
		t.Run(which, func(t *testing.T) {
			dir := t.TempDir()
			path := sample(t, dir)
			want := func() string {
				db, err := storage.OpenReadOnly(ctx, path)
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				return exportAll(t, db)
			}()
			before := folderState(t, dir)
			if which == "file" {
				immutable(t, path)
			} else {
				immutable(t, dir)
			}
			for _, name := range []string{"OpenReadOnly", "OpenProject existing"} {
				var st annotate.Project
				var err error
				if name == "OpenReadOnly" {
					st, err = storage.OpenReadOnly(context.Background(), path)
				} else {
					st, err = storage.OpenProject(context.Background(), path, false)
				}
				if err != nil {
					t.Fatalf("%s of an immutable %s: %v", name, which, err)
				}
				if got := readAll(t, st); got != want {
					t.Fatalf("%s read %q, want %q", name, got, want)
				}
				_, err = st.AddSpan(ctx, annotate.Span{DocID: "d2", Start: 0, End: 2, Label: "LOC", Annotator: "alice"})
				code(t, err, annotate.EINVALID)
				st.Close()
			}
			if after := folderState(t, dir); after != before {
				t.Fatalf("the folder changed:\n%s\nwas\n%s", after, before)
			}
		})
	}
}
