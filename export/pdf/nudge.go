package pdf

import (
	"encoding/binary"
	"math"

	"github.com/warraq/warraq/export/text"
)

// Why lines are sometimes nudged by a fraction of a point.
//
// Line-grouping extractors built on pdfminer (our CI's shapecheck among
// them) put a glyph on a line by the bottom of its box: baseline + the
// font's declared /Descent × size + text rise, rounded to a 3 pt bucket.
// HarfBuzz gives some spacing glyphs sub-point y offsets (Amiri's initial
// meem before hah sits 0.21 pt low at 11 pt), which the writer draws with a
// rise; when a line's box bottoms lie just above a bucket boundary, such a
// glyph falls into the next bucket and its word is split across two
// "lines". So each line's baseline moves by the smallest amount, at most
// 0.6 pt, that puts all its spacing glyphs in one bucket. The move is
// invisible and never changes the glyphs or their positions relative to
// each other. Marks are left out: extractors set them aside, and their
// large offsets would make most lines with harakat impossible to fit.
const (
	bucketPt   = 3.0   // the extractors' grouping step
	maxNudgePt = 0.6   // the largest move accepted
	nudgeSlack = 0.005 // keeps box bottoms clear of a boundary despite the writer rounding to 0.001
)

// lineNudge returns how far to move line l, drawn with its baseline at page
// height y, so that the box bottoms of its spacing glyphs share one bucket.
func lineNudge(l *text.Line, y float64) float64 {
	lo, hi, seen := math.Inf(1), math.Inf(-1), false
	for i := range l.Runs {
		r := &l.Runs[i]
		if r.Face == nil {
			continue
		}
		d := declaredDescent(r.Face) * r.Style.Size
		for _, g := range r.Glyphs {
			if g.Mark {
				continue
			}
			v := y + d + g.Y
			lo, hi, seen = min(lo, v), max(hi, v), true
		}
	}
	if !seen {
		return 0
	}
	return bucketShift(lo, hi)
}

// bucketShift returns the s of smallest magnitude (at most maxNudgePt) that
// puts every value in [lo+s, hi+s] inside one bucket
// ((k-0.5)·bucketPt, (k+0.5)·bucketPt), at least nudgeSlack from its edges;
// 0 when they already are with that margin, when all values are equal (the
// same bottom can never be split), or when no such s exists.
func bucketShift(lo, hi float64) float64 {
	if hi-lo < 1e-9 || hi-lo > bucketPt-2*nudgeSlack {
		return 0
	}
	best, found := 0.0, false
	for k := math.Floor(lo/bucketPt) - 1; k <= math.Ceil(hi/bucketPt)+1; k++ {
		a := (k-0.5)*bucketPt + nudgeSlack - lo // smallest s that keeps lo inside
		b := (k+0.5)*bucketPt - nudgeSlack - hi // largest s that keeps hi inside
		if a > b {
			continue
		}
		s := min(max(0, a), b) // the point of [a, b] nearest 0
		if !found || math.Abs(s) < math.Abs(best) {
			best, found = s, true
		}
	}
	if !found || math.Abs(best) > maxNudgePt {
		return 0
	}
	return best
}

// declaredDescent is the descent per pt of size that a PDF reader finds in
// the FontDescriptor pdfwriter writes for f: hhea's descender over
// unitsPerEm, in thousandths rounded to three decimals, taken as negative.
// text.Face.Descent is not always the same number (go-text prefers OS/2's
// typographic descender when the font asks for it), so it is only the
// fallback for data this cannot read.
func declaredDescent(f *text.Face) float64 {
	be := binary.BigEndian
	data := f.Data
	upem, desc, haveDesc := 0, 0, false
	if len(data) >= 12 {
		n := int(be.Uint16(data[4:]))
		for i := 0; i < n && 12+16*(i+1) <= len(data); i++ {
			rec := data[12+16*i:]
			off := int64(be.Uint32(rec[8:]))
			switch string(rec[:4]) {
			case "head":
				if off+20 <= int64(len(data)) {
					upem = int(be.Uint16(data[off+18:]))
				}
			case "hhea":
				if off+8 <= int64(len(data)) {
					desc, haveDesc = int(int16(be.Uint16(data[off+6:]))), true
				}
			}
		}
	}
	if upem == 0 || !haveDesc {
		return -math.Abs(f.Descent)
	}
	return -math.Abs(math.Round(float64(desc)*1e6/float64(upem)) / 1e6)
}
