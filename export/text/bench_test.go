package text

import (
	"os"
	"strings"
	"testing"
)

// benchParagraphs builds n paragraphs from the sentences in
// testdata/arabic.txt, each a different rotation and length so the set is
// not one paragraph repeated.
func benchParagraphs(b *testing.B, n int) []Paragraph {
	data, err := os.ReadFile("testdata/arabic.txt")
	if err != nil {
		b.Fatal(err)
	}
	sentences := strings.Split(strings.TrimSpace(string(data)), "\n")
	ps := make([]Paragraph, n)
	for i := range ps {
		var sb strings.Builder
		k := 2 + i%5
		for j := 0; j < k; j++ {
			if j > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(sentences[(i*7+j*3)%len(sentences)])
		}
		ps[i] = Paragraph{Spans: []Span{{Text: sb.String(), Style: Style{Size: 11}}}, Dir: RTL, Lang: "ar", Align: Justify, Indent: 12}
	}
	return ps
}

// BenchmarkLayout10k shapes and breaks 10,000 paragraphs per operation
// (about 1.5 million characters) on one engine, the way a book build does.
func BenchmarkLayout10k(b *testing.B) {
	e := newTestEngine(b)
	ps := benchParagraphs(b, 10000)
	chars := 0
	for _, p := range ps {
		chars += len([]rune(p.Spans[0].Text))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, p := range ps {
			e.Layout(p, 320)
		}
	}
	b.ReportMetric(float64(chars), "chars/op")
}

// BenchmarkLayout10kKashida is BenchmarkLayout10k justified with kashida:
// the cost of finding each distinct word's kashida site (HarfBuzz shapes it
// again with a tatweel) and of choosing a line's kashidas.
func BenchmarkLayout10kKashida(b *testing.B) {
	e := newTestEngine(b)
	ps := benchParagraphs(b, 10000)
	for i := range ps {
		ps[i].Kashida = true
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, p := range ps {
			e.Layout(p, 320)
		}
	}
}

// BenchmarkLayoutColdCacheKashida is BenchmarkLayoutColdCache with kashida:
// every word is shaped, then shaped again for its kashida site.
func BenchmarkLayoutColdCacheKashida(b *testing.B) {
	fs, err := NewFontSet("", "", "", "")
	if err != nil {
		b.Fatal(err)
	}
	p := benchParagraphs(b, 1)[0]
	p.Kashida = true
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		NewEngine(fs).Layout(p, 320)
	}
}

// BenchmarkLayout10kParallel is the same work spread over all CPUs.
func BenchmarkLayout10kParallel(b *testing.B) {
	e := newTestEngine(b)
	ps := benchParagraphs(b, 10000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		work := make(chan Paragraph, 64)
		done := make(chan struct{})
		workers := 8
		for w := 0; w < workers; w++ {
			go func() {
				for p := range work {
					e.Layout(p, 320)
				}
				done <- struct{}{}
			}()
		}
		for _, p := range ps {
			work <- p
		}
		close(work)
		for w := 0; w < workers; w++ {
			<-done
		}
	}
}

// BenchmarkLayoutColdCache measures one paragraph on a fresh engine: every
// word is shaped by HarfBuzz (fonts are loaded once, outside the loop).
func BenchmarkLayoutColdCache(b *testing.B) {
	fs, err := NewFontSet("", "", "", "")
	if err != nil {
		b.Fatal(err)
	}
	p := benchParagraphs(b, 1)[0]
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		NewEngine(fs).Layout(p, 320)
	}
}

func BenchmarkNewFontSet(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewFontSet("", "", "", ""); err != nil {
			b.Fatal(err)
		}
	}
}
