package main

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warraq/warraq/internal/testdir"
)

// maxMemory is what any input may cost a build at most (issue 18).
const maxMemory = 1 << 30

// flatPNG is a w x h PNG of one grey, made row by row so that the test
// itself holds none of its pixels.
func flatPNG(t *testing.T, w, h int) string {
	var idat bytes.Buffer
	z, _ := zlib.NewWriterLevel(&idat, zlib.BestSpeed)
	row := bytes.Repeat([]byte{0x80}, 1+3*w)
	row[0] = 0 // filter: none
	for y := 0; y < h; y++ {
		z.Write(row)
	}
	z.Close()
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		c := append([]byte(typ), data...)
		b.Write(c)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(c))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 2
	chunk("IHDR", ihdr)
	chunk("IDAT", idat.Bytes())
	chunk("IEND", nil)
	return b.String()
}

// prose is n bytes or so of Arabic paragraphs.
func prose(n int) string {
	para := strings.Repeat("كلمة عربية تليها أخرى، ثم رقم 2025 واسم Baghdad وجملة أطول قليلًا من سابقتها. ", 12) + "\n\n"
	return strings.Repeat(para, n/len(para)+1)[:n/len(para)*len(para)]
}

// Hostile and very large inputs end — refused or built — within a CPU-time
// limit and with a peak resident memory under 1 GB, measured on a child
// process running the real command line (not a clock: CPU seconds and
// bytes). The cases are the issue's: front matter that names a long string
// 200 times, a 50 MB article, a 9990 x 9990 PNG; and what the limits let
// through at their largest: a 49-megapixel PNG, pathological nesting filling
// a 1 MB article, and books of thirty-six 1 MB articles (36 MB, the most a
// book may have) of prose and of brackets (the densest text for the PDF: a line break at every character).
func TestBoundedTimeAndMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds books of up to 36 MB in child processes")
	}
	if raceDetector {
		t.Skip("memory is not measured under -race")
	}
	const mb = 1 << 20
	nest := func(open, mid, close string) string {
		n := (mb - 100) / (len(open) + len(close))
		return "---\ntitle: عميق\ndate: 2025-01-01\n---\n\n" + strings.Repeat(open, n) + mid + strings.Repeat(close, n) + "\n"
	}
	book := map[string]string{"book.yaml": "date: 2025-01-01\n"}
	brackets := map[string]string{"book.yaml": "date: 2025-01-01\n"}
	for i := 0; i < 36; i++ {
		book[fmt.Sprintf("a%02d.md", i)] = fmt.Sprintf("# مقالة %d\n\n", i) + prose(mb-200)
		brackets[fmt.Sprintf("a%02d.md", i)] = nest("[", "x", "]")
	}
	tests := []struct {
		name  string
		files map[string]string
		code  int
		msg   string
		cpu   int // seconds
	}{
		{"alias bomb", map[string]string{"a.md": "---\ntitle: &t \"" + strings.Repeat("ب", 100_000) + "\"\ntags: [" +
			strings.TrimSuffix(strings.Repeat("*t, ", 200), ", ") + "]\n---\n\nنص\n"}, 1, "alias *t makes the YAML larger than 1 MB", 60},
		{"50 MB article", map[string]string{"a.md": "sparse"}, 1, "more than the 1 MB an article may have", 60},
		{"9990 x 9990 PNG", map[string]string{"a.md": "# أ\n\n![صورة](p.png)\n", "p.png": pngHeader(9990, 9990)}, 1, "more than the 50 megapixels", 60},
		{"49-megapixel PNG", map[string]string{"book.yaml": "date: 2025-01-01\n", "a.md": "# أ\n\n![صورة](p.png)\n", "p.png": flatPNG(t, 7000, 7000)}, 0,
			"set at 3500 x 3500", 120},
		{"quotations 500,000 deep", map[string]string{"a.md": nest("> ", "x", "")}, 0, "nested more than 8 deep", 120},
		{"brackets 500,000 deep", map[string]string{"a.md": nest("[", "x", "]")}, 0, "", 120},
		{"divs 200,000 deep", map[string]string{"a.md": nest("<div>", "x", "")}, 0, "nested more than 8 deep", 120},
		{"inline tags 150,000 deep", map[string]string{"a.md": nest("<b>", "x", "</i>")}, 0, "nested more than 64 deep", 120},
		{"link destinations 260,000 times", map[string]string{"a.md": "---\ntitle: روابط\ndate: 2025-01-01\n---\n\n" + strings.Repeat("[a](", (mb-100)/4) + "\n"}, 0, "", 60},
		{"empty links opened 349,000 times", map[string]string{"a.md": "---\ntitle: روابط\ndate: 2025-01-01\n---\n\nنص " + strings.Repeat("[](", (mb-100)/3) + "\n"}, 0, "", 60},
		{"one paragraph of 1 MB", map[string]string{"a.md": "---\ntitle: فقرة\ndate: 2025-01-01\n---\n\n" + strings.ReplaceAll(prose(mb-100), "\n\n", " ")}, 0, "", 120},
		{"a 36 MB book", book, 0, "", 600},
		{"a 36 MB book of brackets", brackets, 0, "", 600}, // the most memory measured
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // each child's memory is its own
			dir := testdir.Write(t, nil)
			for name, body := range tt.files {
				p := filepath.Join(dir, name)
				if body == "sparse" {
					f, _ := os.Create(p)
					f.WriteString("# أ\n\n")
					f.Truncate(50 * mb)
					f.Close()
					continue
				}
				os.WriteFile(p, []byte(body), 0o644)
			}
			cmd := helper([]string{fmt.Sprintf("WARRAQ_RLIMIT_CPU=%d", tt.cpu)}, "build", dir)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			msg := stderr.String()
			if code != tt.code || !strings.Contains(msg, tt.msg) {
				t.Errorf("exit %d (%v), want %d and %q:\n%.2000s", code, cmd.ProcessState, tt.code, tt.msg, msg)
			}
			rss := maxRSS(cmd.ProcessState)
			t.Logf("%s: peak memory %d MB, CPU %v", tt.name, rss>>20, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
			if rss < 0 {
				t.Skip("peak memory not known on this system")
			}
			if rss > maxMemory {
				t.Errorf("peak memory %d MB, more than %d MB", rss>>20, maxMemory>>20)
			}
		})
	}
}
