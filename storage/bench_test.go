package storage_test

import (
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"goldspan/annotate"
	"goldspan/storage"
)

// article is a ~300 code point news paragraph with a surrogate pair in it.
var article = strings.Repeat("俄羅斯國防部2025年9月23日表示，特朗普（Donald Trump）訪問北京。👍", 6)

func benchRecords(n int) []annotate.Record {
	recs := make([]annotate.Record, n)
	for i := range recs {
		recs[i] = annotate.Record{Doc: annotate.Document{ID: fmt.Sprintf("doc-%06d", i), Text: fmt.Sprintf("%d %s", i, article)}}
		if i%2 == 0 {
			recs[i].Annotator, recs[i].HasSpans, recs[i].Status = "alice", true, annotate.StatusDone
			recs[i].Spans = []annotate.Span{{Start: 0, End: 3, Label: "ORG"}, {Start: 8, End: 14, Label: "ORG"}, {Start: 8, End: 11, Label: "LOC"}}
		}
	}
	return recs
}

// BenchmarkImport1000 imports 1,000 documents (half with 3 spans and a
// status) into a new project per iteration: one transaction.
func BenchmarkImport1000(b *testing.B) {
	recs := benchRecords(1000)
	for i := 0; i < b.N; i++ {
		db, err := storage.Open(filepath.Join(b.TempDir(), "p.goldspan"))
		if err != nil {
			b.Fatal(err)
		}
		imp, _ := db.BeginImport(ctx)
		for _, r := range recs {
			if err := imp.Add(ctx, r); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := imp.Commit(); err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
	b.ReportMetric(float64(len(recs))*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkImport1000Baseline inserts the same documents with bare INSERTs
// in one transaction: no validation, no spans — the floor for the above.
func BenchmarkImport1000Baseline(b *testing.B) {
	recs := benchRecords(1000)
	for i := 0; i < b.N; i++ {
		db, err := sql.Open("sqlite", storage.DSN(filepath.Join(b.TempDir(), "raw.db")))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Exec(`CREATE TABLE documents (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, text TEXT NOT NULL)`); err != nil {
			b.Fatal(err)
		}
		tx, _ := db.Begin()
		stmt, _ := tx.Prepare(`INSERT INTO documents (id, text) VALUES (?, ?)`)
		for _, r := range recs {
			if _, err := stmt.Exec(r.Doc.ID, r.Doc.Text); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
	b.ReportMetric(float64(len(recs))*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

var (
	bigOnce sync.Once
	bigDB   *storage.DB
)

// big returns a shared project of 100,000 documents, half of them done.
func big(b *testing.B) *storage.DB {
	bigOnce.Do(func() {
		db, err := storage.Open(filepath.Join(benchDir(b), "big.goldspan"))
		if err != nil {
			b.Fatal(err)
		}
		imp, _ := db.BeginImport(ctx)
		for _, r := range benchRecords(100000) {
			if err := imp.Add(ctx, r); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := imp.Commit(); err != nil {
			b.Fatal(err)
		}
		bigDB = db
	})
	return bigDB
}

func benchPage(b *testing.B, f annotate.DocumentFilter) {
	db := big(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		page, err := db.Documents(ctx, f)
		if err != nil || len(page) != f.Limit {
			b.Fatal(len(page), err)
		}
	}
}

// BenchmarkPageFirst100 lists the first 100 of 100,000 documents with statuses.
func BenchmarkPageFirst100(b *testing.B) {
	benchPage(b, annotate.DocumentFilter{Annotator: "alice", Limit: 100})
}

// BenchmarkPageLast100 lists the last 100 of 100,000 documents.
func BenchmarkPageLast100(b *testing.B) {
	benchPage(b, annotate.DocumentFilter{Annotator: "alice", Offset: 99900, Limit: 100})
}

// BenchmarkPageTodoMiddle lists 100 todo documents from the middle.
func BenchmarkPageTodoMiddle(b *testing.B) {
	benchPage(b, annotate.DocumentFilter{Annotator: "alice", Status: annotate.StatusTodo, Offset: 25000, Limit: 100})
}

// BenchmarkAddSpanFull is one reviewer action: a committed transaction
// with synchronous=FULL, validation and a log entry.
func BenchmarkAddSpanFull(b *testing.B) {
	db, err := storage.Open(filepath.Join(b.TempDir(), "p.goldspan"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	imp, _ := db.BeginImport(ctx)
	imp.Add(ctx, annotate.Record{Doc: annotate.Document{ID: "d", Text: strings.Repeat(article, 40)}})
	imp.Commit()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := db.AddSpan(ctx, annotate.Span{DocID: "d", Start: i % 10000, End: i%10000 + 1 + i/10000, Label: "PER", Annotator: "alice"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAddSpanBaseline is a bare committed INSERT with the same DSN.
func BenchmarkAddSpanBaseline(b *testing.B) {
	db, err := sql.Open("sqlite", storage.DSN(filepath.Join(b.TempDir(), "raw.db")))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.Exec(`CREATE TABLE spans (id INTEGER PRIMARY KEY, start INTEGER, end INTEGER, label TEXT)`)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO spans (start, end, label) VALUES (?, ?, ?)`, i, i+1, "PER"); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPageDoneMiddle lists 100 done documents from the middle.
func BenchmarkPageDoneMiddle(b *testing.B) {
	benchPage(b, annotate.DocumentFilter{Annotator: "alice", Status: annotate.StatusDone, Offset: 25000, Limit: 100})
}

// BenchmarkBackup writes one backup of the shared 100,000-document project
// (VACUUM INTO a partial file at the lowest priority, synced, renamed).
func BenchmarkBackup(b *testing.B) {
	db := big(b)
	b.ResetTimer()
	for range b.N {
		if _, err := db.Backup(ctx, 2); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBackupBaselineCopy copies the same project's file byte for byte
// into a new file and syncs it: the floor for a backup.
func BenchmarkBackupBaselineCopy(b *testing.B) {
	db := big(b)
	if _, err := db.Backup(ctx, 1); err != nil { // the WAL checkpointed, as a backup would find it
		b.Fatal(err)
	}
	src := db.Path()
	b.ResetTimer()
	for range b.N {
		in, err := os.Open(src)
		if err != nil {
			b.Fatal(err)
		}
		out, err := os.Create(filepath.Join(b.TempDir(), "copy.goldspan"))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(out, in); err != nil {
			b.Fatal(err)
		}
		if err := out.Sync(); err != nil {
			b.Fatal(err)
		}
		in.Close()
		out.Close()
	}
}
