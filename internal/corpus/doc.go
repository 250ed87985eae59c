// Package corpus generates large, deterministic collections of articles for
// benchmarks, for the comparison with other tools (scripts/compare.sh) and for
// tests that need books in Arabic, Persian, Urdu, Hebrew or English.
//
// The text is assembled from a real collection's own sentences and headings
// (samples/ for Arabic, testdata/books/LANG/ for the others; embedded as
// phrases/LANG.txt, regenerated with
// `go test ./internal/corpus -run TestPhrasesUpToDate -update`), mixed with
// Latin names, years and percentages written by templates in the language, so
// that the generated books stress the same things real columns do: bidi runs,
// digits, repeated words, headings, lists and quotations. Each language is a
// kit (kit.go): the phrases, authors, tags, templates and book metadata; the
// generator itself knows no language. The same articles can be written as
// Markdown (a Warraq collection that pandoc also reads) or as one Typst
// document.
//
// The Arabic corpus for a seed is fixed: scripts/compare.sh and the benchmarks
// were measured on it, and TestArabicCorpusUnchanged holds it to the bytes.
package corpus
