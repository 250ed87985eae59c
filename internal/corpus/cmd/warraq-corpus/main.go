// Command warraq-corpus writes a generated collection of Arabic articles for
// benchmarks and tool comparisons:
//
//	go run ./cmd/warraq-corpus -n 1000 -o DIR [-seed 1] [-typst FILE]
//
// DIR receives book.yaml and n Markdown articles; with -typst, FILE receives the
// same articles as one Typst document. Output depends only on -n and -seed.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/warraq/warraq/internal/corpus"
)

func main() {
	n := flag.Int("n", 100, "number of articles")
	out := flag.String("o", "", "output directory for the Markdown collection")
	seed := flag.Int64("seed", 1, "seed; the same seed and -n give the same bytes")
	typ := flag.String("typst", "", "also write the articles as one Typst document to this file")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: warraq-corpus -n N -o DIR [-seed S] [-typst FILE]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" && *typ == "" || flag.NArg() > 0 || *n <= 0 {
		flag.Usage()
		os.Exit(2)
	}
	if *out != "" {
		if err := corpus.Generate(*out, *n, *seed); err != nil {
			fmt.Fprintln(os.Stderr, "warraq-corpus:", err)
			os.Exit(1)
		}
	}
	if *typ != "" {
		if err := corpus.GenerateTypst(*typ, *n, *seed); err != nil {
			fmt.Fprintln(os.Stderr, "warraq-corpus:", err)
			os.Exit(1)
		}
	}
}
