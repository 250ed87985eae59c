package pdfwriter

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-text/typesetting/font"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/warraq/warraq/fonts"
)

// testFace is a font both added to a document and read by go-text (an
// independent parser) for glyph IDs and advances.
type testFace struct {
	pdf  *Font
	ft   *font.Font
	face *font.Face
	data []byte
}

func loadFace(t testing.TB, d *Document, family string) *testFace {
	t.Helper()
	fam, ok := fonts.Lookup(family)
	if !ok {
		t.Fatalf("no embedded family %q", family)
	}
	data, _, _ := fam.Face(fonts.Regular)
	f, err := d.AddFont(data)
	if err != nil {
		t.Fatal(err)
	}
	face, err := font.ParseTTF(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return &testFace{pdf: f, ft: face.Font, face: face, data: data}
}

func (tf *testFace) gid(t testing.TB, r rune) uint16 {
	t.Helper()
	g, ok := tf.face.NominalGlyph(r)
	if !ok {
		t.Fatalf("no glyph for %q", r)
	}
	return uint16(g)
}

// advance in pt at size.
func (tf *testFace) advance(gid uint16, size float64) float64 {
	return float64(tf.face.HorizontalAdvance(font.GID(gid))) * size / float64(tf.ft.Upem())
}

// testLine is one mixed line laid out right to left, in reading order:
// Arabic with a mark, a space, Latin in a second font, a space after the
// Latin, Arabic again drawn 1 pt left of its pen position, and a text-less
// glyph (a kashida the font would insert).
type testLine struct {
	glyphs []Glyph
	want   string // what the ToUnicode maps give in stream order, visible glyphs
	hidden string // ...and invisible ones
}

func buildLine(t testing.TB, ar, lat *testFace, right, y, size float64) testLine {
	t.Helper()
	var vis []Glyph // built right to left
	x := right
	add := func(f *testFace, r rune, text string, rtl, mark bool, dx float64) {
		g := Glyph{Font: f.pdf, Size: size, GID: f.gid(t, r), Text: text, RTL: rtl, Mark: mark, Y: y}
		if !mark {
			g.Advance = f.advance(g.GID, size)
			x -= g.Advance
		}
		g.X = x + dx
		if mark {
			g.Y = y + 2
		}
		vis = append(vis, g)
	}
	add(ar, 'م', "م", true, false, 0)
	add(ar, 'ر', "ر", true, false, 0)
	add(ar, 'َ', "َ", true, true, 0)
	add(ar, ' ', " ", true, false, 0)
	// Latin: reading order left to right, so lay the run out then flip it.
	wA, wB := lat.advance(lat.gid(t, 'A'), size), lat.advance(lat.gid(t, 'B'), size)
	x -= wA + wB
	vis = append(vis,
		Glyph{Font: lat.pdf, Size: size, GID: lat.gid(t, 'A'), Text: "A", X: x, Y: y, Advance: wA},
		Glyph{Font: lat.pdf, Size: size, GID: lat.gid(t, 'B'), Text: "B", X: x + wA, Y: y, Advance: wB})
	add(ar, ' ', " ", true, false, 0)
	add(ar, 'ب', "ب", true, false, -1)
	add(ar, 'ـ', "", true, false, 0)
	// What MuPDF copies: the visible glyphs' text in stream order, plain
	// spaces; pdf.js also reads the invisible glyphs (hidden): the end of
	// the group of ر and its fatha, and RLM + space after each space.
	return testLine{glyphs: vis, want: "مرَ AB ب\u200d", hidden: "\u200d\u200f \u200f "}
}

func newTestDoc(t testing.TB) (*Document, *testFace, *testFace) {
	d := New(Info{Title: "كتاب الاختبار", Author: "Warraq", Subject: "s", Keywords: "k", Creator: "warraq test",
		Producer: "Warraq", Created: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), Lang: "ar", RTL: true})
	return d, loadFace(t, d, "Amiri"), loadFace(t, d, "Noto Sans Mono")
}

func writeDoc(t testing.TB, d *Document) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := d.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestRoundTrip(t *testing.T) {
	d, ar, lat := newTestDoc(t)
	p1 := d.NewPage(400, 600)
	line := buildLine(t, ar, lat, 380, 500, 20)
	p1.ShowGlyphs(line.glyphs)
	p1.LinkURI(10, 10, 50, 20, "https://example.org/a(b)")
	p2 := d.NewPage(400, 600)
	p2.FillRect(10, 10, 100, 50, Color{1, 0, 0})
	p2.StrokeLine(0, 0, 100, 100, 2, Color{0, 0, 1})
	p2.Path().MoveTo(10, 10).LineTo(20, 20).QuadTo(30, 40, 50, 10).CurveTo(1, 2, 3, 4, 5, 6).Close().Fill(Color{0, 1, 0})
	p2.LinkDest(10, 100, 80, 20, "ch-1")
	p2.LinkDest(10, 200, 80, 20, "nowhere") // dropped: no such destination
	d.AddDest("ch-1", p1, 550)
	d.AddDest("a-first", p2, 300)
	top := d.AddOutline(nil, "الفصل الأول", "ch-1")
	d.AddOutline(top, "Section (1)", "a-first")
	d.AddOutline(nil, "Second", "a-first")
	d.SetPageLabels([]PageLabel{{FirstPage: 1, Style: "D", Start: 5}, {FirstPage: 0, Style: "r"}})
	pdf := writeDoc(t, d)
	ctx := readBack(t, pdf)

	if ctx.PageCount != 2 || d.PageCount() != 2 {
		t.Fatalf("page count: pdfcpu %d, PageCount %d, want 2", ctx.PageCount, d.PageCount())
	}
	fonts, content := pageFonts(t, ctx, 1)
	if len(fonts) != 2 {
		t.Fatalf("page 1 has %d fonts, want 2", len(fonts))
	}
	if got := shownText(fonts, content, false); got != line.want {
		t.Errorf("text in stream order = %q, want %q", got, line.want)
	}
	if got := shownText(fonts, content, true); got != line.hidden {
		t.Errorf("invisible text in stream order = %q, want %q", got, line.hidden)
	}
	tag := regexp.MustCompile(`^[A-Z]{6}\+(Amiri-Regular|NotoSansMono-Regular)$`)
	for name, f := range fonts {
		if !tag.MatchString(f.baseFont) {
			t.Errorf("%s: BaseFont %q is not a tagged subset", name, f.baseFont)
		}
		if len(f.program) > 20000 {
			t.Errorf("%s: embedded program is %d bytes: not subset", name, len(f.program))
		}
	}
	// Each glyph drawn is in the subset under its new GID with the same
	// outline and advance, as go-text (an independent parser) reads them.
	for _, g := range line.glyphs {
		if g.Text == "" {
			continue
		}
		var tf *testFace
		for _, c := range []*testFace{ar, lat} {
			if c.pdf == g.Font {
				tf = c
			}
		}
		found := false
		for name, f := range fonts {
			if !strings.HasSuffix(f.baseFont, map[*testFace]string{ar: "Amiri-Regular", lat: "NotoSansMono-Regular"}[tf]) {
				continue
			}
			for cid, text := range f.toUni {
				if text != g.Text {
					continue
				}
				found = true
				sub, err := font.ParseTTF(bytes.NewReader(f.program))
				if err != nil {
					t.Fatalf("%s: embedded subset does not parse: %v", name, err)
				}
				newGID := font.GID(f.cidToGID[cid])
				o1, ok1 := sub.GlyphDataOutline(newGID)
				o2, ok2 := tf.face.GlyphDataOutline(font.GID(g.GID))
				if ok1 != ok2 || fmt.Sprint(o1) != fmt.Sprint(o2) {
					t.Errorf("%q: subset outline differs from the original", g.Text)
				}
				if a, b := sub.HorizontalAdvance(newGID), tf.face.HorizontalAdvance(font.GID(g.GID)); a != b {
					t.Errorf("%q: subset advance %v, original %v", g.Text, a, b)
				}
			}
		}
		if !found {
			t.Errorf("%q: no CID in its font maps to it", g.Text)
		}
	}
	// Widths and texts per glyph, found through the reader's view.
	byText := map[string]int{}
	for _, f := range fonts {
		for cid, text := range f.toUni {
			byText[text] = f.widths[cid]
		}
	}
	units := func(g Glyph) int { return int(widthUnits(g.Advance, g.Size)) }
	g := line.glyphs
	for _, c := range []struct {
		text string
		want int
	}{
		{"م", units(g[0])},
		{"ر", units(g[1])},
		{"َ", 0},       // marks have no width
		{"\u200f ", 0}, // pdf.js's RLM + space: an invisible helper
		{"A", units(g[4])},
		{"ب", int(widthUnits(g[7].Advance+1, 20))}, // drawn 1 pt left: reaches the space
		{"\u200d", 0}, // text-less glyph
	} {
		got, ok := byText[c.text]
		if !ok {
			t.Errorf("no CID maps to %q", c.text)
			continue
		}
		if got != c.want {
			t.Errorf("/W of %q = %d, want %d", c.text, got, c.want)
		}
	}
	for _, want := range []string{
		"/Span <</ActualText <FEFF200F0020>>> BDC", // space between Arabic and Latin
		"/Span <</ActualText <FEFF0020200F>>> BDC", // space between Latin and Arabic
		"/Span <</ActualText ()>> BDC",             // ZWJ, helpers
		"/Span <</ActualText <FEFF064E0631>>> BDC", // ر and its fatha, reversed for poppler
		" Ts\n", // the raised mark
	} {
		if !bytes.Contains(content, []byte(want)) {
			t.Errorf("content stream lacks %q", want)
		}
	}

	// Outlines, as pdfcpu reads them.
	bms, err := api.Bookmarks(bytes.NewReader(pdf), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(bms) != 2 || bms[0].Title != "الفصل الأول" || bms[0].PageFrom != 1 || len(bms[0].Kids) != 1 ||
		bms[0].Kids[0].Title != "Section (1)" || bms[0].Kids[0].PageFrom != 2 || bms[1].Title != "Second" {
		t.Errorf("outlines = %+v", bms)
	}

	// Link annotations.
	for page, want := range map[int][]string{1: {"URI"}, 2: {"Dest"}} {
		pd, _, _, err := ctx.PageDict(page, false)
		if err != nil {
			t.Fatal(err)
		}
		annots := pd.ArrayEntry("Annots")
		if len(annots) != len(want) {
			t.Fatalf("page %d: %d annotations, want %d", page, len(annots), len(want))
		}
		a := dict(t, ctx, annots[0])
		if *a.NameEntry("Subtype") != "Link" {
			t.Errorf("page %d: annotation is not a link", page)
		}
		switch want[0] {
		case "URI":
			act := dict(t, ctx, a["A"])
			if s, _ := ctx.DereferenceStringOrHexLiteral(act["URI"], 0, nil); s != "https://example.org/a(b)" {
				t.Errorf("URI = %q", s)
			}
		case "Dest":
			if n := a.NameEntry("Dest"); n == nil || *n != "ch-1" {
				t.Errorf("Dest = %v", a["Dest"])
			}
		}
	}

	// Catalog: language, direction, page labels, named destinations.
	cat, err := ctx.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := ctx.DereferenceStringOrHexLiteral(cat["Lang"], 0, nil); s != "ar" {
		t.Errorf("Lang = %q", s)
	}
	if vp := dict(t, ctx, cat["ViewerPreferences"]); *vp.NameEntry("Direction") != "R2L" {
		t.Errorf("ViewerPreferences = %v", vp)
	}
	nums := dict(t, ctx, cat["PageLabels"]).ArrayEntry("Nums")
	if len(nums) != 4 || intOf(t, ctx, nums[0]) != 0 || intOf(t, ctx, nums[2]) != 1 {
		t.Errorf("PageLabels Nums = %v", nums)
	}
	dests := dict(t, ctx, cat["Dests"])
	if len(dests) != 2 {
		t.Errorf("Dests = %v", dests)
	}
	if i, j := bytes.Index(pdf, []byte("/a-first [")), bytes.Index(pdf, []byte("/ch-1 [")); i < 0 || j < i {
		t.Errorf("named destinations are not sorted")
	}
	meta := streamData(t, ctx, cat["Metadata"])
	for _, want := range []string{"<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">كتاب الاختبار", "<rdf:li>ar</rdf:li>",
		"<xmp:CreateDate>2025-01-02T03:04:05Z", "<pdf:Producer>Warraq"} {
		if !strings.Contains(string(meta), want) {
			t.Errorf("XMP lacks %q", want)
		}
	}
	info := dict(t, ctx, *ctx.Info)
	if s, _ := ctx.DereferenceText(info["Title"]); s != "كتاب الاختبار" {
		t.Errorf("Info Title = %q", s)
	}
	if s, _ := ctx.DereferenceText(info["CreationDate"]); s != "D:20250102030405Z" {
		t.Errorf("CreationDate = %q", s)
	}
}

// TestDeterministic: the same calls give the same bytes; other content
// gives another /ID, also when only a page's content stream differs (the
// /ID reads its checksum, not its compressed bytes).
func TestDeterministic(t *testing.T) {
	build := func(text string, dx float64) []byte {
		d, ar, lat := newTestDoc(t)
		p := d.NewPage(300, 300)
		l := buildLine(t, ar, lat, 280, 100, 12)
		l.glyphs[0].Text = text
		for i := range l.glyphs {
			l.glyphs[i].X += dx
		}
		p.ShowGlyphs(l.glyphs)
		d.AddDest("z", p, 10)
		d.AddDest("a", p, 20)
		d.AddOutline(nil, "x", "a")
		return writeDoc(t, d)
	}
	a, b, c, moved := build("م", 0), build("م", 0), build("ن", 0), build("م", 1)
	if !bytes.Equal(a, b) {
		t.Fatal("two writes of the same document differ")
	}
	id := regexp.MustCompile(`/ID \[<([0-9a-f]+)>`)
	if string(id.FindSubmatch(a)[1]) == string(id.FindSubmatch(c)[1]) {
		t.Error("different content, same /ID")
	}
	if string(id.FindSubmatch(a)[1]) == string(id.FindSubmatch(moved)[1]) {
		t.Error("the line drawn elsewhere, same /ID")
	}
}

func TestSameFontOnce(t *testing.T) {
	d, ar, _ := newTestDoc(t)
	again, err := d.AddFont(ar.data)
	if err != nil || again != ar.pdf {
		t.Errorf("adding the same font twice gave another *Font (%v)", err)
	}
	// The same bytes elsewhere, with their sum given: the same *Font.
	if f, err := d.AddFontSum(bytes.Clone(ar.data), sha256.Sum256(ar.data)); err != nil || f != ar.pdf {
		t.Errorf("AddFontSum of the same bytes gave another *Font (%v)", err)
	}
}

func TestWriteErrors(t *testing.T) {
	var b bytes.Buffer
	if err := New(Info{}).Write(&b); err == nil {
		t.Error("a document without pages was written")
	}
	for _, data := range [][]byte{nil, []byte("not a font at all"), []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x00")} {
		if _, err := New(Info{}).AddFont(data); err == nil {
			t.Errorf("AddFont(%q) gave no error", data)
		}
	}
}
