package gazetteer

import (
	"io/fs"
	"testing"
)

// TestFiles checks that the lists are embedded. Their content is checked
// by goldspan/annotate/suggest, which parses them.
func TestFiles(t *testing.T) {
	names, err := fs.Glob(Files, "*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 6 {
		t.Fatalf("lists %v, want the six of the repository", names)
	}
	for _, n := range names {
		if b, err := fs.ReadFile(Files, n); err != nil || len(b) == 0 {
			t.Errorf("%s: %d bytes, %v", n, len(b), err)
		}
	}
}
