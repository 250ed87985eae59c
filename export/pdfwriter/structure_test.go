package pdfwriter

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// TestStructureTree writes a tagged page (a heading, a paragraph whose
// line has /ActualText spans, a link, an artifact, an element nothing was
// drawn into) and reads it back: every marked-content identifier on the
// page is held by its element and named by the ParentTree, the link is an
// OBJR of a Link element, the empty element is left out.
func TestStructureTree(t *testing.T) {
	d, ar, lat := newTestDoc(t)
	root := d.Structure()
	sect := root.Add("Sect")
	h := sect.Add("H1")
	para := sect.Add("P")
	sect.Add("Figure").SetAlt("never drawn")
	note := sect.Add("Note")
	note.SetID("n1")
	pg := d.NewPage(400, 600)
	line := buildLine(t, ar, lat, 380, 500, 20)
	pg.Tag(h)
	pg.ShowGlyphs(line.glyphs[:2])
	pg.EndMarked()
	pg.Tag(para)
	pg.ShowGlyphs(line.glyphs)
	pg.LinkURI(10, 10, 50, 20, "https://example.org/")
	pg.LinkIn(para.Add("Link"), "example")
	pg.EndMarked()
	pg.Artifact("Pagination")
	pg.FillRect(0, 0, 10, 10, Color{})
	pg.EndMarked()
	pg.Tag(note)
	pg.ShowGlyphs(line.glyphs[:1])
	pg.EndMarked()
	ctx := readBack(t, writeDoc(t, d))

	cat := dict(t, ctx, *ctx.XRefTable.Root)
	if m := dict(t, ctx, cat["MarkInfo"]); m["Marked"] != types.Boolean(true) {
		t.Errorf("MarkInfo %v", m)
	}
	if vp := dict(t, ctx, cat["ViewerPreferences"]); vp["DisplayDocTitle"] != types.Boolean(true) {
		t.Errorf("ViewerPreferences %v", vp)
	}
	if xmp := string(streamData(t, ctx, cat["Metadata"])); !strings.Contains(xmp, "<pdfuaid:part>1</pdfuaid:part>") {
		t.Errorf("XMP lacks pdfuaid:part:\n%s", xmp)
	}
	tree := dict(t, ctx, cat["StructTreeRoot"])
	page := readPageDict(t, ctx, 1)
	if page["Tabs"] != types.Name("S") {
		t.Errorf("page /Tabs %v", page["Tabs"])
	}
	content := string(streamData(t, ctx, page["Contents"]))
	ids := mcidsIn(content)
	if len(ids) < 4 {
		t.Fatalf("%d MCIDs in the content:\n%s", len(ids), content)
	}
	// Marked content nests properly and no MCID is used twice.
	depth := 0
	for _, op := range regexp.MustCompile(`\b(BDC|BMC|EMC)\b`).FindAllString(content, -1) {
		if op == "EMC" {
			depth--
		} else {
			depth++
		}
		if depth < 0 {
			t.Fatal("EMC without its BDC")
		}
	}
	seen := map[int]bool{}
	for _, id := range ids {
		if seen[id] {
			t.Errorf("MCID %d twice", id)
		}
		seen[id] = true
	}
	// The ParentTree names, for each MCID, the element whose /K holds it.
	nums, _ := ctx.DereferenceArray(dict(t, ctx, tree["ParentTree"])["Nums"])
	key := intOf(t, ctx, page["StructParents"])
	var byMCID types.Array
	var linkParent types.Object
	for i := 0; i+1 < len(nums); i += 2 {
		switch intOf(t, ctx, nums[i]) {
		case key:
			byMCID, _ = ctx.DereferenceArray(nums[i+1])
		default:
			linkParent = nums[i+1]
		}
	}
	if len(byMCID) != len(ids) {
		t.Fatalf("ParentTree has %d entries for %d MCIDs", len(byMCID), len(ids))
	}
	for _, id := range ids {
		el := dict(t, ctx, byMCID[id])
		if !holds(t, ctx, el["K"], id) {
			t.Errorf("MCID %d: its element %v does not hold it", id, el["S"])
		}
	}
	// The tree: Document > Sect > H1, P (with a Link), Note; the Figure is left out.
	docEl := dict(t, ctx, tree["K"].(types.Array)[0])
	sectEl := dict(t, ctx, docEl["K"].(types.Array)[0])
	var kinds []string
	for _, k := range sectEl["K"].(types.Array) {
		kinds = append(kinds, dict(t, ctx, k)["S"].String())
	}
	if got := strings.Join(kinds, " "); got != "H1 P Note" {
		t.Errorf("Sect holds %q, want H1 P Note", got)
	}
	link := dict(t, ctx, linkParent)
	if link["S"].String() != "Link" {
		t.Errorf("the annotation's parent is %v", link["S"])
	}
	annots, _ := ctx.DereferenceArray(page["Annots"])
	annot := dict(t, ctx, annots[0])
	if annot["Contents"] == nil || annot["StructParent"] == nil {
		t.Errorf("link annotation %v lacks /Contents or /StructParent", annot)
	}
	if ids, ok := tree["IDTree"]; !ok || !strings.Contains(ids.String(), "n1") {
		t.Errorf("IDTree %v", ids)
	}
}

// TestUntaggedUnchanged: a document that never asks for its structure is
// written as before, not claiming to be tagged.
func TestUntaggedUnchanged(t *testing.T) {
	d, ar, lat := newTestDoc(t)
	pg := d.NewPage(400, 600)
	pg.ShowGlyphs(buildLine(t, ar, lat, 380, 500, 20).glyphs)
	out := string(writeDoc(t, d))
	for _, s := range []string{"/StructTreeRoot", "/MCID", "pdfuaid", "/Tabs"} {
		if strings.Contains(out, s) {
			t.Errorf("an untagged document has %s", s)
		}
	}
	if !strings.Contains(out, "/MarkInfo << /Marked false >>") {
		t.Error("no /MarkInfo /Marked false")
	}
}

func mcidsIn(content string) []int {
	var out []int
	for _, m := range regexp.MustCompile(`/MCID (\d+)`).FindAllStringSubmatch(content, -1) {
		n, _ := strconv.Atoi(m[1])
		out = append(out, n)
	}
	return out
}

func holds(t *testing.T, ctx *model.Context, k types.Object, id int) bool {
	arr, _ := ctx.DereferenceArray(k)
	for _, o := range arr {
		if i, ok := o.(types.Integer); ok && int(i) == id {
			return true
		}
	}
	return false
}

func readPageDict(t *testing.T, ctx *model.Context, n int) types.Dict {
	d, _, _, err := ctx.PageDict(n, false)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
