package cover

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/pdfwriter"
	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/internal/imgcolour"
	"github.com/warraq/warraq/internal/imgcolour/imgcolourtest"
	"github.com/warraq/warraq/internal/pngenc"
	"go.yaml.in/yaml/v3"
)

// go test ./export/cover -args -cover.out=DIR writes the test covers as PNGs,
// to look at them.
var outDir = flag.String("cover.out", "", "write the test covers' PNGs to this directory")

func engine(t testing.TB) *text.Engine {
	t.Helper()
	fs, err := text.NewFontSet("", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	return text.NewEngine(fs)
}

func book(title, subtitle string, authors []string, lang, dir string) *collection.Book {
	return &collection.Book{
		Meta: collection.Meta{
			Title: title, Subtitle: subtitle, Authors: authors, Publisher: "دار الورّاق",
			Language: lang, Direction: dir, Date: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
		},
	}
}

const longTitle = "رسائل في أحوال الكتّاب والورّاقين وأسواق الكتب في بغداد ودمشق والقاهرة وقرطبة، وما كان بينهم من أخبار ومناظرات ونوادر عبر القرون"

var cases = []struct {
	name string
	b    *collection.Book
}{
	{"samples", book("دفاتر الورّاق", "مقالات في الكتب والقراءة والنشر", []string{"سلمى الحدّاد"}, "ar", "rtl")},
	{"long", book(longTitle, "مختارات من مقالات عام كامل، مرتبة حسب الموضوع", []string{"سلمى الحدّاد", "يوسف النجّار"}, "ar", "rtl")},
	{"one-word", book("الورّاق", "", []string{"سلمى الحدّاد"}, "ar", "rtl")},
	{"hyphenated", book("Supercalifragilisticexpialidocious-Antidisestablishmentarianism", "", nil, "en", "ltr")},
	{"unbreakable", book("https://example.org/a-very-long-address/that-never-breaks", "", nil, "en", "ltr")},
	{"english", book("Notes from the Bookseller's Lane", "Essays on books and reading", []string{"Salma Haddad"}, "en", "ltr")},
}

func write(t *testing.T, name string, data []byte) {
	if *outDir == "" {
		return
	}
	if err := os.WriteFile(filepath.Join(*outDir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRasterSizeAndDeterminism(t *testing.T) {
	e := engine(t)
	// Rasters are slow (under -race especially): two books; the layout of
	// every case is checked by TestTextStaysInSafeArea.
	for _, tc := range cases[:2] {
		t.Run(tc.name, func(t *testing.T) {
			c, diags, err := New(tc.b, e)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range diags {
				t.Errorf("unexpected diagnostic: %s", d)
			}
			img, err := c.Raster()
			if err != nil {
				t.Fatal(err)
			}
			if img.Width != RasterWidth || img.Height != RasterHeight || img.MediaType != "image/png" {
				t.Fatalf("got %dx%d %s, want %dx%d image/png", img.Width, img.Height, img.MediaType, RasterWidth, RasterHeight)
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(img.Data))
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Width != RasterWidth || cfg.Height != RasterHeight {
				t.Fatalf("PNG is %dx%d", cfg.Width, cfg.Height)
			}
			write(t, "cover-"+tc.name+".png", img.Data)

			c2, _, _ := New(tc.b, e)
			img2, err := c2.Raster()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(img.Data, img2.Data) {
				t.Fatal("two rasters of the same book differ")
			}
		})
	}
}

// textInk returns the ink box of every text line of d, in design units.
func textInk(c *Cover, d *design) (out []box, groups []int) {
	s := &setter{e: c.engine, bounds: map[glyphKey]box{}}
	for _, it := range d.items {
		if it.text == nil {
			continue
		}
		ink := s.lineInk(it.text.line)
		out = append(out, box{ink.x0 + it.text.x, ink.y0 + it.text.y, ink.x1 + it.text.x, ink.y1 + it.text.y})
		groups = append(groups, it.text.group)
	}
	return out, groups
}

func TestTextStaysInSafeArea(t *testing.T) {
	e := engine(t)
	for _, tc := range cases {
		for _, style := range styleNames() {
			for _, aspect := range []float64{1.6, 297.0 / 210, 9.0 / 6} {
				t.Run(fmt.Sprintf("%s/%s/%.3f", tc.name, style, aspect), func(t *testing.T) {
					b := *tc.b
					b.Config.Cover.Style = style
					c, _, err := New(&b, e)
					if err != nil {
						t.Fatal(err)
					}
					d, _ := c.design(aspect)
					if *outDir != "" {
						w := 400
						if style == "classic" && aspect == 1.6 {
							w = RasterWidth // the EPUB's cover, full size
						}
						data, err := encodePNG(rasterize(d, w, int(float64(w)*aspect)).image())
						if err != nil {
							t.Fatal(err)
						}
						write(t, fmt.Sprintf("style-%s-%s-%.2f.png", tc.name, style, aspect), data)
					}
					inks, groups := textInk(c, d)
					if len(inks) == 0 {
						t.Fatal("no text on the cover")
					}
					for i, ink := range inks {
						const eps = 1e-6
						if ink.x0 < d.safe[0]-eps || ink.y0 < d.safe[1]-eps || ink.x1 > d.safe[2]+eps || ink.y1 > d.safe[3]+eps {
							t.Errorf("line %d ink %+v outside safe area %v", i, ink, d.safe)
						}
						for j := i + 1; j < len(inks); j++ {
							// Lines of one paragraph may interleave ascenders and
							// descenders; separate texts must not touch.
							o := inks[j]
							if groups[i] != groups[j] && ink.x0 < o.x1 && o.x0 < ink.x1 && ink.y0 < o.y1 && o.y0 < ink.y1 {
								t.Errorf("lines %d and %d overlap: %+v %+v", i, j, ink, o)
							}
						}
					}
				})
			}
		}
	}
}

// titleBlock lays out the title the way the classic design does, to check
// sizes and balance.
func TestTitleSizeAndBalance(t *testing.T) {
	e := engine(t)
	s := &setter{e: e, dir: text.RTL, lang: "ar", bounds: map[glyphKey]box{}}
	st := text.Style{Role: text.Heading, Bold: true}
	short := s.fit("الورّاق", st, 780, 600, 150, 1.3)
	if short.size != 150 || len(short.lines) != 1 {
		t.Errorf("one-word title: size %.1f, %d lines; want the largest size on one line", short.size, len(short.lines))
	}
	long := s.fit(longTitle, st, 780, 600, 150, 1.3)
	if long.size >= 150 || len(long.lines) < 3 {
		t.Errorf("long title: size %.1f, %d lines; want a smaller size over several lines", long.size, len(long.lines))
	}
	if long.width() > 780 || long.height() > 600 {
		t.Errorf("long title overflows its box: %.1f x %.1f", long.width(), long.height())
	}
	// The size is the largest at which the chosen lines fit: 1% more overflows.
	var lines []string
	for _, l := range long.lines {
		var sb strings.Builder
		for _, g := range l.ReadingOrder() {
			sb.WriteString(g.Text)
		}
		lines = append(lines, sb.String())
	}
	st.Size = long.size * 1.01
	if b := s.setLines(lines, st, 1.3); b.width() <= 780 && b.height() <= 600 {
		t.Errorf("long title at %.1f would still fit; the chosen %.1f is not the largest", st.Size, long.size)
	}
	// Balanced: the shortest line is not much shorter than the longest.
	for _, title := range []string{longTitle} {
		b := s.fit(title, st, 780, 600, 150, 1.3)
		minW, maxW := 1e9, 0.0
		for _, ink := range b.ink {
			minW = min(minW, ink.x1-ink.x0)
			maxW = max(maxW, ink.x1-ink.x0)
		}
		if len(b.lines) > 1 && minW < 0.5*maxW {
			t.Errorf("%q: lines from %.0f to %.0f wide, not balanced", title, minW, maxW)
		}
	}
}

func TestPieces(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  دفاتر   الورّاق ", "دفاتر|الورّاق"},
		{"Anti-establishment and/or post-war", "Anti-|+establishment|and/|+or|post-|+war"},
		{"-x- a/ /b", "-x-|a/|/b"},
		{"https://example.org/a-b", "https://|+example.org/|+a-|+b"},
		{"a\u2010b--c-", "a\u2010|+b--|+c-"},
		{"", ""},
	}
	for _, tc := range tests {
		var got []string
		for _, p := range pieces(tc.in) {
			if p.glued {
				got = append(got, "+"+p.text)
			} else {
				got = append(got, p.text)
			}
		}
		if strings.Join(got, "|") != tc.want {
			t.Errorf("pieces(%q) = %q, want %q", tc.in, strings.Join(got, "|"), tc.want)
		}
	}
}

func TestBalanced(t *testing.T) {
	words := strings.Fields("a b c d e f g")
	ps := pieces("a b c d e f g")
	tests := []struct {
		adv  []float64
		n    int
		want []string
	}{
		// Greedy filling of a 5-unit measure would give "a b c d" and "e f g".
		{[]float64{1, 1, 1, 1, 1, 1, 1}, 2, []string{"a b c d", "e f g"}},
		{[]float64{1, 1, 1, 1, 1, 1, 1}, 3, []string{"a b c", "d e", "f g"}},
		{[]float64{4, 1, 1, 1, 1, 1, 1}, 2, []string{"a b", "c d e f g"}},
		{[]float64{1, 1, 1, 1, 1, 1, 6}, 2, []string{"a b c d e f", "g"}},
		{[]float64{1, 1, 1, 1, 1, 1, 1}, 7, words},
	}
	for _, tc := range tests {
		if got := balanced(ps, tc.adv, 0.25, tc.n); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("balanced(%v, %d) = %q, want %q", tc.adv, tc.n, got, tc.want)
		}
	}
}

// The line count trades size against evenness: no lonely last word.
func TestTitleLines(t *testing.T) {
	e := engine(t)
	tests := []struct {
		title string
		dir   text.Direction
		want  string
	}{
		{"Notes from the Bookseller's Lane", text.LTR, "Notes from the|Bookseller's Lane"},
		{"الورّاق", text.RTL, "الورّاق"},
		{"Supercalifragilisticexpialidocious-Antidisestablishmentarianism", text.LTR, "Supercalifragilisticexpialidocious-|Antidisestablishmentarianism"},
	}
	st := text.Style{Role: text.Heading, Bold: true}
	for _, tc := range tests {
		s := &setter{e: e, dir: tc.dir, lang: "en", bounds: map[glyphKey]box{}}
		b := s.fit(tc.title, st, 700, 550, 150, 1.3)
		var lines []string
		for _, l := range b.lines {
			var sb strings.Builder
			for _, g := range l.ReadingOrder() {
				sb.WriteString(g.Text)
			}
			lines = append(lines, sb.String())
		}
		if got := strings.Join(lines, "|"); got != tc.want {
			t.Errorf("%q set as %q, want %q", tc.title, got, tc.want)
		}
	}
}

func TestPalette(t *testing.T) {
	for i, p := range palettes() {
		if r := contrast(p.bg, p.fg); r < 7 {
			t.Errorf("palette %d: contrast %.1f < 7", i, r)
		}
	}
	if defaultPalette("دفاتر الورّاق") != defaultPalette(" دفاتر الورّاق ") {
		t.Error("default palette depends on surrounding spaces")
	}
	seen := map[palette]bool{}
	for _, title := range []string{"دفاتر الورّاق", "الورّاق", longTitle, "Notes", "كتاب", "مقالات ٢٠٢٥", "سفر", "Essays"} {
		seen[defaultPalette(title)] = true
	}
	if len(seen) < 3 {
		t.Errorf("8 titles gave only %d palettes", len(seen))
	}

	tests := []struct {
		bg, fg       string
		wantBG       string
		wantFG       string
		wantWarnings int
	}{
		{"#102030", "#f0e0d0", "#102030", "#f0e0d0", 0},
		{"#ffffff", "", "#ffffff", "#1d1a17", 0},
		{"#000", "", "#000000", "#f7f1e3", 0},
		{"", "#112233", "#f7f1e3", "#112233", 0},
		{"#777777", "#888888", "#777777", "#888888", 1}, // low contrast
		{"teal", "", defaultPalette("x").bg.String(), defaultPalette("x").fg.String(), 1},
	}
	for _, tc := range tests {
		p, warn := resolvePalette("x", tc.bg, tc.fg)
		if p.bg.String() != tc.wantBG || p.fg.String() != tc.wantFG || len(warn) != tc.wantWarnings {
			t.Errorf("resolvePalette(%q, %q) = %s on %s, %d warnings %q; want %s on %s, %d", tc.bg, tc.fg, p.fg, p.bg, len(warn), warn, tc.wantFG, tc.wantBG, tc.wantWarnings)
		}
	}
}

func pngOf(t *testing.T, w, h int, c color.RGBA) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// suppliedBook loads a one-article collection whose book.yaml names a cover
// image (collection loads and validates the image, as in a real build).
func suppliedBook(t *testing.T, data []byte, ext, bg string) *collection.Book {
	t.Helper()
	dir := t.TempDir()
	yaml := "title: x\ncover:\n  image: cover." + ext + "\n"
	if bg != "" {
		yaml += "  background: \"" + bg + "\"\n"
	}
	files := map[string][]byte{
		"book.yaml":    []byte(yaml),
		"a.md":         []byte("# مقالة\n\nنص.\n"),
		"cover." + ext: data,
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := collection.Load(dir, collection.Options{Formats: testFormats})
	if err != nil {
		t.Fatal(err)
	}
	if b.CoverAsset() == nil {
		t.Fatal("collection did not load the cover image")
	}
	return b
}

func TestSuppliedCover(t *testing.T) {
	e := engine(t)
	red := color.RGBA{200, 30, 30, 255}
	tests := []struct {
		name       string
		w, h       int
		warnings   []string // substrings, in order
		same       bool     // returned unchanged
		fitW       int      // expected size of the fitted image in the raster
		fitH       int
		bgAtOrigin bool
	}{
		{"exact", 1000, 1600, nil, true, 0, 0, false},
		{"exact small", 500, 800, []string{"800 px tall"}, true, 0, 0, false},
		{"square", 1500, 1500, []string{"far from the 1:1.6"}, false, 1600, 1600, true},
		{"landscape small", 800, 400, []string{"400 px tall", "far from the 1:1.6"}, false, 1600, 800, true},
		{"tall", 1400, 3500, []string{"far from the 1:1.6"}, false, 1024, 2560, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := pngOf(t, tc.w, tc.h, red)
			book := suppliedBook(t, data, "png", "#0000ff")
			c, diags, err := New(book, e)
			if err != nil {
				t.Fatal(err)
			}
			if len(diags) != len(tc.warnings) {
				t.Fatalf("diagnostics %v, want %d", diags, len(tc.warnings))
			}
			for i, d := range diags {
				if !strings.Contains(d.Message, tc.warnings[i]) || d.File != "book.yaml" || d.Severity != diag.Warning {
					t.Errorf("diagnostic %d = %s, want a book.yaml warning containing %q", i, d, tc.warnings[i])
				}
			}
			img, err := c.Raster()
			if err != nil {
				t.Fatal(err)
			}
			if tc.same {
				// As loaded: the loader writes a PNG of one colour paletted.
				if !bytes.Equal(img.Data, book.CoverAsset().Data) {
					t.Error("a cover of the right proportions was re-encoded")
				}
				samePixels(t, tc.name, img.Data, data)
				return
			}
			if img.Width != RasterWidth || img.Height != RasterHeight {
				t.Fatalf("raster %dx%d", img.Width, img.Height)
			}
			dec, err := png.Decode(bytes.NewReader(img.Data))
			if err != nil {
				t.Fatal(err)
			}
			// Measure the red area: it is the image, fitted whole and centred.
			x0, y0, x1, y1 := RasterWidth, RasterHeight, 0, 0
			rgba, ok := dec.(*image.RGBA)
			if !ok {
				t.Fatalf("decoded %T, want *image.RGBA", dec)
			}
			for y := 0; y < RasterHeight; y++ {
				for x := 0; x < RasterWidth; x++ {
					px := rgba.RGBAAt(x, y)
					if px.R > 150 && px.B < 100 {
						x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x+1), max(y1, y+1)
					}
				}
			}
			if x1-x0 != tc.fitW || y1-y0 != tc.fitH {
				t.Errorf("image drawn %dx%d, want %dx%d (aspect kept)", x1-x0, y1-y0, tc.fitW, tc.fitH)
			}
			if x0+x1 != RasterWidth || y0+y1 != RasterHeight {
				t.Errorf("image at (%d,%d)-(%d,%d), not centred", x0, y0, x1, y1)
			}
			if r, g, b, _ := dec.At(0, 0).RGBA(); tc.bgAtOrigin && (r>>8 != 0 || g>>8 != 0 || b>>8 != 255) {
				t.Errorf("corner is %d,%d,%d, want the background #0000ff", r>>8, g>>8, b>>8)
			}
		})
	}
}

// TestRasterFormat checks that RasterFormat tells, without drawing, the
// type and size of the image Raster draws, for a generated cover and for
// supplied ones kept as they are or fitted; and that RasterOnce, called
// from several goroutines, gives them all the one image Raster draws.
func TestRasterFormat(t *testing.T) {
	e := engine(t)
	red := color.RGBA{200, 30, 30, 255}
	photo := image.NewRGBA(image.Rect(0, 0, 500, 800))
	var tall, square bytes.Buffer
	if err := jpeg.Encode(&tall, photo, nil); err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(&square, image.NewRGBA(image.Rect(0, 0, 900, 900)), nil); err != nil {
		t.Fatal(err)
	}
	books := map[string]*collection.Book{
		"generated":          cases[0].b,
		"png, proportioned":  suppliedBook(t, pngOf(t, 500, 800, red), "png", ""),
		"png, fitted":        suppliedBook(t, pngOf(t, 800, 400, red), "png", ""),
		"jpeg, proportioned": suppliedBook(t, tall.Bytes(), "jpg", ""),
		"jpeg, fitted":       suppliedBook(t, square.Bytes(), "jpg", ""),
	}
	for name, b := range books {
		t.Run(name, func(t *testing.T) {
			c, _, err := New(b, e)
			if err != nil {
				t.Fatal(err)
			}
			mt, w, h := c.RasterFormat()
			want, err := c.Raster()
			if err != nil {
				t.Fatal(err)
			}
			if mt != want.MediaType || w != want.Width || h != want.Height {
				t.Errorf("RasterFormat says %s %dx%d, Raster made %s %dx%d", mt, w, h, want.MediaType, want.Width, want.Height)
			}
			got := make(chan *Image, 3)
			for range 3 {
				go func() {
					img, err := c.RasterOnce()
					if err != nil {
						t.Error(err)
					}
					got <- img
				}()
			}
			first := <-got
			for range 2 {
				if img := <-got; img != first {
					t.Error("RasterOnce made the image more than once")
				}
			}
			if first == nil || !bytes.Equal(first.Data, want.Data) || first.MediaType != want.MediaType {
				t.Error("RasterOnce's image is not Raster's")
			}
		})
	}
}

// A supplied cover fitted on its ground stays a JPEG or a PNG, and keeps
// its file's colour profile (the EPUB's cover shows the colours the PDF's
// cover page does, which draws the file itself).
func TestSuppliedCoverKeepsItsProfile(t *testing.T) {
	prof := imgcolourtest.Profile("RGB ", 1000, 3)
	src := image.NewRGBA(image.Rect(0, 0, 900, 700)) // not the cover's proportions: fitted
	for i := range src.Pix {
		src.Pix[i] = uint8(i*7) | 0x81
	}
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, src, nil); err != nil {
		t.Fatal(err)
	}
	jpg := imgcolourtest.JPEG(jb.Bytes(), prof, 65_000)
	chunks := imgcolour.Read("jpeg", jpg).PNGChunks()
	var pb bytes.Buffer
	if err := pngenc.EncodeWith(&pb, src, chunks); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		ext, format string
		data        []byte
	}{{"jpg", "jpeg", jpg}, {"png", "png", pb.Bytes()}} {
		c, _, err := New(suppliedBook(t, tt.data, tt.ext, ""), engine(t))
		if err != nil {
			t.Fatal(err)
		}
		img, err := c.Raster()
		if err != nil {
			t.Fatal(err)
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(img.Data))
		if err != nil || format != tt.format || img.MediaType != "image/"+tt.format || cfg.Width != RasterWidth || cfg.Height != RasterHeight {
			t.Fatalf("%s: got %s %dx%d (%v), want a fitted %s", tt.ext, format, cfg.Width, cfg.Height, err, tt.format)
		}
		got := imgcolour.Read(format, img.Data).PNGChunks()
		if len(got) != 1 || !bytes.Equal(got[0].Data, chunks[0].Data) {
			t.Errorf("%s: the fitted cover says %d colour chunks, want the file's profile", tt.ext, len(got))
		}
	}
}

func TestEdgeColorDefaultsBackground(t *testing.T) {
	data := pngOf(t, 300, 300, color.RGBA{10, 120, 60, 255})
	c, _, err := New(suppliedBook(t, data, "png", ""), engine(t))
	if err != nil {
		t.Fatal(err)
	}
	if c.pal.bg != (rgb{10, 120, 60}) {
		t.Errorf("background %s, want the image's edge colour #0a783c", c.pal.bg)
	}
}

func TestFitRect(t *testing.T) {
	tests := []struct {
		iw, ih       int
		w, h         float64
		x, y, fw, fh float64
	}{
		{100, 160, 1600, 2560, 0, 0, 1600, 2560},
		{100, 100, 1600, 2560, 0, 480, 1600, 1600},
		{100, 400, 1600, 2560, 480, 0, 640, 2560},
	}
	for _, tc := range tests {
		x, y, fw, fh := fitRect(tc.iw, tc.ih, tc.w, tc.h)
		if x != tc.x || y != tc.y || fw != tc.fw || fh != tc.fh {
			t.Errorf("fitRect(%d,%d in %gx%g) = %g,%g %gx%g; want %g,%g %gx%g", tc.iw, tc.ih, tc.w, tc.h, x, y, fw, fh, tc.x, tc.y, tc.fw, tc.fh)
		}
	}
}

func BenchmarkRaster(b *testing.B) {
	e := engine(b)
	c, _, err := New(cases[0].b, e)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := c.Raster(); err != nil {
			b.Fatal(err)
		}
	}
}

func TestDrawPDF(t *testing.T) {
	e := engine(t)
	sizes := []struct {
		name string
		w, h float64
	}{{"a5", 419.53, 595.28}, {"6x9", 432, 648}}
	for _, tc := range cases {
		for _, sz := range sizes {
			t.Run(tc.name+"/"+sz.name, func(t *testing.T) {
				c, _, err := New(tc.b, e)
				if err != nil {
					t.Fatal(err)
				}
				doc := pdfwriter.New(pdfwriter.Info{Title: tc.b.Meta.Title, Lang: tc.b.Meta.Language, RTL: tc.b.Meta.RTL()})
				if err := c.Draw(doc, doc.NewPage(sz.w, sz.h)); err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if err := doc.Write(&buf); err != nil {
					t.Fatal(err)
				}
				if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
					t.Fatal("not a PDF")
				}
				write(t, "cover-"+tc.name+"-"+sz.name+".pdf", buf.Bytes())
			})
		}
	}
}

// The PDF shows the cover's words as text: the glyphs' Text in reading order
// gives back every text of the cover, and every glyph origin is on the page.
func TestPDFText(t *testing.T) {
	e := engine(t)
	const W, H = 419.53, 595.28
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, _, err := New(tc.b, e)
			if err != nil {
				t.Fatal(err)
			}
			d, _ := c.design(H / W)
			doc := pdfwriter.New(pdfwriter.Info{})
			fontFor := func(f *text.Face) (*pdfwriter.Font, error) { return doc.AddFont(f.Data) }
			groups := map[int][]string{}
			var order []int
			for _, it := range d.items {
				if it.text == nil {
					continue
				}
				gs, err := pdfGlyphs(it.text, W/d.w, H, fontFor)
				if err != nil {
					t.Fatal(err)
				}
				var sb strings.Builder
				for _, g := range gs {
					if g.X < 0 || g.X > W || g.Y < 0 || g.Y > H || g.Font == nil || g.Size <= 0 {
						t.Errorf("glyph %+v off the page or without font", g)
					}
					sb.WriteString(g.Text)
				}
				if _, ok := groups[it.text.group]; !ok {
					order = append(order, it.text.group)
				}
				groups[it.text.group] = append(groups[it.text.group], sb.String())
			}
			var got []string
			for _, g := range order {
				// Lines join with a space, except after a hyphen or slash.
				joined := ""
				for i, l := range groups[g] {
					if i > 0 && !strings.HasSuffix(joined, "-") && !strings.HasSuffix(joined, "/") {
						joined += " "
					}
					joined += l
				}
				got = append(got, joined)
			}
			ct := c.content
			var want []string
			for _, s := range []string{ct.title, ct.subtitle, ct.authors, ct.imprint} {
				if s != "" {
					want = append(want, s)
				}
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("PDF text\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// The samples' own book.yaml, through collection, as `warraq build samples` sees it.
func TestMissingCharacterWarns(t *testing.T) {
	_, diags, err := New(book("كتاب \u4e16", "", nil, "ar", "rtl"), engine(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "U+4E16") || diags[0].Severity != diag.Warning {
		t.Errorf("diagnostics %v, want one warning naming U+4E16", diags)
	}
}

func TestVeryLongTitleWarns(t *testing.T) {
	title := strings.Repeat(longTitle+" ", 4)
	_, diags, err := New(book(title, "", nil, "ar", "rtl"), engine(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "too long") {
		t.Errorf("diagnostics %v, want one warning that the title is too long", diags)
	}
}

func TestImprint(t *testing.T) {
	tests := []struct {
		publisher string
		year      int
		arabic    bool
		want      string
	}{
		{"دار الورّاق", 2025, false, "دار الورّاق · 2025"},
		{"دار الورّاق", 2025, true, "دار الورّاق · ٢٠٢٥"},
		{"", 1999, false, "1999"},
		{" Penguin ", 0, false, "Penguin"},
		{"", 0, true, ""},
	}
	for _, tc := range tests {
		c := makeContent("t", "", nil, tc.publisher, tc.year, "ar", true, tc.arabic)
		if c.imprint != tc.want {
			t.Errorf("imprint(%q, %d, %v) = %q, want %q", tc.publisher, tc.year, tc.arabic, c.imprint, tc.want)
		}
	}
	if c := makeContent("t", "", []string{"أ", "ب"}, "", 0, "ar", true, false); c.authors != "أ، ب" {
		t.Errorf("Arabic authors joined as %q", c.authors)
	}
	if c := makeContent("t", "", []string{"A", "B"}, "", 0, "en", false, false); c.authors != "A, B" {
		t.Errorf("English authors joined as %q", c.authors)
	}
}

func TestNoTitle(t *testing.T) {
	if _, _, err := New(book("  ", "", nil, "ar", "rtl"), engine(t)); err == nil {
		t.Error("a cover without a title was made")
	}
}

func TestSamplesCover(t *testing.T) {
	b, err := collection.Load("../../samples", collection.Options{OutDir: t.TempDir(), Formats: testFormats})
	if err != nil {
		t.Fatal(err)
	}
	c, diags, err := New(b, engine(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) != 0 {
		t.Errorf("diagnostics for the samples' cover: %v", diags)
	}
	if c.content.title != "دفاتر الورّاق" || c.content.imprint != "دار الحبر الرقمي · 2025" {
		t.Errorf("cover texts %+v", c.content)
	}
	img, err := c.Raster()
	if err != nil {
		t.Fatal(err)
	}
	write(t, "samples.png", img.Data)
	doc := pdfwriter.New(pdfwriter.Info{})
	if err := c.Draw(doc, doc.NewPage(419.53, 595.28)); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := doc.Write(&buf); err != nil {
		t.Fatal(err)
	}
	write(t, "samples.pdf", buf.Bytes())
}

func TestSuppliedCoverPDF(t *testing.T) {
	data := pngOf(t, 900, 600, color.RGBA{200, 30, 30, 255})
	c, _, err := New(suppliedBook(t, data, "png", "#203040"), engine(t))
	if err != nil {
		t.Fatal(err)
	}
	doc := pdfwriter.New(pdfwriter.Info{})
	if err := c.Draw(doc, doc.NewPage(419.53, 595.28)); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := doc.Write(&buf); err != nil {
		t.Fatal(err)
	}
	write(t, "supplied.pdf", buf.Bytes())
}

// The pipeline rasterises for the EPUB while the PDF draws: one Cover, two
// goroutines (run with -race).
func TestConcurrentUse(t *testing.T) {
	c, _, err := New(cases[1].b, engine(t))
	if err != nil {
		t.Fatal(err)
	}
	want, err := c.Raster()
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	imgs := make(chan *Image, 1)
	go func() {
		img, err := c.Raster()
		imgs <- img
		errs <- err
	}()
	for i := 0; i < 2; i++ {
		go func() {
			doc := pdfwriter.New(pdfwriter.Info{})
			errs <- c.Draw(doc, doc.NewPage(419.53, 595.28))
		}()
	}
	for i := 0; i < 3; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if img := <-imgs; !bytes.Equal(img.Data, want.Data) {
		t.Error("a raster made alongside PDF pages differs")
	}
}

func BenchmarkNewLongTitle(b *testing.B) {
	e := engine(b)
	for b.Loop() {
		if _, _, err := New(cases[1].b, e); err != nil {
			b.Fatal(err)
		}
	}
}

// testFormats lets a test load books whose book.yaml has format sections,
// which export's registry decodes in real builds.
var testFormats = map[string]func(*yaml.Node, diag.List) any{
	"pdf":  func(*yaml.Node, diag.List) any { return nil },
	"epub": func(*yaml.Node, diag.List) any { return nil },
}

// TestRasterCache checks that a cached cover is the cover: the same bytes
// as drawing it, for the same design only, and that a damaged entry is
// drawn again and replaced.
func TestRasterCache(t *testing.T) {
	e := engine(t)
	dir := t.TempDir()
	c, _, err := New(cases[0].b, e)
	if err != nil {
		t.Fatal(err)
	}
	drawn, err := c.Raster()
	if err != nil {
		t.Fatal(err)
	}
	c.UseCache(dir)
	miss, err := c.Raster()
	if err != nil {
		t.Fatal(err)
	}
	key := cacheKey(c.raster, RasterWidth, RasterHeight)
	path := cachePath(dir, key)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no cache entry after a miss: %v", err)
	}
	hit, err := c.Raster()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(drawn.Data, miss.Data) || !bytes.Equal(drawn.Data, hit.Data) {
		t.Fatalf("cached cover differs from the drawn one (%d, %d, %d bytes)", len(drawn.Data), len(miss.Data), len(hit.Data))
	}
	// Another design has another entry.
	other, _, err := New(cases[1].b, e)
	if err != nil {
		t.Fatal(err)
	}
	if k := cacheKey(other.raster, RasterWidth, RasterHeight); k == key {
		t.Fatal("two designs share a cache key")
	}
	// A damaged entry is a miss, and is written again.
	if err := os.WriteFile(path, []byte("not a png, and long enough to hold a checksum........"), 0o644); err != nil {
		t.Fatal(err)
	}
	again, err := c.Raster()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Data, drawn.Data) {
		t.Fatal("a damaged cache entry was used")
	}
	if got := readCache(dir, key); !bytes.Equal(got, drawn.Data) {
		t.Fatal("a damaged cache entry was not replaced")
	}
}

// BenchmarkRasterCached is Raster when the cover is in the cache.
func BenchmarkRasterCached(b *testing.B) {
	c, _, err := New(cases[0].b, engine(b))
	if err != nil {
		b.Fatal(err)
	}
	c.UseCache(b.TempDir())
	for b.Loop() {
		if _, err := c.Raster(); err != nil {
			b.Fatal(err)
		}
	}
}

// A supplied image fitted on the ground is kept in the cache like a
// generated cover, PNG or JPEG: a hit gives the fitted bytes, another
// background has another entry, a damaged entry is a miss and is written
// again. A supplied image kept as it is needs no entry.
func TestSuppliedCoverCache(t *testing.T) {
	e := engine(t)
	red := color.RGBA{200, 30, 30, 255}
	for _, ext := range []string{"png", "jpg"} {
		data := pngOf(t, 900, 900, red)
		if ext == "jpg" {
			var buf bytes.Buffer
			if err := jpeg.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 900, 900)), nil); err != nil {
				t.Fatal(err)
			}
			data = buf.Bytes()
		}
		c, _, err := New(suppliedBook(t, data, ext, "#0000ff"), e)
		if err != nil {
			t.Fatal(err)
		}
		fitted, err := c.Raster()
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		c.UseCache(dir)
		key := suppliedKey(c.image, c.pal.bg)
		for _, what := range []string{"miss", "hit"} {
			got, err := c.Raster()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Data, fitted.Data) || got.MediaType != fitted.MediaType || got.Width != fitted.Width || got.Height != fitted.Height {
				t.Fatalf("%s %s: %s %dx%d, %d bytes; want %s %dx%d, %d bytes", ext, what, got.MediaType, got.Width, got.Height, len(got.Data), fitted.MediaType, fitted.Width, fitted.Height, len(fitted.Data))
			}
			if cached := readCache(dir, key); !bytes.Equal(cached, fitted.Data) {
				t.Fatalf("%s %s: the entry holds %d bytes, want the fitted image's %d", ext, what, len(cached), len(fitted.Data))
			}
		}
		// The entry is what a hit returns.
		marked := append(bytes.Clone(fitted.Data), 'x')
		writeCache(dir, key, marked)
		if got, _ := c.Raster(); !bytes.Equal(got.Data, marked) {
			t.Fatalf("%s: a hit did not return the entry", ext)
		}
		other, _, err := New(suppliedBook(t, data, ext, "#00ff00"), e)
		if err != nil {
			t.Fatal(err)
		}
		if suppliedKey(other.image, other.pal.bg) == key {
			t.Fatalf("%s: two backgrounds share an entry", ext)
		}
		if err := os.WriteFile(cachePath(dir, key), []byte("damaged, and long enough to hold a checksum.........."), 0o644); err != nil {
			t.Fatal(err)
		}
		if got, _ := c.Raster(); !bytes.Equal(got.Data, fitted.Data) || !bytes.Equal(readCache(dir, key), fitted.Data) {
			t.Fatalf("%s: a damaged entry was used or not replaced", ext)
		}
	}
	kept, _, err := New(suppliedBook(t, pngOf(t, 500, 800, red), "png", ""), e)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	kept.UseCache(dir)
	if _, err := kept.Raster(); err != nil {
		t.Fatal(err)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "cover", "*", "*")); len(files) != 0 {
		t.Errorf("a cover kept as it is wrote %d entries", len(files))
	}
}

// boxes returns the mean colour of each of nx x ny equal boxes of m.
func boxes(m image.Image, nx, ny int) [][3]float64 {
	b := m.Bounds()
	out := make([][3]float64, nx*ny)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := m.At(x, y).RGBA()
			k := ((y-b.Min.Y)*ny/b.Dy())*nx + (x-b.Min.X)*nx/b.Dx()
			out[k][0] += float64(r >> 8)
			out[k][1] += float64(g >> 8)
			out[k][2] += float64(bl >> 8)
		}
	}
	for k := range out {
		for c := range 3 {
			out[k][c] /= float64(b.Dx() * b.Dy() / (nx * ny))
		}
	}
	return out
}

// A generated cover's thumbnail is the design drawn at the size asked, in
// the cover's proportions: box by box the colours of the full raster. A
// supplied cover has none (its image is scaled).
func TestThumbnail(t *testing.T) {
	c, _, err := New(cases[0].b, engine(t))
	if err != nil {
		t.Fatal(err)
	}
	th, err := c.Thumbnail(480)
	if err != nil {
		t.Fatal(err)
	}
	full, err := c.Raster()
	if err != nil {
		t.Fatal(err)
	}
	small, err := png.Decode(bytes.NewReader(th.Data))
	if err != nil {
		t.Fatal(err)
	}
	big, err := png.Decode(bytes.NewReader(full.Data))
	if err != nil {
		t.Fatal(err)
	}
	if th.Width != 480 || th.Height != 768 || small.Bounds().Dx() != 480 || small.Bounds().Dy() != 768 || th.MediaType != "image/png" {
		t.Fatalf("thumbnail %dx%d %s (decoded %v), want 480x768 PNG", th.Width, th.Height, th.MediaType, small.Bounds())
	}
	bs, bb := boxes(small, 10, 16), boxes(big, 10, 16)
	for k := range bs {
		for ch := range 3 {
			if d := bs[k][ch] - bb[k][ch]; d > 6 || d < -6 {
				t.Fatalf("box %d: %v against the raster's %v", k, bs[k], bb[k])
			}
		}
	}
	sup, _, err := New(suppliedBook(t, pngOf(t, 300, 300, color.RGBA{10, 120, 60, 255}), "png", ""), engine(t))
	if err != nil {
		t.Fatal(err)
	}
	if img, err := sup.Thumbnail(480); img != nil || err != nil {
		t.Errorf("a supplied cover's thumbnail: %v, %v; want none", img, err)
	}
}
