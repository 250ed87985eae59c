package collection

import (
	"slices"
	"sync"
	"unicode"

	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/fonts"
	"github.com/warraq/warraq/internal/cache/wire"
)

// An article's body is read into the document model once, while the book
// loads, and each format uses it at its own time: export checks the
// fonts, the PDF lays it out, the EPUB and the web edition write it as
// XHTML. Held as the tree lowering makes, every article's model stayed in
// memory from loading to the end of the build: near the peak of a
// 1,800-article book's live heap, 40 MB of 104 MB, for 12.3 MB of
// Markdown. So an article holds its model encoded (doc.EncodeShared, which
// writes every field of it in about the Markdown's size, and its images'
// files as numbers: the files stay the Book's), and Model decodes a copy
// of its own for each use, which the user drops when it is done with it:
// that peak is then 76 MB, the encodings 14 MB of it. Decoding a
// 1,000-article book's models takes some 30 ms and allocates
// 14 MB, soon garbage: a format decodes an article where it works on it,
// once, and keeps from it only what it makes. A model that cannot be
// encoded (doc.Encode's refusals: nodes nested deeper than its limit, a
// reference to a note the model does not hold; lowering makes none, but
// SetModel takes any) is held as it is, and Model returns it itself.

// heldModel is an article's model as the article holds it.
type heldModel struct {
	data   []byte       // doc.EncodeShared of the model
	assets []*doc.Asset // the files its images show, numbered as data numbers them
	images bool         // it has an image, with a file or without
	links  bool         // it has a link (their targets are set once every article is read)
	blocks int          // how many blocks it has (doc.AllBlocks)
	langs  []string     // the languages its spans and divisions are marked in (ModelLangs)
	styles []StyleUse   // the styles of the body face it asks for (ModelStyles)
	// tree is the model itself, when it could not be encoded; data is
	// then nil.
	tree *doc.Document
}

// SetModel makes d the article's body. The article keeps it encoded, not
// d itself (see Model); what it says of the body besides (Words, Headings,
// Chars) is left as it was. The loader sets every article's model; tests
// and tools that make an Article themselves call it.
func (a *Article) SetModel(d *doc.Document) {
	var m heldModel
	if d == nil {
		a.model = m
		return
	}
	// The files in the order the document shows them (the web edition
	// names them in that order).
	seen := map[*doc.Asset]bool{}
	lang := func(l string) {
		if l != "" && !slices.Contains(m.langs, l) {
			m.langs = append(m.langs, l)
		}
	}
	doc.InspectDocument(d, func(n any) bool {
		switch n := n.(type) {
		case *doc.Div:
			lang(n.Lang)
		case *doc.Span:
			lang(n.Lang)
		}
		switch n := n.(type) {
		case doc.Block:
			m.blocks++
		case *doc.Link:
			m.links = true
		case *doc.Image:
			m.images = true
			if n.Asset != nil && !seen[n.Asset] {
				seen[n.Asset] = true
				m.assets = append(m.assets, n.Asset)
			}
		}
		return true
	})
	m.styles = stylesOf(d)
	// Encoded into memory an earlier article's encoding grew, then kept
	// in exactly its size: a slice grown by appending has up to twice
	// that, in every article of the book, and growing one for each
	// article was 26 MB of a 1,000-article book's allocations.
	buf := encodeBuffers.Get().(*[]byte)
	w := wire.NewWriter((*buf)[:0])
	if doc.EncodeShared(&w, d, &m.assets) {
		m.data = append(make([]byte, 0, w.Len()), w.Data()...)
	} else {
		m.tree = d
	}
	if cap(w.Data()) <= maxEncodeBuffer {
		*buf = w.Data()[:0]
		encodeBuffers.Put(buf)
	}
	a.model = m
}

// encodeBuffers hold the memory SetModel encodes into, up to
// maxEncodeBuffer each (a generated article's model is about 7 KB; the
// largest article allowed, a few MB, is not kept).
var encodeBuffers = sync.Pool{New: func() any { return new([]byte) }}

const maxEncodeBuffer = 1 << 20

// Model returns the article's body in the document model, nil when it
// has none: a copy decoded for the caller, which may keep it while it
// needs it and change it (no one else sees it), and should let it go
// after; each call decodes anew, so a format asks once for each article
// it works on and passes the model along. An article whose model could
// not be encoded returns the model it was given, the same each time:
// callers never change what Model returns.
func (a *Article) Model() *doc.Document {
	m := &a.model
	if m.tree != nil || m.data == nil {
		return m.tree
	}
	r := wire.NewReader(m.data)
	d := doc.DecodeShared(&r, m.assets)
	if r.End() != nil || d == nil {
		// Only memory going bad could bring this: the bytes are the
		// article's own, written by EncodeShared above.
		panic("collection: " + a.Path + ": the article's model does not decode")
	}
	return d
}

// ModelData is the encoding the article holds its model in
// (doc.EncodeShared, the images' files numbered as Assets lists them),
// for hashing it without decoding it; nil for an article without a model.
// False when the model could not be encoded: the article holds it as it
// is (Model).
func (a *Article) ModelData() ([]byte, bool) {
	return a.model.data, a.model.tree == nil
}

// Assets are the image files the article's model shows, each once, in the
// order doc.InspectDocument first meets them.
func (a *Article) Assets() []*Asset { return a.model.assets }

// HasImage reports whether the article's model has an image (with its
// file or without), without decoding it.
func (a *Article) HasImage() bool { return a.model.images }

// hasLinks reports whether the article's model has a link, without
// decoding it.
func (a *Article) hasLinks() bool { return a.model.links }

// ModelLangs are the languages the article's model marks spans and
// divisions in, each once, in the order doc.InspectDocument meets them,
// without decoding it: the fonts are chosen by them.
func (a *Article) ModelLangs() []string { return a.model.langs }

// ModelStyles are the styles of the body face the article's model asks
// for, each once, with what asks for it first, without decoding it: the
// fonts are checked by them. Before, export decoded every article's
// model once more to find these and the languages.
func (a *Article) ModelStyles() []StyleUse { return a.model.styles }

// StyleUse is a style of the body face a model asks for, and what asks
// for it ("strong text").
type StyleUse struct {
	Style fonts.Style
	What  string
}

// stylesOf finds the styles of the body face d asks for: bold for note
// numbers and strong text, italic for emphasis, both where they nest.
func stylesOf(d *doc.Document) []StyleUse {
	var out []StyleUse
	// What asks for a style first is what export's missingStyles says.
	use := func(st fonts.Style, what string) {
		if !slices.ContainsFunc(out, func(s StyleUse) bool { return s.Style == st }) {
			out = append(out, StyleUse{st, what})
		}
	}
	if d != nil && len(d.Notes) > 0 {
		use(fonts.Bold, "note numbers")
	}
	var walk func(in []doc.Inline, bold, italic bool)
	walk = func(in []doc.Inline, bold, italic bool) {
		for _, n := range in {
			switch x := n.(type) {
			case *doc.Span:
				b, i := bold || x.Kind == doc.Strong, italic || x.Kind == doc.Emph
				switch {
				case b && i:
					use(fonts.BoldItalic, "strong emphasis")
				case b:
					use(fonts.Bold, "strong text")
				case i:
					use(fonts.Italic, "emphasis")
				}
				walk(x.Content, b, i)
			case *doc.Link:
				walk(x.Content, bold, italic)
			}
		}
	}
	doc.InspectDocument(d, func(n any) bool {
		if sp, ok := n.(*doc.Span); ok {
			walk([]doc.Inline{sp}, false, false)
			return false
		}
		return true
	})
	return out
}

// ModelBlocks is how many blocks the article's model has: the length of
// doc.AllBlocks of Model, without decoding it.
func (a *Article) ModelBlocks() int { return a.model.blocks }

// The characters of a body are kept compactly too: doc.CharUse is sixteen
// bytes, an article has a few hundred distinct characters, and each is
// read once or twice a build (the fonts' checks, the EPUB's fallback
// faces). Each is a varint of the character and one of the difference of
// its line from the one before, mostly three bytes.

// setChars keeps text and alt (doc.Chars) as the article's characters.
func (a *Article) setChars(text []doc.CharUse, alt []rune) {
	w := wire.NewWriter(make([]byte, 0, 3*len(text)+2*len(alt)+4))
	w.Uint(uint64(len(text)))
	line := 0
	for _, c := range text {
		w.Uint(uint64(c.R))
		w.Int(int64(c.Line - line))
		line = c.Line
	}
	w.Uint(uint64(len(alt)))
	for _, r := range alt {
		w.Uint(uint64(r))
	}
	a.chars = append(make([]byte, 0, w.Len()), w.Data()...)
	a.charsKnown = true
}

// Chars are doc.Chars of the article's body: its characters, each with the
// line it first appears on, and those only its images' alternative texts
// hold. The loader finds them as it reads the body (or takes them from the
// cache with it), so that a build's checks of every character do not walk
// every article's text again; for an article it did not load they are
// found now.
func (a *Article) Chars() (text []doc.CharUse, alt []rune) {
	if !a.charsKnown {
		return doc.Chars(a.Model())
	}
	r := wire.NewReader(a.chars)
	if n := r.Count(); n > 0 {
		text = make([]doc.CharUse, n)
		line := 0
		for i := range text {
			text[i].R = rune(r.Index(unicode.MaxRune + 1))
			line += int(r.Int())
			text[i].Line = line
		}
	}
	if n := r.Count(); n > 0 {
		alt = make([]rune, n)
		for i := range alt {
			alt[i] = rune(r.Index(unicode.MaxRune + 1))
		}
	}
	if r.End() != nil {
		panic("collection: " + a.Path + ": the article's characters do not decode")
	}
	return text, alt
}
