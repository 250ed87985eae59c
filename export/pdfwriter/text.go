package pdfwriter

import (
	"cmp"
	"math"
	"slices"
	"unicode"
	"unicode/utf8"
)

// ShowGlyphs draws one line; glyphs are given in reading order.
//
// Drawing shaped right-to-left text so that it renders exactly as shaped AND
// copies out in reading order from pdf.js, poppler and MuPDF needs the
// encoding measured in shared/research/pdf-text-extraction.md. The three
// extractors key on different things:
//
//   - MuPDF (1.21) emits characters in content-stream order and never
//     reorders; it ignores /ActualText and drops invisible text (Tr 3). So
//     glyphs are written in READING order, each moved to its place with a TJ
//     number, and every visible glyph gets a ToUnicode entry (a glyph without
//     one becomes U+FFFD and splits a word).
//   - pdf.js cuts the stream into pieces at backward jumps of more than 0.2 em
//     and at every marked-content operator, reverses pieces that are mostly
//     RTL, and turns a forward gap of 0.1 em or more into a space. Gap-free
//     widths (below) leave no spurious gaps; an empty /Span BMC EMC between
//     RTL glyphs that move back by less than 0.25 em stops it merging two
//     glyphs into one piece that it would then reverse. It reads invisible
//     text, but skips a glyph whose text ends in a format character (without
//     moving its pen), gives a glyph whose text holds a mark no advance, and
//     drops a whitespace glyph that a backward jump follows.
//   - poppler sorts by position, guesses direction, and honours /ActualText:
//     it lays the characters of an /ActualText left to right across the box
//     from the span's first glyph's origin to its last glyph's end, then
//     reverses the right-to-left runs of the line.
//
// What that means for each kind of glyph, with what was measured (pdf.js 4.10,
// poppler 22.12, MuPDF 1.21; extractscore.py and harakat.py on the samples,
// 4,300 words of which 565 carry harakat, and on the fully vocalised article
// of testdata/books/mixed, 179 such words):
//
//   - A letter and the harakat on it (and the glyphs of its cluster that stand
//     for no character) share one /ActualText holding their characters in
//     REVERSE order, which poppler's reversal puts back. So do a letter and
//     the letters after it that are drawn no further left than it (Nastaliq
//     draws the jeem of «تجربے» at the teh's own origin in the regular face
//     and right of it in the bold): poppler orders by position, so it copied
//     «جتربے»; in the span it copies the span's text instead. poppler used to get
//     the marks hidden (an empty /ActualText, since it misplaced a zero-width
//     mark on its own) and copied 0 of the 565 words with their marks; now
//     565 of 565, and 179 of 179, with words copied unchanged in all three.
//     The span ends with an invisible, zero-width glyph at the letter's right
//     edge mapped to ZWJ, so poppler's box is the letter's: a mark ending the
//     span shrank the box and poppler split words ("الْوَ رَّاقُ"). pdf.js
//     skips that glyph (a format character) and MuPDF drops it (invisible).
//     Widening the last mark's /W instead cost pdf.js 5 points on the
//     vocalised article: it gives a mark no advance, so its pen drifted.
//   - A space in right-to-left text is visible as a plain space, which
//     MuPDF copies. pdf.js would drop it (a backward jump follows every such
//     space), so an invisible glyph after it carries RLM + space, which pdf.js
//     keeps as text and MuPDF drops. Before, the visible space carried the
//     RLM, and MuPDF's copy held 4,414 of them on the samples that the source
//     lacks; now none, with the same scores. pdf.js's copy keeps its RLMs (one
//     per space): without a character it does not take for white space it
//     joins the words. For poppler the space is in an /ActualText: a plain
//     space, with an RLM on the side of a Latin or digit neighbour (below).
//   - A glyph that stands for no character (a kashida the font inserts, the
//     second glyph of a cluster) maps to ZWJ: with no mapping, or an empty
//     one, MuPDF writes U+FFFD and pdf.js loses the word (96.4% instead of
//     98.7% on the samples), so MuPDF's copy holds these ZWJs (111 on the
//     samples), invisible and ignored by search.
//
// The caller's positions are kept exactly: the font's /W widths only decide
// where the pen is after a glyph, and a TJ number moves it to the next
// glyph's origin.
func (p *Page) ShowGlyphs(glyphs []Glyph) {
	if len(glyphs) == 0 {
		return
	}
	for i := range glyphs {
		if g := &glyphs[i]; g.Font == nil || g.Font.doc != p.doc || !(g.Size > 0) || math.IsInf(g.Size, 0) {
			return // nothing sensible to draw; the layout never sends this
		}
	}
	b := p.body()
	y0 := baseline(glyphs)
	// The emitter, the line writer and their slices are the document's,
	// reused from line to line (pages are drawn one at a time). The line
	// is written into the emitter's slice, and that to the page at the end.
	sc := &p.doc.lines
	sc.e = textEmitter{page: p, base: b.Len(), y0: y0, color: Color{-1, -1, -1}, out: sc.e.out[:0]}
	e := &sc.e
	// The text matrix is set once, at the first glyph's origin; everything
	// else is relative moves inside TJ arrays, which is what keeps one line
	// one unit for the extractors.
	x0 := glyphs[0].X
	e.pen = x0
	e.out = append(e.out, "q BT\n1 0 0 1 "...)
	e.out = appendNum(e.out, x0, 3)
	e.out = append(e.out, ' ')
	e.out = appendNum(e.out, y0, 3)
	e.out = append(e.out, " Tm\n"...)
	sc.widths = appendGapFreeWidths(sc.widths[:0], &sc.idx, glyphs)
	sc.texts = appendFoldedTexts(sc.texts[:0], glyphs)
	sc.facts = appendTextFacts(sc.facts[:0], glyphs, sc.texts)
	sc.groups = appendExtractionGroups(sc.groups[:0], glyphs, sc.texts, sc.facts)
	sc.l = lineWriter{e: e, sc: sc, glyphs: glyphs, widths: sc.widths, texts: sc.texts, facts: sc.facts, groups: sc.groups, end: -1}
	l := &sc.l
	for i := range glyphs {
		l.glyph(i)
	}
	e.setSpan(textSpan{})
	e.flush()
	if e.invisible {
		e.out = append(e.out, "0 Tr\n"...)
	}
	e.out = append(e.out, "ET Q\n"...)
	b.Write(e.out)
	clear(sc.texts) // let the glyphs' strings go
	sc.l, sc.e.page, sc.e.cur, sc.e.prevSp = lineWriter{}, nil, nil, nil
}

// lineScratch is what ShowGlyphs reuses from one line to the next.
type lineScratch struct {
	e      textEmitter
	l      lineWriter
	widths []float64
	idx    []int
	texts  []string
	facts  []textFacts
	groups []int32
	// the /ActualText strings being made (groupText, lineWriter.glyph)
	join, group, wrap []byte
	runes             []rune
}

// lineWriter writes the glyphs of one line in reading order.
type lineWriter struct {
	e      *textEmitter
	sc     *lineScratch // the document's, for the /ActualText strings
	glyphs []Glyph
	widths []float64   // gap-free
	texts  []string    // from appendFoldedTexts
	facts  []textFacts // from appendTextFacts
	groups []int32     // from appendExtractionGroups
	// start and end are the group (a letter with its harakat, or with the
	// letters drawn no further left) being written, end -1 outside one;
	// right is the group's right edge.
	start, end int
	right      float64
}

// glyph writes glyph i, with the helpers and marked content it needs.
func (l *lineWriter) glyph(i int) {
	g, e := &l.glyphs[i], l.e
	if i >= l.end {
		e.setSpan(textSpan{g.Lang, g.Elem}) // never inside a letter's group
	}
	text := l.texts[i]
	if end := int(l.groups[i]); end > 0 {
		e.openActual(l.sc.groupText(l.texts[i:end]))
		l.start, l.end, l.right = i, end, g.X+l.widths[i]
		for k := i + 1; k < end; k++ {
			if isSpacing(&l.glyphs[k]) && l.texts[k] != "" {
				l.right = max(l.right, l.glyphs[k].X+l.widths[k])
			}
		}
	}
	inGroup := i < l.end
	facts := l.facts[i]
	space := g.RTL && facts.kind&factSpace != 0
	textless := text == ""
	var rest []rune
	switch {
	case textless:
		text = "\u200d" // see above: MuPDF needs a character
	case g.RTL && facts.kind&factSeveral != 0:
		// pdf.js reverses every right-to-left piece, and each RTL
		// glyph is a piece of its own here, so a glyph standing for
		// several characters (a lam-alef-hamza-fatha ligature) would
		// come out reversed; and a text containing a mark makes pdf.js
		// treat the glyph as a zero-width diacritic glued to the piece
		// before. So the glyph carries its first character and each
		// other character follows as a helper (below).
		r := []rune(text)
		text, rest = string(r[0]), r[1:]
	}
	var wrap []byte
	switch {
	case inGroup:
		// poppler reads the group's /ActualText; a nested one would
		// replace it.
	case space:
		// poppler lays out by position and honours /ActualText: it
		// gets a plain space. After Latin or digits (neutrals such as a
		// comma in between) it also gets a trailing RLM, or its bidi
		// pass pulls the space into the number or Latin run ('R1ثم').
		// Likewise a leading RLM when Latin or a number follows, or it
		// pulls the space and the punctuation before it into that run
		// ('مقلوبة: 2025' came out as 'مقلوبة2025 :').
		lead, trail := isLTRClass(nextStrong(l.glyphs[i+1:])), isLTRClass(e.prevStrong)
		if g.Text == " " && !lead && !trail {
			wrap = spaceActual // the common case, in PDFDocEncoding
			break
		}
		wrap = append(l.sc.wrap[:0], "<FEFF"...)
		if lead {
			wrap = append(wrap, "200F"...)
		}
		wrap = appendUTF16Hex(wrap, g.Text)
		if trail {
			wrap = append(wrap, "200F"...)
		}
		wrap = append(wrap, '>')
		l.sc.wrap = wrap
	case g.Mark || textless || (g.Advance == 0 && invisibleText(text)):
		// Marks outside a group, ZWJ and zero-width format characters
		// (ZWNJ): empty /ActualText hides them from poppler, which places
		// characters by position and misplaces a zero-width one (a ZWNJ
		// even split a Persian line in three), while MuPDF and pdf.js
		// read the ToUnicode text; the marked-content boundary also keeps
		// pdf.js from merging the mark into the neighbouring piece. A
		// zero-advance glyph standing for a letter (the alef of Noto
		// Naskh's lam-alef) stays visible.
		wrap = emptyActual
	}
	// Inside a group a mark gets a plain marked-content sequence of its
	// own, the boundary pdf.js needs, and the group's span is one already
	// for its first glyph; a later letter of the group may need the guard.
	guard := (!inGroup || i > l.start) && isSpacing(g) && !textless && g.RTL && e.prevSp != nil && e.prevSp.RTL
	own := inGroup && g.Mark
	x := g.X
	if g.RTL && !g.Mark && g.Advance == 0 {
		// A zero-advance glyph often shares its origin with the next
		// glyph to its right (Noto Naskh's alef of lam-alef). A
		// thousandth of a point to the left, invisible at any
		// resolution, keeps HarfBuzz's visual order for readers that
		// sort glyphs by position, instead of leaving it to a tie.
		x -= 0.001
	}
	e.show(g, x, text, l.widths[i], wrap, guard, own, false)
	if space {
		// pdf.js's invisible RLM + space, after the space and hidden from
		// poppler by an empty /ActualText of its own: inside the space's
		// span it would end the box poppler measures (its first glyph's
		// origin to its last glyph's end), and MuPDF let a few through
		// when it came before the space. Measured smaller, once deflated,
		// than any arrangement without the second span.
		l.hidden(g, g.X, rlm(g.Text), emptyActual)
	}
	for k, r := range rest {
		// Helpers: a glyph without outline (the space, usually) with
		// width 0, one character each, each in its own marked-content
		// sequence so pdf.js makes it a piece of its own. MuPDF reads
		// them in stream order after the glyph; poppler sorts by
		// position, so each helper sits a little further left, which
		// is later in an RTL line. Marks outside a group stay hidden
		// from poppler as above. Only a font without an empty glyph
		// draws the glyph itself, invisibly (Tr 3), which MuPDF drops.
		var w []byte
		if runeClass(r)&runeMn != 0 && !inGroup {
			w = emptyActual
		}
		h := *g
		if g.Font.blank >= 0 {
			h.GID = uint16(g.Font.blank)
		}
		e.show(&h, g.X-float64(k+1)*0.01*g.Size, string(r), 0, w, false, true, g.Font.blank < 0)
	}
	if isSpacing(g) && !textless {
		e.prevSp = g
	}
	if inGroup && i == l.end-1 {
		l.hidden(g, l.right, "\u200d", nil) // see above: the end of poppler's box
		e.closeActual()
	}
	if facts.strong != 0 {
		e.prevStrong = facts.strong
	}
}

// hidden draws an invisible, zero-width glyph (the font's empty glyph, or
// g's own) at x standing for text: what MuPDF drops and pdf.js reads.
func (l *lineWriter) hidden(g *Glyph, x float64, text string, wrap []byte) {
	h := *g
	if g.Font.blank >= 0 {
		h.GID = uint16(g.Font.blank)
	}
	l.e.show(&h, x, text, 0, wrap, false, false, true)
}

// rlm is the text of pdf.js's invisible space: RLM and the space.
func rlm(space string) string {
	if space == " " {
		return "\u200f "
	}
	return "\u200f" + space
}

// appendExtractionGroups appends to out, for glyphs and their texts, the
// right-to-left letters that poppler cannot copy from their glyphs alone,
// with what follows them in reading order: the harakat on a letter (or a letter and its mark shaped as one glyph), and
// the letters drawn at or right of the spacing glyph before them, which
// poppler, ordering by position, would put first. At a group's first glyph
// it holds the index after the group, which also takes the glyphs of its
// clusters that stand for no character; 0 elsewhere.
func appendExtractionGroups(out []int32, glyphs []Glyph, texts []string, facts []textFacts) []int32 {
	base := len(out)
	out = append(out, make([]int32, len(glyphs))...)
	res := out[base:]
	letter := func(j int) bool {
		return glyphs[j].RTL && isSpacing(&glyphs[j]) && texts[j] != "" && facts[j].kind&factSpace == 0
	}
	for i := 0; i < len(glyphs); i++ {
		if !letter(i) {
			continue
		}
		j, prev, back := i+1, i, false
		for ; j < len(glyphs); j++ {
			if glyphs[j].RTL && (glyphs[j].Mark || texts[j] == "") {
				continue
			}
			// The position first: in a right-to-left line the next
			// letter is drawn further left, and letter is the dearer test.
			if glyphs[j].X <= glyphs[prev].X-posEpsilon || !letter(j) {
				break
			}
			back, prev = true, j
		}
		if back || anyMn(facts[i:j]) {
			res[i] = int32(j)
			i = j - 1
		}
	}
	return out
}

// anyMn reports whether any of the texts holds a non-spacing mark.
func anyMn(facts []textFacts) bool {
	for _, f := range facts {
		if f.kind&factMn != 0 {
			return true
		}
	}
	return false
}

// textFacts is what ShowGlyphs asks of a glyph's text (from
// appendFoldedTexts) and of its own (Glyph.Text): found in one pass over
// the characters of each, where asking each question with a loop of its
// own decoded a line's characters five times.
type textFacts struct {
	kind uint8 // factSpace, factSeveral, factMn: of the folded text
	// strong is the last character of the glyph's own text that is not
	// neutral for bidi (isStrong), or 0.
	strong rune
}

const (
	factSpace   = 1 << iota // white space only (isSpaceText)
	factSeveral             // more than one character
	factMn                  // holds a non-spacing mark
)

// appendTextFacts appends to out the facts of each glyph's folded text
// (texts) and own text.
func appendTextFacts(out []textFacts, glyphs []Glyph, texts []string) []textFacts {
	base := len(out)
	out = append(out, make([]textFacts, len(glyphs))...)
	facts := out[base:]
	for i := range glyphs {
		t := texts[i]
		f := &facts[i]
		f.kind, f.strong = factsOf(t)
		if own := glyphs[i].Text; own != t {
			_, f.strong = factsOf(own)
		}
	}
	return out
}

// factsOf returns s's kind (textFacts) and its last strong character.
func factsOf(s string) (kind uint8, strong rune) {
	if s == "" {
		return 0, 0
	}
	kind = factSpace
	n := 0
	for k := 0; k < len(s); n++ {
		// Most characters are ASCII or take two bytes (Arabic, Hebrew,
		// their marks): decoded here, the others by utf8.
		var r rune
		if c := s[k]; c < utf8.RuneSelf {
			r = rune(c)
			k++
		} else if c >= 0xc2 && c < 0xe0 && k+1 < len(s) && s[k+1]&0xc0 == 0x80 {
			r = rune(c&0x1f)<<6 | rune(s[k+1]&0x3f)
			k += 2
		} else {
			var size int
			r, size = utf8.DecodeRuneInString(s[k:])
			k += size
		}
		c := runeClass(r)
		if c&runeSpace == 0 {
			kind &^= factSpace
		}
		if c&runeMn != 0 {
			kind |= factMn
		}
		if c&runeStrong != 0 {
			strong = r
		}
	}
	if n > 1 {
		kind |= factSeveral
	}
	return kind, strong
}

// posEpsilon (pt) is how close two origins must be to count as one place:
// shaping's sums of advances differ in their last bits.
const posEpsilon = 0.001

// emptyActual is an empty /ActualText string, and spaceActual one holding a
// space. A text string without the UTF-16 byte order mark is in
// PDFDocEncoding (7.9.2.2), which is ASCII from the space to the tilde: the
// literal strings are the hex ones' text in fewer bytes ("()" for "<FEFF>",
// "( )" for "<FEFF0020>"), and there are some 250 of them on a page.
var (
	emptyActual = []byte("()")
	spaceActual = []byte("( )")
)

// groupText is the /ActualText string of a group of glyphs (openActual):
// their texts joined, in reverse order of their characters, in UTF-16BE.
func (sc *lineScratch) groupText(texts []string) []byte {
	j := sc.join[:0]
	for _, t := range texts {
		j = append(j, t...)
	}
	r := sc.runes[:0]
	for _, c := range string(j) {
		r = append(r, c)
	}
	slices.Reverse(r)
	h := append(sc.group[:0], "<FEFF"...)
	for _, c := range r {
		h = appendUTF16HexRune(h, c)
	}
	h = append(h, '>')
	sc.join, sc.runes, sc.group = j, r, h
	return h
}

// textEmitter writes the glyphs of one line, tracking the text state so
// operators are written only when something changes.
type textEmitter struct {
	page *Page
	// out is the line's content, written to the page's at its end; base
	// is the page content's length before it (for the recording's holes).
	out       []byte
	base      int
	inTJ      bool // out ends inside a TJ array
	y0        float64
	cur       *fontInstance
	size      float64
	color     Color
	rise      float64
	invisible bool    // text rendering mode 3
	pen       float64 // where the next glyph would be drawn without a TJ number
	prevSp    *Glyph  // previous spacing glyph with text, for the pdf.js guard
	// span is the open language or element span (tagged PDF only; structure.go).
	span textSpan
	// prevStrong is the last character before this glyph, in reading
	// order, that is not a neutral (space, punctuation) for bidi.
	prevStrong rune
	// bound is true when a marked-content operator was written after the
	// last glyph: pdf.js starts a new piece there already.
	bound bool
}

// writeNums writes the numbers separated by spaces, then op.
func (e *textEmitter) writeNums(op string, v ...float64) {
	for i, x := range v {
		if i > 0 {
			e.out = append(e.out, ' ')
		}
		e.out = appendNum(e.out, x, 3)
	}
	e.out = append(e.out, op...)
}

// openTJ starts a TJ array, unless one is open.
func (e *textEmitter) openTJ() {
	if !e.inTJ {
		e.out = append(e.out, '[')
		e.inTJ = true
	}
}

// flush ends the TJ array, if one is open.
func (e *textEmitter) flush() {
	if e.inTJ {
		e.out = append(e.out, "] TJ\n"...)
		e.inTJ = false
	}
}

// openActual starts a marked-content span with /ActualText hex (a <...>
// string) around the glyphs that follow; closeActual ends it.
func (e *textEmitter) openActual(hex []byte) {
	e.flush()
	e.out = e.page.appendSpanOpen(e.out)
	e.out = append(e.out, "/ActualText "...)
	e.out = append(e.out, hex...)
	e.out = append(e.out, ">> BDC\n"...)
	e.bound = true
}

func (e *textEmitter) closeActual() {
	e.flush()
	e.out = append(e.out, "EMC\n"...)
	e.bound = true
}

// show draws glyph g at x with the given text and gap-free width (pt);
// wrap is an /ActualText hex string to enclose it in ("" none); guard asks
// for the pdf.js piece guard when the move back is short; helper puts it in
// a marked-content sequence of its own; invisible draws it with Tr 3.
func (e *textEmitter) show(g *Glyph, x float64, text string, width float64, wrap []byte, guard, helper, invisible bool) {
	// A cascade font draws the offset in the glyph (SetCascade): the text
	// stays on the baseline.
	rise, dy := 0.0, int16(0)
	if g.Y != e.y0 { // most glyphs sit on the baseline: no rounding
		rise = round3(g.Y - e.y0)
	}
	if g.Font.cascade && rise != 0 {
		dy = int16(max(min(math.Round(rise/g.Size*float64(g.Font.sfnt.unitsPerEm)), math.MaxInt16), math.MinInt16))
		rise = 0
	}
	k := cidKey{g.GID, dy, text, widthUnits(width, g.Size)}
	in, cid := g.Font.cid(k.gid, k.dy, k.text, k.width)
	rec, key := e.page.recording(), 0
	if rec != nil {
		key = rec.glyph(g.Font, k, in, cid)
	}
	if g.Color != e.color {
		e.flush()
		e.writeNums(" rg\n", clamp01(g.Color.R), clamp01(g.Color.G), clamp01(g.Color.B))
		e.color = g.Color
	}
	if in != e.cur || g.Size != e.size {
		e.page.fonts[in] = true // once for the glyphs drawn with it from here
		e.flush()
		e.out = append(e.out, '/')
		if rec != nil {
			rec.holes = append(rec.holes, hole{off: int32(e.base + len(e.out)), kind: holeRes, key: int32(key), n: int32(len(in.res))})
		}
		e.out = append(e.out, in.res...)
		e.out = append(e.out, ' ')
		e.writeNums(" Tf\n", g.Size)
		e.cur, e.size = in, g.Size
	}
	if invisible != e.invisible {
		e.flush()
		if invisible {
			e.out = append(e.out, "3 Tr\n"...)
		} else {
			e.out = append(e.out, "0 Tr\n"...)
		}
		e.invisible = invisible
	}
	// Vertical offsets (mark positioning, superscripts) use the text rise,
	// so the text matrix and the extractors' idea of the line stay put.
	if rise != e.rise {
		e.flush()
		e.writeNums(" Ts\n", rise)
		e.rise = rise
	}
	move := x - e.pen
	// pdf.js guard: two RTL spacing glyphs whose jump back is under
	// 0.25 em could land in one pdf.js piece that it then reverses; an
	// empty marked-content sequence forces a piece boundary. Where a
	// marked-content operator follows the last glyph already (after a
	// space's spans, before a word's first letter), or the glyph opens a
	// sequence of its own, the piece ends there anyway: a guard there
	// added 4% to a page's content and an MCID to the structure tree, and
	// changed nothing any extractor copies.
	if guard && move > -0.25*g.Size && !e.bound && wrap == nil && !helper {
		e.flush()
		e.out = e.page.appendEmptySpan(e.out)
	}
	switch {
	case wrap != nil:
		e.flush()
		e.out = e.page.appendSpanOpen(e.out)
		e.out = append(e.out, "/ActualText "...)
		e.out = append(e.out, wrap...)
		e.out = append(e.out, ">> BDC\n"...)
	case helper:
		e.flush()
		e.out = e.page.appendSpan(e.out)
	}
	e.openTJ()
	// TJ number: thousandths of text space, positive moves left.
	if n := -move * 1000 / g.Size; math.Abs(n) >= 0.05 {
		// appendNum's fast path called here, its checks and its call
		// left to the numbers that path refuses (appendNumFast
		// appends nothing then): one for nearly every glyph.
		var ok bool
		if e.out, ok = appendNumFast(e.out, n, 2); !ok {
			e.out = appendNum(e.out, n, 2)
		}
		e.out = append(e.out, ' ')
		e.pen = x
	}
	if rec != nil {
		rec.holes = append(rec.holes, hole{off: int32(e.base + len(e.out) + 1), kind: holeCode, key: int32(key), n: 4})
	}
	e.out = appendHex4(e.out, cid)
	e.pen += float64(in.width[cid]) * g.Size / 1000
	if wrap != nil || helper {
		e.flush()
		e.out = append(e.out, "EMC\n"...)
		e.bound = true
	} else {
		e.out = append(e.out, ' ')
		e.bound = false
	}
}

// isSpacing reports whether a glyph takes room on the line: not a mark, and
// with an advance.
func isSpacing(g *Glyph) bool { return !g.Mark && g.Advance != 0 }

// appendFoldedTexts appends to out the glyphs' texts, with the text of a
// zero-advance RTL glyph that stands for a letter (Noto Naskh draws lam-alef
// as a lam carrying the advance and an alef with none) moved onto the
// spacing glyph before it in reading order. Drawn by itself with no width,
// such a letter broke poppler's line building; as part of the spacing
// glyph's text it is written like a ligature's (see ShowGlyphs).
func appendFoldedTexts(out []string, glyphs []Glyph) []string {
	base := len(out)
	out = append(out, make([]string, len(glyphs))...)
	texts := out[base:]
	last := -1 // previous spacing RTL glyph with text
	for i := range glyphs {
		g := &glyphs[i]
		texts[i] = g.Text
		switch {
		case g.RTL && g.Advance == 0 && !g.Mark && g.Text != "" && !invisibleText(g.Text) && !isSpaceText(g.Text) && last >= 0:
			texts[last] += g.Text
			texts[i] = ""
		case g.RTL && isSpacing(g) && g.Text != "":
			last = i
		case !g.Mark && g.Advance != 0:
			last = -1
		}
	}
	return out
}

// invisibleText reports whether s is only marks and format characters.
func invisibleText(s string) bool {
	for _, r := range s {
		if runeClass(r)&runeInvisible == 0 {
			return false
		}
	}
	return true
}

// isSpaceText reports whether s is white space only (unicode.IsSpace),
// without a table lookup for a letter: called for every glyph several
// times, it was 2% of a 1,000-article PDF.
func isSpaceText(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c != ' ' && (c < '\t' || c > '\r') {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		// Above ASCII, the white space is U+0085, U+00A0 and from U+1680.
		if r < 0x1680 && r != 0x85 && r != 0xa0 || !unicode.IsSpace(r) {
			return false
		}
		i += n
	}
	return true
}

// isLTRClass reports whether r is a strong left-to-right character or a
// European digit: the neighbours that make poppler pull a space into an LTR run.
func isLTRClass(r rune) bool {
	return r != 0 && runeClass(r)&runeLTR != 0
}

// nextStrong returns the first character of the glyphs' texts that is not
// neutral for bidi, or 0.
func nextStrong(glyphs []Glyph) rune {
	for i := range glyphs {
		for _, r := range glyphs[i].Text {
			if isStrong(r) {
				return r
			}
		}
	}
	return 0
}

func isStrong(r rune) bool { return runeClass(r)&runeStrong != 0 }

// gapFreeWidths returns, for each glyph, the width its CID gets: for a
// spacing glyph with text, the distance from where it is drawn to where the
// next such glyph to its right is drawn (for the rightmost, to the right
// edge of the glyphs); zero for marks and text-less glyphs. With these widths
// the glyph boxes tile the line without gaps or overlaps, so no extractor
// sees a space inside a word, while TJ numbers still put every glyph exactly
// where shaping did. Of two right-to-left glyphs drawn at one place (Noto
// Nastaliq's teh and the jeem after it), the first in reading order is the
// one on the right, as it is read.
func gapFreeWidths(glyphs []Glyph) []float64 {
	var idx []int
	return appendGapFreeWidths(nil, &idx, glyphs)
}

// appendGapFreeWidths appends gapFreeWidths' result to out, with *idx as
// its scratch.
func appendGapFreeWidths(out []float64, idxp *[]int, glyphs []Glyph) []float64 {
	base := len(out)
	out = append(out, make([]float64, len(glyphs))...)
	w := out[base:]
	idx := (*idxp)[:0]
	edge := math.Inf(-1)
	for i := range glyphs {
		if g := &glyphs[i]; isSpacing(g) && g.Text != "" {
			idx = append(idx, i)
			edge = max(edge, g.X+g.Advance)
		}
	}
	tie := func(i int) int { // reading order, reversed for RTL
		if glyphs[i].RTL {
			return -i
		}
		return i
	}
	// By X, then reading order: a total order, so the result is the one
	// any sort gives. A line of one direction comes in that order, or in
	// its reverse (right to left): checking for those first leaves the
	// sort, and its comparisons by a function value, to mixed lines.
	before := func(a, b int) bool {
		if xa, xb := glyphs[a].X, glyphs[b].X; xa != xb {
			return xa < xb
		}
		return tie(a) < tie(b)
	}
	switch {
	case sortedBy(idx, before):
	case sortedBy(idx, func(a, b int) bool { return before(b, a) }):
		slices.Reverse(idx)
	default:
		slices.SortFunc(idx, func(a, b int) int {
			ga, gb := &glyphs[a], &glyphs[b]
			if ga.X != gb.X {
				if ga.X < gb.X {
					return -1
				}
				return 1
			}
			return cmp.Compare(tie(a), tie(b))
		})
	}
	for k, i := range idx {
		if k+1 < len(idx) {
			w[i] = glyphs[idx[k+1]].X - glyphs[i].X
		} else {
			// A Nastaliq letter can have a negative advance: its
			// box still ends at the glyphs' right edge.
			w[i] = max(edge-glyphs[i].X, 0)
		}
	}
	*idxp = idx
	return out
}

// sortedBy reports whether each of idx comes before the next by before.
func sortedBy(idx []int, before func(a, b int) bool) bool {
	for k := 1; k < len(idx); k++ {
		if !before(idx[k-1], idx[k]) {
			return false
		}
	}
	return true
}

// widthUnits converts a width in pt at size to whole /W units (1/1000 em):
// whole units keep the number of distinct CIDs small; the TJ numbers absorb
// the rounding.
func widthUnits(w, size float64) int32 {
	u := math.Round(w * 1000 / size)
	if u > 1e6 || u < -1e6 || u != u {
		return 0
	}
	return int32(u)
}

// baseline is the most common y among the spacing glyphs: the line's
// baseline, from which marks and superscripts are offset with Ts.
func baseline(glyphs []Glyph) float64 {
	// Most lines have their spacing glyphs on one height: the count
	// below then ends at the last of them.
	one, last, seen := true, 0.0, false
	for i := range glyphs {
		if g := &glyphs[i]; isSpacing(g) {
			if seen && g.Y != last || g.Y != g.Y {
				one = false
				break
			}
			last, seen = g.Y, true
		}
	}
	if one && seen {
		return last
	}
	count := map[float64]int{}
	best, bestN := glyphs[0].Y, 0
	for i := range glyphs {
		if !isSpacing(&glyphs[i]) {
			continue
		}
		y := glyphs[i].Y
		count[y]++
		if n := count[y]; n > bestN || (n == bestN && y < best) {
			best, bestN = y, n
		}
	}
	return best
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

func clamp01(v float64) float64 {
	if !(v >= 0) {
		return 0
	}
	return math.Min(v, 1)
}

func appendHex4(b []byte, v uint16) []byte {
	const hexdigits = "0123456789ABCDEF"
	return append(b, '<', hexdigits[v>>12], hexdigits[v>>8&15], hexdigits[v>>4&15], hexdigits[v&15], '>')
}
