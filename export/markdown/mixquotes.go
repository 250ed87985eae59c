package markdown

// The quotation marks of the mixed-script pass; mixed.go says the rules.

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/warraq/warraq/export/locale"
)

// quoteFamily is 'd' for double marks and 's' for single ones.
var quoteFamily = map[rune]byte{
	'"': 'd', '“': 'd', '”': 'd', '„': 'd', '‟': 'd', '«': 'd', '»': 'd',
	'\'': 's', '‘': 's', '’': 's', '‚': 's', '‛': 's', '‹': 's', '›': 's',
}

// isQuoteMark reports a character of quoteFamily, without a map lookup
// (flatten asks it of every character).
func isQuoteMark(r rune) bool {
	switch {
	case r == '"' || r == '\'' || r == '«' || r == '»' || r == '‹' || r == '›':
		return true
	case r >= '‘' && r <= '‟':
		return true
	}
	return false
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
// in mixed.go, for text in language lang. It returns the Latin quotations,
// as character ranges that include their marks, and whether a mark changed.
func (u *unit) quotes(lang string) ([][2]int, bool) {
	type mark struct {
		i    int
		role quoteRole
	}
	var marks []mark
	for _, i := range u.markAt {
		if r := u.role(i); r != notQuote {
			marks = append(marks, mark{i, r})
		}
	}
	if len(marks) == 0 {
		return nil, false
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
	return latin, u.rewrite(out)
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
// nodes, each node rebuilt once, and reports whether one changed.
func (u *unit) rewrite(out map[int]string) bool {
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
	return len(pos) > 0
}
