package text

import "math"

// Line breaking. Three breakers share the candidates measure() lists:
//
//   - breakTotalFit, for justified paragraphs, is Knuth and Plass's total
//     fit: every line is judged by how far its spaces (and, with kashida,
//     its joins) must stretch or shrink to fill the measure, and the breaks
//     minimise the sum over the paragraph, so one very loose line is not
//     bought with several tight ones nor the other way round. Spaces shrink
//     by at most spaceShrink of their width, which is what lets a line hold
//     a word that greedy filling would push to the next line.
//   - breakBalanced, for display lines (Paragraph.Balance), keeps greedy's
//     number of lines and makes them near-equal in length.
//   - breakGreedy fills each line with as many words as fit, and breaks a
//     word wider than the measure at grapheme boundaries; the others fall
//     back to it when a word does not fit.
const (
	// spaceStretch is the stretch of a space at adjustment ratio 1, as a
	// share of its width; a line may stretch further at a growing cost
	// (badness grows with the cube of the ratio).
	//
	// spaceShrink is how far a space may shrink, as a share of its width:
	// a hard limit.
	//
	// Measured with scripts/typography.sh on the samples and a generated
	// corpus (A5, Amiri 11 pt): with the stretch at half a space, as TeX
	// has it, and spaces shrinking a fifth, 15% of full lines had a word
	// gap over 6 pt and the mean gap stayed above Typst's. Judging stretch
	// on the same small scale as shrink makes total fit prefer a line a
	// little tight to one visibly loose, and a quarter of a space of shrink
	// is what lets it: 7.5 to 9% of lines over 6 pt, mean gaps below
	// Typst's (which shrinks spaces by a third).
	spaceStretch = 0.15
	spaceShrink  = 0.25
	// linePenalty is added to every line's badness before squaring, so that
	// of two equally even settings the one with fewer lines wins.
	linePenalty = 10
	// fitnessPenalty is charged when a line's tightness class differs by
	// more than one from the line before it (a tight line after a loose
	// one is what the eye notices).
	fitnessPenalty = 3000
	// runtPenalty is charged when a paragraph's last line is a single word
	// (a runt): as much as a line stretched about 1.2 times its spaces'
	// stretch.
	runtPenalty = 20000
	// noStretchBadness is the badness of a line that must grow but has
	// nothing that stretches (a single word on a line of its own).
	noStretchBadness = 1e6
	// maxLineWords bounds the search for a line's start so that a
	// paragraph of thousands of tiny words on a very wide measure stays
	// linear.
	maxLineWords = 256
	// maxBalanceCands keeps balancing to display text; longer paragraphs
	// are filled greedily.
	maxBalanceCands = 200
)

// Fitness classes of a line by its adjustment ratio r.
const (
	fitTight     = iota // r < -0.5
	fitDecent           // -0.5 <= r <= 0.5
	fitLoose            // 0.5 < r <= 1
	fitVeryLoose        // r > 1
	fitClasses
)

// fitPenalties[c][cj] is what a line of class c after one of class cj
// costs for the change: fitnessPenalty when the classes are more than one
// apart.
// breakTotalFit is written for four classes: this fails to compile
// if there are more or fewer.
var _ [fitClasses - 4]struct{}
var _ [4 - fitClasses]struct{}

var fitPenalties = func() (t [fitClasses][4]float64) { // 4: breakTotalFit unrolls the classes
	for c := range fitClasses {
		for cj := range fitClasses {
			if c-cj > 1 || cj-c > 1 {
				t[c][cj] = fitnessPenalty
			}
		}
	}
	return t
}()

func fitness(r float64) int {
	switch {
	case r < -0.5:
		return fitTight
	case r <= 0.5:
		return fitDecent
	case r <= 1:
		return fitLoose
	}
	return fitVeryLoose
}

// badness is TeX's: 100|r|³.
// An infinite r (a line that must grow and has nothing that stretches)
// costs noStretchBadness, as the cap gives it; written without a test of
// its own, badness is inlined into the breakers' loops.
func badness(r float64) float64 {
	a := math.Abs(r)
	// min(b, noStretchBadness) as math.Min gives it (a NaN stays NaN) without
	// its signed-zero and infinity cases, which cannot arise here (b >= 0).
	if b := 100 * a * a * a; !(b > noStretchBadness) {
		return b
	}
	return noStretchBadness
}

// breakLines fills sc.lines with the glyph ranges of the paragraph's lines.
func (e *Engine) breakLines(w *worker, sc *scratch, p *Paragraph, width float64) {
	sc.lines = sc.lines[:0]
	switch {
	case p.Align == Justify || p.Align == JustifyAll:
		if sc.breakTotalFit(p, width) {
			return
		}
	case p.Balance:
		e.breakGreedy(w, sc, p, width)
		sc.breakBalanced(p, width)
		return
	}
	e.breakGreedy(w, sc, p, width)
}

// breakGreedy fills each line with as many words as fit. A word wider than a
// whole line is broken at grapheme boundaries (an emergency break) so
// nothing overflows or stalls.
func (e *Engine) breakGreedy(w *worker, sc *scratch, p *Paragraph, width float64) {
	sc.lines = sc.lines[:0]
	np := len(sc.pg)
	ci := 0
	for a := 0; a < np; {
		avail := width
		if len(sc.lines) == 0 {
			avail -= p.Indent
		}
		for ci < len(sc.cands) && sc.cands[ci].k <= a {
			ci++
		}
		best := -1
		for j := ci; j < len(sc.cands); j++ {
			k := sc.cands[j].k
			if sc.cum[trailingWS(sc.pg, a, k)]-sc.cum[a] > avail+eps {
				break
			}
			best = k
			if sc.cands[j].mandatory {
				break
			}
		}
		if best < 0 {
			best = e.emergencyBreak(w, sc, a, sc.cands[ci].k, avail)
		}
		sc.lines = append(sc.lines, [2]int{a, best})
		a = best
	}
}

// candPos is where node i of the breakers' graphs starts a line: node 0 is
// the paragraph's start, node i > 0 the break before pg[cands[i-1].k].
func (sc *scratch) candPos(i int) int {
	if i == 0 {
		return 0
	}
	return sc.cands[i-1].k
}

// lineShape is what the breakers need to know about a candidate line
// pg[start:end): its natural width without the hanging spaces, the total
// natural width of its stretchable spaces, and how many there are.
func (sc *scratch) lineShape(start, t0 int) (wd, spw float64, nsp int) {
	lt := max(t0, start) // a line of nothing but spaces is empty
	return sc.cum[lt] - sc.cum[start], sc.spw[lt] - sc.spw[start], int(sc.nsp[lt] - sc.nsp[start])
}

// breakTotalFit chooses the breaks of a justified paragraph by total fit
// (see the top of this file). Every line is judged, except the last and
// lines ended by a forced break, which only need to fit (unless the
// paragraph is JustifyAll). It returns false, leaving the work to the
// greedy breaker, when some word is wider than a line and needs an
// emergency break.
func (sc *scratch) breakTotalFit(p *Paragraph, width float64) bool {
	m := len(sc.cands)
	n := (m + 1) * fitClasses
	sc.cost = grow(sc.cost, n)
	sc.prev = grow(sc.prev, n)
	for i := range fitClasses { // node 0; the others are set as they are reached
		sc.cost[i] = math.Inf(1)
	}
	sc.cost[fitDecent] = 0
	// The scratch's arrays as locals: the stores into cost below would
	// otherwise have every one of them loaded again for each line tried.
	cands, cum, spws, nsps, cost := sc.cands, sc.cum, sc.spw, sc.nsp, sc.cost
	for i := 1; i <= m; i++ {
		end := cands[i-1].k
		last := i == m
		free := cands[i-1].mandatory && p.Align != JustifyAll
		t0 := trailingWS(sc.pg, 0, end)
		// Node i's best cost and predecessor for each class, kept here
		// while the lines ending at it are tried, and stored after.
		var node [fitClasses]float64
		var from [fitClasses]int32
		for c := range node {
			node[c] = math.Inf(1)
		}
		for j := i - 1; j >= 0 && i-j <= maxLineWords; j-- {
			start, avail := 0, width // candPos(j)
			if j > 0 {
				start = cands[j-1].k
			} else {
				avail -= p.Indent
			}
			lt := max(t0, start) // lineShape(start, t0)
			wd, spw, nsp := cum[lt]-cum[start], spws[lt]-spws[start], int(nsps[lt]-nsps[start])
			if wd-spw*spaceShrink > avail+eps {
				break // starting earlier only makes the line wider
			}
			r := 0.0
			switch extra := avail - wd; {
			case extra < -eps:
				r = extra / (spw * spaceShrink)
			case free || extra <= eps:
			default:
				stretch := spw * spaceStretch
				if sc.kashida {
					stretch += sc.kashidaCapacity(start, lt, nsp)
				}
				r = math.Inf(1)
				if stretch > eps {
					r = extra / stretch
				}
			}
			c := fitness(r)
			d := linePenalty + badness(r)
			d *= d
			if last && j > 0 && nsp == 0 {
				d += runtPenalty
			}
			// An unreached state of node j costs +Inf, and so does any
			// line from it: never less than bc.
			// The four classes of node j, unrolled, in order.
			bc, bf := node[c], from[c]
			base := j * fitClasses
			row := (*[4]float64)(cost[base : base+fitClasses])
			pen := &fitPenalties[c]
			if total := row[0] + d + pen[0]; total < bc {
				bc, bf = total, int32(base)
			}
			if total := row[1] + d + pen[1]; total < bc {
				bc, bf = total, int32(base+1)
			}
			if total := row[2] + d + pen[2]; total < bc {
				bc, bf = total, int32(base+2)
			}
			if total := row[3] + d + pen[3]; total < bc {
				bc, bf = total, int32(base+3)
			}
			node[c], from[c] = bc, bf
			if j > 0 && cands[j-1].mandatory {
				break // a forced break cannot be skipped
			}
		}
		copy(sc.cost[i*fitClasses:], node[:])
		copy(sc.prev[i*fitClasses:], from[:])
	}
	best := -1
	for c := range fitClasses {
		if v := sc.cost[m*fitClasses+c]; !math.IsInf(v, 1) && (best < 0 || v < sc.cost[m*fitClasses+best]) {
			best = c
		}
	}
	if best < 0 {
		return false
	}
	sc.walkBack(m*fitClasses+best, fitClasses)
	return true
}

// walkBack lists the lines of the path ending at state s of a breaker's
// graph whose states are node*per+x, following sc.prev.
func (sc *scratch) walkBack(s, per int) {
	nl := 0
	for x := s; x >= per; x = int(sc.prev[x]) {
		nl++
	}
	sc.lines = grow(sc.lines, nl)
	for x, l := s, nl-1; x >= per; x, l = int(sc.prev[x]), l-1 {
		sc.lines[l] = [2]int{sc.candPos(int(sc.prev[x]) / per), sc.candPos(x / per)}
	}
}

// breakBalanced re-breaks a paragraph that greedy filling set in
// len(sc.lines) lines into as many lines of near-equal length: it finds the
// narrowest measure that still needs no more lines, then chooses the breaks
// that keep every line close to it, a one-word last line costing as much as
// a line short by the whole measure. It leaves the greedy lines when there
// is one line, a forced break, or a word wider than the measure.
func (sc *scratch) breakBalanced(p *Paragraph, width float64) {
	target := len(sc.lines)
	m := len(sc.cands)
	if target < 2 || m > maxBalanceCands {
		return
	}
	for _, c := range sc.cands[:m-1] {
		if c.mandatory {
			return
		}
	}
	lines := func(w float64) int { // greedy's count at measure w, or m+1 when a word does not fit
		n, start := 0, 0
		for start < len(sc.pg) {
			avail := w
			if n == 0 {
				avail -= p.Indent
			}
			next := -1
			for j := range sc.cands {
				k := sc.cands[j].k
				if k <= start {
					continue
				}
				if sc.cum[trailingWS(sc.pg, start, k)]-sc.cum[start] > avail+eps {
					break
				}
				next = k
			}
			if next < 0 {
				return m + 1
			}
			n++
			start = next
		}
		return n
	}
	lo, hi := 0.0, width
	if lines(hi) > target {
		return // an emergency break: keep greedy's lines
	}
	for range 30 {
		mid := (lo + hi) / 2
		if lines(mid) <= target {
			hi = mid
		} else {
			lo = mid
		}
	}
	goal := hi
	// cost[(i)*(target+1)+c]: the best c lines ending at node i.
	per := target + 1
	n := (m + 1) * per
	sc.cost = grow(sc.cost, n)
	sc.prev = grow(sc.prev, n)
	for i := range sc.cost {
		sc.cost[i] = math.Inf(1)
	}
	sc.cost[0] = 0
	for i := 1; i <= m; i++ {
		t0 := trailingWS(sc.pg, 0, sc.candPos(i))
		for j := i - 1; j >= 0; j-- {
			start := sc.candPos(j)
			avail := width
			if j == 0 {
				avail -= p.Indent
			}
			wd, _, nsp := sc.lineShape(start, t0)
			if wd > avail+eps {
				break
			}
			short := goal - wd
			if j == 0 {
				short -= p.Indent
			}
			d := short * short
			if short < 0 {
				d *= 10 // longer than the balanced measure: allowed, at a price
			}
			if i == m && j > 0 && nsp == 0 {
				d += width * width // a one-word last line
			}
			for c := 1; c <= target; c++ {
				prev := sc.cost[j*per+c-1]
				if math.IsInf(prev, 1) {
					continue
				}
				if prev+d < sc.cost[i*per+c] {
					sc.cost[i*per+c] = prev + d
					sc.prev[i*per+c] = int32(j*per + c - 1)
				}
			}
		}
	}
	if math.IsInf(sc.cost[m*per+target], 1) {
		return
	}
	sc.walkBack(m*per+target, per)
}

// emergencyBreak picks where to cut a word pg[a:limit) that does not fit:
// the last cluster boundary that is also a grapheme boundary and fits, or
// the first one if even a single grapheme is too wide.
func (e *Engine) emergencyBreak(w *worker, sc *scratch, a, limit int, avail float64) int {
	if len(sc.graph) == 0 {
		sc.graph = grow(sc.graph, len(sc.runes)+1)
		clear(sc.graph)
		if !sc.segmented {
			w.seg.Init(sc.runes)
			sc.segmented = true
		}
		for it := w.seg.GraphemeIterator(); it.Next(); {
			g := it.Grapheme()
			sc.graph[g.Offset] = true
		}
		sc.graph[len(sc.runes)] = true
	}
	first, best := -1, -1
	for k := a + 1; k < limit; k++ {
		g := &sc.pg[k]
		if !g.clusterStart || !sc.graph[g.cluster] {
			continue
		}
		if sc.cum[k]-sc.cum[a] > avail+eps {
			break
		}
		best = k
		if first < 0 {
			first = k
		}
	}
	if best > 0 {
		return best
	}
	for k := a + 1; k < limit; k++ {
		g := &sc.pg[k]
		if g.clusterStart && sc.graph[g.cluster] {
			return k
		}
	}
	return limit
}
