package cover

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/go-text/typesetting/font"
	"github.com/warraq/warraq/export/locale"
	"github.com/warraq/warraq/export/text"
)

// The design is laid out in abstract units: the page is designWidth units
// wide and designWidth*aspect tall, y grows downwards. The back ends scale it
// uniformly, so the cover has the same proportions at any size.
const designWidth = 1000.0

// seg is a path segment in design units: op is 'M', 'L', 'Q' or 'C' with 1 to 3
// points, or 'Z' closing the current subpath.
type seg struct {
	op  byte
	pts [3]point
}

type point struct{ X, Y float64 }

// shape is a set of closed subpaths filled with the nonzero rule.
type shape struct {
	color rgb
	segs  []seg
}

// textLine is one line of glyphs from the text engine, placed on the page:
// X is the left edge of the line's box and Y its baseline, in design units.
// The engine lays out at "points" that are design units here, since shaping
// and line breaking scale linearly with size.
type textLine struct {
	group int // lines of one paragraph share a group
	color rgb
	x, y  float64
	line  text.Line
}

// item is one display-list entry: a shape or a line of text.
type item struct {
	shape *shape
	text  *textLine
}

// design is the display list of one cover at one aspect ratio.
type design struct {
	w, h  float64
	bg    rgb
	items []item
	// safe is the rectangle (x0, y0, x1, y1) text is kept within.
	safe   [4]float64
	groups int
}

func (d *design) fill(c rgb, segs []seg) {
	d.items = append(d.items, item{shape: &shape{color: c, segs: segs}})
}

func (d *design) rect(c rgb, x, y, w, h float64) {
	d.fill(c, rectPath(x, y, w, h))
}

func rectPath(x, y, w, h float64) []seg {
	return []seg{
		{op: 'M', pts: [3]point{{x, y}}},
		{op: 'L', pts: [3]point{{x + w, y}}},
		{op: 'L', pts: [3]point{{x + w, y + h}}},
		{op: 'L', pts: [3]point{{x, y + h}}},
		{op: 'Z'},
	}
}

// frame draws a rectangular outline of the given thickness as four bars, so
// no back end needs the even-odd rule.
func (d *design) frame(c rgb, x, y, w, h, t float64) {
	d.rect(c, x, y, w, t)
	d.rect(c, x, y+h-t, w, t)
	d.rect(c, x, y+t, t, h-2*t)
	d.rect(c, x+w-t, y+t, t, h-2*t)
}

// polygon returns a closed polygon with n vertices on a circle of radius r
// around (cx, cy), the first at angle a0 (radians, y down).
func polygon(cx, cy, r float64, n int, a0 float64) []seg {
	s := make([]seg, 0, n+1)
	for i := 0; i < n; i++ {
		a := a0 + 2*math.Pi*float64(i)/float64(n)
		op := byte('L')
		if i == 0 {
			op = 'M'
		}
		s = append(s, seg{op: op, pts: [3]point{{cx + r*math.Cos(a), cy + r*math.Sin(a)}}})
	}
	return append(s, seg{op: 'Z'})
}

// star is an eight-pointed star (two overlapping squares, the khatim of
// Islamic geometric ornament): their union under the nonzero rule.
func star(cx, cy, r float64) []seg {
	return append(polygon(cx, cy, r, 4, 0), polygon(cx, cy, r, 4, math.Pi/4)...)
}

// starBand draws a row of eight-pointed stars joined by small diamonds across
// [x0, x1] on the line y: each star outlined (a smaller star in the ground
// colour inside it) around a small solid star, as in tiled khatim ornament.
func (d *design) starBand(c, ground rgb, x0, x1, y, r float64) {
	n := int((x1 - x0) / (3.2 * r))
	if n < 1 {
		n = 1
	}
	step := (x1 - x0) / float64(n)
	var stars, holes, cores, links []seg
	for i := 0; i < n; i++ {
		cx := x0 + step*(float64(i)+0.5)
		stars = append(stars, star(cx, y, r)...)
		holes = append(holes, star(cx, y, r*0.7)...)
		cores = append(cores, star(cx, y, r*0.36)...)
		if i > 0 {
			links = append(links, polygon(cx-step/2, y, r*0.32, 4, 0)...)
		}
	}
	// A hairline through the band ties the stars together.
	d.rect(c, x0, y-r*0.06, x1-x0, r*0.12)
	d.fill(c, stars)
	d.fill(c, links)
	d.fill(ground, holes)
	d.fill(c, cores)
}

// divider is a short rule with a star in its middle, between title and subtitle.
func (d *design) divider(c, ground rgb, cx, y, halfWidth, r float64) {
	d.rect(c, cx-halfWidth, y-r*0.07, halfWidth*2, r*0.14)
	d.fill(ground, polygon(cx, y, r*1.45, 8, math.Pi/8))
	d.fill(c, star(cx, y, r))
	d.fill(ground, star(cx, y, r*0.7))
	d.fill(c, star(cx, y, r*0.36))
}

// hAlign places a line horizontally in its box.
type hAlign int

const (
	alignCenter hAlign = iota
	alignStart         // the side the text starts on: right for RTL
)

// block is a laid-out paragraph measured by its ink.
type block struct {
	lines []text.Line
	// per line: ink extents relative to the line's left edge and baseline (y down)
	ink     []box
	advance float64 // baseline-to-baseline distance
	size    float64
	missing []text.MissingRune
}

// box is an axis-aligned rectangle, y down.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) empty() bool { return b.x1 < b.x0 || b.y1 < b.y0 }

func (b box) union(o box) box {
	if b.empty() {
		return o
	}
	if o.empty() {
		return b
	}
	return box{math.Min(b.x0, o.x0), math.Min(b.y0, o.y0), math.Max(b.x1, o.x1), math.Max(b.y1, o.y1)}
}

// noBox is the empty box, the identity of union.
func noBox() box { return box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)} }

// height is the ink height of the block when its baselines are advance apart.
func (b *block) height() float64 {
	all := noBox()
	for i, ink := range b.ink {
		if !ink.empty() {
			off := b.advance * float64(i)
			all = all.union(box{ink.x0, ink.y0 + off, ink.x1, ink.y1 + off})
		}
	}
	if all.empty() {
		return 0
	}
	return all.y1 - all.y0
}

// evenness is the shortest line's ink width over the longest's: 1 for a
// single line, near 0 for a lonely word under a long line.
func (b *block) evenness() float64 {
	lo, hi := math.Inf(1), 0.0
	for _, ink := range b.ink {
		if !ink.empty() {
			lo, hi = math.Min(lo, ink.x1-ink.x0), math.Max(hi, ink.x1-ink.x0)
		}
	}
	if hi == 0 {
		return 1
	}
	return lo / hi
}

// width is the widest line's ink.
func (b *block) width() float64 {
	w := 0.0
	for _, ink := range b.ink {
		if !ink.empty() {
			w = math.Max(w, ink.x1-ink.x0)
		}
	}
	return w
}

// setter lays out cover texts with the engine and measures glyph ink, caching
// outline bounds per face and glyph.
type setter struct {
	e      *text.Engine
	dir    text.Direction
	lang   string
	bounds map[glyphKey]box // in font units, y up
}

type glyphKey struct {
	face *text.Face
	gid  uint16
}

// glyphBox returns a glyph's outline bounds in font units (y up), empty for
// glyphs with no outline (spaces).
func (s *setter) glyphBox(f *text.Face, gid uint16) box {
	k := glyphKey{f, gid}
	if b, ok := s.bounds[k]; ok {
		return b
	}
	b := noBox()
	if ff := f.Font(); ff != nil {
		if out, ok := ff.GlyphDataOutline(font.GID(gid)); ok {
			for _, sg := range out.Segments {
				for _, p := range sg.ArgsSlice() {
					b = b.union(box{float64(p.X), float64(p.Y), float64(p.X), float64(p.Y)})
				}
			}
		}
	}
	s.bounds[k] = b
	return b
}

// lineInk returns the ink of a line relative to its left edge and baseline, y down.
func (s *setter) lineInk(l text.Line) box {
	ink := noBox()
	for _, r := range l.Runs {
		if r.Face == nil || r.Face.UnitsPerEm == 0 {
			continue
		}
		k := r.Style.Size / float64(r.Face.UnitsPerEm)
		for _, g := range r.Glyphs {
			gb := s.glyphBox(r.Face, g.GID)
			if gb.empty() {
				continue
			}
			ink = ink.union(box{
				x0: g.X + gb.x0*k, x1: g.X + gb.x1*k,
				y0: -(g.Y + r.Style.Rise + gb.y1*k), y1: -(g.Y + r.Style.Rise + gb.y0*k),
			})
		}
	}
	return ink
}

// set lays out str at st.Size as one paragraph no wider than width.
func (s *setter) set(str string, st text.Style, width, leading float64) *block {
	p := text.Paragraph{
		Spans: []text.Span{{Text: str, Style: st}},
		Dir:   s.dir,
		Lang:  s.lang,
		Align: text.Center,
	}
	out := s.e.Layout(p, width)
	b := &block{lines: out.Lines, advance: st.Size * leading, size: st.Size, missing: out.Missing}
	for _, l := range out.Lines {
		b.ink = append(b.ink, s.lineInk(l))
	}
	return b
}

// unbroken is a measure wide enough that a cover line never breaks.
const unbroken = 1e5

// advance is the total advance of str set on one line at st.Size.
func (s *setter) advance(str string, st text.Style) float64 {
	b := s.set(str, st, unbroken, 1)
	w := 0.0
	for _, l := range b.lines {
		for _, r := range l.Runs {
			for _, g := range r.Glyphs {
				w += g.Advance
			}
		}
	}
	return w
}

// setLines lays out each of lines as its own line, at st.Size.
func (s *setter) setLines(lines []string, st text.Style, leading float64) *block {
	b := &block{advance: st.Size * leading, size: st.Size}
	for _, str := range lines {
		one := s.set(str, st, unbroken, leading)
		b.missing = append(b.missing, one.missing...)
		b.lines = append(b.lines, one.lines...)
		b.ink = append(b.ink, one.ink...)
	}
	return b
}

// maxTitleLines bounds the line counts fit tries.
const maxTitleLines = 10

// piece is a unit the cover may break lines between: a word, or the part of
// a hyphenated compound up to and including its hyphen.
type piece struct {
	text  string
	glued bool // follows the previous piece with no space (after a hyphen)
}

// pieces splits str at spaces and after hyphens and slashes inside words,
// where line breaks are allowed (UAX #14 classes BA and SY, the ones titles use).
func pieces(str string) []piece {
	var out []piece
	for _, w := range strings.Fields(str) {
		glued := false
		for w != "" {
			// A break needs something on both sides ("-x-" stays whole) and
			// comes after a run of breaking characters ("https://" stays whole).
			const breakers = "-\u2010\u2013/"
			i := strings.IndexAny(w[1:], breakers) + 1
			if i == 0 {
				out = append(out, piece{w, glued})
				break
			}
			for i < len(w) {
				r, n := utf8.DecodeRuneInString(w[i:])
				if !strings.ContainsRune(breakers, r) {
					break
				}
				i += n
			}
			if i == len(w) {
				out = append(out, piece{w, glued})
				break
			}
			out = append(out, piece{w[:i], glued})
			w, glued = w[i:], true
		}
	}
	return out
}

// fit sets str as large as it fits w x h (at most maxSize), in balanced
// lines. Cover texts are short, so the cover breaks them itself: for each
// line count it splits the text so that the widest line is as narrow as
// possible and the lines are as even as possible (not greedy filling, which
// leaves a lonely last word), and the size then follows from the measured
// ink, since shaping scales linearly with size. Of the line counts, the one
// with the best size times the square root of evenness wins. The text always
// fits: a long one gets small rather than overflow.
func (s *setter) fit(str string, st text.Style, w, h, maxSize, leading float64) *block {
	ps := pieces(str)
	if len(ps) == 0 {
		return &block{}
	}
	// Piece and space advances per unit of size.
	const ref = 100.0
	st.Size = ref
	adv := make([]float64, len(ps))
	for i, p := range ps {
		adv[i] = s.advance(p.text, st) / ref
	}
	space := s.advance(ps[0].text+" "+ps[0].text, st)/ref - 2*adv[0]

	fits := func(b *block) bool { return b.width() <= w && b.height() <= h }
	var cands []*block // by line count
	for n := 1; n <= len(ps) && n <= maxTitleLines; n++ {
		lines := balanced(ps, adv, space, n)
		st.Size = ref
		b := s.setLines(lines, st, leading)
		size := maxSize
		if bw := b.width(); bw > 0 {
			size = math.Min(size, ref*w/bw)
		}
		if bh := b.height(); bh > 0 {
			size = math.Min(size, ref*h/bh)
		}
		st.Size = size
		b = s.setLines(lines, st, leading)
		// Shaping is linear in size, so this rarely runs more than once; it
		// guards against rounding in the engine.
		for i := 0; i < 8 && !fits(b); i++ {
			size *= math.Min(w/b.width(), h/b.height()) * 0.999
			st.Size = size
			b = s.setLines(lines, st, leading)
		}
		cands = append(cands, b)
		if size >= maxSize {
			break // more lines cannot make it larger
		}
	}
	// Size alone would stack words into ragged towers; evenness alone would
	// set long lines small. Their product picks, e.g., "Notes from the /
	// Bookseller's Lane" over a larger "Notes from the / Bookseller's / Lane".
	var best *block
	bestScore := 0.0
	for _, b := range cands {
		if !fits(b) {
			continue
		}
		if sc := b.size * math.Sqrt(b.evenness()); sc > bestScore {
			best, bestScore = b, sc
		}
	}
	if best != nil {
		return best
	}
	return cands[0] // unreachable unless the engine returns no ink at all
}

// balanced splits ps into n lines: first the smallest possible widest line,
// then, among splits within 1% of it, the most even line widths.
func balanced(ps []piece, adv []float64, space float64, n int) []string {
	m := len(ps)
	width := func(i, j int) float64 { // ps[i:j] on one line
		w := adv[i]
		for k := i + 1; k < j; k++ {
			w += adv[k]
			if !ps[k].glued {
				w += space
			}
		}
		return w
	}
	inf := math.Inf(1)
	// mx[k][j]: the smallest widest line setting ps[:j] in k lines.
	mx := make([][]float64, n+1)
	for k := range mx {
		mx[k] = make([]float64, m+1)
		for j := range mx[k] {
			mx[k][j] = inf
		}
	}
	mx[0][0] = 0
	for k := 1; k <= n; k++ {
		for j := k; j <= m; j++ {
			for i := k - 1; i < j; i++ {
				if v := math.Max(mx[k-1][i], width(i, j)); v < mx[k][j] {
					mx[k][j] = v
				}
			}
		}
	}
	limit := mx[n][m] * 1.01
	mean := width(0, m) / float64(n)
	// ev[k][j]: the least squared deviation from the mean, lines under limit.
	ev := make([][]float64, n+1)
	from := make([][]int, n+1)
	for k := range ev {
		ev[k] = make([]float64, m+1)
		from[k] = make([]int, m+1)
		for j := range ev[k] {
			ev[k][j] = inf
		}
	}
	ev[0][0] = 0
	for k := 1; k <= n; k++ {
		for j := k; j <= m; j++ {
			for i := k - 1; i < j; i++ {
				lw := width(i, j)
				if lw > limit || ev[k-1][i] == inf {
					continue
				}
				// On a tie the later split wins: longer lines first, the
				// inverted pyramid of title pages.
				if v := ev[k-1][i] + (lw-mean)*(lw-mean); v <= ev[k][j] {
					ev[k][j], from[k][j] = v, i
				}
			}
		}
	}
	lines := make([]string, n)
	for k, j := n, m; k > 0; k-- {
		i := from[k][j]
		var sb strings.Builder
		for x, p := range ps[i:j] {
			if x > 0 && !p.glued {
				sb.WriteByte(' ')
			}
			sb.WriteString(p.text)
		}
		lines[k-1] = sb.String()
		j = i
	}
	return lines
}

// place puts a block's lines on the page: the ink's top at y, each line
// aligned within [x0, x1]. It returns the y of the ink's bottom.
func (d *design) place(b *block, c rgb, x0, x1, y float64, align hAlign, rtl bool) float64 {
	if len(b.lines) == 0 {
		return y
	}
	top := math.Inf(1)
	for i, ink := range b.ink {
		if !ink.empty() {
			top = math.Min(top, ink.y0+b.advance*float64(i))
		}
	}
	base := y - top
	d.groups++
	for i, l := range b.lines {
		ink := b.ink[i]
		if ink.empty() {
			continue
		}
		var lx float64
		switch {
		case align == alignCenter:
			lx = (x0+x1)/2 - (ink.x0+ink.x1)/2
		case rtl:
			lx = x1 - ink.x1
		default:
			lx = x0 - ink.x0
		}
		d.items = append(d.items, item{text: &textLine{group: d.groups, color: c, x: lx, y: base + b.advance*float64(i), line: l}})
	}
	return y + b.height()
}

// content is the text a generated cover shows.
type content struct {
	title, subtitle, authors, imprint string
	rtl                               bool
}

func makeContent(title, subtitle string, authors []string, publisher string, year int, lang string, rtl, nativeDigits bool) content {
	loc := locale.For(lang)
	c := content{
		title:    strings.Join(strings.Fields(title), " "),
		subtitle: strings.Join(strings.Fields(subtitle), " "),
		authors:  loc.Join(authors),
		rtl:      rtl,
	}
	imprint := strings.TrimSpace(publisher)
	if year > 0 {
		if imprint != "" {
			imprint += " · "
		}
		imprint += loc.Number(year, nativeDigits)
	}
	c.imprint = imprint
	return c
}

// report is what laying out a cover found worth telling the editor.
type report struct {
	missing   []text.MissingRune
	titleSize float64 // in design units: a fraction of designWidth
}

// generated lays out a typographic cover at the given aspect (height/width).
func generated(s *setter, ct content, pal palette, style string, aspect float64) (*design, report) {
	W := designWidth
	H := W * aspect
	g := &generator{s: s, ct: ct, pal: pal, W: W, H: H, d: &design{w: W, h: H, bg: pal.bg}} // the back ends paint bg first
	g.d.safe = [4]float64{coverMargin, coverMargin, W - coverMargin, H - coverMargin}
	g.x0, g.x1 = coverMargin, W-coverMargin
	g.gap = 0.03 * H
	// The small texts have fixed sizes, shrunk only when they cannot fit.
	g.sub = g.small(ct.subtitle, text.Style{Role: text.Body}, 46, 0.11*H)
	g.authors = g.small(ct.authors, text.Style{Role: text.Heading}, 44, 0.075*H)
	g.imprint = g.small(ct.imprint, text.Style{Role: text.Body}, 30, 0.05*H)
	switch style {
	case "band":
		g.band()
	case "minimal":
		g.minimal()
	default:
		g.classic()
	}
	return g.d, g.rep
}

// coverMargin is how close text may come to an edge of the cover.
const coverMargin = 110.0

// generator lays out one generated cover: the texts set once, then placed
// by the style.
type generator struct {
	s                     *setter
	ct                    content
	pal                   palette
	d                     *design
	rep                   report
	W, H, x0, x1, gap     float64
	sub, authors, imprint *block
}

// keep records what a set block could not draw, for the report.
func (g *generator) keep(b *block) *block {
	g.rep.missing = append(g.rep.missing, b.missing...)
	return b
}

func (g *generator) small(str string, st text.Style, size, maxH float64) *block {
	if str == "" {
		return &block{}
	}
	return g.keep(g.s.fit(str, st, g.x1-g.x0, maxH, size, 1.45))
}

// title sets the title in the heading face, as large as fits.
func (g *generator) title(width, maxH, size float64) *block {
	t := g.keep(g.s.fit(g.ct.title, text.Style{Role: text.Heading, Bold: true}, width, maxH, size, 1.3))
	g.rep.titleSize = t.size
	return t
}

// band: a wide band of the text colour carries the title in the ground colour.
func (g *generator) band() {
	d, pal, ct, W, H, x0, x1 := g.d, g.pal, g.ct, g.W, g.H, g.x0, g.x1
	bandTop, bandBottom := 0.26*H, 0.64*H
	d.rect(pal.fg, 0, bandTop, W, bandBottom-bandTop)
	d.rect(pal.accent, 0, bandTop-0.012*H, W, 0.004*H)
	d.rect(pal.accent, 0, bandBottom+0.008*H, W, 0.004*H)
	inner := 0.05 * H
	title := g.title(x1-x0, bandBottom-bandTop-2*inner, 150)
	d.place(title, pal.bg, x0, x1, (bandTop+bandBottom)/2-title.height()/2, alignCenter, ct.rtl)
	if ct.authors != "" {
		d.place(g.authors, pal.fg, x0, x1, 0.16*H-g.authors.height()/2, alignCenter, ct.rtl)
	}
	if ct.subtitle != "" {
		d.place(g.sub, pal.fg, x0, x1, bandBottom+0.06*H, alignCenter, ct.rtl)
	}
	d.starBand(pal.accent, pal.bg, x0, x1, 0.86*H-0.035*H, 14)
	d.place(g.imprint, pal.fg, x0, x1, 0.88*H, alignCenter, ct.rtl)
}

// minimal: flush to the starting side, a short accent rule, lots of ground.
func (g *generator) minimal() {
	d, pal, ct, W, H, x0, x1 := g.d, g.pal, g.ct, g.W, g.H, g.x0, g.x1
	title := g.title(x1-x0, 0.42*H, 140)
	y := d.place(title, pal.fg, x0, x1, 0.14*H, alignStart, ct.rtl)
	y += g.gap
	rw := 0.22 * W
	rx := x0
	if ct.rtl {
		rx = x1 - rw
	}
	d.rect(pal.accent, rx, y, rw, 0.006*H)
	y += 0.006*H + g.gap
	if ct.subtitle != "" {
		d.place(g.sub, pal.fg, x0, x1, y, alignStart, ct.rtl)
	}
	if ct.authors != "" {
		d.place(g.authors, pal.fg, x0, x1, 0.80*H-g.authors.height(), alignStart, ct.rtl)
	}
	d.place(g.imprint, mix(pal.bg, pal.fg, 0.75), x0, x1, 0.86*H, alignStart, ct.rtl)
}

// classic: a double frame, star bands above and below, the title group
// centred between them, authors and imprint at the foot.
func (g *generator) classic() {
	d, pal, ct, W, H, x0, x1, gap := g.d, g.pal, g.ct, g.W, g.H, g.x0, g.x1, g.gap
	d.frame(pal.accent, 40, 40, W-80, H-80, 6)
	d.frame(pal.accent, 58, 58, W-116, H-116, 2)
	d.starBand(pal.accent, pal.bg, x0, x1, 0.12*H, 20)
	d.starBand(pal.accent, pal.bg, x0, x1, 0.80*H, 20)
	areaTop, areaBottom := 0.16*H, 0.62*H
	divH := 0.0
	if ct.subtitle != "" {
		divH = 2*gap + 40
	}
	// The title keeps further from the frame than the small texts.
	title := g.title(x1-x0-80, areaBottom-areaTop-divH-g.sub.height(), 150)
	group := title.height() + divH + g.sub.height()
	y := areaTop + (areaBottom-areaTop-group)/2
	y = d.place(title, pal.fg, x0, x1, y, alignCenter, ct.rtl)
	if ct.subtitle != "" {
		d.divider(pal.accent, pal.bg, W/2, y+gap+20, 0.16*W, 14)
		d.place(g.sub, pal.fg, x0, x1, y+divH, alignCenter, ct.rtl)
	}
	if ct.authors != "" {
		d.place(g.authors, pal.fg, x0, x1, 0.70*H-g.authors.height()/2, alignCenter, ct.rtl)
	}
	d.place(g.imprint, pal.fg, x0, x1, 0.855*H, alignCenter, ct.rtl)
}
