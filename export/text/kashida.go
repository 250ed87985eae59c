package text

import (
	"slices"

	"github.com/go-text/typesetting/language"
)

// Kashida: justifying Arabic by lengthening the joins between letters.
//
// Where: the W3C's Arabic and Persian Layout Requirements (justification)
// ask for kashidas at a few preferred joins, not at every one, and not
// several in one word. The preference used here is the priority list that
// Microsoft's Arabic justification made common (and LibreOffice follows):
//
//  1. after a tatweel the author typed;
//  2. after an initial or medial seen or sad (س ش ص ض);
//  3. before a final teh marbuta, heh or dal (ة ه د);
//  4. before a final alef, tah, lam, kaf or gaf (ا ط ل ك گ), but never
//     between lam and alef;
//  5. before a medial beh-like letter that a final reh, yeh or alef
//     maksura follows (ـبر ـني);
//  6. before a final waw, ain, qaf or feh (و ع ق ف);
//  7. before any other final letter.
//
// Each word gets at most one site, its best (the last of equals); a line
// uses as few sites as its extra width needs, the best first.
//
// Whether: a join only takes a kashida if HarfBuzz, given the word with a
// tatweel at that join, keeps every other glyph exactly as it shaped the
// word without it. That rules out the contextual forms of fonts like Amiri
// (its kaf before beh, its stacked meem-hah) that only connect to each
// other, and lam-alef and other ligatures, and it finds the tatweel glyph
// the font draws at that join (Amiri has several). The letters on the page
// stay the glyphs HarfBuzz chose; the kashida is that tatweel glyph's
// outline, stretched, drawn between them.
//
// How long: in proportion to the face's own tatweel. A site takes about
// kashidaPreferred tatweels and at most kashidaMax; the rest of a line's
// extra width goes to its spaces.
const (
	kashidaPreferred = 1.5
	kashidaMax       = 3.0
)

// Joining types (Unicode ArabicShaping.txt) of the letters that matter here.
const (
	joinNone        = iota // U: does not join (hamza, digits, anything not Arabic)
	joinRight              // R: joins the letter before it only (alef, dal, reh, waw)
	joinDual               // D: joins on both sides (beh, seen, lam...)
	joinCausing            // C: tatweel
	joinTransparent        // T: marks, which joining skips over
)

func joiningType(r rune) int {
	switch {
	case r == 0x640:
		return joinCausing
	case r >= 0x64B && r <= 0x65F, r == 0x670, r >= 0x6D6 && r <= 0x6DC,
		r >= 0x6DF && r <= 0x6E4, r == 0x6E7, r == 0x6E8, r >= 0x6EA && r <= 0x6ED:
		return joinTransparent
	case r == 0x621 || r == 0x674:
		return joinNone
	case r >= 0x622 && r <= 0x625, r == 0x627, r == 0x629, r >= 0x62F && r <= 0x632, r == 0x648,
		r >= 0x671 && r <= 0x673, r >= 0x675 && r <= 0x677, r >= 0x688 && r <= 0x699,
		r == 0x6C0, r >= 0x6C3 && r <= 0x6CB, r == 0x6CD, r == 0x6CF, r == 0x6D2, r == 0x6D3,
		r == 0x6D5, r == 0x6EE, r == 0x6EF, r >= 0x759 && r <= 0x75B, r == 0x76B, r == 0x76C,
		r == 0x771, r == 0x773, r == 0x774, r == 0x778, r == 0x779:
		return joinRight
	case r == 0x620, r == 0x626, r == 0x628, r >= 0x62A && r <= 0x62E, r >= 0x633 && r <= 0x63F,
		r >= 0x641 && r <= 0x647, r == 0x649, r == 0x64A, r == 0x66E, r == 0x66F,
		r >= 0x678 && r <= 0x687, r >= 0x69A && r <= 0x6BF, r == 0x6C1, r == 0x6C2, r == 0x6CC,
		r == 0x6CE, r == 0x6D0, r == 0x6D1, r >= 0x6FA && r <= 0x6FC, r == 0x6FF,
		r >= 0x750 && r <= 0x77F:
		return joinDual
	}
	return joinNone
}

// Letter groups of the priority list, by their base letter.
func isSeenSad(r rune) bool {
	switch r {
	case 0x633, 0x634, 0x635, 0x636, 0x69A, 0x69B, 0x69C, 0x69D, 0x69E, 0x6FA, 0x6FB:
		return true
	}
	return false
}

func isTehMarbutaHehDal(r rune) bool {
	switch r {
	case 0x629, 0x647, 0x6C0, 0x6C1, 0x6C2, 0x6C3, 0x6D5, 0x6BE, 0x62F, 0x630, 0x6EE:
		return true
	}
	return r >= 0x688 && r <= 0x690
}

func isAlef(r rune) bool {
	switch r {
	case 0x622, 0x623, 0x625, 0x627, 0x671, 0x672, 0x673, 0x675:
		return true
	}
	return false
}

func isLam(r rune) bool { return r == 0x644 || (r >= 0x6B5 && r <= 0x6B8) || r == 0x76A }

func isAlefTahLamKafGaf(r rune) bool {
	switch r {
	case 0x637, 0x638, 0x643, 0x6A9, 0x6AA, 0x6AB, 0x6AC, 0x6AD, 0x6AE, 0x6AF, 0x6B0, 0x6B1, 0x6B2, 0x6B3, 0x6B4:
		return true
	}
	return isAlef(r) || isLam(r)
}

func isBehLike(r rune) bool {
	switch r {
	case 0x628, 0x62A, 0x62B, 0x646, 0x64A, 0x626, 0x66E, 0x67E, 0x679, 0x6CC, 0x6BA, 0x6BB, 0x6BD, 0x6D0, 0x6D1:
		return true
	}
	return r >= 0x676 && r <= 0x680
}

func isRehYeh(r rune) bool {
	switch r {
	case 0x631, 0x632, 0x691, 0x692, 0x693, 0x694, 0x695, 0x696, 0x697, 0x698, 0x699,
		0x64A, 0x649, 0x6CC, 0x6D2, 0x6D3, 0x626:
		return true
	}
	return false
}

func isWawAinQafFeh(r rune) bool {
	switch r {
	case 0x648, 0x624, 0x6C4, 0x6C5, 0x6C6, 0x6C7, 0x6C8, 0x6C9, 0x6CA, 0x6CB, 0x6CF,
		0x639, 0x63A, 0x642, 0x641, 0x6A1, 0x6A2, 0x6A3, 0x6A4, 0x6A5, 0x6A6, 0x6A7, 0x6A8:
		return true
	}
	return false
}

// joinsLeft reports whether r connects to the letter after it.
func joinsLeft(r rune) bool { t := joiningType(r); return t == joinDual || t == joinCausing }

// joinsRight reports whether r connects to the letter before it.
func joinsRight(r rune) bool {
	t := joiningType(r)
	return t == joinDual || t == joinRight || t == joinCausing
}

// kashidaSite is a join in a shaped segment where a kashida may go.
type kashidaSite struct {
	glyph int32  // the first glyph after the join, in the segment's logical order
	prio  uint8  // 1 (best) to 7, as listed above
	gid   uint16 // the tatweel glyph the font draws at this join
	adv   int32  // its advance, font units
	yoff  int32  // its vertical offset, font units
}

// joinPriority is the priority (1 best ... 7) of a kashida before word[i],
// or 0 when the join takes none. word is the segment with its context;
// [lo, hi) is the segment.
func joinPriority(word []rune, lo, hi, i int) uint8 {
	b := word[i]
	if joiningType(b) == joinTransparent || !joinsRight(b) || b == 0x640 {
		return 0
	}
	// a: the letter before, skipping its marks; it must be in the segment.
	ai := i - 1
	for ai >= lo && joiningType(word[ai]) == joinTransparent {
		ai--
	}
	if ai < lo || !joinsLeft(word[ai]) {
		return 0
	}
	a := word[ai]
	// c: the letter after b, skipping marks (the context counts: the word
	// may go on in another style).
	ci := i + 1
	for ci < len(word) && joiningType(word[ci]) == joinTransparent {
		ci++
	}
	final := joiningType(b) == joinRight || ci >= len(word) || !joinsRight(word[ci])
	switch {
	case a == 0x640:
		return 1
	case isSeenSad(a):
		return 2
	case final && isTehMarbutaHehDal(b):
		return 3
	case final && isLam(a) && isAlef(b):
		return 0
	case final && isAlefTahLamKafGaf(b):
		return 4
	case !final && isBehLike(b) && ci < hi && isRehYeh(word[ci]) && !joinsLeftAt(word, ci):
		return 5
	case final && isWawAinQafFeh(b):
		return 6
	case final:
		return 7
	}
	return 0
}

// joinsLeftAt reports whether word[i] connects to a letter after it.
func joinsLeftAt(word []rune, i int) bool {
	if !joinsLeft(word[i]) {
		return false
	}
	j := i + 1
	for j < len(word) && joiningType(word[j]) == joinTransparent {
		j++
	}
	return j < len(word) && joinsRight(word[j])
}

// Each candidate join costs HarfBuzz a shaping of the whole word, so only a
// few are tried, and words longer than any real one (a pasted run of
// letters) get none.
const (
	maxKashidaTries = 4
	maxKashidaWord  = 64 // runes
)

// kashidaSites finds the word's kashida site, if it has one: the best join
// by priority where a tatweel leaves every glyph HarfBuzz drew (base) as it
// was. word[off:off+n] is the segment, the rest context, as for shape.
func (w *worker) kashidaSites(f *Face, word []rune, off, n int, script language.Script, lang language.Language, base *shaped) []kashidaSite {
	if n > maxKashidaWord {
		return nil
	}
	type cand struct {
		i    int
		prio uint8
	}
	var cands []cand
	for i := off + 1; i < off+n; i++ {
		if p := joinPriority(word, off, off+n, i); p > 0 {
			cands = append(cands, cand{i, p})
		}
	}
	// Best priority first; of equals, the last in the word.
	slices.SortStableFunc(cands, func(x, y cand) int {
		if x.prio != y.prio {
			return int(x.prio) - int(y.prio)
		}
		return y.i - x.i
	})
	var with []rune
	for _, c := range cands[:min(len(cands), maxKashidaTries)] {
		rel := int32(c.i - off)
		g0 := slices.IndexFunc(base.glyphs, func(g shapedGlyph) bool { return g.cluster >= rel })
		if g0 < 0 || base.glyphs[g0].cluster != rel {
			continue // inside a cluster (a ligature): no join to lengthen
		}
		with = append(append(append(with[:0], word[:c.i]...), 0x640), word[c.i:]...)
		test := w.shape(f, with, off, n+1, true, script, lang, nil)
		if tw, ok := sameWithTatweel(base, test, rel); ok {
			return []kashidaSite{{glyph: int32(g0), prio: c.prio, gid: tw.gid, adv: tw.adv, yoff: tw.yoff}}
		}
	}
	return nil
}

// sameWithTatweel reports whether test, the segment shaped with a tatweel
// inserted before character rel, draws every character as base does, and
// returns the tatweel's glyph.
func sameWithTatweel(base, test *shaped, rel int32) (shapedGlyph, bool) {
	var tw shapedGlyph
	if len(test.glyphs) != len(base.glyphs)+1 {
		return tw, false
	}
	k := 0
	found := false
	for _, g := range test.glyphs {
		switch {
		case g.cluster == rel:
			if found || g.mark || g.adv <= 0 {
				return tw, false
			}
			tw, found = g, true
			continue
		case g.cluster > rel:
			g.cluster--
		}
		if k >= len(base.glyphs) || g != base.glyphs[k] {
			return tw, false
		}
		k++
	}
	return tw, found
}

// lineSite is a kashida site of the paragraph, scaled to pt.
type lineSite struct {
	k         int // the glyph after the join, in sc.pg
	prio      uint8
	gid       uint16
	nat, yoff float64 // the tatweel's advance and vertical offset, pt
}

// kashidaAlloc is a kashida a line draws: Width pt before sc.pg[k].
type kashidaAlloc struct {
	site  int // index in sc.sites
	width float64
}

// sitesIn returns the index range of sc.sites whose glyph lies in (a, t).
func (sc *scratch) sitesIn(a, t int) (int, int) { return int(sc.ksites[a+1]), int(sc.ksites[t]) }

// maxSites is how many kashidas a line of nsp+1 words may draw: one word
// in two.
func maxSites(nsp int) int { return max(1, (nsp+2)/2) }

// kashidaCapacity is how far kashidas can lengthen the line pg[start:t)
// that has nsp spaces, for the breaker: each site up to kashidaMax
// tatweels, no more sites than maxSites.
func (sc *scratch) kashidaCapacity(start, t, nsp int) float64 {
	if !sc.kashida || t <= start {
		return 0
	}
	n := int(sc.ksites[t] - sc.ksites[start+1])
	if n == 0 {
		return 0
	}
	sum := sc.kcap[t] - sc.kcap[start+1]
	if ms := maxSites(nsp); n > ms {
		sum *= float64(ms) / float64(n)
	}
	return sum
}

// allocKashida chooses the kashidas of the line pg[a:t) that has nsp
// spaces and must grow by extra pt, into sc.kash, and returns their total
// width. It uses as few sites as about kashidaPreferred tatweels each
// allow, best priority first and, among equals, spread along the line.
func (sc *scratch) allocKashida(a, t, nsp int, extra float64) float64 {
	sc.kash = sc.kash[:0]
	lo, hi := sc.sitesIn(a, t)
	if hi <= lo {
		return 0
	}
	idx := sc.kidx[:0]
	pref := 0.0
	for i := lo; i < hi; i++ {
		idx = append(idx, i)
		pref += sc.sites[i].nat * kashidaPreferred
	}
	sc.kidx = idx
	pref /= float64(len(idx))
	slices.SortStableFunc(idx, func(x, y int) int { return int(sc.sites[x].prio) - int(sc.sites[y].prio) })
	n := min(len(idx), maxSites(nsp), max(1, int(extra/pref+0.999)))
	sc.kpick = spreadPick(sc.kpick[:0], sc, idx, n)
	total := 0.0
	each := extra / float64(n)
	for _, i := range sc.kpick {
		w := min(each, sc.sites[i].nat*kashidaMax)
		sc.kash = append(sc.kash, kashidaAlloc{site: i, width: w})
		total += w
	}
	return total
}

// spreadPick appends to out n of the sites idx (sorted by priority): whole
// priority groups while they fit, then from the next group sites evenly
// spaced along the line.
func spreadPick(out []int, sc *scratch, idx []int, n int) []int {
	for g := 0; g < len(idx) && len(out) < n; {
		h := g
		for h < len(idx) && sc.sites[idx[h]].prio == sc.sites[idx[g]].prio {
			h++
		}
		group := idx[g:h]
		slices.Sort(group) // line order
		need := n - len(out)
		if len(group) <= need {
			out = append(out, group...)
		} else {
			for q := range need {
				out = append(out, group[(2*q+1)*len(group)/(2*need)])
			}
		}
		g = h
	}
	return out
}
