package pdfwriter

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
	"weak"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// drawArticles draws a tagged book as export/pdf does: a cover figure, a
// contents element filled at the end, a part, and articles whose
// elements cover what a closed tree must keep (marked content on two
// pages, a link's text and annotation, an ID, a kept empty cell, a header
// cell's scope, alt and actual text, a language, an element left out, one
// whose only content is its link annotation, a link to a name never
// defined). With close, each article is closed once its last page is
// drawn, a note of the second one before the article, and the part after
// its articles. It returns weak pointers to the elements of the articles.
func drawArticles(t *testing.T, d *Document, close bool) []weak.Pointer[StructElem] {
	t.Helper()
	ar, lat := loadFace(t, d, "Amiri"), loadFace(t, d, "Noto Sans Mono")
	line := func(y float64) []Glyph { return buildLine(t, ar, lat, 380, y, 12).glyphs }
	root := d.Structure()
	cover := root.Add("Figure")
	cover.SetAlt("غلاف الكتاب")
	pg := d.NewPage(420, 595)
	pg.Tag(cover)
	pg.FillRect(0, 0, 420, 595, Color{B: 1})
	pg.EndMarked()
	pg.Close()
	toc := root.Add("TOC")
	tocPage := d.NewPage(420, 595)
	part := root.Add("Part")
	partTitle := part.Add("H1")
	pg = d.NewPage(420, 595)
	pg.Tag(partTitle)
	pg.ShowGlyphs(line(500))
	pg.EndMarked()
	pg.Close()

	var weaks []weak.Pointer[StructElem]
	keep := func(e *StructElem) *StructElem {
		weaks = append(weaks, weak.Make(e))
		return e
	}
	for a := range 3 {
		sect := keep(part.Add("Sect"))
		if a == 1 {
			sect.SetLang("en")
		}
		d.AddDest("art"+string(rune('a'+a)), d.NewPage(420, 595), 595)
		first := d.pages[len(d.pages)-1]
		h := keep(sect.Add("H2"))
		first.Tag(h)
		first.ShowGlyphs(line(550))
		first.EndMarked()
		// A paragraph over two pages, with a link in its first line.
		p := keep(sect.Add("P"))
		p.SetActualText("نص")
		first.Tag(p)
		link := keep(p.Add("Link"))
		gs := line(500)
		for i := range gs[:3] {
			gs[i].Elem = link
		}
		first.ShowGlyphs(gs)
		first.LinkURI(10, 490, 50, 12, "https://example.org/")
		first.LinkIn(link, "مثال")
		first.EndMarked()
		keep(sect.Add("Figure")).SetAlt("never drawn") // left out
		tbl := keep(sect.Add("Table"))
		tr := keep(tbl.Add("TR"))
		th := keep(tr.Add("TH"))
		th.SetScope("Column")
		first.Tag(th)
		first.ShowGlyphs(line(450))
		first.EndMarked()
		keep(tr.Add("TD")).KeepEmpty()
		// Only a link annotation: written, as is every ancestor.
		only := keep(sect.Add("Div"))
		onlyLink := keep(only.Add("Link"))
		first.LinkDest(10, 300, 50, 12, "arta")
		first.LinkIn(onlyLink, "")
		// A link to nowhere: no annotation, so no content.
		nowhere := keep(sect.Add("Div"))
		first.LinkDest(10, 200, 50, 12, "nowhere")
		first.LinkIn(keep(nowhere.Add("Link")), "")
		first.Close()
		second := d.NewPage(420, 595)
		second.Tag(p)
		second.ShowGlyphs(line(550))
		second.EndMarked()
		note := keep(sect.Add("Note"))
		note.SetID("note-" + string(rune('a'+a)))
		second.Tag(note)
		second.ShowGlyphs(line(100))
		second.EndMarked()
		if close && a == 1 {
			note.Close()
		}
		second.Close()
		if close {
			sect.Close()
		}
	}
	if close {
		part.Close()
	}
	// The contents, drawn last, as export/pdf does.
	item := toc.Add("TOCI")
	tocPage.Tag(item)
	tocPage.ShowGlyphs(line(500))
	tocPage.LinkDest(10, 490, 50, 12, "artb")
	tocPage.LinkIn(item.Add("Link"), "b")
	tocPage.EndMarked()
	tocPage.Close()
	return weaks
}

// TestClosedSameBytes: closing finished subtrees changes nothing in the
// file, written whole or streamed.
func TestClosedSameBytes(t *testing.T) {
	for _, stream := range []bool{false, true} {
		var out [2][]byte
		for i, close := range []bool{false, true} {
			var b bytes.Buffer
			d := New(Info{Title: "كتاب", Lang: "ar", RTL: true})
			if stream {
				d = NewStream(&b, d.info)
			}
			drawArticles(t, d, close)
			if stream {
				if err := d.Finish(); err != nil {
					t.Fatal(err)
				}
				out[i] = b.Bytes()
			} else {
				out[i] = writeDoc(t, d)
			}
		}
		if !bytes.Equal(out[0], out[1]) {
			t.Errorf("stream %v: closing subtrees changed the file (%d bytes, then %d)", stream, len(out[0]), len(out[1]))
		}
		// What the book holds is what the cases above name.
		ctx := readBack(t, out[1])
		tree := dict(t, ctx, dict(t, ctx, *ctx.XRefTable.Root)["StructTreeRoot"])
		if ids := tree["IDTree"].String(); !strings.Contains(ids, "note-a") || !strings.Contains(ids, "note-c") {
			t.Errorf("IDTree %s", ids)
		}
		var kinds []string
		var walk func(o types.Object)
		walk = func(o types.Object) {
			el := dict(t, ctx, o)
			if el["S"] == nil {
				return // marked content or an annotation
			}
			kinds = append(kinds, el["S"].String())
			kids, _ := ctx.DereferenceArray(el["K"])
			for _, k := range kids {
				if _, ok := k.(types.Integer); !ok {
					walk(k)
				}
			}
		}
		roots, _ := ctx.DereferenceArray(tree["K"])
		for _, r := range roots {
			walk(r)
		}
		got := strings.Join(kinds, " ")
		const article = " Sect H2 P Link Table TR TH TD Div Link Note"
		if want := "Document Figure TOC TOCI Link Part H1" + strings.Repeat(article, 3); got != want {
			t.Errorf("elements:\n got %s\nwant %s", got, want)
		}
	}
}

// TestClosedLetsGo: once an article's subtree is closed, the document
// holds none of its elements as objects (they are collected), and it is
// still written whole.
func TestClosedLetsGo(t *testing.T) {
	var b bytes.Buffer
	d := NewStream(&b, Info{Title: "كتاب", Lang: "ar", RTL: true})
	weaks := drawArticles(t, d, true)
	runtime.GC()
	held := 0
	for _, w := range weaks {
		if w.Value() != nil {
			held++
		}
	}
	if held > 0 {
		t.Errorf("%d of the %d elements of closed articles are still held", held, len(weaks))
	}
	if err := d.Finish(); err != nil {
		t.Fatal(err)
	}
	open := New(Info{Title: "كتاب", Lang: "ar", RTL: true})
	weaks = drawArticles(t, open, false)
	runtime.GC()
	held = 0
	for _, w := range weaks {
		if w.Value() != nil {
			held++
		}
	}
	if held != len(weaks) { // the test's own check: unclosed, they are held
		t.Errorf("unclosed, %d of %d elements are held", held, len(weaks))
	}
	runtime.KeepAlive(open)
}

// TestUseAfterClose: drawing into, adding to or setting a closed element
// is the caller's mistake, reported by Finish.
func TestUseAfterClose(t *testing.T) {
	var ar, lat *testFace
	for name, use := range map[string]func(e *StructElem, pg *Page){
		"Add":    func(e *StructElem, pg *Page) { e.Add("P") },
		"Tag":    func(e *StructElem, pg *Page) { pg.Tag(e); pg.EndMarked() },
		"SetAlt": func(e *StructElem, pg *Page) { e.SetAlt("x") },
		"drawing in its open tag": func(e *StructElem, pg *Page) {
			pg.ShowGlyphs(buildLine(t, ar, lat, 90, 50, 10).glyphs)
		},
		"LinkIn": func(e *StructElem, pg *Page) { pg.LinkURI(0, 0, 1, 1, "https://example.org/"); pg.LinkIn(e, "x") },
	} {
		var b bytes.Buffer
		d := NewStream(&b, Info{})
		ar, lat = loadFace(t, d, "Amiri"), loadFace(t, d, "Noto Sans Mono")
		sect := d.Structure().Add("Sect")
		p := sect.Add("P")
		pg := d.NewPage(100, 100)
		pg.Tag(p)
		pg.FillRect(0, 0, 1, 1, Color{})
		if name != "drawing in its open tag" {
			pg.EndMarked()
		}
		sect.Close()
		use(p, pg)
		if err := d.Finish(); err == nil || !strings.Contains(err.Error(), "closed") {
			t.Errorf("%s after Close: Finish gave %v", name, err)
		}
	}
}
