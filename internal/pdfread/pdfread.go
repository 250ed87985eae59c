// Package pdfread reads a PDF back with pdfcpu, an independent parser, and
// decodes its text through the fonts' ToUnicode maps, so tests check what a
// reader's software finds in the file rather than what the layout meant to
// do. It knows how Warraq writes text (one BT..ET block per line, glyph
// strings in reading order) and no more: it is a test instrument, not a
// general PDF text extractor. A line's text is what MuPDF copies: the
// visible glyphs' ToUnicode text in stream order; the /ActualText spans the
// writer adds for poppler (some written backwards, for poppler's own
// reordering) are not read.
package pdfread

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Line is the text of one BT..ET block: where its text matrix starts, the
// font size it is set in, and the characters of its visible glyphs in
// stream order.
type Line struct {
	X, Y float64
	Size float64
	Text string
	// Glyphs are the line's glyphs in stream order, each where it is drawn.
	Glyphs []Glyph
}

// Glyph is one drawn glyph: where its origin is on the page (pt, y up),
// its advance, and the text its font's ToUnicode map gives it (what
// MuPDF and pdf.js copy; /ActualText is not applied here).
type Glyph struct {
	X, Y    float64
	Advance float64
	Size    float64
	Text    string
	Hidden  bool // drawn with text rendering mode 3 (invisible)
}

// Doc is what was read.
type Doc struct {
	ctx   *model.Context
	Pages int
	Lines map[int][]Line // 1-based page -> text lines
	Dests map[string]int // named destination -> 1-based page
	// Height of each 1-based page (its MediaBox), pt.
	Height map[int]float64
}

// Read parses data and decodes every page's text.
func Read(data []byte) (*Doc, error) {
	ctx, err := api.ReadContext(bytes.NewReader(data), model.NewDefaultConfiguration())
	if err != nil {
		return nil, fmt.Errorf("pdfcpu cannot read the PDF: %w", err)
	}
	if err := ctx.EnsurePageCount(); err != nil {
		return nil, err
	}
	r := &Doc{ctx: ctx, Pages: ctx.PageCount, Lines: map[int][]Line{}, Dests: map[string]int{}, Height: map[int]float64{}}
	pageOf := map[int]int{}
	for i := 1; i <= r.Pages; i++ {
		d, ref, _, err := ctx.PageDict(i, false)
		if err != nil || ref == nil {
			return nil, fmt.Errorf("page %d: %v", i, err)
		}
		pageOf[ref.ObjectNumber.Value()] = i
		if r.Lines[i], err = r.pageText(d, i); err != nil {
			return nil, fmt.Errorf("page %d: %w", i, err)
		}
		if mb, err := ctx.DereferenceArray(d["MediaBox"]); err == nil && len(mb) == 4 {
			r.Height[i], _ = ctx.DereferenceNumber(mb[3])
		}
	}
	cat, err := ctx.Catalog()
	if err != nil {
		return nil, err
	}
	if dd, err := ctx.DereferenceDict(cat["Dests"]); err == nil {
		for name, o := range dd {
			arr, err := ctx.DereferenceArray(o)
			if err != nil || len(arr) == 0 {
				return nil, fmt.Errorf("dest %s: %v", name, err)
			}
			ref, ok := arr[0].(types.IndirectRef)
			if !ok {
				return nil, fmt.Errorf("dest %s: no page reference", name)
			}
			r.Dests[name] = pageOf[ref.ObjectNumber.Value()]
		}
	}
	return r, nil
}

var (
	cmapChar    = regexp.MustCompile(`<([0-9A-Fa-f]+)>[ \t]*<([0-9A-Fa-f]+)>`)
	cmapRange   = regexp.MustCompile(`<([0-9A-Fa-f]+)>[ \t]*<([0-9A-Fa-f]+)>[ \t]*<([0-9A-Fa-f]+)>`)
	cmapSection = regexp.MustCompile(`(?s)begin(bfchar|bfrange)(.*?)end(bfchar|bfrange)`)
)

// UTF16Hex decodes a hex string of UTF-16BE code units, as ToUnicode maps
// and /ActualText strings hold them.
func UTF16Hex(h string) string {
	b, _ := hex.DecodeString(h)
	var u []uint16
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return string(utf16.Decode(u))
}

func (r *Doc) toUnicode(font types.Object) (map[uint16]string, error) {
	return ToUnicode(r.ctx, font)
}

// ToUnicode parses the ToUnicode CMap of font (bfchar, and bfrange with a
// start code): the text of each 2-byte code.
func ToUnicode(ctx *model.Context, font types.Object) (map[uint16]string, error) {
	fd, err := ctx.DereferenceDict(font)
	if err != nil {
		return nil, err
	}
	sd, _, err := ctx.DereferenceStreamDict(fd["ToUnicode"])
	if err != nil || sd == nil {
		return nil, fmt.Errorf("font without ToUnicode: %v", err)
	}
	if err := sd.Decode(); err != nil {
		return nil, err
	}
	m := map[uint16]string{}
	src := string(sd.Content)
	for _, sec := range cmapSection.FindAllStringSubmatch(src, -1) {
		if sec[1] == "bfchar" {
			for _, p := range cmapChar.FindAllStringSubmatch(sec[2], -1) {
				c, _ := strconv.ParseUint(p[1], 16, 16)
				m[uint16(c)] = UTF16Hex(p[2])
			}
			continue
		}
		for _, p := range cmapRange.FindAllStringSubmatch(sec[2], -1) {
			lo, _ := strconv.ParseUint(p[1], 16, 16)
			hi, _ := strconv.ParseUint(p[2], 16, 16)
			base := []rune(UTF16Hex(p[3]))
			for c := lo; c <= hi && len(base) > 0; c++ {
				rs := append([]rune(nil), base...)
				rs[len(rs)-1] += rune(c - lo)
				m[uint16(c)] = string(rs)
			}
		}
	}
	return m, nil
}

var contentTok = regexp.MustCompile(`<<|>>|<[0-9A-Fa-f\s]*>|\[|\]|/[^\s/\[\]<>()]+|\((?:\\.|[^\\)])*\)|[^\s/\[\]<>()]+`)

// pageText decodes every BT..ET block of a page into one line: its text
// matrix origin and the characters of its glyphs, in stream order, with
// /ActualText spans replacing the glyphs they cover.
func (r *Doc) pageText(d types.Dict, page int) ([]Line, error) {
	content, err := r.ctx.PageContent(d, page)
	if err != nil {
		return nil, nil
	}
	res, _ := r.ctx.DereferenceDict(d["Resources"])
	fonts, _ := r.ctx.DereferenceDict(res["Font"])
	maps := map[string]map[uint16]string{}
	widths := map[string]map[uint16]float64{}
	var (
		out     []Line
		cur     *Line
		cmap    map[uint16]string
		width   map[uint16]float64 // /W, 1/1000 em
		size    float64
		pen     float64 // x of the next glyph, in text space
		rise    float64
		hidden  bool // text rendering mode 3
		stack   []string
		inArray bool
	)
	for _, tok := range contentTok.FindAllString(string(content), -1) {
		switch {
		case tok == "BT":
			out = append(out, Line{})
			cur = &out[len(out)-1]
		case tok == "ET":
			cur = nil
		case tok == "Tm" && cur != nil && len(stack) >= 6:
			cur.X, _ = strconv.ParseFloat(stack[len(stack)-2], 64)
			cur.Y, _ = strconv.ParseFloat(stack[len(stack)-1], 64)
			pen = 0
		case tok == "Ts" && len(stack) >= 1:
			rise, _ = strconv.ParseFloat(stack[len(stack)-1], 64)
		case tok == "Tr" && len(stack) >= 1:
			hidden = stack[len(stack)-1] == "3"
		case tok == "Tf" && len(stack) >= 2:
			name := strings.TrimPrefix(stack[len(stack)-2], "/")
			if maps[name] == nil {
				m, err := r.toUnicode(fonts[name])
				if err != nil {
					return nil, fmt.Errorf("font %s: %w", name, err)
				}
				maps[name] = m
			}
			cmap = maps[name]
			if widths[name] == nil {
				widths[name] = r.widths(fonts[name])
			}
			width = widths[name]
			size, _ = strconv.ParseFloat(stack[len(stack)-1], 64)
			if cur != nil && cur.Size == 0 {
				cur.Size = size
			}

		case tok == "[":
			inArray = true
		case tok == "]":
			inArray = false
		case strings.HasPrefix(tok, "<") && tok != "<<":
			h := strings.Join(strings.Fields(strings.ToUpper(tok[1:len(tok)-1])), "")
			if cur != nil && inArray && cmap != nil {
				for i := 0; i+4 <= len(h); i += 4 {
					c, _ := strconv.ParseUint(h[i:i+4], 16, 16)
					if !hidden {
						cur.Text += cmap[uint16(c)]
					}
					adv := width[uint16(c)] * size / 1000
					cur.Glyphs = append(cur.Glyphs, Glyph{X: cur.X + pen, Y: cur.Y + rise, Advance: adv,
						Size: size, Text: cmap[uint16(c)], Hidden: hidden})
					pen += adv
				}
			}
		case inArray && cur != nil && isNumber(tok):
			n, _ := strconv.ParseFloat(tok, 64)
			pen -= n * size / 1000
		}
		if isOperator(tok) {
			stack = stack[:0]
		} else {
			stack = append(stack, tok)
		}
	}
	var lines []Line
	for _, l := range out {
		if l.Text != "" {
			lines = append(lines, l)
		}
	}
	return lines, nil
}

func isNumber(tok string) bool {
	_, err := strconv.ParseFloat(tok, 64)
	return err == nil
}

// widths reads a Type0 font's glyph widths (its CIDFont's /W, 1/1000 em);
// a CID it does not list is 0 wide (Warraq writes /DW 0).
func (r *Doc) widths(font types.Object) map[uint16]float64 {
	out := map[uint16]float64{}
	fd, err := r.ctx.DereferenceDict(font)
	if err != nil {
		return out
	}
	desc, err := r.ctx.DereferenceArray(fd["DescendantFonts"])
	if err != nil || len(desc) == 0 {
		return out
	}
	cd, err := r.ctx.DereferenceDict(desc[0])
	if err != nil {
		return out
	}
	w, err := r.ctx.DereferenceArray(cd["W"])
	if err != nil {
		return out
	}
	num := func(o types.Object) float64 {
		v, _ := r.ctx.DereferenceNumber(o)
		return v
	}
	for i := 0; i < len(w); {
		first := num(w[i])
		if i+1 < len(w) {
			if arr, err := r.ctx.DereferenceArray(w[i+1]); err == nil && arr != nil {
				for k, x := range arr {
					out[uint16(int(first)+k)] = num(x)
				}
				i += 2
				continue
			}
		}
		if i+2 < len(w) {
			last, v := num(w[i+1]), num(w[i+2])
			for c := int(first); c <= int(last); c++ {
				out[uint16(c)] = v
			}
		}
		i += 3
	}
	return out
}

func isOperator(tok string) bool {
	c := tok[0]
	return (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '\'' || c == '"') && tok != "true" && tok != "false"
}
