package markdown

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"

	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/locale"
)

// The mixed-script pass: after lowering, every block's inline content is
// read once more, as the characters a reader sees, and three things are
// made explicit in the model so that every format shows them the same way.
// The README's "Latin inside Arabic" section says the same for users.
//
// Quotation marks. A quotation is a pair of marks, straight or curly, of
// one family (double: " “ ” „ « », single: ' ‘ ’ ‚ ‹ ›). Whether a mark
// opens or closes is read from its neighbours (a space or an opening
// bracket before it and a letter after it opens), and only where both
// sides agree from its shape; a straight mark between two letters (צה"ל,
// an inch) is no quotation mark, and a single one is an apostrophe (’).
//   - In Arabic, Persian and Urdu text every quotation is marked « » and a
//     quotation inside it with the language's inner marks (“ ”), whatever
//     was typed.
//   - A quotation of two or more Latin words that outnumber the others,
//     inside text in another script, keeps the marks of its own language
//     (English “ ” and ‘ ’ inside, or those of the span's lang), and is set
//     apart as a whole, left to right, marks included.
//   - In other languages a quotation keeps the kind that was typed (double
//     or single) and takes the language's marks of that kind.
//
// Isolation. In right-to-left text, a left-to-right token (a run of Latin
// letters and digits with the symbols that belong to it: C++, C#, .NET,
// Node.js, x86-64, an e-mail address, a URL, a path, #tag, @handle) is set
// apart so that it reads as typed: the bidi algorithm would otherwise give
// its leading and trailing symbols the paragraph's direction ("++C").
// Tokens next to each other with only spaces and Latin punctuation between
// them form one stretch ("Hello, world"; "Go 1.26"); an Arabic letter, an
// Arabic comma or guillemets end it, and brackets and a number after a name
// are kept with it. A number before a Latin word is not: "16 GB" reads from
// right to left like the rest of the sentence. Numbers alone are left to
// the bidi algorithm, which already shows them the way Arabic readers
// expect (37.5% as %37.5, 2025/03/15, 10:30, 1.2.3, a range 813-833 read
// from right to left), except Latin digits joined by hyphens in three or
// more parts or after a sign (2025-03-15, +966-50-123-4567, -5), which it
// would reverse piece by piece, and which are set apart too. In
// left-to-right text it is the other way round: each run of Arabic or
// Hebrew words is set apart right to left, so a number or a mark after it
// stays in the sentence's order. The stretch becomes a doc.Span with Dir,
// which formats show as an isolate (HTML's dir, the text engine's
// Isolates).
//
// Binding. No line may break inside a token that has a hyphen, slash or
// other break opportunity (USB-C, QwQ-32B, DeepSeek/R1) when it is at most
// 24 characters long (URLs and longer tokens may still break), nor between
// a name and the version or model number after it (Go 1.26, Qwen 2.5,
// Windows 11, DeepSeek R1, DeepSeek / R1), with a short capitalised word
// after the number (iPhone 16 Pro). A name starts with a capital or has one
// inside (macOS); a version starts with a digit or is a short mix of
// letters and digits (R1, H100). Bound stretches are doc.Span.NoBreak.
//
// No character is added or removed by isolation and binding: copying or
// searching the book gives back what was typed. Code spans, note
// references and images are left alone, and a span with a direction of its
// own is read as a piece of text in that direction.

// objectRune stands for an inline that is not text (code, an image, a note
// reference, a span the author gave a direction) in a flattened unit.
const objectRune = '\uFFFC'

// maxBound is the longest token, in characters, kept from breaking.
const maxBound = 24

// mixScripts runs the mixed-script pass over a document whose language is
// lang.
func mixScripts(d *doc.Document, lang string) {
	m := &mixer{made: map[*doc.Span]bool{}}
	c := mixCtx{lang: lang, rtl: locale.Direction(lang) == "rtl"}
	m.blocks(d.Blocks, c)
	for _, n := range d.Notes {
		m.blocks(n.Blocks, c)
	}
}

type mixCtx struct {
	lang  string
	rtl   bool
	bound bool // inside a span kept on one line already
}

type mixer struct {
	// made are the spans this pass made in the unit being rewritten: their
	// content is still part of the unit's text.
	made map[*doc.Span]bool
}

func (m *mixer) blocks(bs []doc.Block, c mixCtx) {
	for _, b := range bs {
		switch x := b.(type) {
		case *doc.Paragraph:
			x.Content = m.inlines(x.Content, c)
		case *doc.Heading:
			x.Content = m.inlines(x.Content, c)
		case *doc.Quote:
			m.blocks(x.Blocks, c)
		case *doc.List:
			for _, it := range x.Items {
				m.blocks(it.Blocks, c)
			}
		case *doc.Table:
			for _, rows := range [][]*doc.Row{x.Head, x.Body} {
				for _, r := range rows {
					for _, cell := range r.Cells {
						cell.Content = m.inlines(cell.Content, c)
					}
				}
			}
		case *doc.Figure:
			x.Caption = m.inlines(x.Caption, c)
		case *doc.Div:
			dc := c
			if x.Lang != "" {
				dc.lang = x.Lang
			}
			switch x.Dir {
			case "rtl":
				dc.rtl = true
			case "ltr":
				dc.rtl = false
			}
			m.blocks(x.Blocks, dc)
		case *doc.DefList:
			for _, it := range x.Items {
				it.Term = m.inlines(it.Term, c)
				for _, d := range it.Defs {
					m.blocks(d, c)
				}
			}
		}
	}
}

// inlines rewrites one unit of inline content: its quotation marks, then
// its isolates and bound stretches.
func (m *mixer) inlines(in []doc.Inline, c mixCtx) []doc.Inline {
	if len(in) == 0 {
		return in
	}
	m.nested(in, c)
	u := m.flatten(in)
	latin := u.quotes(c.lang)
	u = m.flatten(in) // the marks may have changed length
	clear(m.made)
	in = m.apply(in, u.plan(c.rtl, c.bound, latin))
	clear(m.made)
	return in
}

// nested rewrites the spans the author gave a direction of their own, each
// as a unit in that direction.
func (m *mixer) nested(in []doc.Inline, c mixCtx) {
	for _, n := range in {
		switch x := n.(type) {
		case *doc.Span:
			if x.Kind == doc.Code || x.Kind == doc.Kbd {
				continue
			}
			sc := c
			if x.Lang != "" {
				sc.lang = x.Lang
			}
			if x.Dir == "" {
				sc.bound = c.bound || x.NoBreak
				m.nested(x.Content, sc)
				continue
			}
			switch x.Dir {
			case "rtl":
				sc.rtl = true
			case "ltr":
				sc.rtl = false
			default: // auto: the first strong letter's
				sc.rtl = firstStrongRTL(doc.PlainText(x.Content), c.rtl)
			}
			sc.bound = c.bound || x.NoBreak
			x.Content = m.inlines(x.Content, sc)
		case *doc.Link:
			m.nested(x.Content, c)
		}
	}
}

func firstStrongRTL(s string, def bool) bool {
	for _, r := range s {
		switch {
		case isRTLLetter(r):
			return true
		case isLTRLetter(r):
			return false
		}
	}
	return def
}

// opaque reports a span whose content is not part of the unit's text: code
// (set apart left to right by every format) and a span with a direction of
// its own, unless this pass made it.
func (m *mixer) opaque(s *doc.Span) bool {
	return s.Kind == doc.Code || s.Kind == doc.Kbd || (s.Dir != "" && !m.made[s])
}

// unit is one stretch of inline content read as characters: the text of
// its Text nodes, objectRune for each inline that is not text and '\n' for
// a line break.
type unit struct {
	r     []rune
	marks map[int]textAt // where each quotation mark is in its Text node
	langs []langAt       // where the language changes, in order
	bound [][2]int       // the spans kept on one line already
}

type textAt struct {
	t   *doc.Text
	off int // byte offset in t.Text
}

type langAt struct {
	from int
	lang string
}

// lang is the language of character i ("" for the unit's).
func (u *unit) lang(i int) string {
	k := sort.Search(len(u.langs), func(k int) bool { return u.langs[k].from > i })
	if k == 0 {
		return ""
	}
	return u.langs[k-1].lang
}

func (m *mixer) flatten(in []doc.Inline) *unit {
	u := &unit{marks: map[int]textAt{}}
	m.flattenTo(u, in, "")
	return u
}

func (m *mixer) flattenTo(u *unit, in []doc.Inline, lang string) {
	setLang := func(l string) {
		if n := len(u.langs); n > 0 && u.langs[n-1].from == len(u.r) {
			u.langs[n-1].lang = l
		} else if n > 0 && u.langs[n-1].lang == l || n == 0 && l == "" {
			return
		} else {
			u.langs = append(u.langs, langAt{len(u.r), l})
		}
	}
	for _, n := range in {
		switch x := n.(type) {
		case *doc.Text:
			for off, r := range x.Text {
				if _, q := quoteFamily[r]; q {
					u.marks[len(u.r)] = textAt{x, off}
				}
				u.r = append(u.r, r)
			}
		case *doc.Span:
			if m.opaque(x) {
				u.r = append(u.r, objectRune)
				continue
			}
			from := len(u.r)
			if x.Lang == "" || x.Lang == lang {
				m.flattenTo(u, x.Content, lang)
			} else {
				setLang(x.Lang)
				m.flattenTo(u, x.Content, x.Lang)
				setLang(lang)
			}
			if x.NoBreak {
				u.bound = append(u.bound, [2]int{from, len(u.r)})
			}
		case *doc.Link:
			m.flattenTo(u, x.Content, lang)
		case *doc.Break:
			u.r = append(u.r, '\n')
		default:
			u.r = append(u.r, objectRune)
		}
	}
}

// size is how many characters an inline stands for in its unit.
func (m *mixer) size(n doc.Inline) int {
	switch x := n.(type) {
	case *doc.Text:
		return utf8.RuneCountInString(x.Text)
	case *doc.Span:
		if m.opaque(x) {
			return 1
		}
		return m.sizeOf(x.Content)
	case *doc.Link:
		return m.sizeOf(x.Content)
	}
	return 1
}

func (m *mixer) sizeOf(in []doc.Inline) int {
	n := 0
	for _, x := range in {
		n += m.size(x)
	}
	return n
}

// Character classes.

func bidiClass(r rune) bidi.Class {
	p, _ := bidi.LookupRune(r)
	return p.Class()
}

// isLTRLetter reports a letter (or spacing mark) written left to right.
func isLTRLetter(r rune) bool {
	return r > ' ' && r != objectRune && bidiClass(r) == bidi.L && (unicode.IsLetter(r) || unicode.IsMark(r))
}

// isRTLLetter reports a character written right to left (Arabic, Hebrew).
func isRTLLetter(r rune) bool {
	c := bidiClass(r)
	return c == bidi.R || c == bidi.AL
}

func isDigit(r rune) bool { return unicode.IsDigit(r) }

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

// isAlnumLTR reports a character a left-to-right token is made of.
func isAlnumLTR(r rune) bool { return isLTRLetter(r) || isDigit(r) }

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == objectRune
}

// endsLatin reports a character that ends a left-to-right stretch: an
// Arabic or Hebrew letter, Arabic punctuation, guillemets, a line break or
// an inline that is not text.
func endsLatin(r rune) bool {
	return isRTLLetter(r) || (r >= 0x600 && r <= 0x6FF) || r == 0xFD3E || r == 0xFD3F ||
		strings.ContainsRune("«»‹›\n", r) || r == objectRune
}

// Quotation marks.

// quoteFamily is 'd' for double marks and 's' for single ones.
var quoteFamily = map[rune]byte{
	'"': 'd', '“': 'd', '”': 'd', '„': 'd', '‟': 'd', '«': 'd', '»': 'd',
	'\'': 's', '‘': 's', '’': 's', '‚': 's', '‛': 's', '‹': 's', '›': 's',
}

type quoteRole int

const (
	notQuote quoteRole = iota
	roleOpen
	roleClose
	roleApostrophe
)

// neighbour is the nearest character before (step -1) or after (step 1)
// position i that is not a quotation mark; a space beyond the unit's ends.
func (u *unit) neighbour(i, step int) rune {
	for j := i + step; j >= 0 && j < len(u.r); j += step {
		if _, q := quoteFamily[u.r[j]]; !q {
			return u.r[j]
		}
	}
	return ' '
}

// role says what the quotation mark at i does.
func (u *unit) role(i int) quoteRole {
	c := u.r[i]
	fam := quoteFamily[c]
	prev, next := ' ', ' '
	if i > 0 {
		prev = u.r[i-1]
	}
	if i+1 < len(u.r) {
		next = u.r[i+1]
	}
	if isWordRune(prev) && isWordRune(next) {
		if u.afterProclitic(i) {
			return roleOpen // و"باز": a one-letter Arabic word joined to the quotation
		}
		// Between two characters of text (not an object: a code span, a
		// word set apart) a single mark is an apostrophe, a straight
		// double one no quotation mark.
		text := prev != objectRune && next != objectRune
		if fam == 's' && text {
			return roleApostrophe // don’t, O’Reilly
		}
		if c == '"' && text {
			return notQuote // צה"ל, 21"
		}
	}
	before := u.neighbour(i, -1)
	after := u.neighbour(i, 1)
	open := unicode.IsSpace(before) || strings.ContainsRune("([{<-–—/\u00a0", before)
	shut := unicode.IsSpace(after) || (unicode.IsPunct(after) && !strings.ContainsRune("([{¿¡", after)) ||
		(unicode.IsSymbol(after) && after != objectRune)
	switch {
	case open && !shut:
		return roleOpen
	case shut && !open:
		return roleClose
	}
	switch c {
	case '“', '‘', '«', '‹', '„', '‚', '‛', '‟':
		return roleOpen
	case '”', '»', '›':
		return roleClose
	case '’':
		if isWordRune(prev) && !shut {
			return roleApostrophe
		}
		return roleClose
	}
	return notQuote
}

// afterProclitic reports a quotation mark at i right after a one-letter
// Arabic proclitic (و ف ب ك ل) that starts a word.
func (u *unit) afterProclitic(i int) bool {
	if i == 0 || !strings.ContainsRune("وفبكل", u.r[i-1]) {
		return false
	}
	return (i == 1 || !isWordRune(u.r[i-2])) && i+1 < len(u.r) && (unicode.IsLetter(u.r[i+1]) || u.r[i+1] == objectRune)
}

type quotePair struct {
	open, close int
	fam         byte
	parent      int // index of the enclosing pair, -1 at the top
	lang        string
	latin       bool
}

// quotes pairs the unit's quotation marks and rewrites them by the rules
// above, for text in language lang. It returns the Latin quotations, as
// character ranges that include their marks.
func (u *unit) quotes(lang string) [][2]int {
	type mark struct {
		i    int
		role quoteRole
	}
	var marks []mark
	for i := range u.r {
		if _, ok := u.marks[i]; ok {
			if r := u.role(i); r != notQuote {
				marks = append(marks, mark{i, r})
			}
		}
	}
	if len(marks) == 0 {
		return nil
	}
	var pairs []quotePair
	var stack []int // open marks, indices into u.r
	paired := map[int]bool{}
	for _, mk := range marks {
		fam := quoteFamily[u.r[mk.i]]
		switch mk.role {
		case roleOpen:
			stack = append(stack, mk.i)
		case roleClose:
			for k := len(stack) - 1; k >= 0; k-- {
				if quoteFamily[u.r[stack[k]]] == fam {
					pairs = append(pairs, quotePair{open: stack[k], close: mk.i, fam: fam})
					paired[stack[k]], paired[mk.i] = true, true
					stack = stack[:k]
					break
				}
			}
		}
	}
	sort.Slice(pairs, func(a, b int) bool { return pairs[a].open < pairs[b].open })
	own := locale.For(lang)
	var outer []int // enclosing pairs, innermost last
	var latin [][2]int
	out := map[int]string{} // new marks by position
	for k := range pairs {
		p := &pairs[k]
		for len(outer) > 0 && pairs[outer[len(outer)-1]].close < p.open {
			outer = outer[:len(outer)-1]
		}
		p.parent = -1
		if len(outer) > 0 {
			p.parent = outer[len(outer)-1]
		}
		outer = append(outer, k)
		p.lang = u.lang(p.open)
		if p.lang == "" {
			p.lang = lang
		}
		switch {
		case own.Script == "Latn": // nothing to set apart in Latin text
		case p.parent >= 0 && pairs[p.parent].latin && u.mostlyLatin(p.open+1, p.close):
			// a quotation inside a Latin one is Latin too
			p.latin, p.lang = true, pairs[p.parent].lang
		case u.latinText(p.open+1, p.close):
			p.latin = true
			if locale.For(p.lang).Script != "Latn" {
				p.lang = "en" // no span says which language: English marks
			}
		}
		loc := locale.For(p.lang)
		inner := false
		if loc.Guillemets() || p.latin {
			level := 0
			for q := p.parent; q >= 0; q = pairs[q].parent {
				if pairs[q].lang == p.lang {
					level++
				}
			}
			inner = level%2 == 1
		} else {
			inner = p.fam == 's'
		}
		o, c := loc.Quotes.Open, loc.Quotes.Close
		if inner {
			o, c = loc.Quotes.InnerOpen, loc.Quotes.InnerClose
		}
		out[p.open], out[p.close] = o, c
		if p.latin && (p.parent < 0 || !pairs[p.parent].latin) {
			latin = append(latin, [2]int{p.open, p.close + 1})
		}
	}
	for _, mk := range marks {
		if paired[mk.i] {
			continue
		}
		fam := quoteFamily[u.r[mk.i]]
		switch {
		case mk.role == roleApostrophe:
			out[mk.i] = "’"
		case fam == 'd' && own.Guillemets() && mk.role == roleOpen:
			out[mk.i] = own.Quotes.Open
		case fam == 'd' && own.Guillemets() && mk.role == roleClose:
			out[mk.i] = own.Quotes.Close
		}
	}
	u.rewrite(out)
	return latin
}

// latinText reports whether the characters [a,b) are Latin: at least two
// words written left to right, more than the others.
func (u *unit) latinText(a, b int) bool {
	ltr, other := u.words(a, b)
	return ltr >= 2 && ltr > other
}

// mostlyLatin reports whether [a,b) has no fewer words written left to
// right than others.
func (u *unit) mostlyLatin(a, b int) bool {
	ltr, other := u.words(a, b)
	return ltr >= other
}

// words counts the words of [a,b) written left to right and the others.
func (u *unit) words(a, b int) (ltr, other int) {
	inWord := false
	for i := a; i < b; i++ {
		r := u.r[i]
		if !unicode.IsLetter(r) {
			if !unicode.IsMark(r) {
				inWord = false
			}
			continue
		}
		if !inWord {
			if isLTRLetter(r) {
				ltr++
			} else {
				other++
			}
		}
		inWord = true
	}
	return ltr, other
}

// rewrite replaces the characters at the given positions in their Text
// nodes, each node rebuilt once.
func (u *unit) rewrite(out map[int]string) {
	pos := make([]int, 0, len(out))
	for i, s := range out {
		if string(u.r[i]) != s {
			pos = append(pos, i)
		}
	}
	sort.Ints(pos)
	for k := 0; k < len(pos); {
		t := u.marks[pos[k]].t
		var b strings.Builder
		b.Grow(len(t.Text) + 8)
		last := 0
		for ; k < len(pos) && u.marks[pos[k]].t == t; k++ {
			off := u.marks[pos[k]].off
			_, n := utf8.DecodeRuneInString(t.Text[off:])
			b.WriteString(t.Text[last:off])
			b.WriteString(out[pos[k]])
			last = off + n
		}
		b.WriteString(t.Text[last:])
		t.Text = b.String()
	}
}

// Isolation and binding.

// op is a stretch of a unit to put in a span of its own.
type op struct {
	a, b    int    // characters
	dir     string // "ltr", "rtl", or "" for a bound stretch only
	noBreak bool
}

// ltrToken is a run of left-to-right letters and digits with the symbols
// that belong to it.
type ltrToken struct {
	a, b   int
	letter bool // holds a letter
	digit  bool // holds a digit
	url    bool
}

// plan lists the spans to make in a unit whose text is set right to left
// (rtl) or left to right; latin are its Latin quotations; a unit inside a
// span kept on one line (bound) binds nothing more.
func (u *unit) plan(rtl, bound bool, latin [][2]int) []op {
	hasRTL, hasLTR := false, false
	for _, r := range u.r {
		hasRTL = hasRTL || isRTLLetter(r)
		hasLTR = hasLTR || isLTRLetter(r)
	}
	// A block with no letter in its context's direction is read in the
	// other one, as the formats set it.
	if rtl && !hasRTL && hasLTR {
		rtl = false
	} else if !rtl && !hasLTR && hasRTL {
		rtl = true
	}
	var ops []op
	toks := u.tokens(0, len(u.r))
	if rtl {
		inQuote := func(t ltrToken) bool {
			for _, q := range latin {
				if t.a >= q[0] && t.b <= q[1] {
					return true
				}
			}
			return false
		}
		var outside []ltrToken
		for _, t := range toks {
			if !inQuote(t) {
				outside = append(outside, t)
			}
		}
		ops = append(ops, u.phrases(outside, latin)...)
		for _, q := range latin {
			ops = append(ops, op{a: q[0], b: q[1], dir: "ltr"})
			ops = append(ops, u.rtlRuns(q[0]+1, q[1]-1)...)
		}
	} else {
		ops = append(ops, u.rtlRuns(0, len(u.r))...)
	}
	if !bound {
		ops = append(ops, u.bindings(toks, ops, rtl)...)
	}
	return mergeOps(ops)
}

// tokens finds the left-to-right tokens in [lo,hi).
func (u *unit) tokens(lo, hi int) []ltrToken {
	var out []ltrToken
	for i := lo; i < hi; {
		if t, ok := u.urlAt(i, hi); ok {
			out = append(out, t)
			i = t.b
			continue
		}
		if !u.tokenStart(i, hi) {
			i++
			continue
		}
		t := ltrToken{a: i}
		j := i
		if !isAlnumLTR(u.r[j]) {
			j++ // a leading symbol: .NET, #tag, @name, /path, -5
		}
	scan:
		for j < hi {
			c := u.r[j]
			nextAlnum := u.alnumAhead(j+1, hi)
			switch {
			case isAlnumLTR(c):
				t.letter = t.letter || isLTRLetter(c)
				t.digit = t.digit || isDigit(c)
				j++
			case unicode.IsMark(c) && j > t.a && isLTRLetter(u.r[j-1]):
				j++
			case strings.ContainsRune(tokenJoiners, c) && nextAlnum:
				j++
			case c == ',' && j > t.a && isASCIIDigit(u.r[j-1]) && j+1 < hi && isASCIIDigit(u.r[j+1]):
				j++
			case c == '%' && j > t.a && isDigit(u.r[j-1]):
				j++
			case (c == '+' || c == '#') && j > t.a:
				k := j
				for k < hi && u.r[k] == c && k-j < 2 {
					k++
				}
				if k < hi && isWordRune(u.r[k]) {
					break scan
				}
				j = k // C++, C#, F#
				break scan
			default:
				break scan
			}
		}
		t.b = j
		if t.letter || t.digit {
			out = append(out, t)
		}
		i = max(j, i+1)
	}
	return out
}

// tokenStart reports whether a token starts at i: a left-to-right letter
// or digit that does not continue a word, or a leading symbol before one.
func (u *unit) tokenStart(i, hi int) bool {
	c := u.r[i]
	if p := u.base(i - 1); p >= 0 && isWordRune(u.r[p]) && !isRTLLetter(u.r[p]) && u.r[p] != objectRune {
		return false
	}
	if isAlnumLTR(c) {
		return true
	}
	if i+1 >= hi {
		return false
	}
	next := u.r[i+1]
	switch c {
	case '.', '#', '@', '/', '~', '\\':
		return u.alnumAhead(i+1, hi) && (i == 0 || !isAlnumLTR(u.r[i-1]))
	case '-', '+', '−':
		return isASCIIDigit(next) && (i == 0 || unicode.IsSpace(u.r[i-1]) || u.r[i-1] == '(')
	}
	return false
}

// alnumAhead reports a left-to-right letter or digit at i, or after at
// most two more of the symbols inside tokens (the "/." of ~/.config, the
// "\\" of C:\\Windows).
func (u *unit) alnumAhead(i, hi int) bool {
	for k := i; k < hi && k < i+3; k++ {
		if isAlnumLTR(u.r[k]) {
			return true
		}
		if !strings.ContainsRune(tokenJoiners, u.r[k]) {
			return false
		}
	}
	return false
}

// tokenJoiners are the symbols a token holds between its letters and
// digits.
const tokenJoiners = ".-_/:@&'’\\~+="

// base is the index of the character at or before i that is not a
// combining mark (the letter a haraka sits on), or -1.
func (u *unit) base(i int) int {
	for i >= 0 && unicode.IsMark(u.r[i]) {
		i--
	}
	return i
}

var urlPrefixes = []string{"https://", "http://", "ftp://", "mailto:", "www."}

// urlAt finds a URL starting at i: up to the next space, without the
// punctuation that ends the sentence around it.
func (u *unit) urlAt(i, hi int) (ltrToken, bool) {
	if c := unicode.ToLower(u.r[i]); c != 'h' && c != 'f' && c != 'm' && c != 'w' ||
		i > 0 && isWordRune(u.r[i-1]) && !isRTLLetter(u.r[i-1]) {
		return ltrToken{}, false
	}
	rest := string(u.r[i:min(hi, i+8)])
	found := false
	for _, p := range urlPrefixes {
		if len(rest) >= len(p) && strings.EqualFold(rest[:len(p)], p) {
			found = true
			break
		}
	}
	if !found {
		return ltrToken{}, false
	}
	j := i
	for j < hi && !unicode.IsSpace(u.r[j]) && u.r[j] != objectRune && !isRTLLetter(u.r[j]) && !strings.ContainsRune("«»‹›", u.r[j]) {
		j++
	}
	for j > i && strings.ContainsRune(".,;:!?)]}”’\"'", u.r[j-1]) {
		if u.r[j-1] == ')' && strings.Count(string(u.r[i:j]), "(") >= strings.Count(string(u.r[i:j]), ")") {
			break
		}
		j--
	}
	return ltrToken{a: i, b: j, letter: true, url: true}, j > i
}

// phrases are the left-to-right stretches of a right-to-left unit: from a
// token with a letter, over the tokens that follow it with only spaces and
// Latin punctuation between them, brackets kept whole; and the numbers
// joined by hyphens that the bidi algorithm would reverse.
func (u *unit) phrases(toks []ltrToken, latin [][2]int) []op {
	var ops []op
	stops := func(i int) bool {
		for _, q := range latin {
			if i >= q[0] && i < q[1] {
				return true
			}
		}
		return endsLatin(u.r[i])
	}
	joins := func(a, b int) bool {
		for i := a; i < b; i++ {
			if stops(i) {
				return false
			}
		}
		return true
	}
	end := 0
	for k := 0; k < len(toks); k++ {
		t := toks[k]
		if t.a < end {
			continue // inside the previous stretch
		}
		if !t.letter {
			if t.digit && u.reversedNumber(t) {
				ops = append(ops, op{a: t.a, b: t.b, dir: "ltr"})
				end = t.b
			}
			continue
		}
		a, b := t.a, t.b
		for k+1 < len(toks) && joins(b, toks[k+1].a) {
			k++
			b = toks[k].b
		}
		a, b = u.balance(a, b, stops)
		// brackets may have taken in more tokens
		for k+1 < len(toks) && toks[k+1].a < b {
			k++
			b = max(b, toks[k].b)
		}
		ops = append(ops, op{a: a, b: b, dir: "ltr"})
		end = b
	}
	return ops
}

// reversedNumber reports a number token that the bidi algorithm would show
// in pieces after an Arabic letter, piece by piece reversed, though it is
// one thing read left to right: Latin digits joined by hyphens in three or
// more parts (a date, 2025-03-15; a telephone number), or after a sign
// (+966, -5). Two numbers joined by one hyphen are a range (813-833, pages
// 12-15), which Arabic reads from right to left, as the bidi algorithm
// shows it (833-813), like a range written with an en dash.
func (u *unit) reversedNumber(t ltrToken) bool {
	if strings.ContainsRune("-+−", u.r[t.a]) {
		return true
	}
	hyphens := 0
	for i := t.a; i < t.b; i++ {
		if strings.ContainsRune("-+−", u.r[i]) && i+1 < t.b && isASCIIDigit(u.r[i+1]) {
			hyphens++
		}
	}
	return hyphens >= 2
}

var closerOf = map[rune]rune{')': '(', ']': '[', '}': '{'}
var openerOf = map[rune]rune{'(': ')', '[': ']', '{': '}'}

// balance widens [a,b) until the brackets inside it are paired, when the
// missing bracket is near enough (nothing that stops a stretch between).
func (u *unit) balance(a, b int, stops func(int) bool) (int, int) {
	for changed := true; changed; {
		changed = false
		var open []int
		for i := a; i < b; i++ {
			c := u.r[i]
			if _, ok := openerOf[c]; ok {
				open = append(open, i)
				continue
			}
			o, ok := closerOf[c]
			if !ok {
				continue
			}
			if n := len(open); n > 0 && u.r[open[n-1]] == o {
				open = open[:n-1]
				continue
			}
			for j := a - 1; j >= 0 && !stops(j); j-- {
				if u.r[j] == o {
					a, changed = j, true
					break
				}
			}
			if changed {
				break
			}
		}
		if changed {
			continue
		}
		for k := len(open) - 1; k >= 0; k-- {
			want := openerOf[u.r[open[k]]]
			for j := b; j < len(u.r) && !stops(j); j++ {
				if u.r[j] == want {
					b, changed = j+1, true
					break
				}
			}
			if changed {
				break
			}
		}
	}
	return a, b
}

// rtlRuns are the right-to-left stretches of [lo,hi) in a left-to-right
// unit: from an Arabic or Hebrew letter to the last one before a Latin
// letter or a line break, their marks included, brackets kept whole.
func (u *unit) rtlRuns(lo, hi int) []op {
	var ops []op
	stops := func(i int) bool {
		return i < lo || i >= hi || isLTRLetter(u.r[i]) || u.r[i] == '\n' || u.r[i] == objectRune
	}
	for i := lo; i < hi; {
		if !isRTLLetter(u.r[i]) {
			i++
			continue
		}
		last := i
		for j := i + 1; j < hi && !stops(j); j++ {
			if isRTLLetter(u.r[j]) || (unicode.IsMark(u.r[j]) && last == j-1) || (u.r[j] == '\u200c' && last == j-1) {
				last = j
			}
		}
		a, b := u.balance(i, last+1, stops)
		ops = append(ops, op{a: a, b: b, dir: "rtl"})
		i = b
	}
	return ops
}

// bindings are the stretches kept on one line: tokens with a break
// opportunity inside, and names with the version after them. A stretch
// that would cross the edge of an isolate is left out. In left-to-right
// text a capital that starts a sentence does not make a name ("In 2025").
func (u *unit) bindings(toks []ltrToken, isolates []op, rtl bool) []op {
	var bound []op
	for k, t := range toks {
		if !t.url && t.b-t.a <= maxBound && u.breakable(t.a, t.b) {
			bound = append(bound, op{a: t.a, b: t.b, noBreak: true})
		}
		if k+1 >= len(toks) || !u.isName(t, !rtl && u.sentenceStart(t.a)) {
			continue
		}
		v := toks[k+1]
		if !u.gapIs(t.b, v.a, " ", " / ") || !u.isVersion(v) {
			continue
		}
		b := v.b
		if k+2 < len(toks) && u.gapIs(v.b, toks[k+2].a, " ") && u.isModelWord(toks[k+2]) {
			b = toks[k+2].b
		}
		if b-t.a <= 2*maxBound {
			bound = append(bound, op{a: t.a, b: b, noBreak: true})
		}
	}
	// Overlapping stretches bind as one.
	sort.Slice(bound, func(i, j int) bool { return bound[i].a < bound[j].a })
	var out []op
	for _, o := range bound {
		if n := len(out); n > 0 && o.a < out[n-1].b {
			out[n-1].b = max(out[n-1].b, o.b)
			continue
		}
		out = append(out, o)
	}
	// An isolate's edge strictly inside a stretch must belong to an
	// isolate the stretch holds whole.
	type edge struct{ at, a, b int }
	edges := make([]edge, 0, 2*len(isolates))
	for _, is := range isolates {
		edges = append(edges, edge{is.a, is.a, is.b}, edge{is.b, is.a, is.b})
	}
	sort.Slice(edges, func(i, j int) bool { return edges[i].at < edges[j].at })
	kept := out[:0]
	for _, o := range out {
		ok := true
		for _, b := range u.bound {
			ok = ok && !(o.a >= b[0] && o.b <= b[1])
		}
		k := sort.Search(len(edges), func(k int) bool { return edges[k].at > o.a })
		for ; k < len(edges) && edges[k].at < o.b; k++ {
			if e := edges[k]; e.a < o.a || e.b > o.b {
				ok = false
				break
			}
		}
		if ok {
			kept = append(kept, o)
		}
	}
	return kept
}

// breakable reports a stretch a line could break inside: one with a space,
// a hyphen or a dash, or a slash before a letter (between digits, as in
// 2025/03/15, no line-breaking rule breaks at one).
func (u *unit) breakable(a, b int) bool {
	for i := a; i < b; i++ {
		switch c := u.r[i]; {
		case strings.ContainsRune(" -\u2010\u2013\u2014", c):
			return true
		case (c == '/' || c == '\\') && i+1 < b && unicode.IsLetter(u.r[i+1]):
			return true
		}
	}
	return false
}

func (u *unit) gapIs(a, b int, seps ...string) bool {
	g := string(u.r[a:b])
	for _, s := range seps {
		if g == s {
			return true
		}
	}
	return false
}

// isName reports a token that can carry a version: it has a letter, and
// starts with a capital or has one inside (Go, DeepSeek, iPhone, macOS);
// only one inside when it starts a sentence.
func (u *unit) isName(t ltrToken, sentenceStart bool) bool {
	if !t.letter || t.url {
		return false
	}
	from := t.a
	if sentenceStart {
		from++
	}
	for i := from; i < t.b; i++ {
		if unicode.IsUpper(u.r[i]) {
			return true
		}
	}
	return false
}

// sentenceStart reports whether a sentence starts at i: nothing but
// spaces, brackets and quotation marks before it since the unit's start
// or a full stop, question or exclamation mark.
func (u *unit) sentenceStart(i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch c := u.r[j]; {
		case strings.ContainsRune(".!?\n", c):
			return true
		case unicode.IsSpace(c) || strings.ContainsRune("([“‘\"'", c):
		default:
			return false
		}
	}
	return true
}

// isVersion reports a version or model number: a token that starts with a
// digit (1.26, 11, 2.5, 4o) or a short one of letters and digits (R1, H100).
func (u *unit) isVersion(t ltrToken) bool {
	if !t.digit || t.url {
		return false
	}
	return isDigit(u.r[t.a]) || (t.b-t.a <= 6 && isLTRLetter(u.r[t.a]))
}

// isModelWord reports a short capitalised word after a version (Pro, Max,
// Ultra, SE, XL).
func (u *unit) isModelWord(t ltrToken) bool {
	if t.digit || t.url || t.b-t.a > 5 || !unicode.IsUpper(u.r[t.a]) {
		return false
	}
	for i := t.a; i < t.b; i++ {
		if !unicode.IsLetter(u.r[i]) {
			return false
		}
	}
	return true
}

// mergeOps sorts the ops by start, outer ones first, and makes ops over
// the same stretch one.
func mergeOps(ops []op) []op {
	sort.SliceStable(ops, func(i, j int) bool {
		if ops[i].a != ops[j].a {
			return ops[i].a < ops[j].a
		}
		return ops[i].b > ops[j].b
	})
	var out []op
	for _, o := range ops {
		if o.b <= o.a {
			continue
		}
		if n := len(out); n > 0 && out[n-1].a == o.a && out[n-1].b == o.b {
			if o.dir != "" {
				out[n-1].dir = o.dir
			}
			out[n-1].noBreak = out[n-1].noBreak || o.noBreak
			continue
		}
		out = append(out, o)
	}
	return out
}

// apply makes the spans of ops (sorted by mergeOps, each two nested or
// apart; characters counted in in) in one walk: an op that lies inside one
// span or link, or covers all of it, goes down into it; any other cuts the inlines where it
// starts and ends and puts what lies between into a new span, in which the
// ops inside it are applied in turn.
func (m *mixer) apply(in []doc.Inline, ops []op) []doc.Inline {
	if len(ops) == 0 {
		return in
	}
	type piece struct {
		n    doc.Inline
		s, e int
		down []op // ops inside this span or link, counted from s
	}
	pieces := make([]piece, 0, len(in))
	pos := 0
	for _, n := range in {
		l := m.size(n)
		pieces = append(pieces, piece{n: n, s: pos, e: pos + l})
		pos += l
	}
	find := func(x int) int { // the piece holding character x
		return sort.Search(len(pieces), func(k int) bool { return pieces[k].e > x })
	}
	// The ops not inside another, each with the ops inside it.
	type top struct {
		op
		inner []op
	}
	var tops []top
	for _, o := range ops {
		if n := len(tops); n > 0 && o.b <= tops[n-1].b {
			tops[n-1].inner = append(tops[n-1].inner, o)
			continue
		}
		tops = append(tops, top{op: o})
	}
	var here []top // the ops made at this level
	var cuts []int
	for _, t := range tops {
		k := find(t.a)
		if k == len(pieces) {
			continue
		}
		p := &pieces[k]
		if t.b <= p.e && m.transparent(p.n) {
			for _, o := range append([]op{t.op}, t.inner...) {
				o.a, o.b = o.a-p.s, o.b-p.s
				p.down = append(p.down, o)
			}
			continue
		}
		here = append(here, t)
		cuts = append(cuts, t.a, t.b)
	}
	// Cut the pieces where the ops made here start and end.
	sort.Ints(cuts)
	var cut []piece
	ci := 0
	for _, p := range pieces {
		for ci < len(cuts) && cuts[ci] <= p.s {
			ci++
		}
		var at []int // where p is cut, counted from p.s
		for ; ci < len(cuts) && cuts[ci] < p.e; ci++ {
			if n := len(at); n == 0 || at[n-1] != cuts[ci]-p.s {
				at = append(at, cuts[ci]-p.s)
			}
		}
		if len(at) == 0 {
			cut = append(cut, p)
			continue
		}
		parts := m.cutAt(p.n, at)
		bounds := append(append([]int{0}, at...), p.e-p.s)
		for k, n := range parts {
			q := piece{n: n, s: p.s + bounds[k], e: p.s + bounds[k+1]}
			for _, o := range p.down {
				if o.a >= bounds[k] && o.b <= bounds[k+1] {
					o.a, o.b = o.a-bounds[k], o.b-bounds[k]
					q.down = append(q.down, o)
				}
			}
			cut = append(cut, q)
		}
	}
	for i := range cut {
		if len(cut[i].down) > 0 {
			switch x := cut[i].n.(type) {
			case *doc.Span:
				x.Content = m.apply(x.Content, cut[i].down)
			case *doc.Link:
				x.Content = m.apply(x.Content, cut[i].down)
			}
		}
	}
	out := make([]doc.Inline, 0, len(cut))
	hi := 0
	for i := 0; i < len(cut); {
		if hi < len(here) && cut[i].s == here[hi].a {
			t := here[hi]
			sp := &doc.Span{Dir: t.dir, NoBreak: t.noBreak}
			m.made[sp] = true
			for ; i < len(cut) && cut[i].e <= t.b; i++ {
				sp.Content = append(sp.Content, cut[i].n)
			}
			inner := make([]op, len(t.inner))
			for k, o := range t.inner {
				inner[k] = op{a: o.a - t.a, b: o.b - t.a, dir: o.dir, noBreak: o.noBreak}
			}
			sp.Content = m.apply(sp.Content, inner)
			out = append(out, sp)
			hi++
			continue
		}
		out = append(out, cut[i].n)
		i++
	}
	return out
}

// transparent reports an inline whose content is part of the unit's text
// and can hold a new span: a link, or a span that is not opaque.
func (m *mixer) transparent(n doc.Inline) bool {
	switch x := n.(type) {
	case *doc.Link:
		return true
	case *doc.Span:
		return !m.opaque(x)
	}
	return false
}

// cutAt splits an inline at the characters at (increasing, each inside
// it) into len(at)+1 pieces, copying a span or link for each piece it is
// cut into.
func (m *mixer) cutAt(n doc.Inline, at []int) []doc.Inline {
	switch x := n.(type) {
	case *doc.Text:
		out := make([]doc.Inline, 0, len(at)+1)
		start, c, k := 0, 0, 0
		for off := range x.Text {
			if k < len(at) && c == at[k] {
				out = append(out, &doc.Text{Pos: x.Pos, Text: x.Text[start:off]})
				start = off
				k++
			}
			c++
		}
		return append(out, &doc.Text{Pos: x.Pos, Text: x.Text[start:]})
	case *doc.Span:
		parts := m.cutListAt(x.Content, at)
		out := make([]doc.Inline, len(parts))
		for i, p := range parts {
			c := *x
			c.Content = p
			if m.made[x] {
				m.made[&c] = true
			}
			out[i] = &c
		}
		return out
	case *doc.Link:
		parts := m.cutListAt(x.Content, at)
		out := make([]doc.Inline, len(parts))
		for i, p := range parts {
			c := *x
			c.Content = p
			out[i] = &c
		}
		return out
	}
	return []doc.Inline{n} // an object is one character: never cut inside
}

// cutListAt splits inline content at the characters at into len(at)+1
// lists.
func (m *mixer) cutListAt(in []doc.Inline, at []int) [][]doc.Inline {
	out := make([][]doc.Inline, len(at)+1)
	k, pos := 0, 0
	for _, n := range in {
		l := m.size(n)
		var inside []int
		for k < len(at) && at[k] <= pos {
			k++ // a cut at the start of n: n goes after it
		}
		first := k
		for k < len(at) && at[k] < pos+l {
			inside = append(inside, at[k]-pos)
			k++
		}
		if len(inside) == 0 {
			out[first] = append(out[first], n)
		} else {
			for i, p := range m.cutAt(n, inside) {
				out[first+i] = append(out[first+i], p)
			}
		}
		pos += l
	}
	return out
}
