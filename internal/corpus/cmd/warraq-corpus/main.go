// Command warraq-corpus writes a generated collection of articles for
// benchmarks, tool comparisons and tests:
//
//	go run ./internal/corpus/cmd/warraq-corpus -n 1000 -o DIR [-lang ar] [-seed 1] [-typst FILE]
//
// DIR receives book.yaml and n Markdown articles in the language -lang (ar,
// en, fa, he or ur; Arabic by default); with -typst, FILE receives the same
// articles as one Typst document. Output depends only on -lang, -n and -seed.
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/warraq/warraq/internal/corpus"
)

func main() {
	n := flag.Int("n", 100, "number of articles")
	out := flag.String("o", "", "output directory for the Markdown collection")
	lang := flag.String("lang", "ar", "language of the articles: "+strings.Join(corpus.Languages(), ", "))
	seed := flag.Int64("seed", 1, "seed; the same seed, -lang and -n give the same bytes")
	typ := flag.String("typst", "", "also write the articles as one Typst document to this file")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: warraq-corpus -n N -o DIR [-lang L] [-seed S] [-typst FILE]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" && *typ == "" || flag.NArg() > 0 || *n <= 0 {
		flag.Usage()
		os.Exit(2)
	}
	if langs := corpus.Languages(); !slices.Contains(langs, *lang) {
		fmt.Fprintf(os.Stderr, "warraq-corpus: no articles in language %q; -lang is one of %s\n", *lang, strings.Join(langs, ", "))
		os.Exit(2)
	}
	if *out != "" {
		if err := corpus.GenerateLang(*out, *lang, *n, *seed); err != nil {
			fmt.Fprintln(os.Stderr, "warraq-corpus:", err)
			os.Exit(1)
		}
	}
	if *typ != "" {
		if err := corpus.GenerateTypstLang(*typ, *lang, *n, *seed); err != nil {
			fmt.Fprintln(os.Stderr, "warraq-corpus:", err)
			os.Exit(1)
		}
	}
}
