package pdfwriter

import (
	"bytes"
	"testing"
)

// TestCFFEmbeddedWhole: a CFF-flavoured OpenType font is embedded whole as
// FontFile3/OpenType under a CIDFontType0, CID = GID, and a glyph that needs
// a second text goes to a second font instance instead of losing it.
func TestCFFEmbeddedWhole(t *testing.T) {
	// The writer decides CFF by the 'OTTO' tag and never reads the CFF
	// table, so a TrueType file relabelled OTTO exercises the same code.
	data := append([]byte(nil), embedded(t, "Noto Sans Mono")...)
	copy(data, "OTTO")
	d := New(Info{})
	f, err := d.AddFont(data)
	if err != nil {
		t.Fatal(err)
	}
	p := d.NewPage(200, 200)
	p.ShowGlyphs([]Glyph{
		{Font: f, Size: 10, GID: 36, X: 10, Y: 100, Advance: 6, Text: "A"},
		{Font: f, Size: 10, GID: 36, X: 16, Y: 100, Advance: 6, Text: "Á"}, // same glyph, other text
	})
	pdf := writeDoc(t, d)
	ctx := readBack(t, pdf)
	pd, _, _, err := ctx.PageDict(1, false)
	if err != nil {
		t.Fatal(err)
	}
	fonts := dict(t, ctx, dict(t, ctx, pd["Resources"])["Font"])
	if len(fonts) != 2 {
		t.Fatalf("%d font instances, want 2 (one per text of glyph 36)", len(fonts))
	}
	texts := map[string]bool{}
	for _, ref := range fonts {
		font := dict(t, ctx, ref)
		desc := dict(t, ctx, font.ArrayEntry("DescendantFonts")[0])
		if st := desc.NameEntry("Subtype"); st == nil || *st != "CIDFontType0" {
			t.Errorf("descendant %v, want CIDFontType0", st)
		}
		if _, ok := desc.Find("CIDToGIDMap"); ok {
			t.Error("CIDFontType0 with a CIDToGIDMap")
		}
		fd := dict(t, ctx, desc["FontDescriptor"])
		sd, _, err := ctx.DereferenceStreamDict(fd["FontFile3"])
		if err != nil || sd == nil {
			t.Fatal("no FontFile3")
		}
		if st := sd.NameEntry("Subtype"); st == nil || *st != "OpenType" {
			t.Errorf("FontFile3 Subtype %v, want OpenType", st)
		}
		if err := sd.Decode(); err != nil || !bytes.Equal(sd.Content, data) {
			t.Error("the CFF font is not embedded whole")
		}
		for cid, text := range parseToUnicode(t, streamData(t, ctx, font["ToUnicode"])) {
			if cid != 36 {
				t.Errorf("CID %d, want 36 (CID = GID)", cid)
			}
			texts[text] = true
		}
	}
	if !texts["A"] || !texts["Á"] {
		t.Errorf("texts %v, want A and Á", texts)
	}
}

// TestManyCIDs: past 65,535 (glyph, text, width) triples a font opens a
// second instance rather than overflowing two-byte codes.
func TestManyCIDs(t *testing.T) {
	d := New(Info{})
	f, err := d.AddFont(embedded(t, "Noto Sans Mono"))
	if err != nil {
		t.Fatal(err)
	}
	p := d.NewPage(200, 200)
	// 70 lines of 1,000 glyphs, each glyph drawn at its own distance from
	// the next, so every one needs a width of its own.
	line := make([]Glyph, 1000)
	gap := 0
	for l := 0; l < 70; l++ {
		x := 0.0
		for k := range line {
			gap++
			line[k] = Glyph{Font: f, Size: 1000, GID: 36, X: x, Y: 100, Advance: 1, Text: "A"}
			x += float64(gap)
		}
		p.ShowGlyphs(line)
	}
	if len(f.instances) < 2 {
		t.Fatalf("%d instances for more than 65,535 CIDs", len(f.instances))
	}
	for _, in := range f.instances {
		if len(in.gid) > maxCID+1 {
			t.Errorf("instance %s has %d CIDs", in.res, len(in.gid))
		}
	}
	readBack(t, writeDoc(t, d))
}
