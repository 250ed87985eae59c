package epub

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/fontsubset"
	"github.com/warraq/warraq/export/locale"
	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/fonts"
	"github.com/warraq/warraq/internal/par"
)

// textStyle is what book.css sets a stretch of text in: a role's font
// stack, bold or not, italic or not, in the families of a language
// (lang: one of the font set's Languages, "" for the book's).
type textStyle struct {
	role         text.Role
	bold, italic bool
	lang         string
}

// pageText is what the pages of a book show: the characters set in each
// style, and every character.
type pageText struct {
	styles map[textStyle]map[rune]bool
	runes  map[rune]bool
	words  map[string]map[string]bool // by language: every word the pages show
}

// readPages reads the XHTML pages made so far and sorts their text by the
// style book.css gives it. The rules here mirror the stylesheet's font
// rules (and the reading systems' defaults for th, b, strong): a face the
// scan misses is left out of the book, and the reader would fall back to a
// font of its own.
func readPages(files []entry, italic bool, fs *text.FontSet) (*pageText, error) {
	own := ownLanguages(fs)
	var pages []entry
	for _, f := range files {
		if strings.HasSuffix(f.name, ".xhtml") {
			pages = append(pages, f)
		}
	}
	// Pages are read in parallel, each into its own sets, then merged: the
	// sets are the same whatever the order.
	each := make([]*pageText, len(pages))
	err := par.Each(len(pages), par.Limit(), func(i int) string { return pages[i].name }, func(i int) error {
		each[i] = newPageText()
		return each[i].read(pages[i].data, italic, false, own)
	})
	if err != nil {
		return nil, err
	}
	pt := newPageText()
	for _, e := range each {
		pt.merge(e)
	}
	return pt, nil
}

func newPageText() *pageText {
	// A page shows some 100 different characters (a generated article
	// 81 to 107 in its Markdown): its sets start that large rather than
	// grow to it.
	return &pageText{styles: map[textStyle]map[rune]bool{}, runes: make(map[rune]bool, runesPerPage), words: map[string]map[string]bool{}}
}

// merge adds the text of e to pt. e is done with after: its sets of
// words go back to wordSets for the pages read next.
func (pt *pageText) merge(e *pageText) {
	for st, rs := range e.styles {
		if pt.styles[st] == nil {
			pt.styles[st] = map[rune]bool{}
		}
		maps.Copy(pt.styles[st], rs)
	}
	maps.Copy(pt.runes, e.runes)
	for l, ws := range e.words {
		dst := pt.words[l]
		if dst == nil {
			dst = make(map[string]bool, len(ws))
			pt.words[l] = dst
		}
		for w := range ws {
			if !dst[w] {
				// A copy: a page's words are pieces of the whole page
				// (addWord), which a word kept for the book would
				// otherwise keep in memory.
				dst[strings.Clone(w)] = true
			}
		}
		clear(ws)
		wordSets.Put(ws)
	}
	e.words = nil
}

// wordSets are emptied sets of a page's words (merge), kept for the pages
// read next: made anew for each page, at the size its words need, they
// were 16 MB of a 1,000-article book's allocations.
var wordSets sync.Pool

// newWordSet is an empty set of words, made for about n.
func newWordSet(n int) map[string]bool {
	if ws, ok := wordSets.Get().(map[string]bool); ok {
		return ws
	}
	return make(map[string]bool, n)
}

// ownLanguages are the languages the font set has families of its own for.
func ownLanguages(fs *text.FontSet) map[string]bool {
	own := map[string]bool{}
	if fs != nil {
		for _, l := range fs.Languages() {
			own[l] = true
		}
	}
	return own
}

// read reads a page's text. clean says the page is known to be valid UTF-8
// of characters XML allows (execute checks every page it makes), which
// the scanner then need not check again but where it decodes a reference.
func (pt *pageText) read(data []byte, italicFaces, clean bool, own map[string]bool) error {
	w := pageWalker{rd: textReader{pt: pt, wordsHint: len(data) / bytesPerWord}, italic: italicFaces, own: own, clean: clean}
	defer w.rd.release()
	w.reset()
	if scanPage(data, &w) {
		return nil
	}
	// Something the scanner does not read: what was recorded goes, and
	// encoding/xml reads the page (and says what is wrong with it).
	*pt = *newPageText()
	w.rd.release()
	w.rd.seen = nil
	return w.decode(data)
}

// decode walks a page with encoding/xml's decoder.
func (w *pageWalker) decode(data []byte) error {
	w.reset()
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	var attrs []attr
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			attrs = attrs[:0]
			for _, a := range t.Attr {
				attrs = append(attrs, attr{a.Name.Local, a.Value})
			}
			w.start(t.Name.Local, attrs)
		case xml.EndElement:
			w.end()
		case xml.CharData:
			w.text(string(t))
		}
	}
}

// attr is an attribute of an element: its local name (xml:lang is lang)
// and its value.
type attr struct{ local, value string }

// pageWalker sorts the text of a page, element by element, by the style
// the stylesheet sets it in.
type pageWalker struct {
	rd     textReader
	italic bool            // emphasis is set in italic faces
	own    map[string]bool // the languages with families of their own
	clean  bool            // the page is valid UTF-8 of characters XML allows
	stack  []openElement
}

type openElement struct {
	st      textStyle
	skip    bool
	listOne bool // an li of class part: its own text is bold, its nested list is not
	lang    string
}

func (w *pageWalker) reset() {
	w.stack = append(w.stack[:0], openElement{st: textStyle{role: text.Body}})
}

// start opens an element called name (its local name).
func (w *pageWalker) start(name string, attrs []attr) {
	top := w.stack[len(w.stack)-1]
	st, skip := top.st, top.skip
	class, lang := "", top.lang
	for _, a := range attrs {
		switch a.local {
		case "class":
			class = " " + a.value + " "
		case "lang":
			lang = a.value
		}
	}
	// The stylesheet's :lang rules set the languages with
	// families of their own (Urdu in Nastaliq) in those.
	if l := locale.Base(lang); w.own[l] {
		st.lang = l
	} else {
		st.lang = ""
	}
	switch name {
	case "head", "script", "style": // not a title: the cover svg's is its text alternative
		skip = true
	case "h1", "h2", "h3", "h4", "h5", "h6":
		if st.role != text.Mono {
			st.role = text.Heading
		}
		st.bold, st.italic = true, false
	case "code", "kbd", "samp", "pre":
		st.role = text.Mono
	case "strong", "b", "th":
		st.bold = true
	case "em", "i", "cite", "dfn", "var":
		st.italic = w.italic && st.role != text.Heading
	case "li":
		if strings.Contains(class, " part ") {
			st.bold = true
		}
	case "ol":
		if top.listOne {
			st.bold = false
		}
	}
	if strings.Contains(class, " task-box ") {
		st.role = text.Mono
	}
	if strings.Contains(class, " note-number ") {
		st.bold = true
	}
	w.stack = append(w.stack, openElement{st: st, skip: skip, listOne: name == "li" && strings.Contains(class, " part "), lang: lang})
	// A reader shows an image's text alternative in the page's
	// fonts when the image cannot be shown (the cover's, whose
	// «» may be the book's only guillemets).
	for _, a := range attrs {
		if a.local == "alt" && !skip {
			w.rd.add(a.value, st, lang)
		}
	}
}

// end closes the innermost element.
func (w *pageWalker) end() { w.stack = w.stack[:len(w.stack)-1] }

// text is text between two tags.
func (w *pageWalker) text(s string) {
	if top := w.stack[len(w.stack)-1]; !top.skip {
		w.rd.add(s, top.st, top.lang)
	}
}

// textReader records the text of a page in a pageText. It keeps, for each
// style, a bit for each character of the Basic Multilingual Plane already
// recorded, so a letter is put in its sets the first time the page shows
// it in that style, not each time: two map writes for every letter were
// most of the time reading a page took.
type textReader struct {
	pt   *pageText
	seen map[textStyle]*bmpSet
	// wordsHint is how many different words the page is likely to have,
	// for the set of its first words to be made that large: grown from
	// nothing, the sets allocated some 20 MB more of the 635 MB a
	// 1,000-article EPUB allocates.
	wordsHint int
}

// bytesPerWord is how many bytes of XHTML a page has for each different
// word (19 for the generated 1,000-article book, 20 for ten articles).
const bytesPerWord = 20

type bmpSet [1 << 16 / 64]uint64

var bmpSets = sync.Pool{New: func() any { return new(bmpSet) }}

func (rd *textReader) release() {
	for _, b := range rd.seen {
		*b = bmpSet{}
		bmpSets.Put(b)
	}
}

// add records text set in style st, in language lang: its words (split at
// white space, as strings.Fields splits them) and its characters but
// white space.
func (rd *textReader) add(text string, st textStyle, lang string) {
	pt := rd.pt
	words := pt.words[lang]
	if words == nil {
		// A set for every language with text, words or white space:
		// shapeWords shapes the reader's characters in each.
		words = map[string]bool{}
		pt.words[lang] = words
	}
	var (
		seen  *bmpSet
		set   map[rune]bool
		start = -1
	)
	if rd.wordsHint > 0 && len(words) == 0 && strings.IndexFunc(text, func(r rune) bool { return !doc.IsSpace(r) }) >= 0 {
		// The page's first words: their set is made large at once.
		words = newWordSet(rd.wordsHint)
		rd.wordsHint = 0
		pt.words[lang] = words
	}
	if text != "" {
		if seen = rd.seen[st]; seen == nil {
			seen = bmpSets.Get().(*bmpSet)
			if rd.seen == nil {
				rd.seen = map[textStyle]*bmpSet{}
			}
			rd.seen[st] = seen
		}
	}
	// As ranging over text, but the characters of two bytes (Arabic,
	// Hebrew: most of an Arabic book) are decoded here without a call,
	// and those from U+0100 on, never white space, not asked about it.
	for i, size := 0, 0; i < len(text); i += size {
		var r rune
		if c := text[i]; c >= 0xC4 && c < 0xE0 && i+1 < len(text) && text[i+1]&0xC0 == 0x80 {
			r, size = rune(c&0x1F)<<6|rune(text[i+1]&0x3F), 2
		} else {
			switch {
			case c < utf8.RuneSelf:
				r, size = rune(c), 1
			case c >= 0xC2 && c < 0xC4 && i+1 < len(text) && text[i+1]&0xC0 == 0x80:
				r, size = rune(c&0x1F)<<6|rune(text[i+1]&0x3F), 2
			default:
				r, size = utf8.DecodeRuneInString(text[i:])
			}
			if doc.IsSpace(r) {
				if start >= 0 {
					addWord(words, text[start:i])
					start = -1
				}
				continue
			}
		}
		if start < 0 {
			start = i
		}
		if r < 1<<16 {
			if seen[r>>6]&(1<<(r&63)) != 0 {
				continue
			}
			seen[r>>6] |= 1 << (r & 63)
		}
		if set == nil {
			if set = pt.styles[st]; set == nil {
				set = make(map[rune]bool, runesPerPage)
				pt.styles[st] = set
			}
		}
		set[r] = true
		pt.runes[r] = true
	}
	if start >= 0 {
		addWord(words, text[start:])
	}
}

// addWord records w, a piece of the page: the page is kept in memory
// while its words are, until they are merged into the book's, which keeps
// copies of those new to it (merge). Copying every word of every page as
// it was read was half a million allocations for 1,000 articles.
func addWord(words map[string]bool, w string) {
	if !words[w] {
		words[w] = true
	}
}

const runesPerPage = 128

// readerRunes are characters a reading system may draw in the book's fonts
// that no page holds: spaces, the hyphen it adds when it hyphenates, list
// bullets, and the dotted circle a shaper puts under a stray mark.
const readerRunes = " \u00a0-\u2010\u2022\u25e6\u25aa\u25cc.\u200c\u200d"

// usedFaces lists, among the faces the stylesheet could declare, those the
// pages use: each style's face, and the body face of the same weight and
// slant where a heading or code face lacks a character (the stylesheet's
// font stacks fall back to the body family).
func (p *packager) usedFaces(pt *pageText) map[*text.Face]bool {
	fs := p.opt.Fonts
	used := map[*text.Face]bool{}
	for st, runes := range pt.styles {
		f := fs.FaceFor(st.lang, st.role, st.bold, st.italic)
		used[f] = true
		// A letter the role's face lacks is set in the family's companion
		// for its script (Latin in a Kufi heading in Noto Sans), or else
		// in the body face, which the stack names next.
		comps := fs.CompanionsFor(st.lang, st.role, st.bold, st.italic)
		for r := range runes {
			if f.HasRune(r) {
				continue
			}
			if i := slices.IndexFunc(comps, func(c *text.Face) bool { return c.HasRune(r) }); i >= 0 && unicode.IsLetter(r) {
				used[comps[i]] = true
				continue
			}
			if st.role != text.Body {
				used[fs.FaceFor(st.lang, text.Body, st.bold, st.italic)] = true
			}
		}
	}
	for _, f := range p.fallbacks {
		used[f] = true
	}
	return used
}

// subsetFaces cuts each embedded face down to the book's words. Every face
// gets every word, not only those of its style: a reader may set any text
// in any declared face (a user's font settings, a heading's letters missing
// from its face), and a subset that lacks a letter would then draw a box.
// The words are shaped with the whole fonts by Warraq's text engine (HarfBuzz's
// rules, in the language of the page they are on), so each subset keeps the
// glyphs the words become and those on the way. A font the subsetter refuses
// (CFF outlines, variable fonts) is embedded whole.
func (p *packager) subsetFaces(pt *pageText) error {
	extra := strings.Split(readerRunes+p.listDigits(), "")
	var runes []rune
	for r := range pt.runes {
		runes = append(runes, r)
	}
	for _, w := range extra {
		runes = append(runes, []rune(w)...)
	}
	slices.Sort(runes)
	gc := newGlyphCache(p.opt.Cache, p.opt.Fonts)
	shaped := p.shapeWords(pt, extra, gc)
	return par.Each(len(p.faces), par.Limit(), func(i int) string { return p.faces[i].href }, func(i int) error {
		f := &p.faces[i]
		text := fontsubset.Text{Runes: runes, Shaped: shaped[f.face]}
		key, cacheable := gc.subsetKey(f.face, text)
		if cacheable {
			if data, ok := gc.subset(key); ok {
				f.data = data
				return nil
			}
		}
		s, err := fontsubset.Subset(f.data, text, fontsubset.Options{})
		if errors.Is(err, fontsubset.ErrUnsupported) {
			return nil
		}
		if err != nil {
			return err
		}
		f.data = s.Data
		if cacheable {
			gc.putSubset(key, s.Data)
		}
		return nil
	})
}

// shapeWords shapes every word of the pages, in each language, in each
// embedded face, and returns the glyphs each face drew.
func (p *packager) shapeWords(pt *pageText, extra []string, gc *glyphCache) map[*text.Face][]uint16 {
	fs := p.opt.Fonts
	eng := p.opt.Engine
	if eng == nil || eng.FontSet() != fs {
		eng = text.NewEngine(fs)
	}
	// The words are shaped for their glyphs only: the cache keeps none of
	// them (the PDF, done by now, has put there those it set, and a word
	// on a line of its own here is the same entry as the word in the PDF's
	// running text). The lines of numbers and other words with no letter
	// are the exception, with the lines that put them after a letter
	// (inContext): a number is the same piece on its own line and after a
	// tatweel, and the letter and the space after it are the same piece in
	// each line that begins with them, so the chunks that hold such lines
	// are shaped with a cache that keeps their pieces. At 1,000 generated
	// articles a quarter of the pieces shaped (8,120 of 31,900) were shaped
	// before, 1,209 of them a tatweel's, which HarfBuzz takes long over:
	// kept, the EPUB took 1.1 billion fewer instructions (of 13.4), for
	// the pieces of those chunks kept in the cache. Glyphs shapes pieces
	// without the positioning no glyph depends on and keeps them under
	// keys Layout never asks for (text.Engine.Glyphs): the writer never
	// gives their positions to the renderers that share the engine.
	writer, reader := eng, eng.CacheReader()
	embedded := map[*text.Face]bool{}
	for _, f := range p.faces {
		embedded[f.face] = true
	}
	// Each style whose face is embedded shapes every word; the letters
	// its face lacks fall back to another face, perhaps one another style
	// shapes the same word in. Measured, such repeats are rare: the same
	// piece (face, language, text) shaped in two styles was 6 of 10,037
	// pieces at 10 generated articles, 3 of 23,813 at 1,000 (all in Noto
	// Sans Mono, as a fallback). A book with code shapes its words in the Mono styles too,
	// whose Arabic falls back to the body face: 2,299 of the samples'
	// 17,331 pieces, but not the same input to HarfBuzz (the line's
	// newline stays in the Mono face, so the word is shaped without its
	// space): only shaping it tells whether its glyphs are the body's.
	var styles []text.Style
	laid := map[*text.Face]bool{}
	for _, role := range []text.Role{text.Body, text.Heading, text.Mono} {
		for _, bold := range []bool{false, true} {
			for _, italic := range []bool{false, true} {
				if f := fs.Face(role, bold, italic); embedded[f] && !laid[f] {
					laid[f] = true
					styles = append(styles, text.Style{Role: role, Bold: bold, Italic: italic, Size: 10})
				}
			}
		}
	}
	langs := make([]string, 0, len(pt.words))
	for l := range pt.words {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	// Words are shaped in paragraphs of some 64 (chunks), one word a line
	// (Engine.Glyphs: the lines are not cut), each paragraph in one style
	// and language, in parallel; the glyphs of each are cached under its
	// words (glyphcache.go).
	type job struct {
		words   []string
		lang    string
		dir     text.Direction
		style   text.Style
		context bool // a line is a word with no letter, or one after a letter
	}
	var jobs []job
	reps := scriptLetters(pt.runes)
	faceChecks := map[faceRunes]bool{}
	contextLines := map[string]bool{}
	for _, lang := range langs {
		base := append([]string(nil), extra...)
		for w := range pt.words[lang] {
			base = append(base, w)
		}
		if lang == "" {
			lang = p.lang
		}
		dir := text.LTR
		if locale.Direction(lang) == "rtl" {
			dir = text.RTL
		}
		// The numbers are shaped by character in the styles whose faces
		// allow it (numbers.go), so the styles may have lines of their own.
		cuts := map[string][][]string{}
		for _, st := range styles {
			st.Lang = lang
			plain := ""
			if numbersByCharacter {
				plain = numberRunes(fs, st, base, faceChecks)
			}
			cut, ok := cuts[plain]
			if !ok {
				lines := inContext(base, reps, plain)
				for _, l := range lines {
					contextLines[l] = true
				}
				words := append(slices.Clone(base), lines...)
				slices.Sort(words)
				cut = chunks(words)
				cuts[plain] = cut
			}
			for _, chunk := range cut {
				jobs = append(jobs, job{chunk, lang, dir, st, slices.ContainsFunc(chunk, func(w string) bool {
					return contextLines[w] || strings.IndexFunc(w, unicode.IsLetter) < 0
				})})
			}
		}
	}
	found := make([]map[*text.Face]map[uint16]bool, len(jobs))
	// Layout does not fail, and a panic in it comes back as an error.
	_ = par.Each(len(jobs), par.Limit(), func(i int) string { return "shaping the book's words" }, func(i int) error {
		j := jobs[i]
		var key [32]byte
		if gc != nil {
			key = gc.key(j.words, j.lang, j.dir, j.style)
			if glyphs, ok := gc.get(key); ok {
				found[i] = glyphs
				return nil
			}
		}
		glyphs := map[*text.Face]map[uint16]bool{}
		var (
			face *text.Face
			set  map[uint16]bool
		)
		eng := reader
		if j.context {
			eng = writer
		}
		eng.Glyphs(text.Paragraph{Spans: []text.Span{{Text: strings.Join(j.words, "\n"), Style: j.style}}, Dir: j.dir, Lang: j.lang}, func(f *text.Face, g uint16) {
			if f != face {
				if face, set = f, glyphs[f]; set == nil {
					set = map[uint16]bool{}
					glyphs[f] = set
				}
			}
			set[g] = true
		})
		found[i] = glyphs
		gc.put(key, glyphs)
		return nil
	})
	glyphs := map[*text.Face]map[uint16]bool{}
	for _, f := range found {
		for face, set := range f {
			if glyphs[face] == nil {
				glyphs[face] = map[uint16]bool{}
			}
			maps.Copy(glyphs[face], set)
		}
	}
	out := map[*text.Face][]uint16{}
	for f, set := range glyphs {
		for g := range set {
			out[f] = append(out[f], g)
		}
		slices.Sort(out[f])
	}
	return out
}

// numbersByCharacter lets the subsets' numbers be shaped by character
// where the fonts allow it (numbers.go); the tests turn it off to compare.
var numbersByCharacter = true

// listDigits are the digits of the ordered lists' counter style, which the
// reader draws in the list's font.
func (p *packager) listDigits() string {
	zero := '0'
	if p.native && p.loc.Zero != 0 {
		zero = p.loc.Zero
	}
	var b strings.Builder
	for i := range 10 {
		b.WriteRune(zero + rune(i))
	}
	return b.String()
}

// embeddedFaces lists the font files to embed: each role's faces the
// pages use, then the fallback faces the book's text needs, once each.
func (p *packager) embeddedFaces(used map[*text.Face]bool) []embeddedFace {
	fs := p.opt.Fonts
	if fs == nil {
		return nil
	}
	var out []embeddedFace
	seen := map[*text.Face]bool{}
	var use []*text.Face
	for _, lang := range append([]string{""}, fs.Languages()...) {
		for _, role := range []text.Role{text.Body, text.Heading, text.Mono} {
			for _, st := range []fonts.Style{fonts.Regular, fonts.Bold, fonts.Italic, fonts.BoldItalic} {
				bold, italic := st == fonts.Bold || st == fonts.BoldItalic, st == fonts.Italic || st == fonts.BoldItalic
				use = append(use, fs.FaceFor(lang, role, bold, italic))
				use = append(use, fs.CompanionsFor(lang, role, bold, italic)...)
			}
		}
	}
	for _, f := range append(use, p.fallbacks...) {
		if f == nil || seen[f] || !used[f] || len(f.Data) == 0 {
			continue
		}
		seen[f] = true
		base := path.Base(strings.ReplaceAll(f.File, `\`, "/"))
		ext := strings.ToLower(path.Ext(base))
		if ext != ".otf" {
			ext = ".ttf"
		}
		out = append(out, embeddedFace{
			face: f, family: familyName(f), style: f.Style, data: f.Data,
			href: p.names.Claim("fonts/", strings.TrimSuffix(base, path.Ext(base)), ext, "font"),
		})
	}
	return out
}

// scriptLetters picks, for each script the book's letters are in, one of
// its letters (the lowest), to give digits and punctuation a context.
func scriptLetters(runes map[rune]bool) []rune {
	first := map[string]rune{}
	for r := range runes {
		if !unicode.IsLetter(r) {
			continue
		}
		for name, table := range unicode.Scripts {
			if unicode.Is(table, r) {
				if f, ok := first[name]; !ok || r < f {
					first[name] = r
				}
				break
			}
		}
	}
	out := make([]rune, 0, len(first))
	for _, r := range first {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

// inContext returns, for each word with no letter (a number, punctuation),
// the word after a letter of each of the book's scripts. A shaper gives
// such a word the script of the text around it, and a font may draw it
// differently in each (Amiri's digits are narrower in Latin text), so each
// must be shaped, and its glyphs kept, in every script the book has. The
// numbers made only of the characters in plain are not each put after a
// letter of a script of its own: short numbers that give the same glyphs
// are (numbers.go), when a word that is no number comes after them all.
func inContext(words []string, letters []rune, plain string) []string {
	var strong, weak []rune
	for _, l := range letters {
		if unicode.In(l, unicode.Common, unicode.Inherited) {
			weak = append(weak, l)
		} else {
			strong = append(strong, l)
		}
	}
	byChar := func(w string) bool {
		_, _, ok := numberForm(w)
		return ok && plain != "" && !strings.ContainsFunc(w, func(r rune) bool { return !strings.ContainsRune(plain, r) })
	}
	// The greatest word with no letter that is not such a number must
	// begin with a character greater than theirs, so that the lines of
	// numbers, and of short numbers, after a letter are never the last
	// that begin with it (the reader's bullets, readerRunes, always are).
	var last string
	for _, w := range words {
		if strings.IndexFunc(w, unicode.IsLetter) < 0 && !byChar(w) && w > last {
			last = w
		}
	}
	if first, _ := utf8.DecodeRuneInString(last); strings.ContainsFunc(plain, func(r rune) bool { return r >= first }) {
		plain = ""
	}
	var out, numbers []string
	for _, w := range words {
		if strings.IndexFunc(w, unicode.IsLetter) >= 0 {
			continue
		}
		ls := letters
		if byChar(w) {
			numbers = append(numbers, w)
			ls = weak
		}
		for _, l := range ls {
			out = append(out, string(l)+" "+w)
		}
	}
	return append(out, numberLines(numbers, strong)...)
}
