// Package corpus generates large, deterministic collections of Arabic articles
// for benchmarks and for the comparison with other tools (scripts/compare.sh).
//
// The text is assembled from the sample collection's own sentences and
// headings (embedded as phrases/ar.txt, regenerated from samples/ with
// `go test ./internal/corpus -run TestPhrases -update`), mixed with Latin
// names, years and percentages, so that the generated books stress the same
// things real columns do: bidi runs, digits, repeated words, headings, lists
// and quotations. The same articles can be written as Markdown (a Warraq
// collection that pandoc also reads) or as one Typst document.
package corpus
