// Command corpusgen writes the made-up news corpus of the scale benchmarks
// (internal/corpusgen) as Goldspan JSONL on standard output:
//
//	go run ./internal/tools/corpusgen -docs 100000 > big.jsonl
//	go run ./internal/tools/corpusgen -docs 10000 -annotators alice,bob,carol > three.jsonl
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"goldspan/internal/corpusgen"
)

func main() {
	docs := flag.Int("docs", 100000, "documents to write")
	who := flag.String("annotators", "", "comma-separated annotators, each with a layer on every document")
	seed := flag.Uint64("seed", 1, "the same seed writes the same corpus")
	status := flag.String("status", "done", "the annotators' status on each document")
	flag.Parse()
	o := corpusgen.Options{Docs: *docs, Seed: *seed, Status: *status}
	if *who != "" {
		o.Annotators = strings.Split(*who, ",")
	}
	if err := corpusgen.Write(os.Stdout, o); err != nil {
		fmt.Fprintln(os.Stderr, "corpusgen:", err)
		os.Exit(1)
	}
}
