// Command sample writes a small book-like PDF with the pdfwriter package so
// scripts/check-pdfwriter.sh can run the reference tools (qpdf, pdffonts,
// poppler, MuPDF, pdf.js) on it. Each word is shaped with go-text's HarfBuzz
// in its own direction and the words are laid right to left, which is all
// the bidi this text needs (Arabic words, then one Latin word or number).
//
// usage: go run ./export/pdfwriter/internal/sample OUT.pdf SOURCE.md
package main

import (
	"bytes"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/harfbuzz"
	"github.com/go-text/typesetting/language"
	"github.com/warraq/warraq/export/pdfwriter"
	"github.com/warraq/warraq/fonts"
)

// lines: Arabic with harakat, a ligature-heavy verse, punctuation, and a
// Latin word or number at the end (the left edge of the line).
var lines = []string{
	"بسم الله الرحمن الرحيم",
	"قِفا نَبكِ مِن ذِكرى حَبيبٍ وَمَنزِلِ",
	"وَلَيسَ يَصِحُّ في الأَفهامِ شَيءٌ",
	"صدر الكتاب في بغداد سنة 1258",
	"كتب الوراق نسخته بخط النسخ Naskh",
	"لا إله إلا الله، والسلام عليكم.",
}

type face struct {
	hb  *harfbuzz.Font
	ft  *font.Face
	pdf *pdfwriter.Font
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: sample OUT.pdf SOURCE.md")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "sample:", err)
		os.Exit(1)
	}
}

func run(out, source string) error {
	doc := pdfwriter.New(pdfwriter.Info{Title: "عينة ورّاق", Author: "Warraq", Producer: "Warraq",
		Created: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Lang: "ar", RTL: true})
	var faces []*face
	for _, fam := range []string{"Amiri", "Noto Naskh Arabic"} {
		f, ok := fonts.Lookup(fam)
		if !ok {
			return fmt.Errorf("no embedded family %q", fam)
		}
		data, _, _ := f.Face(fonts.Regular)
		ft, err := font.ParseTTF(bytes.NewReader(data))
		if err != nil {
			return err
		}
		pf, err := doc.AddFont(data)
		if err != nil {
			return err
		}
		faces = append(faces, &face{hb: harfbuzz.NewFont(ft), ft: ft, pdf: pf})
	}
	var md strings.Builder
	for pageNo, f := range faces {
		page := doc.NewPage(420, 595)
		dest := fmt.Sprintf("page-%d", pageNo+1)
		doc.AddDest(dest, page, 595)
		doc.AddOutline(nil, fmt.Sprintf("الصفحة %d", pageNo+1), dest)
		y := 540.0
		for _, l := range lines {
			page.ShowGlyphs(layout(f, l, 380, y, 16))
			md.WriteString(l + "\n\n")
			y -= 40
		}
		page.LinkURI(40, 40, 100, 20, "https://example.org/warraq")
		page.StrokeLine(40, 70, 380, 70, 0.5, pdfwriter.Color{R: 0.5, G: 0.5, B: 0.5})
	}
	doc.SetPageLabels([]pdfwriter.PageLabel{{FirstPage: 0, Style: "D"}})
	var b bytes.Buffer
	if err := doc.Write(&b); err != nil {
		return err
	}
	if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
		return err
	}
	return os.WriteFile(source, []byte(md.String()), 0o644)
}

// layout shapes each word and places the words from right to left, giving
// the glyphs in reading order.
func layout(f *face, line string, right, y, size float64) []pdfwriter.Glyph {
	var out []pdfwriter.Glyph
	scale := size / float64(f.ft.Upem())
	x := right
	words := strings.Split(line, " ")
	for wi, w := range words {
		if wi > 0 {
			w = " " + w // the space belongs to the RTL flow before the word
		}
		rs := []rune(w)
		rtl := !strings.ContainsFunc(w, func(r rune) bool { return unicode.Is(unicode.Latin, r) || unicode.IsDigit(r) })
		buf := harfbuzz.NewBuffer()
		buf.AddRunes(rs, 0, len(rs))
		buf.ClusterLevel = harfbuzz.MonotoneCharacters
		buf.Props.Direction, buf.Props.Script = harfbuzz.RightToLeft, language.Arabic
		if !rtl {
			if rs[0] == ' ' { // a space before a Latin word stays in the RTL flow
				out = append(out, shape(f, []rune{' '}, true, &x, y, scale)...)
				rs = rs[1:]
			}
			out = append(out, shape(f, rs, false, &x, y, scale)...)
			continue
		}
		out = append(out, shape(f, rs, true, &x, y, scale)...)
	}
	return out
}

// shape shapes one run, moves x left past it and returns its glyphs in
// reading order with their texts (the cluster's text on its first glyph in
// reading order).
func shape(f *face, rs []rune, rtl bool, x *float64, y, scale float64) []pdfwriter.Glyph {
	buf := harfbuzz.NewBuffer()
	buf.AddRunes(rs, 0, len(rs))
	buf.ClusterLevel = harfbuzz.MonotoneCharacters
	buf.Props.Language = language.NewLanguage("ar")
	if rtl {
		buf.Props.Direction, buf.Props.Script = harfbuzz.RightToLeft, language.Arabic
	} else {
		buf.Props.Direction, buf.Props.Script = harfbuzz.LeftToRight, language.Latin
	}
	buf.Shape(f.hb, nil)
	width := 0.0
	for _, p := range buf.Pos {
		width += float64(p.XAdvance) * scale
	}
	left := *x - width
	*x = left
	ends := map[int]int{} // cluster -> end of its text
	var starts []int
	for _, in := range buf.Info {
		starts = append(starts, in.Cluster)
	}
	sort.Ints(starts)
	for i, c := range starts {
		ends[c] = len(rs)
		for _, d := range starts[i:] {
			if d > c {
				ends[c] = d
				break
			}
		}
	}
	type placed struct {
		g       pdfwriter.Glyph
		cluster int
	}
	var gs []placed
	pen := left
	for i, in := range buf.Info {
		p := buf.Pos[i]
		mark := false
		if cd := f.ft.GDEF.GlyphClassDef; cd != nil {
			c, _ := cd.Class(uint16(in.Glyph))
			mark = c == 3
		}
		gs = append(gs, placed{pdfwriter.Glyph{Font: f.pdf, Size: 16 * scale / scale, GID: uint16(in.Glyph),
			X: pen + float64(p.XOffset)*scale, Y: y + float64(p.YOffset)*scale, Advance: float64(p.XAdvance) * scale,
			Mark: mark, RTL: rtl}, in.Cluster})
		pen += float64(p.XAdvance) * scale
	}
	sort.SliceStable(gs, func(a, b int) bool {
		if gs[a].cluster != gs[b].cluster {
			return gs[a].cluster < gs[b].cluster
		}
		if gs[a].g.Mark != gs[b].g.Mark {
			return !gs[a].g.Mark
		}
		return rtl == (gs[a].g.X > gs[b].g.X)
	})
	seen := map[int]bool{}
	out := make([]pdfwriter.Glyph, len(gs))
	for i, p := range gs {
		if !seen[p.cluster] {
			seen[p.cluster] = true
			p.g.Text = string(rs[p.cluster:ends[p.cluster]])
		}
		out[i] = p.g
	}
	return out
}
