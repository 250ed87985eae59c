package text

// Engine lays out paragraphs with a FontSet. It is safe for concurrent use.
type Engine struct {
	fs *FontSet
}

// NewEngine returns an engine drawing with fs.
func NewEngine(fs *FontSet) *Engine {
	return &Engine{fs: fs}
}

// FontSet returns the engine's fonts.
func (e *Engine) FontSet() *FontSet { return e.fs }

// Layout shapes p and breaks it into lines of at most width pt.
func (e *Engine) Layout(p Paragraph, width float64) Block {
	return Block{}
}

// ReadingOrder returns the line's glyphs in reading (logical) order: by
// Cluster, bases before their marks.
func (l Line) ReadingOrder() []PlacedGlyph {
	var out []PlacedGlyph
	for i := range l.Runs {
		r := &l.Runs[i]
		for _, g := range r.Glyphs {
			out = append(out, PlacedGlyph{Glyph: g, Run: r})
		}
	}
	return out
}
