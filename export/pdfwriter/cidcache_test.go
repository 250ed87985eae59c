package pdfwriter

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestCIDCacheAsMap checks that Font.cid, with its cache, gives every
// call the instance and CID that the map alone (findCID) gives the same
// calls on another document: glyphs that collide in the cache, one glyph
// and width with several texts, texts too long to be kept in an entry,
// shifts, and enough CIDs to open a second instance, in TrueType and CFF.
func TestCIDCacheAsMap(t *testing.T) {
	mono := embedded(t, "Noto Sans Mono")
	cff := append([]byte(nil), mono...)
	copy(cff, "OTTO") // the writer decides CFF by the tag alone
	for _, data := range [][]byte{embedded(t, "Amiri"), cff} {
		cached, _ := New(Info{}).AddFont(data)
		plain, _ := New(Info{}).AddFont(data)
		cached.SetCascade()
		plain.SetCascade()
		r := rand.New(rand.NewPCG(3, 17))
		texts := []string{"", "ب", "بب", "تب", "aب", "\u200d", "\u200f ", " ", "لا", strings.Repeat("ك", 8), strings.Repeat("ك", 9), "x"}
		for i := 0; i < 100000; i++ {
			gid := uint16(r.IntN(600)) // 0 too: .notdef, a character no face has
			if r.IntN(4) == 0 {
				gid = uint16(1 + r.IntN(8)) // a few glyphs, drawn often
			}
			dy := int16(0)
			if r.IntN(8) == 0 {
				dy = int16(r.IntN(200) - 100)
			}
			width, text := int32(r.IntN(40)), texts[r.IntN(len(texts))]
			if r.IntN(3) == 0 {
				width = int32(r.IntN(2000) - 1000)
			}
			ci, cc := cached.cid(gid, dy, text, width)
			pi, pc := plain.findCID(gid, dy, text, width)
			if cc != pc || instIndex(cached, ci) != instIndex(plain, pi) {
				t.Fatalf("call %d: cid(%d, %d, %q, %d) = instance %d CID %d, the map alone gives %d, %d",
					i, gid, dy, text, width, instIndex(cached, ci), cc, instIndex(plain, pi), pc)
			}
			if ci.text[cc] != text && (cached.sfnt.cff || cc != 0) {
				t.Fatalf("call %d: CID %d stands for %q, not %q", i, cc, ci.text[cc], text)
			}
		}
		if len(cached.instances) < 2 {
			t.Errorf("only %d instance: the calls never filled one", len(cached.instances))
		}
		kept := 0
		for _, c := range cached.recent {
			if c.inst != 0 {
				kept++
			}
		}
		if kept < len(cached.recent)/2 {
			t.Errorf("the cache holds %d answers of %d", kept, len(cached.recent))
		}
	}
}

// A CFF font's .notdef, which the layout draws for a character no face
// has, is CID 0 (its CIDs are its GIDs) with the text of the first drawing
// in an instance; another text opens the next instance, and a GID the font
// lacks is drawn as .notdef too. (Before, slot 0 counted as taken in every
// instance and the search for a free one opened instances without end.)
func TestCFFNotdef(t *testing.T) {
	cff := append([]byte(nil), embedded(t, "Noto Sans Mono")...)
	copy(cff, "OTTO") // the writer decides CFF by the tag alone
	f, err := New(Info{}).AddFont(cff)
	if err != nil {
		t.Fatal(err)
	}
	x, cx := f.cid(0, 0, "\u0b95", 600)
	y, cy := f.cid(0, 0, "\u0d15", 600)
	x2, cx2 := f.cid(uint16(f.sfnt.numGlyphs+5), 0, "\u0b95", 600)
	if cx != 0 || cy != 0 || cx2 != 0 {
		t.Fatalf(".notdef drawn as CIDs %d, %d, %d, want 0", cx, cy, cx2)
	}
	if x != x2 || x == y || len(f.instances) != 2 {
		t.Fatalf("two texts in %d instances (same text same instance: %v, other text another: %v)", len(f.instances), x == x2, x != y)
	}
	if x.width[0] != 0 {
		t.Errorf("CID 0 has width %d, want the /DW 0 the font is written with", x.width[0])
	}
	for in, want := range map[*fontInstance]string{x: "<0000> <0B95>", y: "<0000> <0D15>"} {
		if cmap := string(toUnicode(in)); !strings.Contains(cmap, want) {
			t.Errorf("ToUnicode lacks %s:\n%s", want, cmap)
		}
	}
}
