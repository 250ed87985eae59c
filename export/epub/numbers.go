package epub

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype/tables"

	"github.com/warraq/warraq/export/text"
)

// The subsets' words include each number of the book after a letter of
// each of its scripts (inContext), and in a book of dates and figures the
// numbers are most of what the subsetter shapes: 4,900 of 7,100 words in
// each face at 1,000 generated articles. A number's glyphs in such a line
// depend on the letter only through the face, script and direction the
// letter gives the digits, and on the other digits not at all when the
// faces cannot make them: where that is shown from the fonts' tables
// (numberRunes), a letter of a script of its own (not a tatweel, which
// takes its script from the lines around it) is put before short numbers
// instead (numberLines): a number's first digit followed by each of its
// other characters, which give the subsets the same glyphs.
//
// Why they are the same. The engine shapes the lines of a chunk as one
// paragraph, a newline shaped and resolved as a space. In "L w" (L a
// letter, w digits of one bidi class, maybe ending in one of numberEnds)
// it shapes "L" and the space after it as one piece, the digits as
// another, the end and the newline after the number as a third (or the
// newline alone): a break follows every space (UAX #14), none falls
// between digits or before a number's end or a newline. The first piece is
// the same in "L d…" for the same first digit d: its script is L's, its
// bidi level is resolved from L and the type of d alone (UAX #9: the space
// is a neutral between them), its face from its characters and script, and
// its key in the engine's cache holds nothing of w. Every digit takes its
// script from L (digits are weak), its bidi level from L and its own class
// (W2, W7, I1, I2: the same for each digit of the number, whatever the
// next line), so its face too: the style's companion for that script if it
// has the digit, else the style's face, which numberRunes checks has it.
// In a piece made only of these digits, the ends and spaces, no
// substitution that reads more than one glyph can apply (singleGlyphs), so
// each digit becomes the glyphs its face's single, multiple and alternate
// substitutions make of it alone, in that script and direction. So do the
// end and the newline, whose direction is resolved from the digits before
// them and from the first letter of the next line (N1): L in both, since a
// number's line is never the last of the lines that begin with L
// (inContext checks that a word that is no number comes after them all;
// the reader's bullets always do), and a chunk is never cut after a
// neutral (canCut). Their faces are chosen as a digit's is. None of these
// characters is mirrored, decomposed, ignored or joining, so HarfBuzz's
// other steps and the Arabic shaper's masks leave them as they are.

// numberEnds are the characters a number may end in and still be shaped by
// its characters: none is mirrored, decomposed, ignorable or joining.
const numberEnds = ".,،%٪:"

// digitClass is 1 for the digits of bidi type EN this handles (ASCII and
// Extended Arabic-Indic), 2 for the Arabic-Indic ones (AN), else 0.
func digitClass(r rune) int {
	switch {
	case r >= '0' && r <= '9', r >= '۰' && r <= '۹':
		return 1
	case r >= '٠' && r <= '٩':
		return 2
	}
	return 0
}

// numberForm reports whether w is digits of one class, maybe followed by
// one of numberEnds, and returns its digits and its end (0 for none).
func numberForm(w string) (digits string, end rune, ok bool) {
	first, _ := utf8.DecodeRuneInString(w)
	class := digitClass(first)
	if class == 0 {
		return "", 0, false
	}
	digits = w
	if last, size := utf8.DecodeLastRuneInString(w); strings.ContainsRune(numberEnds, last) {
		end, digits = last, w[:len(w)-size]
	}
	for _, r := range digits {
		if digitClass(r) != class {
			return "", 0, false
		}
	}
	return digits, end, true
}

// numberLines are the lines that give the subsets the glyphs of the
// numbers among words after each of letters: for each number, its first
// digit followed by each of its other digits and by its end, after each
// letter; once each.
func numberLines(numbers []string, letters []rune) []string {
	short := map[string]bool{}
	for _, w := range numbers {
		digits, end, _ := numberForm(w)
		d, size := utf8.DecodeRuneInString(digits)
		short[string(d)] = true
		for _, c := range digits[size:] {
			short[string(d)+string(c)] = true
		}
		if end != 0 {
			short[string(d)+string(end)] = true
		}
	}
	var out []string
	for _, s := range slices.Sorted(mapKeys(short)) {
		for _, l := range letters {
			out = append(out, string(l)+" "+s)
		}
	}
	return out
}

func mapKeys(m map[string]bool) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// numberRunes returns the characters of the numbers among words that
// may be shaped by character in style st (its Lang set), sorted, "" for
// none: those the style's face has, when it has the space and they and
// the space are read as single glyphs (singleGlyphs) in that face and in
// each of its companions that has one of them (the faces the engine could
// set them in: the face's own comes after a companion's for the letter's
// script, and none other is looked for). checked keeps the faces' answers
// between calls.
func numberRunes(fs *text.FontSet, st text.Style, words []string, checked map[faceRunes]bool) string {
	main := fs.FaceFor(st.Lang, st.Role, st.Bold, st.Italic)
	if main == nil || !main.HasRune(' ') {
		return ""
	}
	seen := map[rune]bool{}
	var runes []rune
	for _, w := range words {
		if _, _, ok := numberForm(w); !ok {
			continue
		}
		for _, r := range w {
			if !seen[r] && main.HasRune(r) {
				seen[r] = true
				runes = append(runes, r)
			}
		}
	}
	if len(runes) == 0 {
		return ""
	}
	slices.Sort(runes)
	plain := string(runes)
	for _, f := range append([]*text.Face{main}, fs.CompanionsFor(st.Lang, st.Role, st.Bold, st.Italic)...) {
		if f != main && !slices.ContainsFunc(runes, f.HasRune) {
			// Never chosen for a digit or an end, so at most for a
			// newline alone, which is shaped alike in any line; and not
			// parsed for nothing.
			continue
		}
		key := faceRunes{f, plain}
		ok, done := checked[key]
		if !done {
			ok = singleGlyphs(f, append(slices.Clone(runes), ' '))
			checked[key] = ok
		}
		if !ok {
			return ""
		}
	}
	return plain
}

// faceRunes is a face and characters, sorted.
type faceRunes struct {
	face  *text.Face
	runes string
}

// singleGlyphs reports whether, in face f, the glyphs of runes (those f
// has) and every glyph a single, multiple or alternate substitution makes
// of them are read by no other kind of substitution: none starts at one,
// and a contextual one whose every position could match one of them
// counts as reading them.
func singleGlyphs(f *text.Face, runes []rune) bool {
	ff := f.Font()
	if len(ff.Morx) > 0 || len(ff.GSUB.FeatureVariations) > 0 {
		return false
	}
	lookups := appliedLookups(ff.GSUB.Layout, len(ff.GSUB.Lookups))
	set := map[tables.GlyphID]bool{}
	var queue []tables.GlyphID
	add := func(g tables.GlyphID) {
		if !set[g] {
			set[g] = true
			queue = append(queue, g)
		}
	}
	for _, r := range runes {
		// The font's own map, not the face's: a face caches its look-ups
		// and is not safe to share, and the EPUB and the web edition ask
		// this of the same faces at once.
		if g, ok := ff.Font.NominalGlyph(r); ok {
			add(tables.GlyphID(g))
		}
	}
	covers := func(c tables.Coverage) bool {
		for g := range set {
			if _, ok := c.Index(g); ok {
				return true
			}
		}
		return false
	}
	allCover := func(cs ...[]tables.Coverage) bool {
		for _, list := range cs {
			for _, c := range list {
				if !covers(c) {
					return false
				}
			}
		}
		return true
	}
	// The glyphs the one-glyph substitutions make of them, until no new one.
	for len(queue) > 0 {
		g := queue[0]
		queue = queue[1:]
		for _, lk := range lookups {
			for _, sub := range ff.GSUB.Lookups[lk].Subtables {
				c := sub.Cov()
				if c == nil {
					continue
				}
				i, ok := c.Index(g)
				if !ok {
					continue
				}
				switch s := sub.(type) {
				case tables.SingleSubs:
					switch d := s.Data.(type) {
					case tables.SingleSubstData1:
						add(tables.GlyphID(int(g) + int(d.DeltaGlyphID)))
					case tables.SingleSubstData2:
						if i < len(d.SubstituteGlyphIDs) {
							add(d.SubstituteGlyphIDs[i])
						}
					}
				case tables.MultipleSubs:
					if i < len(s.Sequences) {
						for _, o := range s.Sequences[i].SubstituteGlyphIDs {
							add(o)
						}
					}
				case tables.AlternateSubs:
					if i < len(s.AlternateSets) {
						for _, o := range s.AlternateSets[i].AlternateGlyphIDs {
							add(o)
						}
					}
				}
			}
		}
	}
	for _, lk := range lookups {
		for _, sub := range ff.GSUB.Lookups[lk].Subtables {
			switch s := sub.(type) {
			case tables.SingleSubs, tables.MultipleSubs, tables.AlternateSubs:
				continue
			case tables.ContextualSubs:
				if d, ok := s.Data.(tables.ContextualSubs3); ok {
					if allCover(d.Coverages) {
						return false
					}
					continue
				}
			case tables.ChainedContextualSubs:
				if d, ok := s.Data.(tables.ChainedContextualSubs3); ok {
					if allCover(d.BacktrackCoverages, d.InputCoverages, d.LookaheadCoverages) {
						return false
					}
					continue
				}
			case tables.LigatureSubs:
				// A ligature forms only where all its components are.
				for g := range set {
					i, ok := s.Coverage.Index(g)
					if !ok || i >= len(s.LigatureSets) {
						continue
					}
					for _, lig := range s.LigatureSets[i].Ligatures {
						if !slices.ContainsFunc(lig.ComponentGlyphIDs, func(c tables.GlyphID) bool { return !set[c] }) {
							return false
						}
					}
				}
				continue
			case tables.ReverseChainSingleSubs:
				if covers(s.Cov()) && allCover(s.BacktrackCoverages, s.LookaheadCoverages) {
					return false
				}
				continue
			}
			// Contexts by glyph or class, and what this does
			// not know: reading them if they start at one of the glyphs.
			if c := sub.Cov(); c == nil || covers(c) {
				return false
			}
		}
	}
	return true
}

// shaperFeatures are the features go-text's HarfBuzz turns on for
// horizontal text in the simple scripts without being asked (ot_shape.go,
// ot_arabic.go), and vert; not frac, numr and dnom, which it applies only
// around a fraction slash, which no number here has.
var shaperFeatures = map[string]bool{
	"rvrn": true, "ltra": true, "ltrm": true, "rtla": true, "rtlm": true, "rand": true,
	"Harf": true, "HARF": true, "Buzz": true, "BUZZ": true,
	"abvm": true, "blwm": true, "ccmp": true, "locl": true, "mark": true, "mkmk": true, "rlig": true,
	"calt": true, "clig": true, "curs": true, "dist": true, "kern": true, "liga": true, "rclt": true, "vert": true,
	"stch": true, "isol": true, "fina": true, "fin2": true, "fin3": true, "medi": true, "med2": true, "init": true, "mset": true,
}

// appliedLookups lists the lookups of a layout table the shaper may apply
// to text it is given without features: those of shaperFeatures and of the
// features a language system requires, in any script. A lookup that only
// a contextual lookup calls is left out: it runs only if that one matches,
// which singleGlyphs rules out.
func appliedLookups(l font.Layout, n int) []int {
	applied := make([]bool, n)
	use := func(fi uint16) {
		if int(fi) < len(l.Features) {
			for _, lk := range l.Features[fi].LookupListIndices {
				if int(lk) < n {
					applied[lk] = true
				}
			}
		}
	}
	for i, f := range l.Features {
		if shaperFeatures[f.Tag.String()] {
			use(uint16(i))
		}
	}
	for _, sc := range l.Scripts {
		systems := sc.LangSys
		if sc.DefaultLangSys != nil {
			systems = append([]tables.LangSys{*sc.DefaultLangSys}, systems...)
		}
		for _, ls := range systems {
			if ls.RequiredFeatureIndex != 0xFFFF {
				use(ls.RequiredFeatureIndex)
			}
		}
	}
	var out []int
	for i, a := range applied {
		if a {
			out = append(out, i)
		}
	}
	return out
}
