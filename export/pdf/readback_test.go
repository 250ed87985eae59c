package pdf

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/warraq/warraq/export/locale"
	"github.com/warraq/warraq/internal/pdfread"
)

// This file reads a written PDF back with pdfcpu, an independent parser, and
// decodes its text through the fonts' ToUnicode maps, so tests check what a
// reader's software finds in the file rather than what the layout meant to do.

type textLine struct {
	x, y float64
	text string
}

type readPDF struct {
	ctx    *model.Context
	pages  int
	pageOf map[int]int        // page object number -> 1-based page
	dests  map[string]int     // named destination -> 1-based page
	labels []string           // printed label of each page, from /PageLabels
	lines  map[int][]textLine // page -> text lines (one per BT..ET)
	links  map[int][]link     // page -> link annotations
	images map[int]int        // page -> images drawn on it
}

type link struct {
	x0, y0, x1, y1 float64
	dest, uri      string
}

type outlineItem struct {
	title, dest string
	depth       int
}

func readBack(t *testing.T, data []byte) *readPDF {
	t.Helper()
	ctx, err := api.ReadContext(bytes.NewReader(data), model.NewDefaultConfiguration())
	if err != nil {
		t.Fatalf("pdfcpu cannot read the PDF: %v", err)
	}
	if err := ctx.EnsurePageCount(); err != nil {
		t.Fatal(err)
	}
	r := &readPDF{ctx: ctx, pages: ctx.PageCount, pageOf: map[int]int{}, dests: map[string]int{},
		lines: map[int][]textLine{}, links: map[int][]link{}, images: map[int]int{}}
	for i := 1; i <= r.pages; i++ {
		d, ref, _, err := ctx.PageDict(i, false)
		if err != nil || ref == nil {
			t.Fatalf("page %d: %v", i, err)
		}
		r.pageOf[ref.ObjectNumber.Value()] = i
		r.lines[i] = r.pageText(t, d, i)
		r.links[i] = r.pageLinks(t, d)
		if content, err := ctx.PageContent(d, i); err == nil {
			r.images[i] = len(doOperator.FindAll(content, -1))
		}
	}
	cat, err := ctx.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	if dd, err := ctx.DereferenceDict(cat["Dests"]); err == nil {
		for name, o := range dd {
			arr, err := ctx.DereferenceArray(o)
			if err != nil || len(arr) == 0 {
				t.Fatalf("dest %s: %v", name, err)
			}
			ref, ok := arr[0].(types.IndirectRef)
			if !ok {
				t.Fatalf("dest %s: no page reference", name)
			}
			r.dests[name] = r.pageOf[ref.ObjectNumber.Value()]
		}
	}
	r.labels = r.pageLabels(t, cat)
	return r
}

func (r *readPDF) pageLabels(t *testing.T, cat types.Dict) []string {
	out := make([]string, r.pages+1)
	pl, err := r.ctx.DereferenceDict(cat["PageLabels"])
	if err != nil || pl == nil {
		return out
	}
	nums, _ := r.ctx.DereferenceArray(pl["Nums"])
	type rng struct {
		first         int
		style, prefix string
		start         int
	}
	var rs []rng
	for i := 0; i+1 < len(nums); i += 2 {
		first := int(nums[i].(types.Integer))
		d, _ := r.ctx.DereferenceDict(nums[i+1])
		g := rng{first: first, start: 1}
		if s, ok := d["S"].(types.Name); ok {
			g.style = string(s)
		}
		if p, ok := d["P"]; ok {
			g.prefix, _ = r.ctx.DereferenceText(p)
		}
		if st, ok := d["St"].(types.Integer); ok {
			g.start = int(st)
		}
		rs = append(rs, g)
	}
	for p := 1; p <= r.pages; p++ {
		var g *rng
		for i := range rs {
			if rs[i].first <= p-1 {
				g = &rs[i]
			}
		}
		if g == nil {
			continue
		}
		n := g.start + p - 1 - g.first
		switch g.style {
		case "D":
			out[p] = g.prefix + strconv.Itoa(n)
		case "r":
			out[p] = g.prefix + locale.FrontNumber(n, locale.Roman)
		default:
			out[p] = g.prefix
		}
	}
	return out
}

func (r *readPDF) pageLinks(t *testing.T, d types.Dict) []link {
	annots, err := r.ctx.DereferenceArray(d["Annots"])
	if err != nil {
		return nil
	}
	var out []link
	for _, o := range annots {
		a, err := r.ctx.DereferenceDict(o)
		if err != nil {
			t.Fatal(err)
		}
		rect, _ := r.ctx.DereferenceArray(a["Rect"])
		var v [4]float64
		for i := 0; i < 4 && i < len(rect); i++ {
			v[i], _ = r.ctx.DereferenceNumber(rect[i])
		}
		l := link{x0: v[0], y0: v[1], x1: v[2], y1: v[3]}
		switch dst := a["Dest"].(type) {
		case types.Name:
			l.dest = string(dst)
		case types.StringLiteral:
			l.dest = string(dst)
		}
		if act, err := r.ctx.DereferenceDict(a["A"]); err == nil && act != nil {
			if u, ok := act["URI"]; ok {
				l.uri, _ = r.ctx.DereferenceText(u)
			}
			if dn, ok := act["D"].(types.Name); ok {
				l.dest = string(dn)
			}
		}
		out = append(out, l)
	}
	return out
}

// doOperator draws an XObject: on our pages, always an image.
var doOperator = regexp.MustCompile(`/\S+\s+Do\b`)

// toUnicode parses a font's ToUnicode CMap.
func (r *readPDF) toUnicode(t *testing.T, font types.Object) map[uint16]string {
	m, err := pdfread.ToUnicode(r.ctx, font)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

var contentTok = regexp.MustCompile(`<<|>>|<[0-9A-Fa-f\s]*>|\[|\]|/[^\s/\[\]<>()]+|\((?:\\.|[^\\)])*\)|[^\s/\[\]<>()]+`)

// pageText decodes every BT..ET block of a page into one line: its text
// matrix origin and the characters of its glyphs, in stream order, with
// /ActualText spans replacing the glyphs they cover.
func (r *readPDF) pageText(t *testing.T, d types.Dict, page int) []textLine {
	content, err := r.ctx.PageContent(d, page)
	if err != nil {
		return nil
	}
	res, _ := r.ctx.DereferenceDict(d["Resources"])
	fonts, _ := r.ctx.DereferenceDict(res["Font"])
	maps := map[string]map[uint16]string{}
	var (
		out      []textLine
		cur      *textLine
		cmap     map[uint16]string
		stack    []string
		actual   []*string // ActualText per open marked-content sequence (nil when none)
		inArray  bool
		lastStr  string // the last string token, hex or literal
		sawAText bool
	)
	inActual := func() bool {
		for _, a := range actual {
			if a != nil {
				return true
			}
		}
		return false
	}
	for _, tok := range contentTok.FindAllString(string(content), -1) {
		switch {
		case tok == "BT":
			out = append(out, textLine{})
			cur = &out[len(out)-1]
		case tok == "ET":
			cur = nil
		case tok == "Tm" && cur != nil && len(stack) >= 6:
			cur.x, _ = strconv.ParseFloat(stack[len(stack)-2], 64)
			cur.y, _ = strconv.ParseFloat(stack[len(stack)-1], 64)
		case tok == "Tf" && len(stack) >= 2:
			name := strings.TrimPrefix(stack[len(stack)-2], "/")
			if maps[name] == nil {
				maps[name] = r.toUnicode(t, fonts[name])
			}
			cmap = maps[name]
		case tok == "BDC":
			if sawAText {
				s := textStringOf(lastStr)
				actual = append(actual, &s)
				if cur != nil {
					cur.text += s
				}
			} else {
				actual = append(actual, nil)
			}
			sawAText = false
		case tok == "BMC":
			actual = append(actual, nil)
		case tok == "EMC":
			if len(actual) > 0 {
				actual = actual[:len(actual)-1]
			}
		case tok == "/ActualText":
			sawAText = true
		case tok == "[":
			inArray = true
		case tok == "]":
			inArray = false
		case strings.HasPrefix(tok, "("):
			lastStr = tok
		case strings.HasPrefix(tok, "<") && tok != "<<":
			h := strings.Join(strings.Fields(strings.ToUpper(tok[1:len(tok)-1])), "")
			lastStr = tok
			if cur != nil && inArray && cmap != nil && !inActual() {
				for i := 0; i+4 <= len(h); i += 4 {
					c, _ := strconv.ParseUint(h[i:i+4], 16, 16)
					cur.text += cmap[uint16(c)]
				}
			}
		}
		if isOperator(tok) {
			stack = stack[:0]
		} else {
			stack = append(stack, tok)
		}
	}
	var lines []textLine
	for _, l := range out {
		if l.text != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// textStringOf decodes a text string token: <FEFF...> holds UTF-16BE; a
// literal string, PDFDocEncoding, which the writer uses only for printable
// ASCII (a backslash escapes the next character).
func textStringOf(tok string) string {
	if strings.HasPrefix(tok, "(") {
		var b strings.Builder
		in := tok[1 : len(tok)-1]
		for i := 0; i < len(in); i++ {
			if in[i] == '\\' && i+1 < len(in) {
				i++
			}
			b.WriteByte(in[i])
		}
		return b.String()
	}
	h := strings.Join(strings.Fields(tok[1:len(tok)-1]), "")
	return strings.TrimPrefix(pdfread.UTF16Hex(h), "\ufeff")
}

func isOperator(tok string) bool {
	c := tok[0]
	return (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '\'' || c == '"') && tok != "true" && tok != "false"
}

func (r *readPDF) outline(t *testing.T) []outlineItem {
	cat, _ := r.ctx.Catalog()
	root, err := r.ctx.DereferenceDict(cat["Outlines"])
	if err != nil || root == nil {
		return nil
	}
	var out []outlineItem
	var walk func(o types.Object, depth int)
	walk = func(o types.Object, depth int) {
		for o != nil {
			d, err := r.ctx.DereferenceDict(o)
			if err != nil || d == nil {
				return
			}
			title, _ := r.ctx.DereferenceText(d["Title"])
			it := outlineItem{title: title, depth: depth}
			switch dst := d["Dest"].(type) {
			case types.Name:
				it.dest = string(dst)
			case types.StringLiteral:
				it.dest = string(dst)
			}
			out = append(out, it)
			if f, ok := d["First"]; ok {
				walk(f, depth+1)
			}
			o = d["Next"]
		}
	}
	walk(root["First"], 0)
	return out
}

// pageString is all text of a page, spaces removed, for containment checks.
func (r *readPDF) pageString(p int) string {
	var b strings.Builder
	for _, l := range r.lines[p] {
		b.WriteString(l.text)
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(b.String(), "\u200f", "")), "")
}

func (r *readPDF) String() string { return fmt.Sprintf("%d pages, %d dests", r.pages, len(r.dests)) }
