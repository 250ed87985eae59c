package pdf

import (
	"bytes"
	"math"
	"strconv"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/warraq/warraq/export/pdfwriter"
	"github.com/warraq/warraq/export/text"
)

// bucketOf is the grouping key of pdfminer-based line builders:
// Python's round(v / 3), which rounds halves to even.
func bucketOf(v float64) float64 { return math.RoundToEven(v / bucketPt) }

func TestBucketShift(t *testing.T) {
	tests := []struct {
		name   string
		lo, hi float64
		want   float64
	}{
		{"no offsets", 100.3, 100.3, 0},
		{"no offsets, bottoms on a boundary", 4.5, 4.5, 0},
		{"offsets inside one bucket", 10, 10.2, 0},
		// Bucket edges at 4.5: moving up by 4.505-4.4 beats moving down by 4.61-4.495.
		{"offset crossing a boundary, up is shorter", 4.4, 4.61, 0.105},
		// Moving down by 4.52-4.495 beats moving up by 4.505-4.3.
		{"offset crossing a boundary, down is shorter", 4.3, 4.52, -0.025},
		{"negative heights", -4.61, -4.4, -0.105},
		{"spread wider than a bucket", 0, 3.2, 0},
		{"spread fits only after a move over the limit", 3.0, 5.5, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := bucketShift(tc.lo, tc.hi)
			if math.Abs(got-tc.want) > 1e-9 {
				t.Fatalf("bucketShift(%v, %v) = %v, want %v", tc.lo, tc.hi, got, tc.want)
			}
			if math.Abs(got) > maxNudgePt {
				t.Fatalf("shift %v exceeds %v", got, maxNudgePt)
			}
			if got != 0 && bucketOf(tc.lo+got) != bucketOf(tc.hi+got) {
				t.Fatalf("after shifting by %v, %v and %v are still in different buckets", got, tc.lo+got, tc.hi+got)
			}
		})
	}
}

// edgeDistance is how far v lies from the nearest bucket edge.
func edgeDistance(v float64) float64 {
	e := v/bucketPt + 0.5
	return math.Abs(e-math.Round(e)) * bucketPt
}

// TestLineNudgeJoinsSplitWord lays out a word HarfBuzz draws with a small
// y offset on a spacing glyph (Amiri's initial meem before hah) at every
// baseline height in a 3 pt range: wherever its glyphs' box bottoms straddle
// a bucket edge, the nudge must bring them into one bucket.
func TestLineNudgeJoinsSplitWord(t *testing.T) {
	e := testEngine(t)
	b := e.Layout(text.Paragraph{Spans: []text.Span{{Text: "محدود", Style: text.Style{Size: 11}}}, Dir: text.RTL, Lang: "ar"}, 300)
	if len(b.Lines) != 1 {
		t.Fatalf("%d lines, want 1", len(b.Lines))
	}
	l := &b.Lines[0]
	doc := pdfwriter.New(pdfwriter.Info{})
	declaredDescent := func(f *text.Face) float64 {
		pf, err := doc.AddFont(f.Data)
		if err != nil {
			t.Fatal(err)
		}
		return pf.Descent()
	}
	bottoms := func(y float64) (lo, hi float64) {
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, r := range l.Runs {
			d := declaredDescent(r.Face) * r.Style.Size
			for _, g := range r.Glyphs {
				if !g.Mark {
					lo, hi = min(lo, y+d+g.Y), max(hi, y+d+g.Y)
				}
			}
		}
		return lo, hi
	}
	if lo, hi := bottoms(0); hi-lo < 0.01 {
		t.Fatalf("no spacing glyph of the word has a y offset (spread %v); the test needs one", hi-lo)
	}
	split := 0
	for i := 0; i < 300; i++ {
		y := 500 + float64(i)*0.01
		lo, hi := bottoms(y)
		if bucketOf(lo) != bucketOf(hi) {
			split++
		}
		s := lineNudge(l, y, declaredDescent)
		if math.Abs(s) > maxNudgePt {
			t.Fatalf("y=%v: shift %v exceeds %v", y, s, maxNudgePt)
		}
		if bucketOf(lo+s) != bucketOf(hi+s) {
			t.Fatalf("y=%v: after shifting by %v the bottoms %v..%v are in two buckets", y, s, lo+s, hi+s)
		}
		if bucketOf(lo) == bucketOf(hi) && edgeDistance(lo) > nudgeSlack && edgeDistance(hi) > nudgeSlack && s != 0 {
			t.Fatalf("y=%v: a line already in one bucket was moved by %v", y, s)
		}
	}
	if split == 0 {
		t.Fatal("no baseline height split the word; the test checks nothing")
	}
}

// TestDeclaredDescentMatchesWriter reads back the /Descent pdfwriter writes
// for each face of the default font set and compares it with the value the
// nudge assumes.
func TestDeclaredDescentMatchesWriter(t *testing.T) {
	fs, err := text.NewFontSet("", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, face := range fs.Faces() {
		t.Run(face.Name, func(t *testing.T) {
			doc := pdfwriter.New(pdfwriter.Info{Title: "descent"})
			f, err := doc.AddFont(face.Data)
			if err != nil {
				t.Fatal(err)
			}
			doc.NewPage(200, 200).ShowGlyphs([]pdfwriter.Glyph{{Font: f, Size: 10, GID: 1, X: 10, Y: 100, Advance: 5, Text: "a"}})
			var buf bytes.Buffer
			if err := doc.Write(&buf); err != nil {
				t.Fatal(err)
			}
			got := writtenDescent(t, buf.Bytes())
			want := f.Descent() * 1000
			if math.Abs(got-want) > 1e-9 {
				t.Fatalf("writer declares /Descent %v, nudge assumes %v", got, want)
			}
		})
	}
}

// writtenDescent returns the /Descent of the only font on page 1.
func writtenDescent(t *testing.T, data []byte) float64 {
	t.Helper()
	ctx, err := api.ReadContext(bytes.NewReader(data), model.NewDefaultConfiguration())
	if err != nil {
		t.Fatal(err)
	}
	if err := ctx.EnsurePageCount(); err != nil {
		t.Fatal(err)
	}
	page, _, _, err := ctx.PageDict(1, false)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ctx.DereferenceDict(page["Resources"])
	if err != nil {
		t.Fatal(err)
	}
	fonts, err := ctx.DereferenceDict(res["Font"])
	if err != nil || len(fonts) != 1 {
		t.Fatalf("want one font on the page, got %d (%v)", len(fonts), err)
	}
	for _, ref := range fonts {
		font, err := ctx.DereferenceDict(ref)
		if err != nil {
			t.Fatal(err)
		}
		kids, err := ctx.DereferenceArray(font["DescendantFonts"])
		if err != nil || len(kids) != 1 {
			t.Fatalf("DescendantFonts: %v", err)
		}
		cid, err := ctx.DereferenceDict(kids[0])
		if err != nil {
			t.Fatal(err)
		}
		fd, err := ctx.DereferenceDict(cid["FontDescriptor"])
		if err != nil {
			t.Fatal(err)
		}
		o, err := ctx.Dereference(fd["Descent"])
		if err != nil {
			t.Fatal(err)
		}
		switch v := o.(type) {
		case types.Integer:
			return float64(v.Value())
		case types.Float:
			return v.Value()
		default:
			s := ""
			if o != nil {
				s = o.String()
			}
			if f, err := strconv.ParseFloat(s, 64); err == nil {
				return f
			}
			t.Fatalf("/Descent is %T %q", o, s)
		}
	}
	return 0
}
