package pdf

import (
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
// descent gives the descent per pt of size that the PDF declares for a face.
func lineNudge(l *text.Line, y float64, descent func(*text.Face) float64) float64 {
	lo, hi, seen := math.Inf(1), math.Inf(-1), false
	for i := range l.Runs {
		r := &l.Runs[i]
		if r.Face == nil {
			continue
		}
		d := descent(r.Face) * r.Style.Size
		for j := range r.Glyphs {
			g := &r.Glyphs[j]
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
