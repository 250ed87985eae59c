package text

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"github.com/warraq/warraq/export/fontsubset"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/harfbuzz"
	"github.com/go-text/typesetting/language"
	"github.com/warraq/warraq/fonts"
)

// Face is one font face. An embedded face is parsed the first time the
// engine asks it for a glyph (HasRune, shaping), so a book pays only for
// the faces its text needs; a face given as a file is parsed when the font
// set is made, to report a bad file at once.
type Face struct {
	Family     string // e.g. "Amiri"
	Style      fonts.Style
	Name       string // PostScript-ish name, e.g. "Amiri-Bold"
	File       string // file name or user path, for messages
	Data       []byte // the font file, for embedding (PDF, EPUB)
	UnitsPerEm int    // read from the head table when the face is made
	// Cascade is fonts.Family.Cascade: the face's glyphs step far above
	// and below the baseline (Nastaliq).
	Cascade bool
	// digest is the SHA-256 sum of Data: an embedded face's is known when
	// it is made (fonts.Digest, hasDigest); a file's is hashed the first
	// time Digest is asked (digestOnce).
	digest     [32]byte
	hasDigest  bool
	digestOnce sync.Once

	id       int  // index in FontSet.Faces(), used as a cache key
	embedded bool // Data is the binary's (newEmbeddedFace): parsed once per process (sharedFont)
	once     sync.Once
	face     *font.Face
	err      error
	extent   [2]float64 // ascent, descent per 1 pt of size (descent negative), from hhea/OS2
	// low is the cmap coverage of U+0000..U+07FF (Latin, Arabic, Hebrew),
	// the hot path of fallback; other characters go to the cmap itself.
	low [lowRunes / 64]uint64

	// parsed is set once parse has run. Before, HasRune asks the character
	// map read alone (mayHave), so that a face of the fallback chain that
	// lacks a character is not parsed whole to say so: the EPUB's subsets'
	// words, with the reading systems' bullets and dotted circle, walked
	// the chains of an Arabic book through three Hebrew faces it never
	// draws with, and a character no face has walks every chain to its
	// end, through Noto Nastaliq Urdu's two faces too.
	parsed    atomic.Bool
	cmapOnce  sync.Once
	cmapAlone font.Cmap // nil when the map could not be read alone

	// glyphFeatures turns off the face's positioning features that cannot
	// change which glyphs it draws (glyphFeatures in shape.go), for
	// Engine.Glyphs; set by parse.
	glyphFeatures []harfbuzz.Feature
}

const lowRunes = 0x800

// load parses the face once; every method that reads glyphs calls it.
func (f *Face) load() *Face {
	f.once.Do(f.parse)
	return f
}

// HasRune reports whether the face maps r to a glyph. It reads only the
// immutable cmap, so it is safe for concurrent use.
func (f *Face) HasRune(r rune) bool {
	if !f.parsed.Load() && !f.mayHave(r) {
		return false
	}
	if f.load().face == nil {
		return false
	}
	if r >= 0 && r < lowRunes {
		return f.low[r>>6]&(1<<(r&63)) != 0
	}
	_, ok := f.face.Font.NominalGlyph(r)
	return ok
}

// mayHave reports whether the face's character map, read alone, maps r
// (fontsubset.ReadCmap reads it as font.ParseTTF does, so a face it has no
// glyph for in that map has none parsed either), or the map cannot be read
// alone and only parsing can tell.
func (f *Face) mayHave(r rune) bool {
	f.cmapOnce.Do(func() {
		if cm, err := fontsubset.ReadCmap(f.Data); err == nil {
			f.cmapAlone = cm
		}
	})
	if f.cmapAlone == nil {
		return true
	}
	_, ok := f.cmapAlone.Lookup(r)
	return ok
}

// Digest returns the SHA-256 sum of the face's file (Data), hashing it
// only for a face read from a file, and once.
func (f *Face) Digest() [32]byte {
	if !f.hasDigest {
		f.digestOnce.Do(func() { f.digest = sha256.Sum256(f.Data) })
	}
	return f.digest
}

// Font returns the go-text face, for outlines (cover). go-text's Face keeps
// glyph caches, so callers sharing it across goroutines must serialise access;
// the engine itself shapes with private copies.
func (f *Face) Font() *font.Face { return f.load().face }

// Ascent and Descent are the face's line extents per 1 pt of size (hhea or
// OS/2; Descent is negative).
func (f *Face) Ascent() float64  { return f.load().extent[0] }
func (f *Face) Descent() float64 { return f.load().extent[1] }

// Role is what a span is: body text, a heading, or code.
type Role int

const (
	Body Role = iota
	Heading
	Mono
)

// FontSet holds the faces for each role and style, their companions and
// the fallback chains, for the book's language and for each other language
// of its spans whose default families differ (an Urdu quotation in an
// Arabic book is set in Nastaliq, an Arabic one in an Urdu book in Naskh).
type FontSet struct {
	all  []*Face // every face, fixed order: roles first, then embedded fallbacks
	main *roleSet
	// langs are the sets of other languages, by base language.
	langs map[string]*roleSet
	// given records, per role, whether book.yaml chose its family: only
	// those report missing styles (Missing).
	given [3]bool
	// fingerprint is Fingerprint's result, made once: the PDF and the
	// EPUB both ask.
	fingerprintOnce sync.Once
	fingerprint     [32]byte
}

// roleSet is the faces of one language's roles.
type roleSet struct {
	roles  [3][4]*Face  // [Role][fonts.Style]
	exact  [3][4]bool   // the face is the style's own, not a stand-in
	family [3]string    // each role's family, for messages
	chains [3][4]*chain // fallback chain per role and style
	// companions set, for a role and style, the scripts the role's family
	// has no letters for (fonts.Family.Companions): Latin in a Kufi
	// heading in Noto Sans. Nil for a role given as font files.
	companions [3][4]map[language.Script]*Face
	leading    float64 // the body family's least leading (fonts.Family.Leading)
}

// chain is the ordered list of faces tried for a character: the span's own
// face, its companions, the same style of the other roles, then every
// other face.
type chain struct {
	faces []*Face
	names []string // for MissingRune.Faces
	// first[r] is, for r < lowRunes, 0 while unknown, else 1 + the index
	// in faces of the first face covering r, or noFace. It is filled as
	// characters are met, so faces later in the chain are parsed only when
	// a character needs them.
	first [lowRunes]atomic.Uint32
}

const noFace = 1 << 16

func (c *chain) lookup(r rune) *Face {
	if r >= 0 && r < lowRunes {
		v := c.first[r].Load()
		if v == 0 {
			v = noFace
			for i, f := range c.faces {
				if f.HasRune(r) {
					v = uint32(i) + 1
					break
				}
			}
			c.first[r].Store(v)
		}
		if v == noFace {
			return nil
		}
		return c.faces[v-1]
	}
	for _, f := range c.faces {
		if f.HasRune(r) {
			return f
		}
	}
	return nil
}

func styleOf(bold, italic bool) fonts.Style {
	switch {
	case bold && italic:
		return fonts.BoldItalic
	case bold:
		return fonts.Bold
	case italic:
		return fonts.Italic
	}
	return fonts.Regular
}

func clampRole(role Role) Role {
	if role < Body || role > Mono {
		return Body
	}
	return role
}

// Face returns the face for a role and style in the book's language.
func (fs *FontSet) Face(role Role, bold, italic bool) *Face {
	return fs.main.roles[clampRole(role)][styleOf(bold, italic)]
}

// FaceFor returns the face for a role and style in a language: the
// language's own families when it has a set (Languages), else the book's.
func (fs *FontSet) FaceFor(lang string, role Role, bold, italic bool) *Face {
	return fs.set(lang).roles[clampRole(role)][styleOf(bold, italic)]
}

// Languages lists the base languages that have families of their own,
// sorted.
func (fs *FontSet) Languages() []string {
	out := make([]string, 0, len(fs.langs))
	for l := range fs.langs {
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}

// Leading returns the least line height, as a multiple of the size, the
// body family of a language needs (Nastaliq's 2.2), or 0.
func (fs *FontSet) Leading(lang string) float64 { return fs.set(lang).leading }

// Family returns the family name of a role in the book's language (a file
// name for a family given as files).
func (fs *FontSet) Family(role Role) string { return fs.main.family[clampRole(role)] }

// Missing reports whether the family book.yaml chose for role has no face
// of style st, and the style drawn in its place. Default families never
// report: their missing styles are by design (Kufi has no italic), and
// the formats show emphasis their own way.
func (fs *FontSet) Missing(role Role, st fonts.Style) (drawn fonts.Style, missing bool) {
	role = clampRole(role)
	if !fs.given[role] || fs.main.exact[role][st] {
		return st, false
	}
	return fs.main.roles[role][st].Style, true
}

// Faces returns every face that may be used, in a fixed order.
func (fs *FontSet) Faces() []*Face { return append([]*Face(nil), fs.all...) }

// Companions returns the faces that set other scripts beside a role's face
// (its family's fonts.Family.Companions), ordered by script code.
func (fs *FontSet) Companions(role Role, bold, italic bool) []*Face {
	return fs.main.companionList(clampRole(role), styleOf(bold, italic))
}

// CompanionsFor is Companions in a language's families.
func (fs *FontSet) CompanionsFor(lang string, role Role, bold, italic bool) []*Face {
	return fs.set(lang).companionList(clampRole(role), styleOf(bold, italic))
}

func (rs *roleSet) companionList(role Role, st fonts.Style) []*Face {
	m := rs.companions[role][st]
	scripts := make([]language.Script, 0, len(m))
	for sc := range m {
		scripts = append(scripts, sc)
	}
	slices.Sort(scripts)
	var out []*Face
	for _, sc := range scripts {
		if f := m[sc]; !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// set returns the role set of a language, the book's when it has none.
func (fs *FontSet) set(lang string) *roleSet {
	if lang != "" && fs.langs != nil {
		if rs := fs.langs[baseLang(lang)]; rs != nil {
			return rs
		}
	}
	return fs.main
}

// companion is the face that sets script sc in a span of style st and
// language lang, or nil when the span's own face does (or the font set
// knows no other).
func (fs *FontSet) companion(st Style, lang string, sc language.Script) *Face {
	return fs.set(lang).companions[clampRole(st.Role)][styleOf(st.Bold, st.Italic)][sc]
}

func (fs *FontSet) chainFor(st Style, lang string) *chain {
	return fs.set(lang).chains[clampRole(st.Role)][styleOf(st.Bold, st.Italic)]
}

// FamilySpec names the faces of a role: an embedded family, or the font
// files of its styles (TrueType or OpenType, relative to Spec.Root).
type FamilySpec struct {
	Family string
	Files  map[fonts.Style]string // Regular is required
}

// Spec says which fonts a book is set in.
type Spec struct {
	// Lang is the book's language: its default families
	// (fonts.DefaultsFor) set the roles Body, Heading and Mono leave empty.
	Lang                string
	Body, Heading, Mono FamilySpec
	// Langs are the other languages of the book (articles, spans): each
	// whose default families differ from Lang's gets a set of its own.
	Langs []string
	Root  string
}

// NewFontSet loads the faces for body text, headings and code. Each argument
// is an embedded family name or a path (relative to root) to a TTF/OTF file;
// "" selects the default family for the role.
func NewFontSet(body, heading, mono string, root string) (*FontSet, error) {
	spec := Spec{Root: root}
	for _, r := range []struct {
		dst *FamilySpec
		v   string
	}{{&spec.Body, body}, {&spec.Heading, heading}, {&spec.Mono, mono}} {
		if looksLikePath(r.v) {
			r.dst.Files = map[fonts.Style]string{fonts.Regular: r.v}
		} else {
			r.dst.Family = r.v
		}
	}
	return Load(spec)
}

// Load makes the font set of a book. Faces given as files are read,
// checked for the licence's embedding permission (fonts.CheckEmbedding)
// and parsed; embedded faces are parsed when first used.
func Load(spec Spec) (*FontSet, error) {
	fs := &FontSet{}
	byFile := map[string]*Face{} // one *Face per file, however many roles use it
	add := func(f *Face) *Face {
		f.id = len(fs.all)
		fs.all = append(fs.all, f)
		byFile[f.File] = f
		return f
	}
	embedded := func(fam fonts.Family, st fonts.Style) (*Face, bool, error) {
		data, file, ok := fam.Face(st)
		if f := byFile[file]; f != nil {
			return f, ok, nil
		}
		f, err := newEmbeddedFace(data, file, fam)
		if err != nil {
			return nil, false, err
		}
		return add(f), ok, nil
	}
	main, err := fs.roleSet(spec.Lang, [3]FamilySpec{spec.Body, spec.Heading, spec.Mono}, spec.Root, embedded, add, byFile)
	if err != nil {
		return nil, err
	}
	fs.main = main
	for role, f := range [3]FamilySpec{spec.Body, spec.Heading, spec.Mono} {
		fs.given[role] = f.Family != "" || len(f.Files) > 0
	}
	bookDefaults := fonts.DefaultsFor(baseLang(spec.Lang))
	for _, l := range spec.Langs {
		base := baseLang(l)
		if !isLangCode(base) || base == baseLang(spec.Lang) || fs.langs[base] != nil || fonts.DefaultsFor(base) == bookDefaults {
			continue
		}
		rs, err := fs.roleSet(base, [3]FamilySpec{}, spec.Root, embedded, add, byFile)
		if err != nil {
			return nil, err
		}
		if fs.langs == nil {
			fs.langs = map[string]*roleSet{}
		}
		fs.langs[base] = rs
	}
	// The fallback faces: every embedded family in its fixed order, so a run in
	// any role can find Arabic, Hebrew, Latin and code glyphs.
	for _, fam := range fonts.Families() {
		for st := fonts.Regular; st <= fonts.BoldItalic; st++ {
			if _, ok := fam.Files[st]; !ok {
				continue
			}
			if _, _, err := embedded(fam, st); err != nil {
				return nil, err
			}
		}
	}
	fs.main.makeChains(fs.all)
	for _, rs := range fs.langs {
		rs.makeChains(fs.all)
	}
	return fs, nil
}

// roleSet loads the families of a language's roles: those given, else the
// language's defaults.
func (fs *FontSet) roleSet(lang string, given [3]FamilySpec, root string,
	embedded func(fonts.Family, fonts.Style) (*Face, bool, error), add func(*Face) *Face, byFile map[string]*Face) (*roleSet, error) {
	rs := &roleSet{}
	d := fonts.DefaultsFor(baseLang(lang))
	defaults := [3]string{d.Body, d.Heading, d.Mono}
	var families [3]*fonts.Family // each role's embedded family, nil for files
	for role, spec := range given {
		if len(spec.Files) > 0 {
			if err := rs.fileFamily(Role(role), spec.Files, root, add, byFile); err != nil {
				return nil, err
			}
			continue
		}
		name := spec.Family
		if name == "" {
			name = defaults[role]
		}
		fam, ok := fonts.Lookup(name)
		if !ok {
			return nil, fmt.Errorf("font %q: not an embedded family (embedded: %s) and not a .ttf/.otf path",
				name, strings.Join(fonts.Names(), ", "))
		}
		for st := fonts.Regular; st <= fonts.BoldItalic; st++ {
			f, exact, err := embedded(fam, st)
			if err != nil {
				return nil, err
			}
			rs.roles[role][st], rs.exact[role][st] = f, exact
		}
		rs.family[role] = fam.Name
		families[role] = &fam
		if role == int(Body) {
			rs.leading = fam.Leading
		}
	}
	for role, fam := range families {
		if fam == nil {
			continue
		}
		// In script order: faces are numbered as they are met, and the
		// numbers order the PDF's fonts and the messages' lists.
		isos := slices.Sorted(maps.Keys(fam.Companions))
		for _, iso := range isos {
			name := fam.Companions[iso]
			cfam, ok := fonts.Lookup(name)
			sc, err := language.ParseScript(iso)
			if !ok || err != nil {
				return nil, fmt.Errorf("font %s: companion %s for %s is not an embedded family", fam.Name, name, iso)
			}
			for st := fonts.Regular; st <= fonts.BoldItalic; st++ {
				f, _, err := embedded(cfam, st)
				if err != nil {
					return nil, err
				}
				if rs.companions[role][st] == nil {
					rs.companions[role][st] = map[language.Script]*Face{}
				}
				rs.companions[role][st][sc] = f
			}
		}
	}
	return rs, nil
}

// fileFamily reads a role's faces from files. A style without a file is
// drawn with the nearest one: bold-italic with bold, else italic; the
// others with regular.
func (rs *roleSet) fileFamily(role Role, files map[fonts.Style]string, root string, add func(*Face) *Face, byFile map[string]*Face) error {
	if files[fonts.Regular] == "" {
		return fmt.Errorf("font family for %s: no regular face", role)
	}
	for st := fonts.Regular; st <= fonts.BoldItalic; st++ {
		spec := files[st]
		if spec == "" {
			continue
		}
		path := spec
		if !filepath.IsAbs(path) {
			path = filepath.Join(root, path)
		}
		f := byFile[path]
		if f == nil {
			data, err := os.ReadFile(path)
			if err != nil {
				return fmt.Errorf("font %s: %w (embedded families: %s)", spec, err, strings.Join(fonts.Names(), ", "))
			}
			if err := fonts.CheckEmbedding(data); err != nil {
				return fmt.Errorf("font %s: %w; Warraq embeds the fonts it draws with, so it cannot use this one", spec, err)
			}
			if f, err = newFace(data, path, st); err != nil {
				return err
			}
			if err := f.load().err; err != nil {
				return err
			}
			add(f)
		}
		rs.roles[role][st], rs.exact[role][st] = f, true
	}
	near := map[fonts.Style][]fonts.Style{
		fonts.Bold:       {fonts.Regular},
		fonts.Italic:     {fonts.Regular},
		fonts.BoldItalic: {fonts.Bold, fonts.Italic, fonts.Regular},
	}
	for _, st := range []fonts.Style{fonts.Bold, fonts.Italic, fonts.BoldItalic} {
		for _, alt := range near[st] {
			if rs.roles[role][st] == nil && rs.exact[role][alt] {
				rs.roles[role][st] = rs.roles[role][alt]
			}
		}
	}
	rs.family[role] = filepath.Base(files[fonts.Regular])
	return nil
}

// makeChains orders, for every role and style, the faces tried for a
// character: the role's own face, its companions, the same style of the
// other roles, then every other face.
func (rs *roleSet) makeChains(all []*Face) {
	for role := range rs.roles {
		for st := range rs.roles[role] {
			c := &chain{}
			seen := map[*Face]bool{}
			addc := func(f *Face) {
				if f != nil && !seen[f] && len(c.faces) < noFace-1 {
					seen[f] = true
					c.faces = append(c.faces, f)
					c.names = append(c.names, f.Name)
				}
			}
			addc(rs.roles[role][st])
			for _, f := range rs.companionList(Role(role), fonts.Style(st)) {
				addc(f)
			}
			for other := range rs.roles {
				addc(rs.roles[other][st])
			}
			for _, f := range all {
				addc(f)
			}
			rs.chains[role][st] = c
		}
	}
}

func (r Role) String() string {
	switch r {
	case Heading:
		return "heading"
	case Mono:
		return "mono"
	}
	return "body"
}

// baseLang is the lower-case base language of a BCP 47 tag ("ur-PK" ->
// "ur"), as export/locale reads it.
func baseLang(tag string) string {
	l := strings.ToLower(strings.TrimSpace(tag))
	if strings.HasPrefix(l, "ku-arab") {
		return "ku-arab"
	}
	if i := strings.IndexAny(l, "-_"); i >= 0 {
		l = l[:i]
	}
	return l
}

// isLangCode accepts the base languages a set may be made for: lower-case
// letters, and "ku-arab"; anything else (a typo, markup) keeps the book's
// families, and never reaches a stylesheet.
func isLangCode(s string) bool {
	if s == "ku-arab" {
		return true
	}
	if len(s) < 2 || len(s) > 8 {
		return false
	}
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

func looksLikePath(s string) bool {
	ext := strings.ToLower(filepath.Ext(s))
	return ext == ".ttf" || ext == ".otf" || strings.ContainsAny(s, `/\`)
}

// newEmbeddedFace makes an embedded family's face, to be parsed on first use.
func newEmbeddedFace(data []byte, file string, fam fonts.Family) (*Face, error) {
	st := fonts.Regular
	for s, name := range fam.Files {
		if name == file {
			st = s
		}
	}
	f, err := newFace(data, file, st)
	if err != nil {
		return nil, err
	}
	f.Family = fam.Name
	f.Cascade = fam.Cascade
	f.embedded = true
	f.digest, f.hasDigest = fonts.Digest(file)
	return f, nil
}

// newFace makes a face from a font file, reading only its unitsPerEm; the
// rest is parsed on first use (load).
func newFace(data []byte, file string, st fonts.Style) (*Face, error) {
	upem, ok := unitsPerEm(data)
	if !ok {
		return nil, fmt.Errorf("font %s: not a usable TrueType/OpenType font: no head table", file)
	}
	if upem == 0 {
		return nil, fmt.Errorf("font %s: unitsPerEm is 0", file)
	}
	return &Face{
		Style:      st,
		File:       file,
		Name:       strings.TrimSuffix(filepath.Base(file), filepath.Ext(file)),
		Data:       data,
		UnitsPerEm: upem,
	}, nil
}

// parse reads the face with go-text: cmap, layout tables, extents. An
// embedded face's file is parsed once in the process (sharedFont), however
// many font sets (builds) use it; each face has a go-text Face of its own.
func (f *Face) parse() {
	p := &parsedFont{}
	if f.embedded {
		p = sharedFont(f.File)
	}
	p.once.Do(func() { p.parse(f.Data) })
	if p.err != nil {
		f.err = fmt.Errorf("font %s: not a usable TrueType/OpenType font: %w", f.File, p.err)
		return
	}
	gf := font.NewFace(p.font)
	if int(gf.Upem()) != f.UnitsPerEm {
		f.err = fmt.Errorf("font %s: unitsPerEm %d, head table says %d", f.File, gf.Upem(), f.UnitsPerEm)
		return
	}
	f.low = p.low
	f.glyphFeatures = p.glyphFeatures
	if f.Family == "" {
		f.Family = gf.Describe().Family
	}
	if ext, ok := gf.FontHExtents(); ok {
		f.extent = [2]float64{float64(ext.Ascender) / float64(f.UnitsPerEm), float64(ext.Descender) / float64(f.UnitsPerEm)}
	}
	f.face = gf
	f.parsed.Store(true)
}

// parsedFont is a font file parsed by go-text, whose Font is read-only
// and safe for concurrent use, with its cmap coverage below lowRunes.
type parsedFont struct {
	once sync.Once
	font *font.Font
	err  error
	low  [lowRunes / 64]uint64
	// glyphFeatures: see Face.glyphFeatures.
	glyphFeatures []harfbuzz.Feature
}

func (p *parsedFont) parse(data []byte) {
	gf, err := font.ParseTTF(newNamelessPost(data))
	if err != nil {
		p.err = err
		return
	}
	listRangeCoverages(gf.Font)
	for r := rune(0); r < lowRunes; r++ {
		if _, ok := gf.Font.NominalGlyph(r); ok {
			p.low[r>>6] |= 1 << (r & 63)
		}
	}
	p.font = gf.Font
	p.glyphFeatures = glyphFeatures(gf.Font)
}

// sharedFonts are the embedded font files parsed so far, by file name:
// their bytes are the binary's, the same for every build in the process.
var sharedFonts sync.Map // string → *parsedFont

func sharedFont(file string) *parsedFont {
	if p, ok := sharedFonts.Load(file); ok {
		return p.(*parsedFont)
	}
	p, _ := sharedFonts.LoadOrStore(file, &parsedFont{})
	return p.(*parsedFont)
}

// unitsPerEm reads the head table's unitsPerEm of a TrueType/OpenType file.
func unitsPerEm(data []byte) (int, bool) {
	head, ok := fonts.Table(data, "head")
	if !ok || len(head) < 20 {
		return 0, false
	}
	return int(binary.BigEndian.Uint16(head[18:20])), true
}

// Warm starts parsing, each on a goroutine of its own, the faces that
// setting texts[i] in styles[i] (in a paragraph of language lang) asks
// for: for each character, the first face of the style's chain whose
// character map has it (as chain.lookup finds it, reading the maps of the
// faces not yet parsed alone). A layout that needs several faces (a
// cover's subtitle, authors and title, and the companion that sets its
// Latin digits) then finds them parsed side by side instead of one after
// another. Parsing is the same whoever does it first (Face.load), so Warm
// changes no output; a face it parses that the layout would not have (a
// character the layout sets otherwise) costs time only.
func (fs *FontSet) Warm(lang string, texts []string, styles []Style) {
	for _, f := range fs.warmFaces(lang, texts, styles) {
		go f.load()
	}
}

// warmFaces is the faces Warm parses: those not parsed yet that setting
// the texts asks for, each once, in the order first asked.
func (fs *FontSet) warmFaces(lang string, texts []string, styles []Style) []*Face {
	var out []*Face
	for i, s := range texts {
		st := styles[i]
		ch := fs.chainFor(st, cmp.Or(st.Lang, lang))
		if ch == nil {
			continue
		}
		var last rune = -1
		for _, r := range s {
			if r == last {
				continue
			}
			last = r
			for _, f := range ch.faces {
				if f.parsed.Load() {
					if f.HasRune(r) {
						break
					}
					continue
				}
				if !f.mayHave(r) {
					continue
				}
				if !slices.Contains(out, f) {
					out = append(out, f)
				}
				break
			}
		}
	}
	return out
}
