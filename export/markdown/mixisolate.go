package markdown

// The isolates and bound stretches of the mixed-script pass, and how they
// are made in the model; mixed.go says the rules.

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/warraq/warraq/export/doc"
)

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
	hasRTL, hasLTR := u.classes&clRTL != 0, u.classes&clLTR != 0
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
	rs := u.r[:hi]
	for i := lo; i < hi; {
		// Characters at which no token or URL can begin are passed over
		// (canStartToken): most characters of an Arabic book, and the
		// spaces between its words.
		for ; i < len(rs); i++ {
			if c := rs[i]; c < lowRunes && startsToken[c] || c >= lowRunes && canStartToken(c) {
				break
			}
		}
		if i >= hi {
			break
		}
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

// canStartToken reports whether a token or a URL may begin at c: past
// ASCII, only at a left-to-right letter or digit or a minus sign; in
// ASCII, only at a letter, a digit or one of tokenStart's symbols (a URL
// begins with a letter).
func canStartToken(c rune) bool {
	if c < utf8.RuneSelf {
		return isAlnumLTR(c) || strings.ContainsRune(`.#@/~\-+`, c)
	}
	return c == '−' || isAlnumLTR(c)
}

// startsToken is canStartToken of the characters below U+0800, looked
// up for each character of a unit: calling it was a tenth of the
// mixed-script pass.
var startsToken = func() (t [lowRunes]bool) {
	for r := range rune(lowRunes) {
		t[r] = canStartToken(r)
	}
	return t
}()

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
	for i >= 0 && isMark(u.r[i]) {
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
		if !t.url && t.b-t.a <= maxBound && u.breakable(t.a, t.b) && (rtl || u.codeLike(t)) {
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

// codeLike reports a token with a digit, a capital or a slash: a name or
// code (USB-C, x86-64, /etc/hosts) rather than words joined by a hyphen.
func (u *unit) codeLike(t ltrToken) bool {
	for i := t.a; i < t.b; i++ {
		if c := u.r[i]; isDigit(c) || unicode.IsUpper(c) || c == '/' || c == '\\' {
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
			sp := &doc.Span{Dir: t.dir, NoBreak: t.noBreak, Mixed: true}
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
		// Characters are stepped over as ranging over the text steps
		// (the two-byte ones decoded here), up to the last cut only.
		out := make([]doc.Inline, 0, len(at)+1)
		start, k := 0, 0
		for off, c := 0, 0; off < len(x.Text) && k < len(at); c++ {
			if c == at[k] {
				out = append(out, &doc.Text{Pos: x.Pos, Text: x.Text[start:off]})
				start = off
				k++
			}
			switch b := x.Text[off]; {
			case b < utf8.RuneSelf:
				off++
			case b >= 0xC2 && b < 0xE0 && off+1 < len(x.Text) && x.Text[off+1]&0xC0 == 0x80:
				off += 2
			default:
				_, n := utf8.DecodeRuneInString(x.Text[off:])
				off += n
			}
		}
		return append(out, &doc.Text{Pos: x.Pos, Text: x.Text[start:]})
	case *doc.Span:
		parts := m.cutListAt(x.Content, at)
		out := make([]doc.Inline, len(parts))
		for i, p := range parts {
			c := *x
			c.Content = p
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
