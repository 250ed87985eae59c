package collection

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// benchCollection writes n articles assembled from the samples' paragraphs
// (headings, quotes, lists, Latin names and digits come with them).
func benchCollection(b *testing.B, n int) string {
	b.Helper()
	srcs, _ := filepath.Glob("../../samples/*.md")
	var paras []string
	for _, s := range srcs {
		data, err := os.ReadFile(s)
		if err != nil {
			b.Fatal(err)
		}
		body := string(data)
		if i := strings.Index(body[3:], "\n---\n"); strings.HasPrefix(body, "---\n") && i >= 0 {
			body = body[i+8:]
		}
		for _, p := range strings.Split(body, "\n\n") {
			if p = strings.TrimSpace(p); p != "" && !strings.Contains(p, "](") {
				paras = append(paras, p)
			}
		}
	}
	if len(paras) == 0 {
		b.Skip("no samples")
	}
	dir := b.TempDir()
	for i := 0; i < n; i++ {
		var sb strings.Builder
		sb.WriteString("---\ntitle: مقالة " + strconv.Itoa(i) + "\ndate: 2024-" + fmt.Sprintf("%02d", 1+i%12) + "-01\ntags: [وسم" + strconv.Itoa(i%5) + "]\n---\n\n")
		for j := 0; j < 12; j++ {
			sb.WriteString(paras[(i*7+j)%len(paras)] + "\n\n")
		}
		p := filepath.Join(dir, "a"+strconv.Itoa(i)+".md")
		if err := os.WriteFile(p, []byte(sb.String()), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			dir := benchCollection(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := Load(dir, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
