package project

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"goldspan/annotate"
	"goldspan/annotate/format"
	"goldspan/internal/corpusgen"
	"goldspan/storage"
)

// Issue 16's export and import ratios on a made-up corpus (internal/corpusgen):
// 2,000 documents of 150-1,500 characters, one annotator's done layer of
// ~50 spans each. The baselines do the same I/O with nothing of ours in
// between: the export baseline streams the same rows out of the same
// SQLite file through encoding/json, and the import baseline inserts the
// same parsed records with bare INSERTs in one transaction.

const pipeBenchDocs = 2000

var (
	pipeOnce   sync.Once
	pipePlain  []byte // documents alone
	pipeLayers []byte // documents, then alice's done layer of each
	pipePath   string // a project holding pipeLayers
	pipeErr    error
)

func pipeFixture(b *testing.B) {
	b.Helper()
	pipeOnce.Do(func() {
		var plain, layers bytes.Buffer
		if pipeErr = corpusgen.Write(&plain, corpusgen.Options{Docs: pipeBenchDocs}); pipeErr != nil {
			return
		}
		if pipeErr = corpusgen.Write(&layers, corpusgen.Options{Docs: pipeBenchDocs, Annotators: []string{"alice"}}); pipeErr != nil {
			return
		}
		pipePlain, pipeLayers = plain.Bytes(), layers.Bytes()
		dir, err := os.MkdirTemp("", "goldspan-bench-")
		if err != nil {
			pipeErr = err
			return
		}
		pipePath = filepath.Join(dir, "export.goldspan")
		pipeErr = importInto(pipePath, pipeLayers)
	})
	if pipeErr != nil {
		b.Fatal(pipeErr)
	}
}

func importInto(path string, data []byte) error {
	db, err := storage.Open(path)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = Import(context.Background(), db, []Input{{Reader: bytes.NewReader(data), Format: "gold", Options: format.Options{Name: "bench.jsonl"}}}, ImportOptions{})
	return err
}

// BenchmarkExportBaselineJSON streams the documents and alice's spans of
// the fixture out of SQLite, in document order, through encoding/json.
func BenchmarkExportBaselineJSON(b *testing.B) {
	pipeFixture(b)
	db, err := sql.Open("sqlite", storage.DSN(pipePath))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	type span struct {
		Start int    `json:"start"`
		End   int    `json:"end"`
		Label string `json:"label"`
	}
	type rec struct {
		ID    string `json:"id"`
		Text  string `json:"text"`
		Spans []span `json:"spans"`
	}
	b.ResetTimer()
	for range b.N {
		w := bufio.NewWriterSize(io.Discard, 64<<10)
		enc := json.NewEncoder(w)
		docs, err := db.Query(`SELECT seq, id, text FROM documents ORDER BY seq`)
		if err != nil {
			b.Fatal(err)
		}
		spans, err := db.Query(`SELECT doc, start, end, label FROM spans ORDER BY doc, start, end, label`)
		if err != nil {
			b.Fatal(err)
		}
		var seq, doc int64 = 0, -1
		var pending span
		more := true
		for docs.Next() {
			var r rec
			if err := docs.Scan(&seq, &r.ID, &r.Text); err != nil {
				b.Fatal(err)
			}
			if doc == seq {
				r.Spans = append(r.Spans, pending)
			}
			for more && doc <= seq {
				if more = spans.Next(); !more {
					break
				}
				if err := spans.Scan(&doc, &pending.Start, &pending.End, &pending.Label); err != nil {
					b.Fatal(err)
				}
				if doc == seq {
					r.Spans = append(r.Spans, pending)
				}
			}
			if err := enc.Encode(r); err != nil {
				b.Fatal(err)
			}
		}
		docs.Close()
		spans.Close()
		w.Flush()
	}
	b.ReportMetric(float64(pipeBenchDocs)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

func benchExport(b *testing.B, formatName string) {
	pipeFixture(b)
	db, err := storage.Open(pipePath)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.ResetTimer()
	for range b.N {
		w := bufio.NewWriterSize(io.Discard, 64<<10)
		n, _, err := Export(context.Background(), db, w, ExportOptions{Format: formatName,
			Filter: annotate.ExportFilter{Annotator: "alice", Status: annotate.StatusDone}})
		if err != nil {
			b.Fatal(err)
		}
		if n != pipeBenchDocs {
			b.Fatalf("exported %d records, want %d", n, pipeBenchDocs)
		}
		w.Flush()
	}
	b.ReportMetric(float64(pipeBenchDocs)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkExportGold exports alice's done layer as Goldspan JSONL.
func BenchmarkExportGold(b *testing.B) { benchExport(b, "gold") }

// BenchmarkExportConll exports alice's done layer as CoNLL (BIO).
func BenchmarkExportConll(b *testing.B) { benchExport(b, "conll") }

// BenchmarkImportBaselineInsert parses the plain fixture with
// encoding/json and inserts the documents with bare INSERTs in one
// transaction into a table of id and text.
func BenchmarkImportBaselineInsert(b *testing.B) {
	pipeFixture(b)
	b.ResetTimer()
	for range b.N {
		db, err := sql.Open("sqlite", storage.DSN(filepath.Join(b.TempDir(), "raw.db")))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Exec(`CREATE TABLE documents (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, text TEXT NOT NULL, meta TEXT NOT NULL DEFAULT '{}')`); err != nil {
			b.Fatal(err)
		}
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		stmt, err := tx.Prepare(`INSERT INTO documents (id, text) VALUES (?, ?)`)
		if err != nil {
			b.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(pipePlain))
		for dec.More() {
			var r struct{ ID, Text string }
			if err := dec.Decode(&r); err != nil {
				b.Fatal(err)
			}
			if _, err := stmt.Exec(r.ID, r.Text); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
	b.ReportMetric(float64(pipeBenchDocs)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

func benchImport(b *testing.B, data *[]byte) {
	pipeFixture(b)
	b.ResetTimer()
	for range b.N {
		if err := importInto(filepath.Join(b.TempDir(), "p.goldspan"), *data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(pipeBenchDocs)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkImportDocs imports the plain fixture into a new project.
func BenchmarkImportDocs(b *testing.B) { benchImport(b, &pipePlain) }

// BenchmarkImportDocsWithSpans imports the same documents with alice's
// done layer of ~50 spans each.
func BenchmarkImportDocsWithSpans(b *testing.B) { benchImport(b, &pipeLayers) }

// BenchmarkImportBaselineInsertSpans inserts the documents and alice's
// spans of the layered fixture with bare INSERTs (one row per span, 64 to
// a statement) into tables with the project's keys and unique index, in
// one transaction: the floor for BenchmarkImportDocsWithSpans.
func BenchmarkImportBaselineInsertSpans(b *testing.B) {
	pipeFixture(b)
	b.ResetTimer()
	for range b.N {
		db, err := sql.Open("sqlite", storage.DSN(filepath.Join(b.TempDir(), "raw.db")))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Exec(`CREATE TABLE documents (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, text TEXT NOT NULL, meta TEXT NOT NULL DEFAULT '{}');
			CREATE TABLE spans (id INTEGER PRIMARY KEY, doc INTEGER NOT NULL, annotator INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
				label TEXT NOT NULL, origin TEXT NOT NULL, UNIQUE (doc, annotator, start, end, label))`); err != nil {
			b.Fatal(err)
		}
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		doc, err := tx.Prepare(`INSERT INTO documents (id, text) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET id = id RETURNING seq`)
		if err != nil {
			b.Fatal(err)
		}
		one, err := tx.Prepare(`INSERT INTO spans (doc, annotator, start, end, label, origin) VALUES (?, 1, ?, ?, ?, 'manual')`)
		if err != nil {
			b.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(pipeLayers))
		for dec.More() {
			var r struct {
				ID, Text string
				Spans    []struct {
					Start, End int
					Label      string
				}
			}
			if err := dec.Decode(&r); err != nil {
				b.Fatal(err)
			}
			var seq int64
			if err := doc.QueryRow(r.ID, r.Text).Scan(&seq); err != nil {
				b.Fatal(err)
			}
			for _, s := range r.Spans {
				if _, err := one.Exec(seq, s.Start, s.End, s.Label); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
	b.ReportMetric(float64(pipeBenchDocs)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}
