package export

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/internal/testdir"
)

// TestPanicInEachStage makes one task of each parallel stage panic: the
// build must fail with a message naming the file, leave no temporary file
// and keep the outputs of the build before it.
func TestPanicInEachStage(t *testing.T) {
	files := map[string]string{
		"book.yaml": small["book.yaml"], "a.md": small["a.md"],
		"b.md": small["b.md"] + "\n![صورة](pic.png)\n",
	}
	files["pic.png"] = string(tinyPNG(t))
	dir := testdir.Write(t, files)
	out := t.TempDir()
	if _, err := Build(context.Background(), dir, Options{OutDir: out}); err != nil {
		t.Fatal(err)
	}
	before := map[string][]byte{}
	for _, name := range listDir(t, out) {
		before[name], _ = os.ReadFile(filepath.Join(out, name))
	}
	for _, tc := range []struct{ stage, item, want string }{
		{"read", "b.md", "b.md: internal error while reading this file"},
		{"lower", "b.md", "b.md: internal error while reading this file"},
		{"image", "pic.png", "image pic.png: cannot decode (internal error"},
		{"render", "epub", "epub: internal error"},
		{"render", "pdf", "pdf: internal error"},
		{"pdf layout", "b.md", "pdf: b.md: internal error"},
	} {
		t.Run(tc.stage+" "+tc.item, func(t *testing.T) {
			hit := false
			probe := func(stage, item string) {
				if stage == tc.stage && item == tc.item {
					hit = true
					panic("injected fault")
				}
			}
			_, err := Build(context.Background(), dir, Options{OutDir: out, Selection: collection.Options{Probe: probe}})
			if !hit {
				t.Fatalf("the probe never reached stage %q item %q", tc.stage, tc.item)
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "injected fault") {
				t.Fatalf("err %v, want it to contain %q and the panic", err, tc.want)
			}
			after := listDir(t, out)
			if len(after) != len(before) {
				t.Errorf("output directory holds %q, want only %d earlier outputs", after, len(before))
			}
			for name, data := range before {
				now, _ := os.ReadFile(filepath.Join(out, name))
				if !bytes.Equal(now, data) {
					t.Errorf("%s changed", name)
				}
			}
		})
	}
}

func tinyPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
