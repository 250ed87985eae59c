package pdf

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/cover"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/text"
)

var (
	engineOnce sync.Once
	engine     *text.Engine
	engineErr  error
)

func testEngine(t testing.TB) *text.Engine {
	engineOnce.Do(func() {
		fs, err := text.NewFontSet("", "", "", "")
		if err != nil {
			engineErr = err
			return
		}
		engine = text.NewEngine(fs)
	})
	if engineErr != nil {
		t.Fatal(engineErr)
	}
	return engine
}

func samplesDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "samples")
}

// buildSamples lays the sample collection out. WARRAQ_PDF_OUT keeps the PDF
// for looking at it (pdftoppm) during development.
func buildSamples(t testing.TB, withCover bool) ([]byte, *collection.Book, []diag.Diagnostic) {
	t.Helper()
	b, err := collection.Load(samplesDir(), collection.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := testEngine(t)
	var opt Options
	opt.Engine = e
	var warns []diag.Diagnostic
	opt.Warn = func(d diag.Diagnostic) { warns = append(warns, d) }
	if withCover {
		c, _, err := cover.New(b, e)
		if err != nil {
			t.Fatal(err)
		}
		opt.Cover = c
	}
	var buf bytes.Buffer
	if _, err := Write(&buf, b, opt); err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("WARRAQ_PDF_OUT"); out != "" {
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes(), b, warns
}

func TestSamplesBuild(t *testing.T) {
	data, _, warns := buildSamples(t, true)
	if len(data) < 1000 {
		t.Fatalf("PDF too small: %d bytes", len(data))
	}
	for _, w := range warns {
		t.Log(w)
	}
}
