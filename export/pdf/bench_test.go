package pdf

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/render"
)

// genCollection writes n articles made from the samples' texts (each with its
// own title, slug and date) and returns the directory.
func genCollection(tb testing.TB, n int) string {
	tb.Helper()
	dir := tb.TempDir()
	srcs, err := filepath.Glob(filepath.Join(samplesDir(), "*.md"))
	if err != nil || len(srcs) == 0 {
		tb.Fatalf("no samples: %v", err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "images"), 0o755); err != nil {
		tb.Fatal(err)
	}
	imgs, _ := filepath.Glob(filepath.Join(samplesDir(), "images", "*"))
	for _, p := range imgs {
		data, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "images", filepath.Base(p)), data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	title := regexp.MustCompile(`(?m)^title: (.*)$`)
	slug := regexp.MustCompile(`(?m)^slug: (.*)$`)
	date := regexp.MustCompile(`(?m)^date: .*$`)
	for i := 0; i < n; i++ {
		data, err := os.ReadFile(srcs[i%len(srcs)])
		if err != nil {
			tb.Fatal(err)
		}
		s := string(data)
		s = title.ReplaceAllString(s, fmt.Sprintf("title: $1 %d", i+1))
		s = slug.ReplaceAllString(s, fmt.Sprintf("slug: $1-%d", i+1))
		s = date.ReplaceAllString(s, fmt.Sprintf("date: %d-%02d-%02d", 2000+i/336, i/28%12+1, i%28+1))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%04d.md", i+1)), []byte(s), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	yaml := "title: كتاب مولَّد\nauthor: ورّاق\nlanguage: ar\npdf:\n  toc-depth: 1\n"
	if err := os.WriteFile(filepath.Join(dir, "book.yaml"), []byte(yaml), 0o644); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// BenchmarkBook lays out and writes generated books. Peak memory is measured
// on the test binary: /usr/bin/time -v go test -run X -bench Book/1000 ./export/pdf/
func BenchmarkBook(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := genCollection(b, n)
			bk, err := collection.Load(dir, collection.Options{Formats: testFormats})
			if err != nil && !strings.Contains(err.Error(), "warning") {
				b.Fatal(err)
			}
			e := testEngine(b)
			b.ResetTimer()
			var pages int
			for i := 0; i < b.N; i++ {
				res, err := Write(io.Discard, &render.Input{Book: bk, Engine: e}, DefaultOptions())
				if err != nil {
					b.Fatal(err)
				}
				pages = res.Pages
			}
			b.ReportMetric(float64(pages), "pages")
		})
	}
}
