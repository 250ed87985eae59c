package pdfwriter

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/warraq/warraq/internal/imgcolour/imgcolourtest"
)

// colourSpace returns an image XObject's colour space as written, the
// profile stream it names (nil when it names none), decoded, and that
// stream's reference.
func colourSpace(t *testing.T, ctx *model.Context, sd *types.StreamDict) (types.Object, *types.StreamDict, string) {
	t.Helper()
	cs, err := ctx.Dereference(sd.Dict["ColorSpace"])
	if err != nil {
		t.Fatal(err)
	}
	arr, ok := cs.(types.Array)
	if !ok {
		return cs, nil, ""
	}
	if arr[0].String() == "Indexed" {
		if arr, ok = arr[1].(types.Array); !ok {
			return cs, nil, ""
		}
	}
	if arr[0].String() != "ICCBased" {
		t.Fatalf("colour space %v", cs)
	}
	ps, _, err := ctx.DereferenceStreamDict(arr[1])
	if err != nil || ps == nil || ps.Decode() != nil {
		t.Fatalf("the profile stream of %v does not decode: %v", cs, err)
	}
	return cs, ps, arr[1].String()
}

// An image whose file carries a colour profile for its colours is drawn
// in an /ICCBased space with that profile (of the right /N), whether
// passed through, decoded or from the cache, a palette's as the base of
// its /Indexed space; a profile that does not fit is left out; images
// that share a profile share its stream.
func TestColourProfiles(t *testing.T) {
	rgbProf, greyProf := imgcolourtest.Profile("RGB ", 600, 1), imgcolourtest.Profile("GRAY", 300, 2)
	rgb := testPNG{w: 3, h: 2, depth: 8, colourType: 2, rows: [][]byte{{1, 2, 3, 4, 5, 6, 7, 8, 9}, {9, 8, 7, 6, 5, 4, 3, 2, 1}}}
	pal := testPNG{w: 4, h: 1, depth: 2, colourType: 3, plte: []byte{1, 2, 3, 4, 5, 6, 7, 8, 9}, rows: [][]byte{samples(2, []int{0, 1, 2, 1})}}
	rgba := testPNG{w: 2, h: 1, depth: 8, colourType: 6, rows: [][]byte{{1, 2, 3, 128, 4, 5, 6, 255}}}
	grey := testPNG{w: 2, h: 1, depth: 8, colourType: 0, rows: [][]byte{{7, 8}}}
	with := func(p testPNG, prof []byte) []byte {
		p.iccp = imgcolourtest.ICCP(prof)
		file, _ := p.build(t)
		return file
	}
	broken := bytes.Clone(rgbProf)
	binary.BigEndian.PutUint32(broken, 599)
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, image.NewRGBA(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		data []byte
		want []byte // the profile, nil for none
		n    int
	}{
		{"RGB passed through", with(rgb, rgbProf), rgbProf, 3},
		{"a palette", with(pal, rgbProf), rgbProf, 3},
		{"RGBA, decoded", with(rgba, rgbProf), rgbProf, 3},
		{"grey", with(grey, greyProf), greyProf, 1},
		{"an RGB profile on grey", with(grey, rgbProf), nil, 0},
		{"a profile whose size is not its length", with(rgb, broken), nil, 0},
		{"a JPEG, its profile in three pieces out of order", imgcolourtest.JPEG(jb.Bytes(), rgbProf, 250, 2, 1, 3), rgbProf, 3},
		{"a JPEG missing a piece", imgcolourtest.JPEG(jb.Bytes(), rgbProf, 250, 1, 3), nil, 0},
	}
	for _, cached := range []bool{false, true} {
		c := newMemCache()
		for range 2 { // with a cache, the second pass takes its images from it
			d := New(Info{})
			if cached {
				d.CacheImages(c, []byte("this build"))
			}
			pg := d.NewPage(400, 400)
			var imgs []*Image
			for i, tc := range cases {
				img, err := d.AddImage(tc.data, "")
				if err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
				pg.DrawImage(img, 10, float64(10+45*i), 40, 40)
				imgs = append(imgs, img)
			}
			ctx, xobj := pageXObjects(t, d)
			refs := map[string]bool{}
			for i, tc := range cases {
				sd, _, err := ctx.DereferenceStreamDict(xobj[imgs[i].res])
				if err != nil || sd == nil {
					t.Fatalf("%s: no XObject", tc.name)
				}
				cs, ps, ref := colourSpace(t, ctx, sd)
				if (ps != nil) != (tc.want != nil) {
					t.Fatalf("%s (cache %v): colour space %v", tc.name, cached, cs)
				}
				if ps == nil {
					continue
				}
				if !bytes.Equal(ps.Content, tc.want) {
					t.Errorf("%s: the profile stream is not the file's profile", tc.name)
				}
				if n := intOf(t, ctx, ps.Dict["N"]); n != tc.n {
					t.Errorf("%s: /N %d, want %d", tc.name, n, tc.n)
				}
				refs[ref] = true
			}
			if len(refs) != 2 {
				t.Errorf("cache %v: %d profile streams for two profiles: %v", cached, len(refs), refs)
			}
		}
	}
}
