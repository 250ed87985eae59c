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
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/export/text"
	"go.yaml.in/yaml/v3"
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
func buildSamples(t testing.TB, withCover bool) ([]byte, *collection.Book) {
	t.Helper()
	b, err := collection.Load(samplesDir(), collection.Options{Formats: testFormats})
	if err != nil {
		t.Fatal(err)
	}
	e := testEngine(t)
	in := &render.Input{Book: b, Engine: e}
	if withCover {
		c, _, err := cover.New(b, e)
		if err != nil {
			t.Fatal(err)
		}
		in.Cover = c
	}
	var buf bytes.Buffer
	if _, err := Write(&buf, in, DefaultOptions()); err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("WARRAQ_PDF_OUT"); out != "" {
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes(), b
}

func TestSamplesBuild(t *testing.T) {
	data, _ := buildSamples(t, true)
	if len(data) < 1000 {
		t.Fatalf("PDF too small: %d bytes", len(data))
	}
}

// testFormats lets a test load books whose book.yaml has format sections,
// which export's registry decodes in real builds.
var testFormats = map[string]func(*yaml.Node, diag.List) any{
	"pdf":  Renderer{}.Options,
	"epub": func(*yaml.Node, diag.List) any { return nil },
}
