package pdfwriter

import (
	"bytes"
	"encoding/hex"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// This file reads the writer's output back with pdfcpu, an independent PDF
// implementation, so the tests check what a reader finds, not what the
// writer meant to write.

func init() { model.ConfigPath = "disable" } // no config files from tests

// readBack parses and validates pdf with pdfcpu.
func readBack(t testing.TB, pdf []byte) *model.Context {
	t.Helper()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	ctx, err := api.ReadContext(bytes.NewReader(pdf), conf)
	if err != nil {
		t.Fatalf("pdfcpu cannot read the output: %v", err)
	}
	if err := api.ValidateContext(ctx); err != nil {
		t.Fatalf("pdfcpu validation: %v", err)
	}
	return ctx
}

// pageXObjects writes d, reads it back and returns the context and the
// XObjects of its first page, by resource name.
func pageXObjects(t testing.TB, d *Document) (*model.Context, types.Dict) {
	t.Helper()
	ctx := readBack(t, writeDoc(t, d))
	pd, _, _, err := ctx.PageDict(1, false)
	if err != nil {
		t.Fatal(err)
	}
	return ctx, dict(t, ctx, dict(t, ctx, pd["Resources"])["XObject"])
}

func dict(t testing.TB, ctx *model.Context, o types.Object) types.Dict {
	t.Helper()
	d, err := ctx.DereferenceDict(o)
	if err != nil || d == nil {
		t.Fatalf("not a dictionary: %v (%v)", o, err)
	}
	return d
}

func streamData(t testing.TB, ctx *model.Context, o types.Object) []byte {
	t.Helper()
	sd, _, err := ctx.DereferenceStreamDict(o)
	if err != nil || sd == nil {
		t.Fatalf("not a stream: %v (%v)", o, err)
	}
	if err := sd.Decode(); err != nil {
		t.Fatalf("decode stream: %v", err)
	}
	return sd.Content
}

func intOf(t testing.TB, ctx *model.Context, o types.Object) int {
	t.Helper()
	o, _ = ctx.Dereference(o)
	switch v := o.(type) {
	case types.Integer:
		return int(v)
	case types.Float:
		return int(v)
	}
	t.Fatalf("not a number: %v", o)
	return 0
}

// parseToUnicode returns the bfchar mappings of a ToUnicode CMap.
func parseToUnicode(t testing.TB, cmap []byte) map[int]string {
	t.Helper()
	m := map[int]string{}
	re := regexp.MustCompile(`<([0-9A-F]{4})> <([0-9A-F]*)>`)
	blocks := regexp.MustCompile(`(?s)beginbfchar(.*?)endbfchar`)
	var entries [][][]byte
	for _, b := range blocks.FindAllSubmatch(cmap, -1) {
		entries = append(entries, re.FindAllSubmatch(b[1], -1)...)
	}
	for _, e := range entries {
		code, _ := hex.DecodeString(string(e[1]))
		dst, _ := hex.DecodeString(string(e[2]))
		u := make([]uint16, len(dst)/2)
		for i := range u {
			u[i] = uint16(dst[2*i])<<8 | uint16(dst[2*i+1])
		}
		m[int(code[0])<<8|int(code[1])] = string(utf16.Decode(u))
	}
	return m
}

// pdfFont is what a reader finds about one Type0 font of a page.
type pdfFont struct {
	baseFont string
	widths   map[int]int    // CID -> /W width
	toUni    map[int]string // CID -> text
	cidToGID []int
	program  []byte
}

func pageFonts(t testing.TB, ctx *model.Context, page int) (map[string]pdfFont, []byte) {
	t.Helper()
	pd, _, _, err := ctx.PageDict(page, false)
	if err != nil {
		t.Fatal(err)
	}
	res := dict(t, ctx, pd["Resources"])
	out := map[string]pdfFont{}
	if fd, ok := res.Find("Font"); ok {
		for name, ref := range dict(t, ctx, fd) {
			f := dict(t, ctx, ref)
			if got := f.NameEntry("Subtype"); got == nil || *got != "Type0" {
				t.Fatalf("font %s: Subtype %v, want Type0", name, got)
			}
			if got := f.NameEntry("Encoding"); got == nil || *got != "Identity-H" {
				t.Fatalf("font %s: Encoding %v, want Identity-H", name, got)
			}
			desc := dict(t, ctx, f.ArrayEntry("DescendantFonts")[0])
			if got := desc.NameEntry("Subtype"); got == nil || *got != "CIDFontType2" {
				t.Fatalf("font %s: descendant %v, want CIDFontType2", name, got)
			}
			if intOf(t, ctx, desc["DW"]) != 0 {
				t.Fatalf("font %s: /DW is not 0", name)
			}
			pf := pdfFont{baseFont: *f.NameEntry("BaseFont"), widths: map[int]int{}}
			w, _ := ctx.Dereference(desc["W"])
			arr := w.(types.Array)
			for i := 0; i+1 < len(arr); i += 2 {
				first := intOf(t, ctx, arr[i])
				ws, _ := ctx.Dereference(arr[i+1])
				for k, v := range ws.(types.Array) {
					pf.widths[first+k] = intOf(t, ctx, v)
				}
			}
			m := streamData(t, ctx, desc["CIDToGIDMap"])
			for i := 0; i+1 < len(m); i += 2 {
				pf.cidToGID = append(pf.cidToGID, int(m[i])<<8|int(m[i+1]))
			}
			pf.toUni = parseToUnicode(t, streamData(t, ctx, f["ToUnicode"]))
			fdesc := dict(t, ctx, desc["FontDescriptor"])
			pf.program = streamData(t, ctx, fdesc["FontFile2"])
			if got := *fdesc.NameEntry("FontName"); got != pf.baseFont {
				t.Fatalf("FontName %q != BaseFont %q", got, pf.baseFont)
			}
			out[name] = pf
		}
	}
	var content []byte
	switch c, _ := ctx.Dereference(pd["Contents"]); c.(type) {
	case types.StreamDict:
		content = streamData(t, ctx, pd["Contents"])
	default:
		t.Fatalf("page %d: contents is %T", page, c)
	}
	return out, content
}

// shownText decodes the content stream's TJ strings through the fonts'
// ToUnicode maps, in stream order: of the visible glyphs, what MuPDF
// extracts, or of the invisible ones (Tr 3), which pdf.js reads too.
func shownText(fonts map[string]pdfFont, content []byte, invisible bool) string {
	var b strings.Builder
	var cur pdfFont
	hidden := false // text rendering mode 3
	tok := regexp.MustCompile(`/(F\d+) [\d.]+ Tf|<([0-9A-F]{4})>|([0-7]) Tr`)
	for _, m := range tok.FindAllSubmatch(content, -1) {
		switch {
		case m[1] != nil:
			cur = fonts[string(m[1])]
		case m[3] != nil:
			hidden = string(m[3]) == "3"
		case hidden == invisible:
			code, _ := hex.DecodeString(string(m[2]))
			b.WriteString(cur.toUni[int(code[0])<<8|int(code[1])])
		}
	}
	return b.String()
}
