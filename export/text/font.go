package text

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/warraq/warraq/fonts"
)

// Face is one loaded font face.
type Face struct {
	Family          string // e.g. "Amiri"
	Style           fonts.Style
	Name            string // PostScript-ish name, e.g. "Amiri-Bold"
	File            string // file name or user path, for messages
	Data            []byte // the font file, for embedding (PDF, EPUB)
	UnitsPerEm      int
	Ascent, Descent float64 // per 1 pt of size (Descent negative), from hhea/OS2

	face *font.Face
	id   int // index in FontSet.Faces(), used as a cache key
	// low is the cmap coverage of U+0000..U+07FF (Latin, Arabic), the hot path
	// of fallback; other characters go to the cmap itself.
	low [lowRunes / 64]uint64
}

const lowRunes = 0x800

// HasRune reports whether the face maps r to a glyph. It reads only the
// immutable cmap, so it is safe for concurrent use.
func (f *Face) HasRune(r rune) bool {
	if r >= 0 && r < lowRunes {
		return f.low[r>>6]&(1<<(r&63)) != 0
	}
	_, ok := f.face.Font.NominalGlyph(r)
	return ok
}

// Font returns the go-text face, for outlines (cover). go-text's Face keeps
// glyph caches, so callers sharing it across goroutines must serialise access;
// the engine itself shapes with private copies.
func (f *Face) Font() *font.Face { return f.face }

// Role is what a span is: body text, a heading, or code.
type Role int

const (
	Body Role = iota
	Heading
	Mono
)

// FontSet holds the faces for each role and style, their companions, plus
// the fallback chain.
type FontSet struct {
	roles  [3][4]*Face  // [Role][fonts.Style]
	all    []*Face      // every face, fixed order: roles first, then embedded fallbacks
	chains [3][4]*chain // fallback chain per role and style
	// companions set, for a role and style, the scripts the role's family
	// has no letters for (fonts.Family.Companions): Latin in a Kufi
	// heading in Noto Sans. Nil for a role given as a font file.
	companions [3][4]map[language.Script]*Face
}

// chain is the ordered list of faces tried for a character: the span's own
// face, its companions, the same style of the other roles, then every
// other face.
type chain struct {
	faces []*Face
	names []string // for MissingRune.Faces
	// first[r] is the index in faces of the first face covering r < lowRunes,
	// or 255 when none does.
	first [lowRunes]uint8
}

func (c *chain) lookup(r rune) *Face {
	if r >= 0 && r < lowRunes {
		if i := c.first[r]; i != 255 {
			return c.faces[i]
		}
		return nil
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

// Face returns the face for a role and style.
func (fs *FontSet) Face(role Role, bold, italic bool) *Face {
	if role < Body || role > Mono {
		role = Body
	}
	return fs.roles[role][styleOf(bold, italic)]
}

// Faces returns every face that may be used, in a fixed order.
func (fs *FontSet) Faces() []*Face { return append([]*Face(nil), fs.all...) }

// Companions returns the faces that set other scripts beside a role's face
// (its family's fonts.Family.Companions), ordered by script code.
func (fs *FontSet) Companions(role Role, bold, italic bool) []*Face {
	if role < Body || role > Mono {
		role = Body
	}
	return fs.companionList(role, styleOf(bold, italic))
}

func (fs *FontSet) companionList(role Role, st fonts.Style) []*Face {
	m := fs.companions[role][st]
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

// companion is the face that sets script sc in a span of style st, or nil
// when the span's own face does (or the font set knows no other).
func (fs *FontSet) companion(st Style, sc language.Script) *Face {
	role := st.Role
	if role < Body || role > Mono {
		role = Body
	}
	return fs.companions[role][styleOf(st.Bold, st.Italic)][sc]
}

// NewFontSet loads the faces for body text, headings and code. Each argument
// is an embedded family name or a path (relative to root) to a TTF/OTF file;
// "" selects the default family for the role.
func NewFontSet(body, heading, mono string, root string) (*FontSet, error) {
	fs := &FontSet{}
	byFile := map[string]*Face{} // one *Face per file, however many roles use it
	add := func(f *Face) *Face {
		f.id = len(fs.all)
		fs.all = append(fs.all, f)
		byFile[f.File] = f
		return f
	}
	embedded := func(fam fonts.Family, st fonts.Style) (*Face, error) {
		if f := byFile[fam.Files[st]]; f != nil {
			return f, nil
		}
		f, err := loadEmbedded(fam, st)
		if err != nil {
			return nil, err
		}
		if old := byFile[f.File]; old != nil { // a missing style fell back to an existing file
			return old, nil
		}
		return add(f), nil
	}
	specs := [3]string{body, heading, mono}
	defaults := [3]string{fonts.DefaultBody, fonts.DefaultHeading, fonts.DefaultMono}
	var families [3]*fonts.Family // each role's embedded family, nil for a file
	for role, spec := range specs {
		if spec == "" {
			spec = defaults[role]
		}
		if fam, ok := fonts.Lookup(spec); ok {
			for st := fonts.Regular; st <= fonts.BoldItalic; st++ {
				f, err := embedded(fam, st)
				if err != nil {
					return nil, err
				}
				fs.roles[role][st] = f
			}
			families[role] = &fam
			continue
		}
		if !looksLikePath(spec) {
			return nil, fmt.Errorf("font %q: not an embedded family (embedded: %s) and not a .ttf/.otf path",
				spec, strings.Join(fonts.Names(), ", "))
		}
		path := spec
		if !filepath.IsAbs(path) {
			path = filepath.Join(root, path)
		}
		f := byFile[path]
		if f == nil {
			data, err := os.ReadFile(path)
			if err != nil {
				return nil, fmt.Errorf("font %s: %w (embedded families: %s)", spec, err, strings.Join(fonts.Names(), ", "))
			}
			if f, err = newFace(data, path, fonts.Regular); err != nil {
				return nil, err
			}
			add(f)
		}
		for st := fonts.Regular; st <= fonts.BoldItalic; st++ {
			fs.roles[role][st] = f
		}
	}
	// The fallback faces: every embedded family in its fixed order, so a run in
	// any role can find Arabic, Latin and code glyphs.
	for _, fam := range fonts.Families() {
		for st := fonts.Regular; st <= fonts.BoldItalic; st++ {
			if _, ok := fam.Files[st]; !ok {
				continue
			}
			if _, err := embedded(fam, st); err != nil {
				return nil, err
			}
		}
	}
	for role, fam := range families {
		if fam == nil {
			continue
		}
		for iso, name := range fam.Companions {
			cfam, ok := fonts.Lookup(name)
			sc, err := language.ParseScript(iso)
			if !ok || err != nil {
				return nil, fmt.Errorf("font %s: companion %s for %s is not an embedded family", fam.Name, name, iso)
			}
			for st := fonts.Regular; st <= fonts.BoldItalic; st++ {
				f, err := embedded(cfam, st)
				if err != nil {
					return nil, err
				}
				if fs.companions[role][st] == nil {
					fs.companions[role][st] = map[language.Script]*Face{}
				}
				fs.companions[role][st][sc] = f
			}
		}
	}
	for role := range fs.roles {
		for st := range fs.roles[role] {
			c := &chain{}
			seen := map[*Face]bool{}
			addc := func(f *Face) {
				if f != nil && !seen[f] {
					seen[f] = true
					c.faces = append(c.faces, f)
					c.names = append(c.names, f.Name)
				}
			}
			addc(fs.roles[role][st])
			for _, f := range fs.companionList(Role(role), fonts.Style(st)) {
				addc(f)
			}
			for other := range fs.roles {
				addc(fs.roles[other][st])
			}
			for _, f := range fs.all {
				addc(f)
			}
			for r := rune(0); r < lowRunes; r++ {
				c.first[r] = 255
				for i, f := range c.faces {
					if f.HasRune(r) && i < 255 {
						c.first[r] = uint8(i)
						break
					}
				}
			}
			fs.chains[role][st] = c
		}
	}
	return fs, nil
}

func looksLikePath(s string) bool {
	ext := strings.ToLower(filepath.Ext(s))
	return ext == ".ttf" || ext == ".otf" || strings.ContainsAny(s, `/\`)
}

func loadEmbedded(fam fonts.Family, st fonts.Style) (*Face, error) {
	data, file, _ := fam.Face(st)
	f, err := newFace(data, file, st)
	if err != nil {
		return nil, err
	}
	f.Family = fam.Name
	return f, nil
}

func newFace(data []byte, file string, st fonts.Style) (*Face, error) {
	gf, err := font.ParseTTF(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("font %s: not a usable TrueType/OpenType font: %w", file, err)
	}
	listRangeCoverages(gf.Font)
	upem := int(gf.Upem())
	if upem == 0 {
		return nil, fmt.Errorf("font %s: unitsPerEm is 0", file)
	}
	f := &Face{
		Style:      st,
		File:       file,
		Data:       data,
		UnitsPerEm: upem,
		face:       gf,
	}
	for r := rune(0); r < lowRunes; r++ {
		if _, ok := gf.Font.NominalGlyph(r); ok {
			f.low[r>>6] |= 1 << (r & 63)
		}
	}
	desc := gf.Describe()
	f.Family = desc.Family
	f.Name = strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	if ext, ok := gf.FontHExtents(); ok {
		f.Ascent = float64(ext.Ascender) / float64(upem)
		f.Descent = float64(ext.Descender) / float64(upem)
	}
	return f, nil
}
